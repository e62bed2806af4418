"""Sentences and facts of the old reader (pdfplumber) and the new one (pdfium + OCR), on real PDFs.

    python bench/compare_readers.py                      # every PDF in ../shared/letters-extra and -more
    python bench/compare_readers.py a.pdf b.pdf          # these files
    python bench/compare_readers.py --no-ocr             # the new reader without OCR

Each PDF is read by both readers and goes through the same pipeline after reading (clean, describe,
segment, extract: `pipeline.process`, no store). Every difference is printed: the letter's metadata,
the sentences (a diff of the two sentence lists) and the facts (kind, text and what was read from
it). A file one reader refuses is named with its reason. Nothing is stored or changed.
"""

from __future__ import annotations

import argparse
import difflib
import logging
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from raadsbrieven.ingest.ocr import read_pdf_with_ocr  # noqa: E402
from raadsbrieven.ingest.read import RawDocument, ReadError, content_hash, read_pdf_pdfplumber  # noqa: E402

FOLDERS = [ROOT.parent / "shared" / "letters-extra", ROOT.parent / "shared" / "letters-more"]
META = ("title", "doc_type", "date", "date_basis", "kenmerk", "municipality")
FACT_FIELDS = ("low", "high", "unit", "number", "status", "who", "deadline", "date", "kenmerk", "residue")
FACT_CONTEXT = ("subject", "org", "place", "period", "title")


def read_with(reader: str, path: Path, use_ocr: bool) -> RawDocument:
    data = path.read_bytes()
    if reader == "old":
        pages, meta = read_pdf_pdfplumber(data)
    else:
        pages, meta = read_pdf_with_ocr(data, use_ocr=use_ocr)
    return RawDocument(path.name, str(path), "pdf", content_hash(data), pages, metadata=meta)


def fact_key(f) -> tuple:  # noqa: ANN001 - model.Fact
    return (f.kind, f.text, *(getattr(f, k) for k in FACT_FIELDS))


def fact_context(f) -> tuple:  # noqa: ANN001
    return (f.kind, f.text, *(getattr(f, k) for k in FACT_CONTEXT))


def show_fact(key: tuple) -> str:
    kind, text, *rest = key
    extra = ", ".join(f"{k}={v}" for k, v in zip(FACT_FIELDS, rest, strict=True) if v not in (None, False))
    return f"{kind} {text!r}" + (f" ({extra})" if extra else "")


def compare(path: Path, use_ocr: bool) -> dict[str, int]:
    from raadsbrieven.pipeline import process

    out: dict[str, int] = Counter()
    results = {}
    times = {}
    for reader in ("old", "new"):
        t0 = time.perf_counter()
        try:
            raw = read_with(reader, path, use_ocr)
            results[reader] = (raw, *process(raw, path))
        except ReadError as exc:
            results[reader] = str(exc)
        times[reader] = time.perf_counter() - t0
    old, new = results["old"], results["new"]
    head = f"== {path.name}  (old {times['old']:.1f} s, new {times['new']:.1f} s)"
    if isinstance(old, str) or isinstance(new, str):
        print(head)
        for name, res in (("old", old), ("new", new)):
            if isinstance(res, str):
                print(f"   {name}: refused: {res}")
            else:
                raw, _, _, sentences, facts = res
                ocr = sum(1 for p in raw.pages if p.ocr)
                q = [p.quality for p in raw.pages if p.quality is not None]
                print(
                    f"   {name}: {len(raw.pages)} pages ({ocr} OCR'd, mean quality "
                    f"{sum(q) / len(q) if q else 0:.2f}), {len(sentences)} sentences, {len(facts)} facts"
                )
                if name == "new":
                    for f in facts:
                        print(f"     + fact {show_fact(fact_key(f))}")
        if isinstance(old, str) and isinstance(new, str):
            out["refused_both"] += 1
        else:
            out["refused_old" if isinstance(old, str) else "refused_new"] += 1
        return out
    lines: list[str] = []
    _, meta_old, _, sent_old, facts_old = old
    _, meta_new, _, sent_new, facts_new = new
    for k in META:
        if meta_old.get(k) != meta_new.get(k):
            lines.append(f"   metadata {k}: {meta_old.get(k)!r} -> {meta_new.get(k)!r}")
            out["metadata"] += 1
    a = [s.text for s in sent_old]
    b = [s.text for s in sent_new]
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        lines.append(f"   sentences {op} old[{i1}:{i2}] new[{j1}:{j2}]")
        lines.extend(f"     - {t}" for t in a[i1:i2])
        lines.extend(f"     + {t}" for t in b[j1:j2])
        out["sentences_old"] += i2 - i1
        out["sentences_new"] += j2 - j1
    fo, fn = Counter(map(fact_key, facts_old)), Counter(map(fact_key, facts_new))
    for key in sorted((fo - fn).elements(), key=str):
        lines.append(f"   fact only old: {show_fact(key)}")
        out["facts_old"] += 1
    for key in sorted((fn - fo).elements(), key=str):
        lines.append(f"   fact only new: {show_fact(key)}")
        out["facts_new"] += 1
    co, cn = Counter(map(fact_context, facts_old)), Counter(map(fact_context, facts_new))
    same = {k[:2] for k in (fo & fn)}
    for key in sorted((co - cn).elements(), key=str):
        if key[:2] in same:
            new_ctx = [k for k in cn if k[:2] == key[:2]]
            lines.append(
                f"   fact context {key[0]} {key[1]!r}: {key[2:]} -> {new_ctx[0][2:] if new_ctx else None}"
            )
            out["fact_context"] += 1
    if lines:
        print(head)
        print("\n".join(lines))
        out["differ"] += 1
    else:
        out["same"] += 1
    out["sentences"] += len(a)
    out["facts"] += len(facts_old)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--no-ocr", action="store_true", help="the new reader without OCR")
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)  # pdfminer is chatty
    paths = args.paths or sorted(p for folder in FOLDERS for p in folder.glob("*.pdf"))
    if not paths:
        print("no PDFs found (../shared/letters-extra, ../shared/letters-more)")
        return 1
    total: Counter[str] = Counter()
    for path in paths:
        total.update(compare(path, not args.no_ocr))
    print(
        f"\n{len(paths)} PDFs: {total['same']} read alike, {total['differ']} differ, "
        f"{total['refused_old']} refused by the old reader only, {total['refused_new']} by the new only, "
        f"{total['refused_both']} by both.\nIn the files both read: {total['sentences']} old sentences, "
        f"{total['sentences_old']} of them changed into {total['sentences_new']} new ones; "
        f"{total['facts']} old facts, {total['facts_old']} only old, {total['facts_new']} only new, "
        f"{total['fact_context']} with other context; {total['metadata']} metadata fields differ."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
