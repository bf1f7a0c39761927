// SPDX-License-Identifier: GPL-3.0-or-later
//
// Snowball's Danish stemmer from libstemmer, plugged into Xapian through its
// StemImplementation hook so that TermGenerator (index) and QueryParser (query)
// stem with the very same code.
#pragma once

#include <xapian.h>

namespace referat::analysis {

// A new Xapian::Stem backed by libstemmer's "danish" algorithm. Each Stem owns its
// own sb_stemmer: use one per thread.
Xapian::Stem danish_stemmer();

}  // namespace referat::analysis
