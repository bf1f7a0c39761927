// SPDX-License-Identifier: GPL-3.0-or-later
//
// SBSYS eDagsorden "Publication". One <Agenda> per meeting: the committee, the
// meeting (When, Where, Members) and the items, each a list of fields whose caption
// is the part heading ("Sagsfremstilling", "ADMINISTRATIONENS INDSTILLING") and whose
// content is an HTML fragment in CDATA. The rest (creators, e-mail addresses, output
// paths, generator settings) is bookkeeping and never read.
#include <algorithm>
#include <cstdlib>

#include "segment/front_matter.h"
#include "segment/lines.h"
#include "segment/xml_families.h"
#include "util/text.h"

namespace referat::segment {

namespace {

namespace xml = formats::xml;

// SBSYS fills a field that was cleared with this text.
bool placeholder(std::string_view text) { return text::iequals(text::trim(text), "Tomt indhold"); }

Item read_item(const xmlNode* node) {
  Item item;
  item.number = trimmed(node, "Number");
  item.title = trimmed(node, "Caption");
  item.closed = text::iequals(trimmed(node, "IsPublic"), "false");
  // Case ID="0" is no case; a real one carries its number.
  const xmlNode* c = xml::child(node, "Case");
  if (std::string number = trimmed(c, "Number"); !number.empty() && xml::attribute(c, "ID") != "0")
    item.case_number = number;

  std::vector<const xmlNode*> fields = xml::children(xml::child(node, "Fields"), "ItemField");
  std::stable_sort(fields.begin(), fields.end(), [](const xmlNode* a, const xmlNode* b) {
    return std::atoi(xml::child_text(a, "Index").c_str()) < std::atoi(xml::child_text(b, "Index").c_str());
  });
  for (const xmlNode* field : fields) {
    std::string content = xml::child_text(field, "Content");
    std::string text = text::iequals(trimmed(field, "FieldTypeAsEnum"), "html") ? html_field_text(content)
                                                                                   : plain_text(content);
    if (placeholder(text)) continue;
    add_part(item, trimmed(field, "Caption"), std::move(text));
  }
  for (const xmlNode* enclosure : xml::children(xml::child(node, "Enclosures"), "Enclosure")) {
    // Name, not FileName: the file name is a path on the publisher's disk.
    std::string title = drop_one_period(trimmed(enclosure, "Name"));
    if (!title.empty()) item.attachments.push_back(title);
  }
  return item;
}

Meeting read_agenda(const xmlNode* agenda, const std::string& publication_type) {
  Meeting meeting;
  // Draft and Final are agendas; the minutes are published as "Minutes".
  std::string type = text::lower(publication_type);
  if (type.find("minute") != std::string::npos || type.find("referat") != std::string::npos)
    meeting.type = "referat";
  else if (!type.empty())
    meeting.type = "dagsorden";

  const xmlNode* m = xml::child(agenda, "Meeting");
  DateTime when = export_date_time(xml::child_text(m, "When"));
  meeting.date = when.date;
  meeting.time = when.time;
  if (std::string where = trimmed(m, "Where"); !where.empty()) meeting.location = where;
  for (const xmlNode* member : xml::children(xml::child(m, "Members"), "MeetingMember")) {
    auto person = export_person(xml::child_text(member, "Name"));
    if (!person) continue;
    // "NotDecided" before the meeting; afterwards "Absent" or "Participating".
    std::string status = text::lower(xml::child_text(member, "ParticipationStatusAsText"));
    bool away = status.find("absent") != std::string::npos || status.find("notparticipat") != std::string::npos;
    (away ? meeting.absent : meeting.participants).push_back(*person);
  }

  for (const xmlNode* item : xml::children(xml::child(agenda, "Items"), "Item"))
    meeting.items.push_back(read_item(item));

  // The committee's name, which some councils keep in capitals ("FORRETNINGSUDVALGET");
  // the items' text names it properly.
  std::string body = trimmed(xml::child(agenda, "Committee"), "Name");
  if (body.empty()) body = trimmed(agenda, "Name");
  if (!body.empty()) {
    std::string texts;
    for (const Item& item : meeting.items)
      for (const Part& part : item.parts) (texts += part.text) += '\n';
    // Mid-sentence the text writes "forretningsudvalget"; a body's name starts upper case.
    meeting.body = text::upper_first(fix_body_case(body, texts));
  }
  return meeting;
}

}  // namespace

std::vector<Meeting> sbsys_meetings(const xmlNode* root) {
  std::string type = xml::child_text(root, "PublicationTypeAsEnum");
  std::vector<Meeting> meetings;
  for (const xmlNode* agenda : xml::children(xml::child(root, "Agendas"), "Agenda"))
    meetings.push_back(read_agenda(agenda, type));
  return meetings;
}

}  // namespace referat::segment
