#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test with ctest.
#   tools/test.sh            all tests
#   tools/test.sh --quick    without the tests labelled `long` (what CI runs)
#   tools/test.sh --clean    start from an empty build directory
# Build directory: $REFERAT_BUILD_DIR, default build/ in the repository.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${REFERAT_BUILD_DIR:-$repo/build}
# shellcheck source=tools/deps.sh
source "$repo/tools/deps.sh"

quick=0
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    --clean) rm -rf "$build" ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "test.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done
[ "${CI:-}" = "true" ] && quick=1

referat_install_deps
referat_build "$repo" "$build"
ctest_args=(--test-dir "$build" --output-on-failure -j "$(nproc)")
[ $quick -eq 1 ] && ctest_args+=(-LE long)
ctest "${ctest_args[@]}"
