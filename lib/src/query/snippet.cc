// SPDX-License-Identifier: GPL-3.0-or-later
#include "query/snippet.h"

#include <algorithm>

#include "analysis/compounds.h"
#include "index/schema.h"

namespace referat::query {

namespace {

// Prefixes of text fields, longest first so "XPB" is tried before "XA".
const std::vector<std::string>& text_prefixes() {
  static const std::vector<std::string> all = [] {
    std::vector<std::string> v = {schema::kTitle, schema::kSection, schema::kParticipant, schema::kAbsent,
                                  schema::kHandler};
    for (const auto& f : schema::kPartFields) v.emplace_back(f.prefix);
    std::sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
    return v;
  }();
  return all;
}

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'; }

}  // namespace

HighlightTerms highlight_terms(const Xapian::Query& query) {
  HighlightTerms h;
  std::set<std::string, std::less<>>& out = h.all;
  for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
    const std::string& term = *it;
    out.insert(term);
    const std::string_view lead = analysis::term_lead(term);
    const std::string_view bare = std::string_view(term).substr(lead.size());
    for (const auto& p : text_prefixes()) {
      if (analysis::has_field_prefix(bare, p)) {
        std::string stripped(lead);
        stripped += bare.substr(p.size());
        out.insert(std::move(stripped));
        break;
      }
    }
  }
  const std::string_view acronym = analysis::kAcronymPrefix;
  for (const std::string& term : out) {
    const std::string_view t = term, lead = analysis::term_lead(t);
    if (t.starts_with(acronym)) h.acronyms.emplace(t.substr(acronym.size()));
    else if (lead.empty()) h.exact.insert(term);
    else (lead == "Z" ? h.stems : h.parts).emplace(t.substr(lead.size()));
  }
  h.part_anchors.assign(h.parts.begin(), h.parts.end());
  for (const auto& [word, stem] : analysis::stem_exceptions()) {
    if (h.stems.contains(stem)) h.stem_words.insert(word);
    if (h.parts.contains(stem)) h.part_anchors.push_back(word);
  }
  return h;
}

bool HighlightTerms::may_match(std::string_view word) const {
  // An apostrophe brings in the terms of the word before it ("KL's"): analysed.
  if (!analysis::word_before_apostrophe(word).empty()) return true;
  if (acronyms.contains(word)) return true;
  const std::string lower = analysis::fold_case(word);
  if (exact.contains(lower) || stem_words.contains(lower)) return true;
  // The old spelling aa: its variant's stems are not prefixes of the word.
  if (lower.find("aa") != std::string::npos) return true;
  // Stems are prefixes of their words.
  if (!stems.empty())
    for (std::size_t n = 1; n <= lower.size(); ++n)
      if (stems.contains(std::string_view(lower).substr(0, n))) return true;
  // A compound has kMinCompoundLetters letters (bytes) or more; a part's stem is a
  // prefix of the part.
  constexpr std::size_t kMaxAnchors = 64;
  if (lower.size() >= analysis::kMinCompoundLetters && !part_anchors.empty()) {
    if (part_anchors.size() > kMaxAnchors) return true;  // a wide wildcard: not worth the scan
    for (const std::string& a : part_anchors)
      if (lower.find(a) != std::string::npos) return true;
  }
  return false;
}

const analysis::WordTerms* word_matches(std::string_view word, const HighlightTerms& wanted, analysis::Analyzer& an) {
  const analysis::WordTerms& t0 = an.word_terms(word);
  const analysis::WordTerms& t = t0.base.empty() ? t0 : an.word_terms(t0.base);
  auto any_of = [](const auto& set, const std::vector<std::string>& values) {
    return std::any_of(values.begin(), values.end(), [&](const std::string& v) { return set.contains(v); });
  };
  const bool matched = wanted.exact.contains(t0.lower) || wanted.exact.contains(t.lower) ||
                       (!t.stem.empty() && wanted.stems.contains(t.stem)) || any_of(wanted.stems, t.variant_stems) ||
                       any_of(wanted.parts, t.part_stems) || (!t.acronym.empty() && wanted.acronyms.contains(t.acronym));
  return matched ? &t : nullptr;
}

