// SPDX-License-Identifier: GPL-3.0-or-later
//
// One meeting read from two files of different formats (minutes as a PDF and as an
// XML export): merged into one meeting in the index, and merged again from the other
// file when one is removed or re-indexed.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "referat/referat.h"
#include "segment/merge.h"

namespace fs = std::filesystem;
using namespace referat;

namespace {

struct Scratch {
  fs::path path = fs::temp_directory_path() / ("referat-merge-" + std::to_string(::getpid()) + "-" +
                                               std::to_string(next()++));
  Scratch() { fs::create_directories(path); }
  ~Scratch() { fs::remove_all(path); }
  static int& next() {
    static int n = 0;
    return n;
  }
};

Item item(std::string number, std::string title, std::string text) {
  Item i;
  i.number = std::move(number);
  i.title = std::move(title);
  i.parts.push_back(Part{"beslutning", "Beslutning", std::move(text)});
  return i;
}

Meeting version(const fs::path& source, std::string format) {
  std::ofstream(source) << "(a file, so that the index sees the source exists)\n";
  Meeting m;
  m.source = source.string();
  m.format = std::move(format);
  m.body = "Havnekøbing Teknik- og Miljøudvalg";
  m.type = "referat";
  m.date = "2024-03-12";
  return m;
}

// The PDF: pages, no case numbers, item 3 its text layer lost.
Meeting pdf(const fs::path& dir) {
  Meeting m = version(dir / "tmu.pdf", "pdf");
  m.items = {item("1", "Godkendelse af dagsorden", "Godkendt."), item("2", "Ny cykelsti langs fjorden", "Anbefalet.")};
  m.items[0].page = 2;
  m.items[1].page = 3;
  m.items[1].last_page = 5;
  return m;
}

// The XML export: structure and case numbers, item 3 too, no pages.
Meeting xml(const fs::path& dir) {
  Meeting m = version(dir / "tmu.xml", "xml");
  m.items = {item("1", "Godkendelse af dagsorden", "Godkendt."),
             item("2", "Ny cykelsti langs fjorden", "Anbefalet med tilføjelse om belysning."),
             item("3", "Vintertjeneste på havnearealerne", "Taget til efterretning.")};
  m.items[1].case_number = "24/01877";
  return m;
}

}  // namespace

TEST_CASE("merge_versions: structure from the XML, pages from the PDF, nothing lost") {
  Scratch dir;
  Meeting p = pdf(dir.path), x = xml(dir.path);
  p.items.push_back(item("4", "Eventuelt", "Intet."));  // only in the PDF: kept
  Meeting m = segment::merge_versions({p, x});
  CHECK(m.source == x.source);
  CHECK(m.sources == std::vector<std::string>{x.source, p.source});
  REQUIRE(m.items.size() == 4);
  CHECK(m.items[1].case_number == "24/01877");
  CHECK(m.items[1].page == 3);
  CHECK(m.items[1].last_page == 5);
  CHECK(m.items[1].parts[0].text == "Anbefalet med tilføjelse om belysning.");
  CHECK_FALSE(m.items[2].page);
  CHECK(m.items[3].number == "4");
  CHECK(segment::merge_versions({x}).sources.empty());
}

TEST_CASE("a meeting as PDF and as XML is one meeting; removing either merges again") {
  for (unsigned shards : {1u, 3u}) {
    CAPTURE(shards);
    Scratch dir;
    Index index(dir.path / "idx", Index::Mode::read_write, {}, shards);
    const Meeting p = pdf(dir.path), x = xml(dir.path);
    index.add(p);
    index.add(x);
    index.commit();
    const std::string id = meeting_id(x) + "/2";
    auto stored = index.get(id);
    REQUIRE(stored);
    CHECK(stored->meeting.source == x.source);
    CHECK(stored->meeting.sources == std::vector<std::string>{x.source, p.source});
    CHECK(stored->item.page == 3);
    CHECK(stored->item.case_number == "24/01877");
    CHECK(index.size() == 3);
    SearchOptions o;
    o.query = "belysning";
    CHECK(index.search(o).total == 1);

    // The PDF goes: the XML's meeting stays, without pages.
    CHECK(index.remove(p.source) == 3);
    stored = index.get(id);
    REQUIRE(stored);
    CHECK(stored->meeting.sources.empty());
    CHECK_FALSE(stored->item.page);
    CHECK(index.size() == 3);

    // Both again, then the XML goes: the PDF's own version, item 3 gone with the XML.
    index.add(p);
    CHECK(index.get(id)->item.page == 3);
    CHECK(index.remove(x.source) == 3);
    stored = index.get(id);
    REQUIRE(stored);
    CHECK(stored->meeting.source == p.source);
    CHECK_FALSE(stored->item.case_number);
    CHECK(index.size() == 2);
    o.query = "belysning";
    CHECK(index.search(o).total == 0);

    // Re-indexing one source of a merged meeting keeps the other's contribution.
    index.add(x);
    index.add(x);
    CHECK(index.get(id)->item.page == 3);
    CHECK(index.size() == 3);

    // Two files of the same format naming one meeting: refused, nothing written.
    Meeting copy = version(dir.path / "tmu-kopi.xml", "xml");
    copy.items = {item("1", "Noget andet", "Ikke dette.")};
    CHECK_THROWS_AS(index.add(copy), ParseError);
    CHECK(index.get(meeting_id(x) + "/1")->item.title == "Godkendelse af dagsorden");
  }
}

