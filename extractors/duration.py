"""Durations: `binnen 5 werkdagen`, `gemiddeld 2 tot 8 weken`, `16-24 weken`, `1,5 tot 2 jaar`,
`twee en een half jaar`, `een halfuur`, `langer dan 5 dagen` (at least 5).

A compound duration is one fact in its smaller unit: `1 jaar en 3 maanden` is 15 months, `3 weken en 2
dagen` 23 days, `2 uur en 15 minuten` 135 minutes (nl/data/units.json `duration_parts`); a pair that
does not convert exactly (`1 maand en 2 weken`) gives no fact rather than a wrong one. A range whose
ends have different units (`tussen 1 jaar en 18 maanden`) is read in the second unit when they convert.

Not durations: ages (`(0-4 jaar)`, `jongeren tussen de 10 en 18 jaar`, `tot 23 jaar`, `kinderen jonger
dan 4 jaar`, `toen de baby pas tien maanden was`), `24 uurs` care, frequencies and rates (`8 uur per
week`), clock times, and planning horizons (`de komende twee jaar`, `het afgelopen half jaar`), which
are left out.
"""

from __future__ import annotations

import re
from functools import cache

from raadsbrieven.extractors import context

from raadsbrieven.model import DocContext, Fact, Sentence
from raadsbrieven.nl.numbers import Quantity, find_quantities, load, phrases

KIND = "duration"
VERSION = "7"
NEEDS = context.NEEDS
ASSIGNS = (*context.VALUE_FIELDS, *context.FILLS)

HORIZON = re.compile(
    r"(?:komende|komend|afgelopen|voorbije|afgelopen|eerste|laatste|volgende|eerstvolgende|aankomende|"
    r"vorige|tweede|derde|vierde|resterende|overige)\s*$",
    re.IGNORECASE,
)
AGE_NOUNS = (
    r"(?:kind\w*|jong\w*|jeugdigen|jeugdige|leerlingen|mensen|personen|volwassenen|ouderen|studenten|"
    r"meisjes|jongens|baby(?:'?s)?|peuters|kleuters|tieners|inwoners|leeftijd\w*|mannen|vrouwen|zuigelingen|"
    r"pubers|dochter\w*|zoon|zonen|kleinkind\w*|pasgeborenen)"
)
AGE_BEFORE = re.compile(AGE_NOUNS + r"\b[^.;:]{0,25}$", re.IGNORECASE)
WAIT = re.compile(r"(?:wacht\w*|duur\w*|doorlooptijd\w*|termijn\w*|looptijd\w*)\W*$", re.IGNORECASE)
AGE_FORM = re.compile(
    r"^(?:tot|t/m|tot en met|tussen|tussen de|van|vanaf|onder de|boven de|jonger dan|ouder dan)$"
)
# A deadline given as a length is an upper bound: "de afhandelingstermijn (is) 6 weken", "de uiterste
# beslistermijn bedraagt in afwijking van het eerste lid twee weken"; not "met vier weken verdaagd" (an
# extension) nor "een termijn van 6 weken" (the length itself, as written).
LIMIT = re.compile(
    r"(?:\w*termijn|uiterste\s+\w*termijn)\s+(?:(?:is|bedraagt|was|wordt|geldt)\s+)?(?:[a-z]+\s+){0,6}?$",
    re.IGNORECASE,
)
# the deadline of the sentence before, named by a pronoun: "Voor raadsadressen is deze ruimer, namelijk"
REFERENCE = re.compile(r"(?:^|(?<!\w)(?:is|was|wordt|bedraagt|geldt)\s+)(?:deze|die)(?!\w)", re.IGNORECASE)
LIMIT_NOT = re.compile(r"(?<!\w)(?:met|van|dan|na|tot)\s*$", re.IGNORECASE)
# "toen de baby pas tien maanden was": a person, then the value, then a copula closing the clause
AGE_COPULA = re.compile(r"\s*(?:was|is|werd|wordt|waren|zijn|oud|jong)\s*(?:[,.;:)]|$)", re.IGNORECASE)


@cache
def unit_re() -> str:
    return rf"(?:{phrases(load('units')['duration'])})(?!\w)"


def unit_of(word: str) -> str:
    word = word.split()[-1] if word else word
    return load("units")["duration"].get(word, word)


def extract(sentence: Sentence, doc: DocContext) -> list[Fact]:
    facts = []
    text = sentence.text
    for q in find_quantities(text, unit_re()):
        if not is_duration(text, q):
            continue
        value = _value(q)
        if value is None:
            continue  # two units that do not add up exactly: no value rather than a wrong one
        low, high, unit = value
        bound = q.bound
        if _limit(text, q) or _limit_by_reference(sentence, doc, q):
            low, bound = None, "within"  # "de uiterste beslistermijn bedraagt twee weken": at most
        start, end = sentence.start + q.start, sentence.start + q.end
        fact = Fact(
            kind=KIND, text=doc.text[start:end], start=start, end=end,
            low=low, high=high, unit=unit, approx=q.approx, bound=bound,
        )  # fmt: skip
        context.fill(fact, sentence, doc, q.number_start, q.end)
        facts.append(fact)
    return facts


