// SPDX-License-Identifier: GPL-3.0-or-later
//
// index_paths: walk files and directories, parse, index, report.
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "analysis/analyzer.h"
#include "index/index_impl.h"
#include "index/sources.h"
#include "referat/error.h"
#include "referat/index.h"
#include "referat/parse.h"
#include "segment/read.h"

namespace referat {

namespace {

namespace fs = std::filesystem;

// Regular files under `paths`, sorted, each once. Symbolic links to directories are
// followed unless they lead back into a directory being walked (a loop, reported as
// a failure) or to one walked already (skipped: its files are in). Dangling links and
// unreadable directories are reported as failures.
std::vector<fs::path> collect(const std::vector<fs::path>& paths, std::vector<IndexFailure>& failed) {
  std::vector<fs::path> files;
  std::set<fs::path> visited;    // canonical directories walked
  std::set<fs::path> ancestors;  // canonical directories being walked
  auto walk = [&](auto& self, const fs::path& dir) -> void {
    std::error_code ec;
    fs::path canonical = fs::canonical(dir, ec);
    if (ec) {
      failed.push_back({dir.string(), "cannot read directory: " + ec.message()});
      return;
    }
    if (ancestors.count(canonical)) {
      failed.push_back({dir.string(), "symbolic link loop (leads back to " + canonical.string() + "), not followed"});
      return;
    }
    if (!visited.insert(canonical).second) return;
    ancestors.insert(canonical);
    fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) {
      failed.push_back({dir.string(), "cannot read directory: " + ec.message()});
      return;
    }
    std::vector<fs::path> entries;
    for (; it != end; it.increment(ec)) {
      if (ec) {
        failed.push_back({dir.string(), "cannot read directory: " + ec.message()});
        break;
      }
      entries.push_back(it->path());
    }
    for (const fs::path& entry : entries) {
      std::error_code sec;
      const bool link = fs::is_symlink(fs::symlink_status(entry, sec));
      fs::file_status st = fs::status(entry, sec);
      if (sec) {
        failed.push_back({entry.string(), link ? (sec == std::errc::too_many_symbolic_link_levels
                                                      ? "symbolic link loop, not followed"
                                                      : "dangling symbolic link (" + sec.message() + ")")
                                               : "cannot read: " + sec.message()});
        continue;
      }
      if (fs::is_directory(st)) self(self, entry);
      else if (fs::is_regular_file(st)) files.push_back(fs::absolute(entry).lexically_normal());
    }
    ancestors.erase(canonical);
  };
  for (const auto& root : paths) {
    std::error_code ec;
    auto status = fs::status(root, ec);
    if (ec || !fs::exists(status)) {
      failed.push_back({root.string(), ec == std::errc::too_many_symbolic_link_levels ? "symbolic link loop"
                                                                                       : "no such file or directory"});
      continue;
    }
    if (!fs::is_directory(status)) {
      files.push_back(fs::absolute(root).lexically_normal());
      continue;
    }
    walk(walk, root);
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

}  // namespace

namespace {

// What a worker made of one file, for the shard writers to apply in file order.
struct FileWork {
  bool ready = false;
  bool skipped = false;
  bool unchanged = false;  // as when indexed: nothing to apply
  std::optional<sources::Stamp> restamp;  // unchanged, but its stamp is to be updated
  std::string error;  // set when the file failed
  detail::PreparedFile file;
  std::vector<detail::ShardResult> results;  // per shard, once applied
  std::size_t shards_done = 0;
};

// `known`: what the index has from the file (its stamp only when it is to be trusted).
void prepare_file(const fs::path& file, const sources::Known& known, analysis::Analyzer& analyzer,
                  FileWork& work) {
  if (!is_supported_file(file)) {
    work.skipped = true;
    return;
  }
  work.file.source = file.string();
  // Unchanged by size and mtime, unread; or by content, when only they changed. A file
  // that cannot be stat'ed is left to read_document to report.
  std::optional<sources::Stamp> now = sources::stat_file(file);
  if (now && known.stamp && now->same_metadata(*known.stamp)) {
    work.unchanged = true;
    return;
  }
  try {
    // Read once: hashed, then (when changed) parsed from the same bytes.
    const std::string bytes = segment::read_document(file);
    if (now) now->hash = sources::content_hash(bytes);
    if (now && known.stamp && now->hash == known.stamp->hash) {
      work.unchanged = true;
      if (*now != *known.stamp) work.restamp = std::move(now);
      return;
    }
    work.file.stamp = std::move(now);
    for (Meeting& meeting : parse_text(bytes, file.string())) {
      work.file.meetings.push_back(detail::prepare_meeting(std::move(meeting), analyzer));
      work.file.source = work.file.meetings.back().meeting.source;
    }
  } catch (const ParseError& e) {
    work.error = e.what();
  } catch (const std::exception& e) {
    work.error = std::string("cannot be indexed: ") + e.what();
  }
  if (!work.error.empty()) work.file.meetings.clear();
}

// IndexOptions::prune: removes the indexed sources under `roots` that are no longer
// files. Adds to the summary's counts.
void prune(Index& index, const std::vector<fs::path>& roots, IndexSummary& summary) {
  std::vector<fs::path> within;
  for (const fs::path& root : roots) {
    std::error_code ec;
    // A root that is gone says nothing about its files (an unmounted disk, a typo):
    // nothing under it is removed. collect() has reported it.
    if (fs::exists(root, ec)) within.push_back(fs::absolute(root).lexically_normal());
  }
  if (within.empty()) return;
  for (const std::string& source : sources::indexed_sources(index)) {
    const fs::path path(source);
    // Relative paths and other ids (Index::add takes any) are not files under a root.
    if (!path.is_absolute() ||
        std::none_of(within.begin(), within.end(), [&](const fs::path& root) { return sources::under(path, root); }))
      continue;
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    // Kept unless known to be gone: a file we may not stat (permissions) may well exist.
    if (st.type() != fs::file_type::not_found && (ec || fs::is_regular_file(st))) continue;
    summary.items_pruned += sources::remove(index, source).removed;
    ++summary.files_pruned;
  }
}

}  // namespace

// Three kinds of threads: `jobs` workers parse and analyse files ahead of the writers,
// one writer per shard applies every file (its share of it) in sorted order, and this
// thread releases files to the writers (checking `cancel`), then reports each file
// once all shards have applied it. At most `window` files are in flight, so memory
// stays bounded.
IndexSummary index_paths(Index& index, const std::vector<fs::path>& paths, const IndexOptions& options) {
  using clock = std::chrono::steady_clock;
  const auto start = clock::now();
  IndexSummary summary;
  std::vector<fs::path> files = collect(paths, summary.failed);
  IndexProgress progress;
  progress.files_total = files.size();

  const std::size_t nshards = detail::IndexAccess::shard_count(index);
  if (nshards == 0) throw IndexError("index " + index.path().string() + " is open read-only");
  unsigned jobs = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, std::max<std::size_t>(files.size(), 1)));
  // 8 files per thread: measured on 10k items against 4 and 16 (RESULTS.md).
  const std::size_t window = 8 * (static_cast<std::size_t>(jobs) + nshards);
  // What the index has from each file, read before the threads write to it.
  std::vector<sources::Known> known(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (!is_supported_file(files[i])) continue;
    known[i] = sources::lookup(index, files[i].string());
    if (options.force) known[i].stamp.reset();
  }
  std::vector<FileWork> work(files.size());
  std::mutex mutex;
  std::condition_variable ready_cv, room_cv, done_cv;
  std::size_t next = 0;      // next file for a worker
  std::size_t released = 0;  // files the writers may apply
  std::size_t reported = 0;  // files done and reported
  bool stop = false;
  std::exception_ptr failure;

