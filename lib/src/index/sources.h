// SPDX-License-Identifier: GPL-3.0-or-later
//
// Source stamps: what each indexed file was when it was indexed, so that index_paths
// can skip files that did not change. Kept in the shards' metadata:
//   "referat.source\x1f" + source path (or "#" + hash_hex(path) when longer than 200
//   bytes, a Xapian key's limit) →
//   "2 SIZE MTIME HASH RACY SHARDS IN ITEMS MADE\n" + the source path
// (a format version, MTIME in ns since 1970, RACY 0 or 1, IN as "0,2", MADE what made
// the items: made_by(); the path last and as is, since a file name need not be valid
// UTF-8). Format 1 had no MADE: such stamps read as made by an unknown revision.
// `hash` is content_hash() of the bytes. `in` lists the shards holding the stamp: the
// source's home shard (shard_of(source)) and the shards of its meetings. Each shard's
// copy is written in the same transaction as that shard's items of the file, with
// `items` = the shard's items carrying the source's term afterwards. A stamp is trusted
// only when every shard in `in` holds the same stamp and the item counts still hold,
// and `shards` is the index's shard count: a crash between two shards' commits, a
// meeting removed by id, items taken over by a moved file, a compacted index or a
// write by anything that does not stamp (Index::add, older versions of referat) all
// leave a stamp that is not trusted, and the file is read again. Old indexes without
// stamps read fine (every file is re-analysed once), so the schema version stays.
// Neither is a stamp made by another indexing revision or analysis data (MADE): the
// file is re-analysed, whatever its content, so that an upgrade of referat that
// segments or analyses differently is applied by the next `referat index`.
//
// A file's mtime can repeat after a change on a coarse clock (within one tick of the
// filesystem's timestamp). A stamp whose mtime was less than kRacySeconds old when the
// file was read is marked racy (as git does): its size and mtime prove nothing and
// the next run compares the content hash.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace referat {

class Index;

namespace detail {
struct PreparedFile;
struct ShardResult;
}

namespace sources {

inline constexpr int kRacySeconds = 2;

// schema::kIndexingRevision and analysis::data_fingerprint(), as stamps record them
// ("1-0123456789abcdef").
const std::string& made_by();

// A source file as it was (or is) on disk.
struct Stamp {
  std::uintmax_t size = 0;
  std::int64_t mtime_ns = 0;  // since 1970-01-01 UTC
  std::string hash;           // content_hash(); empty until the file is read
  bool racy = false;          // mtime too recent to trust when stamped (see above)

  bool operator==(const Stamp&) const = default;

  // Same size and mtime, both not racy: unchanged without reading the file.
  bool same_metadata(const Stamp& other) const {
    return !racy && !other.racy && size == other.size && mtime_ns == other.mtime_ns;
  }
};

// Size and mtime of `file` now (hash empty), racy when the mtime is recent or in the
// future. nullopt when it cannot be read (parse_file then reports why).
std::optional<Stamp> stat_file(const std::filesystem::path& file);

// FNV-1a 64 (util/text.h hash_hex) of the hex hashes of the document's successive
// 1 MiB blocks (the value stamps have always held).
std::string content_hash(std::string_view bytes);

// What the index knows of a source before it is indexed again.
struct Known {
  std::optional<Stamp> stamp;  // the stamp, when it can be trusted (see above)
  bool indexed = false;        // the index has items or a stamp from it
  bool made_otherwise = false;  // its stamp holds, but another revision made the items
};

// Reads the source's stamp from every shard of `index` (read_write). Not thread-safe
// with writers of the same index.
Known lookup(Index& index, const std::string& source);

// --- writing; each function touches one shard's database only -----------------------

// True when applying `file` to `shard` writes or clears a stamp: the file carries a
// stamp and `shard` is one of its shards, or the shard holds a stamp for the source.
bool touches(const Xapian::WritableDatabase& db, std::size_t shard, std::size_t nshards,
             const detail::PreparedFile& file);

// Inside the transaction that writes the file's items to `shard`: stamps the source
// (when the file carries a stamp, `shard` is one of its shards and `complete`, i.e.
// no meeting of the file was refused in this shard) or else clears its stamp, so that
// the file is read again next time.
void write(Xapian::WritableDatabase& db, std::size_t shard, std::size_t nshards,
           const detail::PreparedFile& file, bool complete);

// A file whose content did not change but whose size, mtime or racy mark did: updates
// the stamp in `shard` (when it has one), keeping its items. Returns true if it did.
bool restamp(Xapian::WritableDatabase& db, const std::string& source, const Stamp& now);

// Whether `db` holds a stamp for `source`.
bool has_stamp(const Xapian::Database& db, std::string_view source);

// --- removing ------------------------------------------------------------------------

// Every source the index holds items or a stamp from, as stored (each once, sorted).
std::vector<std::string> indexed_sources(Index& index);

// Is `source` (an absolute path) `root` or under it, comparing whole path components
// ("/a/b" holds "/a/b/c.pdf", not "/a/bc.pdf")? Both are absolute and normalised.
bool under(const std::filesystem::path& source, const std::filesystem::path& root);

// Removes the items and stamps of `source` from every shard, each shard's part in one
// transaction, without committing (index_paths prunes many sources, then commits once).
// A meeting merged from it and another source is merged again from the others and
// kept. Returns what the shards did: items deleted (`removed`) and items rewritten
// without the source (`replaced`). Index::remove and index_paths' prune share it.
detail::ShardResult remove(Index& index, std::string_view source);

}  // namespace sources
}  // namespace referat
