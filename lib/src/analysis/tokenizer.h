// SPDX-License-Identifier: GPL-3.0-or-later
//
// Tokens of normalised text (analysis/normalize.h): words by ICU's word break rules
// (UAX #29, Danish locale), each with a position, plus the tokens of our own that
// ICU would take apart, recognised over the words they cover:
//   case number  SAG-2024-00417, EMN-2025-003383, 12/27845, 2011-29298 → "SAG-2024-00417"
//   paragraph    § 8, §§ 8a, § 8, stk. 1                             → "§8", "§8a", "§8stk1"
//   amount       72 mio. kr., 1.500 kr., 2,5 mia.kr., 500 t.kr.      → "72mio.kr", "1500kr"
//   date         21. juni 2023, 21-06-2023, 21.06.2023, 2023-06-21   → "2023-06-21"
//   address      post@havnekoebing.dk, https://…, www.…              → lower case as written
// Each gives one extra term (its canonical form) at the position of its first word;
// the words themselves are still indexed, so phrases over them work as written.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace referat::analysis {

struct Word {
  std::size_t begin = 0, end = 0;  // byte offsets in Tokens::text
  bool has_digit = false;
  bool has_letter = false;
  bool hyphen_before = false;  // joined to the previous word by a single '-' ("KKR-møde")
};

enum class SpecialKind { case_number, paragraph, amount, date, address };

struct Special {
  SpecialKind kind;
  std::string term;              // canonical form (case numbers as written, upper case)
  std::string broader;           // also indexed: "§8" for "§8stk1"; usually empty
  std::size_t begin = 0, end = 0;  // bytes in Tokens::text
  std::size_t first_word = 0, end_word = 0;  // words [first_word, end_word) it covers
};

struct Tokens {
  std::string text;  // the normalised text the offsets refer to
  std::vector<Word> words;
  std::vector<Special> specials;  // in text order, not overlapping

  std::string_view word(std::size_t i) const {
    return std::string_view(text).substr(words[i].begin, words[i].end - words[i].begin);
  }
};

// Tokenises normalised text. With `any_case`, case numbers may be written in lower
// case (queries: "sag-2023-02073").
Tokens tokenize(std::string text, bool any_case = false);

}  // namespace referat::analysis
