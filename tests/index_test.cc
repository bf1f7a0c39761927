// SPDX-License-Identifier: GPL-3.0-or-later
//
// Indexing and searching through the public API, as an embedder would.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include <xapian.h>

#include "index/index_impl.h"
#include "index/sources.h"
#include "referat/referat.h"

namespace fs = std::filesystem;
using namespace referat;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("referat-test-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(counter()++));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  static int& counter() {
    static int n = 0;
    return n;
  }
};

void write(const fs::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

std::vector<std::string> ids(const SearchResults& r) {
  std::vector<std::string> out;
  for (const auto& h : r.hits) out.push_back(h.id);
  return out;
}

SearchResults run(const Index& index, const std::string& q, SortOrder sort = SortOrder::relevance,
                  std::size_t limit = 100) {
  SearchOptions o;
  o.query = q;
  o.sort = sort;
  o.limit = limit;
  return index.search(o);
}

// A wildcard over a sharded index and over one database (README, "Several indexes as
// one"): the same matches and count, but not always the same scores or order, as
// Xapian 1.4 estimates how common the expanded words are together shard by shard, from
// the words each shard has ("havn*" over the samples differs by up to 6 %).
void same_wildcard_matches(const Index& a, const Index& b, const std::string& q) {
  CAPTURE(q);
  SearchResults x = run(a, q, SortOrder::relevance, 1000), y = run(b, q, SortOrder::relevance, 1000);
  CHECK(x.total == y.total);
  std::vector<std::string> xs = ids(x), ys = ids(y);
  CHECK(xs.size() > 10);
  std::sort(xs.begin(), xs.end());
  std::sort(ys.begin(), ys.end());
  CHECK(xs == ys);
  // Sorted by date, scores play no part: the same page.
  CHECK(ids(run(a, q, SortOrder::date, 10)) == ids(run(b, q, SortOrder::date, 10)));
}

const char* kMeeting = R"(# Prøvestrup Byråd

## Referat

**Dato:** 12. januar 2023, kl. 16.00

## Punkt 1: Skybrudssikring af bymidten

**Sagsnr.:** 23/00001

### Sagsfremstilling

Kort om projektet.

## Punkt 2: Budgetopfølgning

**Sagsnr.:** 23/00002

### Sagsfremstilling

Budgettet følges op hvert kvartal. Der er mange poster om drift, anlæg, personale, bygninger,
veje, parker, skoler, daginstitutioner og ældrepleje. Der er også en bemærkning om
skybrudssikring i et bilag, men det er ikke hovedsagen. Budgettet er i balance.

## Punkt 3: Eventuelt

### Beslutning

Intet.
)";

}  // namespace

TEST_CASE("indexing is idempotent and a changed file leaves no stale items") {
  unsigned shards = 1;
  SUBCASE("one database") { shards = 1; }
  SUBCASE("five shards") { shards = 5; }  // the date change below moves the meeting's shard
  TempDir dir;
  fs::path doc = dir.path / "proevestrup.md";
  write(doc, kMeeting);
  Index index(dir.path / "idx", Index::Mode::read_write, {}, shards);
  IndexSummary first = index_paths(index, {doc});
  CHECK(first.meetings == 1);
  CHECK(first.added == 3);
  CHECK(index.size() == 3);
  IndexSummary again = index_paths(index, {doc});
  CHECK(again.files_unchanged == 1);  // not even read (see "re-indexing a folder ..." below)
  CHECK(again.added == 0);
  CHECK(again.replaced == 0);
  IndexOptions force;
  force.force = true;
  again = index_paths(index, {doc}, force);
  CHECK(again.files_changed == 1);
  CHECK(again.added == 0);
  CHECK(again.replaced == 3);
  CHECK(index.size() == 3);

  // Item 3 is dropped from the document: re-indexing removes it.
  std::string shorter = kMeeting;
  shorter = shorter.substr(0, shorter.find("## Punkt 3"));
  write(doc, shorter);
  IndexSummary changed = index_paths(index, {doc});
  CHECK(changed.removed == 1);
  CHECK(index.size() == 2);
  CHECK_FALSE(index.get("proevestrup-byraad/2023-01-12/referat/3").has_value());
  REQUIRE(index.get("proevestrup-byraad/2023-01-12/referat/1").has_value());
  CHECK(index.get("proevestrup-byraad/2023-01-12/referat/1")->item.title == "Skybrudssikring af bymidten");

  // The meeting date changes: the old meeting's items go with the source.
  std::string moved = shorter;
  moved.replace(moved.find("12. januar"), 10, "19. januar");
  write(doc, moved);
  index_paths(index, {doc});
  CHECK(index.size() == 2);
  CHECK(index.get("proevestrup-byraad/2023-01-19/referat/2").has_value());
  CHECK_FALSE(index.get("proevestrup-byraad/2023-01-12/referat/2").has_value());

  CHECK(index.remove("proevestrup-byraad/2023-01-19/referat") == 2);
  CHECK(index.size() == 0);
  CHECK(index.remove("proevestrup-byraad/2023-01-19/referat") == 0);
}

TEST_CASE("a title hit outranks the same word deep in a sagsfremstilling") {
  TempDir dir;
  write(dir.path / "p.md", kMeeting);
  Index index(dir.path / "idx", Index::Mode::read_write);
  index_paths(index, {dir.path / "p.md"});
  auto r = run(index, "skybrudssikring");
  REQUIRE(r.hits.size() == 2);
  CHECK(r.hits[0].item == "1");
  CHECK(r.hits[0].matched_parts == std::vector<std::string>{"title"});
  CHECK(r.hits[1].item == "2");
  CHECK(r.hits[1].matched_parts == std::vector<std::string>{"sagsfremstilling"});
  // The snippet marks the matched word.
  const auto& hit = r.hits[1];
  REQUIRE_FALSE(hit.highlights.empty());
  CHECK(hit.snippet.find("skybrudssikring") != std::string::npos);
}

