// SPDX-License-Identifier: GPL-3.0-or-later
//
// PDF text layers through libpoppler-cpp, page by page. What a reader skips is taken
// out here, before segmentation sees it: running page headers and footers (lines
// repeated at the top or bottom of most pages, page numbers in their several forms)
// and line-break hyphenation, also across a page break.
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <algorithm>
#include <cctype>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <regex>
#include <set>

#include "analysis/compounds.h"
#include "analysis/dictionary.h"
#include "formats/formats.h"
#include "formats/repeated_pages.h"
#include "referat/error.h"
#include "util/text.h"

namespace referat::formats {

namespace {

// Poppler reports syntax errors of damaged files on stderr; they are not ours to print
// (the file is read as far as it can be), so the handler counts them.
thread_local std::size_t t_poppler_errors = 0;
void count_poppler_error(const std::string&, void*) { ++t_poppler_errors; }

void install_error_handler() {
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function(count_poppler_error, nullptr); });
}

using Page = std::vector<std::string>;

std::vector<Page> read_pages(poppler::document& doc) {
  std::vector<Page> pages;
  const int n = doc.pages();
  for (int i = 0; i < n; ++i) {
    Page lines;
    std::unique_ptr<poppler::page> page(doc.create_page(i));
    if (page) {
      poppler::byte_array utf8 = page->text(page->page_rect(), poppler::page::non_raw_non_physical_layout).to_utf8();
      std::string text(utf8.begin(), utf8.end());
      for (auto raw : text::split_lines(text)) {
        std::string line(raw);
        std::replace(line.begin(), line.end(), '\f', ' ');
        while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.pop_back();
        lines.push_back(std::move(line));
      }
    }
    while (!lines.empty() && text::trim(lines.back()).empty()) lines.pop_back();
    pages.push_back(std::move(lines));
  }
  return pages;
}

// A line as compared across pages: lower case, spaces collapsed.
std::string running_key(std::string_view line) { return text::lower(text::collapse_spaces(line)); }

// "Side 3 af 12", "3 of 5", "Side 2", "- 4 -", "3/12", or a number alone.
bool page_number_line(std::string_view line) {
  static const std::regex re(R"(^[-–\s]*(?:side|page|s\.)?\s*\d{1,4}\s*(?:(?:af|of|/|ud af)\s*\d{1,4})?[-–\s]*$)");
  std::string key = running_key(line);
  return key.size() < 24 && std::regex_match(key, re);
}

constexpr std::size_t kZone = 6;  // lines at the top and at the bottom of a page looked at

// Indices of a page's non-blank lines from the top (or from the bottom), at most kZone.
std::vector<std::size_t> edge_lines(const Page& page, bool top) {
  std::vector<std::size_t> out;
  for (std::size_t k = 0; k < page.size() && out.size() < kZone; ++k) {
    std::size_t i = top ? k : page.size() - 1 - k;
    if (!text::trim(page[i]).empty()) out.push_back(i);
  }
  return out;
}

// Removes running headers and footers: the run of lines at a page's top (or bottom)
// whose text is at the top (bottom) of at least half the pages (and of two), and page
// numbers among them ("Side 3", "1 of 5"; a bare number only as the very first or
// last line). The run stops at the first other line, so "Beslutning" opening most pages
// of a document whose items each start a page is kept. A running line stays where it
// first appears: the front page states the body and date the header repeats.
std::size_t remove_running_lines(std::vector<Page>& pages) {
  if (pages.size() < 2) return 0;
  std::map<std::string, std::size_t> top_count, bottom_count;
  for (const Page& page : pages) {
    for (bool top : {true, false}) {
      std::set<std::string> keys;
      for (std::size_t i : edge_lines(page, top)) keys.insert(running_key(page[i]));
      for (const auto& k : keys) ++(top ? top_count : bottom_count)[k];
    }
  }
  const std::size_t threshold = std::max<std::size_t>(2, (pages.size() + 1) / 2);
  std::set<std::string> first_seen;
  std::size_t removed = 0;
  for (Page& page : pages) {
    std::vector<bool> drop(page.size(), false);
    for (bool top : {true, false}) {
      const auto& count = top ? top_count : bottom_count;
      std::vector<std::size_t> edge = edge_lines(page, top);
      int numbers = 0;
      for (std::size_t k = 0; k < edge.size(); ++k) {
        const std::string& line = page[edge[k]];
        std::string key = running_key(line);
        bool bare_number = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (page_number_line(line) && numbers < 2 && (!bare_number || k == 0)) {
          drop[edge[k]] = true;
          ++numbers;
          continue;
        }
        auto it = count.find(key);
        if (it == count.end() || it->second < threshold || key.size() < 3) break;
        if (first_seen.insert(key).second) continue;  // kept where it first appears
        drop[edge[k]] = true;
      }
    }
    Page kept;
    for (std::size_t i = 0; i < page.size(); ++i) {
      if (drop[i]) ++removed;
      else kept.push_back(std::move(page[i]));
    }
    page = std::move(kept);
  }
  return removed;
}

