// SPDX-License-Identifier: GPL-3.0-or-later
//
// Segmentation: turn a meeting document into Meetings and agenda items.
// All functions are thread-safe (no shared mutable state).
#pragma once

#include <cstddef>
#include <filesystem>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "referat/meeting.h"

namespace referat {

// The largest document parse_file, parse_text and read_document take (256 MB); a
// larger one is rejected with ParseError naming the limit.
inline constexpr std::size_t kMaxDocumentBytes = std::size_t{256} << 20;

// Parses the file at `path`. The format is detected from the content, never the
// name: PDF (its text layer, page by page), HTML, XML exports of meeting systems
// (eDoc, SBSYS, Acadre; other XML is read as text), Markdown and plain text. Returns
// one Meeting per meeting found (at least one; a minute book holding a year of
// meetings gives several). A
// document with no recognisable agenda items yields one item holding the whole text
// and a warning. Throws ParseError naming the file when it cannot be read, is
// empty, binary or of an unsupported format.
std::vector<Meeting> parse_file(const std::filesystem::path& path);

// Parses a document held in memory; `source` (a path, URL or any id) is copied into
// Meeting::source. Gives the same result as parse_file on the same bytes except for
// `source`. Throws ParseError (naming `source`) for empty, binary or too large input.
std::vector<Meeting> parse_text(std::string_view text, std::string source);

// Reads a document from a stream (standard input, a pipe) as parse_text wants it:
// throws ParseError naming `name` once it passes kMaxDocumentBytes, without reading
// further, or on a read error.
std::string read_document(std::istream& in, const std::string& name);

// True when parse_file would try the file (by extension: .md .markdown .txt .text
// .pdf .html .htm .xhtml .xml).
// Index walkers skip other files and count them as skipped.
bool is_supported_file(const std::filesystem::path& path);

// The meeting id: body slug / date / type, e.g. "fjordkredsen/2021-09-14/referat".
// Slugs are lower case with æ→ae, ø→oe, å→aa and other runs of non-alphanumerics
// as '-', at most 80 bytes (longer ones are cut and end in a hash). What the text
// does not give is made unique per source: a missing body "ukendt-" + hash of
// `source`, a missing date "udateret-" + hash, a missing type "ukendt".
std::string meeting_id(const Meeting& meeting);

// The ids of a meeting's items in order: meeting id / item number, a repeated
// number gets "~2", "~3" ...
std::vector<std::string> item_ids(const Meeting& meeting);

// The slug rule above, exposed for embedders building ids or `organ:` filters.
std::string slugify(std::string_view text);

}  // namespace referat
