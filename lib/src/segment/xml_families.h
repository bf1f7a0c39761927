// SPDX-License-Identifier: GPL-3.0-or-later
//
// The XML families behind xml_meetings() and what they share. Each family reads one
// meeting system's export tree; xml_meetings() chooses the family by the root element
// and finishes what every family returns (source, items in number order, text
// normalised, e-mail addresses, Windows paths and CPR numbers kept out).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "formats/xml.h"
#include "referat/meeting.h"
#include "segment/dates.h"

namespace referat::segment {

// eDoc "eDocAgendaPublishing": <Meeting><MeetingAgendaTypes><MeetingAgendaType>
// <MeetingAgendaItems><MeetingAgendaItem> with each item's text in <FullText>.
std::vector<Meeting> edoc_meetings(const xmlNode* root);

// SBSYS eDagsorden "Publication": <Publication><Agendas><Agenda> with <Meeting>,
// <Items><Item><Fields><ItemField><Caption>/<Content> (HTML in CDATA).
std::vector<Meeting> sbsys_meetings(const xmlNode* root);

// Acadre MM: <root><table name="agenda"><fields><field name=…> with nested tables
// committee, meeting, agendaitemparents/agendaitem, bullet, enclosure.
std::vector<Meeting> acadre_meetings(const xmlNode* root);

// ---------------------------------------------------------------------------
// Shared by the families.

// An HTML field (or fragment) as plain paragraphs: formats::html_text, its Markdown
// marks removed, paragraphs separated by one blank line.
std::string html_field_text(std::string_view html);

// Extracted plain text as paragraphs: each line's runs of white space (tabs between
// columns too) collapsed to one space, other control characters dropped.
std::string plain_text(std::string_view text);

// The text of `node`'s child `name`, spaces collapsed ("" when absent).
std::string trimmed(const xmlNode* node, std::string_view name);

// "04-12-2012 13:00:00", "2013-06-20 10:30": date and time (seconds dropped).
DateTime export_date_time(std::string_view value);

// A member's name as exports write it ("Jesper  Mathiesen (A)", "Bent Larsen"):
// spaces collapsed, a party in parentheses read off; nullopt for an empty name.
std::optional<Person> export_person(std::string_view name);

// Adds a part under `heading` (kind from its wording, "tekst" when it names none)
// unless `text` is empty.
void add_part(Item& item, std::string_view heading, std::string text);

}  // namespace referat::segment