def _limit(text: str, q: Quantity) -> bool:
    """An exact length that a deadline noun before it makes an upper bound (`LIMIT`), unless the
    sentence extends or exceeds the deadline by it ("de termijn is twee weken verlengd")."""
    before, after = text[: q.start], text[q.end : q.end + 30]
    if q.bound != "exact" or not LIMIT.search(before) or LIMIT_NOT.search(before):
        return False
    return not _extends(after)


def _limit_by_reference(sentence: Sentence, doc: DocContext, q: Quantity) -> bool:
    """`De afhandelingstermijn is 6 weken. Voor raadsadressen is deze ruimer, namelijk 8 weken.`: `deze`
    (`die`) after the verb or opening the sentence stands for the deadline of the sentence before."""
    text = sentence.text
    before, after = text[: q.start], text[q.end : q.end + 30]
    if q.bound != "exact" or not REFERENCE.search(before) or LIMIT_NOT.search(before) or _extends(after):
        return False
    previous = doc.previous(sentence)
    if not previous:
        return False
    prev = previous[0].text
    return any(is_duration(prev, p) and _limit(prev, p) for p in find_quantities(prev, unit_re()))


def _extends(after: str) -> bool:
    return bool(re.match(r"\s*(?:\w+\s+)?(?:verleng|verdaag|overschr|opgeschort)", after, re.IGNORECASE))


def _value(q: Quantity) -> tuple[float | None, float | None, str] | None:
    """low, high and unit: a compound ("1 jaar en 3 maanden") in its smaller unit, a halfuur in hours."""
    scale = load("units")["duration_scale"]
    unit = unit_of(q.unit)
    low, high = (None if v is None else v * scale.get(q.unit.split()[-1], 1.0) for v in (q.low, q.high))
    if not q.first_unit:
        return low, high, unit
    first = unit_of(q.first_unit)
    if first == unit:
        return low, high, unit
    factor = load("units")["duration_parts"].get(first, {}).get(unit)
    if factor is None or q.first_unit.split()[-1] in scale:
        return None
    if q.first_value is not None:  # "1 jaar en 3 maanden" -> 15 months
        extra = q.first_value * factor
        low = None if low is None else low + extra
        high = None if high is None else high + extra
        return low, high, unit
    if q.bound == "range" and q.low is not None:  # "tussen 1 jaar en 18 maanden" -> 12 to 18 months
        low = q.low * factor
        return (low, high, unit) if high is not None and low <= high else None
    return None


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
        re.search(r"(?<!\w)om\s*$", before)
        or (q.bound == "range" and re.match(r"(?:tussen|van)", q.prefix))
        or re.match(r"\d{1,2}[.:]\d\d\s", text[q.number_start : q.end])
    ):
        return False  # "om 9 uur", "tussen 7 en 19 uur", "aanvang 17.00 uur": clock times
    if re.match(r"\s*(?:-|–)?\s*(?:jarig|uurs|daags|weeks)", after):
        return False  # "24-uurs zorg", "3-jarige"
    if q.bound == "exact" and re.match(
        r"\s*(?:aanwezig|bereikbaar|beschikbaar|open|geopend|toezicht)\b", after
    ):
        return False  # "24 uur aanwezig": availability, not a duration
    if is_age(before, after, q):
        return False
    if q.unit in ("jaar", "jaren"):
        if (
            q.bound == "range"
            and not WAIT.search(before[-80:])
            and not re.search(r"wacht|duur", before, re.I)
        ):
            return False  # "tussen de 10 en 18 jaar" is an age band unless waiting is the topic
    return True


def is_age(before: str, after: str, q: Quantity) -> bool:
    """`(0-4 jaar)`, `kinderen tot en met 6 jaar`, `kinderen jonger dan 4 jaar`, `jongeren tussen de 10
    en 18 jaar`, `toen de baby pas tien maanden was`."""
    opener = q.prefix
    if re.search(r"(?<!\w)(?:jonger|ouder)\s+dan(?!\w)", opener):
        return True  # "jonger dan drie maanden" is always an age
    if WAIT.search(before[-40:]):
        return False  # "wachttijden (1,5 tot 2 jaar)"
    if re.search(r"leeftijd", before[-40:], re.IGNORECASE):
        return True  # "een minimumleeftijd van 16 of 18 jaar"
    if AGE_BEFORE.search(before) and AGE_COPULA.match(after) and not re.search(r"wacht|duur", before, re.I):
        return True  # "toen de baby pas tien maanden was"
    if q.unit not in ("jaar", "jaren"):
        # months and weeks are ages only right after a person: "baby's tot 6 maanden"
        return bool(AGE_FORM.match(opener) and re.search(AGE_NOUNS + r"\s+$", before, re.IGNORECASE))
    if before.rstrip().endswith("(") and q.bound == "range":
        return True
    if AGE_BEFORE.search(before) and (AGE_FORM.match(opener) or q.bound == "range"):
        return True
    return bool(re.fullmatch(r"(?:tot|t/m|tot en met|vanaf|onder de|boven de)", opener))
