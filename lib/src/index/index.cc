// SPDX-License-Identifier: GPL-3.0-or-later
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <set>
#include <thread>

#include "index/document.h"
#include "index/index_impl.h"
#include "index/schema.h"
#include "index/sources.h"
#include "index/versions.h"
#include "referat/json.h"
#include "segment/merge.h"
#include "referat/error.h"
#include "referat/parse.h"

namespace referat {

void rethrow_index_error(const std::filesystem::path& path, const Xapian::Error& e) {
  const std::string where = "index " + path.string();
  const std::string type = e.get_type();
  if (type == "DatabaseLockError")
    throw IndexError(where + " is locked by another writer (lock file " +
                     (path / "flintlock").string() + "); wait for it to finish, or use --wait SECONDS");
  if (type == "DatabaseCorruptError" || type == "DatabaseError")
    throw IndexError(where + " is damaged (" + e.get_msg() + "); delete it and re-index (`referat check` tells what is damaged)");
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

// Is `path` a Xapian stub file: a regular file of lines "auto|glass|chert|remote ..."
// (comments and blank lines aside)? Reads at most its first 4 KB (a device or a pipe
// given as --db is no stub, and is not read at all).
bool is_stub_file(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return false;
  std::ifstream file(path, std::ios::binary);
  std::string head(4096, '\0');
  file.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(file.gcount()));
  if (head.size() == 4096) head.resize(head.rfind('\n') == std::string::npos ? 0 : head.rfind('\n'));
  std::istringstream stub(head);
  bool any = false;
  for (std::string line; std::getline(stub, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string backend;
    words >> backend;
    if (backend != "auto" && backend != "glass" && backend != "chert" && backend != "remote") return false;
    any = true;
  }
  return any;
}

// A file given where an index directory is wanted: `what` says what to do instead
// with a stub file ("write to one of them", "check each of them").
[[noreturn]] void not_an_index_dir(const fs::path& path, const std::string& what) {
  if (is_stub_file(path))
    throw IndexError(path.string() + " is a stub file naming several indexes; " + what +
                     " (referat --db INDEX ...)");
  throw IndexError(path.string() + " is a file, not an index directory");
}

// An existing index directory, for commands that must not create one (check, compact);
// `what` as for not_an_index_dir.
void require_index_dir(const fs::path& path, const std::string& what) {
  std::error_code ec;
  if (!fs::exists(path, ec))
    throw IndexError("no index at " + path.string() + "; create one with `referat --db " + path.string() +
                     " index FILES...`");
  if (!fs::is_directory(path, ec)) not_an_index_dir(path, what);
  if (!is_database_dir(path))
    throw IndexError(path.string() + " is not a referat index (no Xapian database in it)");
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

// The databases an index directory is made of: its shards, or itself.
std::vector<fs::path> database_dirs(const fs::path& path) {
  std::error_code ec;
  return fs::exists(path / kStubFile, ec) ? read_shard_list(path) : std::vector<fs::path>{path};
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

// Glass never shrinks a table file (freed blocks are reused), so a file smaller than it
// was at the last commit has been truncated: a cheap check on open that catches
// damage Xapian would only report when a read reaches the missing blocks. The sizes
// are recorded after each commit in DIR/referat.sizes ("NAME BYTES" per line; written
// to a temporary file and renamed; a crash before it leaves the older, smaller sizes).
constexpr const char* kSizesFile = "referat.sizes";

void check_table_sizes(const fs::path& root, const fs::path& dir) {
  std::ifstream in(dir / kSizesFile);
  std::string name;
  std::uintmax_t recorded = 0;
  while (in >> name >> recorded) {
    std::error_code ec;
    const std::uintmax_t now = fs::file_size(dir / name, ec);
    if (ec || now < recorded)
      throw IndexError("index " + root.string() + " is damaged (" + (dir / name).string() + " is " +
                       (ec ? std::string("missing") : std::to_string(now) + " bytes") + ", it was " +
                       std::to_string(recorded) + " at the last commit); delete it and re-index");
  }
}

void check_index_files(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return;  // a stub file naming other indexes
  std::vector<fs::path> databases;
  try {
    databases = database_dirs(path);
  } catch (const IndexError&) {
    return;  // a stub of other databases: each checks itself when opened read_write
  }
  for (const fs::path& db : databases) check_table_sizes(path, db);
}

}  // namespace

namespace detail {

void record_table_sizes(const fs::path& dir) {
  std::ostringstream out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.path().extension() == ".glass" && entry.is_regular_file(ec))
      out << entry.path().filename().string() << ' ' << entry.file_size(ec) << '\n';
  const fs::path tmp = dir / (std::string(kSizesFile) + ".tmp");
  {
    std::ofstream file(tmp);
    file << out.str();
    if (!file.flush()) return;  // a missing record only skips the check
  }
  fs::rename(tmp, dir / kSizesFile, ec);
}

}  // namespace detail

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
        throw IndexError(path.string() + " is not a referat index (no Xapian database in it); give --db an index "
                         "directory, or create one with `referat --db " + path.string() + " index FILES...`");
      check_index_files(path);
      try {
        impl_->reader.emplace(path.string());
      } catch (const Xapian::DatabaseOpeningError& e) {
        // A stub file: one of the indexes it names is missing or is no database.
        if (is_stub_file(path))
          throw IndexError("stub file " + path.string() + " names an index that cannot be opened (" + e.get_msg() +
                           "); correct the line or create that index");
        throw;
      }
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
    if (fs::exists(path, ec) && !fs::is_directory(path, ec)) not_an_index_dir(path, "index into or remove from one of them");
    const bool exists = fs::exists(path, ec) && fs::is_directory(path, ec) && !fs::is_empty(path, ec);
    if (exists && !is_database_dir(path))
      throw IndexError(path.string() + " exists and is not a referat index; choose an empty or new directory");
    fs::create_directories(path.parent_path().empty() ? "." : path.parent_path(), ec);
    if (!exists && shards > 1) create_sharded(path, shards);
    impl_->shard_paths = database_dirs(path);
    if (exists) check_index_files(path);
    impl_->reader.emplace();
    for (const fs::path& shard : impl_->shard_paths) {
      current = shard;
      impl_->shards.push_back(open_writer(shard, wait));
      Xapian::WritableDatabase& db = impl_->shards.back();
      check_schema(path, db);
      if (db.get_metadata(schema::kSchemaKey).empty()) {
        db.set_metadata(schema::kSchemaKey, std::string(schema::kSchemaVersion));
        // Committed at once: readers take the version from the first shard, which a
        // crash could otherwise leave without it while another shard has items.
        db.commit();
      }
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
  for (std::size_t k = 0; k < impl_->shards.size(); ++k) {
    try {
      detail::commit_shard(impl_->shards[k], k, impl_->shard_paths[k]);
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

void IndexAccess::release(Index& index) {
  index.impl_->reader.reset();
  index.impl_->shards.clear();
}

namespace {

// For tests/crash: with $REFERAT_TRACE_COMMITS naming a file, each commit appends
// "begin SHARD" before and "end SHARD" after it (one write(2) each, O_APPEND), so the
// crash harness can tell, and choose, kills that land inside a commit.
void trace_commit(const char* what, std::size_t shard) {
  static const int fd = [] {
    const char* path = std::getenv("REFERAT_TRACE_COMMITS");
    return path && *path ? ::open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644) : -1;
  }();
  if (fd < 0) return;
  const std::string line = std::string(what) + " " + std::to_string(shard) + "\n";
  [[maybe_unused]] ssize_t n = ::write(fd, line.data(), line.size());
}

}  // namespace

void commit_shard(Xapian::WritableDatabase& db, std::size_t shard, const std::filesystem::path& dir) {
  trace_commit("begin", shard);
  db.commit();
  trace_commit("end", shard);
  record_table_sizes(dir);
}

void IndexAccess::commit(Index& index, std::size_t shard) {
  try {
    commit_shard(index.impl_->shards.at(shard), shard, index.impl_->shard_paths.at(shard));
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
    // Meetings also read from another source of another format are written merged
    // (index/versions.h): the merged version per meeting, and the metadata to change.
    std::map<std::size_t, PreparedMeeting> merged;
    std::map<std::string, std::string> versions_set;
    std::set<std::string> versions_cleared;  // meeting ids whose versions all go
    std::optional<analysis::Analyzer> merge_analyzer;
    std::set<std::string> meetings_of_file;
    for (std::size_t m = 0; m < file.meetings.size(); ++m) {
      const PreparedMeeting& prepared = file.meetings[m];
      if (shard_of(prepared.meeting_id, nshards) != shard) continue;
      meetings_of_file.insert(prepared.meeting_id);
      std::set<Xapian::docid> from_elsewhere;
      for (Xapian::docid did : postings(schema::kMeeting + prepared.meeting_id))
        if (!before.count(did)) from_elsewhere.insert(did);
      // The other sources' versions that still exist (a source that no longer exists
      // was moved or renamed: its items are replaced).
      std::vector<Meeting> others = index::live_versions(db, prepared.meeting_id, file.source);
      if (others.empty() && !from_elsewhere.empty()) {
        Meeting v = index::meeting_from_documents(db, from_elsewhere);
        if (v.source != file.source && index::source_exists(v.source)) others.push_back(std::move(v));
      }
      // The same meeting id from another document of the same format is two documents
      // naming the same body, date and type: refuse rather than overwrite or mix.
      auto same_format = std::find_if(others.begin(), others.end(), [&](const Meeting& v) {
        return v.format.empty() || v.format == prepared.meeting.format;
      });
      if (same_format != others.end()) {
        result.refused.push_back(file.source + ": meeting id " + prepared.meeting_id + " is already indexed from " +
                                 same_format->source + "; not indexed (both name the same body, date and type)");
        continue;
      }
      before.insert(from_elsewhere.begin(), from_elsewhere.end());
      result.written.push_back(m);
      if (others.empty()) {
        versions_cleared.insert(prepared.meeting_id);
        continue;
      }
      others.push_back(prepared.meeting);
      versions_cleared.insert(prepared.meeting_id);  // then set again, each live source's
      for (const Meeting& v : others) versions_set[index::version_key(prepared.meeting_id, v.source)] = to_json(v);
      if (!merge_analyzer) merge_analyzer.emplace();
      merged.emplace(m, prepare_meeting(segment::merge_versions(others), *merge_analyzer));
    }
    // (sources::touches: the file's stamp is written, or an old one cleared, here too.)
    if (result.written.empty() && before.empty() && !sources::touches(db, shard, nshards, file)) return result;
    db.begin_transaction(false);
    in_transaction = true;
    std::set<Xapian::docid> kept;
    auto write_meeting = [&](const PreparedMeeting& prepared) {
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
    };
    for (std::size_t m : result.written) {
      auto it = merged.find(m);
      write_meeting(it != merged.end() ? it->second : file.meetings[m]);
    }
    // Stale items; a merged meeting this file no longer gives is merged again from its
    // other sources.
    std::set<std::string> orphaned;
    for (Xapian::docid did : before) {
      if (kept.count(did)) continue;
      std::string meeting = index::read_document(db.get_document(did)).meeting_id;
      if (!meetings_of_file.count(meeting)) orphaned.insert(meeting);
      index::forget_spelling(db, did);
      db.delete_document(did);
      ++result.removed;
    }
    for (const std::string& meeting : orphaned) {
      std::vector<Meeting> rest = index::live_versions(db, meeting, file.source);
      versions_cleared.insert(meeting);
      if (rest.empty()) continue;
      if (rest.size() > 1)
        for (const Meeting& v : rest) versions_set[index::version_key(meeting, v.source)] = to_json(v);
      if (!merge_analyzer) merge_analyzer.emplace();
      PreparedMeeting again = prepare_meeting(rest.size() > 1 ? segment::merge_versions(rest) : rest.front(),
                                              *merge_analyzer);
      // Counted as replaced (rewritten without this source), not as removed and added.
      result.removed -= std::min(result.removed, again.documents.size());
      write_meeting(again);
      result.added -= std::min(result.added, again.documents.size());
      result.replaced += again.documents.size();
    }
    for (const std::string& meeting : versions_cleared) index::clear_versions(db, meeting, versions_set);
    for (const auto& [key, value] : versions_set) db.set_metadata(key, value);
    // The source's stamp (index/sources.h), in the transaction of the items it vouches for.
    sources::write(db, shard, nshards, file, result.refused.empty());
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
  // A meeting id: its items and the versions stored for it.
  const std::string meeting(key);
  const std::string meeting_term = schema::kMeeting + meeting;
  std::size_t removed = 0;
  for (std::size_t k = 0; k < impl_->shards.size(); ++k) {
    Xapian::WritableDatabase& db = impl_->shards[k];
    try {
      if (db.get_termfreq(meeting_term) == 0) continue;
      db.begin_transaction(false);
      std::vector<Xapian::docid> docs(db.postlist_begin(meeting_term), db.postlist_end(meeting_term));
      for (Xapian::docid did : docs) {
        index::forget_spelling(db, did);
        db.delete_document(did);
      }
      index::clear_versions(db, meeting);
      db.commit_transaction();
      detail::commit_shard(db, k, impl_->shard_paths[k]);
      removed += docs.size();
    } catch (const Xapian::Error& e) {
      rethrow_index_error(impl_->shard_paths[k], e);
    }
  }
  if (removed) return removed;
  // A source (index/sources.h): as if it were indexed again without meetings, so that
  // a meeting merged from it and another source is merged again from the others.
  detail::ShardResult r = sources::remove(*this, key);
  removed = r.removed + r.replaced;  // replaced: kept, merged from the other sources
  commit();
  return removed;
}

void Index::commit() {
  for (std::size_t k = 0; k < impl_->shards.size(); ++k) detail::IndexAccess::commit(*this, k);
}

void Index::reopen() {
  for (int attempt = 0;; ++attempt) {
    try {
      impl_->db().reopen();
      return;
    } catch (const Xapian::DatabaseModifiedError& e) {
      // A writer committed twice while the shards were being reopened: again.
      if (attempt >= 100) rethrow_index_error(impl_->path, e);
    } catch (const Xapian::Error& e) {
      rethrow_index_error(impl_->path, e);
    }
  }
}

namespace {

// Runs a read, retrying on a fresh snapshot when a writer's commits overtook the one
// this reader had open (Xapian's DatabaseModifiedError): readers never see a mix.
template <typename F>
auto read_retrying(Xapian::Database& db, const std::filesystem::path& path, F&& read) {
  for (int attempt = 0;; ++attempt) {
    try {
      return read(db);
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt >= 200)
        throw IndexError("index " + path.string() + " keeps changing under the reader (" + e.get_msg() + ")");
      // A writer committing faster than this read completes: after a few immediate
      // retries, wait a little (up to 50 ms) for a gap between its commits.
      if (attempt >= 5) std::this_thread::sleep_for(std::chrono::milliseconds(std::min(50, 1 << (attempt - 5))));
      try {
        db.reopen();
      } catch (const Xapian::DatabaseModifiedError&) {
        // Overtaken again while reopening: the next attempt reopens once more.
      } catch (const Xapian::Error& reopen_error) {
        rethrow_index_error(path, reopen_error);
      }
    } catch (const Xapian::Error& e) {
      rethrow_index_error(path, e);
    }
  }
}

}  // namespace

std::optional<StoredItem> Index::get(std::string_view item_id) const {
  return read_retrying(impl_->db(), impl_->path, [&](Xapian::Database& db) -> std::optional<StoredItem> {
    auto doc = index::document_by_id(db, item_id);
    if (!doc) return std::nullopt;
    return index::read_document(*doc);
  });
}

SearchResults Index::search(const SearchOptions& options) const {
  return read_retrying(impl_->db(), impl_->path, [&](Xapian::Database& db) { return query::search(db, options, impl_->remote); });
}

IndexStats Index::stats() const {
  return read_retrying(impl_->db(), impl_->path, [&](Xapian::Database& db) {
    IndexStats s;
    s.items = db.get_doccount();
    s.shards = impl_->shards.empty() ? db.size() : impl_->shards.size();
    for (auto it = db.allterms_begin(schema::kMeeting); it != db.allterms_end(schema::kMeeting); ++it)
      ++s.meetings;
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query::MatchAll);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::ValueCountMatchSpy bodies(schema::kBodySlot), years(schema::kYearSlot), types(schema::kTypeSlot);
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
    // A document has at most one value per slot: the rest have none.
    auto without = [&](const std::map<std::string, std::size_t>& counted) {
      std::size_t sum = 0;
      for (const auto& [value, n] : counted) sum += n;
      return s.items > sum ? s.items - sum : 0;
    };
    s.without = {{"body", without(s.bodies)}, {"year", without(s.years)}, {"type", without(s.types)}};
    return s;
  });
}

std::size_t Index::size() const {
  return read_retrying(impl_->db(), impl_->path, [](Xapian::Database& db) -> std::size_t { return db.get_doccount(); });
}

std::vector<std::string> check_index(const std::filesystem::path& path) {
  std::error_code ec;
  require_index_dir(path, "check each of them");
  std::vector<fs::path> databases = database_dirs(path);
  std::vector<std::string> problems;
  for (const fs::path& db : databases) {
    std::ostringstream report;
    try {
      std::size_t errors = Xapian::Database::check(db.string(), Xapian::DBCHECK_SHORT_TREE, &report);
      if (errors) {
        std::istringstream lines(report.str());
        for (std::string line; std::getline(lines, line);)
          if (!line.empty() && line.find("rror") != std::string::npos) problems.push_back(db.string() + ": " + line);
        if (problems.empty()) problems.push_back(db.string() + ": " + std::to_string(errors) + " errors");
      }
    } catch (const Xapian::Error& e) {
      problems.push_back(db.string() + ": " + e.get_type() + ": " + e.get_msg());
    }
  }
  return problems;
}

namespace {

std::uintmax_t tree_bytes(const fs::path& dir) {
  std::uintmax_t total = 0;
  std::error_code ec;
  for (const auto& entry : fs::recursive_directory_iterator(dir, ec))
    if (entry.is_regular_file(ec)) total += entry.file_size(ec);
  return total;
}

}  // namespace

CompactSummary compact_index(const std::filesystem::path& path, std::chrono::milliseconds wait) {
  CompactSummary summary;
  // Compacting what is not there is an error, not a reason to create an empty index.
  require_index_dir(path, "compact each of them");
  // Holding the index open for writing keeps other writers out while it is rebuilt.
  Index writer(path, Index::Mode::read_write, wait);
  writer.commit();
  summary.shards_before = detail::IndexAccess::shard_count(writer);
  summary.bytes_before = tree_bytes(path);
  const fs::path parent = fs::absolute(path).parent_path();
  const std::string name = fs::absolute(path).filename().string();
  const fs::path fresh = parent / ("." + name + ".compacting");
  const fs::path old = parent / ("." + name + ".old");
  std::error_code ec;
  fs::remove_all(fresh, ec);
  fs::remove_all(old, ec);
  try {
    Xapian::Database all(path.string());
    all.compact(fresh.string());
  } catch (const Xapian::Error& e) {
    fs::remove_all(fresh, ec);
    rethrow_index_error(path, e);
  }
  detail::record_table_sizes(fresh);
  summary.bytes_after = tree_bytes(fresh);
  // Swap: readers that have the old files open keep reading them until they reopen.
  fs::rename(path, old, ec);
  if (ec) {
    fs::remove_all(fresh, ec);
    throw IndexError("index " + path.string() + ": cannot move it aside to compact (" + ec.message() + ")");
  }
  fs::rename(fresh, path, ec);
  if (ec) {
    std::error_code back;
    fs::rename(old, path, back);
    throw IndexError("index " + path.string() + ": cannot put the compacted index in place (" + ec.message() + ")");
  }
  detail::IndexAccess::release(writer);  // its databases are the old ones: nothing to commit
  fs::remove_all(old, ec);
  return summary;
}

}  // namespace referat
