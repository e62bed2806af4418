"""The toezegging sentence table: every sentence of every annotated document, labelled from the gold.

    python eval/build_training.py            # write extractors/patterns/toezegging_sentences.jsonl
    python eval/build_training.py --stats    # only print the counts per source and label

Gold: eval/annotations/commitments/<doc>.jsonl (GUIDE format) and, for Utrecht, the shared dev set
../shared/eval/dev/*.jsonl. Each document is read the way the project reads it (read_file, then
raadsbrieven.pipeline.process, in-process, no store) and cached per document in a temp folder, so
reruns are quick. A sentence is labelled with the state of a non-borderline gold toezegging whose
quote lies in it (or whose gold sentence it is); a sentence with only borderline toezeggingen is left
out; every other sentence of an annotated document is "none".

The shipped file also keeps the hand-picked sentences it held before this table existed (rows with
`origin: "seed"`); a seed sentence of an annotated document is replaced by its row from the table.
Then the sentences written from GUIDE.md (source "guide") and those helpers wrote blind
(eval/annotations/written/, source "written", used for detection only).
Sources come from eval/sources.tsv (file-name prefix or glob → source).
"""

from __future__ import annotations

import argparse
import fnmatch
import hashlib
import json
import os
import pickle
import re
import sys
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHARED = ROOT.parent / "shared"
ANNOTATIONS = ROOT / "eval" / "annotations" / "commitments"
DEV = SHARED / "eval" / "dev"
SOURCES = ROOT / "eval" / "sources.tsv"
FOLDERS = (ROOT / "corpus", SHARED / "letters-extra", SHARED / "letters-more")
SHIPPED = ROOT / "extractors" / "patterns" / "toezegging_sentences.jsonl"
GUIDE = ROOT / "extractors" / "patterns" / "toezegging_guide.jsonl"  # written from GUIDE.md's conventions
# Sentences helpers wrote blind, from GUIDE.md's toezegging convention and the miss types only
# (no letter, annotation or test opened): they teach detection, not the state (`detect_only`).
WRITTEN = ROOT / "eval" / "annotations" / "written"
CACHE = Path(
    os.environ.get("RAADSBRIEVEN_EVAL_CACHE", Path(tempfile.gettempdir()) / "raadsbrieven-eval-docs")
)
STATES = ("made", "being_fulfilled", "reference")
LABELS = ("none", *STATES)


# --- sources -------------------------------------------------------------------------------------


def source_rules(path: Path = SOURCES) -> list[tuple[str, str]]:
    rules = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, source = line.split("\t")[:2]
        rules.append((pattern.strip(), source.strip()))
    return rules


def source_of(name: str, rules: list[tuple[str, str]] | None = None) -> str | None:
    """The source of a document by its file name: the first pattern (a glob, or a prefix) that fits."""
    for pattern, source in rules if rules is not None else source_rules():
        if fnmatch.fnmatch(name, pattern) or (
            not any(c in pattern for c in "*?[") and name.startswith(pattern)
        ):
            return source
    return None


# --- gold ----------------------------------------------------------------------------------------


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_gold(include_dev: bool = True) -> dict[str, list[dict]]:
    """Gold rows per document name: the commitments annotations, plus the Utrecht dev set."""
    gold: dict[str, list[dict]] = {}
    paths = sorted(ANNOTATIONS.glob("*.jsonl")) + (sorted(DEV.glob("*.jsonl")) if include_dev else [])
    for path in paths:
        for row in load_jsonl(path):
            gold.setdefault(row["doc"], []).append(row)
    return gold


def find_document(name: str) -> Path | None:
    for folder in FOLDERS:
        path = folder / name
        if path.is_file():
            return path
    return None


# --- reading, cached ------------------------------------------------------------------------------


def _reading_key(path: Path) -> str:
    """Content of the file plus the code that reads it: a change in either reads the letter again."""
    from raadsbrieven import pipeline

    h = hashlib.sha1(path.read_bytes())
    h.update(pipeline.READING_VERSION.encode())
    package = Path(pipeline.__file__).parent
    for code in sorted([*package.glob("ingest/*.py"), *package.glob("nl/*.py"), package / "model.py"]):
        h.update(code.read_bytes())
    return h.hexdigest()[:20]


