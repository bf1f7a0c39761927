// SPDX-License-Identifier: GPL-3.0-or-later
//
// Segmentation, table-driven: each row is a case written by hand.
#include <doctest/doctest.h>

#include <unicode/unistr.h>

#include <algorithm>

#include <string>
#include <vector>

#include <fstream>
#include <iterator>

#include "referat/error.h"
#include "referat/json.h"
#include "referat/parse.h"
#include "segment/dates.h"
#include "segment/items.h"
#include "segment/lines.h"
#include "segment/people.h"
#include "segment/segmenter.h"

using namespace referat;

TEST_CASE("part headings map to canonical kinds") {
  struct Row {
    const char* heading;
    const char* kind;  // nullptr: not a part heading
  };
  const Row rows[] = {
      {"Indstilling", "indstilling"},
      {"INDSTILLING", "indstilling"},
      {"Indstilling:", "indstilling"},
      {"Beslutning", "beslutning"},
      {"Beslutning i Økonomiudvalget den 10. marts 2022", "beslutning"},
      {"Beslutninger", "beslutning"},
      {"Sagsfremstilling", "sagsfremstilling"},
      {"Baggrund", "baggrund"},
      {"Bilag", "bilag"},
      {"ØKONOMI", "økonomi"},
      {"Høring", "høring"},
      {"Resumé", "resumé"},
      {"Tidligere behandling", "tidligere behandling"},
      {"Sundhedsaftale 2024-2027 i høring", nullptr},
      {"GovTech Midtjylland (GTM)", nullptr},
      {"Det indstilles,", nullptr},
      {"", nullptr},
  };
  for (const auto& row : rows) {
    CAPTURE(row.heading);
    auto kind = segment::part_kind(row.heading);
    if (row.kind) {
      REQUIRE(kind.has_value());
      CHECK(*kind == row.kind);
    } else {
      CHECK_FALSE(kind.has_value());
    }
  }
}

TEST_CASE("agenda numbering continues") {
  struct Row {
    const char* previous;
    const char* next;
    bool continues;
  };
  const Row rows[] = {
      {"1", "2", true},     {"1", "1.1", true},   {"1.1", "1.2", true}, {"1.2", "2", true},
      {"3.6", "4", true},   {"3.6", "4.1", true}, {"87", "88", true},   {"1", "3", false},
      {"1.1", "1.3", false}, {"2", "2", false},    {"4", "3", false},    {"1", "1.2", false},
      {"1.1", "2.2", false}, {"x", "1", false},
  };
  for (const auto& row : rows) {
    CAPTURE(row.previous);
    CAPTURE(row.next);
    CHECK(segment::continues_numbering(row.previous, row.next) == row.continues);
  }
}

TEST_CASE("dates and times as Danish documents write them") {
  struct Row {
    const char* text;
    const char* date;  // "" = none
    const char* time;  // "" = none
  };
  const Row rows[] = {
      {"21-06-2023 10:00", "2023-06-21", "10:00"},
      {"02.10.2024", "2024-10-02", ""},
      {"Torsdag den 24. marts 2022, kl. 17.00", "2022-03-24", "17:00"},
      {"2023-06-21", "2023-06-21", ""},
      {"3. maj 2023 kl. 9.30", "2023-05-03", "09:30"},
      {"31-02-2023", "", ""},          // impossible: kept as text, no date
      {"29-02-2024", "2024-02-29", ""},  // leap year
      {"29-02-2023", "", ""},
      {"ingen dato her", "", ""},
  };
  for (const auto& row : rows) {
    CAPTURE(row.text);
    auto dt = segment::find_date_time(row.text);
    CHECK(dt.date.value_or("") == row.date);
    CHECK(dt.time.value_or("") == row.time);
  }
}

