// SPDX-License-Identifier: GPL-3.0-or-later
//
// Reading documents: bytes → checked UTF-8 NFC text → segmenter.
#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <sstream>

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/unistr.h>

#include "analysis/analyzer.h"
#include "formats/formats.h"
#include "referat/error.h"
#include "referat/parse.h"
#include "segment/minute_book.h"
#include "segment/privacy.h"
#include "segment/read.h"
#include "segment/segmenter.h"
#include "segment/xml_meetings.h"
#include "util/text.h"

namespace referat {

namespace {

constexpr std::array<std::string_view, 9> kExtensions = {".md",  ".markdown", ".txt", ".text", ".pdf",
                                                        ".html", ".htm",      ".xml", ".xhtml"};
[[noreturn]] void reject(const std::string& source, const std::string& reason) {
  throw ParseError(source + ": " + reason);
}

[[noreturn]] void reject_too_large(const std::string& source) {
  reject(source, "larger than the " + std::to_string(kMaxDocumentBytes >> 20) + " MB limit");
}

// Converts `bytes` from `charset` to UTF-8 with ICU; empty on failure.
std::string convert(std::string_view bytes, const char* charset) {
  UErrorCode status = U_ZERO_ERROR;
  UConverter* from = ucnv_open(charset, &status);
  if (U_FAILURE(status)) return {};
  icu::UnicodeString u(bytes.data(), static_cast<int32_t>(bytes.size()), from, status);
  ucnv_close(from);
  if (U_FAILURE(status)) return {};
  std::string out;
  u.toUTF8String(out);
  return out;
}

bool valid_utf8(std::string_view bytes) {
  std::string copy(bytes);
  return text::repair_utf8(copy) == 0;
}

// Well-formed multi-byte UTF-8 sequences, and at most ten broken bytes for each: UTF-8
// with some broken bytes (repaired), not Latin-1, whose letters are lone high bytes
// and form a UTF-8 sequence only by rare accident ("Å" then a 0x80-0xBF symbol).
bool mostly_utf8(std::string_view s) {
  std::size_t good = 0, bad = 0;
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool ok = n > 0 && i + n <= s.size();
    for (std::size_t k = 1; ok && k < n; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (n == 1) {
      ++i;
    } else if (ok) {
      ++good;
      i += n;
    } else {
      ++bad;
      ++i;
    }
  }
  return good > 0 && good * 10 >= bad;
}

// Words too long for a Xapian term (analysis::kMaxTermBytes): runs of letters,
// digits and the marks that join a word, as the word breaker sees them.
std::size_t count_overlong_words(std::string_view s) {
  constexpr std::size_t kLimit = analysis::kMaxTermBytes;
  std::size_t count = 0, run = 0;
  for (unsigned char c : s) {
    const bool joins = c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                       c == '_' || c == '.' || c == '\'';
    if (joins) {
      if (++run == kLimit + 1) ++count;
    } else {
      run = 0;
    }
  }
  return count;
}

std::string from_utf16(std::string_view bytes, std::vector<std::string>& warnings) {
  if (!bytes.starts_with("\xFF\xFE") && !bytes.starts_with("\xFE\xFF")) return {};
  const char* charset = bytes[0] == '\xFF' ? "UTF-16LE" : "UTF-16BE";
  std::string out = convert(bytes.substr(2), charset);
  if (!out.empty()) warnings.push_back(std::string("read as ") + charset + " (byte order mark) and converted to UTF-8");
  return out;
}

// Text that is not UTF-8: Danish text in another charset is Latin-1 or its Windows
// superset in practice (ICU's detector names it); Windows-1252 reads both and gives
// € and typographic quotes for 0x80-0x9F. Empty when ICU sees another charset.
std::string from_latin(std::string_view bytes, std::vector<std::string>& warnings) {
  UErrorCode status = U_ZERO_ERROR;
  UCharsetDetector* detector = ucsdet_open(&status);
  if (U_FAILURE(status)) return {};
  ucsdet_setText(detector, bytes.data(), static_cast<int32_t>(std::min<std::size_t>(bytes.size(), 1 << 20)), &status);
  const UCharsetMatch* match = ucsdet_detect(detector, &status);
  std::string name = U_SUCCESS(status) && match ? ucsdet_getName(match, &status) : "";
  ucsdet_close(detector);
  if (name != "ISO-8859-1" && name != "windows-1252" && name != "ISO-8859-15" && !name.empty()) return {};
  std::string out = convert(bytes, "windows-1252");
  if (!out.empty())
    warnings.push_back("not UTF-8: read as windows-1252" + (name.empty() ? std::string() : " (detected: " + name + ")") +
                       " and converted");
  return out;
}

// Text a format reader produced (UTF-8 already): repaired where broken, NFC.
std::string clean_extracted(std::string text, std::vector<std::string>& warnings) {
  if (std::size_t bad = text::repair_utf8(text))
    warnings.push_back(std::to_string(bad) + " invalid UTF-8 sequences replaced by U+FFFD");
  return text::nfc(text);
}

// Decodes the document to NFC UTF-8, rejecting what is no text at all.
std::string decode(std::string_view bytes, const std::string& source, std::vector<std::string>& warnings) {
  if (text::trim(bytes).empty()) reject(source, "empty document");
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  std::string converted = from_utf16(bytes, warnings);
  if (!converted.empty()) bytes = converted;
  std::size_t control = 0;
  for (unsigned char c : bytes.substr(0, 1 << 16))
    if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')) ++control;
  std::size_t sample = std::min<std::size_t>(bytes.size(), 1 << 16);
  if (control * 100 > sample) reject(source, "binary data, not a text document");
  std::string s(bytes);
  if (!valid_utf8(s) && !mostly_utf8(s))
    if (std::string latin = from_latin(s, warnings); !latin.empty()) s = std::move(latin);
  return clean_extracted(std::move(s), warnings);
}

std::string cpr_warning(std::size_t masked) {
  return std::to_string(masked) + " CPR number(s) masked (XXXXXX-XXXX): never indexed or stored";
}

void note_text_warnings(std::string& text, std::vector<std::string>& warnings) {
  if (std::size_t masked = segment::mask_cpr_numbers(text)) warnings.push_back(cpr_warning(masked));
  if (std::size_t long_words = count_overlong_words(text))
    warnings.push_back(std::to_string(long_words) +
                       " word(s) longer than " + std::to_string(analysis::kMaxTermBytes) +
                       " bytes (Xapian's term limit) are not searchable; the text keeps them");
}

// Meetings read from an export's structure: the same privacy rule as for text.
void mask_meetings(std::vector<Meeting>& meetings) {
  for (Meeting& m : meetings) {
    std::size_t masked = 0;
    for (Item& item : m.items) {
      masked += segment::mask_cpr_numbers(item.title);
      for (Part& part : item.parts) masked += segment::mask_cpr_numbers(part.text);
      for (std::string& a : item.attachments) masked += segment::mask_cpr_numbers(a);
    }
    if (masked) m.warnings.insert(m.warnings.begin(), cpr_warning(masked));
  }
}

const char* format_key(formats::Format format) {
  switch (format) {
    case formats::Format::pdf: return "pdf";
    case formats::Format::html: return "html";
    case formats::Format::xml: return "xml";
    case formats::Format::text: break;
  }
  return "text";
}

std::vector<Meeting> read_meetings(std::string_view bytes, const std::string& source) {
  std::vector<std::string> warnings;
  std::string text;
  bool paged = false;
  const formats::Format format = formats::detect(bytes);
  switch (format) {
    case formats::Format::pdf: {
      formats::Extracted pdf = formats::pdf_text(bytes, source);
      warnings = std::move(pdf.warnings);
      text = clean_extracted(std::move(pdf.text), warnings);
      paged = true;
      break;
    }
    case formats::Format::xml:
      if (auto meetings = segment::xml_meetings(bytes, source)) {
        if (meetings->empty()) reject(source, "XML export without meetings");
        mask_meetings(*meetings);
        for (Meeting& m : *meetings) m.format = "xml";
        return std::move(*meetings);
      }
      warnings.push_back("XML of no known meeting system: its text was segmented");
      text = clean_extracted(formats::html_text(bytes), warnings);
      break;
    case formats::Format::html:
      text = clean_extracted(formats::html_text(bytes), warnings);
      break;
    case formats::Format::text:
      text = decode(bytes, source, warnings);
      break;
  }
  if (format != formats::Format::text && text::trim(text).empty())
    reject(source, std::string(formats::format_name(format)) + " document without text");
  note_text_warnings(text, warnings);
  std::vector<Meeting> meetings;
  if (auto book = segment::minute_book(text, source)) meetings = std::move(*book);
  else meetings.push_back(segment::segment(text, source, paged));
  for (Meeting& m : meetings) {
    m.warnings.insert(m.warnings.begin(), warnings.begin(), warnings.end());
    m.format = format_key(format);
  }
  return meetings;
}

}  // namespace

std::vector<Meeting> parse_text(std::string_view bytes, std::string source) {
  if (bytes.size() > kMaxDocumentBytes)
    reject_too_large(source);
  try {
    return read_meetings(bytes, source);
  } catch (const ParseError&) {
    throw;
  } catch (const std::exception& e) {
    // A parser bug must cost one document, not the run: report it as this file's failure.
    reject(source, std::string("internal parser error (please report): ") + e.what());
  }
}

std::string read_document(std::istream& in, const std::string& name) {
  std::string bytes;
  char chunk[1 << 16];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    bytes.append(chunk, static_cast<std::size_t>(in.gcount()));
    // Stopped one chunk past the limit: a pipe or device may never end (/dev/zero).
    if (bytes.size() > kMaxDocumentBytes)
      reject_too_large(name);
  }
  if (in.bad()) reject(name, "read error");
  return bytes;
}

std::string segment::read_document(const std::filesystem::path& path) {
  std::error_code ec;
  std::string name = path.string();
  const auto status = std::filesystem::status(path, ec);
  if (ec) reject(name, "cannot read: " + ec.message());
  if (std::filesystem::is_directory(status)) reject(name, "is a directory");
  if (std::filesystem::is_regular_file(status)) {
    auto size = std::filesystem::file_size(path, ec);
    if (ec) reject(name, "cannot read: " + ec.message());
    if (size > kMaxDocumentBytes)
      reject_too_large(name);
  }
  // Other files (a pipe, as from the shell's <(...), a device) are read up to the limit.
  std::ifstream in(path, std::ios::binary);
  if (!in) reject(name, "cannot open for reading");
  return referat::read_document(in, name);
}

std::vector<Meeting> parse_file(const std::filesystem::path& path) {
  return parse_text(segment::read_document(path), path.string());
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
