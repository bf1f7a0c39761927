// SPDX-License-Identifier: GPL-3.0-or-later
//
// referat: the command-line tool. It parses options, calls the library and prints;
// nothing else. Exit codes (README.md, "Exit codes"):
//   0 ok   1 an input rejected or an id unknown (the rest done)   2 usage
//   3 bad query   4 index error (missing, locked, wrong schema, damaged)
#include <unistd.h>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <chrono>
#include <iostream>
#include <iterator>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "output.h"
#include "referat/referat.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

enum Exit { kOk = 0, kInput = 1, kUsage = 2, kQuery = 3, kIndex = 4 };

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

bool g_json_errors = false;

std::string json_line(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Errors and warnings go to stderr: "referat: ..." lines, or with a JSON output
// format one JSON object per line ({"error","exit_code"} / {"warning","source"}).
// A message on one line: control characters (a newline in a file name) escaped as in C.
std::string one_line(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c == '\t') out += "\\t";
    else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else out += static_cast<char>(c);
  }
  return out;
}

void error_line(const std::string& message, int code) {
  if (g_json_errors)
    std::cerr << json_line({{"error", message}, {"exit_code", code}}) << "\n";
  else
    std::cerr << "referat: " << one_line(message) << "\n";
}

void warning_line(const std::string& source, const std::string& message) {
  if (g_json_errors)
    std::cerr << json_line({{"warning", message}, {"source", source}}) << "\n";
  else
    std::cerr << "referat: " << one_line(source) << ": warning: " << one_line(message) << "\n";
}

const char* kMainHelp = R"(usage: referat [--db PATH] <command> [options] [args]

Full-text search for Danish council records (dagsordener and referater).

commands:
  index FILE|DIR...     parse and index documents (directories recursively)
  search QUERY          search the index
  case CASE-NUMBER      a case's items across meetings, oldest first
  show ID...            print stored agenda items
  stats                 counts per body, year and type
  remove ID|FILE...     remove a meeting (by meeting id) or a source file's items
  check                 read the whole index and report damage (exit 4 when damaged)
  compact               rewrite the index as one compact database (after bulk indexing)
  parse FILE...         segment documents and print them (no index needed; - is stdin)
  help COMMAND          a command's options and examples (as COMMAND --help)

global options:
  --db PATH             the index (default: $REFERAT_DB, else indexes/default)
  -h, --help            help; `referat <command> --help` for a command
  --version             print the version

exit codes: 0 ok, 1 an input rejected or id unknown, 2 usage, 3 bad query, 4 index error

examples:
  referat index samples
  referat search 'velfærdsteknologi'
  referat search 'sag:22/00954 dato:2024' --sort date --format json
  referat show havnekoebing-byraad/2024-10-31/referat/3
)";

fs::path default_db(const po::variables_map& vm) {
  if (vm.count("db")) return vm["db"].as<std::string>();
  if (const char* env = std::getenv("REFERAT_DB"); env && *env) return env;
  return fs::path("indexes") / "default";
}

std::string check_format(const std::string& format, std::initializer_list<const char*> allowed) {
  for (const char* a : allowed)
    if (format == a) return format;
  std::string list;
  for (const char* a : allowed) list += std::string(list.empty() ? "" : ", ") + a;
  throw UsageError("unknown --format '" + format + "' (use " + list + ")");
}

// Parses a command's options; returns false when --help was printed. `positional`
// holds the options that take the positional arguments (not shown by --help).
bool parse_options(const std::vector<std::string>& args, po::options_description& opts,
                   po::positional_options_description& pos, po::variables_map& vm, const char* usage,
                   const char* examples, const po::options_description& positional = po::options_description()) {
  opts.add_options()("help,h", "this help");
  po::options_description all;
  all.add(opts).add(positional);
  po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
  if (vm.count("help")) {
    std::cout << usage << "\n" << opts << "\nexamples:\n" << examples;
    return false;
  }
  po::notify(vm);
  return true;
}

