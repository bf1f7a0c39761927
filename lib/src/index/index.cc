// SPDX-License-Identifier: GPL-3.0-or-later
#include <fstream>
#include <sstream>
#include <set>
#include <thread>

#include "index/document.h"
#include "index/index_impl.h"
#include "index/schema.h"
#include "referat/error.h"
#include "referat/parse.h"

namespace referat {

void rethrow_index_error(const std::filesystem::path& path, const Xapian::Error& e) {
  const std::string where = "index " + path.string();
  const std::string type = e.get_type();
  if (type == "DatabaseLockError")
    throw IndexError(where + " is locked by another writer (lock file " +
                     (path / "flintlock").string() + "); wait for it to finish, or use --wait SECONDS");
  if (type == "DatabaseCorruptError")
    throw IndexError(where + " is damaged (" + e.get_msg() + "); delete it and re-index");
  if (type == "DatabaseOpeningError" || type == "DatabaseVersionError" ||
      type == "DatabaseNotFoundError")
    throw IndexError(where + " cannot be opened (" + e.get_msg() +
                     "); is it a referat index? Re-create it with `referat index`");
  throw IndexError(where + ": " + e.get_description());
}

namespace {

void check_schema(const std::filesystem::path& path, Xapian::Database& db) {
  std::string version = db.get_metadata(schema::kSchemaKey);
  if (version.empty() && db.get_doccount() == 0) return;  // new, empty index
  if (version != schema::kSchemaVersion)
    throw IndexError("index " + path.string() + " has schema version '" +
                     (version.empty() ? std::string("none") : version) + "', this referat reads '" +
                     std::string(schema::kSchemaVersion) + "'; delete it and re-index");
}

}  // namespace

namespace {

namespace fs = std::filesystem;

constexpr const char* kStubFile = "XAPIANDB";

bool is_database_dir(const fs::path& dir) {
  std::error_code ec;
  return fs::exists(dir / "iamglass", ec) || fs::exists(dir / "iamchert", ec) || fs::exists(dir / kStubFile, ec);
}

// The shard directories named by the index's own stub file, relative to the index.
std::vector<fs::path> read_shard_list(const fs::path& path) {
  std::ifstream stub(path / kStubFile);
  std::vector<fs::path> shards;
  for (std::string line; std::getline(stub, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string backend, name;
    words >> backend >> name;
    if ((backend != "glass" && backend != "auto") || name.empty() || fs::path(name).is_absolute() ||
        name.find("..") != std::string::npos)
      throw IndexError("index " + path.string() + " has a stub file naming other databases (" + line +
                       "); only an index's own shards can be written; search it with --db instead");
    shards.push_back(path / name);
  }
  if (shards.empty()) throw IndexError("index " + path.string() + " has an empty stub file " + kStubFile);
  return shards;
}

// Creates a new index of `shards` shards: the stub file first (atomically), so that a
// crash leaves either nothing or a stub whose missing shards are created on open.
void create_sharded(const fs::path& path, unsigned shards) {
  fs::create_directories(path);
  const fs::path tmp = path / (std::string(kStubFile) + ".tmp");
  {
    std::ofstream out(tmp);
    for (unsigned k = 0; k < shards; ++k) out << "glass shard" << k << '\n';
    if (!out.flush()) throw IndexError("cannot write " + tmp.string());
  }
  fs::rename(tmp, path / kStubFile);
}

Xapian::WritableDatabase open_writer(const fs::path& path, std::chrono::milliseconds wait) {
  // Another writer holds the lock: try again until `wait` has passed.
  const auto deadline = std::chrono::steady_clock::now() + wait;
  for (;;) {
    try {
      return Xapian::WritableDatabase(path.string(), Xapian::DB_CREATE_OR_OPEN);
    } catch (const Xapian::DatabaseLockError&) {
      if (std::chrono::steady_clock::now() >= deadline) throw;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
}

}  // namespace

Index::Index(const std::filesystem::path& path, Mode mode, std::chrono::milliseconds wait, unsigned shards)
    : impl_(std::make_unique<Impl>()) {
  impl_->path = path;
  impl_->mode = mode;
  std::error_code ec;
  fs::path current = path;  // what a Xapian error is about
  try {
    if (mode == Mode::read_only) {
      if (!fs::exists(path, ec))
        throw IndexError("no index at " + path.string() +
                         "; create one with `referat index --db " + path.string() + " FILES...`");
      if (fs::is_directory(path, ec) && !is_database_dir(path))
        throw IndexError(path.string() + " is not a referat index (no Xapian database in it)");
      impl_->reader.emplace(path.string());
      if (fs::is_regular_file(path, ec)) {
        // A stub file (Xapian's: "auto PATH", "remote HOST:PORT" per line) opens
        // several indexes as one; remote shards need facets counted apart.
        std::ifstream stub(path);
        for (std::string line; std::getline(stub, line);)
          if (line.starts_with("remote")) impl_->remote = true;
      }
      check_schema(path, *impl_->reader);
      return;
    }
    if (shards < 1 || shards > 64) throw IndexError("an index has 1 to 64 shards, not " + std::to_string(shards));
    if (fs::is_regular_file(path, ec))
      throw IndexError(path.string() +
                       " is a stub file naming several indexes; index into one of them (a directory)");
    const bool exists = fs::exists(path, ec) && fs::is_directory(path, ec) && !fs::is_empty(path, ec);
    if (exists && !is_database_dir(path))
      throw IndexError(path.string() + " exists and is not a referat index; choose an empty or new directory");
    fs::create_directories(path.parent_path().empty() ? "." : path.parent_path(), ec);
    if (!exists && shards > 1) create_sharded(path, shards);
    impl_->shard_paths = fs::exists(path / kStubFile, ec) ? read_shard_list(path) : std::vector<fs::path>{path};
    impl_->reader.emplace();
    for (const fs::path& shard : impl_->shard_paths) {
      current = shard;
      impl_->shards.push_back(open_writer(shard, wait));
      Xapian::WritableDatabase& db = impl_->shards.back();
      check_schema(path, db);
      if (db.get_metadata(schema::kSchemaKey).empty())
        db.set_metadata(schema::kSchemaKey, std::string(schema::kSchemaVersion));
      impl_->reader->add_database(db);
    }
    impl_->analyzer = std::make_unique<analysis::Analyzer>();
  } catch (const Xapian::Error& e) {
    rethrow_index_error(current, e);
  } catch (const fs::filesystem_error& e) {
    throw IndexError("index " + path.string() + ": " + e.what());
  }
}

Index::~Index() {
  if (!impl_) return;
  for (auto& shard : impl_->shards) {
    try {
      shard.commit();
    } catch (...) {
      // A destructor must not throw; an uncommitted batch is simply not written.
    }
  }
}

Index::Index(Index&&) noexcept = default;
Index& Index::operator=(Index&&) noexcept = default;

const std::filesystem::path& Index::path() const { return impl_->path; }

namespace detail {

PreparedMeeting prepare_meeting(Meeting meeting, analysis::Analyzer& analyzer) {
  PreparedMeeting p;
  p.meeting_id = meeting_id(meeting);
  p.ids = item_ids(meeting);
  for (std::size_t i = 0; i < meeting.items.size(); ++i) {
    p.documents.push_back(index::make_document(meeting, i, p.ids[i], analyzer));
    p.spelling.push_back(analyzer.take_spelling_words());
  }
  p.meeting = std::move(meeting);
  return p;
}

std::size_t shard_of(std::string_view meeting_id, std::size_t shards) {
  std::uint32_t h = 2166136261u;
  for (unsigned char c : meeting_id) {
    h ^= c;
    h *= 16777619u;
  }
  return shards <= 1 ? 0 : h % shards;
}

std::size_t IndexAccess::shard_count(const Index& index) { return index.impl_->shards.size(); }

void IndexAccess::commit(Index& index, std::size_t shard) {
  try {
    index.impl_->shards.at(shard).commit();
  } catch (const Xapian::Error& e) {
    rethrow_index_error(index.impl_->shard_paths.at(shard), e);
  }
}

ShardResult IndexAccess::apply(Index& index, std::size_t shard, const PreparedFile& file) {
  Index::Impl& impl = *index.impl_;
  if (impl.shards.empty()) throw IndexError("index " + impl.path.string() + " is open read-only");
  Xapian::WritableDatabase& db = impl.shards.at(shard);
  const std::size_t nshards = impl.shards.size();
  ShardResult result;
  bool in_transaction = false;
  try {
    auto postings = [&](const std::string& term) {
      std::set<Xapian::docid> out;
      for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) out.insert(*it);
      return out;
    };
    // What this shard had from the source: every item of it that the new version
    // does not write again is stale. (All of them belong to meetings of this shard.)
    std::set<Xapian::docid> before = postings(schema::source_term(file.source));
    for (std::size_t m = 0; m < file.meetings.size(); ++m) {
      const PreparedMeeting& prepared = file.meetings[m];
      if (shard_of(prepared.meeting_id, nshards) != shard) continue;
      // The same meeting id from another document that still exists is two documents
      // naming the same body, date and type: refuse rather than overwrite. (A source
      // that no longer exists was moved or renamed: its items are replaced.)
      std::vector<Xapian::docid> from_elsewhere;
      std::string conflict;
      for (Xapian::docid did : postings(schema::kMeeting + prepared.meeting_id)) {
        if (before.count(did)) continue;
        from_elsewhere.push_back(did);
        std::string other = index::read_document(db.get_document(did)).meeting.source;
        std::error_code ec;
        if (conflict.empty() && other != file.source && std::filesystem::is_regular_file(other, ec))
          conflict = other;
      }
      if (!conflict.empty()) {
        result.refused.push_back(file.source + ": meeting id " + prepared.meeting_id + " is already indexed from " +
                                 conflict + "; not indexed (both name the same body, date and type)");
        continue;
      }
      before.insert(from_elsewhere.begin(), from_elsewhere.end());
      result.written.push_back(m);
    }
    if (result.written.empty() && before.empty()) return result;
    db.begin_transaction(false);
    in_transaction = true;
    std::set<Xapian::docid> kept;
    for (std::size_t m : result.written) {
      const PreparedMeeting& prepared = file.meetings[m];
      for (std::size_t i = 0; i < prepared.documents.size(); ++i) {
        std::string idterm = schema::kId + prepared.ids[i];
        bool existed = false;
        for (auto it = db.postlist_begin(idterm); it != db.postlist_end(idterm); ++it) {
          index::forget_spelling(db, *it);
          existed = true;
        }
        Xapian::docid did = db.replace_document(idterm, prepared.documents[i]);
        for (const auto& word : prepared.spelling[i]) db.add_spelling(word);
        kept.insert(did);
        ++(existed ? result.replaced : result.added);
      }
    }
    for (Xapian::docid did : before) {
      if (kept.count(did)) continue;
      index::forget_spelling(db, did);
      db.delete_document(did);
      ++result.removed;
    }
    db.commit_transaction();
    in_transaction = false;
  } catch (const Xapian::Error& e) {
    if (in_transaction) {
      try {
        db.cancel_transaction();
      } catch (const Xapian::Error&) {
        // Already failing; the original error is the one to report.
      }
    }
    rethrow_index_error(impl.shard_paths.at(shard), e);
  }
  return result;
}

}  // namespace detail

AddResult Index::add(const Meeting& meeting) {
  if (impl_->shards.empty()) throw IndexError("index " + impl_->path.string() + " is open read-only");
  detail::PreparedFile file;
  file.source = meeting.source;
  file.meetings.push_back(detail::prepare_meeting(meeting, *impl_->analyzer));
  AddResult result;
  result.meeting_id = file.meetings.front().meeting_id;
  // The meeting's own shard first: a refusal there writes nothing anywhere.
  const std::size_t n = impl_->shards.size();
  const std::size_t home = detail::shard_of(result.meeting_id, n);
  for (std::size_t step = 0; step < n; ++step) {
    const std::size_t k = (home + step) % n;
    detail::ShardResult r = detail::IndexAccess::apply(*this, k, file);
    if (!r.refused.empty()) throw ParseError(r.refused.front());
    result.added += r.added;
    result.replaced += r.replaced;
    result.removed += r.removed;
  }
  return result;
}

std::size_t Index::remove(std::string_view key) {
  if (impl_->shards.empty()) throw IndexError("index " + impl_->path.string() + " is open read-only");
  for (const std::string& term : {schema::kMeeting + std::string(key), schema::source_term(key)}) {
    std::size_t removed = 0;
    for (std::size_t k = 0; k < impl_->shards.size(); ++k) {
      Xapian::WritableDatabase& db = impl_->shards[k];
      try {
        if (db.get_termfreq(term) == 0) continue;
        db.begin_transaction(false);
        std::vector<Xapian::docid> docs(db.postlist_begin(term), db.postlist_end(term));
        for (Xapian::docid did : docs) {
          index::forget_spelling(db, did);
          db.delete_document(did);
        }
        db.commit_transaction();
        db.commit();
        removed += docs.size();
      } catch (const Xapian::Error& e) {
        rethrow_index_error(impl_->shard_paths[k], e);
      }
    }
    if (removed) return removed;
  }
  return 0;
}

void Index::commit() {
  for (std::size_t k = 0; k < impl_->shards.size(); ++k) detail::IndexAccess::commit(*this, k);
}

void Index::reopen() {
  try {
    impl_->db().reopen();
  } catch (const Xapian::Error& e) {
    rethrow_index_error(impl_->path, e);
  }
}

std::optional<StoredItem> Index::get(std::string_view item_id) const {
  try {
    Xapian::Database& db = impl_->db();
    std::string term = schema::kId;
    term += item_id;
    auto it = db.postlist_begin(term);
    if (it == db.postlist_end(term)) return std::nullopt;
    return index::read_document(db.get_document(*it));
  } catch (const Xapian::Error& e) {
    rethrow_index_error(impl_->path, e);
  }
}

SearchResults Index::search(const SearchOptions& options) const {
  for (int attempt = 0;; ++attempt) {
    try {
      return query::search(impl_->db(), options, impl_->remote);
    } catch (const Xapian::DatabaseModifiedError&) {
      // A writer committed while we read: take the new snapshot and try again.
      if (attempt >= 3) throw IndexError("index " + impl_->path.string() + " keeps changing under the search");
      impl_->db().reopen();
    } catch (const Xapian::Error& e) {
      rethrow_index_error(impl_->path, e);
    }
  }
}

IndexStats Index::stats() const {
  IndexStats s;
  try {
    Xapian::Database& db = impl_->db();
    s.items = db.get_doccount();
    s.shards = impl_->shards.empty() ? db.size() : impl_->shards.size();
    for (auto it = db.allterms_begin(schema::kMeeting); it != db.allterms_end(schema::kMeeting); ++it)
      ++s.meetings;
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query::MatchAll);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::ValueCountMatchSpy bodies(schema::kBodySlot), years(schema::kYearSlot),
        types(schema::kTypeSlot);
    enquire.add_matchspy(&bodies);
    enquire.add_matchspy(&years);
    enquire.add_matchspy(&types);
    enquire.get_mset(0, 0, db.get_doccount());
    auto fill = [](Xapian::ValueCountMatchSpy& spy, std::map<std::string, std::size_t>& into) {
      for (auto it = spy.values_begin(); it != spy.values_end(); ++it)
        if (!(*it).empty()) into[*it] = it.get_termfreq();
    };
    fill(bodies, s.bodies);
    fill(years, s.years);
    fill(types, s.types);
  } catch (const Xapian::Error& e) {
    rethrow_index_error(impl_->path, e);
  }
  return s;
}

std::size_t Index::size() const {
  try {
    return impl_->db().get_doccount();
  } catch (const Xapian::Error& e) {
    rethrow_index_error(impl_->path, e);
  }
}

}  // namespace referat
