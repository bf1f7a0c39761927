#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Deterministic corpus of fictional Danish council meetings for referat benchmarks.

    python3 benchmarks/gen_corpus.py --items N --out DIR [--seed 1] [--wordlist /usr/share/dict/danish]

Writes meeting documents (Markdown like samples/havnekoebing-byraad-*.md and plain text
like samples/havnekoebing-tmu-*.txt) into DIR/<body-slug>/<year>/ and DIR/manifest.json.
The same arguments (and the same word list) give byte-identical output. Every
municipality, person, case and amount is invented; the prose is drawn word by word from
a Zipf distribution over the word list, so its statistics are realistic, its sense is not.
See benchmarks/README.md.
"""

import argparse
import bisect
import datetime
import itertools
import json
import math
import os
import random
import re
import sys
import time

GENERATOR_VERSION = 1

FIRST_YEAR, LAST_YEAR = 2010, 2024  # 15 years of meetings
TXT_SHARE = 0.30                    # share of bodies whose documents are plain text
ZIPF_S = 1.0

# ---------------------------------------------------------------------------
# Fixed vocabularies (hand-written; Danish function words in rough frequency order)

FUNCTION_WORDS = """og i at det er en til på af de som for med der den ikke har et om kan
ved var skal fra vil blive også så efter eller men have være blev bliver sig hvor når
være kommunen deres dette disse sin sine hvis ud op nu kun mere mange flere andre anden
samt inden mellem under over mod uden hele nye ny alle alt meget både end dog derfor
herunder blandt samme selv hvordan hvilke hvilket før siden igen fortsat vores den
dem hvad jf ca bl.a. heraf hertil således fordi mens hos ind frem sammen løbet
første anden tredje årlige årligt samlede samlet""".split()

DOMAIN_WORDS = """budget budgettet budgetaftalen budgetforslaget anlægsbevilling anlægsbevillingen
anlægsbevillinger tillægsbevilling tillægsbevillingen rådighedsbeløb rådighedsbeløbet
driftsbudget driftsbudgettet servicerammen anlægsrammen kassebeholdningen likviditeten
lokalplan lokalplanen lokalplanforslaget kommuneplan kommuneplanen kommuneplantillæg
skybrudssikring skybrudssikringen klimatilpasning klimatilpasningen spildevandsplanen
velfærdsteknologi velfærdsteknologiske hjemmeplejen plejecentre plejecentrene ældreplejen
sundhedsaftalen genoptræning rehabilitering visitationen serviceloven styrelsesloven
folkeskoleloven planloven vejloven naturbeskyttelsesloven miljøbeskyttelsesloven
dagtilbud dagtilbuddene daginstitutioner folkeskolen skolestrukturen elevtal elevtallet
kvalitetsrapporten specialundervisning inklusion ungdomsuddannelse ungdommens
jobcentret beskæftigelsesindsatsen kontanthjælp ledighed integrationsrådet ældrerådet
handicaprådet udsatterådet borgerservice borgerne borgerinddragelse høringssvar
høringsperioden høringen offentlig forvaltningen administrationen direktionen
kommunaldirektøren borgmesteren byrådet kommunalbestyrelsen økonomiudvalget udvalget
udvalgets fagudvalgene indstiller indstillingen anbefales godkendes godkendt
orienteringen efterretning sagsfremstillingen beslutningen dagsordenen referatet
takster taksterne affaldsordningen genanvendelse affaldssortering forsyningen
vandforsyning spildevand kloakering cykelsti cykelstien trafiksikkerhed vejnettet
kollektiv busruter letbanen fjernvarme varmeplanlægning solceller vindmøller
energirenovering bygningsdrift vedligeholdelse renovering licitationen udbuddet
entreprenøren rådgiveren projektering byggeriet byggemodning erhvervsgrunde
boligområdet almene boligselskabet helhedsplan landsbyggefonden boligsociale
idrætsfaciliteter kulturhuset biblioteket foreningerne folkeoplysning tilskud
tilskudsordningen puljen puljemidler medfinansiering finansieringen finansieres
merudgiften mindreudgifter besparelse besparelser effektivisering økonomiaftalen
bloktilskuddet udligningen skatteprocenten grundskyld dækningsafgift låneramme
lånoptagelse deponering personalepolitik arbejdsmiljø sygefravær rekruttering
medarbejdere ledelse digitalisering cybersikkerhed databeskyttelse persondata
tilsyn tilsynet påbud dispensation ekspropriation miljøvurdering miljøscreening
naturområder grundvandet drikkevand vandløb regnvandsbassiner oversvømmelse
kystbeskyttelse havnen erhvervsudvikling turisme bosætning landdistrikterne
landsbyerne lokalrådene nærdemokrati frivillige civilsamfundet partnerskab
samarbejdsaftale rammeaftale kontrakten leverandøren evaluering evalueringen
handleplan strategien politikken målsætningen indsatsen indsatser prognosen
befolkningsprognosen kapacitet kapaciteten ventelister pladser botilbud
anbringelser forebyggelse sundhedsfremme psykiatrien misbrug hjemløse""".split()

# Words that must not open a paragraph: "Beslutning i …", "Indstilling til …" would be
# read as part headings by referat when the paragraph is short.
NO_SENTENCE_START = {"beslutning", "beslutninger", "indstilling", "indstillinger", "sagen",
                     "baggrund", "bilag", "høring", "økonomi", "resumé", "resume", "vurdering",
                     "kommunikation", "lovgrundlag", "retsgrundlag", "afgørelse", "punkt", "pkt",
                     "jf", "ca", "bl.a."}

FIRST_NAMES = """Anne Mette Hanne Susanne Karen Birgitte Pia Signe Lone Helle Marianne Dorte Tina
Camilla Louise Maria Kirsten Inge Lene Bente Jette Gitte Trine Sanne Rikke Charlotte Line Maja
Ida Sofie Emma Julie Nanna Malene Tove Ulla Vibeke Winnie Henriette Lars Jens Peter Søren Niels
Michael Henrik Thomas Jørgen Hans Kasper Rasmus Nikolaj Mads Ole Martin Anders Christian Jan
Per Erik Poul Morten Jesper Torben Bo Kim Claus Steen Flemming Kristian Jakob Mikkel Frederik
Simon Jonas Emil Anton Troels Brian Carsten Bjarne Knud Svend Preben Allan Dennis Jakob Ahmed
Ali Hassan Fatima Leila Sara Yasmin Karl Viggo Esben""".split()

MIDDLE_NAMES = """Marie Margrethe Louise Kristine Juul Krogh Bech Friis Dahl Skov Holm Lund Ravn
Vinther Brandt Bach Kjær Toft Kirk Bro""".split()

PATRONYMS = """Jensen Nielsen Hansen Pedersen Andersen Christensen Larsen Sørensen Rasmussen
Jørgensen Petersen Madsen Kristensen Olsen Thomsen Christiansen Poulsen Johansen Møller
Mortensen Knudsen Jakobsen Mikkelsen Frederiksen Henriksen Laursen Lauridsen Eriksen
Svendsen Clausen Mathiasen Thygesen Iversen Kjeldsen""".split()
SURNAME_STEMS = """Kjær Møl Øster Vester Nør Sønder Bech Lund Skov Dal Holm Bro Krog Thy Vin Ravn
Aa Lyng Sand Hede Eng Bjerg Kirke Mose Strand Ege Birke Lin Ask Hjort Stor Lille Ny Gammel
Fugl Bæk Kilde Fjord Høj""".split()
SURNAME_ENDS = """gaard strup holm lund bæk dal sted borg høj skov by toft rup bjerg mark vig
kær""".split()

PARTIES = ["A", "A", "A", "V", "V", "V", "C", "C", "F", "F", "Ø", "Ø", "O", "B", "I", "Å", "D",
           "K", "M", "Æ"]

TOWN_PREFIXES = """Havne Skov Lyng Mølle Bro Sand Fjord Eng Høj Kilde Strand Vester Øster Nør
Sønder Bøge Ege Hede Mose Kirke Ravne Ulve Lille Stor Ny Bakke Dal Hav Sø Birke Ask Rosen
Linde Klint Vinde Hjorte Æble Kløver Marsk""".split()
TOWN_SUFFIXES = """købing by rup sted holm lev bjerg borg lund løse bæk havn vig torp ager
høj strup""".split()
REGIONS = ["Hovedstaden", "Sjælland", "Syddanmark", "Midtjylland", "Nordjylland"]
POSTCODES = {"Hovedstaden": 2600, "Sjælland": 4100, "Syddanmark": 5200, "Midtjylland": 8200,
             "Nordjylland": 9200}

# Bodies: key, name, Markdown/text heading style, weekday (0 = Monday), start hour,
# meetings a year at scale 1, the topic domain, the room.
COMMITTEES = [
    ("oekonomi", "Økonomiudvalget", 1, "15.00", 11.5, "oekonomi", "Mødelokale 1"),
    ("tmu", "Teknik- og Miljøudvalget", 2, "08.30", 10.5, "teknik", "Mødelokale 3"),
    ("buu", "Børne- og Ungeudvalget", 0, "16.00", 10.0, "boern", "Mødelokale 2"),
    ("ssu", "Social- og Sundhedsudvalget", 2, "14.00", 10.0, "social", "Mødelokale 2"),
    ("kfu", "Kultur- og Fritidsudvalget", 3, "16.30", 9.0, "kultur", "Mødelokale 4"),
]
COUNCIL_RATE = 10.5
KKR_RATE = 5.5

MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
          "oktober", "november", "december"]
WEEKDAYS = ["Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag", "Lørdag", "Søndag"]

STREETS = """Ringvejen Strandvejen Møllebakken Engvej Skolegade Fiskergade Havnegade Kirkevej
Stationsvej Skovvej Bakkedraget Lyngvej Søndergade Nørregade Vestergade Østergade Markvej
Industrivej Kystvejen Åboulevarden Tingvej Præstevej Hedevej Elmealle Bøgevej""".split()

TOPICS = {
    "oekonomi": ["budgetopfølgning pr. 31. marts", "budgetopfølgning pr. 30. juni",
                 "regnskab og årsberetning", "låneoptagelse og deponering",
                 "kommunens indkøbspolitik", "digitaliseringsstrategi", "personalepolitik",
                 "sygefravær i administrationen", "cybersikkerhed og informationssikkerhed",
                 "salg af kommunale ejendomme", "økonomiaftalen og servicerammen",
                 "bosætningsstrategi", "erhvervsudvikling og turisme", "grundskyld og dækningsafgift"],
    "teknik": ["skybrudssikring", "klimatilpasning", "affaldssortering", "takster for vand og spildevand",
               "vintertjeneste", "trafiksikkerhedsplan", "cykelsti", "kollektiv trafik og busruter",
               "varmeplanlægning og fjernvarme", "vejbelysning", "kystbeskyttelse",
               "spildevandsplan", "naturpleje og grønne områder", "miljøgodkendelse",
               "vandløbsregulativ", "energirenovering af kommunale bygninger"],
    "boern": ["skolestruktur", "kvalitetsrapport for folkeskolen", "dagtilbudsstruktur",
              "kapacitet i dagtilbud", "specialundervisning og inklusion", "skolefritidsordning",
              "ungdomsskolen", "elevtalsprognose", "madordning i daginstitutioner",
              "børne- og ungepolitik", "forebyggelse og tidlig indsats", "PPR og skolepsykologer",
              "trivselsmåling", "skolebestyrelsesvalg"],
    "social": ["velfærdsteknologi i hjemmeplejen", "kvalitetsstandarder for hjemmehjælp",
               "plejeboliger og ventelister", "rehabilitering og genoptræning", "sundhedsaftalen",
               "botilbud og pladser i botilbud", "misbrugsbehandling", "hjemløsestrategi",
               "demensstrategi", "tilsyn på plejecentre", "psykiatri og socialpsykiatri",
               "frivillighedspolitik", "ældrepolitik", "handicappolitik"],
    "kultur": ["tilskud til foreninger", "folkeoplysningspolitik", "idrætsfaciliteter og haltider",
               "bibliotekets åbningstider", "kulturhuset", "musikskolen", "kunstpulje",
               "lokalhistorisk arkiv", "friluftsliv og stier", "svømmehallen", "byfest og arrangementer",
               "fritidspas", "spejdernes lejrplads", "kulturaftale"],
    "kkr": ["Økonomiaftalen og kommunernes budgetlægning", "Landstallet for flygtninge",
            "Praksisplan for almen praksis", "Erhvervsfremmestrategi", "Uddannelsesdækning",
            "Rammeaftale for det specialiserede socialområde", "Sundhedsklynger og sundhedsaftalen",
            "Kollektiv trafik i regionen", "Det nære sundhedsvæsen", "Beskæftigelsesindsatsen",
            "Grøn omstilling og energi", "Udpegninger til regionale råd og nævn",
            "Digitalisering og cybersikkerhed", "Velfærdsteknologi i kommunerne"],
}

TITLE_FORMS = [
    "{T} – status", "{T} – orientering", "{T} – godkendelse", "{T} – høring",
    "{T} – evaluering", "{T} – forslag til ændringer", "{T} – anlægsbevilling",
    "{T} – frigivelse af rådighedsbeløb", "{T} – endelig vedtagelse", "{T} {Y}",
    "Anlægsbevilling til {t}", "Orientering om {t}", "Evaluering af {t}", "Høringssvar om {t}",
    "Temadrøftelse om {t}", "{T} ved {S}", "Tillægsbevilling til {t}",
]
EXTRA_TITLES = {
    "oekonomi": ["Budget {Y1}-{Y4} – 1. behandling", "Budget {Y1}-{Y4} – 2. behandling",
                 "Budgetforudsætninger for budget {Y1}-{Y4}", "Regnskab {Y0}"],
    "teknik": ["Lokalplan nr. {N} – Boligområde ved {S}, forslag",
               "Lokalplan nr. {N} – Erhvervsområde ved {S}, endelig vedtagelse",
               "Kommuneplantillæg nr. {n} – {S}"],
}

STANDARD_DECISIONS = ["Godkendt.", "Godkendt.", "Godkendt.", "Anbefales.", "Anbefales.",
                      "Taget til efterretning.", "Taget til efterretning.", "Udsat.",
                      "Indstillingen blev godkendt.", "Sagen blev drøftet.",
                      "Godkendt med de bemærkninger, der fremkom på mødet."]

LAWS = ["styrelsesloven", "serviceloven", "planloven", "folkeskoleloven", "vejloven",
        "miljøbeskyttelsesloven", "dagtilbudsloven", "sundhedsloven", "forvaltningsloven",
        "budget- og regnskabssystemet", "lov om kommunal ejendomsskat"]
ACRONYMS = ["KL", "KKR", "KL", "DUT", "SSP", "PPR", "BBR", "MED-udvalget", "FN", "EU", "SKAT",
            "ATP", "OPP", "KTO", "FGU", "STU", "VVM", "CO2"]

# ---------------------------------------------------------------------------


def slug(name):
    s = name.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def load_vocabulary(path, rng):
    """Words and cum_weights for a Zipf distribution: function words first, then the word
    list ranked by a seeded shuffle biased towards short words, council words spread
    over the upper ranks."""
    try:
        with open(path, encoding="utf-8") as f:
            raw = f.read().split("\n")
    except OSError as e:
        sys.exit(f"gen_corpus: cannot read word list {path}: {e.strerror}")
    word_re = re.compile(r"[a-zæøåé]{3,18}\Z")
    fixed = set(FUNCTION_WORDS) | set(DOMAIN_WORDS)
    words = sorted({w for w in raw if word_re.match(w)} - fixed)
    if len(words) < 1000:
        sys.exit(f"gen_corpus: {path} has only {len(words)} usable words")
    # Frequent words are short: the rank key is the length plus noise.
    keyed = sorted((len(w) + rng.gauss(0.0, 2.0), w) for w in words)
    ranked = [w for _, w in keyed]
    domain = list(dict.fromkeys(DOMAIN_WORDS))
    rng.shuffle(domain)
    function = list(dict.fromkeys(FUNCTION_WORDS))
    vocab = function[:]
    # Council words take ranks from len(function) up to ~3000, interleaved.
    di = 0
    for i, w in enumerate(ranked):
        while di < len(domain) and len(vocab) >= len(function) + 10 * di ** 1.1:
            vocab.append(domain[di])
            di += 1
        vocab.append(w)
    vocab.extend(domain[di:])
    cum = list(itertools.accumulate(1.0 / (r ** ZIPF_S) for r in range(1, len(vocab) + 1)))
    return vocab, cum, len(function)


class Names:
    def __init__(self, rng):
        self.rng = rng
        surnames = PATRONYMS * 3 + [a + b.lower() if a[-1] != b[0] else a + b[1:]
                                    for a in SURNAME_STEMS for b in SURNAME_ENDS]
        self.surnames = sorted(set(surnames))
        self.used = set()

    def person(self):
        rng = self.rng
        while True:
            first = rng.choice(FIRST_NAMES)
            r = rng.random()
            if r < 0.15:
                name = f"{first} {rng.choice(MIDDLE_NAMES)} {rng.choice(self.surnames)}"
            elif r < 0.22:
                name = f"{first} {rng.choice(self.surnames)}-{rng.choice(PATRONYMS)}"
            elif r < 0.26:
                name = f"{first} {rng.choice('ABCDEFGHIJKLMNOPRSTUV')}. {rng.choice(self.surnames)}"
            else:
                name = f"{first} {rng.choice(self.surnames)}"
            if name not in self.used:
                self.used.add(name)
                return name


def fmt_amount(rng):
    r = rng.random()
    if r < 0.55:
        return f"{rng.randint(0, 95)},{rng.randint(0, 9)} mio. kr."
    if r < 0.8:
        return f"{rng.randint(1, 400)} mio. kr."
    return f"{rng.randint(1, 999)}.{rng.randint(0, 999):03d} kr."


def fmt_date_long(rng, year):
    y = year + rng.choice((-2, -1, -1, 0, 0, 0, 0, 1))
    return f"{rng.randint(1, 28)}. {rng.choice(MONTHS)} {y}"


class Sampler:
    """Draws words with the given cumulative weights, like random.choices, but faster: a
    table of 2^21 slots holds each word floor(p * 2^21) times and one uniform number picks
    a slot; the rest of the probability mass (the tail and the fractions) is drawn by
    bisection. Exact up to floating point, about ten times faster than random.choices
    with 300,000 cumulative weights."""

    SLOTS = 1 << 21

    def __init__(self, words, cum):
        total = cum[-1]
        M = self.SLOTS
        table = []
        rest_words, rest_cum = [], []
        acc = 0.0
        prev = 0.0
        for w, c in zip(words, cum):
            p = (c - prev) / total
            prev = c
            n = int(p * M)
            if n:
                table.extend([w] * n)
            r = p - n / M
            if r > 0:
                acc += r
                rest_words.append(w)
                rest_cum.append(acc)
        self.table = table
        self.limit = len(table) / M
        self.rest_words = rest_words
        self.rest_cum = rest_cum
        self.rest_total = acc

    def draw(self, rng, k):
        table, M, limit = self.table, self.SLOTS, self.limit
        rw, rc, scale = self.rest_words, self.rest_cum, self.rest_total / (1.0 - limit)
        bis = bisect.bisect
        n = len(rw) - 1
        rand = rng.random
        return [table[int(u * M)] if u < limit else rw[min(n, bis(rc, (u - limit) * scale))]
                for u in [rand() for _ in range(k)]]


class Prose:
    """Sentences and paragraphs from the Zipf vocabulary."""

    def __init__(self, rng, vocab, cum, n_function):
        self.rng = rng
        self.vocab = vocab
        self.cum = cum
        # Content words only (no function words), for compounds
        base = cum[n_function - 1]
        self.words = Sampler(vocab, cum)
        self.content = Sampler(vocab[n_function:], [c - base for c in cum[n_function:]])
        self.total = cum[-1]
        self.year = 2020
        self.muni = "Havnekøbing"
        self.case_pool = None

    def special(self):
        rng = self.rng
        r = rng.random()
        y = self.year
        if r < 0.22:
            return fmt_amount(rng)
        if r < 0.36:
            return fmt_date_long(rng, y)
        if r < 0.48:
            if rng.random() < 0.6:
                return f"jf. § {rng.randint(1, 120)}, stk. {rng.randint(1, 6)} i {rng.choice(LAWS)}"
            return f"§ {rng.randint(1, 120)} i {rng.choice(LAWS)}"
        if r < 0.60:
            a = rng.choice(ACRONYMS)
            return a if rng.random() < 0.8 else f"ØA{(y + 1) % 100:02d}"
        if r < 0.70:
            return f"{rng.randint(2, 95)} procent"
        if r < 0.78:
            return f"{rng.choice(('budget', 'budgettet for', 'regnskab'))} {y + rng.randint(-1, 1)}"
        if r < 0.84:
            return f"{rng.randint(2, 9)}.{rng.randint(0, 999):03d} {rng.choice(('borgere', 'elever', 'timer', 'tons', 'kvadratmeter'))}"
        if r < 0.88:
            return f"kl. {rng.randint(8, 20)}.{rng.choice(('00', '00', '30', '15'))}"
        if r < 0.95:
            return rng.choice((f"{self.muni} Kommune", "Byrådet", "Økonomiudvalget", "Folketinget",
                               f"{rng.choice(STREETS)}", "Kommunernes Landsforening", "Regionen",
                               f"{self.muni} Forsyning A/S", "Landsbyggefonden"))
        if self.case_pool:
            return f"sag {rng.choice(self.case_pool)}"
        return str(y)

    def sentences(self, nchars):
        """Sentences (list of str) of about nchars characters in all."""
        rng = self.rng
        n = max(6, int(nchars / 6.6))
        words = self.words.draw(rng, n)
        out = []
        i = 0
        rand = rng.random
        while i < n:
            length = 4 + int(rng.lognormvariate(2.35, 0.45))
            if length > 40:
                length = 40
            seg = words[i:i + length]
            i += length
            if len(seg) < 3:
                break
            w = seg[0]
            if w in NO_SENTENCE_START or len(w) < 2:
                w = "det" if rand() < 0.5 else "kommunen"
            seg[0] = w[0].upper() + w[1:]
            ln = len(seg)
            if ln > 7:
                c = rng.randrange(3, ln - 2)
                seg[c] = seg[c] + ","
                if ln > 18 and rand() < 0.6:
                    c2 = rng.randrange(3, ln - 2)
                    if not seg[c2].endswith(","):
                        seg[c2] = seg[c2] + ","
            if rand() < 0.2:
                # A compound the word list does not have: Danish text is full of them.
                a, b = self.content.draw(rng, 2)
                k = rng.randrange(1, ln)
                if not seg[k].endswith(","):
                    seg[k] = a + ("s" if rand() < 0.3 and a[-1] not in "se" else "") + b
            if rand() < 0.3:
                k = rng.randrange(1, ln)
                if seg[k - 1].endswith(","):
                    seg[k - 1] = seg[k - 1][:-1]
                seg[k] = self.special() + ("," if seg[k].endswith(",") else "")
            if seg[-1].endswith(","):
                seg[-1] = seg[-1][:-1]
            out.append(" ".join(seg) + ".")
        return out

    def paragraphs(self, nchars):
        """Paragraphs (list of str) of about nchars characters in all."""
        sents = self.sentences(nchars)
        rng = self.rng
        paras = []
        i = 0
        while i < len(sents):
            k = rng.randint(2, 6)
            paras.append(" ".join(sents[i:i + k]))
            i += k
        return paras

    def phrase(self, lo, hi):
        """A lower-case run of words without punctuation (for at-clauses, attachment titles)."""
        n = self.rng.randint(lo, hi)
        return " ".join(self.words.draw(self.rng, n))


# ---------------------------------------------------------------------------
# The world: municipalities, bodies, people, cases


class Municipality:
    def __init__(self, name, region, rng, names, case_format):
        self.name = name
        self.region = region
        self.council = rng.choice(("Byråd", "Byråd", "Kommunalbestyrelse"))
        self.case_format = case_format
        self.serial = {}
        self.open_cases = []  # [case number, topic title, domain]
        self.postcode = POSTCODES[region] + rng.randint(0, 790)
        self.street = f"{rng.choice(('Torvet', 'Rådhuspladsen', 'Rådhusvej', 'Torvegade'))} {rng.randint(1, 20)}"
        self.size = rng.choice((19, 21, 25, 27, 29, 31))
        self.rng = random.Random(rng.random())
        self.names = names
        self.terms = {}

    def members(self, year):
        """The council of the election term that holds `year` (terms start 2010, 2014, …);
        terms are made in order, so the result does not depend on which body asks first."""
        term = FIRST_YEAR + ((year - FIRST_YEAR) // 4) * 4
        for t in range(FIRST_YEAR, term + 1, 4):
            if t not in self.terms:
                rng = self.rng
                members = [p for p in self.terms.get(t - 4, []) if rng.random() < 0.6]
                while len(members) < self.size:
                    members.append((self.names.person(), rng.choice(PARTIES)))
                self.terms[t] = members
        return self.terms[term]

    def new_case(self, year):
        n = self.serial.get(year, 0) + self.rng.randint(3, 60)
        self.serial[year] = n
        f = self.case_format
        if f == "sag":
            return f"SAG-{year}-{n:05d}"
        if f == "emn":
            return f"EMN-{year}-{n:06d}"
        if f == "slash":
            return f"{year % 100:02d}/{n:05d}"
        return f"{year}-{n:05d}"


class Body:
    def __init__(self, key, name, muni, layout, weekday, hour, rate, domain, room, size):
        self.key = key
        self.name = name          # as the documents name it: "Skovlund Økonomiudvalget"
        self.short = name.split(" ", 1)[1] if muni else name
        self.slug = slug(name)
        self.muni = muni          # None for KKR
        self.layout = layout      # "md" or "txt"
        self.weekday = weekday
        self.hour = hour
        self.rate = rate
        self.domain = domain
        self.room = room
        self.size = size
        self.item_no = {}         # year -> last running item number (txt layout)


def make_world(rng, names):
    towns = sorted({p + s.lower() if p[-1].lower() != s[0] else p + s[1:]
                    for p in TOWN_PREFIXES for s in TOWN_SUFFIXES})
    towns = [t[0] + t[1:].lower() for t in towns]
    towns = [t for t in towns if t not in ("Havnekøbing",)]
    rng.shuffle(towns)
    formats = ["slash", "slash", "year", "sag", "emn"]
    munis = [Municipality(towns[i], REGIONS[i % len(REGIONS)], rng, names, rng.choice(formats))
             for i in range(40)]
    return munis


def make_bodies(rng, munis, regions):
    bodies = []
    for m in munis:
        council = f"{m.name} {m.council}"
        size = m.size
        lay = "md"
        bodies.append(Body("council", council, m, lay, 3, "17.00", COUNCIL_RATE, "oekonomi",
                           "Byrådssalen" if m.council == "Byråd" else "Kommunalbestyrelsessalen", size))
        for key, name, weekday, hour, rate, domain, room in COMMITTEES:
            lay = "md"
            bodies.append(Body(key, f"{m.name} {name}", m, lay, weekday, hour, rate, domain, room,
                               rng.choice((5, 7, 7, 9)) if key != "oekonomi" else 9))
    # Exactly TXT_SHARE of all bodies (KKR is Markdown) write plain text.
    municipal = bodies[:]
    rng.shuffle(municipal)
    for b in municipal[:round(TXT_SHARE * (len(bodies) + len(regions)))]:
        b.layout = "txt"
    for region in regions:
        bodies.append(Body("kkr", f"KKR {region}", None, "md", 2, "10.00", KKR_RATE, "kkr",
                           "Mødecenter, " + rng.choice(STREETS) + f" {rng.randint(1, 40)}", 25))
    return bodies


# ---------------------------------------------------------------------------
# Schedule


def meeting_dates(rng, body, year, count):
    d = datetime.date(year, 1, 8)
    candidates = []
    while d.year == year and d <= datetime.date(year, 12, 18):
        if d.weekday() == body.weekday and d.month != 7:
            candidates.append(d)
        d += datetime.timedelta(days=1)
    count = min(count, len(candidates))
    return sorted(rng.sample(candidates, count))


def plan(n_items):
    """Municipalities and years for about n_items items: the full world (40 municipalities,
    15 years) holds about 900,000 items at the nominal meeting rates; a smaller corpus
    takes fewer municipalities and fewer (the latest) years, so that every body keeps a
    plausible number of meetings a year. The rate is then scaled to hit n_items."""
    full = 900_000
    g = math.sqrt(min(1.0, n_items / full))
    return max(2, min(40, round(40 * g))), max(1, min(15, round(15 * g)))


def item_count(rng, key):
    mu = math.log(13.0 if key == "council" else 11.0)
    k = int(round(rng.lognormvariate(mu, 0.42)))
    return max(4, min(25, k))


# ---------------------------------------------------------------------------
# Documents


def date_long(d):
    return f"{WEEKDAYS[d.weekday()]} den {d.day}. {MONTHS[d.month - 1]} {d.year}"


def date_short(d):
    return f"{d.day}. {MONTHS[d.month - 1]} {d.year}"


class Writer:
    def __init__(self, rng, prose):
        self.rng = rng
        self.prose = prose

    def title(self, body, year, topic):
        rng = self.rng
        T = topic[0].upper() + topic[1:]
        extra = EXTRA_TITLES.get(body.domain)
        if extra and rng.random() < 0.2:
            form = rng.choice(extra)
        else:
            form = rng.choice(TITLE_FORMS)
        return form.format(T=T, t=topic, Y=year, Y0=year - 1, Y1=year + 1, Y4=year + 4,
                           S=rng.choice(STREETS), N=rng.randint(1000, 1299), n=rng.randint(1, 60))

    def case_for(self, body, year, used):
        """(case number, title) — sometimes a case already open in the municipality."""
        rng = self.rng
        if body.muni is None:
            # KKR: KL's case numbers, no recurrence across municipalities
            n = rng.randint(100, 4999)
            topic = rng.choice(TOPICS["kkr"])
            return f"SAG-{year}-{n:05d}", topic + rng.choice(("", f" {year + 1}", " – status")), None
        m = body.muni
        if m.open_cases and rng.random() < 0.3:
            idx = rng.randrange(len(m.open_cases))
            case, title, origin = m.open_cases[idx]
            if case not in used:  # a case comes up once a meeting
                if rng.random() < 0.35:
                    m.open_cases.pop(idx)
                return case, title, origin
        case = m.new_case(year)
        domain = body.domain if body.key != "council" else rng.choice(
            ("oekonomi", "teknik", "boern", "social", "kultur"))
        title = self.title(body, year, rng.choice(TOPICS[domain]))
        if rng.random() < 0.4:
            m.open_cases.append((case, title, body))
            if len(m.open_cases) > 150:
                m.open_cases.pop(0)
        return case, title, body

    def handlers(self):
        rng = self.rng
        k = 1 if rng.random() < 0.7 else 2
        return ", ".join(
            "".join(rng.choice("abcdefghijklmnoprstuvy") for _ in range(rng.choice((3, 3, 3, 4))))
            for _ in range(k))

    def item_parts(self, body, d, members, origin):
        """[(heading, [lines])] for one ordinary item."""
        rng = self.rng
        p = self.prose
        size = min(10000, max(1000, rng.lognormvariate(math.log(3000), 0.55)))
        # The prose parts share what the short parts (Indstilling, Beslutning, Bilag: about
        # 350 characters) leave of the item's size.
        shares = [("Baggrund", 0.12 if rng.random() < 0.25 else 0), ("Sagsfremstilling", 0.6),
                  ("Økonomi", 0.14 if rng.random() < 0.5 else 0),
                  ("Høring", 0.1 if rng.random() < 0.2 else 0)]
        scale = (size - 350) / sum(w for _, w in shares)
        parts = [(h, p.paragraphs(w * scale)) for h, w in shares if w]
        who = "Forvaltningen" if body.key != "council" else rng.choice(("Borgmesteren", "Direktionen"))
        clauses = [f"at {p.phrase(4, 14)}" for _ in range(rng.choice((1, 1, 2, 2, 3)))]
        if body.key == "kkr":
            head = f"Det indstilles, at KKR {body.name[4:]} {p.phrase(4, 12)}."
            ind = [head]
        elif len(clauses) == 1:
            ind = [f"{who} indstiller, {clauses[0]}."]
        else:
            bullet = [f"- {c}," for c in clauses[:-1]]
            bullet[-1] = bullet[-1][:-1] + ", og"
            bullet.append(f"- {clauses[-1]}.")
            lead = [f"{who} indstiller,", ""] if body.layout == "md" else [f"{who} indstiller,"]
            ind = ["\n".join(lead + bullet)]
        parts.append(("Indstilling", ind))
        # Earlier decisions on the way to the council
        if body.key == "council" and origin is not None and origin is not body and rng.random() < 0.7:
            earlier = d - datetime.timedelta(days=rng.randint(7, 30))
            parts.append((f"Beslutning i {origin.short} den {date_short(earlier)}",
                          [rng.choice(("Anbefales.", "Anbefales.", "Godkendt.", "Oversendes til byrådet."))]))
        dec = rng.choice(STANDARD_DECISIONS)
        if rng.random() < 0.15 and members:
            against = rng.sample(members, min(len(members), rng.randint(1, 3)))
            names = [f"{m[0]} ({m[1]})" for m in against]
            who_ = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]
            dec = (f"Godkendt med {len(members) - len(against)} stemmer mod {len(against)}. "
                   f"Imod stemte {who_}.")
        dec = [dec]
        if rng.random() < 0.25:
            dec.append(" ".join(p.sentences(rng.randint(80, 400))))
        parts.append(("Beslutning", dec))
        if rng.random() < 0.6:
            atts = []
            for _ in range(rng.randint(1, 4)):
                t = p.phrase(3, 8)
                t = t[0].upper() + t[1:]
                if rng.random() < 0.3:
                    t += "."
                atts.append(f"- {t}")
            parts.append(("Bilag", ["\n".join(atts)]))
        return parts

    def fixed_item(self, title):
        rng = self.rng
        if title == "Godkendelse af dagsorden":
            return [("Sagsfremstilling", [" ".join(self.prose.sentences(rng.randint(150, 500)))]),
                    ("Beslutning", ["Dagsordenen blev godkendt."])]
        if title == "Eventuelt":
            return [("Sagsfremstilling", ["Punktet er til drøftelse på mødet."]),
                    ("Beslutning", [rng.choice(("Intet.", "Intet at bemærke.", " ".join(
                        self.prose.sentences(rng.randint(100, 600)))))])]
        # Meddelelser
        return [("Sagsfremstilling", self.prose.paragraphs(rng.randint(400, 2500))),
                ("Indstilling", ["Forvaltningen indstiller, at meddelelserne tages til efterretning."]),
                ("Beslutning", ["Taget til efterretning."])]

    def items(self, body, d, members, item_plan):
        """[(number, title, case, handlers, parts)]: the referat's items. The dagsorden of
        the same meeting has the same items without the Beslutning parts."""
        out = []
        for number, title, case, handler, kind, origin in item_plan:
            if kind == "fixed":
                parts = self.fixed_item(title)
            else:
                parts = self.item_parts(body, d, members, origin)
            out.append((number, title, case, handler, parts))
        return out

    def item_plan(self, body, d, k):
        rng = self.rng
        year = d.year
        plan_ = []
        fixed_first = body.key != "kkr" and body.layout == "md" and rng.random() < 0.7
        fixed_last = body.key != "kkr" and rng.random() < 0.3
        titles = []
        if fixed_first:
            titles.append(("Godkendelse af dagsorden", "fixed"))
        if body.key != "kkr" and body.layout == "txt" and rng.random() < 0.6:
            titles.append(("Meddelelser", "fixed"))
        while len(titles) < k - (1 if fixed_last else 0):
            titles.append((None, "case"))
        if fixed_last and len(titles) < k:
            titles.append(("Eventuelt", "fixed"))
        titles = titles[:k]
        used = set()
        for title, kind in titles:
            origin = None
            if kind == "case":
                case, title, origin = self.case_for(body, year, used)
                used.add(case)
                if rng.random() < 0.04 and body.key == "council":
                    title = "Lukket punkt: " + title
            else:
                case = body.muni.new_case(year) if (
                    body.muni and title != "Eventuelt" and rng.random() < 0.5) else None
            handler = self.handlers() if (case and body.key != "kkr") else (
                "/".join("".join(rng.choice("abcdefghijklmnoprstuvy") for _ in range(4))
                         for _ in range(rng.randint(1, 2))) if case else None)
            plan_.append([None, title, case, handler, kind, origin])
        # numbering
        if body.key == "kkr":
            nsec = max(1, min(len(plan_), rng.randint(3, 7)))
            sizes = [1] * nsec
            for _ in range(len(plan_) - nsec):
                sizes[rng.randrange(nsec)] += 1
            i = 0
            sections = {}
            for s, size in enumerate(sizes, 1):
                sections[i] = s
                for j in range(1, size + 1):
                    plan_[i][0] = f"{s}.{j}"
                    i += 1
        else:
            sections = None
        if body.key == "kkr":
            pass
        elif body.layout == "txt":
            start = body.item_no.get(year, 0)
            for i, it in enumerate(plan_):
                it[0] = str(start + i + 1)
            body.item_no[year] = start + len(plan_)
        else:
            for i, it in enumerate(plan_):
                it[0] = str(i + 1)
        return [tuple(it) for it in plan_], sections

    # -- layouts ------------------------------------------------------------

    def people(self, members):
        rng = self.rng
        absent = [m for m in members if rng.random() < 0.06]
        present = [m for m in members if m not in absent]
        return present, absent

    def markdown(self, body, d, referat, present, absent, items, sections):
        out = []
        w = out.append
        w(f"# {body.name}\n\n## {'Referat' if referat else 'Dagsorden'}\n\n")
        if body.key == "kkr":
            w(f"**Dato:** {d.day:02d}-{d.month:02d}-{d.year} {body.hour.replace('.', ':')}\n\n")
        else:
            w(f"**Dato:** {date_long(d)}, kl. {body.hour}\n")
        place = body.room if body.muni is None else (
            f"{body.room}, Rådhuset, {body.muni.street}, {body.muni.postcode} {body.muni.name}")
        w(f"**Sted:** {place}\n\n")
        if not referat:
            present, absent = present + absent, []
        if referat or body.key == "kkr":
            w("### Til stede\n\n" if body.key != "kkr" else "### Deltagere\n\n")
            w("".join(person_line(m) for m in present))
            w("\n")
            if absent:
                w("### Fraværende\n\n" if body.key != "kkr" else "### Afbud\n\n")
                w("".join(person_line(m) for m in absent))
                w("\n")
        sec_at = sections or {}
        for idx, (number, title, case, handler, parts) in enumerate(items):
            if body.key == "kkr":
                if idx in sec_at:
                    s = sec_at[idx]
                    w(f"## {s}. {SECTION_TITLES[(s - 1) % len(SECTION_TITLES)]}\n\n")
                w(f"### {number}. {title}\n\n")
                if case:
                    w(f"{case} {handler}\n\n")
                hl = "####"
            else:
                w(f"## Punkt {number}: {title}\n\n")
                if case:
                    w(f"**Sagsnr.:** {case}\n**Sagsbehandler:** {handler}\n\n")
                hl = "###"
            for heading, paras in parts:
                w(f"{hl} {heading}\n\n")
                w("\n\n".join(paras))
                w("\n\n")
        return "".join(out).rstrip("\n") + "\n"

    def text(self, body, d, referat, present, absent, items):
        out = []
        w = out.append
        m = body.muni
        w(f"{m.name} Kommune\n\n{'REFERAT' if referat else 'DAGSORDEN'}\n\n")
        w(f"Udvalg: {body.name}\n")
        w(f"Mødedato: {d.day:02d}.{d.month:02d}.{d.year}\n")
        w(f"Mødetidspunkt: {body.hour.replace('.', ':')}\n")
        w(f"Mødested: {body.room}, Rådhuset, {m.street}, {m.postcode} {m.name}\n\n")
        if not referat:
            present, absent = present + absent, []
        w("Medlemmer:\n")
        w("".join(f"{n} ({p})\n" for n, p in present))
        w("\n")
        if absent:
            w("Fraværende:\n")
            w("".join(f"{n} ({p})\n" for n, p in absent))
            w("\n")
        for number, title, case, handler, parts in items:
            w(f"{number}. {title}\n")
            if case:
                w(f"Sagsnr.: {case} – Sagsbehandler: {handler}\n")
            w("\n")
            for heading, paras in parts:
                w(f"{heading.upper() if not heading.startswith('Beslutning i ') else heading}\n")
                w("\n\n".join(paras))
                w("\n\n")
        return "".join(out).rstrip("\n") + "\n"


def person_line(m):
    return f"- {m[0]} ({m[1]})\n" if len(m) == 2 else f"- {m[0]} ({m[1]}), {m[2]}\n"


SECTION_TITLES = ["Sager til beslutning", "Regionalpolitiske sager", "Sager til drøftelse",
                  "Udpegninger", "Orienteringssager", "Siden sidst", "Punkter til næste møde"]


# ---------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--items", type=int, required=True, help="number of agenda items to write (within 1%%)")
    ap.add_argument("--out", required=True, help="output directory (created; must be empty)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--wordlist", default="/usr/share/dict/danish",
                    help="word list, one word a line (Debian wdanish)")
    ap.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = ap.parse_args()
    if args.items < 10:
        ap.error("--items must be at least 10")
    if os.path.isdir(args.out) and os.listdir(args.out):
        sys.exit(f"gen_corpus: {args.out} is not empty")
    t0 = time.monotonic()

    rng = random.Random(args.seed)
    vocab, cum, n_function = load_vocabulary(args.wordlist, random.Random(f"vocab-{args.seed}"))
    os.makedirs(args.out, exist_ok=True)
    names = Names(rng)
    all_munis = make_world(rng, names)
    n_munis, n_years = plan(args.items)
    munis = all_munis[:n_munis]
    regions = [r for r in REGIONS if any(m.region == r for m in munis)]
    bodies = make_bodies(rng, munis, regions)
    for i, b in enumerate(bodies):
        b.index = i
    years = list(range(LAST_YEAR - n_years + 1, LAST_YEAR + 1))

    # -- schedule: meetings per body and year, item counts, documents -------------------
    # Once at the nominal rates to measure, then at rates scaled to hit N.
    def schedule(scale):
        srng = random.Random(f"schedule-{args.seed}")
        meetings = []
        for b in bodies:
            for y in years:
                count = max(1, int(round(srng.gauss(b.rate * scale, 1.0))))
                for d in meeting_dates(srng, b, y, count):
                    r = srng.random()
                    docs = ("dagsorden", "referat") if r < 0.85 else (
                        ("referat",) if r < 0.97 else ("dagsorden",))
                    meetings.append([d, b, item_count(srng, b.key), docs])
        return meetings

    meetings = schedule(1.0)
    total = sum(k * len(docs) for _, _, k, docs in meetings)
    meetings = schedule(args.items / total)
    # Add or remove items (4..25 a meeting) until the total is N, where possible.
    diff = args.items - sum(k * len(docs) for _, _, k, docs in meetings)
    order = list(range(len(meetings)))
    random.Random(f"adjust-{args.seed}").shuffle(order)
    progress = True
    while diff != 0 and progress:
        progress = False
        for i in order:
            mt = meetings[i]
            step = len(mt[3])
            if 0 < step <= diff and mt[2] < 25:
                mt[2] += 1
                diff -= step
                progress = True
            elif 0 < step <= -diff and mt[2] > 4:
                mt[2] -= 1
                diff += step
                progress = True
            if diff == 0:
                break
    meetings.sort(key=lambda m: (m[0], m[1].index))

    prose = Prose(rng, vocab, cum, n_function)
    writer = Writer(rng, prose)
    n_items = n_files = n_bytes = 0
    n_layout = {"md": 0, "txt": 0}
    made_dirs = set()
    last_report = t0
    members_of = {}  # (body, term) -> members
    for d, body, k, docs in meetings:
        prose.year = d.year
        term = (d.year - FIRST_YEAR) // 4
        members = members_of.get((body.index, term))
        if members is None:
            mrng = random.Random(f"{args.seed}-{body.slug}-{term}")
            if body.key == "council":
                members = body.muni.members(d.year)
            elif body.muni:
                council = body.muni.members(d.year)
                members = mrng.sample(council, min(body.size, len(council)))
            else:
                members = [(n, p, m.name) for m in munis if m.region == body.name[4:]
                           for n, p in mrng.sample(m.members(d.year), mrng.choice((2, 3)))]
            members_of[(body.index, term)] = members
        if body.muni:
            prose.muni = body.muni.name
            prose.case_pool = [c for c, _, _ in body.muni.open_cases[-20:]]
        else:
            prose.muni = rng.choice(munis).name
            prose.case_pool = None
        plan_, sections = writer.item_plan(body, d, k)
        items = writer.items(body, d, members, plan_)
        dirpath = os.path.join(args.out, body.slug, str(d.year))
        if dirpath not in made_dirs:
            os.makedirs(dirpath, exist_ok=True)
            made_dirs.add(dirpath)
        present, absent = writer.people(members)
        for doc in docs:
            referat = doc == "referat"
            its = items if referat else [
                (n, t, c, h, [pt for pt in parts if not pt[0].startswith("Beslutning")])
                for n, t, c, h, parts in items]
            if body.layout == "md":
                text = writer.markdown(body, d, referat, present, absent, its, sections)
            else:
                text = writer.text(body, d, referat, present, absent, its)
            data = text.encode("utf-8")
            name = f"{body.slug}-{d.isoformat()}-{doc}.{body.layout}"
            with open(os.path.join(dirpath, name), "wb") as f:
                f.write(data)
            n_items += len(its)
            n_files += 1
            n_bytes += len(data)
            n_layout[body.layout] += 1
        now = time.monotonic()
        if not args.quiet and now - last_report > 5:
            last_report = now
            print(f"gen_corpus: {n_items} items, {n_files} files, {n_bytes / 1e6:.0f} MB, "
                  f"{n_bytes / 1e6 / (now - t0):.1f} MB/s", file=sys.stderr)

    manifest = {
        "items": n_items,
        "meetings": len(meetings),  # sittings; a sitting has a dagsorden, a referat or both
        "files": n_files,
        "bytes": n_bytes,
        "seed": args.seed,
        "generator_version": GENERATOR_VERSION,
        "args": {"items": args.items, "seed": args.seed, "wordlist": args.wordlist},
        "municipalities": len(munis),
        "bodies": len(bodies),
        "years": [years[0], years[-1]],
        "files_by_layout": n_layout,
    }
    with open(os.path.join(args.out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
        f.write("\n")
    secs = time.monotonic() - t0
    if not args.quiet:
        print(f"gen_corpus: {n_items} items in {len(meetings)} meetings, {n_files} files, "
              f"{n_bytes / 1e6:.1f} MB in {secs:.1f} s ({n_bytes / 1e6 / secs:.1f} MB/s)",
              file=sys.stderr)


if __name__ == "__main__":
    main()
