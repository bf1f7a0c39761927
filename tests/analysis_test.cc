// SPDX-License-Identifier: GPL-3.0-or-later
#include <doctest/doctest.h>

#include <xapian.h>

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
