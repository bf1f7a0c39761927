#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# End-to-end tests of the referat command-line tool: runs the built binary as a
# user would, in temporary directories, and checks exit codes and output.
#
#   python3 tests/cli/cli_test.py PATH/TO/referat REPO_ROOT
#
# Prints "ok - NAME" or "FAIL - NAME: DETAIL" per check, then "N passed, M failed".
# Exit status 0 only when nothing failed. Standard library only.
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

if len(sys.argv) != 3:
    sys.stderr.write("usage: cli_test.py PATH/TO/referat REPO_ROOT\n")
    sys.exit(2)

BIN = os.path.abspath(sys.argv[1])
ROOT = os.path.abspath(sys.argv[2])
SAMPLES = os.path.join(ROOT, "samples")
SAMPLE_MEETINGS = 11  # meetings in samples/ (the XML, PDF and HTML files one each)
DATA = os.path.join(ROOT, "tests", "data", "cli")
MINI = os.path.join(DATA, "mini-referat.md")
MINI_EXPECTED = os.path.join(DATA, "mini-referat.expected.json")

COMMANDS = ["index", "search", "show", "stats", "remove", "parse", "check", "compact"]

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from harness import Report  # noqa: E402

RESULTS = Report(detail_limit=400)
report, check = RESULTS.report, RESULTS.check


class Result:
    def __init__(self, args, rc, out, err):
        self.args, self.rc, self.out, self.err = args, rc, out, err

    def __repr__(self):
        return f"`referat {' '.join(self.args)}` rc={self.rc} stdout={self.out[:200]!r} stderr={self.err[:200]!r}"


BASE_ENV = {k: v for k, v in os.environ.items() if k != "REFERAT_DB"}
WORK = tempfile.mkdtemp(prefix="referat-cli-test-")


