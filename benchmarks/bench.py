#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The archive-scale benchmark's driver (issue 5); benchmarks/run.sh calls it.

  bench.py items CORPUS --referat BIN --out ITEMS.jsonl
      The items dump every peer indexes: `referat parse --format json` over the corpus,
      one line per item {id, date, body, title, text}; text = the parts joined by blank
      lines. Not timed.
  bench.py scriptindex-input ITEMS.jsonl OUT
      The same items as scriptindex records (field=value lines, '=' continuation lines).
  bench.py queries ITEMS.jsonl --out FILE [--per-class N] [--seed S]
      The seeded query mix, one query per line in each engine's syntax.
  bench.py run --sizes 10k,... --work DIR --build DIR [...]
      Everything else: corpus, dumps, then per size and engine index, measure, query,
      delete; one JSON line per (size, engine) in WORK/results.jsonl (a rerun skips the
      pairs already there); then the "Archive scale (issue 5)" section of RESULTS.md.
  bench.py report --work DIR [--results-md FILE]
      Only the last step, from WORK/results.jsonl.
  bench.py sweep --size 10k --work DIR --build DIR [--settings "J,S,C ..."]
      The indexer's own settings ("measure before tuning"): referat index over one
      corpus once per --jobs J, --shards S, --commit-every C; WORK/sweep.jsonl (a rerun
      skips settings already there), then the "Indexer settings (issue 5)" section.
  bench.py paused --work DIR [--why TEXT] -- COMMAND...
      Runs COMMAND (a build, the tests) with the benchmark running in DIR stopped, and
      records the pause in run-SIZE/paused.json: the indexing or compaction wall time
      then leaves it out (the record says how long, and why). Refused while querying.

