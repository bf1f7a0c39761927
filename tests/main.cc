// SPDX-License-Identifier: GPL-3.0-or-later
// doctest-dev ships no main: this is it.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
