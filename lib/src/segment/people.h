// SPDX-License-Identifier: GPL-3.0-or-later
//
// Participant lines: "Kasper Juncher Bjerregaard (V), Norddjurs",
// "Simon Vanggard, (O) Ikast-Brande", "- Mette Lund (A)", and officials
// "Jonna Holm Pedersen, specialkonsulent, KKR-sekretariatet".
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "referat/meeting.h"

namespace referat::segment {

// A member with a party in parentheses; nullopt when the line is not one.
std::optional<Person> parse_member(std::string_view line);

// An official: "Name, role, ..." or a bare name; nullopt for lines that read as
// prose rather than a name.
std::optional<Person> parse_official(std::string_view line, std::string_view organisation);

// A bare name under a people heading ("Erik Berg"); nullopt for prose.
std::optional<Person> parse_name(std::string_view line);

// Several members on one line: "Anna Holm (A), Per Nissen (V), Carl Holm".
std::vector<Person> parse_member_list(std::string_view line);

// How many parenthesised groups a line has (two or more: a list of members).
std::size_t party_groups(std::string_view line);

}  // namespace referat::segment
