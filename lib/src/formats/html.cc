// SPDX-License-Identifier: GPL-3.0-or-later
//
// HTML → text lines for the segmenter. libxml2's HTML parser (in recovery mode: the
// pages of municipal portals are rarely valid) builds the tree; one walk over it
// writes Markdown-like lines. What a reader of the page does not read as the
// meeting's text is dropped on the way: scripts, navigation, forms and buttons,
// hidden elements, dialogs, menus and link text such as "Hent som PDF".
//
// Layout tables. Portals set the agenda out as a table with the item number in one
// cell and an accordion (a heading button and its hidden panel) in the next. A row
// of a table whose cells hold headings is layout, not data: its cells are read as
// blocks, and the short cells before the row's first heading (the number column)
// label that heading ("## 3 Lokalplan …"), as a printed agenda would. Rows of other
// tables are data: one line each, cells joined by a tab.
#include <libxml/HTMLparser.h>
#include <libxml/encoding.h>
#include <libxml/tree.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <climits>
#include <memory>
#include <string>
#include <vector>

#include "formats/formats.h"
#include "formats/xml.h"
#include "util/text.h"

namespace referat::formats {

namespace {

// ---------------------------------------------------------------------------
// Character set

// The charset a page declares in a <meta> of its head ("<meta charset=…>" or
// "content=\"text/html; charset=…\""), lower case, or "".
std::string declared_charset(std::string_view html) {
  std::string head(html.substr(0, std::min<std::size_t>(html.size(), 64 * 1024)));
  for (char& c : head) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  if (std::size_t end = head.find("</head"); end != std::string::npos) head.resize(end);
  for (std::size_t at = head.find("<meta"); at != std::string::npos;
       at = head.find("<meta", at + 5)) {
    std::size_t close = head.find('>', at);
    std::string_view tag =
        std::string_view(head).substr(at, close == std::string::npos ? close : close - at);
    std::size_t cs = tag.find("charset");
    if (cs == std::string_view::npos) continue;
    std::string_view rest = tag.substr(cs + 7);
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '=' || rest.front() == '"' ||
                             rest.front() == '\''))
      rest.remove_prefix(1);
    std::size_t len = 0;
    while (len < rest.size() && (std::isalnum(static_cast<unsigned char>(rest[len])) ||
                                 rest[len] == '-' || rest[len] == '_' || rest[len] == ':'))
      ++len;
    if (len > 0) return std::string(rest.substr(0, len));
  }
  return {};
}

bool supported(const std::string& charset) {
  xmlCharEncodingHandlerPtr handler = xmlFindCharEncodingHandler(charset.c_str());
  if (handler == nullptr) return false;
  xmlCharEncCloseFunc(handler);
  return true;
}

// The encoding to read `html` in, as a libxml2 encoding name; `html` is repaired
// when it is read as UTF-8 with some broken bytes.
//
// Bytes that are valid UTF-8 with non-ASCII letters are UTF-8 whatever the page
// declares: a declaration of windows-1252 on such bytes is stale (HTML that was
// decoded and stored again, as in XML exports), while Latin-1 text that happens to
// be valid UTF-8 does not occur in Danish. A fragment declares nothing and is UTF-8;
// a page without a declaration whose bytes are not UTF-8 is windows-1252, the
// browsers' default for Danish (and a superset of ISO-8859-1).
std::string choose_encoding(std::string& html) {
  std::string repaired = html;
  std::size_t bad = text::repair_utf8(repaired);
  std::size_t leads = std::count_if(repaired.begin(), repaired.end(),
                                    [](char c) { return static_cast<unsigned char>(c) >= 0xC0; });
  std::size_t good = leads - bad;  // each repair wrote one U+FFFD (a lead byte)
  if (bad == 0 && good > 0) return "UTF-8";
  std::string declared = declared_charset(html);
  if (declared == "iso-8859-1" || declared == "latin1" || declared == "us-ascii")
    declared = "windows-1252";  // as browsers read them (HTML Standard, encodings)
  if (!declared.empty() && declared != "utf-8" && declared != "utf8" && supported(declared))
    return declared;
  // Broken bytes in UTF-8 (as parse.cc judges plain text): Latin-1 letters are lone
  // high bytes and form a well-formed sequence only by rare accident.
  if (bad == 0 || (good > 0 && good * 10 >= bad)) {
    html.swap(repaired);
    return "UTF-8";
  }
  return supported("windows-1252") ? "windows-1252" : "ISO-8859-1";
}

