// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "analysis/analyzer.h"
#include "index/sources.h"
#include "referat/index.h"
#include "referat/meeting.h"

namespace referat {

// An index is one Xapian database (the index directory itself) or, when created with
// several shards, a directory holding Xapian's stub file XAPIANDB ("glass shard0" per
// line) and one database per shard. A meeting lives in exactly one shard, chosen by a
// hash of its id, so it is written in one transaction and shards can be written in
// parallel; readers open the directory as one Xapian::Database.
struct Index::Impl {
  std::filesystem::path path;
  Index::Mode mode;
  // read_write: one writer per shard (a single one for an unsharded index).
  std::vector<Xapian::WritableDatabase> shards;
  std::vector<std::filesystem::path> shard_paths;
  // What reads go through: the index (read_only) or all shards as one (read_write).
  std::optional<Xapian::Database> reader;
  // The writer's analysis (its word cache persists across meetings). Searches
  // make their own: an Analyzer is not thread-safe.
  std::unique_ptr<analysis::Analyzer> analyzer;
  // Opened from a stub file that names remote shards (xapian-tcpsrv).
  bool remote = false;

  Xapian::Database& db() { return *reader; }
};

namespace detail {

// A meeting analysed into Xapian documents, ready to write: made by prepare_meeting()
// in any thread, written by IndexAccess::apply in the shard's writer thread.
struct PreparedMeeting {
  Meeting meeting;
  std::string meeting_id;
  std::vector<std::string> ids;
  std::vector<Xapian::Document> documents;
  std::vector<std::vector<std::string>> spelling;  // per document
};

// Every meeting of one source document: the unit that replaces what the index had
// from that source.
struct PreparedFile {
  std::string source;
  std::vector<PreparedMeeting> meetings;
  // The file as read, stamped with its items (index/sources.h); none when the
  // meetings do not come from reading the file (Index::add, removal).
  std::optional<sources::Stamp> stamp;
};

PreparedMeeting prepare_meeting(Meeting meeting, analysis::Analyzer& analyzer);

// The shard of a meeting id among `shards` (stable: FNV-1a of the id).
std::size_t shard_of(std::string_view meeting_id, std::size_t shards);

// What applying a file to one shard did.
struct ShardResult {
  std::size_t added = 0, replaced = 0, removed = 0;
  std::vector<std::size_t> written;  // meetings (indexes into PreparedFile::meetings) written
  std::vector<std::string> refused;  // one line each: why a meeting was not written
};

// Commits one shard (and traces it for the crash harness, see index.cc), then records
// its table sizes for the truncation check on open.
void commit_shard(Xapian::WritableDatabase& db, std::size_t shard, const std::filesystem::path& dir);
void record_table_sizes(const std::filesystem::path& dir);

struct IndexAccess {
  static std::size_t shard_count(const Index& index);
  // Closes the index's databases without committing (compact_index swapped them out).
  static void release(Index& index);
  // Writes the meetings of `file` whose shard is `shard`, in one transaction, and
  // drops that shard's items from the same source or meetings that the file no
  // longer has. Only this shard's writer is touched: shards may be applied from
  // different threads at once, one thread per shard.
  static ShardResult apply(Index& index, std::size_t shard, const PreparedFile& file);
  static void commit(Index& index, std::size_t shard);
  // One shard's writer, for the source stamps (defined in sources.cc).
  static Xapian::WritableDatabase& writer(Index& index, std::size_t shard);
};

}  // namespace detail

namespace query {
// Implemented in query/search.cc.
SearchResults search(Xapian::Database& db, const SearchOptions& options, bool remote);
}  // namespace query

// Turns a Xapian exception into the IndexError users see, naming the index.
[[noreturn]] void rethrow_index_error(const std::filesystem::path& path, const Xapian::Error& e);

}  // namespace referat
