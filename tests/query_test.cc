// SPDX-License-Identifier: GPL-3.0-or-later
//
// Query parsing as a table: input → Xapian's description of the parsed query, or
// the QueryError message it must give. Add a row for every bug.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <xapian.h>

#include "analysis/analyzer.h"
#include "query/fields.h"
#include "referat/error.h"

namespace {

std::string parsed(const std::string& q) {
  // Words for the wildcard rows: a wildcard is expanded against the index's terms.
  static Xapian::WritableDatabase db = [] {
    Xapian::WritableDatabase w(std::string(), Xapian::DB_BACKEND_INMEMORY);
    Xapian::Document doc;
    for (const char* term : {"velfærd", "velfærdsteknologi", "velfærdsområdet", "velkommen", "Svelfærdsudvalget"})
      doc.add_term(term);
    w.add_document(doc);
    return w;
  }();
  static referat::analysis::Analyzer analyzer;
  return referat::query::parse_query(q, db, analyzer).query.get_description();
}

}  // namespace

TEST_CASE("queries parse to the expected Xapian queries") {
  struct Row {
    const char* query;
    const char* expected;
  };
  const Row rows[] = {
      {"velfærdsteknologi", "Query((Zvelfærdsteknologi OR 0.5 * ((Zvelfærd SYNONYM XWvelfærd) AND (Zteknologi SYNONYM XWteknologi))))"},
      // Capitalised words are stemmed too: Danish capitalises sentence starts, and
      // users type "Økonomiaftalen" as the text writes it.
      {"Velfærdsteknologi", "Query((Zvelfærdsteknologi OR 0.5 * ((Zvelfærd SYNONYM XWvelfærd) AND (Zteknologi SYNONYM XWteknologi))))"},
      {"affald forbrænding", "Query((Zaffald AND Zforbrænding))"},
      {"affald OR forbrænding", "Query((Zaffald OR Zforbrænding))"},
      {"affald NOT forbrænding", "Query((Zaffald AND_NOT Zforbrænding))"},
      {"affald -forbrænding", "Query((Zaffald AND_NOT Zforbrænding))"},
      {"\"§ 6\"", "Query(6@1)"},
      {"\"særlige pladser\"", "Query((særlige@1 PHRASE 2 pladser@2))"},
      {"skole NEAR struktur", "Query((skole NEAR 11 struktur))"},
      {"titel:velfærd", "Query(ZSvelfærd)"},
      {"title:velfærd", "Query(ZSvelfærd)"},
      {"Titel:velfærd", "Query(ZSvelfærd)"},
      {"beslutning:godkendt", "Query(ZXPBgodkend)"},
      {"decision:godkendt", "Query(ZXPBgodkend)"},
      {"indstilling:godkender", "Query(ZXPIgodkend)"},
      {"sagsfremstilling:skole", "Query(ZXPSskol)"},
      {"baggrund:skole", "Query(ZXPGskol)"},
      {"bilag:kort", "Query(ZXPAkort)"},
      {"afsnit:eventuelt", "Query(ZXAeventuelt)"},
      {"økonomi:anlæg", "Query(ZXPEanlæg)"},
      {"economy:anlæg", "Query(ZXPEanlæg)"},
      {"høring:ældrerådet", "Query(ZXPHældreråd)"},
      {"resumé:skole", "Query(ZXPRskol)"},
      {"behandling:skole", "Query(ZXPTskol)"},
      {"andet:lovgrundlag", "Query(ZXPOlovgrundlag)"},
      {"deltager:jensen", "Query(ZXDjens)"},
      {"afbud:jensen", "Query(ZXFjens)"},
      {"sag:SAG-2024-01875", "Query(0 * XCSAG-2024-01875)"},
      {"case:sag-2024-01875", "Query(0 * XCSAG-2024-01875)"},
      {"sag:12/27845", "Query(0 * XC12/27845)"},
      {"SAG-2024-01875", "Query((20 * XCSAG-2024-01875 OR XKSAG-2024-01875))"},
      {"skole SAG-2024-01875", "Query((Zskol AND (20 * XCSAG-2024-01875 OR XKSAG-2024-01875)))"},
      {"skole -22/00954", "Query((Zskol AND_NOT (20 * XC22/00954 OR XK22/00954)))"},
      {"skole OR 22/00954", "Query((Zskol OR (20 * XC22/00954 OR XK22/00954)))"},
      {"NOT SAG-2024-01875", "Query((<alldocuments> AND_NOT (20 * XCSAG-2024-01875 OR XKSAG-2024-01875)))"},
      {"(sag-2024-01875 OR 12/34567)", "Query(((20 * XCSAG-2024-01875 OR XKSAG-2024-01875) OR (20 * XC12/34567 OR XK12/34567)))"},
      {"2024-2027", "Query(((2024@1 PHRASE 2 2027@2) OR 0.5 * (2024 AND 2027)))"},  // a year range is no case number
      {"organ:\"KKR Midtjylland\"", "Query(0 * XOkkr-midtjylland)"},
      {"body:kkr-midtjylland", "Query(0 * XOkkr-midtjylland)"},
      {"type:referat", "Query(0 * XTreferat)"},
      {"dato:2023", "Query(VALUE_RANGE 0 20230101 20231231)"},
      {"dato:2023-06", "Query(VALUE_RANGE 0 20230601 20230631)"},
      {"date:2023-06-21", "Query(VALUE_RANGE 0 20230621 20230621)"},
      {"dato:21-06-2023", "Query(VALUE_RANGE 0 20230621 20230621)"},
      {"dato:2023..2024-06", "Query(VALUE_RANGE 0 20230101 20240631)"},
      {"dato:2023..", "Query(VALUE_GE 0 20230101)"},
      {"dato:..2024-06", "Query(VALUE_LE 0 20240631)"},
      {"år:2024", "Query(VALUE_RANGE 0 20240101 20241231)"},
      {"year:2019..2020", "Query(VALUE_RANGE 0 20190101 20201231)"},
      {"skole dato:2024", "Query((Zskol FILTER VALUE_RANGE 0 20240101 20241231))"},
      {"velfærd*", "Query((velfærd SYNONYM velfærdsområdet SYNONYM velfærdsteknologi))"},
      {"titel:velfærd*", "Query(Svelfærdsudvalget)"},
      {"ukendt*", "Query()"},
      {"NOT skole", "Query((<alldocuments> AND_NOT Zskol))"},
      // Analysis: stop words (free text only), compounds, variants, special tokens.
      {"forbrænding af affald", "Query((Zforbrænding AND Zaffald))"},
      {"\"forbrænding af affald\"", "Query((forbrænding@1 PHRASE 3 af@2 PHRASE 3 affald@3))"},
      {"af", "Query(Zaf)"},
      {"flygtningekvote", "Query((Zflygtningekvot OR 0.5 * ((Zflygtning SYNONYM XWflygtning) AND (Zkvot SYNONYM XWkvot))))"},
      {"Aarhus", "Query((Zaarhus SYNONYM Zårhus))"},
      {"Sogneraad", "Query((Zsogneraad SYNONYM Zsogneråd))"},
      {"dataanalyse", "Query((Zdataanalys OR 0.5 * ((Zdata SYNONYM XWdata) AND (Zanalys SYNONYM XWanalys))))"},
      {"KKR-møde", "Query(((kkr@1 PHRASE 2 møde@2) OR 0.5 * (Zkkr AND Zmød)))"},
      {"§ 8, stk. 1", "Query(§8stk1)"},
      {"hvad koster skybrud", "Query((Zkost AND Zskybrud))"},
      {"ØA24", "Query((XR:ØA24 OR (Zøa AND 24) OR 0.5 * (Zøkonomiaftal AND 2024)))"},
      {"ØA 24", "Query(((Zøa AND 24) OR XR:ØA24 OR 0.5 * (Zøkonomiaftal AND 2024)))"},
      {"Økonomiaftalen 2024", "Query((((Zøkonomiaftal OR 0.5 * ((Zøkonomi SYNONYM XWøkonomi) AND (Zaftal SYNONYM XWaftal))) AND 2024) OR 0.5 * XR:ØA24 OR 0.5 * (Zøa AND 24)))"},
      {"KL", "Query((XR:KL OR 0.5 * (Zkommun AND Zlandsforening)))"},
      {"kl", "Query(Zkl)"},
      {"§ 8", "Query(§8)"},
      {"§8", "Query(§8)"},
      {"72 mio. kr.", "Query(72mio.kr)"},
      {"72 mio.kr.", "Query(72mio.kr)"},
      {"1.500 kr", "Query(1500kr)"},
      {"21. juni 2023", "Query(2023-06-21)"},
      {"21.06.2023", "Query(2023-06-21)"},
      {"post@havnekoebing.dk", "Query(post@havnekoebing.dk)"},
      {"ide\u0301", "Query(Zidé)"},
      {"løn\u00adudvikling", "Query((Zlønudvikling OR 0.5 * ((Zløn SYNONYM XWløn) AND (Zudvikling SYNONYM XWudvikling))))"},
      {"titel:(velfærd OR skole)", "Query((ZSvelfærd OR ZSskol))"},
      {"titel:\"særlige pladser\"", "Query((Ssærlige@1 PHRASE 2 Spladser@2))"},
      {"=sikkerhed", "Query(Zsikker)"},  // stemmed only
      {"sagsbehandler:lsa", "Query(ZXHlsa)"},
      {"beslutning:\"uden bemærkninger\"", "Query(((uden@1 PHRASE 2 bemærkninger@2) FILTER (XPBuden AND XPBbemærkninger)))"},
      {"=velfærdsteknologi OR Aarhus", "Query((Zvelfærdsteknologi OR (Zaarhus SYNONYM Zårhus)))"},
      {"type:referat type:dagsorden skole", "Query((Zskol FILTER (XTreferat OR XTdagsorden)))"},
  };
  for (const auto& row : rows) {
    CAPTURE(row.query);
    // REFERAT_PRINT_ROWS=1 prints each row as parsed now, to review a deliberate change.
    if (std::getenv("REFERAT_PRINT_ROWS")) std::printf("{\"%s\", \"%s\"},\n", row.query, parsed(row.query).c_str());
    CHECK(parsed(row.query) == row.expected);
  }
}

