// SPDX-License-Identifier: GPL-3.0-or-later
//
// The index layout, in one place. One Xapian document per agenda item.
//
// Terms
//   prefix  kind          content
//   Q       boolean       unique item id "fjordkredsen/2021-09-14/referat/3.2"
//   XM      boolean       meeting id "fjordkredsen/2021-09-14/referat"
//   XU      boolean       source path as indexed; "XU#" + FNV-1a hex when longer than 200 bytes
//   XO      boolean       body slug "fjordkredsen"                (organ:, body:)
//   XT      boolean       type "referat" | "dagsorden"                 (type:)
//   XY      boolean       year "2023"                                  (stats)
//   XC      wdf 1         the item's case number, upper case            (sag:, case:; and
//                         free-text case numbers, weighted up so an exact case match ranks first)
//   XK      wdf 1         case numbers mentioned in the item's text, and the item's
//                         document number (so a plain search for either finds it)
//   XN      boolean       document number "2012-202935", upper case     (dok:, document:)
//   XL      boolean       KLE number and each of its levels: "02", "02.34", "02.34.02",
//                         "02.34.02-P20" …                                 (kle:)
//   (none)  text          title (wdf ×5), beslutning (×3), indstilling (×2), other parts,
//                         part headings and attachment titles (×1); stemmed "Z" terms too
//   S       text          title                                         (titel:, title:)
//   XP?     text          one prefix per part kind, from kPartFields below:
//                         XPI indstilling, XPB beslutning, XPS sagsfremstilling, XPG baggrund,
//                         XPA bilag (+ attachment titles), XPE økonomi, XPH høring, XPR resumé,
//                         XPT tidligere behandling, XPO every other kind (tekst, lovgrundlag …)
//   XA      text          section heading                               (afsnit:, section:)
//   XD      text          participants' names                           (deltager:, participant:)
//   XH      text          case handlers' initials or names     (sagsbehandler:, handler:)
//   XF      text          absentees' names                              (afbud:, absent:)
//   XR:     wdf 1         acronyms as written, case-sensitive ("XR:KL")
// Text terms carry positions (phrases, NEAR), except in the part fields XP? (the
// unprefixed copy has them; a phrase in a part field is a phrase in the item whose
// words are in the part). The analysis (analysis/analyzer.h) adds
// "Z" + prefix + stem (Snowball Danish via libstemmer, with corrections) and
// "XW" + prefix + stem of each compound part, without positions.
//
// Values
//   0 date "YYYYMMDD" (dato:, år:)                5 year "YYYY" (facet)
//   1 (unused)                                    6 type (facet)
//   2 (unused)                                    7 section (facet)
//   3 item id (ties)                              8 (unused)
//   4 body as written (facet)
// (1, 2 and 8 held the case, item and meeting keys that slots 9-11 now combine.)
//   9 sort key, newest first: date, then meeting and item with their bytes complemented
//  10 sort key, oldest first: date ("~" when undated: last), meeting, item
//  11 sort key by case: case number ("~" when none), date, meeting, item
//  12 hit header: JSON {"n","t","c","s","u","p","b","y","d"} (number, title, case,
//     section, source, page, body, type, date), so a hit without a snippet is built
//     without parsing the item's whole stored JSON
//  13 link key: body slug "/" date "/" item number (with its "~N"), the same for an
//     item's agenda and minutes versions; searches collapse on it (one result per item)
//  14 facet key: body, year, type and section (slots 4-7) joined by \x1f, empty fields
//     kept: one value stream for the four facets instead of four (added at indexing
//     revision 2; an index where some item lacks it is counted from slots 4-7)
// (Sorting by one value, not a KeyMaker, works on remote shards too.)
//
// Document data: JSON {"meeting": {...header...}, "item": {...}} as in `referat show`.
// Metadata: "referat.schema" = kSchemaVersion, checked on open.
//   "referat.source\x1f" + source path: what the file was when indexed (index/sources.h).
//   Added without a version change: an index without them reads fine (its files are
//   all analysed again once), and older referat versions ignore them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace referat::schema {