TEST_CASE("index errors name the index and say what to do") {
  TempDir dir;
  CHECK_THROWS_AS(Index(dir.path / "missing", Index::Mode::read_only), IndexError);
  write(dir.path / "notes.txt", "not an index");
  CHECK_THROWS_AS(Index(dir.path, Index::Mode::read_only), IndexError);
  CHECK_THROWS_AS(Index(dir.path, Index::Mode::read_write), IndexError);

  Index writer(dir.path / "idx", Index::Mode::read_write);
  try {
    Index second(dir.path / "idx", Index::Mode::read_write);
    FAIL_CHECK("a second writer opened the index");
  } catch (const IndexError& e) {
    CHECK(std::string(e.what()).find("locked") != std::string::npos);
  }
  // Readers may open while a writer holds the lock.
  Index reader(dir.path / "idx", Index::Mode::read_only);
  CHECK(reader.size() == 0);
}

TEST_CASE("a second writer can wait for the lock") {
  TempDir dir;
  auto first = std::make_unique<Index>(dir.path / "idx", Index::Mode::read_write);
  std::atomic<bool> releasing = false;
  std::thread closer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    releasing = true;
    first.reset();  // releases the lock
  });
  Index second(dir.path / "idx", Index::Mode::read_write, std::chrono::seconds(10));
  CHECK(releasing);  // it opened because the first writer let go, not before
  closer.join();
  // Without waiting, or after the wait runs out, the lock is an error at once.
  CHECK_THROWS_AS(Index(dir.path / "idx", Index::Mode::read_write), IndexError);
  CHECK_THROWS_AS(Index(dir.path / "idx", Index::Mode::read_write, std::chrono::milliseconds(200)), IndexError);
}

TEST_CASE("the reference documents (../shared) answer the issue's checks" *
          doctest::skip(!fs::exists(fs::path(REFERAT_SHARED_DIR) / "corpus" /
                                    "kkr-midtjylland-2023-06-21-referat.md"))) {
  const fs::path corpus = fs::path(REFERAT_SHARED_DIR) / "corpus";
  TempDir dir;
  Index index(dir.path / "idx", Index::Mode::read_write);
  index_paths(index, {corpus / "kkr-midtjylland-2023-06-21-referat.md",
                      corpus / "kkr-midtjylland-2024-06-18-dagsorden.txt"});
  CHECK(index.size() == 23);  // 12 items in the 2023 minutes, 11 in the 2024 agenda

  auto by_case = run(index, "sag:SAG-2024-01875");
  CHECK(by_case.total == 9);
  CHECK_FALSE(by_case.total_is_estimate);
  for (const auto& h : by_case.hits) {
    CHECK(h.case_number.value_or("") == "SAG-2024-01875");
    CHECK(h.date == "2024-06-18");
    CHECK(h.type == "dagsorden");
  }

  auto in_2023 = run(index, "dato:2023");
  CHECK(in_2023.total == 12);
  for (const auto& h : in_2023.hits) CHECK(h.date.starts_with("2023"));

  // Phrases with §.
  auto para = run(index, "\"integrationslovens § 8, stk. 1\"");
  CHECK(para.total == 2);
  auto para6 = run(index, "\"særlovens § 30, stk. 3-4\"");
  REQUIRE(para6.total == 1);
  CHECK(para6.hits[0].id == "kkr-midtjylland/2023-06-21/referat/3.6");

  // A case number typed as a word ranks the items carrying it first.
  auto word = run(index, "SAG-2023-02073 velfærdsteknologi");
  REQUIRE_FALSE(word.hits.empty());
  CHECK(word.hits[0].id == "kkr-midtjylland/2023-06-21/referat/3.2");

  // Newest first.
  auto newest = run(index, "flygtninge", SortOrder::date);
  REQUIRE(newest.hits.size() >= 2);
  CHECK(newest.hits.front().date == "2024-06-18");
  CHECK(newest.hits.back().date == "2023-06-21");

  // A title hit outranks the word deep in a sagsfremstilling.
  auto title = run(index, "landstallet");
  REQUIRE(title.hits.size() >= 2);
  CHECK(std::string(title.hits[0].title).find("Landstallet") == 0);
  CHECK(std::string(title.hits[1].title).find("Landstallet") == 0);

  // Paging never overlaps: ties are broken by id.
  auto all = run(index, "kkr", SortOrder::relevance, 100);
  std::set<std::string> seen;
  for (std::size_t offset = 0; offset < all.total; offset += 5) {
    SearchOptions o;
    o.query = "kkr";
    o.offset = offset;
    o.limit = 5;
    for (const auto& id : ids(index.search(o))) CHECK(seen.insert(id).second);
  }
  CHECK(seen.size() == all.total);

  auto stats = index.stats();
  CHECK(stats.meetings == 2);
  CHECK(stats.bodies.at("KKR Midtjylland") == 23);
  CHECK(stats.types.at("referat") == 12);
  CHECK(stats.years.at("2024") == 11);
}