int cmd_parse(const std::vector<std::string>& args) {
  po::options_description opts("parse options");
  opts.add_options()("format", po::value<std::string>()->default_value("text"), "text or json")(
      "source", po::value<std::string>(), "source name for standard input (-; default: -)");
  po::options_description positional;
  positional.add_options()("file", po::value<std::vector<std::string>>(), "files");
  po::positional_options_description pos;
  pos.add("file", -1);
  po::variables_map vm;
  if (!parse_options(args, opts, pos, vm, "usage: referat parse [--format text|json] [--source NAME] FILE...|-",
                     "  referat parse --format json samples/havnekoebing-byraad-2024-10-31-referat.md\n"
                     "  cat meeting.txt | referat parse --format json --source https://example.dk/m.txt -\n",
                     positional))
    return kOk;
  std::string format = check_format(vm["format"].as<std::string>(), {"text", "json"});
  g_json_errors = format == "json";
  if (!vm.count("file")) throw UsageError("parse: no FILE given (use - for standard input)");
  const auto& files = vm["file"].as<std::vector<std::string>>();
  const auto stdin_count = std::count(files.begin(), files.end(), "-");
  if (stdin_count > 1) throw UsageError("parse: - (standard input) given more than once");
  if (vm.count("source") && stdin_count == 0)
    throw UsageError("parse: --source names standard input; give - among the files");
  int status = kOk;
  std::vector<referat::Meeting> all;
  for (const auto& file : files) {
    try {
      std::vector<referat::Meeting> meetings;
      if (file == "-") {
        const std::string source = vm.count("source") ? vm["source"].as<std::string>() : "-";
        meetings = referat::parse_text(referat::read_document(std::cin, source), source);
      } else {
        meetings = referat::parse_file(file);
      }
      for (const auto& m : meetings)
        for (const auto& w : m.warnings) warning_line(m.source, w);
      all.insert(all.end(), meetings.begin(), meetings.end());
    } catch (const referat::ParseError& e) {
      error_line(e.what(), kInput);
      status = kInput;
    }
  }
  if (format == "json") std::cout << referat::to_json(all, 1) << "\n";
  else referat::cli::print_meetings_text(std::cout, all);
  return status;
}

