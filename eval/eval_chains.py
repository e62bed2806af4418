"""The Den Haag motie chains of ../shared/letters-more, document by document.

    python eval/eval_chains.py            # shipped model and a model that never saw Den Haag
    python eval/eval_chains.py --show     # also every check that fails

SOURCES.tsv groups a motie, the college's tussenbericht and its afdoeningsbrief under one chain id.
For every document of a Den Haag chain (issue #12's acceptance):
- a motie: a motie fact with its title (and its number, where the document prints one);
- a tussenbericht: a toezegging `made` with a deadline (the date the afdoening is promised for);
- an afdoeningsbrief: a toezegging `being_fulfilled`, and a motie fact naming the motie it answers
  (its title shares words with the chain's motie title).
Each document is extracted in-process (read as the project reads it, cached per document by
eval/build_training.py), once with the shipped toezegging model and once with the model trained
without Den Haag's sentences (leave one source out).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

import build_training as bt  # noqa: E402

LETTERS = bt.SHARED / "letters-more"
STOP = {"de", "het", "een", "van", "voor", "en", "in", "op", "met", "motie", "naar", "te", "tot", "aan"}


def chains() -> dict[str, list[dict]]:
    with (LETTERS / "SOURCES.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    out: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        if row["chain"].startswith("dh-"):
            out[row["chain"]].append(row)
    return out


def role(row: dict) -> str:
    name = row["file"]
    if row["doc_type"] == "motie":
        return "motie"
    if "tussenbericht" in name:
        return "tussenbericht"
    if "afdoening" in name:
        return "afdoening"
    return "other"


def content_words(text: str | None) -> set[str]:
    return {w for w in re.findall(r"\w+", (text or "").lower()) if w not in STOP and len(w) > 2}


def printed_number(doc) -> str | None:
    """The motie number the document prints ("Motie nr. 123", "RIS 321654"), if any."""
    hit = re.search(r"\b(?:motie\s+)?(?:nr\.?|nummer)\s*(\d{1,4})\b", doc.text[:2000], re.I)
    return hit.group(1) if hit else None


def check(row: dict, doc, facts: list, motie_title: str | None) -> tuple[bool, str]:
    kind = role(row)
    moties = [f for f in facts if f.kind == "motie"]
    promises = [f for f in facts if f.kind == "toezegging"]
    if kind == "motie":
        titled = [f for f in moties if f.title]
        if not titled:
            return False, "no motie with a title"
        number = printed_number(doc)
        if number and not any(f.number and number in str(f.number) for f in moties):
            return False, f"motie title {titled[0].title!r} but not its number {number}"
        return True, f"motie {titled[0].title!r}" + (f" nr. {number}" if number else "")
    if kind == "tussenbericht":
        dated = [f for f in promises if f.status == "made" and f.deadline]
        if not dated:
            found = "; ".join(f"{f.status} {f.text!r}" for f in promises)
            return False, "no toezegging with a deadline: " + found
        return True, f"toezegging deadline {dated[0].deadline} ({dated[0].text!r})"
    if kind == "afdoening":
        delivered = [f for f in promises if f.status == "being_fulfilled"]
        want = content_words(motie_title)
        need = min(2, len(want))
        named = [f for f in moties if want and len(content_words(f.title or f.text) & want) >= need]
        if not delivered:
            return False, "no being_fulfilled toezegging"
        if not named:
            return False, f"delivering, but no motie naming {motie_title!r}: " + "; ".join(
                repr(f.title or f.text) for f in moties
            )
        return True, f"delivers motie {named[0].title or named[0].text!r}"
    return True, "not checked (" + row["doc_type"] + ")"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--show", action="store_true", help="print every check, not only the totals")
    args = ap.parse_args(argv)
    from raadsbrieven.extractors import load_extractors, run_extractors
    from raadsbrieven.extractors import toezegging_model as model

    modules = load_extractors()
    found = chains()
    for label, exclude in (("shipped model", ()), ("model without denhaag", ("denhaag",))):
        totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        with model.excluding(*exclude):
            for _chain, rows in sorted(found.items()):
                docs = {r["file"]: bt.read_document(LETTERS / r["file"]) for r in rows}
                facts = {name: run_extractors(doc, modules) for name, doc in docs.items()}
                motie_rows = [r for r in rows if role(r) == "motie"]
                title = None
                if motie_rows:
                    titled = [f for f in facts[motie_rows[0]["file"]] if f.kind == "motie" and f.title]
                    title = titled[0].title if titled else None
                for row in rows:
                    ok, why = check(row, docs[row["file"]], facts[row["file"]], title)
                    if role(row) != "other":
                        totals[role(row)][0] += ok
                        totals[role(row)][1] += 1
                    if args.show and (not ok or role(row) != "other"):
                        print(f"  [{label}] {'ok  ' if ok else 'FAIL'} {row['file']}: {why}")
        print(f"{label}: " + ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(totals.items())))


if __name__ == "__main__":
    main()
