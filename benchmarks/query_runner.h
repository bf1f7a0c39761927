// SPDX-License-Identifier: GPL-3.0-or-later
//
// The query benchmark's shared half: the query file, the timing loop, percentiles and
// the JSON result. Each engine (referat, bare Xapian, SQLite FTS5) supplies a
// QueryEngine and calls query_main; so the three programs time exactly the same way.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace referat::bench {

// One line of the query file written by `benchmarks/bench.py queries` (tab-separated,
// a header line first): the same query in each engine's syntax.
struct BenchQuery {
  std::string kind;     // class: one, and, or, phrase, field, date, sort, facets
  std::string band;     // frequency band of the sampled words: high, mid, low
  std::string referat;  // referat's query language, filters included ("x dato:2019..2021")
  std::string xapian;   // Xapian::QueryParser syntax (no filter: see date_from/date_to)
  std::string fts5;     // an FTS5 MATCH expression
  std::string date_from, date_to;  // "YYYY-MM-DD" inclusive bounds, or both empty
  bool by_date = false;            // newest first instead of by relevance
};

std::vector<BenchQuery> load_queries(const std::filesystem::path& file);

// One engine's side. run() is what is timed: the first page (10 hits) with each hit's
// stored title, and with snippets when asked. count() is untimed: the exact number of
// matches, for checking that engines agree.
class QueryEngine {
 public:
  virtual ~QueryEngine() = default;
  // False for a class the engine cannot run like the others (e.g. facets): skipped.
  virtual bool supports(const BenchQuery& q) const = 0;
  virtual bool has_snippets() const { return true; }
  // Returns the number of hits on the page.
  virtual std::size_t run(const BenchQuery& q, bool snippets) = 0;
  virtual std::size_t count(const BenchQuery& q) = 0;
  // The configuration, printed into the results ("QueryParser danish STEM_SOME, AND").
  virtual std::string config() const = 0;
};

// `PROGRAM query --db PATH --queries FILE [--json OUT] [--counts OUT] [--count-classes
// C,...]`: opens the engine with `open(db)`, makes one untimed warm-up pass over all
// queries, then times each query once with steady_clock (without snippets, then with);
// prints p50/p95/p99 and queries/s per class, writes them as JSON to OUT, and the exact
// match counts of the queries of the --count-classes (default: phrase) to the counts
// file, one "line-number<TAB>count" per line. argv starts after "query". Returns the
// exit code.
using EngineOpener = std::unique_ptr<QueryEngine> (*)(const std::filesystem::path& db);
int query_main(const char* program, int argc, char** argv, EngineOpener open);

}  // namespace referat::bench
