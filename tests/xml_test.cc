// SPDX-License-Identifier: GPL-3.0-or-later
//
// XML exports of meeting systems (segment/xml_*.cc): the project's fictional export of
// each family (samples/havnekoebing-*.xml) read field by field, which
// documents what is no family's, and — when ../shared is present — the real exports
// against tests/real/<file>.expected.json, written by hand.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "formats/xml.h"
#include "referat/error.h"
#include "referat/json.h"
#include "segment/read.h"
#include "segment/segmenter.h"
#include "segment/xml_meetings.h"

namespace fs = std::filesystem;
using namespace referat;

namespace {

// The one meeting of a fictional export.
Meeting fictional(const std::string& name) {
  const fs::path path = fs::path(REFERAT_SOURCE_DIR) / "samples" / name;
  auto meetings = segment::xml_meetings(segment::read_document(path), name);
  REQUIRE(meetings.has_value());
  REQUIRE(meetings->size() == 1);
  CHECK(meetings->front().source == name);
  return meetings->front();
}

std::vector<std::string> numbers(const Meeting& m) {
  std::vector<std::string> out;
  for (const auto& item : m.items) out.push_back(item.number);
  return out;
}

std::vector<std::string> kinds(const Item& item) {
  std::vector<std::string> out;
  for (const auto& part : item.parts) out.push_back(part.kind);
  return out;
}

const Part* part_of(const Item& item, const std::string& kind, const std::string& heading = "") {
  for (const auto& part : item.parts)
    if (part.kind == kind && (heading.empty() || part.heading == heading)) return &part;
  return nullptr;
}

// Nothing an export carries as bookkeeping may reach the searchable text.
void check_no_private_text(const Meeting& m) {
  for (const auto& item : m.items) {
    for (const auto& part : item.parts) {
      CAPTURE(item.number);
      CAPTURE(part.heading);
      CHECK(part.text.find('@') == std::string::npos);
      CHECK(part.text.find(":\\") == std::string::npos);
      CHECK(part.text.find("\\\\") == std::string::npos);
      CHECK(part.text.find('\r') == std::string::npos);
      CHECK(part.text.find('\f') == std::string::npos);
    }
    for (const auto& a : item.attachments) CHECK(a.find('\\') == std::string::npos);
  }
}

}  // namespace

TEST_CASE("xml: eDoc export, items in number order, bilag text as parts") {
  Meeting m = fictional("havnekoebing-edoc-referat.xml");
  CHECK(m.body == "Børne- og Skoleudvalget");
  CHECK(m.type == "referat");
  CHECK(m.date == "2024-03-12");
  CHECK(m.time == "16:00");
  CHECK(m.location == "Mødelokale 2 på Havnekøbing Rådhus");
  REQUIRE(m.participants.size() == 3);
  CHECK(m.participants[0].name == "Hanne Kjær");
  CHECK(m.participants[0].party == "A");
  CHECK_FALSE(m.participants[0].municipality.has_value());  // "- formand" is a role
  REQUIRE(m.absent.size() == 1);
  CHECK(m.absent[0].name == "Peter Holm");
  REQUIRE(m.officials.size() == 1);
  CHECK(m.officials[0].name == "Maja Lund");
  CHECK(m.officials[0].role == "sekretær");
  CHECK(numbers(m) == std::vector<std::string>{"1", "2", "3"});

  const Item& first = m.items[0];
  CHECK(first.case_number == "2023-40001");  // the export's CaseLogicIdentifier
  CHECK(first.document_number == "2024-050100");
  CHECK(first.attachments.empty());

  const Item& second = m.items[1];
  // The printed heading, not the export's shorter <Title>.
  CHECK(second.title == "Skolernes ventilation - anlægsbevilling og udbud");
  CHECK(second.case_number == "2023-41877");
  CHECK(second.document_number == "2024-051123");
  CHECK(kinds(second) == std::vector<std::string>{"resumé", "sagsfremstilling", "økonomi", "bilag", "kompetence",
                                                  "indstilling", "beslutning", "bilag"});
  const Part* decision = part_of(second, "beslutning");
  REQUIRE(decision);
  CHECK(decision->heading == "Børne- og Skoleudvalgets beslutning den 12.03.2024 Punkt 2");
  CHECK(decision->text == "Indstilles til godkendelse");
  const Part* who = part_of(second, "kompetence");
  REQUIRE(who);
  CHECK(who->text == "Kommunalbestyrelsen");
  // The attachment's own text, under its title, with its form feed and tabs gone.
  CHECK(second.attachments == std::vector<std::string>{"Notat om indeklima på Havnens Skole"});
  const Part* bilag = part_of(second, "bilag", "Notat om indeklima på Havnens Skole");
  REQUIRE(bilag);
  CHECK(bilag->text.starts_with("Notat om indeklima Havnens Skole 2024\nMålingerne viste CO2-niveauer"));
  CHECK(bilag->text.find("Kontakt:") != std::string::npos);

  const Item& closed = m.items[2];  // on the "Lukket dagsorden"
  CHECK(closed.title == "Personalesag");
  CHECK(closed.closed);
  CHECK(closed.parts.empty());
  check_no_private_text(m);
}

