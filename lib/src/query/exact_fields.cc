// SPDX-License-Identifier: GPL-3.0-or-later
#include "index/schema.h"
#include "query/fields.h"
#include "referat/error.h"
#include "util/text.h"

namespace referat::query {

namespace {
// How much an item carrying the case outweighs one merely mentioning it.
constexpr double kCaseBoost = 20.0;
}  // namespace

Xapian::Query CaseFieldProcessor::operator()(const std::string& value) {
  std::string key = schema::case_key(value);
  if (key.empty()) throw QueryError("sag: needs a case number, e.g. sag:SAG-2021-00417");
  return Xapian::Query(schema::kCase + key);
}

Xapian::Query CaseWordProcessor::operator()(const std::string& value) {
  std::string key = schema::case_key(value);
  return Xapian::Query(Xapian::Query::OP_OR,
                       Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                     Xapian::Query(schema::kCase + key), kCaseBoost),
                       Xapian::Query(schema::kCaseMention + key));
}

Xapian::Query DocumentFieldProcessor::operator()(const std::string& value) {
  std::string key = schema::case_key(value);
  if (key.empty()) throw QueryError("dok: needs a document number, e.g. dok:2024-118233");
  return Xapian::Query(schema::kDocumentNumber + key);
}

Xapian::Query KleFieldProcessor::operator()(const std::string& value) {
  std::string key = schema::case_key(value);
  while (!key.empty() && (key.back() == '.' || key.back() == '-' || key.back() == '*')) key.pop_back();
  if (key.empty()) throw QueryError("kle: needs a KLE number or a level of it, e.g. kle:02.34");
  return Xapian::Query(schema::kKle + key);
}

Xapian::Query BodyFieldProcessor::operator()(const std::string& value) {
  std::string slug = text::slug_key(value);
  if (slug.empty()) throw QueryError("organ: needs a body name, e.g. organ:\"Økonomiudvalget\"");
  return Xapian::Query(schema::kBody + slug);
}

Xapian::Query TypeFieldProcessor::operator()(const std::string& value) {
  std::string v = text::lower(value);
  if (v != "referat" && v != "dagsorden")
    throw QueryError("type:" + value + ": unknown type (use type:referat or type:dagsorden)");
  return Xapian::Query(schema::kType + v);
}

}  // namespace referat::query