TEST_CASE("an index of another schema version is refused") {
  TempDir dir;
  {
    Index index(dir.path / "idx", Index::Mode::read_write);
    write(dir.path / "p.md", kMeeting);
    index_paths(index, {dir.path / "p.md"});
  }
  {
    Xapian::WritableDatabase db((dir.path / "idx").string());
    db.set_metadata("referat.schema", "0");
    db.commit();
  }
  for (auto mode : {Index::Mode::read_only, Index::Mode::read_write}) {
    try {
      Index index(dir.path / "idx", mode);
      FAIL_CHECK("opened an index of schema 0");
    } catch (const IndexError& e) {
      CHECK(std::string(e.what()).find("schema version '0'") != std::string::npos);
    }
  }
}

TEST_CASE("a reader sees the writer's commits after reopen, a cancelled run commits what it did") {
  TempDir dir;
  fs::create_directories(dir.path / "docs");
  const int kFiles = 120;  // more than the writers are handed at once
  for (int d = 1; d <= kFiles; ++d) {
    std::string text = kMeeting;
    text.replace(text.find("12. januar 2023"), 15, std::to_string(1 + d % 28) + ". januar " + std::to_string(1900 + d));
    write(dir.path / "docs" / ("m" + std::to_string(1000 + d) + ".md"), text);
  }
  Index writer(dir.path / "idx", Index::Mode::read_write, {}, 2);
  writer.commit();
  Index reader(dir.path / "idx", Index::Mode::read_only);
  IndexOptions options;
  std::size_t calls = 0;
  options.progress = [&](const IndexProgress& p) {
    ++calls;
    CHECK(p.files_done == calls);
    CHECK(p.files_total == kFiles);
  };
  options.cancel = [&] { return calls >= 1; };  // stop once the first file is done
  options.jobs = 2;
  IndexSummary s = index_paths(writer, {dir.path / "docs"}, options);
  CHECK(s.cancelled);
  CHECK(s.meetings >= 1);
  CHECK(s.meetings < kFiles);  // the files already handed to the writers, no more
  CHECK(s.files == s.meetings);
  CHECK(reader.size() == 0);  // the snapshot it opened
  reader.reopen();
  CHECK(reader.size() == s.added);  // all of what it reports, committed
  CHECK(run(reader, "budgettet").total == s.meetings);
  // A second run completes the index.
  IndexSummary rest = index_paths(writer, {dir.path / "docs"});
  CHECK_FALSE(rest.cancelled);
  CHECK(rest.files_unchanged == s.files);  // the cancelled run's files were stamped
  CHECK(rest.files_new == kFiles - s.files);
  CHECK(rest.replaced == 0);
  reader.reopen();
  CHECK(reader.size() == 3 * kFiles);
}

TEST_CASE("two documents never overwrite each other's items") {
  unsigned shards = 1;
  SUBCASE("one database") { shards = 1; }
  SUBCASE("three shards") { shards = 3; }
  TempDir dir;
  fs::create_directories(dir.path / "docs");
  const std::string same = "Referat\n\nUdvalg: Økonomiudvalget\nDato: 3. maj 2023\n\n1. Godkendelse\n\nBeslutning: Godkendt.\n";
  write(dir.path / "docs" / "a.txt", same);
  write(dir.path / "docs" / "b.txt", same + "\n2. Affaldsplan\n\nBeslutning: Vedtaget.\n");
  // Undated documents of one body, and a body name too long for a Xapian term.
  const std::string undated = "Referat\n\nUdvalg: Økonomiudvalget\n\n1. Punkt\n\nBeslutning: ";
  write(dir.path / "docs" / "c.txt", undated + "Skolestruktur.\n");
  write(dir.path / "docs" / "d.txt", undated + "Vandtakster.\n");
  write(dir.path / "docs" / "e.txt", "Referat\n\nUdvalg: " + std::string(300, 'x') +
                                         "\nDato: 4. maj 2023\n\n1. Punkt\n\nBeslutning: Ok.\n");
  Index index(dir.path / "idx", Index::Mode::read_write, {}, shards);
  IndexSummary s = index_paths(index, {dir.path / "docs"});
  REQUIRE(s.failed.size() == 1);
  CHECK(s.failed[0].path == (dir.path / "docs" / "b.txt").string());
  CHECK(s.failed[0].message.find("already indexed from") != std::string::npos);
  CHECK(s.meetings == 4);
  // b.txt wrote nothing: a failure, not also a new file.
  CHECK(s.files == 5);
  CHECK(s.files_new == 4);
  CHECK(run(index, "skolestruktur").total == 1);
  CHECK(run(index, "vandtakster").total == 1);
  CHECK(index.size() == 4);
  // The first document moves away: its meeting may now come from the other file.
  fs::remove(dir.path / "docs" / "a.txt");
  s = index_paths(index, {dir.path / "docs" / "b.txt"});
  CHECK(s.failed.empty());
  CHECK(run(index, "affaldsplan").total == 1);
}

namespace {

const char* kAnalysisMeeting = R"(# Prøvestrup Byråd

## Referat

**Dato:** 2. februar 2023, kl. 16.00

## Punkt 1: Cybersikkerhed i kommunen

### Sagsfremstilling

Kommunens cybersikkerhed skal styrkes, og KL anbefaler en fælles model.

## Punkt 2: Sikkerhed på skolevejene

### Sagsfremstilling

Sikkerhed for børn på vej til skole. Mødet starter kl. 17.00 ved skolen.

## Punkt 3: Samarbejde med Aarhus om affaldsforbrænding

### Sagsfremstilling

Aftale med Aarhus om affaldsforbrænding fra 2025 efter serviceloven § 8, stk. 1.

## Punkt 4: Velfærdsteknologi

### Sagsfremstilling

Velfærdsteknologi i hjemmeplejen, ØA24 og det ekstraordinære ramme-

løftet til anlæg.
)";

