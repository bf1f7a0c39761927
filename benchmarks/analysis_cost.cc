// SPDX-License-Identifier: GPL-3.0-or-later
//
// referat_bench_analysis: what referat's Danish analysis costs at indexing time, set
// against a plain Xapian TermGenerator with Snowball Danish over the same agenda items.
// See benchmarks/README.md for how to run it and benchmarks/RESULTS.md for numbers.
//
// The per-document modes call index::make_document and the Analyzer directly (internal
// headers from lib/src), because the question is what one document costs, below the
// writer; the end-to-end mode goes through the public API like an embedder.
// It prints numbers and asserts none: timings depend on the machine.
#include <stdlib.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/analyzer.h"
#include "analysis/dictionary.h"
#include "index/document.h"
#include "referat/referat.h"

namespace fs = std::filesystem;

namespace {

constexpr double kMB = 1e6;
constexpr double kDefaultTextBytes = 20 * kMB;  // --repeat default: at least this much text
constexpr unsigned kTitleWeight = 5;            // as referat weights the title

const char* kUsage =
    "usage: referat_bench_analysis [--repeat R] [--e2e-runs N] PATH...\n"
    "  PATH       meeting documents or directories (searched recursively)\n"
    "  --repeat   passes over all items per timed mode (default: enough for 20 MB of text)\n"
    "  --e2e-runs end-to-end indexing runs into fresh databases, median reported (default 5;\n"
    "             0 skips them)\n";

struct Options {
  std::size_t repeat = 0;  // 0: from kDefaultTextBytes
  std::size_t e2e_runs = 5;
  std::vector<fs::path> paths;
};

// CPU seconds of this process and wall seconds, of one timed block.
struct Cost {
  double cpu = 0, wall = 0;
};

template <class F>
Cost measure(F&& f) {
  const std::clock_t c0 = std::clock();
  const auto w0 = std::chrono::steady_clock::now();
  f();
  const auto w1 = std::chrono::steady_clock::now();
  const std::clock_t c1 = std::clock();
  return {static_cast<double>(c1 - c0) / CLOCKS_PER_SEC,
          std::chrono::duration<double>(w1 - w0).count()};
}

// Keeps the optimiser from dropping work whose result is otherwise unused.
volatile std::size_t g_sink = 0;

std::size_t parse_count(int argc, char** argv, int& i, std::size_t min) {
  if (i + 1 >= argc) throw std::runtime_error(std::string(argv[i]) + " needs a number");
  const std::string value = argv[++i];
  // Digits only: std::stoul would take "-1" as a huge number.
  if (value.empty() || value.find_first_not_of("0123456789") != std::string::npos ||
      value.size() > 9 || std::stoul(value) < min)
    throw std::runtime_error(std::string(argv[i - 1]) + ": not a number >= " + std::to_string(min));
  return std::stoul(value);
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--repeat") o.repeat = parse_count(argc, argv, i, 1);
    else if (a == "--e2e-runs") o.e2e_runs = parse_count(argc, argv, i, 0);
    else if (a == "-h" || a == "--help") {
      std::cout << kUsage;
      std::exit(0);
    } else if (a.starts_with("-")) throw std::runtime_error("unknown option " + std::string(a));
    else o.paths.emplace_back(a);
  }
  if (o.paths.empty()) throw std::runtime_error("no paths given");
  return o;
}

// The supported files under `paths`, directories in sorted order (as index_paths walks).
std::vector<fs::path> find_files(const std::vector<fs::path>& paths, std::size_t& unsupported) {
  std::vector<fs::path> files;
  for (const fs::path& p : paths) {
    std::vector<fs::path> found;
    if (fs::is_directory(p)) {
      for (const auto& entry : fs::recursive_directory_iterator(p))
        if (entry.is_regular_file()) found.push_back(entry.path());
      std::sort(found.begin(), found.end());
    } else {
      found.push_back(p);
    }
    for (fs::path& f : found) {
      if (referat::is_supported_file(f)) files.push_back(std::move(f));
      else ++unsupported;
    }
  }
  return files;
}

