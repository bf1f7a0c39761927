// SPDX-License-Identifier: GPL-3.0-or-later
//
// The query language: Xapian's QueryParser with Danish field names and English
// aliases, checked first so that every mistake gets a message that points at it.
#include <array>

#include "analysis/case_numbers.h"
#include "index/schema.h"
#include "query/fields.h"
#include "referat/error.h"
#include "util/text.h"

namespace referat::query {

namespace {

constexpr std::size_t kMaxQueryBytes = 8192;

struct TextField {
  const char* name;
  const char* prefix;
};

// Fields of free text besides the parts (schema::kPartFields).
constexpr std::array<TextField, 8> kTextFields = {{
    {"titel", schema::kTitle},
    {"title", schema::kTitle},
    {"afsnit", schema::kSection},
    {"section", schema::kSection},
    {"deltager", schema::kParticipant},
    {"participant", schema::kParticipant},
    {"afbud", schema::kAbsent},
    {"absent", schema::kAbsent},
}};

constexpr std::array<const char*, 9> kFilterFields = {"sag",  "case", "organ", "body", "type",
                                                      "dato", "date", "år",    "year"};

bool known_field(const std::string& name) {
  for (const auto& f : kTextFields)
    if (name == f.name) return true;
  for (const auto& f : schema::kPartFields)
    if (name == f.field || name == f.field_en) return true;
  for (const char* f : kFilterFields)
    if (name == f) return true;
  return false;
}

std::string known_fields_list() {
  std::string out;
  for (const auto& f : kTextFields) out += std::string(out.empty() ? "" : ", ") + f.name;
  for (const auto& f : schema::kPartFields) out += std::string(", ") + f.field + ", " + f.field_en;
  for (const char* f : kFilterFields) out += std::string(", ") + f;
  return out;
}

bool is_letter_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

[[noreturn]] void fail(const std::string& query, std::size_t at, const std::string& what) {
  std::string shown = query.size() > 80 ? query.substr(0, 77) + "..." : query;
  throw QueryError("query '" + shown + "': " + what + " at character " +
                   std::to_string(text::code_points(std::string_view(query).substr(0, at)) + 1));
}

// Bare case numbers are handed to a hidden field, hex-encoded: Xapian's parser
// would split "SAG-2023-00001" at '-' and '/' before any field processor saw it.
constexpr const char* kCaseWordField = "xsagsnr";

std::string hex(std::string_view s) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

std::string unhex(std::string_view s) {
  auto value = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
  std::string out;
  for (std::size_t i = 0; i + 1 < s.size(); i += 2) out += static_cast<char>(value(s[i]) * 16 + value(s[i + 1]));
  return out;
}

class EncodedCaseWordProcessor : public Xapian::FieldProcessor {
 public:
  Xapian::Query operator()(const std::string& value) override { return CaseWordProcessor()(unhex(value)); }
};

// Checks the query and rewrites bare case numbers for the hidden field.
std::string check_and_rewrite(const std::string& q) {
  if (q.size() > kMaxQueryBytes)
    throw QueryError("query is " + std::to_string(q.size()) + " bytes long; the limit is " +
                     std::to_string(kMaxQueryBytes));
  if (text::trim(q).empty()) throw QueryError("empty query");
  {
    std::string copy = q;
    if (text::repair_utf8(copy)) throw QueryError("query is not valid UTF-8");
  }
  for (std::size_t i = 0; i < q.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(q[i]);
    if ((c < 0x20 && c != '\t') || c == 0x7f) fail(q, i, "control character");
  }
  std::string out;
  bool in_quote = false;
  std::size_t quote_at = 0;
  int depth = 0;
  std::size_t i = 0;
  while (i < q.size()) {
    if (q[i] == ' ' || q[i] == '\t') {
      out += q[i++];
      continue;
    }
    std::size_t start = i;
    while (i < q.size() && q[i] != ' ' && q[i] != '\t') ++i;
    std::string token = q.substr(start, i - start);
    if (!in_quote) {
      std::size_t k = 0;
      while (k < token.size() && (token[k] == '(' || token[k] == '+' || token[k] == '-')) ++k;
      std::string lead = token.substr(0, k), rest = token.substr(k);
      if (rest.starts_with("*")) fail(q, start + k, "'*' needs a word before it (e.g. velfærd*)");
      std::size_t name_end = 0;
      while (name_end < rest.size() && (is_letter_byte(rest[name_end]) || rest[name_end] == '_'))
        ++name_end;
      if (name_end > 0 && name_end < rest.size() && rest[name_end] == ':') {
        std::string name = text::lower(rest.substr(0, name_end));
        bool url = (name == "http" || name == "https");
        if (!url && !known_field(name))
          fail(q, start + k, "unknown field '" + name + ":' (fields: " + known_fields_list() + ")");
        if (!url && name_end + 1 == rest.size())
          fail(q, start + k, "field '" + name + ":' has no value");
        if (!url && rest.substr(0, name_end) != name) {
          // Fields are matched in lower case: "Titel:" means titel:.
          token = lead + name + rest.substr(name_end);
        }
      } else {
        std::string word = rest;
        std::string tail;
        while (!word.empty() && word.back() == ')') {
          tail += ')';
          word.pop_back();
        }
        if (analysis::is_case_number(word, true))
          token = lead + kCaseWordField + ":" + hex(word) + tail;
      }
    }
    for (std::size_t k = 0; k < token.size(); ++k) {
      char c = token[k];
      if (c == '"') {
        in_quote = !in_quote;
        if (in_quote) quote_at = start;
      } else if (!in_quote && c == '(') {
        ++depth;
      } else if (!in_quote && c == ')') {
        if (--depth < 0) fail(q, start, "')' without a matching '('");
      }
    }
    out += token;
  }
  if (in_quote) fail(q, quote_at, "unbalanced '\"' (a phrase is not closed)");
  if (depth > 0) fail(q, q.size(), "unbalanced '(' (missing ')')");
  return out;
}

}  // namespace

Xapian::Query parse_query(const std::string& query, const Xapian::Database& db,
                          const Xapian::Stem& stemmer) {
  const std::string q = check_and_rewrite(query);
  Xapian::QueryParser qp;
  qp.set_database(db);
  qp.set_stemmer(stemmer);
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  qp.set_default_op(Xapian::Query::OP_AND);
  for (const auto& f : kTextFields) qp.add_prefix(f.name, f.prefix);
  for (const auto& f : schema::kPartFields) {
    qp.add_prefix(f.field, f.prefix);
    qp.add_prefix(f.field_en, f.prefix);
  }
  for (const char* name : {"sag", "case"})
    qp.add_boolean_prefix(name, (new CaseFieldProcessor)->release());
  for (const char* name : {"organ", "body"})
    qp.add_boolean_prefix(name, (new BodyFieldProcessor)->release());
  qp.add_boolean_prefix("type", (new TypeFieldProcessor)->release());
  // Not a user field: known_field() rejects it, so users cannot type it.
  qp.add_prefix(kCaseWordField, (new EncodedCaseWordProcessor)->release());
  qp.add_boolean_prefix("dato", (new DateFieldProcessor("dato"))->release(), "date");
  qp.add_boolean_prefix("date", (new DateFieldProcessor("date"))->release(), "date");
  qp.add_boolean_prefix("år", (new DateFieldProcessor("år", true))->release(), "date");
  qp.add_boolean_prefix("year", (new DateFieldProcessor("year", true))->release(), "date");
  unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD |
                   Xapian::QueryParser::FLAG_PURE_NOT;
  try {
    return qp.parse_query(q, flags);
  } catch (const Xapian::QueryParserError& e) {
    throw QueryError("query '" + query + "': " + e.get_msg());
  } catch (const Xapian::Error& e) {
    throw QueryError("query '" + query + "': " + e.get_description());
  }
}

}  // namespace referat::query
