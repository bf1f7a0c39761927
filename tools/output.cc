// SPDX-License-Identifier: GPL-3.0-or-later
#include "output.h"

#include <iomanip>

#include "referat/parse.h"

namespace referat::cli {

namespace {

std::string person_text(const Person& p) {
  std::string s = p.name;
  if (p.party) s += " (" + *p.party + ")";
  if (p.municipality) s += ", " + *p.municipality;
  if (p.role) s += ", " + *p.role;
  return s;
}

void print_people(std::ostream& out, const char* label, const std::vector<Person>& people) {
  if (people.empty()) return;
  out << label << " (" << people.size() << "): ";
  for (std::size_t i = 0; i < people.size(); ++i) out << (i ? "; " : "") << person_text(people[i]);
  out << "\n";
}

void print_header(std::ostream& out, const Meeting& m, const std::string& id) {
  out << id << "\n";
  out << "  " << m.body.value_or("(no body)") << " · " << (m.type.empty() ? "(no type)" : m.type)
      << " · " << m.date.value_or("(no date)");
  if (m.time) out << " " << *m.time;
  out << "\n";
  if (m.location) out << "  " << *m.location << "\n";
  out << "  source: " << m.source << (m.format.empty() ? "" : " (" + m.format + ")") << "\n";
  for (std::size_t k = 1; k < m.sources.size(); ++k) out << "  also from: " << m.sources[k] << "\n";
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

void print_meetings_text(std::ostream& out, const std::vector<Meeting>& meetings) {
  for (const auto& m : meetings) {
    print_header(out, m, meeting_id(m));
    print_people(out, "  participants", m.participants);
    print_people(out, "  absent", m.absent);
    print_people(out, "  officials", m.officials);
    auto ids = item_ids(m);
    for (std::size_t i = 0; i < m.items.size(); ++i) {
      const Item& item = m.items[i];
      out << "  " << std::left << std::setw(6) << item.number << " " << item.title << "\n";
      out << "         ";
      if (item.section) out << "[" << *item.section << "] ";
      if (item.case_number) out << *item.case_number << " ";
      if (item.page) out << "p. " << *item.page << " ";
      out << "parts:";
      for (const auto& p : item.parts) out << " " << p.kind;
      if (!item.attachments.empty()) out << " · " << item.attachments.size() << " attachments";
      out << "\n";
    }
    for (const auto& w : m.warnings) out << "  warning: " << w << "\n";
  }
}

void print_results_text(std::ostream& out, const SearchResults& r, std::size_t offset) {
  if (r.corrected) out << "did you mean: " << *r.corrected << "\n";
  if (r.relaxed) out << "no item has all the words; showing items with some of them\n";
  const char* matches = r.total == 1 && !r.total_is_estimate ? " match" : " matches";
  if (r.hits.empty()) {
    out << (r.total ? "no results on this page; " : "no results; ") << r.total << matches << "\n";
    return;
  }
  out << (r.total_is_estimate ? "about " : "") << r.total << matches << ", showing " << offset + 1;
  if (r.hits.size() > 1) out << "-" << offset + r.hits.size();
  out << "\n\n";
  for (const auto& h : r.hits) {
    out << h.rank << ". " << h.title << "\n";
    out << "   " << h.id << "  ·  " << h.body << " " << h.type << " " << h.date;
    if (h.case_number) out << "  ·  " << *h.case_number;
    if (h.hit_page && h.hit_page != h.page) out << "  ·  p. " << *h.hit_page << " (item from p. " << *h.page << ")";
    else if (h.page) out << "  ·  p. " << *h.page;
    out << "\n";
    for (const auto& other : h.other_versions) out << "   also: " << other << "\n";
    if (!h.snippet.empty()) out << "   " << h.snippet << "\n";
    out << "\n";
  }
}

void print_results_csv(std::ostream& out, const SearchResults& r) {
  out << "rank,id,score,date,body,type,item,title,case,section,matched_parts,source,page,hit_page\n";
  for (const auto& h : r.hits) {
    std::string parts;
    for (const auto& p : h.matched_parts) parts += (parts.empty() ? "" : ";") + p;
    out << h.rank << ',' << csv_field(h.id) << ',' << h.score << ',' << h.date << ','
        << csv_field(h.body) << ',' << h.type << ',' << csv_field(h.item) << ',' << csv_field(h.title)
        << ',' << csv_field(h.case_number.value_or("")) << ',' << csv_field(h.section.value_or(""))
        << ',' << csv_field(parts) << ',' << csv_field(h.source) << ','
        << (h.page ? std::to_string(*h.page) : "") << ',' << (h.hit_page ? std::to_string(*h.hit_page) : "")
        << "\n";
  }
}

void print_item_text(std::ostream& out, const StoredItem& s) {
  const Item& item = s.item;
  out << item.number << ". " << item.title << "\n";
  print_header(out, s.meeting, s.id);
  if (item.section) out << "  section: " << *item.section << "\n";
  if (item.case_number) {
    out << "  case: " << *item.case_number;
    for (std::size_t i = 0; i < item.handlers.size(); ++i) out << (i ? "/" : " (") << item.handlers[i];
    if (!item.handlers.empty()) out << ")";
    out << "\n";
  }
  if (item.document_number) out << "  document: " << *item.document_number << "\n";
  if (item.kle) out << "  KLE: " << *item.kle << "\n";
  if (item.page) {
    out << "  page: " << *item.page;
    if (item.last_page && *item.last_page != *item.page) out << "-" << *item.last_page;
    out << "\n";
  }
  for (const auto& p : item.parts) {
    // A PDF's page breaks are form feeds in the text: shown as a line of their own.
    std::string text = p.text;
    for (std::size_t at = 0; (at = text.find('\f', at)) != std::string::npos;) text.replace(at, 1, "[page break]\n");
    out << "\n## " << (p.heading.empty() ? p.kind : p.heading) << "\n\n" << text << "\n";
  }
  if (!item.attachments.empty()) {
    out << "\nAttachments:\n";
    for (const auto& a : item.attachments) out << "  - " << a << "\n";
  }
}

void print_stats_text(std::ostream& out, const IndexStats& s) {
  out << "items: " << s.items << "\nmeetings: " << s.meetings << "\nshards: " << s.shards << "\n";
  auto row = [&](const std::string& k, std::size_t v) {
    // Pad by characters, not bytes: names have æ, ø, å.
    std::size_t width = 0;
    for (unsigned char c : k) width += (c & 0xC0) != 0x80;
    out << "  " << k << std::string(width < 40 ? 40 - width : 1, ' ') << " " << v << "\n";
  };
  auto section = [&](const char* name, const std::map<std::string, std::size_t>& m, const char* field,
                     const char* none) {
    out << name << ":\n";
    for (const auto& [k, v] : m) row(k, v);
    auto missing = s.without.find(field);
    if (missing != s.without.end() && missing->second) row(none, missing->second);
  };
  section("bodies", s.bodies, "body", "(no body)");
  section("years", s.years, "year", "(undated)");
  section("types", s.types, "type", "(no type)");
}

}  // namespace referat::cli
