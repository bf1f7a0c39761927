// SPDX-License-Identifier: GPL-3.0-or-later
//
// Reading a document file into memory, with parse_file's checks, for callers that use
// the bytes twice (the indexer hashes them, then parses them with parse_text).
#pragma once

#include <filesystem>
#include <string>

namespace referat::segment {

// The file's bytes. Throws ParseError naming the file when it is a directory, cannot
// be read, or is larger than the document size limit.
std::string read_document(const std::filesystem::path& path);

}  // namespace referat::segment
