// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/privacy.h"

namespace referat::segment {

namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }
int two(const std::string& s, std::size_t at) { return (s[at] - '0') * 10 + (s[at + 1] - '0'); }

// Day and month of a CPR number; 29 February counts (the century is in the serial).
bool plausible_birth_date(int day, int month) {
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month >= 1 && month <= 12 && day >= 1 && day <= kDays[month - 1];
}

// Not part of a longer run of digits, dashes or slashes (case numbers, amounts, phone
// numbers written with more digits).
bool boundary(const std::string& s, std::size_t at) {
  if (at >= s.size()) return true;
  char c = s[at];
  if (c == '.' || c == ',') {
    // "1.010.190.1234" is a number; "… 3112851234." ends a sentence.
    bool before = at > 0 && digit(s[at - 1]), after = at + 1 < s.size() && digit(s[at + 1]);
    return !(before && after);
  }
  return !digit(c) && c != '-' && c != '/';
}

}  // namespace

std::size_t mask_cpr_numbers(std::string& s) {
  std::size_t count = 0;
  for (std::size_t i = 0; i + 10 <= s.size(); ++i) {
    if (!digit(s[i]) || (i > 0 && !boundary(s, i - 1))) continue;
    std::size_t j = i;
    while (j < i + 6 && j < s.size() && digit(s[j])) ++j;
    if (j != i + 6) continue;
    bool dash = j < s.size() && s[j] == '-';
    std::size_t serial = dash ? j + 1 : j;
    std::size_t end = serial;
    while (end < serial + 4 && end < s.size() && digit(s[end])) ++end;
    if (end != serial + 4 || !boundary(s, end)) continue;
    if (!plausible_birth_date(two(s, i), two(s, i + 2))) continue;
    s.replace(i, end - i, dash ? "XXXXXX-XXXX" : "XXXXXXXXXX");
    ++count;
    i += dash ? 10 : 9;
  }
  return count;
}

}  // namespace referat::segment
