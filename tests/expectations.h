// SPDX-License-Identifier: GPL-3.0-or-later
//
// Compares a parsed meeting with a hand-written *.expected.json (the format of
// ../shared/acceptance): metadata, people, item numbers, titles, cases, handlers,
// attachments, pages, sections, part kinds and sentences each item must contain.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace referat::test {

// One line per mismatch; empty when the document matches.
std::vector<std::string> check_expectations(const std::filesystem::path& document,
                                            const std::filesystem::path& expected_json);

}  // namespace referat::test
