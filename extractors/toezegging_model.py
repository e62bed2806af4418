"""The unnumbered-toezegging classifier: a gate of rules, then logistic regression.

Rules and word lists live in patterns/toezegging_rules.json; the training sentences
(hand-annotated from the corpus and letters-extra, label 1 = a commitment to the
council) in patterns/toezegging_sentences.jsonl. The model is trained on first use
(a few hundred sentences, well under a second) so the data file is the only artifact.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from raadsbrieven.extractors import PATTERNS

from raadsbrieven.nl.lexicon import load

SENTENCES = PATTERNS / "toezegging_sentences.jsonl"
THRESHOLD = 0.5
MARKERS = ("addressee", "venue", "verbs", "future", "own_letter")


def rules() -> dict[str, Any]:
    return load("toezegging_rules", PATTERNS)


@cache
def _compiled() -> dict[str, re.Pattern[str]]:
    return {key: re.compile(rules()[key], re.I) for key in MARKERS}


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def gate(text: str) -> tuple[int, int] | None:
    """The span (addressee or venue ... verb) when a sentence could hold a commitment, else None."""
    rx = _compiled()
    targets = list(rx["addressee"].finditer(text)) + list(rx["venue"].finditer(text))
    verbs = list(rx["verbs"].finditer(text))
    futures = list(rx["future"].finditer(text))
    if not (targets and verbs and futures):
        return None
    t, v = min(((t, v) for t in targets for v in verbs), key=lambda tv: abs(tv[0].start() - tv[1].start()))
    s, e = min(t.start(), v.start()), max(t.end(), v.end())
    near = [f for f in futures if s - 40 <= f.start() <= e + 10]
    if near:
        s, e = min(s, near[0].start()), max(e, near[0].end())
    if e - s > 160:
        s, e = min(t.start(), v.start()), max(t.end(), v.end())
    return s, e


def features(text: str) -> str:
    """The sentence with marker tokens added, so the model sees the gate's evidence."""
    rx = _compiled()
    marks = [f"__{key}__" for key in MARKERS if rx[key].search(text)]
    if "?" in text:
        marks.append("__question__")
    if re.search(r"\b(?:als|indien|mocht)\s+u\b", text, re.I):
        marks.append("__if_you__")
    if re.search(r"\b(?:we|wij|het college)\b", text, re.I):
        marks.append("__we__")
    return " ".join(marks) + " " + collapse(text).lower()


def training_rows() -> list[dict[str, Any]]:
    rows = []
    for line in SENTENCES.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rows.append(json.loads(line))
    return rows


@cache
def _pipeline(exclude_source: str | None = None) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    rows = [
        r for r in training_rows() if not (exclude_source and r.get("source", "").startswith(exclude_source))
    ]
    texts = [features(r["text"]) for r in rows]
    labels = [int(r["label"]) for r in rows]
    pipe = make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, token_pattern=r"(?u)\b\w[\w']*\b"),
        LogisticRegression(C=4.0, class_weight="balanced", max_iter=1000),
    )
    pipe.fit(texts, labels)
    return pipe


def probability(text: str, exclude_source: str | None = None) -> float:
    """P(commitment) for one sentence."""
    return float(_pipeline(exclude_source).predict_proba([features(text)])[0][1])
