// SPDX-License-Identifier: GPL-3.0-or-later
//
// Pages whose text repeats the page beside them. Some archive PDFs hold a scanned
// page with an invisible text layer followed by a text-only page with the same
// transcription, so every sentence comes out twice. Header-only so that both the PDF
// reader (before it removes running headers, which the copies would otherwise look
// like) and the minute-book reader can use it.
#pragma once

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/text.h"

namespace referat::formats {

namespace repeated_detail {

inline std::map<std::string, int> word_bag(std::string_view page) {
  std::map<std::string, int> bag;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) ++bag[text::lower(word)];
    word.clear();
  };
  for (char c : page) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x80 || std::isalnum(u)) word += c;
    else flush();
  }
  flush();
  return bag;
}

inline int bag_size(const std::map<std::string, int>& bag) {
  int n = 0;
  for (const auto& [w, k] : bag) n += k;
  return n;
}

// Non-blank and blank lines: the copy with fewer of both reads better (a scan's
// invisible text layer often puts one word on each line).
inline std::pair<std::size_t, std::size_t> line_counts(std::string_view page) {
  std::size_t full = 0, blank = 0;
  for (std::string_view line : text::split_lines(page)) (text::trim(line).empty() ? blank : full)++;
  return {full, blank};
}

}  // namespace repeated_detail

// `text` (pages separated by '\f') with repeated pages emptied: of two neighbouring
// pages sharing 90% of their words, only the better-laid-out copy keeps its text; the
// other stays as an empty page, so that page numbers still count the PDF's pages.
// `dropped` is increased by the number of pages emptied.
inline std::string drop_repeated_pages(std::string_view text, std::size_t& dropped) {
  std::vector<std::string_view> pages;
  for (std::size_t start = 0;;) {
    std::size_t end = text.find('\f', start);
    pages.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  std::optional<std::size_t> last_kept;
  std::map<std::string, int> previous;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    std::map<std::string, int> bag = repeated_detail::word_bag(pages[i]);
    if (last_kept) {
      int shared = 0;
      for (const auto& [w, k] : bag)
        if (auto it = previous.find(w); it != previous.end()) shared += std::min(k, it->second);
      int larger = std::max(repeated_detail::bag_size(bag), repeated_detail::bag_size(previous));
      if (larger >= 20 && shared * 10 >= larger * 9) {
        ++dropped;
        if (repeated_detail::line_counts(pages[i]) < repeated_detail::line_counts(pages[*last_kept])) {
          pages[*last_kept] = {};
          last_kept = i;
        } else {
          pages[i] = {};
        }
        continue;
      }
    }
    last_kept = i;
    previous = std::move(bag);
  }
  std::string out;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    if (i) out += '\f';
    out += pages[i];
  }
  return out;
}

}  // namespace referat::formats