def read_document(path: Path, cache: Path | None = CACHE):
    """The document as the extractors see it (a DocContext), read by the project's own pipeline."""
    from raadsbrieven import pipeline
    from raadsbrieven.ingest.read import read_file

    target = None
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        target = cache / f"{path.name}.{_reading_key(path)}.pkl"
        if target.exists():
            with target.open("rb") as fh:
                return pickle.load(fh)
    seen = []
    real = pipeline.run_extractors

    def keep(doc, modules=None):  # the document as the extractors would see it; extract nothing
        seen.append(doc)
        return []

    pipeline.run_extractors = keep
    try:
        pipeline.process(read_file(path), path)
    finally:
        pipeline.run_extractors = real
    doc = seen[0]
    if target is not None:
        tmp = target.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            pickle.dump(doc, fh)
        tmp.replace(target)
    return doc


# --- labelling -----------------------------------------------------------------------------------


def norm(text: str | None) -> str:
    """As the scorer normalises: NFKC, lower case, no quotes, single spaces."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = re.sub(r"[‘’“”\"'`]", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text))


def locate(gold: dict, sentences: list) -> int | None:
    """The index of the project sentence a gold fact sits in: its quote inside, nearest its idx."""
    quote, gsent = norm(gold.get("quote")), norm(gold.get("sentence"))
    texts = [norm(s.text) for s in sentences]
    hint = gold.get("idx")
    hits = [i for i, t in enumerate(texts) if quote and quote in t]
    if hits:
        gw = _words(gsent)

        def rank(i: int) -> tuple[float, int]:
            tw = _words(texts[i])
            jaccard = len(gw & tw) / len(gw | tw) if gw and tw else 0.0
            return (-round(jaccard, 2), abs(i - hint) if isinstance(hint, int) else 0)

        return min(hits, key=rank)
    best, best_score = None, 0.6
    gw = _words(gsent)
    for i, t in enumerate(texts):
        tw = _words(t)
        if gw and tw:
            score = len(gw & tw) / len(gw | tw)
            if score > best_score:
                best, best_score = i, score
    return best


def label_document(doc, gold_rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """(rows of the sentence table, gold toezeggingen that could not be placed)."""
    labels: dict[int, str] = {}
    borderline: set[int] = set()
    lost = []
    order = {s: i for i, s in enumerate(STATES)}
    for g in gold_rows:
        if g.get("kind") != "toezegging":
            continue
        i = locate(g, doc.sentences)
        if i is None:
            lost.append(g)
            continue
        if g.get("borderline"):
            borderline.add(i)
            continue
        state = g.get("state") or "made"
        if i not in labels or order[state] < order[labels[i]]:
            labels[i] = state
    from raadsbrieven.extractors.toezegging_model import context_of  # what the classifier sees as context

    rows = []
    texts = [s.text for s in doc.sentences]
    for i, s in enumerate(doc.sentences):
        if i in borderline and i not in labels:
            continue
        if s.residue or len(s.text.strip()) < 3:
            continue
        rows.append(
            {
                "text": collapse(s.text),
                "label": labels.get(i, "none"),
                "doc": doc.name,
                "index": i,
                "meeting": doc.info.meeting_record,
                "national": doc.info.national,
                "context": context_of(texts, i),
            }
        )
    return rows, lost


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --- the table -----------------------------------------------------------------------------------


def annotated_documents() -> dict[str, list[dict]]:
    """Gold per annotated document that we can find on disk."""
    return {name: rows for name, rows in load_gold().items() if find_document(name)}


def sentence_table(
    docs: Iterable[str] | None = None, progress: bool = False
) -> tuple[list[dict], dict[str, list[dict]]]:
    gold = annotated_documents()
    rules = source_rules()
    names = sorted(gold) if docs is None else sorted(docs)
    rows, lost = [], {}
    for n, name in enumerate(names, 1):
        if progress:
            print(f"[{n}/{len(names)}] {name}", file=sys.stderr, flush=True)
        doc = read_document(find_document(name))
        doc_rows, doc_lost = label_document(doc, gold[name])
        source = source_of(name, rules)
        for row in doc_rows:
            row["source"] = source
        rows.extend(doc_rows)
        if doc_lost:
            lost[name] = doc_lost
    return rows, lost


def seed_rows(path: Path = SHIPPED) -> list[dict]:
    """The hand-picked sentences shipped before the table (kept, marked origin=seed)."""
    if not path.exists():
        return []
    rules = source_rules()
    rows = []
    for row in load_jsonl(path):
        if row.get("origin", "seed") != "seed":
            continue
        doc = row.get("doc") or row.get("source")
        if doc and doc.endswith((".pdf.txt", ".xml.txt")):
            doc = doc[: -len(".txt")]  # named after the text it was read from
        label = row["label"]
        if label in (0, "0"):
            label = "none"
        elif label in (1, "1"):
            label = row.get("state") or "made"
        source = source_of(doc, rules) if doc and doc != "constructed" else "utrecht"
        meeting = bool(re.search(r"besluitenlijst|uitslagenlijst|notulen|verslag|denhelder", doc or ""))
        national = source == "kamer"
        rows.append(
            {
                "text": row["text"],
                "label": label,
                "source": source or "utrecht",
                "doc": doc,
                "meeting": row.get("meeting", meeting),
                "national": row.get("national", national),
                "origin": "seed",
            }
        )
    return rows


def _same_document(seed_doc: str, annotated: set[str]) -> bool:
    """A seed named after the document it came from ("denhelder.txt", "tk_kst-30372-40.pdf")."""
    if seed_doc in annotated:
        return True
    stem = seed_doc.split(".")[0]
    return len(stem) >= 5 and stem != "constructed" and any(name.startswith(stem) for name in annotated)


def shipped_rows(table: list[dict], seeds: list[dict]) -> list[dict]:
    annotated = {r["doc"] for r in table}
    known = {norm(r["text"]) for r in table}
    keys = ("text", "label", "source", "doc", "meeting", "national", "context")
    out = [{**{k: r[k] for k in keys}, "origin": "annotated"} for r in table]
    dropped = 0
    for r in seeds:
        if _same_document(r["doc"], annotated) or norm(r["text"]) in known:
            dropped += 1
            continue
        out.append(r)
    print(
        f"seed sentences kept: {len(seeds) - dropped} (of {len(seeds)}; the rest are in the table)",
        file=sys.stderr,
    )
    for r in load_jsonl(GUIDE):
        out.append(
            {
                "text": r["text"],
                "label": r["label"],
                "source": "guide",
                "doc": None,
                "meeting": bool(r.get("meeting")),
                "national": bool(r.get("national")),
                "context": r.get("context", ""),
                "origin": "guide",
            }
        )
    for path in sorted(WRITTEN.glob("*.jsonl")):
        for r in load_jsonl(path):
            out.append(
                {
                    "text": r["text"],
                    "label": r["label"],
                    "source": "written",
                    "doc": None,
                    "meeting": False,
                    "national": False,
                    "context": r.get("context", ""),
                    "origin": path.stem,
                    "detect_only": True,
                }
            )
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stats", action="store_true", help="print counts, write nothing")
    ap.add_argument("--out", type=Path, default=SHIPPED)
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    table, lost = sentence_table(progress=not args.quiet)
    for name, rows in lost.items():
        for g in rows:
            print(f"not placed: {name}: {g.get('quote')!r}", file=sys.stderr)
    seeds = seed_rows(args.out)
    rows = shipped_rows(table, seeds)
    counts = Counter((r["source"], r["label"]) for r in rows)
    sources = sorted({s for s, _ in counts})
    print(f"{'source':<16}" + "".join(f"{lab:>17}" for lab in LABELS) + f"{'total':>8}")
    for s in sources:
        print(
            f"{s:<16}"
            + "".join(f"{counts[(s, lab)]:>17}" for lab in LABELS)
            + f"{sum(counts[(s, lab)] for lab in LABELS):>8}"
        )
    if args.stats:
        return
    with args.out.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} sentences to {args.out}", file=sys.stderr)
    if args.out == SHIPPED:
        from raadsbrieven.extractors import toezegging_model

        path = toezegging_model.write_shipped()
        print(f"wrote the model fitted on them to {path}", file=sys.stderr)
        from raadsbrieven.extractors import letter_ref

        path = letter_ref.write_filter()
        print(
            f"wrote the letter_ref filter fitted on {letter_ref.FILTER_ROWS.name} to {path}", file=sys.stderr
        )


if __name__ == "__main__":
    main()
