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
    """The simple Dutch number words (`nul`, `vijf`, `twintig`, `honderd`, `anderhalf`); compounds such as
    `vijfentwintig`, `tweehonderd` or `zesduizend achtentwintig` are read by `words_value`."""
    data = load("numbers")
    words: dict[str, float] = {}
    for group in ("zero", "units", "teens", "tens", "large", "fractions"):
        words.update(data[group])
    return words


def _alt(words) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


@cache
def words_re() -> str:
    """One number written in words, as a grammar (no capture groups).

    below a hundred: `vijf`, `zestien`, `twintig`, `vijfentwintig`, `tweeëntwintig`; hundreds: `honderd`,
    `tweehonderd`, `honderdvijftig`; thousands: `duizend`, `zesduizend`, `zesduizend achtentwintig`,
    `tweehonderdduizend`; halves: `half`, `een half`, `anderhalf`, `tweeënhalf`, `drie en een half`."""
    data = load("numbers")
    unit, teen, ten = _alt(data["units"]), _alt(data["teens"]), _alt(data["tens"])
    b100 = rf"(?:(?:{unit})(?:ën|en){ten}|{ten}|{teen}|{unit})"
    b1000 = rf"(?:(?:{unit})?\s?honderd(?:(?:en)?{b100})?|{b100})"
    whole = rf"(?:(?:{b1000})?\s?duizend(?:\s?(?:en\s)?{b1000})?|{b1000})"
    half = r"hal(?:f|ve)"
    # Every alternative starts with one of these words, `hal` or `anderhal` (`honderd` and `duizend`
    # maybe after a space): the lookahead changes no match, but spares the engine the whole grammar at
    # every other word of a text (ten times faster on letters).
    first = [*data["units"], *data["teens"], *data["tens"], *data["zero"], "honderd", "duizend"]
    return (
        rf"(?=\s?(?:{_alt(first)}|hal|anderhal))"
        rf"(?:{whole}\s+en\s+een\s+{half}|{whole}(?:ën|en){half}|anderhal(?:f|ve)|een\s+{half}|{half}"
        rf"|{whole}|{_alt(data['zero'])})"
    )


DIGITS = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?(?:,-{1,2})?|\d+\.\d{1,2}(?!\d)|\d+(?:,\d+)?(?:,-{1,2})?"


@cache
def number_re() -> str:
    """A number: digits (`2 en een half` too) or a number in words (no capture groups)."""
    return (
        rf"(?:(?:{DIGITS})\s+en\s+een\s+hal(?:f|ve)(?!\w)|(?:{DIGITS})(?![\w]|[.,]\d)"
        rf"|(?<!\w)(?:{words_re()})(?!\w))"
    )


_HALF = re.compile(r"(.+?) en een hal(?:f|ve)")
_DASHES_AFTER = re.compile(r",-+$")
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_DECIMAL_POINT = re.compile(r"\d+\.\d{1,2}")


def parse_number(token: str) -> float | None:
    """`1.401` -> 1401, `4,2` -> 4.2, `1.200,-` -> 1200, `vijf` -> 5, `anderhalf` -> 1.5,
    `tweeënhalf` -> 2.5, `2 en een half` -> 2.5, `zesduizend achtentwintig` -> 6028."""
    s = " ".join(token.lower().split())
    if not s:
        return None
    half = _HALF.fullmatch(s) if " en een hal" in s else None
    if half:
        whole = parse_number(half.group(1))
        return None if whole is None else whole + 0.5
    if s[0].isdigit():
        s = _DASHES_AFTER.sub("", s)
        if _THOUSANDS.fullmatch(s):
            s = s.replace(".", "")
        elif _DECIMAL_POINT.fullmatch(s):
            return float(s)  # "19.0 miljoen": a decimal point, as some letters write it
        try:
            return float(s.replace(",", "."))
        except ValueError:
            return None
    return words_value(s)


