"""Commitments by source, leave one source out: toezegging, motie, amendement and letter_ref.

    python eval/eval_commitments.py                # every source, pooled, the dev set
    python eval/eval_commitments.py --show 10      # also print up to 10 misses and extras per kind
                                                   # (a toezegging with its P from the held-out model)
    python eval/eval_commitments.py --sources kamer denhaag
    python eval/eval_commitments.py --strict       # also without the GUIDE-convention sentences

For each source (eval/sources.tsv) the toezegging classifier is trained on the sentences of all
other sources (the annotated table of eval/build_training.py plus the shipped seed sentences, both
without the held-out source), the held-out documents are extracted in-process with that model and
scored with ../shared/eval/score.py's `score` against the gold (eval/annotations/commitments/, and
for Utrecht the shared dev set). The one learned part of letter references, the filter that weighs
a date-based candidate, is likewise trained without the held-out source; moties and amendementen
are patterns only. Reading (segmentation) is cached per
document in a temp folder (see build_training.CACHE), so a rerun only extracts.

The shipped training file also holds sentences written from GUIDE.md's conventions (source "guide",
extractors/patterns/toezegging_guide.jsonl); they are in every fold's training. They were written
after the annotated letters had been read, so `--strict` leaves them out too for a stricter figure.

Also printed: the pooled toezegging sentence-level precision/recall, a confusion of states on the
matched sentences, and the dev set (Utrecht dev gold) with the model trained on all non-Utrecht
sources (which is the Utrecht row) and with the shipped model trained on everything.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

import build_training as bt  # noqa: E402

SCORER = bt.SHARED / "eval" / "score.py"
KINDS = ("toezegging", "motie", "amendement", "letter_ref")
NOT_A_STATE = "none"


def load_scorer(path: Path = SCORER) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the scorer {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def extract(docs: list, exclude: tuple[str, ...]) -> tuple[list[dict], dict[tuple[str, int], str]]:
    """Facts of the documents as contract rows, and the toezegging state per (doc, sentence index)."""
    from raadsbrieven.extractors import letter_ref, load_extractors, run_extractors
    from raadsbrieven.extractors import toezegging_model as model

    modules = load_extractors()
    preds, states = [], {}
    # the letter_ref filter, like the toezegging model, without the held-out source
    letter_ref.EXCLUDE_SOURCE[:] = [exclude[0]] if exclude else []
    with model.excluding(*exclude):
        for doc in docs:
            by_start = {s.start: s.index for s in doc.sentences}
            for fact in run_extractors(doc, modules):
                row = fact.to_contract()
                preds.append(row)
                if fact.kind == "toezegging":
                    index = _sentence_of(doc, fact.start, by_start)
                    if index is not None:
                        states.setdefault((doc.name, index), fact.status or "made")
    letter_ref.EXCLUDE_SOURCE[:] = []
    return preds, states


def _sentence_of(doc, offset: int, by_start: dict[int, int]) -> int | None:
    for s in doc.sentences:
        if s.start <= offset < s.end:
            return s.index
    return None


def table(title: str, rows: list[tuple[str, dict]], kinds=KINDS) -> None:
    print(f"\n{title}")
    head = f"{'source':<16}" + "".join(f"{k:>26}" for k in kinds)
    print(head)
    print(f"{'':<16}" + "".join(f"{'gold  pred    P    R   F1':>26}" for _ in kinds))
    for name, report in rows:
        cells = []
        for k in kinds:
            s = report[k]
            if not s["gold"] and not s["pred"]:
                cells.append(f"{'-':>26}")
            else:
                cells.append(
                    f"{s['gold']:>6}{s['pred']:>6}{s['precision']:>5.2f}{s['recall']:>5.2f}{s['f1']:>5.2f}".rjust(
                        26
                    )
                )
        print(f"{name:<16}" + "".join(cells))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sources", nargs="*", help="only these held-out sources")
    ap.add_argument("--show", type=int, default=0, help="print up to N misses and extras per kind and source")
    ap.add_argument("--kinds", nargs="*", default=list(KINDS))
    ap.add_argument("--strict", action="store_true", help="train without the GUIDE-convention sentences too")
    args = ap.parse_args(argv)
    extra = ("guide",) if args.strict else ()
    kinds = tuple(args.kinds)
    scorer = load_scorer()
    t0 = time.perf_counter()

    gold = bt.annotated_documents()
    rules = bt.source_rules()
    by_source: dict[str, list[str]] = defaultdict(list)
    for name in sorted(gold):
        by_source[bt.source_of(name, rules) or "unknown"].append(name)
    sources = [s for s in sorted(by_source) if not args.sources or s in args.sources]

    docs = {name: bt.read_document(bt.find_document(name)) for s in sources for name in by_source[s]}
    t_read = time.perf_counter() - t0

    rows, all_gold, all_pred, matchable_rows = [], [], [], []
    sent_gold: dict[tuple[str, int], str] = {}
    sent_pred: dict[tuple[str, int], str] = {}
    chars, t_extract = 0, 0.0
    for source in sources:
        names = by_source[source]
        source_docs = [docs[n] for n in names]
        from raadsbrieven.extractors import toezegging_model as model

        model.classifier((source, *extra))  # train outside the timed part
        t = time.perf_counter()
        preds, states = extract(source_docs, (source, *extra))
        t_extract += time.perf_counter() - t
        chars += sum(len(d.text) for d in source_docs)
        golds = [g for n in names for g in gold[n] if g.get("kind") in kinds]
        report, _attrs, misses, extras = scorer.score(golds, preds, kinds)
        rows.append((source, report))
        if "letter_ref" in kinds:
            matchable_rows.append((source, scorer.score(matchable(golds), preds, ("letter_ref",))[0]))
        all_gold += golds
        all_pred += preds
        sent_pred.update(states)
        for n in names:
            labelled, _lost = bt.label_document(docs[n], gold[n])
            for r in labelled:
                sent_gold[(n, r["index"])] = r["label"]
            for i in range(len(docs[n].sentences)):
                sent_gold.setdefault((n, i), "skip")  # borderline-only: neither earns nor costs
        if args.show:
            p_of = _probabilities(source_docs, (source, *extra))
            _show(source, misses, extras, args.show, lambda r, p_of=p_of: _p_of_row(r, docs, p_of))

    pooled, attrs, _m, _e = scorer.score(all_gold, all_pred, kinds)
    rows.append(("pooled", pooled))
    title = "Leave one source out (each source scored with a toezegging model that never saw it)"
    table(title + (", strict: no GUIDE sentences" if args.strict else ""), rows, kinds)
    if matchable_rows:
        matchable_rows.append(("pooled", scorer.score(matchable(all_gold), all_pred, ("letter_ref",))[0]))
        table(
            "letter_ref, only the gold that score.py can match (it compares a date or a kenmerk; "
            "a reference by title alone never matches)",
            matchable_rows,
            ("letter_ref",),
        )
    if attrs:
        print(
            "attribute accuracy on matched facts (pooled): " + ", ".join(f"{k}={v}" for k, v in attrs.items())
        )

    _sentence_level(sent_gold, sent_pred)
    if not args.sources or "utrecht" in args.sources:
        _dev(scorer, kinds, extra)
    n_docs = sum(len(by_source[s]) for s in sources)
    print(
        f"\n{n_docs} documents, {chars:,} characters; reading {t_read:.1f}s (cached per document), "
        f"extraction {t_extract:.1f}s wall ({chars / max(t_extract, 1e-9):,.0f} chars/s, all extractors)"
    )


def matchable(golds: list[dict]) -> list[dict]:
    """The gold without the letter references that have neither a date nor a kenmerk."""
    return [g for g in golds if g.get("kind") != "letter_ref" or g.get("date") or g.get("kenmerk")]


def _sentence_level(gold: dict, pred: dict) -> None:
    tp = fp = fn = 0
    confusion: Counter = Counter()
    for key, label in gold.items():
        if label == "skip":
            continue
        p = pred.get(key, NOT_A_STATE)
        if label != NOT_A_STATE and p != NOT_A_STATE:
            tp += 1
        elif p != NOT_A_STATE:
            fp += 1
        elif label != NOT_A_STATE:
            fn += 1
        if label != NOT_A_STATE or p != NOT_A_STATE:
            confusion[(label, p)] += 1
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    print(
        f"\ntoezegging sentences (pooled, borderline-only left out): tp {tp} fp {fp} fn {fn}  "
        f"P {prec:.3f} R {rec:.3f} F1 {f1:.3f}"
    )
    labels = (*bt.STATES, NOT_A_STATE)
    print("states: gold (rows) × predicted (columns)")
    print(f"{'':<17}" + "".join(f"{lab:>17}" for lab in labels))
    for g in labels:
        print(
            f"{g:<17}"
            + "".join(
                f"{confusion[(g, p)] if (g, p) != (NOT_A_STATE, NOT_A_STATE) else '':>17}" for p in labels
            )
        )


def _dev(scorer: ModuleType, kinds: tuple[str, ...], extra: tuple[str, ...] = ()) -> None:
    dev_gold = [g for path in sorted(bt.DEV.glob("*.jsonl")) for g in bt.load_jsonl(path)]
    names = sorted({g["doc"] for g in dev_gold})
    docs = [bt.read_document(bt.find_document(n)) for n in names]
    golds = [g for g in dev_gold if g.get("kind") in kinds]
    rows = []
    for label, exclude in (("without utrecht", ("utrecht", *extra)), ("shipped (all)", ())):
        preds, _states = extract(docs, exclude)
        report, _a, _m, _e = scorer.score(golds, preds, kinds)
        rows.append((label, report))
    table("Dev set (../shared/eval/dev, Utrecht): model without Utrecht, and the shipped model", rows, kinds)


def _probabilities(docs: list, exclude: tuple[str, ...]) -> dict[str, list[float]]:
    """P(toezegging) of every sentence of the documents, by the model that never saw `exclude`."""
    from raadsbrieven.extractors import toezegging_model as model

    with model.excluding(*exclude) as clf:
        return {d.name: [1.0 - p[0] for p in clf.predict(model.document_rows(d.sentences, d))] for d in docs}


def _p_of_row(row: dict, docs: dict, p_of: dict[str, list[float]]) -> float | None:
    """The classifier's P(toezegging) of the sentence a gold or predicted toezegging sits in."""
    doc = docs.get(row.get("doc"))
    if row.get("kind") != "toezegging" or doc is None or row.get("doc") not in p_of:
        return None
    if "start" in row and row.get("start") is not None:
        index = _sentence_of(doc, row["start"], {})
    else:
        index = bt.locate(row, doc.sentences)
    return None if index is None else p_of[row["doc"]][index]


def _show(source: str, misses: list[dict], extras: list[dict], n: int, p_of=lambda r: None) -> None:
    for label, found in (("MISSED", misses), ("EXTRA", extras)):
        per: Counter = Counter()
        for r in found:
            if per[r["kind"]] < n:
                per[r["kind"]] += 1
                quote = r.get("quote") or r.get("text")
                p = p_of(r)
                score = f" (P {p:.2f})" if p is not None else ""
                sentence = (r.get("sentence") or "")[:200]
                print(f"  [{source}] {label} {r['kind']}{score}: {quote!r} in {sentence!r}")


if __name__ == "__main__":
    main()
