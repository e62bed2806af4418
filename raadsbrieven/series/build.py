"""Time series: numeric facts that measure the same thing, across periods and letters.

`link_store` gives every numeric fact (percentage, duration, money, count; not chart residue) a
series in the store: facts already linked keep theirs, new facts join the most similar
compatible series or start their own (`raadsbrieven.series.linking` decides). Only new facts are
embedded, and their vectors are cached like sentence vectors, so adding a letter costs the
embedding of its own facts. `load_series` reads series back with their points in time order.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from raadsbrieven.embed import Embedder, embed_cached, get_embedder
from raadsbrieven.nl.format import UNIT_LABELS, value_text
from raadsbrieven.nl.periods import period_date
from raadsbrieven.nl.places import municipalities
from raadsbrieven.search import fold
from raadsbrieven.series.linking import (
    Condition,
    Item,
    cluster,
    condition_of,
    embed_text,
    mask,
    measure_text,
    points_back,
)

NUMERIC_KINDS = ("percentage", "duration", "money", "count")
# Chosen on the annotated pairs of eval/series_pairs.jsonl (make eval-series).
THRESHOLD = 0.875
LINKAGE = "average"


@dataclass
class Point:
    period: str | None
    low: float | None
    high: float | None
    doc: str
    doc_date: str | None
    page: int | None
    sentence: str
    text: str
    fact_id: str
    approx: bool = False
    bound: str | None = None
    sentence_id: int | None = None  # the stored sentence (sentences.id)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Series:
    id: str
    label: str
    kind: str
    unit: str | None
    org: str | None
    place: str | None
    points: list[Point] = field(default_factory=list)
    related: list[str] = field(default_factory=list)  # ids of series of the same thing, defined otherwise

    @property
    def subject(self) -> str:
        """The label without its definition."""
        return split_label(self.label)[0]

    @property
    def definition(self) -> str:
        """What the series measures: unit or what is counted, condition, who counts (`make_definition`)."""
        return split_label(self.label)[1]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "definition": self.definition,
            "kind": self.kind,
            "unit": self.unit,
            "org": self.org,
            "place": self.place,
            "related": list(self.related),
            "points": [p.to_dict() for p in self.points],
        }


def split_label(label: str) -> tuple[str, str]:
    """ "Subject (definition)" -> (subject, definition); a label without a definition -> (label, "")."""
    if label.endswith(")") and " (" in label:
        subject, _, definition = label[:-1].rpartition(" (")
        return subject, definition
    return label, ""


@dataclass
class LinkReport:
    new_facts: int = 0
    joined: int = 0  # new facts that extended an existing series
    new_series: int = 0
    removed: int = 0  # memberships of facts that are gone from the store


# ---------------------------------------------------------------- reading facts as items


def _fact_rows(store, only_unlinked: bool) -> list[dict[str, Any]]:
    """Numeric facts with their letter, sentence and series id (eval/ and bench/ read them too)."""
    return store.fact_rows_for_linking(NUMERIC_KINDS, only_unlinked)


def items_from_rows(store, rows: list[dict[str, Any]]) -> list[Item]:
    sentences, durations = store.sentences_and_durations(r["document_id"] for r in rows)
    items = []
    for r in rows:
        sentence = r["s_text"] or r["sentence"] or r["text"]
        offset = (r["start"] - r["s_start"]) if r["s_start"] is not None else sentence.find(r["text"])
        offset = max(offset, 0)
        span = (offset, offset + len(r["text"]))
        earlier = [
            sentences.get((r["document_id"], (r["s_idx"] or 0) - k)) for k in (1, 2) if r["s_idx"] is not None
        ]
        earlier = [e for e in earlier if e is not None and e.heading == r["s_heading"]]
        own = mask(sentence, *span)
        context = list(reversed(earlier)) if points_back(own) else []
        text = measure_text(own, [e.text for e in context], r["s_heading"])
        condition = None
        if r["kind"] == "percentage":
            own = [d for d in durations.get(r["sentence_id"], []) if not (r["start"] <= d[0] < r["end"])]
            s_start = r["s_start"] if r["s_start"] is not None else r["start"] - offset
            condition = condition_of(_local(own, s_start), offset, sentence)
            for e in reversed(context):  # "betrof dit nog 25% tot 40%": the condition said before
                if condition is None:
                    condition = condition_of(_local(durations.get(e.id, []), e.start), len(e.text), e.text)
        items.append(
            Item(
                fact_id=r["id"],
                kind=r["kind"],
                unit=r["unit"],
                org=r["org"],
                place=open_place(r["place"]),
                per=r["per"],
                change=bool(r["change"]),
                doc=r["doc"],
                period=r["period"],
                low=r["low"],
                high=r["high"],
                condition=condition,
                text=text,
                series_id=r["series_id"],
                sentence_id=r["sentence_id"],
                span=span,
                sentence=sentence,
                subject=r["subject"],
                counted=r.get("counted"),
            )
        )
    return items


def _local(durations: list[tuple], start: int) -> list[tuple]:
    """Durations with their offsets made relative to the sentence that starts at `start`."""
    return [(d[0] - start, *d[1:]) for d in durations]


def open_place(place: str | None) -> str | None:
    """A whole municipality is what a letter says when it names no wijk: it constrains nothing."""
    if place and place.casefold() in municipalities():
        return None
    return place


# ---------------------------------------------------------------- linking


def _series_id(fact_id: str) -> str:
    return "s" + hashlib.sha1(fact_id.encode()).hexdigest()[:12]


def link_store(
    store,
    embedder: Embedder | None = None,
    threshold: float = THRESHOLD,
    linkage: str = LINKAGE,
    progress: Callable[[int], None] | None = None,
) -> LinkReport:
    """Link the facts that have no series yet; series already stored are extended, never rebuilt."""
    # memberships of facts that are gone (a letter deleted or re-ingested) go, then empty series
    report = LinkReport(removed=store.prune_series())
    new_rows = _fact_rows(store, only_unlinked=True)
    if not new_rows:
        return report
    embedder = embedder or get_embedder()
    new_items = items_from_rows(store, new_rows)
    kinds = {(i.kind, i.unit, i.change) for i in new_items}
    old_rows = [
        r
        for r in _fact_rows(store, only_unlinked=False)
        if r["series_id"] is not None and (r["kind"], r["unit"], bool(r["change"])) in kinds
    ]
    old_items = items_from_rows(store, old_rows)
    items = old_items + new_items
    vectors = embed_cached(store, embedder, [embed_text(i) for i in items], progress=progress)
    labels = cluster(items, vectors, threshold, linkage, frozen=range(len(old_items)))

    series_of_group: dict[int, str] = {}
    for i, item in enumerate(old_items):
        series_of_group[labels[i]] = item.series_id
    groups: dict[int, list[Item]] = {}
    for i, item in enumerate(items):
        groups.setdefault(labels[i], []).append(item)

    new_series, memberships, touched = [], [], set()
    conditions: dict[str, Condition | None] = {}  # a series' members share their condition (linking)
    for g, members in groups.items():
        fresh = [it for it in members if it.series_id is None]
        if not fresh:
            continue
        if g in series_of_group:
            sid = series_of_group[g]
            touched.add(sid)
            report.joined += len(fresh)
        else:
            sid = _series_id(fresh[0].fact_id)
            new_series.append(_series_row(sid, members, embedder.name))
            report.new_series += 1
        conditions[sid] = members[0].condition
        memberships += [{"fact_id": it.fact_id, "series_id": sid, "measure": embed_text(it)} for it in fresh]
    report.new_facts = len(new_items)
    store.insert_series(new_series, memberships)
    # label (with its definition), organisation and place of the series that are new or got new members
    store.relabel_series(
        touched | {row["id"] for row in new_series},
        lambda sid, rows: _series_head(rows, conditions.get(sid)),
    )
    return report


def relink_store(store, embedder: Embedder | None = None, **kwargs: Any) -> LinkReport:
    """Forget every series and link all facts again (after changing the model or threshold)."""
    store.clear_series()
    return link_store(store, embedder, **kwargs)


def _series_row(sid: str, members: list[Item], model: str) -> dict[str, Any]:
    """A new series; `_series_head` gives it its label, organisation and place from its stored facts."""
    return {"id": sid, "label": "", "kind": members[0].kind, "unit": members[0].unit, "model": model}


def _common(values) -> str | None:
    seen = [v for v in values if v]
    return Counter(seen).most_common(1)[0][0] if seen else None


def _series_head(rows: list[Any], condition: Condition | None = None) -> dict[str, Any]:
    """A series' label with its definition, organisation and place, from the (subject, org, place,
    kind, unit, counted, per) of its facts and the condition its shares are measured against."""
    org = _common(r.org for r in rows)
    counted, per = _common(r.counted for r in rows), _common(r.per for r in rows)
    definition = make_definition(rows[0].kind, rows[0].unit, counted, per, condition, org)
    label = make_label([r.subject for r in rows])
    return {
        "label": f"{label} ({definition})" if definition else label,
        "org": org,
        "place": _common(r.place for r in rows),
    }


def make_definition(
    kind: str,
    unit: str | None,
    counted: str | None,
    per: str | None,
    condition: Condition | None,
    org: str | None,
) -> str:
    """What a series measures, in Dutch, for its label: the unit or what is counted, the condition a
    share is measured against, who counts. "aandeel binnen 5 werkdagen; bron: Lokalis", "aantal
    wachtenden; bron: gemeente Utrecht", "in weken", "in euro per jaar"."""
    parts = []
    if kind == "percentage":
        cond = condition_text(condition)
        parts.append(f"aandeel {cond}" if cond else "aandeel in %")
    elif kind == "count":
        parts.append(f"aantal {counted}" if counted else "aantal")
    elif kind == "money":
        parts.append(f"in euro per {per}" if per else "in euro")
    elif unit:
        parts.append(f"in {UNIT_LABELS.get(unit, unit)}")
    if org:
        parts.append(f"bron: {org}")
    return "; ".join(parts)


