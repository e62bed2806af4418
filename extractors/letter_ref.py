"""References to other letters, reports and parliamentary papers.

By date: "de raadsbrief van 9 maart 2020", "brief van 19 januari jl.", "uw verzoek d.d. 14 april 2010",
"informeerden wij u op 3 november 2020", "raadsbrief Nadere uitwerking scenario's raamprostitutie
(3 november 2020)", "Bijlage 3 Sociaal-maatschappelijke impact ... (O&S, 23 november 2022)",
"SWOV-factsheet Fietsers (2023)", "mijn brief van heden", "uw brief van de 27ste".
By number: "(kenmerk: 8407467)", "Kamerstuk 30 372, nr. 32", "Kamerstukken II 2014/15, 33 900, A",
"Kamerstuk 14 222, 14 223 en 14 224, nr. 112b", "wetsvoorstel 33 900", "Handelingen II 2009/10, nr. 70,
blz. 5988", "Nr. VN2023-013125", "RIS321234", "21501-02-1855", "ECLI:NL:RVS:2017:2180", a Den Haag
register number of an incoming letter "d.d. 17 december 2024 inzake ... (10838869)".

Fields: `date` (ISO at the precision given, resolved against the letter's date: a reference points
back in time, "jl." is the most recent such day, "van heden" the letter's own date), `kenmerk` (as
written, without the "Kamerstukken II 2014/15," prefix), `title` where the text gives one.

Not references: the present letter ("deze brief"), a date without a letter ("sinds 1 januari", a bare
date in a table or agenda), the letterhead's own kenmerk or number, the number of a motie or
amendement (that is the motie's fact), a paper's own kamerstuk number. A reference with neither date
nor kenmerk is not emitted.

Numbers are hard evidence. Date-based candidates carry what the patterns saw (`marks`): a rule that
speaks against one ("sinds", a future date, the letter's own date, a meeting's date) drops it; the
rest are weighed by a small learned filter (character n-grams of the context plus the marks, logistic
regression) fitted on patterns/letter_ref_filter.jsonl, the candidates of the annotated letters
labelled by the gold, and shipped fitted (patterns/letter_ref_filter.npz; refitted when the rows
change). A document-level index resolves a title the letter dates or numbers elsewhere
("Bijlage 6 Mobiliteitsscan (4 oktober 2023)" ... "in de Mobiliteitsscan").
Words are data: patterns/letter_ref.json.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import numpy as np
from raadsbrieven.extractors import PATTERNS
from raadsbrieven.extractors.tfidf import Tfidf, load_keyed

from raadsbrieven.model import DocContext, Fact, Sentence
from raadsbrieven.nl.dates import MONTH_RE, MONTHS, find_dates, to_date
from raadsbrieven.nl.lexicon import load

KIND = "letter_ref"
VERSION = "2"
NEEDS = ("sentences", "text", "date")
ASSIGNS = ("date", "kenmerk", "title")


@dataclass
class Candidate:
    """A possible reference in one sentence, with what the patterns saw (the filter's features)."""

    start: int
    end: int
    cue: str  # noun_date, paren_date, comma_date, verb_date, code kinds: ris, kamerstuk, ...
    date: str | None = None
    kenmerk: str | None = None
    title: str | None = None
    anchor: tuple[int, int] = (0, 0)  # the date or number itself
    marks: list[str] = field(default_factory=list)

    @property
    def is_code(self) -> bool:
        return self.kenmerk is not None


@dataclass(frozen=True)
class _Date:
    start: int
    end: int
    value: str
    kind: str = "full"  # full, month, year, relative


def _words() -> dict:
    return load("letter_ref", PATTERNS)


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@cache
def _regexes() -> dict[str, re.Pattern[str]]:
    w = _words()
    return {
        "noun": re.compile(rf"(?<![\w])(?:{_alt(w['nouns'])})(?![\w])", re.I),
        "inform": re.compile(rf"\b(?:{_alt(w['inform_verbs'])})\b", re.I),
        "to_council": re.compile(
            rf"\b(?:naar|aan)\s+(?:{_alt([a for a in w['addressees'] if a not in ('u', 'v')])})\b", re.I
        ),
        "addressee": re.compile(rf"\b(?:{_alt(w['addressees'])})\b", re.I),
        "made": re.compile(rf"\b(?:{_alt(w['made_verbs'])})\b", re.I),
        "link_verb": re.compile(
            rf"\b(?:{_alt(w['inform_verbs'] + w['made_verbs'] + w['link_verbs'])})\b", re.I
        ),
        "own": re.compile(rf"\b(?:{_alt(w['own_letter'])})\b", re.I),
        "not_before": re.compile(rf"\b(?:{_alt(w['not_before_date'])})\s*$", re.I),
        "meeting": re.compile(rf"\b(?:{_alt(w['meetings'])})\b[^.;]{{0,40}}$", re.I),
    }


# numbers that name a paper
KENMERK = re.compile(
    r"(?<!\bons )(?<!\bOns )\bkenmerk(?:nummer)?\s*(?::\s*|\s+)"
    r"(?P<k>[A-Z0-9][\w./-]*(?:\s/\s[\w.-]+)?\d[\w./-]*?)(?=[\s,;:)]|\.(?:\s|$)|$)",
    re.I,
)
RIS = re.compile(r"\bRIS\s?\d{5,7}[a-z]?(?![\da-z])")  # "RIS319970_Bijlage Nota Grondbeleid": a file name
VOORDRACHT = re.compile(r"\b(?:Nr\.?|nummer|[Vv]oordrachtnummer)\s*:?\s*(?P<k>[A-Z]{2,4}\d{4}[-.]\d{4,8})\b")
KST_PREFIX = (
    r"(?P<pre>(?:Kamerstuk(?:ken)?|Kamerdossier|kst\.?|(?:het\s+)?wets?voorstel)\s*(?:I{1,2}\s*)?"
    r"(?:(?:vergaderjaar\s+)?\d{4}\s*[/–-]\s*\d{2,4}\s*,\s*)?)"
)
DOSSIER = r"\d{2}\s?\d{3}(?!\d)"
JOINT = r"(?:\s*,\s*|\s+en\s+)"  # "14 222, 14 223 en 14 224, nr. 112b": one paper of joint dossiers
KST_NUMBER = (
    rf"(?P<k>{DOSSIER}(?:{JOINT}{DOSSIER}(?=(?:{JOINT}{DOSSIER})*\s*,\s*nr))*"
    r"(?:\s*\(R\s?\d{3,4}\))?(?:\s*-\s*[IVXLC]+\b|\s+[IVXLC]+(?=\s*,))?"
    r"(?P<part>\s*,\s*nrs?\.?\s*\d{1,4}[a-z]?\b(?:\s*[–-]\s*\d{1,4}\b)?|\s*,\s*[A-H]\b(?![.\w]\w)"
    r"|\s*,\s*[I-Z]\b(?=\s*[,;)])|\s+nr\.?\s*\d{1,4}\b|-\d{1,4}\b(?!-))?)"
)
KAMERSTUK = re.compile(rf"(?:{KST_PREFIX})?{KST_NUMBER}", re.I)
DASHED = re.compile(
    r"(?<![\w-])(?P<k>\d{5}-(?:\d{2}-|[IVXLC]+-)?\d{1,4}|\d{5}-[IVXLC]+|20\d\dZ\d{5})(?![\w-])"
)
HANDELINGEN = re.compile(
    r"\bHandelingen\s+(?:der\s+Kamer\s+)?(?:I{1,2}\b)?[^()]{0,60}?"
    r"(?:\bnr\.?\s*\d{1,4}(?:\s*,\s*item\s*\d{1,3})?(?:\s*,\s*(?:blz|p)\.\s*\d+(?:\s*[–-]\s*\d+)?)?"
    r"|\b(?:blz|p)\.\s*\d{1,3}-\d{3,5}\b)",  # "Handelingen II 2009, p. 55-4460": meeting 55, page 4460
)
ECLI = re.compile(r"\bECLI:[A-Z]{2}:[A-Z]{1,7}:\d{4}:[A-Z0-9]{1,25}\b")
# Den Haag's register numbers of incoming letters: "d.d. 17 december 2024 inzake ... (10838869)"
REGISTER = re.compile(r"\(\s*(?:behoort\s+bij\s+)?(?P<k>\d{8})\s*\)")
PAPER_ID = re.compile(r"(?i)kst-?$")  # "kst-30372-40", "0809tkkst30372-32": the PDF's own identifier
MARKUP = re.compile(r"<[^<>]{1,300}>")  # a tag left in a text read from XML: its attributes are no references
STAATSBLAD = re.compile(r"\bStb\.\s*\d{4}\s*,\s*(?:nr\.\s*)?\d{1,4}\b")
OWN_FOOTER = re.compile(
    r"vergaderjaar\s*\d{4}\s*[–-]\s*\d{4}\s*,\s*(?P<d>\d{2}\s?\d{3})[^,]{0,12},\s*(?:nr\.\s*(?P<n>\d+)|(?P<l>[A-Z])\b)",
    re.I,
)

# dates beside the calendar dates of nl/dates: years in a citation, OCR-glued dates, relative days
PAREN = re.compile(r"\((?P<in>[^()]{1,80})(?:\)|$)")
YEAR = re.compile(r"(?<![\d/-])(?P<y>(?:19|20)\d\d)(?![\d/-])")
GLUED_DATE = re.compile(
    rf"(?<![\d])(?P<day>[0-3]?\d)(?P<month>{MONTH_RE})(?P<year>(?:19|20)\d\d)(?!\d)", re.I
)
SENT_ON = re.compile(
    r"\b(?:ontvangen|ingediend|verzonden|verstuurd|toegezonden|toegestuurd|gestuurd)\s+(?:op|d\.\s?d\.)\s*$",
    re.I,
)
DAY_BEFORE_AND = re.compile(r"(?<![\d,./-])(?P<day>[0-3]?\d)\s+en\s+$")
DAY_OF_MONTH = re.compile(r"\bvan\s+de\s+(?P<day>[0-3]?\d)(?:ste|de|e)\b", re.I)
TODAY = re.compile(r"(?<!\bop )\b(?:van\s+)?heden\b(?!\s+ten\s+dage)", re.I)
LAST_YEAR = re.compile(r"\b(?:vorig|afgelopen|verleden)\s+jaar\b", re.I)
PAST_MONTH = re.compile(
    rf"\b(?:(?:eind|begin|medio|half|in|van)\s+)?(?P<month>{MONTH_RE})\b(?!\.?\s+(?:19|20)\d\d)", re.I
)
SEASON_YEAR = re.compile(
    r"\b(?:voorjaar|zomer|najaar|winter|begin|eind|medio)\s+(?:van\s+)?(?P<year>(?:19|20)\d\d)\b", re.I
)
QUICK = re.compile(
    rf"\d|\b(?:{MONTH_RE}|heden|vorig|afgelopen|verleden|tegelijk|gelijktijdig|parallel)", re.I
)
# between a letter noun and its date: "van", "d.d.", "van de minister van ... van", a title
LINK = re.compile(
    r"^(?:\s*|\s*\(\s*|(?:[^.;:()\n]|\.(?=\S)|(?<=\b\w)\.){0,100}?(?:\bvan|\bd\.\s?d\.|\bdd\.?|\bop|\buit|\bin|\bgedateerd)\s*(?:de\s+)?)$",
    re.I,
)
PARALLEL = re.compile(
    r"\b(?:tegelijk(?:ertijd)?\s+met|gelijktijdig\s+met|parallel\s+aan)\s+(?:deze|dit|onderhavige)\s+\w*(?:brief|memo|notitie)",
    re.I,
)
TITLE_QUOTED = re.compile(r"^\s*,?\s*[‘'“\"](?P<t>(?:[^’'”\"]|[’'](?=\w)){3,160})[’'”\"]")
TITLE_BEFORE_KENMERK = re.compile(
    r"\b(?:brief|notitie|memo|raadsbrief|raadsinformatiebrief|rapport|nota)\s+(?P<t>[A-Z‘“'][^()]{2,100}?)\s*\(\s*$"
)
BOUNDARY = re.compile(r"(?:^|[.;:•▪\-–—]\s|\)\s|\b(?:[A-Z]\.?\d{0,2}(?:\.\d+)?)\s(?=[A-Z]))")


def _past(value: str, ref: date | None) -> str:
    """Move a date resolved without a year back one year when it lies after the letter."""
    if ref is None or value[:10] <= ref.isoformat()[: len(value)]:
        return value
    return f"{int(value[:4]) - 1:04d}{value[4:]}"


def _dates(text: str, ref: date | None) -> list[_Date]:
    spans = [
        _Date(
            d.start,
            d.end,
            _past(d.value, ref) if d.relative else d.value,
            "relative" if d.relative else ("full" if len(d.value) == 10 else "month"),
        )
        for d in find_dates(text, ref)
    ]

    def free(s: int, e: int) -> bool:
        return all(e <= d.start or s >= d.end for d in spans)

    for m in GLUED_DATE.finditer(text):
        if free(m.start(), m.end()):
            try:
                value = date(int(m.group("year")), MONTHS[m.group("month").lower()], int(m.group("day")))
            except ValueError:
                continue
            spans.append(_Date(m.start(), m.end(), value.isoformat()))
    for m in SEASON_YEAR.finditer(text):
        if free(m.start(), m.end()):
            spans.append(_Date(m.start(), m.end(), m.group("year"), "season"))
    if ref is not None:
        for m in TODAY.finditer(text):
            spans.append(_Date(m.start(), m.end(), ref.isoformat(), "relative"))
        for m in DAY_OF_MONTH.finditer(text):
            if free(m.start(), m.end()) and 1 <= int(m.group("day")) <= 31:
                spans.append(_Date(m.start(), m.end(), _day_before(int(m.group("day")), ref), "relative"))
        for m in LAST_YEAR.finditer(text):
            if free(m.start(), m.end()):
                spans.append(_Date(m.start(), m.end(), str(ref.year - 1), "relative"))
        for m in PAST_MONTH.finditer(text):
            if free(m.start("month"), m.end("month")) and not re.match(r"\s*\d", text[m.end() :]):
                month = MONTHS[m.group("month").lower()]
                year = ref.year if month <= ref.month else ref.year - 1
                # "in"/"van" stay outside the date: "de brief die ik in september heb gestuurd"
                start = m.start("month") if re.match(r"(?:in|van)\s", m.group(), re.I) else m.start()
                spans.append(_Date(start, m.end(), f"{year:04d}-{month:02d}", "month"))
    for m in YEAR.finditer(text):
        if free(m.start(), m.end()):
            spans.append(_Date(m.start(), m.end(), m.group("y"), "year"))
    for d in list(spans):  # "van 7 en 14 juni 2019": the 7th of the same month
        m = DAY_BEFORE_AND.search(text, max(0, d.start - 8), d.start)
        if d.kind == "full" and m and free(m.start("day"), m.end("day")) and 1 <= int(m.group("day")) <= 31:
            try:
                value = date(int(d.value[:4]), int(d.value[5:7]), int(m.group("day"))).isoformat()
            except ValueError:
                continue
            spans.append(_Date(m.start("day"), m.end("day"), value, "full"))
    return sorted(spans, key=lambda s: s.start)


def _day_before(day: int, ref: date) -> str:
    """'van de 27ste': the most recent 27th on or before the letter date."""
    d = ref
    for _ in range(62):
        if d.day == day:
            return d.isoformat()
        d -= timedelta(days=1)
    return ref.isoformat()[:7]


# ---------------------------------------------------------------- candidates
def _codes(text: str) -> list[Candidate]:
    """Every number that names a paper, as written."""
    found: list[Candidate] = []

    def free(s: int, e: int) -> bool:
        return all(e <= c.start or s >= c.end for c in found)

    for m in HANDELINGEN.finditer(text):
        found.append(Candidate(m.start(), m.end(), "handelingen", kenmerk=_strip(m.group()), anchor=m.span()))
    for m in STAATSBLAD.finditer(text):
        if free(*m.span()):
            found.append(Candidate(m.start(), m.end(), "staatsblad", kenmerk=m.group(), anchor=m.span()))
    for m in ECLI.finditer(text):
        found.append(Candidate(m.start(), m.end(), "ecli", kenmerk=m.group(), anchor=m.span()))
    for m in KAMERSTUK.finditer(text):
        if not free(*m.span()) or PAPER_ID.search(text[max(0, m.start("k") - 4) : m.start("k")]):
            continue
        if re.search(r"\bkrijgt\s+nr\.\s*\d+\s*\(\s*$", text[max(0, m.start() - 30) : m.start()], re.I):
            continue  # "Zij krijgt nr. 469 (29453)": the motie's own number
        k = _strip(m.group("k"))
        alone = bool(re.match(r"\(\s*$", text[: m.start()][-2:])) and text[m.end() :].lstrip().startswith(")")
        if not (m.group("pre") or m.group("part") or alone):
            continue
        if re.search(r"\d", text[max(0, m.start() - 1) : m.start()]):
            continue
        cue = "kamerstuk" if m.group("pre") or m.group("part") else "dossier"
        found.append(Candidate(m.start(), m.end(), cue, kenmerk=k, anchor=m.span("k")))
    for m in DASHED.finditer(text):
        if free(*m.span()) and not PAPER_ID.search(text[max(0, m.start() - 4) : m.start()]):
            found.append(Candidate(m.start(), m.end(), "kamerstuk", kenmerk=m.group("k"), anchor=m.span()))
    for m in RIS.finditer(text):
        if free(*m.span()):
            found.append(Candidate(m.start(), m.end(), "ris", kenmerk=m.group(), anchor=m.span()))
    for m in VOORDRACHT.finditer(text):
        if free(*m.span()):
            found.append(
                Candidate(m.start(), m.end(), "voordracht", kenmerk=m.group("k"), anchor=m.span("k"))
            )
    for m in REGISTER.finditer(text):
        if free(*m.span()) and re.search(r"\bd\.\s?d\.", text[max(0, m.start() - 300) : m.start()]):
            found.append(Candidate(m.start(), m.end(), "register", kenmerk=m.group("k"), anchor=m.span("k")))
    for m in KENMERK.finditer(text):
        if free(*m.span("k")):
            found.append(Candidate(m.start(), m.end(), "kenmerk", kenmerk=m.group("k"), anchor=m.span("k")))
    tags = [m.span() for m in MARKUP.finditer(text)]
    found = [c for c in found if not any(a <= c.start < b for a, b in tags)]
    return sorted(found, key=lambda c: c.start)


def _strip(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" ,.;()")


def _clause_start(text: str, pos: int, limit: int = 160) -> int:
    """Where the phrase before `pos` begins: a list bullet, a closing bracket, an agenda code or a stop."""
    lo = max(0, pos - limit)
    best = lo
    for m in BOUNDARY.finditer(text, lo, pos):
        best = m.end()
    return best


def _title_before(text: str, pos: int) -> str | None:
    start = _clause_start(text, pos)
    chunk = re.sub(r"^\s*\d{1,2}\s+(?=\D)", "", text[start:pos]).strip(" ,(")
    chunk = re.sub(
        r"^(?:(?:zie|zie ook|in|met|van|de|het|een|bij|ter bespreking van|conform)\s+)+",
        "",
        chunk,
        flags=re.I,
    )
    chunk = chunk.strip(" ‘’“”\"'")
    return chunk if 3 <= len(chunk) <= 200 else None


def _date_candidates(text: str, dates: list[_Date], ref: date | None, own: str | None) -> list[Candidate]:
    """Dates with a cue (a letter noun, brackets, a title, a verb). What speaks against one is marked
    `rule_*` rather than dropped: the learned filter weighs it (without a filter, a marked one is dropped)."""
    rx = _regexes()
    found: list[Candidate] = []
    nouns = list(rx["noun"].finditer(text))
    for d in dates:
        before = text[max(0, d.start - 160) : d.start]
        flags = [f"date_{d.kind}"]
        if rx["not_before"].search(before[-25:]):
            flags.append("rule_period_word")  # "sinds 1 januari", "uiterlijk 10 juni"
        if ref is not None and d.value[:10] > ref.isoformat()[: len(d.value[:10])]:
            flags.append("rule_future")  # a reference points back in time
        if re.match(r"\s*(?:tot(?:\s+en\s+met)?|t/m|[-–])\s+\d", text[d.end :]):
            flags.append("rule_period_after")  # "van 1 juni 2021 tot en met 1 september 2021"
        if re.search(r"(?<!\d)\d{1,2}\s*(?:/|-|–|en|t/m)\s*$", text[max(0, d.start - 6) : d.start]) or (
            d.kind == "month" and re.search(r"\d\s*$", text[max(0, d.start - 3) : d.start])
        ):
            flags.append("rule_day_range")  # "de raad van 11/12 oktober": the days of a meeting
        own_date = bool(own and d.kind in ("full", "month") and own.startswith(d.value))
        # a letter noun before the date: "raadsbrief van 9 maart 2020", "brief d.d. 17 december 2021"
        noun = None
        for n in nouns:
            if (
                n.end() <= d.start
                and LINK.match(text[n.end() : d.start])
                and not any(n.end() <= o.start and o.end <= d.start and o.kind != "year" for o in dates)
            ):
                noun = n
        paren = _in_parens(text, d)
        listed = found[-1] if found and found[-1].cue == "noun_date" else None
        if (
            noun is None
            and listed is not None
            and d.kind in ("full", "month")
            and re.fullmatch(r"\s*(?:,\s*(?:en\s+)?|en\s+)", text[listed.anchor[1] : d.start])
        ):  # "de uitspraken van 25 oktober 2017 en 16 januari 2019": each date names a paper
            found.append(
                Candidate(
                    d.start,
                    _end_after(text, d),
                    "noun_date",
                    date=d.value,
                    anchor=(d.start, d.end),
                    marks=[f for f in flags if f != "rule_day_range"]  # the days are papers' days here
                    + [m for m in listed.marks if m.startswith("noun_")]
                    + ["listed"],
                )
            )
            continue
        if noun is not None and re.search(r"\b(?:deze|dit|onderhavige)\s+$", text[: noun.start()], re.I):
            noun = None  # the present letter
        if noun is not None:
            if rx["meeting"].search(text[max(0, noun.start() - 60) : noun.start()]) and re.search(
                r"\bop\s*$", text[noun.end() : d.start]
            ):
                flags.append("rule_meeting")  # "tijdens het debat over de beantwoording ... op 22 mei 2025"
            inner = text[noun.end() : d.start]
            # "uw verzoek, digitaal ontvangen op 9 november 2020": the paper's date, not a link verb
            sent_on = SENT_ON.search(inner)
            if rx["link_verb"].search(inner[: sent_on.start()] if sent_on else inner):
                flags.append("rule_verb_in_link")  # "het advies ... voorgelegd aan het college in maart 2022"
            if d.kind in ("year", "month") and re.search(
                r"\b(?:kwartaal|helft|voorjaar|zomer|najaar|winter|begin|eind|medio)\b", inner, re.I
            ):
                flags.append("rule_period_word")  # "een B&W-besluit in kwartaal 3 van 2018": a time, no paper
            if re.search(r"\b(?:verwacht\w*|zal|zullen|gaat|gaan)\b", inner, re.I):
                flags.append(
                    "rule_future"
                )  # "een rapportage die naar verwachting in september ...": still to come
            if d.kind == "year" and paren is None and not re.search(r"\b(?:uit|van)\s*$", inner):
                flags.append("rule_bare_year")
            title = TITLE_QUOTED.match(text[d.end :])
            t = title.group("t") if title else _inner_title(inner)
            found.append(
                Candidate(
                    noun.start(),
                    _end_after(text, d),
                    "noun_date",
                    date=d.value,
                    title=t,
                    anchor=(d.start, d.end),
                    marks=flags + [f"noun_{n_word(noun)}"],
                )
            )
            continue
        if own_date:
            flags.append("rule_own_date")  # the letter's own date ("Den Haag, 8 april 2010")
        title = _title_before(text, paren[0]) if paren is not None else None
        if paren is not None and title is not None and len(title) > 60:
            last = [n for n in nouns if _clause_start(text, paren[0]) <= n.start() < paren[0]][-1:]
            if (
                last
            ):  # "... niet herleiden tot het onderzoek Thuiszitters Tellen (Balans, 2024)": from the noun
                title = _strip(text[last[0].start() : paren[0]]) or title
        if paren is not None and (title is not None or d.kind != "year"):
            # "Title (Org, 23 november 2022)", "SWOV-factsheet Fietsers (2023)"
            p_start, p_end = paren
            if title is None or len(title) > 120:
                continue
            has_noun = any(_clause_start(text, p_start) <= n.start() < p_start for n in nouns)
            if d.kind == "year" and not (has_noun or len(title) <= 60 and title[:1].isupper()):
                flags.append("rule_weak_title")
            flags += ["noun_in_title"] if has_noun else []
            flags += (
                ["bijlage"]
                if re.match(r"\s*bijlage", text[_clause_start(text, p_start) : p_start], re.I)
                else []
            )
            start = p_start - len(text[:p_start]) + len(text[:p_start].rstrip())
            t0 = text.rfind(title, 0, p_start) if title else -1
            found.append(
                Candidate(
                    t0 if t0 >= 0 else start,
                    p_end,
                    "paren_date",
                    date=d.value,
                    title=title,
                    anchor=(d.start, d.end),
                    marks=flags,
                )
            )
            continue
        comma = re.search(r",\s*$", before)
        after = text[d.end : d.end + 3]
        if comma and re.match(r"\s*(?:[.;:)]|$)", after):  # "Kamerbrief Hoogbegaafdheid, 2024"
            title = _title_before(text, d.start - len(before) + comma.start())
            if title and (rx["noun"].search(title) or len(title.split()) >= 3 and title[:1].isupper()):
                s = text.rfind(title, 0, d.start)
                flags += ["noun_in_title"] if rx["noun"].search(title) else []
                found.append(
                    Candidate(
                        s if s >= 0 else d.start,
                        d.end,
                        "comma_date",
                        date=d.value,
                        title=title,
                        anchor=(d.start, d.end),
                        marks=flags,
                    )
                )
                continue
        if d.kind == "year":
            bib = (
                (  # "Name (2022) Title", or authors ending in initials or a stop: "Wolf, J. (2012)."
                    re.match(r"\s*\)\s+[A-Z]", text[d.end :]) and re.search(r"[A-Z][\w-]*\s*\(\s*$", before)
                )
                or (
                    re.match(r"\s*\)\.(?:\s|$)", text[d.end :])
                    and re.search(r"[A-Z][\w-]*\.\s*\(\s*$", before)
                )
            )
            if bib:  # "Fietsersbond Amsterdam (2022) Meeste e-bikes ...", "Wolf, J. (2012). Herstelwerk"
                found.append(
                    Candidate(
                        _authors_start(text, d.start),
                        d.end + 1,
                        "citation_year",
                        date=d.value,
                        anchor=(d.start, d.end),
                        marks=flags,
                    )
                )
            continue
        after_noun = next(
            (
                n
                for n in nouns
                if 0 <= n.start() - d.end <= 30
                and re.fullmatch(
                    r"\s*(?:(?:is|werd|heeft|hebben|zijn)(?:\s+(?:het college|de raad|uw raad|"
                    r"de minister|ik|wij|we|u))?)?\s*(?:het|de|een|ons|uw|mijn)?\s*",
                    text[d.end : n.start()],
                )
            ),
            None,
        )
        made = rx["made"].search(text, after_noun.end()) if after_noun else None
        if after_noun is not None and made is not None:  # "in maart 2021 het onderzoek X uitgevoerd"
            e = made.start() if made.start() - after_noun.end() < 160 else after_noun.end()
            found.append(
                Candidate(
                    d.start,
                    len(text[:e].rstrip()),
                    "date_noun",
                    date=d.value,
                    anchor=(d.start, d.end),
                    title=_strip(text[after_noun.end() : e]) or None,
                    marks=flags + [f"noun_{n_word(after_noun)}"],
                )
            )
            continue
        verb = _verb_near(text, d)
        if verb is not None:
            s, e = min(verb[0], d.start), max(verb[1], d.end)
            if rx["own"].search(text[s:e]):
                flags.append("rule_own_letter")
            found.append(
                Candidate(
                    s,
                    e,
                    "verb_date",
                    date=d.value,
                    anchor=(d.start, d.end),
                    marks=flags + [f"verb_{text[verb[0] : verb[1]].lower()}"],
                )
            )
    return found


def _authors_start(text: str, pos: int) -> int:
    """Where a citation's authors begin: 'Wolf, J., Maas, M. (2012)' after a footnote number or bracket."""
    lo = max(0, pos - 160)
    head = text[lo:pos].rstrip(" (")
    if re.search(
        r"\b[A-Z][\w-]*\.$", head
    ):  # 'J.', 'Phrenos.': the authors run back to a bracket or the start
        cut = max(head.rfind("("), head.rfind(")"), head.rfind(";"))
        rest = head[cut + 1 :]
        lead = re.match(r"\s*(?:\d{1,3}\s+)?", rest)
        return lo + cut + 1 + (lead.end() if lead else 0)
    return _clause_start(text, pos)


def n_word(m: re.Match[str]) -> str:
    return re.sub(r"\s+", "_", m.group().lower())


def _inner_title(inner: str) -> str | None:
    """'raadsbrief Beantwoording vragen n.a.v. locatieonderzoek van 13 juni': the title between."""
    t = re.sub(r"\s*(?:van|d\.\s?d\.|dd\.?|op|uit|in)\s*(?:de\s+)?$", "", inner).strip(" ,(")
    return t if len(t) >= 6 and t[:1].isupper() else None


def _end_after(text: str, d: _Date) -> int:
    """A date in brackets ends the reference at the closing bracket."""
    m = re.match(r"\s*\)", text[d.end :])
    if m and "(" in text[max(0, d.start - 3) : d.start]:
        return d.end + m.end()
    return d.end


def _in_parens(text: str, d: _Date) -> tuple[int, int] | None:
    """The brackets around a date that hold only the date and perhaps a source: '(O&S, 23 november 2022)'."""
    for m in PAREN.finditer(text, max(0, d.start - 80), min(len(text), d.end + 80)):
        if m.start() < d.start and d.end <= m.end():
            rest = (m.group("in")[: d.start - m.start() - 1] + m.group("in")[d.end - m.start() - 1 :]).strip(
                " ,"
            )
            if len(rest) <= 50 and not re.search(
                r"\b(?:tot|t/m|sinds|vanaf|per|naar|in|was)\b|%|\d", rest, re.I
            ):
                return m.start(), m.end()
    return None


def _verb_near(text: str, d: _Date, window: int = 160) -> tuple[int, int] | None:
    """An informing/sending verb near a date, with the council (or a letter) as addressee."""
    rx = _regexes()
    lo, hi = max(0, d.start - window), min(len(text), d.end + window)
    best: tuple[int, int] | None = None
    for v in rx["inform"].finditer(text, lo, hi):
        between = text[min(v.end(), d.end) : max(v.start(), d.start)]
        if re.search(r"[.;:]\s", between):
            continue
        context = text[max(0, min(v.start(), d.start) - 40) : max(v.end(), d.end) + 40]
        if re.search(
            r"\b(?:wordt|worden|zal|zullen|gaan|gaat)\s+(?:\w+\s+){0,3}$",
            text[max(0, v.start() - 40) : v.start()],
            re.I,
        ):
            continue  # "De Tweede Kamer wordt geïnformeerd": not a letter that exists yet
        informs = v.group().lower().startswith(("informeer", "geïnformeerd", "geinformeerd", "bericht"))
        if informs and not rx["addressee"].search(context):
            continue
        if not informs and not (rx["to_council"].search(context) or rx["addressee"].search(context)):
            continue
        if best is None or abs(v.start() - d.start) < abs(best[0] - d.start):
            best = (v.start(), v.end())
    return best


# ---------------------------------------------------------------- the document
@dataclass
class _DocFacts:
    key: tuple[str, int, int]
    motie_numbers: set[str]
    own_paper: tuple[str, str] | None
    head_end: int
    titles: dict[str, tuple[str | None, str | None, str]] = field(default_factory=dict)
    found: dict[int, list[Candidate]] = field(default_factory=dict)  # filtered candidates by sentence start


_LAST: list[_DocFacts] = []


def _doc_facts(doc: DocContext) -> _DocFacts:
    """What is known of the whole document: its moties' numbers, its own kamerstuk, its letterhead."""
    key = (doc.name, len(doc.text), hash(doc.text))
    if _LAST and _LAST[0].key == key:
        return _LAST[0]
    from raadsbrieven.extractors import motie  # a sibling extractor: the moties' own numbers

    numbers = {canonical(n) for s in doc.sentences for n in motie.numbers_in(s.text)}
    numbers.update(
        canonical(f.number)
        for s in doc.sentences
        if s.text.lstrip().startswith("(")
        for f in motie._continued(s, doc)
        if f.number
    )
    foot = OWN_FOOTER.search(doc.text[-1500:]) or OWN_FOOTER.search(doc.text[:1500])
    own = (_squeeze(foot.group("d")), foot.group("n") or foot.group("l")) if foot else None
    facts = _DocFacts(key, numbers, own, _letterhead_end(doc.text))
    _LAST[:] = [facts]
    if doc.info.meeting_record:
        return facts  # a decision list repeats its items' titles as decisions, not as references
    for sentence in doc.sentences:  # titles that the document dates or numbers somewhere
        facts.found[sentence.start] = _base_candidates(sentence, doc, facts)
        for c in facts.found[sentence.start]:
            if c.cue == "citation_year":
                continue
            title = _with_previous_line(c.title, c, sentence, doc) if c.title else None
            core = _core_title(title) if title and (c.date or c.kenmerk) else None
            if core and core.lower() not in facts.titles:
                facts.titles[core.lower()] = (c.date, c.kenmerk, core)
    return facts


def _core_title(title: str) -> str | None:
    """'Bijlage 6 Mobiliteitsscan Erotisch Centrum' -> 'Mobiliteitsscan Erotisch Centrum'."""
    t = re.sub(r"^\s*bijlagen?\s*\d*[a-z]?\s*(?:_\w+_)?\s*", "", title, flags=re.I)
    t = re.sub(r"^(?:(?:de|het|een|van het college|inzake)\s+)+", "", t, flags=re.I)
    t = re.sub(rf"^(?:{_alt(_words()['nouns'])})\s+(?=[A-Z‘“'\"])", "", t, flags=re.I)
    t = t.strip(" ‘’“”\"',:-–")
    words = t.split()
    if len(words) < 2 or len(t) < 12 or not t[:1].isupper() or len(t) > 120:
        return None
    if all(w[:1].isupper() for w in words) and len(words) <= 2:
        return None  # "Gemeente Amsterdam": a name, not a title
    return t


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text or "").upper()


