"""Percentages: `85%`, `86 procent`, `32% tot 60%`, `ruim 40%`, `een toename van 15%`.

`procentpunt` (a change in percentage points) is not a percentage. `change` is set when the
value is a change: a change noun before it ("een toename van 15%") or a comparative after it
("60 procent groter").
"""

from __future__ import annotations

import re

from raadsbrieven.extractors import context

from raadsbrieven.model import DocContext, Fact, Sentence
from raadsbrieven.nl.numbers import find_quantities, load, phrases
from raadsbrieven.nl.places import municipalities

KIND = "percentage"
VERSION = "7"
NEEDS = context.NEEDS
ASSIGNS = (*context.VALUE_FIELDS, *context.FILLS)

# "%" but not "%-punt" nor a URL escape like "%2F"; "procent" but not "procentpunt"
UNIT = (
    r"(?:%(?!\s*-?\s*punt)(?![0-9A-F]{2})"
    r"|(?:overige\s+|andere\s+|resterende\s+)?(?:procent|percent|pct\.?)(?!\w))"
)


def extract(sentence: Sentence, doc: DocContext) -> list[Fact]:
    facts = []
    for q in find_quantities(sentence.text, UNIT):
        if q.first_value is not None:
            continue  # "5 procent en 10%" written with two units: not one value
        if q.low == q.high == 100 and party_name(sentence.text, q.end, doc.municipality):
            continue  # "Marjet Woldhuis, 100% Groningen": a local party, not a share
        start, end = sentence.start + q.start, sentence.start + q.end
        fact = Fact(
            kind=KIND, text=doc.text[start:end], start=start, end=end,
            low=q.low, high=q.high, unit="percent", approx=q.approx, bound=q.bound,
            change=is_change(sentence.text, q.start, q.end),
        )  # fmt: skip
        context.fill(fact, sentence, doc, q.number_start, q.end)
        facts.append(fact)
    return facts


def party_name(text: str, end: int, municipality: str | None) -> bool:
    """The value opens a name: `100%` right before the name of a municipality (local parties)."""
    m = re.match(r"\s?([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?)", text[end:])
    if not m:
        return False
    names = {n.lower() for n in municipalities()} | {(municipality or "").lower()}
    words = m.group(1).lower().split()
    return any(" ".join(words[:n]) in names for n in (1, 2))


def is_change(text: str, start: int, end: int) -> bool:
    """A change noun earlier in the clause, or a comparative right after the value."""
    h = load("hedges")
    before = text[max(0, start - 90) : start]
    before = re.split(r"[.;:!?]|\d", before)[-1].lower()
    if re.search(rf"(?<!\w)(?:{phrases(h['change_nouns'])})(?!\w)", before):
        return True
    after = text[end : end + 25].lower()
    return bool(re.match(rf"\s*(?:{phrases(h['change_after'])})(?!\w)", after))
