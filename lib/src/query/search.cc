// SPDX-License-Identifier: GPL-3.0-or-later
//
// Running a search: ranking and sort orders, snippets with highlight offsets,
// matched parts and facets.
#include <algorithm>
#include <array>
#include <set>

#include "index/document.h"
#include "index/index_impl.h"
#include "index/schema.h"
#include "query/fields.h"
#include "query/snippet.h"
#include "util/text.h"

namespace referat::query {

namespace {

// Where a term can be, and the name matched_parts gives it: the title, then each
// part kind's field (schema::kPartFields; "other" for the catch-all).
struct PartPrefix {
  std::string prefix;
  std::string name;
};

const std::vector<PartPrefix>& part_prefixes() {
  static const std::vector<PartPrefix> all = [] {
    std::vector<PartPrefix> v = {{schema::kTitle, "title"}};
    for (const auto& f : schema::kPartFields) v.push_back({f.prefix, *f.kind ? f.kind : "other"});
    return v;
  }();
  return all;
}

std::string item_text(const StoredItem& s) {
  std::string out;
  for (const auto& p : s.item.parts) {
    if (!out.empty()) out += "\n";
    out += p.text;
  }
  if (out.empty()) out = s.item.title;
  return out;
}

// Which fields of the document hold the query terms it matched.
std::vector<std::string> matched_parts(const Xapian::Enquire& enquire, const Xapian::MSetIterator& it,
                                       const Xapian::Document& doc) {
  std::vector<std::string> terms(enquire.get_matching_terms_begin(it), enquire.get_matching_terms_end(it));
  std::vector<std::string> found;
  auto add = [&](const std::string& name) {
    if (std::find(found.begin(), found.end(), name) == found.end()) found.push_back(name);
  };
  // The document's terms, read once: a fresh TermIterator per lookup decodes the
  // whole termlist again (that was most of a query's time).
  std::vector<std::string> doc_terms(doc.termlist_begin(), doc.termlist_end());
  auto has = [&](const std::string& term) { return std::binary_search(doc_terms.begin(), doc_terms.end(), term); };
  for (const auto& term : terms) {
    // Stems (Z…) and compound parts (XW…) carry a field prefix after their own.
    std::string lead = term.starts_with("Z") ? "Z" : term.starts_with(analysis::kPartPrefix) ? analysis::kPartPrefix : "";
    std::string bare = term.substr(lead.size());
    if (bare.empty()) continue;
    if (!std::isupper(static_cast<unsigned char>(bare[0]))) {
      for (const auto& p : part_prefixes())
        if (has(lead + p.prefix + bare)) add(p.name);
      continue;
    }
    for (const auto& p : part_prefixes()) {
      std::string_view prefix = p.prefix;
      if (bare.starts_with(prefix) && bare.size() > prefix.size() &&
          !std::isupper(static_cast<unsigned char>(bare[prefix.size()])))
        add(p.name);
    }
    if (term.starts_with(schema::kCase) || term.starts_with(schema::kCaseMention)) add("case");
  }
  std::vector<std::string> ordered;
  for (const auto& p : part_prefixes())
    if (std::find(found.begin(), found.end(), p.name) != found.end()) ordered.push_back(p.name);
  if (std::find(found.begin(), found.end(), "case") != found.end()) ordered.push_back("case");
  return ordered;
}

Facet facet_of(const Xapian::ValueCountMatchSpy& spy) {
  Facet out;
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it)
    if (!(*it).empty()) out.emplace_back(*it, it.get_termfreq());
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  return out;
}

}  // namespace

