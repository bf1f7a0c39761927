// SPDX-License-Identifier: GPL-3.0-or-later
//
// index_paths: walk files and directories, parse, index, report.
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "analysis/analyzer.h"
#include "index/index_impl.h"
#include "referat/error.h"
#include "referat/index.h"
#include "referat/parse.h"

namespace referat {

namespace {

namespace fs = std::filesystem;

// Regular files under `paths`, sorted, each once. Directory symlinks are not
// followed (no loops); unreadable directories are reported as failures.
std::vector<fs::path> collect(const std::vector<fs::path>& paths, std::vector<IndexFailure>& failed) {
  std::vector<fs::path> files;
  for (const auto& root : paths) {
    std::error_code ec;
    auto status = fs::status(root, ec);
    if (ec || !fs::exists(status)) {
      failed.push_back({root.string(), "no such file or directory"});
      continue;
    }
    if (!fs::is_directory(status)) {
      files.push_back(fs::absolute(root).lexically_normal());
      continue;
    }
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) {
      failed.push_back({root.string(), "cannot read directory: " + ec.message()});
      continue;
    }
    for (; it != end; it.increment(ec)) {
      if (ec) {
        failed.push_back({it->path().string(), "cannot read directory: " + ec.message()});
        ec.clear();
        continue;
      }
      if (it->is_regular_file(ec)) files.push_back(fs::absolute(it->path()).lexically_normal());
    }
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

}  // namespace

namespace {

// What a worker made of one file, for the writer to apply in file order.
struct FileWork {
  bool ready = false;
  bool skipped = false;
  std::string error;  // set when the file failed
  std::vector<detail::PreparedMeeting> meetings;
};

void prepare_file(const fs::path& file, analysis::Analyzer& analyzer, FileWork& work) {
  if (!is_supported_file(file)) {
    work.skipped = true;
    return;
  }
  try {
    for (Meeting& meeting : parse_file(file)) work.meetings.push_back(detail::prepare_meeting(std::move(meeting), analyzer));
  } catch (const ParseError& e) {
    work.error = e.what();
  } catch (const std::exception& e) {
    work.error = std::string("cannot be indexed: ") + e.what();
  }
  if (!work.error.empty()) work.meetings.clear();
}

}  // namespace

IndexSummary index_paths(Index& index, const std::vector<fs::path>& paths, const IndexOptions& options) {
  using clock = std::chrono::steady_clock;
  const auto start = clock::now();
  IndexSummary summary;
  std::vector<fs::path> files = collect(paths, summary.failed);
  IndexProgress progress;
  progress.files_total = files.size();

  // Workers parse and analyse files ahead of the writer (this thread), at most
  // `window` files ahead so memory stays bounded; the writer applies them in order.
  unsigned jobs = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, std::max<std::size_t>(files.size(), 1)));
  const std::size_t window = 4 * static_cast<std::size_t>(jobs);
  std::vector<FileWork> work(files.size());
  std::mutex mutex;
  std::condition_variable ready_cv, room_cv;
  std::size_t next = 0, applied = 0, uncommitted = 0;
  bool stop = false;
  auto worker = [&] {
    analysis::Analyzer analyzer;
    for (;;) {
      std::size_t i;
      {
        std::unique_lock lock(mutex);
        room_cv.wait(lock, [&] { return stop || next >= files.size() || next < applied + window; });
        if (stop || next >= files.size()) return;
        i = next++;
      }
      FileWork result;
      prepare_file(files[i], analyzer, result);
      {
        std::lock_guard lock(mutex);
        work[i] = std::move(result);
        work[i].ready = true;
      }
      ready_cv.notify_all();
    }
  };
  std::vector<std::thread> threads;
  for (unsigned k = 0; k < jobs; ++k) threads.emplace_back(worker);
  auto finish = [&] {
    {
      std::lock_guard lock(mutex);
      stop = true;
    }
    room_cv.notify_all();
    for (auto& t : threads) t.join();
    threads.clear();
  };

  try {
    for (std::size_t i = 0; i < files.size(); ++i) {
      if (options.cancel && options.cancel()) {
        summary.cancelled = true;
        break;
      }
      FileWork current;
      {
        std::unique_lock lock(mutex);
        ready_cv.wait(lock, [&] { return work[i].ready; });
        current = std::move(work[i]);
        work[i] = FileWork();
        applied = i + 1;
      }
      room_cv.notify_all();
      const fs::path& file = files[i];
      ++summary.files;
      if (current.skipped) {
        ++summary.skipped;
      } else if (!current.error.empty()) {
        summary.failed.push_back({file.string(), current.error});
      } else {
        try {
          for (auto& prepared : current.meetings) {
            for (const auto& w : prepared.meeting.warnings) summary.warnings.push_back({file.string(), w});
            AddResult r = detail::IndexAccess::add_prepared(index, prepared);
            uncommitted += r.added + r.replaced + r.removed;
            if (options.commit_every && uncommitted >= options.commit_every) {
              index.commit();
              uncommitted = 0;
            }
            ++summary.meetings;
            summary.added += r.added;
            summary.replaced += r.replaced;
            summary.removed += r.removed;
            progress.items += r.added + r.replaced;
          }
        } catch (const ParseError& e) {
          summary.failed.push_back({file.string(), e.what()});
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
  index.commit();
  summary.seconds = std::chrono::duration<double>(clock::now() - start).count();
  return summary;
}

}  // namespace referat
