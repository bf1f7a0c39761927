// SPDX-License-Identifier: GPL-3.0-or-later
//
// The machine formats, documented in README.md ("Output formats"). Field names are
// stable; new fields may be added. All functions are thread-safe (pure functions of
// their arguments).
#pragma once

#include <string>
#include <vector>

#include "referat/index.h"
#include "referat/meeting.h"
#include "referat/search.h"

namespace referat {

// indent < 0: one line; otherwise pretty-printed with that indent.
std::string to_json(const std::vector<Meeting>& meetings, int indent = -1);
std::string to_json(const Meeting& meeting, int indent = -1);
std::string to_json(const SearchResults& results, int indent = -1);
std::string to_json(const SearchHit& hit, int indent = -1);
std::string to_json(const StoredItem& item, int indent = -1);
std::string to_json(const IndexStats& stats, int indent = -1);

}  // namespace referat
