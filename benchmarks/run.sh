#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The archive-scale benchmark (issue 5) in one command: referat against scriptindex,
# bare Xapian and SQLite FTS5, indexing and querying, per corpus size.
#
#   benchmarks/run.sh [options] SIZE...      e.g. benchmarks/run.sh 10k 100k
#   SIZE=smoke benchmarks/run.sh             (or: benchmarks/run.sh smoke)
#   benchmarks/run.sh sweep SIZE             referat alone, once per indexer setting
#
# SIZE is an item count (10k, 100k, 1m, 5000) or "smoke": 10k items, referat only, 50
# queries per class, RESULTS.md left alone: for CI. The script installs the extra Debian
# packages (via tools/deps.sh), builds the benchmarks (Release, in their own build
# directory), generates each corpus with benchmarks/gen_corpus.py, and lets
# benchmarks/bench.py run, measure and record: one JSON line per (size, engine) in
# WORK/results.jsonl, so a rerun resumes where it stopped. It refuses to start without
# the disk it needs. Then it rewrites the "Archive scale (issue 5)" section of
# benchmarks/RESULTS.md. Exit status: 0, or non-zero on errors (never on timings).
#
# `sweep SIZE` indexes one corpus with referat once per --jobs/--shards/--commit-every
# setting (bench.py's SWEEP_SETTINGS: the default, then one change at a time) and
# rewrites the "Indexer settings (issue 5)" section; WORK/sweep.jsonl, resumable.
#
# Options (and environment):
#   --work DIR       corpora, dumps, results (REFERAT_BENCH_WORK, /var/tmp/referat-bench)
#   --build DIR      build directory (REFERAT_BENCH_BUILD, build-bench in the repository)
#   --generator PY   the corpus generator (REFERAT_BENCH_GEN, benchmarks/gen_corpus.py)
#   --flush N        XAPIAN_FLUSH_THRESHOLD of the -flush runs (1000: referat's --commit-every)
#   --jobs N         referat index --jobs N, when the build has the option (2: the issue measures --jobs 2; also --shards N)
#   --per-class N    queries per class (1000)
#   --engines LIST   which engines, in which order (referat,bare,bare-flush,
#                    xapian-scriptindex,xapian-scriptindex-flush,fts5); a stopped run
#                    resumes, within an engine's indexing too
#   --results-md F   the file whose section is rewritten (benchmarks/RESULTS.md)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=${REFERAT_BENCH_WORK:-/var/tmp/referat-bench}
build=${REFERAT_BENCH_BUILD:-$repo/build-bench}
generator=${REFERAT_BENCH_GEN:-$repo/benchmarks/gen_corpus.py}
extra=()
sizes=()
usage() { awk 'NR > 3 && /^#/ { sub(/^# ?/, ""); print; next } NR > 3 { exit }' "$0"; }
while [ $# -gt 0 ]; do
  case $1 in
    --work) work=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --generator) generator=$2; shift 2 ;;
    --flush|--jobs|--per-class|--engines|--results-md) extra+=("$1" "$2"); shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "run.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    *) sizes+=("$1"); shift ;;
  esac
done
[ ${#sizes[@]} -eq 0 ] && [ -n "${SIZE:-}" ] && sizes=("$SIZE")
if [ ${#sizes[@]} -eq 0 ]; then
  usage >&2
  exit 2
fi

sweep=
if [ "${sizes[0]:-}" = sweep ]; then
  if [ ${#sizes[@]} -ne 2 ]; then
    echo "run.sh: sweep takes one SIZE, e.g. benchmarks/run.sh sweep 10k" >&2
    exit 2
  fi
  sweep=${sizes[1]}
fi

# The peers' packages go only into this run's list, not into tools/deps.sh's main one.
# shellcheck source=tools/deps.sh
source "$repo/tools/deps.sh"
REFERAT_PACKAGES+=(time)  # /usr/bin/time -v: CPU seconds and peak RSS of each indexer
for size in "${sizes[@]}"; do
  if [ "$size" != smoke ] && [ -z "$sweep" ]; then
    REFERAT_PACKAGES+=(xapian-omega xapian-tools libsqlite3-dev sqlite3)
    break
  fi
done
referat_install_deps

targets=(referat_cli)
if [ -z "$sweep" ]; then
  targets+=(referat_bench_query referat_bench_bare)
  dpkg-query -W -f='${Status}' libsqlite3-dev 2>/dev/null | grep -q "install ok installed" &&
    targets+=(referat_bench_fts5)
fi
cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release -DREFERAT_BUILD_BENCHMARKS=ON \
      -DREFERAT_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j "${REFERAT_BENCH_BUILD_JOBS:-$(nproc)}" --target "${targets[@]}"
mkdir -p "$work"

if [ -n "$sweep" ]; then
  echo "$(date -Iseconds) benchmarks/run.sh --work $work --build $build sweep $sweep" >> "$work/commands.log"
  results_md=()
  for ((i = 0; i < ${#extra[@]}; i += 2)); do
    [ "${extra[i]}" = --results-md ] && results_md=(--results-md "${extra[i + 1]}")
  done
  exec python3 "$repo/benchmarks/bench.py" sweep --size "$sweep" --work "$work" --build "$build" \
       --generator "$generator" "${results_md[@]}"
fi

sizes_csv=$(IFS=,; echo "${sizes[*]}")
echo "$(date -Iseconds) benchmarks/run.sh --work $work --build $build --generator $generator" \
     "${extra[*]} ${sizes[*]}" >> "$work/commands.log"
exec python3 "$repo/benchmarks/bench.py" run --sizes "$sizes_csv" --work "$work" \
     --build "$build" --generator "$generator" "${extra[@]}"