Python standard library only.
"""
import argparse
import collections
import contextlib
import datetime
import fcntl
import json
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STOPWORDS = REPO / "lib" / "data" / "stopwords.txt"
SECTION = "## Archive scale (issue 5)"
SWEEP_SECTION = "## Indexer settings (issue 5)"
# --jobs, --shards, --commit-every: the default first, then one change at a time.
SWEEP_SETTINGS = "2,2,1000 2,2,100 2,2,10000 2,2,0 2,1,1000 1,1,1000"
XAPIAN_DEFAULT_FLUSH = 10000  # Xapian's own default for XAPIAN_FLUSH_THRESHOLD
BYTES_PER_ITEM_GUESS = 3000   # corpus bytes per item before a corpus exists to measure
# An engine's peak disk use, in corpus sizes: its database and the compacted copy side
# by side (at 100k: referat 4.0 + 2.2 GB, bare Xapian 2.4 + 1.3, scriptindex 2.3 + 1.2,
# FTS5 0.66 + 0.66, for a 346 MB corpus), with a margin.
DISK_FACTOR = {"referat": 19, "bare": 11, "bare-flush": 11, "xapian-scriptindex": 11,
               "xapian-scriptindex-flush": 11, "fts5": 4}
QUERY_ENGINES = ("referat", "bare", "bare-flush", "fts5")
# Every engine of a full run, in the default order (--engines picks and orders them).
# "-flush": at referat's XAPIAN_FLUSH_THRESHOLD (--flush, 1000; referat commits every
# 1,000 items per shard) instead of Xapian's default 10,000, which costs Xapian's writer
# about 1.7x the CPU per item at 100k: the floor of what Xapian costs is the cheaper of
# the two bare runs. Either answers the query mix as bare Xapian (at 1m, where one run
# of hours is enough, bare-flush alone).
ENGINES = ("referat", "bare", "bare-flush", "xapian-scriptindex", "xapian-scriptindex-flush", "fts5")
CLASSES = ("one", "and", "or", "phrase", "field", "date", "sort", "facets")


def log(*args):
    print("bench:", *args, file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------- items

def corpus_files(corpus):
    return sorted(p for p in Path(corpus).rglob("*") if p.is_file() and p.name != "manifest.json")


def dump_items(corpus, referat, out, batch=200):
    """Writes the items dump; returns {files, failed, meetings, items, text_bytes}."""
    files = corpus_files(corpus)
    stats = collections.Counter(files=len(files))
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    tmp = Path(str(out) + ".part")
    with open(tmp, "w", encoding="utf-8") as f:
        for start in range(0, len(files), batch):
            chunk = [str(p) for p in files[start:start + batch]]
            proc = subprocess.run([str(referat), "parse", "--format", "json", *chunk],
                                  capture_output=True, text=True)
            if proc.returncode not in (0, 1):  # 1: some files rejected, the rest parsed
                raise RuntimeError(f"referat parse failed ({proc.returncode}): {proc.stderr[:500]}")
            stats["failed"] += sum(1 for line in proc.stderr.splitlines() if "error" in line.lower())
            for meeting in json.loads(proc.stdout or "[]"):
                stats["meetings"] += 1
                for item in meeting["items"]:
                    text = "\n\n".join(p["text"] for p in item["parts"] if p["text"])
                    row = {"id": item["id"], "date": meeting.get("date") or "",
                           "body": meeting.get("body") or "", "title": item["title"], "text": text}
                    f.write(json.dumps(row, ensure_ascii=False) + "\n")
                    stats["items"] += 1
                    stats["text_bytes"] += len(item["title"].encode()) + len(text.encode())
    tmp.rename(out)
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    stats["parse_cpu_s"] = (cpu.ru_utime - cpu_before.ru_utime) + (cpu.ru_stime - cpu_before.ru_stime)
    return dict(stats)


def read_items(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def scriptindex_input(items, out):
    """Records of field=value lines; a newline inside a value continues with '='."""
    def field(name, value):
        return name + "=" + value.replace("\r", "").replace("\n", "\n=") + "\n"
    tmp = Path(str(out) + ".part")
    with open(tmp, "w", encoding="utf-8") as f:
        for item in read_items(items):
            f.write(field("id", item["id"]) + field("date", item["date"].replace("-", "")) +
                    field("body", item["body"]) + field("title", item["title"]) +
                    field("text", item["text"]) + "\n")
    tmp.rename(out)


# --------------------------------------------------------------------------- queries

WORD = re.compile(r"^[^\W\d_]+$")


def words_of(text):
    """Lower-case words of letters only: what all three engines see as one plain word."""
    return [w.lower() for w in text.split() if WORD.match(w)]


def load_stopwords():
    return {l.strip() for l in STOPWORDS.read_text(encoding="utf-8").splitlines()
            if l.strip() and not l.startswith("#")}


def make_queries(items_path, out, per_class=1000, seed=1, sample_items=20000):
    """The query mix: for each class, per_class distinct queries, a third from each
    document-frequency band (high: in >= 1 % of the items, mid: 0.1-1 %, low: rarer).
    Returns {class: count}, which may fall short of per_class on a small vocabulary."""
    rnd = random.Random(seed)
    stop = load_stopwords()
    df, title_df = collections.Counter(), collections.Counter()
    sample, n, years = [], 0, set()
    for item in read_items(items_path):  # one pass: frequencies and a reservoir sample
        n += 1
        df.update(set(words_of(item["title"] + "\n" + item["text"])))
        title_df.update(set(words_of(item["title"])))
        if item["date"]:
            years.add(int(item["date"][:4]))
        if len(sample) < sample_items:
            sample.append(item)
        elif (j := rnd.randrange(n)) < sample_items:
            sample[j] = item
    if not n:
        raise RuntimeError(f"{items_path}: no items")

    def band_of(count):
        return "high" if count >= 0.01 * n else "mid" if count >= 0.001 * n else "low"

    def bands(counter):
        out = collections.defaultdict(list)
        for w, c in sorted(counter.items()):
            if w not in stop and len(w) >= 3:
                out[band_of(c)].append(w)
        return out

    vocab, title_vocab = bands(df), bands(title_df)
    first, last = (min(years), max(years)) if years else (2000, 2000)

    def year_range():
        a = rnd.randint(first, last)
        return a, min(last, a + rnd.randint(0, 2))

    def pair_from_item(band, adjacent):
        """Two words of one sampled item, the rarer in `band`: adjacent (a phrase) or any
        two (an AND with hits)."""
        item = rnd.choice(sample)
        ws = words_of(item["text"])
        if len(ws) < 2:
            return None
        if adjacent:
            raw = item["text"].split()
            pairs = [(raw[i].lower(), raw[i + 1].lower()) for i in range(len(raw) - 1)
                     if WORD.match(raw[i]) and WORD.match(raw[i + 1])]
            pairs = [p for p in pairs if not (p[0] in stop and p[1] in stop)]
            if not pairs:
                return None
            a, b = rnd.choice(pairs)
        else:
            content = sorted({w for w in ws if w not in stop and len(w) >= 3})
            if len(content) < 2:
                return None
            a, b = rnd.sample(content, 2)
        return (a, b) if band_of(min(df[a], df[b])) == band else None

    def word(band, pool=None):
        choices = (pool or vocab)[band]
        return rnd.choice(choices) if choices else None

    def quoted(w):
        return '"' + w + '"'

    def build(kind, band):
        """(referat, xapian, fts5, date_from, date_to, sort) or None."""
        if kind in ("one", "sort", "facets"):
            w = word(band)
            return w and (w, w, quoted(w), "", "", "date" if kind == "sort" else "relevance")
        if kind == "and":
            p = pair_from_item(band, adjacent=False)
            return p and (f"{p[0]} {p[1]}", f"{p[0]} {p[1]}", f"{quoted(p[0])} {quoted(p[1])}",
                          "", "", "relevance")
        if kind == "or":
            a, b = word(band), word(band)
            return a and b and a != b and (f"{a} OR {b}", f"{a} OR {b}",
                                           f"{quoted(a)} OR {quoted(b)}", "", "", "relevance")
        if kind == "phrase":
            p = pair_from_item(band, adjacent=True)
            return p and (f'"{p[0]} {p[1]}"',) * 3 + ("", "", "relevance")
        if kind == "field":
            w = word(band, title_vocab)
            return w and (f"titel:{w}", f"title:{w}", f"title : {quoted(w)}", "", "", "relevance")
        if kind == "date":
            w = word(band)
            if not w:
                return None
            a, b = year_range()
            return (f"{w} dato:{a}..{b}", w, quoted(w), f"{a}-01-01", f"{b}-12-31", "relevance")
        raise ValueError(kind)

    counts = {}
    tmp = Path(str(out) + ".part")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("class\tband\treferat\txapian\tfts5\tdate_from\tdate_to\tsort\n")
        for kind in CLASSES:
            seen, attempts = set(), 0
            while len(seen) < per_class and attempts < per_class * 60:
                band = ("high", "mid", "low")[attempts % 3]
                attempts += 1
                q = build(kind, band)
                if not q or q in seen:
                    continue
                seen.add(q)
                f.write("\t".join((kind, band) + q) + "\n")
            counts[kind] = len(seen)
    tmp.rename(out)
    return counts


# ------------------------------------------------------------------------ measuring

def engine_list(text):
    """--engines: known engine names, comma-separated, each once."""
    names = [e for e in text.split(",") if e]
    unknown = [e for e in names if e not in ENGINES]
    if unknown or not names or len(set(names)) != len(names):
        raise argparse.ArgumentTypeError(f"'{text}': expected distinct names of {', '.join(ENGINES)}")
    return names


def parse_size(text):
    m = re.fullmatch(r"(\d+)([km]?)", text.lower())
    if not m:
        raise ValueError(f"not a size: {text} (e.g. 10k, 100k, 1m, 5000, smoke)")
    return int(m.group(1)) * {"": 1, "k": 1000, "m": 1000000}[m.group(2)]


def dir_bytes(path):
    path = Path(path)
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def parse_time_v(path):
    """The fields of `/usr/bin/time -v` we report."""
    out = {}
    for line in Path(path).read_text().splitlines():
        key, _, value = line.strip().rpartition(": ")
        if key == "User time (seconds)":
            out["user_s"] = float(value)
        elif key == "System time (seconds)":
            out["sys_s"] = float(value)
        elif key == "Maximum resident set size (kbytes)":
            out["max_rss_kb"] = int(value)
        # Linux counts these in 512-byte units of what reached the disk (not the page
        # cache): /proc/PID/io's read_bytes and write_bytes less cancelled writes.
        elif key == "File system inputs":
            out["read_bytes"] = int(value) * 512
        elif key == "File system outputs":
            out["write_bytes"] = int(value) * 512
        elif key.startswith("Elapsed (wall clock) time"):
            parts = [float(x) for x in value.split(":")]
            out["elapsed_s"] = sum(x * 60 ** i for i, x in enumerate(reversed(parts)))
        elif key == "Exit status":
            out["exit_status"] = int(value)
    return out


class Runner:
    """Runs and records commands: each goes to WORK/commands.log as it was run."""

    def __init__(self, work):
        self.work = Path(work)
        self.log = self.work / "commands.log"

    def run(self, cmd, env=None, stdout=None, timed=None, watch=None):
        """Runs cmd; with timed=FILE under /usr/bin/time -v; watch(popen) in a thread while
        it runs. Raises on failure."""
        env_text = " ".join(f"{k}={v}" for k, v in (env or {}).items())
        full = (["/usr/bin/time", "-v", "-o", str(timed)] if timed else []) + [str(c) for c in cmd]
        with open(self.log, "a") as f:
            f.write(f"{datetime.datetime.now().isoformat(timespec='seconds')} "
                    f"{env_text + ' ' if env_text else ''}{' '.join(full)}\n")
        proc_env = {k: v for k, v in os.environ.items() if k != "XAPIAN_FLUSH_THRESHOLD"}
        proc_env.update(env or {})
        if watch is None:
            proc = subprocess.run(full, env=proc_env, stdout=subprocess.PIPE if stdout is None else stdout,
                                  stderr=subprocess.PIPE, text=True)
            out, err, rc = proc.stdout, proc.stderr, proc.returncode
        else:
            with subprocess.Popen(full, env=proc_env, stdout=subprocess.PIPE if stdout is None else stdout,
                                  stderr=subprocess.PIPE, text=True) as proc:
                sampler = threading.Thread(target=watch, args=(proc,), daemon=True)
                sampler.start()
                out, err = proc.communicate()
                rc = proc.returncode
                sampler.join()
        if rc != 0:
            raise RuntimeError(f"failed ({rc}): {' '.join(full)}\n{err[-2000:]}")
        return out


def load():
    return round(os.getloadavg()[0], 2)


def sample_process(popen, out, every=float(os.environ.get("REFERAT_BENCH_SAMPLE_S", "10"))):
    """While `popen` (/usr/bin/time) runs, writes the CPU seconds, wall seconds, peak
    RSS and disk bytes read and written of its child (the indexer) to `out` every
    `every` seconds: what a stopped run had spent, as /usr/bin/time never reports it."""
    tick = os.sysconf("SC_CLK_TCK")
    start = time.monotonic()
    while popen.poll() is None:
        time.sleep(every)
        try:
            child = Path(f"/proc/{popen.pid}/task/{popen.pid}/children").read_text().split()
            if not child:
                continue
            stat = Path(f"/proc/{child[0]}/stat").read_text().rpartition(")")[2].split()
            hwm = [line for line in Path(f"/proc/{child[0]}/status").read_text().splitlines()
                   if line.startswith("VmHWM:")]
            io = dict(line.split(": ") for line in Path(f"/proc/{child[0]}/io").read_text().splitlines())
        except (OSError, ValueError):
            continue  # it ended between two reads
        sample = {"user_s": int(stat[11]) / tick, "sys_s": int(stat[12]) / tick,
                  "elapsed_s": time.monotonic() - start,
                  "max_rss_kb": int(hwm[0].split()[1]) if hwm else 0,
                  "read_bytes": int(io["read_bytes"]),
                  "write_bytes": int(io["write_bytes"]) - int(io["cancelled_write_bytes"])}
        write_json(out, sample)


# Engines whose indexing resumes after a stop (a session's end, a reboot): referat's
# index is incremental; bare Xapian and scriptindex commit every XAPIAN_FLUSH_THRESHOLD
# documents in the dump's order, so what a stopped run committed is the first
# get_doccount() items, and the rest is indexed into the same database. At 1M items each
# runs for hours, longer than a session. FTS5 takes minutes and starts over.
RESUMABLE = ("referat", "bare", "bare-flush", "xapian-scriptindex", "xapian-scriptindex-flush")


def index_segments(size_dir, engine, db):
    """The earlier runs of a stopped indexing, each with the figures its last sample had
    (sample_process), kept in ENGINE-segments.json beside the database; the totals are
    their sums (peak RSS: the largest). Returns the earlier runs' figures; a database
    without them is started again."""
    segments, sample = size_dir / f"{engine}-segments.json", size_dir / f"{engine}-sample.json"
    runs = json.loads(segments.read_text()) if segments.exists() and db.exists() else []
    if db.exists() and sample.exists():
        runs.append({**json.loads(sample.read_text()), "stopped": True})
    if not runs:
        shutil.rmtree(db, ignore_errors=True)
    segments.write_text(json.dumps(runs))
    sample.unlink(missing_ok=True)
    return runs


def add_segments(rec, earlier):
    """A resumed indexing's record with its earlier runs' figures: CPU and wall time
    added, peak RSS the largest, disk bytes added when every run has them (runs sampled
    before they were recorded have not: then they are left out, not guessed)."""
    for key in ("user_s", "sys_s", "elapsed_s"):
        rec[key] += sum(e[key] for e in earlier)
    rec["max_rss_kb"] = max([rec["max_rss_kb"]] + [e["max_rss_kb"] for e in earlier])
    for key in ("read_bytes", "write_bytes"):
        if key in rec and all(key in e for e in earlier):
            rec[key] += sum(e[key] for e in earlier)
        else:
            rec.pop(key, None)
    rec["runs"] = len(earlier) + 1
    return rec


def xapian_doccount(db):
    """The number of documents in a Xapian database (xapian-delve's summary)."""
    out = subprocess.run(["xapian-delve", str(db)], capture_output=True, text=True, check=True).stdout
    match = re.search(r"number of documents = (\d+)", out)
    if not match:
        raise RuntimeError(f"xapian-delve {db}: no document count in its output")
    return int(match.group(1))


def skip_records(source, out, skip):
    """Writes scriptindex's input after its first `skip` records (each ends with an empty
    line) to OUT: a resumed scriptindex adds the rest."""
    with open(source, encoding="utf-8") as f, open(out, "w", encoding="utf-8") as o:
        for line in f:
            if skip == 0:
                o.write(line)
            elif line == "\n":
                skip -= 1


def write_json(path, value):
    """Writes PATH whole or not at all (another process may be reading it)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(value, indent=1))
    tmp.replace(path)


@contextlib.contextmanager
def measuring(size_dir, engine, phase):
    """Says in SIZE_DIR/measuring.json what is being measured (engine and phase) while
    the block runs, for `bench.py paused`."""
    write_json(size_dir / "measuring.json", {"engine": engine, "phase": phase, "driver": os.getpid()})
    try:
        yield
    finally:
        (size_dir / "measuring.json").unlink(missing_ok=True)


def take_pauses(size_dir, engine, phase, forget=True):
    """The seconds `bench.py paused` stopped ENGINE's PHASE for, and forgets them: they
    are subtracted from its wall time (CPU time and peak RSS do not count a pause).
    Called with the phase starting afresh, it drops a stopped attempt's pauses. With
    `forget` false they are only read (forgotten once the record holding them is safe)."""
    path = size_dir / "paused.json"
    with pause_lock(size_dir.parent):
        pauses = json.loads(path.read_text()) if path.exists() else []
        mine = [p for p in pauses if p["engine"] == engine and p["phase"] == phase]
        rest = [p for p in pauses if p not in mine]
        if not forget:
            pass
        elif rest:
            write_json(path, rest)
        else:
            path.unlink(missing_ok=True)
    return sum(p["seconds"] for p in mine), [p["why"] for p in mine]


def pause_reasons(why):
    """The reasons of a phase's pauses for its config line: each distinct one once, with
    how often it was given (a run of hours may have dozens)."""
    counts = {}
    for w in why:
        counts[w] = counts.get(w, 0) + 1
    return "; ".join(w + (f" (x{n})" if n > 1 else "") for w, n in counts.items())


@contextlib.contextmanager
def pause_lock(work):
    """One `bench.py paused` at a time, and no pause being written while it is read."""
    with open(Path(work) / "paused.lock", "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def measured_pids(work):
    """The processes a benchmark run is measuring, by WORK/run-SIZE directory: those whose
    command line names a file in it (the indexer, /usr/bin/time around it, the query
    programs) and that are running, not stopped; not the Python driving them. A `tail`
    or `less` of a file in run-SIZE/ would be stopped too."""
    mark = re.compile(re.escape(str(Path(work).resolve()).encode()) + rb"/(run-[^/]+)/")
    pids = collections.defaultdict(list)
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            argv = proc.joinpath("cmdline").read_bytes().split(b"\0")
            state = proc.joinpath("stat").read_text().rpartition(")")[2].split()[0]
        except (OSError, IndexError):
            continue
        if not argv or state == "T" or b"python" in Path(argv[0].decode(errors="replace")).name.encode():
            continue
        for arg in argv:
            if found := mark.search(arg):
                pids[Path(work).resolve() / found.group(1).decode()].append(int(proc.name))
                break
    return pids


def paused(a):
    """Runs a command with the running benchmarks stopped (SIGSTOP, then SIGCONT), and
    records the pause in each measured run's paused.json, so that the indexing or
    compaction wall time leaves it out. Query latencies cannot be corrected, so it
    refuses while an engine is being queried. One at a time (a lock in WORK)."""
    work = Path(a.work).resolve()
    with pause_lock(work):  # not held while COMMAND runs: it may be a benchmark itself
        measured = measured_pids(work)
        runs = {}
        for d in measured:
            try:
                state = json.loads((d / "measuring.json").read_text())
            except (OSError, ValueError):
                continue  # not in a measured phase (a step that is not timed)
            # Left by a driver that was killed: nothing is measured (a `tail` of a file
            # in run-SIZE/ must not make a pause that a resumed run subtracts).
            if "driver" in state and not Path(f"/proc/{state['driver']}").exists():
                continue
            runs[d] = state
        pids = [pid for d in runs for pid in measured[d]]
        if not runs or not pids:
            log("paused: no benchmark is measuring anything (or another pause has it stopped); "
                "running the command as it is")
            return subprocess.run(a.cmd).returncode
        for size_dir, state in runs.items():
            if state["phase"] == "query" and not a.force:
                raise RuntimeError(f"{size_dir.name}: {state['engine']} is being queried; a pause would "
                                   f"be in a query's latency (wait, or --force)")
        # A closed terminal must not leave the benchmark stopped.
        for sig in (signal.SIGHUP, signal.SIGTERM):
            signal.signal(sig, lambda *_: sys.exit(1))
        stopped = []
        start = time.monotonic()
        stamp = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
        try:
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGSTOP)
                    stopped.append(pid)
                except ProcessLookupError:
                    pass  # it ended since the scan
        except BaseException:
            for pid in stopped:
                os.kill(pid, signal.SIGCONT)
            raise
    try:
        log("paused: " + ", ".join(f"{d.name} {s['engine']} {s['phase']}" for d, s in runs.items())
            + f" (pids {' '.join(map(str, stopped))})")
        rc = subprocess.run(a.cmd).returncode
    finally:
        # Recorded before the processes go on, so that a phase ending right after finds
        # its pause.
        seconds = time.monotonic() - start
        with pause_lock(work):
            for size_dir, state in runs.items():
                path = size_dir / "paused.json"
                pauses = json.loads(path.read_text()) if path.exists() else []
                pauses.append({**state, "start": stamp, "seconds": round(seconds, 1),
                               "why": a.why or " ".join(a.cmd)})
                write_json(path, pauses)
        for pid in stopped:
            try:
                os.kill(pid, signal.SIGCONT)
            except ProcessLookupError:
                pass
        log(f"paused: resumed after {seconds:.1f} s (in {', '.join(str(d / 'paused.json') for d in runs)})")
    return rc


def index_engine(r, engine, ctx):
    """Indexes with one engine under /usr/bin/time; returns (db path, record)."""
    size_dir, build, db = ctx["size_dir"], ctx["build"], ctx["size_dir"] / f"db-{engine}"
    earlier = index_segments(size_dir, engine, db) if engine in RESUMABLE else []
    if not earlier and engine != "referat":
        shutil.rmtree(db, ignore_errors=True)
    resumed_at = xapian_doccount(db) if earlier and engine != "referat" else 0
    rest = size_dir / "scriptindex-rest.txt"
    if db.with_suffix(".sqlite").exists():
        db.with_suffix(".sqlite").unlink()
    timefile = size_dir / f"time-{engine}.txt"
    env, config = {}, ""
    if engine == "referat":
        cmd = [ctx["referat"], "--db", db, "index", "--quiet", "--format", "json"]
        if ctx["has_jobs"]:
            cmd += ["--jobs", ctx["jobs"]]
        if ctx["has_shards"]:
            cmd += ["--shards", ctx["jobs"]]
        cmd.append(ctx["corpus"])
        config = ("referat index (defaults: full analysis, stored JSON, spelling table, a "
                  "transaction per meeting), parses the corpus files itself; "
                  + (f"--jobs {ctx['jobs']}" if ctx["has_jobs"] else "no --jobs option in this build")
                  + (f" --shards {ctx['jobs']} (one writer thread per shard)" if ctx["has_shards"] else ""))
    elif engine in ("bare", "bare-flush"):
        cmd = [build / "benchmarks" / "referat_bench_bare", "index"] + (["--resume"] if earlier else []) + \
              [db, ctx["items"]]
        if engine == "bare-flush":
            env["XAPIAN_FLUSH_THRESHOLD"] = str(ctx["flush"])
    elif engine == "fts5":
        db = db.with_suffix(".sqlite")
        cmd = [build / "benchmarks" / "referat_bench_fts5", "index", db, ctx["items"]]
    else:  # xapian-scriptindex, xapian-scriptindex-flush
        source = ctx["scriptindex_input"]
        if resumed_at:  # the records not committed yet, added to the database as it is
            skip_records(source, rest, resumed_at)
            source = rest
        cmd = ["scriptindex", "--stemmer=danish"] + ([] if earlier else ["--overwrite"]) + \
              [db, REPO / "benchmarks" / "peers" / "scriptindex.idx", source]
        if engine.endswith("-flush"):
            env["XAPIAN_FLUSH_THRESHOLD"] = str(ctx["flush"])
        config = ("scriptindex (xapian-omega) --stemmer=danish with benchmarks/peers/scriptindex.idx; "
                  + (f"XAPIAN_FLUSH_THRESHOLD={ctx['flush']} (referat's)" if env
                     else "as shipped (XAPIAN_FLUSH_THRESHOLD unset: Xapian's default 10000)"))
    load_before = load()
    if not earlier:  # starting afresh: a stopped attempt's pauses are not this run's
        take_pauses(size_dir, engine, "index")
    with measuring(size_dir, engine, "index"):
        if engine in RESUMABLE:
            if earlier:
                log(f"{engine}: resuming an index stopped after {sum(e['elapsed_s'] for e in earlier):.0f} s"
                    + (f" at {resumed_at:,} items" if resumed_at else "") + " (its figures are added)")
            out = r.run(cmd, env=env, timed=timefile,
                        watch=lambda p: sample_process(p, size_dir / f"{engine}-sample.json"))
        else:
            out = r.run(cmd, env=env, timed=timefile)
    rest.unlink(missing_ok=True)
    rec = {"load_before": load_before, "load_after": load(), **parse_time_v(timefile)}
    if earlier:
        add_segments(rec, earlier)
        how = ("referat index skips what is indexed" if engine == "referat" else
               "the items after the last automatic commit were added to the database")
        config += (f"; indexed in {len(earlier) + 1} runs (stopped and resumed: {how}; CPU and wall "
                   f"summed, peak RSS the largest; the work on items not yet committed at a stop is "
                   f"counted twice)")
    summary = {}
    for line in out.splitlines()[::-1]:
        if line.startswith("{"):
            summary = json.loads(line)
            break
    if engine == "referat":
        rec["items"] = summary.get("added", 0) + summary.get("replaced", 0)
        if earlier:  # the earlier runs' items are in the index too
            stats = json.loads(r.run([ctx["referat"], "--db", db, "stats", "--format", "json"]))
            rec["items"] = stats["items"]
    else:
        # A resumed run's summary (scriptindex prints none) counts only its own items.
        rec["items"] = xapian_doccount(db) if earlier else summary.get("items", ctx["dump"]["items"])
        if engine.startswith("bare"):
            config = (summary.get("config", "") + (f"; XAPIAN_FLUSH_THRESHOLD={ctx['flush']} (referat's)"
                                                   if env else "") + config)
        else:
            config = config or summary.get("config", "")
    paused_s, why = take_pauses(size_dir, engine, "index", forget=False)
    if paused_s:
        rec["elapsed_s"] -= paused_s
        rec["paused_s"] = paused_s
        config += (f"; stopped {len(why)} times, {paused_s:.0f} s in all, by `bench.py paused` "
                   f"({pause_reasons(why)}), not in the wall time")
    rec["wall_s"] = rec["elapsed_s"]
    rec["text_bytes"] = ctx["dump"]["text_bytes"]
    rec["size_bytes"] = dir_bytes(db)
    # The record is written before what it was made from is forgotten (the earlier runs'
    # figures, the pauses): a stop in between finds it and does not index again.
    if engine in RESUMABLE:
        write_json(size_dir / f"{engine}-indexed.json", [config, rec])
    (size_dir / f"{engine}-segments.json").unlink(missing_ok=True)
    (size_dir / f"{engine}-sample.json").unlink(missing_ok=True)
    take_pauses(size_dir, engine, "index")
    return db, config, rec


def compact(r, engine, db, ctx, rec):
    """Compacted size (xapian-compact; FTS5 'optimize' + VACUUM); referat's stored data."""
    if engine == "fts5":
        r.run([ctx["build"] / "benchmarks" / "referat_bench_fts5", "optimize", db])
        rec["compacted_bytes"] = dir_bytes(db)
        return
    out = Path(str(db) + ".compact")
    shutil.rmtree(out, ignore_errors=True)
    r.run(["xapian-compact", db, out])
    rec["compacted_bytes"] = dir_bytes(out)
    if engine == "referat":
        # A sharded index has one docdata table per shard (shard0/docdata.glass, ...).
        tables = sorted(Path(db).rglob("docdata.glass"))
        rec["docdata_bytes"] = sum(dir_bytes(t) for t in tables) if tables else None
        rec["compacted_docdata_bytes"] = (dir_bytes(out / "docdata.glass")
                                          if (out / "docdata.glass").exists() else None)
    shutil.rmtree(out, ignore_errors=True)


def query_engine(r, engine, db, ctx):
    size_dir, build = ctx["size_dir"], ctx["build"]
    prog = {"referat": [build / "benchmarks" / "referat_bench_query"],
            "bare": [build / "benchmarks" / "referat_bench_bare", "query"],
            "bare-flush": [build / "benchmarks" / "referat_bench_bare", "query"],
            "fts5": [build / "benchmarks" / "referat_bench_fts5", "query"]}[engine]
    out_json, counts = size_dir / f"query-{engine}.json", size_dir / f"counts-{engine}.tsv"
    load_before = load()
    t0 = time.monotonic()
    r.run(prog + ["--db", db, "--queries", ctx["queries"], "--json", out_json, "--counts", counts])
    result = json.loads(out_json.read_text())
    result.update(load_before=load_before, load_after=load(), wall_s=time.monotonic() - t0)
    return result


def machine():
    def cmd(*args):
        try:
            return subprocess.run(args, capture_output=True, text=True).stdout.strip()
        except OSError:
            return ""
    lscpu = dict(line.split(":", 1) for line in cmd("lscpu").splitlines() if ":" in line)
    pick = lambda k: lscpu.get(k, "?").strip()
    free = cmd("free", "-g").splitlines()
    mem = next((l for l in free if l.startswith("Mem:")), "").split()
    swap = next((l for l in free if l.startswith("Swap:")), "").split()
    commit = cmd("git", "-C", str(REPO), "rev-parse", "--short", "HEAD")
    if cmd("git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"):
        commit += " + uncommitted changes"
    return {
        "cpu": f"{pick('Model name')}, {pick('CPU(s)')} CPUs ({pick('Thread(s) per core')} thread per core), "
               f"L2 {pick('L2 cache')}, L3 {pick('L3 cache')}",
        "memory": f"{mem[1] if len(mem) > 1 else '?'} GiB RAM, {swap[1] if len(swap) > 1 else '?'} GiB swap (free -g)",
        "kernel": cmd("uname", "-r"),
        "xapian": cmd("xapian-config", "--version").rpartition(" ")[2],
        "sqlite": cmd("sqlite3", "--version").split(" ")[0],
        "compiler": cmd("c++", "--version").splitlines()[0] if cmd("c++", "--version") else "?",
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%a %b %d %H:%M:%S UTC %Y"),
        "commit": commit,
        "nproc": os.cpu_count(),
    }


def ensure_corpus(r, gen, work, items, seed, name):
    """WORK/corpus-ITEMS, generated by `gen` unless a complete one is there."""
    corpus = work / f"corpus-{items}"
    if not (corpus / "manifest.json").exists():
        if not Path(gen).exists():
            raise RuntimeError(f"{gen} not found: the corpus generator (issue 5) is needed to make "
                               f"{corpus}; set REFERAT_BENCH_GEN to another generator with the same "
                               f"options (--items N --out DIR --seed 1)")
        shutil.rmtree(corpus, ignore_errors=True)
        log(f"{name}: generating {items} items into {corpus}")
        r.run(["python3", gen, "--items", items, "--out", corpus, "--seed", seed])
    return corpus


def disk_need(engines, corpus_bytes, extra, there):
    """The free disk a size's run needs: the most any engine needs at its peak (its
    database and compacted copy, DISK_FACTOR x the corpus; scriptindex also its input,
    and resumed, a copy of the records not yet indexed), plus `extra` (the corpus and
    dump not made yet). `there`: the databases on disk now, by engine; an engine's own
    is in use already, and those of the engines running before it (in `engines` order)
    are deleted once measured — neither is still to find."""
    need, freed = 0, 0
    for e in engines:
        own = there.get(e, 0)
        inputs = 0 if not e.startswith("xapian-scriptindex") else 1 + (e in there)
        need = max(need, extra + corpus_bytes * (DISK_FACTOR[e] + inputs) - own - freed)
        freed += own
    return need


def run_all(a):
    work = Path(a.work).resolve()  # as `bench.py paused` names it
    work.mkdir(parents=True, exist_ok=True)
    r = Runner(work)
    results_path = work / "results.jsonl"
    done = set()
    if results_path.exists():
        for line in results_path.read_text().splitlines():
            if line.strip():
                rec = json.loads(line)
                done.add((rec["size"], rec["engine"]))
    build = Path(a.build).resolve()
    referat = build / "tools" / "referat"
    index_help = subprocess.run([referat, "index", "--help"], capture_output=True, text=True).stdout
    has_jobs = "--jobs" in index_help
    has_shards = "--shards" in index_help
    has_compact = "compact" in subprocess.run([referat, "--help"], capture_output=True, text=True).stdout
    gen = Path(a.generator)
    # The machine and the commit as the run starts (the build was made from this tree).
    mach = machine()

    sizes = []
    for s in a.sizes:
        smoke = s == "smoke"
        sizes.append({"name": s, "items": 10000 if smoke else parse_size(s), "smoke": smoke})

    # Disk: the corpora and dumps are kept (a rerun resumes); one engine's database (and
    # its compacted copy) at a time, deleted after it is measured.
    need, free = 0, shutil.disk_usage(work).free
    for s in sizes:
        corpus = work / f"corpus-{s['items']}"
        manifest = corpus / "manifest.json"
        corpus_bytes = (dir_bytes(corpus) if manifest.exists()
                        else s["items"] * BYTES_PER_ITEM_GUESS)
        s["corpus_bytes_estimate"] = corpus_bytes
        engines = ["referat"] if s["smoke"] else [e for e in a.engines if (s["name"], e) not in done]
        # The corpus and items dump when not made yet; scriptindex's input while it runs.
        extra = (0 if manifest.exists() else corpus_bytes) + \
            (0 if (work / f"run-{s['name']}" / "items.jsonl").exists() else corpus_bytes)
        dbs = {e: work / f"run-{s['name']}" / f"db-{e}" for e in engines}
        need = max(need, disk_need(engines, corpus_bytes, extra,
                                   {e: dir_bytes(db) for e, db in dbs.items() if db.exists()}))
    log(f"disk: about {need / 1e9:.2f} GB needed in {work} (per engine at peak its database and the "
        f"compacted copy: {', '.join(f'{e} {f}' for e, f in DISK_FACTOR.items())} x the corpus, and "
        f"scriptindex its input; plus the corpus and dump not yet made; less a database already there, "
        f"its own or one deleted before the engine runs; {BYTES_PER_ITEM_GUESS} bytes per item assumed "
        f"before a corpus exists), {free / 1e9:.2f} GB free")
    if need > free:
        log(f"refusing to start: not enough free disk in {work}; free space or choose another "
            f"work dir (REFERAT_BENCH_WORK) or smaller sizes")
        return 3
    log(f"referat index --jobs: {'yes, --jobs ' + str(a.jobs) if has_jobs else 'not in this build; run without it'}")

    for s in sizes:
        engines = ["referat"] if s["smoke"] else a.engines
        todo = [e for e in engines if (s["name"], e) not in done]
        if not todo:
            log(f"{s['name']}: all engines done already (delete their lines in {results_path} to rerun)")
            continue
        size_dir = work / f"run-{s['name']}"
        size_dir.mkdir(exist_ok=True)
        (size_dir / "measuring.json").unlink(missing_ok=True)  # left by a run that was killed
        corpus = ensure_corpus(r, gen, work, s["items"], a.seed, s["name"])
        items = size_dir / "items.jsonl"
        dump_file = size_dir / "items-stats.json"
        if not dump_file.exists() or not items.exists():
            log(f"{s['name']}: dumping items")
            dump_file.write_text(json.dumps(dump_items(corpus, referat, items)))
        dump = json.loads(dump_file.read_text())
        # scriptindex's input (as large as the items dump) is made when a scriptindex run
        # needs it, and deleted after the last: the disk is free for the others meanwhile.
        si_input = size_dir / "scriptindex-input.txt"
        queries = size_dir / "queries.tsv"
        qstats = size_dir / "queries-stats.json"
        per_class = 50 if s["smoke"] else a.per_class
        if not qstats.exists() or not queries.exists():
            log(f"{s['name']}: generating queries ({per_class} per class)")
            qstats.write_text(json.dumps(make_queries(items, queries, per_class, int(a.seed))))
        ctx = {"size_dir": size_dir, "build": build, "referat": referat, "corpus": corpus,
               "items": items, "scriptindex_input": si_input, "queries": queries, "dump": dump,
               "flush": a.flush, "jobs": a.jobs, "has_jobs": has_jobs, "has_shards": has_shards,
               "has_compact": has_compact}
        for engine in todo:
            rec = {"size": s["name"], "size_items": s["items"], "engine": engine,
                   "corpus_bytes": dir_bytes(corpus), "dump": dump,
                   "queries": json.loads(qstats.read_text()), "generator": str(gen),
                   "manifest": json.loads((corpus / "manifest.json").read_text())}
            if engine.endswith("-flush") and a.flush == XAPIAN_DEFAULT_FLUSH:
                rec["same_as"] = engine.removesuffix("-flush")
                rec["config"] = (f"XAPIAN_FLUSH_THRESHOLD={a.flush}: Xapian's default, so the same run "
                                 f"as shipped; not repeated")
            else:
                if engine.startswith("xapian-scriptindex") and not si_input.exists():
                    log(f"{s['name']}: writing scriptindex's input")
                    scriptindex_input(items, si_input)
                # An indexing, once measured, is kept until its line is written: a run
                # stopped while compacting or querying does not index again.
                indexed = size_dir / f"{engine}-indexed.json"
                if engine in RESUMABLE and indexed.exists() and (size_dir / f"db-{engine}").exists():
                    log(f"{s['name']}: {engine}: indexed already (by a run that stopped after)")
                    db, config, index_rec = size_dir / f"db-{engine}", *json.loads(indexed.read_text())
                else:
                    log(f"{s['name']}: {engine}: indexing")
                    db, config, index_rec = index_engine(r, engine, ctx)  # writes `indexed`
                rec["config"], rec["index"] = config, index_rec
                if engine == "referat" and ctx["has_compact"] and "compact_seconds" in index_rec:
                    log(f"{s['name']}: {engine}: compacted already (by a run that stopped after)")
                    rec["config"] += (f"; then `referat compact`, {index_rec['compact_seconds']:.1f} s, not in "
                                      f"the indexing figures (queries run on the compacted index)")
                elif engine == "referat" and ctx["has_compact"]:
                    # What users are told to do after bulk indexing: `referat compact`
                    # (shards merged into one database); queries then run on that.
                    log(f"{s['name']}: {engine}: compacting (referat compact)")
                    if "docdata_bytes" not in index_rec:
                        tables = sorted(Path(db).rglob("docdata.glass"))
                        index_rec["docdata_bytes"] = sum(dir_bytes(t) for t in tables) if tables else None
                        indexed.write_text(json.dumps([config, index_rec]))
                    take_pauses(size_dir, engine, "compact")  # a stopped attempt's
                    t0 = time.monotonic()
                    with measuring(size_dir, engine, "compact"):
                        r.run([ctx["referat"], "--db", db, "compact"])
                    index_rec["compact_paused_s"] = take_pauses(size_dir, engine, "compact")[0]
                    index_rec["compact_seconds"] = time.monotonic() - t0 - index_rec["compact_paused_s"]
                    index_rec["compacted_bytes"] = dir_bytes(db)
                    index_rec["compacted_docdata_bytes"] = dir_bytes(db / "docdata.glass")
                    # Kept: a run stopped while querying does not compact (and time) again.
                    write_json(indexed, [config, index_rec])
                    rec["config"] += (f"; then `referat compact`, {index_rec['compact_seconds']:.1f} s, not in the "
                                      f"indexing figures (queries run on the compacted index)")
                if engine in QUERY_ENGINES:
                    log(f"{s['name']}: {engine}: querying")
                    take_pauses(size_dir, engine, "query")  # a stopped attempt's
                    with measuring(size_dir, engine, "query"):
                        rec["query"] = query_engine(r, engine, db, ctx)
                    # Only `paused --force` stops queries; its pause is in some latencies.
                    forced, why = take_pauses(size_dir, engine, "query")
                    if forced:
                        rec["query"]["paused_s"], rec["query"]["paused_why"] = forced, why
                if not (engine == "referat" and ctx["has_compact"]):
                    log(f"{s['name']}: {engine}: compacting")
                    compact(r, engine, db, ctx, index_rec)
                shutil.rmtree(db, ignore_errors=True) if db.is_dir() else db.unlink()
            rec["machine"] = mach
            with open(results_path, "a") as f:
                f.write(json.dumps(rec) + "\n")
            (size_dir / f"{engine}-indexed.json").unlink(missing_ok=True)
            log(f"{s['name']}: {engine}: recorded")
            done.add((s["name"], engine))
            if all((s["name"], e) in done for e in ENGINES if e.startswith("xapian-scriptindex")):
                si_input.unlink(missing_ok=True)
    if all(s["smoke"] for s in sizes):
        print(render(work, only={"smoke"}))
    else:
        update_results_md(work, Path(a.results_md))
    return 0


# -------------------------------------------------------------------------- reporting

def fmt_bytes(n):
    if n is None:
        return "–"
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} B"


