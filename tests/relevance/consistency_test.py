#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Analysis consistency: a word taken from the raw text of an agenda item, searched alone,
# must find that item.
#
#   python3 tests/relevance/consistency_test.py PATH/TO/referat REPO_ROOT [SHARED_DIR]
#           [--max-queries N]
#
# Documents: samples/*.md|*.txt, the two reference documents of SHARED_DIR/corpus when
# present, and a small fictional meeting written here with awkward forms (NFD letters,
# soft hyphens, a ligature, CRLF line ends, a word hyphenated across a blank line, "§ 8",
# "ØA24", "KL" beside "kl.", amounts, case numbers).
#
# `referat parse --format json` is used only for the items' ids, numbers, titles and
# sections. Each item's span is located in the raw file by its heading, and words are
# taken from that span by a splitter of this file (not referat's): runs of letters,
# digits, combining marks and soft hyphens, kept exactly as the raw bytes have them, so
# a query may hold an NFD letter or a U+00AD. Per item, up to 12 words of 3+ letters
# (random.Random(4)) plus every special form in it: words with an NFD letter, a soft hyphen
# or a ligature, "§ N", acronyms (KL, KKR, ØA24), "kl.", "N mio. kr.", case numbers
# (SAG-2024-00417, 24/05521), words joined over a line-break hyphen ("ramme-" + blank
# line + "løftet" -> "rammeløftet"); and all words of the generated document. These are
# always searched; other words are sampled down to MAX_QUERIES searches in all (each
# one process run).
# Case handlers ("**Sagsbehandler:** lsa", "SAG-2023-02073 jhp/chbn") are metadata and
# are searched in their field (sagsbehandler:lsa).
# Markup is not text: the item number before a title, "Sagsnr.:"/"Sagsbehandler:"
# labels, HTML tags, link targets and URLs, section headings between items.
#
# All documents are indexed once into a temporary index; each distinct word is searched
# once (`search --format json --limit 1000 --no-snippets --no-facets WORD`, a plain
# unquoted query) and every item it came from must be among the results.
# Prints one line per miss and "N words from M items: K found, F not found"; exit 1 on
# any miss (a search exiting non-zero is a miss too), 0 otherwise. Standard library only.
import concurrent.futures
import glob
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata

MAX_QUERIES = 600    # distinct query strings; special forms are always kept
WORDS_PER_ITEM = 12  # sampled ordinary words per item
SEED = 4

ARGS = sys.argv[1:]
if len(ARGS) >= 2 and ARGS[-2] == "--max-queries" and ARGS[-1].isdigit():
    MAX_QUERIES = int(ARGS[-1])
    ARGS = ARGS[:-2]
if len(ARGS) not in (2, 3):
    sys.stderr.write("usage: consistency_test.py PATH/TO/referat REPO_ROOT [SHARED_DIR] "
                     "[--max-queries N]\n")
    sys.exit(2)

BIN = os.path.abspath(ARGS[0])
ROOT = os.path.abspath(ARGS[1])
SHARED = os.path.abspath(ARGS[2]) if len(ARGS) == 3 and ARGS[2] else None
ENV = {k: v for k, v in os.environ.items() if k != "REFERAT_DB"}

# A fictional meeting in the layout of samples/havnekoebing-byraad-2024-10-31-referat.md.
# Item 4 gets CRLF line ends; the rest LF. Escapes keep the awkward bytes visible here.
TEST_DOC_HEAD = """# Sølvstrup Byråd

## Referat

**Dato:** Torsdag den 12. december 2024, kl. 16.00
**Sted:** Byrådssalen, Rådhuset, Kirkepladsen 2, 4997 Sølvstrup

### Til stede

- Vibeke Holm (A)
- Anders Toft (V)
- Lise Kragh (F)

### Fraværende

- Morten Skov (C)

"""