def run(*args, db=None, stdin=None, env=None, cwd=None):
    argv = [BIN]
    if db is not None:
        argv += ["--db", db]
    argv += list(args)
    e = dict(BASE_ENV)
    if env:
        e.update(env)
    if isinstance(stdin, str):
        stdin = stdin.encode("utf-8")
    p = subprocess.run(argv, input=stdin if stdin is not None else b"", capture_output=True,
                       env=e, cwd=cwd or WORK, timeout=30)
    return Result(argv[1:], p.returncode,
                  p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"))


def expect_rc(r, rc):
    assert r.rc == rc, f"expected exit {rc}: {r!r}"


def stderr_lines(r):
    return [line for line in r.err.splitlines() if line.strip()]


def load_json(r):
    try:
        return json.loads(r.out)
    except ValueError as e:
        raise AssertionError(f"stdout is not JSON ({e}): {r!r}")


def search(db, *args):
    r = run("search", *args, db=db)
    expect_rc(r, 0)
    return r


def search_json(db, query, *args):
    return load_json(search(db, query, "--format", "json", *args))


def ids_of(results):
    return [h["id"] for h in results["results"]]


# ---------------------------------------------------------------------------
# 1. usage
# ---------------------------------------------------------------------------

def t_version():
    r = run("--version")
    expect_rc(r, 0)
    assert re.fullmatch(r"referat \d+\.\d+\.\d+\n", r.out), repr(r)


def t_help():
    r = run("--help")
    expect_rc(r, 0)
    missing = [c for c in COMMANDS if not re.search(rf"\b{c}\b", r.out)]
    assert not missing, f"--help does not mention {missing}"


def t_no_args():
    expect_rc(run(), 2)


def t_unknown_command():
    r = run("frobnicate")
    expect_rc(r, 2)
    lines = stderr_lines(r)
    assert len(lines) == 1 and lines[0].startswith("referat: "), f"stderr not one 'referat: ' line: {r!r}"


def t_unknown_option():
    expect_rc(run("--frobnicate"), 2)
    expect_rc(run("search", "--frobnicate", "q", db=os.path.join(WORK, "none")), 2)


def t_bad_format():
    expect_rc(run("search", "--format", "xml", "q", db=os.path.join(WORK, "none")), 2)


def t_bad_sort():
    expect_rc(run("search", "--sort", "foo", "q", db=os.path.join(WORK, "none")), 2)


def t_command_help(cmd):
    def f():
        r = run(cmd, "--help")
        expect_rc(r, 0)
        assert "examples" in r.out, f"no 'examples' in help: {r!r}"
    return f


def t_help_command():
    for cmd in ("search", "index", "case"):
        a, b = run("help", cmd), run(cmd, "--help")
        expect_rc(a, 0)
        assert a.out == b.out, f"help {cmd} differs from {cmd} --help"
        # The options that take the positional arguments are not options users give.
        for internal in ("--query", "--path", "--case "):
            assert internal not in a.out, f"{cmd} --help shows {internal}: {a.out}"


def t_query_starting_with_dash():
    r = run("search", "-affald", db=DB)
    expect_rc(r, 2)
    assert "referat search [options] -- -affald" in r.err, repr(r.err)
    r = run("search", "-natur", "skole", db=DB)  # read as -n atur
    expect_rc(r, 2)
    assert "referat search [options] -- -natur" in r.err, repr(r.err)
    expect_rc(run("search", "--", "-affald", db=DB), 0)


check("--version prints 'referat X.Y.Z'", t_version)
check("help COMMAND is COMMAND --help, without internal options", t_help_command)
check("--help exits 0 and mentions every command", t_help)
check("no arguments exits 2", t_no_args)
check("unknown command exits 2 with one 'referat: ' line", t_unknown_command)
check("unknown option exits 2", t_unknown_option)
check("search --format xml exits 2", t_bad_format)
check("search --sort foo exits 2", t_bad_sort)
for c in COMMANDS:
    check(f"{c} --help exits 0 and has examples", t_command_help(c))

# ---------------------------------------------------------------------------
# 2. parse
# ---------------------------------------------------------------------------


def normalise_source(actual, expected):
    """Copies expected sources into actual (the only field allowed to differ)."""
    if isinstance(actual, list) and isinstance(expected, list) and len(actual) == len(expected):
        for a, e in zip(actual, expected):
            if isinstance(a, dict) and isinstance(e, dict) and "source" in e:
                a["source"] = e["source"]
                if "sources" in e:
                    a["sources"] = e["sources"]
    return actual


def first_difference(a, b, path="$"):
    if type(a) is not type(b):
        return f"{path}: {a!r} != {b!r}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a:
                return f"{path}.{k}: missing (expected {b[k]!r})"
            if k not in b:
                return f"{path}.{k}: unexpected ({a[k]!r})"
            d = first_difference(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: length {len(a)} != {len(b)}: {a!r} vs {b!r}"
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{path}[{i}]")
            if d:
                return d
        return None
    return None if a == b else f"{path}: {a!r} != expected {b!r}"


with open(MINI_EXPECTED, encoding="utf-8") as f:
    EXPECTED = json.load(f)
with open(MINI, "rb") as f:
    MINI_BYTES = f.read()


def t_parse_json():
    r = run("parse", "--format", "json", MINI)
    expect_rc(r, 0)
    actual = normalise_source(load_json(r), EXPECTED)
    d = first_difference(actual, EXPECTED)
    assert d is None, d


def t_parse_source_is_path():
    r = run("parse", "--format", "json", MINI)
    expect_rc(r, 0)
    got = load_json(r)
    assert got and got[0]["source"].endswith("mini-referat.md"), f"source {got[0].get('source')!r}"


def t_parse_stdin():
    a = run("parse", "--format", "json", MINI)
    b = run("parse", "--format", "json", "-", stdin=MINI_BYTES)
    expect_rc(a, 0)
    expect_rc(b, 0)
    ja, jb = load_json(a), load_json(b)
    assert all(m["source"] == "-" for m in jb), f"stdin sources: {[m['source'] for m in jb]}"
    for m in ja:
        m["source"] = "-"
        m["sources"] = ["-"]
    d = first_difference(jb, ja)
    assert d is None, d


def t_parse_stdin_misuse():
    r = run("parse", "-", "-", stdin=MINI_BYTES)
    expect_rc(r, 2)
    assert "more than once" in r.err, repr(r.err)
    r = run("parse", "--source", "x", MINI)
    expect_rc(r, 2)
    assert "--source" in r.err, repr(r.err)
    # Standard input has the file's size limit, and is not read past it.
    r = run("parse", "-", stdin=b"a" * ((256 << 20) + 1))
    expect_rc(r, 1)
    assert "256 MB limit" in r.err and len(stderr_lines(r)) == 1, repr(r.err[:300])


def t_parse_text():
    r = run("parse", MINI)
    expect_rc(r, 0)
    for s in ("solbjerg-byraad/2023-05-03/referat", "Ny cykelsti ved skolen", "Godkendelse af dagsorden"):
        assert s in r.out, f"{s!r} not in text output: {r!r}"


def t_parse_empty():
    path = os.path.join(WORK, "empty.md")
    open(path, "wb").close()
    r = run("parse", path)
    expect_rc(r, 1)
    lines = stderr_lines(r)
    assert len(lines) == 1 and path in lines[0], f"stderr should be one line naming the file: {r!r}"


def t_parse_binary():
    path = os.path.join(WORK, "binary.txt")
    with open(path, "wb") as f:
        f.write(b"# Solbjerg Byr\xc3\xa5d\n\x00\x01\x02\x00\xff\xfe binary \x00\n" * 20)
    r = run("parse", path)
    expect_rc(r, 1)
    assert path in r.err, f"message does not name the file: {r!r}"


def t_parse_missing():
    path = os.path.join(WORK, "does-not-exist.md")
    r = run("parse", path)
    expect_rc(r, 1)
    assert path in r.err, f"message does not name the file: {r!r}"


def t_parse_good_and_bad():
    bad = os.path.join(WORK, "empty.md")
    open(bad, "wb").close()
    r = run("parse", "--format", "json", MINI, bad)
    expect_rc(r, 1)
    got = normalise_source(load_json(r), EXPECTED)
    d = first_difference(got, EXPECTED)
    assert d is None, f"good file not printed in full: {d}"
    assert bad in r.err, f"bad file not named: {r!r}"


check("parse --format json equals mini-referat.expected.json", t_parse_json)
check("parse: source is the path given", t_parse_source_is_path)
check("parse - (stdin) gives the same JSON with source '-'", t_parse_stdin)
check("parse: - twice, --source without -, standard input over the limit: clear errors", t_parse_stdin_misuse)
check("parse text output names meeting and items", t_parse_text)
check("parse empty file: exit 1, one stderr line naming it", t_parse_empty)
check("parse binary .txt file: exit 1", t_parse_binary)
check("parse missing file: exit 1", t_parse_missing)
check("parse good + bad file: exit 1, good one printed", t_parse_good_and_bad)

# ---------------------------------------------------------------------------
# 3. index + search
# ---------------------------------------------------------------------------

DB = os.path.join(WORK, "idx")
FIRST_INDEX = run("index", SAMPLES, db=DB)
HIT_KEYS = ["rank", "id", "score", "body", "type", "date", "item", "title", "case", "section",
            "matched_parts", "snippet", "highlights", "source", "page"]
CSV_HEADER = "rank,id,score,date,body,type,item,title,case,section,matched_parts,source,page,hit_page"


def t_index_samples():
    expect_rc(FIRST_INDEX, 0)
    assert re.search(rf"\b{SAMPLE_MEETINGS} meetings\b", FIRST_INDEX.out), \
        f"summary lacks '{SAMPLE_MEETINGS} meetings': {FIRST_INDEX!r}"


def t_reindex_idempotent():
    s1 = load_json(run("stats", "--format", "json", db=DB))
    q1 = search_json(DB, "velfærdsteknologi", "--limit", "50")
    r = run("index", SAMPLES, db=DB)
    expect_rc(r, 0)
    assert re.search(r"\b0 items added\b", r.out), f"re-index added items: {r!r}"
    s2 = load_json(run("stats", "--format", "json", db=DB))
    q2 = search_json(DB, "velfærdsteknologi", "--limit", "50")
    assert s1 == s2, f"stats changed: {s1} -> {s2}"
    assert s2["items"] == s1["items"], "items count changed"
    assert ids_of(q1) == ids_of(q2) and q1["total"] == q2["total"], \
        f"search changed: {ids_of(q1)} -> {ids_of(q2)}"


VEL = {}


def t_search_json_shape():
    res = search_json(DB, "velfærdsteknologi")
    VEL.update(res)
    for k in ("query", "corrected", "relaxed", "total", "total_is_estimate", "results", "facets"):
        assert k in res, f"key {k!r} missing: {sorted(res)}"
    assert res["query"] == "velfærdsteknologi", res["query"]
    assert res["total"] >= 3, f"total {res['total']}"
    assert res["results"], "no results"
    for h in res["results"]:
        missing = [k for k in HIT_KEYS if k not in h]
        assert not missing, f"hit {h.get('id')} lacks {missing}"
    ranks = [h["rank"] for h in res["results"]]
    assert ranks == list(range(1, len(ranks) + 1)), f"ranks {ranks}"


def t_search_highlights():
    res = VEL or search_json(DB, "velfærdsteknologi")
    for h in res["results"]:
        assert h["highlights"], f"{h['id']}: no highlights"
        snippet = h["snippet"]
        found = False
        for pair in h["highlights"]:
            assert isinstance(pair, list) and len(pair) == 2, f"{h['id']}: highlight {pair!r}"
            start, end = pair
            assert 0 <= start < end <= len(snippet), f"{h['id']}: [{start},{end}) outside snippet of {len(snippet)}"
            if "velfærdsteknologi" in snippet[start:end].lower():
                found = True
        assert found, f"{h['id']}: no highlight covers 'velfærdsteknologi': " + \
            repr([snippet[s:e] for s, e in h["highlights"]])


def t_search_facets():
    res = VEL or search_json(DB, "velfærdsteknologi")
    facets = res["facets"]
    for name in ("body", "year", "type", "section"):
        assert name in facets, f"facet {name} missing"
        assert isinstance(facets[name], list), f"facet {name} not a list"
        for entry in facets[name]:
            assert set(entry) == {"value", "count"}, f"facet {name} entry {entry}"
    # Facets count each version (an agenda item and its minutes), as --all-versions lists them.
    every = search_json(DB, "velfærdsteknologi", "--all-versions")
    assert sum(e["count"] for e in facets["year"]) == every["total"], \
        f"year counts {facets['year']} do not sum to the --all-versions total {every['total']}"
    assert res["total"] <= every["total"], f"one result per item: {res['total']} > {every['total']}"


def t_search_corrected():
    res = search_json(DB, "velfærdsteknlogi")
    assert res["corrected"] == "velfærdsteknologi", res["corrected"]
    assert res["query"] == "velfærdsteknlogi" and res["total"] == 0, "the typed query must not be replaced"
    assert search_json(DB, "velfærdsteknologi")["corrected"] is None
    r = search(DB, "velfærdsteknlogi")
    assert "did you mean: velfærdsteknologi" in r.out, repr(r)
    r = search(DB, "velfærdsteknlogi", "--format", "jsonl")
    assert json.loads(r.err.splitlines()[0]) == {"corrected": "velfærdsteknologi"}, repr(r)


def t_search_relaxed():
    res = search_json(DB, "hvad koster skybrudssikringen af Havnekvarteret")
    assert res["relaxed"] is True and res["results"], res
    assert "skybrud" in res["results"][0]["title"].lower(), res["results"][0]["title"]
    assert search_json(DB, "skybrudssikring Havnekvarteret")["relaxed"] is False
    assert search_json(DB, "hvad +koster +skybrudssikringen")["total"] == 0, "explicit + must stay AND"
    r = search(DB, "hvad koster skybrudssikringen af Havnekvarteret")
    assert "no item has all the words" in r.out, repr(r)
    # jsonl and csv have no envelope: the relaxing is said on stderr.
    r = run("search", "--format", "jsonl", "hvad koster skybrudssikringen af Havnekvarteret", db=DB)
    expect_rc(r, 0)
    assert {"relaxed": True} in [json.loads(line) for line in r.err.splitlines()], repr(r.err)
    r = run("search", "--format", "csv", "hvad koster skybrudssikringen af Havnekvarteret", db=DB)
    expect_rc(r, 0)
    assert "no item has all the words" in r.err, repr(r.err)


def t_search_analysis():
    ids = ids_of(search_json(DB, "sikkerhed"))
    assert any("oekonomiudvalget" in i for i in ids), f"sikkerhed does not find cybersikkerhed: {ids}"
    spaced, joined = ids_of(search_json(DB, "ØA 24")), ids_of(search_json(DB, "ØA24"))
    assert spaced and joined and spaced[0] == joined[0], f"ØA 24 {spaced} and ØA24 {joined} disagree"
    kl = ids_of(search_json(DB, "KL"))
    clock = ids_of(search_json(DB, "kl"))
    assert set(kl) < set(clock), f"KL {kl} should be a strict subset of kl {clock}"


def t_search_jsonl():
    r = search(DB, "velfærdsteknologi", "--format", "jsonl")
    lines = r.out.splitlines()
    objs = [json.loads(line) for line in lines]
    assert all(isinstance(o, dict) for o in objs), "not one object per line"
    want = ids_of(VEL or search_json(DB, "velfærdsteknologi"))
    assert [o["id"] for o in objs] == want, f"{[o['id'] for o in objs]} != {want}"


def t_search_csv():
    r = search(DB, "velfærdsteknologi", "--format", "csv")
    assert r.out.splitlines()[0] == CSV_HEADER, f"header {r.out.splitlines()[0]!r}"
    rows = list(csv.DictReader(io.StringIO(r.out)))
    assert all(len(row) == len(CSV_HEADER.split(",")) and None not in row for row in rows), "ragged rows"
    want = ids_of(VEL or search_json(DB, "velfærdsteknologi"))
    assert [row["id"] for row in rows] == want, f"{[row['id'] for row in rows]} != {want}"


def dates(db, query, *args):
    return [h["date"] for h in search_json(db, query, "--limit", "100", *args)["results"]]


def t_sort_date():
    d = dates(DB, "kommune", "--sort", "date")
    assert len(d) > 2 and len(set(d)) > 1, f"too few dates to test: {d}"
    assert d == sorted(d, reverse=True), f"not newest first: {d}"


def t_sort_oldest():
    d = dates(DB, "kommune", "--sort", "oldest")
    assert len(d) > 2 and len(set(d)) > 1, f"too few dates to test: {d}"
    assert d == sorted(d), f"not oldest first: {d}"


def t_paging():
    p1 = ids_of(search_json(DB, "kommune", "--limit", "2", "--offset", "0"))
    p2 = ids_of(search_json(DB, "kommune", "--limit", "2", "--offset", "2"))
    all4 = ids_of(search_json(DB, "kommune", "--limit", "4"))
    assert len(p1) == 2 and len(p2) == 2, f"pages {p1} {p2}"
    assert not set(p1) & set(p2), f"pages overlap: {p1} {p2}"
    assert p1 + p2 == all4, f"{p1} + {p2} != {all4}"
    ranks = [h["rank"] for h in search_json(DB, "kommune", "--limit", "2", "--offset", "2")["results"]]
    assert ranks == [3, 4], f"ranks of page 2: {ranks}"


def t_case_filter():
    res = search_json(DB, "sag:22/00954", "--limit", "100", "--all-versions")
    cases = [h["case"] for h in res["results"]]
    assert cases and all(c == "22/00954" for c in cases), f"cases {cases}"
    meetings = {h["id"].rsplit("/", 1)[0] for h in res["results"]}
    assert len(meetings) == 5, f"expected 5 meetings, got {sorted(meetings)}"
    assert res["total"] == len(res["results"]), f"total {res['total']} != {len(res['results'])}"


def t_date_year():
    res = search_json(DB, "dato:2024", "--limit", "100")
    d = [h["date"] for h in res["results"]]
    assert d and all(x.startswith("2024") for x in d), f"dates {d}"


def t_date_range():
    res = search_json(DB, "dato:2022..2023", "--limit", "100")
    d = [h["date"] for h in res["results"]]
    assert d, "no results for dato:2022..2023 (the samples have 2022 meetings)"
    assert all("2022" <= x[:4] <= "2023" for x in d), f"dates {d}"


def t_type_filter():
    res = search_json(DB, "type:dagsorden", "--limit", "100")
    t = [h["type"] for h in res["results"]]
    assert t and all(x == "dagsorden" for x in t), f"types {t}"


def t_phrase():
    res = search_json(DB, '"§ 17, stk. 4"', "--limit", "100")
    ids = ids_of(res)
    assert "havnekoebing-byraad/2024-10-31/referat/2" in ids, f"phrase not found: {ids}"


def t_no_hits():
    r = run("search", "zzqxjvwk", "--format", "json", db=DB)
    expect_rc(r, 0)
    res = load_json(r)
    assert res["total"] == 0 and res["results"] == [], f"{res}"
    expect_rc(run("search", "zzqxjvwk", db=DB), 0)


def t_bare_case_number():
    # A case number typed without sag: is searched as a case number (the items carrying
    # it first), not dropped from the query.
    want = set(ids_of(search_json(DB, "sag:22/00954", "--limit", "100")))
    res = search_json(DB, "22/00954", "--limit", "100")
    got = ids_of(res)
    assert set(got[:len(want)]) == want, f"`search 22/00954` gave {res['total']} hits {got}, want {sorted(want)} first"
    res = search_json(DB, "kommune 22/00954", "--limit", "100")
    assert res["results"] and all(h["case"] == "22/00954" or "case" in h["matched_parts"]
                                  for h in res["results"]), \
        f"`search 'kommune 22/00954'` ignores the case number: {res['total']} hits, cases " \
        f"{sorted({str(h['case']) for h in res['results']})}"


check(f"index samples: exit 0, '{SAMPLE_MEETINGS} meetings'", t_index_samples)
check("re-index is idempotent (stats and search unchanged)", t_reindex_idempotent)
check("search --format json: keys of results and hits", t_search_json_shape)
check("search highlights are code point offsets of the query word", t_search_highlights)
check("search facets: body/year/type/section, years sum to the total of all versions", t_search_facets)
check("search --format jsonl: one object per line, same ids", t_search_jsonl)
check("search: did you mean, in text, json and jsonl, never applied", t_search_corrected)
check("search: no item has all the words → relaxed, said so", t_search_relaxed)
check("search: compounds, ØA 24 = ØA24, KL only in capitals", t_search_analysis)
check("search --format csv: header, parses, same ids", t_search_csv)
check("search --sort date: newest first", t_sort_date)
check("search --sort oldest: oldest first", t_sort_oldest)
check("search --limit/--offset pages", t_paging)
check("search sag:22/00954: only that case, 5 meetings", t_case_filter)


def t_case_command():
    r = run("case", "22/00954", "--format", "json", db=DB)
    expect_rc(r, 0)
    hits = load_json(r)["results"]
    assert hits and all(h["case"] == "22/00954" for h in hits), f"cases {[h['case'] for h in hits]}"
    dates = [h["date"] for h in hits]
    assert dates == sorted(dates), f"not oldest first: {dates}"
    # One result per item: the minutes shown, the agenda named.
    assert all(h["type"] == "referat" for h in hits if h["other_versions"]), hits
    every = load_json(run("case", "22/00954", "--format", "json", "--all-versions", db=DB))["results"]
    assert len(every) > len(hits), f"--all-versions: {len(every)} results, folded {len(hits)}"
    r = run("case", "99/99999", db=DB)
    expect_rc(r, 1)
    assert "99/99999" in r.err, repr(r)


check("case CASE-NUMBER: its items oldest first, one per item; unknown case exit 1", t_case_command)
check("search dato:2024: only 2024", t_date_year)
check("search dato:2022..2023: none from 2024", t_date_range)
check("search type:dagsorden: only dagsordener", t_type_filter)
check("search phrase \"§ 17, stk. 4\"", t_phrase)
check("search with no hits: exit 0, total 0", t_no_hits)
check("search bare case number 22/00954 (without sag:)", t_bare_case_number)

# ---------------------------------------------------------------------------
# 4. bad queries
# ---------------------------------------------------------------------------

BAD_QUERIES = ['"abc', "(abc", "*", "dato:garbage", "dato:2024..2023", "foo:bar", "type:minutes",
               # operators without their words, an empty phrase or group: never silently nothing
               "affald AND", "AND NOT affald", "affald AND AND skole", "AND", "affald OR", "OR affald",
               "NOT", "()", '""', "+"]


def t_operator_messages():
    for q, what in (("affald AND", "AND needs a word after it"), ("OR affald", "OR needs a word before it"),
                    ("affald OR", "OR needs a word after it"), ("()", "empty parentheses"),
                    ('""', "no words to search for")):
        r = run("search", q, db=DB)
        expect_rc(r, 3)
        assert what in r.err, f"{q!r}: {r.err!r}"
    # Still queries: a word and an excluded one, an excluded one alone.
    for q in ("affald AND NOT skole", "-affald", "NOT affald", "affald -skole"):
        expect_rc(run("search", "--", q, db=DB), 0)



def t_bad_query(q):
    def f():
        r = run("search", q, db=DB)
        expect_rc(r, 3)
        assert len(stderr_lines(r)) == 1, f"stderr not one line: {r!r}"
        r = run("search", "--format", "json", q, db=DB)
        expect_rc(r, 3)
        lines = r.err.splitlines()
        assert len(lines) == 1, f"stderr not one line: {r!r}"
        err = json.loads(lines[0])
        assert isinstance(err.get("error"), str) and err["error"], f"no error text: {err}"
        assert err.get("exit_code") == 3, f"exit_code {err.get('exit_code')!r}"
        assert r.out == "", f"stdout not empty: {r!r}"
    return f


for q in BAD_QUERIES:
    check(f"bad query {q!r}: exit 3, JSON error on stderr", t_bad_query(q))
check("an operator without its word: the message says which side", t_operator_messages)
check("a query starting with '-': exit 2 saying to put it after --", t_query_starting_with_dash)

# ---------------------------------------------------------------------------
# 5. index errors
# ---------------------------------------------------------------------------


def t_missing_index():
    path = os.path.join(WORK, "no-such-index")
    r = run("search", "kommune", db=path)
    expect_rc(r, 4)
    assert path in r.err, f"message does not name {path}: {r!r}"
    assert not os.path.exists(path), "search created the index directory"
    r = run("search", "--format", "json", "kommune", db=path)
    expect_rc(r, 4)
    err = json.loads(r.err.strip())
    assert err.get("exit_code") == 4 and path in err.get("error", ""), f"{err}"


def t_not_an_index():
    path = os.path.join(WORK, "not-an-index")
    os.makedirs(path)
    with open(os.path.join(path, "notes.txt"), "w") as f:
        f.write("shopping list\n")
    for args in (("search", "kommune"), ("stats",), ("show", "a/b/c/1")):
        r = run(*args, db=path)
        expect_rc(r, 4)
        assert path in r.err, f"message does not name {path}: {r!r}"
    r = run("index", MINI, db=path)
    expect_rc(r, 4)
    assert os.listdir(path) == ["notes.txt"], f"index wrote into a foreign dir: {os.listdir(path)}"


check("missing index: exit 4, message names the path", t_missing_index)
check("directory that is not an index: exit 4, message names the path", t_not_an_index)

# ---------------------------------------------------------------------------
# 6. show, stats
# ---------------------------------------------------------------------------


def some_hit():
    res = search_json(DB, "skybrudssikring", "--limit", "1")
    assert res["results"], "no hit for skybrudssikring"
    return res["results"][0]


def t_show_text():
    h = some_hit()
    r = run("show", h["id"], db=DB)
    expect_rc(r, 0)
    assert h["title"] in r.out, f"title {h['title']!r} not shown: {r!r}"


def t_show_json():
    h = some_hit()
    r = run("show", "--format", "json", h["id"], db=DB)
    expect_rc(r, 0)
    items = load_json(r)
    assert isinstance(items, list) and len(items) == 1, f"not an array of one: {r.out[:200]!r}"
    j = items[0]
    assert j["item"]["title"] == h["title"], f"{j['item'].get('title')!r} != {h['title']!r}"
    assert j["id"] == h["id"] and j["item"]["id"] == h["id"], f"ids {j['id']} {j['item']['id']}"
    # Several ids, one unknown: one JSON document (an array of those found), exit 1.
    hits = search_json(DB, "skybrudssikring", "--limit", "2")["results"]
    ids = [x["id"] for x in hits]
    r = run("show", "--format", "json", *ids, "nowhere/2020-01-01/referat/1", db=DB)
    expect_rc(r, 1)
    assert [x["id"] for x in json.loads(r.out)] == ids, r.out[:300]
    r = run("show", "--format", "json", "nowhere/2020-01-01/referat/1", db=DB)
    expect_rc(r, 1)
    assert json.loads(r.out) == [], r.out
    # jsonl: one object per line.
    r = run("show", "--format", "jsonl", *ids, db=DB)
    expect_rc(r, 0)
    assert [json.loads(line)["id"] for line in r.out.splitlines()] == ids, r.out[:300]


def t_show_unknown():
    r = run("show", "nowhere/2020-01-01/referat/1", db=DB)
    expect_rc(r, 1)
    assert "nowhere/2020-01-01/referat/1" in r.err, repr(r)


def t_show_mixed():
    h = some_hit()
    r = run("show", h["id"], "nowhere/2020-01-01/referat/1", db=DB)
    expect_rc(r, 1)
    assert h["title"] in r.out, f"known item not shown: {r!r}"


def t_stats():
    r = run("stats", "--format", "json", db=DB)
    expect_rc(r, 0)
    s = load_json(r)
    for k in ("items", "meetings", "bodies", "years", "types"):
        assert k in s, f"{k} missing: {sorted(s)}"
    assert s["meetings"] == SAMPLE_MEETINGS, f"meetings {s['meetings']}"
    assert sum(s["years"].values()) == s["items"], f"years {s['years']} do not sum to {s['items']}"
    assert sum(s["types"].values()) == s["items"], f"types {s['types']} do not sum to {s['items']}"
    assert sum(s["bodies"].values()) == s["items"], f"bodies {s['bodies']} do not sum to {s['items']}"
    assert s["without"] == {"body": 0, "year": 0, "type": 0}, s["without"]
    r = run("stats", db=DB)
    expect_rc(r, 0)
    assert re.search(rf"meetings:\s*{SAMPLE_MEETINGS}\b", r.out), repr(r)


check("show ID: exit 0, text has the title", t_show_text)
check("show --format json ID: item.title", t_show_json)
check("show unknown id: exit 1", t_show_unknown)
check("show known + unknown id: exit 1, known one printed", t_show_mixed)
check(f"stats --format json: keys, {SAMPLE_MEETINGS} meetings, sums", t_stats)

# ---------------------------------------------------------------------------
# 7. remove (on its own index)
# ---------------------------------------------------------------------------

RDB = os.path.join(WORK, "idx-remove")


def t_remove_meeting():
    expect_rc(run("index", SAMPLES, db=RDB), 0)
    victim = "havnekoebing-byraad/2022-03-24/dagsorden"
    some = ids_of(search_json(RDB, f"type:dagsorden dato:2022-03-24", "--limit", "100"))
    assert some and all(i.startswith(victim + "/") for i in some), f"ids {some}"
    r = run("remove", victim, db=RDB)
    expect_rc(r, 0)
    s = load_json(run("stats", "--format", "json", db=RDB))
    assert s["meetings"] == SAMPLE_MEETINGS - 1, f"meetings {s['meetings']} after remove"
    r = run("show", some[0], db=RDB)
    expect_rc(r, 1)
    assert not [i for i in ids_of(search_json(RDB, "kommune", "--limit", "100")) if i.startswith(victim)], \
        "removed items still found"


def t_remove_unknown():
    r = run("remove", "nonexistent/x", db=RDB)
    expect_rc(r, 1)
    assert "nonexistent/x" in r.err, repr(r)


def t_remove_by_path():
    path = os.path.join(SAMPLES, "havnekoebing-tmu-2024-10-02-referat.txt")
    before = load_json(run("stats", "--format", "json", db=RDB))
    r = run("remove", path, db=RDB)
    expect_rc(r, 0)
    after = load_json(run("stats", "--format", "json", db=RDB))
    assert after["meetings"] == before["meetings"] - 1, f"{before['meetings']} -> {after['meetings']}"
    assert not search_json(RDB, "type:referat organ:teknik-og-miljoeudvalget dato:2024-10-02")["results"], \
        "items of the removed file still found"


def t_remove_by_relative_path():
    r = run("remove", os.path.join("samples", "havnekoebing-tmu-2024-10-02-dagsorden.txt"), db=RDB, cwd=ROOT)
    expect_rc(r, 0)
    s = load_json(run("stats", "--format", "json", db=RDB))
    assert s["meetings"] == SAMPLE_MEETINGS - 3, f"meetings {s['meetings']}"


check("remove meeting id: exit 0, one meeting fewer, its items gone", t_remove_meeting)
check("remove unknown id: exit 1", t_remove_unknown)
check("remove by absolute source path", t_remove_by_path)
check("remove by relative source path", t_remove_by_relative_path)

# ---------------------------------------------------------------------------
# 8. skipped, failing and changed files; remove without an index
# ---------------------------------------------------------------------------


def t_index_skips():
    d = os.path.join(WORK, "docs-skip")
    os.makedirs(d)
    shutil.copy(MINI, os.path.join(d, "scan.pdf"))  # a text file named .pdf: read by its content
    with open(os.path.join(d, "photo.jpg"), "wb") as f:
        f.write(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)))
    with open(os.path.join(d, "notes.docx"), "wb") as f:
        f.write(b"PK\x03\x04" + bytes(range(256)))
    db = os.path.join(WORK, "idx-skip")
    r = run("index", "--format", "json", d, db=db)
    expect_rc(r, 0)
    s = json.loads(r.out)
    assert s["skipped"] == 2 and s["failed"] == 0 and s["files"] == 3, f"summary {s}"
    r = run("index", d, db=db)
    expect_rc(r, 0)
    assert re.search(r"\b2 skipped\b", r.out) and re.search(r"\b0 failed\b", r.out), repr(r)
    assert load_json(run("stats", "--format", "json", db=db))["meetings"] == 1


