// SPDX-License-Identifier: GPL-3.0-or-later
//
// Formats: detection by content, and the PDF reader on a fictional PDF written by
// tests/data/make_sample_pdf.py (running header and page footer, an item continued on
// the next page, a word hyphenated across the page break).
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "formats/formats.h"
#include "segment/read.h"
#include "referat/referat.h"

namespace fs = std::filesystem;
using namespace referat;

namespace {

const fs::path kPdf = fs::path(REFERAT_SOURCE_DIR) / "samples" / "havnekoebing-tmu-2024-05-08-referat.pdf";

std::string all_text(const Item& item) {
  std::string out;
  for (const auto& p : item.parts) out += p.text + "\n";
  return out;
}

}  // namespace

TEST_CASE("formats are detected by content, not by name") {
  using formats::Format;
  struct Row {
    const char* bytes;
    Format format;
  };
  const Row rows[] = {
      {"%PDF-1.4\n%\xE2\xE3\n1 0 obj", Format::pdf},
      {"\xEF\xBB\xBF<?xml version=\"1.0\"?><Publication/>", Format::xml},
      {"<?xml version=\"1.0\"?>\n<html><body>x</body></html>", Format::html},
      {"<!DOCTYPE html>\n<html lang=\"da\">", Format::html},
      {"  <HTML><BODY>Referat</BODY></HTML>", Format::html},
      {"<div class=\"agenda\"><h2>Dagsorden</h2></div>", Format::html},
      {"<root><table name=\"meeting\"></table></root>", Format::xml},
      {"<!-- eksport -->\n<eDocAgendaPublishing></eDocAgendaPublishing>", Format::xml},
      {"<b>Referat</b>\n\n1. Godkendelse af dagsorden\n", Format::text},
      {"# Referat\n\nTeknik- og Miljøudvalget", Format::text},
      {"Referat af mødet i Byrådet, jf. <punkt 3> nedenfor", Format::text},
  };
  for (const Row& row : rows) {
    CAPTURE(row.bytes);
    CHECK(formats::detect(row.bytes) == row.format);
  }
}

TEST_CASE("PDF: pages, running header and footer removed, hyphenation across a page joined") {
  std::vector<Meeting> meetings = parse_file(kPdf);
  REQUIRE(meetings.size() == 1);
  const Meeting& m = meetings[0];
  CHECK(m.format == "pdf");
  CHECK(m.body == "Teknik- og Miljøudvalget");
  CHECK(m.type == "referat");
  CHECK(m.date == "2024-05-08");
  CHECK(m.time == "16:00");
  REQUIRE(m.items.size() == 3);
  CHECK(m.items[0].case_number == "24/01011");
  CHECK(m.items[1].title == "Havnebad ved Nordmolen");
  CHECK(m.items[1].page == 1);
  CHECK(m.items[1].last_page == 2);
  CHECK(m.items[2].page == 3);
  CHECK(m.items[2].last_page == 3);
  const std::string text = all_text(m.items[1]);
  CHECK(text.find("livreddere") != std::string::npos);           // "livred-" / page 2 "dere"
  CHECK(text.find("Side") == std::string::npos);                 // "Side 1 af 3"
  CHECK(text.find("Havnekøbing Kommune") == std::string::npos);  // the running header
  CHECK(text.find('\f') != std::string::npos);                   // where page 2 begins
  CHECK(m.warnings.empty());
}

TEST_CASE("PDF: a hit knows its page") {
  const fs::path dir = fs::temp_directory_path() / ("referat-formats-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  {
    Index index(dir, Index::Mode::read_write);
    index_paths(index, {kPdf});
    SearchOptions o;
    o.query = "weekenderne";
    SearchResults r = index.search(o);
    REQUIRE(r.hits.size() == 1);
    CHECK(r.hits[0].page == 1);
    CHECK(r.hits[0].hit_page == 2);
    o.query = "vandkvaliteten";
    r = index.search(o);
    REQUIRE(r.hits.size() == 1);
    CHECK(r.hits[0].hit_page == 1);
    o.query = "snerydning";
    CHECK(index.search(o).hits.at(0).hit_page == 3);
    o.snippets = false;
    CHECK_FALSE(index.search(o).hits.at(0).hit_page);
  }
  fs::remove_all(dir);
}

