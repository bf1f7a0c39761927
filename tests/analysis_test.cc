// SPDX-License-Identifier: GPL-3.0-or-later
#include <doctest/doctest.h>

#include <xapian.h>

#include <algorithm>

#include "analysis/case_numbers.h"
#include "analysis/danish_stemmer.h"

using referat::analysis::find_case_numbers;
using referat::analysis::is_case_number;

TEST_CASE("case numbers are one token, year ranges and dates are not") {
  struct Row {
    const char* token;
    bool any_case;
    bool is_case;
  };
  const Row rows[] = {
      {"SAG-2023-02073", false, true},  {"EMN-2025-003383", false, true},
      {"12/27845", false, true},        {"2011-29298", false, true},
      {"ØKO-2020-0001", false, true},   {"sag-2023-02073", false, false},
      {"sag-2023-02073", true, true},   {"2024-2027", false, false},
      {"12/05", false, false},          {"2023-06-21", false, false},
      {"SAG-2023-", false, false},      {"S-2023-02073", false, false},
      {"SAG-23-02073", false, false},   {"12/27845x", false, false},
      {"", false, false},
  };
  for (const auto& row : rows) {
    CAPTURE(row.token);
    CHECK(is_case_number(row.token, row.any_case) == row.is_case);
  }
}

TEST_CASE("case numbers are found in running text") {
  CHECK(find_case_numbers("jf. sag SAG-2021-00417, og 12/27845.") ==
        std::vector<std::string>{"SAG-2021-00417", "12/27845"});
  CHECK(find_case_numbers("Sundhedsaftalen 2024-2027 (ØA24) den 12/05") == std::vector<std::string>{});
  CHECK(find_case_numbers("(Sagsnr. 2011-29298)") == std::vector<std::string>{"2011-29298"});
}

TEST_CASE("the Danish stemmer is Snowball's, through Xapian") {
  Xapian::Stem stem = referat::analysis::danish_stemmer();
  struct Row {
    const char* word;
    const char* stem;
  };
  const Row rows[] = {{"godkender", "godkend"}, {"godkendt", "godkend"}, {"skoler", "skol"},
                      {"kommunerne", "kommun"}, {"velfærdsteknologi", "velfærdsteknologi"}};
  for (const auto& row : rows) {
    CAPTURE(row.word);
    CHECK(stem(row.word) == row.stem);
  }
  CHECK(stem.get_description().find("libstemmer") != std::string::npos);
}

// ---------------------------------------------------------------------------
// The analysis module, step by step. Expected values are written by hand.

#include "analysis/analyzer.h"
#include "analysis/compounds.h"
#include "analysis/normalize.h"
#include "analysis/synonyms.h"
#include "analysis/tokenizer.h"

namespace {

using referat::analysis::Analyzer;
using referat::analysis::Dictionary;

Analyzer& analyzer() {
  static Analyzer a;
  return a;
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "|") + p;
  return out;
}

}  // namespace

TEST_CASE("normalisation: NFC, invisible characters, ligatures, line-break hyphenation") {
  const Dictionary& dict = Dictionary::danish();
  struct Row {
    const char* in;
    const char* out;
  };
  const Row rows[] = {
      {"ide\xCC\x81", "id\xC3\xA9"},                       // idé in NFD → NFC
      {"id\xC3\xA9", "id\xC3\xA9"},                        // idé in NFC stays
      {"l\xC3\xB8n\xC2\xADudvikling", "l\xC3\xB8nudvikling"},  // soft hyphen
      {"ud\xE2\x80\x8Bvalg", "udvalg"},                    // zero-width space
      {"\xE2\x80\xAEskole\xE2\x80\xAC", "skole"},             // bidi override … pop (pasted)
      {"\xE2\x80\x8F" "byr\xC3\xA5" "d\xE2\x81\xA9", "byr\xC3\xA5" "d"},  // RLM, pop isolate
      {"\xC2\xA0\xC2\xAD\xC2\xA9", "\xC2\xA0\xC2\xA9"},        // other C2 letters stay
      {"\xEF\xAC\x81nansiering", "finansiering"},          // ﬁ ligature
      {"ramme-\n\nl\xC3\xB8" "ftet", "ramme" "l\xC3\xB8" "ftet"},  // a valid compound: joined
      {"sikker-\nhed", "sikkerhed"},                       // a word of the list: joined
      {"KKR-\nm\xC3\xB8" "de", "KKR-\nm\xC3\xB8" "de"},    // capitals before the hyphen: stays
      {"2023-\nbudget", "2023-\nbudget"},                  // digits: stays
      {"ramme- og l\xC3\xB8" "ftet", "ramme- og l\xC3\xB8" "ftet"},  // no line break: stays
      {"skole-\nxqzv", "skole-\nxqzv"},                    // not a word when joined: stays
  };
  for (const auto& row : rows) {
    CAPTURE(row.in);
    CHECK(referat::analysis::normalize(row.in, dict) == row.out);
  }
}

