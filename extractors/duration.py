"""Durations: `binnen 5 werkdagen`, `gemiddeld 2 tot 8 weken`, `16-24 weken`, `1,5 tot 2 jaar`.

Not durations: ages (`(0-4 jaar)`, `jongeren tussen de 10 en 18 jaar`, `tot 23 jaar`),
`24 uurs` care, frequencies and rates (`8 uur per week`), and planning horizons
(`de komende twee jaar`, `het afgelopen half jaar`), which are left out.
"""

from __future__ import annotations

import re

from raadsbrieven.extractors import context

from raadsbrieven.model import DocContext, Fact, Sentence
from raadsbrieven.nl.numbers import Quantity, find_quantities, load, phrases

KIND = "duration"
VERSION = "1"
NEEDS = ("sentences",)

HORIZON = re.compile(
    r"(?:komende|komend|afgelopen|voorbije|afgelopen|eerste|laatste|volgende|eerstvolgende|aankomende|"
    r"vorige|tweede|derde|vierde|resterende|overige)\s*$",
    re.IGNORECASE,
)
AGE_BEFORE = re.compile(
    r"(?:kind\w*|jong\w*|jeugdigen|jeugdige|leerlingen|mensen|personen|volwassenen|ouderen|studenten|"
    r"meisjes|jongens|baby'?s|peuters|tieners|inwoners|leeftijd\w*|mannen|vrouwen|zuigelingen|pubers)"
    r"\b[^.;:]{0,25}$",
    re.IGNORECASE,
)
WAIT = re.compile(r"(?:wacht\w*|duur\w*|doorlooptijd\w*|termijn\w*|looptijd\w*)\W*$", re.IGNORECASE)
AGE_FORM = re.compile(
    r"^(?:tot|t/m|tot en met|tussen|tussen de|van|vanaf|onder de|boven de|jonger dan|ouder dan)$"
)


def unit_re() -> str:
    return rf"(?:{phrases(load('units')['duration'])})(?!\w)"


def extract(sentence: Sentence, doc: DocContext) -> list[Fact]:
    facts = []
    text = sentence.text
    for q in find_quantities(text, unit_re()):
        if not is_duration(text, q):
            continue
        unit = load("units")["duration"].get(q.unit.split()[-1], q.unit)
        low, high, bound = q.low, q.high, q.bound
        if bound in ("at_least", "at_most") and re.search(r"dan de$", q.prefix):
            # "langer dan de 5 dagen waarnaar gestreefd wordt": the norm, within 5 days
            low, high, bound = None, q.low if q.low is not None else q.high, "within"
        start, end = sentence.start + q.start, sentence.start + q.end
        fact = Fact(
            kind=KIND, text=doc.text[start:end], start=start, end=end,
            low=low, high=high, unit=unit, approx=q.approx, bound=bound,
        )  # fmt: skip
        context.fill(fact, sentence, doc, q.number_start, q.end)
        facts.append(fact)
    return facts


def is_duration(text: str, q: Quantity) -> bool:
    before = text[: q.start]
    after = text[q.end : q.end + 30]
    if HORIZON.search(before) or re.search(r"(?:komende|afgelopen|eerste)\s+", q.prefix):
        return False  # a planning horizon or a period name, not a waiting time
    if re.match(r"\s*(?:per|in\s+de|in\s+het|p\.)\s", after) or re.match(
        r"\s*(?:oud|geleden|terug)\b", after
    ):
        return False  # "8 uur per week", "16 jaar oud"
    if re.search(r"(?<!\w)per\s*$", before):
        return False  # "eens per twee maanden": a frequency
    if q.unit in ("uur", "uren") and (
        re.search(r"(?<!\w)om\s*$", before) or (q.bound == "range" and re.match(r"(?:tussen|van)", q.prefix))
    ):
        return False  # "om 9 uur", "tussen 7 en 19 uur": clock times
    if re.match(r"\s*(?:-|–)?\s*(?:jarig|uurs|daags|weeks)", after):
        return False  # "24-uurs zorg", "3-jarige"
    if q.bound == "exact" and re.match(
        r"\s*(?:aanwezig|bereikbaar|beschikbaar|open|geopend|toezicht)\b", after
    ):
        return False  # "24 uur aanwezig": availability, not a duration
    if q.unit in ("jaar", "jaren"):
        if (
            q.bound == "range"
            and not WAIT.search(before[-80:])
            and not re.search(r"wacht|duur", before, re.I)
        ):
            return False  # "tussen de 10 en 18 jaar" is an age band unless waiting is the topic
        return not is_age(before, q)
    return True


def is_age(before: str, q: Quantity) -> bool:
    """`(0-4 jaar)`, `kinderen tot en met 6 jaar`, `jongeren tussen de 10 en 18 jaar`."""
    opener = q.prefix
    if WAIT.search(before[-40:]):
        return False  # "wachttijden (1,5 tot 2 jaar)"
    if re.search(r"leeftijd", before[-40:], re.IGNORECASE):
        return True  # "een minimumleeftijd van 16 of 18 jaar"
    if before.rstrip().endswith("(") and q.bound == "range":
        return True
    if AGE_BEFORE.search(before) and (AGE_FORM.match(opener) or q.bound == "range"):
        return True
    return bool(re.fullmatch(r"(?:tot|t/m|tot en met|vanaf|onder de|boven de)", opener))
