// SPDX-License-Identifier: GPL-3.0-or-later
//
// Document formats: what a file is (by its content, never its name) and its text.
// formats/ knows nothing of meetings or agenda items: it turns PDF, HTML and XML into
// UTF-8 text lines (and XML into a tree); segment/ reads the meetings out of them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace referat::formats {

enum class Format { text, pdf, html, xml };

// By content: "%PDF-" is PDF; an XML declaration or a first element other than <html>
// is XML; <!DOCTYPE html>, <html> or a page of HTML block tags is HTML; anything else
// is text (plain or Markdown). A byte order mark and leading white space are skipped.
Format detect(std::string_view bytes);
const char* format_name(Format format);

// Pages in extracted text are separated by a form feed; the text before the first
// one is page 1.
inline constexpr char kPageBreak = '\f';

struct Extracted {
  std::string text;  // UTF-8 (not yet NFC), lines separated by '\n', pages by kPageBreak
  bool paged = false;
  std::vector<std::string> warnings;
};

// The text layer of a PDF, page by page (libpoppler-cpp), in reading order, with
// running page headers and footers ("Side 3 af 12", the body's name on every page)
// removed and words hyphenated across lines and pages joined. Throws ParseError naming
// `source` for a PDF that cannot be opened (encrypted, damaged beyond repair) or that
// has no text layer at all (a scan: the message says so).
Extracted pdf_text(std::string_view bytes, const std::string& source);

// An HTML document or fragment as text lines the segmenter reads like Markdown:
// headings h1-h6 become "#"-prefixed lines, paragraphs and blocks are separated by
// blank lines, list items start with "- ", table rows are cells joined by a tab, <br>
// breaks a line. Scripts, styles, navigation, forms, buttons, hidden elements and
// dialogs are dropped. Entities are decoded; the result is UTF-8 (the page's declared
// charset is honoured; UTF-8 is assumed for a fragment).
std::string html_text(std::string_view html);

}  // namespace referat::formats