def read_counts(path):
    if not path.exists():
        return {}
    return {int(a): int(b) for a, b in (l.split("\t") for l in path.read_text().splitlines() if l)}


def count_check(run_dir):
    """Phrase hit counts: bare Xapian and FTS5 index the same words, so they should agree;
    referat indexes more text per item (headings, names, attachments)."""
    bare, fts5, ref = (read_counts(run_dir / f"counts-{e}.tsv") for e in ("bare", "fts5", "referat"))
    bare = bare or read_counts(run_dir / "counts-bare-flush.tsv")
    lines = []
    queries = (run_dir / "queries.tsv").read_text().splitlines()[1:] if bare else []

    def examples(a, b, ids):
        return ", ".join(f"{queries[i].split(chr(9))[3]} ({a[i]} vs {b[i]})" for i in ids[:3])

    common = sorted(set(bare) & set(fts5))
    if common:
        same = sum(bare[i] == fts5[i] for i in common)
        lines.append(f"phrase hit counts, bare Xapian = FTS5 on {same} of {len(common)} queries "
                     f"({100 * same / len(common):.1f} %)")
        diff = [i for i in common if bare[i] != fts5[i]]
        if diff:
            lines.append(f"differing, e.g.: {examples(bare, fts5, diff)}")
    common = sorted(set(bare) & set(ref))
    if common:
        same = sum(bare[i] == ref[i] for i in common)
        more = sum(ref[i] > bare[i] for i in common)
        fewer = [i for i in common if ref[i] < bare[i]]
        lines.append(f"referat = bare Xapian on {same} of {len(common)}, referat more on {more}, "
                     f"fewer on {len(fewer)}" + (f" (bare vs referat: {examples(bare, ref, fewer)})"
                                                  if fewer else ""))
    return lines


