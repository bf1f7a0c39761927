// SPDX-License-Identifier: GPL-3.0-or-later
//
// Fuzz target: segmentation through the public API. Any bytes given to parse_text
// must give meetings (and their JSON, ids) or a ParseError; anything else (another
// exception, a crash, a sanitizer report) is a finding.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "referat/referat.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    std::vector<referat::Meeting> meetings = referat::parse_text(bytes, "fuzz.md");
    for (const auto& m : meetings) {
      (void)referat::meeting_id(m);
      (void)referat::item_ids(m);
    }
    (void)referat::to_json(meetings);
  } catch (const referat::ParseError&) {
    // Rejected input: the documented outcome for what is no meeting document.
  }
  return 0;
}
