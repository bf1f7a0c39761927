// SPDX-License-Identifier: GPL-3.0-or-later
//
// referat_relevance: measures referat's ranking against judged queries and against a
// plain-Snowball Xapian baseline over the same items, so that a change to analysis or
// ranking shows up as a number rather than an impression. See tests/relevance/README.md.
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "referat/referat.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::size_t kDepth = 10;  // nDCG@10, MRR over the top 10

// Thrown for anything that ends the run; main turns it into the exit code.
struct Failure {
  int exit_code;
  std::string message;
};

struct Options {
  fs::path queries, thresholds, skip_unless_exists;
  std::string set;
  std::vector<fs::path> docs;
  bool verbose = false;
};

struct Query {
  std::string id, feature, text;
  std::map<std::string, int> judgments;  // item id → grade 0–3
};

struct Scores {
  double ndcg = 0, rr = 0;
};

const char* kUsage =
    "usage: referat_relevance --queries FILE --set samples|shared --docs PATH... "
    "[--thresholds FILE] [--verbose] [--skip-unless-exists PATH]\n";

Options parse_options(int argc, char** argv) {
  Options o;
  std::map<std::string, fs::path*> paths{{"--queries", &o.queries},
                                         {"--thresholds", &o.thresholds},
                                         {"--skip-unless-exists", &o.skip_unless_exists}};
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    bool has_value = i + 1 < argc && std::string(argv[i + 1]).rfind("--", 0) != 0;
    if (arg == "--verbose") {
      o.verbose = true;
    } else if (arg == "--docs") {
      while (i + 1 < argc && std::string(argv[i + 1]).rfind("--", 0) != 0)
        o.docs.push_back(argv[++i]);
    } else if ((paths.count(arg) || arg == "--set") && !has_value) {
      throw Failure{2, arg + " needs a value\n" + kUsage};
    } else if (paths.count(arg)) {
      *paths[arg] = argv[++i];
    } else if (arg == "--set") {
      o.set = argv[++i];
    } else {
      throw Failure{2, "unknown option " + arg + "\n" + kUsage};
    }
  }
  if (o.queries.empty() || o.docs.empty() || (o.set != "samples" && o.set != "shared"))
    throw Failure{
        2, std::string("--queries, --set samples|shared and --docs are required\n") + kUsage};
  return o;
}

json read_json(const fs::path& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Failure{2, "cannot read " + what + " " + path.string()};
  try {
    return json::parse(in);
  } catch (const json::exception& e) {
    throw Failure{2, what + " " + path.string() + " is not valid JSON: " + e.what()};
  }
}

// The queries of one set. Malformed entries are errors, not skipped, so that a typo in
// the judgments file cannot quietly drop a query from the averages.
std::vector<Query> load_queries(const fs::path& path, const std::string& set) {
  json all = read_json(path, "queries file");
  if (!all.is_array()) throw Failure{2, path.string() + ": expected a JSON array of queries"};
  std::vector<Query> out;
  std::set<std::string> seen;
  for (std::size_t n = 0; n < all.size(); ++n) {
    const json& q = all[n];
    std::string where = path.string() + ": query #" + std::to_string(n + 1);
    if (!q.is_object() || !q.contains("id") || !q["id"].is_string())
      throw Failure{2, where + " has no string \"id\""};
    where = path.string() + ": query " + q["id"].get<std::string>();
    if (!seen.insert(q["id"].get<std::string>()).second)
      throw Failure{2, where + " is a duplicate id"};
    for (const char* key : {"set", "query"})
      if (!q.contains(key) || !q[key].is_string())
        throw Failure{2, where + " has no string \"" + key + "\""};
    if (q["set"] != "samples" && q["set"] != "shared")
      throw Failure{2, where + ": \"set\" must be \"samples\" or \"shared\""};
    if (!q.contains("judgments") || !q["judgments"].is_object() || q["judgments"].empty())
      throw Failure{2, where + " has no \"judgments\" object"};
    Query query{q["id"], q.value("feature", "-"), q["query"], {}};
    for (const auto& [item, grade] : q["judgments"].items()) {
      if (!grade.is_number_integer() || grade.get<int>() < 0 || grade.get<int>() > 3)
        throw Failure{2, where + ": grade of " + item + " must be an integer 0–3"};
      query.judgments[item] = grade.get<int>();
    }
    if (q["set"] == set) out.push_back(std::move(query));
  }
  if (out.empty()) throw Failure{2, path.string() + ": no queries of set " + set};
  return out;
}

