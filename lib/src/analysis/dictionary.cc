// SPDX-License-Identifier: GPL-3.0-or-later
#include "analysis/dictionary.h"

#include <cstdlib>
#include <fstream>

#include "analysis/analyzer.h"
#include "util/text.h"

namespace referat::analysis {

namespace {

constexpr const char* kDefaultPath = "/usr/share/dict/danish";

}  // namespace

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

void Dictionary::add_lines(std::string_view text) {
  storage_.clear();
  storage_.reserve(text.size() + 1);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> spans;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text::trim(text.substr(start, end - start));
    start = end + 1;
    if (line.empty() || line.find(' ') != std::string_view::npos) continue;
    // wdanish is NFC already; only decomposed lines (combining marks U+0300..U+036F,
    // bytes CC/CD) pay for ICU.
    bool decomposed = line.find('\xCC') != std::string_view::npos || line.find('\xCD') != std::string_view::npos;
    std::size_t at = storage_.size();
    if (decomposed || !fold_latin(line, storage_)) storage_ += fold_case(text::nfc(line));
    spans.emplace_back(static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(storage_.size() - at));
    storage_ += '\n';
  }
  std::size_t slots = 1024;
  while (slots < spans.size() * 2) slots *= 2;
  table_.assign(slots, 0);
  count_ = 0;
  for (auto [at, n] : spans) insert(at, n);
}

std::size_t Dictionary::slot_of(std::string_view word) const {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a
  for (char c : word) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  std::size_t mask = table_.size() - 1;
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    std::uint32_t v = table_[i];
    if (v == 0) return i;
    std::size_t at = v - 1;
    if (storage_.compare(at, word.size(), word) == 0 && storage_[at + word.size()] == '\n') return i;
  }
}

void Dictionary::insert(std::size_t at, std::size_t n) {
  std::size_t slot = slot_of(std::string_view(storage_).substr(at, n));
  if (table_[slot] == 0) {
    table_[slot] = static_cast<std::uint32_t>(at + 1);
    ++count_;
  }
}

bool Dictionary::contains(std::string_view lower) const {
  if (table_.empty() || lower.empty()) return false;
  return table_[slot_of(lower)] != 0;
}

const Dictionary& Dictionary::danish() {
  static const Dictionary* dict = [] {
    auto* d = new Dictionary();
    const char* env = std::getenv("REFERAT_WORDLIST");
    d->path_ = env && *env ? env : kDefaultPath;
    std::ifstream in(d->path_, std::ios::binary | std::ios::ate);
    std::string content;
    if (in) {
      content.assign(static_cast<std::size_t>(in.tellg()), '\0');
      in.seekg(0);
      in.read(content.data(), static_cast<std::streamsize>(content.size()));
      content.resize(static_cast<std::size_t>(in.gcount()));
      content += '\n';
    }
    // Our own additions (lib/data/words.txt), also when the list is missing.
    content += extra_words_data();
    d->add_lines(content);
    return d;
  }();
  return *dict;
}

}  // namespace referat::analysis
