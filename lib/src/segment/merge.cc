// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/merge.h"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace referat::segment {

namespace {

std::size_t base_of(const std::vector<Meeting>& versions) {
  std::size_t best = 0;
  auto rank = [](const Meeting& m) { return std::make_pair(m.format == "xml" ? 1 : 0, m.items.size()); };
  for (std::size_t k = 1; k < versions.size(); ++k)
    if (rank(versions[k]) > rank(versions[best])) best = k;
  return best;
}

template <typename T>
void fill(std::optional<T>& into, const std::optional<T>& from) {
  if (!into && from) into = from;
}

}  // namespace

Meeting merge_versions(const std::vector<Meeting>& versions) {
  if (versions.empty()) throw std::invalid_argument("merge_versions: no versions");
  const std::size_t base = base_of(versions);
  Meeting out = versions[base];
  out.sources = {out.source};
  for (std::size_t k = 0; k < versions.size(); ++k) {
    if (k == base) continue;
    const Meeting& other = versions[k];
    for (const std::string& s : other.sources.empty() ? std::vector<std::string>{other.source} : other.sources)
      if (std::find(out.sources.begin(), out.sources.end(), s) == out.sources.end()) out.sources.push_back(s);
    fill(out.time, other.time);
    fill(out.location, other.location);
    if (out.participants.empty()) out.participants = other.participants;
    if (out.absent.empty()) out.absent = other.absent;
    if (out.officials.empty()) out.officials = other.officials;
    std::map<std::string, const Item*> by_number;
    for (const Item& item : other.items) by_number.emplace(item.number, &item);
    for (Item& item : out.items) {
      auto it = by_number.find(item.number);
      if (it == by_number.end()) continue;
      const Item& same = *it->second;
      fill(item.page, same.page);
      fill(item.last_page, same.last_page);
      fill(item.case_number, same.case_number);
      fill(item.document_number, same.document_number);
      fill(item.kle, same.kle);
      by_number.erase(it);
    }
    for (const Item& item : other.items)
      if (by_number.count(item.number)) out.items.push_back(item);
  }
  if (out.sources.size() == 1) out.sources.clear();
  return out;
}

}  // namespace referat::segment