def _letterhead_end(text: str) -> int:
    """The end of the letterhead: the salutation, or the line after 'Onderwerp'/'Betreft'."""
    m = re.search(r"^\s*(?:Geachte|Beste|Aan de (?:leden|voorzitter))\b", text[:4000], re.M | re.I)
    if m:
        return m.start()
    m = re.search(r"^\s*(?:Onderwerp|Betreft)\b.*$", text[:3000], re.M | re.I)
    return m.end() if m else 0


def _excluded(c: Candidate, sentence: Sentence, doc: DocContext, info: _DocFacts) -> bool:
    if c.kenmerk is None:
        return False
    if c.cue in ("ris", "kamerstuk") and _motie_number(c, info):
        return True
    if sentence.start + c.start < info.head_end and len(sentence.text) < 120:
        return True  # the letterhead's own number
    if sentence.start < 2500 and _letterhead_like(sentence.text, c):
        return True
    if info.own_paper and c.cue == "kamerstuk" and canonical(c.kenmerk) == "-".join(info.own_paper):
        return True
    if OWN_FOOTER.search(sentence.text):
        return True
    return False


def canonical(number: str | None) -> str:
    """One spelling for a paper's number: 'Kamerstuk 30 372, nr. 35', '30372-35' -> '30372-35'."""
    key = _squeeze(number)
    key = re.sub(r"^KAMERSTUK(?:KEN)?", "", key)
    key = re.sub(r",?NR\.?|,", "-", key)
    return re.sub(r"-+", "-", key).strip("-")


