// SPDX-License-Identifier: GPL-3.0-or-later
//
// The front matter of a meeting document, before its first agenda item: type
// ("REFERAT", "Dagsorden"), body, date and time, place, participants, absentees
// and officials ("Fra KL").
#pragma once

#include <string_view>
#include <vector>

#include "referat/meeting.h"
#include "segment/lines.h"

namespace referat::segment {

// Reads lines [0, end) except those marked in `skip` (a table of contents) into
// `meeting`. `document` is the whole text, where a body set in capitals is looked
// up in its proper case.
void read_front_matter(const std::vector<Line>& lines, std::size_t end, const std::vector<bool>& skip,
                       std::string_view document, Meeting& meeting);

}  // namespace referat::segment
