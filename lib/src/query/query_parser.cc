// SPDX-License-Identifier: GPL-3.0-or-later
//
// The query language: Xapian's QueryParser with Danish field names and English
// aliases, checked first so that every mistake gets a message that points at it.
#include <array>

#include <algorithm>
#include <set>

#include "analysis/analyzer.h"
#include "analysis/synonyms.h"
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
constexpr std::array<TextField, 10> kTextFields = {{
    {"titel", schema::kTitle},
    {"title", schema::kTitle},
    {"afsnit", schema::kSection},
    {"section", schema::kSection},
    {"deltager", schema::kParticipant},
    {"participant", schema::kParticipant},
    {"afbud", schema::kAbsent},
    {"absent", schema::kAbsent},
    {"sagsbehandler", schema::kHandler},
    {"handler", schema::kHandler},
}};

constexpr std::array<const char*, 12> kFilterFields = {"sag", "case", "organ", "body", "type", "dato",
                                                       "date", "år",   "year",  "dok",  "document", "kle"};

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

// The query as shown in a message: one line, control characters as \xNN (never sent
// raw to a terminal), long queries shortened.
std::string shown_query(const std::string& query) {
  std::string shown;
  for (unsigned char c : query.size() > 80 ? query.substr(0, 77) : query) {
    if (c < 0x20 || c == 0x7f) {
      static const char* hex = "0123456789abcdef";
      shown += "\\x";
      shown += hex[c >> 4];
      shown += hex[c & 15];
    } else {
      shown += static_cast<char>(c);
    }
  }
  if (query.size() > 80) shown += "...";
  return shown;
}

[[noreturn]] void fail(const std::string& query, std::size_t at, const std::string& what) {
  std::string shown = shown_query(query);
  throw QueryError("query '" + shown + "': " + what + " at character " +
                   std::to_string(text::code_points(std::string_view(query).substr(0, at)) + 1));
}

// Checks the query before parsing, so that each mistake gets a message pointing at it.
void check(const std::string& q) {
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
  bool in_quote = false;
  std::size_t quote_at = 0;
  int depth = 0;
  std::size_t i = 0;
  while (i < q.size()) {
    if (q[i] == ' ' || q[i] == '\t') {
      ++i;
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
      }
    }
    for (std::size_t k = 0; k < token.size(); ++k) {
      char c = token[k];
      if (c == '"') {
        in_quote = !in_quote;
        if (in_quote) quote_at = start + k;
      } else if (!in_quote && c == '(') {
        ++depth;
      } else if (!in_quote && c == ')') {
        if (--depth < 0) fail(q, start + k, "')' without a matching '('");
      }
    }
  }
  if (in_quote) fail(q, quote_at, "unbalanced '\"' (a phrase is not closed)");
  if (depth > 0) fail(q, q.size(), "unbalanced '(' (missing ')')");
}


// ---------------------------------------------------------------------------
// Lexer: operators, parentheses, phrases, field prefixes and pieces of free text.

enum class Lex { end, word, phrase, lparen, rparen, op_and, op_or, op_not, op_near, minus, plus, equals, field };

struct Token {
  Lex kind = Lex::end;
  std::string text;    // word piece, phrase content, or field name
  std::string value;   // field: the value when written right after the colon
  std::size_t at = 0;  // byte offset in the query, for messages
};

