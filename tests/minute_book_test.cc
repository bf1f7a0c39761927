// SPDX-License-Identifier: GPL-3.0-or-later
//
// Minute books (segment/minute_book.h), table-driven over two fictional books in
// 1940s spelling (tests/data/formats/minute-book-*.txt): one with unnumbered matters
// closed by place/date lines, one with numbered matter and decision blocks. The real
// books of ../shared are checked by tests/real/check_real.py.
#include <doctest/doctest.h>

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "segment/dates.h"
#include "segment/minute_book.h"
#include "segment/read.h"

using namespace referat;

namespace {

std::string read_data(const std::string& name) {
  return segment::read_document(std::filesystem::path(REFERAT_SOURCE_DIR) / "tests/data/formats" / name);
}

bool has_warning(const Meeting& m, const std::string& part) {
  for (const auto& w : m.warnings)
    if (w.find(part) != std::string::npos) return true;
  return false;
}

struct WantMeeting {
  std::optional<std::string> date;
  std::size_t items;
  const char* first_title;
  const char* first_section;  // nullptr: none
};

void check_meetings(const std::vector<Meeting>& got, const std::vector<WantMeeting>& want, const std::string& body,
                    const std::string& source) {
  REQUIRE(got.size() == want.size());
  for (std::size_t k = 0; k < want.size(); ++k) {
    CAPTURE(k);
    const Meeting& m = got[k];
    CHECK(m.source == source);
    CHECK(m.body == body);
    CHECK(m.type == "referat");
    CHECK(m.date == want[k].date);
    CHECK(has_warning(m, "without a date") == !want[k].date);
    REQUIRE(m.items.size() == want[k].items);
    CHECK(m.items[0].title == want[k].first_title);
    CHECK(m.items[0].section == (want[k].first_section ? std::optional<std::string>(want[k].first_section)
                                                      : std::nullopt));
    std::set<std::string> numbers;
    for (const Item& item : m.items) {
      CHECK(numbers.insert(item.number).second);  // ids unique within the meeting
      CHECK(!item.parts.empty());
      CHECK(item.title.size() <= 80 * 2);  // at most 80 code points of at most 2 bytes here
    }
  }
}

std::string all_text(const Meeting& m) {
  std::string s;
  for (const Item& item : m.items)
    for (const Part& p : item.parts) s += p.text + "\n";
  return s;
}

}  // namespace

TEST_CASE("minute book with unnumbered matters and place/date closings") {
  const auto book = segment::minute_book(read_data("minute-book-havnerup-1948.txt"), "havnerup.txt");
  REQUIRE(book.has_value());
  const std::vector<WantMeeting> want = {
      // Three paragraphs: the one ending "der skal tillige" runs on after the blank
      // lines, and the names of those elected belong to the election.
      {"1948-02-14", 3, "Kommunens Overslag for Aaret 1948/49 var til anden Behandling og vedtoges",
       nullptr},
      // A cash audit signed by the auditors under a bare place and date.
      {"1948-03-31", 1, "Dags Dato foretoges Kasseeftersyn og efter de os forelagte Bøger konstateredes", nullptr},
      // Closed by the council's name alone: no date, and a warning says so.
      {std::nullopt, 2, "Skattelisten for 1948/49 forelaa til Underskrift. Derefter foretoges Valg af", nullptr},
      // Dated opening, no closing: the next opening ends it; the copy's heading before
      // the opening becomes the first matter's section.
      {"1948-07-02", 2, "Af det nyvalgte var mødt Formanden Anders Lund.",
       "Afskrift af Overleveringsforretningen efter Valget."},
      // An audit closed "Havnerup d 20 Nobr. 1948" inside the meeting the council signs
      // on 9/12: one meeting.
      {"1948-12-09", 2, "Fra Elværket forelaa Anmodning om Kommunens Garanti for et Laan paa Kr. 8000", nullptr},
  };
  check_meetings(*book, want, "Havnerup Sogneraad", "havnerup.txt");
  const auto& first = (*book)[0].items;
  CHECK(first[1].parts[0].text.find("tillige\ngives Vejudvalget") != std::string::npos);
  CHECK(first[2].parts[0].text == "Til Skolekommissionen valgtes\nKaren Holm\nSvend Dalgaard");
  // A word broken over lines is joined: "Kasse-" "beholdning".
  CHECK((*book)[1].items[0].parts[0].text.find("Kassebeholdning\npaa Kr. 4312,17") != std::string::npos);
  CHECK(all_text((*book)[4]).find("Havnerup d 20 Nobr. 1948") != std::string::npos);
  // The committee's signatures after the last entry stay with its last matter.
  CHECK((*book)[4].items.back().parts.back().text.ends_with("for Kasse- og Regnskabsudvalget\nAnders Lund\nOluf Riis"));
}

