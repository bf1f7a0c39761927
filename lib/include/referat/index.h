// SPDX-License-Identifier: GPL-3.0-or-later
//
// The index: one document per agenda item, stored in a Xapian database.
#pragma once

#include <cstddef>
#include <cstdint>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "referat/meeting.h"
#include "referat/search.h"

namespace referat {

// What Index::add did with one meeting.
struct AddResult {
  std::string meeting_id;
  std::size_t added = 0;     // items new to the index
  std::size_t replaced = 0;  // items that were there already (same id)
  std::size_t removed = 0;   // stale items of the same meeting or source dropped
};

// A stored item, enough to show it without the source document. `meeting` holds the
// meeting's metadata with `items` empty; `item` is the item itself.
struct StoredItem {
  std::string id;
  std::string meeting_id;
  Meeting meeting;
  Item item;
};

// Counts per body, year and type over the whole index.
struct IndexStats {
  std::size_t items = 0;
  std::size_t meetings = 0;
  std::size_t shards = 1;  // databases the index is written as (see Index)
  std::map<std::string, std::size_t> bodies;
  std::map<std::string, std::size_t> years;
  std::map<std::string, std::size_t> types;
  // Items the document gave no body, date (year) or type: "body", "year", "type" → count
  // (each key present, 0 when none lacks it), so that each map's counts plus these sum to
  // `items`.
  std::map<std::string, std::size_t> without;
};

// An open index.
//
// An index is a directory: one Xapian database, or, when created with several
// shards, one database per shard under it (shard0, shard1, ...) and Xapian's stub file
// XAPIANDB naming them, so that Xapian tools and xapian-tcpsrv open it as one
// database. Each meeting lives in one shard, chosen by its id; index_paths writes the
// shards in parallel. Results, scores and order do not depend on the number of shards.
//
// Thread safety: an Index is not safe for concurrent use (not even two searches):
// open one per thread, which is cheap. Any number of read_only Index objects, in any
// threads or processes, may search while one writer writes: each sees the state of a
// commit, whole, from when it was opened or last reopen()ed; when the writer's
// commits overtake that snapshot, reads reopen on the newest one and retry
// (tests/index_test.cc "searchers in several threads ..."). A second writer gets
// IndexError ("locked") or waits for the lock (`wait`).
namespace detail {
struct IndexAccess;  // the library's own access to Index internals (index_paths)
}

class Index {
 public:
  enum class Mode { read_only, read_write };

  // Opens (read_write: creates when missing) the index at `path`. Throws IndexError
  // when the index is missing (read_only), locked by another writer (read_write: after
  // waiting up to `wait` for the lock), of another schema version, or not an index.
  // `shards` (1-64) is used only when read_write creates the index; an existing index
  // keeps the shards it was created with.
  Index(const std::filesystem::path& path, Mode mode, std::chrono::milliseconds wait = {},
        unsigned shards = 1);
  ~Index();
  Index(Index&&) noexcept;
  Index& operator=(Index&&) noexcept;
  Index(const Index&) = delete;
  Index& operator=(const Index&) = delete;

  // Writes all items of `meeting` in one transaction, replacing items with the same
  // ids and dropping items previously indexed from the same meeting or the same
  // source that it no longer has. Visible to readers after commit(). read_write only.
  // When the meeting id is already indexed from another source that still exists as a
  // file: of another Meeting::format (the same minutes as PDF and as an XML export),
  // the two are merged into one meeting (structure from the XML, pages from the PDF,
  // Meeting::sources listing both; each source's version is kept, so removing or
  // re-indexing one merges the others again); of the same format, ParseError is
  // thrown and nothing written. IndexError for index failures.
  AddResult add(const Meeting& meeting);

  // Removes every item of a meeting ("fjordkredsen/2021-09-14/referat") or of a
  // source (any of Meeting::sources). A meeting merged from this source and others
  // stays, merged from the others. Returns the number of items removed or rewritten
  // without the source (0: nothing matched). Committed at once.
  std::size_t remove(std::string_view meeting_id_or_source);

  // Makes all changes so far durable and visible. Also done by the destructor.
  void commit();

  // Re-reads the index to see other writers' commits (read_only).
  void reopen();

  std::optional<StoredItem> get(std::string_view item_id) const;

  // Throws QueryError for a query it cannot parse. Each thread that searches keeps the
  // analyses of up to 50,000 words (stems, compound parts; ~15 MB) for its next
  // searches: query-independent, so results never depend on what was searched before.
  SearchResults search(const SearchOptions& options) const;