def words_value(text: str) -> float | None:
    """The value of a number in words (see `words_re`), or None when it is not one."""
    s = re.sub(r"\s+", " ", text.strip().lower())
    simple = number_words().get(s)
    if simple is not None:
        return float(simple)
    s = s.replace("ë", "e").replace("é", "e")
    m = re.fullmatch(r"(.+?)enhal(?:f|ve)", s)
    if m and not m.group(1).endswith("ander"):
        whole = _whole(m.group(1))
        return None if whole is None else whole + 0.5
    whole = _whole(s)
    return None if whole is None else float(whole)


def _whole(s: str) -> int | None:
    s = s.strip()
    if "duizend" in s:
        left, right = s.split("duizend", 1)
        times = _below_1000(left.strip()) if left.strip() else 1
        rest = re.sub(r"^(?:en )?", "", right.strip())
        extra = _below_1000(rest) if rest else 0
        return None if times is None or extra is None else times * 1000 + extra
    return _below_1000(s)


def _below_1000(s: str) -> int | None:
    s = s.strip()
    if "honderd" in s:
        left, right = s.split("honderd", 1)
        times = _below_100(left.strip()) if left.strip() else 1
        rest = re.sub(r"^en(?=\w)", "", right.strip())
        extra = _below_100(rest) if rest else 0
        return None if times is None or extra is None or times > 9 else times * 100 + extra
    return _below_100(s)


def _below_100(s: str) -> int | None:
    data = load("numbers")
    plain = {k.replace("é", "e"): v for g in ("units", "teens", "tens") for k, v in data[g].items()}
    if s in plain:
        return plain[s]
    for ten, t in data["tens"].items():
        if s.endswith("en" + ten):
            u = plain.get(s[: -len(ten) - 2])
            if u is not None and u < 10:
                return u + t
    return None


def multiplier(word: str | None) -> float:
    if not word:
        return 1.0
    return float(load("numbers")["multipliers"].get(word.lower().rstrip(), 1.0))


FLIP = {"at_least": "at_most", "at_most": "at_least"}
AUXILIARIES = frozenset({"is", "was", "zijn", "waren", "wordt", "worden", "werd", "werden"})


@cache
def bounds() -> dict[str, str]:
    """Bound phrases: `binnen`, `maximaal`, `tot`, ..., every comparative `X dan` and its negation
    `niet X dan` (flipped: `niet minder dan` is at least), and the age phrases `jonger/ouder dan`."""
    h = load("hedges")
    out = dict(h["bounds"])
    for word, kind in h["comparatives"].items():
        out.setdefault(f"{word} dan", kind)
        for neg in h["negations"]:
            out[f"{neg} {word} dan"] = FLIP[kind]
    out.update(h["age_bounds"])
    return out


@cache
def prefix_re() -> str:
    """Words that may stand before a value: hedges, bounds, range openers, `gemiddeld`."""
    h = load("hedges")
    words = h["approx"] + list(bounds()) + h["neutral"] + h["range_open"]
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
    first_unit: str = (
        ""  # the unit written after the first number ("1 jaar en 3 maanden", "2 uur tot 3 dagen")
    )
    first_value: float | None = None  # the first number of "1 jaar en 3 maanden" (low/high hold the last)


def _norm(text: str) -> str:
    return " ".join((text or "").split()).lower().replace("’", "'")


@cache
def _compiled(
    unit_re: str, unit_before: bool, with_multiplier: bool, unit_between: bool = True
) -> re.Pattern[str]:
    num, sep, pre = number_re(), separator_re(), prefix_re()
    mult = rf"(?:\s*(?P<m{{i}}>{multiplier_re()}))?" if with_multiplier else ""
    head = rf"(?<![\w/.,=&#@%-])(?P<pre>(?:(?:{pre})\s+)*)"
    if unit_before:
        body = (
            rf"(?P<unit>{unit_re})\s*(?P<a>{num}){mult.format(i=1)}"
            rf"(?:\s*(?P<sep>{sep})\s*(?P<u2>{unit_re})?\s*(?P<b>{num}){mult.format(i=2)})?"
        )
    else:
        between = rf"(?:\s*(?P<u1>{unit_re}))?" if unit_between else ""
        body = (
            rf"(?P<a>{num}){mult.format(i=1)}{between}"
            rf"(?:\s*(?P<sep>{sep})\s*(?P<b>{num}){mult.format(i=2)})?\s*(?P<unit>{unit_re})"
        )
    return re.compile(head + body, re.IGNORECASE)


