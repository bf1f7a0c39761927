// SPDX-License-Identifier: GPL-3.0-or-later
//
// The Danish word list that validates compound parts and line-break hyphenation:
// Debian's wdanish (/usr/share/dict/danish, ~313,000 inflected forms from Stavekontrolden),
// or the file named by $REFERAT_WORDLIST. Loaded once per process, on first use, into
// one block with an open-addressing hash table (about 8 MB); lookups are thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace referat::analysis {

class Dictionary {
 public:
  // The process-wide list. Never throws: a missing list gives an empty dictionary
  // (no compound splitting), and `path()`/`size()` say what was loaded.
  static const Dictionary& danish();

  // Builds a dictionary from words (any case); for tests.
  explicit Dictionary(const std::vector<std::string>& words);

  // Is `lower` (lower case, NFC) a word of the list?
  bool contains(std::string_view lower) const;
  std::size_t size() const { return count_; }
  const std::string& path() const { return path_; }

 private:
  Dictionary() = default;
  void add_lines(std::string_view text);
  void insert(std::size_t at, std::size_t n);
  std::size_t slot_of(std::string_view word) const;

  std::string storage_;           // the words, each followed by '\n'
  std::vector<std::uint32_t> table_;  // storage offset + 1 per slot; 0 = empty
  std::size_t count_ = 0;
  std::string path_;
};

// Lower case for the Latin letters Danish uses, without ICU for the common case;
// other scripts go through ICU. `s` is valid UTF-8.
std::string fold_case(std::string_view s);

}  // namespace referat::analysis
