"""A fast stand-in for eval_commitments.py's toezegging column: leave one source out on the table.

    python eval/proxy_toezegging.py                       # the shipped settings
    python eval/proxy_toezegging.py --set C=0.1 MARKER_WEIGHT=2

For each source with toezeggingen (amsterdam, denhaag, kamer, utrecht) the classifier is fitted on
the shipped table without that source and scores that source's sentences: does a sentence hold a
toezegging (P >= THRESHOLD), against its label. Sentence level only (no span matching, no states),
so its figures sit near, not on, the full evaluation's; use it to compare settings, then confirm
with eval_commitments.py. `--set NAME=VALUE` overrides a constant of toezegging_model for the run.
"""

from __future__ import annotations

import argparse
import ast
import json

from raadsbrieven.extractors import toezegging_model as model

SOURCES = ("amsterdam", "denhaag", "kamer", "utrecht")


def score(rows: list[dict], proba) -> tuple[int, int, int]:
    tp = fp = fn = 0
    for row, p in zip(rows, proba, strict=True):
        gold, pred = row["label"] != "none", 1.0 - p[0] >= model.THRESHOLD
        tp += gold and pred
        fp += pred and not gold
        fn += gold and not pred
    return tp, fp, fn


def show(source: str, rows: list[dict], proba, n: int) -> None:
    """Up to n missed and n extra sentences of a source, with their P(toezegging)."""
    missed = [
        (1 - p[0], r)
        for r, p in zip(rows, proba, strict=True)
        if r["label"] != "none" and 1 - p[0] < model.THRESHOLD
    ]
    extra = [
        (1 - p[0], r)
        for r, p in zip(rows, proba, strict=True)
        if r["label"] == "none" and 1 - p[0] >= model.THRESHOLD
    ]
    for what, items in (("MISSED", missed), ("EXTRA", extra)):
        for p, r in sorted(items, key=lambda item: -item[0])[:n]:
            print(f"  [{source}] {what} {r['label']} P {p:.2f}: {r['text'][:160]!r}")


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def line(name: str, tp: int, fp: int, fn: int) -> None:
    print(f"{name:<12}{tp + fn:>6}{tp:>5}{fp:>5}{fn:>5}" + "".join(f"{v:>7.2f}" for v in f1(tp, fp, fn)))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", nargs="*", default=[], metavar="NAME=VALUE")
    ap.add_argument("--sources", nargs="*", default=SOURCES)
    ap.add_argument("--extra", nargs="*", default=[], help="JSONL files of more rows (source guide)")
    ap.add_argument("--strict", action="store_true", help="without the GUIDE-convention sentences")
    ap.add_argument("--show", type=int, default=0, help="print up to N misses and extras per source")
    args = ap.parse_args(argv)
    for item in args.set:
        name, value = item.split("=", 1)
        setattr(model, name, ast.literal_eval(value))
    table = model.training_rows()
    for path in args.extra:
        for text in open(path, encoding="utf-8"):
            if text.strip():
                row = json.loads(text)
                table.append({**row, "source": "guide", "origin": path})
    if args.strict:
        table = [r for r in table if r.get("source") != "guide"]
    total = [0, 0, 0]
    print(f"{'source':<12}{'gold':>6}{'tp':>5}{'fp':>5}{'fn':>5}{'P':>7}{'R':>7}{'F1':>7}")
    for source in args.sources:
        test = [r for r in table if r.get("source") == source]
        clf = model.fit([r for r in table if r.get("source") != source])
        proba = clf.predict(test)
        tp, fp, fn = score(test, proba)
        if args.show:
            show(source, test, proba, args.show)
        total = [a + b for a, b in zip(total, (tp, fp, fn), strict=True)]
        line(source, tp, fp, fn)
    line("pooled", *total)


if __name__ == "__main__":
    main()
