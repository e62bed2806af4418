"""Re-anchor gold quotes in the text as the project reads it now.

    python eval/realign_gold.py            # report what would change
    python eval/realign_gold.py --write    # rewrite the annotation files

Annotations quote the text as the reader of their day gave it. When reading improves (an XML
publication read as paragraphs instead of raw markup, a PDF's words no longer glued together by
an older text extraction), a gold quote like 'doc="kst-31311-199">199</extref>' or
'demotie-Varela(30300-VI,nr.89)' no longer occurs in the text, and the scorer counts a miss that is
no miss. This script finds each such quote in the current text by its characters alone (markup and
whitespace left out on both sides), and replaces quote and sentence by the current text's span and
sentence. The annotated kind, values and state are never touched; a quote that cannot be found
exactly is reported and left as it was.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "eval"))

import build_training as bt  # noqa: E402

TAG = re.compile(r"<[^<>]{0,300}>")
ENTITY = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'"}


def compact(text: str) -> tuple[str, list[int]]:
    """The text without markup and whitespace, lower-cased, with each kept character's offset."""
    out, where = [], []
    i = 0
    spans = [(m.start(), m.end()) for m in TAG.finditer(text)]
    k = 0
    while i < len(text):
        if k < len(spans) and spans[k][0] == i:
            i = spans[k][1]
            k += 1
            continue
        while k < len(spans) and spans[k][0] < i:
            k += 1
        c = text[i]
        if not c.isspace():
            out.append(c.lower())
            where.append(i)
        i += 1
    return "".join(out), where


def bare(quote: str) -> str:
    for entity, char in ENTITY.items():
        quote = quote.replace(entity, char)
    quote = TAG.sub("", quote)
    quote = re.sub(r"^[^<>]*>", "", quote)  # a tag cut in half at the quote's start ('doc="…">199')
    quote = re.sub(r"<[^<>]*$", "", quote)
    return "".join(c.lower() for c in quote if not c.isspace())


def realign(doc, row: dict) -> dict | None:
    """The row with quote and sentence from the current text, or None when it needs no change or
    cannot be found."""
    quote = row.get("quote") or ""
    text = doc.text
    if not quote or bt.norm(quote) in bt.norm(text):
        return None
    flat, where = compact(text)
    want = bare(quote)
    if len(want) < 3:
        return None
    hits = [m.start() for m in re.finditer(re.escape(want), flat)]
    if not hits:
        return None
    if len(hits) > 1 and row.get("sentence"):  # choose the occurrence whose sentence is most alike
        gold_words = bt._words(TAG.sub(" ", row["sentence"]))

        def likeness(at: int) -> float:
            s = _sentence_at(doc, where[at])
            return len(bt._words(s.text) & gold_words) if s is not None else 0

        hits.sort(key=likeness, reverse=True)
    start, end = where[hits[0]], where[hits[0] + len(want) - 1] + 1
    new = dict(row, quote=text[start:end])
    sentence = _sentence_at(doc, start)
    if sentence is not None:
        new["sentence"] = sentence.text
    return new


def _sentence_at(doc, offset: int):
    for s in doc.sentences:
        if s.start <= offset < s.end:
            return s
    return None


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--folder", type=Path, default=bt.ANNOTATIONS)
    args = ap.parse_args(argv)
    changed, lost = Counter(), Counter()
    for path in sorted(args.folder.glob("*.jsonl")):
        rows = bt.load_jsonl(path)
        if not rows:
            continue
        found = bt.find_document(rows[0]["doc"])
        if found is None:
            continue
        doc = bt.read_document(found)
        out = []
        for row in rows:
            new = realign(doc, row)
            if new is not None:
                changed[row["kind"]] += 1
                print(f"{path.name}: {row['kind']}: {row['quote'][:60]!r} -> {new['quote'][:60]!r}")
                row = new
            elif row.get("quote") and bt.norm(row["quote"]) not in bt.norm(doc.text):
                lost[row["kind"]] += 1
                print(f"{path.name}: {row['kind']}: NOT FOUND {row['quote'][:80]!r}")
            out.append(row)
        if args.write and out != rows:
            path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), encoding="utf-8")
    print(f"re-anchored: {dict(changed)}; not found in the current text: {dict(lost)}")


if __name__ == "__main__":
    main()
