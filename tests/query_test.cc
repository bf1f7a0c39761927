// SPDX-License-Identifier: GPL-3.0-or-later
//
// Query parsing as a table: input → Xapian's description of the parsed query, or
// the QueryError message it must give. Add a row for every bug.
#include <doctest/doctest.h>
#include <xapian.h>

#include "analysis/danish_stemmer.h"
#include "query/fields.h"
#include "referat/error.h"

namespace {

std::string parsed(const std::string& q) {
  static Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  static Xapian::Stem stem = referat::analysis::danish_stemmer();
  return referat::query::parse_query(q, db, stem).get_description();
}

}  // namespace

TEST_CASE("queries parse to the expected Xapian queries") {
  struct Row {
    const char* query;
    const char* expected;
  };
  const Row rows[] = {
      {"velfærdsteknologi", "Query(Zvelfærdsteknologi@1)"},
      {"Velfærdsteknologi", "Query(velfærdsteknologi@1)"},  // capitalised: exact word (STEM_SOME)
      {"affald forbrænding", "Query((Zaffald@1 AND Zforbrænding@2))"},
      {"affald OR forbrænding", "Query((Zaffald@1 OR Zforbrænding@2))"},
      {"affald NOT forbrænding", "Query((Zaffald@1 AND_NOT Zforbrænding@2))"},
      {"affald -forbrænding", "Query((Zaffald@1 AND_NOT Zforbrænding@2))"},
      {"\"§ 6\"", "Query(6@1)"},
      {"\"særlige pladser\"", "Query((særlige@1 PHRASE 2 pladser@2))"},
      {"skole NEAR struktur", "Query((skole@1 NEAR 11 struktur@2))"},
      {"titel:velfærd", "Query(ZSvelfærd@1)"},
      {"title:velfærd", "Query(ZSvelfærd@1)"},
      {"Titel:velfærd", "Query(ZSvelfærd@1)"},
      {"beslutning:godkendt", "Query(ZXPBgodkend@1)"},
      {"decision:godkendt", "Query(ZXPBgodkend@1)"},
      {"indstilling:godkender", "Query(ZXPIgodkend@1)"},
      {"sagsfremstilling:skole", "Query(ZXPSskol@1)"},
      {"baggrund:skole", "Query(ZXPGskol@1)"},
      {"bilag:kort", "Query(ZXPAkort@1)"},
      {"afsnit:eventuelt", "Query(ZXAeventuelt@1)"},
      {"økonomi:anlæg", "Query(ZXPEanlæg@1)"},
      {"economy:anlæg", "Query(ZXPEanlæg@1)"},
      {"høring:ældrerådet", "Query(ZXPHældreråd@1)"},
      {"resumé:skole", "Query(ZXPRskol@1)"},
      {"behandling:skole", "Query(ZXPTskol@1)"},
      {"andet:lovgrundlag", "Query(ZXPOlovgrundlag@1)"},
      {"deltager:jensen", "Query(ZXDjens@1)"},
      {"afbud:jensen", "Query(ZXFjens@1)"},
      {"sag:SAG-2024-01875", "Query(0 * XCSAG-2024-01875)"},
      {"case:sag-2024-01875", "Query(0 * XCSAG-2024-01875)"},
      {"sag:12/27845", "Query(0 * XC12/27845)"},
      {"SAG-2024-01875", "Query((20 * XCSAG-2024-01875 OR XKSAG-2024-01875))"},
      {"skole SAG-2024-01875", "Query((Zskol@1 AND (20 * XCSAG-2024-01875 OR XKSAG-2024-01875)))"},
      {"skole -22/00954", "Query((Zskol@1 AND_NOT (20 * XC22/00954 OR XK22/00954)))"},
      {"skole OR 22/00954", "Query((Zskol@1 OR (20 * XC22/00954 OR XK22/00954)))"},
      {"NOT SAG-2024-01875", "Query((<alldocuments> AND_NOT (20 * XCSAG-2024-01875 OR XKSAG-2024-01875)))"},
      {"(sag-2024-01875 OR 12/34567)",
       "Query((20 * XCSAG-2024-01875 OR XKSAG-2024-01875 OR (20 * XC12/34567 OR XK12/34567)))"},
      {"2024-2027", "Query((2024@1 PHRASE 2 2027@2))"},  // a year range is no case number
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
      {"skole dato:2024", "Query((Zskol@1 FILTER VALUE_RANGE 0 20240101 20241231))"},
      {"velfærd*", "Query(WILDCARD SYNONYM velfærd)"},
      {"NOT skole", "Query((<alldocuments> AND_NOT Zskol@1))"},
  };
  for (const auto& row : rows) {
    CAPTURE(row.query);
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
