#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Crash safety (issue 6): kills `referat index` and `referat remove` with SIGKILL at
# seeded random moments and checks that nothing indexed is lost or half-written.
#
#   python3 tests/crash/crash_test.py PATH/TO/referat REPO_ROOT [--kills N] [--items N]
#                                     [--seed S] [--keep]
#
# 1. Generates a corpus (benchmarks/gen_corpus.py, --items items), parses it with
#    `referat parse` for the expected items of every meeting, and indexes it once
#    cleanly, tracing its commits ($REFERAT_TRACE_COMMITS) and timing it.
# 2. Index kills: one index is built by successive runs of `referat index`, each
#    killed with SIGKILL; a quarter of the kills wait for a seeded commit of the run to
#    begin (kills inside a commit), the rest at a seeded moment drawn uniformly over
#    the duration of an uninterrupted run (a re-run over the complete index, which
#    must change nothing). After every kill the index must open and hold only
#    complete meetings (each meeting's items as `parse` gives them, or none of them).
#    Each killed run is the re-run of the previous one; the last run completes and
#    the index must equal the clean one: same items per meeting, same hits and scores
#    for a fixed query set, same stats.
# 3. Remove kills: `referat remove` of a list of sources, killed the same way; after
#    each kill every meeting is complete or absent; a final remove completes and
#    leaves exactly the other meetings.
# Fails unless at least 20% of the kills landed inside a commit (a trace "begin"
# without its "end"). Prints "ok - NAME" / "FAIL - NAME: DETAIL" and a summary.
import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ap = argparse.ArgumentParser()
ap.add_argument("referat")
ap.add_argument("root")
ap.add_argument("--kills", type=int, default=20, help="kills of `index` (and a fifth as many of `remove`)")
ap.add_argument("--items", type=int, default=1500)
ap.add_argument("--seed", type=int, default=20261127)
ap.add_argument("--commit-every", type=int, default=100)
ap.add_argument("--keep", action="store_true", help="keep the work directory")
a = ap.parse_args()

BIN = os.path.abspath(a.referat)
ROOT = os.path.abspath(a.root)
QUERIES = ["budget", "skole OR børn", "\"lokalplan\"", "beslutning:godkendt", "affald*",
           "dato:2015..2018 vej", "type:referat klima", "velfærdsteknologi"]
rng = random.Random(a.seed)
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from harness import Report  # noqa: E402

RESULTS = Report(detail_limit=400)
report = RESULTS.report


def referat(db, *args, check=True):
    p = subprocess.run([BIN, "--db", db, *args], capture_output=True, text=True)
    if check and p.returncode != 0:
        raise RuntimeError(f"referat {' '.join(args)}: exit {p.returncode}: {p.stderr.strip()[:300]}")
    return p


def listing(db):
    """meeting id -> sorted item ids, read through the CLI as a user would."""
    p = referat(db, "search", "dato:1900..2100", "--format", "jsonl", "--limit", "100000",
                "--no-snippets", "--no-facets", "--all-versions")
    meetings = {}
    for line in p.stdout.splitlines():
        item_id = json.loads(line)["id"]
        meetings.setdefault(item_id.rsplit("/", 1)[0], []).append(item_id)
    return {m: sorted(ids) for m, ids in meetings.items()}


def answers(db):
    out = {}
    for q in QUERIES:
        p = referat(db, "search", q, "--format", "json", "--limit", "50", "--no-facets")
        r = json.loads(p.stdout)
        # Totals beyond the hits are Xapian's estimates, which depend on document ids
        # (a re-run replaces documents): compared only when exact.
        total = None if r["total_is_estimate"] else r["total"]
        out[q] = (total, [(h["id"], round(h["score"], 6)) for h in r["results"]])
    return out


def complete_only(db, expected):
    """Problems: meetings in the index that are not exactly as parsed."""
    problems = []
    for meeting, ids in listing(db).items():
        if meeting not in expected:
            problems.append(f"unknown meeting {meeting}")
        elif ids != expected[meeting]:
            problems.append(f"{meeting}: {len(ids)} of {len(expected[meeting])} items")
    return problems


def trace_state(path):
    """(commits begun, whether a commit was in progress at the end)."""
    begun, open_shards = 0, set()
    if os.path.exists(path):
        for line in open(path):
            what, shard = line.split()
            if what == "begin":
                begun += 1
                open_shards.add(shard)
            else:
                open_shards.discard(shard)
    return begun, bool(open_shards)