// The set's thresholds by metric ("ndcg", "mrr"); none when the file or the set is not
// given. Checked before any indexing so that a bad file fails fast.
std::map<std::string, double> load_thresholds(const fs::path& path, const std::string& set) {
  std::map<std::string, double> out;
  if (path.empty()) return out;
  json all = read_json(path, "thresholds file");
  if (!all.is_object()) throw Failure{2, path.string() + ": expected a JSON object"};
  if (!all.contains(set)) return out;
  if (!all[set].is_object()) throw Failure{2, path.string() + ": " + set + " is not an object"};
  for (const auto& [metric, value] : all[set].items()) {
    if ((metric != "ndcg" && metric != "mrr") || !value.is_number())
      throw Failure{2, path.string() + ": " + set + "." + metric +
                           ": expected \"ndcg\" or \"mrr\" with a number"};
    out[metric] = value.get<double>();
  }
  return out;
}

// Same walk as index_paths: directories recursively in sorted order, supported files only.
std::vector<fs::path> document_files(const std::vector<fs::path>& paths) {
  std::vector<fs::path> files;
  for (const fs::path& p : paths) {
    if (!fs::exists(p)) throw Failure{2, "no such document path " + p.string()};
    if (!fs::is_directory(p)) {
      files.push_back(p);
      continue;
    }
    std::vector<fs::path> found;
    for (const auto& entry : fs::recursive_directory_iterator(p))
      if (entry.is_regular_file() && referat::is_supported_file(entry.path()))
        found.push_back(entry.path());
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

// The baseline: what a plain Xapian setup with Snowball Danish would give for the
// same items — no compounds, fields, boosts or case-number handling.
class Baseline {
 public:
  Baseline(const fs::path& dir, const std::vector<referat::Meeting>& meetings)
      : db_(dir.string(), Xapian::DB_CREATE_OR_OVERWRITE), stem_("danish") {
    Xapian::TermGenerator generator;
    generator.set_stemmer(stem_);  // STEM_SOME is the default strategy; positions are on
    for (const referat::Meeting& meeting : meetings) {
      std::vector<std::string> ids = referat::item_ids(meeting);
      for (std::size_t i = 0; i < meeting.items.size(); ++i) {
        Xapian::Document doc;
        generator.set_document(doc);
        generator.index_text(meeting.items[i].title);
        for (const referat::Part& part : meeting.items[i].parts) {
          generator.increase_termpos();  // no phrase matches across part boundaries
          generator.index_text(part.text);
        }
        doc.add_boolean_term("Q" + ids[i]);
        doc.set_data(ids[i]);
        db_.replace_document("Q" + ids[i], doc);
      }
    }
    db_.commit();
  }

  std::vector<std::string> search(const std::string& text) {
    Xapian::QueryParser parser;
    parser.set_stemmer(stem_);
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser.set_default_op(Xapian::Query::OP_AND);
    parser.set_database(db_);
    Xapian::Query query = parser.parse_query(
        text, Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_PHRASE |
                  Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_BOOLEAN);
    Xapian::Enquire enquire(db_);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BM25Weight());
    std::vector<std::string> ids;
    Xapian::MSet mset = enquire.get_mset(0, kDepth);
    for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it)
      ids.push_back(it.get_document().get_data());
    return ids;
  }

 private:
  Xapian::WritableDatabase db_;
  Xapian::Stem stem_;
};

