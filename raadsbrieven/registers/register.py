"""The toezeggingen register and the moties register, built from facts.

Pure functions: facts in (`Fact` objects or contract dicts), entries out. The store and
the CLI (`raadsbrieven toezeggingen`, `raadsbrieven moties`) only call these.

Toezeggingen (registers/toezeggingen.py, registers/fulfilment.py): one entry per promise, its
mentions joined within and across letters, linked to the letter that delivers it. Register
status, judged against `today` or else the newest letter's date:

- `afgedaan`: a letter delivers it (`fulfilled_by`), `on_time` against the deadline;
- `verlopen`: the deadline has passed and no letter delivers it;
- `open`: made, not delivered, deadline (if any) not yet passed.

A user's decisions on links ({(entry key, letter content hash): "confirmed" | "rejected"}) are
applied: a rejected link never counts, a confirmed one wins.

Moties and amendementen: raadsbrieven/registers/moties.py.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from raadsbrieven.model import REGISTER_STATUSES
from raadsbrieven.nl.dates import to_date
from raadsbrieven.nl.deadlines import deadline_end
from raadsbrieven.registers.delivery import LetterContext, letter_context
from raadsbrieven.registers.fulfilment import (
    DELIVERS,
    Link,
    Tfidf,
    best_link,
    delivers,
    explicit_links,
    implicit_links,
    is_delivery_only,
    motie_links,
)
from raadsbrieven.registers.moties import MotieEntry, flat_rows
from raadsbrieven.registers.toezeggingen import pick_deadline, pick_what, pick_who, promises

# Readable column names for spreadsheet exports (one row per entry).
TOEZEGGING_COLUMNS = {
    "key": "Sleutel",
    "number": "Nummer",
    "what": "Toezegging",
    "who": "Wie",
    "deadline": "Deadline",
    "deadline_text": "Deadline (zoals geschreven)",
    "status": "Status",
    "on_time": "Op tijd",
    "made_in": "Toegezegd in",
    "fulfilled_by": "Afgedaan met",
    "first_seen": "Eerst genoemd",
    "last_seen": "Laatst genoemd",
    "letters": "Brieven",
    "mentions": "Vermeldingen",
}


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
    """One promise. Read by the CLI, the app and the griffie's register compare; fields are stable.

    key: stable register key (T<lowest number>, else U<hash of the first mention>);
    number: the lowest toezegging number, numbers: every number its mentions carry;
    what: the promised action as a Dutch phrase with its verb; who: who promised it;
    deadline: ISO (2025-06-10, 2025-07, 2025-Q3) and deadline_text as written;
    status: open / afgedaan / verlopen; made_in: {doc, date, page, sentence, sentence_id};
    fulfilled_by: the chosen Link (doc, date, page, sentence, confidence, content_hash, ...) or None;
    on_time: delivered by the deadline (None without a delivery or a deadline);
    links: every candidate delivering letter, with the user's decision where there is one;
    first_seen/last_seen: dates of the first and last letter mentioning it; mentions: in time order.
    """

    key: str
    number: str | None
    what: str | None
    who: str | None
    deadline: str | None
    status: str
    first_seen: str | None
    last_seen: str | None
    mentions: list[Mention] = field(default_factory=list)
    deadline_text: str | None = None
    made_in: dict[str, Any] | None = None
    fulfilled_by: Link | None = None
    on_time: bool | None = None
    numbers: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)

    @property
    def letters(self) -> int:
        """How many distinct letters mention it ("Brieven")."""
        return len({m.doc for m in self.mentions})

    def contract(self) -> dict[str, Any]:
        """The JSONL object of the registers contract (DESIGN.md)."""
        return {
            "key": self.key,
            "number": self.number,
            "what": self.what,
            "who": self.who,
            "deadline": self.deadline,
            "deadline_text": self.deadline_text,
            "status": self.status,
            "made_in": self.made_in,
            "fulfilled_by": self.fulfilled_by.contract() if self.fulfilled_by else None,
            "on_time": self.on_time,
            "mentions": [
                {
                    "doc": m.doc,
                    "date": m.doc_date,
                    "page": m.page,
                    "sentence": m.sentence,
                    "state": m.status,
                    "sentence_id": m.sentence_id,
                }
                for m in self.mentions
            ],
        }


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


def _key(prefix: str, *parts: str | None) -> str:
    return prefix + hashlib.sha1("|".join(p or "" for p in parts).encode()).hexdigest()[:10]


def _number_sort(value: str | None) -> tuple[int, str]:
    digits = re.sub(r"\D", "", value or "")
    return (int(digits) if digits else 10**9, value or "")


def _made_in(members: list[Any]) -> Any:
    ordered = sorted(members, key=_order)
    return next((f for f in ordered if _get(f, "status") == "made"), ordered[0])


def _letters(facts: list[Any], letters: Iterable[dict[str, Any]] | None) -> list[dict[str, Any]]:
    if letters is not None:
        return [dict(x) for x in letters]
    seen: dict[str, dict[str, Any]] = {}
    for f in facts:
        seen.setdefault(_get(f, "doc"), {"name": _get(f, "doc"), "date": _get(f, "doc_date")})
    return list(seen.values())


def toezeggingen_register(
    facts: Iterable[Any],
    today: str | date | None = None,
    letters: Iterable[dict[str, Any]] | None = None,
    decisions: dict[tuple[str, str], str] | None = None,
    context: LetterContext | None = None,
) -> list[ToezeggingEntry]:
    """One entry per promise with every mention, the letter that delivers it, and its status.

    facts: toezegging facts (letter_ref facts too, for links by reference); letters: the stored
    letters ({name, date, title, kenmerk, municipality, content_hash}: `Store.document_rows()`),
    needed for links by meaning and for decisions; decisions: {(entry key, content hash): confirmed |
    rejected}; context: the letters' delivering sentences, the letter graph and the motie chains
    (`registers.delivery.letter_context`), for links by reference, by motie and by a recalled promise.
    """
    all_facts = list(facts)
    stored = _letters(all_facts, letters)
    ref = reference_date([{"doc_date": x.get("date")} for x in stored] + all_facts, today)
    hashes = {x["name"]: x.get("content_hash") for x in stored}
    decisions = decisions or {}
    tz_facts = [f for f in all_facts if _get(f, "kind") == "toezegging"]
    refs: dict[str, list[Any]] = {}
    for f in all_facts:
        if _get(f, "kind") == "letter_ref":
            refs.setdefault(_get(f, "doc"), []).append(f)
    evidence: dict[str, list[Any]] = {}
    for f in tz_facts:
        sentence = _get(f, "sentence")
        if (_get(f, "status") == "being_fulfilled" and delivers(sentence)) or DELIVERS.search(sentence or ""):
            evidence.setdefault(_get(f, "doc"), []).append(f)
    groups = [g for g in promises(tz_facts) if not is_delivery_only(g.members)]
    tfidf = Tfidf([_get(f, "sentence") or "" for f in tz_facts] + [x.get("title") or "" for x in stored])

    found = []
    for group in groups:
        members = group.members
        what = pick_what(members)
        made = _made_in(members)
        deadline, _written = pick_deadline(members)
        day = to_date(deadline) if deadline and len(deadline) == 10 else None
        links = explicit_links(members, day, hashes, context)
        links += motie_links(members, stored, context)
        if not links:
            links = implicit_links(what or "", made, members, stored, evidence, refs, tfidf, context)
        found.append((group, what, made, links))
    _one_promise_per_letter(found)

    entries = []
    for group, what, made, links in found:
        members = group.members
        deadline, written = pick_deadline(members)
        first_seen, last_seen = _span(members)
        links = _decide(group.key, links, decisions, stored, evidence, tfidf, what or "")
        chosen = best_link(links)
        end = deadline_end(deadline)
        on_time = None
        if chosen is not None:
            status = "afgedaan"
            delivered = to_date(chosen.date)
            if end is not None and delivered is not None:
                on_time = delivered <= end
        elif end is not None and ref is not None and end < ref:
            status = "verlopen"
        else:
            status = "open"
        entries.append(
            ToezeggingEntry(
                key=group.key,
                number=group.numbers[0] if group.numbers else None,
                what=what,
                who=pick_who(members),
                deadline=deadline,
                status=status,
                first_seen=first_seen,
                last_seen=last_seen,
                mentions=_mentions(members),
                deadline_text=written,
                made_in={
                    "doc": _get(made, "doc"),
                    "date": _get(made, "doc_date"),
                    "page": _get(made, "page"),
                    "sentence": re.sub(r"\s+", " ", _get(made, "sentence") or "").strip(),
                    "sentence_id": _get(made, "sentence_id"),
                },
                fulfilled_by=chosen,
                on_time=on_time,
                numbers=group.numbers,
                links=links,
            )
        )
    entries.sort(key=lambda e: (e.number is None, _number_sort(e.number), e.first_seen or "", e.key))
    return entries


def _one_promise_per_letter(found: list[tuple[Any, str | None, Any, list[Link]]]) -> None:
    """A letter that does not name the promises of an earlier letter delivers (by meaning) only the one
    it is most like: the other links from that letter to promises of the same letter are dropped."""
    best: dict[tuple[str, str], float] = {}
    for _group, _what, made, links in found:
        for x in links:
            if x.basis in ("meaning", "reference"):
                pair = (_get(made, "doc"), x.doc)
                best[pair] = max(best.get(pair, 0.0), x.similarity)
    for _group, _what, made, links in found:
        links[:] = [
            x
            for x in links
            if x.basis not in ("meaning", "reference") or x.similarity >= best[(_get(made, "doc"), x.doc)]
        ]


def _decide(
    key: str,
    links: list[Link],
    decisions: dict[tuple[str, str], str],
    letters: list[dict[str, Any]],
    evidence: dict[str, list[Any]],
    tfidf: Tfidf,
    what: str,
) -> list[Link]:
    """Mark each link with the user's decision; a confirmed letter without a found link gets one."""
    by_hash = {x.content_hash: x for x in links if x.content_hash}
    for (entry, digest), decision in decisions.items():
        if entry != key:
            continue
        if digest in by_hash:
            by_hash[digest].decision = decision
            if decision == "confirmed":
                by_hash[digest].confidence, by_hash[digest].basis = 1.0, "confirmed"
            continue
        letter = next((x for x in letters if x.get("content_hash") == digest), None)
        if decision != "confirmed" or letter is None:
            continue
        target = tfidf.vector(what)
        options = [(_get(f, "sentence") or "", f) for f in evidence.get(letter["name"], [])]
        options.append((letter.get("title") or letter["name"], None))
        text, fact = max(options, key=lambda o: tfidf.cosine(target, tfidf.vector(o[0])))
        links.append(
            Link(
                letter["name"],
                letter.get("date"),
                _get(fact, "page") if fact is not None else None,
                re.sub(r"\s+", " ", text).strip(),
                1.0,
                digest,
                _get(fact, "sentence_id") if fact is not None else None,
                decision="confirmed",
                basis="confirmed",
            )
        )
    return links


