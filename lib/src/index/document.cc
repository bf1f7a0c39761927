// SPDX-License-Identifier: GPL-3.0-or-later
#include "index/document.h"

#include <nlohmann/json.hpp>

#include "index/schema.h"
#include "referat/error.h"
#include "referat/parse.h"
#include "util/text.h"

namespace referat {
namespace detail {
nlohmann::ordered_json meeting_header_json(const Meeting& m, const std::string& id);
nlohmann::ordered_json item_json(const Item& item, const std::string& id);
}  // namespace detail

namespace schema {

const PartField& part_field(std::string_view kind) {
  for (const auto& f : kPartFields)
    if (kind == f.kind) return f;
  return kPartFields[std::size(kPartFields) - 1];
}

unsigned part_weight(std::string_view kind) {
  if (kind == "beslutning") return 3;
  if (kind == "indstilling") return 2;
  return 1;
}

std::string source_key(std::string_view prefix, std::string_view source) {
  std::string key(prefix);
  if (source.size() <= 200) return key.append(source);
  return key + "#" + text::hash_hex(source);
}

std::string source_term(std::string_view source) { return source_key(kSource, source); }

std::string case_key(std::string_view case_number) {
  std::string out(text::trim(case_number));
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out.substr(0, 200);
}

std::vector<std::string> kle_levels(std::string_view kle) {
  const std::string key = case_key(kle);
  std::vector<std::string> out;
  for (std::size_t i = 1; i <= key.size(); ++i)
    if (i == key.size() || key[i] == '.' || key[i] == '-') out.push_back(key.substr(0, i));
  return out;
}

}  // namespace schema

namespace index {

namespace {

using nlohmann::json;

constexpr unsigned kTitleWeight = 5;

std::optional<std::string> opt_string(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  return it->get<std::string>();
}

std::vector<Person> people_from(const json& j) {
  std::vector<Person> out;
  for (const auto& p : j) {
    Person person;
    person.name = p.value("name", "");
    person.party = opt_string(p, "party");
    person.municipality = opt_string(p, "municipality");
    person.role = opt_string(p, "role");
    person.organisation = opt_string(p, "organisation");
    out.push_back(std::move(person));
  }
  return out;
}

using analysis::TextField;

void index_people(analysis::Analyzer& an, Xapian::Document& doc, const std::vector<Person>& people,
                  const char* prefix, Xapian::termpos& pos) {
  const TextField field[] = {{prefix, 1}};
  for (const auto& p : people) an.index_text(doc, p.name, field, pos);
}

}  // namespace

std::string item_sort_key(std::string_view number) {
  std::string out;
  std::string digits;
  auto flush = [&] {
    if (digits.size() < 6) out += std::string(6 - digits.size(), '0');
    out += digits;
    digits.clear();
  };
  for (char c : number) {
    if (c >= '0' && c <= '9') {
      digits += c;
    } else {
      flush();
      out += c;
    }
  }
  flush();
  return out;
}

void forget_spelling(Xapian::WritableDatabase& db, Xapian::docid did) {
  Xapian::Document doc = db.get_document(did);
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
    const std::string& term = *it;
    if (!term.empty() && !(term[0] >= 'A' && term[0] <= 'Z') && analysis::is_spelling_word(term))
      db.remove_spelling(term);
  }
}

Xapian::Document make_document(const Meeting& meeting, std::size_t i, const std::string& id,
                               analysis::Analyzer& analyzer) {
  const Item& item = meeting.items.at(i);
  Xapian::Document doc;

  Xapian::termpos pos = 0;
  const TextField title[] = {{"", kTitleWeight}, {schema::kTitle, 1}};
  analyzer.index_text(doc, item.title, title, pos);
  // A closed item is searchable by its title only (its text may still be stored).
  for (const auto& part : item.closed ? std::vector<Part>() : item.parts) {
    const TextField heading[] = {{"", 1}};
    if (!part.heading.empty()) analyzer.index_text(doc, part.heading, heading, pos);
    // The part's own field has no positions (a quarter of the index's size): a phrase
    // in it is matched as a phrase anywhere in the item with its words in the part.
    const TextField fields[] = {{"", schema::part_weight(part.kind)},
                                {schema::part_field(part.kind).prefix, 1, false}};
    analyzer.index_text(doc, part.text, fields, pos);
  }
  const TextField attachment[] = {{"", 1}, {schema::kBilag, 1, false}};
  if (!item.closed)
    for (const auto& a : item.attachments) analyzer.index_text(doc, a, attachment, pos);
  const TextField handler[] = {{schema::kHandler, 1}};
  for (const auto& h : item.handlers) analyzer.index_text(doc, h, handler, pos);
  const TextField section[] = {{schema::kSection, 1}};
  if (item.section) analyzer.index_text(doc, *item.section, section, pos);
  index_people(analyzer, doc, meeting.participants, schema::kParticipant, pos);
  index_people(analyzer, doc, meeting.absent, schema::kAbsent, pos);
  const TextField plain[] = {{"", 1}};
  if (meeting.date_text) analyzer.index_text(doc, *meeting.date_text, plain, pos);

  const std::string meeting_key = meeting_id(meeting);
  doc.add_boolean_term(schema::kId + id);
  doc.add_boolean_term(schema::kMeeting + meeting_key);
  doc.add_boolean_term(schema::source_term(meeting.source));
  for (const auto& other : meeting.sources) doc.add_boolean_term(schema::source_term(other));
  std::string body = meeting.body.value_or("");
  std::string body_slug = text::slug_key(body);
  if (!body_slug.empty()) doc.add_boolean_term(schema::kBody + body_slug);
  if (!meeting.type.empty()) doc.add_boolean_term(schema::kType + meeting.type);
  std::string date = meeting.date.value_or("");
  std::string compact_date;
  for (char c : date)
    if (c != '-') compact_date += c;
  if (date.size() >= 4) doc.add_boolean_term(schema::kYear + date.substr(0, 4));
  if (item.case_number) {
    // wdf 1, not boolean: a query naming the case gives this term weight.
    std::string key = schema::case_key(*item.case_number);
    doc.add_term(schema::kCase + key);
    // Also findable as a plain word, like other case numbers in the text.
    doc.add_term(schema::kCaseMention + key);
  }

  if (item.document_number) {
    std::string key = schema::case_key(*item.document_number);
    doc.add_boolean_term(schema::kDocumentNumber + key);
    doc.add_term(schema::kCaseMention + key);
  }
  if (item.kle)
    for (const auto& level : schema::kle_levels(*item.kle)) doc.add_boolean_term(schema::kKle + level);

  doc.add_value(schema::kDateSlot, compact_date);
  doc.add_value(schema::kIdSlot, id);
  doc.add_value(schema::kBodySlot, body);
  if (date.size() >= 4) doc.add_value(schema::kYearSlot, date.substr(0, 4));
  if (!meeting.type.empty()) doc.add_value(schema::kTypeSlot, meeting.type);
  if (item.section) doc.add_value(schema::kSectionSlot, *item.section);
  {
    std::string facets;
    auto field = [&](std::string_view v) {
      for (char c : v) facets += c == schema::kFacetSeparator ? ' ' : c;
    };
    field(body);
    facets += schema::kFacetSeparator;
    field(date.size() >= 4 ? std::string_view(date).substr(0, 4) : std::string_view());
    facets += schema::kFacetSeparator;
    field(meeting.type);
    facets += schema::kFacetSeparator;
    field(item.section ? std::string_view(*item.section) : std::string_view());
    doc.add_value(schema::kFacetSlot, facets);
  }
  // Sort keys (see schema.h). Fields are separated by \x01, below every character
  // they hold, so "2023-06-2" cannot sort between "2023-06-2x" keys.
  const std::string order = meeting_key + '\x01' + item_sort_key(id.substr(meeting_key.size() + 1));
  std::string complemented;
  for (char c : order) complemented += static_cast<char>(0xFF - static_cast<unsigned char>(c));
  doc.add_value(schema::kNewestSlot, compact_date.empty() ? std::string() : compact_date + '\x01' + complemented);
  doc.add_value(schema::kOldestSlot, (compact_date.empty() ? std::string("~") : compact_date) + '\x01' + order);
  std::string case_sort = item.case_number ? schema::case_key(*item.case_number) : std::string("~");
  doc.add_value(schema::kCaseSortSlot,
                case_sort + '\x01' + (compact_date.empty() ? std::string("~") : compact_date) + '\x01' + order);

  auto or_null = [](const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); };
  json header = {{"n", item.number},
                 {"t", item.title},
                 {"c", or_null(item.case_number)},
                 {"s", or_null(item.section)},
                 {"u", meeting.source},
                 {"p", item.page ? json(*item.page) : json(nullptr)},
                 {"b", body},
                 {"y", meeting.type},
                 {"d", date}};
  doc.add_value(schema::kHitSlot, header.dump(-1, ' ', false, json::error_handler_t::replace));
  // The agenda's and the minutes' version of an item share this key (schema.h); without
  // a body or a date nothing links them.
  if (!body_slug.empty() && !date.empty())
    doc.add_value(schema::kLinkSlot, body_slug + "/" + date + "/" + id.substr(meeting_key.size() + 1));

