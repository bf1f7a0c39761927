// SPDX-License-Identifier: GPL-3.0-or-later
#include "analysis/compounds.h"

#include <algorithm>
#include <iterator>
#include <optional>

namespace referat::analysis {

namespace {

constexpr std::size_t kMinKnownCompoundLetters = 12;
constexpr std::size_t kMaxLetters = 60;
constexpr std::size_t kMaxParts = 5;
constexpr std::size_t kMinLastPart = 3;
constexpr std::size_t kMinPart = 4;
constexpr std::size_t kMinShortPart = 2;
constexpr std::size_t kMinShortPartKnown = 3;

// Bound prefixes that are also words: "for|handlingerne" is not a compound.
bool bound_prefix(std::string_view part) {
  return part == "for" || part == "fore" || part == "und" || part == "mis" || part == "van" ||
         part == "ube" || part == "ind";
}

// Endings that are also (short) words of the list: "blufærdig|hed", "organ|isat|ion",
// "påankning|ens", "naturvidenskab|lig" are a word and its suffix or inflection, not
// two words. A part is never one of them.
bool bound_suffix(std::string_view part) {
  static constexpr std::string_view kSuffixes[] = {"hed", "ion", "isat", "lig", "lige", "ligt", "sen", "ser", "ens",
                                                   "des", "gen", "gel", "ken", "ter", "tre", "eri", "else", "elser"};
  return std::find(std::begin(kSuffixes), std::end(kSuffixes), part) != std::end(kSuffixes);
}

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Code point boundaries of s, with s.size() last.
std::vector<std::size_t> boundaries(std::string_view s) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (!is_continuation(s[i])) out.push_back(i);
  out.push_back(s.size());
  return out;
}

bool letters_only(std::string_view s) {
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x80 && !(u >= 'a' && u <= 'z')) return false;
  }
  return true;
}

struct Cost {
  std::size_t parts = 0, shorts = 0, links = 0;
  bool operator<(const Cost& o) const {
    if (parts != o.parts) return parts < o.parts;
    if (shorts != o.shorts) return shorts < o.shorts;
    return links > o.links;  // velfærd|s|teknologi before velfærds|teknologi: clean parts
  }
};

struct Solution {
  Cost cost;
  std::vector<std::size_t> cuts;  // (begin, end) code point index pairs of each part
};

class Splitter {
 public:
  Splitter(std::string_view word, const Dictionary& dict, bool known)
      : word_(word), dict_(dict), min_part_(known ? kMinShortPartKnown : kMinShortPart), at_(boundaries(word)),
        memo_(at_.size()), done_(at_.size(), false) {}

  // Best decomposition of the code points [i, end) into 1+ parts; with
  // `whole = false`, into 2+ parts (a known word is not its own split).
  std::optional<Solution> best_from(std::size_t i, bool whole) {
    const std::size_t n = at_.size() - 1;
    std::optional<Solution> best;
    if (whole && n - i >= kMinLastPart && is_word(i, n)) best = Solution{{1, 0, 0}, {i, n}};
    for (std::size_t j = i + min_part_; j + kMinLastPart <= n; ++j) {
      if (!is_word(i, j)) continue;
      bool is_short = j - i < kMinPart;
      if (is_short && bound_prefix(part_view(i, j))) continue;
      for (std::size_t link = 0; link <= 1; ++link) {
        std::size_t next = j + link;
        if (link) {
          char c = word_[at_[j]];
          if (c != 's' && c != 'e') continue;
        }
        if (next + kMinLastPart > n) continue;
        const auto& rest = solve(next);
        if (!rest || rest->cost.parts + 1 > kMaxParts) continue;
        Cost cost{rest->cost.parts + 1, rest->cost.shorts + (is_short ? 1 : 0), rest->cost.links + link};
        if (!best || cost < best->cost) {
          Solution s{cost, {i, j}};
          s.cuts.insert(s.cuts.end(), rest->cuts.begin(), rest->cuts.end());
          best = std::move(s);
        }
      }
    }
    return best;
  }

  const std::optional<Solution>& solve(std::size_t i) {
    if (!done_[i]) {
      done_[i] = true;
      memo_[i] = best_from(i, true);
    }
    return memo_[i];
  }

  std::string part(std::size_t from, std::size_t to) const {
    return std::string(word_.substr(at_[from], at_[to] - at_[from]));
  }
  std::size_t letters() const { return at_.size() - 1; }

 private:
  bool is_word(std::size_t from, std::size_t to) const {
    const std::string_view part = part_view(from, to);
    if (bound_suffix(part)) return false;
    // -ering is a suffix, not an e and the word "ring": stationering is not station|ring.
    if (from > 0 && part.starts_with("ring") && word_[at_[from - 1]] == 'e') return false;
    return dict_.contains(part);
  }
  std::string_view part_view(std::size_t from, std::size_t to) const {
    return word_.substr(at_[from], at_[to] - at_[from]);
  }

  std::string_view word_;
  const Dictionary& dict_;
  std::size_t min_part_;
  std::vector<std::size_t> at_;
  std::vector<std::optional<Solution>> memo_;
  std::vector<bool> done_;
};

}  // namespace

std::vector<std::string> split_compound(std::string_view lower, const Dictionary& dict) {
  if (dict.size() == 0 || !letters_only(lower)) return {};
  bool known = dict.contains(lower);
  // Judge an inflected word by its known base form: "behandlingen" is "behandling"
  // + -en (not behandl|ingen), "velfærds" is "velfærd" + -s (not vel|færds).
  for (std::string_view ending : {"erne", "ene", "ers", "en", "et", "er", "ne", "e", "s"}) {
    if (lower.size() > ending.size() + 4 && lower.ends_with(ending)) {
      std::string_view base = lower.substr(0, lower.size() - ending.size());
      if (dict.contains(base)) return split_compound(base, dict);
    }
  }
  Splitter splitter(lower, dict, known);
  std::size_t n = splitter.letters();
  if (n < kMinCompoundLetters || n > kMaxLetters) return {};
  if (known && n < kMinKnownCompoundLetters) return {};
  std::optional<Solution> best = splitter.best_from(0, false);
  if (!best) return {};
  std::vector<std::string> parts;
  for (std::size_t k = 0; k + 1 < best->cuts.size(); k += 2) {
    std::string part = splitter.part(best->cuts[k], best->cuts[k + 1]);
    // A long known part is a compound in its own right: arbejds|markedsudvalget.
    std::vector<std::string> sub = split_compound(part, dict);
    if (sub.empty() || parts.size() + sub.size() > kMaxParts + 1) {
      parts.push_back(std::move(part));
    } else {
      parts.insert(parts.end(), sub.begin(), sub.end());
    }
  }
  return parts;
}

bool compound_joint_at(std::string_view lower, std::size_t at, const Dictionary& dict) {
  if (at == 0 || at >= lower.size()) return false;
  std::string_view left = lower.substr(0, at), right = lower.substr(at);
  auto word_or_compound = [&](std::string_view s) {
    std::size_t letters = boundaries(s).size() - 1;
    if (letters < kMinLastPart) return false;
    return dict.contains(s) || !split_compound(s, dict).empty();
  };
  return word_or_compound(left) && word_or_compound(right);
}

}  // namespace referat::analysis
