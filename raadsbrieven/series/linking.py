"""Decide which numeric facts measure the same thing: hard rules first, then meaning.

A fact becomes an `Item`: its kind, unit, organisation, place, its *condition* (the
duration a share is measured against: "85% ... binnen 5 werkdagen") and a *measure text*
(the sentence with the values and period words masked, plus the previous sentences
when it only points back: "betrof dit nog 25% tot 40%"). Two items may link only when
`compatible` says so; among compatible items the cosine similarity of the embeddings of
their subject plus measure text (`embed_text`) decides (`cluster`). The method and the
threshold were chosen on annotated pairs (`eval/series_pairs.jsonl`, `make eval-series`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from raadsbrieven.nl.periods import find_periods

# What a condition adds after its duration and changes the measure: "binnen 5 dagen een
# kennismakingsgesprek of later op hun verzoek" is not "binnen 5 werkdagen" (nor are days and workdays
# one unit): two definitions stay two series unless the letters say they are the same.
_QUALIFIER = re.compile(r"\bof\s+later\s+op\s+(?:hun|zijn|haar|eigen|uitdrukkelijk)?\s*verzoek\b", re.I)
_NUMBER = re.compile(r"(?<![\w])\d+(?:[.,]\d+)*(?:\s?(?:%|procent\b))?")
_POINTS_BACK = re.compile(r"\b(?:dit|hiervan|daarvan|hierbij|daarbij|d[ia]t percentage|was dat)\b", re.I)
_WORD = re.compile(r"[^\W\d_]{3,}")
VALUE = "[waarde]"


@dataclass
class Item:
    """One numeric fact as the linker sees it."""

    fact_id: str
    kind: str
    unit: str | None
    org: str | None
    place: str | None
    per: str | None
    change: bool
    doc: str
    period: str | None
    low: float | None
    high: float | None
    condition: Condition | None
    text: str
    counted: str | None = None  # count: the noun counted (wachtenden, cliënten)
    series_id: str | None = field(default=None, compare=False)
    sentence_id: int | None = None
    span: tuple[int, int] = (0, 0)  # the value's offsets in `sentence`
    sentence: str = ""
    subject: str | None = None


def embed_text(item: Item) -> str:
    """What is embedded for a fact: its subject, then its masked sentence (measured best on the pairs).
    A count's subject is little more than its noun, which `compatible` already holds equal: its
    sentence alone says which list or group is counted ("wachtlijst voor Individuele Begeleiding")."""
    if item.kind == "count":
        return item.text
    return f"{item.subject}. {item.text}" if item.subject else item.text


Duration = tuple[int, str | None, float | None, float | None, str | None]  # offset, bound, low, high, unit
Condition = tuple[str, float | None, float | None, str, str]  # bound, low, high, unit, qualifier


def condition_of(durations: Iterable[Duration], at: int, sentence: str = "") -> Condition | None:
    """The duration nearest to offset `at` (durations as (offset, bound, low, high, unit)), with what
    the sentence adds to it in the same clause ("of later op hun verzoek")."""
    best = min(durations, key=lambda d: abs(d[0] - at), default=None)
    if best is None:
        return None
    offset, bound, low, high, unit = best
    return (bound or "exact", low, high, unit or "", qualifier_of(sentence, offset))


def qualifier_of(sentence: str, offset: int) -> str:
    """ "of later op verzoek" when the clause of the duration at `offset` says so, else ""."""
    clause = re.split(r"[;()]|\.\s", sentence[offset:], maxsplit=1)[0]
    return "of later op verzoek" if _QUALIFIER.search(clause) else ""


def mask(text: str, value_start: int, value_end: int) -> str:
    """The sentence with its own value as [waarde], other numbers as #, period words dropped."""
    head, value, tail = text[:value_start], text[value_start:value_end], text[value_end:]
    del value
    masked = []
    for part in (head, tail):
        spans = [(p.start, p.end) for p in find_periods(part, None)]
        for start, end in reversed(spans):
            part = part[:start] + " " + part[end:]
        masked.append(_NUMBER.sub("#", part))
    return re.sub(r"\s+", " ", f"{masked[0]}{VALUE}{masked[1]}").strip()


def points_back(masked: str) -> bool:
    """A short sentence that refers to an earlier one ("In november betrof dit nog [waarde].")."""
    words = [w for w in _WORD.findall(masked) if w != "waarde"]
    return bool(_POINTS_BACK.search(masked)) and len(words) < 10


def measure_text(own: str, context: Sequence[str], heading: str | None) -> str:
    """What gets embedded for a fact: its masked sentence (`mask`), after the sentences it points back to."""
    parts = [_NUMBER.sub("#", c) for c in context] + [own]
    if heading and len(_WORD.findall(own)) < 6:
        parts.insert(0, heading)
    return re.sub(r"\s+", " ", " ".join(parts)).strip()


_GLUE = set(
    "van in naar tot was waren dat dit is zijn en of de het een nog nu ten opzichte tegenover vergeleken met "
    "dan bij voor over ruim circa ongeveer bijna rond zo'n procent percent jaar eind begin medio t.o.v. "
    "percentage aandeel aantal bedrag".split()
)


_COMPARED = re.compile(r"ten opzichte van|tegenover|vergeleken met|t\.o\.v\.|d[ia]t percentage", re.I)