def _letterhead_like(text: str, c: Candidate) -> bool:
    """A number standing alone near the top, or among the letterhead's labels, is the letter's own."""
    rest = (text[: c.start] + " " + text[c.end :]).strip()
    bracketed = text[: c.start].rstrip().endswith("(")
    if c.cue in ("ris", "voordracht") and not bracketed and len(re.findall(r"\b[a-z]{3,}\b", rest)) <= 2:
        return True
    return len(text) < 200 and bool(re.search(_words()["letterhead"], text, re.I))


def _motie_number(c: Candidate, info: _DocFacts) -> bool:
    return canonical(c.kenmerk) in info.motie_numbers


def _merge(cands: list[Candidate], text: str) -> list[Candidate]:
    """A date and a number of the same paper are one reference: 'brief van 8 april 2010 (Kamerstuk ...)'."""
    cands = sorted(cands, key=lambda c: (c.start, -c.end))
    out: list[Candidate] = []
    for c in cands:
        if (
            out
            and c.start < out[-1].end
            and c.end <= out[-1].end
            and (c.is_code == out[-1].is_code or c.is_code is False)
        ):
            prev = out[-1]
            if c.is_code and not prev.kenmerk:
                prev.kenmerk = c.kenmerk
            continue  # inside the previous one
        if (
            out
            and not c.is_code
            and not out[-1].is_code
            and c.cue == "verb_date"
            and re.fullmatch(r"\s*,\s*(?:\w+\s+)?\w*(?:\s+op)?\s*", text[out[-1].end : c.anchor[0]])
        ):
            out[-1].end = max(out[-1].end, c.end)  # "e-mail van 12 april 2023, ontvangen 12 april 2023"
            continue
        if out:
            prev = out[-1]
            gap = text[prev.end : c.start] if c.start >= prev.end else ""
            joinable = (prev.is_code != c.is_code) and (
                c.start < prev.end
                or re.fullmatch(r"[\s,(]*(?:gedrukt onder|zie|d\.\s?d\.|op|van)?[\s,(]*", gap)
            )
            if joinable:
                prev.end = max(prev.end, c.end)
                prev.date = prev.date or c.date
                prev.kenmerk = prev.kenmerk or c.kenmerk
                prev.title = prev.title or c.title
                prev.marks += [m for m in c.marks if m not in prev.marks] + ["merged"]
                if c.is_code:
                    prev.cue = prev.cue + "+" + c.cue
                continue
        out.append(c)
    return out


