// SPDX-License-Identifier: GPL-3.0-or-later
//
// The process-wide Danish dictionary: the table compiled into the library at build
// time, or a plain list named by $REFERAT_WORDLIST.
#include <cstdlib>
#include <fstream>

#include "analysis/analyzer.h"
#include "analysis/dictionary.h"

// dictionary_blob.cc: the table tools/make_dictionary wrote, linked in.
extern "C" {
extern const char referat_dictionary_blob[] __attribute__((visibility("hidden")));
extern const char referat_dictionary_blob_end[] __attribute__((visibility("hidden")));
}

namespace referat::analysis {

const Dictionary& Dictionary::danish() {
  static const Dictionary dict = [] {
    const char* env = std::getenv("REFERAT_WORDLIST");
    if (env && *env) {
      std::string content;
      std::ifstream in(env, std::ios::binary | std::ios::ate);
      if (in) {
        content.assign(static_cast<std::size_t>(in.tellg()), '\0');
        in.seekg(0);
        in.read(content.data(), static_cast<std::streamsize>(content.size()));
        content.resize(static_cast<std::size_t>(in.gcount()));
        content += '\n';
      }
      content += extra_words_data();  // our additions, also when the file is missing
      return Dictionary::from_lines(content, env);
    }
    return Dictionary::from_blob(
        std::string_view(referat_dictionary_blob,
                         static_cast<std::size_t>(referat_dictionary_blob_end - referat_dictionary_blob)),
        "built in (" REFERAT_WORDLIST_SOURCE " + lib/data/words.txt)");
  }();
  return dict;
}

}  // namespace referat::analysis