TEST_CASE("tokens: ICU words and our own special tokens") {
  using referat::analysis::SpecialKind;
  struct Row {
    const char* text;
    const char* words;     // "|"-joined
    const char* specials;  // "|"-joined canonical terms
  };
  const Row rows[] = {
      {"Sagen SAG-2023-02073 behandles.", "Sagen|SAG|2023|02073|behandles", "SAG-2023-02073"},
      {"jf. sag 12/27845", "jf|sag|12|27845", "12/27845"},
      {"Sagsnr. 2011-29298", "Sagsnr|2011|29298", "2011-29298"},
      {"perioden 2024-2027", "perioden|2024|2027", ""},
      {"efter § 8 i loven", "efter|8|i|loven", "§8"},
      {"serviceloven § 8, stk. 1", "serviceloven|8|stk|1", "§8stk1"},
      {"§§ 8a", "8a", "§8a"},
      {"i alt 72 mio. kr. til", "i|alt|72|mio|kr|til", "72mio.kr"},
      {"1.500 kr.", "1.500|kr", "1500kr"},
      {"2,5 mia.kr.", "2,5|mia.kr", "2,5mia.kr"},
      {"den 21. juni 2023", "den|21|juni|2023", "2023-06-21"},
      {"21-06-2023 kl. 10", "21|06|2023|kl|10", "2023-06-21"},
      {"2023-06-21", "2023|06|21", "2023-06-21"},
      {"31-02-2023", "31|02|2023", ""},  // impossible date: no date token
      {"skriv til post@havnekoebing.dk.", "skriv|til|post@havnekoebing.dk", "post@havnekoebing.dk"},
      {"se https://havnekoebing.dk/dagsorden", "se|https|havnekoebing.dk|dagsorden", "https://havnekoebing.dk/dagsorden"},
      {"ØA24 og KL kl. 16.00", "ØA24|og|KL|kl|16.00", ""},
      {"KKR-møde", "KKR|møde", ""},
  };
  for (const auto& row : rows) {
    CAPTURE(row.text);
    referat::analysis::Tokens t = analyzer().tokens(row.text);
    std::vector<std::string> words, specials;
    for (std::size_t i = 0; i < t.words.size(); ++i) words.emplace_back(t.word(i));
    for (const auto& s : t.specials) specials.push_back(s.term);
    CHECK(joined(words) == row.words);
    CHECK(joined(specials) == row.specials);
  }
  auto t = analyzer().tokens("serviceloven § 8, stk. 1");
  REQUIRE(t.specials.size() == 1);
  CHECK(t.specials[0].broader == "§8");  // "§ 8" finds "§ 8, stk. 1" too
  CHECK(analyzer().tokens("KKR-møde").words[1].hyphen_before);
  CHECK(analyzer().tokens("sag-2023-02073", true).specials.size() == 1);  // queries: any case
  CHECK(analyzer().tokens("sag-2023-02073", false).specials.empty());
}