TEST_DOC_ITEMS = [
    """## Punkt 1: Godkendelse af dagsorden

### Beslutning

Dagsordenen blev godkendt. Mødet blev indledt kl. 16.00 med en orientering fra KL om \
økonomien i kommu\u00adnen.

""",
    """## Punkt 2: Budgetopfølgning og løn\u00adudvikling 2025

**Sagsnr.:** 24/09113
**Sagsbehandler:** mkr

### Sagsfremstilling

Efter ØA24 og aftalen med KL forventes en løn\u00adudvikling på 3,1 procent. \
Kommu\u00adnen har et mindreforbrug på 72 mio. kr., som foreslås overført. Inden for det \
udvidede ramme-

løftet til anlæg kan kommunen søge om lån efter § 8 i lånebekendtgørelsen.

### Økonomi

Den samlede ﬁnansiering af overførslerne sker af kassebeholdningen. Der er afsat \
4,5 mio. kr. til uforudsete udgifter, og ﬂere puljer er fuldt disponeret.

### Indstilling

Økonomiudvalget indstiller, at overførslerne på 72 mio. kr. godkendes.

### Beslutning

Godkendt.

""",
    """## Punkt 3: Nyt havnebad i Ha\u030arby

**Sagsnr.:** 24/10288
**Sagsbehandler:** lth, ovb

### Sagsfremstilling

Borgerforeningen i Ha\u030arby har fremsat en ide\u0301 om et havnebad ved den gamle \
færgeleje. Ra\u030adet for Ha\u030arby og omegn støtter ide\u0301en, og en \
forundersøgelse viser, at vandkvaliteten er god hele sommeren.

### Indstilling

Forvaltningen indstiller, at der udarbejdes et projektforslag med \
ﬁnansiering fra puljen til landsbyfornyelse.

### Beslutning

Godkendt.

""",
    """## Punkt 4: Samarbejdsaftale med Aarhus Kommune om beskæftigelse

**Sagsnr.:** 24/11502
**Sagsbehandler:** pjn

### Sagsfremstilling

Sagen blev drøftet i KKR Midtjylland under SAG-2024-00417. Aarhus Kommune tilbyder at \
åbne sine virksomhedsrettede tilbud for borgere fra Sølvstrup efter § 11, stk. 2 i \
loven om en aktiv beskæftigelsesindsats. Aftalen gælder fra den 1. marts 2025.

### Indstilling

Borgmesteren indstiller, at samarbejdsaftalen med Aarhus Kommune godkendes.

### Beslutning

Godkendt. Vibeke Holm (A) deltog ikke i behandlingen.

""",
    """## Punkt 5: Eventuelt

### Beslutning

Intet. Mødet blev hævet kl. 18.15.
""",
]


def test_document():
    items = list(TEST_DOC_ITEMS)
    items[3] = items[3].replace("\n", "\r\n")
    return TEST_DOC_HEAD + "".join(items)


# --- running referat ---------------------------------------------------------------

def run(*args, timeout=60):
    p = subprocess.run([BIN, *args], capture_output=True, env=ENV, stdin=subprocess.DEVNULL,
                       timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


# --- normalising lines for locating headings (not for the words) --------------------

TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*\s*/?>")
LINK_TARGET = re.compile(r"\]\([^)\s]*\)")
URL = re.compile(r"<?\bhttps?://[^\s>)]*>?")
LABEL = re.compile(r"\b(?:Sagsnr\.|Sagsbehandler)\s*:")
HANDLER_LINE = re.compile(r"Sagsbehandler\s*:\**[ \t]*([^\n]+)")
CASE_HANDLERS = re.compile(r"(?<=\d) ([a-zæøå]{2,5}(?: ?/ ?[a-zæøå]{2,5})*)[ \t]*$", re.M)


def strip_markup(line):
    """Removes markup that is not text; keeps everything else byte for byte."""
    line = URL.sub(" ", line)
    line = LINK_TARGET.sub("] ", line)
    line = TAG.sub(" ", line)
    line = LABEL.sub(" ", line)
    return line


def norm(text):
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    text = strip_markup(text)
    text = re.sub(r"^\s*#+\s*", "", text)
    text = text.replace("**", "").replace("__", "")
    return " ".join(text.split())


HEADING = re.compile(r"^(?:Punkt\s+)?(\d+(?:\.\d+)*)\.?:?\s+(.*)$")


def locate_items(raw, meetings):
    """Returns [(item, start, title_start, end)] with character offsets into raw:
    the heading line starts at start, the title (after the number) at title_start."""
    lines = raw.splitlines(keepends=True)
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line)
    offsets.append(pos)
    normed = [norm(line) for line in lines]

    found = []  # (item, line index)
    problems = []
    cursor = 0
    for meeting in meetings:
        for item in meeting["items"]:
            number = item["number"].split("~")[0]
            title = norm(item["title"])
            hit = None
            for i in range(cursor, len(lines)):
                m = HEADING.match(normed[i])
                if not m or m.group(1) != number:
                    continue
                rest = m.group(2)
                if rest == title or (len(rest) >= 8 and title.startswith(rest)):
                    hit = i
                    break
            if hit is None:
                problems.append(f"cannot find the heading of item {item['id']} "
                                f"({number} {item['title']!r}) in the raw text")
                continue
            found.append((item, hit))
            cursor = hit + 1

    spans = []
    for k, (item, i) in enumerate(found):
        end_line = found[k + 1][1] if k + 1 < len(found) else len(lines)
        # A section heading just before the next item belongs to that item's section.
        if k + 1 < len(found):
            nxt = found[k + 1][0]
            section = nxt.get("section")
            if section and section != item.get("section"):
                pat = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s+)?" + re.escape(norm(section)) + r"$")
                for j in range(end_line - 1, i, -1):
                    if pat.match(normed[j]):
                        end_line = j
                        break
        line = lines[i]
        # The title starts after the item number in the raw heading line.
        m = re.match(r"^[\s#*]*(?:<b>\s*)?(?:Punkt\s+)?\d+(?:\.\d+)*\.?:?[ \t]*", line)
        title_start = offsets[i] + (m.end() if m else 0)
        spans.append((item, offsets[i], title_start, offsets[end_line]))
    return spans, problems