TEST_CASE("xml: SBSYS Publication, field captions become parts") {
  Meeting m = fictional("havnekoebing-sbsys-dagsorden.xml");
  CHECK(m.body == "Forretningsudvalget");  // "FORRETNINGSUDVALGET" as the text writes it
  CHECK(m.type == "dagsorden");            // a Draft
  CHECK(m.date == "2024-04-09");
  CHECK(m.time == "15:30");
  CHECK(m.location == "Mødelokale H1, Regionsgården");
  REQUIRE(m.participants.size() == 2);
  CHECK(m.participants[0].name == "Anne Vestergaard");
  CHECK(m.participants[0].party == "A");
  CHECK(m.participants[1].name == "Bodil Skov");
  REQUIRE(m.absent.size() == 1);
  CHECK(m.absent[0].name == "Ole Friis");
  CHECK(numbers(m) == std::vector<std::string>{"1", "2", "3"});

  CHECK(kinds(m.items[0]) == std::vector<std::string>{"resumé"});  // the empty Beslutning is left out

  const Item& plan = m.items[1];
  CHECK(plan.title == "Forslag til ny kollektiv trafikplan");
  CHECK_FALSE(plan.case_number.has_value());  // Case ID="0"
  // In field order; "Tomt indhold" and the empty decision fields are no parts.
  CHECK(kinds(plan) == std::vector<std::string>{"tidligere behandling", "indstilling", "sagsfremstilling"});
  CHECK(plan.parts[0].heading == "PUNKTET BEHANDLET TIDLIGERE");
  CHECK(plan.parts[0].text == "Forretningsudvalget den 5. marts 2024, sag nr. 7");
  CHECK(plan.parts[1].text == "at forslaget sendes i offentlig høring i otte uger.");
  // HTML to text, entities decoded, the e-mail address left out.
  CHECK(plan.parts[2].text == "Trafikplanen samler busruter og teletaxa i ét net. Spørgsmål kan sendes til");
  CHECK(plan.attachments == std::vector<std::string>{"Trafikplan 2025-2028, høringsudkast"});

  const Item& closed = m.items[2];
  CHECK(closed.closed);  // IsPublic False
  CHECK(closed.case_number == "24/01234");
  CHECK(closed.parts.empty());
  check_no_private_text(m);
}