int cmd_index(const std::vector<std::string>& args, const fs::path& db) {
  po::options_description opts("index options");
  opts.add_options()("quiet,q", "no progress display")(
      "jobs,j", po::value<long long>()->default_value(0),
      "threads parsing and analysing files (0: one per core)")(
      "shards", po::value<long long>()->default_value(0),
      "databases a new index is written as, in parallel (0: one per core, at most 8; "
      "an existing index keeps its own)")(
      "wait", po::value<double>()->default_value(0), "wait up to SECONDS for another writer's lock")(
      "commit-every", po::value<long long>()->default_value(1000),
      "commit after this many items (0: only at the end)")(
      "format", po::value<std::string>()->default_value("text"), "summary as text or json")(
      "prune", "also remove the items of files under FILE|DIR that no longer exist")(
      "force", "analyse every file again, also unchanged ones");
  po::options_description positional;
  positional.add_options()("path", po::value<std::vector<std::string>>(), "files and directories");
  po::positional_options_description pos;
  pos.add("path", -1);
  po::variables_map vm;
  if (!parse_options(args, opts, pos, vm,
                     "usage: referat index [--quiet] [--jobs N] [--shards N] [--commit-every N] [--wait SECONDS]\n"
                     "                     [--prune] [--force] [--format text|json] FILE|DIR...",
                     "  referat index samples\n  referat --db /srv/referat index --quiet --jobs 4 archive/\n"
                     "  referat index --prune archive/   # again: new and changed files only, deleted ones removed\n"
                     "a file whose size and modification time are as when it was indexed is skipped unread;\n"
                     "one whose content is the same is not analysed again (counted unchanged)\n",
                     positional))
    return kOk;
  std::string format = check_format(vm["format"].as<std::string>(), {"text", "json"});
  g_json_errors = format == "json";
  if (!vm.count("path")) throw UsageError("index: no FILE or DIR given");
  std::vector<fs::path> paths;
  for (const auto& p : vm["path"].as<std::vector<std::string>>()) paths.emplace_back(p);
  double wait = vm["wait"].as<double>();
  if (wait < 0 || wait > 86400) throw UsageError("--wait must be between 0 and 86400 seconds");
  long long jobs = vm["jobs"].as<long long>();
  if (jobs < 0 || jobs > 256) throw UsageError("--jobs must be between 0 (one per core) and 256");
  long long shards = vm["shards"].as<long long>();
  if (shards < 0 || shards > 64) throw UsageError("--shards must be between 0 (one per core) and 64");
  if (shards == 0) shards = std::clamp<long long>(std::thread::hardware_concurrency(), 1, 8);
  referat::Index index(db, referat::Index::Mode::read_write,
                       std::chrono::milliseconds(static_cast<long long>(wait * 1000)),
                       static_cast<unsigned>(shards));
  referat::IndexOptions options;
  options.jobs = static_cast<unsigned>(jobs);
  long long commit_every = vm["commit-every"].as<long long>();
  if (commit_every < 0) throw UsageError("--commit-every must not be negative");
  options.commit_every = static_cast<std::size_t>(commit_every);
  options.prune = vm.count("prune") > 0;
  options.force = vm.count("force") > 0;
  const bool show_progress = !vm.count("quiet") && isatty(STDERR_FILENO);
  if (show_progress) {
    options.progress = [last = -1.0](const referat::IndexProgress& p) mutable {
      // At most ten updates a second, and always the last one.
      if (p.seconds - last < 0.1 && p.files_done < p.files_total) return;
      last = p.seconds;
      double rate = p.seconds > 0 ? static_cast<double>(p.items) / p.seconds : 0;
      double eta = p.files_done ? p.seconds / static_cast<double>(p.files_done) *
                                      static_cast<double>(p.files_total - p.files_done)
                                : 0;
      std::fprintf(stderr, "\r\033[K[%zu/%zu files] %zu items, %.0f items/s, ETA %.0fs", p.files_done,
                   p.files_total, p.items, rate, eta);
    };
  }
  referat::IndexSummary s = referat::index_paths(index, paths, options);
  if (show_progress) std::fprintf(stderr, "\r\033[K");
  for (const auto& w : s.warnings) warning_line(w.path, w.message);
  for (const auto& f : s.failed) {
    std::string msg = f.message;
    if (!msg.starts_with(f.path)) msg = f.path + ": " + msg;
    error_line(msg, kInput);
  }
  if (format == "json") {
    std::cout << json_line({{"files", s.files},
                            {"meetings", s.meetings},
                            {"added", s.added},
                            {"replaced", s.replaced},
                            {"removed", s.removed},
                            {"skipped", s.skipped},
                            {"failed", s.failed.size()},
                            {"new", s.files_new},
                            {"changed", s.files_changed},
                            {"unchanged", s.files_unchanged},
                            {"reanalysed", s.files_reanalysed},
                            {"pruned", s.files_pruned},
                            {"pruned_items", s.items_pruned},
                            {"seconds", s.seconds}})
              << "\n";
  } else {
    std::string pruned;
    if (options.prune)
      pruned = "; " + std::to_string(s.files_pruned) + " missing files pruned (" + std::to_string(s.items_pruned) +
               " items)";
    // Shown only when some were: after an upgrade of referat.
    const std::string reanalysed =
        s.files_reanalysed ? ", " + std::to_string(s.files_reanalysed) + " re-analysed by this referat" : "";
    std::printf("%zu files (%zu new, %zu changed, %zu unchanged%s), %zu meetings: %zu items added, %zu replaced, "
                "%zu stale removed; %zu skipped, %zu failed%s; %.2f s\n",
                s.files, s.files_new, s.files_changed, s.files_unchanged, reanalysed.c_str(), s.meetings, s.added,
                s.replaced, s.removed, s.skipped, s.failed.size(), pruned.c_str(), s.seconds);
  }
  return s.failed.empty() ? kOk : kInput;
}