  auto worker = [&] {
    analysis::Analyzer analyzer;
    for (;;) {
      std::size_t i;
      {
        std::unique_lock lock(mutex);
        room_cv.wait(lock, [&] { return stop || next >= files.size() || next < reported + window; });
        if (stop || next >= files.size()) return;
        i = next++;
      }
      FileWork result;
      prepare_file(files[i], known[i], analyzer, result);
      {
        std::lock_guard lock(mutex);
        result.results.resize(nshards);
        work[i] = std::move(result);
        work[i].ready = true;
      }
      ready_cv.notify_all();
    }
  };

  auto writer = [&](std::size_t shard) {
    std::size_t uncommitted = 0;
    try {
      for (std::size_t i = 0;; ++i) {
        const FileWork* current;
        {
          std::unique_lock lock(mutex);
          ready_cv.wait(lock, [&] { return stop || (i < released && work[i].ready); });
          if (stop) break;
          current = &work[i];
        }
        // `work[i]` is not moved or freed until every writer is done with it.
        detail::ShardResult r;
        if (current->restamp) {
          try {
            sources::restamp(detail::IndexAccess::writer(index, shard), current->file.source, *current->restamp);
          } catch (const Xapian::Error& e) {
            rethrow_index_error(index.path(), e);
          }
        } else if (!current->skipped && !current->unchanged && current->error.empty()) {
          r = detail::IndexAccess::apply(index, shard, current->file);
          uncommitted += r.added + r.replaced + r.removed;
          if (options.commit_every && uncommitted >= options.commit_every) {
            detail::IndexAccess::commit(index, shard);
            uncommitted = 0;
          }
        }
        {
          std::lock_guard lock(mutex);
          work[i].results[shard] = std::move(r);
          ++work[i].shards_done;
        }
        done_cv.notify_all();
      }
      detail::IndexAccess::commit(index, shard);
    } catch (...) {
      {
        std::lock_guard lock(mutex);
        if (!failure) failure = std::current_exception();
        stop = true;
      }
      ready_cv.notify_all();
      room_cv.notify_all();
      done_cv.notify_all();
    }
  };

