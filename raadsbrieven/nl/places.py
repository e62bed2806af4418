"""Organisations and places named in a text, from gazetteers per municipality.

`nl/data/<gemeente>.json` holds a municipality's wijken, buurten and organisations, `nl/data/nl.json`
the national ones. A `Span` is what was found: its offsets in the text and its canonical name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from raadsbrieven.nl.lexicon import DATA, load


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    value: str
    kind: str = "named"  # orgs: named (carries over to later sentences), collective, generic


@cache
def municipalities() -> dict[str, str]:
    """Known municipality names (lower case) -> gazetteer file stem."""
    known = {}
    for path in DATA.glob("*.json"):
        data = load(path.stem)
        if isinstance(data, dict) and data.get("municipality"):
            known[data["municipality"].lower()] = path.stem
    return known


def gazetteer(municipality: str | None) -> list[dict]:
    """The municipality's gazetteer (if we have one) and the national one."""
    stem = municipalities().get((municipality or "").lower())
    return ([load(stem)] if stem else []) + [load("nl")]


@cache
def _alias_re(alias: str) -> re.Pattern[str]:
    flags = 0 if any(c.isupper() for c in alias) else re.IGNORECASE
    body = r"\s+".join(re.escape(w) for w in alias.split())
    return re.compile(rf"(?<![\w-]){body}(?![\w-])", flags)


def _find(text: str, table: dict[str, list[str]], kind: str = "named") -> list[Span]:
    found = []
    for name, aliases in table.items():
        for alias in aliases:
            found += [Span(m.start(), m.end(), name, kind) for m in _alias_re(alias).finditer(text)]
    return _non_overlapping(found)


def _non_overlapping(found: list[Span]) -> list[Span]:
    chosen: list[Span] = []
    for m in sorted(found, key=lambda m: (-(m.end - m.start), m.start)):
        if all(m.end <= c.start or m.start >= c.end for c in chosen):
            chosen.append(m)
    return sorted(chosen, key=lambda m: m.start)


def find_orgs(text: str, municipality: str | None) -> list[Span]:
    return list(_orgs(text, municipality))


def find_places(text: str, municipality: str | None) -> list[Span]:
    return list(_places(text, municipality))


# Remembered: the context of every figure reads its sentence and the sentences before it again, and
# each look-up runs every alias of the gazetteers over the text.
@lru_cache(maxsize=4096)
def _orgs(text: str, municipality: str | None) -> tuple[Span, ...]:
    found: list[Span] = []
    for g in gazetteer(municipality):
        found += _find(text, g.get("orgs", {}))
        found += _find(text, g.get("collective_orgs", {}), "collective")
        found += _find(text, g.get("generic_orgs", {}), "generic")
    return tuple(_non_overlapping(found))


@lru_cache(maxsize=4096)
def _places(text: str, municipality: str | None) -> tuple[Span, ...]:
    orgs = _orgs(text, municipality)
    found: list[Span] = []
    for g in gazetteer(municipality):
        found += _find(text, g.get("places", {}))
        if g.get("municipality"):
            found += _find(text, {g["municipality"]: g.get("aliases", [])})
    found = _non_overlapping(found)
    return tuple(p for p in found if all(p.end <= o.start or p.start >= o.end for o in orgs))


def place_groups(text: str, places: list[Span]) -> list[Span]:
    """Places listed together ("Noordwest, Overvecht en Oost") become one mention."""
    groups: list[list[Span]] = []
    for p in places:
        if groups and re.fullmatch(
            r"\s*(?:,|en|&|of)\s*|\s*,\s*(?:en\s+)?", text[groups[-1][-1].end : p.start]
        ):
            groups[-1].append(p)
        else:
            groups.append([p])
    merged = []
    for g in groups:
        names = list(dict.fromkeys(p.value for p in g))
        merged.append(Span(g[0].start, g[-1].end, ", ".join(names)))
    return merged


# ---------------------------------------------------------------- document-level facts (cached)


def guess_municipality(text: str) -> str | None:
    """The known municipality named most often (at least three times), if any."""
    best, count = None, 2
    for name, stem in municipalities().items():
        aliases = load(stem).get("aliases", []) or [name]
        n = sum(len(_alias_re(a).findall(text)) for a in aliases)
        if n > count:
            best, count = load(stem)["municipality"], n
    return best


# ---------------------------------------------------------------- periods


def is_municipality(name: str | None) -> bool:
    """Not None and not a national body such as the Tweede Kamer."""
    return bool(name) and name not in load("nl").get("national_bodies", [])


# ---------------------------------------------------------------- subject
#
# `subject` is what the value measures, as a short Dutch phrase: the label of a fact and of a
# series. Rules on plain word tokens, nearest evidence first:
#   1. a percentage of a group: "85% van de gezinnen <predicate>" -> "gezinnen <predicate>"; a
#      generic group ("in 30% van de gevallen") -> "gevallen waarin <rest of the clause>"; a value
#      in brackets after a share ("de helft (64%) van de trajecten ...") reads on after the bracket;
#   2. an amount followed by its noun: "30.000 euro compensatie" -> "compensatie";
#   3. the noun the value belongs to: "een tekort van 4,2 miljoen", "een taakstelling die oploopt
#      tot 16 miljoen", "sprints van drie weken" (a vague noun such as "bedrag" takes the rest);
#   4. durations: a waiting-time noun phrase ("de gemiddelde wachttijd tussen kennismaking en start
#      ondersteuning tussen de 5 en 9 weken");
#   5. "dat"/"dit"/"dit percentage", or a clause with nothing but the value ("in 2020 80%", "ten
#      opzichte van 11 procent"): the subject of the previous value of the same kind (a new "binnen
#      N weken" replaces the old one), else the gist of the previous clause, else of the previous
#      sentence;