def to_rows(entries: Iterable[ToezeggingEntry | MotieEntry]) -> list[dict[str, Any]]:
    """JSONL-ready dicts: toezeggingen in the registers contract; moties with their mentions."""
    return [e.contract() if isinstance(e, ToezeggingEntry) else asdict(e) for e in entries]


def _where(doc: str | None, day: str | None, page: int | None) -> str:
    return f"{doc} ({day or 'datum onbekend'}" + (f", p. {page}" if page else "") + ")"


def _flat_toezegging(e: ToezeggingEntry) -> dict[str, Any]:
    made, link = e.made_in or {}, e.fulfilled_by
    row = {
        "key": e.key,
        "number": ", ".join(e.numbers) or None,
        "what": e.what,
        "who": e.who,
        "deadline": e.deadline,
        "deadline_text": e.deadline_text,
        "status": e.status,
        "on_time": {True: "ja", False: "nee"}.get(e.on_time) if e.on_time is not None else None,
        "made_in": _where(made.get("doc"), made.get("date"), made.get("page")) if made else None,
        "fulfilled_by": (
            f"{_where(link.doc, link.date, link.page)}: {link.sentence} (zekerheid {link.confidence:.2f})"
            if link
            else None
        ),
        "first_seen": e.first_seen,
        "last_seen": e.last_seen,
        "letters": e.letters,
        "mentions": "\n".join(f"{_where(m.doc, m.doc_date, m.page)}: {m.sentence}" for m in e.mentions),
    }
    return {label: row[name] for name, label in TOEZEGGING_COLUMNS.items()}


