"""The toezeggingen register and the moties register, built from facts.

Pure functions: facts in (`Fact` objects or contract dicts), entries out. The store and
the CLI (`raadsbrieven toezeggingen`, `raadsbrieven moties`) only call these.

Toezeggingen: one entry per number ("926"), or per cluster of mentions of the same
unnumbered commitment (similar wording of what is promised). Register status, as a
clerk reads it, judged against `today` or else the newest letter's date:

- `afgedaan`: a letter fulfils it (a mention with status being_fulfilled), and no
  announced moment of it (the deadline, e.g. the technical session) is still to come;
- `in behandeling`: a letter works on it but its moment is still ahead, or later letters
  refer to it without fulfilling it;
- `verlopen`: the deadline has passed and no letter fulfils it;
- `open`: made, not fulfilled, deadline (if any) not yet passed.

Moties and amendementen: one entry per number, or per title, with the status the most
recent letter gives.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from difflib import SequenceMatcher
from typing import Any

from raadsbrieven.model import REGISTER_STATUSES
from raadsbrieven.nl.dates import to_date
from raadsbrieven.nl.deadlines import deadline_end

MOTIE_KINDS = ("motie", "amendement")

# Readable column names for spreadsheet exports (one row per entry).
TOEZEGGING_COLUMNS = {
    "key": "Sleutel",
    "number": "Nummer",
    "what": "Toezegging",
    "who": "Wie",
    "deadline": "Deadline",
    "status": "Status",
    "first_seen": "Eerst genoemd",
    "last_seen": "Laatst genoemd",
    "mentions": "Brieven",
}
MOTIE_COLUMNS = {
    "key": "Sleutel",
    "kind": "Soort",
    "number": "Nummer",
    "title": "Titel",
    "status": "Status",
    "first_seen": "Eerst genoemd",
    "last_seen": "Laatst genoemd",
    "mentions": "Brieven",
}
STOPWORDS = frozenset(
    "de het een en van in op te om over met aan voor u uw raad we wij ons onze dat die dit deze is zijn "
    "wordt worden zullen zal hebben heeft ook nog bij naar als er hier hierover daarbij".split()
)


@dataclass
class Mention:
    doc: str
    doc_date: str | None
    page: int | None
    sentence: str
    status: str | None = (
        None  # what this mention says: made, being_fulfilled, reference (moties: their status)
    )
    text: str | None = None  # the span that was recognised
    sentence_id: int | None = None  # the stored sentence (sentences.id), when read from a store


@dataclass
class ToezeggingEntry:
    key: str
    number: str | None
    what: str | None
    who: str | None
    deadline: str | None
    status: str
    first_seen: str | None
    last_seen: str | None
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class MotieEntry:
    key: str
    kind: str
    number: str | None
    title: str | None
    status: str | None
    first_seen: str | None
    last_seen: str | None
    mentions: list[Mention] = field(default_factory=list)


def _get(fact: Any, name: str) -> Any:
    return fact.get(name) if isinstance(fact, dict) else getattr(fact, name, None)


def _order(fact: Any) -> tuple[str, str, int]:
    return (_get(fact, "doc_date") or "", _get(fact, "doc") or "", _get(fact, "start") or 0)


def _mentions(facts: list[Any]) -> list[Mention]:
    seen: set[tuple[str, str]] = set()
    out = []
    for f in sorted(facts, key=_order):
        sentence = re.sub(r"\s+", " ", _get(f, "sentence") or _get(f, "text") or "").strip()
        if (_get(f, "doc"), sentence) in seen:
            continue
        seen.add((_get(f, "doc"), sentence))
        out.append(
            Mention(
                _get(f, "doc"),
                _get(f, "doc_date"),
                _get(f, "page"),
                sentence,
                _get(f, "status"),
                _get(f, "text"),
                _get(f, "sentence_id"),
            )
        )
    return out


def _span(facts: list[Any]) -> tuple[str | None, str | None]:
    dates = sorted(d for d in (_get(f, "doc_date") for f in facts) if d)
    return (dates[0], dates[-1]) if dates else (None, None)


def reference_date(facts: Iterable[Any], today: str | date | None = None) -> date | None:
    """`today` when given, else the newest letter date among the facts."""
    if today is not None:
        return today if isinstance(today, date) else to_date(today)
    dates = [d for d in (to_date(_get(f, "doc_date")) for f in facts) if d]
    return max(dates) if dates else None


def _content_words(text: str | None) -> set[str]:
    words = re.findall(r"[a-zà-ÿ0-9]+", (text or "").lower())
    return {w[:6] for w in words if w not in STOPWORDS and len(w) > 2}


def _similar(a: set[str], b: set[str], threshold: float = 0.5) -> bool:
    return bool(a and b) and len(a & b) / len(a | b) >= threshold


def _cluster_unnumbered(facts: list[Any]) -> list[list[Any]]:
    clusters: list[tuple[set[str], list[Any]]] = []
    for f in sorted(facts, key=_order):
        words = _content_words(_get(f, "what") or _get(f, "sentence"))
        for cluster_words, members in clusters:
            if _similar(words, cluster_words):
                members.append(f)
                cluster_words |= words
                break
        else:
            clusters.append((set(words), [f]))
    return [members for _, members in clusters]


def _pick_who(facts: list[Any]) -> str | None:
    named = [w for w in (_get(f, "who") for f in facts) if w and w not in ("college", "minister")]
    if named:
        return named[0]
    return next((w for w in (_get(f, "who") for f in facts) if w), None)


def _pick_deadline(facts: list[Any]) -> str | None:
    """The deadline of the latest mention that names one (a later letter may move it)."""
    with_deadline = [f for f in sorted(facts, key=_order) if _get(f, "deadline")]
    return _get(with_deadline[-1], "deadline") if with_deadline else None


def _pick_what(facts: list[Any]) -> str | None:
    ordered = sorted(facts, key=_order)
    promised = [f for f in ordered if re.search(r"toegezegd|zegt toe", _get(f, "sentence") or "", re.I)]
    made = [f for f in ordered if _get(f, "status") == "made"]
    for group in (made, promised, ordered):
        whats = [_get(f, "what") for f in group if _get(f, "what")]
        if whats:
            return whats[0] if group is not ordered else max(whats, key=len)
    return None


def register_status(facts: list[Any], deadline: str | None, ref: date | None) -> str:
    """open / in behandeling / afgedaan / verlopen for the mentions of one toezegging."""
    statuses = [_get(f, "status") for f in facts]
    end = deadline_end(deadline)
    if "being_fulfilled" in statuses:
        fulfilling = [to_date(_get(f, "doc_date")) for f in facts if _get(f, "status") == "being_fulfilled"]
        last_fulfilled = max((d for d in fulfilling if d), default=None)
        still_ahead = end is not None and ref is not None and end >= ref
        if still_ahead and (last_fulfilled is None or end >= last_fulfilled):
            return "in behandeling"
        return "afgedaan"
    if end is not None and ref is not None and end < ref:
        return "verlopen"
    docs = {_get(f, "doc") for f in facts}
    if "reference" in statuses and (len(docs) > 1 or "made" not in statuses):
        return "in behandeling"
    return "open"


def _key(prefix: str, *parts: str | None) -> str:
    return prefix + hashlib.sha1("|".join(p or "" for p in parts).encode()).hexdigest()[:10]


def _number_sort(value: str | None) -> tuple[int, str]:
    digits = re.sub(r"\D", "", value or "")
    return (int(digits) if digits else 10**9, value or "")


def toezeggingen_register(facts: Iterable[Any], today: str | date | None = None) -> list[ToezeggingEntry]:
    """One entry per toezegging number or unnumbered commitment, with every mention."""
    all_facts = list(facts)
    ref = reference_date(all_facts, today)
    mine = [f for f in all_facts if _get(f, "kind") == "toezegging"]
    groups: dict[str, list[Any]] = {}
    for f in mine:
        if _get(f, "number"):
            groups.setdefault(f"T{_get(f, 'number')}", []).append(f)
    unnumbered = [f for f in mine if not _get(f, "number")]
    for members in _cluster_unnumbered(unnumbered):
        first = sorted(members, key=_order)[0]
        groups[_key("U", _get(first, "doc"), _get(first, "sentence"))] = members

    entries = []
    for key, members in groups.items():
        deadline = _pick_deadline(members)
        first_seen, last_seen = _span(members)
        entries.append(
            ToezeggingEntry(
                key=key,
                number=_get(members[0], "number"),
                what=_pick_what(members),
                who=_pick_who(members),
                deadline=deadline,
                status=register_status(members, deadline, ref),
                first_seen=first_seen,
                last_seen=last_seen,
                mentions=_mentions(members),
            )
        )
    entries.sort(key=lambda e: (e.number is None, _number_sort(e.number), e.first_seen or "", e.key))
    return entries


def _norm_number(number: str) -> str:
    return re.sub(r"\s+", "", number).upper()


def _norm_title(title: str | None) -> str:
    return re.sub(r"[^\w ]", "", re.sub(r"\s+", " ", (title or "").lower())).strip()


def moties_register(facts: Iterable[Any]) -> list[MotieEntry]:
    """One entry per motie/amendement (by number, else by title), status from the latest letter."""
    mine = sorted((f for f in facts if _get(f, "kind") in MOTIE_KINDS), key=_order)
    groups: dict[str, list[Any]] = {}
    titles: dict[str, str] = {}  # normalised title -> key
    for f in mine:
        kind, number, title = _get(f, "kind"), _get(f, "number"), _norm_title(_get(f, "title"))
        if number:
            key = f"{kind}:{_norm_number(number)}"
            if title and title not in titles:
                titles[title] = key
        elif title:
            match = next(
                (
                    k
                    for t, k in titles.items()
                    if k.startswith(kind) and SequenceMatcher(None, t, title).ratio() >= 0.85
                ),
                None,
            )
            key = match or f"{kind}:{title[:60]}"
            titles.setdefault(title, key)
        else:
            key = _key(f"{kind}:", _get(f, "doc"), _get(f, "sentence"), str(_get(f, "start")))
        groups.setdefault(key, []).append(f)

    entries = []
    for key, members in groups.items():
        statuses = [_get(f, "status") for f in members if _get(f, "status")]
        number = next((_get(f, "number") for f in members if _get(f, "number")), None)
        title = next((_get(f, "title") for f in members if _get(f, "title")), None)
        first_seen, last_seen = _span(members)
        entries.append(
            MotieEntry(
                key=key,
                kind=_get(members[0], "kind"),
                number=number,
                title=title,
                status=statuses[-1] if statuses else None,
                first_seen=first_seen,
                last_seen=last_seen,
                mentions=_mentions(members),
            )
        )
    entries.sort(key=lambda e: (e.kind, e.number is None, _number_sort(e.number), e.title or "", e.key))
    return entries


def to_rows(entries: Iterable[ToezeggingEntry | MotieEntry]) -> list[dict[str, Any]]:
    """JSONL-ready dicts; `mentions` stays a list of {doc, doc_date, page, sentence}."""
    return [asdict(e) for e in entries]


def to_flat_rows(entries: Iterable[ToezeggingEntry | MotieEntry]) -> list[dict[str, Any]]:
    """One spreadsheet row per entry with readable column names; mentions joined as text."""
    rows = []
    for e in entries:
        columns = TOEZEGGING_COLUMNS if isinstance(e, ToezeggingEntry) else MOTIE_COLUMNS
        row = asdict(e)
        row["mentions"] = "\n".join(
            f"{m['doc']} ({m['doc_date'] or 'datum onbekend'}"
            + (f", p. {m['page']}" if m["page"] else "")
            + f"): {m['sentence']}"
            for m in row["mentions"]
        )
        rows.append({label: row[name] for name, label in columns.items()})
    return rows


def timeline(entries: Iterable[ToezeggingEntry | MotieEntry], which: str) -> list[dict[str, Any]]:
    """The mentions of one entry (by number, e.g. 926 or M101, or by key) in time order, one dict each."""
    wanted = which.strip().lstrip("#").casefold()
    for e in entries:
        if wanted in {(e.number or "").casefold(), e.key.casefold()}:
            return [
                {"key": e.key, "number": e.number, "seq": i + 1} | asdict(m) for i, m in enumerate(e.mentions)
            ]
    raise KeyError(which)


def filter_status(entries: Iterable[ToezeggingEntry], status: str | None) -> list[ToezeggingEntry]:
    """Entries with this register status (all when status is None); rejects unknown statuses."""
    if status is not None and status not in REGISTER_STATUSES:
        raise ValueError(f"unknown status {status!r}; known: {', '.join(REGISTER_STATUSES)}")
    return [e for e in entries if status is None or e.status == status]
