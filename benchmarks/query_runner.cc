// SPDX-License-Identifier: GPL-3.0-or-later
#include "query_runner.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string_view>

#include <nlohmann/json.hpp>

namespace referat::bench {

namespace fs = std::filesystem;

namespace {

const char* kColumns = "class\tband\treferat\txapian\tfts5\tdate_from\tdate_to\tsort";

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t tab = line.find('\t', start);
    out.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
    if (tab == std::string::npos) return out;
    start = tab + 1;
  }
}

// Nearest-rank percentile of sorted values.
double percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100 * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

struct Options {
  fs::path db, queries, json_out, counts_out;
  std::set<std::string> count_classes{"phrase"};
  bool plain_only = false;  // --plain-only: no snippet pass (for profiling the match path)
};

Options parse_options(const char* program, int argc, char** argv) {
  Options o;
  for (int i = 0; i < argc; ++i) {
    const std::string_view a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error(std::string(a) + " needs a value");
      return argv[++i];
    };
    if (a == "--db") o.db = value();
    else if (a == "--queries") o.queries = value();
    else if (a == "--json") o.json_out = value();
    else if (a == "--counts") o.counts_out = value();
    else if (a == "--plain-only") o.plain_only = true;
    else if (a == "--count-classes") {
      o.count_classes.clear();
      std::stringstream list(value());
      for (std::string c; std::getline(list, c, ',');) o.count_classes.insert(c);
    } else throw std::runtime_error(std::string("unknown argument ") + std::string(a));
  }
  if (o.db.empty() || o.queries.empty())
    throw std::runtime_error(std::string("usage: ") + program +
                             " query --db PATH --queries FILE [--json OUT] [--counts OUT] "
                             "[--count-classes C,...] [--plain-only]");
  return o;
}

// The latencies of one class in one snippet mode, in seconds.
struct Timings {
  std::vector<double> seconds;
  std::size_t hits = 0;
};

}  // namespace

std::vector<BenchQuery> load_queries(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::string line;
  if (!std::getline(in, line) || line != kColumns)
    throw std::runtime_error(file.string() + ": not a query file (header: " + kColumns + ")");
  std::vector<BenchQuery> out;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const std::vector<std::string> f = split_tabs(line);
    if (f.size() != 8) throw std::runtime_error(file.string() + ": bad line: " + line);
    out.push_back({f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7] == "date"});
  }
  return out;
}

int query_main(const char* program, int argc, char** argv, EngineOpener open) {
  const Options opt = parse_options(program, argc, argv);
  const std::vector<BenchQuery> queries = load_queries(opt.queries);
  std::unique_ptr<QueryEngine> engine = open(opt.db);

  std::vector<bool> modes{false};
  if (engine->has_snippets() && !opt.plain_only) modes.push_back(true);

  // Warm-up: every query once in every mode, so the timed pass reads a warm page cache
  // and a warm process (the same state for all engines), not the first touch of the
  // database. There is no result cache in any engine to make the second pass free.
  for (bool snippets : modes)
    for (const BenchQuery& q : queries)
      if (engine->supports(q)) engine->run(q, snippets);

  // class → mode → timings, classes in the order they first appear.
  std::vector<std::string> order;
  std::map<std::string, std::map<bool, Timings>> timings;
  for (bool snippets : modes) {
    for (const BenchQuery& q : queries) {
      if (!engine->supports(q)) continue;
      if (!timings.count(q.kind)) order.push_back(q.kind);
      const auto t0 = std::chrono::steady_clock::now();
      const std::size_t hits = engine->run(q, snippets);
      const auto t1 = std::chrono::steady_clock::now();
      Timings& t = timings[q.kind][snippets];
      t.seconds.push_back(std::chrono::duration<double>(t1 - t0).count());
      t.hits += hits;
    }
  }

  nlohmann::json classes = nlohmann::json::object();
  std::printf("%s: %s\n", program, engine->config().c_str());
  std::printf("| %-8s | %-8s | %6s | %9s | %9s | %9s | %8s |\n", "class", "snippets", "queries",
              "p50 ms", "p95 ms", "p99 ms", "q/s");
  for (const std::string& kind : order) {
    for (auto& [snippets, t] : timings[kind]) {
      std::sort(t.seconds.begin(), t.seconds.end());
      double total = 0;
      for (double s : t.seconds) total += s;
      const double n = static_cast<double>(t.seconds.size());
      const nlohmann::json row = {{"queries", t.seconds.size()},
                                  {"p50_ms", percentile(t.seconds, 50) * 1e3},
                                  {"p95_ms", percentile(t.seconds, 95) * 1e3},
                                  {"p99_ms", percentile(t.seconds, 99) * 1e3},
                                  {"mean_ms", total / n * 1e3},
                                  {"qps", n / total},
                                  {"hits_per_query", static_cast<double>(t.hits) / n}};
      classes[kind][snippets ? "snippets" : "plain"] = row;
      std::printf("| %-8s | %-8s | %7zu | %9.3f | %9.3f | %9.3f | %8.0f |\n", kind.c_str(),
                  snippets ? "yes" : "no", t.seconds.size(), row["p50_ms"].get<double>(),
                  row["p95_ms"].get<double>(), row["p99_ms"].get<double>(),
                  row["qps"].get<double>());
    }
  }

  if (!opt.counts_out.empty()) {
    std::ofstream counts(opt.counts_out);
    for (std::size_t i = 0; i < queries.size(); ++i)
      if (opt.count_classes.count(queries[i].kind) && engine->supports(queries[i]))
        counts << i << '\t' << engine->count(queries[i]) << '\n';
    if (!counts) throw std::runtime_error("cannot write " + opt.counts_out.string());
  }
  if (!opt.json_out.empty()) {
    std::ofstream out(opt.json_out);
    out << nlohmann::json{{"program", program}, {"config", engine->config()}, {"classes", classes}}
               .dump(1)
        << '\n';
    if (!out) throw std::runtime_error("cannot write " + opt.json_out.string());
  }
  return 0;
}

}  // namespace referat::bench