Scores score(const Query& query, const std::vector<std::string>& ranked) {
  auto gain = [](int grade) { return std::pow(2.0, grade) - 1; };
  Scores s;
  double dcg = 0;
  for (std::size_t r = 0; r < ranked.size() && r < kDepth; ++r) {
    auto it = query.judgments.find(ranked[r]);
    int grade = it == query.judgments.end() ? 0 : it->second;
    dcg += gain(grade) / std::log2(r + 2.0);
    if (grade >= 2 && s.rr == 0) s.rr = 1.0 / (r + 1);
  }
  std::vector<int> grades;
  for (const auto& [id, grade] : query.judgments) grades.push_back(grade);
  std::sort(grades.rbegin(), grades.rend());
  double ideal = 0;
  for (std::size_t r = 0; r < grades.size() && r < kDepth; ++r)
    ideal += gain(grades[r]) / std::log2(r + 2.0);
  s.ndcg = dcg / ideal;  // ideal > 0: checked when the queries are validated
  return s;
}

// Display width: code points, less combining marks (U+0300–U+036F: lead bytes 0xCC, 0xCD,
// as in a decomposed "Å") and soft hyphens, so that queries written that way line up.
std::size_t width(const std::string& s) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    bool soft_hyphen =
        c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xAD;
    if ((c & 0xC0) != 0x80 && c != 0xCC && c != 0xCD && !soft_hyphen) ++w;
  }
  return w;
}

std::string pad(const std::string& s, std::size_t w) {
  return s + std::string(w > width(s) ? w - width(s) : 0, ' ');
}

const char* kScoreHeader = "  nDCG ref  nDCG base  RR ref  RR base";

std::string numbers(const Scores& ours, const Scores& theirs) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "  %8.3f  %9.3f  %6.3f  %7.3f", ours.ndcg, theirs.ndcg, ours.rr,
                theirs.rr);
  return buf;
}

// Running means of both engines' scores over a group of queries.
struct Means {
  Scores ours, theirs;
  std::size_t n = 0;
  void add(const Scores& a, const Scores& b) {
    ++n;
    ours.ndcg += (a.ndcg - ours.ndcg) / n;
    ours.rr += (a.rr - ours.rr) / n;
    theirs.ndcg += (b.ndcg - theirs.ndcg) / n;
    theirs.rr += (b.rr - theirs.rr) / n;
  }
};

// Removes the scratch indexes however the run ends.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "referat-relevance-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw Failure{2, "cannot create a temporary directory"};
    path = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

