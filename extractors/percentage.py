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

KIND = "percentage"
VERSION = "4"
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
        start, end = sentence.start + q.start, sentence.start + q.end
        fact = Fact(
            kind=KIND, text=doc.text[start:end], start=start, end=end,
            low=q.low, high=q.high, unit="percent", approx=q.approx, bound=q.bound,
            change=is_change(sentence.text, q.start, q.end),
        )  # fmt: skip
        context.fill(fact, sentence, doc, q.number_start, q.end)
        facts.append(fact)
    return facts


def is_change(text: str, start: int, end: int) -> bool:
    """A change noun earlier in the clause, or a comparative right after the value."""
    h = load("hedges")
    before = text[max(0, start - 90) : start]
    before = re.split(r"[.;:!?]|\d", before)[-1].lower()
    if re.search(rf"(?<!\w)(?:{phrases(h['change_nouns'])})(?!\w)", before):
        return True
    after = text[end : end + 25].lower()
    return bool(re.match(rf"\s*(?:{phrases(h['change_after'])})(?!\w)", after))