std::vector<Token> lex(const std::string& q) {
  std::vector<Token> out;
  std::size_t i = 0;
  auto is_space = [&](std::size_t k) { return q[k] == ' ' || q[k] == '\t'; };
  auto piece_end = [&](std::size_t k) {
    while (k < q.size() && !is_space(k) && q[k] != '(' && q[k] != ')' && q[k] != '"') ++k;
    return k;
  };
  while (i < q.size()) {
    if (is_space(i)) {
      ++i;
      continue;
    }
    char c = q[i];
    if (c == '(' || c == ')') {
      out.push_back({c == '(' ? Lex::lparen : Lex::rparen, {}, {}, i});
      ++i;
      continue;
    }
    if (c == '"') {
      std::size_t close = q.find('"', i + 1);
      if (close == std::string::npos) close = q.size();
      out.push_back({Lex::phrase, q.substr(i + 1, close - i - 1), {}, i});
      i = close + 1;
      continue;
    }
    bool term_start = i == 0 || is_space(i - 1) || q[i - 1] == '(';
    if ((c == '-' || c == '+' || c == '=') && term_start && i + 1 < q.size() && !is_space(i + 1)) {
      out.push_back({c == '-' ? Lex::minus : c == '+' ? Lex::plus : Lex::equals, {}, {}, i});
      ++i;
      continue;
    }
    std::size_t end = piece_end(i);
    std::string piece = q.substr(i, end - i);
    if (piece == "AND" || piece == "OR" || piece == "NOT" || piece == "NEAR") {
      out.push_back({piece == "AND"   ? Lex::op_and
                     : piece == "OR"  ? Lex::op_or
                     : piece == "NOT" ? Lex::op_not
                                      : Lex::op_near,
                     piece, {}, i});
      i = end;
      continue;
    }
    std::size_t name_end = 0;
    while (name_end < piece.size() && (is_letter_byte(piece[name_end]) || piece[name_end] == '_')) ++name_end;
    if (name_end > 0 && name_end < piece.size() && piece[name_end] == ':') {
      std::string name = text::lower(piece.substr(0, name_end));
      if (known_field(name)) {
        out.push_back({Lex::field, name, piece.substr(name_end + 1), i});
        i = end;
        continue;
      }
    }
    out.push_back({Lex::word, piece, {}, i});
    i = end;
  }
  out.push_back({Lex::end, {}, {}, q.size()});
  return out;
}

// ---------------------------------------------------------------------------
// Parser: OR binds loosest, then AND (written or implied), then NOT/-/+ and NEAR.

constexpr double kExpansionWeight = 0.5;  // synonyms and query-side compound parts
constexpr Xapian::termcount kWildcardLimit = 1000;
constexpr Xapian::doccount kRareTerm = 2;

class Parser {
 public:
  Parser(const std::string& query, const Xapian::Database& db, analysis::Analyzer& analyzer, QueryMode mode)
      : query_(query), db_(db), an_(analyzer), tokens_(lex(query)), any_word_(mode.any_word), expand_(mode.expand) {
    count_content_words();
  }

  ParsedQuery run() {
    Xapian::Query q = parse_or();
    if (peek().kind == Lex::rparen) fail(query_, peek().at, "')' without a matching '('");
    // Only marks, a lone '+' or an empty phrase: nothing would ever match.
    if (q.empty() && !has_words_) throw QueryError("query '" + shown_query(query_) + "': no words to search for");
    ParsedQuery out;
    out.query = q.empty() ? Xapian::Query::MatchNothing : q;
    out.relaxable = implied_and_;
    if (!corrections_.empty()) {
      std::string corrected = query_;
      for (const auto& [from, to] : corrections_) {
        std::size_t at = corrected.find(from);
        if (at != std::string::npos) corrected.replace(at, from.size(), to);
      }
      if (corrected != query_) out.corrected = corrected;
    }
    return out;
  }