namespace {

Meeting tmu(std::string type, std::vector<Item> items) {
  Meeting m;
  m.source = "https://havnekoebing.example/tmu-2024-05-08-" + type;
  m.format = "html";
  m.body = "Havnekøbing Teknik- og Miljøudvalg";
  m.type = std::move(type);
  m.date = "2024-05-08";
  m.items = std::move(items);
  return m;
}

}  // namespace

TEST_CASE("an item's agenda and minutes are one result, the minutes shown") {
  Scratch dir;
  Index index(dir.path / "idx", Index::Mode::read_write, {}, 2);
  Meeting agenda = tmu("dagsorden", {item("4", "Havnebad ved Nordmolen", "Forvaltningen foreslår udvalget et havnebad."),
                                     item("5", "Eventuelt", "Udvalget drøfter løst og fast.")});
  agenda.items[0].parts.push_back(Part{"sagsfremstilling", "Sagsfremstilling", "Vandkvaliteten er målt i 2023."});
  Meeting minutes = tmu("referat", {item("4", "Havnebad ved Nordmolen", "Udvalget godkendte indstillingen."),
                                    item("5", "Eventuelt", "Udvalget drøftede løst og fast.")});
  index.add(agenda);
  index.add(minutes);
  index.commit();
  const std::string a4 = meeting_id(agenda) + "/4", r4 = meeting_id(minutes) + "/4";
  SearchOptions o;
  SUBCASE("a word only in the agenda finds the item, shown as the minutes") {
    o.query = "vandkvaliteten";
    SearchResults r = index.search(o);
    REQUIRE(r.hits.size() == 1);
    CHECK(r.hits[0].id == r4);
    CHECK(r.hits[0].type == "referat");
    CHECK(r.hits[0].other_versions == std::vector<std::string>{a4});
    CHECK(r.hits[0].snippet.find("Vandkvaliteten") != std::string::npos);  // from the agenda's text
    o.all_versions = true;
    r = index.search(o);
    REQUIRE(r.hits.size() == 1);
    CHECK(r.hits[0].id == a4);
    CHECK(r.hits[0].other_versions.empty());
  }
  SUBCASE("words in both: one result per item; all_versions gives both") {
    o.query = "udvalget";
    SearchResults r = index.search(o);
    REQUIRE(r.hits.size() == 2);
    for (const auto& h : r.hits) {
      CHECK(h.type == "referat");
      CHECK(h.other_versions.size() == 1);
    }
    o.all_versions = true;
    CHECK(index.search(o).hits.size() == 4);
  }
  SUBCASE("a word only in the minutes: the minutes, the agenda named") {
    o.query = "godkendte";
    SearchResults r = index.search(o);
    REQUIRE(r.hits.size() == 1);
    CHECK(r.hits[0].id == r4);
    CHECK(r.hits[0].other_versions == std::vector<std::string>{a4});
  }
  SUBCASE("type:dagsorden: the agenda itself") {
    o.query = "vandkvaliteten type:dagsorden";
    SearchResults r = index.search(o);
    REQUIRE(r.hits.size() == 1);
    CHECK(r.hits[0].id == a4);
  }
}

TEST_CASE("with facets, the count of folded items is exact") {
  // Xapian counts collapsed matches only approximately (it forgets the keys of matches
  // that leave the top of the ranking: on the 10k benchmark corpus '"pigs og"' gave 10,
  // flagged as an estimate, for 5 items); with facets every match is seen, so referat
  // counts the items exactly. (At this size Xapian's own count happens to be exact too.)
  Scratch dir;
  Index index(dir.path / "idx", Index::Mode::read_write, {}, 2);
  std::vector<Item> agenda_items, minutes_items;
  for (int n = 1; n <= 40; ++n) {
    const std::string words(static_cast<std::size_t>(n % 7 + 1), 'x');  // scores differ
    agenda_items.push_back(item(std::to_string(n), "Punkt " + std::to_string(n),
                                "Udvalget drøfter sagen. " + words));
    minutes_items.push_back(item(std::to_string(n), "Punkt " + std::to_string(n),
                                 n % 2 ? "Udvalget drøfter sagen. " + words + " Godkendt." : "Godkendt."));
  }
  index.add(tmu("dagsorden", agenda_items));
  index.add(tmu("referat", minutes_items));
  index.commit();
  SearchOptions o;
  o.limit = 1;
  o.facets = true;
  for (const char* phrase : {"\"udvalget drøfter\"", "\"drøfter sagen\""}) {
    o.query = phrase;
    CAPTURE(o.query);
    SearchResults r = index.search(o);
    CHECK(r.total == 40);
    CHECK_FALSE(r.total_is_estimate);
  }
  o.query = "udvalget";
  SearchResults r = index.search(o);
  CHECK(r.total == 40);
  CHECK_FALSE(r.total_is_estimate);
  REQUIRE(r.hits.size() == 1);
  CHECK(r.hits[0].type == "referat");
  // The facets still count both versions (documented in search.h).
  std::size_t typed = 0;
  for (const auto& [value, count] : r.facets["type"]) typed += count;
  CHECK(typed == 60);
  o.all_versions = true;
  r = index.search(o);
  CHECK(r.total == 60);
  CHECK_FALSE(r.total_is_estimate);
  o.all_versions = false;
  o.offset = 39;
  r = index.search(o);
  CHECK(r.total == 40);
  CHECK(r.hits.size() == 1);
}
