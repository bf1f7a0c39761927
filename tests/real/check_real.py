#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The real council archives of ../shared/corpus/real/ (issue 7): for every file
# there, `referat parse --format json` must give the meetings and items a careful
# reader sees, as written by hand in tests/real/<file>.expected.json:
#
#   [{"body": ..., "type": ..., "date": ..., "item_count": N,
#     "items": [{"number": "1", "title": "...", "case": "EMN-2025-003383" or null,
#                "document_number": ..., "kle": ..., "closed": true, "page": 3}, ...]}, ...]
#
# Every key present is compared (titles without their white space differences);
# absent keys are not. A real file without an expectation file is a failure, so a new
# document cannot slip in unchecked. Usage: check_real.py REFERAT SOURCE_DIR SHARED_DIR
# Prints "skipped: no shared corpus" and exits 0 when SHARED_DIR/corpus/real is missing.
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from harness import Report  # noqa: E402

ITEM_KEYS = ("number", "title", "case", "document_number", "kle", "closed", "page", "section")
MEETING_KEYS = ("body", "type", "date", "time", "location")


def flat(s):
    return " ".join(s.split()) if isinstance(s, str) else s


def compare_meeting(want, got, tag):
    problems = []
    for key in MEETING_KEYS:
        if key in want and flat(got.get(key)) != flat(want[key]):
            problems.append(f"{tag} {key}: want {want[key]!r}, got {got.get(key)!r}")
    items = got.get("items") or []
    if "item_count" in want and len(items) != want["item_count"]:
        problems.append(f"{tag}: want {want['item_count']} items, got {len(items)}")
    if "items" in want:
        numbers = [i.get("number") for i in items]
        wanted = [i["number"] for i in want["items"]]
        if numbers != wanted:
            problems.append(f"{tag} item numbers: want {wanted}, got {numbers}")
        else:
            for w, g in zip(want["items"], items):
                for key in ITEM_KEYS:
                    if key in w and flat(g.get(key)) != flat(w[key]):
                        problems.append(f"{tag} item {w['number']} {key}: want {w[key]!r}, got {g.get(key)!r}")
    return problems


def check_file(exe, path, expected_path):
    if not os.path.exists(expected_path):
        raise AssertionError(f"no expectations: write {os.path.relpath(expected_path)} by hand")
    want = json.load(open(expected_path, encoding="utf-8"))
    run = subprocess.run([exe, "parse", "--format", "json", path], capture_output=True, text=True)
    if run.returncode != 0:
        raise AssertionError(f"exit {run.returncode}: {run.stderr.strip()[:300]}")
    got = json.loads(run.stdout)
    problems = []
    if len(got) != len(want):
        problems.append(f"want {len(want)} meeting(s), got {len(got)}: "
                        f"{[(m.get('body'), m.get('date')) for m in got]}")
    for k, (w, g) in enumerate(zip(want, got)):
        problems += compare_meeting(w, g, f"meeting {k + 1}")
    if problems:
        raise AssertionError(f"{len(problems)} difference(s): " + "; ".join(problems[:12]))


def main():
    if len(sys.argv) != 4:
        print("usage: check_real.py REFERAT SOURCE_DIR SHARED_DIR", file=sys.stderr)
        sys.exit(2)
    exe, source_dir, shared = sys.argv[1:]
    real = os.path.join(shared, "corpus", "real")
    if not shared or not os.path.isdir(real):
        print(f"skipped: no shared corpus at {real}")
        sys.exit(0)
    report = Report(detail_limit=2000)
    here = os.path.join(source_dir, "tests", "real")
    for name in sorted(os.listdir(real)):
        if name == "SOURCES.md":
            continue
        path = os.path.join(real, name)
        report.check(name, lambda: check_file(exe, path, os.path.join(here, name + ".expected.json")))
    report.finish()


if __name__ == "__main__":
    main()