@cache
def _split_comparison() -> re.Pattern[str]:
    """`niet eerder wordt verstrekt dan 2 weken`, `later dan de gestelde termijn van 6 weken`: a comparative
    whose `dan` is parted from it, or whose `dan` is followed by a noun phrase, right before the value."""
    h = load("hedges")
    comp, neg = phrases(list(h["comparatives"])), phrases(h["negations"])
    word = r"[^\W\d]+['’]?\w*\s+"
    comma = r"[^\W\d]+['’]?\w*,\s+"  # "niet eerder plaats, dan twee weken"
    return re.compile(
        rf"(?<!\w)(?:(?P<neg>{neg})\s+(?:{word}){{0,2}}?)?(?P<comp>{comp})\s+(?:{word}){{0,3}}?(?:{comma})?"
        rf"(?P<dan>dan)\s+(?:(?:de|het|een)\s+(?:{word}){{0,3}})?$",
        re.IGNORECASE,
    )


@cache
def _bound_gap() -> re.Pattern[str]:
    """A bound word, then a noun phrase with `van`: `binnen een termijn van`, `maximaal een bedrag van`."""
    words = [w for w, k in bounds().items() if k in ("within", "at_most", "at_least") and " dan" not in w]
    words = [w for w in words if w not in ("tot", "vanaf", "onder de", "boven de", "tot en met", "t/m")]
    return re.compile(
        rf"(?<!\w)(?P<b>{phrases(words)})\s+(?:een|de|het)\s+(?:[^\W\d]+\s+){{1,2}}van\s+$", re.IGNORECASE
    )


def _comparison_before(text: str, start: int) -> tuple[str, int] | None:
    """The bound of a comparison right before a value that the prefix did not catch, and where it starts."""
    window = text[max(0, start - 90) : start]
    window = re.split(r"[;:!?()]|[.,]\s(?!dan\s)", window)[-1]  # "niet eerder plaats, dan twee weken"
    gap = _bound_gap().search(window)
    if gap:  # "binnen een termijn van zeven dagen", "maximaal een bedrag van"
        return bounds()[_norm(gap.group("b"))], start - len(window) + gap.start()
    m = _split_comparison().search(window)
    if not m:
        return None
    lead = text[: start - len(window) + m.start("comp")]
    if re.search(r"(?:\d|%|procent|euro)\s*$", lead, re.IGNORECASE):
        return None  # "5% hoger dan de 20%": the comparative belongs to the value before it
    kind = load("hedges")["comparatives"][m.group("comp").lower()]
    if m.group("neg"):
        kind = FLIP[kind]
    return kind, start - len(window) + m.start("dan")


@cache
def _approx_re() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w'])(?:{phrases(load('hedges')['approx'])})(?![\w])")


@cache
def _bound_patterns() -> list[tuple[re.Pattern[str], str, str]]:
    return [(re.compile(rf"(?<!\w){re.escape(p)}(?!\w)"), p, k) for p, k in bounds().items()]


@cache
def _comparative_end_re() -> re.Pattern[str]:
    return re.compile(rf"(?:{phrases(list(load('hedges')['comparatives']))}) dan(?: de| het)?$")


