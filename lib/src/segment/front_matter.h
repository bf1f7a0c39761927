// SPDX-License-Identifier: GPL-3.0-or-later
//
// The front matter of a meeting document, before its first agenda item: type
// ("REFERAT", "Dagsorden"), body, date and time, place, participants, absentees
// and officials ("Fra KL").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "referat/meeting.h"
#include "segment/lines.h"

namespace referat::segment {

// A body set in capitals ("FORRETNINGSUDVALGET") as `document` writes it elsewhere
// ("Forretningsudvalget"), else in title case; any other body unchanged.
std::string fix_body_case(const std::string& body, std::string_view document);

// Reads lines [0, end) except those marked in `skip` (a table of contents) into
// `meeting`. `document` is the whole text, where a body set in capitals is looked
// up in its proper case.
void read_front_matter(const std::vector<Line>& lines, std::size_t end, const std::vector<bool>& skip,
                       std::string_view document, Meeting& meeting);

}  // namespace referat::segment
