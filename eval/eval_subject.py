"""How close the extracted `subject` of numeric facts comes to the hand-written one.

Facts are paired with the gold facts of ../shared/eval/dev/ the way ../shared/eval/score.py pairs them
(same document, kind and value, best-placed first). For each pair, the overlap of content words
(lower case, Dutch stop words and punctuation left out) between predicted and gold subject is scored
as F1; the mean is printed per kind and overall. Gold subjects are free paraphrases, so 1.0 is out of
reach for any extractor that quotes the letter; the number is for comparing versions.

    python eval/eval_subject.py                       # extract the dev letters from corpus/ now
    python eval/eval_subject.py --pred facts.jsonl    # or score a `raadsbrieven facts --format jsonl` dump
    python eval/eval_subject.py --show 80             # print predicted vs gold per fact
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
from collections import defaultdict
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEV = ROOT.parent / "shared" / "eval" / "dev"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"
KINDS = ("percentage", "duration", "money")


def load_scorer(path: Path = SCORER) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the scorer {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def content_words(text: str | None) -> list[str]:
    from spacy.lang.nl.stop_words import STOP_WORDS

    words = re.findall(r"\w+", (text or "").lower())
    return [w for w in words if w not in STOP_WORDS]


def overlap_f1(pred: str | None, gold: str | None) -> float:
    p, g = content_words(pred), content_words(gold)
    if not p or not g:
        return 0.0
    common = sum(min(p.count(w), g.count(w)) for w in set(p) & set(g))
    if not common:
        return 0.0
    precision, recall = common / len(p), common / len(g)
    return 2 * precision * recall / (precision + recall)


def predict(docs: set[str], corpus: Path) -> list[dict]:
    from raadsbrieven.ingest.read import read_file
    from raadsbrieven.pipeline import process

    rows = []
    for name in sorted(docs):
        _, _, _, facts = process(read_file(corpus / name), corpus / name)
        rows += [f.to_contract() for f in facts]
    return rows


def pairs(score: ModuleType, gold: list[dict], pred: list[dict]) -> list[tuple[dict, dict]]:
    """Gold and predicted facts matched as score.py matches them."""
    gold_by, pred_by = defaultdict(list), defaultdict(list)
    for g in gold:
        if g.get("kind") in KINDS and g.get("subject") and not score.optional(g):
            gold_by[(g["doc"], g["kind"])].append(g)
    for p in pred:
        if p.get("kind") in KINDS and not p.get("residue"):
            pred_by[(p["doc"], p["kind"])].append(p)
    out = []
    for key, golds in gold_by.items():
        preds = pred_by.get(key, [])
        scored = sorted(
            (
                (score.place_score(g, p), gi, pi)
                for gi, g in enumerate(golds)
                for pi, p in enumerate(preds)
                if score.same_values(g, p)
            ),
            key=lambda t: -t[0],
        )
        used_g, used_p = set(), set()
        for sc, gi, pi in scored:
            if sc > 0 and gi not in used_g and pi not in used_p:
                used_g.add(gi)
                used_p.add(pi)
                out.append((golds[gi], preds[pi]))
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", nargs="+", default=[str(p) for p in sorted(DEV.glob("*.jsonl"))])
    ap.add_argument("--pred", help="facts JSONL; default: extract the gold letters from --corpus now")
    ap.add_argument("--corpus", default=str(ROOT / "corpus"))
    ap.add_argument("--show", type=int, default=0, help="print up to N facts: F1, gold and predicted subject")
    args = ap.parse_args(argv)
    score = load_scorer()
    gold = score.load(args.gold)
    docs = {g["doc"] for g in gold if g.get("kind") in KINDS}
    if args.pred:
        pred = [p for p in score.load([args.pred]) if p.get("doc") in docs]
    else:
        pred = predict(docs, Path(args.corpus))
    matched = pairs(score, gold, pred)
    per_kind: dict[str, list[float]] = defaultdict(list)
    for n, (g, p) in enumerate(sorted(matched, key=lambda gp: (gp[0]["doc"], gp[0].get("line", 0)))):
        f1 = overlap_f1(p.get("subject"), g.get("subject"))
        per_kind[g["kind"]].append(f1)
        if n < args.show:
            print(f"{f1:.2f}  {g['kind']:<10} {g.get('quote')!r}")
            print(f"      gold: {g['subject']}\n      pred: {p.get('subject')}")
    every = [f for scores in per_kind.values() for f in scores]
    for kind in KINDS:
        scores = per_kind.get(kind, [])
        if scores:
            print(f"{kind:<11} n={len(scores):>3}  mean content-word F1 {sum(scores) / len(scores):.3f}")
    print(f"{'all':<11} n={len(every):>3}  mean content-word F1 {sum(every) / max(1, len(every)):.3f}")


if __name__ == "__main__":
    main()
