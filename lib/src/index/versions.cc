// SPDX-License-Identifier: GPL-3.0-or-later
#include "index/versions.h"

#include <algorithm>
#include <filesystem>

#include "index/document.h"
#include "util/text.h"

namespace referat::index {

std::string version_prefix(const std::string& meeting_id) { return "referat.version\x1f" + meeting_id + "\x1f"; }

std::string version_key(const std::string& meeting_id, const std::string& source) {
  return version_prefix(meeting_id) + text::hash_hex(source);
}

std::vector<Meeting> stored_versions(const Xapian::Database& db, const std::string& meeting_id) {
  std::vector<Meeting> out;
  const std::string prefix = version_prefix(meeting_id);
  for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it)
    if (auto m = meeting_from_json(db.get_metadata(*it))) out.push_back(std::move(*m));
  return out;
}

std::vector<Meeting> live_versions(const Xapian::Database& db, const std::string& meeting_id,
                                   const std::string& except) {
  std::vector<Meeting> out;
  for (Meeting& v : stored_versions(db, meeting_id))
    if (v.source != except && source_exists(v.source)) out.push_back(std::move(v));
  return out;
}

void clear_versions(Xapian::WritableDatabase& db, const std::string& meeting_id,
                    const std::map<std::string, std::string>& keep) {
  const std::string prefix = version_prefix(meeting_id);
  // Collected first: the key iterator does not survive changes to the metadata.
  std::vector<std::string> keys(db.metadata_keys_begin(prefix), db.metadata_keys_end(prefix));
  for (const auto& key : keys)
    if (!keep.count(key)) db.set_metadata(key, "");
}

Meeting meeting_from_documents(const Xapian::Database& db, const std::set<Xapian::docid>& docs) {
  Meeting meeting;
  bool first = true;
  for (Xapian::docid did : docs) {
    StoredItem stored = read_document(db.get_document(did));
    if (first) {
      meeting = std::move(stored.meeting);
      first = false;
    }
    meeting.items.push_back(std::move(stored.item));
  }
  std::stable_sort(meeting.items.begin(), meeting.items.end(), [](const Item& a, const Item& b) {
    return item_sort_key(a.number) < item_sort_key(b.number);
  });
  return meeting;
}

bool source_exists(const std::string& source) {
  std::error_code ec;
  return std::filesystem::is_regular_file(source, ec);
}

}  // namespace referat::index
