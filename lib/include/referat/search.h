// SPDX-License-Identifier: GPL-3.0-or-later
//
// Search options and results: plain value types, safe to share read-only between
// threads. Searching is done by Index::search (index.h).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace referat {

enum class SortOrder {
  relevance,    // best first; ties by id
  date,         // newest meeting first, then item order
  oldest,       // oldest meeting first, then item order
  case_number,  // by case number, then oldest first
};

struct SearchOptions {
  // The query in referat's query language (README.md, "Query syntax").
  std::string query;
  SortOrder sort = SortOrder::relevance;
  std::size_t offset = 0;
  std::size_t limit = 10;
  bool snippets = true;         // compute snippet + highlights per hit
  // Match unquoted words expanded (compound parts, other spellings, synonyms) or,
  // when false, by their stem only (as `=word` does for one word).
  bool expand = true;
  bool facets = true;           // count body/year/type/section over all matches
  std::size_t snippet_length = 240;  // in characters, approximately
  // An item's agenda and minutes (same body, date and item number) are one result:
  // the minutes' version is shown whenever the index has it, and a match in the
  // agenda's text finds it too (SearchHit::other_versions names the agenda; the
  // snippet comes from the agenda when the minutes lack the words). Facets still count
  // both versions. True, or a query naming a type (type:dagsorden): each version is a
  // result of its own.
  bool all_versions = false;
};

// [start, end) offsets in Unicode code points into SearchHit::snippet.
struct Highlight {
  std::size_t start = 0;
  std::size_t end = 0;
};

struct SearchHit {
  std::size_t rank = 0;  // 1-based, counting from the first result (offset included)
  std::string id;
  double score = 0;
  std::string body;
  std::string type;
  std::string date;
  std::string item;  // item number
  std::string title;
  std::optional<std::string> case_number;
  std::optional<std::string> section;
  // Where the query matched: "title", "indstilling", "beslutning", "sagsfremstilling",
  // "baggrund", "bilag" (the part or attachment titles), "økonomi", "høring", "resumé",
  // "tidligere behandling", "other" (any other part), "case".
  std::vector<std::string> matched_parts;
  std::string snippet;                     // plain text
  std::vector<Highlight> highlights;
  std::string source;
  std::optional<int> page;      // the item's first page (PDF, or a table of contents)
  // The page the snippet's first matched word is on (PDF sources; needs snippets).
  std::optional<int> hit_page;
  // The ids of this item's other versions in the index (the agenda's when the minutes
  // are shown); empty with SearchOptions::all_versions.
  std::vector<std::string> other_versions;
};

// A facet: value → number of matching items, most frequent first (ties by value).
using Facet = std::vector<std::pair<std::string, std::size_t>>;

struct SearchResults {
  std::string query;
  // "Did you mean": the query with its rare or unknown words replaced by the index's
  // most likely spelling ("velfærdsteknlogi" → "velfærdsteknologi"). The hits are
  // always for `query` as typed, never silently for this.
  std::optional<std::string> corrected;
  // No item had all the words (joined by an implied AND), so the hits are the items
  // with any of them, best first.
  bool relaxed = false;
  // Results in the whole index (items, or versions with all_versions). Exact with
  // facets (every match is visited); without, Xapian may estimate it, and says so.
  std::size_t total = 0;
  bool total_is_estimate = false;
  std::vector<SearchHit> hits;
  std::map<std::string, Facet> facets;  // "body", "year", "type", "section"
};

}  // namespace referat
