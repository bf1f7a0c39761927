// SPDX-License-Identifier: GPL-3.0-or-later
//
// A minute book is read as a run of entries. An entry ends where the council signs
// it: a closing line ("Elev Sogneraad den 6/2 1943", "Mødet hævet", or a bare place
// and date for an audit, "Elev d. 31/3 1943") followed by lines of names. An entry
// begins with an opening sentence ("… afholdt i Dag Møde", "Onsdagen den 28 Januar
// 1942 afholdt Sogneraadet Møde …"); an opening with no closing before it still starts
// a new entry. Between opening and closing the matters are either numbered (a matter
// block "6", then often a decision block "6." or an unnumbered one) or paragraphs.
//
// Only a text with at least two openings, two closings and two dated entries is taken
// for a minute book: an ordinary agenda or set of minutes has one meeting, one date,
// and at most one set of signatures.
#include "segment/minute_book.h"

#include <algorithm>
#include <map>
#include <regex>

#include "formats/repeated_pages.h"
#include "segment/dates.h"
#include "segment/lines.h"
#include "util/text.h"

namespace referat::segment {

namespace {

constexpr std::size_t kMaxTitle = 80;  // code points
constexpr std::size_t kMaxClosingWords = 10;
constexpr std::size_t kMaxSignatureWords = 10;

// ---------------------------------------------------------------------------------
// Words and lines

std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    std::size_t start = i;
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

std::string_view first_code_point(std::string_view s) {
  if (s.empty()) return s;
  unsigned char c = static_cast<unsigned char>(s[0]);
  std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
  return s.substr(0, std::min(n, s.size()));
}

bool starts_upper(std::string_view word) { return text::is_upper(first_code_point(word)); }

bool has_digit(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A word of a name or a signature: capitalised ("Sørensen", "Chr.", "B", "Elev,").
bool name_word(std::string_view w) { return starts_upper(w) && !has_digit(w); }

// A line of signatures or a list of names: "Ejner Sørensen Herman Johansen".
bool name_line(std::string_view line) {
  auto ws = words(line);
  return !ws.empty() && ws.size() <= kMaxSignatureWords && std::all_of(ws.begin(), ws.end(), name_word);
}

std::string strip_end_punctuation(std::string_view s) {
  while (!s.empty() && (s.back() == '.' || s.back() == ',' || s.back() == ':')) s.remove_suffix(1);
  return std::string(text::trim(s));
}

// "18'" (an ordinal in old hands) → "18", so that the date readers see a number.
std::string drop_ordinal_marks(std::string_view s) {
  static const std::regex mark(R"((\d)[’'])");
  return std::regex_replace(std::string(s), mark, "$1");
}

// ---------------------------------------------------------------------------------
// Dates

// The first date in `s` as a minute book writes it: "28 Januar 1942", "17.2.1942",
// "6/2 1943", "27/5 -1943", "20 Nobr. 1945", or "18' September" with the year from
// "Aar 1942" in `s` or else `year`.
std::optional<std::string> book_date(std::string_view s, std::optional<int> year) {
  std::string t = drop_ordinal_marks(s);
  if (auto found = find_date_time(t).date) return found;
  static const std::regex slashed(R"((?:^|[^\d/])(\d{1,2})\s*/\s*(\d{1,2})\s*-?\s*(\d{4})(?!\d))");
  std::smatch m;
  if (std::regex_search(t, m, slashed))
    return find_date_time(m[1].str() + "-" + m[2].str() + "-" + m[3].str()).date;
  static const std::regex aar(R"((?:^|\s)Aar\s+(\d{4})(?!\d))");
  if (std::regex_search(t, m, aar)) year = std::stoi(m[1]);
  if (!year) return std::nullopt;
  static const std::regex day_month(R"((?:^|[^\d])(\d{1,2})\.?\s+([^\s\d.,;:]{3,10})\.?)");
  for (std::sregex_iterator it(t.begin(), t.end(), day_month), end; it != end; ++it)
    if (int month = month_number((*it)[2].str()))
      return find_date_time((*it)[1].str() + "-" + std::to_string(month) + "-" + std::to_string(*year)).date;
  return std::nullopt;
}

// "Kl. 20", "Kl 16", "Kl. 7 Aften" (19:00), "kl. 19.30".
std::optional<std::string> book_time(std::string_view header) {
  if (auto t = find_time(header)) return t;
  static const std::regex kl(R"((?:^|\s)[Kk]l\.?\s*(\d{1,2})(?![\d.:,]\d)\.?(\s+(?:Aften|Eftermiddag))?)");
  std::string s(header);
  std::smatch m;
  if (!std::regex_search(s, m, kl)) return std::nullopt;
  int hour = std::stoi(m[1]);
  if (m[2].matched && hour < 12) hour += 12;
  if (hour > 23) return std::nullopt;
  return (hour < 10 ? "0" : "") + std::to_string(hour) + ":00";
}

// ---------------------------------------------------------------------------------
// Openings and closings

struct Closing {
  std::size_t line = 0;  // the closing line
  std::size_t end = 0;   // one past its last signature line
  std::string prefix;    // "Elev Sogneraad", "Elev"; empty for "Mødet hævet"
  std::optional<std::string> date;
};

struct Opening {
  std::size_t line = 0;
  std::string subject;  // who met, as written: "Elev Sogneraad", "Sogneraadet"; may be empty
};

// The index one past the names that sign a closing at `line`, or `line` + 1 when no
// name follows (then it is no closing). Blank lines between names are skipped.
std::size_t signatures_end(const std::vector<std::string>& lines, std::size_t line) {
  std::size_t end = line + 1;
  for (std::size_t i = line + 1; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    if (!name_line(lines[i])) break;
    end = i + 1;
  }
  return end;
}

bool adjourned(std::string_view line) {
  std::string l = text::lower(strip_end_punctuation(line));
  return l == "mødet hævet" || l.starts_with("mødet hævet kl");
}

// "Elev Sogneraad den 6/2 1943", "Elev d 20 Nobr. 1945", "Elev Sogneraad 28/1 1946":
// a few capitalised words, then only a date.
std::optional<Closing> dated_closing(std::string_view line) {
  auto ws = words(line);
  if (ws.size() < 2 || ws.size() > kMaxClosingWords) return std::nullopt;
  std::size_t k = 0;
  while (k < ws.size() && name_word(ws[k]) && ws[k] != "d." && ws[k] != "d") ++k;
  if (k == 0 || k > 4 || k == ws.size()) return std::nullopt;
  std::size_t date_from = k;
  if (ws[k] == "d." || ws[k] == "d" || ws[k] == "den") ++date_from;
  if (date_from == ws.size() || !has_digit(ws[date_from])) return std::nullopt;
  std::string rest;
  for (std::size_t i = date_from; i < ws.size(); ++i) rest += std::string(ws[i]) + " ";
  // Only a date may follow: a day, a month (a number or a name) and a year.
  if (ws.size() - date_from > 4) return std::nullopt;
  auto date = book_date(rest, std::nullopt);
  if (!date) return std::nullopt;
  std::string prefix;
  for (std::size_t i = 0; i < k; ++i) prefix += (i ? " " : "") + strip_end_punctuation(ws[i]);
  return Closing{0, 0, prefix, date};
}

// "Møde" as a word (not "Mødet", "Møder").
const std::regex& meeting_re() {
  static const std::regex re(R"([Mm]øde(?=[\s,.;:]|$))");
  return re;
}

// "afholdt", "afholdtes", "holdt", "holdtes" and the misspelling "afholt".
const std::regex& held_re() {
  static const std::regex re(R"((^|[\s,])((?:[Aa]f)?[Hh]old?t(?:es)?)(?=[\s,.]|$))");
  return re;
}

// An opening sentence starting at `lines[i]`: "held" and a meeting ("Møde",
// "Sogneraadsmøde") in its first lines, and a day: "i Dag" or a date.
std::optional<Opening> opening_at(const std::vector<std::string>& lines, std::size_t i) {
  std::string joined;
  for (std::size_t k = i; k < lines.size() && k < i + 4 && !lines[k].empty(); ++k)
    joined += (joined.empty() ? "" : " ") + lines[k];
  std::smatch held, met;
  if (!std::regex_search(joined, held, held_re()) || held.position(2) > 200) return std::nullopt;
  if (!std::regex_search(joined, met, meeting_re())) return std::nullopt;
  static const std::regex today(R"((^|\s)[Ii] [Dd]ag(?=[\s,.]|$))");
  std::string head = joined.substr(0, std::max(held.position(2), met.position(0)));
  if (!std::regex_search(head, today) && !book_date(head, 2000)) return std::nullopt;
  // Who met: the capitalised words between the verb and "Møde", or those before the verb.
  Opening o{i, ""};
  auto name_of = [](std::string_view span) {
    auto ws = words(span);
    if (ws.empty() || ws.size() > 4 || !std::all_of(ws.begin(), ws.end(), name_word)) return std::string();
    std::string s;
    for (auto w : ws) s += (s.empty() ? "" : " ") + strip_end_punctuation(w);
    return s;
  };
  std::size_t after_verb = held.position(2) + held.length(2);
  if (static_cast<std::size_t>(met.position(0)) > after_verb) {
    std::string between = joined.substr(after_verb, met.position(0) - after_verb);
    // "… afholdt Sogneraadet Møde"; the "Møde" of "Sogneraadsmøde" names no one.
    if (met.position(0) > 0 && joined[met.position(0) - 1] == ' ') o.subject = name_of(between);
  }
  if (o.subject.empty()) {
    std::string before = joined.substr(0, held.position(2));
    if (!std::regex_search(before, today)) o.subject = name_of(before);
  }
  return o;
}

// ---------------------------------------------------------------------------------
// The council's name

// The name the book gives its council: the most frequent name of two or more words
// in its closings and openings ("Elev Sogneraad"). When it says only "Sogneraadet",
// the parish is the one the text names with the council's own word: "Tiset Sogn"
// gives "Tiset Sogneraad".
std::optional<std::string> book_body(const std::vector<Closing>& closings, const std::vector<Opening>& openings,
                                     std::string_view text) {
  std::map<std::string, int> named, bare;
  for (const Closing& c : closings)
    if (words(c.prefix).size() >= 2) ++named[c.prefix];
  for (const Opening& o : openings)
    if (!o.subject.empty()) ++(words(o.subject).size() >= 2 ? named : bare)[o.subject];
  auto most = [](const std::map<std::string, int>& m) {
    return std::max_element(m.begin(), m.end(), [](auto& a, auto& b) { return a.second < b.second; })->first;
  };
  if (!named.empty()) return most(named);
  if (bare.empty()) return std::nullopt;
  const std::string subject = most(bare);
  // "Sogneraadet" → stem "Sogneraad", unit "Sogn"; "Byraadet" → "Byraad", "By".
  std::string stem = subject;
  if (stem.ends_with("et") || stem.ends_with("en")) stem.resize(stem.size() - 2);
  std::string low = text::lower(stem);
  std::size_t council = low.find("raad");
  if (council == std::string::npos) council = low.find("råd");
  if (council == std::string::npos || council == 0) return subject;
  std::string unit = stem.substr(0, council);
  if (unit.size() > 2 && (unit.back() == 'e' || unit.back() == 's')) unit.pop_back();
  std::map<std::string, int> places;
  auto ws = words(text);
  for (std::size_t i = 1; i < ws.size(); ++i) {
    std::string w = strip_end_punctuation(ws[i]);
    if ((w == unit || w == unit + "s") && name_word(ws[i - 1]) && !ws[i - 1].ends_with(".") &&
        !ws[i - 1].ends_with(","))
      ++places[std::string(ws[i - 1])];
  }
  if (places.empty()) return subject;
  return most(places) + " " + stem;
}

// ---------------------------------------------------------------------------------
// Paragraphs, titles and items

using Paragraph = std::vector<std::string>;

// Words broken over lines are joined ("Sogne-" "raadet" → "Sogneraadet"; old hands
// also break with "="), so that they are found; a hyphen before a capital stays
// ("National-Indsamling").
std::string paragraph_text(const Paragraph& lines) {
  std::vector<std::string> out(lines.begin(), lines.end());
  for (std::size_t i = 0; i + 1 < out.size(); ++i) {
    std::string& line = out[i];
    std::string& next = out[i + 1];
    if (line.size() < 2 || (line.back() != '-' && line.back() != '=')) continue;
    if (line[line.size() - 2] == ' ' || next.empty() || !starts_lower(next)) continue;
    std::size_t cut = next.find(' ');
    line.pop_back();
    line += next.substr(0, cut);
    next = cut == std::string::npos ? "" : std::string(text::trim(std::string_view(next).substr(cut)));
  }
  std::string joined;
  for (const std::string& line : out)
    if (!line.empty()) joined += (joined.empty() ? "" : "\n") + line;
  return joined;
}

// The first words of `s`, at most kMaxTitle code points, cut at a word boundary.
std::string short_title(std::string_view s) {
  std::string title;
  for (std::string_view w : words(s)) {
    std::string next = title.empty() ? std::string(w) : title + " " + std::string(w);
    if (text::code_points(next) > kMaxTitle) break;
    title = std::move(next);
  }
  if (title.empty()) {  // one overlong word: cut at a code point boundary
    std::size_t cut = std::min(s.size(), kMaxTitle);
    while (cut > 0 && cut < s.size() && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    title = std::string(s.substr(0, cut));
  }
  while (!title.empty() && (title.back() == ',' || title.back() == ';' || title.back() == ':')) title.pop_back();
  return title;
}

Item make_item(int number, const std::string& matter) {
  Item item;
  item.number = std::to_string(number);
  item.title = short_title(matter);
  item.parts.push_back(Part{"tekst", "", matter});
  return item;
}

// The line is a bare item number, "6" or "6.".
std::optional<int> number_line(std::string_view line) {
  std::string_view s = line;
  if (!s.empty() && s.back() == '.') s.remove_suffix(1);
  if (s.empty() || s.size() > 3 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  return std::stoi(std::string(s));
}

// Numbered matters: a number line opens a matter block; the same number again, or
// an unnumbered block after the matter, holds the decision. Lines before the first
// number become the first item's section. Empty when fewer than two items.
std::vector<Item> numbered_items(const std::vector<Paragraph>& paragraphs) {
  std::vector<Item> items;
  Paragraph preamble, matter, decision;
  enum class Stage { matter, after_matter, decision } stage = Stage::matter;
  int last = 0;
  auto finish = [&] {
    if (items.empty()) return;
    Item& item = items.back();
    std::string m = paragraph_text(matter), d = paragraph_text(decision);
    item.title = short_title(m);
    if (!m.empty()) item.parts.push_back(Part{"tekst", "", m});
    if (!d.empty()) item.parts.push_back(Part{"beslutning", "", d});
    matter.clear();
    decision.clear();
  };
  for (const Paragraph& p : paragraphs) {
    for (const std::string& line : p) {
      if (auto n = number_line(line)) {
        if (items.empty() || *n == last + 1) {
          finish();
          items.push_back(Item{});
          items.back().number = std::to_string(*n);
          if (!preamble.empty() && items.size() == 1) items.back().section = paragraph_text(preamble);
          last = *n;
          stage = Stage::matter;
          continue;
        }
        if (*n == last && stage != Stage::decision && decision.empty() && !matter.empty()) {
          stage = Stage::decision;
          continue;
        }
      }
      if (items.empty()) preamble.push_back(line);
      else if (stage == Stage::matter) matter.push_back(line);
      else {
        stage = Stage::decision;
        decision.push_back(line);
      }
    }
    if (stage == Stage::matter && !matter.empty()) stage = Stage::after_matter;
  }
  finish();
  if (items.size() < 2) return {};
  return items;
}

// The paragraph is the first part of a sentence that the next one finishes: it ends
// in a broken word or in a lower-case word without a full stop ("… Overenskomst om").
bool unfinished(const Paragraph& p) {
  const std::string& last = p.back();
  if (last.ends_with("-") || last.ends_with("=")) return true;
  auto ws = words(last);
  if (ws.empty() || !starts_lower(ws.back())) return false;
  std::string_view w = ws.back();
  std::size_t i = w.size() - 1;
  while (i > 0 && (static_cast<unsigned char>(w[i]) & 0xC0) == 0x80) --i;
  return text::has_lower(w.substr(i));  // ends in a letter, not in "." or ","
}

// Unnumbered matters, one per paragraph. A paragraph that is only names (those
// elected) or that ends mid-sentence belongs with its neighbour.
std::vector<Item> paragraph_items(const std::vector<Paragraph>& paragraphs, const Paragraph& preamble) {
  std::vector<Paragraph> merged;
  bool join_next = false;
  for (const Paragraph& p : paragraphs) {
    bool names = std::all_of(p.begin(), p.end(), [](const std::string& l) { return name_line(l); });
    if (!merged.empty() && (join_next || names)) merged.back().insert(merged.back().end(), p.begin(), p.end());
    else merged.push_back(p);
    join_next = unfinished(p);
  }
  std::vector<Item> items;
  for (const Paragraph& p : merged) {
    std::string matter = paragraph_text(p);
    if (!matter.empty()) items.push_back(make_item(static_cast<int>(items.size()) + 1, matter));
  }
  if (!items.empty() && !preamble.empty()) items.front().section = paragraph_text(preamble);
  return items;
}

std::vector<Paragraph> paragraphs_of(const std::vector<std::string>& lines, std::size_t from, std::size_t to) {
  std::vector<Paragraph> out;
  Paragraph current;
  for (std::size_t i = from; i < to; ++i) {
    if (lines[i].empty()) {
      if (!current.empty()) out.push_back(std::move(current));
      current.clear();
    } else {
      current.push_back(lines[i]);
    }
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

// Where the opening's header ends in its paragraph `p`: after "følgende
// forhandledes" or "… Sager var til Behandling", else after its first sentence.
std::size_t header_end(const std::string& p) {
  static const std::regex agenda(R"([Ff]ølgende[^.:]{0,60}?(?:handledes|Behandling)[.:]?)");
  std::smatch m;
  constexpr long kMaxHeader = 600;  // bytes: the marker belongs to the opening sentences
  if (std::regex_search(p, m, agenda) && m.position(0) < kMaxHeader) return m.position(0) + m.length(0);
  std::size_t from = std::regex_search(p, m, meeting_re()) ? m.position(0) : 0;
  // A full stop ends the sentence when a line or a capitalised word of some length
  // follows; "m.m.", "Kl. 7" and "Chr. Jensen" do not end it.
  for (std::size_t i = from; i < p.size(); ++i) {
    if (p[i] != '.' && p[i] != ':') continue;
    if (i + 1 == p.size() || p[i + 1] == '\n') return i + 1;
    std::size_t word_start = p.find_last_of(" \n", i);
    word_start = word_start == std::string::npos ? 0 : word_start + 1;
    if (p[i + 1] == ' ' && i - word_start >= 4 && starts_upper(std::string_view(p).substr(i + 2)))
      return i + 1;
  }
  return p.size();
}

// ---------------------------------------------------------------------------------
// Entries

struct Entry {
  std::size_t begin = 0, end = 0;  // lines
  std::optional<Opening> opening;
  std::optional<Closing> closing;       // the one that ends the entry
  std::size_t tail_begin = 0, tail_end = 0;  // text after the closing that belongs here
};

Meeting build_meeting(const Entry& e, const std::vector<std::string>& lines, const std::optional<std::string>& body,
                      std::optional<int> year_hint, const std::string& source) {
  Meeting m;
  m.source = source;
  m.body = body;
  m.type = "referat";
  std::size_t content_end = e.closing ? e.closing->line : e.end;
  Paragraph preamble;
  std::vector<Paragraph> paragraphs;
  std::size_t from = e.begin;
  if (e.opening) {
    for (const Paragraph& p : paragraphs_of(lines, e.begin, e.opening->line))
      preamble.insert(preamble.end(), p.begin(), p.end());
    std::size_t par_end = e.opening->line;
    while (par_end < content_end && !lines[par_end].empty()) ++par_end;
    std::string opening;
    for (std::size_t i = e.opening->line; i < par_end; ++i) opening += (opening.empty() ? "" : "\n") + lines[i];
    std::size_t cut = header_end(opening);
    std::string header = text::collapse_spaces(opening.substr(0, cut));
    m.date = book_date(header, year_hint);
    m.time = book_time(header);
    Paragraph rest;
    const std::string after_header = opening.substr(cut);
    for (std::string_view l : text::split_lines(after_header))
      if (!text::trim(l).empty()) rest.emplace_back(text::trim(l));
    if (!rest.empty()) paragraphs.push_back(std::move(rest));
    from = par_end;
  }
  // Merged entries keep the inner closing and its names as text: an audit's signature
  // is part of what was recorded.
  for (Paragraph& p : paragraphs_of(lines, from, content_end)) paragraphs.push_back(std::move(p));
  if (!m.date && e.closing) m.date = e.closing->date;
  m.items = numbered_items(paragraphs);
  if (m.items.empty()) m.items = paragraph_items(paragraphs, preamble);
  else if (!preamble.empty() && !m.items.front().section)
    m.items.front().section = paragraph_text(preamble);
  std::string tail = paragraph_text(Paragraph(lines.begin() + e.tail_begin, lines.begin() + e.tail_end));
  if (!tail.empty()) {
    if (m.items.empty()) m.items.push_back(make_item(1, tail));
    else m.items.back().parts.back().text += "\n\n" + tail;
  }
  if (!m.date) m.warnings.push_back("minute book entry without a date");
  if (m.items.empty()) m.warnings.push_back("minute book entry without matters");
  return m;
}

}  // namespace

std::optional<std::vector<Meeting>> minute_book(std::string_view text, const std::string& source) {
  std::size_t repeated = 0;
  std::string book;
  for (char c : formats::drop_repeated_pages(text, repeated))  // a page break ends a paragraph
    book += c == '\f' ? std::string("\n\n") : std::string(1, c);
  std::vector<std::string> lines;
  for (std::string_view l : text::split_lines(book)) lines.emplace_back(text::trim(l));

  // Closings first: the names after a closing are no opening, and the council's own
  // name (from its dated closings) recognises an undated one.
  std::vector<Closing> closings;
  std::vector<bool> at_closing(lines.size() + 1, false);
  auto add_closing = [&](std::size_t i, Closing c) {
    std::size_t end = signatures_end(lines, i);
    if (end == i + 1) return;
    c.line = i;
    c.end = end;
    closings.push_back(std::move(c));
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (adjourned(lines[i])) add_closing(i, Closing{});
    else if (auto c = dated_closing(lines[i])) add_closing(i, std::move(*c));
    if (!closings.empty() && closings.back().line == i) i = closings.back().end - 1;
  }
  if (closings.size() < 2) return std::nullopt;

  std::vector<Opening> openings;
  std::vector<std::size_t> closing_ends;
  for (const Closing& c : closings) closing_ends.push_back(c.end);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    bool starts = i == 0 || lines[i - 1].empty() ||
                  std::find(closing_ends.begin(), closing_ends.end(), i) != closing_ends.end();
    if (lines[i].empty() || !starts) continue;
    if (auto o = opening_at(lines, i)) openings.push_back(std::move(*o));
  }
  if (openings.size() < 2) return std::nullopt;
  const std::optional<std::string> body = book_body(closings, openings, book);

  // A closing that is only the council's name ("Elev Sogneraad" and signatures).
  if (body) {
    std::vector<Closing> all;
    std::size_t next = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (next < closings.size() && closings[next].line == i) {
        all.push_back(closings[next]);
        i = closings[next++].end - 1;
        continue;
      }
      if (strip_end_punctuation(lines[i]) != *body) continue;
      std::size_t end = signatures_end(lines, i);
      if (end > i + 1) {
        all.push_back(Closing{i, end, *body, std::nullopt});
        while (next < closings.size() && closings[next].line < end) ++next;
        i = end - 1;
      }
    }
    closings = std::move(all);
  }

  // Entries: each closing ends one; an opening starts one unless the entry so far
  // has no opening of its own (then what came before is its preamble).
  std::vector<Entry> entries;
  Entry current;
  auto take_opening = [&](const Opening& o) {
    if (current.opening) {
      current.end = o.line;
      entries.push_back(current);
      current = Entry{};
      current.begin = o.line;
    }
    current.opening = o;
  };
  std::size_t next_opening = 0;
  for (const Closing& c : closings) {
    while (next_opening < openings.size() && openings[next_opening].line < c.line)
      take_opening(openings[next_opening++]);
    current.closing = c;
    current.end = c.end;
    entries.push_back(current);
    current = Entry{};
    current.begin = c.end;
  }
  for (; next_opening < openings.size(); ++next_opening) take_opening(openings[next_opening]);
  current.end = lines.size();
  if (current.opening || entries.empty()) {
    entries.push_back(current);
  } else {
    // Names and notes after the last entry (a committee's signatures) stay with it.
    entries.back().tail_begin = current.begin;
    entries.back().tail_end = lines.size();
  }

  // An entry with no opening that the council signs, after an opened entry that only
  // a bare place and date closed (an audit within the meeting), finishes that meeting.
  std::vector<Entry> merged;
  for (Entry& e : entries) {
    bool council_signs = e.closing && (e.closing->prefix.empty() || (body && e.closing->prefix == *body));
    if (!e.opening && council_signs && !merged.empty()) {
      Entry& before = merged.back();
      bool place_only = before.closing && !before.closing->prefix.empty() && before.closing->prefix != body;
      if (before.opening && place_only) {
        before.end = e.end;
        before.closing = e.closing;
        before.tail_begin = e.tail_begin;
        before.tail_end = e.tail_end;
        continue;
      }
    }
    merged.push_back(std::move(e));
  }

  std::vector<Meeting> meetings;
  std::optional<int> year;
  int dated = 0;
  for (const Entry& e : merged) {
    Meeting m = build_meeting(e, lines, body, year, source);
    if (m.date) {
      year = std::stoi(m.date->substr(0, 4));
      ++dated;
    }
    if (repeated)
      m.warnings.push_back(std::to_string(repeated) + " page(s) repeating the text of the page beside them read once");
    meetings.push_back(std::move(m));
  }
  if (dated < 2) return std::nullopt;
  return meetings;
}

}  // namespace referat::segment
