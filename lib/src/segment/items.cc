// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/items.h"

#include <algorithm>
#include <array>
#include <map>
#include <regex>

#include "analysis/case_numbers.h"
#include "segment/segmenter.h"
#include "util/text.h"

namespace referat::segment {

namespace {

// A council's decision in the genitive, the council named first: "regionsrådets
// beslutning", "børne- og skoleudvalgets beslutning den 12.03.2024 punkt 2"
// (lower case). Prose is none: "byrådets beslutning er endelig", "vi afventer
// regionsrådets beslutning den 3. maj".
bool council_decision(std::string_view s) {
  static constexpr std::string_view genitive = "s beslutning";
  std::size_t at = s.find(genitive);
  if (at == std::string_view::npos || at == 0) return false;
  std::string_view rest = s.substr(at + genitive.size());
  if (!(rest.empty() || rest.starts_with(" den ") || rest.starts_with(" (") || rest.starts_with(" i ") ||
        rest.starts_with(" på ")))
    return false;
  std::string_view council = s.substr(0, at);  // "børne- og skoleudvalget"
  std::size_t last = council.rfind(' ');
  std::string_view name = last == std::string_view::npos ? council : council.substr(last + 1);
  static constexpr std::string_view kCouncils[] = {"udvalget", "rådet", "bestyrelsen", "direktionen",
                                                   "nævnet", "repræsentantskabet", "forsamlingen",
                                                   "kommissionen", "borgmesteren", "kkr"};
  if (std::none_of(std::begin(kCouncils), std::end(kCouncils),
                   [&](std::string_view c) { return name.ends_with(c); }))
    return false;
  // Words before the council's name only join names: "teknik- og miljøudvalget".
  std::string_view before = council.substr(0, last == std::string_view::npos ? 0 : last);
  for (std::size_t i = 0; i < before.size();) {
    std::size_t end = std::min(before.find(' ', i), before.size());
    std::string_view word = before.substr(i, end - i);
    if (!word.empty() && word != "og" && !word.ends_with("-")) return false;
    i = end + 1;
  }
  return true;
}

}  // namespace

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
      {"sammendrag", "resumé"},
      {"økonomiske konsekvenser og finansiering", "økonomi"},
      {"tidligere behandling", "tidligere behandling"},
      {"tidligere beslutninger", "tidligere behandling"},
      {"lovgrundlag", "lovgrundlag"},
      {"retsgrundlag", "lovgrundlag"},
      {"vurdering", "vurdering"},
      {"kommunikation", "kommunikation"},
      {"beslutningstema", "beslutningstema"},
      {"punktet behandlet tidligere", "tidligere behandling"},
      // Who decides the case: a part of its own, so its one line ("Byrådet") is not
      // read as the tail of the part before.
      {"beslutningen træffes af", "kompetence"},
      {"sagen afgøres af", "kompetence"},
      {"sagen afgøres i", "kompetence"},
      {"beslutningskompetence", "kompetence"},
      {"beslutningspunkter", "indstilling"},
      {"sagsforløb", "tidligere behandling"},
      {"påtegning", "påtegning"},
  };
  if (auto it = exact.find(s); it != exact.end()) return it->second;
  for (std::string_view prefix : {"beslutning i ", "beslutning (", "beslutning den ",
                                  "beslutning fra ", "beslutning på "}) {
    if (s.starts_with(prefix)) return "beslutning";
  }
  for (std::string_view prefix : {"indstilling fra ", "indstilling til ", "indstilling ("}) {
    if (s.starts_with(prefix)) return "indstilling";
  }
  // Another department's endorsement: "Borgmesterens Afdelings påtegning",
  // "Økonomiafdelingens påtegning" (not the økonomi part).
  if (s.ends_with(" påtegning") && std::count(s.begin(), s.end(), ' ') <= 4) return "påtegning";
  // "Økonomiske konsekvenser og finansiering", "Økonomi og organisatoriske konsekvenser".
  // Not "Økonomidirektørens påtegning", nor prose ("Økonomi og Personale har ingen …").
  if ((s.starts_with("økonomi ") || s.starts_with("økonomiske ")) && s.find_first_of(".,;") == std::string::npos &&
      std::count(s.begin(), s.end(), ' ') <= 5 && s.find("konsekvens") != std::string::npos)
    return "økonomi";
  if (council_decision(s)) return "beslutning";
  return std::nullopt;
}

