"""Periods as spans of time: `2019`, `2020-Q4`, `2021-H1`, `2024-12`, `2023-03-05`, `2016-2018`.

A period's place on a time line is the middle of its span, so a yearly figure sits mid-year between
the quarters around it. Used to order the points of a series and to place them on a chart's x axis.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

_PERIOD = re.compile(r"(\d{4})(?:-(Q[1-4]|H[12]|\d{1,2}))?(?:-(\d{1,2}))?")
_YEARS = re.compile(r"(\d{4})\s*[-–/]\s*(\d{4})")


def period_span(period: str | None) -> tuple[date, date] | None:
    """First and last day of a period, or None when it is not one we can read."""
    if not period:
        return None
    value = period.strip()
    m = _YEARS.fullmatch(value)
    if m:
        first, last = sorted((int(m.group(1)), int(m.group(2))))
        return date(first, 1, 1), date(last, 12, 31)
    m = _PERIOD.fullmatch(value)
    if not m:
        return None
    year, part, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if part is None:
            return date(year, 1, 1), date(year, 12, 31)
        if part[0] == "Q":
            q = int(part[1])
            return date(year, 3 * q - 2, 1), _month_end(year, 3 * q)
        if part[0] == "H":
            return (
                (date(year, 1, 1), date(year, 6, 30))
                if part[1] == "1"
                else (date(year, 7, 1), date(year, 12, 31))
            )
        month = int(part)
        if day is not None:
            d = date(year, month, int(day))
            return d, d
        return date(year, month, 1), _month_end(year, month)
    except ValueError:  # month 13, 31 February
        return None


def _month_end(year: int, month: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def period_date(period: str | None, fallback: str | None = None) -> date | None:
    """The middle of the period (or of the fallback, e.g. the letter date) for the x axis."""
    span = period_span(period) or period_span(fallback)
    if span is None:
        return None
    first, last = span
    return first + (last - first) / 2