  nlohmann::ordered_json data = {{"meeting", detail::meeting_header_json(meeting, meeting_key)},
                                 {"item", detail::item_json(item, id)}};
  doc.set_data(data.dump(-1, ' ', false, json::error_handler_t::replace));
  return doc;
}

namespace {

// The meeting header as meeting_header_json writes it (items and warnings aside).
Meeting meeting_header_from(const json& m) {
  Meeting meeting;
  meeting.source = m.value("source", "");
  if (auto s = m.find("sources"); s != m.end() && s->is_array() && s->size() > 1)
    meeting.sources = s->get<std::vector<std::string>>();
  meeting.format = opt_string(m, "format").value_or("");
  meeting.body = opt_string(m, "body");
  meeting.type = opt_string(m, "type").value_or("");
  meeting.date = opt_string(m, "date");
  meeting.date_text = opt_string(m, "date_text");
  meeting.time = opt_string(m, "time");
  meeting.location = opt_string(m, "location");
  meeting.participants = people_from(m.at("participants"));
  meeting.absent = people_from(m.at("absent"));
  meeting.officials = people_from(m.at("officials"));
  return meeting;
}

Item item_from(const json& it) {
  Item item;
  item.number = it.value("number", "");
  item.title = it.value("title", "");
  item.section = opt_string(it, "section");
  item.case_number = opt_string(it, "case");
  item.kle = opt_string(it, "kle");
  item.document_number = opt_string(it, "document_number");
  item.handlers = it.at("handlers").get<std::vector<std::string>>();
  for (const auto& p : it.at("parts"))
    item.parts.push_back(Part{p.value("kind", ""), p.value("heading", ""), p.value("text", "")});
  item.attachments = it.at("attachments").get<std::vector<std::string>>();
  if (auto page = it.find("page"); page != it.end() && page->is_number()) item.page = page->get<int>();
  if (auto page = it.find("last_page"); page != it.end() && page->is_number()) item.last_page = page->get<int>();
  item.closed = it.value("closed", false);
  return item;
}

}  // namespace

std::optional<Meeting> meeting_from_json(std::string_view text) {
  try {
    json m = json::parse(text);
    Meeting meeting = meeting_header_from(m);
    for (const auto& it : m.at("items")) meeting.items.push_back(item_from(it));
    return meeting;
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

std::optional<Xapian::Document> document_by_id(const Xapian::Database& db, std::string_view id) {
  std::string term = schema::kId;
  term += id;
  auto it = db.postlist_begin(term);
  if (it == db.postlist_end(term)) return std::nullopt;
  return db.get_document(*it);
}

StoredItem read_document(const Xapian::Document& doc) {
  StoredItem out;
  try {
    json data = json::parse(doc.get_data());
    const json& m = data.at("meeting");
    const json& it = data.at("item");
    out.meeting_id = m.value("id", "");
    out.meeting = meeting_header_from(m);
    out.id = it.value("id", "");
    out.item = item_from(it);
  } catch (const json::exception& e) {
    throw IndexError("stored data of document " + std::to_string(doc.get_docid()) +
                     " is unreadable (" + e.what() + "); re-index the source");
  }
  return out;
}

}  // namespace index
}  // namespace referat
