"""Inter-annotator agreement between two folders of commitment annotations.

Both folders hold one JSONL file per document in the shape of the annotation GUIDE
(../shared/eval/GUIDE.md): a `document` line and `toezegging`, `motie`, `amendement` and
`letter_ref` lines with the sentence `idx` they are in. Only the documents present in both
folders are compared. Prints, per document and pooled:

- toezegging at sentence level: every sentence of the document gets one label, none | made |
  being_fulfilled | reference (a sentence without a toezegging line is none; a sentence with
  several lines takes the first of made, being_fulfilled, reference). Raw agreement, Cohen's
  kappa over the four labels and over the binary label (any toezegging vs none). In the strict
  variant a line marked borderline counts as none.
- motie, amendement, letter_ref: F1 of folder B against folder A (symmetric). Two lines match when
  they are in the same document and of the same kind, and are in the same sentence (idx) or the
  quote of one is inside the sentence of the other; each line is matched at most once (pairs in
  the same sentence with overlapping quotes first). Three variants: all lines; optional (an
  unmatched borderline line neither earns nor costs, as in score.py); strict (borderline lines
  left out on both sides).
- attribute agreement on matched lines: toezegging deadline, motie number and status,
  letter_ref date.

The number of sentences of a document comes from SENTENCES_DIR/<doc>.sentences.jsonl when that
file exists (default /tmp/annot), else from the `sentences_reviewed` of the document line.

    python eval/agreement.py eval/annotations/commitments eval/annotations/second
    python eval/agreement.py A B --diff        # also list every disagreement
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

LABELS = ("none", "made", "being_fulfilled", "reference")
PRIORITY = {"made": 0, "being_fulfilled": 1, "reference": 2}
REF_KINDS = ("motie", "amendement", "letter_ref")
REF_VARIANTS = ("all", "optional", "strict")
SHORT = {"none": "-", "made": "M", "being_fulfilled": "F", "reference": "R"}


@dataclass
class Doc:
    name: str
    lines: list[dict] = field(default_factory=list)
    reviewed: int | None = None


def load_folder(folder: Path) -> dict[str, Doc]:
    docs: dict[str, Doc] = {}
    for path in sorted(folder.glob("*.jsonl")):
        doc = Doc(path.name.removesuffix(".jsonl"))
        for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise SystemExit(f"{path}:{n}: {exc}") from exc
            if obj.get("kind") == "document":
                if isinstance(obj.get("sentences_reviewed"), int):
                    doc.reviewed = obj["sentences_reviewed"]
            else:
                doc.lines.append(obj)
        docs[doc.name] = doc
    return docs


def load_sentences(sentences_dir: Path | None, name: str) -> dict[int, str] | None:
    if sentences_dir is None:
        return None
    path = sentences_dir / f"{name}.sentences.jsonl"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    out = {}
    for raw in text.splitlines():
        if raw.strip():
            obj = json.loads(raw)
            out[obj["idx"]] = obj["sentence"]
    return out


def sentence_key(line: dict, by_text: dict[str, int]) -> int | str:
    """The sentence a line is in: its idx, else the idx of its sentence text, else the text."""
    if isinstance(line.get("idx"), int):
        return line["idx"]
    text = line.get("sentence") or ""
    return by_text.get(text, "s:" + text)


def borderline(line: dict) -> bool:
    return bool(line.get("borderline"))


# ---------------------------------------------------------------- toezegging, sentence level


def sentence_labels(lines: list[dict], by_text: dict[str, int], strict: bool) -> dict[int | str, str]:
    labels: dict[int | str, str] = {}
    for line in lines:
        if line.get("kind") != "toezegging" or (strict and borderline(line)):
            continue
        state = line.get("state")
        if state not in PRIORITY:
            continue
        key = sentence_key(line, by_text)
        if key not in labels or PRIORITY[state] < PRIORITY[labels[key]]:
            labels[key] = state
    return labels


def kappa(pairs: list[tuple[str, str]]) -> float | None:
    n = len(pairs)
    if not n:
        return None
    po = sum(a == b for a, b in pairs) / n
    ca = Counter(a for a, _ in pairs)
    cb = Counter(b for _, b in pairs)
    pe = sum(ca[k] * cb[k] for k in ca) / (n * n)
    if pe == 1:
        return 1.0 if po == 1 else None
    return (po - pe) / (1 - pe)


def binary(label: str) -> str:
    return "none" if label == "none" else "tz"


@dataclass
class SentenceResult:
    pairs: list[tuple[str, str]]
    diffs: list[tuple[str, int | str, str, str]]


def compare_sentences(name: str, a: Doc, b: Doc, sentences: dict[int, str] | None, strict: bool):
    by_text = {text: idx for idx, text in (sentences or {}).items()}
    if sentences is not None:
        universe: list[int | str] = sorted(sentences)
    else:
        counts = [n for n in (a.reviewed, b.reviewed) if n is not None]
        universe = list(range(max(counts))) if counts else []
    la = sentence_labels(a.lines, by_text, strict)
    lb = sentence_labels(b.lines, by_text, strict)
    extra = sorted((set(la) | set(lb)) - set(universe), key=str)
    pairs, diffs = [], []
    for key in list(universe) + extra:
        x, y = la.get(key, "none"), lb.get(key, "none")
        pairs.append((x, y))
        if x != y:
            diffs.append((name, key, x, y))
    return SentenceResult(pairs, diffs)


# ---------------------------------------------------------------- line matching


def norm_quote(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "")).strip().lower()


def match_lines(la: list[dict], lb: list[dict], by_text: dict[str, int]) -> list[tuple[int, int]]:
    """One-to-one matching of two lists of lines of one kind in one document."""
    cands = []
    for i, x in enumerate(la):
        kx, qx, sx = sentence_key(x, by_text), norm_quote(x.get("quote")), norm_quote(x.get("sentence"))
        for j, y in enumerate(lb):
            ky, qy, sy = sentence_key(y, by_text), norm_quote(y.get("quote")), norm_quote(y.get("sentence"))
            same = kx == ky
            inside = bool(qx and qx in sy) or bool(qy and qy in sx)
            if not (same or inside):
                continue
            overlap = bool(qx and qy and (qx in qy or qy in qx))
            score = 4 * same + 2 * overlap + (norm_attr(x.get("number")) == norm_attr(y.get("number")))
            dist = abs(kx - ky) if isinstance(kx, int) and isinstance(ky, int) else 0
            cands.append((-score, dist, i, j))
    used_a, used_b, pairs = set(), set(), []
    for _, _, i, j in sorted(cands):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    return pairs


def norm_attr(value) -> str:
    """Loose form of a number or status: lower case, no spaces or punctuation, no RIS prefix."""
    if value is None:
        return ""
    text = re.sub(r"[\s.,:;'\"()\-–/]+", "", str(value).lower())
    return text.removeprefix("ris")


@dataclass
class Tally:
    a: int = 0
    b: int = 0
    matched: int = 0

    def add(self, other: Tally) -> None:
        self.a += other.a
        self.b += other.b
        self.matched += other.matched

    def f1(self) -> float | None:
        if not self.a and not self.b:
            return None
        return 2 * self.matched / (self.a + self.b)


@dataclass
class AttrTally:
    n: int = 0
    exact: int = 0
    loose: int = 0
    diffs: list[str] = field(default_factory=list)


def compare_refs(name: str, a: Doc, b: Doc, by_text, kind: str, diffs: list[str] | None) -> dict[str, Tally]:
    """Tallies for one kind in one document: all lines, optional (an unmatched borderline line costs
    nothing, as in score.py) and strict (borderline lines left out on both sides)."""
    out = {}
    for variant in ("all", "strict"):
        la = [x for x in a.lines if x.get("kind") == kind and not (variant == "strict" and borderline(x))]
        lb = [x for x in b.lines if x.get("kind") == kind and not (variant == "strict" and borderline(x))]
        pairs = match_lines(la, lb, by_text)
        ma, mb = {i for i, _ in pairs}, {j for _, j in pairs}
        out[variant] = Tally(len(la), len(lb), len(pairs))
        if variant == "all":
            n = len(pairs)
            out["optional"] = Tally(
                n + sum(1 for i, x in enumerate(la) if i not in ma and not borderline(x)),
                n + sum(1 for j, y in enumerate(lb) if j not in mb and not borderline(y)),
                n,
            )
            if diffs is not None:
                for tag, lines, used in (("A only", la, ma), ("B only", lb, mb)):
                    for i, x in enumerate(lines):
                        if i not in used:
                            mark = " (borderline)" if borderline(x) else ""
                            diffs.append(f"{name} [{x.get('idx')}] {kind} {tag}{mark}: {x.get('quote')!r}")
    return out


ATTRS = (("toezegging", "deadline"), ("motie", "number"), ("motie", "status"), ("letter_ref", "date"))


def compare_attrs(name: str, a: Doc, b: Doc, by_text, tallies: dict[tuple[str, str], AttrTally]) -> None:
    for kind in dict.fromkeys(k for k, _ in ATTRS):
        la = [x for x in a.lines if x.get("kind") == kind]
        lb = [x for x in b.lines if x.get("kind") == kind]
        for i, j in match_lines(la, lb, by_text):
            for k, attr in ATTRS:
                if k != kind:
                    continue
                va, vb = la[i].get(attr), lb[j].get(attr)
                t = tallies[(k, attr)]
                t.n += 1
                t.exact += va == vb
                if attr in ("deadline", "date"):
                    sa, sb = str(va or ""), str(vb or "")
                    loose = sa == sb or bool(sa and sb and (sa.startswith(sb) or sb.startswith(sa)))
                else:
                    loose = norm_attr(va) == norm_attr(vb)
                t.loose += loose
                if va != vb:
                    t.diffs.append(f"{name} [{la[i].get('idx')}] {kind}.{attr}: A={va!r} B={vb!r}")


# ---------------------------------------------------------------- output


def fmt(value: float | None, width: int = 6) -> str:
    return f"{'n/a':>{width}}" if value is None else f"{value:>{width}.3f}"


def tally_cell(t: Tally) -> str:
    return f" {f'{t.matched}/{t.a}/{t.b}':>15} {fmt(t.f1())}"


def label_counts(pairs: list[tuple[str, str]], side: int) -> str:
    c = Counter(p[side] for p in pairs)
    return " ".join(f"{SHORT[k]}{c[k]}" for k in LABELS[1:])


def short_name(name: str, width: int = 44) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


def sentence_row(label: str, res: SentenceResult) -> str:
    pairs = res.pairs
    agree = sum(x == y for x, y in pairs) / len(pairs) if pairs else None
    k4 = kappa(pairs)
    k2 = kappa([(binary(x), binary(y)) for x, y in pairs])
    return (
        f"{short_name(label):44} {len(pairs):>5}  {label_counts(pairs, 0):>14}  {label_counts(pairs, 1):>14}"
        f" {fmt(agree)} {fmt(k4)} {fmt(k2)}"
    )


def confusion(pairs: list[tuple[str, str]]) -> list[str]:
    c = Counter(pairs)
    out = ["    A \\ B            " + "".join(f"{lab:>16}" for lab in LABELS)]
    for x in LABELS:
        out.append(f"    {x:17}" + "".join(f"{c[(x, y)]:>16}" for y in LABELS))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder_a", type=Path)
    ap.add_argument("folder_b", type=Path)
    ap.add_argument(
        "--sentences", type=Path, default=Path("/tmp/annot"), help="folder of <doc>.sentences.jsonl"
    )
    ap.add_argument("--diff", action="store_true", help="list every disagreement")
    args = ap.parse_args(argv)

    da, db = load_folder(args.folder_a), load_folder(args.folder_b)
    common = sorted(set(da) & set(db))
    if not common:
        print(f"no common documents in {args.folder_a} and {args.folder_b}", file=sys.stderr)
        return 1
    sdir = args.sentences if args.sentences.is_dir() else None
    print(f"A = {args.folder_a} ({len(da)} documents), B = {args.folder_b} ({len(db)} documents)")
    print(f"common documents: {len(common)}")
    print(f"sentence counts from: {sdir or 'sentences_reviewed of the document lines'}")

    sent_res = {v: {} for v in ("all", "strict")}
    ref_tally: dict[tuple[str, str], Tally] = {(v, k): Tally() for v in REF_VARIANTS for k in REF_KINDS}
    ref_rows: list[tuple[str, str, dict[str, Tally]]] = []
    attr_tally = {key: AttrTally() for key in ATTRS}
    ref_diffs: list[str] = []
    for name in common:
        sentences = load_sentences(sdir, name)
        if sentences is None and da[name].reviewed != db[name].reviewed:
            print(f"note: {name}: sentences_reviewed A={da[name].reviewed} B={db[name].reviewed}, using max")
        by_text = {text: idx for idx, text in (sentences or {}).items()}
        for v in ("all", "strict"):
            sent_res[v][name] = compare_sentences(name, da[name], db[name], sentences, v == "strict")
        for kind in REF_KINDS:
            tallies = compare_refs(name, da[name], db[name], by_text, kind, ref_diffs if args.diff else None)
            ref_rows.append((name, kind, tallies))
            for v in REF_VARIANTS:
                ref_tally[(v, kind)].add(tallies[v])
        compare_attrs(name, da[name], db[name], by_text, attr_tally)

    head = f"{'document':44} {'sents':>5}  {'A labels':>14}  {'B labels':>14}"
    head += f" {'agree':>6} {'kappa':>6} {'k-bin':>6}"
    for v, title in (("all", "all lines"), ("strict", "strict: borderline lines count as none")):
        print(f"\n== toezegging per sentence, {title}  (M made, F being_fulfilled, R reference)")
        print(head)
        pooled = SentenceResult([], [])
        for name in common:
            res = sent_res[v][name]
            print(sentence_row(name, res))
            pooled.pairs.extend(res.pairs)
            pooled.diffs.extend(res.diffs)
        print(sentence_row("POOLED", pooled))
        print("  confusion (rows A, columns B):")
        print("\n".join(confusion(pooled.pairs)))
        if args.diff and v == "all":
            for name, key, x, y in pooled.diffs:
                print(f"  diff {name} [{key}]: A={x} B={y}")

    print("\n== motie, amendement, letter_ref: F1 of B against A  (matched/A lines/B lines, F1)")
    print("   all: every line; optional: an unmatched borderline line neither earns nor costs (as in")
    print("   score.py); strict: borderline lines left out on both sides before matching")
    print(f"{'document':44} {'kind':10}" + "".join(f" {v:>22}" for v in REF_VARIANTS))
    for name, kind, tallies in ref_rows:
        if tallies["all"].a or tallies["all"].b:
            print(f"{short_name(name):44} {kind:10}" + "".join(tally_cell(tallies[v]) for v in REF_VARIANTS))
    for kind in REF_KINDS:
        print(f"{'POOLED':44} {kind:10}" + "".join(tally_cell(ref_tally[(v, kind)]) for v in REF_VARIANTS))
    if args.diff:
        for line in ref_diffs:
            print(f"  diff {line}")

    print("\n== attributes on matched lines (all lines; loose: numbers without spaces/punctuation/RIS,")
    print("   dates and deadlines equal when one is a prefix of the other)")
    print(f"{'attribute':22} {'matched':>8} {'exact':>7} {'rate':>6} {'loose':>7} {'rate':>6}")
    for (kind, attr), t in attr_tally.items():
        rate = t.exact / t.n if t.n else None
        lrate = t.loose / t.n if t.n else None
        print(f"{kind + '.' + attr:22} {t.n:>8} {t.exact:>7} {fmt(rate)} {t.loose:>7} {fmt(lrate)}")
        if args.diff:
            for line in t.diffs:
                print(f"  diff {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
