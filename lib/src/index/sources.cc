// SPDX-License-Identifier: GPL-3.0-or-later
#include "index/sources.h"

#include <chrono>
#include <set>
#include <sstream>

#include "analysis/analyzer.h"
#include "index/document.h"
#include "index/index_impl.h"
#include "index/schema.h"
#include "util/text.h"

namespace referat {

namespace detail {

// Declared with the other IndexAccess functions in index_impl.h; defined here, where
// it is used, to keep index.cc about writing items.
Xapian::WritableDatabase& IndexAccess::writer(Index& index, std::size_t shard) {
  return index.impl_->shards.at(shard);
}

}  // namespace detail

namespace sources {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kPrefix = "referat.source\x1f";
constexpr int kFormat = 2;

std::string stamp_key(std::string_view source) { return schema::source_key(kPrefix, source); }

// Does the shard have anything of `source`: items, or a stamp (a shard may hold the
// stamp without items)?
bool holds(const Xapian::Database& db, std::string_view source) {
  return db.term_exists(schema::source_term(source)) || has_stamp(db, source);
}

// One shard's copy of a stamp.
struct Record {
  std::string path;
  Stamp stamp;
  std::size_t shards = 0;  // the index's shard count when stamped
  std::set<std::size_t> in;
  Xapian::doccount items = 0;
  std::string made;  // made_by() when stamped; empty for format 1

