// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <stdexcept>
#include <string>

namespace referat {

// Base of every exception the library throws. what() is one line that names the
// file, query or index concerned and the reason.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A document could not be read or is not a meeting document we accept
// (unreadable, empty, binary, unsupported format), or it would overwrite another
// indexed document's meeting (same body, date and type).
class ParseError : public Error {
 public:
  using Error::Error;
};

// A query the query language does not accept (unbalanced quotes, unknown field,
// malformed date ...).
class QueryError : public Error {
 public:
  using Error::Error;
};

// The index is missing, locked by another writer, of another schema version, or
// damaged.
class IndexError : public Error {
 public:
  using Error::Error;
};

}  // namespace referat
