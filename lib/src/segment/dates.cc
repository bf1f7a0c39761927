// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/dates.h"

#include <array>
#include <cstdio>
#include <regex>

#include "util/text.h"

namespace referat::segment {

namespace {

constexpr std::array<std::string_view, 12> kMonths = {
    "januar", "februar", "marts",     "april",   "maj",      "juni",
    "juli",   "august",  "september", "oktober", "november", "december"};

}  // namespace

int month_number(std::string_view word) {
  std::string w = text::lower(word);
  if (!w.empty() && w.back() == '.') w.pop_back();
  if (w.size() < 3) return 0;
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (kMonths[i].starts_with(w)) return static_cast<int>(i) + 1;
  }
  // Older abbreviations drop inner letters ("Novbr.", "Nobr.", "Decbr."): the letters
  // in order within one month's name, from its first letter on; ambiguous is no month.
  int found = 0;
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    std::string_view m = kMonths[i];
    if (m[0] != w[0]) continue;
    std::size_t at = 0;
    for (char c : w) {
      at = m.find(c, at);
      if (at == std::string_view::npos) break;
      ++at;
    }
    if (at == std::string_view::npos) continue;
    if (found) return 0;
    found = static_cast<int>(i) + 1;
  }
  return found;
}

namespace {

std::string iso(int y, int m, int d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

}  // namespace

bool valid_date(int year, int month, int day) {
  if (year < 1800 || year > 2200 || month < 1 || month > 12 || day < 1) return false;
  static constexpr std::array<int, 12> days = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (day > days[month - 1]) return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return !(month == 2 && day == 29 && !leap);
}

std::optional<std::string> find_time(std::string_view text) {
  static const std::regex re(R"((?:^|[^\d.:/-])(\d{1,2})[:.](\d{2})(?![\d.:/-]\d))");
  std::string s(text);
  for (std::sregex_iterator it(s.begin(), s.end(), re), end; it != end; ++it) {
    int h = std::stoi((*it)[1]), m = std::stoi((*it)[2]);
    if (h < 24 && m < 60) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%02d:%02d", h % 100, m % 100);
      return std::string(buf);
    }
  }
  return std::nullopt;
}

DateTime find_date_time(std::string_view text) {
  static const std::regex numeric(R"((^|[^\d])(\d{1,2})[-./](\d{1,2})[-./](\d{4})(?!\d))");
  static const std::regex iso_re(R"((^|[^\d])(\d{4})-(\d{2})-(\d{2})(?!\d))");
  static const std::regex words(R"((^|[^\d])(\d{1,2})\.?\s+([A-Za-zæøåÆØÅ]{3,9}\.?)\s+(\d{4})(?!\d))");
  std::string s(text);
  DateTime out;
  std::smatch m;
  std::string rest;
  if (std::regex_search(s, m, iso_re)) {
    int y = std::stoi(m[2]), mo = std::stoi(m[3]), d = std::stoi(m[4]);
    if (valid_date(y, mo, d)) out.date = iso(y, mo, d);
    rest = m.suffix();
  } else if (std::regex_search(s, m, numeric)) {
    int d = std::stoi(m[2]), mo = std::stoi(m[3]), y = std::stoi(m[4]);
    if (valid_date(y, mo, d)) out.date = iso(y, mo, d);
    rest = m.suffix();
  } else {
    for (std::sregex_iterator it(s.begin(), s.end(), words), end; it != end; ++it) {
      int mo = month_number((*it)[3].str());
      if (!mo) continue;
      int d = std::stoi((*it)[2]), y = std::stoi((*it)[4]);
      if (valid_date(y, mo, d)) out.date = iso(y, mo, d);
      rest = it->suffix();
      break;
    }
  }
  out.time = find_time(out.date ? rest : s);
  return out;
}

}  // namespace referat::segment
