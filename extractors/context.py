"""Context for a numeric fact: subject, organisation, place and period.

Organisations and places come from gazetteers per municipality (`gazetteers/<gemeente>.json`,
plus `gazetteers/nl.json` for national ones); period expressions from `gazetteers/periods.json`.
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
from dataclasses import dataclass
from datetime import date
from functools import cache

from extractors.base import DocContext, Sentence
from extractors.dates import MONTHS, find_dates, to_date
from extractors.numbers import GAZETTEERS, load
from raadsbrieven.facts import Fact

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    value: str
    kind: str = "named"  # orgs: named (carries over to later sentences), collective, generic


# ---------------------------------------------------------------- gazetteers


@cache
def municipalities() -> dict[str, str]:
    """Known municipality names (lower case) -> gazetteer file stem."""
    known = {}
    for path in GAZETTEERS.glob("*.json"):
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


def _find(text: str, table: dict[str, list[str]], kind: str = "named") -> list[Mention]:
    found = []
    for name, aliases in table.items():
        for alias in aliases:
            found += [Mention(m.start(), m.end(), name, kind) for m in _alias_re(alias).finditer(text)]
    return _non_overlapping(found)


def _non_overlapping(found: list[Mention]) -> list[Mention]:
    chosen: list[Mention] = []
    for m in sorted(found, key=lambda m: (-(m.end - m.start), m.start)):
        if all(m.end <= c.start or m.start >= c.end for c in chosen):
            chosen.append(m)
    return sorted(chosen, key=lambda m: m.start)


def find_orgs(text: str, municipality: str | None) -> list[Mention]:
    found: list[Mention] = []
    for g in gazetteer(municipality):
        found += _find(text, g.get("orgs", {}))
        found += _find(text, g.get("collective_orgs", {}), "collective")
        found += _find(text, g.get("generic_orgs", {}), "generic")
    return _non_overlapping(found)


def find_places(text: str, municipality: str | None) -> list[Mention]:
    orgs = find_orgs(text, municipality)
    found: list[Mention] = []
    for g in gazetteer(municipality):
        found += _find(text, g.get("places", {}))
        if g.get("municipality"):
            found += _find(text, {g["municipality"]: g.get("aliases", [])})
    found = _non_overlapping(found)
    return [p for p in found if all(p.end <= o.start or p.start >= o.end for o in orgs)]


def place_groups(text: str, places: list[Mention]) -> list[Mention]:
    """Places listed together ("Noordwest, Overvecht en Oost") become one mention."""
    groups: list[list[Mention]] = []
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
        merged.append(Mention(g[0].start, g[-1].end, ", ".join(names)))
    return merged


# ---------------------------------------------------------------- document-level facts (cached)


@dataclass(frozen=True)
class DocInfo:
    municipality: str | None
    ref: date | None  # the letter date, or the latest full date the letter names
    period: str | None  # "Halfjaarrapportage 2021" -> 2021-H1
    org: str | None  # the organisation the document reports on


_DOC_CACHE: dict[tuple, DocInfo] = {}


def doc_info(doc: DocContext) -> DocInfo:
    key = (doc.name, hash(doc.text), doc.date, doc.municipality)
    if key not in _DOC_CACHE:
        if len(_DOC_CACHE) > 256:
            _DOC_CACHE.clear()
        _DOC_CACHE[key] = _doc_info(doc)
    return _DOC_CACHE[key]


def _doc_info(doc: DocContext) -> DocInfo:
    municipality = doc.municipality or guess_municipality(doc.text)
    ref = to_date(doc.date)
    if ref is None:
        full = [to_date(d.value) for d in find_dates(doc.text) if len(d.value) == 10 and not d.relative]
        ref = max((d for d in full if d is not None), default=None)
    head = doc.text[:2000]
    period = None
    for p in load("periods")["document"]:
        m = re.search(p["re"], head, re.IGNORECASE)
        if m:
            period = _render(p["value"], m, ref)
            break
    org = None
    m = re.search(r"(?:rapportage|verslag|rapport|monitor)\s+(?:\S+\s+){0,3}?van\s+(.{0,60})", head, re.I)
    if m:
        named = [o for o in find_orgs(m.group(1), municipality) if o.kind == "named"]
        org = named[0].value if named else None
    return DocInfo(municipality, ref, period, org)


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


def _render(template: str, m: re.Match[str], ref: date | None) -> str | None:
    groups = m.groupdict()
    ordinals = load("periods")["ordinals"]
    values: dict[str, str] = {}
    if groups.get("y"):
        values["y"] = groups["y"]
    if groups.get("y2"):
        values["y2"] = groups["y2"]
    if groups.get("n"):
        values["n"] = groups["n"]
    if groups.get("word"):
        values["n"] = str(ordinals[groups["word"].lower()])
    if groups.get("month"):
        month = MONTHS[groups["month"].lower().rstrip(".")]
        values["m"] = f"{month:02d}"
        if ref is not None:
            year = ref.year if month <= ref.month else ref.year - 1
            values["past_month"] = f"{year}-{month:02d}"
    if ref is not None:
        values["ref_y"] = str(ref.year)
        values["ref_y_1"] = str(ref.year - 1)
        values["past_autumn"] = f"{ref.year if ref.month >= 10 else ref.year - 1}-Q4"
    try:
        return template.format(**values)
    except KeyError:
        return None


@cache
def _period_patterns() -> list[tuple[re.Pattern[str], str]]:
    return [
        (re.compile(p["re"].replace("MONTHS", _MONTH_RE), re.IGNORECASE), p["value"])
        for p in load("periods")["patterns"]
    ]


def find_periods(text: str, ref: date | None) -> list[Mention]:
    """Period expressions in text, earlier patterns winning on overlap."""
    found: list[Mention] = []
    for pattern, template in _period_patterns():
        for m in pattern.finditer(text):
            if any(m.start() < f.end and f.start < m.end() for f in found):
                continue
            value = _render(template, m, ref)
            if value:
                found.append(Mention(m.start(), m.end(), value))
    return sorted(found, key=lambda f: f.start)


def _is_comparison(text: str, mention: Mention) -> bool:
    return bool(
        re.search(load("periods")["comparison"], text[max(0, mention.start - 25) : mention.start], re.I)
    )


def period_for(text: str, start: int, end: int, sentence: Sentence, doc: DocContext) -> str | None:
    info = doc_info(doc)
    periods = [p for p in find_periods(text, info.ref) if p.end <= start or p.start >= end]
    for p in periods:  # "39% in 2020"
        if p.start >= end and re.fullmatch(
            r"\s*(?:in|over|per|eind)?\s*(?:het\s+|de\s+)?", text[end : p.start]
        ):
            return p.value
    before = [p for p in periods if p.end <= start and not _is_comparison(text, p)]
    if before:
        return before[-1].value
    after = [p for p in periods if p.start >= end and not _is_comparison(text, p)]
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


def _nearest(mentions: list[Mention], start: int, end: int) -> Mention | None:
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
    municipality = doc_info(doc).municipality
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
    if doc_info(doc).org:
        return doc_info(doc).org
    generic = _nearest([o for o in orgs if o.kind == "generic"], start, end)
    if generic:
        return generic.value
    return f"gemeente {municipality}" if is_municipality(municipality) else None


def place_for(text: str, start: int, end: int, sentence: Sentence, doc: DocContext) -> str | None:
    municipality = doc_info(doc).municipality
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


def is_municipality(name: str | None) -> bool:
    """Not None and not a national body such as the Tweede Kamer."""
    return bool(name) and name not in load("nl").get("national_bodies", [])


_STOP = (
    r"werd|wordt|worden|is|zijn|was|waren|heeft|hebben|krijgen|kreeg|gaf|geeft|vindt|antwoordt|te|om|die|dat|"
    r"in|bij|binnen|na|op|voor|met|tot|zich|we|wij|ze|zij|lukte|start|starten|omvat|aan"
)


def subject_for(text: str, start: int, end: int) -> str | None:
    """What the value measures: "85% van de gezinnen ..." -> "gezinnen"; else the words before it."""
    after = text[end:]
    m = re.match(
        rf"\s*van\s+(?:de|het|alle|deze|die)?\s*((?:(?!\b(?:{_STOP})\b)[^\W\d][\w'’-]*\s*){{1,5}})", after
    )
    if m:
        return re.sub(r"\s+", " ", m.group(1)).strip() or None
    clause = re.split(r"[.;:()]|,\s", text[:start])[-1]
    words = re.findall(r"[^\W\d][\w'’-]*", clause)
    return " ".join(words[-6:]) or None


def fill(fact: Fact, sentence: Sentence, doc: DocContext, start: int, end: int) -> None:
    """Fill subject, org, place and period; start/end are offsets of the value in the sentence."""
    text = sentence.text
    fact.subject = subject_for(text, start, end)
    fact.org = org_for(text, start, end, sentence, doc)
    fact.place = place_for(text, start, end, sentence, doc)
    fact.period = period_for(text, start, end, sentence, doc)
