"""Extraction throughput: characters per second over the corpus, text already cleaned and segmented.

python bench/bench_extract.py [--repeat N]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from raadsbrieven.extractors import load_extractors, module_kinds, run_extractors

from raadsbrieven.ingest.clean import clean
from raadsbrieven.ingest.describe import describe, doc_context
from raadsbrieven.ingest.read import read_file
from raadsbrieven.ingest.segment import segment

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    docs = []
    for path in sorted(CORPUS.glob("*.txt")):
        raw = read_file(path)
        cleaned = clean(raw)
        desc = describe(raw, cleaned.text, path)
        docs.append(doc_context(raw.name, cleaned.text, desc.date, desc.municipality, segment(cleaned)))
    chars = sum(len(d.text) for d in docs)
    modules = load_extractors()
    n_sentences = sum(len(d.sentences) for d in docs)
    print(f"corpus: {len(docs)} documents, {chars:,} characters, {n_sentences:,} sentences")
    print(f"{'extractor':<14}{'kinds':<24}{'seconds':>9}{'chars/s':>12}")
    for module in [*modules, None]:
        chosen = modules if module is None else [module]
        best = float("inf")
        for _ in range(args.repeat):
            t = time.perf_counter()
            for doc in docs:
                run_extractors(doc, chosen)
            best = min(best, time.perf_counter() - t)
        name = "all" if module is None else module.__name__.rsplit(".", 1)[-1]
        kinds = "" if module is None else ", ".join(module_kinds(module))
        print(f"{name:<14}{kinds:<24}{best:>9.3f}{chars / best:>12,.0f}")


if __name__ == "__main__":
    main()