def _number_of_item(cands: list[Candidate], text: str) -> list[Candidate]:
    """'de brief van de Minister d.d. 4 juli 2014 inzake X (Kamerstuk 31 142, nr. 42);': the number at
    the end of a listed letter is that letter's; a date in its title ('op 19 maart') is none."""
    out = list(cands)
    for c in cands:
        if (
            not any(o is c for o in out)
            or c.cue not in ("kamerstuk", "dossier")
            or c.date
            or not text[: c.start].rstrip().endswith("(")
        ):
            continue
        head = next(
            (
                p
                for p in out
                if p.cue == "noun_date"
                and not p.kenmerk
                and p.end <= c.start
                and re.match(
                    r"\s*(?:inzake|over|betreffende|met betrekking tot)\b", text[p.end : c.start], re.I
                )
                and not re.search(r"[;()]|\.\s", text[p.end : c.start].rstrip(" ("))
            ),
            None,
        )
        if head is None:
            continue
        between = [p for p in out if head.end <= p.start and p.end <= c.start and not p.is_code]
        out = [p for p in out if p is not c and not any(p is b for b in between)]
        head.kenmerk, head.end = c.kenmerk, c.end + (1 if text[c.end : c.end + 1] == ")" else 0)
        head.marks.append("merged")
    return out