TEST_CASE("minute book with numbered matter and decision blocks") {
  const auto book = segment::minute_book(read_data("minute-book-moelleby-1948.txt"), "moelleby.txt");
  REQUIRE(book.has_value());
  // The text says only "Sogneraadet"; the parish is the "Mølleby Sogn" it names
  // (not "Kærby Sogneraad", another council writing to it).
  check_meetings(*book,
                 {{"1948-01-14", 3, "Skrivelse fra Amtet ang Vedligeholdelse af Bivej № 4", nullptr},
                  {"1948-02-06", 2, "Valg af Formand", nullptr},
                  // "Mandag d. 8' Marts": the year of the meeting before.
                  {"1948-03-08", 2, "Smedens Legat til Raadighed 45,00 Kr.", "Legatuddeling"}},
                 "Mølleby Sogneraad", "moelleby.txt");
  CHECK((*book)[0].time == std::nullopt);
  CHECK((*book)[1].time == "19:00");
  struct Row {
    std::size_t meeting, item;
    const char* number;
    const char* matter;
    const char* decision;  // nullptr: none
  };
  const Row rows[] = {
      {0, 0, "1", "Skrivelse fra Amtet ang Vedligeholdelse\naf Bivej № 4", "Til Efterretning"},
      {0, 1, "2", "Andragende fra Mølleby Sogns Ungdomsforening\nom Tilskud til Lokaleleje", "Bevilgedes 30 Kr"},
      {0, 2, "3", "Fra Kærby Sogneraad foreligger Anmodning\nom Deltagelse i Udgiften til Snekastning\npaa Grænsevejen",
       "Vedtoges at betale Halvdelen"},
      {1, 1, "2", "Andragende fra Biblioteket i Mølleby Sogn om Tilskud", "Nægtedes"},
      {2, 0, "1", "Smedens Legat til Raadighed 45,00 Kr.", "Ane Bro, Mølleby"},
      {2, 1, "2", "Kasse og Regnskabsudvalget foretog Kasseeftersyn", nullptr},
  };
  for (const Row& row : rows) {
    CAPTURE(row.number);
    const Item& item = (*book)[row.meeting].items[row.item];
    CHECK(item.number == row.number);
    REQUIRE(item.parts.size() == (row.decision ? 2u : 1u));
    CHECK(item.parts[0].kind == "tekst");
    CHECK(item.parts[0].text == row.matter);
    if (row.decision) {
      CHECK(item.parts[1].kind == "beslutning");
      CHECK(item.parts[1].text == row.decision);
    }
  }
}

TEST_CASE("a minute book whose pages are repeated is read once") {
  // A scanned page's text layer (one word per line, blank lines between) followed by a
  // text-only page with the same transcription, as in some archive PDFs.
  const std::string text = read_data("minute-book-moelleby-1948.txt");
  std::string scan;
  for (char c : text) scan += c == ' ' ? std::string("\n\n") : std::string(1, c);
  const std::size_t half = text.find("Aar 1948 Fredag");
  const std::size_t scan_half = scan.find("Aar\n\n1948\n\nFredag");
  REQUIRE(half != std::string::npos);
  REQUIRE(scan_half != std::string::npos);
  const std::string paged = scan.substr(0, scan_half) + "\f" + text.substr(0, half) + "\f" + scan.substr(scan_half) +
                            "\f" + text.substr(half);
  const auto once = segment::minute_book(text, "x");
  const auto twice = segment::minute_book(paged, "x");
  REQUIRE(once.has_value());
  REQUIRE(twice.has_value());
  REQUIRE(twice->size() == once->size());
  for (std::size_t k = 0; k < once->size(); ++k) {
    CAPTURE(k);
    CHECK((*twice)[k].date == (*once)[k].date);
    CHECK(all_text((*twice)[k]) == all_text((*once)[k]));
    CHECK(has_warning((*twice)[k], "2 page(s) repeating"));
  }
}

TEST_CASE("texts that are no minute book") {
  const char* rows[] = {
      // One modern meeting: one date, one set of signatures.
      "Referat\nTeknik- og Miljøudvalget\nMødet blev afholdt den 3. april 2024 kl. 16.00 på Rådhuset.\n\n"
      "1. Godkendelse af dagsorden\nBeslutning\nGodkendt.\n\nMødet hævet kl. 17.30\nJens Hansen\nMette Holm\n",
      // One old meeting with an opening and a closing.
      "Havnerup Sogneraad afholdt i Dag Møde, hvor følgende behandledes.\n\nSkattelisten forelaa.\n\n"
      "Havnerup Sogneraad den 6/2 1948\nAnders Lund\n",
      // Two closings but no openings: a letter signed twice.
      "Havnerup d. 3/3 1948\nAnders Lund\n\nTil Amtet.\n\nHavnerup d. 4/3 1948\nPeder Kjær\n",
      // Two openings but no signatures after any closing.
      "Havnerup Sogneraad afholdt i Dag Møde.\nSkattelisten forelaa.\nHavnerup Sogneraad den 6/2 1948\n\n"
      "Havnerup Sogneraad afholdt i Dag Møde.\nOverslaget forelaa.\nHavnerup Sogneraad den 7/3 1948\n",
      "",
  };
  for (const char* text : rows) {
    CAPTURE(text);
    CHECK_FALSE(segment::minute_book(text, "x").has_value());
  }
}

TEST_CASE("month names in full, cut and in older abbreviations") {
  struct Row {
    const char* word;
    int month;
  };
  const Row rows[] = {{"Januar", 1}, {"aug.", 8},  {"Sept", 9},  {"Nobr.", 11}, {"Novbr.", 11}, {"Decbr.", 12},
                      {"Oktbr", 10}, {"Marts", 3}, {"maj", 5},   {"ju", 0},     {"Mand", 0},     {"Aften", 0},
                      {"Kr.", 0},    {"Juni", 6},  {"Juli", 7},  {"dage", 0}};
  for (const Row& row : rows) {
    CAPTURE(row.word);
    CHECK(segment::month_number(row.word) == row.month);
  }
  CHECK(segment::find_date_time("Elev d 20 Nobr. 1945").date == "1945-11-20");
}
