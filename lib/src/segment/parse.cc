// SPDX-License-Identifier: GPL-3.0-or-later
//
// Reading documents: bytes → checked UTF-8 NFC text → segmenter.
#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <sstream>

#include "referat/error.h"
#include "referat/parse.h"
#include "segment/privacy.h"
#include "segment/segmenter.h"
#include "util/text.h"

namespace referat {

namespace {

constexpr std::array<std::string_view, 4> kExtensions = {".md", ".markdown", ".txt", ".text"};
constexpr std::size_t kMaxDocumentBytes = 256u << 20;

[[noreturn]] void reject(const std::string& source, const std::string& reason) {
  throw ParseError(source + ": " + reason);
}

// Decodes the document to NFC UTF-8, rejecting what is no text at all.
std::string decode(std::string_view bytes, const std::string& source, std::vector<std::string>& warnings) {
  if (text::trim(bytes).empty()) reject(source, "empty document");
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  if (bytes.starts_with("%PDF-")) reject(source, "PDF documents are not supported yet");
  std::size_t control = 0;
  for (unsigned char c : bytes.substr(0, 1 << 16))
    if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')) ++control;
  std::size_t sample = std::min<std::size_t>(bytes.size(), 1 << 16);
  if (control * 100 > sample) reject(source, "binary data, not a text document");
  std::string s(bytes);
  if (std::size_t bad = text::repair_utf8(s))
    warnings.push_back(std::to_string(bad) + " invalid UTF-8 sequences replaced by U+FFFD");
  return text::nfc(s);
}

}  // namespace

std::vector<Meeting> parse_text(std::string_view bytes, std::string source) {
  std::vector<std::string> warnings;
  std::string text = decode(bytes, source, warnings);
  if (std::size_t masked = segment::mask_cpr_numbers(text))
    warnings.push_back(std::to_string(masked) + " CPR number(s) masked (XXXXXX-XXXX): never indexed or stored");
  Meeting meeting;
  try {
    meeting = segment::segment(text, source);
  } catch (const std::exception& e) {
    // A parser bug must cost one document, not the run: report it as this file's failure.
    reject(source, std::string("internal parser error (please report): ") + e.what());
  }
  meeting.warnings.insert(meeting.warnings.begin(), warnings.begin(), warnings.end());
  return {std::move(meeting)};
}

std::vector<Meeting> parse_file(const std::filesystem::path& path) {
  std::error_code ec;
  std::string name = path.string();
  if (std::filesystem::is_directory(path, ec)) reject(name, "is a directory");
  auto size = std::filesystem::file_size(path, ec);
  if (ec) reject(name, "cannot read: " + ec.message());
  if (size > kMaxDocumentBytes)
    reject(name, "larger than the " + std::to_string(kMaxDocumentBytes >> 20) + " MB limit");
  std::ifstream in(path, std::ios::binary);
  if (!in) reject(name, "cannot open for reading");
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) reject(name, "read error");
  return parse_text(buf.str(), name);
}

bool is_supported_file(const std::filesystem::path& path) {
  std::string ext = text::lower(path.extension().string());
  return std::find(kExtensions.begin(), kExtensions.end(), ext) != kExtensions.end();
}

std::string slugify(std::string_view s) { return text::slugify(s); }

std::string meeting_id(const Meeting& meeting) {
  // What the text does not say is filled in per source, so that two documents
  // missing the same facts never share an id.
  const std::string per_source = text::hash_hex(meeting.source).substr(0, 8);
  std::string body = meeting.body ? text::slug_key(*meeting.body) : "";
  if (body.empty()) body = "ukendt-" + per_source;
  std::string date = meeting.date.value_or("udateret-" + per_source);
  std::string type = meeting.type.empty() ? "ukendt" : text::slug_key(meeting.type, 20);
  return body + "/" + date + "/" + type;
}

std::vector<std::string> item_ids(const Meeting& meeting) {
  std::string base = meeting_id(meeting);
  std::vector<std::string> ids;
  std::map<std::string, int> seen;
  for (const auto& item : meeting.items) {
    int n = ++seen[item.number];
    std::string id = base;  // appended, not operator+: GCC 12 -O3 warns falsely (-Wrestrict)
    id += '/';
    id += item.number;
    if (n > 1) {
      id += '~';
      id += std::to_string(n);
    }
    ids.push_back(std::move(id));
  }
  return ids;
}

}  // namespace referat
