// SPDX-License-Identifier: GPL-3.0-or-later
//
// The Danish word list that validates compound parts and line-break hyphenation:
// Debian's wdanish (/usr/share/dict/danish, ~313,000 inflected forms from
// Stavekontrolden) plus lib/data/words.txt, compiled at build time into a hash table
// that is linked into the library (tools/make_dictionary.cc, dictionary_blob.cc):
// no load time and no data file at run time, and an index and its queries always
// agree on what a word is. $REFERAT_WORDLIST names a plain list to use instead (read
// once per process, ~70 ms). Lookups are thread-safe.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace referat::analysis {

class Dictionary {
 public:
  // The process-wide list (see above).
  static const Dictionary& danish();

  // Builds a dictionary from a plain list, one word per line (any case; lines with
  // spaces are ignored).
  static Dictionary from_lines(std::string_view text, std::string path = {});
  // Views a table written by write(); empty when `blob` is not one.
  static Dictionary from_blob(std::string_view blob, std::string path);
  explicit Dictionary(const std::vector<std::string>& words);
  Dictionary(Dictionary&& other) noexcept { *this = std::move(other); }
  Dictionary& operator=(Dictionary&& other) noexcept;
  Dictionary(const Dictionary&) = delete;
  Dictionary& operator=(const Dictionary&) = delete;

  // Is `lower` (lower case, NFC) a word of the list?
  bool contains(std::string_view lower) const;
  std::size_t size() const { return count_; }
  const std::string& path() const { return path_; }

  // The table as from_blob() reads it.
  void write(std::ostream& out) const;
  // Every word, each followed by '\n', in the table's order (what a fingerprint of
  // the list hashes).
  std::string_view words() const { return storage_; }

 private:
  Dictionary() = default;
  void add_lines(std::string_view text);
  void insert(std::size_t at, std::size_t n);
  std::size_t slot_of(std::string_view word) const;

  // Owned when built here, viewed when from a blob.
  std::string owned_storage_;
  std::vector<std::uint32_t> owned_table_;
  std::string_view storage_;           // the words, each followed by '\n'
  const std::uint32_t* table_ = nullptr;  // storage offset + 1 per slot; 0 = empty
  std::size_t slots_ = 0;
  std::size_t count_ = 0;
  std::string path_;
};

// Lower case for the Latin letters Danish uses, without ICU for the common case;
// other scripts go through ICU. `s` is valid UTF-8.
std::string fold_case(std::string_view s);

}  // namespace referat::analysis