def condition_text(condition: Condition | None) -> str:
    """ "binnen 5 werkdagen", "binnen 5 dagen of later op verzoek", or "" without a condition."""
    if condition is None:
        return ""
    bound, low, high, unit, qualifier = condition
    text = value_text(low, high, unit or None, bound)
    return f"{text} {qualifier}".strip() if text else ""


def make_label(subjects: list[str | None]) -> str:
    """The subject most of the facts share (ties: the most informative), as a readable label."""
    clean = [re.sub(r"\s+", " ", s).strip() for s in subjects if s and s.strip()]
    if not clean:
        return "(zonder onderwerp)"
    counts = Counter(fold(s) for s in clean)
    best = max(clean, key=lambda s: (counts[fold(s)], len(s.split()) <= 12, len(s)))
    return best[0].upper() + best[1:]


# ---------------------------------------------------------------- reading series


def period_key(period: str | None, doc_date: str | None = None) -> tuple:
    """Sort key for periods, by the middle of their span: 2019 < 2020-Q1 < 2020-H1 < 2020 < 2020-Q4;
    a period we cannot read sorts by the letter's date, else last."""
    middle = period_date(period, doc_date)
    return (middle or date.max, period or doc_date or "")


def load_series(
    store,
    query: str | None = None,
    min_points: int = 2,
    link: bool = True,
    embedder: Embedder | None = None,
) -> list[Series]:
    """Series with their points in time order; links unlinked facts first when `link`."""
    if link and store.has_unlinked_facts(NUMERIC_KINDS):
        link_store(store, embedder)
    heads, by_fact = store.series_heads_and_memberships()
    points: dict[str, list[Point]] = {}
    for fact in store.iter_facts(NUMERIC_KINDS, include_residue=False):
        sid = by_fact.get(fact.id)
        if sid is None:
            continue
        points.setdefault(sid, []).append(
            Point(
                period=fact.period or fact.doc_date,
                low=fact.low,
                high=fact.high,
                doc=fact.doc,
                doc_date=fact.doc_date,
                page=fact.page,
                sentence=fact.sentence,
                text=fact.text,
                fact_id=fact.id,
                approx=fact.approx,
                bound=fact.bound,
                sentence_id=fact.sentence_id,
            )
        )
    out = []
    for sid, pts in points.items():
        head = heads.get(sid)
        if head is None or len(pts) < min_points:
            continue
        pts.sort(key=lambda p: (period_key(p.period, p.doc_date), p.doc_date or "", p.doc))
        pts = _distinct(pts)
        if len(pts) < min_points:
            continue
        out.append(Series(sid, head["label"], head["kind"], head["unit"], head["org"], head["place"], pts))
    mark_related(out)
    if query:
        out = filter_series(out, query)
    # Series that span more letters and periods first: those are the trends people come for.
    out.sort(key=lambda x: (-len({p.doc for p in x.points}), -len({p.period for p in x.points}), x.label))
    return out


