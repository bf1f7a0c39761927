// SPDX-License-Identifier: GPL-3.0-or-later
//
// HTML → text (formats::html_text), table-driven: each row is an HTML page or
// fragment and the text a reader of it sees, written by hand. Then a fictional portal
// page (samples/) through html_text and the segmenter.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "formats/formats.h"
#include "segment/read.h"
#include "segment/segmenter.h"

using namespace referat;

namespace {

const std::filesystem::path kPortalPage =
    std::filesystem::path(REFERAT_SOURCE_DIR) / "samples" / "havnekoebing-tmu-2025-03-12-referat.html";

}  // namespace

TEST_CASE("html_text: blocks, headings, lists, tables and entities") {
  struct Row {
    const char* name;
    std::string html;
    std::string text;
  };
  const std::vector<Row> rows = {
      {"empty input", "", ""},
      {"a fragment without tags is one paragraph", "Ingen bemærkninger.", "Ingen bemærkninger.\n"},
      {"paragraphs are separated by a blank line", "<p>Første.</p><p>Anden.</p>",
       "Første.\n\nAnden.\n"},
      {"divs and sections are blocks too",
       "<div>En</div><section>To</section><article>Tre</article>", "En\n\nTo\n\nTre\n"},
      {"white space collapses inside a block", "<p>  Sagen \n\t blev   udsat. </p>",
       "Sagen blev udsat.\n"},
      {"inline elements join without a space", "<p><span>Havne</span><span>købing</span></p>",
       "Havnekøbing\n"},
      {"a space between inline elements is kept", "<p><b>Beslutning:</b> <i>Godkendt.</i></p>",
       "Beslutning: Godkendt.\n"},
      {"headings get one # per level", "<h1>Referat</h1><h3>Indstilling</h3><p>Det indstilles.</p>",
       "# Referat\n\n### Indstilling\n\nDet indstilles.\n"},
      {"an empty heading is no line", "<h3></h3><p>Tekst</p><h3> </h3>", "Tekst\n"},
      {"a heading's inline markup and breaks flatten", "<h2>Punkt 3:<br><em>Lokalplan</em> 12</h2>",
       "## Punkt 3: Lokalplan 12\n"},
      {"br breaks a line", "<p>Udvalg: Magistraten<br>Dato: 02-09-2025</p>",
       "Udvalg: Magistraten\nDato: 02-09-2025\n"},
      {"two br leave a blank line", "<p>Første<br><br>Anden</p>", "Første\n\nAnden\n"},
      {"list items are - lines", "<p>Bilag:</p><ul><li>Kort</li><li> Notat </li></ul><p>Slut</p>",
       "Bilag:\n\n- Kort\n- Notat\n\nSlut\n"},
      {"an ordered list is a - list too (numbers would read as item headings)",
       "<ol><li>Godkendt</li><li>Udsat</li></ol>", "- Godkendt\n- Udsat\n"},
      {"paragraphs in a list item stay on its lines",
       "<ul><li><p>Første</p><p>fortsat</p></li><li>Anden</li></ul>",
       "- Første\nfortsat\n- Anden\n"},
      {"nested lists are indented", "<ul><li>Veje<ul><li>Asfalt</li></ul></li><li>Stier</li></ul>",
       "- Veje\n  - Asfalt\n- Stier\n"},
      {"a table row is one line, cells joined by a tab",
       "<table><tr><th>Vandløb</th><th>Skæringer</th></tr><tr><td>Møllebækken</td><td>2</td></tr></"
       "table>",
       "Vandløb\tSkæringer\nMøllebækken\t2\n"},
      {"empty trailing cells leave no tab",
       "<table><tr><td>Mødedeltagere:</td><td> </td></tr></table>", "Mødedeltagere:\n"},
      {"block markup in a data cell flattens",
       "<table><tr><td><p>Udvalg:</p></td><td><p>TMU</p><p>2</p></td></tr></table>",
       "Udvalg:\tTMU 2\n"},
      {"a table is set apart from the text around it",
       "<p>Før</p><table><tr><td>a</td><td>b</td></tr></table>efter", "Før\n\na\tb\n\nefter\n"},
      {"a layout row's number cell labels its heading",
       "<table><tr><th>Punkt</th><th>Titel</th></tr>"
       "<tr><td><span>3</span></td><td><button><h2>Lokalplan 12</h2></button><div>Sagen.</div></td>"
       "<td><span class=\"badge\">4</span></td></tr></table>",
       "## 3 Lokalplan 12\n\nSagen.\n"},
      {"named and numeric entities are decoded",
       "<p>R&aring;d &amp; n&aelig;vn &#8211; &#x4F8;&quot;ja&quot;</p>", "Råd & nævn – Ӹ\"ja\"\n"},
      {"a no-break space is a space", "<p>6,4&nbsp;mio.&nbsp;&nbsp;kr.</p>", "6,4 mio. kr.\n"},
      {"a soft hyphen is dropped", "<p>anlægs&shy;bevilling</p>", "anlægsbevilling\n"},
      {"pre keeps its lines", "<pre>a  b\nc</pre>", "a  b\nc\n"},
      {"a missing end tag is recovered", "<p>Første<p>Anden<div>Tredje",
       "Første\n\nAnden\n\nTredje\n"},
  };
  for (const auto& row : rows) {
    CAPTURE(row.name);
    CHECK(formats::html_text(row.html) == row.text);
  }
}