SearchResults search(Xapian::Database& db, const SearchOptions& options, bool remote) {
  SearchResults results;
  results.query = options.query;
  analysis::Analyzer analyzer;
  QueryMode mode;
  mode.expand = options.expand;
  ParsedQuery parsed = parse_query(options.query, db, analyzer, mode);
  results.corrected = parsed.corrected;
  const Xapian::Query& query = parsed.query;
  std::set<std::string> terms = options.snippets ? highlight_terms(query) : std::set<std::string>();

  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BM25Weight());
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);

  // Ties are broken by id (or by meeting and item), so pages never overlap. Each order
  // is one precomputed value (schema.h): remote shards cannot run a KeyMaker.
  switch (options.sort) {
    case SortOrder::relevance:
      enquire.set_sort_by_relevance_then_value(schema::kIdSlot, false);
      break;
    // Items without a date or case sort last in every order.
    case SortOrder::date:
      enquire.set_sort_by_value(schema::kNewestSlot, true);
      break;
    case SortOrder::oldest:
      enquire.set_sort_by_value(schema::kOldestSlot, false);
      break;
    case SortOrder::case_number:
      enquire.set_sort_by_value(schema::kCaseSortSlot, false);
      break;
  }

  Xapian::ValueCountMatchSpy body_spy(schema::kBodySlot), year_spy(schema::kYearSlot),
      type_spy(schema::kTypeSlot), section_spy(schema::kSectionSlot);
  Xapian::doccount check_at_least = static_cast<Xapian::doccount>(options.offset + options.limit);
  // Over remote shards Xapian 1.4 counts the returned hits twice in match spies, so
  // there the facets are counted by a pass of their own that returns no hits.
  if (options.facets) {
    if (!remote)
      for (auto* spy : {&body_spy, &year_spy, &type_spy, &section_spy}) enquire.add_matchspy(spy);
    check_at_least = db.get_doccount();
  }
  Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(options.offset),
                                       static_cast<Xapian::doccount>(options.limit), check_at_least);
  if (mset.empty() && mset.get_matches_upper_bound() == 0 && parsed.relaxable) {
    // No item has all the words: rank the items that have some of them, and say so.
    mode.any_word = true;
    ParsedQuery any = parse_query(options.query, db, analyzer, mode);
    enquire.set_query(any.query);
    if (options.snippets) terms = highlight_terms(any.query);
    mset = enquire.get_mset(static_cast<Xapian::doccount>(options.offset),
                            static_cast<Xapian::doccount>(options.limit), check_at_least);
    results.relaxed = !mset.empty() || mset.get_matches_upper_bound() > 0;
  }
  results.total = mset.get_matches_estimated();
  results.total_is_estimate = mset.get_matches_lower_bound() != mset.get_matches_upper_bound();
  if (options.facets) {
    if (remote) {
      Xapian::Enquire counting(db);
      counting.set_query(enquire.get_query());
      for (auto* spy : {&body_spy, &year_spy, &type_spy, &section_spy}) counting.add_matchspy(spy);
      counting.get_mset(0, 0, db.get_doccount());
    }
    results.facets["body"] = facet_of(body_spy);
    results.facets["year"] = facet_of(year_spy);
    results.facets["type"] = facet_of(type_spy);
    results.facets["section"] = facet_of(section_spy);
  }

  std::size_t rank = options.offset;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    Xapian::Document doc = it.get_document();
    StoredItem stored = index::read_document(doc);
    SearchHit hit;
    hit.rank = ++rank;
    hit.id = stored.id;
    hit.score = it.get_weight();
    hit.body = stored.meeting.body.value_or("");
    hit.type = stored.meeting.type;
    hit.date = stored.meeting.date.value_or("");
    hit.item = stored.item.number;
    hit.title = stored.item.title;
    hit.case_number = stored.item.case_number;
    hit.section = stored.item.section;
    hit.source = stored.meeting.source;
    hit.page = stored.item.page;
    hit.matched_parts = matched_parts(enquire, it, doc);
    if (options.snippets) make_snippet(item_text(stored), terms, analyzer, options.snippet_length, hit);
    results.hits.push_back(std::move(hit));
  }
  return results;
}

}  // namespace referat::query
