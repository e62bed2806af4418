"""Context for a numeric fact: subject, organisation, place and period, from its sentence, the
sentences before it, its heading and what the reading stage learnt of the document (`doc.info`).

Look-up order, nearest evidence first:
- period: right after the value ("39% in 2020"), earlier in the sentence, later in the sentence
  (not a comparison such as "dan in 2019"), the heading, the document ("Halfjaarrapportage 2021"),
  the year of the letter;
- org: a named organisation in the sentence, the heading, the previous sentences, the document's
  own organisation, a generic one ("buurtteam") in the sentence, the municipality;
- place: wijken/buurten in the sentence (a list "A, B en C" is kept whole), the heading, the city.
"""

from __future__ import annotations

import re

from raadsbrieven.model import DocContext, Fact, Sentence
from raadsbrieven.nl.lexicon import load
from raadsbrieven.nl.periods import find_periods, is_comparison
from raadsbrieven.nl.places import Span, find_orgs, find_places, is_municipality, place_groups
from raadsbrieven.nl.subject import subject_for


def period_for(text: str, start: int, end: int, sentence: Sentence, doc: DocContext) -> str | None:
    info = doc.info
    periods = [p for p in find_periods(text, info.ref) if p.end <= start or p.start >= end]
    for p in periods:  # "39% in 2020"
        if p.start >= end and re.fullmatch(
            r"\s*(?:in|over|per|eind)?\s*(?:het\s+|de\s+)?", text[end : p.start]
        ):
            return p.value
    before = [p for p in periods if p.end <= start and not is_comparison(text, p)]
    if before:
        return before[-1].value
    after = [p for p in periods if p.start >= end and not is_comparison(text, p)]
    if after:
        return after[0].value
    if sentence.heading:
        heading = find_periods(sentence.heading, info.ref)
        if heading:
            return heading[0].value
    if info.period:
        return info.period
    return str(info.ref.year) if info.ref else None


# ---------------------------------------------------------------- org, place, subject


def _nearest(mentions: list[Span], start: int, end: int) -> Span | None:
    before = [m for m in mentions if m.end <= start]
    if before:
        return before[-1]
    after = [m for m in mentions if m.start >= end]
    return after[0] if after else None


def _section(sentence: Sentence, doc: DocContext, n: int = 3) -> list[Sentence]:
    """Up to n previous sentences under the same heading, nearest first."""
    prev = [s for s in doc.previous(sentence, n) if s.heading == sentence.heading]
    return list(reversed(prev))


def org_for(text: str, start: int, end: int, sentence: Sentence, doc: DocContext) -> str | None:
    municipality = doc.info.gazetteer
    orgs = find_orgs(text, municipality)
    named = _nearest([o for o in orgs if o.kind != "generic"], start, end)
    if named:
        return named.value
    if sentence.heading:
        heading = [o for o in find_orgs(sentence.heading, municipality) if o.kind == "named"]
        if heading:
            return heading[-1].value
    for prev in _section(sentence, doc):
        found = [o for o in find_orgs(prev.text, municipality) if o.kind == "named"]
        if found:
            return found[-1].value
    if doc.info.org:
        return doc.info.org
    generic = _nearest([o for o in orgs if o.kind == "generic"], start, end)
    if generic:
        return generic.value
    return f"gemeente {municipality}" if is_municipality(municipality) else None


def place_for(text: str, start: int, end: int, sentence: Sentence, doc: DocContext) -> str | None:
    municipality = doc.info.gazetteer
    groups = place_groups(text, find_places(text, municipality))
    local = [g for g in groups if g.value != municipality]
    near = _nearest(local, start, end) or _nearest(groups, start, end)
    if near:
        return near.value
    if sentence.heading:
        heading = [g for g in find_places(sentence.heading, municipality) if g.value != municipality]
        if heading:
            return heading[-1].value
    if municipality in load("nl").get("national_bodies", []):
        return "Nederland"
    return municipality


def fill(fact: Fact, sentence: Sentence, doc: DocContext, start: int, end: int) -> None:
    """Fill subject, org, place and period; start/end are offsets of the value in the sentence."""
    text = sentence.text
    fact.subject = subject_for(
        text, start, end, fact.kind, _masked(text, doc), _previous_texts(sentence, doc)
    )
    fact.org = org_for(text, start, end, sentence, doc)
    fact.place = place_for(text, start, end, sentence, doc)
    fact.period = period_for(text, start, end, sentence, doc)


def _masked(text: str, doc: DocContext) -> list[tuple[int, int]]:
    """Periods and places in a sentence: they have fields of their own, so they stay out of subject."""
    info = doc.info
    spans = [(p.start, p.end) for p in find_periods(text, info.ref)]
    spans += [(p.start, p.end) for p in find_places(text, info.gazetteer)]
    return spans


def _previous_texts(sentence: Sentence, doc: DocContext) -> list[str]:
    """Up to three sentences before this one under the same heading, nearest first."""
    return [s.text for s in _section(sentence, doc) if not s.residue]
