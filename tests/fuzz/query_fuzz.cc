// SPDX-License-Identifier: GPL-3.0-or-later
//
// Fuzz target: the query language through the public API. An index of the sample
// meetings is built once; every input is searched as a query, with snippets and
// facets, in each sort order. A QueryError is the documented outcome for a bad query;
// any other exception, crash or sanitizer report is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <unistd.h>

#include "referat/referat.h"

#ifndef REFERAT_SOURCE_DIR
#error "REFERAT_SOURCE_DIR (the repository, for samples/) must be defined"
#endif

namespace {

std::unique_ptr<referat::Index> g_index;

struct Cleanup {
  std::filesystem::path dir;
  ~Cleanup() {
    std::error_code ec;
    if (!dir.empty()) std::filesystem::remove_all(dir, ec);
  }
} g_cleanup;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  namespace fs = std::filesystem;
  g_cleanup.dir = fs::temp_directory_path() / ("referat-fuzz-query-" + std::to_string(::getpid()));
  fs::remove_all(g_cleanup.dir);
  {
    referat::Index writer(g_cleanup.dir, referat::Index::Mode::read_write, {}, 2);
    referat::IndexOptions options;
    options.jobs = 1;
    referat::index_paths(writer, {fs::path(REFERAT_SOURCE_DIR) / "samples"}, options);
  }
  g_index = std::make_unique<referat::Index>(g_cleanup.dir, referat::Index::Mode::read_only);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (!g_index) LLVMFuzzerInitialize(nullptr, nullptr);
  referat::SearchOptions options;
  options.query.assign(reinterpret_cast<const char*>(data), size);
  options.limit = 5;
  static const referat::SortOrder orders[] = {referat::SortOrder::relevance, referat::SortOrder::date,
                                              referat::SortOrder::oldest};
  options.sort = orders[size % 3];
  options.expand = size % 2 == 0;
  try {
    referat::SearchResults r = g_index->search(options);
    (void)referat::to_json(r);
  } catch (const referat::QueryError&) {
    // A query the language rejects, with a message: documented.
  }
  return 0;
}
