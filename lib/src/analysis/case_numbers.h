// SPDX-License-Identifier: GPL-3.0-or-later
//
// Case numbers (sagsnumre) as one token: "SAG-2021-00417", "EMN-2020-000123",
// "12/34567", "2019-31415". Used by segmentation (case lines), indexing (case numbers
// mentioned in the text) and querying (a case number typed as a word), so that all
// three agree on what a case number is. Year ranges ("2024-2027") and dates
// ("12/05") are not case numbers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace referat::analysis {

// Is the whole of `token` a case number? Letters must be upper case unless
// `any_case` (queries: "sag-2023-02073").
bool is_case_number(std::string_view token, bool any_case = false);

// The case numbers written in `text`, in order, as written. Linear in the text.
std::vector<std::string> find_case_numbers(std::string_view text);

}  // namespace referat::analysis
