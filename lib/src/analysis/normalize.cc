// SPDX-License-Identifier: GPL-3.0-or-later
#include "analysis/normalize.h"

#include <array>

#include "analysis/compounds.h"
#include "util/text.h"

namespace referat::analysis {

namespace {

struct Replacement {
  std::string_view from;
  std::string_view to;
};

constexpr std::array<Replacement, 56> kReplacements = {{
    {"\xC2\xAD", ""},          // soft hyphen
    {"\xE2\x80\x8E", ""},      // left-to-right mark (invisible bidi controls, as pasted
    {"\xE2\x80\x8F", ""},      // right-to-left mark  from web pages: not part of a word)
    {"\xE2\x80\xAA", ""},      // U+202A..U+202E: embeddings and overrides
    {"\xE2\x80\xAB", ""},
    {"\xE2\x80\xAC", ""},
    {"\xE2\x80\xAD", ""},
    {"\xE2\x80\xAE", ""},
    {"\xE2\x81\xA6", ""},      // U+2066..U+2069: isolates
    {"\xE2\x81\xA7", ""},
    {"\xE2\x81\xA8", ""},
    {"\xE2\x81\xA9", ""},
    {"\xE2\x80\x8B", ""},      // zero-width space
    {"\xE2\x80\x8C", ""},      // zero-width non-joiner
    {"\xE2\x80\x8D", ""},      // zero-width joiner
    {"\xE2\x81\xA0", ""},      // word joiner
    {"\xEF\xBB\xBF", ""},      // BOM / zero-width no-break space
    {"\xEF\xAC\x80", "ff"},    // ligatures U+FB00..U+FB06
    {"\xEF\xAC\x81", "fi"},
    {"\xEF\xAC\x82", "fl"},
    {"\xEF\xAC\x83", "ffi"},
    {"\xEF\xAC\x84", "ffl"},
    {"\xEF\xAC\x85", "st"},
    {"\xEF\xAC\x86", "st"},
    {"\xE2\x85\xA0", "I"},  // Roman numeral signs U+2160..U+217F ("Ⅱ" → "II")
    {"\xE2\x85\xA1", "II"},
    {"\xE2\x85\xA2", "III"},
    {"\xE2\x85\xA3", "IV"},
    {"\xE2\x85\xA4", "V"},
    {"\xE2\x85\xA5", "VI"},
    {"\xE2\x85\xA6", "VII"},
    {"\xE2\x85\xA7", "VIII"},
    {"\xE2\x85\xA8", "IX"},
    {"\xE2\x85\xA9", "X"},
    {"\xE2\x85\xAA", "XI"},
    {"\xE2\x85\xAB", "XII"},
    {"\xE2\x85\xAC", "L"},
    {"\xE2\x85\xAD", "C"},
    {"\xE2\x85\xAE", "D"},
    {"\xE2\x85\xAF", "M"},
    {"\xE2\x85\xB0", "i"},
    {"\xE2\x85\xB1", "ii"},
    {"\xE2\x85\xB2", "iii"},
    {"\xE2\x85\xB3", "iv"},
    {"\xE2\x85\xB4", "v"},
    {"\xE2\x85\xB5", "vi"},
    {"\xE2\x85\xB6", "vii"},
    {"\xE2\x85\xB7", "viii"},
    {"\xE2\x85\xB8", "ix"},
    {"\xE2\x85\xB9", "x"},
    {"\xE2\x85\xBA", "xi"},
    {"\xE2\x85\xBB", "xii"},
    {"\xE2\x85\xBC", "l"},
    {"\xE2\x85\xBD", "c"},
    {"\xE2\x85\xBE", "d"},
    {"\xE2\x85\xBF", "m"},
}};

bool ascii_only(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

bool is_lower_ascii(char c) { return c >= 'a' && c <= 'z'; }

// Start of the UTF-8 sequence that ends just before `end`.
std::size_t char_start(std::string_view s, std::size_t end) {
  std::size_t i = end - 1;
  while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return i;
}

// A lower-case letter starts at s[i]: a-z, or æ ø å é and other Latin-1 lower case.
bool lower_letter_at(std::string_view s, std::size_t i) {
  if (i >= s.size()) return false;
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return is_lower_ascii(static_cast<char>(c));
  if (c == 0xC3 && i + 1 < s.size()) {
    unsigned char d = static_cast<unsigned char>(s[i + 1]);
    return d >= 0x9F && d != 0xB7;
  }
  return false;
}

bool letter_at(std::string_view s, std::size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return std::isalpha(c);
  return c == 0xC3;  // Latin-1 letters; enough for Danish words split at a line end
}

// Joins "ramme-\n\nløftet" where the joined word is known.
std::string join_hyphenation(std::string_view s, const Dictionary& dict) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t dash = s.find('-', i);
    if (dash == std::string_view::npos) break;
    // After the hyphen: only blanks and at least one line break, then a lower-case letter.
    std::size_t j = dash + 1;
    bool newline = false;
    while (j < s.size() && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r' || s[j] == '\n')) {
      if (s[j] == '\n' || s[j] == '\r') newline = true;
      ++j;
    }
    bool candidate = newline && dash > 0 && lower_letter_at(s, char_start(s, dash)) && lower_letter_at(s, j);
    if (candidate) {
      std::size_t left = dash;
      while (left > 0 && letter_at(s, char_start(s, left))) left = char_start(s, left);
      std::size_t right = j;
      while (right < s.size() && letter_at(s, right)) right += (static_cast<unsigned char>(s[right]) >= 0xC0) ? 2 : 1;
      std::string joined = fold_case(std::string(s.substr(left, dash - left)) + std::string(s.substr(j, right - j)));
      bool known = dict.contains(joined) || !split_compound(joined, dict).empty();
      if (known && left < dash && right > j) {
        out.append(s.substr(i, dash - i));
        i = j;
        continue;
      }
    }
    out.append(s.substr(i, dash + 1 - i));
    i = dash + 1;
  }
  out.append(s.substr(i));
  return out;
}

}  // namespace

std::string normalize(std::string_view input, const Dictionary& dict) {
  std::string s = ascii_only(input) ? std::string(input) : text::nfc(input);
  if (!ascii_only(s)) {
    // One pass: every replaced sequence starts with 0xC2, 0xE2 or 0xEF.
    std::string out;
    std::size_t done = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(s[i]);
      if (c != 0xC2 && c != 0xE2 && c != 0xEF) continue;
      for (const auto& r : kReplacements) {
        if (s.compare(i, r.from.size(), r.from) != 0) continue;
        if (out.empty()) out.reserve(s.size());
        out.append(s, done, i - done).append(r.to);
        done = i + r.from.size();
        i = done - 1;
        break;
      }
    }
    if (done > 0) s = std::move(out.append(s, done, std::string::npos));
  }
  if (s.find('-') == std::string::npos) return s;
  return join_hyphenation(s, dict);
}

}  // namespace referat::analysis
