// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/people.h"

#include <algorithm>
#include <regex>
#include <string>

#include "util/text.h"

namespace referat::segment {

namespace {

std::optional<std::string> nonempty(std::string s) {
  s = std::string(text::trim(s));
  while (!s.empty() && (s.back() == '.' || s.back() == ',')) s.pop_back();
  if (s.empty()) return std::nullopt;
  return s;
}

// A plausible personal name: 1-6 words, starting upper case, no digits.
bool looks_like_name(std::string_view s) {
  if (s.empty() || s.size() > 80) return false;
  if (text::lower(s.substr(0, 1)) == s.substr(0, 1) && std::isalpha(static_cast<unsigned char>(s[0])))
    return false;
  int words = 0;
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t end = s.find(' ', start);
    if (end == std::string_view::npos) end = s.size();
    std::string_view word = s.substr(start, end - start);
    start = end + 1;
    if (word.empty()) continue;
    ++words;
    for (char c : word)
      if (std::isdigit(static_cast<unsigned char>(c)) || c == ':' || c == ';' || c == ',') return false;
    // Every word of a name is capitalised, except particles ("af", "de", "von").
    static constexpr std::string_view particles[] = {"af", "de", "von", "van", "la", "le", "og"};
    bool particle = std::find(std::begin(particles), std::end(particles), word) != std::end(particles);
    if (!particle && text::has_lower(word.substr(0, 1)) ) return false;
  }
  return words >= 1 && words <= 6;
}

}  // namespace

std::optional<Person> parse_member(std::string_view line) {
  static const std::regex re(R"(^(.+?)\s*,?\s*\(([^()]{1,40})\)\s*,?\s*(.*)$)");
  std::string s(text::strip_bullet(line));
  std::smatch m;
  if (!std::regex_match(s, m, re)) return std::nullopt;
  std::string name = std::string(text::trim(m[1].str()));
  if (!looks_like_name(name)) return std::nullopt;
  Person p;
  p.name = name;
  p.party = nonempty(m[2]);
  std::string rest = m[3];
  static const std::regex kommune(R"(\s+[Kk]ommune\.?$)");
  rest = std::regex_replace(rest, kommune, "");
  p.municipality = nonempty(rest);
  return p;
}

std::optional<Person> parse_official(std::string_view line, std::string_view organisation) {
  std::string s(text::strip_bullet(line));
  std::size_t comma = s.find(',');
  std::string name = std::string(text::trim(s.substr(0, comma)));
  if (!looks_like_name(name)) return std::nullopt;
  Person p;
  p.name = name;
  if (comma != std::string::npos) p.role = nonempty(s.substr(comma + 1));
  if (!organisation.empty()) p.organisation = std::string(organisation);
  return p;
}

std::optional<Person> parse_name(std::string_view line) {
  std::string s(text::strip_bullet(line));
  while (!s.empty() && (s.back() == '.' || s.back() == ',')) s.pop_back();
  if (!looks_like_name(s)) return std::nullopt;
  return Person{s, std::nullopt, std::nullopt, std::nullopt, std::nullopt};
}

std::vector<Person> parse_member_list(std::string_view line) {
  // Split at commas outside parentheses: "Anna Holm (A), Per Nissen (V), Carl Holm".
  std::vector<std::string> chunks(1);
  int depth = 0;
  for (char c : line) {
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if ((c == ',' || c == ';') && depth <= 0) {
      chunks.emplace_back();
      continue;
    }
    chunks.back() += c;
  }
  std::vector<Person> people;
  for (const auto& chunk : chunks) {
    if (text::trim(chunk).empty()) continue;
    if (auto p = parse_member(chunk)) people.push_back(*p);
    else if (auto q = parse_name(chunk)) people.push_back(*q);
  }
  return people;
}

std::size_t party_groups(std::string_view line) {
  std::size_t n = 0;
  for (char c : line) n += c == '(';
  return n;
}

}  // namespace referat::segment
