// SPDX-License-Identifier: GPL-3.0-or-later
//
// Acadre MM: database rows as XML. Every record is <table name="…"> with its columns
// in <fields><field name="…">value</field></fields> and its child records as nested
// tables: agenda → committee, meeting (→ meetmember → member), agendaitemparents
// (whose "sort" is the item's number) → agendaitem → bullet (a part: bulletname and
// HTML bulletcontent, entity-escaped in the XML, so decoded twice) and enclosure
// (an attachment with its Acadre document number, "222359/12").
#include <algorithm>
#include <cstdlib>

#include "segment/items.h"
#include "segment/lines.h"
#include "segment/xml_families.h"
#include "util/text.h"

namespace referat::segment {

namespace {

namespace xml = formats::xml;

// The raw value of the record's column `name` ("" when absent), for HTML whose line
// breaks are no paragraphs.
std::string raw_field(const xmlNode* table, std::string_view name) {
  for (const xmlNode* f : xml::children(xml::child(table, "fields"), "field"))
    if (xml::attribute(f, "name") == name) return xml::text(f);
  return {};
}

// The same, spaces collapsed.
std::string field(const xmlNode* table, std::string_view name) { return text::collapse_spaces(raw_field(table, name)); }

std::vector<const xmlNode*> tables(const xmlNode* parent, std::string_view name) {
  std::vector<const xmlNode*> out;
  for (const xmlNode* t : xml::children(parent, "table"))
    if (xml::attribute(t, "name") == name) out.push_back(t);
  return out;
}

const xmlNode* table(const xmlNode* parent, std::string_view name) {
  auto all = tables(parent, name);
  return all.empty() ? nullptr : all.front();
}

// Records in their "sort" column's order.
std::vector<const xmlNode*> sorted(std::vector<const xmlNode*> records, std::string_view column) {
  std::stable_sort(records.begin(), records.end(), [&](const xmlNode* a, const xmlNode* b) {
    return std::atoi(field(a, column).c_str()) < std::atoi(field(b, column).c_str());
  });
  return records;
}

Item read_item(const xmlNode* parent) {
  const xmlNode* row = table(parent, "agendaitem");
  Item item;
  item.number = field(parent, "sort");
  item.title = field(row, "name");
  if (std::string c = field(row, "caseno"); !c.empty()) item.case_number = c;
  if (std::string h = field(row, "caseofficer"); !h.empty()) item.handlers.push_back(text::lower(h));
  // accessname "Åben" / "Lukket"; access 1 is open.
  std::string access = text::lower(field(row, "accessname"));
  item.closed = access.empty() ? field(row, "access") == "0" : access.starts_with("lukket");

  for (const xmlNode* bullet : sorted(tables(row, "bullet"), "bulletsortorder"))
    add_part(item, field(bullet, "bulletname"), html_field_text(raw_field(bullet, "bulletcontent")));

  // The attachment list as the printed minutes show it: title and document number.
  TextBuilder listing;
  for (const xmlNode* enclosure : sorted(tables(row, "enclosure"), "sort")) {
    std::string title = drop_one_period(field(enclosure, "name"));
    if (title.empty()) continue;
    item.attachments.push_back(title);
    std::string number = field(enclosure, "fileno");
    listing.add(number.empty() ? title : title + " – " + number);
  }
  if (!listing.empty()) item.parts.push_back(Part{"bilag", "Bilag", listing.take()});
  return item;
}

}  // namespace

std::vector<Meeting> acadre_meetings(const xmlNode* root) {
  std::vector<Meeting> meetings;
  for (const xmlNode* agenda : tables(root, "agenda")) {
    Meeting meeting;
    // The agenda's name: "Referat", "Dagsorden", "Tillægsdagsorden".
    std::string name = text::lower(field(agenda, "name"));
    if (name.find("referat") != std::string::npos) meeting.type = "referat";
    else if (name.find("dagsorden") != std::string::npos) meeting.type = "dagsorden";
    if (std::string body = field(table(agenda, "committee"), "name"); !body.empty()) meeting.body = body;

    const xmlNode* m = table(agenda, "meeting");
    DateTime when = export_date_time(field(m, "date"));
    meeting.date = when.date;
    meeting.time = when.time;
    if (std::string where = field(m, "location"); has_letter(where)) meeting.location = where;
    for (const xmlNode* member : sorted(tables(table(m, "meetmember"), "member"), "sort")) {
      auto person = export_person(field(member, "name"));
      if (!person) continue;
      (field(member, "absent") == "1" ? meeting.absent : meeting.participants).push_back(*person);
    }

    for (const xmlNode* parent : tables(agenda, "agendaitemparents"))
      if (table(parent, "agendaitem")) meeting.items.push_back(read_item(parent));
    meetings.push_back(std::move(meeting));
  }
  return meetings;
}

}  // namespace referat::segment