bool lower_start(std::string_view s) {
  if (s.empty()) return false;
  unsigned char c = static_cast<unsigned char>(s[0]);
  if (c >= 'a' && c <= 'z') return true;
  return s.starts_with("æ") || s.starts_with("ø") || s.starts_with("å") || s.starts_with("é");
}

// "ramme-" at a line's end and "løftet er …" at the next line's start (on the next page
// too) become "rammeløftet" and "er …" when the joined word is a word of the Danish list
// or a valid compound; "Børne-" / "og Unge…" and "2030-" / "fremskrivning" stay.
std::size_t join_hyphenation(std::vector<Page>& pages) {
  const auto& dict = analysis::Dictionary::danish();
  std::vector<std::string*> lines;
  for (Page& page : pages)
    for (std::string& line : page)
      if (!text::trim(line).empty()) lines.push_back(&line);
  std::size_t joined = 0;
  for (std::size_t k = 0; k + 1 < lines.size(); ++k) {
    std::string& left = *lines[k];
    std::string& right = *lines[k + 1];
    if (left.size() < 3 || left.back() != '-' || left[left.size() - 2] == ' ' || left[left.size() - 2] == '-')
      continue;
    std::string_view next = text::trim(right);
    if (!lower_start(next)) continue;
    std::size_t word_start = left.find_last_of(" \t(\"'", left.size() - 2);
    word_start = word_start == std::string::npos ? 0 : word_start + 1;
    std::string_view head = std::string_view(left).substr(word_start, left.size() - 1 - word_start);
    std::size_t word_end = next.find_first_of(" \t,.;:)!?\"'");
    std::string_view tail = next.substr(0, word_end);
    if (head.empty() || tail.empty()) continue;
    const unsigned char last = static_cast<unsigned char>(head.back());
    if (last < 0x80 && !std::isalpha(last)) continue;  // "2030-" is no broken word
    std::string word = analysis::fold_case(std::string(head) + std::string(tail));
    if (!dict.contains(word) && analysis::split_compound(word, dict).empty()) continue;
    left.pop_back();
    left += tail;
    right = std::string(text::trim(next.substr(tail.size())));
    ++joined;
  }
  return joined;
}

}  // namespace

Extracted pdf_text(std::string_view bytes, const std::string& source) {
  install_error_handler();
  t_poppler_errors = 0;
  if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    throw ParseError(source + ": PDF too large");
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!doc) throw ParseError(source + ": damaged PDF: poppler cannot open it");
  if (doc->is_locked()) throw ParseError(source + ": encrypted PDF (password protected): no text can be read");
  std::vector<Page> pages = read_pages(*doc);
  std::size_t characters = 0;
  for (const Page& page : pages)
    for (const auto& line : page) characters += text::trim(line).size();
  if (characters == 0)
    throw ParseError(source + ": PDF without a text layer (" + std::to_string(pages.size()) +
                     " page(s), a scan?): run OCR first, e.g. ocrmypdf -l dan");
  Extracted out;
  out.paged = true;
  if (t_poppler_errors > 0)
    out.warnings.push_back("PDF has " + std::to_string(t_poppler_errors) +
                           " syntax error(s); its text was read as far as poppler could");
  // Scanned pages whose text layer the next page repeats as clean text: read once,
  // before running lines are looked for (the copies would look like them).
  std::size_t repeated = 0;
  {
    std::string all;
    for (std::size_t p = 0; p < pages.size(); ++p) {
      if (p > 0) all += kPageBreak;
      for (const auto& line : pages[p]) (all += line) += '\n';
    }
    std::string kept = drop_repeated_pages(all, repeated);
    if (repeated > 0) {
      std::vector<Page> split;
      std::string_view rest = kept;
      for (;;) {
        std::size_t end = rest.find(kPageBreak);
        Page lines;
        for (auto l : text::split_lines(rest.substr(0, end))) lines.emplace_back(l);
        split.push_back(std::move(lines));
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
      }
      pages = std::move(split);
      out.warnings.push_back(std::to_string(repeated) + " page(s) repeating the text of the page beside them read once");
    }
  }
  remove_running_lines(pages);
  join_hyphenation(pages);
  for (std::size_t p = 0; p < pages.size(); ++p) {
    if (p > 0) out.text += kPageBreak;
    for (const auto& line : pages[p]) {
      out.text += line;
      out.text += '\n';
    }
    if (pages[p].empty()) out.text += '\n';
  }
  return out;
}

}  // namespace referat::formats