def candidates(sentence: Sentence, doc: DocContext, raw: bool = False) -> list[Candidate]:
    """The references in a sentence; with `raw`, every candidate before the learned filter weighs it."""
    info = _doc_facts(doc)
    cached = None if raw else info.found.get(sentence.start)
    found = [replace(c) for c in cached] if cached is not None else _base_candidates(sentence, doc, info, raw)
    indexed = _indexed(sentence.text, found, info)
    if not raw:
        indexed = [c for c in indexed if keep(c, sentence.text)]
    return sorted(found + indexed, key=lambda c: c.start)


def _indexed(text: str, found: list[Candidate], info: _DocFacts) -> list[Candidate]:
    """A title the document dates or numbers elsewhere: 'In de Mobiliteitsscan Erotisch Centrum'."""
    out: list[Candidate] = []
    low = text.lower()
    for key, (value, kenmerk, title) in info.titles.items():
        for m in list(re.finditer(rf"(?<!\w){re.escape(key)}(?!\w)", low))[-1:]:  # once per sentence
            s, e = m.span()
            taken = found + out
            if any(s < c.end and c.start < e for c in taken) or any(0 <= c.start - e <= 4 for c in taken):
                continue
            out.append(
                Candidate(s, e, "title_index", date=value, kenmerk=kenmerk, title=title, anchor=(s, e))
            )
    return out