# --- the splitter ------------------------------------------------------------------

SHY = "\u00ad"


def is_word_char(c):
    if c == SHY:
        return True
    cat = unicodedata.category(c)
    return cat[0] in "LNM"


def split_words(text):
    """Runs of letters, digits, combining marks and soft hyphens, as in the text."""
    words, cur = [], []
    for c in text:
        if is_word_char(c):
            cur.append(c)
        elif cur:
            words.append("".join(cur))
            cur = []
    if cur:
        words.append("".join(cur))
    out = []
    for w in words:
        w = w.strip(SHY)
        while w and unicodedata.category(w[0])[0] == "M":
            w = w[1:]
        if w:
            out.append(w)
    return out


def letters(w):
    return sum(1 for c in w if unicodedata.category(c)[0] == "L")


CASE = re.compile(r"\bSAG-\d{4}-\d+\b|(?<![\d/.,])\d{2}/\d{4,6}(?![\d/])")
PARAGRAPH = re.compile(r"§\s*\d+[a-z]?\b")
AMOUNT = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)*\s+(?:mio|mia)\.\s+kr\.")
KL = re.compile(r"(?<![\w.])kl\.")
# A hyphen ending a line between two lower-case letters, blank lines allowed: a word split
# for layout ("ramme-" / "løftet"); "KKR-" or "2023-" before a line end are real hyphens.
LINE_HYPHEN = re.compile(r"-[ \t]*\r?\n(?:[ \t]*\r?\n)*[ \t]*")
OPERATORS = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"}


def is_acronym(w):
    caps = sum(1 for c in w if c.isupper())
    return (caps >= 2 and not any(c.islower() for c in w) and len(w) <= 6
            and all(c.isupper() or c.isdigit() for c in w))


def is_awkward(w):
    """Decomposed letters, soft hyphens, ligatures: always searched."""
    return unicodedata.normalize("NFKC", w) != w or SHY in w


def words_of_span(text):
    """Returns (ordinary words, special forms) of an item's raw text."""
    special = set()
    # Words split across a line break: the joined word is the word of the text.
    def join(m):
        before = text[m.start() - 1] if m.start() > 0 else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if before.islower() and after.islower():
            return "\0JOIN\0"
        return m.group(0)
    text = LINE_HYPHEN.sub(join, text)
    for m in re.finditer(r"(\S*)\0JOIN\0(\S*)", text):
        joined = split_words(m.group(1))[-1:] + split_words(m.group(2))[:1]
        if len(joined) == 2:
            special.add(joined[0] + joined[1])
    text = text.replace("\0JOIN\0", "")

    # Case handlers are metadata, searched in their field: "**Sagsbehandler:** lsa, jpe"
    # and the initials after a case number ("SAG-2023-02073 jhp/chbn").
    for m in HANDLER_LINE.finditer(text):
        for h in re.split(r"[,/]", m.group(1)):
            if h.strip():
                special.add("sagsbehandler:" + h.strip())
        text = text[:m.start(1)] + " " * (m.end(1) - m.start(1)) + text[m.end(1):]
    for m in CASE_HANDLERS.finditer(text):
        for h in m.group(1).split("/"):
            special.add("sagsbehandler:" + h.strip())
        text = text[:m.start(1)] + " " * (m.end(1) - m.start(1)) + text[m.end(1):]

    lines = [strip_markup(line) for line in text.splitlines()]
    text = "\n".join(lines)
    for pat in (CASE, PARAGRAPH, AMOUNT, KL):
        for m in pat.finditer(text):
            special.add(" ".join(m.group(0).split()))
    # Case numbers are one form: their pieces ("SAG", "2024") are not words of their own.
    text = CASE.sub(" ", text)

    ordinary = set()
    for w in split_words(text):
        if is_acronym(w):
            special.add(w)
        elif letters(w) >= 3 and all(c == SHY or unicodedata.category(c)[0] in "LM" for c in w):
            (special if is_awkward(w) else ordinary).add(w)
    return ordinary, special


def usable(word):
    """Words the plain query language would read as syntax are skipped."""
    if word.startswith("sagsbehandler:"):
        return True
    if any(c in word for c in '"()*'):
        return False
    if word[0] in "-+" or re.match(r"^\w+:", word):
        return False
    if word in OPERATORS:
        return False
    return True


