// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/segmenter.h"

#include <algorithm>
#include <array>
#include <map>
#include <regex>
#include <set>

#include "analysis/case_numbers.h"
#include "segment/dates.h"
#include "segment/lines.h"
#include "segment/people.h"
#include "util/text.h"

namespace referat::segment {

namespace {

// Lines longer than this are prose, never headings, labels or TOC entries; keeping
// std::regex off them bounds its cost.
constexpr std::size_t kMaxStructuralLine = 400;

std::vector<int> components(std::string_view number) {
  std::vector<int> out;
  int value = -1;
  for (char c : number) {
    if (c >= '0' && c <= '9') {
      value = (value < 0 ? 0 : value) * 10 + (c - '0');
      if (value > 1000000) return {};
    } else if (c == '.') {
      if (value < 0) return {};
      out.push_back(value);
      value = -1;
    } else {
      return {};
    }
  }
  if (value >= 0) out.push_back(value);
  return out;
}

std::string strip_colon(std::string_view s) {
  s = text::trim(s);
  while (!s.empty() && (s.back() == ':' || s.back() == '.')) s.remove_suffix(1);
  return std::string(text::trim(s));
}

std::string drop_one_period(std::string_view s) {
  s = text::trim(s);
  if (s.ends_with(".") && !s.ends_with("..")) s.remove_suffix(1);
  return std::string(text::trim(s));
}

bool starts_lower(std::string_view s) {
  if (s.empty()) return false;
  std::size_t len = (static_cast<unsigned char>(s[0]) < 0x80) ? 1 : 2;
  std::string_view first = s.substr(0, std::min(len, s.size()));
  return text::has_lower(first);
}

bool has_letter(std::string_view s) {
  return text::has_lower(s) || text::is_upper(s);
}

// ---------------------------------------------------------------------------
// Table of contents

struct TocEntry {
  std::string number;  // "" for unnumbered entries (Deltagerfortegnelse)
  std::string title;
  int page = 0;
};

std::optional<TocEntry> toc_entry(const Line& line) {
  static const std::regex re(
      R"(^(?:(\d{1,4}(?:\.\d{1,3})*)\.?\s+)?(.*?[^\s.])(?:\s*\.{2,}\s*|\s*\t\s*)(\d{1,4})$)");
  const std::string& t = line.text;
  if (t.size() > kMaxStructuralLine || t.empty() || !(t.back() >= '0' && t.back() <= '9') ||
      (t.find('\t') == std::string::npos && t.find("..") == std::string::npos))
    return std::nullopt;
  std::smatch m;
  if (!std::regex_match(t, m, re)) return std::nullopt;
  return TocEntry{m[1].str(), std::string(text::trim(m[2].str())), std::stoi(m[3].str())};
}

// ---------------------------------------------------------------------------
// Headings

struct Candidate {
  std::size_t line = 0;
  std::string number;
  std::string title;
  bool strong = false;  // marked up as a heading or in "Punkt N:" form
  bool punkt = false;   // "Punkt N:" form
};

std::optional<Candidate> heading_candidate(const Line& line, std::size_t index) {
  static const std::regex punkt(R"(^(?:punkt|pkt\.?)\s*(\d{1,4}(?:\.\d{1,3})*)\s*[:.)]?\s+(\S.*)$)",
                                std::regex::icase);
  static const std::regex numbered(R"(^(\d{1,4}(?:\.\d{1,3})*)(\.?)\s+(\S.*)$)");
  if (line.text.size() > kMaxStructuralLine || line.text.empty()) return std::nullopt;
  char c = line.text[0];
  if (!(c >= '0' && c <= '9') && c != 'P' && c != 'p') return std::nullopt;
  std::smatch m;
  Candidate cand;
  cand.line = index;
  if (std::regex_match(line.text, m, punkt)) {
    cand.number = m[1].str();
    cand.title = m[2].str();
    cand.strong = true;
    cand.punkt = true;
  } else if (std::regex_match(line.text, m, numbered)) {
    cand.number = m[1].str();
    cand.title = m[3].str();
    bool dot = m[2].length() > 0 || cand.number.find('.') != std::string::npos;
    if (!dot && !line.marked()) return std::nullopt;
    cand.strong = line.marked();
  } else {
    return std::nullopt;
  }
  cand.title = std::string(text::trim(cand.title));
  if (!has_letter(cand.title) || starts_lower(cand.title) || components(cand.number).empty() ||
      cand.number.size() > 20)
    return std::nullopt;
  return cand;
}

// ---------------------------------------------------------------------------
// Item contents

struct CaseLine {
  std::optional<std::string> case_number;
  std::vector<std::string> handlers;
};

std::vector<std::string> split_handlers(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty() && cur != "og") out.push_back(text::lower(cur));
    cur.clear();
  };
  for (char c : s) {
    if (c == '/' || c == ',' || c == ' ' || c == ';' || c == '\t') flush();
    else cur += c;
  }
  flush();
  return out;
}