TEST_CASE("html_text: what a reader does not read as text is dropped") {
  struct Row {
    const char* name;
    std::string html;
    std::string text;
  };
  const std::vector<Row> rows = {
      {"scripts, styles, noscript and templates",
       "<head><title>Portal</title><style>p{}</style></head><body><script>var a = 1;</script>"
       "<p>Tekst</p><noscript>Slå JavaScript "
       "til</noscript><template><p>skabelon</p></template></body>",
       "Tekst\n"},
      {"navigation, page header and footer, forms",
       "<nav><a href=\"/\">Forside</a></nav><header>Havnekøbing Kommune</header><p>Tekst</p>"
       "<form><label>Navn</label><input value=\"x\"><select><option>A</option></select>"
       "<textarea>skriv</textarea></form><footer>Rådhuspladsen 1</footer>",
       "Tekst\n"},
      {"an article's own header is its title",
       "<article><header><h1>Referat</h1></header><p>Tekst</p></article>", "# Referat\n\nTekst\n"},
      {"buttons, but not an accordion's heading",
       "<button>Luk</button><button><h2>1 Eventuelt</h2></button>", "## 1 Eventuelt\n"},
      {"hidden elements", "<p hidden>skjult</p><div aria-hidden=\"true\">ikon</div><p>Synlig</p>",
       "Synlig\n"},
      {"dialogs and modals",
       "<p>Tekst</p><div role=\"dialog\"><p>Tip en ven</p></div><div class=\"modal "
       "fade\"><h4>Kopier link</h4></div>"
       "<div class=\"deltager-modal-header\">Deltagere</div><dialog>Hej</dialog>",
       "Tekst\n"},
      {"menus and role=button labels",
       "<ul role=\"menu\"><li><a>Åbn</a></li></ul><ul><li><span role=\"button\">PDF</span><a>Bilag "
       "1: Kort</a></li></ul>",
       "- Bilag 1: Kort\n"},
      {"user interface link texts, not other links",
       "<p><a href=\"#\">Hent som PDF</a> <a>Kopier link</a> <a>Tilbage til forsiden</a></p>"
       "<p>Se <a href=\"/plan\">lokalplanen</a>.</p>",
       "Se lokalplanen.\n"},
      {"images and inline SVG",
       "<p><img src=\"logo.png\" alt=\"logo\">Tekst<svg><text>1</text></svg></p>", "Tekst\n"},
  };
  for (const auto& row : rows) {
    CAPTURE(row.name);
    CHECK(formats::html_text(row.html) == row.text);
  }
}

TEST_CASE("html_text: character sets") {
  struct Row {
    const char* name;
    std::string html;
    std::string text;
  };
  const std::vector<Row> rows = {
      {"UTF-8 without a declaration (a fragment)", "<p>Køge Å</p>", "Køge Å\n"},
      {"a declared windows-1252 page",
       "<html><head><meta charset=\"windows-1252\"></head><body><p>R\xE5"
       "d \x96 \x80</p></body></html>",
       "Råd – €\n"},
      {"a declared ISO-8859-1 page (read as windows-1252, as browsers do)",
       "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
       "charset=ISO-8859-1\"></head>"
       "<body><p>N\xE6vn \x93ja\x94</p></body></html>",
       "Nævn “ja”\n"},
      {"Latin-1 bytes without a declaration", "<p>K\xF8ge</p>", "Køge\n"},
      {"UTF-8 bytes under a stale Latin-1 declaration",
       "<html><head><meta charset=\"iso-8859-1\"></head><body><p>Køge</p></body></html>", "Køge\n"},
      {"a byte order mark", "\xEF\xBB\xBF<p>Æble</p>", "Æble\n"},
      {"a broken byte in UTF-8 text", "<p>Møde i Rådhuset \xFF nu</p>",
       "Møde i Rådhuset \xEF\xBF\xBD nu\n"},
  };
  for (const auto& row : rows) {
    CAPTURE(row.name);
    CHECK(formats::html_text(row.html) == row.text);
  }
}

