"""The shared Dutch number layer: numbers, hedges, bounds and ranges.

Digits with a decimal comma and thousands dots (`1.401`, `4,2`, `€1.200,-`), number words
(`vijf`, `vijfentwintig`, `anderhalf`), multipliers (`miljoen`, `mln`, `ton`, `k`), ranges
(`2 tot 8`, `16-24`, `16–24`, `tussen de 5 en 9`, `32% tot 60%`, `25 à 30`), hedges (`ruim`,
`circa`) and bounds (`binnen`, `minstens`, `meer dan`). Values may run over a line break.

The word lists live in `nl/data/numbers.json` and `nl/data/hedges.json`; each fact module
brings its own unit pattern and calls `find_quantities`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from raadsbrieven.nl.lexicon import load


def phrases(words: list[str] | dict) -> str:
    """An alternation of phrases, longest first, with any whitespace between the words."""
    parts = sorted({w.lower() for w in words}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(p) for p in phrase.split()) for phrase in parts)


@cache
def number_words() -> dict[str, float]:
    """Dutch number words, with the compounds (`vijfentwintig`, `tweehonderd`) spelled out."""
    data = load("numbers")
    words: dict[str, float] = {}
    for group in ("units", "teens", "tens", "large", "fractions"):
        words.update(data[group])
    for unit, u in data["units"].items():
        if u == 1 and unit != "een":
            continue
        joint = "ën" if unit.endswith("e") else "en"
        for ten, t in data["tens"].items():
            words[f"{unit}{joint}{ten}"] = u + t
        for big, b in data["large"].items():
            if u > 1:
                words[f"{unit}{big}"] = u * b
    return words


DIGITS = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?(?:,-{1,2})?|\d+\.\d{1,2}(?!\d)|\d+(?:,\d+)?(?:,-{1,2})?"


@cache
def number_re() -> str:
    """A number: digits or a number word (no capture groups)."""
    words = phrases(list(number_words()))
    return rf"(?:(?:{DIGITS})(?![\w]|[.,]\d)|(?<!\w)(?:{words})(?!\w))"


def parse_number(token: str) -> float | None:
    """`1.401` -> 1401, `4,2` -> 4.2, `1.200,-` -> 1200, `vijf` -> 5, `anderhalf` -> 1.5."""
    s = re.sub(r"\s+", " ", token.strip().lower())
    if not s:
        return None
    if s[0].isdigit():
        s = re.sub(r",-+$", "", s)
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", s):
            s = s.replace(".", "")
        elif re.fullmatch(r"\d+\.\d{1,2}", s):
            return float(s)  # "19.0 miljoen": a decimal point, as some letters write it
        try:
            return float(s.replace(",", "."))
        except ValueError:
            return None
    value = number_words().get(s)
    return float(value) if value is not None else None


def multiplier(word: str | None) -> float:
    if not word:
        return 1.0
    return float(load("numbers")["multipliers"].get(word.lower().rstrip(), 1.0))


@cache
def prefix_re() -> str:
    """Words that may stand before a value: hedges, bounds, range openers, `gemiddeld`."""
    h = load("hedges")
    words = h["approx"] + list(h["bounds"]) + h["neutral"] + h["range_open"]
    return phrases(words)


@cache
def separator_re() -> str:
    return phrases(load("hedges")["range_sep"])


@cache
def multiplier_re() -> str:
    words = phrases(list(load("numbers")["multipliers"]))
    return rf"(?:{words})(?![\w])"


@dataclass(frozen=True)
class Quantity:
    """A value found in text: offsets into that text, the value(s), hedge and bound."""

    start: int
    end: int
    low: float | None
    high: float | None
    approx: bool
    bound: str  # exact, range, within, at_least, at_most
    unit: str  # the unit as written
    prefix: str  # the words before the value, lower case, single spaces
    number_start: int  # where the first number starts


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip().lower().replace("’", "'")


@cache
def _compiled(unit_re: str, unit_before: bool, with_multiplier: bool) -> re.Pattern[str]:
    num, sep, pre = number_re(), separator_re(), prefix_re()
    mult = rf"(?:\s*(?P<m{{i}}>{multiplier_re()}))?" if with_multiplier else ""
    head = rf"(?<![\w/.,=&#@%-])(?P<pre>(?:(?:{pre})\s+)*)"
    if unit_before:
        body = (
            rf"(?P<unit>{unit_re})\s*(?P<a>{num}){mult.format(i=1)}"
            rf"(?:\s*(?P<sep>{sep})\s*(?:{unit_re})?\s*(?P<b>{num}){mult.format(i=2)})?"
        )
    else:
        body = (
            rf"(?P<a>{num}){mult.format(i=1)}(?:\s*(?P<u1>{unit_re}))?"
            rf"(?:\s*(?P<sep>{sep})\s*(?P<b>{num}){mult.format(i=2)})?\s*(?P<unit>{unit_re})"
        )
    return re.compile(head + body, re.IGNORECASE)


def _bound_of(prefix: str, before: str) -> tuple[str, bool]:
    """The bound named in the prefix (closest to the number wins) and whether it is hedged."""
    h = load("hedges")
    approx = any(re.search(rf"(?<![\w']){re.escape(w)}(?![\w])", prefix) for w in h["approx"])
    bound, at, word = "exact", -1, ""
    for phrase, kind in h["bounds"].items():
        for m in re.finditer(rf"(?<!\w){re.escape(phrase)}(?!\w)", prefix):
            if m.end() > at or (m.end() == at and len(phrase) > len(word)):
                bound, at, word = kind, m.end(), phrase
    if word == "tot" and prefix.startswith("tot"):
        last_word = before.split()[-1] if before.split() else ""
        if last_word in h["rise_verbs"]:
            bound = "exact"  # "loopt op tot 16 miljoen": the level reached, not a maximum
    return bound, approx


def find_quantities(
    text: str, unit_re: str, *, unit_before: bool = False, with_multiplier: bool = False
) -> list[Quantity]:
    """Every value with its unit in `text`, longest first, non-overlapping, in text order."""
    pattern = _compiled(unit_re, unit_before, with_multiplier)
    found: list[Quantity] = []
    for m in pattern.finditer(mask_urls(text)):
        q = _quantity(text, m)
        if q is not None:
            found.append(q)
    return found


def _quantity(text: str, m: re.Match[str]) -> Quantity | None:
    prefix = _norm(m.group("pre"))
    groups = m.groupdict()
    a = parse_number(m.group("a"))
    b = parse_number(m.group("b")) if m.group("b") else None
    if a is None:
        return None
    a *= multiplier(groups.get("m1"))
    sep = _norm(m.group("sep") or "")
    start, number_start = m.start(), m.start("a")
    if b is not None:
        b *= multiplier(groups.get("m2") or groups.get("m1"))
        if sep == "en" and "tussen" not in prefix:
            a, b, prefix = b, None, ""
            start = number_start = m.start("b")
        elif b < a:
            return None
    start = _meaningful_start(text, start, min(number_start, m.start("unit")), b is not None)
    before = _norm(text[max(0, start - 40) : start])
    unit = _norm(m.group("unit"))
    if b is not None:
        _, approx = _bound_of(prefix, before)
        return Quantity(start, m.end(), a, b, approx, "range", unit, prefix, number_start)
    bound, approx = _bound_of(prefix, before)
    low, high = a, a
    if bound in ("within", "at_most"):
        low = None
    elif bound == "at_least":
        high = None
    return Quantity(start, m.end(), low, high, approx, bound, unit, prefix, number_start)


def _meaningful_start(text: str, start: int, number_start: int, is_range: bool) -> int:
    """Drop leading filler ("de", "nu", "van" without a range) from the span of a value."""
    h = load("hedges")
    keep = h["approx"] + list(h["bounds"]) + ["gemiddeld"] + (h["range_open"] if is_range else [])
    pattern = re.compile(rf"(?<!\w)(?:{phrases(keep)})(?!\w)", re.IGNORECASE)
    m = pattern.search(text, start, number_start)
    return m.start() if m else number_start


_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|\S*%[0-9A-F]{2}\S*", re.IGNORECASE)


def mask_urls(text: str) -> str:
    """The text with URLs and e-mail addresses blanked out (same length, offsets kept)."""
    return _URL.sub(lambda m: " " * len(m.group()), text)
