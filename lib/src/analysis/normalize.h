// SPDX-License-Identifier: GPL-3.0-or-later
//
// Text normalisation before tokenising, the same for documents and queries:
//   - Unicode NFC (ICU), so "idé" in NFD and NFC are one word;
//   - invisible characters removed: soft hyphen U+00AD, zero-width space/joiners
//     U+200B–U+200D, word joiner U+2060, BOM U+FEFF, and the bidi controls U+200E,
//     U+200F, U+202A–U+202E, U+2066–U+2069 (pasted from web pages);
//   - typographic ligatures U+FB00–U+FB06 spelled out (ﬁ → fi), Roman numeral signs
//     U+2160–U+217F as letters (Ⅱ → II);
//   - line-break hyphenation joined ("ramme-\n\nløftet" → "rammeløftet") when the
//     joined word is a word of the list or a valid compound, and the continuation
//     starts in lower case; "KKR-\nmøde" and "2023-\nbudget" stay as written.
#pragma once

#include <string>
#include <string_view>

#include "analysis/dictionary.h"

namespace referat::analysis {

std::string normalize(std::string_view text, const Dictionary& dict);

}  // namespace referat::analysis