// ---------------------------------------------------------------------------
// Element classes

bool is(const xmlNode* node, std::string_view name) {
  return node->type == XML_ELEMENT_NODE && name == reinterpret_cast<const char*>(node->name);
}

std::string_view name_of(const xmlNode* node) { return reinterpret_cast<const char*>(node->name); }

template <std::size_t N>
bool one_of(std::string_view name, const std::array<std::string_view, N>& names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

int heading_level(const xmlNode* node) {
  std::string_view n = name_of(node);
  if (node->type != XML_ELEMENT_NODE || n.size() != 2 || n[0] != 'h' || n[1] < '1' || n[1] > '6')
    return 0;
  return n[1] - '0';
}

constexpr std::array<std::string_view, 25> kBlocks = {
    "p",       "div",    "section", "article",    "main",     "aside",   "blockquote",
    "address", "figure", "center",  "figcaption", "fieldset", "details", "summary",
    "dl",      "ul",     "ol",      "menu",       "dir",      "table",   "body",
    "html",    "pre",    "hr",      "li"};

// Whole elements a reader does not read as the meeting's text.
constexpr std::array<std::string_view, 26> kDropped = {
    "head",   "script", "style",  "noscript", "template", "svg",    "math",     "nav",    "form",
    "button", "select", "option", "input",    "label",    "iframe", "textarea", "object", "embed",
    "canvas", "dialog", "audio",  "video",    "img",      "map",    "datalist", "title"};

// ARIA roles of page furniture: dialogs, menus, landmarks around the content.
constexpr std::array<std::string_view, 11> kDroppedRoles = {
    "dialog",      "alertdialog", "menu",    "menubar", "navigation", "banner",
    "contentinfo", "search",      "toolbar", "tooltip", "button"};

// Whole link texts that are user interface, compared in lower case.
constexpr std::array<std::string_view, 30> kUiLinkTexts = {"hent som pdf",
                                                           "åben som pdf",
                                                           "vis som pdf",
                                                           "kopier link",
                                                           "tip en ven",
                                                           "del",
                                                           "del siden",
                                                           "del på facebook",
                                                           "udskriv",
                                                           "print",
                                                           "tilbage",
                                                           "tilbage til forsiden",
                                                           "til toppen",
                                                           "gå til toppen",
                                                           "læs op",
                                                           "se alle",
                                                           "vis mere",
                                                           "vis mindre",
                                                           "luk",
                                                           "menu",
                                                           "søg",
                                                           "spring til indhold",
                                                           "gå til indhold",
                                                           "skip to content",
                                                           "back to top",
                                                           "abonnér",
                                                           "abonner",
                                                           "hent hele dagsordenen",
                                                           "hent hele referatet",
                                                           "download"};

std::string attribute(const xmlNode* node, const char* name) { return xml::attribute(node, name).value_or(""); }

bool has_attribute(const xmlNode* node, const char* name) {
  return xmlHasProp(node, reinterpret_cast<const xmlChar*>(name)) != nullptr;
}

// Iterative: recovered HTML can nest without limit.
bool has_descendant(const xmlNode* node, bool (*test)(const xmlNode*)) {
  const xmlNode* c = node->children;
  while (c != nullptr) {
    if (c->type == XML_ELEMENT_NODE && test(c)) return true;
    if (c->type == XML_ELEMENT_NODE && c->children != nullptr) {
      c = c->children;
      continue;
    }
    while (c != nullptr && c->next == nullptr) {
      c = c->parent;
      if (c == node) return false;
    }
    if (c != nullptr) c = c->next;
  }
  return false;
}

bool is_heading(const xmlNode* node) { return heading_level(node) > 0; }

bool is_block(const xmlNode* node) {
  return is_heading(node) || one_of(name_of(node), kBlocks) || is(node, "tr") || is(node, "br");
}

bool inside(const xmlNode* node, std::string_view name) {
  for (const xmlNode* p = node->parent; p != nullptr; p = p->parent)
    if (is(p, name)) return true;
  return false;
}

// The whitespace-collapsed text content of `node`, lower case; "" when long.
std::string short_text(const xmlNode* node) {
  std::string raw = xml::text(node);
  if (raw.size() > 200) return {};
  return text::lower(text::collapse_spaces(raw));
}

bool dropped(const xmlNode* node) {
  std::string_view name = name_of(node);
  // An accordion's toggle is a button around the item's heading: the heading is text.
  auto holds_heading = [&] { return has_descendant(node, is_heading); };
  if (one_of(name, kDropped) && !(name == "button" && holds_heading())) return true;
  // A page's header and footer; an article's own header holds its title.
  if ((name == "header" || name == "footer") && !inside(node, "article") &&
      !inside(node, "section") && !inside(node, "main"))
    return true;
  if (has_attribute(node, "hidden") || attribute(node, "aria-hidden") == "true") return true;
  std::string role = text::lower(attribute(node, "role"));
  if (!role.empty() && one_of(std::string_view(role), kDroppedRoles) && !holds_heading())
    return true;
  // Class tokens: "modal", "modal-dialog", … (Bootstrap's dialogs, often without a
  // role) and "badge" (a counter such as the number of attachments).
  std::string classes = attribute(node, "class");
  std::size_t from = 0;
  while (from < classes.size()) {
    std::size_t end = classes.find_first_of(" \t\n", from);
    if (end == std::string::npos) end = classes.size();
    std::string_view token = std::string_view(classes).substr(from, end - from);
    if (token.find("modal") != std::string_view::npos || token == "badge") return true;
    from = end + 1;
  }
  if (name == "a") {
    std::string t = short_text(node);
    if (!t.empty() && one_of(std::string_view(t), kUiLinkTexts)) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// Text sink

// Collects text into lines. Runs of white space collapse to one space; breaks are
// requested, not written, so that nothing leaves an empty line at the start, two
// blank lines in a row or a space at the end of a line. A flat sink (a heading, a
// table cell) turns every break into a space.
class Sink {
 public:
  explicit Sink(bool flat = false) : flat_(flat) {}

  void text(std::string_view s, bool preserve) {
    for (std::size_t i = 0; i < s.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      if (preserve && c == '\n') {
        line_break();
        continue;
      }
      bool nbsp = c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0;
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || nbsp) {
        if (nbsp) ++i;
        if (preserve) {
          start_line();
          line_ += ' ';
        } else {
          space_ = true;
        }
        continue;
      }
      // A soft hyphen (U+00AD) is no letter a reader sees.
      if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xAD) {
        ++i;
        continue;
      }
      bool fresh = start_line();
      if (space_ && !fresh && !line_.empty() && line_.back() != ' ') line_ += ' ';
      space_ = false;
      line_ += static_cast<char>(c);
    }
  }

  void line_break() { end_line(1); }
  void paragraph_break() { end_line(2); }
  // <br>: a line break, and a second one in a row leaves a blank line.
  void br() {
    if (!open_ && !flat_ && breaks_ >= 1) breaks_ = 2;
    end_line(1);
  }

  // The next line starts with `prefix` ("- " for a list item).
  void prefix_next_line(std::string prefix) {
    line_break();
    if (!flat_) prefix_ = std::move(prefix);
  }

  // A line of its own (a heading, a table row), set apart by blank lines when `block`.
  void whole_line(std::string_view line, bool block) {
    block ? paragraph_break() : line_break();
    if (line.empty()) return;
    if (flat_) {
      text(line, false);
      space_ = true;
      return;
    }
    start_line();
    line_ += line;
    block ? paragraph_break() : line_break();
  }

  // The text; a sink's lines end with a newline, a flat sink's one line does not.
  std::string take() {
    end_line(0);
    if (!flat_ && !out_.empty()) out_ += '\n';
    return std::move(out_);
  }

 private:
  // Opens a line if none is open; true when it did.
  bool start_line() {
    if (open_) return false;
    if (!out_.empty()) out_.append(breaks_ >= 2 ? "\n\n" : "\n");
    breaks_ = 0;
    line_ = std::move(prefix_);
    prefix_.clear();
    open_ = true;
    return true;
  }

  void end_line(int breaks) {
    if (flat_) {
      space_ = space_ || breaks > 0;
      if (breaks == 0 && open_) out_ += line_;
      if (breaks == 0) open_ = false;
      return;
    }
    if (open_) {
      while (!line_.empty() && line_.back() == ' ') line_.pop_back();
      out_ += line_;
      line_.clear();
      open_ = false;
      breaks_ = breaks;
    } else {
      breaks_ = std::max(breaks_, breaks);
    }
    space_ = false;
  }

  bool flat_;
  std::string out_;
  std::string line_;
  std::string prefix_;
  bool open_ = false;
  bool space_ = false;
  int breaks_ = 0;
};

// ---------------------------------------------------------------------------
// The walk

class Walker {
 public:
  explicit Walker(Sink& sink) : sink_(sink) {}

  void children(const xmlNode* node) {
    for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
      if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
        if (c->content != nullptr) sink_.text(reinterpret_cast<const char*>(c->content), pre_ > 0);
      } else if (c->type == XML_ELEMENT_NODE) {
        element(c);
      }
    }
  }

 private:
  // A block inside a list item continues the item on the next line.
  void block_break() { list_item_ > 0 ? sink_.line_break() : sink_.paragraph_break(); }

  std::string flat_text(const xmlNode* node) {
    Sink flat(true);
    Walker walker(flat);
    walker.depth_ = depth_;
    walker.children(node);
    return std::string(text::trim(flat.take()));
  }

  void element(const xmlNode* node) {
    if (dropped(node)) return;
    if (depth_ >= kMaxDepth) {
      // Deeper than any page is written: its text, without the structure (and without
      // recursing further).
      sink_.text(xml::text(node), false);
      return;
    }
    ++depth_;
    element_inside(node);
    --depth_;
  }

  void element_inside(const xmlNode* node) {
    std::string_view name = name_of(node);
    if (int level = heading_level(node)) {
      std::string t = flat_text(node);
      if (t.empty()) return;
      if (!label_.empty()) {
        t = label_ + " " + t;
        label_.clear();
      }
      if (list_item_ > 0) {
        sink_.text(t, false);
        sink_.line_break();
      } else {
        sink_.whole_line(std::string(level, '#') + " " + t, true);
      }
    } else if (name == "br") {
      sink_.br();
    } else if (name == "table") {
      table(node);
    } else if (name == "li" || name == "dt" || name == "dd") {
      sink_.prefix_next_line(
          name == "li" ? std::string(2 * std::max(list_depth_ - 1, 0), ' ') + "- " : "");
      ++list_item_;
      children(node);
      --list_item_;
      sink_.line_break();
    } else if (name == "ul" || name == "ol" || name == "menu" || name == "dir" || name == "dl") {
      block_break();
      ++list_depth_;
      children(node);
      --list_depth_;
      block_break();
    } else if (name == "pre") {
      block_break();
      ++pre_;
      children(node);
      --pre_;
      block_break();
    } else if (one_of(name, kBlocks) || name == "tr" || name == "caption") {
      block_break();
      children(node);
      block_break();
    } else {
      children(node);
    }
  }

  void table(const xmlNode* node) {
    std::vector<const xmlNode*> rows;
    collect_rows(node, rows);
    bool layout = std::any_of(rows.begin(), rows.end(), [](const xmlNode* row) {
      for (const xmlNode* c = row->children; c != nullptr; c = c->next)
        if ((is(c, "td") || is(c, "th")) && has_descendant(c, is_heading)) return true;
      return false;
    });
    block_break();
    for (const xmlNode* c = node->children; c != nullptr; c = c->next)
      if (is(c, "caption") && !dropped(c)) sink_.whole_line(flat_text(c), false);
    for (const xmlNode* row : rows) {
      if (dropped(row)) continue;
      layout ? layout_row(row) : data_row(row);
    }
    block_break();
  }

  static void collect_rows(const xmlNode* node, std::vector<const xmlNode*>& rows) {
    for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
      if (is(c, "tr"))
        rows.push_back(c);
      else if (is(c, "thead") || is(c, "tbody") || is(c, "tfoot"))
        collect_rows(c, rows);
    }
  }

  static std::vector<const xmlNode*> cells(const xmlNode* row) {
    std::vector<const xmlNode*> out;
    for (const xmlNode* c = row->children; c != nullptr; c = c->next)
      if ((is(c, "td") || is(c, "th")) && !dropped(c)) out.push_back(c);
    return out;
  }

  void data_row(const xmlNode* row) {
    std::string line;
    std::size_t filled = 0;  // length of `line` up to its last non-empty cell
    bool first = true;
    for (const xmlNode* cell : cells(row)) {
      if (!first) line += '\t';
      first = false;
      std::string t = flat_text(cell);
      line += t;
      if (!t.empty()) filled = line.size();
    }
    line.resize(filled);
    if (list_item_ > 0) {
      sink_.text(line, false);
      sink_.line_break();
    } else {
      sink_.whole_line(line, false);
    }
  }

  // A layout row (see the file comment): the column headers of a layout table are
  // not text; short inline cells before the row's first heading label that heading.
  void layout_row(const xmlNode* row) {
    std::vector<const xmlNode*> row_cells = cells(row);
    if (std::all_of(row_cells.begin(), row_cells.end(),
                    [](const xmlNode* c) { return is(c, "th"); }))
      return;
    auto heading_at = std::find_if(row_cells.begin(), row_cells.end(),
                                   [](const xmlNode* c) { return has_descendant(c, is_heading); });
    for (auto it = row_cells.begin(); it != row_cells.end(); ++it) {
      const xmlNode* cell = *it;
      if (it < heading_at && !has_descendant(cell, is_block)) {
        std::string t = flat_text(cell);
        if (t.size() <= kMaxLabel) {
          if (!t.empty()) label_ += (label_.empty() ? "" : " ") + t;
          continue;
        }
      }
      block_break();
      children(cell);
      block_break();
    }
    if (!label_.empty()) sink_.whole_line(label_, true);  // the heading was empty
    label_.clear();
  }

  static constexpr std::size_t kMaxLabel = 40;
  static constexpr int kMaxDepth = 400;

  Sink& sink_;
  int depth_ = 0;
  int pre_ = 0;
  int list_depth_ = 0;
  int list_item_ = 0;
  std::string label_;  // the number cell of a layout row, for its first heading
};

}  // namespace

std::string html_text(std::string_view html) {
  // (parse.cc bounds documents far below INT_MAX, which is htmlReadMemory's limit.)
  std::string bytes(html.substr(0, std::min<std::size_t>(html.size(), INT_MAX)));
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.erase(0, 3);
  std::string encoding = choose_encoding(bytes);
  if (bytes.empty()) return {};
  // HUGE: libxml2 otherwise stops at a nesting depth of 256 (unclosed <font> tags in
  // old Word exports reach that) and at 10 MB text nodes, dropping the rest silently.
  // Blank text nodes are kept (no NOBLANKS): "<b>Beslutning:</b> <i>Godkendt</i>"
  // needs its space.
  constexpr int kOptions = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                           HTML_PARSE_NONET | XML_PARSE_HUGE;
  xml::Document doc(htmlReadMemory(bytes.data(), static_cast<int>(bytes.size()),
                                                      nullptr, encoding.c_str(), kOptions));
  if (!doc) return {};
  Sink sink;
  Walker walker(sink);
  walker.children(reinterpret_cast<xmlNode*>(doc.get()));
  return sink.take();
}

}  // namespace referat::formats
