"""Dutch calendar dates: "23 februari 2021", "9 maart 2020", "19 januari jl.", "maart 2023".

Shared by letter metadata (describe), letter references and deadlines.
Values are ISO strings at the precision the text gives: YYYY-MM-DD, YYYY-MM or YYYY.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "april": 4, "apr": 4,
    "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))

# "23 februari 2021", "1 jan. 2020", "19 januari jl.", "19 januari"
DAY_MONTH_YEAR = re.compile(
    rf"\b(?P<day>[0-3]?\d)(?:e|ste|de)?\s+(?P<month>{MONTH_RE})\.?"
    rf"(?:\s+(?P<year>(?:19|20)\d\d)\b|\s+(?P<jl>jl\.?|jongstleden|j\.l\.)|\b)",
    re.IGNORECASE,
)
# "maart 2023", "november 2020"
MONTH_YEAR = re.compile(rf"\b(?P<month>{MONTH_RE})\.?\s+(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE)
# numeric "23-02-2021", "23/02/2021", "2021-02-23"
NUMERIC = re.compile(
    r"\b(?:(?P<d>[0-3]?\d)[-/.](?P<m>[01]?\d)[-/.](?P<y>(?:19|20)\d\d)|(?P<y2>(?:19|20)\d\d)-(?P<m2>[01]\d)-(?P<d2>[0-3]\d))\b"
)


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    value: str  # ISO at the precision found
    relative: bool = False  # resolved against a reference date ("jl.", no year)


def _iso(year: int, month: int, day: int | None = None) -> str | None:
    try:
        if day is None:
            date(year, month, 1)
            return f"{year:04d}-{month:02d}"
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _resolve_no_year(month: int, day: int, ref: date | None, past: bool) -> str | None:
    """A day and month without a year: the most recent one before `ref` when `past` (jl.)."""
    if ref is None:
        return None
    year = ref.year
    candidate = _iso(year, month, day)
    if candidate is None:
        return None
    if past and candidate > ref.isoformat():
        return _iso(year - 1, month, day)
    return candidate


def to_date(value: str | None) -> date | None:
    """'2021-02-23' / '2021-02' / '2021' as a date (first day of the period)."""
    if not value:
        return None
    parts = value.split("-")
    try:
        y = int(parts[0])
        m = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 1
        d = int(parts[2]) if len(parts) > 2 else 1
        return date(y, m, d)
    except (ValueError, IndexError):
        return None


def find_dates(text: str, ref: str | date | None = None) -> list[DateMatch]:
    """Every calendar date in text, in order. Dates without a year need `ref` (the letter date)."""
    ref_date = to_date(ref) if isinstance(ref, str) else ref
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for m in NUMERIC.finditer(text):
        if m.group("y"):
            value = _iso(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        else:
            value = _iso(int(m.group("y2")), int(m.group("m2")), int(m.group("d2")))
        if value:
            found.append(DateMatch(m.start(), m.end(), value))
            taken.append((m.start(), m.end()))
    for m in DAY_MONTH_YEAR.finditer(text):
        if not free(m.start(), m.end()):
            continue
        day, month = int(m.group("day")), MONTHS[m.group("month").lower()]
        if m.group("year"):
            value, relative = _iso(int(m.group("year")), month, day), False
        else:
            value, relative = _resolve_no_year(month, day, ref_date, past=bool(m.group("jl"))), True
        if value:
            found.append(DateMatch(m.start(), m.end(), value, relative))
            taken.append((m.start(), m.end()))
    for m in MONTH_YEAR.finditer(text):
        if not free(m.start(), m.end()):
            continue
        value = _iso(int(m.group("year")), MONTHS[m.group("month").lower()])
        if value:
            found.append(DateMatch(m.start(), m.end(), value))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def parse_date(text: str, ref: str | date | None = None) -> str | None:
    """The first date in text as ISO, or None."""
    dates = find_dates(text, ref)
    return dates[0].value if dates else None
