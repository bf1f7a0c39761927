#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Several indexes searched as one: the samples indexed as two shards, searched
# through a stub file of local shards ("auto PATH") and through two xapian-tcpsrv
# servers on loopback ("remote 127.0.0.1:PORT"), must give the same result set,
# scores, order (ties by id), totals and facets as one index of everything.
#
# usage: shards_test.py PATH/TO/referat REPO_ROOT
# Prints "skipped: no xapian-tcpsrv" and exits 0 without xapian-tools.
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

BIN, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
SAMPLES = os.path.join(ROOT, "samples")
QUERIES = [
    ("velfærdsteknologi", []),
    ("velfærdsteknologi OR sikkerhed", []),
    ("skole", ["--sort", "date"]),
    ("skole", ["--sort", "oldest"]),
    ("budget", ["--sort", "case"]),
    ("sag:22/00954", ["--sort", "date"]),
    ("ØA 24", []),
    ("\"72 mio. kr.\"", []),
    ("titel:affald OR beslutning:godkendt", ["--limit", "50"]),
    ("kommune dato:2024..", ["--limit", "50"]),
    ("-skole", ["--limit", "100"]),
]


def run(*args):
    return subprocess.run([BIN, *args], capture_output=True, text=True, timeout=60)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port, proc):
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"xapian-tcpsrv on port {port} exited: {proc.stdout.read()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"xapian-tcpsrv did not listen on port {port}")


def search(db, query, extra):
    limit = [] if "--limit" in extra else ["--limit", "20"]
    r = run("--db", db, "search", "--format", "json", *limit, *extra, "--", query)
    if r.returncode != 0:
        raise RuntimeError(f"search {query!r} on {db}: exit {r.returncode}: {r.stderr.strip()}")
    return json.loads(r.stdout)


def same(expected, got, label):
    problems = []
    if got["total"] != expected["total"]:
        problems.append(f"total {got['total']} != {expected['total']}")
    a = [(h["id"], h["score"]) for h in expected["results"]]
    b = [(h["id"], h["score"]) for h in got["results"]]
    if [x for x, _ in a] != [x for x, _ in b]:
        problems.append(f"ids {[x for x, _ in b]} != {[x for x, _ in a]}")
    elif any(abs(x - y) > 1e-9 * max(1.0, abs(x)) for (_, x), (_, y) in zip(a, b)):
        problems.append(f"scores {[y for _, y in b]} != {[x for _, x in a]}")
    if got["facets"] != expected["facets"]:
        problems.append(f"facets {got['facets']} != {expected['facets']}")
    return [f"{label}: {p}" for p in problems]


def main():
    tcpsrv = shutil.which("xapian-tcpsrv")
    if not tcpsrv:
        print("skipped: no xapian-tcpsrv (Debian package xapian-tools)")
        return 0
    work = tempfile.mkdtemp(prefix="referat-shards-")
    servers = []
    try:
        files = sorted(os.path.join(SAMPLES, f) for f in os.listdir(SAMPLES) if f.endswith((".md", ".txt")))
        half = len(files) // 2
        for name, part in (("a", files[:half]), ("b", files[half:]), ("all", files)):
            r = run("--db", os.path.join(work, name), "index", "--quiet", *part)
            if r.returncode != 0:
                print(f"FAIL - indexing {name}: {r.stderr.strip()}")
                return 1
        local = os.path.join(work, "local.stub")
        with open(local, "w") as f:
            f.write(f"auto {os.path.join(work, 'a')}\nauto {os.path.join(work, 'b')}\n")
        ports = []
        for name in ("a", "b"):
            port = free_port()
            proc = subprocess.Popen([tcpsrv, "--port", str(port), "--interface", "127.0.0.1", "--quiet",
                                     os.path.join(work, name)],
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                    # its SIGTERM handler signals its whole process group
                                    start_new_session=True)
            servers.append(proc)
            wait_for(port, proc)
            ports.append(port)
        remote = os.path.join(work, "remote.stub")
        with open(remote, "w") as f:
            f.write("".join(f"remote 127.0.0.1:{p}\n" for p in ports))

        failures = []
        for query, extra in QUERIES:
            expected = search(os.path.join(work, "all"), query, extra)
            if not expected["results"] and query != "-skole":
                failures.append(f"{query!r}: no results even in one index (a useless check)")
            for label, db in (("local shards", local), ("remote shards", remote)):
                failures += same(expected, search(db, query, extra), f"{query!r} {' '.join(extra)} via {label}")
        stats = json.loads(run("--db", remote, "stats", "--format", "json").stdout)
        all_stats = json.loads(run("--db", os.path.join(work, "all"), "stats", "--format", "json").stdout)
        if stats != all_stats:
            failures.append(f"stats via remote shards {stats} != {all_stats}")
        r = run("--db", remote, "index", SAMPLES)
        if r.returncode != 4 or "stub file" not in r.stderr:
            failures.append(f"indexing into a stub file: exit {r.returncode}, {r.stderr.strip()!r}")
        for f in failures:
            print("FAIL -", f)
        print(f"{len(QUERIES)} queries × 2 shard setups: {len(failures)} failures")
        return 1 if failures else 0
    finally:
        for proc in servers:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
