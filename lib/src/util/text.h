// SPDX-License-Identifier: GPL-3.0-or-later
//
// Small UTF-8 text helpers shared by segmentation, indexing and querying. Case
// mapping and normalisation go through ICU.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace referat::text {

std::string_view trim(std::string_view s);
std::vector<std::string_view> split_lines(std::string_view s);  // \n, \r\n or \r
std::string collapse_spaces(std::string_view s);  // runs of whitespace → one space, trimmed

std::string lower(std::string_view s);  // Unicode lower case (Danish rules)
std::string upper_first(std::string_view s);  // "velfærd" → "Velfærd"
bool is_upper(std::string_view s);      // has letters and none is lower case
bool has_lower(std::string_view s);
std::string nfc(std::string_view s);  // Unicode NFC

// Lower case, æ→ae, ø→oe, å→aa, accents dropped, other runs → '-', trimmed of '-'.
std::string slugify(std::string_view s);

// slugify, capped for use in ids and index terms: a slug longer than `max` bytes is
// cut and given a hash of the whole, so distinct long names stay distinct.
std::string slug_key(std::string_view s, std::size_t max = 80);

// FNV-1a 64-bit as 16 hex digits: stable across platforms and releases.
std::string hash_hex(std::string_view s);

// Replaces invalid UTF-8 sequences by U+FFFD; returns how many were replaced.
std::size_t repair_utf8(std::string& s);

// Number of code points in s (s valid UTF-8).
std::size_t code_points(std::string_view s);

// A list marker at the start ("- ", "* ", "+ ", "• ") removed, and the rest trimmed.
std::string_view strip_bullet(std::string_view s);

bool iequals(std::string_view a, std::string_view b);  // Unicode case-insensitive

}  // namespace referat::text
