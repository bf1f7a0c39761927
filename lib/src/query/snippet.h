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
std::size_t make_snippet(const std::string& text, const std::set<std::string>& query_terms,
                  analysis::Analyzer& analyzer, std::size_t length, SearchHit& hit);

// The query's terms with field prefixes taken off ("ZSvelfærd" → "Zvelfærd"), so
// that a field query marks its words in the text too.
std::set<std::string> highlight_terms(const Xapian::Query& query);

}  // namespace referat::query
