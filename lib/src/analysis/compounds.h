// SPDX-License-Identifier: GPL-3.0-or-later
//
// Danish compound splitting, validated by a word list (analysis/dictionary.h):
// velfærdsteknologi → velfærd|teknologi, sundhedsstrukturkommissionen →
// sundhed|struktur|kommissionen, botilbudspladser → bo|tilbud|pladser.
//
// A split is the decomposition into the fewest parts that are all words of the list,
// with an optional linking -s- or -e- after each part but the last. Rules that keep
// it from taking words apart that are not compounds:
//   - only words of 8+ letters (no digits, no hyphen) are split;
//   - a word the list knows is split only when it is 12+ letters long
//     (kommunalbestyrelse is, forbrænding and betaling are not);
//   - the last part has 3+ letters, the others 4+; shorter parts cost more than long
//     ones and are allowed down to 2 letters ("bo") in words the list does not know,
//     3 letters ("løn") in words it knows, never bound prefixes ("for|handling");
//   - never an ending the list happens to have as a word: hed, ion, lig, ens, ser …
//     (blufærdig|hed, organ|isat|ion, påankning|ens), nor "ring" after an e
//     (station|ring is stationering);
//   - a known inflected word is judged by its known base form (behandlingen is
//     behandling + -en, not behandl|ingen);
//   - a long known part is split again (arbejds|markedsudvalget → arbejd|marked|udvalget);
//   - with two equal splits, the one that takes a linking -s-/-e- out wins.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analysis/dictionary.h"

namespace referat::analysis {

// Only words of this many letters or more are split (nor is anything shorter a compound).
inline constexpr std::size_t kMinCompoundLetters = 8;

// The parts of `lower` (lower case, NFC) as the list spells them, without linking
// letters; empty when it is not a compound.
std::vector<std::string> split_compound(std::string_view lower, const Dictionary& dict);

// Is there a compound joint at byte `at` of `lower`, i.e. are both sides words or
// compounds of 3+ letters? "data|analyse" and "klima|aftale" have one at their "aa";
// "sogneraad" does not.
bool compound_joint_at(std::string_view lower, std::size_t at, const Dictionary& dict);

}  // namespace referat::analysis
