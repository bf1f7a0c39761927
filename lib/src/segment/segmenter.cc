// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/segmenter.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <set>

#include "segment/front_matter.h"
#include "segment/items.h"
#include "segment/lines.h"
#include "util/text.h"

namespace referat::segment {

namespace {

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

// A case line ("Sagsnr.: 24/01877", "EMN-2025-003383") right after line `i`.
bool case_line_follows(const std::vector<Line>& lines, std::size_t i) {
  if (i + 1 >= lines.size()) return false;
  auto c = case_line(lines[i + 1]);
  return c && (c->case_number || c->label_only);
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
      // A new page counts as a blank line; "Punkt 4:" needs none, nor a heading whose
      // case line follows (a PDF's text layer has no blank lines).
      bool blank_before = i == 0 || lines[i - 1].blank() || lines[i - 1].page != lines[i].page || cand->punkt ||
                          case_line_follows(lines, i);
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
      for (const auto& line_entry : run) {
        const TocEntry& entry = line_entry.second;  // (a name, not a binding: clang 14 cannot capture those)
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
      if (heading_candidate(lines[k], k)) return false;  // another heading comes first
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

// "1." on a line of its own and the title on the next (after blanks): how numbered
// headings set in a table come out of a PDF. Joined into "1. Title" in place.
void join_lone_numbers(std::vector<Line>& lines) {
  static const std::regex lone(R"(^\d{1,4}\.$)");
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    if (lines[i].text.size() > 5 || !std::regex_match(lines[i].text, lone)) continue;
    std::size_t j = i + 1;
    while (j < lines.size() && j <= i + 2 && lines[j].blank()) ++j;
    if (j >= lines.size() || lines[j].blank() || lines[j].text.size() > kMaxStructuralLine) continue;
    const std::string& t = lines[j].text;
    if (!has_letter(t) || starts_lower(t) || case_line(lines[j]) || part_start(lines[j])) continue;
    // The heading takes the title's line, so that a title continued on the next line
    // stays adjacent to it.
    lines[j].text = lines[i].text + " " + t;
    lines[j].bold = lines[i].bold || lines[j].bold;
    for (std::size_t k = i; k < j; ++k) lines[k].text.clear();
  }
}

// A heading's title continued on the next line(s), when a case line follows them:
// "Punkt 2: Svar på forslag om at sikre" / "fremtiden for havnen" / "EMN-2025-003383".
// Returns the index of the first line after the title.
std::size_t title_continuation(const std::vector<Line>& lines, std::size_t heading, std::size_t end,
                               std::string& title) {
  for (std::size_t n = 1; n <= 2; ++n) {
    std::size_t after = heading + 1 + n;
    if (after >= end) break;
    bool all_text = true;
    for (std::size_t k = heading + 1; k < after; ++k) {
      const Line& l = lines[k];
      if (l.blank() || l.text.size() > 200 || case_line(l) || part_start(l)) all_text = false;
    }
    if (!all_text) break;
    if (auto c = case_line(lines[after]); c && (c->case_number || c->label_only)) {
      for (std::size_t k = heading + 1; k < after; ++k) title += " " + lines[k].text;
      return after;
    }
  }
  return heading + 1;
}

std::string alnum_key(std::string_view s) {
  std::string out;
  for (char c : text::lower(s))
    if (static_cast<unsigned char>(c) >= 0x80 || std::isalnum(static_cast<unsigned char>(c))) out += c;
  return out;
}

// Titles as an unnumbered table of contents writes them ("Title ........ 14"): a PDF's
// body text may lose a hyphen at a line break the contents line keeps ("2030-" /
// "fremskrivning" read as "2030fremskrivning"). Keyed by their letters and digits.
std::map<std::string, std::string> contents_titles(const std::vector<Line>& lines, std::size_t end) {
  static const std::regex entry(R"(^(.*?[^\s.])\s*\.{4,}\s*\d{0,4}$)");
  std::map<std::string, std::string> out;
  for (std::size_t i = 0; i < end && i < lines.size(); ++i) {
    const std::string& t = lines[i].text;
    if (t.size() > kMaxStructuralLine || t.find("....") == std::string::npos) continue;
    std::smatch m;
    if (std::regex_match(t, m, entry)) out.emplace(alnum_key(m[1].str()), m[1].str());
  }
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------

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

Meeting segment(std::string_view document, std::string source, bool paged) {
  Meeting meeting;
  meeting.source = std::move(source);
  std::vector<Line> lines = clean_lines(document);
  join_lone_numbers(lines);
  const std::size_t n = lines.size();

  std::vector<Candidate> candidates = heading_candidates(lines);
  std::vector<bool> in_toc(n, false);
  std::vector<TocEntry> toc = find_toc(lines, candidates, in_toc);
  std::vector<Candidate> headings = choose_headings(lines, candidates, in_toc, toc, meeting.warnings);
  std::map<std::string, int> toc_page;
  for (const auto& entry : toc) toc_page.emplace(entry.number, entry.page);

  std::size_t first_heading = headings.empty() ? n : headings.front().line;
  read_front_matter(lines, first_heading, in_toc, document, meeting);
  if (!meeting.date && !meeting.date_text) meeting.warnings.push_back("no meeting date found");
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
  const std::map<std::string, std::string> contents = contents_titles(lines, first_heading);
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
    const std::size_t content = title_continuation(lines, h.line, end, item.title);
    if (auto it = contents.find(alnum_key(item.title)); it != contents.end()) item.title = it->second;
    if (!open_sections.empty()) item.section = open_sections.back().second;
    if (paged) {
      item.page = lines[h.line].page;
      std::size_t last = end;
      while (last > h.line + 1 && lines[last - 1].blank()) --last;
      item.last_page = lines[last - 1].page;
    } else if (auto it = toc_page.find(h.number); it != toc_page.end()) {
      item.page = it->second;
    }
    if (!seen_numbers.insert(h.number).second)
      meeting.warnings.push_back("item number " + h.number + " occurs more than once");
    meeting.items.push_back(build_item(lines, content, end, std::move(item)));
    // "Lukket punkt: Salg af byggegrund", "Lukket: …", "Lukket sag …": closed to the
    // public; only the title is searchable.
    std::string lower = text::lower(meeting.items.back().title);
    meeting.items.back().closed = lower.starts_with("lukket punkt") || lower.starts_with("lukket:") ||
                                  lower.starts_with("lukket sag") || lower.starts_with("lukket -");
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
