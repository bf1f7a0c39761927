// SPDX-License-Identifier: GPL-3.0-or-later
#include "analysis/dictionary.h"

#include <cstdlib>
#include <cstring>

#include "util/text.h"

namespace referat::analysis {

namespace {

// Appends the lower case of s to out when every letter is Latin-1; false (out
// unchanged past its old size) when ICU is needed.
bool fold_latin(std::string_view s, std::string& out) {
  std::size_t old = out.size();
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : static_cast<char>(c);
    } else if (c == 0xC3 && i + 1 < s.size()) {
      // U+00C0..U+00DE (À..Þ but ×) lower case is +0x20: Æ Ø Å É Ü …
      unsigned char d = static_cast<unsigned char>(s[i + 1]);
      out += static_cast<char>(c);
      out += (d >= 0x80 && d <= 0x9E && d != 0x97) ? static_cast<char>(d + 0x20) : static_cast<char>(d);
      ++i;
    } else if (c == 0xC2 && i + 1 < s.size()) {
      out += s.substr(i, 2);
      ++i;
    } else {
      out.resize(old);
      return false;
    }
  }
  return true;
}

}  // namespace

std::string fold_case(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  if (!fold_latin(s, out)) return text::lower(s);  // beyond Latin-1: ICU knows the rules
  return out;
}

Dictionary::Dictionary(const std::vector<std::string>& words) {
  std::string joined;
  for (const auto& w : words) joined += w + "\n";
  add_lines(joined);
}

Dictionary& Dictionary::operator=(Dictionary&& other) noexcept {
  bool owned = !other.owned_table_.empty();
  owned_storage_ = std::move(other.owned_storage_);
  owned_table_ = std::move(other.owned_table_);
  storage_ = owned ? std::string_view(owned_storage_) : other.storage_;
  table_ = owned ? owned_table_.data() : other.table_;
  slots_ = other.slots_;
  count_ = other.count_;
  path_ = std::move(other.path_);
  return *this;
}

Dictionary Dictionary::from_lines(std::string_view text, std::string path) {
  Dictionary d;
  d.add_lines(text);
  d.path_ = std::move(path);
  return d;
}

void Dictionary::add_lines(std::string_view text) {
  owned_storage_.clear();
  owned_storage_.reserve(text.size() + 1);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> spans;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text::trim(text.substr(start, end - start));
    start = end + 1;
    if (line.empty() || line[0] == '#' || line.find(' ') != std::string_view::npos) continue;
    // wdanish is NFC already; only decomposed lines (combining marks U+0300..U+036F,
    // bytes CC/CD) pay for ICU.
    bool decomposed = line.find('\xCC') != std::string_view::npos || line.find('\xCD') != std::string_view::npos;
    std::size_t at = owned_storage_.size();
    if (decomposed || !fold_latin(line, owned_storage_)) owned_storage_ += fold_case(text::nfc(line));
    spans.emplace_back(static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(owned_storage_.size() - at));
    owned_storage_ += '\n';
  }
  storage_ = owned_storage_;
  slots_ = 1024;
  while (slots_ < spans.size() * 2) slots_ *= 2;
  owned_table_.assign(slots_, 0);
  table_ = owned_table_.data();
  count_ = 0;
  for (auto [at, n] : spans) insert(at, n);
}

std::size_t Dictionary::slot_of(std::string_view word) const {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a
  for (char c : word) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  std::size_t mask = slots_ - 1;
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    std::uint32_t v = table_[i];
    if (v == 0) return i;
    std::size_t at = v - 1;
    if (storage_.compare(at, word.size(), word) == 0 && storage_[at + word.size()] == '\n') return i;
  }
}

void Dictionary::insert(std::size_t at, std::size_t n) {
  std::size_t slot = slot_of(storage_.substr(at, n));
  if (owned_table_[slot] == 0) {
    owned_table_[slot] = static_cast<std::uint32_t>(at + 1);
    ++count_;
  }
}

bool Dictionary::contains(std::string_view lower) const {
  if (slots_ == 0 || lower.empty()) return false;
  return table_[slot_of(lower)] != 0;
}

// Blob layout (little-endian, as the machine that builds the library):
//   "REFDIC01" | u64 count | u64 slots | u64 storage bytes | u32 table[slots] | storage
namespace {
constexpr std::string_view kMagic = "REFDIC01";
}

void Dictionary::write(std::ostream& out) const {
  std::uint64_t header[3] = {count_, slots_, storage_.size()};
  out.write(kMagic.data(), static_cast<std::streamsize>(kMagic.size()));
  out.write(reinterpret_cast<const char*>(header), sizeof header);
  out.write(reinterpret_cast<const char*>(table_), static_cast<std::streamsize>(slots_ * sizeof(std::uint32_t)));
  out.write(storage_.data(), static_cast<std::streamsize>(storage_.size()));
}

Dictionary Dictionary::from_blob(std::string_view blob, std::string path) {
  Dictionary d;
  d.path_ = std::move(path);
  std::uint64_t header[3];
  if (blob.size() < kMagic.size() + sizeof header || !blob.starts_with(kMagic)) return d;
  std::memcpy(header, blob.data() + kMagic.size(), sizeof header);
  std::size_t table_at = kMagic.size() + sizeof header;
  std::size_t storage_at = table_at + header[1] * sizeof(std::uint32_t);
  if (header[1] == 0 || (header[1] & (header[1] - 1)) != 0 || storage_at + header[2] != blob.size()) return d;
  if (reinterpret_cast<std::uintptr_t>(blob.data() + table_at) % alignof(std::uint32_t) != 0) return d;
  d.count_ = header[0];
  d.slots_ = header[1];
  d.table_ = reinterpret_cast<const std::uint32_t*>(blob.data() + table_at);
  d.storage_ = blob.substr(storage_at);
  return d;
}

}  // namespace referat::analysis