bool is_initials(std::string_view s) {
  if (s.size() < 2 || s.size() > 12) return false;
  for (unsigned char c : s)
    if (!(c >= 'a' && c <= 'z') && c < 0x80) return false;
  return !text::is_upper(s);
}

// "SAG-2021-00417 chbn/jhp", "EMN-2024-000312 tbj", "2019-31415".
std::optional<CaseLine> bare_case_line(std::string_view text) {
  std::size_t space = text.find_first_of(" \t");
  std::string_view first = text.substr(0, space);
  if (!analysis::is_case_number(first)) return std::nullopt;
  CaseLine out;
  out.case_number = std::string(first);
  if (space == std::string_view::npos) return out;
  for (auto& h : split_handlers(text.substr(space))) {
    if (!is_initials(h)) return std::nullopt;  // prose after a case number: not a case line
    out.handlers.push_back(h);
  }
  return out;
}

std::optional<CaseLine> case_line(const Line& line) {
  if (line.text.size() > 200) return std::nullopt;
  if (auto bare = bare_case_line(line.text)) return bare;
  // "Sagsnr.: 24/01234 – Sagsbehandler: tbj", "Sagsnr. 2019-31415", "Sagsbehandler: mla, kbo"
  std::string lower = text::lower(line.text);
  static constexpr std::array<std::string_view, 5> case_labels = {"sagsnummer", "sagsnr", "sag nr",
                                                                  "j.nr", "journalnr"};
  CaseLine out;
  bool any = false;
  std::size_t handler_at = lower.find("sagsbehandler");
  for (auto label : case_labels) {
    if (!lower.starts_with(label)) continue;
    std::string_view rest = std::string_view(line.text).substr(label.size());
    if (handler_at != std::string::npos) rest = rest.substr(0, handler_at - label.size());
    while (!rest.empty() && (rest.front() == '.' || rest.front() == ':' || rest.front() == ' '))
      rest.remove_prefix(1);
    std::string_view token = rest.substr(0, rest.find_first_of(" \t"));
    while (!token.empty() && (token.back() == ',' || token.back() == ';')) token.remove_suffix(1);
    if (!token.empty()) {
      out.case_number = std::string(token);
      any = true;
    }
    break;
  }
  if (handler_at != std::string::npos && (any || handler_at == 0)) {
    std::string_view rest = std::string_view(line.text).substr(handler_at + 13);
    // "Sagsbehandler:", "Sagsbehandlere:": skip the plural ending when a colon follows it.
    std::size_t letters = 0;
    while (letters < rest.size() && rest[letters] >= 'a' && rest[letters] <= 'z') ++letters;
    if (letters < rest.size() && rest[letters] == ':') rest.remove_prefix(letters);
    while (!rest.empty() && (rest.front() == ':' || rest.front() == ' ')) rest.remove_prefix(1);
    out.handlers = split_handlers(rest);
    any = true;
  }
  if (!any) return std::nullopt;
  return out;
}

struct PartStart {
  std::string kind;
  std::string heading;
  std::string inline_text;
};

std::optional<PartStart> part_start(const Line& line) {
  if (line.text.size() > kMaxStructuralLine) return std::nullopt;
  if (auto kind = part_kind(line.text)) return PartStart{*kind, strip_colon(line.text), ""};
  // Inline form: "Beslutning: Godkendt."
  std::size_t colon = line.text.find(':');
  if (colon == std::string::npos || colon > 80) return std::nullopt;
  std::string label = line.text.substr(0, colon);
  if (auto kind = part_kind(label))
    return PartStart{*kind, strip_colon(label), std::string(text::trim(line.text.substr(colon + 1)))};
  return std::nullopt;
}

