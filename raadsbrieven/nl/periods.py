"""Periods: the grammar that finds them in Dutch text ("in het laatste kwartaal van 2020" ->
2020-Q4, `nl/data/periods.json`), a report's own period, and their place on a time line.

A period's place on a time line is the middle of its span (`Period.middle`), so a yearly figure sits
mid-year between the quarters around it. Used to order the points of a series and to place them on
a chart's x axis.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache, lru_cache

from raadsbrieven.model import Period
from raadsbrieven.nl.dates import MONTH_RE, MONTHS
from raadsbrieven.nl.lexicon import load
from raadsbrieven.nl.places import Span


def period_span(period: str | None) -> tuple[date, date] | None:
    """First and last day of a period, or None when it is not one we can read."""
    p = Period.parse(period)
    return (p.first, p.last) if p else None


def period_date(period: str | None, fallback: str | None = None) -> date | None:
    """The middle of the period (or of the fallback, e.g. the letter date) for the x axis."""
    p = Period.parse(period) or Period.parse(fallback)
    return p.middle if p else None


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
    if groups.get("mnum"):  # a date written in figures, "1-1-2014": its month
        if not 1 <= int(groups["mnum"]) <= 12 or not 1 <= int(groups.get("d") or 1) <= 31:
            return None
        values["m"] = f"{int(groups['mnum']):02d}"
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
        value = template.format(**values)
    except KeyError:
        return None
    years = re.fullmatch(r"(\d{4})-(\d{4})", value)
    if years and years.group(1) >= years.group(2):
        return years.group(1)  # "sinds 2025" in a letter of 2025: that year
    return value


@cache
def _period_patterns() -> list[tuple[re.Pattern[str], str]]:
    return [
        (re.compile(p["re"].replace("MONTHS", MONTH_RE), re.IGNORECASE), p["value"])
        for p in load("periods")["patterns"]
    ]


# A span of months written out: "tussen november 2021 en oktober 2022" -> 2021-11/2022-10, "in de periode
# 1 januari 2015 tot en met 2020" -> 2015-2020 (whole years stay years). Only with a month or a day on
# one side: "2019 tot en met 2021" is the plain year range of periods.json.
_SPAN = re.compile(
    r"\b(?:tussen|van(?:af)?|periode(?:\s+van)?)\s+"
    r"(?:(?P<d1>[0-3]?\d)\s+)?(?:(?P<m1>MONTHS)\.?\s+)?(?P<y1>(?:19|20)\d\d)"
    r"\s*(?:tot\s+en\s+met|t/m|tot|en|-|–)\s*"
    r"(?:(?P<d2>[0-3]?\d)\s+)?(?:(?P<m2>MONTHS)\.?\s+)?(?P<y2>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
# "de komende twee jaar", "de aankomende drie jaar" -> the letter's year and the years after it
_COMING = re.compile(
    r"\b(?:de|het)\s+(?:aan)?komende\s+(?P<n>\d|twee|drie|vier|vijf)\s+jaar\b", re.IGNORECASE
)
_LAST_WINTER = re.compile(r"\b(?:afgelopen|vorige)\s+winter\b", re.IGNORECASE)
_CURRENT = re.compile(r"\b(?:het|dit)\s+lopende\s+(?:kalender)?jaar\b", re.IGNORECASE)
_SUMMER = re.compile(r"\b(?:voor|vóór)\s+(?:het\s+zomerreces|de\s+zomer(?:vakantie)?)\b", re.IGNORECASE)
_SMALL = {"twee": 2, "drie": 3, "vier": 4, "vijf": 5}


def _month_spans(text: str, ref: date | None) -> list[Span]:
    found = []
    for m in _span_re().finditer(text):
        if not (m.group("m1") or m.group("m2") or m.group("d1") or m.group("d2")):
            continue
        y1, y2 = int(m.group("y1")), int(m.group("y2"))
        m1 = MONTHS[m.group("m1").lower()] if m.group("m1") else 1
        m2 = MONTHS[m.group("m2").lower()] if m.group("m2") else 12
        if m.group("d2") == "1" and re.search(r"\btot\s+1\s", m.group()) and m.group("m2"):
            y2, m2 = (y2, m2 - 1) if m2 > 1 else (y2 - 1, 12)  # "tot 1 juni": up to the end of May
        if (y1, m1) >= (y2, m2):
            continue
        value = f"{y1}-{y2}" if (m1, m2) == (1, 12) else f"{y1}-{m1:02d}/{y2}-{m2:02d}"
        found.append(Span(m.start(), m.end(), value))
    if ref is not None:
        for m in _LAST_WINTER.finditer(text):  # "afgelopen winter" in July 2025: 2024-2025
            year = ref.year if ref.month >= 3 else ref.year - 1
            found.append(Span(m.start(), m.end(), f"{year - 1}-{year}"))
        for m in _CURRENT.finditer(text):  # "de prognose voor het lopende jaar"
            found.append(Span(m.start(), m.end(), str(ref.year)))
        for m in _SUMMER.finditer(text) if ref.month <= 7 else ():  # after July: this or next summer?
            found.append(Span(m.start(), m.end(), f"{ref.year}-07"))  # "voor het zomerreces": July (GUIDE)
        for m in _COMING.finditer(text):
            n = int(m.group("n")) if m.group("n").isdigit() else _SMALL[m.group("n").lower()]
            if n > 1:
                found.append(Span(m.start(), m.end(), f"{ref.year}-{ref.year + n - 1}"))
    return found


@cache
def _span_re() -> re.Pattern[str]:
    return re.compile(_SPAN.pattern.replace("MONTHS", MONTH_RE), re.IGNORECASE)


def find_periods(text: str, ref: date | None) -> list[Span]:
    """Period expressions in text: spans of months first, then the patterns of periods.json, earlier
    patterns winning on overlap."""
    return list(_periods(text, ref))


@lru_cache(maxsize=4096)
def _periods(text: str, ref: date | None) -> tuple[Span, ...]:
    """`find_periods`, remembered: the context of every figure reads the sentences before it again."""
    found: list[Span] = _month_spans(text, ref)
    for pattern, template in _period_patterns():
        for m in pattern.finditer(text):
            if any(m.start() < f.end and f.start < m.end() for f in found):
                continue
            value = _render(template, m, ref)
            if value:
                found.append(Span(m.start(), m.end(), value))
    return tuple(sorted(found, key=lambda f: f.start))


def is_comparison(text: str, mention: Span) -> bool:
    return bool(
        re.search(load("periods")["comparison"], text[max(0, mention.start - 25) : mention.start], re.I)
    )


def document_period(head: str, ref: date | None) -> str | None:
    """The period a report covers, from its first lines ("Halfjaarrapportage 2021" -> 2021-H1); the
    month a meeting was held, for its record ("De vaste commissie ... heeft op 13 november 2014
    overleg gevoerd", a verslag adopted in February 2015: what is said there for now is of 2014-11)."""
    for p in load("periods")["document"]:
        m = re.search(p["re"].replace("MONTHS", MONTH_RE), head, re.IGNORECASE)
        if m:
            return _render(p["value"], m, ref)
    return None
