// SPDX-License-Identifier: GPL-3.0-or-later
//
// Segmentation of a meeting document's text (already decoded to UTF-8 NFC) into a
// Meeting: front matter (type, body, date, place, people), table of contents (item
// pages), item headings, and each item's case line, parts and attachments.
//
// Item headings are found by their numbering, not by layout: "3.2. Title",
// "## Punkt 4: Title", "87. Title". When the document has a table of contents its
// numbers decide which lines are headings; otherwise a numbered line is a heading
// when it continues the numbering (3.1 → 3.2, 3.2 → 4, 87 → 88) or, for the first
// one, when it is marked up as a heading or followed by a case line or a part
// heading.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "referat/meeting.h"

namespace referat::segment {

// `paged`: the text is a PDF's, pages separated by form feeds; items then get the
// pages their headings and last lines are on.
Meeting segment(std::string_view text, std::string source, bool paged = false);

// Exposed for tests: the canonical part kind of a heading ("Beslutning i
// Økonomiudvalget" → "beslutning"), or nullopt when it is no part heading.
std::optional<std::string> part_kind(std::string_view heading);

// Exposed for tests: is `next` a plausible successor of `previous` in an agenda's
// numbering ("3.2" → "3.3", "4", "4.1"; "87" → "88")?
bool continues_numbering(std::string_view previous, std::string_view next);

}  // namespace referat::segment