namespace {

// The words of a handler list ("mla, kbo", "chbn/jhp", "tbj og mla") as written.
std::vector<std::string> handler_words(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty() && cur != "og") out.push_back(std::move(cur));
    cur.clear();
  };
  for (char c : s) {
    if (c == '/' || c == ',' || c == ' ' || c == ';' || c == '\t') flush();
    else cur += c;
  }
  flush();
  return out;
}

std::vector<std::string> split_handlers(std::string_view s) {
  std::vector<std::string> out = handler_words(s);
  for (auto& h : out) h = text::lower(h);
  return out;
}

// A case handler's initials as written after a bare case number: 2-12 letters, at
// least one of them a-z, all lower case or all upper case ("mla", "chbn", "MLA"), so
// that a capitalised word of prose ("Se", "Orientering") is not taken for initials.
bool is_initials(std::string_view s) {
  if (s.size() < 2 || s.size() > 12) return false;
  bool ascii_letter = false, lower = false, upper = false;
  for (unsigned char c : s) {
    if (c >= 'a' && c <= 'z') ascii_letter = lower = true;
    else if (c >= 'A' && c <= 'Z') ascii_letter = upper = true;
    else if (c < 0x80) return false;
  }
  return ascii_letter && !(lower && upper);
}

// "KLE: 02.34.02-P20", "KLE-nr. 00.01.00-A00-1-23" anywhere in a short line: the
// number, and where the whole mention is in `text` (with the character before it and
// a closing parenthesis after it).
struct KleMention {
  std::string number;
  std::size_t pos = 0, size = 0;
};

std::optional<KleMention> kle_mention(std::string_view text) {
  static const std::regex re(R"((?:^|[\s,;(–-])KLE(?:[- ]?nr\.?)?\s*[:.]?\s*(\d\d(?:\.\d\d){1,2}(?:-[A-ZÆØÅ]\d\d)?(?:-\d+-\d+)?)\)?)",
                             std::regex::icase);
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_search(text.begin(), text.end(), m, re)) return std::nullopt;
  return KleMention{m[1].str(), static_cast<std::size_t>(m.position(0)), static_cast<std::size_t>(m.length(0))};
}

std::optional<std::string> kle_number(std::string_view text) {
  if (auto m = kle_mention(text)) return std::move(m->number);
  return std::nullopt;
}

// "SAG-2021-00417 chbn/jhp", "EMN-2024-000312 tbj", "2019-31415", "SAG-2022-04417 KLE
// 00.01.00 mla": a case number first, then only initials, and a KLE number right after
// the case number or at the end of the line.
std::optional<CaseLine> bare_case_line(std::string_view text) {
  std::size_t space = text.find_first_of(" \t");
  std::string_view first = text.substr(0, space);
  if (!analysis::is_case_number(first)) return std::nullopt;
  CaseLine out;
  out.case_number = std::string(first);
  if (space == std::string_view::npos) return out;
  std::string rest(text.substr(space));  // starts with the space, which a mention may take
  if (auto kle = kle_mention(rest)) {
    const std::string_view after_case = rest;
    const bool leading = text::trim(after_case.substr(0, kle->pos)).empty();
    const bool trailing = text::trim(after_case.substr(kle->pos + kle->size)).empty();
    if (leading || trailing) {
      out.kle = std::move(kle->number);
      rest = rest.substr(0, kle->pos) + " " + rest.substr(kle->pos + kle->size);
    }
  }
  for (auto& h : handler_words(rest)) {
    if (!is_initials(h)) return std::nullopt;  // prose after a case number: not a case line
    out.handlers.push_back(text::lower(h));
  }
  return out;
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

}  // namespace

std::optional<CaseLine> case_line(const Line& line) {
  if (line.text.size() > 200) return std::nullopt;
  if (text::lower(line.text).starts_with("kle")) {
    if (auto kle = kle_number(line.text)) {
      CaseLine out;
      out.kle = kle;
      return out;
    }
  }
  if (auto bare = bare_case_line(line.text)) return bare;
  // "Sagsnr.: 24/01234 – Sagsbehandler: tbj", "Sagsnr. 2019-31415", "Sagsbehandler: mla, kbo"
  std::string lower = text::lower(line.text);
  static constexpr std::array<std::string_view, 5> case_labels = {"sagsnummer", "sagsnr", "sag nr",
                                                                  "j.nr", "journalnr"};
  CaseLine out;
  bool any = false;
  for (std::string_view label : {"dok.nr", "dokumentnr", "dok. nr"}) {
    if (!lower.starts_with(label)) continue;
    std::string_view rest = std::string_view(line.text).substr(label.size());
    while (!rest.empty() && (rest.front() == '.' || rest.front() == ':' || rest.front() == ' ')) rest.remove_prefix(1);
    std::string_view token = rest.substr(0, rest.find_first_of(" \t"));
    if (token.empty() || !(token[0] >= '0' && token[0] <= '9')) return std::nullopt;
    out.document_number = std::string(token);
    return out;
  }
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
    } else if (handler_at == std::string::npos && rest.empty()) {
      out.label_only = true;
      return out;
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
  out.kle = kle_number(line.text);
  return out;
}

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

