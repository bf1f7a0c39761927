// SPDX-License-Identifier: GPL-3.0-or-later
//
// A document as lines with their layout marks (Markdown heading level, bold) read
// off and removed, so that segmentation works on the words a reader sees.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace referat::segment {

struct Line {
  std::string text;       // markup removed, trimmed; tabs inside kept
  int heading_level = 0;  // number of leading '#', 0 for none
  bool bold = false;      // the whole line was bold (**…**, <b>…</b>)
  int page = 1;           // page of a paged document (form feeds counted), else 1
  bool blank() const { return text.empty(); }
  // A line set apart as a heading by its markup.
  bool marked() const { return heading_level > 0 || bold; }
};

// Lines longer than this are prose, never headings, labels or TOC entries; keeping
// std::regex off them bounds its cost.
constexpr std::size_t kMaxStructuralLine = 400;

Line clean_line(std::string_view raw);
// The document's lines; a form feed (a PDF's page break) starts the next page.
std::vector<Line> clean_lines(std::string_view document);

// Small tests and edits on a line's text.
std::string strip_colon(std::string_view s);      // "Indstilling:" → "Indstilling"
std::string drop_one_period(std::string_view s);  // "Bilag 1." → "Bilag 1" (not "...")
bool starts_lower(std::string_view s);            // first letter is lower case
bool has_letter(std::string_view s);

}  // namespace referat::segment
