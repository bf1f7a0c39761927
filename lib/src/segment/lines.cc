// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/lines.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "util/text.h"

namespace referat::segment {

namespace {

void erase_all(std::string& s, std::string_view what) {
  for (std::size_t at; (at = s.find(what)) != std::string::npos;) s.erase(at, what.size());
}

// Removes one pair of wrapping marks (`*x*`, `_x_`) around the whole line.
bool unwrap(std::string& s, char mark) {
  if (s.size() >= 3 && s.front() == mark && s.back() == mark && s[1] != ' ') {
    s = std::string(text::trim(std::string_view(s).substr(1, s.size() - 2)));
    return true;
  }
  return false;
}

// "[text](target)" → "text"; Markdown backslash escapes ("\(") → the character.
std::string strip_links(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    // CommonMark: a backslash escapes any ASCII punctuation ("1\\. Godkendelse").
    if (c == '\\' && i + 1 < s.size() && std::ispunct(static_cast<unsigned char>(s[i + 1]))) {
      out += s[++i];
      continue;
    }
    if (c == ']' && i + 1 < s.size() && s[i + 1] == '(') {
      std::size_t close = s.find(')', i + 2);
      std::size_t open = out.rfind('[');
      if (close != std::string_view::npos && open != std::string::npos &&
          s.substr(i + 2, close - i - 2).find(' ') == std::string_view::npos) {
        out.erase(open, 1);
        i = close;
        continue;
      }
    }
    out += c;
  }
  return out;
}

}  // namespace

Line clean_line(std::string_view raw) {
  Line line;
  std::string_view s = text::trim(raw);
  while (!s.empty() && s.front() == '#') {
    ++line.heading_level;
    s.remove_prefix(1);
  }
  if (line.heading_level > 0 && !s.empty() && s.front() != ' ' && s.front() != '\t') {
    // "#hashtag" is not a heading.
    s = text::trim(raw);
    line.heading_level = 0;
  }
  std::string t(text::trim(s));
  std::string_view trimmed = t;
  line.bold = (trimmed.starts_with("**") && trimmed.ends_with("**") && trimmed.size() > 4) ||
              (trimmed.starts_with("<b>") && trimmed.ends_with("</b>")) ||
              (trimmed.starts_with("__") && trimmed.ends_with("__") && trimmed.size() > 4);
  static constexpr std::array<std::string_view, 6> tags = {"<b>", "</b>", "<strong>", "</strong>",
                                                            "**", "__"};
  for (auto tag : tags) erase_all(t, tag);
  if (t.find('[') != std::string::npos || t.find('\\') != std::string::npos) t = strip_links(t);
  t = std::string(text::trim(t));
  unwrap(t, '*') || unwrap(t, '_');
  // A Markdown hard line break ("  " or "\" at the end) is not content.
  if (!t.empty() && t.back() == '\\') t.pop_back();
  line.text = std::string(text::trim(t));
  return line;
}

std::vector<Line> clean_lines(std::string_view document) {
  std::vector<Line> lines;
  int page = 1;
  for (auto raw : text::split_lines(document)) {
    if (raw.find('\f') != std::string_view::npos) {
      page += static_cast<int>(std::count(raw.begin(), raw.end(), '\f'));
      std::string without(raw);
      std::erase(without, '\f');
      lines.push_back(clean_line(without));
    } else {
      lines.push_back(clean_line(raw));
    }
    lines.back().page = page;
  }
  return lines;
}

std::string strip_colon(std::string_view s) {
  s = text::trim(s);
  while (!s.empty() && (s.back() == ':' || s.back() == '.')) s.remove_suffix(1);
  return std::string(text::trim(s));
}

std::string drop_one_period(std::string_view s) {
  s = text::trim(s);
  if (s.ends_with(".") && !s.ends_with("..")) s.remove_suffix(1);
  return std::string(text::trim(s));
}

bool starts_lower(std::string_view s) {
  if (s.empty()) return false;
  std::size_t len = (static_cast<unsigned char>(s[0]) < 0x80) ? 1 : 2;
  std::string_view first = s.substr(0, std::min(len, s.size()));
  return text::has_lower(first);
}

bool has_letter(std::string_view s) {
  return text::has_lower(s) || text::is_upper(s);
}

}  // namespace referat::segment