def _base_candidates(
    sentence: Sentence, doc: DocContext, info: _DocFacts, raw: bool = False
) -> list[Candidate]:
    text = sentence.text
    if not QUICK.search(text):  # no digit, month, "heden" or parallel letter: only a title cut off its number
        return [c for c in _continued_code(sentence, doc) if not _motie_number(c, info)]
    ref = doc.info.ref or to_date(doc.date)
    codes = [c for c in _codes(text) if not _excluded(c, sentence, doc, info)]
    for c in codes:
        if c.title is None and c.cue in ("ris", "kamerstuk", "voordracht", "kenmerk"):
            pos = c.start
            if text[:pos].rstrip().endswith("("):
                pos = len(text[:pos].rstrip()) - 1
            if c.cue == "ris":
                c.title = _title_before(text, pos)
            elif t := TITLE_BEFORE_KENMERK.search(text[: c.start]):
                c.title = t.group("t")
    dates = [
        d for d in _dates(text, ref) if all(d.end <= c.anchor[0] or d.start >= c.anchor[1] for c in codes)
    ]
    for c in codes:  # "(Handelingen II ..., nr. 70, 31 maart 2010)", "21 november 2014, Kamerstuk 33 900, A"
        for d in dates:
            if d.kind != "year" and (
                re.fullmatch(r"\s*,\s*", text[c.end : d.start])
                and re.match(r"\s*\)", text[d.end :])
                or re.fullmatch(r"\s*,\s*", text[d.end : c.start])
                and not text[: d.start].strip(" (")
            ):
                c.date = c.date or d.value
                c.start, c.end = min(c.start, d.start), max(c.end, d.end)
    codes += [c for c in _continued_code(sentence, doc) if not _motie_number(c, info)]
    longer = _with_next_line(sentence, doc)
    if longer != text:  # "Bijlage 5 Inpassingsonderzoek (8 december" | "2022)": the date runs on
        dates = [
            d
            for d in _dates(longer, ref)
            if d.start < len(text) and all(d.end <= c.anchor[0] or d.start >= c.anchor[1] for c in codes)
        ]
    found = _date_candidates(longer, dates, ref, doc.date)
    for f in found:
        f.end = min(f.end, len(text))
    found = [f for f in found if f.start < f.end and not any(_in_title_of(text, f, c) for c in codes)]
    found += _parallel(text, doc) + _copy_of(text, doc)
    _day_from_document(found, sentence, doc, ref)
    if not raw:
        found = [f for f in found if keep(f, text)]
    return _merge(_number_of_item(sorted(codes + found, key=lambda c: c.start), text), text)