TEST_CASE("html_text: deep nesting neither crashes nor loses the text after it") {
  std::string html = "<p>Før</p>";
  for (int k = 0; k < 3000; ++k) html += "<div>";
  html += "dybt";
  for (int k = 0; k < 3000; ++k) html += "</div>";
  html += "<p>Efter</p>";
  std::string text = formats::html_text(html);
  CHECK(text.starts_with("Før\n"));
  CHECK(text.find("dybt") != std::string::npos);
  CHECK(text.ends_with("Efter\n"));
}

TEST_CASE("html_text: a portal page reads as a Markdown agenda") {
  std::string text = formats::html_text(segment::read_document(kPortalPage));
  for (const char* line :
       {"# Referat 12. marts 2025 kl. 16.00\n", "\nMødested:\tMødelokale 2, Rådhuset\n",
        "\n## 1 Godkendelse af dagsorden\n\nEMN-2025-000187\n\n### Beslutninger\n",
        "\n## 2 Cykelsti langs Strandvejen – anlægsbevilling\n",
        "\n### Bilag\n\n- Bilag 1: Oversigtskort\n- Bilag 2: Anlægsoverslag\n",
        "\nVandløb\tSkæringer pr. år\nMøllebækken\t2\n", "\n## 4 Eventuelt\n"}) {
    CAPTURE(line);
    CHECK(text.find(line) != std::string::npos);
  }
  for (const char* ui :
       {"Hent som PDF", "Kopier link", "Tip en ven", "Tilbage til forsiden", "Modtager",
        "window.tekster", "Information:", "Punkt\tTitel", "Rådhuspladsen 1", "Søg",
        "Hent hele referatet", "PDF", "\n0\n", "\n2\n"}) {
    CAPTURE(ui);
    CHECK(text.find(ui) == std::string::npos);
  }
  for (std::size_t at = 0; (at = text.find('\n', at + 1)) != std::string::npos;) {
    CAPTURE(at);
    CHECK(text[at - 1] != ' ');  // no trailing spaces
  }
}

TEST_CASE("a portal page segments into its items") {
  Meeting m =
      segment::segment(formats::html_text(segment::read_document(kPortalPage)), kPortalPage.filename().string());
  CHECK(m.type == "referat");
  CHECK(m.body == "Teknik- og Miljøudvalget");
  CHECK(m.date == "2025-03-12");
  CHECK(m.time == "16:00");
  struct Want {
    const char* number;
    const char* title;
    const char* case_number;  // nullptr: none
    std::vector<std::string> kinds;
  };
  const std::vector<Want> want = {
      {"1", "Godkendelse af dagsorden", "EMN-2025-000187", {"beslutning"}},
      {"2",
       "Cykelsti langs Strandvejen – anlægsbevilling",
       "EMN-2024-004521",
       {"beslutning", "resumé", "indstilling", "påtegning", "tidligere behandling", "bilag"}},
      {"3", "Orientering om vandløbsvedligeholdelse", "EMN-2025-000187", {"beslutning", "resumé"}},
      {"4", "Eventuelt", nullptr, {"beslutning"}},
  };
  REQUIRE(m.items.size() == want.size());
  for (std::size_t k = 0; k < want.size(); ++k) {
    const Item& item = m.items[k];
    CAPTURE(item.number);
    CHECK(item.number == want[k].number);
    CHECK(item.title == want[k].title);
    CHECK(item.case_number ==
          (want[k].case_number ? std::optional<std::string>(want[k].case_number) : std::nullopt));
    std::string kinds, want_kinds;
    for (const auto& part : item.parts) kinds += part.kind + ";";
    for (const auto& kind : want[k].kinds) want_kinds += kind + ";";
    CHECK(kinds == want_kinds);
  }
  CHECK(m.items[1].attachments ==
        std::vector<std::string>{"Bilag 1: Oversigtskort", "Bilag 2: Anlægsoverslag"});
}