def same_sentence_link(a: Item, b: Item) -> bool:
    """Two values in one sentence are one metric only when little but periods and glue words part them.

    "van 29% in 2019 naar 39% in 2020", "(in 2019 was dat 85%, in 2020 80%)", "... ten opzichte van
    11 procent in 2019" link; "rusteloos (van 29% ...) en ... druk door schoolwerk (van 20% ...)" does not.
    """
    first, second = sorted((a, b), key=lambda x: x.span[0])
    gap = first.sentence[first.span[1] : second.span[0]]
    if re.search(
        r"ten opzichte van|tegenover|vergeleken met|t\.o\.v\.|dit percentage|dat percentage", gap, re.I
    ):
        return True
    if from_to(first.sentence[: first.span[0]], gap):
        return True
    spans = [(p.start, p.end) for p in find_periods(gap, None)]
    for start, end in reversed(spans):
        gap = gap[:start] + " " + gap[end:]
    words = [w.casefold() for w in re.findall(r"[^\W\d_][\w'’.]*", gap)]
    return all(w in _GLUE for w in words)


def from_to(before: str, gap: str) -> bool:
    """ "van 154 wachtenden en 1401 cliënten eind 2022 tot ca. 336 wachtenden en 1392 cliënten eind
    2024": the first value is in the "van" part and the second in the one "tot"/"naar" part after it."""
    opened = list(re.finditer(r"(?<!\w)van(?!\w)", before, re.I))
    if not opened or re.search(r"(?<!\w)(?:tot|naar)(?!\w)|[;.]\s", before[opened[-1].end() :], re.I):
        return False
    turns = re.findall(r"(?<!\w)(?:tot|naar)(?!\w)", gap, re.I)
    return len(turns) == 1 and not re.search(r"(?<!\w)van(?!\w)|[;.]\s", gap.replace("ca. ", ""), re.I)


def _same_or_open(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a.casefold() == b.casefold()


def compatible(a: Item, b: Item) -> bool:
    """Hard rules: a series never mixes kinds, units, organisations, places or conditions."""
    if a.kind != b.kind or a.unit != b.unit or a.change != b.change:
        return False
    if a.kind == "count" and (a.counted or "").casefold() != (b.counted or "").casefold():
        return False  # 154 wachtenden and 1401 cliënten in zorg are two measures, never one series
    if not (_same_or_open(a.org, b.org) and _same_or_open(a.place, b.place) and _same_or_open(a.per, b.per)):
        return False
    if a.condition != b.condition:  # "binnen 5 werkdagen" is part of what a share measures
        return False
    same_sentence = a.sentence_id is not None and a.sentence_id == b.sentence_id
    if same_sentence and not same_sentence_link(a, b):
        return False
    # Two values for the same period in one letter are two metrics, unless the sentence compares them
    # ("ligt dit percentage nu rond de 5 procent", "ten opzichte van 11 procent").
    if a.doc == b.doc and a.period == b.period and _values(a) != _values(b):
        return same_sentence and bool(_COMPARED.search(_gap(a, b)))
    return True


def _values(item: Item) -> set[float]:
    return {v for v in (item.low, item.high) if v is not None}


def _gap(a: Item, b: Item) -> str:
    first, second = sorted((a, b), key=lambda x: x.span[0])
    return first.sentence[first.span[1] : second.span[0]]


def _group_compatible(g1: list[Item], g2: list[Item]) -> bool:
    return all(compatible(a, b) for a in g1 for b in g2)


def cluster(
    items: Sequence[Item],
    vectors: np.ndarray,
    threshold: float,
    linkage: str = "average",
    frozen: Iterable[int] = (),
) -> list[int]:
    """Group labels for `items` by constrained agglomerative linking.

    Items start in the group of their `series_id` (existing series) or alone. Pairs are
    taken by similarity, highest first; two groups merge when their link (`single`: the
    best pair, `average`: the mean over all pairs) reaches `threshold` and every pair across
    them is `compatible`. Groups holding `frozen` items (already stored series) never merge
    with each other, so adding a letter extends series without rebuilding the others.
    """
    n = len(items)
    label = list(range(n))
    by_series: dict[str, int] = {}
    for i, item in enumerate(items):
        if item.series_id is not None:
            label[i] = by_series.setdefault(item.series_id, i)
    frozen = list(frozen)
    frozen_groups = {label[i] for i in frozen}
    members: dict[int, list[int]] = {}
    for i, g in enumerate(label):
        members.setdefault(g, []).append(i)
    if n < 2:
        return label
    vectors = np.asarray(vectors, dtype=np.float32)
    blocks: dict[tuple, list[int]] = {}
    for i, item in enumerate(items):  # only items of one kind, unit and change can ever link
        blocks.setdefault((item.kind, item.unit, item.change), []).append(i)
    pairs: list[tuple[float, int, int]] = []
    frozen_set = set(frozen)
    for idx in blocks.values():
        block = np.asarray(idx)
        fresh = np.asarray([i for i in idx if i not in frozen_set], dtype=int)
        if len(block) < 2 or len(fresh) == 0:
            continue
        sims = vectors[fresh] @ vectors[block].T  # new items against the whole block, never old x old
        for a, b in np.argwhere(sims >= threshold):
            i, j = int(fresh[a]), int(block[b])
            if i == j or (j not in frozen_set and j < i):  # each new-new pair once
                continue
            if compatible(items[i], items[j]):
                pairs.append((float(sims[a, b]), i, j))
    pairs.sort(key=lambda p: -p[0])
    for _, i, j in pairs:
        gi, gj = label[i], label[j]
        if gi == gj or (gi in frozen_groups and gj in frozen_groups):
            continue
        a, b = members[gi], members[gj]
        if linkage == "average" and float((vectors[a] @ vectors[b].T).mean()) < threshold:
            continue
        if not _group_compatible([items[k] for k in a], [items[k] for k in b]):
            continue
        keep, gone = (gi, gj) if gi in frozen_groups or (gj not in frozen_groups and gi < gj) else (gj, gi)
        for k in members[gone]:
            label[k] = keep
        members[keep] += members.pop(gone)
    return label
