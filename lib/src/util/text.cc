// SPDX-License-Identifier: GPL-3.0-or-later
#include "util/text.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <cstdio>

namespace referat::text {

namespace {
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// U+00A0 (no-break space) is common in exported documents; treat it as space.
bool nbsp_at(std::string_view s, std::size_t i) {
  return i + 1 < s.size() && static_cast<unsigned char>(s[i]) == 0xC2 &&
         static_cast<unsigned char>(s[i + 1]) == 0xA0;
}
}  // namespace

std::string_view trim(std::string_view s) {
  for (;;) {
    if (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    else if (nbsp_at(s, 0)) s.remove_prefix(2);
    else break;
  }
  for (;;) {
    if (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    else if (s.size() >= 2 && nbsp_at(s, s.size() - 2)) s.remove_suffix(2);
    else break;
  }
  return s;
}

std::vector<std::string_view> split_lines(std::string_view s) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n' || s[i] == '\r') {
      lines.push_back(s.substr(start, i - start));
      if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
      start = i + 1;
    }
  }
  if (start < s.size()) lines.push_back(s.substr(start));
  return lines;
}

std::string collapse_spaces(std::string_view s) {
  std::string out;
  bool pending = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (is_space(s[i]) || nbsp_at(s, i)) {
      if (nbsp_at(s, i)) ++i;
      pending = !out.empty();
      continue;
    }
    if (pending) out += ' ';
    pending = false;
    out += s[i];
  }
  return out;
}

static std::string to_utf8(const icu::UnicodeString& u) {
  std::string out;
  u.toUTF8String(out);
  return out;
}

static icu::UnicodeString from_utf8(std::string_view s) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
}

std::string lower(std::string_view s) {
  icu::UnicodeString u = from_utf8(s);
  u.toLower(icu::Locale("da"));
  return to_utf8(u);
}

std::string upper_first(std::string_view s) {
  icu::UnicodeString u = from_utf8(s);
  if (u.isEmpty()) return std::string(s);
  UChar32 c = u.char32At(0);
  icu::UnicodeString first(c);
  first.toUpper(icu::Locale("da"));
  u.replace(0, U16_LENGTH(c), first);
  return to_utf8(u);
}

static bool any_letter(std::string_view s, bool want_lower) {
  icu::UnicodeString u = from_utf8(s);
  bool letters = false;
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    if (!u_isalpha(c)) continue;
    letters = true;
    if (want_lower && u_islower(c)) return true;
    if (!want_lower && u_islower(c)) return false;
  }
  return want_lower ? false : letters;
}

bool is_upper(std::string_view s) { return any_letter(s, false); }
bool has_lower(std::string_view s) { return any_letter(s, true); }

std::string nfc(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* norm = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return std::string(s);
  icu::UnicodeString u = from_utf8(s);
  if (norm->isNormalized(u, status) && U_SUCCESS(status)) return std::string(s);
  status = U_ZERO_ERROR;
  icu::UnicodeString out = norm->normalize(u, status);
  return U_FAILURE(status) ? std::string(s) : to_utf8(out);
}

std::string slugify(std::string_view s) {
  // Decompose so that accents can be dropped (é → e), but keep æ, ø, å whole:
  // they are letters of their own in Danish and get their two-letter forms.
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  icu::UnicodeString u = from_utf8(lower(s));
  std::string out;
  bool dash = false;
  for (int32_t i = 0; i < u.length();) {
    UChar32 c = u.char32At(i);
    i += U16_LENGTH(c);
    // å (U+00E5) decomposes to a + ring: handle the Danish letters before NFD.
    std::string piece;
    if (c == 0x00E6) piece = "ae";
    else if (c == 0x00F8) piece = "oe";
    else if (c == 0x00E5) piece = "aa";
    else if (c == 0x00DF) piece = "ss";
    else if (c < 0x80) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) piece = static_cast<char>(c);
    } else if (u_isalnum(c) && U_SUCCESS(status)) {
      icu::UnicodeString d;
      nfd->normalize(icu::UnicodeString(c), d, status);
      for (int32_t j = 0; j < d.length(); ++j) {
        UChar dc = d.charAt(j);
        if (dc < 0x80 && ((dc >= 'a' && dc <= 'z') || (dc >= '0' && dc <= '9'))) piece += static_cast<char>(dc);
      }
    }
    if (piece.empty()) {
      dash = !out.empty();
      continue;
    }
    if (dash) out += '-';
    dash = false;
    out += piece;
  }
  return out;
}

std::string slug_key(std::string_view s, std::size_t max) {
  std::string slug = slugify(s);
  if (slug.size() <= max) return slug;
  std::string hash = hash_hex(slug).substr(0, 8);
  std::string cut = slug.substr(0, max - hash.size() - 1);
  while (!cut.empty() && cut.back() == '-') cut.pop_back();
  return cut + "-" + hash;
}

std::string hash_hex(std::string_view s) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

std::size_t repair_utf8(std::string& s) {
  std::size_t bad = 0;
  std::string out;
  out.reserve(s.size());
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t len = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < len;) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, len, c);
    if (c < 0) {
      ++bad;
      out += "\xEF\xBF\xBD";
    } else {
      out.append(s, start, i - start);
    }
  }
  if (bad) s.swap(out);
  return bad;
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string_view strip_bullet(std::string_view s) {
  s = trim(s);
  if (s.starts_with("- ") || s.starts_with("* ") || s.starts_with("+ ")) s.remove_prefix(2);
  else if (s.starts_with("\u2022 ")) s.remove_prefix(std::string_view("\u2022 ").size());
  return trim(s);
}

bool iequals(std::string_view a, std::string_view b) { return lower(a) == lower(b); }

}  // namespace referat::text