TEST_CASE("bad queries get a message that points at the problem") {
  struct Row {
    const char* query;
    const char* message_part;
  };
  const Row rows[] = {
      {"\"velfærd", "unbalanced '\"'"},
      {"(velfærd", "unbalanced '('"},
      {"velfærd)", "')' without a matching '('"},
      {"*", "'*' needs a word before it"},
      {"foo:bar", "unknown field 'foo:'"},
      {"xsagsnr:41", "unknown field 'xsagsnr:'"},
      {"titel:", "has no value"},
      {"dato:garbage", "dato:garbage: not a date"},
      {"dato:2024..2023", "the range is reversed"},
      {"dato:2023-13", "not a date"},
      {"dato:..", "at least one end"},
      {"år:2023-06", "not a date"},
      {"type:minutes", "unknown type"},
      {"", "empty query"},
      {"   ", "empty query"},
      {"skole\x01", "control character"},
      // Operators without their words: which side is missing, where.
      {"affald AND", "AND needs a word after it at character 8"},
      {"AND NOT affald", "AND needs a word before it at character 1"},
      {"affald AND AND skole", "AND needs a word after it at character 8"},
      {"affald OR", "OR needs a word after it"},
      {"OR affald", "OR needs a word before it at character 1"},
      {"skole OR (affald OR)", "OR needs a word after it at character 18"},
      {"NOT", "NOT needs a word after it"},
      {"affald NOT", "NOT needs a word after it at character 8"},
      {"()", "empty parentheses"},
      {"\"\"", "no words to search for"},
      {"+", "no words to search for"},
      {"– ·", "no words to search for"},
      {"affald AND ·", "AND needs a word after it at character 8"},
      {"affald AND +", "AND needs a word after it"},
      {"affald OR \"\"", "OR needs a word after it"},
      {"titel:\"\"", "no words to search for"},
      {"NOT NOT skole", "an operator needs a word after it at character 5"},
      {"NEAR skole", "NEAR needs a single word on each side at character 1"},
  };
  for (const auto& row : rows) {
    CAPTURE(row.query);
    try {
      parsed(row.query);
      FAIL_CHECK("no QueryError");
    } catch (const referat::QueryError& e) {
      CHECK(std::string(e.what()).find(row.message_part) != std::string::npos);
    }
  }
  CHECK_THROWS_AS(parsed(std::string(10000, 'a')), referat::QueryError);
}

