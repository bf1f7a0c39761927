// SPDX-License-Identifier: GPL-3.0-or-later
#include "expectations.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "referat/json.h"
#include "referat/parse.h"

namespace referat::test {

namespace {

using nlohmann::json;

// Text compared without Markdown marks, bullets or line breaks (as check_parse.py).
std::string flat(const std::string& s) {
  static const std::regex bullets(R"((^|\n)\s*[-•]\s+)");
  static const std::regex marks(R"([*#])");
  static const std::regex spaces(R"(\s+)");
  std::string t = std::regex_replace(s, marks, "");
  t = std::regex_replace(t, bullets, "$1");
  t = std::regex_replace(t, spaces, " ");
  auto b = t.find_first_not_of(' '), e = t.find_last_not_of(' ');
  return b == std::string::npos ? "" : t.substr(b, e - b + 1);
}

bool same_person(const json& want, const json& got) {
  for (auto& [k, v] : want.items())
    if (!got.contains(k) || got[k] != v) return false;
  return true;
}

}  // namespace

std::vector<std::string> check_expectations(const std::filesystem::path& document,
                                            const std::filesystem::path& expected_json) {
  std::vector<std::string> problems;
  std::ifstream in(expected_json);
  json want = json::parse(in);
  json got = json::parse(to_json(parse_file(document))).at(0);
  auto complain = [&](const std::string& what) { problems.push_back(document.filename().string() + ": " + what); };
  for (const char* key : {"body", "type", "date", "time", "location"})
    if (got[key] != want[key]) complain(std::string(key) + ": want " + want[key].dump() + ", got " + got[key].dump());
  for (std::string key : {"participants", "absent"}) {
    if (got[key].size() != want[key + "_count"].get<std::size_t>())
      complain(key + ": want " + want[key + "_count"].dump() + " people, got " + std::to_string(got[key].size()));
    for (const auto& person : want.value(key + "_sample", json::array())) {
      bool found = false;
      for (const auto& g : got[key]) found |= same_person(person, g);
      if (!found) complain(key + ": missing " + person.dump());
    }
  }
  const json& items = got["items"];
  std::vector<std::string> want_numbers, got_numbers;
  for (const auto& i : want["items"]) want_numbers.push_back(i["number"]);
  for (const auto& i : items) got_numbers.push_back(i["number"]);
  if (want_numbers != got_numbers) {
    complain("item numbers: want " + json(want_numbers).dump() + ", got " + json(got_numbers).dump());
    return problems;
  }
  for (std::size_t n = 0; n < items.size(); ++n) {
    const json& w = want["items"][n];
    const json& g = items[n];
    std::string tag = "item " + w.at("number").get<std::string>();
    for (const char* key : {"title", "case", "handlers", "attachments", "page", "section"})
      if (w.contains(key) && g.value(key, json()) != w.at(key))
        complain(tag + " " + key + ": want " + w.at(key).dump() + ", got " + g.value(key, json()).dump());
    std::string text;
    std::vector<std::string> kinds;
    for (const auto& p : g["parts"]) {
      text += p["heading"].get<std::string>() + " " + p["text"].get<std::string>() + " ";
      kinds.push_back(p["kind"]);
    }
    text = flat(text);
    for (const auto& sentence : w.value("contains", json::array()))
      if (text.find(flat(sentence)) == std::string::npos) complain(tag + " text lacks " + sentence.dump());
    const json want_parts = w.value("parts", json::array());
    if (json(kinds) != want_parts) complain(tag + " parts: want " + want_parts.dump() + ", got " + json(kinds).dump());
  }
  return problems;
}

}  // namespace referat::test
