// SPDX-License-Identifier: GPL-3.0-or-later
#include <algorithm>

#include "formats/formats.h"
#include "util/text.h"

namespace referat::formats {

namespace {

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t k = 0; k < prefix.size(); ++k) {
    char c = s[k];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[k]) return false;
  }
  return true;
}

// Skips white space, comments and processing instructions before the first element.
std::string_view skip_prolog(std::string_view s) {
  for (;;) {
    std::size_t k = 0;
    while (k < s.size() && (s[k] == ' ' || s[k] == '\t' || s[k] == '\r' || s[k] == '\n')) ++k;
    s.remove_prefix(k);
    std::string_view close;
    if (s.starts_with("<?")) close = "?>";
    else if (s.starts_with("<!--")) close = "-->";
    else return s;
    std::size_t end = s.find(close);
    if (end == std::string_view::npos) return {};
    s.remove_prefix(end + close.size());
  }
}

}  // namespace

Format detect(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  std::string_view head = bytes.substr(0, 1024);
  if (head.find("%PDF-") != std::string_view::npos && head.substr(0, 16).find("%PDF-") != std::string_view::npos)
    return Format::pdf;
  bool declared = head.starts_with("<?xml");
  std::string_view s = skip_prolog(bytes.substr(0, 1 << 16));
  if (starts_with_ci(s, "<!doctype html") || starts_with_ci(s, "<html")) return Format::html;
  if (s.starts_with("<!DOCTYPE") || (s.starts_with("<") && s.size() > 1 &&
                                      ((s[1] >= 'A' && s[1] <= 'Z') || (s[1] >= 'a' && s[1] <= 'z')))) {
    // An element first: XML, unless it is an HTML page without <html> (<head>, <body>,
    // <div> … and a closing tag further on).
    for (std::string_view tag : {"<head", "<body", "<div", "<p>", "<p ", "<table", "<h1", "<h2", "<meta"})
      if (starts_with_ci(s, tag)) return Format::html;
    if (declared || s.starts_with("<!DOCTYPE")) return Format::xml;
    // Undeclared: XML only when the document ends by closing its first element (a
    // text starting with "<b>Referat</b>" is text with markup).
    std::size_t name_end = s.find_first_of(" \t\r\n/>", 1);
    std::string_view name = s.substr(1, name_end == std::string_view::npos ? 0 : name_end - 1);
    std::string_view tail = text::trim(bytes.substr(bytes.size() - std::min<std::size_t>(bytes.size(), 256)));
    if (!name.empty() && tail.ends_with(">") && tail.find("</" + std::string(name)) != std::string_view::npos)
      return Format::xml;
    return Format::text;
  }
  if (declared) return Format::xml;
  return Format::text;
}

const char* format_name(Format format) {
  switch (format) {
    case Format::pdf: return "PDF";
    case Format::html: return "HTML";
    case Format::xml: return "XML";
    case Format::text: break;
  }
  return "text";
}

}  // namespace referat::formats