def t_index_bad_file():
    d = os.path.join(WORK, "docs-bad")
    os.makedirs(d)
    shutil.copy(MINI, os.path.join(d, "mini.md"))
    bad = os.path.join(d, "bad.txt")
    with open(bad, "wb") as f:
        f.write(b"Referat\x00\x00\x00 of nothing\x00\n")
    db = os.path.join(WORK, "idx-bad")
    r = run("index", d, db=db)
    expect_rc(r, 1)
    assert "bad.txt" in r.err, f"bad file not named: {r!r}"
    assert re.search(r"\b1 failed\b", r.out), repr(r)
    res = search_json(db, "cykelsti")
    assert "solbjerg-byraad/2023-05-03/referat/2" in ids_of(res), f"good file not indexed: {ids_of(res)}"


def t_reindex_changed_file():
    d = os.path.join(WORK, "docs-changed")
    os.makedirs(d)
    path = os.path.join(d, "mini.md")
    shutil.copy(MINI, path)
    db = os.path.join(WORK, "idx-changed")
    expect_rc(run("index", d, db=db), 0)
    text = MINI_BYTES.decode("utf-8")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text[:text.index("## Punkt 2")])
    r = run("index", "--format", "json", d, db=db)
    expect_rc(r, 0)
    s = json.loads(r.out)
    assert s["removed"] == 1 and s["replaced"] == 1, f"summary {s}"
    assert search_json(db, "cykelsti")["total"] == 0, "the dropped item is still found"
    assert load_json(run("stats", "--format", "json", db=db))["items"] == 1