  // Everything but `items`, which is per shard.
  bool same_stamp(const Record& o) const {
    return path == o.path && stamp == o.stamp && shards == o.shards && in == o.in && made == o.made;
  }
};

std::string encode(const Record& r) {
  std::ostringstream out;
  out << kFormat << ' ' << r.stamp.size << ' ' << r.stamp.mtime_ns << ' ' << r.stamp.hash << ' '
      << (r.stamp.racy ? 1 : 0) << ' ' << r.shards << ' ';
  const char* sep = "";
  for (std::size_t k : r.in) out << std::exchange(sep, ",") << k;
  out << ' ' << r.items << ' ' << r.made << '\n' << r.path;
  return out.str();
}

// nullopt for an empty value (no stamp) and for one this version cannot read (then the
// file is simply read again, and the stamp rewritten).
std::optional<Record> decode(const std::string& value) {
  const std::size_t eol = value.find('\n');
  if (eol == std::string::npos) return std::nullopt;
  std::istringstream head(value.substr(0, eol));
  Record r;
  int format = 0, racy = 0;
  std::string in;
  if (!(head >> format >> r.stamp.size >> r.stamp.mtime_ns >> r.stamp.hash >> racy >> r.shards >>
        in >> r.items) ||
      format < 1 || format > kFormat)
    return std::nullopt;
  if (format >= 2) head >> r.made;  // none (restamped from format 1): made by an unknown revision
  r.stamp.racy = racy != 0;
  std::istringstream shards(in);
  for (std::string k; std::getline(shards, k, ',');) {
    try {
      r.in.insert(std::stoul(k));
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  r.path = value.substr(eol + 1);
  return r;
}

std::optional<Record> read_record(const Xapian::Database& db, std::string_view source) {
  auto r = decode(db.get_metadata(stamp_key(source)));
  if (r && r->path != source) return std::nullopt;  // two long paths of the same hash
  return r;
}

// The shards a file's stamp lives in: the source's home shard and its meetings' shards.
std::set<std::size_t> shards_of(const detail::PreparedFile& file, std::size_t nshards) {
  std::set<std::size_t> in{detail::shard_of(file.source, nshards)};
  for (const auto& m : file.meetings) in.insert(detail::shard_of(m.meeting_id, nshards));
  return in;
}

std::int64_t nanoseconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
}

}  // namespace

std::optional<Stamp> stat_file(const fs::path& file) {
  std::error_code ec;
  Stamp s;
  s.size = fs::file_size(file, ec);
  if (ec) return std::nullopt;
  const fs::file_time_type mtime = fs::last_write_time(file, ec);
  if (ec) return std::nullopt;
  s.mtime_ns = nanoseconds(std::chrono::file_clock::to_sys(mtime));
  const std::int64_t now = nanoseconds(std::chrono::system_clock::now());
  s.racy = s.mtime_ns > now - std::int64_t{kRacySeconds} * 1'000'000'000;
  return s;
}

std::string content_hash(std::string_view bytes) {
  constexpr std::size_t kBlock = 1 << 20;
  std::string hashes;
  for (std::size_t at = 0; at < bytes.size(); at += kBlock) hashes += text::hash_hex(bytes.substr(at, kBlock));
  return text::hash_hex(hashes);
}

const std::string& made_by() {
  static const std::string made =
      std::to_string(schema::kIndexingRevision) + "-" + analysis::data_fingerprint();
  return made;
}

Known lookup(Index& index, const std::string& source) {
  const std::size_t n = detail::IndexAccess::shard_count(index);
  const std::string term = schema::source_term(source);
  Known known;
  try {
    for (std::size_t k = 0; k < n && !known.indexed; ++k) {
      const Xapian::WritableDatabase& db = detail::IndexAccess::writer(index, k);
      known.indexed = holds(db, source);
    }
    if (!known.indexed) return known;
    const auto home =
        read_record(detail::IndexAccess::writer(index, detail::shard_of(source, n)), source);
    if (!home || home->shards != n || !home->in.count(detail::shard_of(source, n))) return known;
    for (std::size_t k : home->in) {
      if (k >= n) return known;
      const Xapian::WritableDatabase& db = detail::IndexAccess::writer(index, k);
      const auto copy = read_record(db, source);
      if (!copy || !copy->same_stamp(*home) || copy->items != db.get_termfreq(term)) return known;
    }
    if (home->made != made_by()) {
      known.made_otherwise = true;
      return known;
    }
    known.stamp = home->stamp;
  } catch (const Xapian::Error& e) {
    rethrow_index_error(index.path(), e);
  }
  return known;
}

bool touches(const Xapian::WritableDatabase& db, std::size_t shard, std::size_t nshards,
             const detail::PreparedFile& file) {
  return (file.stamp && shards_of(file, nshards).count(shard)) || has_stamp(db, file.source);
}

void write(Xapian::WritableDatabase& db, std::size_t shard, std::size_t nshards,
           const detail::PreparedFile& file, bool complete) {
  const std::string key = stamp_key(file.source);
  std::set<std::size_t> in = shards_of(file, nshards);
  if (file.stamp && complete && in.count(shard)) {
    Record r;
    r.path = file.source;
    r.stamp = *file.stamp;
    r.shards = nshards;
    r.in = std::move(in);
    // Read inside the transaction: a WritableDatabase counts its pending changes.
    r.items = db.get_termfreq(schema::source_term(file.source));
    r.made = made_by();
    db.set_metadata(key, encode(r));
  } else if (!db.get_metadata(key).empty()) {
    db.set_metadata(key, "");
  }
}

bool restamp(Xapian::WritableDatabase& db, const std::string& source, const Stamp& now) {
  auto r = read_record(db, source);
  if (!r) return false;
  r->stamp = now;
  db.set_metadata(stamp_key(source), encode(*r));
  return true;
}

bool has_stamp(const Xapian::Database& db, std::string_view source) {
  return !db.get_metadata(stamp_key(source)).empty();
}

std::vector<std::string> indexed_sources(Index& index) {
  std::set<std::string> out;
  const std::string prefix = schema::kSource;
  try {
    for (std::size_t k = 0; k < detail::IndexAccess::shard_count(index); ++k) {
      const Xapian::WritableDatabase& db = detail::IndexAccess::writer(index, k);
      for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
        const std::string term = *t;
        if (!term.starts_with(prefix + "#")) {
          out.insert(term.substr(prefix.size()));
          continue;
        }
        // A hashed long path: one of the items carrying it names it in full.
        auto doc = db.postlist_begin(term);
        if (doc == db.postlist_end(term)) continue;
        const StoredItem stored = index::read_document(db.get_document(*doc));
        std::vector<std::string> named = stored.meeting.sources;
        named.push_back(stored.meeting.source);
        for (const auto& s : named)
          if (schema::source_term(s) == term) out.insert(s);
      }
      for (auto key = db.metadata_keys_begin(std::string(kPrefix));
           key != db.metadata_keys_end(std::string(kPrefix)); ++key)
        if (auto r = decode(db.get_metadata(*key))) out.insert(r->path);
    }
  } catch (const Xapian::Error& e) {
    rethrow_index_error(index.path(), e);
  }
  return {out.begin(), out.end()};
}

bool under(const fs::path& source, const fs::path& root) {
  auto s = source.begin();
  for (const fs::path& part : root) {
    if (part.empty()) continue;  // the empty last element of "/a/b/"
    if (s == source.end() || *s != part) return false;
    ++s;
  }
  return true;
}

detail::ShardResult remove(Index& index, std::string_view source) {
  // As if the source were indexed again without meetings, so that a meeting merged
  // from it and another source is merged again from the others.
  detail::PreparedFile gone;
  gone.source = std::string(source);
  detail::ShardResult total;
  for (std::size_t k = 0; k < detail::IndexAccess::shard_count(index); ++k) {
    bool there = false;
    try {
      const Xapian::WritableDatabase& db = detail::IndexAccess::writer(index, k);
      there = holds(db, source);
    } catch (const Xapian::Error& e) {
      rethrow_index_error(index.path(), e);
    }
    if (!there) continue;
    detail::ShardResult r = detail::IndexAccess::apply(index, k, gone);
    total.removed += r.removed;
    total.replaced += r.replaced;
  }
  return total;
}

}  // namespace sources
}  // namespace referat