void TextBuilder::add(std::string_view line) {
  if (line.empty()) {
    pending_break_ = !text_.empty();
    return;
  }
  if (!text_.empty()) text_ += pending_break_ ? "\n\n" : "\n";
  pending_break_ = false;
  text_.append(static_cast<std::size_t>(pending_pages_), '\f');
  pending_pages_ = 0;
  text_ += line;
}

std::string TextBuilder::take() {
  pending_break_ = false;
  return std::move(text_);
}

Item build_item(const std::vector<Line>& lines, std::size_t begin, std::size_t end, Item item) {
  std::optional<Part> part;
  TextBuilder body;
  TextBuilder preamble;
  // Text before the first heading is a part when it has words: a portal's empty
  // summary field shows as a lone ".".
  auto worded = [](std::string_view t) {
    return has_letter(t) || std::any_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  auto finish = [&] {
    if (!part) return;
    part->text = body.take();
    item.parts.push_back(std::move(*part));
    part.reset();
  };
  bool case_label_pending = false;
  int lines_since_label = 0;
  // Pages (a PDF's): the text records where the next page begins.
  int page = item.page.value_or(0);
  auto paged = [&](TextBuilder& builder, const Line& line) -> TextBuilder& {
    if (item.page && line.page > page) {
      builder.page_breaks(line.page - page);
      page = line.page;
    }
    return builder;
  };
  for (std::size_t i = begin; i < end; ++i) {
    const Line& line = lines[i];
    if (line.blank()) {
      (part ? body : preamble).add("");
      continue;
    }
    // "Sagsnr.:" / "Sagen afgøres i:" / "12/27845" / "Udvalget …": labels first, then
    // their values in the same order (a two-column table read row-wise).
    if (case_label_pending && !item.case_number && ++lines_since_label <= 4) {
      std::string_view first = std::string_view(line.text).substr(0, line.text.find_first_of(" \t"));
      if (analysis::is_case_number(first) || (first.find('/') != std::string_view::npos &&
                                              first.size() <= 16 && first[0] >= '0' && first[0] <= '9')) {
        item.case_number = std::string(first);
        case_label_pending = false;
        continue;
      }
    }
    if (!part && !item.document_number) {
      if (auto c = case_line(line); c && c->document_number) {
        item.document_number = c->document_number;
        continue;
      }
    }
    if (!part && !item.kle) {
      if (auto c = case_line(line); c && c->kle && !c->case_number && c->handlers.empty()) {
        item.kle = c->kle;
        continue;
      }
    }
    if (!part && !item.case_number) {
      if (auto c = case_line(line)) {
        if (c->label_only) {
          case_label_pending = true;
          continue;
        }
        if (c->case_number) item.case_number = c->case_number;
        if (!c->handlers.empty()) item.handlers = c->handlers;
        if (c->kle && !item.kle) item.kle = c->kle;
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
      if (std::string pre = preamble.take(); worded(pre)) item.parts.push_back(Part{"tekst", "", std::move(pre)});
      part = Part{start->kind, start->heading, ""};
      if (!start->inline_text.empty()) paged(body, line).add(start->inline_text);
      continue;
    }
    if (auto a = attachment_line(line.text)) {
      item.attachments.push_back(*a);
    } else if (part && part->kind == "bilag") {
      std::string title = drop_one_period(text::strip_bullet(line.text));
      if (!title.empty()) item.attachments.push_back(title);
    }
    paged(part ? body : preamble, line).add(line.text);
  }
  finish();
  if (std::string pre = preamble.take(); worded(pre))
    item.parts.insert(item.parts.begin(), Part{"tekst", "", std::move(pre)});
  return item;
}

}  // namespace referat::segment
