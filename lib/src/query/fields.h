// SPDX-License-Identifier: GPL-3.0-or-later
//
// Field processors for the query language's special fields, one concern per file:
// date_field.cc (dato:, år:), exact_fields.cc (sag:, organ:, type:, and free-text
// case numbers). They throw referat::QueryError for values they cannot read.
#pragma once

#include <optional>
#include <string>

#include <xapian.h>

namespace referat::analysis {
class Analyzer;
}

namespace referat::query {

// dato:/date: 2023 | 2023-06 | 2023-06-21 | 21-06-2023 | FROM..TO (either side may be empty)
class DateFieldProcessor : public Xapian::FieldProcessor {
 public:
  explicit DateFieldProcessor(std::string field, bool years_only = false)
      : field_(std::move(field)), years_only_(years_only) {}
  Xapian::Query operator()(const std::string& value) override;

 private:
  std::string field_;
  bool years_only_;
};

// sag:/case: exact case number (case-insensitive), a filter.
class CaseFieldProcessor : public Xapian::FieldProcessor {
 public:
  Xapian::Query operator()(const std::string& value) override;
};

// A case number written as a plain word: matches items carrying it (weighted up, so
// they rank first) and items mentioning it.
class CaseWordProcessor : public Xapian::FieldProcessor {
 public:
  Xapian::Query operator()(const std::string& value) override;
};

// dok:/document: exact document number; kle: a KLE number or any level of it
// (kle:02.34 finds 02.34.02-P20). Filters.
class DocumentFieldProcessor : public Xapian::FieldProcessor {
 public:
  Xapian::Query operator()(const std::string& value) override;
};
class KleFieldProcessor : public Xapian::FieldProcessor {
 public:
  Xapian::Query operator()(const std::string& value) override;
};

// organ:/body: a body by name ("Fjordkredsen") or slug ("fjordkredsen").
class BodyFieldProcessor : public Xapian::FieldProcessor {
 public:
  Xapian::Query operator()(const std::string& value) override;
};

// type: referat | dagsorden.
class TypeFieldProcessor : public Xapian::FieldProcessor {
 public:
  Xapian::Query operator()(const std::string& value) override;
};

struct ParsedQuery {
  Xapian::Query query;
  std::optional<std::string> corrected;  // the query with rare words' suggestions
  bool relaxable = false;  // has words joined by an implied AND (see `any_word`)
};

// Parses a user query into a Xapian query (see query_parser.cc and README for the
// syntax), analysing words as the index does. Throws QueryError.
struct QueryMode {
  // Words joined by an implied AND are joined by OR instead (explicit AND, +, NOT,
  // phrases and filters keep their meaning): the fallback when no item has all the
  // words of a question like "hvad koster skybrudssikringen".
  bool any_word = false;
  // Unquoted words are expanded (compound parts, other spellings, synonyms); false
  // matches them stemmed only, as `=word` does for one word.
  bool expand = true;
};

// Parses a user query into a Xapian query (see query_parser.cc and README for the
// syntax), analysing words as the index does. Throws QueryError.
ParsedQuery parse_query(const std::string& query, const Xapian::Database& db, analysis::Analyzer& analyzer,
                        QueryMode mode = {});

}  // namespace referat::query
