// SPDX-License-Identifier: GPL-3.0-or-later
#include "analysis/synonyms.h"

#include "analysis/analyzer.h"
#include "analysis/dictionary.h"
#include "analysis/tokenizer.h"
#include "util/text.h"

namespace referat::analysis {

const Synonyms& Synonyms::builtin() {
  static const Synonyms synonyms(synonyms_data());
  return synonyms;
}

Synonyms::Synonyms(std::string_view data) {
  for (std::string_view line : text::split_lines(data)) {
    line = text::trim(line);
    if (line.empty() || line[0] == '#') continue;
    std::vector<SynonymMember> group;
    std::size_t start = 0;
    while (start <= line.size()) {
      std::size_t end = line.find(" = ", start);
      if (end == std::string_view::npos) end = line.size();
      std::string_view member = text::trim(line.substr(start, end - start));
      start = end + 3;
      Tokens tokens = tokenize(text::nfc(member));
      SynonymMember m;
      for (std::size_t i = 0; i < tokens.words.size(); ++i) m.words.emplace_back(tokens.word(i));
      m.case_sensitive = m.words.size() == 1 && is_acronym(m.words[0]);
      if (!m.words.empty()) group.push_back(std::move(m));
    }
    if (group.size() >= 2) groups_.push_back(std::move(group));
  }
}

std::optional<Synonyms::Match> Synonyms::match(std::span<const std::string> words, std::size_t at) const {
  std::optional<Match> best;
  for (std::size_t g = 0; g < groups_.size(); ++g) {
    for (std::size_t m = 0; m < groups_[g].size(); ++m) {
      const SynonymMember& member = groups_[g][m];
      std::size_t n = member.words.size();
      if (at + n > words.size() || (best && best->length >= n)) continue;
      bool same = true;
      for (std::size_t k = 0; k < n && same; ++k) {
        same = member.case_sensitive ? words[at + k] == member.words[k]
                                     : fold_case(words[at + k]) == fold_case(member.words[k]);
      }
      if (same) best = Match{n, g, m};
    }
  }
  return best;
}

}  // namespace referat::analysis