# --- main --------------------------------------------------------------------------

def main():
    started = time.monotonic()
    work = tempfile.mkdtemp(prefix="referat-consistency-")
    try:
        return check(work, started)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def check(work, started):
    docs = sorted(f for f in glob.glob(os.path.join(ROOT, "samples", "*"))
                  if f.endswith((".md", ".txt")))
    shared_docs = ["kkr-midtjylland-2023-06-21-referat.md",
                   "kkr-midtjylland-2024-06-18-dagsorden.txt"]
    for name in shared_docs:
        path = os.path.join(SHARED, "corpus", name) if SHARED else None
        if path and os.path.isfile(path):
            docs.append(path)
        else:
            print(f"note: {name} not found (shared dir {SHARED or 'not given'}); skipped")
    test_doc = os.path.join(work, "soelvstrup-byraad-2024-12-12-referat.md")
    with open(test_doc, "w", encoding="utf-8", newline="") as f:
        f.write(test_document())
    docs.append(test_doc)

    rng = random.Random(SEED)
    problems = []
    forced = {}    # query -> set of item ids (special forms, test document words)
    ordinary = {}  # query -> set of item ids
    item_count = 0
    for doc in docs:
        rc, out, err = run("parse", "--format", "json", doc)
        if rc != 0:
            problems.append(f"`referat parse {doc}` exited {rc}: {err.strip()}")
            continue
        meetings = json.loads(out)
        with open(doc, "rb") as f:
            raw = f.read().decode("utf-8", "replace")
        if raw.startswith("\ufeff"):
            raw = raw[1:]
        spans, located = locate_items(raw, meetings)
        problems += [f"{os.path.basename(doc)}: {p}" for p in located]
        for item, _start, title_start, end in spans:
            item_count += 1
            # A closed item ("Lukket punkt: …") is searchable by its title only.
            words, special = words_of_span(item["title"] if item.get("closed") else raw[title_start:end])
            words = sorted(w for w in words if usable(w))
            special = sorted(w for w in special if usable(w))
            # The generated document is small and made for this test: all its words.
            picked = (words if doc == test_doc
                      else rng.sample(words, min(WORDS_PER_ITEM, len(words))))
            for w in special:
                forced.setdefault(w, set()).add(item["id"])
            for w in picked:
                (forced if doc == test_doc else ordinary).setdefault(w, set()).add(item["id"])

    # Cap the number of searches: every special form, then a sample of ordinary words.
    budget = max(0, MAX_QUERIES - len(forced))
    pool = sorted(w for w in ordinary if w not in forced)
    kept = set(rng.sample(pool, min(budget, len(pool))))
    queries = dict(forced)
    for w in kept:
        queries.setdefault(w, set()).update(ordinary[w])

    db = os.path.join(work, "db")
    rc, out, err = run("--db", db, "index", "--quiet", *docs, timeout=300)
    if rc != 0:
        print(f"FAIL - `referat index` exited {rc}: {err.strip()}")
        return 1

    def search(word):
        # Every version is its own result: a word of an agenda item must find that item,
        # not only the minutes it is folded into by default.
        return word, run("--db", db, "search", "--format", "json", "--limit", "1000",
                         "--no-snippets", "--no-facets", "--all-versions", word)

    workers = max(2, min(8, (os.cpu_count() or 2) + 1))
    failures, checked, found = [], 0, 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool_:
        results = list(pool_.map(search, sorted(queries)))
    for word, (rc, out, err) in results:
        expected = sorted(queries[word])
        checked += len(expected)
        if rc != 0:
            for item_id in expected:
                failures.append(f"FAIL {word} {ascii(word)}: expected {item_id}; "
                                f"referat exited {rc}: {' '.join(err.split())[:300]}")
            continue
        ids = [r["id"] for r in json.loads(out)["results"]]
        first = ids[0] if ids else "no results"
        for item_id in expected:
            if item_id in ids:
                found += 1
            else:
                failures.append(f"FAIL {word} {ascii(word)}: expected {item_id}; "
                                f"first: {first} ({len(ids)} results)")

    for line in problems:
        print(f"FAIL - {line}")
    for line in failures:
        print(line)
    awkward = sorted(w for w in queries if is_awkward(w))
    print(f"{len(forced)} searches always kept (special forms, the generated document's "
          f"words); {len(awkward)} with NFD letters, soft hyphens or ligatures: "
          f"{' '.join(ascii(w) for w in awkward)}")
    print(f"{checked} words from {item_count} items: {found} found, "
          f"{checked - found} not found ({len(queries)} searches, "
          f"{time.monotonic() - started:.1f} s)")
    return 1 if failures or problems else 0


if __name__ == "__main__":
    sys.exit(main())