TEST_CASE("xml: Acadre tables, entity-escaped HTML decoded twice") {
  Meeting m = fictional("havnekoebing-acadre-referat.xml");
  CHECK(m.body == "Kultur- og Fritidsudvalget");
  CHECK(m.type == "referat");
  CHECK(m.date == "2024-08-14");
  CHECK(m.time == "16:30");
  CHECK(m.location == "Kulturhuset, lokale 2");
  REQUIRE(m.participants.size() == 1);
  CHECK(m.participants[0].name == "Mette Kjeldsen");
  REQUIRE(m.absent.size() == 1);
  CHECK(m.absent[0].name == "Søren Bak");
  CHECK(m.absent[0].party == "V");
  CHECK(numbers(m) == std::vector<std::string>{"411", "412"});

  const Item& item = m.items[1];
  CHECK(item.title == "Udvidet åbningstid i Kulturhuset");
  CHECK(item.case_number == "24/10877");
  CHECK(item.handlers == std::vector<std::string>{"mhj"});
  // By bulletsortorder; the empty Lovgrundlag is no part.
  CHECK(kinds(item) ==
        std::vector<std::string>{"resumé", "sagsfremstilling", "indstilling", "beslutning", "bilag"});
  CHECK(item.parts[0].text == "Kulturhuset ønsker at udvide åbningstiden i weekenden.");
  CHECK(item.parts[3].heading == "Beslutning i Kultur- og Fritidsudvalget den 14-08-2024");
  CHECK(item.attachments == std::vector<std::string>{"Brugerundersøgelse 2024", "Budget for udvidet åbningstid"});
  // The attachments' document numbers are searchable in the bilag part.
  const Part* bilag = part_of(item, "bilag");
  REQUIRE(bilag);
  CHECK(bilag->text.find("87002/24") != std::string::npos);
  CHECK(bilag->text.find("88121/24") != std::string::npos);
  check_no_private_text(m);
}

TEST_CASE("xml: what is no family's export") {
  struct Row {
    const char* name;
    std::string bytes;
    bool throws;  // otherwise nullopt
  };
  const Row rows[] = {
      {"plain text", "Referat fra mødet i Byrådet", true},
      {"empty", "", true},
      {"binary", std::string("\x00\x01\x02\x03", 4), true},
      {"HTML", "<html><body><h1>Dagsorden</h1></body></html>", false},
      {"unknown root", "<?xml version=\"1.0\"?><rss><channel><title>Nyheder</title></channel></rss>", false},
      {"eDoc root without items", "<Meeting><Committee>Byrådet</Committee></Meeting>", false},
      {"Acadre-like root of another table", "<root><table name=\"invoice\"><fields/></table></root>", false},
  };
  for (const auto& row : rows) {
    CAPTURE(row.name);
    if (row.throws) {
      CHECK_THROWS_AS(segment::xml_meetings(row.bytes, "doc.xml"), ParseError);
      try {
        segment::xml_meetings(row.bytes, "doc.xml");
      } catch (const ParseError& e) {
        CHECK(std::string(e.what()).starts_with("doc.xml: "));
      }
    } else {
      CHECK_FALSE(segment::xml_meetings(row.bytes, "doc.xml").has_value());
    }
  }
}

TEST_CASE("xml: recover mode reads what strict XML rejects") {
  // A form feed reference (invalid in XML 1.0), lone CRs and a cut-off end.
  const std::string bytes =
      "<Meeting>\r<Committee>Byrådet</Committee>\r\n<MeetingDate>01-02-2024 17:00:00</MeetingDate>"
      "<MeetingState>Dagsorden udsendt</MeetingState><MeetingAgendaTypes><MeetingAgendaType>"
      "<AgendaType>Åben dagsorden</AgendaType><MeetingAgendaItems><MeetingAgendaItem>"
      "<AgendaItemNumber>1</AgendaItemNumber><Document><Title>Budget</Title></Document>"
      "<FullText>1.\tBudget 2025&#xC;\r\rIndstilling\rBudgettet godkendes.</FullText>"
      "</MeetingAgendaItem></MeetingAgendaItems>";
  auto meetings = segment::xml_meetings(bytes, "cut.xml");
  REQUIRE(meetings.has_value());
  REQUIRE(meetings->size() == 1);
  const Meeting& m = meetings->front();
  CHECK(m.type == "dagsorden");
  CHECK(m.date == "2024-02-01");
  CHECK(m.time == "17:00");
  REQUIRE(m.items.size() == 1);
  CHECK(m.items[0].title == "Budget 2025");
  REQUIRE(m.items[0].parts.size() == 1);
  CHECK(m.items[0].parts[0].kind == "indstilling");
  CHECK(m.items[0].parts[0].text == "Budgettet godkendes.");
}