std::string highlighted(const SearchHit& h) {
  std::string out;
  // Highlights are code point offsets: walk the snippet by code points.
  std::vector<std::size_t> at;  // byte offset of each code point
  for (std::size_t i = 0; i < h.snippet.size(); ++i)
    if ((static_cast<unsigned char>(h.snippet[i]) & 0xC0) != 0x80) at.push_back(i);
  at.push_back(h.snippet.size());
  for (const auto& hl : h.highlights) {
    if (!out.empty()) out += "|";
    out += h.snippet.substr(at[hl.start], at[hl.end] - at[hl.start]);
  }
  return out;
}

}  // namespace

TEST_CASE("Danish analysis end to end: compounds, acronyms, variants, specials, suggestions") {
  TempDir dir;
  write(dir.path / "a.md", kAnalysisMeeting);
  Index index(dir.path / "idx", Index::Mode::read_write);
  index_paths(index, {dir.path / "a.md"});
  auto items = [&](const std::string& q) {
    std::vector<std::string> out;
    for (const auto& h : run(index, q).hits) out.push_back(h.item);
    return out;
  };
  // A part of a compound finds the compound; the whole word ranks first.
  CHECK(items("sikkerhed") == std::vector<std::string>{"2", "1"});
  CHECK(items("cybersikkerhed") == std::vector<std::string>{"1"});
  CHECK(items("teknologi") == std::vector<std::string>{"4"});
  CHECK(items("forbrænding af affald") == std::vector<std::string>{"3"});
  CHECK(items("\"forbrænding af affald\"").empty());  // quotes: exact words only
  // KL the organisation is not kl. the clock; lower case "kl" finds both.
  CHECK(items("KL") == std::vector<std::string>{"1"});
  std::vector<std::string> kl = items("kl");
  std::sort(kl.begin(), kl.end());
  CHECK(kl == std::vector<std::string>{"1", "2"});
  CHECK(items("Århus") == std::vector<std::string>{"3"});
  CHECK(items("§ 8") == std::vector<std::string>{"3"});
  CHECK(items("§ 8, stk. 1") == std::vector<std::string>{"3"});
  CHECK(items("§ 8, stk. 2").empty());
  CHECK(items("Økonomiaftalen 2024") == std::vector<std::string>{"4"});
  CHECK(items("ØA 24") == std::vector<std::string>{"4"});
  CHECK(items("rammeløftet") == std::vector<std::string>{"4"});

  // Highlights mark what the analysis matched.
  auto r = run(index, "sikkerhed");
  REQUIRE(r.hits.size() == 2);
  CHECK(highlighted(r.hits[1]).find("cybersikkerhed") != std::string::npos);
  r = run(index, "Århus");
  REQUIRE(r.hits.size() == 1);
  CHECK(highlighted(r.hits[0]) == "Aarhus");

  // "Did you mean", never applied silently.
  r = run(index, "velfærdsteknlogi");
  CHECK(r.hits.empty());
  REQUIRE(r.corrected.has_value());
  CHECK(*r.corrected == "velfærdsteknologi");
  CHECK_FALSE(run(index, "velfærdsteknologi").corrected.has_value());

  // No item has all the words: the items with some of them, flagged.
  r = run(index, "hvad koster cybersikkerhed");
  CHECK(r.relaxed);
  REQUIRE_FALSE(r.hits.empty());
  CHECK(r.hits[0].item == "1");
  CHECK_FALSE(run(index, "cybersikkerhed kommunen").relaxed);
}

TEST_CASE("CPR numbers are neither searchable nor stored") {
  TempDir dir;
  write(dir.path / "cpr.md",
        "# Prøveby Byråd\n\n## Referat\n\n**Dato:** 2. februar 2023\n\n## Punkt 1: Klage over afgørelse\n\n"
        "### Sagsfremstilling\n\nBorgeren (010190-1234) og 3112851234 klager over afgørelsen.\n");
  Index index(dir.path / "idx", Index::Mode::read_write);
  index_paths(index, {dir.path / "cpr.md"});
  CHECK(run(index, "klager").hits.size() == 1);
  for (const char* q : {"010190-1234", "010190", "1234", "3112851234", "\"010190 1234\""}) {
    CAPTURE(q);
    CHECK(run(index, q).hits.empty());
  }
  auto stored = index.get("proeveby-byraad/2023-02-02/referat/1");
  REQUIRE(stored.has_value());
  CHECK(stored->item.parts.at(0).text.find("XXXXXX-XXXX") != std::string::npos);
  CHECK(stored->item.parts.at(0).text.find("0101") == std::string::npos);
  auto r = run(index, "klager");
  CHECK(r.hits.at(0).snippet.find("0101") == std::string::npos);
}