def t_compact_missing_index():
    for path in (os.path.join(WORK, "no-index-for-compact"), os.path.join(WORK, "empty-dir-for-compact")):
        if path.endswith("dir-for-compact"):
            os.makedirs(path)
        r = run("compact", db=path)
        expect_rc(r, 4)
        assert path in r.err, repr(r.err)
        assert not os.path.exists(path) or os.listdir(path) == [], "compact created an index"


def t_check_json():
    r = run("check", "--format", "json", db=DB)
    expect_rc(r, 0)
    assert load_json(r) == {"index": DB, "sound": True, "problems": []}, r.out


def t_error_one_line():
    bad = os.path.join(WORK, "bad\nname.txt")
    with open(bad, "wb") as f:
        f.write(b"\0\1\2binary")
    r = run("parse", bad)
    expect_rc(r, 1)
    assert len(stderr_lines(r)) == 1 and "bad\\nname.txt" in r.err, repr(r.err)


def t_remove_missing_index():
    path = os.path.join(WORK, "no-index-for-remove")
    r = run("remove", "a/2020-01-01/referat", db=path)
    expect_rc(r, 4)
    assert not os.path.exists(path), "remove created an index"


check("index: a text file named .pdf is read by its content; .jpg and .docx are skipped", t_index_skips)
check("index: bad.txt with NULs fails (exit 1), others indexed", t_index_bad_file)
check("re-index of a changed file drops its stale items", t_reindex_changed_file)
check("remove with a missing index: exit 4, nothing created", t_remove_missing_index)
check("compact with a missing index or an empty directory: exit 4, nothing created", t_compact_missing_index)
check("check --format json", t_check_json)
check("an error naming a file with a newline stays one line", t_error_one_line)