  std::vector<std::thread> threads;
  for (unsigned k = 0; k < jobs; ++k) threads.emplace_back(worker);
  for (std::size_t k = 0; k < nshards; ++k) threads.emplace_back(writer, k);
  auto finish = [&] {
    {
      std::lock_guard lock(mutex);
      stop = true;
    }
    room_cv.notify_all();
    ready_cv.notify_all();
    for (auto& t : threads) t.join();
    threads.clear();
  };

  try {
    bool cancelled = false;
    for (std::size_t i = 0; i < files.size(); ++i) {
      // Release files to the writers up to the window; `cancel` is asked once per file.
      while (!cancelled && released < files.size() && released < i + window) {
        if (options.cancel && options.cancel()) {
          cancelled = summary.cancelled = true;
          break;
        }
        {
          std::lock_guard lock(mutex);
          ++released;
        }
        ready_cv.notify_all();
      }
      if (!cancelled && options.cancel && options.cancel()) cancelled = summary.cancelled = true;
      if (i >= released) break;
      FileWork current;
      {
        std::unique_lock lock(mutex);
        done_cv.wait(lock, [&] { return failure || work[i].shards_done == nshards; });
        if (failure) break;
        current = std::move(work[i]);
        work[i] = FileWork();
        reported = i + 1;
      }
      room_cv.notify_all();
      const fs::path& file = files[i];
      ++summary.files;
      if (current.skipped) {
        ++summary.skipped;
      } else if (current.unchanged) {
        ++summary.files_unchanged;
      } else if (!current.error.empty()) {
        summary.failed.push_back({file.string(), current.error});
      } else {
        std::vector<bool> written(current.file.meetings.size());
        bool refused = false;
        for (const auto& r : current.results) {
          for (const auto& message : r.refused) summary.failed.push_back({file.string(), message});
          refused = refused || !r.refused.empty();
          for (std::size_t m : r.written) written[m] = true;
          summary.added += r.added;
          summary.replaced += r.replaced;
          summary.removed += r.removed;
          progress.items += r.added + r.replaced;
        }
        // A file none of whose meetings could be written is a failure (named above),
        // not also a new or changed file.
        const bool none_written = refused && std::none_of(written.begin(), written.end(), [](bool w) { return w; });
        if (none_written) {
          // counted by its failure lines only
        } else if (!known[i].indexed) {
          ++summary.files_new;
        } else if (known[i].made_otherwise) {
          ++summary.files_reanalysed;
        } else {
          ++summary.files_changed;
        }
        for (std::size_t m = 0; m < written.size(); ++m) {
          if (!written[m]) continue;
          ++summary.meetings;
          for (const auto& w : current.file.meetings[m].meeting.warnings) summary.warnings.push_back({file.string(), w});
        }
      }
      ++progress.files_done;
      progress.current = file.string();
      progress.seconds = std::chrono::duration<double>(clock::now() - start).count();
      if (options.progress) options.progress(progress);
    }
  } catch (...) {
    finish();
    throw;
  }
  finish();
  if (failure) std::rethrow_exception(failure);
  if (options.prune && !summary.cancelled) prune(index, paths, summary);
  index.commit();
  summary.seconds = std::chrono::duration<double>(clock::now() - start).count();
  return summary;
}

}  // namespace referat