// One agenda item of the input, with the id referat gives it.
struct ItemRef {
  const referat::Meeting* meeting;
  std::size_t index;
  std::string id;
  const referat::Item& item() const { return meeting->items[index]; }
};

// The texts make_document passes through the analyzer for one item, beyond the title
// and the part texts that both modes index.
std::vector<std::string_view> extra_texts(const ItemRef& r) {
  std::vector<std::string_view> out;
  for (const auto& part : r.item().parts)
    if (!part.heading.empty()) out.push_back(part.heading);
  for (const auto& a : r.item().attachments) out.push_back(a);
  for (const auto& h : r.item().handlers) out.push_back(h);
  if (r.item().section) out.push_back(*r.item().section);
  for (const auto& p : r.meeting->participants) out.push_back(p.name);
  for (const auto& p : r.meeting->absent) out.push_back(p.name);
  return out;
}

// The plain document: Snowball Danish, STEM_SOME, positions; title weighted ×5,
// a position gap between parts so that phrases do not run across them.
Xapian::Document plain_document(Xapian::TermGenerator& gen, const referat::Item& item) {
  Xapian::Document doc;
  gen.set_document(doc);
  gen.index_text(item.title, kTitleWeight);
  for (const auto& part : item.parts) {
    gen.increase_termpos();
    gen.index_text(part.text);
  }
  return doc;
}

// referat's analysis of just what plain_document indexes, in one unprefixed field: no
// field copies, headings, people, boolean terms, values or stored data. Set beside (b),
// it separates the analysis itself from the rest of make_document.
Xapian::Document analysed_document(referat::analysis::Analyzer& an, const referat::Item& item) {
  const referat::analysis::TextField title[] = {{"", kTitleWeight}};
  const referat::analysis::TextField text[] = {{"", 1}};
  Xapian::Document doc;
  Xapian::termpos pos = 0;
  an.index_text(doc, item.title, title, pos);
  for (const auto& part : item.parts) an.index_text(doc, part.text, text, pos);
  return doc;
}

Xapian::TermGenerator plain_generator() {
  Xapian::TermGenerator gen;
  gen.set_stemmer(Xapian::Stem("danish"));
  gen.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  return gen;
}

// Terms and positional postings per document, averaged.
struct DocShape {
  double terms = 0, positions = 0, data_bytes = 0;
};

void add_shape(DocShape& s, const Xapian::Document& doc) {
  s.terms += doc.termlist_count();
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
    s.positions += t.positionlist_count();
  s.data_bytes += doc.get_data().size();
}

std::uintmax_t dir_bytes(const fs::path& dir) {
  std::uintmax_t n = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir))
    if (entry.is_regular_file()) n += entry.file_size();
  return n;
}

