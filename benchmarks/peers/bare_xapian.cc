// SPDX-License-Identifier: GPL-3.0-or-later
//
// referat_bench_bare: the floor of what Xapian costs for referat's items (issue 5). A
// plain TermGenerator (Snowball Danish, STEM_SOME, positions) writes the items dump of
// `benchmarks/bench.py items` into a WritableDatabase, with the title weighted ×5 and
// also under the S prefix, as referat does; and the same QueryParser-and-Enquire loop
// answers the query benchmark. No analysis beyond Snowball, no field copies of the
// parts, no stored JSON: what referat adds shows up as the difference.
//
//   referat_bench_bare index [--resume] DB ITEMS.jsonl
//   referat_bench_bare query --db DB --queries FILE [--json OUT] [--counts OUT]
#include <xapian.h>

#include <chrono>
#include <iostream>
#include <string_view>

#include "items_jsonl.h"
#include "query_runner.h"

namespace {

using referat::bench::BenchItem;
using referat::bench::BenchQuery;

constexpr Xapian::valueno kDateSlot = 0;  // "YYYY-MM-DD": sorts and ranges as a string
constexpr unsigned kTitleWeight = 5;      // as referat weights the title
constexpr std::size_t kSnippetBytes = 240;  // referat's default snippet length

const char* kIndexConfig =
    "Xapian::TermGenerator, Stem(\"danish\"), STEM_SOME, positions; title wdf x5 unprefixed + "
    "S prefix; text unprefixed after a position gap; Q unique id; value 0 = date; data = "
    "id, date, title and text (for snippets); replace_document per item, one commit at the "
    "end (XAPIAN_FLUSH_THRESHOLD as set, default 10000)";

// Document data: "id\tdate\ttitle\n" then the text; the text is what MSet::snippet needs.
std::string document_data(const BenchItem& item) {
  return item.id + '\t' + item.date + '\t' + item.title + '\n' + item.text;
}

// With --resume, a run that was stopped goes on: Xapian committed every
// XAPIAN_FLUSH_THRESHOLD documents, in the dump's order, so the database's first
// get_doccount() items are indexed and the rest are added to it (the ones after the last
// commit are indexed again). Without, the database is made anew.
int index_main(int argc, char** argv) {
  const bool resume = argc > 0 && std::string_view(argv[0]) == "--resume";
  if (resume) {
    --argc;
    ++argv;
  }
  if (argc != 2) throw std::runtime_error("usage: referat_bench_bare index [--resume] DB ITEMS.jsonl");
  const auto t0 = std::chrono::steady_clock::now();
  Xapian::WritableDatabase db(argv[0], resume ? Xapian::DB_CREATE_OR_OPEN : Xapian::DB_CREATE_OR_OVERWRITE);
  const Xapian::doccount done = db.get_doccount();
  Xapian::TermGenerator gen;
  gen.set_stemmer(Xapian::Stem("danish"));
  gen.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  const auto read = referat::bench::for_each_item(argv[1], [&](const BenchItem& item) {
    Xapian::Document doc;
    gen.set_document(doc);
    gen.index_text(item.title, kTitleWeight);
    gen.index_text(item.title, 1, "S");
    gen.increase_termpos();  // no phrase across title and text
    gen.index_text(item.text);
    const std::string idterm = "Q" + item.id;
    doc.add_boolean_term(idterm);
    doc.add_value(kDateSlot, item.date);
    doc.set_data(document_data(item));
    db.replace_document(idterm, doc);
  }, done);
  db.commit();
  db.close();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  referat::bench::print_index_summary("bare", kIndexConfig, read, wall);
  return 0;
}

class BareEngine : public referat::bench::QueryEngine {
 public:
  explicit BareEngine(const std::filesystem::path& db) : db_(db.string()), stem_("danish") {
    parser_.set_database(db_);
    parser_.set_stemmer(stem_);
    parser_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser_.set_default_op(Xapian::Query::OP_AND);
    parser_.add_prefix("title", "S");
  }

  bool supports(const BenchQuery& q) const override { return q.kind != "facets"; }

  std::size_t run(const BenchQuery& q, bool snippets) override {
    Xapian::Enquire enquire = enquire_for(q);
    const Xapian::MSet mset = enquire.get_mset(0, 10);
    std::size_t hits = 0;
    for (auto it = mset.begin(); it != mset.end(); ++it, ++hits) {
      const std::string data = it.get_document().get_data();  // id, date, title: a results page
      if (snippets) {
        const std::size_t newline = data.find('\n');
        sink_ += mset.snippet(newline == std::string::npos ? "" : data.substr(newline + 1),
                              kSnippetBytes, stem_)
                     .size();
      }
    }
    return hits;
  }

  std::size_t count(const BenchQuery& q) override {
    Xapian::Enquire enquire = enquire_for(q);
    return enquire.get_mset(0, 0, db_.get_doccount()).get_matches_estimated();
  }

  std::string config() const override {
    return "Xapian::QueryParser, Stem(\"danish\"), STEM_SOME, default op AND, title: -> S, "
           "default flags; Enquire BM25 (default), limit 10, each hit's data read; snippets "
           "MSet::snippet 240 bytes; date filter OP_VALUE_RANGE on value 0; date sort "
           "set_sort_by_value_then_relevance";
  }

 private:
  Xapian::Enquire enquire_for(const BenchQuery& q) {
    Xapian::Query query = parser_.parse_query(q.xapian);
    if (!q.date_from.empty())
      query = Xapian::Query(Xapian::Query::OP_FILTER, query,
                            Xapian::Query(Xapian::Query::OP_VALUE_RANGE, kDateSlot, q.date_from,
                                          q.date_to));
    Xapian::Enquire enquire(db_);
    enquire.set_query(query);
    if (q.by_date) enquire.set_sort_by_value_then_relevance(kDateSlot, true);
    return enquire;
  }

  Xapian::Database db_;
  Xapian::Stem stem_;
  Xapian::QueryParser parser_;
  std::size_t sink_ = 0;  // keeps the snippets from being optimised away
};

std::unique_ptr<referat::bench::QueryEngine> open_bare(const std::filesystem::path& db) {
  return std::make_unique<BareEngine>(db);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::string_view command = argc > 1 ? argv[1] : "";
    if (command == "index") return index_main(argc - 2, argv + 2);
    if (command == "query")
      return referat::bench::query_main("referat_bench_bare", argc - 2, argv + 2, open_bare);
    std::cerr << "usage: referat_bench_bare index [--resume] DB ITEMS.jsonl\n"
                 "       referat_bench_bare query --db DB --queries FILE [--json OUT] "
                 "[--counts OUT]\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "referat_bench_bare: " << e.what() << "\n";
    return 2;
  } catch (const Xapian::Error& e) {
    std::cerr << "referat_bench_bare: " << e.get_description() << "\n";
    return 2;
  }
}
