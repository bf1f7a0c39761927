// SPDX-License-Identifier: GPL-3.0-or-later
//
// Running a search: ranking and sort orders, snippets with highlight offsets,
// matched parts and facets.
#include <algorithm>
#include <array>
#include <functional>

#include <nlohmann/json.hpp>
#include <map>
#include <set>
#include <vector>

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

// Which parts of each hit hold the query's terms: for each of the query's terms under
// each part's prefix, one walk of its posting list over the hits' document ids
// (sorted, skip_to). Neither the hits' termlists (decoding those was most of a
// query's time) nor one Enquire per part (13 matcher set-ups, each looking up every
// hit's id term again, in every shard). Each posting list opened reads its B-tree path
// afresh, so none is opened that cannot change the answer:
// - a word's exact term when the query has its stem too: the indexer writes a word of
//   letters under a prefix always with "Z" + the prefix + its stem (Analyzer::index_word;
//   the stem depends on the lower-case word only, special tokens all have digits or
//   symbols; unless that term is too long), so the stem's walk finds every part the
//   exact word is in — in an index made by this analysis (one made by an older
//   stemmer needs `referat index --force` anyway);
// - a part every hit has been found in already.
// The look-ups go in key order, which keeps the table's cursor on nearby blocks.
void add_matched_parts(Xapian::Database& db, const Xapian::Query& query, analysis::Analyzer& analyzer,
                       std::vector<SearchHit>& hits, const std::vector<Xapian::docid>& docids) {
  if (hits.empty()) return;
  std::vector<std::size_t> order(hits.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return docids[a] < docids[b]; });
  const std::set<std::string> terms(query.get_unique_terms_begin(), query.get_unique_terms_end());
  // The stem whose term the indexer wrote beside the exact `term` under any prefix whose
  // stem term fits (analysis::kMaxTermBytes), or null.
  auto stem_beside = [&](const std::string& term) -> const std::string* {
    // Only a plain word: lower-case letters, ASCII or not (no digits, no symbols).
    auto letter = [](char c) { return (c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80; };
    if (term.empty() || !std::all_of(term.begin(), term.end(), letter)) return nullptr;
    const analysis::WordTerms& t = analyzer.word_terms(term);
    return t.lower == term && !t.stem.empty() && terms.contains("Z" + t.stem) ? &t.stem : nullptr;
  };

  // (term under a part's prefix, the part's name), in key order.
  std::vector<std::pair<std::string, std::string>> checks;
  for (const auto& p : part_prefixes()) {
    for (const auto& term : terms) {
      const std::string_view lead = analysis::term_lead(term);
      const std::string_view bare = std::string_view(term).substr(lead.size());
      if (bare.empty()) continue;
      if (!std::isupper(static_cast<unsigned char>(bare[0]))) {
        const std::string* stem = lead.empty() ? stem_beside(term) : nullptr;
        if (stem && 1 + p.prefix.size() + stem->size() <= analysis::kMaxTermBytes) continue;
        checks.emplace_back(std::string(lead) + p.prefix + std::string(bare), p.name);
      } else if (analysis::has_field_prefix(bare, p.prefix)) {
        checks.emplace_back(term, p.name);  // a field query's own term
      }
    }
  }
  for (const auto& term : terms)
    if (term.starts_with(schema::kCase) || term.starts_with(schema::kCaseMention)) checks.emplace_back(term, "case");
  std::sort(checks.begin(), checks.end());
  checks.erase(std::unique(checks.begin(), checks.end()), checks.end());  // "Zx" and "ZSx" under S

  std::vector<std::set<std::string>> found(hits.size());
  std::map<std::string, std::size_t> hits_with;  // part name → hits found in it
  for (const auto& [term, name] : checks) {
    std::size_t& with = hits_with[name];
    if (with == hits.size()) continue;
    // Most term × part pairs are not in the index: the frequency look-up reuses the
    // table's cursor, where opening a posting list reads its B-tree path afresh.
    if (db.get_termfreq(term) == 0) continue;
    auto it = db.postlist_begin(term);
    const auto end = db.postlist_end(term);
    for (std::size_t i : order) {
      if (it == end) break;
      if (found[i].contains(name)) continue;
      it.skip_to(docids[i]);
      if (it != end && *it == docids[i]) {
        found[i].insert(name);
        ++with;
      }
    }
  }
  for (std::size_t i = 0; i < hits.size(); ++i) {
    for (const auto& p : part_prefixes())
      if (found[i].contains(p.name)) hits[i].matched_parts.push_back(p.name);
    if (found[i].contains("case")) hits[i].matched_parts.push_back("case");
  }
}