fs::path make_temp_dir(const char* name) {
  std::string pattern = (fs::temp_directory_path() / (std::string(name) + "-XXXXXX")).string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create a temporary directory");
  return pattern;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

struct Row {
  std::string mode;
  std::size_t items;
  double mb;
  Cost cost;
};

void print_table(const std::vector<Row>& rows, double plain_cpu) {
  // "µs/item" is one byte wider than it looks: printf pads bytes.
  std::printf("\n| %-38s | %8s | %7s | %7s | %7s | %9s | %6s | %8s |\n", "mode", "items", "MB",
              "CPU s", "wall s", "µs/item", "MB/s", "vs plain");
  std::printf("|%s|%s|%s|%s|%s|%s|%s|%s|\n", std::string(40, '-').c_str(),
              std::string(10, '-').c_str(), std::string(9, '-').c_str(),
              std::string(9, '-').c_str(), std::string(9, '-').c_str(),
              std::string(10, '-').c_str(), std::string(8, '-').c_str(),
              std::string(10, '-').c_str());
  for (const Row& r : rows)
    std::printf("| %-38s | %8zu | %7.1f | %7.2f | %7.2f | %8.1f | %6.1f | %7.2fx |\n",
                r.mode.c_str(), r.items, r.mb, r.cost.cpu, r.cost.wall,
                r.cost.cpu * 1e6 / static_cast<double>(r.items), r.mb / r.cost.cpu,
                r.cost.cpu / plain_cpu);
}

int run(const Options& opt) {
  namespace analysis = referat::analysis;

  // The word list's first use, measured before anything else touches it: about 0 for the
  // list linked into the library, a file read (~90 ms) with $REFERAT_WORDLIST.
  const Cost load = measure([] { g_sink = g_sink + analysis::Dictionary::danish().size(); });
  const analysis::Dictionary& dict = analysis::Dictionary::danish();
  std::printf("word list: %s, %zu words; first use %.1f ms CPU, %.1f ms wall (once per "
              "process; not in the timings below)\n",
              dict.path().c_str(), dict.size(), load.cpu * 1e3, load.wall * 1e3);

  // Input.
  std::size_t unsupported = 0, failed = 0;
  const std::vector<fs::path> files = find_files(opt.paths, unsupported);
  std::vector<referat::Meeting> meetings;
  for (const fs::path& f : files) {
    try {
      for (auto& m : referat::parse_file(f)) meetings.push_back(std::move(m));
    } catch (const referat::ParseError& e) {
      std::printf("skipped: %s\n", e.what());
      ++failed;
    }
  }
  std::vector<ItemRef> items;
  for (const auto& m : meetings) {
    const std::vector<std::string> ids = referat::item_ids(m);
    for (std::size_t i = 0; i < m.items.size(); ++i) items.push_back({&m, i, ids[i]});
  }
  if (items.empty()) throw std::runtime_error("no agenda items in the given paths");
  std::size_t text_bytes = 0, extra_bytes = 0;
  for (const ItemRef& r : items) {
    text_bytes += r.item().title.size();
    for (const auto& part : r.item().parts) text_bytes += part.text.size();
    for (std::string_view t : extra_texts(r)) extra_bytes += t.size();
  }
  const std::size_t repeat =
      opt.repeat ? opt.repeat
                 : static_cast<std::size_t>(kDefaultTextBytes / static_cast<double>(text_bytes)) + 1;
  const std::size_t n_items = items.size() * repeat;
  const double mb = static_cast<double>(text_bytes) * static_cast<double>(repeat) / kMB;
  std::printf("input: %zu files (%zu unsupported skipped, %zu failed), %zu meetings, %zu items, "
              "%zu bytes of item text (titles + part texts)\n",
              files.size(), unsupported, failed, meetings.size(), items.size(), text_bytes);
  std::printf("referat also analyses %zu bytes per pass that plain does not (part headings, "
              "attachment titles, case handlers, sections, participant names: +%.0f%%)\n",
              extra_bytes, 100.0 * static_cast<double>(extra_bytes) / static_cast<double>(text_bytes));
  std::printf("repeat: %zu passes over all items = %zu item documents, %.1f MB of item text per "
              "mode\n",
              repeat, n_items, mb);

  std::vector<Row> rows;

  // (a) plain TermGenerator. Each mode first makes one untimed pass (allocator, caches).
  {
    Xapian::TermGenerator gen = plain_generator();
    auto pass = [&] {
      for (const ItemRef& r : items) g_sink = g_sink + plain_document(gen, r.item()).termlist_count();
    };
    pass();
    rows.push_back({"(a) plain TermGenerator", n_items, mb, measure([&] {
                      for (std::size_t k = 0; k < repeat; ++k) pass();
                    })});
  }

  // (b) referat's document. The Analyzer caches each word's analysis; over R passes of
  // the same items nearly every lookup hits, so this is the warm bound, and (b') with a
  // fresh Analyzer per pass the cold bound (each pass analyses every distinct word once).
  auto referat_pass = [&](analysis::Analyzer& an) {
    for (const ItemRef& r : items) {
      Xapian::Document doc = referat::index::make_document(*r.meeting, r.index, r.id, an);
      g_sink = g_sink + doc.termlist_count() + an.take_spelling_words().size();
    }
  };
  {
    analysis::Analyzer an;
    referat_pass(an);
    rows.push_back({"(b) referat make_document, warm", n_items, mb, measure([&] {
                      for (std::size_t k = 0; k < repeat; ++k) referat_pass(an);
                    })});
  }
  rows.push_back({"(b') referat make_document, cold", n_items, mb, measure([&] {
                    for (std::size_t k = 0; k < repeat; ++k) {
                      analysis::Analyzer an;
                      referat_pass(an);
                    }
                  })});

  {
    analysis::Analyzer an;
    auto pass = [&] {
      for (const ItemRef& r : items) {
        g_sink = g_sink + analysed_document(an, r.item()).termlist_count();
        g_sink = g_sink + an.take_spelling_words().size();
      }
    };
    pass();
    rows.push_back({"(b2) referat index_text, plain's texts", n_items, mb, measure([&] {
                      for (std::size_t k = 0; k < repeat; ++k) pass();
                    })});
  }

  // (c) normalise + tokenise only, over every text make_document analyses.
  std::set<std::string> distinct;
  {
    const analysis::Analyzer an;
    auto texts_of = [](const ItemRef& r) {
      std::vector<std::string_view> t{r.item().title};
      for (const auto& part : r.item().parts) t.push_back(part.text);
      for (std::string_view x : extra_texts(r)) t.push_back(x);
      return t;
    };
    for (const ItemRef& r : items)
      for (std::string_view t : texts_of(r)) {
        const analysis::Tokens tokens = an.tokens(t);
        for (std::size_t i = 0; i < tokens.words.size(); ++i) distinct.emplace(tokens.word(i));
      }
    rows.push_back({"(c) referat tokens only", n_items, mb, measure([&] {
                      for (std::size_t k = 0; k < repeat; ++k)
                        for (const ItemRef& r : items)
                          for (std::string_view t : texts_of(r))
                            g_sink = g_sink + an.tokens(t).words.size();
                    })});
  }

  // (d) word analysis (stem, aa variant, compound split) of each distinct word once,
  // with a fresh cache per pass: what a pass pays on top of cache lookups.
  const Cost words = measure([&] {
    for (std::size_t k = 0; k < repeat; ++k) {
      analysis::Analyzer an;
      for (const std::string& w : distinct) g_sink = g_sink + an.word_terms(w).parts.size();
    }
  });
  rows.push_back({"(d) word_terms, cold, distinct words", n_items, mb, words});

  print_table(rows, rows[0].cost.cpu);
  std::printf("(d): %zu distinct words (as written) per pass, %.2f µs CPU per word; its µs/item "
              "is that cost spread over the pass's items\n",
              distinct.size(), words.cpu * 1e6 / static_cast<double>(distinct.size() * repeat));

  // Shape of the documents: more terms and positions are part of the cost.
  DocShape plain_shape, referat_shape, analysed_shape;
  {
    Xapian::TermGenerator gen = plain_generator();
    analysis::Analyzer an;
    for (const ItemRef& r : items) {
      add_shape(plain_shape, plain_document(gen, r.item()));
      add_shape(referat_shape, referat::index::make_document(*r.meeting, r.index, r.id, an));
      add_shape(analysed_shape, analysed_document(an, r.item()));
    }
  }
  const double n = static_cast<double>(items.size());
  std::printf("\nper document (average over %zu items):\n", items.size());
  std::printf("  plain:   %7.1f terms, %7.1f positions, %7.0f bytes of data\n",
              plain_shape.terms / n, plain_shape.positions / n, plain_shape.data_bytes / n);
  std::printf("  (b2):    %7.1f terms, %7.1f positions (plain's texts, one unprefixed field)\n",
              analysed_shape.terms / n, analysed_shape.positions / n);
  std::printf("  referat: %7.1f terms, %7.1f positions, %7.0f bytes of data (the item as JSON)\n",
              referat_shape.terms / n, referat_shape.positions / n, referat_shape.data_bytes / n);

  // (e) End to end through the public API (parse, analyse, write, commit) into fresh
  // databases; both include parsing. Median over the runs, sizes of the last run.
  std::vector<double> referat_wall, plain_wall, referat_cpu, plain_cpu;
  std::uintmax_t referat_size = 0, plain_size = 0;
  std::size_t referat_items = 0, plain_items = 0;
  for (std::size_t run = 0; run < opt.e2e_runs; ++run) {
    const fs::path referat_dir = make_temp_dir("referat-bench-index");
    const fs::path plain_dir = make_temp_dir("referat-bench-plain");
    try {
      Cost c = measure([&] {
        referat::Index index(referat_dir / "index", referat::Index::Mode::read_write);
        referat::IndexSummary s = referat::index_paths(index, opt.paths);
        index.commit();
        referat_items = s.added + s.replaced;
      });
      referat_wall.push_back(c.wall);
      referat_cpu.push_back(c.cpu);
      c = measure([&] {
        Xapian::WritableDatabase db((plain_dir / "db").string(), Xapian::DB_CREATE_OR_OVERWRITE);
        Xapian::TermGenerator gen = plain_generator();
        for (const fs::path& f : files) {
          std::vector<referat::Meeting> ms;
          try {
            ms = referat::parse_file(f);
          } catch (const referat::ParseError&) {
            continue;
          }
          for (const auto& m : ms) {
            const std::vector<std::string> ids = referat::item_ids(m);
            for (std::size_t i = 0; i < m.items.size(); ++i) {
              Xapian::Document doc = plain_document(gen, m.items[i]);
              doc.add_boolean_term("Q" + ids[i]);
              db.replace_document("Q" + ids[i], doc);
            }
          }
        }
        db.commit();
        plain_items = db.get_doccount();
      });
      plain_wall.push_back(c.wall);
      plain_cpu.push_back(c.cpu);
      referat_size = dir_bytes(referat_dir);
      plain_size = dir_bytes(plain_dir);
    } catch (...) {
      fs::remove_all(referat_dir);
      fs::remove_all(plain_dir);
      throw;
    }
    fs::remove_all(referat_dir);
    fs::remove_all(plain_dir);
  }
  if (opt.e2e_runs > 0) {
    const double rw = median(referat_wall), pw = median(plain_wall);
    std::printf("\n(e) end to end, parse + index + commit into a fresh database, median of %zu "
                "runs:\n",
                opt.e2e_runs);
    std::printf("| %-40s | %6s | %7s | %7s | %8s | %9s |\n", "mode", "items", "wall s", "CPU s",
                "items/s", "disk KiB");
    std::printf("|%s|%s|%s|%s|%s|%s|\n", std::string(42, '-').c_str(),
                std::string(8, '-').c_str(), std::string(9, '-').c_str(),
                std::string(9, '-').c_str(), std::string(10, '-').c_str(),
                std::string(11, '-').c_str());
    std::printf("| %-40s | %6zu | %7.3f | %7.3f | %8.0f | %9.0f |\n",
                "plain WritableDatabase + TermGenerator", plain_items, pw, median(plain_cpu),
                static_cast<double>(plain_items) / pw, static_cast<double>(plain_size) / 1024);
    std::printf("| %-40s | %6zu | %7.3f | %7.3f | %8.0f | %9.0f |\n",
                "referat index_paths", referat_items, rw, median(referat_cpu),
                static_cast<double>(referat_items) / rw, static_cast<double>(referat_size) / 1024);
    std::printf("referat/plain: %.2fx wall, %.2fx disk\n", rw / pw,
                static_cast<double>(referat_size) / static_cast<double>(plain_size));
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(parse_options(argc, argv));
  } catch (const std::exception& e) {
    std::cerr << "referat_bench_analysis: " << e.what() << "\n" << kUsage;
    return 2;
  }
}
