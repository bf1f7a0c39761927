#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fuzzes referat (issue 6): builds the libFuzzer targets of tests/fuzz with clang,
# AddressSanitizer and UndefinedBehaviorSanitizer, and runs each.
#
#   tools/fuzz.sh [--time SECONDS] [--runs N] [--work DIR] [TARGET...]
#
# TARGETs: parse, query, analysis (default: all). Each runs for --time seconds
# (default 600) or --runs executions, -max_len=65536, from its regression corpus
# (tests/fuzz/corpus/TARGET, plus samples/ for parse) into a working corpus under
# --work (default /var/tmp/referat-fuzz). A finding is written to WORK/findings/ and
# ends that target's run with a non-zero status; minimise it (the target program's
# -minimize_crash=1), fix it, and add the minimised input to tests/fuzz/corpus/TARGET,
# which ctest replays (fuzz_replay_TARGET). Prints executions per target at the end.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
seconds=600
runs=-1
work=/var/tmp/referat-fuzz
targets=()
while [ $# -gt 0 ]; do
  case $1 in
    --time) seconds=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    -h|--help) awk 'NR > 3 && /^#/ { sub(/^# ?/, ""); print; next } NR > 3 { exit }' "$0"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -eq 0 ] && targets=(parse query analysis)

# shellcheck source=tools/deps.sh
source "$repo/tools/deps.sh"
REFERAT_PACKAGES+=(clang-14 libclang-rt-14-dev)  # libFuzzer and the sanitizer runtimes
referat_install_deps

build=$repo/build-fuzz
CC=clang-14 CXX=clang++-14 cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DREFERAT_FUZZ=ON -DREFERAT_SANITIZE=address,undefined >/dev/null
cmake --build "$build" -j "$(nproc)" --target "${targets[@]/#/referat_fuzz_}"

mkdir -p "$work/findings"
status=0
summary=()
for t in "${targets[@]}"; do
  mkdir -p "$work/corpus/$t"
  seeds=("$repo/tests/fuzz/corpus/$t")
  [ "$t" = parse ] && seeds+=("$repo/samples" "$repo/tests/data")
  log=$work/$t.log
  echo "fuzz.sh: $t: ${seconds}s, log $log" >&2
  set +e
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/tests/fuzz/referat_fuzz_$t" -max_len=65536 -max_total_time="$seconds" -runs="$runs" \
    -print_final_stats=1 -artifact_prefix="$work/findings/$t-" "$work/corpus/$t" "${seeds[@]}" >"$log" 2>&1
  rc=$?
  set -e
  execs=$(awk '/stat::number_of_executed_units/ { print $2 }' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
  summary+=("$t: exit $rc, ${execs:-?} executions, ${cov:-cov: ?}, corpus $(ls "$work/corpus/$t" | wc -l) inputs")
  [ $rc -ne 0 ] && status=1 && tail -40 "$log" >&2
done
printf '%s\n' "${summary[@]}"
exit $status