def _bound_of(prefix: str, before: str) -> tuple[str, bool]:
    """The bound named in the prefix (closest to the number wins) and whether it is hedged."""
    if not prefix:
        return "exact", False
    h = load("hedges")
    approx = bool(_approx_re().search(prefix))
    bound, at, word = "exact", -1, ""
    for pattern, phrase, kind in _bound_patterns():
        for m in pattern.finditer(prefix):
            if m.end() > at or (m.end() == at and len(phrase) > len(word)):
                bound, at, word = kind, m.end(), phrase
    if word == "tot" and prefix.startswith("tot"):
        words = before.split()
        if len(words) > 1 and words[-1] in AUXILIARIES and words[-2] in h["rise_verbs"]:
            words = words[:-1]  # "zelfs gedaald is tot 43%": the auxiliary after the participle
        if words and words[-1] in h["rise_verbs"]:
            if not set(words[-7:-1]) & set(h["modals"]):
                bound = "exact"  # "loopt op tot 16 miljoen": the level reached, not a maximum
        elif re.search(r"(?<!\w)van\s+(?:[^\W\d]+\s+){0,2}\d", re.split(r"[;(]", before)[-1]):
            bound = "exact"  # "van 1 miljoen euro in 2022 tot 9,3 miljoen": from one level to another
    if _comparative_end_re().search(prefix) and re.search(r"(?:\d|%|procent|euro)\s*$", before):
        bound = "exact"  # "5% hoger dan 20%": the comparative belongs to the value before it
    return bound, approx


@cache
def _unit_only(unit_re: str) -> tuple[re.Pattern[str], bool]:
    """The unit pattern alone, to skip sentences without the unit; (pattern, search lower-cased text).
    A lower-cased pattern on lower-cased text is several times faster than re.IGNORECASE on a long
    alternation; a pattern with an escape that lower case changes (`\\S`, `\\W`) keeps the flag."""
    if re.search(r"\\[SWDBAZ]", unit_re):
        return re.compile(unit_re, re.IGNORECASE), False
    return re.compile(unit_re.lower()), True


def find_quantities(
    text: str,
    unit_re: str,
    *,
    unit_before: bool = False,
    with_multiplier: bool = False,
    unit_between: bool = True,
) -> list[Quantity]:
    """Every value with its unit in `text`, longest first, non-overlapping, in text order.

    unit_between=False: the unit only after the last number, so "154 wachtenden en 1401 cliënten" is
    two values (with it, "1 jaar en 3 maanden" is one)."""
    gate, lower = _unit_only(unit_re)
    if not gate.search(text.lower() if lower else text):
        return []  # most sentences name no such unit: skip the long pattern
    pattern = _compiled(unit_re, unit_before, with_multiplier, unit_between)
    found: list[Quantity] = []
    masked = mask_urls(text)
    for m in pattern.finditer(masked):
        first = _first_of_two(pattern, masked, m, unit_before)
        if first is not None and (q := _quantity(text, first)) is not None:
            found.append(q)
        q = _quantity(text, m)
        if q is not None:
            found.append(q)
    return found


def _first_of_two(
    pattern: re.Pattern[str], text: str, m: re.Match[str], unit_before: bool
) -> re.Match | None:
    """`respectievelijk 70% en 59%`, `€ 5.000 en € 8.000`: two values joined by `en` (no `tussen`), the
    first with its own unit; `_quantity` keeps the last, this match is the first. Not `in 2019 en 3
    weken` (the first number has no unit) nor `1 jaar en 3 maanden` (one value in two units)."""
    if m.group("b") is None or _norm(m.group("sep")) != "en" or "tussen" in _norm(m.group("pre")):
        return None
    groups = m.groupdict()
    if unit_before and groups.get("u2"):  # not "€ 2 en 3 miljoen"
        end = m.end("m1") if groups.get("m1") else m.end("a")
    elif not unit_before and groups.get("u1") and _norm(groups["u1"]) == _norm(m.group("unit")):
        end = m.end("u1")
    else:
        return None
    first = pattern.match(text, m.start(), end)
    return first if first is not None and first.group("b") is None else None


