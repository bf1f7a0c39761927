// SPDX-License-Identifier: GPL-3.0-or-later
//
// The contents of one agenda item: its case line ("SAG-2021-00417 abc/def",
// "Sagsnr.: 22/04417 – Sagsbehandler: mla"), parts under Danish headings, and
// attachments ("./. Title", or the lines of a Bilag part).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "referat/meeting.h"
#include "segment/lines.h"

namespace referat::segment {

struct CaseLine {
  std::optional<std::string> case_number;
  std::vector<std::string> handlers;
  std::optional<std::string> document_number;  // "Dok.nr.: 2012-202935"
  std::optional<std::string> kle;              // "KLE: 02.34.02-P20", also after a case number
  bool label_only = false;  // "Sagsnr.:" whose number is on a later line (two-column layouts)
};

// A case line, a handler line, a document number line, or nullopt.
std::optional<CaseLine> case_line(const Line& line);

struct PartStart {
  std::string kind;
  std::string heading;
  std::string inline_text;  // "Beslutning: Godkendt." → "Godkendt."
};

// A part heading ("Indstilling", "BESLUTNING", "Beslutning i Byrådet …"), or nullopt.
std::optional<PartStart> part_start(const Line& line);

// Joins lines into text: paragraphs separated by one blank line.
class TextBuilder {
 public:
  void add(std::string_view line);
  // The next line added starts `n` pages later (a PDF's page breaks, kept in the text
  // as form feeds so that a position in it tells its page).
  void page_breaks(int n) { pending_pages_ += n; }
  bool empty() const { return text_.empty(); }
  std::string take();

 private:
  std::string text_;
  bool pending_break_ = false;
  int pending_pages_ = 0;
};

// Reads lines [begin, end) into `item` (number, title, section and page already set).
Item build_item(const std::vector<Line>& lines, std::size_t begin, std::size_t end, Item item);

}  // namespace referat::segment
