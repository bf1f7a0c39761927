// SPDX-License-Identifier: GPL-3.0-or-later
//
// One meeting read from several files (the same minutes as a PDF and as the meeting
// system's XML export): the versions merged into the one the index stores.
#pragma once

#include <vector>

#include "referat/meeting.h"

namespace referat::segment {

// Merges versions of one meeting (same body, date and type; at least one). The
// structure comes from the richest version: an XML export first (its items and fields
// are the meeting system's own), else the one with the most items, ties to the first.
// Other versions add what it lacks: pages of items with the same number (from a PDF),
// case/document/KLE numbers, time, location, people, and items whose numbers it does
// not have (nothing is lost). `sources` lists every version's source, the base first.
Meeting merge_versions(const std::vector<Meeting>& versions);

}  // namespace referat::segment