def _neighbour(sentence: Sentence, doc: DocContext, step: int) -> Sentence | None:
    """The sentence before (-1) or after (+1) when it continues the same line of text."""
    i = sentence.index + step
    if not (0 <= i < len(doc.sentences)) or doc.sentences[sentence.index].start != sentence.start:
        return None
    other = doc.sentences[i]
    gap = doc.text[min(other.end, sentence.end) : max(other.start, sentence.start)]
    return other if len(gap.strip()) == 0 and gap.count("\n") <= 2 else None


def _with_next_line(sentence: Sentence, doc: DocContext) -> str:
    """A bracket left open at the end of a line, closed on the next one: read both."""
    text = sentence.text
    if text.count("(") <= text.count(")"):
        return text
    nxt = _neighbour(sentence, doc, 1)
    if nxt is None or len(nxt.text) > 60 or ")" not in nxt.text:
        return text
    return text + " " + nxt.text[: nxt.text.index(")") + 1]


def _with_previous_line(title: str, c: Candidate, sentence: Sentence, doc: DocContext) -> str:
    """A title that starts a line may have begun on the line before ('Erotisch' | 'Centrum (23 oktober)')."""
    if c.start > 2:
        return title
    prev = _neighbour(sentence, doc, -1)
    if prev is None or len(prev.text) > 120 or re.search(r"[.?!:;)]\s*$", prev.text):
        return title
    return prev.text.strip() + " " + title


def _parallel(text: str, doc: DocContext) -> list[Candidate]:
    """'Tegelijk met deze brief ontvangt u ook brieven over ...': letters of the same date."""
    p = PARALLEL.search(text)
    if not p or not doc.date:
        return []
    out = []
    for n in _regexes()["noun"].finditer(text):
        if p.start() <= n.start() < p.end() or re.search(r"\b(?:deze|dit)\s+$", text[: n.start()], re.I):
            continue
        end = re.search(
            r"[,;.(]|\s+(?:die|dat|welke)\s|\s+en\s+(?=over\s|inzake\s|de\s|het\s|een\s)|$", text[n.end() :]
        )
        e = n.end() + (end.start() if end else 0)
        about = re.match(r"\s*(?:over|inzake|met betrekking tot)\s+(?P<t>.+)", text[n.end() : e])
        out.append(
            Candidate(
                n.start(),
                e,
                "parallel",
                date=doc.date,
                title=about and about.group("t"),
                anchor=(n.start(), n.end()),
                marks=["date_parallel"],
            )
        )
        for more in re.finditer(r"\s+en\s+(?P<w>over|inzake)\s+(?P<t>[^,;.]+)", text[e : e + 200]):
            if more.start() > 0:  # "brieven over het prostitutiebeleid en over de sluitingstijden"
                break
            out.append(
                Candidate(
                    e + more.start("w"),
                    e + more.end(),
                    "parallel",
                    date=doc.date,
                    title=more.group("t"),
                    anchor=(e + more.start("w"), e + more.end("w")),
                    marks=["date_parallel"],
                )
            )
    return out


COPY_OF = re.compile(
    r"\bafschrift\s+van\s+(?:de|mijn)\s+brief\s+die\s+ik\s+(?:heden\s+|vandaag\s+)?aan\b[^.;]{0,120}?"
    r"\b(?:heb|hebben)\s+(?:gestuurd|gezonden|verzonden)",
    re.I,
)


def _copy_of(text: str, doc: DocContext) -> list[Candidate]:
    """'Hierbij stuur ik u een afschrift van de brief die ik aan de Tweede Kamer heb gestuurd': a letter
    of the same day as this one."""
    out = []
    for m in COPY_OF.finditer(text):
        if doc.date:
            s = m.start() + len("afschrift van ")
            out.append(
                Candidate(s, m.end(), "parallel", date=doc.date, anchor=(s, m.end()), marks=["date_parallel"])
            )
    return out


def _day_from_document(found: list[Candidate], sentence: Sentence, doc: DocContext, ref: date | None) -> None:
    """'zijn brief van de 27ste': the 27th the document named before ('de brief van 27 februari'), if any."""
    for c in found:
        m = DAY_OF_MONTH.fullmatch(sentence.text[c.anchor[0] : c.anchor[1]])
        if not (m and c.date):
            continue
        day = int(m.group("day"))
        before = doc.text[max(0, sentence.start - 30000) : sentence.start]
        named = [
            d.value
            for d in find_dates(before, ref)
            if len(d.value) == 10 and int(d.value[8:]) == day and (ref is None or d.value <= ref.isoformat())
        ]
        if named:
            c.date = named[-1]


def _continued_code(sentence: Sentence, doc: DocContext) -> list[Candidate]:
    """A title cut off from its number by a "?" or "!": "‘Waar zijn ze gebleven?’ | (RIS317952)"."""
    i = sentence.index
    if not re.search(r"[?!][’'”\"]?\s*$", sentence.text) or i + 1 >= len(doc.sentences):
        return []
    nxt = doc.sentences[i + 1]
    if nxt.start < sentence.end or nxt.start - sentence.end > 3:
        return []
    m = re.match(r"\s*\(\s*(?P<k>" + RIS.pattern + r")\s*\)", nxt.text)
    if not m:
        return []
    text = sentence.text.rstrip()
    start = _clause_start(text, len(text), limit=200)
    title = _title_before(text + " (", len(text) + 1)
    return [
        Candidate(
            start, len(text), "ris_continued", kenmerk=m.group("k"), title=title, anchor=(start, len(text))
        )
    ]


def _in_title_of(text: str, date_cand: Candidate, code: Candidate) -> bool:
    """A date inside the title of a listed paper ("Verslag op 12 maart - 21501-30-428") is no reference."""
    if code.cue != "kamerstuk" or not re.search(r"\s[-–]\s*$", text[max(0, code.start - 4) : code.start]):
        return False
    start = _clause_start(text, code.start - 3, limit=300)
    return start <= date_cand.start and date_cand.end <= code.start


