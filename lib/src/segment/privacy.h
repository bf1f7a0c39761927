// SPDX-License-Identifier: GPL-3.0-or-later
//
// Danish personal identity numbers (CPR: DDMMYY-SSSS or DDMMYYSSSS with a valid day
// and month) are masked as "XXXXXX-XXXX" before a document is segmented, so they are
// never stored, indexed, shown in snippets or printed by `parse`. A public archive
// must not make them searchable.
#pragma once

#include <string>

namespace referat::segment {

// Masks the CPR numbers in `text`; returns how many.
std::size_t mask_cpr_numbers(std::string& text);

}  // namespace referat::segment
