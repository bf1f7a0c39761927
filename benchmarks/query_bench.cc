// SPDX-License-Identifier: GPL-3.0-or-later
//
// referat_bench_query: query latency of referat through the public API
// (referat::Index::search), one query at a time, in process, over the query file of
// `benchmarks/bench.py queries` (issue 5). The peers run the same file through the
// same loop: peers/bare_xapian.cc and peers/fts5.cc.
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "query_runner.h"
#include "referat/referat.h"

namespace {

using referat::bench::BenchQuery;

class ReferatEngine : public referat::bench::QueryEngine {
 public:
  ReferatEngine(const std::filesystem::path& db, bool all_versions)
      : index_(db, referat::Index::Mode::read_only), all_versions_(all_versions) {}

  bool supports(const BenchQuery&) const override { return true; }

  std::size_t run(const BenchQuery& q, bool snippets) override {
    return search(q, snippets, q.kind == "facets").hits.size();
  }

  // With facets on, `total` counts every match (without, it may be an estimate). The
  // peers index each version of an item as a document of its own: so do these counts.
  std::size_t count(const BenchQuery& q) override {
    return search(q, false, true, /*every_version=*/true).total;
  }

  std::string config() const override {
    return std::string("referat::Index::search, limit 10, expand on (default), facets off except "
                       "class facets, snippets 240 chars, ") +
           (all_versions_ ? "all versions (no agenda/minutes collapse)"
                          : "one result per item (default: agenda/minutes collapsed)");
  }

 private:
  referat::SearchResults search(const BenchQuery& q, bool snippets, bool facets,
                                bool every_version = false) const {
    referat::SearchOptions options;
    options.query = q.referat;
    options.sort = q.by_date ? referat::SortOrder::date : referat::SortOrder::relevance;
    options.limit = 10;
    options.snippets = snippets;
    options.facets = facets;
    options.all_versions = all_versions_ || every_version;
    return index_.search(options);
  }

  referat::Index index_;
  bool all_versions_;
};

bool all_versions = false;  // --all-versions: measures what the agenda/minutes collapse costs

std::unique_ptr<referat::bench::QueryEngine> open_referat(const std::filesystem::path& db) {
  return std::make_unique<ReferatEngine>(db, all_versions);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    // Our own switch is taken out before the runner reads the shared options.
    std::vector<char*> args;
    for (int i = 1; i < argc; ++i) {
      if (std::string_view(argv[i]) == "--all-versions") all_versions = true;
      else args.push_back(argv[i]);
    }
    return referat::bench::query_main("referat_bench_query", static_cast<int>(args.size()),
                                      args.data(), open_referat);
  } catch (const std::exception& e) {
    std::cerr << "referat_bench_query: " << e.what() << "\n";
    return 2;
  }
}
