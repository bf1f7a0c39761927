// SPDX-License-Identifier: GPL-3.0-or-later
#include "analysis/analyzer.h"

#include "analysis/compounds.h"
#include "analysis/danish_stemmer.h"
#include "analysis/normalize.h"
#include "index/schema.h"
#include "util/text.h"

namespace referat::analysis {

namespace {

constexpr std::size_t kMaxCachedWords = 200000;
constexpr unsigned kWordWdf = 2;  // the word as written; variants and parts get 1

// Terms longer than Xapian allows are left out (the word is still in the stored text).
void add_term(Xapian::Document& doc, const std::string& term, Xapian::termcount wdf) {
  if (term.size() <= kMaxTermBytes) doc.add_term(term, wdf);
}

// A term of the text itself: with its position when the field keeps positions.
void add_text_term(Xapian::Document& doc, const std::string& term, const TextField& field, Xapian::termpos pos,
                   Xapian::termcount wdf) {
  if (term.size() > kMaxTermBytes) return;
  if (field.positions) doc.add_posting(term, pos, wdf);
  else doc.add_term(term, wdf);
}

const std::unordered_set<std::string>& stop_words() {
  static const std::unordered_set<std::string> words = [] {
    std::unordered_set<std::string> out;
    for (std::string_view line : text::split_lines(stop_words_data())) {
      line = text::trim(line);
      if (!line.empty() && line[0] != '#') out.emplace(line);
    }
    return out;
  }();
  return words;
}

}  // namespace

bool is_spelling_word(std::string_view lower) {
  if (lower.size() < 4 || lower.size() > 40) return false;
  for (char c : lower) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x80 && !(u >= 'a' && u <= 'z')) return false;
  }
  return true;
}

std::string_view word_before_apostrophe(std::string_view word) {
  for (std::string_view apostrophe : {"'", "\xE2\x80\x99"}) {
    std::size_t at = word.find(apostrophe);
    if (at != std::string_view::npos && at > 0) return word.substr(0, at);
  }
  return {};
}

bool is_acronym(std::string_view word) {
  std::size_t chars = text::code_points(word);
  if (chars < 2 || chars > 6) return false;
  bool letter = false;
  for (char c : word) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 'a' && u <= 'z') return false;
    if (u >= 'A' && u <= 'Z') letter = true;
    else if (u < 0x80 && !(u >= '0' && u <= '9')) return false;
    else if (u >= 0x80) letter = true;
  }
  return letter && !text::has_lower(word);
}

std::string aa_variant(std::string_view lower, const Dictionary& dict) {
  if (lower.find("aa") == std::string_view::npos) return {};
  std::string out;
  std::size_t i = 0;
  while (i < lower.size()) {
    if (lower.compare(i, 2, "aa") == 0 && !compound_joint_at(lower, i + 1, dict)) {
      out += "\xC3\xA5";  // å
      i += 2;
    } else {
      out += lower[i++];
    }
  }
  // Danish writes a real "aa" only across a compound joint; names the list knows
  // with aa (Aagaard, Aalborg) are the old spelling too and get the variant.
  if (out == lower) return {};
  return out;
}

Analyzer::Analyzer(const Dictionary& dict) : dict_(dict), stemmer_(danish_stemmer()) {}

Tokens Analyzer::tokens(std::string_view text, bool query) const {
  return tokenize(normalize(text, dict_), query);
}

const std::string& data_fingerprint() {
  static const std::string fingerprint = [] {
    std::string hashes;
    // Stop words and synonyms apply to queries only: an index does not depend on them.
    for (std::string_view data : {stems_data(), Dictionary::danish().words()})
      hashes += text::hash_hex(data);
    return text::hash_hex(hashes);
  }();
  return fingerprint;
}

const std::unordered_map<std::string, std::string>& stem_exceptions() {
  static const std::unordered_map<std::string, std::string> table = [] {
    std::unordered_map<std::string, std::string> out;
    for (std::string_view line : text::split_lines(stems_data())) {
      line = text::trim(line);
      std::size_t space = line.find(' ');
      if (line.empty() || line[0] == '#' || space == std::string_view::npos) continue;
      out.emplace(line.substr(0, space), text::trim(line.substr(space + 1)));
    }
    return out;
  }();
  return table;
}

