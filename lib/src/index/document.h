// SPDX-License-Identifier: GPL-3.0-or-later
//
// Agenda item ↔ Xapian document, following schema.h.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <xapian.h>

#include "analysis/analyzer.h"
#include "referat/index.h"
#include "referat/meeting.h"

namespace referat::index {

// Builds the document of meeting.items[i] with id `id`; the words it indexes for
// the spelling table wait in analyzer.take_spelling_words().
Xapian::Document make_document(const Meeting& meeting, std::size_t i, const std::string& id,
                               analysis::Analyzer& analyzer);

// Takes a document's words out of the spelling table before it is replaced or
// deleted (each document adds each word once).
void forget_spelling(Xapian::WritableDatabase& db, Xapian::docid did);

// The document of item `id` (its unique id term), or nullopt.
std::optional<Xapian::Document> document_by_id(const Xapian::Database& db, std::string_view id);

// Reads a stored document back. Throws IndexError on data it cannot read.
StoredItem read_document(const Xapian::Document& doc);

// A whole meeting as to_json(const Meeting&) writes it (warnings aside); nullopt when
// `text` is no such JSON. Keeps each source's own version of a merged meeting.
std::optional<Meeting> meeting_from_json(std::string_view text);

// "3.10" → "000003.000010" so that items sort in agenda order.
std::string item_sort_key(std::string_view number);

}  // namespace referat::index
