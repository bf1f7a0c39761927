// SPDX-License-Identifier: GPL-3.0-or-later
#include "referat/json.h"

#include <nlohmann/json.hpp>

#include "referat/parse.h"

namespace referat {

namespace detail {
using json = nlohmann::ordered_json;  // fields in the documented order
json meeting_header_json(const Meeting& m, const std::string& id);
json item_json(const Item& item, const std::string& id);
}  // namespace detail

namespace {

using json = nlohmann::ordered_json;  // fields in the documented order
using detail::item_json;
using detail::meeting_header_json;

json opt(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }
json opt(const std::optional<int>& v) { return v ? json(*v) : json(nullptr); }

std::string dump(const json& j, int indent) {
  return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

json person_json(const Person& p) {
  json j = {{"name", p.name}, {"party", opt(p.party)}, {"municipality", opt(p.municipality)}};
  if (p.role) j["role"] = *p.role;
  if (p.organisation) j["organisation"] = *p.organisation;
  return j;
}

json people_json(const std::vector<Person>& people) {
  json a = json::array();
  for (const auto& p : people) a.push_back(person_json(p));
  return a;
}

}  // namespace

json detail::item_json(const Item& item, const std::string& id) {
  json parts = json::array();
  for (const auto& p : item.parts) parts.push_back({{"kind", p.kind}, {"heading", p.heading}, {"text", p.text}});
  return {{"id", id},
          {"number", item.number},
          {"title", item.title},
          {"section", opt(item.section)},
          {"case", opt(item.case_number)},
          {"handlers", item.handlers},
          {"parts", parts},
          {"attachments", item.attachments},
          {"page", opt(item.page)},
          {"last_page", opt(item.last_page)},
          {"kle", opt(item.kle)},
          {"document_number", opt(item.document_number)},
          {"closed", item.closed}};
}

json detail::meeting_header_json(const Meeting& m, const std::string& id) {
  json sources = json::array();
  if (m.sources.empty()) sources.push_back(m.source);
  for (const auto& s : m.sources) sources.push_back(s);
  return {{"id", id},
          {"source", m.source},
          {"sources", sources},
          {"format", m.format.empty() ? json(nullptr) : json(m.format)},
          {"body", opt(m.body)},
          {"type", m.type.empty() ? json(nullptr) : json(m.type)},
          {"date", opt(m.date)},
          {"date_text", opt(m.date_text)},
          {"time", opt(m.time)},
          {"location", opt(m.location)},
          {"participants", people_json(m.participants)},
          {"absent", people_json(m.absent)},
          {"officials", people_json(m.officials)}};
}

namespace {

json meeting_json(const Meeting& m) {
  json j = meeting_header_json(m, meeting_id(m));
  json items = json::array();
  auto ids = item_ids(m);
  for (std::size_t i = 0; i < m.items.size(); ++i) items.push_back(item_json(m.items[i], ids[i]));
  j["items"] = items;
  j["warnings"] = m.warnings;
  return j;
}

// What an item does not have is null, as in `show` and `parse` (not "").
json or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json hit_json(const SearchHit& h) {
  json highlights = json::array();
  for (const auto& r : h.highlights) highlights.push_back({r.start, r.end});
  return {{"rank", h.rank},
          {"id", h.id},
          {"score", h.score},
          {"body", or_null(h.body)},
          {"type", or_null(h.type)},
          {"date", or_null(h.date)},
          {"item", h.item},
          {"title", h.title},
          {"case", opt(h.case_number)},
          {"section", opt(h.section)},
          {"matched_parts", h.matched_parts},
          {"snippet", h.snippet},
          {"highlights", highlights},
          {"source", h.source},
          {"page", opt(h.page)},
          {"hit_page", opt(h.hit_page)},
          {"other_versions", h.other_versions}};
}

}  // namespace

std::string to_json(const std::vector<Meeting>& meetings, int indent) {
  json a = json::array();
  for (const auto& m : meetings) a.push_back(meeting_json(m));
  return dump(a, indent);
}

std::string to_json(const Meeting& meeting, int indent) { return dump(meeting_json(meeting), indent); }

std::string to_json(const SearchHit& hit, int indent) { return dump(hit_json(hit), indent); }

std::string to_json(const SearchResults& r, int indent) {
  json results = json::array();
  for (const auto& h : r.hits) results.push_back(hit_json(h));
  json facets = json::object();
  for (const auto& [name, facet] : r.facets) {
    json f = json::array();
    for (const auto& [value, count] : facet) f.push_back({{"value", value}, {"count", count}});
    facets[name] = f;
  }
  return dump({{"query", r.query},
               {"corrected", r.corrected ? json(*r.corrected) : json(nullptr)},
               {"relaxed", r.relaxed},
               {"total", r.total},
               {"total_is_estimate", r.total_is_estimate},
               {"results", results},
               {"facets", facets}},
              indent);
}

std::string to_json(const StoredItem& s, int indent) {
  json j = meeting_header_json(s.meeting, s.meeting_id);
  j["meeting_id"] = s.meeting_id;
  j["id"] = s.id;
  j["item"] = item_json(s.item, s.id);
  return dump(j, indent);
}

std::string to_json(const IndexStats& s, int indent) {
  return dump({{"items", s.items}, {"meetings", s.meetings}, {"shards", s.shards}, {"bodies", s.bodies}, {"years", s.years},
               {"types", s.types}, {"without", s.without}},
              indent);
}

}  // namespace referat
