// SPDX-License-Identifier: GPL-3.0-or-later
//
// The project's own sample records against expectations written by hand
// (tests/data/samples/*.expected.json), and — when ../shared is present — the two
// reference documents against the project lead's expectations.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "expectations.h"

namespace fs = std::filesystem;

TEST_CASE("sample records segment as a careful reader sees them") {
  const fs::path data = fs::path(REFERAT_SOURCE_DIR) / "tests" / "data" / "samples";
  const fs::path samples = fs::path(REFERAT_SOURCE_DIR) / "samples";
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(data)) {
    std::string name = entry.path().filename().string();
    if (!name.ends_with(".expected.json")) continue;
    fs::path document = samples / name.substr(0, name.size() - std::string(".expected.json").size());
    CAPTURE(document);
    REQUIRE(fs::exists(document));
    for (const auto& problem : referat::test::check_expectations(document, entry.path())) FAIL_CHECK(problem);
    ++checked;
  }
  CHECK(checked >= 5);
}

TEST_CASE("reference documents (../shared) segment as expected" *
          doctest::skip(!fs::exists(fs::path(REFERAT_SHARED_DIR) / "acceptance"))) {
  const fs::path shared = REFERAT_SHARED_DIR;
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(shared / "acceptance")) {
    std::string name = entry.path().filename().string();
    if (!name.ends_with(".expected.json")) continue;
    std::ifstream in(entry.path());
    fs::path document = shared / "corpus" / nlohmann::json::parse(in).at("source").get<std::string>();
    CAPTURE(document);
    for (const auto& problem : referat::test::check_expectations(document, entry.path())) FAIL_CHECK(problem);
    ++checked;
  }
  CHECK(checked == 2);
}
