// SPDX-License-Identifier: GPL-3.0-or-later
//
// Snippets that mark what the analysis matched: the words of the text whose terms
// (exact, stem, other spelling, compound part, acronym, special token) are terms of
// the query, so `sikkerhed` marks "cybersikkerhed" and `Århus` marks "Aarhus".
#pragma once

#include <set>
#include <string>

#include "analysis/analyzer.h"
#include "referat/search.h"

namespace referat::query {

// The passage of about `length` characters with the most distinct matched words,
// whitespace collapsed, "…" where text was cut; highlights in code points. Returns
// the number of page breaks (form feeds, see segment/items.h) in `text` before the
// passage's first matched word, or npos when no word matched.
struct HighlightTerms {
  // The query's terms with field prefixes taken off ("ZSvelfærd" → "Zvelfærd"), so
  // that a field query marks its words in the text too.
  std::set<std::string, std::less<>> all;
  // The same by kind, their lead ("Z", "XW", "XR:") taken off too: a word's analysis
  // is compared with them without building a term string per word.
  std::set<std::string, std::less<>> exact, stems, parts, acronyms;
};

std::size_t make_snippet(const std::string& text, const HighlightTerms& query_terms,
                  analysis::Analyzer& analyzer, std::size_t length, SearchHit& hit);

HighlightTerms highlight_terms(const Xapian::Query& query);

}  // namespace referat::query