void print_search(const std::string& format, const referat::SearchResults& results, std::size_t offset) {
  if (format == "json") {
    std::cout << referat::to_json(results, 1) << "\n";
  } else if (format == "jsonl") {
    // One hit per line on stdout; the suggestion goes to stderr as a JSON line.
    if (results.corrected) std::cerr << json_line({{"corrected", *results.corrected}}) << "\n";
    if (results.relaxed) std::cerr << json_line({{"relaxed", true}}) << "\n";
    for (const auto& hit : results.hits) std::cout << referat::to_json(hit) << "\n";
  } else if (format == "csv") {
    if (results.corrected) std::cerr << "referat: did you mean: " << *results.corrected << "\n";
    if (results.relaxed) std::cerr << "referat: no item has all the words; showing items with some of them\n";
    referat::cli::print_results_csv(std::cout, results);
  } else {
    referat::cli::print_results_text(std::cout, results, offset);
  }
}

int cmd_search(const std::vector<std::string>& args, const fs::path& db) {
  po::options_description opts("search options");
  opts.add_options()("format", po::value<std::string>()->default_value("text"), "text, json, jsonl or csv")(
      "sort", po::value<std::string>()->default_value("relevance"), "relevance, date (newest first), oldest or case")(
      "limit,n", po::value<long long>()->default_value(10), "number of results")(
      "offset", po::value<long long>()->default_value(0), "results to skip (paging)")(
      "no-snippets", "leave out snippets and highlights")(
      "no-facets", "leave out facets (then the total may be an estimate)")(
      "no-expand", "match words by their stem only: no compound parts, aa/å variants or synonyms")(
      "all-versions", "an item's agenda and minutes as two results (default: one, the minutes shown)");
  po::options_description positional;
  positional.add_options()("query", po::value<std::vector<std::string>>(), "query words");
  po::positional_options_description pos;
  pos.add("query", -1);
  po::variables_map vm;
  if (!parse_options(args, opts, pos, vm, "usage: referat search [options] QUERY...",
                     "  referat search velfærdsteknologi\n"
                     "  referat search sikkerhed            # also finds cybersikkerhed\n"
                     "  referat search '=sikkerhed \"KL\"'    # stemmed only; exact\n"
                     "  referat search 'titel:affald dato:2023..2024-06' --sort date\n"
                     "  referat search '\"§ 17, stk. 4\" organ:\"Havnekøbing Byråd\"' --format json\n"
                     "  referat search 'sag:22/00954' --format csv --limit 100\n"
                     "  referat search -- -affald forbrænding   # a query starting with - goes after --\n"
                     "query syntax: see README.md (fields, phrases, AND/OR/NOT, dato:FROM..TO)\n",
                     positional))
    return kOk;
  std::string format = check_format(vm["format"].as<std::string>(), {"text", "json", "jsonl", "csv"});
  g_json_errors = format == "json" || format == "jsonl";
  static const std::map<std::string, referat::SortOrder> sorts = {
      {"relevance", referat::SortOrder::relevance},
      {"date", referat::SortOrder::date},
      {"newest", referat::SortOrder::date},
      {"oldest", referat::SortOrder::oldest},
      {"case", referat::SortOrder::case_number}};
  auto sort = sorts.find(vm["sort"].as<std::string>());
  if (sort == sorts.end())
    throw UsageError("unknown --sort '" + vm["sort"].as<std::string>() + "' (use relevance, date, oldest or case)");
  if (!vm.count("query")) throw UsageError("search: no QUERY given");
  std::string query;
  for (const auto& w : vm["query"].as<std::vector<std::string>>()) query += (query.empty() ? "" : " ") + w;
  referat::SearchOptions options;
  options.query = query;
  options.sort = sort->second;
  long long limit = vm["limit"].as<long long>(), offset = vm["offset"].as<long long>();
  if (limit < 0 || limit > 100000) throw UsageError("--limit must be between 0 and 100000");
  if (offset < 0) throw UsageError("--offset must not be negative");
  options.limit = static_cast<std::size_t>(limit);
  options.offset = static_cast<std::size_t>(offset);
  options.snippets = !vm.count("no-snippets");
  options.facets = !vm.count("no-facets");
  options.expand = !vm.count("no-expand");
  options.all_versions = vm.count("all-versions") > 0;
  referat::Index index(db, referat::Index::Mode::read_only);
  print_search(format, index.search(options), options.offset);
  return kOk;
}