int run(const Options& options) {
  if (!options.skip_unless_exists.empty() && !fs::exists(options.skip_unless_exists)) {
    std::cout << "skipped: no shared corpus at " << options.skip_unless_exists.string() << "\n";
    return 0;
  }
  std::vector<Query> queries = load_queries(options.queries, options.set);
  std::map<std::string, double> thresholds = load_thresholds(options.thresholds, options.set);

  std::vector<referat::Meeting> meetings;
  for (const fs::path& file : document_files(options.docs))
    for (referat::Meeting& m : referat::parse_file(file)) meetings.push_back(std::move(m));
  std::set<std::string> known;
  for (const referat::Meeting& m : meetings)
    for (std::string& id : referat::item_ids(m)) known.insert(std::move(id));
  for (const Query& q : queries) {
    bool relevant = false;
    for (const auto& [id, grade] : q.judgments) {
      if (!known.count(id))
        throw Failure{2,
                      "query " + q.id + ": judged id " + id + " is not an item of the documents"};
      relevant = relevant || grade > 0;
    }
    if (!relevant)
      throw Failure{2, "query " + q.id + ": no judgment above 0, so nDCG is undefined"};
  }

  TempDir temp;
  referat::Index index(temp.path / "referat", referat::Index::Mode::read_write);
  referat::IndexSummary summary = referat::index_paths(index, options.docs);
  for (const referat::IndexFailure& f : summary.failed)
    std::cerr << "index: " << f.path << ": " << f.message << "\n";
  if (!summary.failed.empty()) throw Failure{2, "referat could not index every document"};
  Baseline baseline(temp.path / "baseline", meetings);

  struct Row {
    const Query* query;
    Scores referat, baseline;
  };
  std::vector<Row> rows;
  for (const Query& q : queries) {
    std::vector<std::string> ours, theirs;
    try {
      referat::SearchOptions search;
      search.query = q.text;
      search.limit = kDepth;
      search.snippets = false;
      search.facets = false;
      // Judgments are per version (an agenda item and its minutes are judged apart):
      // the ranking is measured before the two are folded into one result.
      search.all_versions = true;
      for (const referat::SearchHit& hit : index.search(search).hits) ours.push_back(hit.id);
    } catch (const referat::QueryError& e) {
      std::cout << "query " << q.id
                << ": referat cannot parse it (counted as no results): " << e.what() << "\n";
    }
    try {
      theirs = baseline.search(q.text);
    } catch (const Xapian::QueryParserError& e) {
      std::cout << "query " << q.id
                << ": baseline cannot parse it (counted as no results): " << e.get_msg() << "\n";
    }
    rows.push_back({&q, score(q, ours), score(q, theirs)});
  }

  std::size_t id_w = 2, feature_w = 7, query_w = 5;
  std::map<std::string, Means> by_feature;
  Means all;
  for (const Row& r : rows) {
    id_w = std::max(id_w, width(r.query->id));
    feature_w = std::max(feature_w, width(r.query->feature));
    query_w = std::max(query_w, width(r.query->text));
    by_feature[r.query->feature].add(r.referat, r.baseline);
    all.add(r.referat, r.baseline);
  }
  if (options.verbose) {
    std::cout << pad("id", id_w) << "  " << pad("feature", feature_w) << "  "
              << pad("query", query_w) << kScoreHeader << "\n";
    for (const Row& r : rows)
      std::cout << pad(r.query->id, id_w) << "  " << pad(r.query->feature, feature_w) << "  "
                << pad(r.query->text, query_w) << numbers(r.referat, r.baseline) << "\n";
    std::cout << "\n";
  }
  std::cout << pad("feature", feature_w) << "  queries" << kScoreHeader << "\n";
  for (const auto& [feature, m] : by_feature)
    std::cout << pad(feature, feature_w) << "  " << std::setw(7) << m.n << numbers(m.ours, m.theirs)
              << "\n";
  std::cout << std::fixed << std::setprecision(3) << "\n"
            << options.set << ": referat nDCG@10 " << all.ours.ndcg << " MRR " << all.ours.rr
            << " | baseline nDCG@10 " << all.theirs.ndcg << " MRR " << all.theirs.rr << " ("
            << rows.size() << " queries)" << std::endl;

  for (const auto& [metric, name, value] :
       {std::tuple{"ndcg", "nDCG@10", all.ours.ndcg}, {"mrr", "MRR", all.ours.rr}}) {
    auto limit = thresholds.find(metric);
    if (limit != thresholds.end() && value < limit->second) {
      std::cerr << std::fixed << std::setprecision(3) << options.set << ": referat " << name << " "
                << value << " is below the threshold " << limit->second << " in "
                << options.thresholds.string() << "\n";
      return 1;
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(parse_options(argc, argv));
  } catch (const Failure& f) {
    std::cerr << "referat_relevance: " << f.message << "\n";
    return f.exit_code;
  } catch (const referat::Error& e) {
    std::cerr << "referat_relevance: " << e.what() << "\n";
  } catch (const Xapian::Error& e) {
    std::cerr << "referat_relevance: Xapian: " << e.get_description() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "referat_relevance: " << e.what() << "\n";
  }
  return 2;
}