std::size_t make_snippet(const std::string& text, const HighlightTerms& wanted, analysis::Analyzer& an,
                  std::size_t length, SearchHit& hit) {
  const std::set<std::string, std::less<>>& terms = wanted.all;
  analysis::Tokens tokens = an.tokens(text);
  const std::string& s = tokens.text;
  const std::size_t n = tokens.words.size();
  std::vector<int> match(n, -1);  // index of the matched term group, per word
  std::vector<std::string> keys;
  auto mark = [&](std::size_t i, const std::string& key) {
    auto it = std::find(keys.begin(), keys.end(), key);
    if (it == keys.end()) it = keys.insert(keys.end(), key);
    match[i] = static_cast<int>(it - keys.begin());
  };
  for (std::size_t i = 0; i < n; ++i) {
    if (!wanted.may_match(tokens.word(i))) continue;
    if (const analysis::WordTerms* t = word_matches(tokens.word(i), wanted, an))
      mark(i, t->stem.empty() ? t->lower : "Z" + t->stem);
  }
  for (const auto& sp : tokens.specials) {
    bool hit_special = terms.contains(sp.term) || (!sp.broader.empty() && terms.contains(sp.broader)) ||
                       (sp.kind == analysis::SpecialKind::case_number &&
                        (terms.contains(schema::kCaseMention + schema::case_key(sp.term)) ||
                         terms.contains(schema::kCase + schema::case_key(sp.term))));
    if (hit_special)
      for (std::size_t i = sp.first_word; i < sp.end_word; ++i) mark(i, sp.term);
  }

  // The window (in bytes, about `length` characters) with the most distinct matches.
  const std::size_t window = length + length / 8;
  std::size_t best_start = 0, best_score = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (match[i] < 0) continue;
    std::set<int> distinct;
    std::size_t count = 0;
    for (std::size_t j = i; j < n && tokens.words[j].end - tokens.words[i].begin <= window; ++j)
      if (match[j] >= 0) {
        distinct.insert(match[j]);
        ++count;
      }
    std::size_t score = distinct.size() * 100 + count;
    if (score > best_score) {
      best_score = score;
      best_start = i;
    }
  }
  // Start a little before the first match (at a sentence start if one is near).
  std::size_t from = 0;
  if (n > 0 && best_score > 0) {
    std::size_t first = best_start;
    while (first > 0 && tokens.words[best_start].begin - tokens.words[first - 1].begin < length / 4) --first;
    for (std::size_t k = first; k < best_start; ++k) {
      std::size_t b = tokens.words[k].begin;
      if (b >= 2 && (s[b - 2] == '.' || s[b - 1] == '\n')) {
        first = k;
        break;
      }
    }
    from = tokens.words[first].begin;
  }
  std::size_t to = s.size();
  std::size_t first_word = 0;
  while (first_word < n && tokens.words[first_word].begin < from) ++first_word;
  for (std::size_t j = first_word; j < n; ++j) {
    if (tokens.words[j].end - from > window) {
      to = j > first_word ? tokens.words[j - 1].end : tokens.words[j].end;
      if (to < s.size() && (s[to] == '.' || s[to] == ',')) ++to;
      break;
    }
  }

  std::string out;
  std::size_t cp = 0;
  auto append = [&](std::string_view piece) {
    for (char c : piece) {
      if (is_space(c)) {
        if (out.empty() || out.back() == ' ') continue;
        c = ' ';
      }
      out += c;
      if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++cp;
    }
  };
  if (from > 0) append("… ");
  std::size_t at = from;
  for (std::size_t j = first_word; j < n && tokens.words[j].end <= to; ++j) {
    const analysis::Word& w = tokens.words[j];
    append(std::string_view(s).substr(at, w.begin - at));
    std::size_t start_cp = cp;
    append(std::string_view(s).substr(w.begin, w.end - w.begin));
    if (match[j] >= 0) {
      // Adjacent marked words of one special token ("§ 8") make one highlight.
      if (!hit.highlights.empty() && j > 0 && match[j - 1] == match[j] && hit.highlights.back().end + 1 >= start_cp &&
          std::any_of(tokens.specials.begin(), tokens.specials.end(),
                      [&](const auto& sp) { return sp.first_word < j && j < sp.end_word; }))
        hit.highlights.back().end = cp;
      else
        hit.highlights.push_back({start_cp, cp});
    }
    at = w.end;
  }
  append(std::string_view(s).substr(at, to - at));
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
    --cp;
  }
  if (to < s.size()) out += " …";
  hit.snippet = std::move(out);
  if (best_score == 0) return std::string::npos;
  return static_cast<std::size_t>(std::count(s.begin(), s.begin() + tokens.words[best_start].begin, '\f'));
}

}  // namespace referat::query