int cmd_case(const std::vector<std::string>& args, const fs::path& db) {
  po::options_description opts("case options");
  opts.add_options()("format", po::value<std::string>()->default_value("text"), "text, json, jsonl or csv")(
      "limit,n", po::value<long long>()->default_value(10000), "number of results")(
      "offset", po::value<long long>()->default_value(0), "results to skip (paging)")(
      "all-versions", "an item's agenda and minutes as two results (default: one, the minutes shown)");
  po::options_description positional;
  positional.add_options()("case", po::value<std::vector<std::string>>(), "case number");
  po::positional_options_description pos;
  pos.add("case", -1);
  po::variables_map vm;
  if (!parse_options(args, opts, pos, vm,
                     "usage: referat case [--format text|json|jsonl|csv] [--limit N] [--offset N] CASE-NUMBER",
                     "  referat case 22/00954              # every item of the case, oldest first\n"
                     "  referat case 22/00954 --format json\n"
                     "the same as: referat search 'sag:\"CASE-NUMBER\"' --sort oldest --limit 10000 --no-facets\n",
                     positional))
    return kOk;
  std::string format = check_format(vm["format"].as<std::string>(), {"text", "json", "jsonl", "csv"});
  g_json_errors = format == "json" || format == "jsonl";
  if (!vm.count("case") || vm["case"].as<std::vector<std::string>>().size() != 1)
    throw UsageError("case: give one CASE-NUMBER");
  const std::string number = vm["case"].as<std::vector<std::string>>().front();
  if (number.empty() || number.find('"') != std::string::npos)
    throw UsageError("case: '" + number + "' is no case number");
  referat::SearchOptions options;
  options.query = "sag:\"" + number + "\"";
  options.sort = referat::SortOrder::oldest;
  long long limit = vm["limit"].as<long long>(), offset = vm["offset"].as<long long>();
  if (limit < 0 || limit > 100000) throw UsageError("--limit must be between 0 and 100000");
  if (offset < 0) throw UsageError("--offset must not be negative");
  options.limit = static_cast<std::size_t>(limit);
  options.offset = static_cast<std::size_t>(offset);
  options.all_versions = vm.count("all-versions") > 0;
  referat::Index index(db, referat::Index::Mode::read_only);
  referat::SearchResults results = index.search(options);
  if (results.total == 0) {
    error_line("case: no item with case number " + number + " in index " + db.string(), kInput);
    return kInput;
  }
  print_search(format, results, options.offset);
  return kOk;
}

