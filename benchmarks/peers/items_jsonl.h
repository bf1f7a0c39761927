// SPDX-License-Identifier: GPL-3.0-or-later
//
// The items dump every peer indexes (`benchmarks/bench.py items`): one JSON object per
// line, {id, date, body, title, text}, text being the item's parts joined by blank
// lines. Reading it is shared by the peer programs, so they index the same text.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>

namespace referat::bench {

struct BenchItem {
  std::string id;
  std::string date;  // "YYYY-MM-DD", or "" when the meeting has none
  std::string body;
  std::string title;
  std::string text;
};

struct ItemsRead {
  std::size_t items = 0;
  std::size_t text_bytes = 0;  // title + text, the "item text" of MB/s
};

// Calls `add` for each item of the file in order, after the first `skip` items (not
// parsed, not counted: a resumed run's items already indexed). Throws
// std::runtime_error naming the file and line for a line that is not such an object.
ItemsRead for_each_item(const std::filesystem::path& file,
                        const std::function<void(const BenchItem&)>& add, std::size_t skip = 0);

// Prints the one JSON line an indexing run ends with, which benchmarks/run.sh reads:
// {"engine", "config", "items", "text_bytes", "wall_s"}.
void print_index_summary(const std::string& engine, const std::string& config,
                         const ItemsRead& read, double wall_seconds);

}  // namespace referat::bench