TEST_CASE("participant lines") {
  struct Row {
    const char* line;
    const char* name;  // nullptr: not a member line
    const char* party;
    const char* municipality;  // "" = none
  };
  const Row rows[] = {
      {"Kasper Juncher Bjerregaard (V), Norddjurs", "Kasper Juncher Bjerregaard", "V", "Norddjurs"},
      {"Niels Skovbjerg Rasmussen, (F), Ringkøbing-Skjern", "Niels Skovbjerg Rasmussen", "F",
       "Ringkøbing-Skjern"},
      {"Simon Vanggard, (O) Ikast-Brande", "Simon Vanggard", "O", "Ikast-Brande"},
      {"Alexander Myrhøj, (F), Norddjurs Kommune", "Alexander Myrhøj", "F", "Norddjurs"},
      {"- Mette Lund (A)", "Mette Lund", "A", ""},
      {"H.C. Østerby (A), Holstebro", "H.C. Østerby", "A", "Holstebro"},
      {"Det indstilles, at udvalget (A) godkender", nullptr, nullptr, nullptr},
      {"Mission", nullptr, nullptr, nullptr},
  };
  for (const auto& row : rows) {
    CAPTURE(row.line);
    auto p = segment::parse_member(row.line);
    if (!row.name) {
      CHECK_FALSE(p.has_value());
      continue;
    }
    REQUIRE(p.has_value());
    CHECK(p->name == row.name);
    CHECK(p->party.value_or("") == row.party);
    CHECK(p->municipality.value_or("") == row.municipality);
  }
}

TEST_CASE("markup is removed from lines") {
  struct Row {
    const char* raw;
    const char* text;
    int level;
    bool bold;
  };
  const Row rows[] = {
      {"### **Indstilling**", "Indstilling", 3, true},
      {"<b>2. Siden sidst.....</b>\t<b>6</b>", "2. Siden sidst.....\t6", 0, true},
      {"#### *Velfærdsteknologi og telemedicin*", "Velfærdsteknologi og telemedicin", 4, false},
      {"**Dato:** 21-06-2023 10:00", "Dato: 21-06-2023 10:00", 0, false},
      {"Lone Jakobi (A), Odder  ", "Lone Jakobi (A), Odder", 0, false},
      {"#hashtag", "#hashtag", 0, false},
      {"Se [GTM](#) og [Pulje \\(ritzau.dk\\)](https://x.dk)", "Se GTM og Pulje (ritzau.dk)", 0, false},
  };
  for (const auto& row : rows) {
    CAPTURE(row.raw);
    auto line = segment::clean_line(row.raw);
    CHECK(line.text == row.text);
    CHECK(line.heading_level == row.level);
    CHECK(line.bold == row.bold);
  }
}

namespace {

// A small agenda in the reference layout: TOC with dot leaders, sections, a case
// line with handlers, parts, attachments.
const char* kTocDocument = R"(DAGSORDEN 2021

FJORDKREDSENS SAMARBEJDSRÅD

Dato: 14-09-2021 13:30

Sted: Fjordhuset, Havnevej 4

1. Godkendelse .....	2
1.1. Godkendelse af dagsorden .....	2
2. Sager .....	3
2.1. Fælles indkøb af cykler .....	3
2.2. Budget 2022 .....	5
3. Eventuelt .....	6

1. Godkendelse

1.1. Godkendelse af dagsorden

EMN-2021-000123 abc/def

Indstilling

Det indstilles, at Fjordkredsens Samarbejdsråd godkender dagsordenen.

2. Sager

2.1. Fælles indkøb af cykler

EMN-2021-000124 abc

Baggrund

Kommunerne i Fjordkredsens Samarbejdsråd ønsker fælles indkøb.

- ./. Udbudsmateriale.
- ./ Prisoversigt

2.2. Budget 2022

Sagsfremstilling

1. januar 2022 træder budgettet i kraft.

3. Eventuelt
)";

}  // namespace