TEST_CASE("stems: Snowball Danish with our corrections, index and query alike") {
  struct Row {
    const char* word;
    const char* stem;
  };
  const Row rows[] = {
      {"godkende", "godkend"},  {"godkender", "godkend"}, {"godkendt", "godkend"},
      {"godkendte", "godkend"}, {"borger", "borger"},     {"borgerne", "borger"},
      {"borg", "borg"},         {"bøger", "bog"},         {"bog", "bog"},
      {"børn", "barn"},         {"barn", "barn"},         {"punkt", "punk"},
      {"punktet", "punk"},      {"punkter", "punk"},      {"gældende", "gæld"},
      {"center", "cent"},       {"centre", "cent"},       {"centrene", "cent"},
      {"anbragte", "anbring"},  {"anbringelse", "anbring"},
      {"stiftelsen", "stiftels"}, {"stiftelser", "stiftels"}, {"stift", "stift"},
      {"stiftelses", "stiftels"}, {"stiftet", "stift"},
  };
  for (const auto& row : rows) {
    CAPTURE(row.word);
    CHECK(analyzer().word_terms(row.word).stem == row.stem);
  }
  // Words with digits are never stemmed; case is folded, not stemmed away.
  CHECK(analyzer().word_terms("2024").stem.empty());
  CHECK(analyzer().word_terms("ØA24").stem.empty());
  CHECK(analyzer().word_terms("Økonomiaftalen").stem == analyzer().word_terms("økonomiaftalen").stem);
  // idé in NFC and in NFD: the same word after normalisation.
  auto nfd = analyzer().tokens("ide\xCC\x81"), nfc = analyzer().tokens("id\xC3\xA9");
  CHECK(analyzer().word_terms(nfd.word(0)).lower == analyzer().word_terms(nfc.word(0)).lower);
}

TEST_CASE("compounds split into dictionary words, and only compounds do") {
  const Dictionary& dict = Dictionary::danish();
  REQUIRE_MESSAGE(dict.size() > 100000, "the Danish word list (wdanish) is not installed: " << dict.path());
  struct Row {
    const char* word;
    const char* parts;
  };
  const Row rows[] = {
      {"velfærdsteknologi", "velfærd|teknologi"},
      {"sundhedsstrukturkommissionen", "sundhed|struktur|kommissionen"},
      {"cybersikkerhedsniveau", "cyber|sikkerhed|niveau"},
      {"cybersikkerhed", "cyber|sikkerhed"},
      {"affaldsforbrænding", "affald|forbrænding"},
      {"flygtningekvote", "flygtning|kvote"},
      {"botilbudspladser", "botilbud|pladser"},
      {"rammeløftet", "ramme|løftet"},
      {"dataanalyse", "data|analyse"},
      {"klimaaftale", "klima|aftale"},
      {"kommunalbestyrelse", "kommunal|bestyrelse"},
      {"lønudvikling", "løn|udvikling"},
      {"forbrænding", ""},   // a word of the list, not long: not split (for|brænding)
      {"betaling", ""},      // beta|ling is not a compound
      {"behandlingen", ""},  // behandling + -en, not behandl|ingen
      {"kommissionen", ""},
      {"velfærds", ""},      // velfærd + -s, not vel|færds
      {"skole", ""},
      {"2023budget", ""},
      // Endings the list has as words are no parts: not organ|isat|ion, station|ring,
      // påankning|ens, naturvidenskab|lig.
      {"organisationen", ""},
      {"stationering", ""},
      {"påankningens", ""},
      {"naturvidenskabelig", "natur|videnskabelig"},
      {"erhvervsorganisationerne", "erhverv|organisation"},
  };
  for (const auto& row : rows) {
    CAPTURE(row.word);
    CHECK(joined(referat::analysis::split_compound(row.word, dict)) == row.parts);
  }
  CHECK(referat::analysis::compound_joint_at("dataanalyse", 4, dict));
  CHECK_FALSE(referat::analysis::compound_joint_at("sogneraad", 7, dict));
}

TEST_CASE("aa is å as an extra variant, except across a compound joint") {
  const Dictionary& dict = Dictionary::danish();
  struct Row {
    const char* word;
    const char* variant;
  };
  const Row rows[] = {
      {"aarhus", "århus"},  {"sogneraad", "sogneråd"}, {"aagaard", "ågård"},
      {"aabenraa", "åbenrå"}, {"dataanalyse", ""},     {"klimaaftale", ""},
      {"århus", ""},        {"skole", ""},
  };
  for (const auto& row : rows) {
    CAPTURE(row.word);
    CHECK(referat::analysis::aa_variant(row.word, dict) == row.variant);
  }
}