TEST_CASE("a closed item (Lukket punkt) is searchable by its title only") {
  TempDir dir;
  write(dir.path / "lukket.md",
        "# Prøveby Byråd\n\n## Referat\n\n**Dato:** 3. marts 2023\n\n"
        "## Punkt 1: Lukket punkt: Salg af byggegrund\n\n### Sagsfremstilling\n\n"
        "Køberen er Tømrerfirmaet Vestergaard, prisen 2,1 mio. kr.\n\n"
        "## Punkt 2: Budget\n\n### Sagsfremstilling\n\nBudgettet er i balance.\n");
  auto meetings = parse_file(dir.path / "lukket.md");
  REQUIRE(meetings.at(0).items.size() == 2);
  CHECK(meetings[0].items[0].closed);
  CHECK_FALSE(meetings[0].items[1].closed);
  Index index(dir.path / "idx", Index::Mode::read_write);
  index_paths(index, {dir.path / "lukket.md"});
  CHECK(run(index, "byggegrund").hits.size() == 1);
  CHECK(run(index, "Vestergaard").hits.empty());
  CHECK(run(index, "\"2,1 mio. kr.\"").hits.empty());
  CHECK(run(index, "budgettet").hits.size() == 1);
}

TEST_CASE("a sharded index answers exactly as one database") {
  TempDir dir;
  const fs::path samples = fs::path(REFERAT_SOURCE_DIR) / "samples";
  IndexSummary one_summary, sharded_summary;
  {
    Index one(dir.path / "one", Index::Mode::read_write);
    one_summary = index_paths(one, {samples});
    Index sharded(dir.path / "sharded", Index::Mode::read_write, {}, 3);
    IndexOptions options;
    options.jobs = 2;
    options.commit_every = 7;  // many commits per shard
    sharded_summary = index_paths(sharded, {samples}, options);
  }
  CHECK(sharded_summary.added == one_summary.added);
  CHECK(sharded_summary.meetings == one_summary.meetings);
  CHECK(sharded_summary.warnings.size() == one_summary.warnings.size());
  // The layout: Xapian's stub file naming the shards, each a database.
  CHECK(fs::exists(dir.path / "sharded" / "XAPIANDB"));
  for (int k = 0; k < 3; ++k) CHECK(fs::exists(dir.path / "sharded" / ("shard" + std::to_string(k)) / "iamglass"));
  Xapian::Database as_xapian((dir.path / "sharded").string());
  CHECK(as_xapian.get_doccount() == one_summary.added);

  Index one(dir.path / "one", Index::Mode::read_only);
  Index sharded(dir.path / "sharded", Index::Mode::read_only);
  CHECK(sharded.size() == one.size());
  IndexStats a = one.stats(), b = sharded.stats();
  CHECK(b.shards == 3);
  CHECK(a.shards == 1);
  CHECK(a.meetings == b.meetings);
  CHECK(a.bodies == b.bodies);
  CHECK(a.years == b.years);
  // Every shard holds some of the items (the samples have eleven meetings).
  for (int k = 0; k < 3; ++k)
    CHECK(Xapian::Database((dir.path / "sharded" / ("shard" + std::to_string(k))).string()).get_doccount() > 0);

  for (const char* q : {"budget", "skole OR ældre", "\"ældre borgere\"", "beslutning:godkendt", "sikkerhed",
                        "dato:2024..2025", "titel:affald", "kommunalbestyrlsen"}) {
    const std::string query = q;
    CAPTURE(query);
    for (SortOrder order : {SortOrder::relevance, SortOrder::date, SortOrder::oldest}) {
      SearchResults x = run(one, q, order), y = run(sharded, q, order);
      CAPTURE(static_cast<int>(order));
      CHECK(x.total == y.total);
      CHECK(ids(x) == ids(y));
      CHECK(x.corrected == y.corrected);
      REQUIRE(x.hits.size() == y.hits.size());
      for (std::size_t i = 0; i < x.hits.size(); ++i) {
        CHECK(x.hits[i].score == doctest::Approx(y.hits[i].score));
        CHECK(x.hits[i].snippet == y.hits[i].snippet);
      }
    }
  }
  same_wildcard_matches(one, sharded, "havn*");
  for (const auto& hit : run(one, "budget").hits) {
    auto x = one.get(hit.id), y = sharded.get(hit.id);
    REQUIRE(y.has_value());
    CHECK(x->item.title == y->item.title);
  }

  // Removing a meeting and a source reaches whichever shard holds them.
  Index writer(dir.path / "sharded", Index::Mode::read_write, {}, 1);  // keeps its 3 shards
  const std::string id = one.get(run(one, "budget").hits.front().id)->meeting_id;
  const std::size_t n = writer.remove(id);
  CHECK(n > 0);
  CHECK(writer.size() == one.size() - n);
  CHECK(writer.stats().shards == 3);
}

TEST_CASE("searchers in several threads see whole commits while one writer writes") {
  TempDir dir;
  fs::create_directories(dir.path / "docs");
  const int kFiles = 60;
  for (int d = 1; d <= kFiles; ++d) {
    std::string text = kMeeting;
    text.replace(text.find("12. januar 2023"), 15, std::to_string(1 + d % 28) + ". marts " + std::to_string(1950 + d));
    write(dir.path / "docs" / ("m" + std::to_string(1000 + d) + ".md"), text);
  }
  Index writer(dir.path / "idx", Index::Mode::read_write, {}, 2);
  writer.commit();

  // Each meeting has three items, one of which says "budgettet": in any snapshot the
  // items are three times the hits, and every hit can be fetched.
  std::atomic<bool> done{false};
  std::atomic<int> searches{0}, torn{0}, failures{0};
  std::string first_failure;
  std::mutex failure_mutex;
  auto searcher = [&] {
    try {
      Index reader(dir.path / "idx", Index::Mode::read_only);
      while (!done) {
        reader.reopen();
        SearchResults r = run(reader, "budgettet", SortOrder::relevance, 1000);
        const std::size_t items = reader.size();
        if (r.total * 3 != items) {
          ++torn;
          std::lock_guard lock(failure_mutex);
          first_failure = "torn: " + std::to_string(r.total) + " hits, " + std::to_string(items) + " items";
        }
        for (const auto& hit : r.hits)
          if (!reader.get(hit.id)) ++torn;
        ++searches;
      }
    } catch (const std::exception& e) {
      ++failures;
      std::lock_guard lock(failure_mutex);
      first_failure = e.what();
    }
  };
  std::vector<std::thread> threads;
  for (int k = 0; k < 3; ++k) threads.emplace_back(searcher);
  IndexOptions options;
  options.commit_every = 1;  // a commit after every meeting
  IndexSummary s = index_paths(writer, {dir.path / "docs"}, options);
  // Keep searching a little after the last commit, then stop.
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  done = true;
  for (auto& t : threads) t.join();
  CHECK(s.meetings == kFiles);
  CHECK(failures == 0);
  CHECK(first_failure == "");
  CHECK(torn == 0);
  CHECK(searches > 3);
  Index reader(dir.path / "idx", Index::Mode::read_only);
  CHECK(run(reader, "budgettet", SortOrder::relevance, 1000).total == kFiles);
}

