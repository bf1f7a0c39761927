// SPDX-License-Identifier: GPL-3.0-or-later
//
// index_paths: walk files and directories, parse, index, report.
#include <algorithm>
#include <chrono>

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

IndexSummary index_paths(Index& index, const std::vector<fs::path>& paths, const IndexOptions& options) {
  using clock = std::chrono::steady_clock;
  const auto start = clock::now();
  IndexSummary summary;
  std::vector<fs::path> files = collect(paths, summary.failed);
  IndexProgress progress;
  progress.files_total = files.size();
  for (const auto& file : files) {
    if (options.cancel && options.cancel()) {
      summary.cancelled = true;
      break;
    }
    ++summary.files;
    if (!is_supported_file(file)) {
      ++summary.skipped;
    } else {
      try {
        for (const Meeting& meeting : parse_file(file)) {
          for (const auto& w : meeting.warnings) summary.warnings.push_back({file.string(), w});
          AddResult r = index.add(meeting);
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
  index.commit();
  summary.seconds = std::chrono::duration<double>(clock::now() - start).count();
  return summary;
}

}  // namespace referat
