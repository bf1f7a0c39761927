// SPDX-License-Identifier: GPL-3.0-or-later
// Convenience header: the whole public API.
#pragma once

#include "referat/error.h"
#include "referat/index.h"
#include "referat/json.h"
#include "referat/meeting.h"
#include "referat/parse.h"
#include "referat/search.h"
#include "referat/version.h"