#include <filesystem>
#include <set>

#include "query/snippet.h"
#include "segment/read.h"

TEST_CASE("snippets skip only words whose analysis cannot match the query") {
  // may_match() decides from the word alone what word_matches() decides from its
  // analysis: every word of the samples, against queries made of their words and of
  // the cases the shortcut reasons about (stems.txt words, aa spellings, compounds,
  // acronyms, apostrophes), must never be skipped when its analysis matches.
  namespace fs = std::filesystem;
  referat::analysis::Analyzer analyzer;
  std::set<std::string> words = {"børnehaven", "børn", "Børnene", "barnets", "Aarhus", "Aarhuskontoret",
                                 "KL's", "KL", "SMV'er", "cybersikkerheden", "velfærdsteknologien",
                                 "godkender", "centrene", "teatret", "ministre", "sogneraad",
                                 "dataanalyse", "KKR", "ØA24", "bøgerne", "borgerservice", "Skolebørnene"};
  for (const auto& entry : fs::directory_iterator(fs::path(REFERAT_SOURCE_DIR) / "samples")) {
    const referat::analysis::Tokens tokens = analyzer.tokens(referat::segment::read_document(entry.path()));
    for (std::size_t i = 0; i < tokens.words.size(); ++i) words.emplace(tokens.word(i));
  }
  REQUIRE(words.size() > 1000);
  std::vector<std::string> queries = {"barn", "børn", "århus", "Aarhus", "KL", "SMV", "sikkerhed", "teknologi",
                                      "godkende", "center", "teater", "minister", "sogneråd", "analyse",
                                      "bog", "borger", "skole", "\"børnehaven\"", "=sikkerhed"};
  std::size_t k = 0;
  for (const std::string& w : words)
    if (k++ % 9 == 0) queries.push_back(w);

  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  std::size_t matched = 0, skipped = 0;
  for (const std::string& q : queries) {
    referat::query::ParsedQuery parsed;
    try {
      parsed = referat::query::parse_query(q, db, analyzer);
    } catch (const std::exception&) {
      continue;  // a word of the samples that is not a query on its own ("AND")
    }
    const referat::query::HighlightTerms wanted = referat::query::highlight_terms(parsed.query);
    for (const std::string& w : words) {
      const bool matches = referat::query::word_matches(w, wanted, analyzer) != nullptr;
      const bool may = wanted.may_match(w);
      if (matches && !may) FAIL_CHECK("query '" << q << "': '" << w << "' matches but was skipped");
      matched += matches;
      skipped += !may;
    }
    analyzer.limit_cache(50000);
  }
  // The property was exercised: words matched, and most words were skipped.
  CHECK(matched > 500);
  CHECK(skipped > matched * 10);
}
