"""References to other letters and documents.

"de raadsbrief van 9 maart 2020", "brief van 19 januari jl.", "(kenmerk: 8407467)",
"informeerden wij u op 3 november 2020", "vorige raadsbrief in november",
"Eind maart werd het toekomstscenario naar de Tweede Kamer gestuurd".
Fields: `date` (ISO at the precision given; a reference always points back in time),
`kenmerk`, `title`. A mention of the present letter ("deze brief") is not a reference,
nor is a letter without a date or kenmerk ("zie de raadsbrief").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from raadsbrieven.extractors import PATTERNS

from raadsbrieven.model import DocContext, Fact, Sentence
from raadsbrieven.nl.dates import MONTH_RE, MONTHS, find_dates, to_date
from raadsbrieven.nl.lexicon import load

KIND = "letter_ref"
VERSION = "1"
NEEDS = ("sentences",)


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    value: str


def _words() -> dict[str, list[str]]:
    return load("letter_ref", PATTERNS)


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@cache
def _regexes() -> dict[str, re.Pattern[str]]:
    w = _words()
    return {
        "noun": re.compile(rf"\b(?:{_alt(w['nouns'])})\b", re.I),
        "inform": re.compile(rf"\b(?:{_alt(w['inform_verbs'])})\b", re.I),
        "sent": re.compile(rf"\b(?:{_alt(w['sent_verbs'])})\b", re.I),
        "to_council": re.compile(
            rf"\b(?:naar|aan)\s+(?:{_alt([a for a in w['addressees'] if a != 'u'])})\b", re.I
        ),
        "addressee": re.compile(rf"\b(?:{_alt(w['addressees'])})\b", re.I),
        "own": re.compile(rf"\b(?:{_alt(w['own_letter'])})\b", re.I),
    }


KENMERK = re.compile(
    r"(?<!\bons )(?<!\buw )\bkenmerk(?:nummer)?\s*(?::\s*|\s+)"
    r"(?P<k>[A-Z0-9][\w./-]*\d[\w./-]*?)(?=[\s,;:)]|\.(?:\s|$)|$)",
    re.I,
)
# "vorige raadsbrief in november", "Eind maart", "in maart" (no year: the most recent one)
PAST_MONTH = re.compile(
    rf"\b(?:(?:eind|begin|medio|half|in|van)\s+)?(?P<month>{MONTH_RE})\b(?!\.?\s+(?:19|20)\d\d)", re.I
)
SEASON_YEAR = re.compile(
    r"\b(?:voorjaar|zomer|najaar|winter|begin|eind|medio)\s+(?:van\s+)?(?P<year>(?:19|20)\d\d)\b", re.I
)
# between a letter noun and its date: "van", "d.d.", "van Meerwerf d.d.", "van de minister van 3 mei"
LINK = re.compile(
    r"^[\s,]*(?:van\s+(?:de\s+|het\s+)?[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*){0,3}\s+)?(?:van|d\.d\.|dd|op|in|uit)?\s*(?:de\s+)?$"
)
TITLE_QUOTED = re.compile(r"^\s*,?\s*[‘'“\"](?P<t>[^’'”\"]{3,160})[’'”\"]")
TITLE_BEFORE_KENMERK = re.compile(
    r"\b(?:brief|notitie|memo|raadsbrief|raadsinformatiebrief)\s+(?P<t>[A-Z‘“'][^()]{2,100}?)\s*\(\s*$"
)


def _past(value: str, ref: date | None) -> str:
    """Move a date resolved without a year back one year when it lies after the letter."""
    if ref is None or value[:10] <= ref.isoformat()[: len(value)]:
        return value
    return f"{int(value[:4]) - 1:04d}{value[4:]}"


def _dates(text: str, ref: date | None) -> list[_Span]:
    spans = [
        _Span(d.start, d.end, _past(d.value, ref) if d.relative else d.value) for d in find_dates(text, ref)
    ]

    def free(s: int, e: int) -> bool:
        return all(e <= d.start or s >= d.end for d in spans)

    for m in SEASON_YEAR.finditer(text):
        if free(m.start(), m.end()):
            spans.append(_Span(m.start(), m.end(), m.group("year")))
    if ref is not None:
        for m in PAST_MONTH.finditer(text):
            if free(m.start("month"), m.end("month")):
                month = MONTHS[m.group("month").lower()]
                year = ref.year if month <= ref.month else ref.year - 1
                spans.append(_Span(m.start(), m.end(), f"{year:04d}-{month:02d}"))
    return sorted(spans, key=lambda s: s.start)


def _fact(sentence: Sentence, s: int, e: int, **fields: str | None) -> Fact:
    return Fact(
        kind=KIND,
        text=sentence.text[s:e],
        start=sentence.start + s,
        end=sentence.start + e,
        **fields,  # type: ignore[arg-type]
    )


def extract(sentence: Sentence, doc: DocContext) -> list[Fact]:
    text = sentence.text
    rx = _regexes()
    ref = to_date(doc.date)
    dates = _dates(text, ref)
    facts: list[Fact] = []
    used: list[tuple[int, int]] = []

    # 1. a letter noun followed by its date: "raadsbrief van 9 maart 2020"
    for noun in rx["noun"].finditer(text):
        if re.search(r"\b(?:deze|dit|onderhavige|bijgaande)\s+$", text[: noun.start()], re.I):
            continue
        for d in dates:
            if d.start >= noun.end() and LINK.match(text[noun.end() : d.start]):
                title = TITLE_QUOTED.match(text[d.end :])
                facts.append(
                    _fact(sentence, noun.start(), d.end, date=d.value, title=title and title.group("t"))
                )
                used.append((noun.start(), d.end))
                break

    # 2. a kenmerk: "(kenmerk: 8407467)", "brief van Meerwerf d.d. 1 mei 2015, kenmerk 442/BEST-B"
    for m in KENMERK.finditer(text):
        near = [f for f in facts if 0 <= m.start() - (f.end - sentence.start) <= 40]
        if near:
            near[-1].kenmerk = m.group("k")
            continue
        title = TITLE_BEFORE_KENMERK.search(text[: m.start()])
        facts.append(
            _fact(sentence, m.start("k"), m.end("k"), kenmerk=m.group("k"), title=title and title.group("t"))
        )
        used.append((m.start(), m.end()))

    # 3. informing or sending in the past, with a date: "informeerden wij u op 3 november 2020"
    for d in dates:
        if any(not (d.end <= a or d.start >= b) for a, b in used):
            continue
        verb = _verb_near(text, d)
        if verb is None:
            continue
        s, e = min(verb[0], d.start), max(verb[1], d.end)
        if rx["own"].search(text[s:e]):
            continue
        facts.append(_fact(sentence, s, e, date=d.value))
        used.append((s, e))
    return facts


def _verb_near(text: str, d: _Span, window: int = 110) -> tuple[int, int] | None:
    """An informing/sending verb near a date, with the council (or a letter) as addressee."""
    rx = _regexes()
    lo, hi = max(0, d.start - window), min(len(text), d.end + window)
    if re.search(
        r"\b(?:sinds|vanaf|tot|per|t/m|tot en met|vóór|voor|uiterlijk|na)\s*$",
        text[max(0, d.start - 12) : d.start],
        re.I,
    ):
        return None  # a period or a deadline, not the date of a letter
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
        if not informs and not (rx["to_council"].search(context) or rx["noun"].search(context)):
            continue
        if best is None or abs(v.start() - d.start) < abs(best[0] - d.start):
            best = (v.start(), v.end())
    return best
