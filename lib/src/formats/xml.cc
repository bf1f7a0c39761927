// SPDX-License-Identifier: GPL-3.0-or-later
#include "formats/xml.h"

#include <climits>
#include <mutex>

#include <libxml/parser.h>

namespace referat::formats::xml {

namespace {

bool is_element(const xmlNode* node, std::string_view name) {
  return node->type == XML_ELEMENT_NODE && local_name(node) == name;
}

void collect(const xmlNode* node, std::string_view name, std::vector<const xmlNode*>& out,
             bool first_only) {
  for (const xmlNode* c = node->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (is_element(c, name)) {
      out.push_back(c);
      if (first_only) return;
    }
    collect(c, name, out, first_only);
    if (first_only && !out.empty()) return;
  }
}

}  // namespace

Document parse(std::string_view bytes) {
  // libxml2 wants its globals set up once before threads use it.
  static std::once_flag init;
  std::call_once(init, [] { xmlInitParser(); });
  if (bytes.size() > static_cast<std::size_t>(INT_MAX)) return nullptr;
  // No XML_PARSE_NOENT or DTDLOAD: an export has no business expanding external
  // entities, and leaving them off keeps entity tricks out. No XML_PARSE_HUGE: its
  // default limits stop amplification attacks and still allow 10 MB text nodes.
  const int options =
      XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
  Document doc(xmlReadMemory(bytes.data(), static_cast<int>(bytes.size()), nullptr, nullptr, options));
  if (doc && !xmlDocGetRootElement(doc.get())) doc.reset();
  return doc;
}

const xmlNode* root(const Document& doc) { return doc ? xmlDocGetRootElement(doc.get()) : nullptr; }

std::string_view local_name(const xmlNode* node) {
  if (!node || node->type != XML_ELEMENT_NODE || !node->name) return {};
  return reinterpret_cast<const char*>(node->name);
}

const xmlNode* child(const xmlNode* node, std::string_view name) {
  if (!node) return nullptr;
  for (const xmlNode* c = node->children; c; c = c->next)
    if (is_element(c, name)) return c;
  return nullptr;
}

std::vector<const xmlNode*> children(const xmlNode* node, std::string_view name) {
  std::vector<const xmlNode*> out;
  if (!node) return out;
  for (const xmlNode* c = node->children; c; c = c->next)
    if (is_element(c, name)) out.push_back(c);
  return out;
}

const xmlNode* descendant(const xmlNode* node, std::string_view name) {
  std::vector<const xmlNode*> out;
  if (node) collect(node, name, out, true);
  return out.empty() ? nullptr : out.front();
}

std::vector<const xmlNode*> descendants(const xmlNode* node, std::string_view name) {
  std::vector<const xmlNode*> out;
  if (node) collect(node, name, out, false);
  return out;
}

std::string text(const xmlNode* node) {
  if (!node) return {};
  xmlChar* content = xmlNodeGetContent(node);
  if (!content) return {};
  std::string out(reinterpret_cast<const char*>(content));
  xmlFree(content);
  return out;
}

std::string child_text(const xmlNode* node, std::string_view name) { return text(child(node, name)); }

std::optional<std::string> attribute(const xmlNode* node, std::string_view name) {
  if (!node || node->type != XML_ELEMENT_NODE) return std::nullopt;
  std::string key(name);
  xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(key.c_str()));
  if (!value) return std::nullopt;
  std::string out(reinterpret_cast<const char*>(value));
  xmlFree(value);
  return out;
}

}  // namespace referat::formats::xml
