// SPDX-License-Identifier: GPL-3.0-or-later
//
// Snippets that mark what the analysis matched: the words of the text whose terms
// (exact, stem, other spelling, compound part, acronym, special token) are terms of
// the query, so `sikkerhed` marks "cybersikkerhed" and `Århus` marks "Aarhus".
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/analyzer.h"
#include "referat/search.h"

namespace referat::query {

struct HighlightTerms {
  // The query's terms with field prefixes taken off ("ZSvelfærd" → "Zvelfærd"), so
  // that a field query marks its words in the text too.
  std::set<std::string, std::less<>> all;
  // The same by kind, their lead ("Z", "XW", "XR:") taken off too: a word's analysis
  // is compared with them without building a term string per word.
  std::set<std::string, std::less<>> exact, stems, parts, acronyms;
  // Words lib/data/stems.txt stems to one of `stems`; and what a word must contain
  // for one of its compound parts to be one of `parts` (each part stem, and the words
  // the table stems to one): see analysis::stem_exceptions.
  std::set<std::string, std::less<>> stem_words;
  std::vector<std::string> part_anchors;

  // Can the word (as written) match a term of the query? False only when its
  // analysis cannot: most words of a text are skipped without stemming or splitting
  // them, the dearest part of a snippet. A true answer is checked on the analysis.
  bool may_match(std::string_view word) const;
};

// The analysis of `word` (or of the word before its apostrophe) when one of its terms
// is wanted, else null; valid until the analyser's next limit_cache. `wanted.may_match`
// is false only for words this gives null for.
const analysis::WordTerms* word_matches(std::string_view word, const HighlightTerms& wanted,
                                        analysis::Analyzer& analyzer);

// The passage of about `length` characters with the most distinct matched words,
// whitespace collapsed, "…" where text was cut; highlights in code points. Returns
// the number of page breaks (form feeds, see segment/items.h) in `text` before the
// passage's first matched word, or npos when no word matched.
std::size_t make_snippet(const std::string& text, const HighlightTerms& query_terms,
                  analysis::Analyzer& analyzer, std::size_t length, SearchHit& hit);

HighlightTerms highlight_terms(const Xapian::Query& query);

}  // namespace referat::query
