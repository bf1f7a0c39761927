#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test with ctest.
#   tools/test.sh            all tests
#   tools/test.sh --quick    without the tests labelled `long` (what CI runs)
#   tools/test.sh --clean    start from an empty build directory
#   tools/test.sh --smoke    also the 10k-item benchmark smoke run (referat only; CI)
#   tools/test.sh --sanitize the quick tests built with ASan and UBSan, in build-asan/
#                            (not the crash harness: minutes under the sanitizers)
# Build directory: $REFERAT_BUILD_DIR, default build/ in the repository.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${REFERAT_BUILD_DIR:-$repo/build}
# shellcheck source=tools/deps.sh
source "$repo/tools/deps.sh"

quick=0
smoke=0
clean=0
sanitize=0
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    --smoke) smoke=1 ;;
    --clean) clean=1 ;;
    --sanitize) sanitize=1 quick=1 build=${REFERAT_BUILD_DIR:-$repo/build-asan} ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "test.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done
[ "${CI:-}" = "true" ] && quick=1
[ $clean -eq 1 ] && rm -rf "$build"

referat_install_deps
if [ $sanitize -eq 1 ]; then
  cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DREFERAT_SANITIZE=address,undefined >/dev/null
  cmake --build "$build" -j "$(nproc)"
else
  referat_build "$repo" "$build"
fi
ctest_args=(--test-dir "$build" --output-on-failure -j "$(nproc)")
[ $quick -eq 1 ] && ctest_args+=(-LE long)
[ $sanitize -eq 1 ] && ctest_args+=(-E '^crash$')
ctest "${ctest_args[@]}"

if [ $smoke -eq 1 ]; then
  # Index 10k generated items and run a small query mix: proves the benchmark
  # pipeline and the indexer at some scale; prints timings, asserts none.
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  SIZE=smoke REFERAT_BENCH_BUILD="$build/bench-smoke" "$repo/benchmarks/run.sh" --work "$work"
fi
