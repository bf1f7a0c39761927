// SPDX-License-Identifier: GPL-3.0-or-later
//
// A meeting read from several sources of different formats (a PDF and the meeting
// system's XML export of the same minutes) is stored once, merged
// (segment/merge.h), its items carrying every source's term. Each source's own
// version is kept in the shard's metadata, so that re-indexing or removing one source
// can merge the others again:
//   "referat.version\x1f" + meeting id + "\x1f" + hash of the source → to_json(version)
// A meeting read from one source has no versions stored: its items are its version.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include <xapian.h>

#include "referat/meeting.h"

namespace referat::index {

std::string version_prefix(const std::string& meeting_id);
std::string version_key(const std::string& meeting_id, const std::string& source);

// The stored versions of a meeting (empty when it has one source).
std::vector<Meeting> stored_versions(const Xapian::Database& db, const std::string& meeting_id);

// The stored versions of a meeting from sources other than `except` that still exist
// (source_exists): the ones a merge keeps.
std::vector<Meeting> live_versions(const Xapian::Database& db, const std::string& meeting_id,
                                   const std::string& except);

// Deletes the stored versions of a meeting, except the keys in `keep` (set next).
void clear_versions(Xapian::WritableDatabase& db, const std::string& meeting_id,
                    const std::map<std::string, std::string>& keep = {});

// A meeting rebuilt from its stored items (`docs`, any order), as one version.
Meeting meeting_from_documents(const Xapian::Database& db, const std::set<Xapian::docid>& docs);

// Is `source` a file that still exists? A version whose source is gone (moved,
// renamed, deleted) gives way to the others.
bool source_exists(const std::string& source);

}  // namespace referat::index