  IndexStats stats() const;
  std::size_t size() const;  // number of items

  const std::filesystem::path& path() const;

 private:
  struct Impl;
  friend struct detail::IndexAccess;
  std::unique_ptr<Impl> impl_;
};

// Progress of index_paths, reported after each file.
struct IndexProgress {
  std::size_t files_done = 0;
  std::size_t files_total = 0;
  std::size_t items = 0;
  double seconds = 0;
  std::string current;  // the file just done
};

struct IndexFailure {
  std::string path;
  std::string message;  // one line: the reason
};

struct IndexSummary {
  std::size_t files = 0;     // files seen
  std::size_t meetings = 0;  // meetings written
  std::size_t added = 0;
  std::size_t replaced = 0;
  std::size_t removed = 0;
  std::size_t skipped = 0;  // files of an unsupported type
  // Supported files by what the index had from them (a file that failed is in none):
  std::size_t files_unchanged = 0;  // the same as when indexed: not analysed again
  std::size_t files_changed = 0;    // indexed before, read and analysed again
  std::size_t files_new = 0;        // not indexed before
  // Indexed before by a referat that segments or analyses differently (an upgrade):
  // read and analysed again whether or not the file changed.
  std::size_t files_reanalysed = 0;
  // IndexOptions::prune: sources removed because they no longer exist, and their items
  // deleted (items of a meeting merged with another source stay, merged again).
  std::size_t files_pruned = 0;
  std::size_t items_pruned = 0;
  std::vector<IndexFailure> failed;
  std::vector<IndexFailure> warnings;  // parser warnings, per file
  double seconds = 0;
  bool cancelled = false;
};

struct IndexOptions {
  std::function<void(const IndexProgress&)> progress;  // called after each file
  // Asked before each file is handed to the writers; true: stop. The files already
  // handed over (a few per thread) are finished, committed and reported.
  std::function<bool()> cancel;
  // Threads that parse and analyse files (0: one per core), while one thread per
  // shard of the index writes. The index is the same for any value: each shard is
  // written in sorted file order, each meeting in one transaction.
  unsigned jobs = 0;
  // Commit a shard after this many of its items (between meetings): what a crash can
  // lose, and the size of Xapian's in-memory batch per shard. 1,000 was fastest and smallest in memory in
  // benchmarks/RESULTS.md (against 3,000 and Xapian's default 10,000); 0 commits
  // only at the end.
  std::size_t commit_every = 1000;
  // A file is skipped, unread, when its size and modification time are those recorded
  // when it was indexed; when only they changed, it is read and its content hash
  // compared, and analysed again only when that differs. true: analyse every file.
  bool force = false;
  // After indexing: remove from the index every source that lies under one of `paths`
  // (whole path components, absolute) and no longer exists as a file. Sources outside
  // them, and under a path that does not exist at all (an unmounted disk), are kept.
  // Not done when cancelled.
  bool prune = false;
};

// Indexes files and directories (recursively, in sorted order). Runs its own threads
// (see IndexOptions); `index` must not be used by other threads meanwhile, while any
// number of read-only Index objects on the same path may search (they see each
// commit whole after reopen()). `progress` and `cancel` are called on the calling
// thread. Files of other
// types are skipped; a file that fails is recorded in IndexSummary::failed and the
// others are still indexed (a file that fails keeps what the index had from it).
// Files unchanged since they were indexed are not analysed again (see
// IndexOptions::force). Commits at the end (and on cancel).
IndexSummary index_paths(Index& index, const std::vector<std::filesystem::path>& paths,
                         const IndexOptions& options = {});

// Reads every table of the index at `path` (each shard) with Xapian's consistency
// checker: slow on a large index, for when a read reported damage. Returns one line
// per problem, naming the database; empty when the index is sound. Throws IndexError
// when `path` is no index.
std::vector<std::string> check_index(const std::filesystem::path& path);

struct CompactSummary {
  std::size_t shards_before = 0;  // the index is one database afterwards
  std::uintmax_t bytes_before = 0;
  std::uintmax_t bytes_after = 0;
};

// Rewrites the index at `path` as one compact Xapian database (xapian-compact's
// merge of all its shards): smaller, and faster to search than several shards; later
// indexing into it has one writer. Holds the write lock throughout (waiting up to
// `wait` for it); readers that have it open keep their old snapshot until reopen().
// Needs free disk for a second copy. Throws IndexError.
CompactSummary compact_index(const std::filesystem::path& path, std::chrono::milliseconds wait = {});

}  // namespace referat
