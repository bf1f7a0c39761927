// SPDX-License-Identifier: GPL-3.0-or-later
//
// Abbreviations and other names of one thing (lib/data/synonyms.txt): "ØA24 = ØA 24 =
// Økonomiaftalen 2024". The query parser expands a member it finds in a query into
// the other members, with less weight than the words typed.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace referat::analysis {

struct SynonymMember {
  std::vector<std::string> words;  // as written in the data file, tokenised
  bool case_sensitive = false;     // a single acronym (KL): matches only in capitals
};

class Synonyms {
 public:
  // The groups compiled in from lib/data/synonyms.txt.
  static const Synonyms& builtin();
  explicit Synonyms(std::string_view data);

  struct Match {
    std::size_t length = 0;  // query words matched
    std::size_t group = 0;
    std::size_t member = 0;
  };
  // The longest member that the words (as written) starting at `at` spell.
  std::optional<Match> match(std::span<const std::string> words, std::size_t at) const;

  const std::vector<std::vector<SynonymMember>>& groups() const { return groups_; }

 private:
  std::vector<std::vector<SynonymMember>> groups_;
};

}  // namespace referat::analysis