TEST_CASE("a document with a table of contents") {
  auto meetings = parse_text(kTocDocument, "toc.txt");
  REQUIRE(meetings.size() == 1);
  const Meeting& m = meetings[0];
  CHECK(m.type == "dagsorden");
  CHECK(m.body.value_or("") == "Fjordkredsens Samarbejdsråd");  // capitals fixed from the text
  CHECK(m.date.value_or("") == "2021-09-14");
  CHECK(m.time.value_or("") == "13:30");
  CHECK(m.location.value_or("") == "Fjordhuset, Havnevej 4");
  REQUIRE(m.items.size() == 4);
  const char* numbers[] = {"1.1", "2.1", "2.2", "3"};
  const int pages[] = {2, 3, 5, 6};
  for (int i = 0; i < 4; ++i) {
    CHECK(m.items[i].number == numbers[i]);
    CHECK(m.items[i].page.value_or(0) == pages[i]);
  }
  CHECK(m.items[0].section.value_or("") == "Godkendelse");
  CHECK(m.items[0].case_number.value_or("") == "EMN-2021-000123");
  CHECK(m.items[0].handlers == std::vector<std::string>{"abc", "def"});
  CHECK(m.items[1].attachments == std::vector<std::string>{"Udbudsmateriale", "Prisoversigt"});
  REQUIRE(m.items[1].parts.size() == 1);
  CHECK(m.items[1].parts[0].kind == "baggrund");
  // "1. januar 2022" in the text is no heading: it continues item 2.2.
  REQUIRE(m.items[2].parts.size() == 1);
  CHECK(m.items[2].parts[0].text == "1. januar 2022 træder budgettet i kraft.");
  CHECK_FALSE(m.items[3].section.has_value());
  CHECK(m.items[3].parts.empty());
  CHECK(meeting_id(m) == "fjordkredsens-samarbejdsraad/2021-09-14/dagsorden");
}

TEST_CASE("a document without structure becomes one item with a warning") {
  auto meetings = parse_text("Lidt løs tekst uden punkter.\nOg en linje mere.\n", "loose.txt");
  REQUIRE(meetings.size() == 1);
  REQUIRE(meetings[0].items.size() == 1);
  CHECK(meetings[0].items[0].parts.at(0).text == "Lidt løs tekst uden punkter.\nOg en linje mere.");
  bool warned = false;
  for (const auto& w : meetings[0].warnings) warned |= w.find("no agenda items") != std::string::npos;
  CHECK(warned);
  // Two unnamed documents never share ids.
  CHECK(meeting_id(meetings[0]) != meeting_id(parse_text("Lidt løs tekst.", "other.txt")[0]));
}

TEST_CASE("repeated item numbers get distinct ids") {
  auto m = parse_text(
      "Referat\n\nUdvalg: Testudvalget\nMødedato: 01.02.2023\n\n## Punkt 1: En\n\nTekst.\n\n"
      "## Punkt 2: To\n\nTekst.\n\n## Punkt 2: To igen\n\nTekst.\n",
      "dup.md")[0];
  REQUIRE(m.items.size() == 3);
  auto ids = item_ids(m);
  CHECK(ids[1] == "testudvalget/2023-02-01/referat/2");
  CHECK(ids[2] == "testudvalget/2023-02-01/referat/2~2");
  bool warned = false;
  for (const auto& w : m.warnings) warned |= w.find("more than once") != std::string::npos;
  CHECK(warned);
}

TEST_CASE("inputs that are no documents are rejected with the source named") {
  CHECK_THROWS_WITH_AS(parse_text("", "empty.txt"), "empty.txt: empty document", ParseError);
  CHECK_THROWS_WITH_AS(parse_text("  \n\n ", "blank.txt"), "blank.txt: empty document", ParseError);
  std::string binary(1000, '\0');
  CHECK_THROWS_AS(parse_text(binary, "nul.txt"), ParseError);
  CHECK_THROWS_AS(parse_file("/nonexistent/referat/file.txt"), ParseError);
}

TEST_CASE("text input is normalised") {
  // NFD "å" (a + combining ring) becomes NFC; CRLF line ends; a BOM; invalid UTF-8.
  std::string doc = "\xEF\xBB\xBFReferat\r\n\r\nUdvalg: Sk\x61\xCC\x8Aleudvalget\r\nMødedato: 01.02.2023\r\n";
  doc += "\r\n1. Punkt om sk\xFF" "oler\r\nSagsnr.: 23/00001\r\n";
  auto m = parse_text(doc, "nfd.txt")[0];
  CHECK(m.body.value_or("") == "Skåleudvalget");
  CHECK(m.date.value_or("") == "2023-02-01");
  REQUIRE(m.items.size() == 1);
  CHECK(m.items[0].case_number.value_or("") == "23/00001");
  bool warned = false;
  for (const auto& w : m.warnings) warned |= w.find("invalid UTF-8") != std::string::npos;
  CHECK(warned);
}

