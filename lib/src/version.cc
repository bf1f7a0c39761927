// SPDX-License-Identifier: GPL-3.0-or-later
#include "referat/version.h"

namespace referat {

const char* version() { return REFERAT_VERSION_STRING; }

}  // namespace referat
