// SPDX-License-Identifier: GPL-3.0-or-later
#include "analysis/case_numbers.h"

namespace referat::analysis {

namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }

// Counts a run of digits from `at`.
std::size_t digits(std::string_view s, std::size_t at) {
  std::size_t n = 0;
  while (at + n < s.size() && digit(s[at + n])) ++n;
  return n;
}

// Counts the letters (A-Z, Æ, Ø, Å; a-z, æ, ø, å when any_case) from the start of s,
// returning the byte length and the number of letters.
std::pair<std::size_t, std::size_t> letters(std::string_view s, bool any_case) {
  std::size_t bytes = 0, count = 0;
  while (bytes < s.size()) {
    char c = s[bytes];
    if ((c >= 'A' && c <= 'Z') || (any_case && c >= 'a' && c <= 'z')) {
      bytes += 1;
    } else if (static_cast<unsigned char>(c) == 0xC3 && bytes + 1 < s.size()) {
      unsigned char d = static_cast<unsigned char>(s[bytes + 1]);
      bool upper = d == 0x86 || d == 0x98 || d == 0x85;  // Æ Ø Å
      bool lower = d == 0xA6 || d == 0xB8 || d == 0xA5;  // æ ø å
      if (!(upper || (any_case && lower))) break;
      bytes += 2;
    } else {
      break;
    }
    ++count;
  }
  return {bytes, count};
}

bool token_char(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return u >= 0x80 || digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '/';
}

}  // namespace

bool is_case_number(std::string_view t, bool any_case) {
  if (t.empty()) return false;
  if (digit(t[0])) {
    std::size_t first = digits(t, 0);
    if (first == 2 && t.size() > 3 && t[2] == '/') {  // 12/34567
      std::size_t second = digits(t, 3);
      return second >= 3 && second <= 7 && 3 + second == t.size();
    }
    if (first == 4 && t.size() > 5 && t[4] == '-') {  // 2019-31415
      std::size_t second = digits(t, 5);
      return second >= 5 && second <= 7 && 5 + second == t.size();
    }
    return false;
  }
  auto [bytes, count] = letters(t, any_case);  // SAG-2021-00417
  if (count < 2 || count > 6 || bytes >= t.size() || t[bytes] != '-') return false;
  std::size_t at = bytes + 1;
  if (digits(t, at) != 4 || at + 4 >= t.size() || t[at + 4] != '-') return false;
  std::size_t last = digits(t, at + 5);
  return last >= 2 && last <= 7 && at + 5 + last == t.size();
}

std::vector<std::string> find_case_numbers(std::string_view text) {
  std::vector<std::string> found;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !token_char(text[i])) ++i;
    std::size_t start = i;
    while (i < text.size() && token_char(text[i])) ++i;
    std::string_view token = text.substr(start, i - start);
    while (!token.empty() && (token.back() == '-' || token.back() == '/')) token.remove_suffix(1);
    if (token.size() >= 6 && token.size() <= 40 && is_case_number(token)) found.emplace_back(token);
  }
  return found;
}

}  // namespace referat::analysis