TEST_CASE("acronyms keep a case-sensitive term: KL is not kl.") {
  using referat::analysis::is_acronym;
  CHECK(is_acronym("KL"));
  CHECK(is_acronym("KKR"));
  CHECK(is_acronym("ØA24"));
  CHECK(is_acronym("DUT"));
  CHECK_FALSE(is_acronym("kl"));
  CHECK_FALSE(is_acronym("Kl"));
  CHECK_FALSE(is_acronym("K"));
  CHECK_FALSE(is_acronym("2024"));
  CHECK_FALSE(is_acronym("BESLUTNING"));  // a caption in capitals, not an acronym

  auto terms_of = [](const std::string& text) {
    Xapian::Document doc;
    Xapian::termpos pos = 0;
    const referat::analysis::TextField fields[] = {{"", 1}};
    analyzer().index_text(doc, text, fields, pos);
    std::vector<std::string> out(doc.termlist_begin(), doc.termlist_end());
    return out;
  };
  auto has = [](const std::vector<std::string>& v, const std::string& t) {
    return std::find(v.begin(), v.end(), t) != v.end();
  };
  auto organisation = terms_of("KL anbefaler en model");
  auto clock = terms_of("Mødet starter kl. 16.00");
  CHECK(has(organisation, "XR:KL"));
  CHECK_FALSE(has(clock, "XR:KL"));
  CHECK(has(clock, "kl"));  // both still have the plain word
  CHECK(has(organisation, "kl"));
}

TEST_CASE("index terms: words, stems, compound parts, variants, special tokens") {
  Xapian::Document doc;
  Xapian::termpos pos = 0;
  const referat::analysis::TextField fields[] = {{"", 1}, {"XPB", 1}};
  analyzer().index_text(doc, "Status for cybersikkerhed i Aarhus efter § 8", fields, pos);
  auto wdf = [&](const std::string& term) -> Xapian::termcount {
    auto it = doc.termlist_begin();
    it.skip_to(term);
    return it != doc.termlist_end() && *it == term ? it.get_wdf() : 0;
  };
  CHECK(wdf("cybersikkerhed") == 2);
  CHECK(wdf("Zcybersikker") == 2);
  CHECK(wdf("XWsikker") == 1);      // compound part: its own term, below the word's 2
  CHECK(wdf("XWcyb") == 1);         // part ("cyber" stemmed)
  CHECK(wdf("XWXPBsikker") == 1);   // parts in the field too
  CHECK(wdf("Zsikker") == 0);       // the stem of a word the text does not spell
  CHECK(wdf("Zårhus") == 1);        // spelling variant
  CHECK(wdf("aarhus") == 2);
  CHECK(wdf("§8") == 1);
  CHECK(wdf("XPB§8") == 1);
  CHECK(wdf("sikkerhed") == 0);     // exact terms are only what the text spells
  CHECK(wdf("Zfor") == 2);          // stop words are indexed (phrases need them)
}

TEST_CASE("stop words and synonyms come from the project's data files") {
  CHECK(analyzer().is_stop_word("og"));
  CHECK(analyzer().is_stop_word("af"));
  CHECK_FALSE(analyzer().is_stop_word("ikke"));
  CHECK_FALSE(analyzer().is_stop_word("skole"));
  const auto& syn = referat::analysis::Synonyms::builtin();
  std::vector<std::string> q1 = {"ØA", "24"}, q2 = {"Økonomiaftalen", "2024"}, q3 = {"kl"}, q4 = {"KL"};
  auto m1 = syn.match(q1, 0), m2 = syn.match(q2, 0);
  REQUIRE(m1);
  REQUIRE(m2);
  CHECK(m1->group == m2->group);
  CHECK(m1->length == 2);
  CHECK_FALSE(syn.match(q3, 0));  // "kl" is the clock, not KL
  CHECK(syn.match(q4, 0));
}