TEST_CASE("xml: lookups by local name") {
  auto doc = formats::xml::parse(
      "\xEF\xBB\xBF<a xmlns:x=\"urn:x\"><x:b n=\"1\">en</x:b><c><b n=\"2\">to<![CDATA[ <tre> ]]></b></c></a>");
  REQUIRE(doc);
  const xmlNode* root = formats::xml::root(doc);
  CHECK(formats::xml::local_name(root) == "a");
  CHECK(formats::xml::children(root, "b").size() == 1);
  CHECK(formats::xml::descendants(root, "b").size() == 2);
  CHECK(formats::xml::child_text(root, "b") == "en");
  CHECK(formats::xml::text(formats::xml::descendants(root, "b")[1]) == "to <tre> ");
  CHECK(formats::xml::attribute(formats::xml::descendant(root, "b"), "n") == "1");
  CHECK_FALSE(formats::xml::attribute(root, "n").has_value());
  CHECK(formats::xml::child(nullptr, "b") == nullptr);
  CHECK(formats::xml::text(nullptr).empty());
  CHECK_FALSE(formats::xml::parse("no markup at all"));
}

TEST_CASE("xml: export captions map to canonical part kinds") {
  struct Row {
    const char* heading;
    const char* kind;  // nullptr: no part heading
  };
  const Row rows[] = {
      {"Sammendrag", "resumé"},
      {"RESUME", "resumé"},
      {"PUNKTET BEHANDLET TIDLIGERE", "tidligere behandling"},
      {"ADMINISTRATIONENS INDSTILLING", "indstilling"},
      {"Økonomiske konsekvenser og finansiering", "økonomi"},
      {"ØKONOMISKE KONSEKVENSER", "økonomi"},
      {"Økonomi og organisatoriske konsekvenser", "økonomi"},
      {"Beslutningen træffes af", "kompetence"},
      {"SAGEN AFGØRES AF", "kompetence"},
      {"FORRETNINGSUDVALGETS BESLUTNING", "beslutning"},
      {"REGIONSRÅDETS BESLUTNING", "beslutning"},
      {"Sundheds- og Forebyggelsesudvalgets beslutning den 04.12.2012 Punkt 5", "beslutning"},
      {"Teknik- og Miljøudvalgets beslutning", "beslutning"},
      {"Beslutning i Udvalget for plan, udvikling og kultur (PUK) den 10-04-2013", "beslutning"},
      {"Byrådets beslutning er endelig", nullptr},
      {"Vi afventer regionsrådets beslutning den 3. maj", nullptr},
      {"Økonomien er presset, og der skal spares.", nullptr},
      {"Økonomi og Personale har ingen bemærkninger", nullptr},
      {"Borgernes beslutning", nullptr},
  };
  for (const auto& row : rows) {
    const std::string heading = row.heading;
    CAPTURE(heading);
    auto kind = segment::part_kind(heading);
    if (row.kind) {
      REQUIRE(kind.has_value());
      CHECK(*kind == row.kind);
    } else {
      CHECK_FALSE(kind.has_value());
    }
  }
}

// ---------------------------------------------------------------------------
// The real exports of ../shared/corpus/real, against tests/real/*.expected.json (the
// format tests/real/check_real.py reads; here through the library, without the CLI).

