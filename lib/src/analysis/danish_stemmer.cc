// SPDX-License-Identifier: GPL-3.0-or-later
#include "analysis/danish_stemmer.h"

#include <libstemmer.h>

#include <mutex>
#include "referat/error.h"

namespace referat::analysis {

namespace {

class SnowballDanish : public Xapian::StemImplementation {
 public:
  SnowballDanish() : stemmer_(sb_stemmer_new("danish", "UTF_8")) {
    if (!stemmer_) throw Error("libstemmer has no Danish stemmer (is libstemmer0d installed?)");
  }
  ~SnowballDanish() override { sb_stemmer_delete(stemmer_); }

  std::string operator()(const std::string& word) override {
    // Xapian may share one Stem between copies; sb_stemmer keeps state per call.
    std::lock_guard<std::mutex> lock(mutex_);
    const sb_symbol* out = sb_stemmer_stem(stemmer_, reinterpret_cast<const sb_symbol*>(word.data()),
                                           static_cast<int>(word.size()));
    if (!out) return word;  // out of memory: an unstemmed term still matches exactly
    return std::string(reinterpret_cast<const char*>(out), sb_stemmer_length(stemmer_));
  }

  std::string get_description() const override { return "danish (libstemmer)"; }

 private:
  sb_stemmer* stemmer_;
  std::mutex mutex_;
};

}  // namespace

Xapian::Stem danish_stemmer() { return Xapian::Stem(new SnowballDanish()); }

}  // namespace referat::analysis