def targets(rows):
    """Issue 5's targets judged on one size's records: a table of what each measures,
    and met or missed (the 1M column of the reading is filled from it)."""
    by = {rec["engine"]: rec for rec in rows}
    ix = {e: r["index"] for e, r in by.items() if r.get("index")}
    ref = ix.get("referat")
    if not ref:
        return []
    rate = lambda x: x["items"] / x["wall_s"]
    cpu = lambda x: (x["user_s"] + x["sys_s"]) * 1e3 / x["items"]
    verdict = lambda ok: "met" if ok else "**missed**"
    out = ["Targets of issue 5 at this size (from the records above; the peak RSS and query "
           "targets are stated for 1M items):", "", "| target | measured | |", "|---|---|---|"]
    for peer, want, label in (("xapian-scriptindex", 2.5, "as shipped"),
                              ("xapian-scriptindex-flush", 1.3, "at referat's batch")):
        if peer in ix:
            ratio = rate(ref) / rate(ix[peer])
            out.append(f"| indexing ≥ {want}× scriptindex {label} | {rate(ref):,.0f} vs "
                       f"{rate(ix[peer]):,.0f} items/s: {ratio:.2f}× | {verdict(ratio >= want)} |")
        else:
            out.append(f"| indexing ≥ {want}× scriptindex {label} | {rate(ref):,.0f} items/s; no {peer} "
                       f"record yet | pending |")
    floors = [e for e in ("bare", "bare-flush") if e in ix]
    if not floors:
        out.append(f"| CPU/item ≤ 2.5× the bare floor | {cpu(ref):.2f} ms; no bare Xapian record yet | pending |")
    else:
        floor = min(floors, key=lambda e: cpu(ix[e]))
        ratio = cpu(ref) / cpu(ix[floor])
        out.append(f"| CPU/item ≤ 2.5× the bare floor | {cpu(ref):.2f} vs {cpu(ix[floor]):.2f} ms "
                   f"({floor}): {ratio:.2f}× | {verdict(ratio <= 2.5)} |")
    rss = ref["max_rss_kb"] / 1024
    out.append(f"| peak RSS ≤ 1 GiB | {rss:,.0f} MiB | {verdict(rss <= 1024)} |")
    if ref.get("compacted_bytes") and ref.get("compacted_docdata_bytes") is not None:
        bare_size = ref["compacted_bytes"] - ref["compacted_docdata_bytes"]
        ratio = bare_size / ref["text_bytes"]
        out.append(f"| index without stored data ≤ 2.5× the text, compacted | {fmt_bytes(bare_size)} for "
                   f"{fmt_bytes(ref['text_bytes'])}: {ratio:.1f}× | {verdict(ratio <= 2.5)} |")
    rq = by["referat"].get("query", {}).get("classes", {})
    fq = by.get("fts5", {}).get("query", {}).get("classes", {})
    classes = [c for c in CLASSES if c in rq and c in fq]

    def per_class(measure, want, fmt):
        cells, ok = [], True
        for c in classes:
            value = measure(c)
            if value is None:
                continue
            ok = ok and value <= want
            cells.append(f"{c} {fmt(c, value)}" + ("" if value <= want else " ✗"))
        return "; ".join(cells), ok

    if classes:
        text, ok = per_class(lambda c: rq[c]["plain"]["p50_ms"] / fq[c]["plain"]["p50_ms"], 1.0,
                             lambda c, v: f"{rq[c]['plain']['p50_ms']:.2f}/{fq[c]['plain']['p50_ms']:.2f} ms")
        out.append(f"| query p50 ≤ FTS5's (plain) | {text} | {verdict(ok)} |")
        text, ok = per_class(lambda c: rq[c]["plain"]["p99_ms"] / fq[c]["plain"]["p99_ms"], 0.2,
                             lambda c, v: f"{v:.2f}×")
        out.append(f"| query p99 ≤ 0.2× FTS5's (plain) | {text} | {verdict(ok)} |")
    elif rq:
        for target in ("query p50 ≤ FTS5's (plain)", "query p99 ≤ 0.2× FTS5's (plain)"):
            out.append(f"| {target} | no FTS5 query record yet | pending |")
    snip = [c for c in CLASSES if c in rq and "snippets" in rq[c] and "plain" in rq[c]]
    if snip:
        ok, cells = True, []
        for c in snip:
            v = rq[c]["snippets"]["p50_ms"] / rq[c]["plain"]["p50_ms"]
            ok = ok and v <= 3
            cells.append(f"{c} {v:.2f}×" + ("" if v <= 3 else " ✗"))
        out.append(f"| top-10 with snippets ≤ 3× without (p50) | {'; '.join(cells)} | {verdict(ok)} |")
    return out + [""]


