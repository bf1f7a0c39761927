// SPDX-License-Identifier: GPL-3.0-or-later
//
// Fuzz target: Danish analysis through the public API. Each input becomes the text
// of an agenda item (title: its first line), given directly to Index::add (so the
// analysis sees bytes the segmenter would have repaired, as an embedder may pass
// them), then searched for with snippets, which re-analyse the stored text. The item
// replaces the previous input's (same meeting id), so the index stays small. Any
// exception, crash or sanitizer report is a finding: every text must be indexable.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <unistd.h>

#include "referat/referat.h"

namespace {

std::unique_ptr<referat::Index> g_index;

struct Cleanup {
  std::filesystem::path dir;
  ~Cleanup() {
    g_index.reset();
    std::error_code ec;
    if (!dir.empty()) std::filesystem::remove_all(dir, ec);
  }
} g_cleanup;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (!g_index) {
    g_cleanup.dir = std::filesystem::temp_directory_path() / ("referat-fuzz-analysis-" + std::to_string(::getpid()));
    std::filesystem::remove_all(g_cleanup.dir);
    g_index = std::make_unique<referat::Index>(g_cleanup.dir, referat::Index::Mode::read_write);
  }
  std::string text(reinterpret_cast<const char*>(data), size);
  referat::Meeting meeting;
  meeting.source = "fuzz.md";
  meeting.body = "Fuzzkøbing Byråd";
  meeting.type = "referat";
  meeting.date = "2024-01-02";
  referat::Item item;
  item.number = "1";
  item.title = text.substr(0, std::min<std::size_t>(text.find('\n'), 200));
  item.parts.push_back({"sagsfremstilling", "Sagsfremstilling", text});
  item.attachments.push_back(text.substr(0, 100));
  meeting.items.push_back(std::move(item));
  g_index->add(meeting);

  // Search for the first few characters of the text (as a phrase, so any bytes form
  // one query the language accepts or rejects with a QueryError).
  referat::SearchOptions options;
  options.query = "\"" + text.substr(0, 40) + "\"";
  options.limit = 1;
  try {
    (void)referat::to_json(g_index->search(options));
  } catch (const referat::QueryError&) {
  }
  return 0;
}