TEST_CASE("PDF: damaged, truncated and text-less files are errors naming the file") {
  const std::string pdf = segment::read_document(kPdf);
  REQUIRE(pdf.size() > 1000);
  // A PDF cut in half: poppler reconstructs what it can, or the file is rejected;
  // either way no crash and, when rejected, the source is named.
  for (std::size_t keep : {pdf.size() / 2, std::size_t{200}, std::size_t{12}}) {
    CAPTURE(keep);
    try {
      std::vector<Meeting> m = parse_text(pdf.substr(0, keep), "kapret.pdf");
      CHECK_FALSE(m.empty());
    } catch (const ParseError& e) {
      CHECK(std::string(e.what()).starts_with("kapret.pdf: "));
    }
  }
  // Pages without any text: a scan without OCR.
  const std::string empty_page =
      "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
      "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
      "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n"
      "trailer\n<< /Root 1 0 R >>\n%%EOF\n";
  try {
    parse_text(empty_page, "scannet.pdf");
    FAIL("a PDF without text was accepted");
  } catch (const ParseError& e) {
    CHECK(std::string(e.what()).find("scannet.pdf: PDF without a text layer") == 0);
  }
}

TEST_CASE("KLE and document numbers: separate fields, searchable as dok: and kle:") {
  const std::string text =
      "Referat\n\nUdvalg: Havnekøbing Klimaudvalg\nDato: 4. juni 2024\n\n"
      "1. Klimatilpasning af Strandparken\n"
      "Sagsnr.: 24/01877, KLE: 02.34.02-P20\nDok.nr.: 2024-118233\n\n"
      "Sagsfremstilling\nDiger og regnvandsbassiner i Strandparken.\n\n"
      "2. Affaldsplan 2025\n"
      "Sagsnr.: 24/02001\nKLE-nr. 07.00.00-P15\n\n"
      "Beslutning\nGodkendt.\n\n"
      "3. Skybrudsplan for Havnekøbing Nord\n"
      "SAG-2024-01422 KLE 02.34.00 mla, kbo\n\n"
      "Indstilling\nDirektionen indstiller, at planen godkendes.\n\n"
      "4. Orientering om vandløbsregulativ\n"
      "SAG-2024-01423 Se KLE 02.34.00 i bilaget.\n\n"
      "Beslutning\nTaget til efterretning.\n";
  std::vector<Meeting> meetings = parse_text(text, "klima.txt");
  REQUIRE(meetings.at(0).items.size() == 4);
  const Item& first = meetings[0].items[0];
  CHECK(first.case_number == "24/01877");
  CHECK(first.kle == "02.34.02-P20");
  CHECK(first.document_number == "2024-118233");
  CHECK(meetings[0].items[1].kle == "07.00.00-P15");
  CHECK(meetings[0].items[1].case_number == "24/02001");
  // A KLE number on a bare case number's line, between it and the handlers' initials.
  const Item& third = meetings[0].items[2];
  CHECK(third.case_number == "SAG-2024-01422");
  CHECK(third.kle == "02.34.00");
  CHECK(third.handlers == std::vector<std::string>{"mla", "kbo"});
  // Prose after a case number is not a case line, KLE or not.
  CHECK_FALSE(meetings[0].items[3].case_number);
  CHECK_FALSE(meetings[0].items[3].kle);

  const fs::path dir = fs::temp_directory_path() / ("referat-kle-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  {
    Index index(dir, Index::Mode::read_write);
    index.add(meetings[0]);
    index.commit();
    auto ids = [&](const std::string& q) {
      SearchOptions o;
      o.query = q;
      std::vector<std::string> out;
      for (const auto& h : index.search(o).hits) out.push_back(h.item);
      std::sort(out.begin(), out.end());
      return out;
    };
    CHECK(ids("kle:02.34") == std::vector<std::string>{"1", "3"});
    CHECK(ids("kle:02.34.00") == std::vector<std::string>{"3"});
    CHECK(ids("kle:02.34.02-P20") == std::vector<std::string>{"1"});
    CHECK(ids("kle:07") == std::vector<std::string>{"2"});
    CHECK(ids("kle:02.3").empty());  // levels, not string prefixes
    CHECK(ids("dok:2024-118233") == std::vector<std::string>{"1"});
    CHECK(ids("2024-118233") == std::vector<std::string>{"1"});  // as a plain word too
    CHECK_THROWS_AS(ids("kle:"), QueryError);
  }
  fs::remove_all(dir);
}
