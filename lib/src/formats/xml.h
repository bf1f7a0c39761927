// SPDX-License-Identifier: GPL-3.0-or-later
//
// A thin libxml2 wrapper for reading XML exports: a document parsed in recover mode
// (meeting-system exports are often not quite XML: character references to control
// characters, mixed line endings, byte order marks) and small lookups by local name.
// It knows nothing of meetings; segment/xml_*.cc read the meetings out of the tree.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <libxml/tree.h>

namespace referat::formats::xml {

struct FreeDocument {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using Document = std::unique_ptr<xmlDoc, FreeDocument>;

// The document in `bytes`, read in recover mode without network access, DTD loading
// or entity substitution; errors are not printed. nullptr when not even recover
// mode finds a root element. Thread-safe.
Document parse(std::string_view bytes);

// The root element, or nullptr.
const xmlNode* root(const Document& doc);

// An element's name without its namespace prefix ("" for a non-element).
std::string_view local_name(const xmlNode* node);

// Element children and descendants by local name; nullptr or empty when there are
// none. `node` may be nullptr (then there are none).
const xmlNode* child(const xmlNode* node, std::string_view name);
std::vector<const xmlNode*> children(const xmlNode* node, std::string_view name);
const xmlNode* descendant(const xmlNode* node, std::string_view name);  // depth first
std::vector<const xmlNode*> descendants(const xmlNode* node, std::string_view name);

// An element's text content (text and CDATA of it and its descendants, entities
// decoded), UTF-8 as libxml2 gives it; "" for nullptr.
std::string text(const xmlNode* node);
// The text of the first child `name`, "" when absent.
std::string child_text(const xmlNode* node, std::string_view name);
std::optional<std::string> attribute(const xmlNode* node, std::string_view name);

}  // namespace referat::formats::xml