int cmd_show(const std::vector<std::string>& args, const fs::path& db) {
  po::options_description opts("show options");
  opts.add_options()("format", po::value<std::string>()->default_value("text"),
                     "text, json (an array of the items found) or jsonl (one per line)");
  po::options_description positional;
  positional.add_options()("id", po::value<std::vector<std::string>>(), "item ids");
  po::positional_options_description pos;
  pos.add("id", -1);
  po::variables_map vm;
  if (!parse_options(args, opts, pos, vm, "usage: referat show [--format text|json|jsonl] ID...",
                     "  referat show havnekoebing-byraad/2024-10-31/referat/3\n"
                     "  referat show --format json havnekoebing-byraad/2022-03-24/referat/3 "
                     "havnekoebing-byraad/2022-03-24/dagsorden/3\n",
                     positional))
    return kOk;
  std::string format = check_format(vm["format"].as<std::string>(), {"text", "json", "jsonl"});
  g_json_errors = format == "json" || format == "jsonl";
  if (!vm.count("id")) throw UsageError("show: no ID given");
  referat::Index index(db, referat::Index::Mode::read_only);
  int status = kOk;
  std::vector<std::string> found;  // json: the items, printed as one array
  for (const auto& id : vm["id"].as<std::vector<std::string>>()) {
    auto item = index.get(id);
    if (!item) {
      error_line("show: no item '" + id + "' in index " + db.string(), kInput);
      status = kInput;
      continue;
    }
    if (format == "json") found.push_back(referat::to_json(*item, 1));
    else if (format == "jsonl") std::cout << referat::to_json(*item) << "\n";
    else referat::cli::print_item_text(std::cout, *item);
  }
  if (format == "json") {
    std::cout << "[";
    for (std::size_t k = 0; k < found.size(); ++k) std::cout << (k ? ",\n" : "\n") << found[k];
    std::cout << (found.empty() ? "]\n" : "\n]\n");
  }
  return status;
}

int cmd_stats(const std::vector<std::string>& args, const fs::path& db) {
  po::options_description opts("stats options");
  opts.add_options()("format", po::value<std::string>()->default_value("text"), "text or json");
  po::positional_options_description pos;
  po::variables_map vm;
  if (!parse_options(args, opts, pos, vm, "usage: referat stats [--format text|json]",
                     "  referat stats --format json\n"))
    return kOk;
  std::string format = check_format(vm["format"].as<std::string>(), {"text", "json"});
  g_json_errors = format == "json";
  referat::Index index(db, referat::Index::Mode::read_only);
  auto stats = index.stats();
  if (format == "json") std::cout << referat::to_json(stats, 1) << "\n";
  else referat::cli::print_stats_text(std::cout, stats);
  return kOk;
}

int cmd_check(const std::vector<std::string>& args, const fs::path& db) {
  po::options_description opts("check options");
  opts.add_options()("format", po::value<std::string>()->default_value("text"), "text or json");
  po::positional_options_description pos;
  po::variables_map vm;
  if (!parse_options(args, opts, pos, vm, "usage: referat check [--format text|json]",
                     "  referat --db /srv/referat check\n"))
    return kOk;
  std::string format = check_format(vm["format"].as<std::string>(), {"text", "json"});
  g_json_errors = format == "json";
  std::vector<std::string> problems = referat::check_index(db);
  if (format == "json") std::cout << json_line({{"index", db.string()}, {"sound", problems.empty()}, {"problems", problems}}) << "\n";
  if (problems.empty()) {
    if (format == "text") std::cout << "index " << db.string() << " is sound\n";
    return kOk;
  }
  for (const auto& p : problems) error_line(p, kIndex);
  error_line("index " + db.string() + " is damaged; delete it and re-index", kIndex);
  return kIndex;
}

int cmd_compact(const std::vector<std::string>& args, const fs::path& db) {
  po::options_description opts("compact options");
  opts.add_options()("wait", po::value<double>()->default_value(0), "wait up to SECONDS for another writer's lock");
  po::positional_options_description pos;
  po::variables_map vm;
  if (!parse_options(args, opts, pos, vm, "usage: referat compact [--wait SECONDS]",
                     "  referat --db /srv/referat index --jobs 2 archive/ && referat --db /srv/referat compact\n"))
    return kOk;
  double wait = vm["wait"].as<double>();
  if (wait < 0 || wait > 86400) throw UsageError("--wait must be between 0 and 86400 seconds");
  auto s = referat::compact_index(db, std::chrono::milliseconds(static_cast<long long>(wait * 1000)));
  auto mb = [](std::uintmax_t b) { return std::to_string((b + 500000) / 1000000) + " MB"; };
  std::cout << "compacted " << db.string() << ": " << s.shards_before << (s.shards_before == 1 ? " database, " : " shards, ")
            << mb(s.bytes_before) << " -> one database, " << mb(s.bytes_after) << "\n";
  return kOk;
}