TEST_CASE("compacting merges the shards into one database that answers the same") {
  TempDir dir;
  const fs::path samples = fs::path(REFERAT_SOURCE_DIR) / "samples";
  const fs::path idx = dir.path / "idx";
  {
    Index writer(idx, Index::Mode::read_write, {}, 3);
    index_paths(writer, {samples});
  }
  auto answers = [&](const Index& index) {
    std::vector<std::pair<std::string, double>> out;
    for (const char* q : {"budget", "skole OR ældre", "\"ældre borgere\"", "beslutning:godkendt", "titel:affald"})
      for (const auto& h : run(index, q).hits) out.emplace_back(h.id, h.score);
    return out;
  };
  std::vector<std::pair<std::string, double>> before;
  std::size_t items = 0;
  std::optional<std::string> corrected_before;
  {
    Index reader(idx, Index::Mode::read_only);
    before = answers(reader);
    items = reader.size();
    corrected_before = run(reader, "velfærdsteknlogi").corrected;
  }
  REQUIRE(corrected_before.has_value());
  const fs::path sharded_copy = dir.path / "sharded-copy";
  fs::copy(idx, sharded_copy, fs::copy_options::recursive);
  CompactSummary s = compact_index(idx);
  CHECK(s.shards_before == 3);
  CHECK(s.bytes_after < s.bytes_before);
  CHECK_FALSE(fs::exists(idx / "XAPIANDB"));
  CHECK(fs::exists(idx / "iamglass"));
  {
    Index reader(idx, Index::Mode::read_only);
    CHECK(reader.size() == items);
    CHECK(reader.stats().shards == 1);
    auto after = answers(reader);
    REQUIRE(after.size() == before.size());
    for (std::size_t i = 0; i < after.size(); ++i) {
      CHECK(after[i].first == before[i].first);
      CHECK(after[i].second == doctest::Approx(before[i].second));
    }
    // The spelling table is merged too: the same suggestion as before.
    CHECK(run(reader, "velfærdsteknlogi").corrected == corrected_before);
    same_wildcard_matches(Index(sharded_copy, Index::Mode::read_only), reader, "havn*");
  }
  // Indexing goes on into the compacted index, with one writer.
  Index writer(idx, Index::Mode::read_write, {}, 3);
  IndexSummary again = index_paths(writer, {samples});
  CHECK(again.replaced == items);
  CHECK(writer.size() == items);
  CHECK(writer.stats().shards == 1);
}

namespace {

// kMeeting held on another day of January 2023 ("proevestrup-byraad/2023-01-DD/referat").
std::string meeting_on(int day) {
  std::string text = kMeeting;
  text.replace(text.find("12. januar"), 10, std::to_string(day) + ". januar");
  return text;
}

// Writes `text` with a modification time well in the past: not "racy" (index/sources.h),
// so that an unchanged size and mtime are trusted without reading the file.
void write_old(const fs::path& p, const std::string& text, std::chrono::minutes age = std::chrono::minutes(60)) {
  write(p, text);
  fs::last_write_time(p, fs::file_time_type::clock::now() - age);
}

std::size_t total(const Index& index, const std::string& q) { return run(index, q).total; }

}  // namespace

