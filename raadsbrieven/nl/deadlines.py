"""Deadlines of toezeggingen, normalised against the letter date.

"uiterlijk 2 juni" -> 2025-06-02, "eind Q2" -> 2025-Q2, "medio mei" -> 2025-05,
"dit voorjaar" -> 2021-Q2, "komend najaar" -> 2025-Q4, "na 1 oktober 2025" -> 2025-10-01,
"in de tweede bestuursrapportage" -> 2025-Q4, "eerste helft van 2024" -> 2024-Q2.

Values follow the facts contract: YYYY-MM-DD, YYYY-MM or YYYY-Qn. A deadline names the
moment by which something is due, so a period maps to the quarter (or month) it ends in.
Relative moments (no year) resolve to the first such moment on or after the letter date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from raadsbrieven.nl.dates import MONTH_RE, MONTHS, to_date
from raadsbrieven.nl.lexicon import load

ORDINALS = {
    "eerste": 1,
    "1e": 1,
    "tweede": 2,
    "2e": 2,
    "derde": 3,
    "3e": 3,
    "vierde": 4,
    "4e": 4,
    "laatste": 4,
}
_YEAR = r"(?:19|20)\d\d"
_ORD = "|".join(ORDINALS)


@dataclass(frozen=True)
class Deadline:
    start: int  # offsets into the text that was searched
    end: int
    value: str  # YYYY-MM-DD, YYYY-MM or YYYY-Qn


def _gazetteer() -> dict:
    return load("deadlines")


def _quarter(year: int, q: int) -> str:
    return f"{year:04d}-Q{q}"


def _future_year(ref: date | None, month: int, day: int = 1, slack_days: int = 31) -> int | None:
    """The year of the first (month, day) on or after ref (allowing a month of slack)."""
    if ref is None:
        return None
    try:
        candidate = date(ref.year, month, min(day, 28) if month == 2 else day)
    except ValueError:
        return None
    return ref.year + 1 if candidate < ref - timedelta(days=slack_days) else ref.year


def _year_word(word: str | None, ref: date | None) -> int | None:
    if not word:
        return None
    word = word.lower()
    if re.fullmatch(_YEAR, word):
        return int(word)
    if ref is None:
        return None
    if word in ("dit jaar", "dit kalenderjaar"):
        return ref.year
    if word in ("volgend jaar", "komend jaar", "het komende jaar", "het volgende jaar"):
        return ref.year + 1
    return None


_YEAR_PHRASE = rf"(?P<year>{_YEAR}|dit jaar|volgend jaar|komend jaar)"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # "uiterlijk 2 juni", "na 1 oktober 2025", "op 24 juni", "vóór 8 november"
    (
        "day",
        re.compile(
            rf"\b(?P<day>[0-3]?\d)(?:\s*[/-]\s*[0-3]?\d)?\s+(?P<month>{MONTH_RE})\b\.?(?:\s+(?P<year>{_YEAR})\b)?(?!\s+(?:jl|jongstleden))",
            re.I,
        ),
    ),
    # "eind Q2", "in Q3 2025", "Q4 van dit jaar"
    ("quarter", re.compile(rf"\bQ(?P<q>[1-4])\b(?:\s+(?:van\s+)?{_YEAR_PHRASE})?", re.I)),
    # "het tweede kwartaal (van 2025)"
    ("kwartaal", re.compile(rf"\b(?P<ord>{_ORD})\s+kwartaal(?:\s+(?:van\s+)?{_YEAR_PHRASE})?", re.I)),
    # "de eerste helft van 2024", "in de tweede helft van dit jaar"
    (
        "helft",
        re.compile(
            rf"\b(?P<ord>eerste|tweede|1e|2e)\s+(?:helft|half\s*jaar)(?:\s+(?:van\s+)?{_YEAR_PHRASE})?", re.I
        ),
    ),
    # "eind mei", "medio mei", "begin juni 2025", "in mei", "voor eind maart"
    (
        "month",
        re.compile(
            rf"\b(?P<pre>eind|einde|begin|medio|half|halverwege|in|vóór|voor|uiterlijk|per)\s+(?:de\s+maand\s+)?(?P<month>{MONTH_RE})\b(?:\s+(?P<year>{_YEAR})\b)?",
            re.I,
        ),
    ),
    # "eind 2024", "begin volgend jaar", "voor het einde van het jaar"
    (
        "yearpart",
        re.compile(rf"\b(?P<pre>eind|einde|begin|medio|halverwege)\s+(?:van\s+)?{_YEAR_PHRASE}", re.I),
    ),
    (
        "yearend",
        re.compile(r"\b(?:voor|vóór|tegen)\s+(?:het\s+)?(?:einde?|eind)\s+van\s+(?:dit|het)\s+jaar\b", re.I),
    ),
    (
        "before",
        re.compile(
            r"\b(?P<pre>voor|vóór|na)\s+(?:het|de)\s+(?P<moment>zomerreces|kerstreces|zomervakantie|kerstvakantie|herfstvakantie|meireces|jaarwisseling|zomer|kerst)\b",
            re.I,
        ),
    ),
    # "dit voorjaar", "komend najaar", "in het najaar van 2024", "na de zomer", "voor het kerstreces"
    (
        "season",
        re.compile(
            r"\b(?P<det>dit|deze|komend|komende|aankomend|aankomende|volgend|volgende|het|de|in)\s+(?P<season>voorjaar|lente|zomer|najaar|herfst|winter)\b(?:\s+(?:van\s+)?(?P<year>(?:19|20)\d\d))?",
            re.I,
        ),
    ),
    # P&C cycle: "in de tweede bestuursrapportage", "bij de voorjaarsnota 2026"
    (
        "pc",
        re.compile(
            r"\b(?P<moment>(?:(?:eerste|tweede|1e|2e)\s+)?(?:bestuursrapportage|berap)|voorjaarsnota|kadernota|najaarsnota|programmabegroting|begroting|jaarrekening|jaarstukken|jaarverslag)(?:\s+(?P<year>(?:19|20)\d\d))?\b",
            re.I,
        ),
    ),
]
_SKIP_BEFORE = re.compile(r"(?:\b(?:sinds|vanaf|afgelopen|vorig|vorige|verleden)\s+\S*\s*$)", re.I)
# the date of a meeting or a paper ("in de commissie van 12 mei", "de brief van 3 maart"): the day
# nearest the letter, past or ahead, not the first one ahead ("Tijdens de raadsvergadering van 12 mei
# zegde de wethouder toe …" in a June letter is last May's meeting, never next May's deadline)
_EVENT_BEFORE = re.compile(
    r"\b(?:\w*commissie|\w*vergadering|\w*debat|\w*overleg|bijeenkomst|\w*sessie|\w*brief|motie|notitie|"
    r"besluit|verslag|gesprek|bespreking|behandeling)\s+(?:van|d\.d\.|op|gehouden\s+op)\s*$",
    re.I,
)


def _nearest_year(ref: date | None, month: int, day: int) -> int | None:
    """The year that puts (month, day) nearest the reference date, before or after it."""
    if ref is None:
        return None
    best = None
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            gap = abs((date(year, month, day) - ref).days)
        except ValueError:
            continue
        if best is None or gap < best[0]:
            best = (gap, year)
    return best[1] if best else None


def _value(kind: str, m: re.Match[str], ref: date | None, event: bool = False) -> str | None:
    g = m.groupdict()
    if kind == "day":
        month, day = MONTHS[g["month"].lower()], int(g["day"])
        if g.get("year"):
            year = int(g["year"])
        else:
            year = _nearest_year(ref, month, day) if event else _future_year(ref, month, day)
        if year is None:
            return None
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return None
    if kind in ("quarter", "kwartaal"):
        q = int(g["q"]) if kind == "quarter" else ORDINALS[g["ord"].lower()]
        year = _year_word(g.get("year"), ref) or _future_year(ref, q * 3, 28, slack_days=0)
        return _quarter(year, q) if year else None
    if kind == "helft":
        q = 2 if ORDINALS[g["ord"].lower()] == 1 else 4
        year = _year_word(g.get("year"), ref) or (ref.year if ref else None)
        return _quarter(year, q) if year else None
    if kind == "month":
        month = MONTHS[g["month"].lower()]
        year = int(g["year"]) if g.get("year") else _future_year(ref, month, 28, slack_days=0)
        return f"{year:04d}-{month:02d}" if year else None
    if kind == "yearpart":
        year = _year_word(g["year"], ref)
        if year is None:
            return None
        pre = g["pre"].lower()
        return f"{year:04d}-12" if pre.startswith("eind") else _quarter(year, 1 if pre == "begin" else 2)
    if kind == "yearend":
        return f"{ref.year:04d}-12" if ref else None
    if kind == "season":
        season = g["season"].lower()
        q = _gazetteer()["seasons"][season]
        if g.get("year"):
            return _quarter(int(g["year"]), q)
        if ref is None:
            return None
        det = g["det"].lower()
        year = ref.year
        ref_q = (ref.month - 1) // 3 + 1
        if q < ref_q or (
            det.startswith(("volgend", "komend", "aankomend")) and q == ref_q and det.startswith("volgend")
        ):
            year += 1
        return _quarter(year, q)
    if kind == "before":
        moment, pre = g["moment"].lower(), g["pre"].lower()
        table = _gazetteer()["season_after" if pre == "na" else "season_before"]
        q = table.get(moment)
        if q is None or ref is None:
            return None
        year = ref.year + (1 if q < (ref.month - 1) // 3 + 1 else 0)
        return _quarter(year, q)
    if kind == "pc":
        moment = re.sub(r"\s+", " ", g["moment"].lower())
        q = _gazetteer()["pc_cycle"].get(moment)
        if q is None:
            return None
        if g.get("year"):
            # "de begroting 2026" is decided in the autumn before 2026
            year = int(g["year"]) - (1 if moment in ("programmabegroting", "begroting") else 0)
            if moment in ("jaarrekening", "jaarstukken", "jaarverslag"):
                year += 1
            return _quarter(year, q)
        year = _future_year(ref, q * 3, 28, slack_days=0)
        return _quarter(year, q) if year else None
    return None


def find_deadlines(text: str, ref: str | date | None = None) -> list[Deadline]:
    """Every deadline-like moment in text, in order, without overlaps."""
    ref_date = to_date(ref) if isinstance(ref, str) else ref
    found: list[Deadline] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(not (m.end() <= d.start or m.start() >= d.end) for d in found):
                continue
            if _SKIP_BEFORE.search(text[max(0, m.start() - 25) : m.start()]):
                continue
            event = kind == "day" and bool(_EVENT_BEFORE.search(text[max(0, m.start() - 40) : m.start()]))
            value = _value(kind, m, ref_date, event)
            if value:
                found.append(Deadline(m.start(), m.end(), value))
    return sorted(found, key=lambda d: d.start)


def normalise_deadline(phrase: str, ref: str | date | None = None) -> str | None:
    """The first deadline in a phrase ("eind Q2", "komend najaar") as a contract value, or None."""
    found = find_deadlines(phrase, ref)
    return found[0].value if found else None


def deadline_end(value: str | None) -> date | None:
    """The last day of a deadline value: 2025-Q2 -> 2025-06-30, 2025-05 -> 2025-05-31."""
    if not value:
        return None
    m = re.fullmatch(r"(\d{4})-Q([1-4])", value)
    if m:
        year, month = int(m.group(1)), int(m.group(2)) * 3
    elif re.fullmatch(r"\d{4}-\d\d", value):
        year, month = int(value[:4]), int(value[5:7])
    elif re.fullmatch(r"\d{4}", value):
        year, month = int(value), 12
    else:
        return to_date(value)
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)