std::optional<std::string> attachment_line(std::string_view s) {
  s = text::strip_bullet(text::trim(s));
  if (s.starts_with("./.")) s.remove_prefix(3);
  else if (s.starts_with("./")) s.remove_prefix(2);
  else return std::nullopt;
  std::string title = drop_one_period(s);
  if (title.empty()) return std::nullopt;
  return title;
}

// Joins lines into text: paragraphs separated by one blank line.
class TextBuilder {
 public:
  void add(std::string_view line) {
    if (line.empty()) {
      pending_break_ = !text_.empty();
      return;
    }
    if (!text_.empty()) text_ += pending_break_ ? "\n\n" : "\n";
    pending_break_ = false;
    text_ += line;
  }
  bool empty() const { return text_.empty(); }
  std::string take() {
    pending_break_ = false;
    return std::move(text_);
  }

 private:
  std::string text_;
  bool pending_break_ = false;
};

Item build_item(const std::vector<Line>& lines, std::size_t begin, std::size_t end, Item item) {
  std::optional<Part> part;
  TextBuilder body;
  TextBuilder preamble;
  auto finish = [&] {
    if (!part) return;
    part->text = body.take();
    item.parts.push_back(std::move(*part));
    part.reset();
  };
  for (std::size_t i = begin; i < end; ++i) {
    const Line& line = lines[i];
    if (line.blank()) {
      (part ? body : preamble).add("");
      continue;
    }
    if (!part && !item.case_number) {
      if (auto c = case_line(line)) {
        if (c->case_number) item.case_number = c->case_number;
        if (!c->handlers.empty()) item.handlers = c->handlers;
        continue;
      }
    }
    if (!part && item.handlers.empty()) {
      if (auto c = case_line(line); c && !c->case_number) {
        item.handlers = c->handlers;
        continue;
      }
    }
    if (auto start = part_start(line)) {
      finish();
      if (!preamble.empty()) item.parts.push_back(Part{"tekst", "", preamble.take()});
      part = Part{start->kind, start->heading, ""};
      if (!start->inline_text.empty()) body.add(start->inline_text);
      continue;
    }
    if (auto a = attachment_line(line.text)) {
      item.attachments.push_back(*a);
    } else if (part && part->kind == "bilag") {
      std::string title = drop_one_period(text::strip_bullet(line.text));
      if (!title.empty()) item.attachments.push_back(title);
    }
    (part ? body : preamble).add(line.text);
  }
  finish();
  if (!preamble.empty()) item.parts.insert(item.parts.begin(), Part{"tekst", "", preamble.take()});
  return item;
}

// ---------------------------------------------------------------------------
// Front matter

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

struct FrontMatter {
  void read(const std::vector<Line>& lines, std::size_t end, const std::vector<bool>& skip,
            Meeting& meeting);
};