std::string Analyzer::stem(std::string_view lower) {
  if (auto it = stem_exceptions().find(std::string(lower)); it != stem_exceptions().end()) return it->second;
  std::string word(lower);
  if (word.size() > 5 && word.ends_with("ende")) {
    // godkende → godkend (the present tense "godkender" is a word), but gældende
    // keeps Snowball's participle rule ("gældender" is not).
    std::string base = word.substr(0, word.size() - 1);
    if (dict_.contains(base) || dict_.contains(base + "er")) word = std::move(base);
  }
  std::string s = stemmer_(word);
  if (s.size() >= 5 && s.ends_with("tr")) s.pop_back();  // centr → cent, as center
  return s;
}

bool Analyzer::is_stop_word(std::string_view lower) const {
  return stop_words().contains(std::string(lower));
}

WordTerms Analyzer::analyse(std::string_view word) {
  WordTerms t;
  t.lower = fold_case(word);
  // Too long for a Xapian term: left out of the index (parse warns), and not worth
  // stemming or splitting (a 10 MB "word" would cost gigabytes).
  if (word.size() > kMaxTermBytes) return t;
  t.base = std::string(word_before_apostrophe(word));
  bool digits = false, letters = false;
  for (char c : word) {
    if (c >= '0' && c <= '9') digits = true;
    else letters = true;
  }
  if (is_acronym(word)) t.acronym = std::string(word);
  if (digits || !letters) return t;  // numbers and codes are matched as written
  t.stem = stem(t.lower);
  if (std::string v = aa_variant(t.lower, dict_); !v.empty()) {
    t.variants.push_back(v);
    t.variant_stems.push_back(stem(v));
  }
  for (auto& part : split_compound(t.lower, dict_)) {
    std::string s = stem(part);
    if (s != t.stem) t.part_stems.push_back(std::move(s));
    t.parts.push_back(std::move(part));
  }
  return t;
}

const WordTerms& Analyzer::word_terms(std::string_view word) {
  auto it = cache_.find(word);
  if (it != cache_.end()) return it->second;
  return cache_.emplace(std::string(word), analyse(word)).first->second;
}

void Analyzer::limit_cache(std::size_t limit) {
  if (cache_.size() >= limit) cache_.clear();
}

void Analyzer::index_text(Xapian::Document& doc, std::string_view text, std::span<const TextField> fields,
                          Xapian::termpos& pos) {
  // Emptied here, between texts, so references word_terms() gave stay valid within one.
  limit_cache(kMaxCachedWords);
  Tokens tokens = this->tokens(text);
  const Xapian::termpos base = pos;
  for (std::size_t i = 0; i < tokens.words.size(); ++i) {
    const Xapian::termpos p = base + static_cast<Xapian::termpos>(i) + 1;
    const WordTerms& t = word_terms(tokens.word(i));
    index_word(doc, t, p, fields, kWordWdf);
    if (!t.base.empty()) {
      const WordTerms& b = word_terms(t.base);
      index_word(doc, b, p, fields, 1);
    }
  }
  for (const Special& s : tokens.specials) {
    const Xapian::termpos p = base + static_cast<Xapian::termpos>(s.first_word) + 1;
    for (const TextField& f : fields) {
      std::string prefix(f.prefix);
      if (s.kind == SpecialKind::case_number) {
        if (prefix.empty()) add_term(doc, schema::kCaseMention + schema::case_key(s.term), 1);
        continue;
      }
      for (const std::string* term : {&s.term, &s.broader})
        if (!term->empty()) add_text_term(doc, prefix + *term, f, p, f.weight);
    }
  }
  pos = base + static_cast<Xapian::termpos>(tokens.words.size()) + 1;
}

void Analyzer::index_word(Xapian::Document& doc, const WordTerms& t, Xapian::termpos p,
                          std::span<const TextField> fields, unsigned scale) {
  for (const TextField& f : fields) {
    std::string prefix(f.prefix);
    add_text_term(doc, prefix + t.lower, f, p, scale * f.weight);
    if (!t.stem.empty()) add_term(doc, "Z" + prefix + t.stem, scale * f.weight);
    for (const auto& s : t.variant_stems) add_term(doc, "Z" + prefix + s, f.weight);
    for (const auto& s : t.part_stems) add_term(doc, kPartPrefix + prefix + s, f.weight);
    if (prefix.empty()) {
      if (!t.acronym.empty()) add_term(doc, kAcronymPrefix + t.acronym, f.weight);
      if (!t.stem.empty() && is_spelling_word(t.lower)) spelling_.insert(t.lower);
    }
  }
}

std::vector<std::string> Analyzer::take_spelling_words() {
  std::vector<std::string> out(spelling_.begin(), spelling_.end());
  spelling_.clear();
  return out;
}

}  // namespace referat::analysis