int cmd_remove(const std::vector<std::string>& args, const fs::path& db) {
  po::options_description opts("remove options");
  opts.add_options()("wait", po::value<double>()->default_value(0), "wait up to SECONDS for another writer's lock");
  po::options_description positional;
  positional.add_options()("what", po::value<std::vector<std::string>>(), "meeting ids or source files");
  po::positional_options_description pos;
  pos.add("what", -1);
  po::variables_map vm;
  if (!parse_options(args, opts, pos, vm, "usage: referat remove [--wait SECONDS] MEETING-ID|FILE...",
                     "  referat remove havnekoebing-byraad/2022-03-24/dagsorden\n"
                     "  referat remove samples/havnekoebing-tmu-2024-10-02-referat.txt\n",
                     positional))
    return kOk;
  if (!vm.count("what")) throw UsageError("remove: no MEETING-ID or FILE given");
  // Removing from an index that is not there is an error, not a reason to create one.
  { referat::Index check(db, referat::Index::Mode::read_only); }
  double wait = vm["wait"].as<double>();
  if (wait < 0 || wait > 86400) throw UsageError("--wait must be between 0 and 86400 seconds");
  referat::Index index(db, referat::Index::Mode::read_write,
                       std::chrono::milliseconds(static_cast<long long>(wait * 1000)));
  int status = kOk;
  for (const auto& what : vm["what"].as<std::vector<std::string>>()) {
    std::string key = what;
    std::error_code ec;
    // Sources are stored as absolute paths; accept the path as the user writes it.
    if (what.find('/') != std::string::npos || fs::exists(what, ec)) {
      fs::path p = fs::absolute(what, ec).lexically_normal();
      std::size_t n = index.remove(p.string());
      if (n) {
        std::cout << "removed " << n << " items of " << p.string() << "\n";
        continue;
      }
    }
    std::size_t n = index.remove(key);
    if (n) {
      std::cout << "removed " << n << " items of " << key << "\n";
    } else {
      error_line("remove: no meeting or source '" + what + "' in index " + db.string(), kInput);
      status = kInput;
    }
  }
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  po::variables_map global;
  std::string command;
  std::string dash_word;  // search/case: an argument like -affald, which argv parsing takes for options
  try {
    // Global options come before the command.
    std::size_t i = 0;
    for (; i < args.size(); ++i) {
      const std::string& a = args[i];
      if (a == "--help" || a == "-h") {
        std::cout << kMainHelp;
        return kOk;
      }
      if (a == "--version") {
        std::cout << "referat " << referat::version() << "\n";
        return kOk;
      }
      if (a == "--db" && i + 1 == args.size()) {
        throw UsageError("--db needs a PATH (an index directory or a stub file)");
      } else if (a == "--db" && i + 1 < args.size()) {
        global.insert({"db", po::variable_value(args[++i], false)});
      } else if (a.starts_with("--db=")) {
        global.insert({"db", po::variable_value(a.substr(5), false)});
      } else if (a.starts_with("-")) {
        throw UsageError("unknown option '" + a + "' (see referat --help)");
      } else {
        break;
      }
    }
    if (i == args.size()) {
      std::cerr << kMainHelp;
      return kUsage;
    }
    command = args[i];
    std::vector<std::string> rest(args.begin() + static_cast<long>(i) + 1, args.end());
    // `referat help COMMAND` is `referat COMMAND --help`.
    if (command == "help") {
      if (rest.empty()) {
        std::cout << kMainHelp;
        return kOk;
      }
      command = rest.front();
      if (command == "help") {
        std::cout << kMainHelp;
        return kOk;
      }
      rest = {"--help"};
    }
    // Errors in the options themselves follow the requested format too.
    for (std::size_t k = 0; k < rest.size(); ++k) {
      std::string f = rest[k].starts_with("--format=") ? rest[k].substr(9)
                      : (rest[k] == "--format" && k + 1 < rest.size()) ? rest[k + 1]
                                                                         : "";
      if (!f.empty()) g_json_errors = (f == "json" || f == "jsonl");
    }
    // --db may also follow the command, as users tend to write it.
    for (std::size_t k = 0; k < rest.size(); ++k) {
      if (rest[k] == "--") break;  // what follows is arguments (a query word "--db" too)
      if (rest[k] == "--db" && k + 1 == rest.size()) throw UsageError("--db needs a PATH (an index directory or a stub file)");
      if (rest[k] == "--db" && k + 1 < rest.size()) {
        global.erase("db");
        global.insert({"db", po::variable_value(rest[k + 1], false)});
        rest.erase(rest.begin() + static_cast<long>(k), rest.begin() + static_cast<long>(k) + 2);
        --k;
      } else if (rest[k].starts_with("--db=")) {
        global.erase("db");
        global.insert({"db", po::variable_value(rest[k].substr(5), false)});
        rest.erase(rest.begin() + static_cast<long>(k));
        --k;
      }
    }
    if (command == "search" || command == "case") {
      for (std::size_t k = 0; k < rest.size() && rest[k] != "--"; ++k) {
        const std::string& a = rest[k];
        const bool number = a.size() > 2 && a.find_first_not_of("0123456789", 2) == std::string::npos;
        if (a.size() > 1 && a[0] == '-' && a[1] != '-' && a != "-h" && a != "-n" && !(a[1] == 'n' && number) &&
            !(k > 0 && rest[k - 1] == "-n")) {
          dash_word = a;
          break;
        }
      }
    }
    fs::path db = default_db(global);
    if (command == "parse") return cmd_parse(rest);
    if (command == "index") return cmd_index(rest, db);
    if (command == "search") return cmd_search(rest, db);
    if (command == "case") return cmd_case(rest, db);
    if (command == "show") return cmd_show(rest, db);
    if (command == "stats") return cmd_stats(rest, db);
    if (command == "remove") return cmd_remove(rest, db);
    if (command == "check") return cmd_check(rest, db);
    if (command == "compact") return cmd_compact(rest, db);
    throw UsageError("unknown command '" + command + "' (see referat --help)");
  } catch (const UsageError& e) {
    error_line(e.what(), kUsage);
    return kUsage;
  } catch (const po::error& e) {
    std::string why = e.what();  // names the option: an 8 KB "option" is cut short
    if (why.size() > 120) why = why.substr(0, 120) + "...";
    // A query word such as -affald (excluded) or -natur (read as -n atur) looks like
    // options in argv: say where the query goes.
    if (!dash_word.empty()) {
      std::string word = dash_word.size() > 60 ? dash_word.substr(0, 60) + "..." : dash_word;
      error_line(command + ": '" + word + "' is read as an option (" + why +
                     "); a query starting with '-' goes after the options and --: referat " + command +
                     " [options] -- " + word + " ...",
                 kUsage);
      return kUsage;
    }
    error_line((command.empty() ? "" : command + ": ") + why, kUsage);
    return kUsage;
  } catch (const referat::QueryError& e) {
    error_line(e.what(), kQuery);
    return kQuery;
  } catch (const referat::IndexError& e) {
    error_line(e.what(), kIndex);
    return kIndex;
  } catch (const referat::Error& e) {
    error_line(e.what(), kInput);
    return kInput;
  } catch (const std::exception& e) {
    // Not expected: the library reports its errors as referat::Error.
    error_line(std::string("internal error (please report): ") + e.what(), kInput);
    return kInput;
  }
}