namespace {

const fs::path kReal = fs::path(REFERAT_SHARED_DIR) / "corpus" / "real";

std::vector<Meeting> real_meetings(const std::string& name) {
  auto meetings = segment::xml_meetings(segment::read_document(kReal / name), name);
  REQUIRE(meetings.has_value());
  return *meetings;
}

std::string flat(const nlohmann::json& v) {
  if (!v.is_string()) return v.dump();
  std::string out;
  for (char c : v.get<std::string>()) {
    bool space = c == ' ' || c == '\t' || c == '\n';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

TEST_CASE("xml: real exports read as a careful reader sees them" *
          doctest::skip(!fs::exists(fs::path(REFERAT_SHARED_DIR) / "corpus" / "real"))) {
  const char* files[] = {
      "ballerup-sundheds-og-forebyggelsesudvalget-2012-12-04-referat.xml",
      "ballerup-kmb-it-udvalget-2013-05-15-dagsorden.xml",
      "region-hovedstaden-forretningsudvalget-2012-09-25-dagsorden.xml",
      "syddjurs-udvalget-for-plan-udvikling-og-kultur-2013-06-20-referat.xml",
  };
  for (const char* name : files) {
    CAPTURE(name);
    std::ifstream in(fs::path(REFERAT_SOURCE_DIR) / "tests" / "real" / (std::string(name) + ".expected.json"));
    REQUIRE(in);
    const auto want = nlohmann::json::parse(in);
    const auto got = nlohmann::json::parse(to_json(real_meetings(name)));
    REQUIRE(got.size() == want.size());
    for (std::size_t k = 0; k < want.size(); ++k) {
      for (const char* key : {"body", "type", "date", "time", "location"}) {
        CAPTURE(key);
        if (want[k].contains(key)) CHECK(flat(got[k].value(key, nlohmann::json())) == flat(want[k][key]));
      }
      const auto& items = got[k]["items"];
      REQUIRE(items.size() == want[k]["items"].size());
      for (std::size_t i = 0; i < items.size(); ++i) {
        const auto& w = want[k]["items"][i];
        CAPTURE(w["number"]);
        for (const auto& [key, value] : w.items()) {
          CAPTURE(key);
          CHECK(flat(items[i].value(key, nlohmann::json())) == flat(value));
        }
      }
    }
  }
}

TEST_CASE("xml: real exports keep attachments, parts and privacy apart" *
          doctest::skip(!fs::exists(fs::path(REFERAT_SHARED_DIR) / "corpus" / "real"))) {
  SUBCASE("eDoc: a hit in a bilag says so") {
    const Meeting m = real_meetings("ballerup-sundheds-og-forebyggelsesudvalget-2012-12-04-referat.xml").at(0);
    REQUIRE(m.items.size() == 8);
    const Item& five = m.items[4];
    CHECK(five.attachments == std::vector<std::string>{"KL's proces vedrørende det nære sundhedsvæsen",
                                                       "Det nære sundhedsvæsen - KL"});
    const Part* report = part_of(five, "bilag", "Det nære sundhedsvæsen - KL");
    REQUIRE(report);
    CHECK(report->text.size() > 100000);  // the 3 MB report's text
    CHECK(part_of(five, "sagsfremstilling"));
    CHECK(part_of(five, "beslutning"));
    CHECK(m.participants.size() == 7);
    check_no_private_text(m);
  }
  SUBCASE("SBSYS Draft: capitals captions, placeholders dropped") {
    const Meeting m = real_meetings("region-hovedstaden-forretningsudvalget-2012-09-25-dagsorden.xml").at(0);
    REQUIRE(m.items.size() == 4);
    for (const Item& item : m.items)
      for (const Part& part : item.parts) CHECK(part.text != "Tomt indhold");
    CHECK(part_of(m.items[0], "beslutning", "FORRETNINGSUDVALGETS BESLUTNING"));
    CHECK_FALSE(part_of(m.items[2], "beslutning"));  // both decisions "Tomt indhold"
    CHECK(m.items[0].attachments.size() == 6);
    check_no_private_text(m);
  }
  SUBCASE("SBSYS Final: members without their e-mail addresses") {
    const Meeting m = real_meetings("ballerup-kmb-it-udvalget-2013-05-15-dagsorden.xml").at(0);
    CHECK(m.participants.size() == 11);
    CHECK(kinds(m.items[1]).front() == "tidligere behandling");
    check_no_private_text(m);
  }
  SUBCASE("Acadre: attachments with their document numbers") {
    const Meeting m = real_meetings("syddjurs-udvalget-for-plan-udvikling-og-kultur-2013-06-20-referat.xml").at(0);
    REQUIRE(m.items.size() == 1);
    CHECK(m.items[0].attachments.size() == 3);
    const Part* bilag = part_of(m.items[0], "bilag");
    REQUIRE(bilag);
    CHECK(bilag->text.find("222359/12") != std::string::npos);
    CHECK(m.participants.size() == 5);
    check_no_private_text(m);
  }
}