# ---------------------------------------------------------------- the learned filter
FILTER_ROWS = PATTERNS / "letter_ref_filter.jsonl"
FILTER_THRESHOLD = 0.35
HARD_CUES = (
    "ris",
    "kamerstuk",
    "handelingen",
    "kenmerk",
    "voordracht",
    "staatsblad",
    "dossier",
    "ris_continued",
    "ecli",
    "register",
)


def context_of(c: Candidate, text: str) -> str:
    """The words around a candidate, digits folded: what the filter reads as character n-grams."""
    window = (
        text[max(0, c.start - 50) : c.start]
        + " [ "
        + text[c.start : c.end]
        + " ] "
        + text[c.end : c.end + 30]
    )
    return re.sub(r"\d", "0", re.sub(r"\s+", " ", window)).lower()


def features_of(c: Candidate, text: str) -> list[str]:
    """What the patterns saw, as tokens: the cue, the date's kind, nearby meeting or future words."""
    rx = _regexes()
    before = text[max(0, c.anchor[0] - 60) : c.anchor[0]]
    feats = [f"cue={part}" for part in c.cue.split("+")] + list(c.marks)
    feats += ["has_date"] if c.date else []
    feats += ["has_kenmerk"] if c.kenmerk else []
    feats += ["has_title"] if c.title else []
    feats += ["meeting_before"] if rx["meeting"].search(before) else []
    feats += ["future"] if re.search(r"\b(?:zal|zullen|wordt|worden|gaat|gaan)\b", text, re.I) else []
    feats += ["in_parens"] if "(" in text[max(0, c.anchor[0] - 60) : c.anchor[0]] else []
    feats += ["sentence_start"] if c.start <= 3 else []
    feats += [f"length={min(len(text) // 80, 4)}"]
    return feats


FILTER_MODEL = PATTERNS / "letter_ref_filter.npz"  # the filter fitted on FILTER_ROWS (eval/build_training.py)
FILTER_C = 2.0
FILTER_GRAMS = (3, 4, 5)


def _analyzer(row: dict) -> list[str]:
    ctx = row["context"]
    grams = [ctx[i : i + n] for n in FILTER_GRAMS for i in range(len(ctx) - n + 1)]
    return grams + ["F:" + f for f in row["features"]]


def filter_rows() -> list[dict]:
    import json

    if not FILTER_ROWS.exists():
        return []
    return [json.loads(line) for line in FILTER_ROWS.read_text(encoding="utf-8").splitlines() if line.strip()]


@dataclass(frozen=True)
class Filter:
    """The fitted filter: tf-idf of the context's n-grams and the marks, then a logistic regression."""

    features: Tfidf
    weights: np.ndarray
    bias: float

    def probability(self, row: dict) -> float:
        z = float((self.features.transform([row]) @ self.weights)[0]) + self.bias
        return 1.0 / (1.0 + math.exp(-z))


def fit_filter(rows: list[dict]) -> Filter | None:
    """Fit on the rows of the soft cues (scikit-learn); None when they hold a single label."""
    rows = [r for r in rows if r.get("cue", "").split("+")[0] not in HARD_CUES]
    labels = [int(r["label"]) for r in rows]
    if len(set(labels)) < 2:
        return None
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectoriser = TfidfVectorizer(analyzer=_analyzer, sublinear_tf=True, min_df=1)
    model = LogisticRegression(C=FILTER_C, class_weight="balanced", max_iter=2000)
    model.fit(vectoriser.fit_transform(rows), labels)
    features = Tfidf(vectoriser.vocabulary_, vectoriser.idf_, _analyzer)
    return Filter(features, model.coef_[0].copy(), float(model.intercept_[0]))


def filter_key() -> str:
    """What the shipped filter was fitted from: the rows and the settings."""
    import hashlib

    h = hashlib.sha256(FILTER_ROWS.read_bytes() if FILTER_ROWS.exists() else b"")
    h.update(repr((FILTER_C, FILTER_GRAMS, HARD_CUES)).encode())
    return h.hexdigest()


def save_filter(model: Filter, path: Path | None = None, key: str | None = None) -> Path:
    path = path or FILTER_MODEL
    terms = sorted(model.features.vocabulary, key=model.features.vocabulary.__getitem__)
    np.savez_compressed(
        path,
        key=np.array(key or filter_key()),
        terms=np.array(terms),
        idf=model.features.idf,
        weights=model.weights,
        bias=np.array(model.bias),
    )
    return path


def load_filter(path: Path | None = None, key: str | None = None) -> Filter | None:
    """The shipped filter, or None when there is none or it was fitted from other rows."""
    arrays = load_keyed(path or FILTER_MODEL, key or filter_key())
    if arrays is None:
        return None
    vocabulary = {str(t): i for i, t in enumerate(arrays["terms"])}
    return Filter(Tfidf(vocabulary, arrays["idf"], _analyzer), arrays["weights"], float(arrays["bias"]))


def write_filter(path: Path | None = None) -> Path | None:
    """Fit on all the filter rows and ship the result (eval/build_training.py calls this)."""
    model = fit_filter(filter_rows())
    return save_filter(model, path) if model is not None else None


@cache
def _filter_model(exclude_source: str | None = None) -> Filter | None:
    """The shipped filter (no fit, no scikit-learn), else one fitted here, without `exclude_source`."""
    if exclude_source is None:
        shipped = load_filter()
        if shipped is not None:
            return shipped
    return fit_filter(
        [r for r in filter_rows() if not (exclude_source and r.get("source") == exclude_source)]
    )


EXCLUDE_SOURCE: list[str] = []  # set by an evaluation that scores one source with a filter trained without it


def probability(c: Candidate, text: str) -> float:
    """P(a reference) for a date-based candidate; 1.0 when no filter is trained."""
    model = _filter_model(EXCLUDE_SOURCE[0] if EXCLUDE_SOURCE else None)
    if model is None:
        return 1.0
    return model.probability({"context": context_of(c, text), "features": features_of(c, text)})


def flagged(c: Candidate) -> bool:
    """A pattern rule speaks against the candidate (a period word, a future date, the letter's own date)."""
    return any(m.startswith("rule_") for m in c.marks)


def keep(c: Candidate, text: str) -> bool:
    """Hard evidence (a kenmerk, a kamerstuk, a RIS number) stays; a date-based candidate is weighed."""
    if c.kenmerk is not None or c.cue.split("+")[0] in HARD_CUES:
        return True
    if flagged(c):
        return False
    return probability(c, text) >= FILTER_THRESHOLD


def extract(sentence: Sentence, doc: DocContext) -> list[Fact]:
    facts: list[Fact] = []
    for c in candidates(sentence, doc):
        if c.date is None and c.kenmerk is None:
            continue
        s, e = c.start, c.end
        text = sentence.text
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        facts.append(
            Fact(
                kind=KIND,
                text=text[s:e],
                start=sentence.start + s,
                end=sentence.start + e,
                date=c.date,
                kenmerk=c.kenmerk,
                title=c.title,
            )
        )
    return facts