void fill_from_header(const std::string& header, SearchHit& hit) {
  auto j = nlohmann::json::parse(header, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return;
  auto str = [&](const char* key) { return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string(); };
  auto opt = [&](const char* key) -> std::optional<std::string> {
    if (j.contains(key) && j[key].is_string()) return j[key].get<std::string>();
    return std::nullopt;
  };
  hit.item = str("n");
  hit.title = str("t");
  hit.case_number = opt("c");
  hit.section = opt("s");
  hit.source = str("u");
  if (j.contains("p") && j["p"].is_number_integer()) hit.page = j["p"].get<int>();
  hit.body = str("b");
  hit.type = str("y");
  hit.date = str("d");
}

// "body/date/dagsorden/3" → "body/date/referat/3".
std::string other_version_id(const std::string& id, std::string_view type) {
  std::size_t first = id.find('/');
  std::size_t second = first == std::string::npos ? first : id.find('/', first + 1);
  std::size_t third = second == std::string::npos ? second : id.find('/', second + 1);
  if (third == std::string::npos) return {};
  return id.substr(0, second + 1) + std::string(type) + id.substr(third);
}

// The number of items among the matches it sees: those without a link key, plus one
// per distinct key (64-bit hashes, sorted once at the end: cheaper than a map of key
// strings; two of a million keys collide with odds below 1 in 10^7). Local
// searches only: a remote server cannot run it (remote shards count with a
// ValueCountMatchSpy on the link slot instead).
class ItemCounter : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document& doc, double) override {
    const std::string key = doc.get_value(schema::kLinkSlot);
    if (key.empty()) ++unlinked_;
    else hashes_.push_back(std::hash<std::string>{}(key));
  }
  Xapian::doccount items() {
    std::sort(hashes_.begin(), hashes_.end());
    const auto distinct = std::unique(hashes_.begin(), hashes_.end()) - hashes_.begin();
    return unlinked_ + static_cast<Xapian::doccount>(distinct);
  }

 private:
  std::vector<std::size_t> hashes_;
  Xapian::doccount unlinked_ = 0;
};

// Most frequent first, then by value.
Facet sorted_facet(std::map<std::string, std::size_t> counts) {
  Facet out(std::make_move_iterator(counts.begin()), std::make_move_iterator(counts.end()));
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  return out;
}

Facet facet_of(const Xapian::ValueCountMatchSpy& spy) {
  std::map<std::string, std::size_t> counts;
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it)
    if (!(*it).empty()) counts[*it] += it.get_termfreq();
  return sorted_facet(std::move(counts));
}

// The four facets from the facet keys (slot 14: body, year, type, section).
void facets_of_keys(const Xapian::ValueCountMatchSpy& spy, std::map<std::string, Facet>& facets) {
  static constexpr const char* kNames[] = {"body", "year", "type", "section"};
  std::map<std::string, std::size_t> counts[4];
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
    const std::string key = *it;
    std::size_t field = 0, at = 0;
    while (field < 4) {
      std::size_t end = key.find(schema::kFacetSeparator, at);
      if (end == std::string::npos) end = key.size();
      if (end > at) counts[field][key.substr(at, end - at)] += it.get_termfreq();
      ++field;
      if (end == key.size()) break;
      at = end + 1;
    }
  }
  for (std::size_t k = 0; k < 4; ++k) facets[kNames[k]] = sorted_facet(std::move(counts[k]));
}

// A word's analysis (stem, spellings, compound parts) does not depend on the query,
// and splitting compounds is the dearest part of a snippet (the words of each hit that
// may match, HighlightTerms::may_match, are analysed to find the matches): one analyser
// per thread keeps the analyses from search to search, up to kQueryCachedWords words
// (~300 bytes each), emptied between searches.
constexpr std::size_t kQueryCachedWords = 50000;

analysis::Analyzer& query_analyzer() {
  thread_local analysis::Analyzer analyzer;
  analyzer.limit_cache(kQueryCachedWords);
  return analyzer;
}

}  // namespace

