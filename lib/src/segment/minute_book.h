// SPDX-License-Identifier: GPL-3.0-or-later
//
// Minute books: one file holding a whole year of meetings (the parish councils'
// handwritten books, transcribed), each meeting opened by a dated header line or
// closed by a place/date line and signatures, its matters numbered or only separated
// by blank lines. Detected by those features in the text, never by file or body name.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "referat/meeting.h"

namespace referat::segment {

// The meetings of a minute book, or nullopt when `text` (decoded UTF-8 NFC, pages
// separated by '\f') is not one, so that the caller segments it as one meeting.
std::optional<std::vector<Meeting>> minute_book(std::string_view text, const std::string& source);

}  // namespace referat::segment