# ---------------------------------------------------------------------------
# 9. REFERAT_DB
# ---------------------------------------------------------------------------


def t_env_db():
    r = run("stats", "--format", "json", env={"REFERAT_DB": DB})
    expect_rc(r, 0)
    assert load_json(r)["meetings"] == SAMPLE_MEETINGS, repr(r)
    r = run("search", "--format", "json", "velfærdsteknologi", env={"REFERAT_DB": DB})
    expect_rc(r, 0)
    assert load_json(r)["total"] >= 3, repr(r)
    # --db wins over the environment
    r = run("stats", db=os.path.join(WORK, "no-such-index"), env={"REFERAT_DB": DB})
    expect_rc(r, 4)


check("REFERAT_DB is used when --db is absent; --db wins", t_env_db)

# ---------------------------------------------------------------------------
# 10. re-indexing: unchanged files skipped, --prune under the given root only
# ---------------------------------------------------------------------------


def t_index_prune_counts():
    d = os.path.join(WORK, "docs-prune")
    outside = os.path.join(WORK, "docs-prune-outside")  # shares a name prefix, not the root
    os.makedirs(d)
    os.makedirs(outside)
    text = MINI_BYTES.decode("utf-8")
    for folder, name, date in [(d, "a.md", "3. maj"), (d, "b.md", "4. maj"), (outside, "c.md", "5. maj")]:
        with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
            f.write(text.replace("3. maj", date))
    db = os.path.join(WORK, "idx-prune")
    expect_rc(run("index", outside, db=db), 0)
    s = json.loads(run("index", "--format", "json", d, db=db).out)
    assert (s["new"], s["changed"], s["unchanged"], s["added"]) == (2, 0, 0, 4), f"first run {s}"
    s = json.loads(run("index", "--format", "json", d, db=db).out)
    assert (s["new"], s["changed"], s["unchanged"], s["added"], s["replaced"]) == (0, 0, 2, 0, 0), \
        f"second run {s}"
    with open(os.path.join(d, "b.md"), "a", encoding="utf-8") as f:
        f.write("\n## Punkt 3: Eventuelt\n\nIntet.\n")
    os.remove(os.path.join(d, "a.md"))
    os.remove(os.path.join(outside, "c.md"))
    r = run("index", "--format", "json", d, db=db)
    expect_rc(r, 0)
    s = json.loads(r.out)
    assert (s["changed"], s["added"], s["pruned"]) == (1, 1, 0), f"without --prune {s}"
    assert load_json(run("stats", "--format", "json", db=db))["meetings"] == 3, "a missing file was removed"
    r = run("index", "--prune", "--format", "json", d, db=db)
    expect_rc(r, 0)
    s = json.loads(r.out)
    assert (s["unchanged"], s["pruned"], s["pruned_items"]) == (1, 1, 2), f"with --prune {s}"
    stats = load_json(run("stats", "--format", "json", db=db))
    assert stats["meetings"] == 2 and stats["items"] == 5, f"pruned more or less than a.md: {stats}"
    r = run("index", "--prune", d, db=db)
    assert re.search(r"\b0 missing files pruned \(0 items\)", r.out) and "1 unchanged" in r.out, repr(r)
    r = run("index", "--help")
    assert "--prune" in r.out and "--force" in r.out and "index --prune" in r.out, repr(r)


check("index: a second run skips unchanged files; --prune removes deleted files under the root only",
      t_index_prune_counts)

shutil.rmtree(WORK, ignore_errors=True)
RESULTS.finish()