TEST_CASE("portal part headings map to part kinds") {
  struct Row {
    const char* heading;
    const char* kind;
  };
  const Row rows[] = {
      {"Beslutningspunkter", "indstilling"},
      {"Sagsforløb:", "tidligere behandling"},
      {"Borgmesterens afdelings påtegning", "påtegning"},
      {"Økonomidirektørens påtegning", "påtegning"},
      {"Påtegning", "påtegning"},
  };
  for (const auto& row : rows) {
    std::string heading = row.heading;
    CAPTURE(heading);
    CHECK(segment::part_kind(row.heading) == std::optional<std::string>(row.kind));
  }
  // A sentence that ends in the word is no heading.
  CHECK_FALSE(
      segment::part_kind("Sagen sendes til fornyet behandling med en ny påtegning").has_value());
}

// The two Aarhus portal pages of ../shared/corpus/real (SOURCES.md): the parts of each
// item as a reader sees them under the page's h3 headings. Items, titles and case
// numbers are checked by tests/real/check_real.py.
TEST_CASE("Aarhus portal pages: the parts of each item" *
          doctest::skip(!std::filesystem::exists(std::filesystem::path(REFERAT_SHARED_DIR) /
                                                 "corpus" / "real"))) {
  using Kinds = std::vector<std::string>;
  // Untitled text first ("tekst"), except where the summary field holds only ".".
  const Kinds budget = {"tekst", "tidligere behandling", "bilag"};
  const Kinds budget_ = {"tidligere behandling", "bilag"};
  const Kinds answer = {"tekst", "resumé", "indstilling", "tidligere behandling", "bilag"};
  const Kinds answer_ = {"resumé", "indstilling", "tidligere behandling", "bilag"};
  const Kinds endorsed = {"tekst", "resumé", "indstilling", "påtegning", "tidligere behandling",
                          "bilag"};
  const Kinds endorsed_ = {"resumé", "indstilling", "påtegning", "tidligere behandling", "bilag"};
  const Kinds proposal = {"tekst", "bilag"};
  // Answers to a party's proposal: the proposal, then "INDSTILLING FRA
  // MAGISTRATSAFDELINGEN …" as a caption line of its own before the h3 sections (and,
  // in item 14, the proposal's own "Beslutning:"; in item 30 its "Baggrund").
  const Kinds answer_11 = {"tekst",       "indstilling",          "resumé",
                           "indstilling", "tidligere behandling", "bilag"};
  const Kinds answer_12 = {"tekst",     "indstilling",          "resumé", "indstilling",
                           "påtegning", "tidligere behandling", "bilag"};
  const Kinds answer_14 = {"tekst",       "beslutning", "indstilling",          "resumé",
                           "indstilling", "påtegning",  "tidligere behandling", "bilag"};
  const Kinds proposal_30 = {"tekst", "baggrund", "bilag"};
  struct Page {
    const char* file;
    std::vector<Kinds> items;
  };
  const Page pages[] = {
      {"aarhus-byraad-2025-10-08-dagsorden.html",
       {{},       answer_,     budget_,   budget_,   budget,    budget,    budget,
        budget,   budget,      budget,    answer_11, answer_12, answer_12, answer_14,
        answer_,  answer_,     endorsed,  endorsed,  endorsed_, endorsed_, endorsed,
        answer,   endorsed,    endorsed_, proposal,  proposal,  proposal,  proposal,
        proposal, proposal_30, proposal,  proposal,  proposal}},
      // "Beslutninger" first; the untitled summary after it (an empty h3) stays in it.
      {"aarhus-teknisk-udvalg-2025-10-01-referat.html",
       {{"beslutning", "bilag"},
        {"beslutning", "resumé", "indstilling", "tidligere behandling", "bilag"},
        {"beslutning", "resumé", "indstilling", "påtegning", "tidligere behandling", "bilag"},
        {"beslutning"},
        {"beslutning"},
        {"beslutning", "resumé", "indstilling", "påtegning", "tidligere behandling", "bilag"}}},
  };
  for (const auto& page : pages) {
    CAPTURE(page.file);
    const auto path = std::filesystem::path(REFERAT_SHARED_DIR) / "corpus" / "real" / page.file;
    Meeting m = segment::segment(formats::html_text(segment::read_document(path)), page.file);
    REQUIRE(m.items.size() == page.items.size());
    for (std::size_t k = 0; k < m.items.size(); ++k) {
      CAPTURE(m.items[k].number);
      std::string kinds, want_kinds;
      for (const auto& part : m.items[k].parts) kinds += part.kind + ";";
      for (const auto& kind : page.items[k]) want_kinds += kind + ";";
      CHECK(kinds == want_kinds);
    }
  }
}