def killed_run(args, trace, at_seconds=None, at_commit=None):
    """Starts `referat ARGS`, SIGKILLs it at a time or as commit number `at_commit`
    begins; returns (killed, in_commit)."""
    if os.path.exists(trace):
        os.unlink(trace)
    env = dict(os.environ, REFERAT_TRACE_COMMITS=trace)
    proc = subprocess.Popen([BIN, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    start = time.monotonic()
    while proc.poll() is None:
        if at_seconds is not None and time.monotonic() - start >= at_seconds:
            break
        if at_commit is not None and trace_state(trace)[0] >= at_commit:
            break
        time.sleep(0.0005 if at_commit is not None else 0.002)
    if proc.poll() is not None:
        proc.wait()
        return False, False
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    return True, trace_state(trace)[1]


work = tempfile.mkdtemp(prefix="referat-crash-")
try:
    corpus = os.path.join(work, "corpus")
    subprocess.run([sys.executable, os.path.join(ROOT, "benchmarks", "gen_corpus.py"), "--items", str(a.items),
                    "--out", corpus, "--seed", str(a.seed), "--quiet"], check=True)
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(corpus) for f in fs if f.endswith((".md", ".txt")))
    parsed = json.loads(subprocess.run([BIN, "parse", "--format", "json", *files], capture_output=True,
                                       text=True, check=True).stdout)
    expected = {}
    for m in parsed:
        expected[m["id"]] = sorted(item["id"] for item in m["items"])
    n_items = sum(len(v) for v in expected.values())

    index_args = ["index", "--quiet", "--jobs", "2", "--shards", "2", "--commit-every", str(a.commit_every), corpus]
    clean = os.path.join(work, "clean")
    trace = os.path.join(work, "trace")
    t0 = time.monotonic()
    killed_run(["--db", clean, *index_args], trace)
    duration = time.monotonic() - t0
    commits = trace_state(trace)[0]
    clean_listing = listing(clean)
    report("a clean run indexes every parsed item", clean_listing == expected,
           f"{sum(len(v) for v in clean_listing.values())} of {n_items} items")
    clean_answers = answers(clean)
    clean_stats = json.loads(referat(clean, "stats", "--format", "json").stdout)
    print(f"# {len(files)} files, {len(expected)} meetings, {n_items} items; clean run {duration:.1f} s, "
          f"{commits} commits")
    sys.stdout.flush()

    def timed(args):
        """(seconds, commits) of an uninterrupted run."""
        start = time.monotonic()
        killed_run(args, trace)
        return time.monotonic() - start, trace_state(trace)[0]

    kill_number = [0]  # over all series: every fourth kill waits for a commit

    def kill_series(name, make_args, kills, db, check_after, duration, commits):
        in_commit = landed = 0
        for k in range(kills):
            kill_number[0] += 1
            if kill_number[0] % 4 == 1:
                at = dict(at_commit=rng.randint(1, max(1, commits)))
            else:
                at = dict(at_seconds=rng.uniform(0.0, duration))
            killed, during = killed_run(make_args(), trace, **at)
            landed += killed
            in_commit += during
            problems = check_after()
            when = f"commit {at['at_commit']}" if "at_commit" in at else f"{at['at_seconds']:.2f} s"
            what = "during a commit" if during else "killed" if killed else "finished first"
            report(f"{name} kill {k + 1} ({what}, {when}): index opens, only complete meetings",
                   not problems, "; ".join(problems[:5]))
        return landed, in_commit

    # 2. Index kills; every run re-indexes the whole corpus (a re-run of the last).
    # A re-run replaces every item (and is what follows each kill): its duration is
    # the span the kills are spread over. It must leave the index as it was.
    # --force: a re-run analyses and writes every file again, as index did before it
    # skipped unchanged files; the final re-run below goes without it, so unchanged
    # files are skipped by their source stamps, which must not vouch for lost items.
    force_args = [index_args[0], "--force", *index_args[1:]]
    rerun_seconds, rerun_commits = timed(["--db", clean, *force_args])
    report("index: a re-run over a complete index changes nothing", listing(clean) == clean_listing
           and answers(clean) == clean_answers)
    db = os.path.join(work, "crashed")
    landed, in_commit = kill_series("index", lambda: ["--db", db, *force_args], a.kills, db,
                                    lambda: complete_only(db, expected), min(duration, rerun_seconds),
                                    rerun_commits)
    final = referat(db, *index_args, check=False)
    report("index: the re-run after the last kill completes", final.returncode == 0, final.stderr)
    report("index: the final index holds the same items as a clean one", listing(db) == clean_listing)
    report("index: the same hits and scores as a clean one", answers(db) == clean_answers)
    stats = json.loads(referat(db, "stats", "--format", "json").stdout)
    report("index: the same stats as a clean one", stats == clean_stats, f"{stats} vs {clean_stats}")

    # 3. Remove kills: remove a seeded fifth of the sources from a copy of the clean index.
    doomed = sorted(rng.sample(files, max(1, len(files) // 5)))
    doomed_meetings = {m["id"] for m in parsed if m["source"] in doomed}
    timing_db = os.path.join(work, "remove-timing")
    shutil.copytree(clean, timing_db)
    remove_seconds, remove_commits = timed(["--db", timing_db, "remove", *doomed])
    # Each remove kill starts from a copy of the clean index, and its re-run must
    # leave exactly the other meetings.
    rdb = os.path.join(work, "removing")
    want = {m: ids for m, ids in clean_listing.items() if m not in doomed_meetings}
    r_landed = r_in_commit = 0
    for k in range(max(2, a.kills // 5)):
        shutil.rmtree(rdb, ignore_errors=True)
        shutil.copytree(clean, rdb)
        landed_k, in_commit_k = kill_series(f"remove {k + 1}:", lambda: ["--db", rdb, "remove", *doomed], 1, rdb,
                                            lambda: complete_only(rdb, expected), remove_seconds, remove_commits)
        r_landed += landed_k
        r_in_commit += in_commit_k
        final = referat(rdb, "remove", *doomed, check=False)
        report(f"remove {k + 1}: the re-run completes and leaves exactly the other meetings",
               final.returncode in (0, 1) and listing(rdb) == want, final.stderr)

    total, during = landed + r_landed, in_commit + r_in_commit
    print(f"# kills: {total} landed, {during} inside a commit ({100 * during / max(total, 1):.0f}%)")
    report("at least 20% of the kills landed inside a commit", total and during >= 0.2 * total,
           f"{during} of {total}")
finally:
    if a.keep:
        print(f"# work directory kept: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)

RESULTS.finish()
