// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <filesystem>
#include <memory>
#include <optional>

#include <xapian.h>

#include "analysis/analyzer.h"
#include "referat/index.h"
#include "referat/meeting.h"

namespace referat {

struct Index::Impl {
  std::filesystem::path path;
  Index::Mode mode;
  // Exactly one of these is set; `db()` gives the one to read from.
  std::optional<Xapian::WritableDatabase> writer;
  std::optional<Xapian::Database> reader;
  // The writer's analysis (its word cache persists across meetings). Searches
  // make their own: an Analyzer is not thread-safe.
  std::unique_ptr<analysis::Analyzer> analyzer;
  // Opened from a stub file that names remote shards (xapian-tcpsrv).
  bool remote = false;

  Xapian::Database& db() { return writer ? static_cast<Xapian::Database&>(*writer) : *reader; }
};

namespace detail {

// A meeting analysed into Xapian documents, ready to write: made by prepare_meeting()
// in any thread, written by add_prepared() in the writer's.
struct PreparedMeeting {
  Meeting meeting;
  std::string meeting_id;
  std::vector<std::string> ids;
  std::vector<Xapian::Document> documents;
  std::vector<std::vector<std::string>> spelling;  // per document
};

PreparedMeeting prepare_meeting(Meeting meeting, analysis::Analyzer& analyzer);

struct IndexAccess {
  static AddResult add_prepared(Index& index, PreparedMeeting& prepared);
};

}  // namespace detail

namespace query {
// Implemented in query/search.cc.
SearchResults search(Xapian::Database& db, const SearchOptions& options, bool remote);
}  // namespace query

// Turns a Xapian exception into the IndexError users see, naming the index.
[[noreturn]] void rethrow_index_error(const std::filesystem::path& path, const Xapian::Error& e);

}  // namespace referat