void FrontMatter::read(const std::vector<Line>& lines, std::size_t end, const std::vector<bool>& skip,
                       Meeting& meeting) {
  static const std::regex type_line(R"(^(referat|dagsorden|beslutningsprotokol)(\s+\d{4})?$)",
                                    std::regex::icase);
  static const std::regex type_of(
      R"(^(referat|dagsorden)\s+(?:fra|for|af|til)\s+(?:det\s+)?(?:\S+\s+)?møde[t]?\s+i\s+(.+?)(?:\s+den\s+.*)?$)",
      std::regex::icase);
  PeopleMode mode = PeopleMode::none;
  std::string organisation;
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
      continue;
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
    if (colon != std::string::npos && colon <= 20) {
      std::string label = text::lower(text::trim(t.substr(0, colon)));
      std::string value(text::trim(t.substr(colon + 1)));
      bool known = true;
      if (label == "dato" || label == "mødedato" || label == "dato og tid" || label == "tid og sted") {
        auto dt = find_date_time(value);
        if (dt.date && !meeting.date) meeting.date = dt.date;
        if (dt.time && !meeting.time) meeting.time = dt.time;
        if (!dt.date) meeting.warnings.push_back("no valid date in \"" + t + "\"");
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
  if (body_from_label) meeting.body = body_from_label;
  else if (body_candidate) meeting.body = body_candidate;
  else if (from_lines) meeting.body = from_lines;
  // Without items the whole text becomes one item: nothing is left out then.
  if (unused > 0 && end < lines.size())
    meeting.warnings.push_back(std::to_string(unused) +
                               " paragraph(s) of text before the first agenda item are not indexed");
}

// ---------------------------------------------------------------------------
// Choosing the headings

// "1. …" or "2) …" at the start of a line: an element of a numbered list.
bool numbered_line(const Line& line) {
  const std::string& t = line.text;
  std::size_t k = 0;
  while (k < t.size() && k < 4 && t[k] >= '0' && t[k] <= '9') ++k;
  return k > 0 && k + 1 < t.size() && (t[k] == '.' || t[k] == ')') && t[k + 1] == ' ';
}

bool same_title(const std::string& a, const std::string& b) {
  std::string x = text::lower(a), y = text::lower(b);
  std::size_t k = std::min<std::size_t>({x.size(), y.size(), 6});
  return x.compare(0, k, y, 0, k) == 0;
}

// Lines that may be item headings: numbered, set apart from the text around them
// (a Markdown heading, or a blank line before and no numbered line right after:
// "1. …\n2. …" is a list, not two items).
std::vector<Candidate> heading_candidates(const std::vector<Line>& lines) {
  std::vector<Candidate> out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto cand = heading_candidate(lines[i], i);
    if (!cand) continue;
    if (lines[i].heading_level == 0) {
      bool blank_before = i == 0 || lines[i - 1].blank();
      bool list_after = i + 1 < lines.size() && numbered_line(lines[i + 1]);
      if (!blank_before || list_after) continue;
    }
    out.push_back(*cand);
  }
  return out;
}

// The table of contents: a run of at least three entry lines whose numbered entries
// are, for the most part, headings further on. A tabbed table in the text is none.
std::vector<TocEntry> find_toc(const std::vector<Line>& lines, const std::vector<Candidate>& candidates,
                               std::vector<bool>& in_toc) {
  const std::size_t n = lines.size();
  for (std::size_t i = 0; i < n;) {
    std::vector<std::pair<std::size_t, TocEntry>> run;
    std::size_t j = i;
    for (; j < n; ++j) {
      if (lines[j].blank()) continue;
      auto e = toc_entry(lines[j]);
      if (!e) break;
      run.emplace_back(j, *e);
    }
    if (run.size() >= 3) {
      std::vector<TocEntry> numbered;
      std::size_t found = 0;
      for (auto& [line, entry] : run) {
        if (entry.number.empty()) continue;
        numbered.push_back(entry);
        found += std::any_of(candidates.begin(), candidates.end(), [&](const Candidate& c) {
          return c.line > run.back().first && c.number == entry.number && same_title(c.title, entry.title);
        });
      }
      if (!numbered.empty() && found * 2 >= numbered.size()) {
        for (auto& [line, entry] : run) in_toc[line] = true;
        return numbered;
      }
    }
    i = (j > i) ? j : i + 1;
  }
  return {};
}

// How a heading is set apart, to tell a consistent run of headings from a stray line.
int style_of(const std::vector<Line>& lines, const Candidate& c) {
  const Line& line = lines[c.line];
  if (c.punkt) return 1000 + line.heading_level;
  return line.heading_level * 2 + (line.bold ? 1 : 0);
}

std::vector<Candidate> choose_headings(const std::vector<Line>& lines,
                                       const std::vector<Candidate>& candidates,
                                       const std::vector<bool>& in_toc, const std::vector<TocEntry>& toc,
                                       std::vector<std::string>& warnings) {
  std::map<std::string, std::size_t> toc_order;
  for (std::size_t k = 0; k < toc.size(); ++k) toc_order.emplace(toc[k].number, k);
  auto followed_by_item_matter = [&](std::size_t at) {
    for (std::size_t k = at + 1, seen = 0; k < lines.size() && seen < 3; ++k) {
      if (lines[k].blank()) continue;
      ++seen;
      if (case_line(lines[k]) || part_start(lines[k])) return true;
    }
    return false;
  };
  std::vector<Candidate> headings;
  std::optional<std::size_t> last_toc_index;
  for (const Candidate& cand : candidates) {
    if (in_toc[cand.line]) continue;
    if (!toc.empty()) {
      auto it = toc_order.find(cand.number);
      if (it != toc_order.end()) {
        if (last_toc_index && it->second <= *last_toc_index) continue;
        if (!same_title(toc[it->second].title, cand.title)) continue;
        last_toc_index = it->second;
        headings.push_back(cand);
      } else if (lines[cand.line].heading_level > 0 && !headings.empty() &&
                 continues_numbering(headings.back().number, cand.number)) {
        warnings.push_back("item " + cand.number + " is not in the table of contents");
        headings.push_back(cand);
      }
      continue;
    }
    if (headings.empty()) {
      if (cand.strong || followed_by_item_matter(cand.line)) headings.push_back(cand);
      continue;
    }
    const Candidate& prev = headings.back();
    // When every heading so far is set apart the same way (all Markdown headings,
    // all "Punkt N:", all plain lines), a line set apart otherwise is text.
    auto kind = [&](const Candidate& c) {
      return c.punkt ? 3 : lines[c.line].heading_level > 0 ? 2 : lines[c.line].bold ? 1 : 0;
    };
    bool uniform = std::all_of(headings.begin(), headings.end(),
                               [&](const Candidate& h) { return kind(h) == kind(headings.front()); });
    if (uniform && kind(cand) != kind(headings.front())) continue;
    if (continues_numbering(prev.number, cand.number)) {
      headings.push_back(cand);
      continue;
    }
    // Headings set apart like the one before may skip or repeat a number (mistakes
    // in the agenda); a plain line may not.
    auto pc = components(prev.number), cc = components(cand.number);
    int style = style_of(lines, cand);
    if (cand.strong && style > 0 && style == style_of(lines, prev) &&
        (cc == pc || (cc.size() == 1 && cc[0] > pc[0])))
      headings.push_back(cand);
  }
  return headings;
}

}  // namespace

