// SPDX-License-Identifier: GPL-3.0-or-later
//
// Build-time tool: make_dictionary OUT LIST... reads plain word lists (wdanish's
// /usr/share/dict/danish, lib/data/words.txt) and writes the hash table the library
// links in (analysis/dictionary.h).
#include <fstream>
#include <iostream>
#include <sstream>

#include "analysis/dictionary.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: make_dictionary OUT LIST...\n";
    return 2;
  }
  std::string all;
  for (int i = 2; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    if (!in) {
      std::cerr << "make_dictionary: cannot read " << argv[i] << "\n";
      return 1;
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    all += buffer.str();
    all += '\n';
  }
  auto dict = referat::analysis::Dictionary::from_lines(all);
  if (dict.size() < 1000) {
    std::cerr << "make_dictionary: only " << dict.size() << " words; is wdanish installed?\n";
    return 1;
  }
  std::ofstream out(argv[1], std::ios::binary);
  dict.write(out);
  if (!out) {
    std::cerr << "make_dictionary: cannot write " << argv[1] << "\n";
    return 1;
  }
  std::cout << "make_dictionary: " << dict.size() << " words\n";
  return 0;
}