TEST_CASE("slugs") {
  CHECK(slugify("KKR Midtjylland") == "kkr-midtjylland");
  CHECK(slugify("Teknik- og Miljøudvalget") == "teknik-og-miljoeudvalget");
  CHECK(slugify("Havnekøbing Byråd") == "havnekoebing-byraad");
  CHECK(slugify("Æblegård & Café") == "aeblegaard-cafe");
  CHECK(slugify("  --  ") == "");
}

TEST_CASE("a document parsed from memory equals the file parse but for the source") {
  const char* path = REFERAT_SOURCE_DIR "/samples/havnekoebing-tmu-2024-10-02-referat.txt";
  auto from_file = parse_file(path);
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto from_memory = parse_text(bytes, "https://example.dk/tmu.txt");
  REQUIRE(from_file.size() == 1);
  REQUIRE(from_memory.size() == 1);
  CHECK(from_memory[0].source == "https://example.dk/tmu.txt");
  from_memory[0].source = from_file[0].source;
  CHECK(to_json(from_memory) == to_json(from_file));
}

TEST_CASE("lists, tables and bold lines inside an item are no items") {
  struct Row {
    const char* name;
    const char* document;
    std::vector<std::string> numbers;
  };
  const std::string head = "# Referat\n\nUdvalg: Planudvalget\nDato: 3. maj 2023\n\n";
  const Row rows[] = {
      {"numbered list",
       "## 1. Godkendelse\n\nBeslutning: Godkendt.\n\n## 2. Budget 2024\n\nSagsfremstilling\n\n"
       "Bilagene er:\n\n1. Budgetoversigt\n2. Notat om anlæg\n3. Høringssvar\n\nBeslutning\n\nGodkendt.\n\n"
       "## 3. Eventuelt\n\nIntet.\n",
       {"1", "2", "3"}},
      {"bold line continuing the numbering",
       "## 1. Godkendelse\n\nBeslutning: Godkendt.\n\n## 2. Salg af Skolevej 12\n\nSagsfremstilling\n\n"
       "Købesummen er:\n\n**3. Rate: 500.000 kr.**\n\nBeslutning: Godkendt.\n",
       {"1", "2"}},
      {"tabbed table that looks like a table of contents",
       "## 1. Godkendelse\n\nBeslutning: Godkendt.\n\n## 2. Anlægsbudget\n\nSagsfremstilling\n\n"
       "1 Skoler\t120\n2 Dagtilbud\t80\n3 Ældre\t300\n\n## 3. Vejplan\n\nBeslutning: Godkendt.\n",
       {"1", "2", "3"}},
      {"Markdown-escaped numbers",
       "**1\\. Godkendelse af dagsorden**\n\nBeslutning: Godkendt.\n\n**2\\. Budget**\n\nBeslutning: Godkendt.\n",
       {"1", "2"}},
      {"a date at the start of a line",
       "2. Budget\n\nSagsfremstilling\n\n1. januar 2024 træder budgettet i kraft.\n\n3. Eventuelt\n\nIntet.\n",
       {"2", "3"}},
  };
  for (const auto& row : rows) {
    CAPTURE(row.name);
    auto m = parse_text(head + row.document, "rows.md")[0];
    std::vector<std::string> numbers;
    for (const auto& item : m.items) numbers.push_back(item.number);
    CHECK(numbers == row.numbers);
  }
}

