// SPDX-License-Identifier: GPL-3.0-or-later
//
// The one analysis of Danish text, used for indexing and for querying so that the
// two cannot drift apart: normalise (normalize.h) → tokens (tokenizer.h) → terms.
//
// Terms of a word (P = the field's prefix, see index/schema.h):
//   P + lower case word      positional, wdf 2: exact words and phrases
//   Z + P + stem             Snowball Danish (libstemmer); not for words with digits
//   Z + P + stem of variant  the old spelling aa as å ("Aarhus" → århus), wdf 1,
//                            except where aa spans a compound joint (data|analyse)
//   XW + P + stem of part    compound parts (cyber|sikkerhed), wdf 1: a separate term
//                            so that a stemmed-only query (=sikkerhed) can leave it;
//                            queries join it to the stem as one OP_SYNONYM term, where
//                            the whole word's wdf 2 ranks it above a part
//   XR: + word as written    acronyms (2–6 characters, no lower case: KL, ØA24),
//                            case-sensitive: KL the organisation is not kl. the clock
// A word with an apostrophe ("SMV'er", "KL's") also gets the terms of the word
// before it, at the same position. Stems are Snowball's, with Danish corrections:
//   - lib/data/stems.txt first: borger is not borg, bøger is bog, børn is barn,
//     anbragte is anbringe;
//   - verbs whose stem ends in -end (godkende, sende, kende): Snowball takes "ende"
//     off as a participle ending (godkende → "godk", godkender → "godkend"); when the
//     word without its final e, or that plus -er (the present tense), is a word of
//     the list, that is stemmed instead;
//   - a stem ending in "tr" drops the r, so center/centre, teater/teatre and
//     minister/ministre meet (Snowball leaves "cent" and "centr").
// And of each special token (case number, §, amount, date, address) its canonical
// form at its first word's position; case numbers also XK + number.
//
// Not thread-safe (it caches word analyses): one Analyzer per thread.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include "analysis/dictionary.h"
#include "analysis/tokenizer.h"

namespace referat::analysis {

struct WordTerms {
  std::string lower;                       // the exact term
  std::string stem;                        // empty for words with digits
  std::vector<std::string> variant_stems;  // stems of other spellings (aa → å)
  std::vector<std::string> variants;       // those spellings, unstemmed
  std::vector<std::string> parts;          // compound parts, unstemmed
  std::vector<std::string> part_stems;     // their stems
  std::string acronym;                     // as written, when an acronym
  std::string base;                        // "SMV'er", "KL's": the word before the apostrophe
};

// Where a text goes: a term prefix and a wdf multiplier.
struct TextField {
  std::string_view prefix;
  unsigned weight = 1;
  bool positions = true;  // false: terms without positions (no phrases in this field)
};

inline constexpr const char* kAcronymPrefix = "XR:";
inline constexpr const char* kPartPrefix = "XW";

// What a text term starts with before its field prefix: "Z" (a stem), "XW" (a
// compound part) or "" (an exact word): "ZXPBsikker" → "Z", then "XPB", then "sikker".
inline std::string_view term_lead(std::string_view term) {
  if (term.starts_with("Z")) return "Z";
  if (term.starts_with(kPartPrefix)) return kPartPrefix;
  return {};
}

// Does `rest` (a term without its lead) carry the field prefix `prefix`? A prefix is
// followed by a word, which never starts with a capital ("XPBskol" has "XPB", not "XP").
inline bool has_field_prefix(std::string_view rest, std::string_view prefix) {
  return rest.size() > prefix.size() && rest.starts_with(prefix) &&
         !(rest[prefix.size()] >= 'A' && rest[prefix.size()] <= 'Z');
}
inline constexpr std::size_t kMaxTermBytes = 240;  // Xapian's limit is 245

class Analyzer {
 public:
  explicit Analyzer(const Dictionary& dict = Dictionary::danish());

  // Normalised and tokenised text; `query` accepts case numbers in lower case.
  Tokens tokens(std::string_view text, bool query = false) const;

  // The analysis of one word as written (cached; the reference stays valid until the
  // next index_text or limit_cache call).
  const WordTerms& word_terms(std::string_view word);

  // Forgets the cached analyses once there are `limit` or more; call it only between
  // texts or searches, never while word_terms references are held.
  void limit_cache(std::size_t limit);

  // Adds the terms of `text` to `doc` for each field; positions continue from `pos`.
  void index_text(Xapian::Document& doc, std::string_view text, std::span<const TextField> fields,
                  Xapian::termpos& pos);

  // Distinct words (letters only, 4–40 bytes) indexed unprefixed since the last call:
  // the index's own vocabulary for "did you mean".
  std::vector<std::string> take_spelling_words();

  bool is_stop_word(std::string_view lower) const;
  std::string stem(std::string_view lower);
  const Dictionary& dictionary() const { return dict_; }

 private:
  WordTerms analyse(std::string_view word);
  void index_word(Xapian::Document& doc, const WordTerms& t, Xapian::termpos p,
                  std::span<const TextField> fields, unsigned scale);

  const Dictionary& dict_;
  Xapian::Stem stemmer_;
  // Looked up by string_view: no key string is built for a word already analysed.
  struct WordHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, WordTerms, WordHash, std::equal_to<>> cache_;
  std::unordered_set<std::string> spelling_;
};

// Does the spelling table take this (lower-case) word: 4–40 bytes of letters?
bool is_spelling_word(std::string_view lower);

// The word before an apostrophe ("KL's" → "KL", "SMV’er" → "SMV"), whose terms the
// word also gets; empty when there is none.
std::string_view word_before_apostrophe(std::string_view word);

// Is `word` (as written) an acronym: 2–6 characters, letters and digits, at least
// one letter and no lower-case letter ("KL", "KKR", "ØA24")?
bool is_acronym(std::string_view word);

// The spelling with "aa" as "å" when it is one ("aarhus" → "århus", "sogneraad" →
// "sogneråd"); empty when there is none ("dataanalyse": the aa spans a joint).
std::string aa_variant(std::string_view lower, const Dictionary& dict);

// The stems lib/data/stems.txt sets (word → stem: børn → barn). Every other stem is a
// prefix of its word: Snowball's Danish rules and the corrections above only take
// letters off the end. So a word can have the stem s (or a compound part stemmed s)
// only if it starts with (contains) s or a word this table stems to s: what snippets
// use to skip analysing words that cannot match (query/snippet.cc).
const std::unordered_map<std::string, std::string>& stem_exceptions();

// What indexing's analysis depends on besides its code, as one hash: the stems below
// and the Danish word list in use (built in with words.txt, or $REFERAT_WORDLIST);
// not the stop words and synonyms, which only queries use. Source stamps
// record it with schema::kIndexingRevision, so that files indexed by another analysis
// are read again (index/sources.h). Computed once per process.
const std::string& data_fingerprint();

// The project's data files (lib/data/*.txt), compiled in.
std::string_view stop_words_data();
std::string_view synonyms_data();
std::string_view extra_words_data();
std::string_view stems_data();

}  // namespace referat::analysis
