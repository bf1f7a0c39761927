// SPDX-License-Identifier: GPL-3.0-or-later
//
// Human-readable and CSV printing for the CLI. JSON comes from referat/json.h.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "referat/index.h"
#include "referat/meeting.h"
#include "referat/search.h"

namespace referat::cli {

void print_meetings_text(std::ostream& out, const std::vector<Meeting>& meetings);
void print_results_text(std::ostream& out, const SearchResults& results, std::size_t offset);
void print_results_csv(std::ostream& out, const SearchResults& results);
void print_item_text(std::ostream& out, const StoredItem& item);
void print_stats_text(std::ostream& out, const IndexStats& stats);

}  // namespace referat::cli