SearchResults search(Xapian::Database& db, const SearchOptions& options, bool remote) {
  SearchResults results;
  results.query = options.query;
  analysis::Analyzer& analyzer = query_analyzer();
  QueryMode mode;
  mode.expand = options.expand;
  ParsedQuery parsed = parse_query(options.query, db, analyzer, mode);
  results.corrected = parsed.corrected;
  const Xapian::Query& query = parsed.query;
  HighlightTerms terms = options.snippets ? highlight_terms(query) : HighlightTerms();

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

  // One result per item: its agenda and minutes versions share the link key. A query
  // naming a type (type:dagsorden) gets that version, as all_versions does.
  bool names_type = false;
  for (auto t = query.get_terms_begin(); t != query.get_terms_end(); ++t)
    names_type = names_type || (*t).starts_with(schema::kType);
  const bool one_per_item = !options.all_versions && !names_type;
  if (one_per_item) enquire.set_collapse_key(schema::kLinkSlot);

  Xapian::ValueCountMatchSpy body_spy(schema::kBodySlot), year_spy(schema::kYearSlot),
      type_spy(schema::kTypeSlot), section_spy(schema::kSectionSlot), link_spy(schema::kLinkSlot),
      facet_spy(schema::kFacetSlot);
  // One value per match for the four facets when every item has the facet key (an
  // index written before it has not: then four).
  const bool facet_keys = options.facets && db.get_value_freq(schema::kFacetSlot) == db.get_doccount();
  std::vector<Xapian::ValueCountMatchSpy*> spies;
  if (facet_keys) spies = {&facet_spy};
  else spies = {&body_spy, &year_spy, &type_spy, &section_spy};
  // Xapian's count of collapsed matches is an estimate even when every match is seen (it
  // keeps no key of a match that left the top of the ranking). Where the facets visit
  // every match anyway, the link keys give the exact count of items.
  ItemCounter item_counter;
  if (one_per_item && remote) spies.push_back(&link_spy);
  Xapian::doccount check_at_least = static_cast<Xapian::doccount>(options.offset + options.limit);
  // Over remote shards Xapian 1.4 counts the returned hits twice in match spies, so
  // there the facets are counted by a pass of their own that returns no hits.
  if (options.facets) {
    if (!remote) {
      for (auto* spy : spies) enquire.add_matchspy(spy);
      if (one_per_item) enquire.add_matchspy(&item_counter);
    }
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
      for (auto* spy : spies) counting.add_matchspy(spy);
      counting.get_mset(0, 0, db.get_doccount());
    }
    if (one_per_item) {
      // Every match was counted: those without a link key, plus one per distinct key.
      if (remote) {
        Xapian::doccount linked = 0, items = 0;
        for (auto it = link_spy.values_begin(); it != link_spy.values_end(); ++it) {
          linked += it.get_termfreq();
          ++items;
        }
        results.total = link_spy.get_total() - linked + items;
      } else {
        results.total = item_counter.items();
      }
      results.total_is_estimate = false;
    }
    if (facet_keys) {
      facets_of_keys(facet_spy, results.facets);
    } else {
      results.facets["body"] = facet_of(body_spy);
      results.facets["year"] = facet_of(year_spy);
      results.facets["type"] = facet_of(type_spy);
      results.facets["section"] = facet_of(section_spy);
    }
  }

  std::size_t rank = options.offset;
  std::vector<Xapian::docid> docids;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    docids.push_back(*it);
    Xapian::Document doc = it.get_document();
    SearchHit hit;
    hit.rank = ++rank;
    // Ranked by relevance, ties are ordered by the id value: the match has read it.
    hit.id = options.sort == SortOrder::relevance ? it.get_sort_key() : doc.get_value(schema::kIdSlot);
    hit.score = it.get_weight();
    fill_from_header(doc.get_value(schema::kHitSlot), hit);
    std::optional<Xapian::Document> shown;
    if (one_per_item) {
      // One result per item (the collapse key allows no second version of it): the
      // minutes are shown when they exist, whichever version matched; the agenda is
      // named. A collapsed match is the other version, so it exists.
      const bool other_matched = it.get_collapse_count() > 0;
      if (hit.type == "dagsorden") {
        std::string minutes = other_version_id(hit.id, "referat");
        if (auto found = minutes.empty() ? std::nullopt : index::document_by_id(db, minutes)) {
          shown = std::move(found);
          hit.other_versions.push_back(hit.id);
          hit.id = minutes;
          fill_from_header(shown->get_value(schema::kHitSlot), hit);
        }
      } else if (hit.type == "referat") {
        std::string agenda = other_version_id(hit.id, "dagsorden");
        if (!agenda.empty() && (other_matched || db.term_exists(schema::kId + agenda)))
          hit.other_versions.push_back(agenda);
      }
    }
    if (options.snippets) {
      // The text is in the stored item: only snippets pay for parsing it. A folded
      // agenda's text gives the snippet when the minutes' text lacks the words.
      StoredItem stored = index::read_document(shown ? *shown : doc);
      std::size_t pages_in = make_snippet(item_text(stored), terms, analyzer, options.snippet_length, hit);
      if (shown && hit.highlights.empty()) {
        stored = index::read_document(doc);
        pages_in = make_snippet(item_text(stored), terms, analyzer, options.snippet_length, hit);
      }
      // The page the passage is on: the item's first page and the page breaks before it.
      if (stored.item.page && pages_in != std::string::npos)
        hit.hit_page = *stored.item.page + static_cast<int>(pages_in);
    }
    results.hits.push_back(std::move(hit));
  }
  add_matched_parts(db, enquire.get_query(), analyzer, results.hits, docids);
  return results;
}

}  // namespace referat::query