TEST_CASE("participants in lists, on one line, without party") {
  auto m = parse_text(
      "# Referat\n\nUdvalg: Økonomiudvalget\nDato: 3. maj 2023\n\nDeltagere\nAnna Hansen (A), Bo Jensen (V)\n"
      "Carl Holm (Socialdemokratiet)\nDorte Lund (V), Solbjerg Kommune\n\nAfbud\nErik Berg\n\n"
      "Fra forvaltningen\nFrida Kjær, direktør\n\n## 1. Godkendelse af dagsorden\n\nBeslutning: Godkendt.\n",
      "people.md")[0];
  REQUIRE(m.participants.size() == 4);
  CHECK(m.participants[1].name == "Bo Jensen");
  CHECK(m.participants[1].party.value_or("") == "V");
  CHECK(m.participants[2].party.value_or("") == "Socialdemokratiet");
  CHECK(m.participants[3].municipality.value_or("") == "Solbjerg");
  REQUIRE(m.absent.size() == 1);
  CHECK(m.absent[0].name == "Erik Berg");
  CHECK_FALSE(m.absent[0].party.has_value());
  REQUIRE(m.officials.size() == 1);
  CHECK(m.officials[0].role.value_or("") == "direktør");
  CHECK(m.officials[0].organisation.value_or("") == "forvaltningen");
  auto inline_list =
      parse_text("Referat\n\nUdvalg: X-udvalget\nDeltagere: Anna Hansen (A), Bo Jensen (V), Carl Holm\n"
                 "Afbud: Erik Berg\n\n1. Punkt\nSagsnr.: 23/00001\n",
                 "inline.txt")[0];
  CHECK(inline_list.participants.size() == 3);
  CHECK(inline_list.absent.size() == 1);
}

#include "segment/privacy.h"

TEST_CASE("CPR numbers are masked before anything else sees them") {
  struct Row {
    const char* in;
    const char* out;
  };
  const Row rows[] = {
      {"borger 010190-1234 klager", "borger XXXXXX-XXXX klager"},
      {"cpr.nr. 3112851234.", "cpr.nr. XXXXXXXXXX."},
      {"290200-4321", "XXXXXX-XXXX"},                            // 29 February
      {"sag 2011-29298", "sag 2011-29298"},                      // a case number
      {"SAG-2022-044171", "SAG-2022-044171"},
      {"320190-1234", "320190-1234"},                            // no 32nd
      {"011390-1234", "011390-1234"},                            // no 13th month
      {"tlf. 12 34 56 78", "tlf. 12 34 56 78"},
      {"01019012345", "01019012345"},                            // 11 digits
      {"kontonr. 1234-0101901234", "kontonr. 1234-0101901234"},  // inside a longer number
      {"1.010.190.1234 kr.", "1.010.190.1234 kr."},
  };
  for (const auto& row : rows) {
    CAPTURE(row.in);
    std::string s = row.in;
    referat::segment::mask_cpr_numbers(s);
    CHECK(s == row.out);
  }
  auto meetings = referat::parse_text(
      "# Prøveby Byråd\n\n## Referat\n\n**Dato:** 2. februar 2023\n\n## Punkt 1: Klage\n\n"
      "### Sagsfremstilling\n\nBorgeren (010190-1234) klager.\n",
      "cpr.md");
  REQUIRE(meetings.size() == 1);
  REQUIRE(meetings[0].items.size() == 1);
  CHECK(meetings[0].items[0].parts[0].text.find("010190") == std::string::npos);
  CHECK(meetings[0].items[0].parts[0].text.find("XXXXXX-XXXX") != std::string::npos);
  bool warned = false;
  for (const auto& w : meetings[0].warnings) warned |= w.find("CPR") != std::string::npos;
  CHECK(warned);
}

