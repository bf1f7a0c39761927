// SPDX-License-Identifier: GPL-3.0-or-later
//
// eDoc "eDocAgendaPublishing". The export holds little structure of its own: each
// MeetingAgendaItem's <FullText> is the text of the item's document as the meeting
// PDF prints it ("2.<tab>Title", "Sagsnr.: 2023-41877", "Dok.nr.: 2024-051123",
// then headings Sammendrag / Baggrund / … / "<Udvalg>s beslutning den …"), so it is
// read like any text; each attachment's <FullText> becomes a "bilag" part under the
// attachment's title. The agenda type's <FullText> is the whole document, whose
// front page names the place and the people.
#include <regex>

#include "segment/items.h"
#include "segment/lines.h"
#include "segment/people.h"
#include "segment/xml_families.h"
#include "util/text.h"

namespace referat::segment {

namespace {

namespace xml = formats::xml;

// "Dok.nr.: 2024-051123", "Dokumentnr. 2024-051123": the number, or nullopt.
std::optional<std::string> document_number_line(const std::string& line) {
  static const std::regex re(R"(^(?:dok\.?\s*nr|dokumentnr|dokumentnummer)\.?\s*:?\s*(\S+)$)",
                             std::regex::icase);
  if (line.size() > 80) return std::nullopt;
  std::smatch m;
  if (!std::regex_match(line, m, re)) return std::nullopt;
  return m[1].str();
}

// "2.<tab>Skolernes ventilation - anlægsbevilling": the title when the number
// is the item's.
std::optional<std::string> heading_title(const std::string& line, const std::string& number) {
  if (number.empty() || !line.starts_with(number + ".")) return std::nullopt;
  std::string_view rest = std::string_view(line).substr(number.size() + 1);
  if (rest.empty() || (rest.front() != ' ' && rest.front() != '\t')) return std::nullopt;
  std::string title = text::collapse_spaces(rest);
  if (title.empty()) return std::nullopt;
  return title;
}

Item read_item(const xmlNode* node, bool closed) {
  const xmlNode* document = xml::child(node, "Document");
  Item item;
  item.number = trimmed(node, "AgendaItemNumber");
  item.title = trimmed(document, "Title");
  item.closed = closed;

  std::vector<Line> lines = clean_lines(xml::child_text(node, "FullText"));
  std::size_t begin = 0;
  while (begin < lines.size() && lines[begin].blank()) ++begin;
  // The heading in the text is the title as printed; <Title> is sometimes cut short.
  if (begin < lines.size()) {
    if (auto title = heading_title(lines[begin].text, item.number)) {
      item.title = *title;
      ++begin;
    }
  }
  // The document number sits in the case lines, before the first part heading.
  for (std::size_t i = begin; i < lines.size() && !part_start(lines[i]); ++i) {
    if (auto number = document_number_line(lines[i].text)) {
      item.document_number = *number;
      lines[i].text.clear();
      break;
    }
  }
  item = build_item(lines, begin, lines.size(), std::move(item));

  // The export's own identifiers, where it fills them in, over the text's.
  const xmlNode* c = xml::child(document, "Case");
  if (std::string id = trimmed(c, "CaseLogicIdentifier"); !id.empty()) item.case_number = id;
  if (std::string id = trimmed(document, "LogicIdentifier"); !id.empty())
    item.document_number = id;

  // The attachment list is the export's, not the "Bilag" lines of the text ("Ingen",
  // "2024-050998 - Title").
  item.attachments.clear();
  for (const xmlNode* a : xml::descendants(xml::child(document, "Attachments"), "Attachment")) {
    std::string title = drop_one_period(trimmed(a, "Title"));
    if (title.empty()) continue;
    item.attachments.push_back(title);
    std::string body = plain_text(xml::child_text(a, "FullText"));
    if (!body.empty()) item.parts.push_back(Part{"bilag", title, std::move(body)});
  }
  return item;
}

// "Hanne Kjær (A) - formand": the member without the role after the dash.
std::optional<Person> member_line(std::string_view line) {
  static const std::regex role(R"(\)\s+[-–]\s+\S.*$)");
  std::string s = std::regex_replace(std::string(line), role, ")");
  return parse_member(s);
}

// The front page of the whole document: "tirsdag den 12. marts 2024, kl. 16:00" and
// "i Mødelokale 2, …" under it, "Tilstede" / "Afbud/Fraværende" / "Sekretær" lists.
void read_front_page(std::string_view full_text, Meeting& meeting) {
  enum class Mode { none, present, absent, secretary } mode = Mode::none;
  std::string role;  // "sekretær"
  bool after_date = false;
  for (const Line& line : clean_lines(full_text)) {
    const std::string& t = line.text;
    if (t.empty()) continue;
    std::string lower = text::lower(strip_colon(t));
    if (lower == "indholdsfortegnelse") break;  // the front page ends here
    if (lower == "tilstede" || lower == "til stede" || lower == "deltagere" || lower == "medlemmer") {
      mode = Mode::present;
      continue;
    }
    if (lower == "afbud/fraværende" || lower == "afbud" || lower == "fraværende") {
      mode = Mode::absent;
      continue;
    }
    if (lower == "sekretær" || lower == "referent") {
      mode = Mode::secretary;
      role = lower;
      continue;
    }
    if (mode == Mode::present || mode == Mode::absent) {
      auto& list = mode == Mode::present ? meeting.participants : meeting.absent;
      if (auto p = member_line(t)) list.push_back(*p);
      else if (auto q = parse_name(t)) list.push_back(*q);
      else mode = Mode::none;
      continue;
    }
    if (mode == Mode::secretary) {
      if (auto p = parse_official(t, "")) {
        p->role = role;
        meeting.officials.push_back(*p);
      }
      mode = Mode::none;
      continue;
    }
    if (after_date && !meeting.location && t.starts_with("i ") && t.size() < 120)
      meeting.location = std::string(text::trim(t.substr(2)));
    const DateTime dt = find_date_time(t);
    after_date = dt.date.has_value() && t.size() < 120;
    if (after_date && !meeting.time) meeting.time = dt.time;
  }
}

}  // namespace

std::vector<Meeting> edoc_meetings(const xmlNode* root) {
  Meeting meeting;
  if (std::string body = trimmed(root, "Committee"); !body.empty()) meeting.body = body;
  DateTime when = export_date_time(xml::child_text(root, "MeetingDate"));
  meeting.date = when.date;
  meeting.time = when.time;
  // "Referat endeligt godkendt", "Dagsorden udsendt".
  std::string state = text::lower(xml::child_text(root, "MeetingState"));
  if (state.find("referat") != std::string::npos) meeting.type = "referat";
  else if (state.find("dagsorden") != std::string::npos) meeting.type = "dagsorden";

  for (const xmlNode* type : xml::descendants(root, "MeetingAgendaType")) {
    // "Åben dagsorden" / "Lukket dagsorden": the closed agenda's items show their
    // titles only.
    bool closed = text::lower(xml::child_text(type, "AgendaType")).find("lukket") != std::string::npos;
    if (!closed && meeting.participants.empty()) read_front_page(xml::child_text(type, "FullText"), meeting);
    for (const xmlNode* item : xml::descendants(xml::child(type, "MeetingAgendaItems"), "MeetingAgendaItem"))
      meeting.items.push_back(read_item(item, closed));
  }
  return {std::move(meeting)};
}

}  // namespace referat::segment