// ---------------------------------------------------------------------------

std::optional<std::string> part_kind(std::string_view heading) {
  std::string s = text::lower(strip_colon(heading));
  if (s.empty() || s.size() > 120) return std::nullopt;
  static const std::map<std::string, std::string> exact = {
      {"indstilling", "indstilling"},
      {"indstillinger", "indstilling"},
      {"forslag til beslutning", "indstilling"},
      {"administrationens indstilling", "indstilling"},
      {"forvaltningens indstilling", "indstilling"},
      {"direktionens indstilling", "indstilling"},
      {"beslutning", "beslutning"},
      {"beslutninger", "beslutning"},
      {"afgørelse", "beslutning"},
      {"sagsfremstilling", "sagsfremstilling"},
      {"supplerende sagsfremstilling", "sagsfremstilling"},
      {"sagsbeskrivelse", "sagsfremstilling"},
      {"sagen", "sagsfremstilling"},
      {"baggrund", "baggrund"},
      {"bilag", "bilag"},
      {"økonomi", "økonomi"},
      {"økonomiske konsekvenser", "økonomi"},
      {"økonomi og finansiering", "økonomi"},
      {"høring", "høring"},
      {"høringssvar", "høring"},
      {"resumé", "resumé"},
      {"resume", "resumé"},
      {"tidligere behandling", "tidligere behandling"},
      {"tidligere beslutninger", "tidligere behandling"},
      {"lovgrundlag", "lovgrundlag"},
      {"retsgrundlag", "lovgrundlag"},
      {"vurdering", "vurdering"},
      {"kommunikation", "kommunikation"},
      {"beslutningstema", "beslutningstema"},
  };
  if (auto it = exact.find(s); it != exact.end()) return it->second;
  for (std::string_view prefix : {"beslutning i ", "beslutning (", "beslutning den ",
                                  "beslutning fra ", "beslutning på "}) {
    if (s.starts_with(prefix)) return "beslutning";
  }
  for (std::string_view prefix : {"indstilling fra ", "indstilling til ", "indstilling ("}) {
    if (s.starts_with(prefix)) return "indstilling";
  }
  return std::nullopt;
}

