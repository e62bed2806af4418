"""The toezegging classifier's threshold, chosen the leave-one-source-out way.

    python eval/choose_threshold.py

For each source held out, the threshold is chosen on the other sources alone: each of them is
scored by a model trained on the rest (neither it nor the held-out source), and the threshold that
gives the best pooled sentence-level F1 over them wins. The shipped THRESHOLD is the median of those
choices (extractors/toezegging_model.py).
"""

from __future__ import annotations

import statistics

import numpy as np
from raadsbrieven.extractors import toezegging_model as model

SOURCES = ("amsterdam", "denhaag", "kamer", "utrecht")
GRID = np.round(np.arange(0.20, 0.61, 0.01), 2)


def scores(train: list[dict], test: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    clf = model.fit(train)
    return 1.0 - clf.predict(test)[:, 0], np.array([r["label"] != "none" for r in test])


def best_threshold(pairs: list[tuple[np.ndarray, np.ndarray]]) -> float:
    def f1(t: float) -> float:
        tp = fp = fn = 0
        for yes, gold in pairs:
            pred = yes >= t
            tp += int((pred & gold).sum())
            fp += int((pred & ~gold).sum())
            fn += int((~pred & gold).sum())
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    return float(max(GRID, key=lambda t: (f1(t), -abs(t - 0.5))))


def main() -> None:
    rows = model.training_rows()
    chosen = []
    for held in SOURCES:
        pairs = []
        for inner in SOURCES:
            if inner == held:
                continue
            train = [r for r in rows if r.get("source") not in (held, inner)]
            pairs.append(scores(train, [r for r in rows if r.get("source") == inner]))
        t = best_threshold(pairs)
        chosen.append(t)
        print(f"without {held}: threshold {t:.2f}", flush=True)
    print(f"median {statistics.median(chosen):.3f} (shipped: {model.THRESHOLD})")


if __name__ == "__main__":
    main()