TEST_CASE("documents in other encodings are converted, with a warning") {
  const std::string utf8 =
      "# Prøveby Byråd\n\n## Referat\n\n**Dato:** 3. marts 2023\n\n## Punkt 1: Køb af æbler\n\n"
      "### Sagsfremstilling\n\nKøbenhavn og Århus.\n";
  auto first_text = [](const std::vector<referat::Meeting>& m) { return m.at(0).items.at(0).parts.at(0).text; };
  auto warned = [](const std::vector<referat::Meeting>& m, const char* what) {
    for (const auto& w : m.at(0).warnings)
      if (w.find(what) != std::string::npos) return true;
    return false;
  };
  // Latin-1 / Windows-1252: the same text, one byte per letter.
  std::string latin1 =
      "# Pr\xf8veby Byr\xe5" "d\n\n## Referat\n\n**Dato:** 3. marts 2023\n\n## Punkt 1: K\xf8" "b af \xe6" "bler\n\n"
      "### Sagsfremstilling\n\nK\xf8" "benhavn og \xc5rhus.\n";
  auto m = referat::parse_text(latin1, "latin1.md");
  CHECK(m.at(0).items.at(0).title == "Køb af æbler");
  CHECK(first_text(m) == "København og Århus.");
  CHECK(warned(m, "windows-1252"));
  // UTF-16 with a byte order mark, CRLF line ends.
  for (bool little : {true, false}) {
    std::string u16 = little ? "\xFF\xFE" : "\xFE\xFF";
    std::string crlf;
    for (char c : utf8) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(crlf);
    for (int32_t i = 0; i < u.length(); ++i) {
      char16_t c = u.charAt(i);
      char lo = static_cast<char>(c & 0xFF), hi = static_cast<char>(c >> 8);
      u16 += little ? std::string{lo, hi} : std::string{hi, lo};
    }
    m = referat::parse_text(u16, "utf16.md");
    CAPTURE(little);
    CHECK(m.at(0).items.at(0).title == "Køb af æbler");
    CHECK(warned(m, "UTF-16"));
  }
  // Old Mac line ends (CR only).
  std::string cr = utf8;
  std::replace(cr.begin(), cr.end(), '\n', '\r');
  m = referat::parse_text(cr, "cr.md");
  CHECK(m.at(0).items.at(0).title == "Køb af æbler");
  CHECK(first_text(m) == "København og Århus.");
  // UTF-8 with one broken byte stays UTF-8: the byte is replaced and counted.
  std::string broken = utf8;
  broken.insert(broken.find("og"), "\xff ");
  m = referat::parse_text(broken, "broken.md");
  CHECK(first_text(m).find("København") != std::string::npos);
  CHECK(warned(m, "1 invalid UTF-8"));
}

TEST_CASE("case lines: a bare case number with initials and a KLE number, not prose") {
  struct Row {
    const char* line;
    const char* case_number;  // nullptr: not a case line
    const char* kle;          // nullptr: none
    std::vector<std::string> handlers;
  };
  const Row rows[] = {
      {"SAG-2021-00417 chbn/jhp", "SAG-2021-00417", nullptr, {"chbn", "jhp"}},
      {"EMN-2024-000312 TBJ", "EMN-2024-000312", nullptr, {"tbj"}},
      {"2019-31415", "2019-31415", nullptr, {}},
      {"SAG-2022-04417 KLE 00.01.00 mla", "SAG-2022-04417", "00.01.00", {"mla"}},
      {"SAG-2022-04417 mla, kbo KLE: 02.34.02-P20", "SAG-2022-04417", "02.34.02-P20", {"mla", "kbo"}},
      {"SAG-2022-04417 (KLE 02.34.00) mla", "SAG-2022-04417", "02.34.00", {"mla"}},
      {"SAG-2022-04417 Se KLE 02.34.00", nullptr, nullptr, {}},         // a capitalised word
      {"SAG-2022-04417 Orientering om sagen", nullptr, nullptr, {}},    // prose
      {"SAG-2022-04417 mla KLE 02.34.00 og mere", nullptr, nullptr, {}},  // KLE inside prose
      {"SAG-2022-04417 \xE2\x80\x93KLE 02.34.00", nullptr, nullptr, {}},  // bytes of a dash left
  };
  for (const Row& row : rows) {
    CAPTURE(row.line);
    segment::Line line;
    line.text = row.line;
    auto c = segment::case_line(line);
    if (!row.case_number) {
      CHECK_FALSE((c && c->case_number));
      continue;
    }
    REQUIRE(c);
    CHECK(c->case_number == row.case_number);
    CHECK(c->kle == (row.kle ? std::optional<std::string>(row.kle) : std::nullopt));
    CHECK(c->handlers == row.handlers);
  }
}