bool continues_numbering(std::string_view previous, std::string_view next) {
  auto p = components(previous), c = components(next);
  if (p.empty() || c.empty()) return false;
  if (c.size() == p.size() + 1 && std::equal(p.begin(), p.end(), c.begin()) && c.back() == 1)
    return true;
  for (std::size_t k = 1; k <= std::min(p.size(), c.size()); ++k) {
    if (!std::equal(p.begin(), p.begin() + (k - 1), c.begin())) break;
    if (c[k - 1] != p[k - 1] + 1) continue;
    if (std::all_of(c.begin() + k, c.end(), [](int v) { return v == 1; })) return true;
  }
  return false;
}

Meeting segment(std::string_view document, std::string source) {
  Meeting meeting;
  meeting.source = std::move(source);
  std::vector<Line> lines = clean_lines(document);
  const std::size_t n = lines.size();

  std::vector<Candidate> candidates = heading_candidates(lines);
  std::vector<bool> in_toc(n, false);
  std::vector<TocEntry> toc = find_toc(lines, candidates, in_toc);
  std::vector<Candidate> headings = choose_headings(lines, candidates, in_toc, toc, meeting.warnings);
  std::map<std::string, int> toc_page;
  for (const auto& entry : toc) toc_page.emplace(entry.number, entry.page);

  std::size_t first_heading = headings.empty() ? n : headings.front().line;
  FrontMatter{}.read(lines, first_heading, in_toc, meeting);
  if (meeting.body) meeting.body = fix_body_case(*meeting.body, document);
  if (!meeting.date) meeting.warnings.push_back("no meeting date found");
  if (meeting.type.empty()) meeting.warnings.push_back("no document type (referat/dagsorden) found");

  if (headings.empty()) {
    Item item;
    item.number = "1";
    TextBuilder all;
    for (std::size_t i = 0; i < n; ++i) all.add(lines[i].text);
    for (const auto& line : lines) {
      if (!line.blank()) {
        item.title = line.text.substr(0, 120);
        break;
      }
    }
    if (meeting.body) item.title = *meeting.body;
    std::string whole = all.take();
    if (!whole.empty()) item.parts.push_back(Part{"tekst", "", std::move(whole)});
    meeting.items.push_back(std::move(item));
    meeting.warnings.push_back("no agenda items recognised; the whole document is one item");
    return meeting;
  }

  std::vector<std::string> section_of(headings.size());
  std::vector<bool> is_section(headings.size(), false);
  for (std::size_t k = 0; k + 1 < headings.size(); ++k) {
    if (headings[k + 1].number.starts_with(headings[k].number + ".")) is_section[k] = true;
  }
  std::vector<std::pair<std::string, std::string>> open_sections;  // number, title
  std::set<std::string> seen_numbers;
  std::map<std::string, int> repeats;
  for (std::size_t k = 0; k < headings.size(); ++k) {
    const Candidate& h = headings[k];
    while (!open_sections.empty() && !h.number.starts_with(open_sections.back().first + "."))
      open_sections.pop_back();
    std::size_t end = (k + 1 < headings.size()) ? headings[k + 1].line : n;
    if (is_section[k]) {
      open_sections.emplace_back(h.number, h.title);
      for (std::size_t i = h.line + 1; i < end; ++i) {
        if (!lines[i].blank()) {
          meeting.warnings.push_back("text under section heading " + h.number +
                                     " before its first item was not indexed as an item");
          break;
        }
      }
      continue;
    }
    Item item;
    item.number = h.number;
    item.title = h.title;
    if (!open_sections.empty()) item.section = open_sections.back().second;
    if (auto it = toc_page.find(h.number); it != toc_page.end()) item.page = it->second;
    if (!seen_numbers.insert(h.number).second)
      meeting.warnings.push_back("item number " + h.number + " occurs more than once");
    meeting.items.push_back(build_item(lines, h.line + 1, end, std::move(item)));
  }
  for (const auto& entry : toc) {
    bool found = std::any_of(headings.begin(), headings.end(),
                             [&](const Candidate& h) { return h.number == entry.number; });
    if (!found)
      meeting.warnings.push_back("table of contents lists " + entry.number +
                                 " but no such heading was found");
  }
  return meeting;
}

}  // namespace referat::segment
