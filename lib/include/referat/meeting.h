// SPDX-License-Identifier: GPL-3.0-or-later
//
// The parsed model of a meeting document: one Meeting per meeting found, each with
// its agenda items. Everything here comes from the document's text, never from its
// file name. Plain value types: copyable, no hidden state, safe to share read-only
// between threads.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace referat {

// A participant, an absentee or an official ("Fra KL").
struct Person {
  std::string name;
  std::optional<std::string> party;         // party letter as written, e.g. "V"
  std::optional<std::string> municipality;  // "Norddjurs" (a trailing "Kommune" dropped)
  std::optional<std::string> role;          // officials: "chefkonsulent"
  std::optional<std::string> organisation;  // officials: "KL" from "Fra KL"
};

// One part of an agenda item under a Danish heading. `kind` is the canonical
// lower-case kind ("indstilling", "beslutning", "sagsfremstilling", "baggrund",
// "bilag", "økonomi", "høring", "resumé", "tidligere behandling", ... or "tekst" for
// text before any heading); `heading` is the heading as written ("Beslutning i
// Økonomiudvalget den 10. marts 2022").
struct Part {
  std::string kind;
  std::string heading;
  std::string text;
};

struct Item {
  std::string number;                  // "3.2", "4", "87"
  std::string title;
  std::optional<std::string> section;  // the heading grouping the item ("Regionalpolitiske sager")
  std::optional<std::string> case_number;  // "SAG-2021-00417", "22/04417"
  std::optional<std::string> kle;          // KLE classification "00.01.00-A00-1-23" or "00.01.00"
  std::optional<std::string> document_number;  // "2012-202935", "222359/12" (Dok.nr.)
  std::vector<std::string> handlers;       // case handler initials
  std::vector<Part> parts;
  std::vector<std::string> attachments;  // titles, one trailing period dropped
  std::optional<int> page;               // first page, from a table of contents or the PDF
  std::optional<int> last_page;          // last page the item's text is on (PDF)
  bool closed = false;  // a closed item ("Lukket punkt: …"): indexed by its title only
};

struct Meeting {
  std::string source;               // file path, URL or caller-given id
  // Every source this meeting was read from, `source` first, when the index merged
  // several (a meeting published as PDF and as an XML export); else empty.
  std::vector<std::string> sources;
  std::string format;               // what the source was read as: "pdf", "html", "xml", "text"
  std::optional<std::string> body;  // "Fjordkredsen", "Teknik- og Miljøudvalget"
  std::string type;                 // "referat" or "dagsorden"; "" when not stated
  std::optional<std::string> date;  // ISO 8601 "2023-06-21"
  // The date as written when it is no valid date ("31. februar 2023"): `date` is then
  // empty, and this text is searchable.
  std::optional<std::string> date_text;
  std::optional<std::string> time;  // "10:00"
  std::optional<std::string> location;
  std::vector<Person> participants;
  std::vector<Person> absent;
  std::vector<Person> officials;
  std::vector<Item> items;
  std::vector<std::string> warnings;  // what the parser could not make sense of
};

}  // namespace referat