def short_config(config):
    """A config line as RESULTS.md shows it: a long list of pause reasons (records made
    before pause_reasons() listed each reason once) is cut to its count; the whole list
    stays in results.jsonl."""
    def cut(m):
        reasons = m.group(2)
        if len(reasons) <= 300:
            return m.group(0)
        return (f"stopped {m.group(1)} s in all by `bench.py paused` for other work on the machine (builds, "
                f"tests, profiles; each reason in results.jsonl), not in the wall time")
    return re.sub(r"stopped (\d+) s by `bench\.py paused` \((.*)\), not in the wall time", cut, config)


def render(work, only=None):
    """The tables of every size in WORK/results.jsonl, or of the sizes in `only`."""
    recs = collections.OrderedDict()
    for line in (Path(work) / "results.jsonl").read_text().splitlines():
        if line.strip():
            rec = json.loads(line)
            recs[(rec["size"], rec["engine"])] = rec
    sizes = [s for s in dict.fromkeys(size for size, _ in recs) if only is None or s in only]
    # Largest first, as RESULTS.md has them.
    sizes.sort(key=lambda size: -next(r["size_items"] for (s, _), r in recs.items() if s == size))
    out = []
    for size in sizes:
        rows = [rec for (s, _), rec in recs.items() if s == size]
        first = rows[0]
        m = first["machine"]
        d = first["dump"]
        out += [f"### {size}: {d['items']:,} items", "",
                f"**Machine.** {m['cpu']}; {m['memory']}; kernel {m['kernel']}; Xapian {m['xapian']}, "
                f"SQLite {m['sqlite']}, {m['compiler']}. **Date** {m['date']}, **commit** {m['commit']}.",
                "",
                f"**Corpus.** `{first.get('generator', '?')} --items {first['size_items']} --seed "
                f"{first.get('manifest', {}).get('seed', '?')}`: "
                f"{d['files']:,} files, {fmt_bytes(first['corpus_bytes'])}; "
                + (f"{first['manifest']['meetings']:,} meetings (" if first.get("manifest", {}).get("meetings")
                   else "(") +
                f"{d['meetings']:,} agendas and minutes), {d['items']:,} items, {fmt_bytes(d['text_bytes'])} of "
                f"item text (titles + part texts, the MB of MB/s; all engines index the same items, "
                f"referat from the files, the peers from the items dump). Queries per class: "
                + ", ".join(f"{k} {v}" for k, v in first["queries"].items()) + ".", "",
                "**Indexing** (wall time; CPU = user + sys of the process, from `/usr/bin/time -v`; "
                "disk = what the process wrote to and read from the disk, not the page cache, "
                "from the same (– where not recorded); load = 1-minute load average before → "
                "after):", "",
                "| engine | items/s | MB/s | CPU ms/item | peak RSS | disk written (per item) / read | size | "
                "compacted | load |",
                "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
        for rec in rows:
            ix = rec.get("index")
            if not ix:
                out.append(f"| {rec['engine']} | = {rec.get('same_as')} | | | | | | | |")
                continue
            cpu = ix["user_s"] + ix["sys_s"]
            size_text = fmt_bytes(ix["size_bytes"])
            compacted = fmt_bytes(ix.get("compacted_bytes"))
            if ix.get("docdata_bytes") is not None:
                size_text += f" ({fmt_bytes(ix['size_bytes'] - ix['docdata_bytes'])} without docdata)"
                compacted += (f" ({fmt_bytes(ix['compacted_bytes'] - ix['compacted_docdata_bytes'])} "
                              f"without docdata)")
            disk = (f"{fmt_bytes(ix['write_bytes'])} ({ix['write_bytes'] / 1e3 / ix['items']:,.0f} KB) / "
                    f"{fmt_bytes(ix['read_bytes'])}" if "write_bytes" in ix and "read_bytes" in ix else "–")
            out.append(f"| {rec['engine']} | {ix['items'] / ix['wall_s']:,.0f} | "
                       f"{ix['text_bytes'] / 1e6 / ix['wall_s']:.2f} | {cpu * 1e3 / ix['items']:.2f} | "
                       f"{ix['max_rss_kb'] / 1024:,.0f} MiB | {disk} | {size_text} | {compacted} | "
                       f"{ix['load_before']} → {ix['load_after']} |")
        def other_run(rec):  # recorded by another invocation than the size's first row
            mm = rec.get("machine", {})
            if (mm.get("commit"), mm.get("date")) == (m["commit"], m["date"]):
                return ""
            return f" (recorded by another invocation: {mm.get('date')}, commit {mm.get('commit')})"
        out += [""] + [f"- {rec['engine']}: {short_config(rec['config'])}{other_run(rec)}" for rec in rows]
        if "parse_cpu_s" in d:
            out += ["", f"referat parses the corpus as part of indexing; the peers read the items "
                        f"dump. `referat parse --format json` over the corpus (the dump) took "
                        f"{d['parse_cpu_s'] * 1e3 / d['items']:.2f} ms CPU per item (parsing + JSON "
                        f"output: an upper bound of the parsing inside referat's CPU ms/item)."]
        ref = recs.get((size, "referat"), {}).get("index")
        peers = [rec for rec in rows if rec.get("index") and rec["engine"] != "referat"]
        if ref and peers:
            out += ["", "referat / peer (above 1: referat costs more):", "",
                    "| peer | wall/item | CPU/item | peak RSS | size | compacted |",
                    "|---|---:|---:|---:|---:|---:|"]
            for rec in peers:
                ix = rec["index"]
                ratio = lambda f: f(ref) / f(ix) if f(ix) else float("nan")
                out.append("| {} | {:.2f}x | {:.2f}x | {:.2f}x | {:.2f}x | {:.2f}x |".format(
                    rec["engine"], ratio(lambda x: x["wall_s"] / x["items"]),
                    ratio(lambda x: (x["user_s"] + x["sys_s"]) / x["items"]),
                    ratio(lambda x: x["max_rss_kb"]), ratio(lambda x: x["size_bytes"]),
                    ratio(lambda x: x["compacted_bytes"])))
        out += [""] + targets(rows)
        qrecs = {rec["engine"]: rec["query"] for rec in rows if rec.get("query")}
        if qrecs:
            engines = [e for e in QUERY_ENGINES if e in qrecs]
            out += ["", "**Querying** (in process, one query at a time after a warm-up pass, limit 10; "
                    "latency in ms p50 / p95 / p99, then queries/s; ratio = referat p50 / peer p50):", ""]
            head = "| class | snippets | " + " | ".join(engines)
            peers_q = [e for e in engines if e != "referat"]
            head += "".join(f" | referat/{e} p50" for e in peers_q) + " |"
            out += [head, "|---|---|" + "---:|" * (len(engines) + len(peers_q))]
            classes = [c for c in CLASSES if any(c in q["classes"] for q in qrecs.values())]
            for c in classes:
                for mode in ("plain", "snippets"):
                    cells, p50 = [], {}
                    for e in engines:
                        row = qrecs[e]["classes"].get(c, {}).get(mode)
                        if row:
                            p50[e] = row["p50_ms"]
                            cells.append(f"{row['p50_ms']:.2f} / {row['p95_ms']:.2f} / "
                                         f"{row['p99_ms']:.2f}, {row['qps']:,.0f} q/s")
                        else:
                            cells.append("–")
                    if all(x == "–" for x in cells):
                        continue
                    ratios = [f"{p50['referat'] / p50[e]:.1f}x" if "referat" in p50 and e in p50 else "–"
                              for e in peers_q]
                    out.append(f"| {c} | {'yes' if mode == 'snippets' else 'no'} | "
                               + " | ".join(cells + ratios) + " |")
            loads = ", ".join(f"{e} {q['load_before']} → {q['load_after']}" for e, q in qrecs.items())
            out += ["", f"Load during the query runs: {loads}.", ""]
            for e, q in qrecs.items():
                if q.get("paused_s"):
                    out += [f"**{e}'s queries were stopped for {q['paused_s']:.0f} s** (`bench.py paused "
                            f"--force`: {'; '.join(q['paused_why'])}): that time is inside some latencies.", ""]
            for e in engines:
                out.append(f"- {e}: {qrecs[e]['config']}")
            checks = count_check(Path(work) / f"run-{size}")
            if checks:
                out += [""] + [f"Hit counts: {c}." for c in checks]
        out.append("")
    return "\n".join(out)


def sizes_in(work):
    return {json.loads(l)["size"] for l in (Path(work) / "results.jsonl").read_text().splitlines()
            if l.strip()}


def update_results_md(work, results_md):
    commands = (Path(work) / "commands.log")
    body = [SECTION, "",
            "referat against three peers over the same generated items: Xapian's own indexer "
            "`scriptindex` (xapian-omega), a bare Xapian `TermGenerator` loop (`referat_bench_bare`, "
            "the floor of what Xapian costs, at Xapian's default batch and at referat's) and SQLite FTS5 (`referat_bench_fts5`); then the same "
            "query mix through each (`referat_bench_query`, `referat_bench_bare query`, "
            "`referat_bench_fts5 query`). Made by `benchmarks/run.sh` (README.md says how); the "
            "numbers below are rewritten by each run from its `results.jsonl`; the reading between "
            "the `reading` comment markers is kept.", "",
            render(work, only=[s for s in sizes_in(work) if s != "smoke"]),
            "**Commands** (as run, in order; `benchmarks/run.sh` ran them):", "", "```"]
    if commands.exists():
        body += [l.split(" ", 1)[1] for l in commands.read_text().splitlines()
                 if " " in l and "xapian-compact" not in l and "smoke" not in l
                 and "sweep" not in l][-40:]
    body += ["```", ""]
    text = results_md.read_text(encoding="utf-8") if results_md.exists() else ""
    start = text.find(SECTION)
    # A hand-written reading of the numbers, between these markers, survives the rewrite.
    kept = re.search(r"<!-- reading -->.*?<!-- /reading -->", text[start:], re.S) if start >= 0 else None
    if kept:
        body[body.index("", 2):body.index("", 2)] = ["", kept.group(0)]
    replace_section(results_md, SECTION, body)
    log(f"wrote the section '{SECTION}' of {results_md}")


# ----------------------------------------------------------------------------- sweep

def replace_section(results_md, heading, lines):
    """Rewrites (or appends) the section of RESULTS.md under `heading`."""
    text = results_md.read_text(encoding="utf-8") if results_md.exists() else "# Benchmark results\n"
    start = text.find(heading)
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + "\n".join(lines)
    else:
        end = text.find("\n## ", start + len(heading))
        text = text[:start] + "\n".join(lines) + (text[end:] if end >= 0 else "")
    results_md.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def sweep(a):
    work = Path(a.work)
    r = Runner(work)
    corpus = ensure_corpus(r, a.generator, work, parse_size(a.size), "1", f"sweep {a.size}")
    referat = Path(a.build).resolve() / "tools" / "referat"
    out_path = work / "sweep.jsonl"
    records = [json.loads(l) for l in out_path.read_text().splitlines() if l.strip()] if out_path.exists() else []
    done = {(rec["size"], rec["jobs"], rec["shards"], rec["commit_every"]) for rec in records}
    mach = machine()
    settings = [tuple(int(x) for x in t.split(",")) for t in a.settings.split()]
    for jobs, shards, commit_every in settings:
        if (a.size, jobs, shards, commit_every) in done:
            log(f"sweep {a.size}: --jobs {jobs} --shards {shards} --commit-every {commit_every}: done before")
            continue
        log(f"sweep {a.size}: --jobs {jobs} --shards {shards} --commit-every {commit_every}")
        db, timefile = work / "sweep-db", work / "time-sweep.txt"
        shutil.rmtree(db, ignore_errors=True)
        load_before = load()
        out = r.run([referat, "--db", db, "index", "--quiet", "--format", "json", "--jobs", jobs,
                     "--shards", shards, "--commit-every", commit_every, corpus], timed=timefile)
        summary = next((json.loads(l) for l in out.splitlines()[::-1] if l.startswith("{")), {})
        rec = {"size": a.size, "corpus": str(corpus), "jobs": jobs, "shards": shards, "commit_every": commit_every,
               "items": summary.get("added", 0) + summary.get("replaced", 0),
               "load_before": load_before, "load_after": load(), "size_bytes": dir_bytes(db),
               "machine": mach, **parse_time_v(timefile)}
        shutil.rmtree(db, ignore_errors=True)
        with open(out_path, "a") as f:
            f.write(json.dumps(rec) + "\n")
        records.append(rec)
    render_sweep(records, Path(a.results_md))
    return 0


def render_sweep(records, results_md):
    lines = [SWEEP_SECTION, "",
             "What `referat index` costs with each of its own settings, over one generated corpus "
             "(`benchmarks/run.sh sweep SIZE`; one run per setting, the default first, then one "
             "change at a time). Wall time is noisy on this shared 2-CPU machine: compare CPU "
             "ms/item, and wall times only beside each other.", ""]
    for size in sorted({rec["size"] for rec in records}, key=parse_size):
        rows = [rec for rec in records if rec["size"] == size]
        m = rows[0]["machine"]
        lines += [f"### {size}", "",
                  f"**Machine.** {m['cpu']}; {m['memory']}; Xapian {m['xapian']}. "
                  f"**Date** {m['date']}, **commit** {m['commit']}.", "",
                  "| --jobs | --shards | --commit-every | items/s | wall s | CPU ms/item | peak RSS | size | load |",
                  "|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
        for rec in rows:
            items = max(rec["items"], 1)
            cpu_ms = (rec["user_s"] + rec["sys_s"]) * 1000 / items
            commit = "end only" if rec["commit_every"] == 0 else f"{rec['commit_every']:,}"
            lines.append(f"| {rec['jobs']} | {rec['shards']} | {commit} | {items / rec['elapsed_s']:,.0f} | "
                         f"{rec['elapsed_s']:.1f} | {cpu_ms:.2f} | {rec['max_rss_kb'] / 1024:,.0f} MiB | "
                         f"{fmt_bytes(rec['size_bytes'])} | {rec['load_before']} → {rec['load_after']} |")
        lines += ["", f"Each row: `/usr/bin/time -v referat --db DB index --quiet --format json --jobs J "
                  f"--shards S --commit-every C {rows[0].get('corpus', 'CORPUS')}` on a new index (size "
                  f"before compaction), then the index is deleted. Corpus: `gen_corpus.py --items "
                  f"{parse_size(size)} --seed 1`.", ""]
    replace_section(results_md, SWEEP_SECTION, lines)
    log(f"wrote the section '{SWEEP_SECTION}' of {results_md}")


# ------------------------------------------------------------------------------ main

def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("items")
    p.add_argument("corpus"); p.add_argument("--referat", required=True); p.add_argument("--out", required=True)
    p = sub.add_parser("scriptindex-input")
    p.add_argument("items"); p.add_argument("out")
    p = sub.add_parser("queries")
    p.add_argument("items"); p.add_argument("--out", required=True)
    p.add_argument("--per-class", type=int, default=1000); p.add_argument("--seed", type=int, default=1)
    p = sub.add_parser("run")
    p.add_argument("--sizes", required=True, help="comma-separated: 10k,100k,1m,N or smoke")
    p.add_argument("--work", required=True); p.add_argument("--build", required=True)
    p.add_argument("--generator", default=str(REPO / "benchmarks" / "gen_corpus.py"))
    p.add_argument("--seed", default="1")
    p.add_argument("--flush", type=int, default=1000,
                   help="referat's XAPIAN_FLUSH_THRESHOLD, for the second scriptindex run")
    p.add_argument("--jobs", default="2", help="referat index --jobs (when the build has it)")
    p.add_argument("--per-class", type=int, default=1000)
    p.add_argument("--engines", type=engine_list, default=list(ENGINES),
                   help="comma-separated engines to run, in this order (default: " + ",".join(ENGINES) +
                        "); a size's other engines stay to do")
    p.add_argument("--results-md", default=str(REPO / "benchmarks" / "RESULTS.md"))
    p = sub.add_parser("report")
    p.add_argument("--work", required=True)
    p.add_argument("--results-md", default=str(REPO / "benchmarks" / "RESULTS.md"))
    p = sub.add_parser("paused", help="run a command with the running benchmark stopped")
    p.add_argument("--work", required=True); p.add_argument("--why")
    p.add_argument("--force", action="store_true", help="pause queries too")
    p.add_argument("cmd", nargs="+")
    p = sub.add_parser("sweep")
    p.add_argument("--size", required=True); p.add_argument("--work", required=True)
    p.add_argument("--build", required=True)
    p.add_argument("--generator", default=str(REPO / "benchmarks" / "gen_corpus.py"))
    p.add_argument("--settings", default=SWEEP_SETTINGS,
                   help="space-separated JOBS,SHARDS,COMMIT_EVERY triples")
    p.add_argument("--results-md", default=str(REPO / "benchmarks" / "RESULTS.md"))
    a = ap.parse_args(argv)

    if a.command == "items":
        print(json.dumps(dump_items(a.corpus, a.referat, a.out)))
    elif a.command == "scriptindex-input":
        scriptindex_input(a.items, a.out)
    elif a.command == "queries":
        print(json.dumps(make_queries(a.items, a.out, a.per_class, a.seed)))
    elif a.command == "run":
        a.sizes = [s for s in a.sizes.split(",") if s]
        return run_all(a)
    elif a.command == "sweep":
        return sweep(a)
    elif a.command == "paused":
        return paused(a)
    elif a.command == "report":
        update_results_md(a.work, Path(a.results_md))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except (RuntimeError, ValueError, OSError) as e:
        log(f"error: {e}")
        sys.exit(1)
