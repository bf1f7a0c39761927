// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/xml_meetings.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "formats/formats.h"
#include "referat/error.h"
#include "segment/items.h"
#include "segment/lines.h"
#include "segment/people.h"
#include "segment/privacy.h"
#include "segment/segmenter.h"
#include "segment/xml_families.h"
#include "util/text.h"

namespace referat::segment {

namespace {

// "3.10" after "3.9", "12" after "2": agenda numbers compare by their components;
// a number that is none ("A") sorts after the numbered ones, in document order.
bool number_before(const std::string& a, const std::string& b) {
  auto key = [](const std::string& n) {
    std::vector<long> out;
    const char* p = n.c_str();
    while (*p) {
      char* end = nullptr;
      long v = std::strtol(p, &end, 10);
      if (end == p || v < 0) return std::vector<long>{};
      out.push_back(v);
      p = (*end == '.') ? end + 1 : end;
      if (*end && *end != '.') return std::vector<long>{};
    }
    return out;
  };
  auto ka = key(a), kb = key(b);
  if (ka.empty() || kb.empty()) return !ka.empty() && kb.empty();
  return ka < kb;
}

// An e-mail address ("jbd@kommune.dk") or the start of a Windows or UNC path
// ("P:\Direktionen\…", "\\server\share"): exports carry them as metadata and now and
// then in text; they are no content to search or show.
bool private_token(std::string_view t) {
  while (!t.empty() && (t.front() == '<' || t.front() == '(' || t.front() == '"')) t.remove_prefix(1);
  std::size_t at = t.find('@');
  if (at != std::string_view::npos && at > 0 && t.find('.', at) != std::string_view::npos) return true;
  if (t.size() >= 3 && std::isalpha(static_cast<unsigned char>(t[0])) && t[1] == ':' && t[2] == '\\')
    return true;
  return t.starts_with("\\\\");
}

// Removes private tokens; a path may hold spaces, so it takes the rest of its line.
std::size_t scrub(std::string& s) {
  std::size_t removed = 0;
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') {
      out += s[i++];
      continue;
    }
    std::size_t end = s.find_first_of(" \t\n", i);
    if (end == std::string::npos) end = s.size();
    std::string_view token(s.data() + i, end - i);
    if (!private_token(token)) {
      out.append(token);
      i = end;
      continue;
    }
    ++removed;
    if (token.find('\\') != std::string_view::npos) end = std::min(s.find('\n', i), s.size());
    i = end;
    while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
  }
  if (removed) s = std::move(out);
  return removed;
}

// Everything a family returns goes through here, so no family can forget it.
void finish(Meeting& meeting, const std::string& source) {
  meeting.source = source;
  std::stable_sort(meeting.items.begin(), meeting.items.end(),
                   [](const Item& a, const Item& b) { return number_before(a.number, b.number); });
  std::size_t masked = 0, scrubbed = 0;
  auto clean = [&](std::string& s) {
    s = text::nfc(s);
    scrubbed += scrub(s);
    masked += mask_cpr_numbers(s);
  };
  auto clean_opt = [&](std::optional<std::string>& s) {
    if (s) clean(*s);
  };
  clean_opt(meeting.body);
  clean_opt(meeting.location);
  for (auto* people : {&meeting.participants, &meeting.absent, &meeting.officials})
    for (Person& p : *people) clean(p.name);
  for (Item& item : meeting.items) {
    clean(item.title);
    clean_opt(item.section);
    for (Part& part : item.parts) {
      clean(part.heading);
      clean(part.text);
    }
    for (std::string& a : item.attachments) clean(a);
    if (item.closed) item.parts.clear();  // a closed item is searchable by its title only
  }
  if (masked)
    meeting.warnings.push_back(std::to_string(masked) +
                               " CPR number(s) masked (XXXXXX-XXXX): never indexed or stored");
  if (scrubbed)
    meeting.warnings.push_back(std::to_string(scrubbed) +
                               " e-mail address(es) or file path(s) left out of the text");
  if (!meeting.date && !meeting.date_text) meeting.warnings.push_back("no meeting date found");
  if (meeting.type.empty()) meeting.warnings.push_back("no document type (referat/dagsorden) found");
  if (meeting.items.empty()) meeting.warnings.push_back("the export holds no agenda items");
}

}  // namespace

std::string html_field_text(std::string_view html) {
  TextBuilder out;
  for (const Line& line : clean_lines(formats::html_text(html))) out.add(line.text);
  return out.take();
}

std::string trimmed(const xmlNode* node, std::string_view name) {
  return text::collapse_spaces(formats::xml::child_text(node, name));
}

std::string plain_text(std::string_view text) {
  TextBuilder out;
  for (std::string_view line : text::split_lines(text)) {
    std::string collapsed = text::collapse_spaces(line);
    // Controls collapse_spaces leaves (it made tabs and form feeds spaces already).
    collapsed.erase(std::remove_if(collapsed.begin(), collapsed.end(), [](unsigned char c) { return c < 0x20; }),
                    collapsed.end());
    out.add(text::trim(collapsed));
  }
  return out.take();
}

DateTime export_date_time(std::string_view value) {
  std::string v(text::trim(value));
  // "13:00:00": find_date_time reads "HH:MM" and would refuse the seconds.
  if (v.size() >= 8 && v[v.size() - 3] == ':' && v[v.size() - 6] == ':') v.resize(v.size() - 3);
  return find_date_time(v);
}

std::optional<Person> export_person(std::string_view name) {
  std::string s = text::collapse_spaces(name);
  if (s.empty()) return std::nullopt;
  if (auto member = parse_member(s)) return member;
  return Person{s, std::nullopt, std::nullopt, std::nullopt, std::nullopt};
}

void add_part(Item& item, std::string_view heading, std::string text) {
  if (text::trim(text).empty()) return;
  std::string h = text::collapse_spaces(heading);
  item.parts.push_back(Part{part_kind(h).value_or("tekst"), h, std::move(text)});
}

std::optional<std::vector<Meeting>> xml_meetings(std::string_view bytes, const std::string& source) {
  formats::xml::Document doc = formats::xml::parse(bytes);
  if (!doc) throw ParseError(source + ": not XML (no root element even in recover mode)");
  const xmlNode* root = formats::xml::root(doc);
  const std::string_view name = formats::xml::local_name(root);
  std::vector<Meeting> meetings;
  if (name == "Meeting" && formats::xml::descendant(root, "MeetingAgendaItems")) {
    meetings = edoc_meetings(root);
  } else if (name == "Publication" && formats::xml::child(root, "Agendas")) {
    meetings = sbsys_meetings(root);
  } else if (name == "root" && formats::xml::child(root, "table") &&
             formats::xml::attribute(formats::xml::child(root, "table"), "name") == "agenda") {
    meetings = acadre_meetings(root);
  } else {
    return std::nullopt;
  }
  for (Meeting& meeting : meetings) finish(meeting, source);
  return meetings;
}

}  // namespace referat::segment