_STOP = frozenset("aantal aandeel binnen later verzoek werden wordt hebben krijgen kregen".split())


def _stems(text: str) -> set[str]:
    """Content words of a subject, cut to their first seven letters ("kennismakingsgesprekken" and
    "kennismakingsgesprek" are one word)."""
    return {w[:7] for w in re.findall(r"[^\W\d_]{5,}", fold(text)) if w not in _STOP}


def mark_related(series: list[Series]) -> None:
    """Series of one kind about the same thing that linking kept apart because they are defined
    otherwise (another condition, unit or what is counted) are related: shown side by side, never
    merged. Related: compatible organisation and place, and subjects that share most content words."""
    stems = {x.id: _stems(x.subject) for x in series}
    for a in series:
        for b in series:
            if a.id == b.id or a.kind != b.kind or b.id in a.related:
                continue
            if not (_open_or_same(a.org, b.org) and _open_or_same(a.place, b.place)):
                continue
            sa, sb = stems[a.id], stems[b.id]
            if len(sa & sb) >= 2 and len(sa & sb) / len(sa | sb) >= 0.3:
                a.related.append(b.id)
                b.related.append(a.id)


def _open_or_same(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a.casefold() == b.casefold()


def _distinct(points: list[Point]) -> list[Point]:
    """One point per letter, period and value: a letter repeating its own figure adds no point."""
    seen: set[tuple] = set()
    out = []
    for p in points:
        key = (p.doc, p.period, p.low, p.high)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def format_value(low: float | None, high: float | None, unit: str | None, bound: str | None = None) -> str:
    """A point's value in the CLI's series table: 85%, 25–40%, binnen 5 werkdagen, € 4.200.000."""
    return value_text(low, high, unit, bound, dash=True) or "?"


def filter_series(series: list[Series], query: str) -> list[Series]:
    """Series whose label, organisation, place or sentences contain every word of the query."""
    words = fold(query).split()

    def hay(x: Series) -> str:
        return fold(" ".join([x.label, x.org or "", x.place or ""] + [p.sentence for p in x.points]))

    return [x for x in series if all(w in hay(x) for w in words)]
