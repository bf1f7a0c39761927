// SPDX-License-Identifier: GPL-3.0-or-later
//
// Danish dates and times as meeting documents write them: "21-06-2023 10:00",
// "02.10.2024", "Torsdag den 24. marts 2022, kl. 17.00", "2023-06-21".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace referat::segment {

struct DateTime {
  std::optional<std::string> date;  // ISO "2023-06-21"; only valid calendar dates
  std::optional<std::string> time;  // "10:00"
};

DateTime find_date_time(std::string_view text);
std::optional<std::string> find_time(std::string_view text);
bool valid_date(int year, int month, int day);
// A Danish month name as written, in full, cut ("aug.", "Sept") or in an older
// abbreviation ("Nobr.", "Decbr."): 1-12, or 0 when it is none (or could be several).
int month_number(std::string_view word);

}  // namespace referat::segment