 private:
  const Token& peek() const { return tokens_[pos_]; }
  const Token& next() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }

  // Stop words are dropped only when the query has words that are not stop words.
  void count_content_words() {
    for (const auto& t : tokens_) {
      // Words that may match (a wildcard matching nothing is still a word; "+" or an
      // empty phrase is none).
      if (t.kind == Lex::field && !t.value.empty() && !an_.tokens(t.value, true).words.empty()) has_words_ = true;
      if (t.kind == Lex::phrase && !an_.tokens(t.text, true).words.empty()) has_words_ = true;
      if (t.kind != Lex::word) continue;
      analysis::Tokens words = an_.tokens(t.text, true);
      if (!words.words.empty()) has_words_ = true;
      for (std::size_t i = 0; i < words.words.size(); ++i)
        if (!an_.is_stop_word(analysis::fold_case(words.word(i)))) has_content_words_ = true;
    }
  }

  // Does the next token end an operand's place (nothing to take after an operator)?
  bool at_operand_end() const {
    Lex k = peek().kind;
    return k == Lex::end || k == Lex::rparen || k == Lex::op_or || k == Lex::op_and;
  }

  // Has the token at `k` a word to search for: "·", "+" or "" have none; a field has
  // one in its value or in the phrase or group after it; '(' is checked inside.
  bool has_words(std::size_t k) const {
    const Token& t = tokens_[k];
    switch (t.kind) {
      case Lex::word:
      case Lex::phrase:
        return !an_.tokens(t.text, true).words.empty();
      case Lex::field:
        if (!t.value.empty()) return !an_.tokens(t.value, true).words.empty();
        return k + 1 < tokens_.size() && has_words(k + 1);
      case Lex::lparen:
        return true;
      case Lex::minus:
      case Lex::plus:
      case Lex::equals:
      case Lex::op_not:
        return k + 1 < tokens_.size() && has_words(k + 1);
      default:
        return false;
    }
  }

  // After the operator at `at` (`name` for the message), the next token must be a word.
  void need_word_after(std::size_t at, const char* name) {
    if (at_operand_end() || !has_words(pos_)) fail(query_, at, std::string(name) + " needs a word after it");
  }

  Xapian::Query parse_or() {
    if (peek().kind == Lex::op_or) fail(query_, peek().at, "OR needs a word before it");
    Xapian::Query left = parse_and();
    while (peek().kind == Lex::op_or) {
      const std::size_t at = next().at;
      need_word_after(at, "OR");
      Xapian::Query right = parse_and();
      left = Xapian::Query(Xapian::Query::OP_OR, left, right);
    }
    return left;
  }

  Xapian::Query parse_and() {
    std::vector<Xapian::Query> must, must_not;
    std::vector<std::pair<std::string, Xapian::Query>> filters;  // field group → filter
    bool any = false, explicit_and = false;
    bool operand = false;  // a word, phrase, field or excluded one before, in this conjunction
    for (;;) {
      Lex k = peek().kind;
      if (k == Lex::end || k == Lex::rparen || k == Lex::op_or) break;
      any = true;
      if (k == Lex::op_and || k == Lex::plus) {
        const std::size_t at = next().at;
        if (k == Lex::op_and && !operand) fail(query_, at, "AND needs a word before it");
        need_word_after(at, k == Lex::op_and ? "AND" : "'+'");
        explicit_and = true;
        continue;
      }
      operand = true;
      if (k == Lex::op_not || k == Lex::minus) {
        const std::size_t at = next().at;
        need_word_after(at, k == Lex::op_not ? "NOT" : "'-'");
        auto [q, group] = parse_primary();
        if (!q.empty()) must_not.push_back(q);
        continue;
      }
      if (k == Lex::word && tokens_[pos_ + 1].kind == Lex::op_near) {
        must.push_back(near_chain());
        continue;
      }
      if (k == Lex::op_near) fail(query_, peek().at, "NEAR needs a single word on each side");
      if (k == Lex::equals) {
        // "=sikkerhed": stemmed only, not expanded.
        next();
        bool saved = expand_;
        expand_ = false;
        auto [q, group] = parse_primary();
        expand_ = saved;
        if (!q.empty()) must.push_back(q);
        continue;
      }
      auto [q, group] = parse_primary();
      if (q.empty()) continue;
      if (!group.empty()) {
        filters.emplace_back(group, q);
        continue;
      }
      must.push_back(q);
    }
    if (!any)
      fail(query_, peek().at, peek().kind == Lex::rparen ? "empty parentheses" : "an operator needs a word after it");
    Xapian::Query positive;
    if (must.size() > 1 && !explicit_and) implied_and_ = true;
    Xapian::Query::op join = any_word_ && !explicit_and ? Xapian::Query::OP_OR : Xapian::Query::OP_AND;
    if (!must.empty()) positive = Xapian::Query(join, must.begin(), must.end());
    if (!filters.empty()) {
      // Filters of one field are alternatives (type:referat type:dagsorden); of
      // different fields, all apply. They never add weight.
      std::vector<std::string> order;
      for (const auto& [g, q] : filters)
        if (std::find(order.begin(), order.end(), g) == order.end()) order.push_back(g);
      std::vector<Xapian::Query> per_field;
      for (const auto& g : order) {
        std::vector<Xapian::Query> alternatives;
        for (const auto& [g2, q] : filters)
          if (g2 == g) alternatives.push_back(q);
        per_field.emplace_back(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
      }
      Xapian::Query filter(Xapian::Query::OP_AND, per_field.begin(), per_field.end());
      positive = positive.empty() ? Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, filter, 0.0)
                                  : Xapian::Query(Xapian::Query::OP_FILTER, positive, filter);
    }
    if (!must_not.empty()) {
      if (positive.empty()) positive = Xapian::Query::MatchAll;  // "-affald": everything but
      Xapian::Query exclude = must_not.size() == 1 ? must_not[0]
                                                   : Xapian::Query(Xapian::Query::OP_OR, must_not.begin(), must_not.end());
      positive = Xapian::Query(Xapian::Query::OP_AND_NOT, positive, exclude);
    }
    return positive;
  }

  // "skole NEAR struktur NEAR plan": the exact words within 10 words of each other.
  Xapian::Query near_chain() {
    std::vector<Xapian::Query> terms;
    for (;;) {
      const Token& word = next();
      analysis::Tokens tokens = an_.tokens(word.text, true);
      if (tokens.words.size() != 1) fail(query_, word.at, "NEAR needs a single word on each side");
      terms.emplace_back(prefix_ + analysis::fold_case(tokens.word(0)));
      if (peek().kind != Lex::op_near) break;
      const std::size_t at = next().at;
      if (peek().kind != Lex::word) fail(query_, at, "NEAR needs a single word on each side");
    }
    return Xapian::Query(Xapian::Query::OP_NEAR, terms.begin(), terms.end(), 10 + terms.size() - 1);
  }

  // A primary and, for a filter, the name of its field group ("" otherwise).
  std::pair<Xapian::Query, std::string> parse_primary() {
    const Token t = next();
    switch (t.kind) {
      case Lex::lparen: {
        Xapian::Query q = parse_or();
        if (next().kind != Lex::rparen) fail(query_, query_.size(), "unbalanced '(' (missing ')')");
        return {q, {}};
      }
      case Lex::phrase:
        return {phrase(t.text), {}};
      case Lex::field:
        return field(t);
      case Lex::word: {
        std::string run = t.text;
        // Consecutive pieces are one run of text: "§ 8", "72 mio. kr.", "ØA 24".
        while (peek().kind == Lex::word && tokens_[pos_ + 1].kind != Lex::op_near && !peek().text.ends_with("*") &&
               !run.ends_with("*"))
          run += " " + next().text;
        return {free_text(run), {}};
      }
      default:
        fail(query_, t.at, "an operator needs a word after it");
    }
  }

  std::pair<Xapian::Query, std::string> field(const Token& t) {
    const std::string& name = t.text;
    std::string value = t.value;
    bool group = false;
    if (value.empty()) {
      if (peek().kind == Lex::phrase) {
        value = next().text;
        if (!is_filter(name)) return {with_prefix(name, [&] { return phrase(value); }), {}};
      } else if (peek().kind == Lex::lparen && !is_filter(name)) {
        group = true;
      } else {
        fail(query_, query_.size(), "field '" + name + ":' has no value");
      }
    }
    if (name == "sag" || name == "case") return {CaseFieldProcessor()(value), "case"};
    if (name == "organ" || name == "body") return {BodyFieldProcessor()(value), "body"};
    if (name == "type") return {TypeFieldProcessor()(value), "type"};
    if (name == "dok" || name == "document") return {DocumentFieldProcessor()(value), "document"};
    if (name == "kle") return {KleFieldProcessor()(value), "kle"};
    if (name == "dato" || name == "date") return {DateFieldProcessor(name)(value), "date"};
    if (name == "år" || name == "year") return {DateFieldProcessor(name, true)(value), "date"};
    if (group) {
      return {with_prefix(name, [&] {
                next();
                Xapian::Query q = parse_or();
                if (next().kind != Lex::rparen) fail(query_, query_.size(), "unbalanced '(' (missing ')')");
                return q;
              }),
              {}};
    }
    return {with_prefix(name, [&] { return free_text(value); }), {}};
  }

  static bool is_filter(const std::string& name) {
    for (const char* f : kFilterFields)
      if (name == f) return true;
    return false;
  }

  template <class F>
  Xapian::Query with_prefix(const std::string& name, F&& f) {
    std::string saved = prefix_;
    prefix_ = prefix_of(name);
    Xapian::Query q = f();
    prefix_ = saved;
    return q;
  }

  static std::string prefix_of(const std::string& name) {
    for (const auto& f : kTextFields)
      if (name == f.name) return f.prefix;
    for (const auto& f : schema::kPartFields)
      if (name == f.field || name == f.field_en) return f.prefix;
    return {};
  }

  // "…": the exact words, in order; no stemming, stop words, variants or parts.
  // Part fields (XP…) keep no positions: there the phrase is matched anywhere in the
  // item, with each of its words in the part.
  Xapian::Query phrase(const std::string& s) {
    analysis::Tokens tokens = an_.tokens(s, true);
    const bool positional = !prefix_.starts_with("XP");
    std::vector<Xapian::Query> terms, in_field;
    for (std::size_t i = 0; i < tokens.words.size(); ++i) {
      std::string word = analysis::fold_case(tokens.word(i));
      terms.emplace_back((positional ? prefix_ : std::string()) + word, 1, static_cast<Xapian::termpos>(i + 1));
      in_field.emplace_back(prefix_ + word);
    }
    if (terms.empty()) return Xapian::Query();
    if (terms.size() == 1) return positional ? terms[0] : in_field[0];
    Xapian::Query q(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), terms.size());
    if (positional) return q;
    return Xapian::Query(Xapian::Query::OP_FILTER, q,
                         Xapian::Query(Xapian::Query::OP_AND, in_field.begin(), in_field.end()));
  }

  // Free text: each word analysed as the index analyses it, words ANDed.
  Xapian::Query free_text(const std::string& run) {
    if (run.ends_with("*")) return wildcard(run.substr(0, run.size() - 1));
    analysis::Tokens tokens = an_.tokens(run, true);
    std::vector<std::string> words;
    for (std::size_t i = 0; i < tokens.words.size(); ++i) words.emplace_back(tokens.word(i));
    std::vector<Xapian::Query> parts;
    std::size_t special = 0;
    for (std::size_t i = 0; i < words.size();) {
      while (special < tokens.specials.size() && tokens.specials[special].first_word < i) ++special;
      if (special < tokens.specials.size() && tokens.specials[special].first_word == i) {
        const analysis::Special& s = tokens.specials[special];
        parts.push_back(special_query(s));
        i = std::max(s.end_word, i + 1);
        continue;
      }
      if (i + 1 < words.size() && tokens.words[i + 1].hyphen_before) {
        // "KKR-møde": the words in order, as Xapian's parser does.
        std::vector<Xapian::Query> terms;
        std::size_t j = i;
        do {
          terms.emplace_back(prefix_ + analysis::fold_case(words[j]), 1, static_cast<Xapian::termpos>(j - i + 1));
          ++j;
        } while (j < words.size() && tokens.words[j].hyphen_before);
        // Or, with less weight, the words stemmed anywhere: "MED-udvalg" finds
        // "MED-udvalget".
        std::vector<Xapian::Query> loose;
        for (std::size_t k = i; k < j; ++k) loose.push_back(word_query(words[k], false));
        parts.emplace_back(Xapian::Query::OP_OR,
                           Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), terms.size()),
                           Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                         Xapian::Query(Xapian::Query::OP_AND, loose.begin(), loose.end()),
                                         kExpansionWeight));
        i = j;
        continue;
      }
      if (auto m = analysis::Synonyms::builtin().match(words, i); m && prefix_.empty() && expand_) {
        parts.push_back(synonym_query(words, i, *m));
        i += m->length;
        continue;
      }
      const std::string lower = analysis::fold_case(words[i]);
      if (has_content_words_ && an_.is_stop_word(lower)) {
        ++i;
        continue;
      }
      parts.push_back(word_query(words[i]));
      ++i;
    }
    if (parts.empty()) return Xapian::Query();
    if (parts.size() == 1) return parts[0];
    implied_and_ = true;
    return Xapian::Query(any_word_ ? Xapian::Query::OP_OR : Xapian::Query::OP_AND, parts.begin(), parts.end());
  }

  Xapian::Query wildcard(const std::string& stem_text) {
    analysis::Tokens tokens = an_.tokens(stem_text, true);
    if (tokens.words.size() != 1) fail(query_, query_.size(), "'*' ends one word (e.g. velfærd*)");
    std::string pattern = prefix_ + analysis::fold_case(tokens.word(0));
    // Expanded here, over the whole index, rather than by OP_WILDCARD: Xapian 1.4
    // expands a wildcard per shard, so its statistics (and the most frequent terms
    // kept) would depend on how the index is sharded.
    std::vector<std::pair<Xapian::doccount, std::string>> terms;
    for (auto it = db_.allterms_begin(pattern); it != db_.allterms_end(pattern); ++it)
      terms.emplace_back(it.get_termfreq(), *it);
    if (terms.size() > kWildcardLimit) {
      std::partial_sort(terms.begin(), terms.begin() + kWildcardLimit, terms.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
      });
      terms.resize(kWildcardLimit);
      std::sort(terms.begin(), terms.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    }
    std::vector<Xapian::Query> expansion;
    for (auto& t : terms) expansion.emplace_back(std::move(t.second));
    if (expansion.empty()) return Xapian::Query::MatchNothing;
    return Xapian::Query(Xapian::Query::OP_SYNONYM, expansion.begin(), expansion.end());
  }

  Xapian::Query special_query(const analysis::Special& s) {
    if (s.kind == analysis::SpecialKind::case_number) return CaseWordProcessor()(s.term);
    return Xapian::Query(prefix_ + s.term);
  }

  Xapian::Query member_query(const analysis::SynonymMember& m) {
    if (m.case_sensitive) return Xapian::Query(analysis::kAcronymPrefix + m.words[0]);
    // The other names of a thing are matched as words, not taken apart again:
    // "Økonomiaftalen 2024" must not find any text with "økonomi", "aftale" and 2024.
    std::vector<Xapian::Query> qs;
    split_compounds_ = false;
    for (const auto& w : m.words)
      if (!an_.is_stop_word(analysis::fold_case(w))) qs.push_back(word_query(w, false));
    split_compounds_ = true;
    if (qs.size() == 1) return qs[0];
    return Xapian::Query(Xapian::Query::OP_AND, qs.begin(), qs.end());
  }

  // What was typed, or (with less weight) any other name of the same thing.
  Xapian::Query synonym_query(const std::vector<std::string>& words, std::size_t at,
                              const analysis::Synonyms::Match& m) {
    const auto& group = analysis::Synonyms::builtin().groups()[m.group];
    std::vector<Xapian::Query> typed;
    for (std::size_t k = at; k < at + m.length; ++k)
      if (!an_.is_stop_word(analysis::fold_case(words[k]))) typed.push_back(word_query(words[k]));
    Xapian::Query literal = group[m.member].case_sensitive
                                ? Xapian::Query(analysis::kAcronymPrefix + words[at])
                                : Xapian::Query(Xapian::Query::OP_AND, typed.begin(), typed.end());
    std::vector<Xapian::Query> alternatives = {literal};
    std::set<std::string> seen = {literal.get_description()};
    // "ØA 24" and "ØA24" are one spelling with and without a space: full weight.
    auto compact = [](const std::vector<std::string>& ws) {
      std::string out;
      for (const auto& w : ws) out += analysis::fold_case(w);
      return out;
    };
    const std::string typed_compact =
        compact(std::vector<std::string>(words.begin() + static_cast<std::ptrdiff_t>(at),
                                         words.begin() + static_cast<std::ptrdiff_t>(at + m.length)));
    for (std::size_t k = 0; k < group.size(); ++k) {
      if (k == m.member) continue;
      Xapian::Query q = member_query(group[k]);
      // "Kommunekontaktråd" and "Kommunekontaktrådet" are one query after stemming.
      if (!seen.insert(q.get_description()).second) continue;
      if (compact(group[k].words) == typed_compact) {
        alternatives.push_back(q);
      } else {
        alternatives.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, q, kExpansionWeight);
      }
    }
    return Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
  }

  Xapian::doccount freq(const std::string& term) const { return db_.get_termfreq(term); }

  // One word as typed. Expanded (the default): its stem and other spellings as one
  // term, or (less weight) the word as a part of a compound, or (less weight) its own
  // compound parts; an acronym the index knows is matched case-sensitively. Stemmed
  // only (=word): the stem. `suggest`: look for a spelling suggestion when it is rare.
  Xapian::Query word_query(const std::string& word, bool suggest = true) {
    const analysis::WordTerms& t = an_.word_terms(word);
    if (!t.base.empty()) return word_query(std::string(t.base), suggest);  // "SMV'er": as SMV
    if (!t.acronym.empty() && prefix_.empty() && expand_ && freq(analysis::kAcronymPrefix + t.acronym) > 0)
      return Xapian::Query(analysis::kAcronymPrefix + t.acronym);
    if (t.stem.empty()) return Xapian::Query(prefix_ + t.lower);
    const std::string z = "Z" + prefix_, part = analysis::kPartPrefix + prefix_;
    if (!expand_) return Xapian::Query(z + t.stem);
    // The stem and other spellings as one term (their statistics combine); "is a part
    // of a compound" beside it at half weight, so that an item with the word itself
    // ranks above items repeating compounds of it ("græs" before "kunstgræsbaner").
    std::vector<Xapian::Query> spellings = {Xapian::Query(z + t.stem)};
    for (const auto& v : t.variant_stems) spellings.emplace_back(z + v);
    Xapian::Query q = spellings.size() == 1
                          ? spellings[0]
                          : Xapian::Query(Xapian::Query::OP_SYNONYM, spellings.begin(), spellings.end());
    Xapian::doccount found = freq(z + t.stem) + freq(part + t.stem);
    for (const auto& v : t.variant_stems) found += freq(z + v);
    std::vector<Xapian::Query> alternatives = {q};
    if (freq(part + t.stem) > 0)
      alternatives.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(part + t.stem), kExpansionWeight);
    if (t.parts.size() >= 2 && split_compounds_) {
      std::vector<Xapian::Query> parts;
      bool all_parts = true;
      for (const auto& p : t.parts) {
        std::string s = an_.stem(p);
        if (freq(z + s) == 0 && freq(part + s) == 0) all_parts = false;
        parts.emplace_back(Xapian::Query::OP_SYNONYM, Xapian::Query(z + s), Xapian::Query(part + s));
      }
      alternatives.emplace_back(Xapian::Query::OP_SCALE_WEIGHT,
                                Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end()), kExpansionWeight);
      if (all_parts) found = std::max<Xapian::doccount>(found, kRareTerm + 1);
    }
    if (alternatives.size() > 1) q = Xapian::Query(Xapian::Query::OP_OR, alternatives.begin(), alternatives.end());
    if (suggest && found <= kRareTerm) suggest_for(word, t, found);
    return q;
  }

  void suggest_for(const std::string& word, const analysis::WordTerms& t, Xapian::doccount found) {
    if (t.lower.size() < 4) return;
    std::string s = db_.get_spelling_suggestion(t.lower, 2);
    if (s.empty() || s == t.lower) return;
    std::string stem_term = "Z";  // (appended, not "Z" + ...: g++ 12's false -Wrestrict)
    stem_term += an_.stem(s);
    Xapian::doccount better = freq(stem_term);
    if (better == 0 || (found > 0 && better < 10 * found)) return;
    // Keep the user's capital: "Velfærdsteknlogi" → "Velfærdsteknologi".
    std::string_view w = word;
    if (!w.empty() && text::is_upper(std::string(w.substr(0, static_cast<unsigned char>(w[0]) < 0x80 ? 1 : 2))))
      s = text::upper_first(s);
    corrections_.emplace_back(word, s);
  }

  const std::string& query_;
  const Xapian::Database& db_;
  analysis::Analyzer& an_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  std::string prefix_;
  bool has_content_words_ = false;
  std::vector<std::pair<std::string, std::string>> corrections_;
  bool has_words_ = false;
  bool any_word_ = false;
  bool expand_ = true;
  bool split_compounds_ = true;
  bool implied_and_ = false;
};

}  // namespace

ParsedQuery parse_query(const std::string& query, const Xapian::Database& db, analysis::Analyzer& analyzer,
                        QueryMode mode) {
  check(query);
  try {
    return Parser(query, db, analyzer, mode).run();
  } catch (const Xapian::DatabaseError&) {
    throw;  // the index's problem, not the query's: Index reports it (IndexError)
  } catch (const Xapian::NetworkError&) {
    throw;
  } catch (const Xapian::Error& e) {
    throw QueryError("query '" + shown_query(query) + "': " + e.get_description());
  }
}

}  // namespace referat::query