inline constexpr std::string_view kSchemaVersion = "3";
inline constexpr const char* kSchemaKey = "referat.schema";
// What the items made from a file depend on besides the file: bump it with every change
// to segmentation or analysis that indexes the same file differently (stems.txt and
// the word list are hashed in by analysis::data_fingerprint()). Source stamps
// record it, so `referat index` reads every file indexed by another revision again
// (index/sources.h) and counts it as re-analysed; searches of an index not yet
// re-indexed still work, with the older analysis's terms.
// 2: the facet key (value slot 14).
inline constexpr int kIndexingRevision = 2;

inline constexpr const char* kId = "Q";
inline constexpr const char* kMeeting = "XM";
inline constexpr const char* kSource = "XU";
inline constexpr const char* kBody = "XO";
inline constexpr const char* kType = "XT";
inline constexpr const char* kYear = "XY";
inline constexpr const char* kCase = "XC";
inline constexpr const char* kCaseMention = "XK";
inline constexpr const char* kDocumentNumber = "XN";
inline constexpr const char* kKle = "XL";
inline constexpr const char* kTitle = "S";
inline constexpr const char* kBilag = "XPA";  // also attachment titles
inline constexpr const char* kOtherPart = "XPO";

// A part kind's prefix and its query field names (Danish, English). The last row,
// with no kind, takes every kind not listed.
struct PartField {
  const char* kind;
  const char* prefix;
  const char* field;
  const char* field_en;
};
inline constexpr PartField kPartFields[] = {
    {"indstilling", "XPI", "indstilling", "recommendation"},
    {"beslutning", "XPB", "beslutning", "decision"},
    {"sagsfremstilling", "XPS", "sagsfremstilling", "statement"},
    {"baggrund", "XPG", "baggrund", "background"},
    {"bilag", kBilag, "bilag", "attachment"},
    {"økonomi", "XPE", "økonomi", "economy"},
    {"høring", "XPH", "høring", "consultation"},
    {"resumé", "XPR", "resumé", "summary"},
    {"tidligere behandling", "XPT", "behandling", "history"},
    {"", kOtherPart, "andet", "other"},
};

inline constexpr const char* kSection = "XA";
inline constexpr const char* kParticipant = "XD";
inline constexpr const char* kAbsent = "XF";
inline constexpr const char* kHandler = "XH";

enum Slot : Xapian::valueno {
  kDateSlot = 0,
  kIdSlot = 3,
  kBodySlot = 4,
  kYearSlot = 5,
  kTypeSlot = 6,
  kSectionSlot = 7,
  kNewestSlot = 9,
  kOldestSlot = 10,
  kCaseSortSlot = 11,
  kHitSlot = 12,
  kLinkSlot = 13,
  kFacetSlot = 14,
};

// Slot 14's value: the four facet values of an item, each cleaned of the separator.
inline constexpr char kFacetSeparator = '\x1f';

// The row of kPartFields for a part kind (the last row for kinds not listed).
const PartField& part_field(std::string_view kind);
// wdf multiplier of a part kind in the unprefixed text.
unsigned part_weight(std::string_view kind);

// "XU" term for a source (hashed when too long for a Xapian term).
std::string source_term(std::string_view source);
// `prefix` + `source`, or `prefix` + "#" + hash_hex(source) when the source is longer
// than 200 bytes (Xapian's term and metadata key limits): source terms, stamp keys.
std::string source_key(std::string_view prefix, std::string_view source);
// Case numbers are compared in upper case ("sag-2021-00417" finds SAG-2021-00417).
std::string case_key(std::string_view case_number);

// The terms of a KLE number: "02.34.02-P20" → "02", "02.34", "02.34.02", "02.34.02-P20"
// (upper case), so that kle:02.34 finds every item classified under 02.34.
std::vector<std::string> kle_levels(std::string_view kle);

}  // namespace referat::schema