def to_flat_rows(entries: Iterable[ToezeggingEntry | MotieEntry]) -> list[dict[str, Any]]:
    """One spreadsheet row per entry with readable column names; mentions joined as text."""
    rows = []
    for e in entries:
        if isinstance(e, ToezeggingEntry):
            rows.append(_flat_toezegging(e))
            continue
        rows.extend(flat_rows([e]))  # a motie: raadsbrieven.registers.moties
    return rows


def timeline(entries: Iterable[ToezeggingEntry | MotieEntry], which: str) -> list[dict[str, Any]]:
    """The mentions of one entry (by number, e.g. 926 or M101, or by key) in time order, one dict each."""
    wanted = which.strip().lstrip("#").casefold()
    for e in entries:
        numbers = {n.casefold() for n in getattr(e, "numbers", [])} | {(e.number or "").casefold()}
        if wanted in numbers | {e.key.casefold()}:
            return [
                {"key": e.key, "number": e.number, "seq": i + 1} | asdict(m) for i, m in enumerate(e.mentions)
            ]
    raise KeyError(which)


def filter_status(entries: Iterable[ToezeggingEntry], status: str | None) -> list[ToezeggingEntry]:
    """Entries with this register status (all when status is None); rejects unknown statuses."""
    if status is not None and status not in REGISTER_STATUSES:
        raise ValueError(f"unknown status {status!r}; known: {', '.join(REGISTER_STATUSES)}")
    return [e for e in entries if status is None or e.status == status]


def register_of(store: Any, today: str | date | None = None) -> list[ToezeggingEntry]:
    """The toezeggingen register of a store: its facts, its letters and the users' link decisions."""
    letters = [
        {
            k: row.get(k)
            for k in ("name", "date", "title", "doc_type", "kenmerk", "municipality", "content_hash")
        }
        for row in store.document_rows()
    ]
    facts = store.iter_facts(["toezegging", "letter_ref"])
    return toezeggingen_register(
        facts, today, letters=letters, decisions=store.link_decisions(), context=letter_context(store)
    )


def find_entry(entries: Iterable[ToezeggingEntry], which: str) -> ToezeggingEntry | None:
    """The entry with this key or any of its numbers (926, #926, T877, U3f4...)."""
    wanted = which.strip().lstrip("#").casefold()
    for e in entries:
        if wanted in {n.casefold() for n in e.numbers} | {e.key.casefold(), (e.number or "").casefold()}:
            return e
    return None