def _year_like(token: str | None) -> bool:
    return bool(token and re.fullmatch(r"(?:19|20)\d\d", token.strip()))


def _quantity(text: str, m: re.Match[str]) -> Quantity | None:
    prefix = _norm(m.group("pre"))
    groups = m.groupdict()
    a = parse_number(m.group("a"))
    b = parse_number(m.group("b")) if m.group("b") else None
    if a is None:
        return None
    a *= multiplier(groups.get("m1"))
    sep = _norm(m.group("sep") or "")
    first_unit = _norm(groups.get("u1") or "")
    first_value = None
    start, number_start = m.start(), m.start("a")
    unit_start = m.start("unit")
    if b is not None:
        b *= multiplier(groups.get("m2") or groups.get("m1"))
        shared = multiplier(groups.get("m2"))
        if groups.get("m2") and not groups.get("m1"):
            if a * shared <= b:
                a *= shared  # "1 tot 1,5 miljoen": the multiplier is shared (not "500.000 tot 1,5 miljoen")
            elif a < 1000:
                return (
                    None  # "tussen 2 tot 1,5 miljoen": a slip of the writer; no value rather than a wrong one
                )
        if sep == "en" and "tussen" not in prefix and first_unit and first_unit != _norm(m.group("unit")):
            first_value, a, b = a, b, None  # "1 jaar en 3 maanden": one value in two units (the caller adds)
        elif sep == "en" and "tussen" not in prefix:
            a, b, prefix, first_unit = b, None, "", ""  # "in 2019 en 3 weken": two values, the last one here
            start = number_start = m.start("b")
            if groups.get("u2"):
                unit_start = m.start("u2")  # "€ 5.000 en € 8.000": the second value's own unit
            elif unit_start < m.start("a"):
                unit_start = number_start
        elif (
            _year_like(m.group("a")) and not (groups.get("m1") or first_unit) and not _year_like(m.group("b"))
        ):
            # "in 2022 tot 9,3 miljoen euro": the year is a period, not the low end of a range
            a, b = b, None
            prefix = sep if sep in bounds() else ""
            start, number_start = m.start("sep"), m.start("b")
            first_unit = ""
        elif b < a:
            return None
    start = _meaningful_start(text, start, min(number_start, unit_start), b is not None)
    before = _norm(text[max(0, start - 40) : start])
    unit = _norm(m.group("unit"))
    if b is not None:
        _, approx = _bound_of(prefix, before)
        return Quantity(start, m.end(), a, b, approx, "range", unit, prefix, number_start, first_unit)
    bound, approx = _bound_of(prefix, before)
    if bound == "exact":
        found = _comparison_before(text, start)
        if found:
            bound, start = found
            prefix = _norm(text[start:number_start])
    low, high = a, a
    if bound in ("within", "at_most"):
        low = None
    elif bound == "at_least":
        high = None
    return Quantity(
        start, m.end(), low, high, approx, bound, unit, prefix, number_start, first_unit, first_value
    )


def _meaningful_start(text: str, start: int, number_start: int, is_range: bool) -> int:
    """Drop leading filler ("de", "nu", "van" without a range) from the span of a value."""
    if start >= number_start:
        return number_start
    m = _keep_re(is_range).search(text, start, number_start)
    return m.start() if m else number_start


@cache
def _keep_re(is_range: bool) -> re.Pattern[str]:
    h = load("hedges")
    keep = h["approx"] + list(bounds()) + ["gemiddeld"] + (h["range_open"] if is_range else [])
    return re.compile(rf"(?<!\w)(?:{phrases(keep)})(?!\w)", re.IGNORECASE)


_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+|\S*%[0-9A-F]{2}\S*", re.IGNORECASE)


def mask_urls(text: str) -> str:
    """The text with URLs and e-mail addresses blanked out (same length, offsets kept)."""
    return _URL.sub(lambda m: " " * len(m.group()), text)
