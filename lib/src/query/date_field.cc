// SPDX-License-Identifier: GPL-3.0-or-later
#include <cstdio>
#include <regex>

#include "index/schema.h"
#include "query/fields.h"
#include "referat/error.h"
#include "segment/dates.h"

namespace referat::query {

namespace {

struct Bounds {
  std::string low;   // "YYYYMMDD", inclusive
  std::string high;  // "YYYYMMDD", inclusive
};

// One date or period: 2023 → whole year, 2023-06 → whole month, 2023-06-21 → day.
std::optional<Bounds> period(const std::string& s, bool years_only) {
  static const std::regex year(R"(^(\d{4})$)");
  static const std::regex month(R"(^(\d{4})-(\d{1,2})$)");
  static const std::regex day(R"(^(\d{4})-(\d{1,2})-(\d{1,2})$)");
  static const std::regex danish_day(R"(^(\d{1,2})[-.](\d{1,2})[-.](\d{4})$)");
  std::smatch m;
  char lo[16], hi[16];
  if (std::regex_match(s, m, year)) {
    int y = std::stoi(m[1]);
    std::snprintf(lo, sizeof lo, "%04d0101", y);
    std::snprintf(hi, sizeof hi, "%04d1231", y);
    return Bounds{lo, hi};
  }
  if (years_only) return std::nullopt;
  if (std::regex_match(s, m, month)) {
    int y = std::stoi(m[1]), mo = std::stoi(m[2]);
    if (mo < 1 || mo > 12) return std::nullopt;
    std::snprintf(lo, sizeof lo, "%04d%02d01", y, mo);
    std::snprintf(hi, sizeof hi, "%04d%02d31", y, mo);
    return Bounds{lo, hi};
  }
  int y = 0, mo = 0, d = 0;
  if (std::regex_match(s, m, day)) {
    y = std::stoi(m[1]), mo = std::stoi(m[2]), d = std::stoi(m[3]);
  } else if (std::regex_match(s, m, danish_day)) {
    d = std::stoi(m[1]), mo = std::stoi(m[2]), y = std::stoi(m[3]);
  } else {
    return std::nullopt;
  }
  if (!segment::valid_date(y, mo, d)) return std::nullopt;
  std::snprintf(lo, sizeof lo, "%04d%02d%02d", y, mo, d);
  return Bounds{lo, lo};
}

}  // namespace

Xapian::Query DateFieldProcessor::operator()(const std::string& value) {
  const std::string usage = years_only_ ? "use 2023 or 2019..2023"
                                        : "use 2023, 2023-06, 2023-06-21 or FROM..TO, e.g. 2023..2024-06";
  auto bad = [&](const std::string& what) -> QueryError {
    return QueryError(field_ + ":" + value + ": " + what + " (" + usage + ")");
  };
  if (value.empty()) throw bad("no date given");
  std::size_t dots = value.find("..");
  if (dots == std::string::npos) {
    auto p = period(value, years_only_);
    if (!p) throw bad("not a date");
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kDateSlot, p->low, p->high);
  }
  std::string from = value.substr(0, dots), to = value.substr(dots + 2);
  if (from.empty() && to.empty()) throw bad("a range needs at least one end");
  std::optional<Bounds> a, b;
  if (!from.empty() && !(a = period(from, years_only_))) throw bad("'" + from + "' is not a date");
  if (!to.empty() && !(b = period(to, years_only_))) throw bad("'" + to + "' is not a date");
  if (a && b) {
    if (a->low > b->high) throw bad("the range is reversed");
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kDateSlot, a->low, b->high);
  }
  if (a) return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kDateSlot, a->low);
  return Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kDateSlot, b->high);
}

}  // namespace referat::query
