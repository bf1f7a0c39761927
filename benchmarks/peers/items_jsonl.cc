// SPDX-License-Identifier: GPL-3.0-or-later
#include "items_jsonl.h"

#include <fstream>
#include <iostream>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace referat::bench {

ItemsRead for_each_item(const std::filesystem::path& file,
                        const std::function<void(const BenchItem&)>& add, std::size_t skip) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  ItemsRead read;
  std::string line;
  BenchItem item;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    if (skip > 0) {
      --skip;
      continue;
    }
    try {
      const nlohmann::json j = nlohmann::json::parse(line);
      item.id = j.at("id").get<std::string>();
      item.date = j.value("date", "");
      item.body = j.value("body", "");
      item.title = j.at("title").get<std::string>();
      item.text = j.at("text").get<std::string>();
    } catch (const nlohmann::json::exception& e) {
      throw std::runtime_error(file.string() + ":" + std::to_string(number) + ": " + e.what());
    }
    add(item);
    ++read.items;
    read.text_bytes += item.title.size() + item.text.size();
  }
  return read;
}

void print_index_summary(const std::string& engine, const std::string& config,
                         const ItemsRead& read, double wall_seconds) {
  std::cout << nlohmann::json{{"engine", engine},
                              {"config", config},
                              {"items", read.items},
                              {"text_bytes", read.text_bytes},
                              {"wall_s", wall_seconds}}
                   .dump()
            << std::endl;
}

}  // namespace referat::bench
