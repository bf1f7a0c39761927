#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The archive-scale benchmark's bookkeeping (benchmarks/bench.py), which a run of many
hours over several sessions depends on: resuming a stopped indexing (its runs' figures
added, scriptindex's records not yet indexed), and `bench.py paused` (which processes
it stops, what it records, what a measurement subtracts). No timing is asserted.

    bench_driver_test.py REPO
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from harness import Report  # noqa: E402

REPO = Path(sys.argv[1]).resolve()
BENCH = REPO / "benchmarks" / "bench.py"
sys.path.insert(0, str(REPO / "benchmarks"))
import bench  # noqa: E402


def state(pid):
    return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]


def stand_in(path):
    """A process whose command line names PATH, as a measured indexer's does; in a
    process group of its own (its `sleep` must not outlive the test holding ctest's
    output pipe)."""
    return subprocess.Popen(["sh", "-c", "sleep 30; :", str(path)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def end(proc):
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def check_skip_records():
    with tempfile.TemporaryDirectory() as tmp:
        items = Path(tmp) / "items.jsonl"
        rows = [{"id": f"m/2024-01-0{i}/referat/1", "date": f"2024-01-0{i}", "body": "B",
                 "title": f"Punkt {i}", "text": f"Første linje {i}\n\nanden linje"} for i in range(1, 6)]
        items.write_text("".join(json.dumps(r) + "\n" for r in rows))
        whole, rest = Path(tmp) / "si.txt", Path(tmp) / "rest.txt"
        bench.scriptindex_input(items, whole)
        records = whole.read_text().split("\n\n")
        assert len([r for r in records if r]) == 5, records
        bench.skip_records(whole, rest, 2)
        text = rest.read_text()
        assert text.startswith("id=m/2024-01-03/referat/1\n"), text[:80]
        assert text.count("\nid=") + text.startswith("id=") == 3, text
        assert "=anden linje" in text  # a value's later lines stay with their record
        bench.skip_records(whole, rest, 0)
        assert rest.read_text() == whole.read_text()


def check_segments():
    with tempfile.TemporaryDirectory() as tmp:
        size_dir, db = Path(tmp), Path(tmp) / "db-bare"
        db.mkdir()
        first = {"user_s": 10.0, "sys_s": 1.0, "elapsed_s": 20.0, "max_rss_kb": 100, "stopped": True}
        (size_dir / "bare-segments.json").write_text(json.dumps([first]))
        second = {"user_s": 5.0, "sys_s": 0.5, "elapsed_s": 8.0, "max_rss_kb": 300}
        (size_dir / "bare-sample.json").write_text(json.dumps(second))
        runs = bench.index_segments(size_dir, "bare", db)
        assert runs == [first, {**second, "stopped": True}], runs
        assert not (size_dir / "bare-sample.json").exists()
        assert json.loads((size_dir / "bare-segments.json").read_text()) == runs
        # Asked again (the next run stopped before its first sample): nothing is counted twice.
        assert bench.index_segments(size_dir, "bare", db) == runs
        # Figures without a database: started again, the database gone.
        other = size_dir / "db-xapian-scriptindex"
        (size_dir / "xapian-scriptindex-sample.json").write_text(json.dumps(second))
        assert bench.index_segments(size_dir, "xapian-scriptindex", other) == []
        # A database without figures is not resumed: it is made anew.
        stray = size_dir / "db-fts5x"
        stray.mkdir()
        assert bench.index_segments(size_dir, "fts5x", stray) == [] and not stray.exists()


def check_figures():
    with tempfile.TemporaryDirectory() as tmp:
        timefile = Path(tmp) / "time.txt"
        timefile.write_text("\tUser time (seconds): 12.50\n\tSystem time (seconds): 1.25\n"
                            "\tElapsed (wall clock) time (h:mm:ss or m:ss): 1:02:03\n"
                            "\tMaximum resident set size (kbytes): 700000\n"
                            "\tFile system inputs: 2000\n\tFile system outputs: 1000000\n"
                            "\tExit status: 0\n")
        rec = bench.parse_time_v(timefile)
        assert rec == {"user_s": 12.5, "sys_s": 1.25, "elapsed_s": 3723.0, "max_rss_kb": 700000,
                       "read_bytes": 1024000, "write_bytes": 512000000, "exit_status": 0}, rec
    # A resumed run: the earlier runs added, disk bytes only when every run has them.
    sampled = {"user_s": 1.0, "sys_s": 0.5, "elapsed_s": 10.0, "max_rss_kb": 900000,
               "read_bytes": 10, "write_bytes": 20, "stopped": True}
    rec = bench.add_segments({"user_s": 12.5, "sys_s": 1.25, "elapsed_s": 100.0, "max_rss_kb": 700000,
                              "read_bytes": 1000, "write_bytes": 2000}, [sampled, sampled])
    assert rec == {"user_s": 14.5, "sys_s": 2.25, "elapsed_s": 120.0, "max_rss_kb": 900000,
                   "read_bytes": 1020, "write_bytes": 2040, "runs": 3}, rec
    unsampled = {k: v for k, v in sampled.items() if not k.endswith("_bytes")}
    rec = bench.add_segments({"user_s": 1.0, "sys_s": 0.0, "elapsed_s": 5.0, "max_rss_kb": 1,
                              "read_bytes": 1000, "write_bytes": 2000}, [unsampled, sampled])
    assert "read_bytes" not in rec and "write_bytes" not in rec and rec["runs"] == 3, rec


def check_take_pauses():
    with tempfile.TemporaryDirectory() as tmp:
        size_dir = Path(tmp) / "run-1m"
        size_dir.mkdir()
        pauses = [{"engine": "referat", "phase": "index", "seconds": 10.0, "why": "a"},
                  {"engine": "referat", "phase": "compact", "seconds": 3.0, "why": "b"},
                  {"engine": "referat", "phase": "index", "seconds": 2.5, "why": "c"},
                  {"engine": "bare", "phase": "index", "seconds": 7.0, "why": "d"}]
        (size_dir / "paused.json").write_text(json.dumps(pauses))
        # Read without forgetting (the record is written first): still there after.
        assert bench.take_pauses(size_dir, "referat", "index", forget=False) == (12.5, ["a", "c"])
        assert json.loads((size_dir / "paused.json").read_text()) == pauses
        assert bench.take_pauses(size_dir, "referat", "index") == (12.5, ["a", "c"])
        assert bench.take_pauses(size_dir, "referat", "index") == (0, [])  # taken once
        assert bench.take_pauses(size_dir, "referat", "compact") == (3.0, ["b"])
        assert bench.take_pauses(size_dir, "bare", "index") == (7.0, ["d"])
        assert not (size_dir / "paused.json").exists()


def check_pause_reasons():
    assert bench.pause_reasons(["build", "ctest", "build", "build"]) == "build (x3); ctest"
    assert bench.pause_reasons([]) == ""


def check_disk_need():
    gb = 10**9
    # Nothing on disk: the largest engine's factor, plus what is not made yet.
    assert bench.disk_need(["referat", "fts5"], gb, 2 * gb, {}) == 2 * gb + 19 * gb
    # scriptindex: its input too; resumed (its database there), a copy of the rest.
    assert bench.disk_need(["xapian-scriptindex"], gb, 0, {}) == 12 * gb
    assert bench.disk_need(["xapian-scriptindex"], gb, 0, {"xapian-scriptindex": 3 * gb}) == 10 * gb
    # referat's resumed database is its own, and deleted before the peers run: the
    # peers' peak is not added to it (the 1M run at 29 GB of 44 GB free).
    need = bench.disk_need(["referat", "bare-flush", "xapian-scriptindex"], 3 * gb, 0, {"referat": 29 * gb})
    assert need == 3 * gb * 19 - 29 * gb, need
    # A database of an engine running later is not credited to the ones before it.
    assert bench.disk_need(["referat", "fts5"], gb, 0, {"fts5": 5 * gb}) == 19 * gb


def check_targets_pending():
    ref = {"engine": "referat", "index": {"items": 1000, "wall_s": 10.0, "user_s": 15.0, "sys_s": 1.0,
                                          "max_rss_kb": 500 * 1024, "text_bytes": 10**6}}
    lines = bench.targets([ref])
    text = "\n".join(lines)
    for target in ("scriptindex as shipped", "scriptindex at referat's batch", "bare floor"):
        row = next((l for l in lines if target in l), None)
        assert row and row.endswith("| pending |"), (target, text)
    assert "| peak RSS ≤ 1 GiB | 500 MiB | met |" in text, text
    peer = {"engine": "xapian-scriptindex", "index": {"items": 1000, "wall_s": 5.0, "user_s": 5.0, "sys_s": 0.0}}
    row = next(l for l in bench.targets([ref, peer]) if "as shipped" in l)
    assert "0.50×" in row and row.endswith("| **missed** |"), row


def check_measured_pids():
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "run-1m").mkdir()
        indexer = stand_in(work / "run-1m" / "db-referat")
        log = stand_in(work / "run-1m.log")  # names the work dir, not a run dir's file
        stopped = stand_in(work / "run-1m" / "time-referat.txt")
        try:
            time.sleep(0.2)
            os.kill(stopped.pid, signal.SIGSTOP)
            time.sleep(0.1)
            found = bench.measured_pids(work)
            assert list(found) == [work.resolve() / "run-1m"], found
            pids = found[work.resolve() / "run-1m"]
            assert indexer.pid in pids and log.pid not in pids, (pids, indexer.pid, log.pid)
            assert stopped.pid not in pids, "a process already stopped (by another pause) is left alone"
        finally:
            os.kill(stopped.pid, signal.SIGCONT)
            for p in (indexer, log, stopped):
                end(p)


def run_paused(work, *cmd, why="test"):
    return subprocess.run([sys.executable, str(BENCH), "paused", "--work", str(work), "--why", why, "--", *cmd],
                          capture_output=True, text=True)


def check_paused():
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        size_dir = work / "run-1m"
        size_dir.mkdir()
        (size_dir / "measuring.json").write_text(json.dumps({"engine": "referat", "phase": "index"}))
        indexer = stand_in(size_dir / "db-referat")
        try:
            time.sleep(0.2)
            # The command sees the indexer stopped; a pause inside it stops nothing more.
            probe = (f"test $(cut -d' ' -f3 /proc/{indexer.pid}/stat) = T && "
                     f"{sys.executable} {BENCH} paused --work {work} --why inner -- true")
            out = run_paused(work, "sh", "-c", probe, why="outer")
            assert out.returncode == 0, out.stdout + out.stderr
            assert state(indexer.pid) != "T", "the indexer goes on after the pause"
            pauses = json.loads((size_dir / "paused.json").read_text())
            assert [p["why"] for p in pauses] == ["outer"], pauses
            assert pauses[0]["engine"] == "referat" and pauses[0]["phase"] == "index"
            # The command's exit status is passed on.
            assert run_paused(work, "sh", "-c", "exit 3").returncode == 3
            # Queries cannot be corrected for a pause: refused, nothing stopped.
            (size_dir / "measuring.json").write_text(json.dumps({"engine": "referat", "phase": "query"}))
            out = run_paused(work, "true")
            assert out.returncode != 0 and "being queried" in out.stderr, out.stderr
            assert state(indexer.pid) != "T"
            # No phase being measured (an untimed step): the command runs, nothing stopped.
            (size_dir / "measuring.json").unlink()
            out = run_paused(work, "sh", "-c", f"test $(cut -d' ' -f3 /proc/{indexer.pid}/stat) != T")
            assert out.returncode == 0 and "running the command as it is" in out.stderr, out.stderr
            assert len(json.loads((size_dir / "paused.json").read_text())) == 2  # outer, exit 3
            # measuring.json left by a driver that was killed: nothing is measured.
            gone = subprocess.Popen(["true"])
            gone.wait()
            (size_dir / "measuring.json").write_text(
                json.dumps({"engine": "referat", "phase": "index", "driver": gone.pid}))
            out = run_paused(work, "sh", "-c", f"test $(cut -d' ' -f3 /proc/{indexer.pid}/stat) != T")
            assert out.returncode == 0 and "running the command as it is" in out.stderr, out.stderr
            assert len(json.loads((size_dir / "paused.json").read_text())) == 2
            # The driver alive (this process): stopped and recorded.
            (size_dir / "measuring.json").write_text(
                json.dumps({"engine": "referat", "phase": "index", "driver": os.getpid()}))
            assert run_paused(work, "true").returncode == 0
            assert len(json.loads((size_dir / "paused.json").read_text())) == 3
        finally:
            end(indexer)


def main():
    r = Report()
    r.check("scriptindex's records after the first N", check_skip_records)
    r.check("a stopped indexing's runs are kept and counted once", check_segments)
    r.check("time -v's figures, and a resumed run's sums (disk bytes only when known)", check_figures)
    r.check("pauses are taken by engine and phase, once", check_take_pauses)
    r.check("a phase's pause reasons, each once", check_pause_reasons)
    r.check("the disk a run needs (databases there, deleted before)", check_disk_need)
    r.check("targets without a peer's record are pending", check_targets_pending)
    r.check("the processes a run measures, and only those", check_measured_pids)
    r.check("bench.py paused stops, records, resumes; refuses during queries", check_paused)
    r.finish()


if __name__ == "__main__":
    main()
