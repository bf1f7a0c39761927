// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/front_matter.h"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <utility>

#include "segment/dates.h"
#include "segment/people.h"
#include "util/text.h"

namespace referat::segment {

namespace {

enum class PeopleMode { none, participants, absent, officials };

std::optional<PeopleMode> people_heading(std::string_view t) {
  std::string s = text::lower(strip_colon(t));
  static const std::set<std::string> present = {"deltagere", "til stede", "medlemmer",
                                                "deltagerliste", "fremmødte", "mødedeltagere"};
  static const std::set<std::string> away = {"afbud", "fraværende", "fravær", "forfald",
                                             "fraværende medlemmer"};
  if (present.count(s)) return PeopleMode::participants;
  if (away.count(s)) return PeopleMode::absent;
  return std::nullopt;
}

}  // namespace

std::string fix_body_case(const std::string& body, std::string_view document) {
  if (!text::is_upper(body)) return body;
  // The front page often sets the body in capitals; the text names it properly.
  std::string needle = text::lower(body);
  std::string hay = text::lower(document);
  std::map<std::string, int> variants;
  if (hay.size() == document.size()) {
    for (std::size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) {
      std::string v(document.substr(at, needle.size()));
      if (text::has_lower(v)) ++variants[v];
    }
  }
  if (!variants.empty()) {
    return std::max_element(variants.begin(), variants.end(),
                            [](auto& a, auto& b) { return a.second < b.second; })
        ->first;
  }
  // Title case, keeping short words in capitals (KKR, KL).
  std::string out;
  std::string word;
  auto flush = [&] {
    if (text::code_points(word) > 3) {
      std::string low = text::lower(word);
      std::size_t first = (static_cast<unsigned char>(low[0]) < 0x80) ? 1 : 2;
      out += word.substr(0, first) + low.substr(first);
    } else {
      out += word;
    }
    word.clear();
  };
  for (char c : body) {
    if (c == ' ' || c == '-') {
      flush();
      out += c;
    } else {
      word += c;
    }
  }
  flush();
  return out;
}

void read_front_matter(const std::vector<Line>& lines, std::size_t end, const std::vector<bool>& skip,
                       std::string_view document, Meeting& meeting) {
  // "Referat", "Dagsorden 2024", "Referat 1. oktober 2025 kl. 15.45" (a portal's page title).
  static const std::regex type_line(
      R"(^(referat|dagsorden|beslutningsprotokol)(\s+\d{4}|\s+(?:den\s+)?\d{1,2}\.\s*\S+\s+\d{4}(?:,?\s+kl\.?\s*\d{1,2}[.:]\d{2})?)?$)",
      std::regex::icase);
  static const std::regex type_of(
      R"(^(referat|dagsorden)\s+(?:fra|for|af|til)\s+(?:det\s+)?(?:\S+\s+)?møde[t]?\s+i\s+(.+?)(?:\s+den\s+.*)?$)",
      std::regex::icase);
  static const std::regex type_body_date(R"(^(referat|dagsorden)\s+(.{3,80}?)\s+(?:d\.|den)\s+(\d.*)$)",
                                         std::regex::icase);
  PeopleMode mode = PeopleMode::none;
  std::string organisation;
  // A label on a line of its own ("Mødedato", then the date on the next line), as
  // front pages laid out in two columns come out of a PDF.
  std::string pending_label;
  std::optional<DateTime> first_date_line;  // "Torsdag den 20. juni 2013": when no label gives it
  bool seen_label = false;
  std::optional<std::string> body_from_label;
  std::optional<std::string> body_candidate;  // from "Referat fra mødet i X"
  std::vector<std::string> body_lines;
  std::size_t unused = 0;
  for (std::size_t i = 0; i < end; ++i) {
    if (skip[i] || lines[i].blank()) continue;
    const Line& line = lines[i];
    const std::string& t = line.text;
    if (t.size() > kMaxStructuralLine) {
      mode = PeopleMode::none;
      continue;
    }
    std::smatch m;
    if (std::regex_match(t, m, type_line)) {
      if (meeting.type.empty()) {
        std::string w = text::lower(m[1].str());
        meeting.type = (w == "dagsorden") ? "dagsorden" : "referat";
      }
      if (!meeting.date) {
        auto dt = find_date_time(t);
        meeting.date = dt.date;
        if (dt.date && !meeting.time) meeting.time = dt.time;
      }
      continue;
    }
    if (std::regex_match(t, m, type_body_date)) {
      // "REFERAT Byrådet d. 27-08-2025", "Dagsorden Teknisk Udvalg den 3. maj 2024"
      if (auto dt = find_date_time(m[3].str()); dt.date) {
        if (meeting.type.empty()) meeting.type = text::lower(m[1].str()) == "dagsorden" ? "dagsorden" : "referat";
        if (!body_candidate) body_candidate = std::string(text::trim(m[2].str()));
        if (!meeting.date) meeting.date = dt.date;
        if (!meeting.time && dt.time) meeting.time = dt.time;
        continue;
      }
    }
    if (std::regex_match(t, m, type_of)) {
      if (meeting.type.empty()) meeting.type = text::lower(m[1].str());
      if (!body_candidate) body_candidate = std::string(text::trim(m[2].str()));
      auto dt = find_date_time(t);
      if (!meeting.date && dt.date) meeting.date = dt.date;
      continue;
    }
    if (auto heading = people_heading(t)) {
      mode = *heading;
      continue;
    }
    if (t.starts_with("Fra ") && t.size() <= 40 && t.find('.') == std::string::npos) {
      mode = PeopleMode::officials;
      organisation = std::string(text::trim(t.substr(4)));
      continue;
    }
    std::size_t colon = t.find(':');
    static const std::set<std::string> lone_labels = {"dato", "mødedato", "tid", "tidspunkt", "mødetidspunkt",
                                                      "sted", "mødested", "lokale", "mødelokale"};
    if (pending_label.empty() && lone_labels.count(text::lower(strip_colon(t)))) {
      pending_label = text::lower(strip_colon(t));
      continue;
    }
    std::string pending = std::exchange(pending_label, std::string());
    if (!pending.empty() || (colon != std::string::npos && colon <= 20)) {
      std::string label = !pending.empty() ? pending : text::lower(text::trim(t.substr(0, colon)));
      std::string value(!pending.empty() ? std::string(text::trim(t)) : std::string(text::trim(t.substr(colon + 1))));
      bool known = true;
      if (label == "dato" || label == "mødedato" || label == "dato og tid" || label == "tid og sted") {
        auto dt = find_date_time(value);
        if (dt.date && !meeting.date) meeting.date = dt.date;
        if (dt.time && !meeting.time) meeting.time = dt.time;
        if (!dt.date) {
          meeting.warnings.push_back("no valid date in \"" + t + "\": kept as text, the meeting has no date");
          if (!meeting.date_text && !value.empty()) meeting.date_text = value;
        }
      } else if (label == "tid" || label == "tidspunkt" || label == "mødetidspunkt" || label == "kl" ||
                 label == "mødetid" || label == "starttidspunkt") {
        if (!meeting.time) meeting.time = find_time(value);
      } else if (label == "sted" || label == "mødested" || label == "lokale" || label == "mødelokale") {
        if (!meeting.location && !value.empty()) meeting.location = value;
      } else if (label == "udvalg" || label == "organ" || label == "forum" || label == "råd" ||
                 label == "mødeforum") {
        if (!value.empty()) body_from_label = value;
      } else if (auto heading = people_heading(label)) {
        mode = *heading;
        auto& list = (mode == PeopleMode::absent) ? meeting.absent : meeting.participants;
        for (auto& p : parse_member_list(value)) list.push_back(p);
      } else {
        known = false;
      }
      if (known) {
        seen_label = true;
        if (!people_heading(label)) mode = PeopleMode::none;
        continue;
      }
    }
    if (mode == PeopleMode::participants || mode == PeopleMode::absent) {
      auto& list = (mode == PeopleMode::absent) ? meeting.absent : meeting.participants;
      if (party_groups(t) >= 2) {
        auto people = parse_member_list(t);
        if (!people.empty()) {
          list.insert(list.end(), people.begin(), people.end());
          continue;
        }
      } else if (auto p = parse_member(t)) {
        list.push_back(*p);
        continue;
      } else if (auto q = parse_name(t); q && !line.marked()) {
        list.push_back(*q);
        continue;
      }
      mode = PeopleMode::none;
    } else if (mode == PeopleMode::officials) {
      if (!line.marked()) {
        if (auto p = parse_official(t, organisation)) {
          meeting.officials.push_back(*p);
          continue;
        }
      }
      mode = PeopleMode::none;
    }
    if (!first_date_line && t.size() <= 80) {
      // "tirsdag den 4. december 2012, kl. 13:00"
      auto dt = find_date_time(t);
      if (dt.date) {
        first_date_line = dt;
        if (!meeting.time && dt.time && (!meeting.date || *meeting.date == *dt.date)) meeting.time = dt.time;
        continue;
      }
    }
    if (!meeting.time && t.size() <= 20 && text::lower(t).starts_with("kl")) {
      if (auto time = find_time(t)) {
        meeting.time = time;
        continue;
      }
    }
    // Prose (a sentence, or eight words and more) is worth a warning when it is left
    // out; a name or heading line ("Havnekøbing Kommune", "Mission") is not.
    bool prose = t.back() == '.' || std::count(t.begin(), t.end(), ' ') >= 7;
    if (prose) ++unused;
    if (!seen_label && t.size() <= 120 && has_letter(t)) body_lines.push_back(t);
  }
  // The body: a label ("Udvalg: …"), else a line before the labels, preferring one
  // that names a council ("Økonomiudvalget" over "Havnekøbing Kommune").
  static constexpr std::array<std::string_view, 12> council_words = {
      "udvalg", "råd", "raad", "bestyrelse", "kkr", "forum", "nævn", "komité", "repræsentantskab",
      "forsamling", "kommission", "direktion"};
  std::optional<std::string> from_lines;
  for (const auto& candidate : body_lines) {
    std::string low = text::lower(candidate);
    if (std::any_of(council_words.begin(), council_words.end(),
                    [&](std::string_view w) { return low.find(w) != std::string::npos; })) {
      from_lines = candidate;
      break;
    }
  }
  if (!from_lines && !body_lines.empty()) from_lines = body_lines.front();
  if (first_date_line && !meeting.date && !meeting.date_text) {
    meeting.date = first_date_line->date;
    if (!meeting.time) meeting.time = first_date_line->time;
  }
  if (body_from_label) meeting.body = body_from_label;
  else if (body_candidate) meeting.body = body_candidate;
  else if (from_lines) meeting.body = from_lines;
  if (meeting.body) meeting.body = fix_body_case(*meeting.body, document);
  // Without items the whole text becomes one item: nothing is left out then.
  if (unused > 0 && end < lines.size())
    meeting.warnings.push_back(std::to_string(unused) +
                               " paragraph(s) of text before the first agenda item are not indexed");
}

}  // namespace referat::segment
