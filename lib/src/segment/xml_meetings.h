// SPDX-License-Identifier: GPL-3.0-or-later
//
// XML exports of meeting systems, each a small family reading items and fields from
// the XML structure: eDoc's eDocAgendaPublishing (xml_edoc.cc), SBSYS eDagsorden
// "Publication" (xml_sbsys.cc), Acadre MM <root><table><fields> (xml_acadre.cc).
// A family is chosen by the document's elements, never by file name.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "referat/meeting.h"

namespace referat::segment {

// The meetings of an XML export, or nullopt when no family knows the document (the
// caller then segments its text). Throws ParseError naming `source` when the bytes
// are no XML even in libxml2's recover mode.
std::optional<std::vector<Meeting>> xml_meetings(std::string_view bytes, const std::string& source);

}  // namespace referat::segment