TEST_CASE("re-indexing a folder skips unchanged files, re-analyses changed ones, prunes only under its root") {
  unsigned shards = 1;
  SUBCASE("one database") { shards = 1; }
  SUBCASE("three shards") { shards = 3; }  // a file's stamp and items in several shards
  TempDir dir;
  const fs::path docs = dir.path / "docs", near = dir.path / "docs-old", other = dir.path / "other";
  for (const fs::path& d : {docs, near, other}) fs::create_directories(d);
  const fs::path a = docs / "a.md", b = docs / "b.md";
  write_old(a, meeting_on(10));
  write_old(b, meeting_on(11));
  write_old(near / "n.md", meeting_on(20));  // "docs-old" starts with "docs": not under it
  write_old(other / "o.md", meeting_on(21));
  Index index(dir.path / "idx", Index::Mode::read_write, {}, shards);
  IndexSummary s = index_paths(index, {near, other});
  CHECK(s.files_new == 2);
  s = index_paths(index, {docs});
  CHECK(s.files_new == 2);
  CHECK(s.added == 6);
  CHECK(index.size() == 12);

  // A second run reads nothing.
  s = index_paths(index, {docs});
  CHECK(s.files == 2);
  CHECK(s.files_unchanged == 2);
  CHECK(s.files_changed + s.files_new + s.meetings + s.added + s.replaced + s.removed == 0);

  // Size and mtime decide, unread: the same size with the old mtime is not seen (as
  // make and rsync); --force reads it.
  const auto a_mtime = fs::last_write_time(a);
  std::string swapped = meeting_on(10);
  swapped.replace(swapped.find("hvert kvartal"), 13, "hver 14. dag.");
  write(a, swapped);
  fs::last_write_time(a, a_mtime);
  s = index_paths(index, {docs});
  CHECK(s.files_unchanged == 2);
  CHECK(total(index, "kvartal") == 4);  // a's item still has it
  IndexOptions force;
  force.force = true;
  s = index_paths(index, {docs}, force);
  CHECK(s.files_changed == 2);
  CHECK(s.files_unchanged == 0);
  CHECK(s.replaced == 6);
  CHECK(total(index, "kvartal") == 3);  // b, and the other folders' two

  // Touched but identical: the content hash is compared, nothing analysed, and the new
  // mtime recorded (a same-size swap under it again goes unseen: no re-analysis).
  const auto touched = a_mtime - std::chrono::minutes(10);
  fs::last_write_time(a, touched);
  s = index_paths(index, {docs});
  CHECK(s.files_unchanged == 2);
  CHECK(s.replaced + s.added == 0);
  write(a, meeting_on(10));
  fs::last_write_time(a, touched);
  s = index_paths(index, {docs});
  CHECK(s.files_unchanged == 2);
  CHECK(total(index, "kvartal") == 3);
  write_old(a, meeting_on(10), std::chrono::minutes(5));  // now a new mtime: read, changed
  s = index_paths(index, {docs});
  CHECK(s.files_changed == 1);
  CHECK(s.files_unchanged == 1);
  CHECK(s.replaced == 3);
  CHECK(total(index, "kvartal") == 4);

  // A changed file is replaced: its dropped item goes.
  std::string shorter = meeting_on(11);
  write(b, shorter.substr(0, shorter.find("## Punkt 3")));
  s = index_paths(index, {docs});
  CHECK(s.files_changed == 1);
  CHECK(s.files_unchanged == 1);
  CHECK(s.removed == 1);
  CHECK_FALSE(index.get("proevestrup-byraad/2023-01-11/referat/3").has_value());
  CHECK(index.size() == 11);

  // Deleted files: kept without --prune, removed with it, under the given root only.
  fs::remove(a);
  fs::remove(near / "n.md");
  fs::remove(other / "o.md");
  s = index_paths(index, {docs});
  CHECK(s.files_pruned == 0);
  CHECK(index.size() == 11);
  IndexOptions prune;
  prune.prune = true;
  s = index_paths(index, {docs / ""}, prune);  // a trailing separator is the same root
  CHECK(s.files_unchanged == 1);
  CHECK(s.files_pruned == 1);
  CHECK(s.items_pruned == 3);
  CHECK(index.size() == 8);
  CHECK_FALSE(index.get("proevestrup-byraad/2023-01-10/referat/1").has_value());
  CHECK(index.get("proevestrup-byraad/2023-01-20/referat/1").has_value());  // docs-old/n.md
  CHECK(index.get("proevestrup-byraad/2023-01-21/referat/1").has_value());  // other/o.md
  // A root that is gone altogether prunes nothing (an unmounted disk must not empty
  // the index); pruning its parent does.
  fs::remove_all(near);
  s = index_paths(index, {near}, prune);
  CHECK(s.files_pruned == 0);
  REQUIRE(s.failed.size() == 1);
  CHECK(s.failed[0].message == "no such file or directory");
  CHECK(index.size() == 8);
  s = index_paths(index, {other}, prune);
  CHECK(s.files_pruned == 1);
  CHECK(index.size() == 5);
  s = index_paths(index, {dir.path}, prune);
  CHECK(s.files_pruned == 1);  // docs-old/n.md
  CHECK(s.files_unchanged == 1);
  CHECK(index.size() == 2);
}

TEST_CASE("a source stamp is trusted only while the index holds what it vouches for") {
  unsigned shards = 1;
  SUBCASE("one database") { shards = 1; }
  SUBCASE("three shards") { shards = 3; }
  TempDir dir;
  const fs::path docs = dir.path / "docs", doc = docs / "p.md", idx = dir.path / "idx";
  fs::create_directories(docs);
  write_old(doc, meeting_on(12));
  const std::string meeting = "proevestrup-byraad/2023-01-12/referat";
  {
    Index index(idx, Index::Mode::read_write, {}, shards);
    index_paths(index, {docs});
    // Removing the meeting, or the source, invalidates or removes the stamp: the file
    // is read again.
    CHECK(index.remove(meeting) == 3);
    IndexSummary s = index_paths(index, {docs});
    CHECK(s.files_changed == 1);
    CHECK(s.added == 3);
    CHECK(index.remove(doc.string()) == 3);
    s = index_paths(index, {docs});
    CHECK(s.files_new == 1);  // nothing of it left, not even its stamp
    CHECK(s.added == 3);
  }
  // An item lost behind the index's back (as a shard whose last commit a crash lost
  // would): the file is read again and the item written back.
  for (std::size_t k = 0; k < shards; ++k) {
    Xapian::WritableDatabase shard(shards > 1 ? (idx / ("shard" + std::to_string(k))).string() : idx.string());
    const std::string term = "Q" + meeting + "/2";
    if (shard.get_termfreq(term) == 0) continue;
    shard.delete_document(term);
    shard.commit();
  }
  {
    Index index(idx, Index::Mode::read_write);
    CHECK(index.size() == 2);
    IndexSummary s = index_paths(index, {docs});
    CHECK(s.files_changed == 1);
    CHECK(s.added == 1);
    CHECK(index.size() == 3);
    s = index_paths(index, {docs});
    CHECK(s.files_unchanged == 1);
  }
  // Compacted into one database, the stamps (of three shards) are not trusted once.
  compact_index(idx);
  Index index(idx, Index::Mode::read_write);
  IndexSummary s = index_paths(index, {docs});
  CHECK(s.files_unchanged == (shards == 1 ? 1 : 0));
  CHECK(s.files_changed == (shards == 1 ? 0 : 1));
  s = index_paths(index, {docs});
  CHECK(s.files_unchanged == 1);
}

