// SPDX-License-Identifier: GPL-3.0-or-later
#include <fstream>
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

Index::Index(const std::filesystem::path& path, Mode mode, std::chrono::milliseconds wait)
    : impl_(std::make_unique<Impl>()) {
  impl_->path = path;
  impl_->mode = mode;
  std::error_code ec;
  try {
    if (mode == Mode::read_only) {
      if (!std::filesystem::exists(path, ec))
        throw IndexError("no index at " + path.string() +
                         "; create one with `referat index --db " + path.string() + " FILES...`");
      if (!std::filesystem::exists(path / "iamglass", ec) &&
          !std::filesystem::exists(path / "iamchert", ec) && std::filesystem::is_directory(path, ec))
        throw IndexError(path.string() + " is not a referat index (no Xapian database in it)");
      impl_->reader.emplace(path.string());
      if (std::filesystem::is_regular_file(path, ec)) {
        // A stub file (Xapian's: "auto PATH", "remote HOST:PORT" per line) opens
        // several indexes as one; remote shards need facets counted apart.
        std::ifstream stub(path);
        for (std::string line; std::getline(stub, line);)
          if (line.starts_with("remote")) impl_->remote = true;
      }
    } else {
      if (std::filesystem::is_regular_file(path, ec))
        throw IndexError(path.string() +
                         " is a stub file naming several indexes; index into one of them (a directory)");
      if (std::filesystem::exists(path, ec) && std::filesystem::is_directory(path, ec) &&
          !std::filesystem::is_empty(path, ec) && !std::filesystem::exists(path / "iamglass", ec) &&
          !std::filesystem::exists(path / "iamchert", ec))
        throw IndexError(path.string() +
                         " exists and is not a referat index; choose an empty or new directory");
      std::filesystem::create_directories(path.parent_path().empty() ? "." : path.parent_path(), ec);
      // Another writer holds the lock: try again until `wait` has passed.
      const auto deadline = std::chrono::steady_clock::now() + wait;
      for (;;) {
        try {
          impl_->writer.emplace(path.string(), Xapian::DB_CREATE_OR_OPEN);
          break;
        } catch (const Xapian::DatabaseLockError&) {
          if (std::chrono::steady_clock::now() >= deadline) throw;
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
      }
      impl_->analyzer = std::make_unique<analysis::Analyzer>();
    }
    check_schema(path, impl_->db());
    if (impl_->writer && impl_->writer->get_metadata(schema::kSchemaKey).empty())
      impl_->writer->set_metadata(schema::kSchemaKey, std::string(schema::kSchemaVersion));
  } catch (const Xapian::Error& e) {
    rethrow_index_error(path, e);
  }
}

Index::~Index() {
  if (impl_ && impl_->writer) {
    try {
      impl_->writer->commit();
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

}  // namespace detail

AddResult Index::add(const Meeting& meeting) {
  if (!impl_->writer) throw IndexError("index " + impl_->path.string() + " is open read-only");
  detail::PreparedMeeting prepared = detail::prepare_meeting(meeting, *impl_->analyzer);
  return detail::IndexAccess::add_prepared(*this, prepared);
}

AddResult detail::IndexAccess::add_prepared(Index& index, PreparedMeeting& prepared) {
  Index::Impl& impl = *index.impl_;
  if (!impl.writer) throw IndexError("index " + impl.path.string() + " is open read-only");
  Xapian::WritableDatabase& db = *impl.writer;
  const Meeting& meeting = prepared.meeting;
  const auto& ids = prepared.ids;
  AddResult result;
  result.meeting_id = prepared.meeting_id;
  bool in_transaction = false;
  try {
    // Items this meeting or this source had before: what the new version lacks is stale.
    auto postings = [&](const std::string& term) {
      std::set<Xapian::docid> out;
      for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) out.insert(*it);
      return out;
    };
    std::set<Xapian::docid> before = postings(schema::source_term(meeting.source));
    std::vector<Xapian::docid> from_elsewhere;
    for (Xapian::docid did : postings(schema::kMeeting + result.meeting_id))
      if (before.insert(did).second) from_elsewhere.push_back(did);
    // The same meeting id from another document that still exists is two documents
    // naming the same body, date and type: refuse rather than overwrite. (A source
    // that no longer exists was moved or renamed: its items are replaced.)
    for (Xapian::docid did : from_elsewhere) {
      std::string other = index::read_document(db.get_document(did)).meeting.source;
      std::error_code ec;
      if (other != meeting.source && std::filesystem::is_regular_file(other, ec))
        throw ParseError(meeting.source + ": meeting id " + result.meeting_id + " is already indexed from " +
                         other + "; not indexed (both name the same body, date and type)");
    }
    db.begin_transaction(false);
    in_transaction = true;
    std::set<Xapian::docid> kept;
    for (std::size_t i = 0; i < meeting.items.size(); ++i) {
      std::string idterm = schema::kId + ids[i];
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
    rethrow_index_error(impl.path, e);
  }
  return result;
}

std::size_t Index::remove(std::string_view key) {
  if (!impl_->writer) throw IndexError("index " + impl_->path.string() + " is open read-only");
  Xapian::WritableDatabase& db = *impl_->writer;
  try {
    for (const std::string& term : {schema::kMeeting + std::string(key), schema::source_term(key)}) {
      std::size_t n = db.get_termfreq(term);
      if (n == 0) continue;
      db.begin_transaction(false);
      std::vector<Xapian::docid> docs(db.postlist_begin(term), db.postlist_end(term));
      for (Xapian::docid did : docs) {
        index::forget_spelling(db, did);
        db.delete_document(did);
      }
      db.commit_transaction();
      db.commit();
      return n;
    }
  } catch (const Xapian::Error& e) {
    rethrow_index_error(impl_->path, e);
  }
  return 0;
}

void Index::commit() {
  if (!impl_->writer) return;
  try {
    impl_->writer->commit();
  } catch (const Xapian::Error& e) {
    rethrow_index_error(impl_->path, e);
  }
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