TEST_CASE("files indexed by another segmentation or analysis are re-analysed once") {
  // As an index written by an older referat leaves it: stamps of format 1 (no MADE)
  // or of format 2 made by another revision; or shards whose copies of a stamp
  // disagree on MADE (not trusted either).
  bool old_format = false, one_shard = false;
  SUBCASE("another revision") { old_format = false; }
  SUBCASE("a stamp of format 1") { old_format = true; }
  SUBCASE("one shard's copies only") { one_shard = true; }
  TempDir dir;
  const fs::path docs = dir.path / "docs", idx = dir.path / "idx";
  fs::create_directories(docs);
  const unsigned shards = 2;
  // Each file named so that its stamp has a copy in both shards: the source's home
  // shard is not its meeting's.
  auto both_shards = [&](int day) {
    const std::string meeting = "proevestrup-byraad/2023-01-" + std::to_string(day) + "/referat";
    for (int n = 0;; ++n) {
      const fs::path p = docs / ("m" + std::to_string(day) + "-" + std::to_string(n) + ".md");
      if (detail::shard_of(p.string(), shards) != detail::shard_of(meeting, shards)) return p;
    }
  };
  write_old(both_shards(13), meeting_on(13));
  write_old(both_shards(14), meeting_on(14));
  {
    Index index(idx, Index::Mode::read_write, {}, shards);
    CHECK(index_paths(index, {docs}).files_new == 2);
  }
  std::size_t rewritten = 0;
  for (unsigned k = one_shard ? 1 : 0; k < shards; ++k) {
    Xapian::WritableDatabase shard((idx / ("shard" + std::to_string(k))).string());
    const std::string prefix = "referat.source\x1f";
    std::vector<std::string> keys(shard.metadata_keys_begin(prefix), shard.metadata_keys_end(prefix));
    REQUIRE(keys.size() == 2);
    for (const std::string& key : keys) {
      std::string value = shard.get_metadata(key);
      const std::size_t eol = value.find('\n');
      std::string head = value.substr(0, eol);
      REQUIRE(head.starts_with("2 "));
      const std::size_t made = head.rfind(' ');
      CHECK(head.substr(made + 1) == referat::sources::made_by());
      head = old_format ? "1" + head.substr(1, made - 1) : head.substr(0, made + 1) + "0-0123456789abcdef";
      shard.set_metadata(key, head + value.substr(eol));
      ++rewritten;
    }
    shard.commit();
  }
  Index index(idx, Index::Mode::read_write);
  IndexSummary s = index_paths(index, {docs});
  if (one_shard) {
    // Copies that disagree: not trusted, read again as any damaged stamp is.
    CHECK(rewritten == 2);
    CHECK(s.files_changed == 2);
    CHECK(s.files_reanalysed + s.files_unchanged + s.files_new == 0);
    CHECK(s.replaced == 6);
  } else {
    CHECK(rewritten == 4);
    CHECK(s.files_reanalysed == 2);
    CHECK(s.files_changed + s.files_unchanged + s.files_new == 0);
    CHECK(s.replaced == 6);
  }
  CHECK(index.size() == 6);
  s = index_paths(index, {docs});
  CHECK(s.files_unchanged == 2);
  CHECK(s.files_reanalysed + s.files_changed == 0);
}

TEST_CASE("facets come from the facet key, or from the four slots where an item lacks it") {
  TempDir dir;
  const fs::path idx = dir.path / "idx";
  {
    Index index(idx, Index::Mode::read_write, {}, 1);
    index_paths(index, {fs::path(REFERAT_SOURCE_DIR) / "samples"});
  }
  auto facets = [&](const std::string& q) {
    Index index(idx, Index::Mode::read_only);
    SearchOptions o;
    o.query = q;
    o.facets = true;
    return index.search(o).facets;
  };
  {
    Xapian::Database db(idx.string());
    REQUIRE(db.get_doccount() > 0);
    CHECK(db.get_value_freq(14) == db.get_doccount());  // every item has the key: it is used
  }
  const auto with_keys = facets("byrådet");
  const auto every = facets("kommune");
  REQUIRE(with_keys.size() == 4);
  CHECK(with_keys.at("body").size() >= 2);
  CHECK(with_keys.at("year").size() >= 2);
  CHECK(with_keys.at("type").size() == 2);
  // As an index written before the facet key (slot 14) leaves it: one item without.
  {
    Xapian::WritableDatabase db(idx.string());
    Xapian::Document doc = db.get_document(1);
    REQUIRE_FALSE(doc.get_value(14).empty());
    doc.remove_value(14);
    db.replace_document(1, doc);
    db.commit();
  }
  CHECK(facets("byrådet") == with_keys);
  CHECK(facets("kommune") == every);
}
