"""Promise lifecycle against the hand-made link gold: fulfilment links, motie afdoening, letter graph.

    python eval/eval_lifecycle.py                    # ingest the gold's letters into a temp store, score
    python eval/eval_lifecycle.py --show 10          # also list up to 10 misses and extras per measure
    python eval/eval_lifecycle.py --db /tmp/x.db     # use and keep this store (a rerun reads only what
                                                     # changed or what a newer reader must read again)
    python eval/eval_lifecycle.py --chains dh-hoogbegaafdheid tk-kiescollege

The gold is eval/annotations/links/*.json (one file per chain; the format is in its README.md). All
letters the gold names (from ../shared/letters-more and ../shared/letters-extra) are read into one
temporary SQLite store with `raadsbrieven ingest --no-embed`, then the three registers are asked
through the CLI, in their contract (../shared/DESIGN.md, "The registers contract"):

    raadsbrieven toezeggingen --format jsonl   fulfilment: promise -> the letter that delivers it
    raadsbrieven moties --format jsonl         motie -> afgedaan_by, and motie -> answers
    raadsbrieven brieven --graph NAME          letter -> letter edges (from_doc, to_doc, kind); the
                                               command is run for one letter, the graph of every gold
                                               letter comes from the function it calls (store_graph)

A predicted promise is the gold promise when one of its sentences (made_in or a mention) is in the
gold promise's letter (or one of its listed mentions' letters) and holds the gold quote, or its `what`
shares most content words with the gold `what`. A link is (gold promise, fulfilling letter); a link
from a promise the gold does not list is an extra (false positive) when both letters are gold letters.
Promises the register draws from a motie's own text (made_in is a gold motie document) are left to
the motie measures. Links where a letter fulfils a promise it only recalls (made_in = fulfilled_by,
"Die toezegging doe ik hierbij gestand") are in the pooled figure and also shown apart.

A predicted motie is a gold motie when its document is the gold motie's document, its number has
the same digits (RIS321255 = 321255, 30372-35 = Kamerstuk 30 372, nr. 35), or its title is the same
after normalising. Edges are directed (later letter -> earlier letter); the kind is scored apart.
Scores are pooled and per group (denhaag, amsterdam, kamer). A command that does not exist yet or
gives another shape is named in the output, and its measures print as "not available".
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "eval" / "annotations" / "links"
SHARED = ROOT.parent / "shared"
GROUPS = ("denhaag", "amsterdam", "kamer")

STOP = set(
    "de het een en van in op te aan met voor over door bij uit om naar als dat die dit deze zijn is "
    "wordt worden zal zullen wij we ik u uw raad kamer college hierover ook nog of al dan niet er".split()
)


# ---------------------------------------------------------------- text helpers


def norm(text: str | None) -> str:
    """Lower case, one space, no soft hyphens or quote marks: for containment tests."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "").replace("\ufffe", "").replace("￾", "")
    text = re.sub(r"[‘’‚‛“”„\"'`´]", "", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def words(text: str | None) -> set[str]:
    return {w for w in re.findall(r"[a-zà-ÿ0-9]+", norm(text)) if len(w) > 2 and w not in STOP}


def similar_what(a: str | None, b: str | None, threshold: float = 0.6) -> bool:
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return False
    return len(wa & wb) / min(len(wa), len(wb)) >= threshold


def digits(number: str | None) -> str:
    return re.sub(r"\D", "", number or "")


def base(doc) -> str | None:
    """A letter's name from a contract value: a string (name or path) or {doc: ...}."""
    if isinstance(doc, dict):
        doc = doc.get("doc") or doc.get("name")
    if not doc or not isinstance(doc, str):
        return None
    return Path(doc).name


# ---------------------------------------------------------------- gold


@dataclass
class Gold:
    chains: list[dict]
    doc_group: dict[str, str] = field(default_factory=dict)
    doc_folder: dict[str, str] = field(default_factory=dict)
    promises: list[dict] = field(default_factory=list)  # each with "id", "group"
    moties: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)


def load_gold(names: list[str] | None) -> Gold:
    files = sorted(GOLD_DIR.glob("*.json"))
    chains = [json.loads(f.read_text(encoding="utf-8")) for f in files]
    if names:
        chains = [c for c in chains if c["chain"] in names]
    gold = Gold(chains)
    for c in chains:
        for d in c["documents"]:
            gold.doc_group[d["doc"]] = c["group"]
            gold.doc_folder[d["doc"]] = d["folder"]
        for i, p in enumerate(c["promises"]):
            gold.promises.append({**p, "id": f"{c['chain']}#p{i}", "group": c["group"]})
        for i, m in enumerate(c["moties"]):
            gold.moties.append({**m, "id": f"{c['chain']}#m{i}", "group": c["group"]})
        for e in c["edges"]:
            gold.edges.append({**e, "group": c["group"]})
    return gold


# ---------------------------------------------------------------- running the CLI


def cli(args: list[str], db: str) -> tuple[int, str, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "raadsbrieven", *args, "--db", db],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return proc.returncode, proc.stdout, proc.stderr


def jsonl(text: str) -> tuple[list[dict], int]:
    rows, bad = [], 0
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            bad += 1
            continue
        if isinstance(row, dict):
            rows.append(row)
        else:
            bad += 1
    return rows, bad


def first_line(text: str) -> str:
    lines = [x for x in text.strip().splitlines() if x.strip()]
    return lines[-1][:200] if lines else ""


def ingest(gold: Gold, db: str) -> None:
    paths = []
    for doc, folder in sorted(gold.doc_folder.items()):
        path = SHARED / folder / doc
        if not path.exists():
            print(f"missing letter: {path} (the gold names it; it is left out)")
            continue
        paths.append(str(path))
    code, _out, err = cli(["ingest", *paths, "--quiet", "--no-embed"], db)
    if code not in (0, 1):
        raise SystemExit(f"raadsbrieven ingest failed ({code}): {first_line(err)}")
    if code == 1:
        print(f"ingest: some letters failed: {first_line(err)}")


# ---------------------------------------------------------------- scoring


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: set, pred: set) -> None:
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    def line(self) -> str:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return f"P {p:.2f}  R {r:.2f}  F1 {f:.2f}   (tp {self.tp}, fp {self.fp}, fn {self.fn})"


def by_group(gold_items: dict, pred_items: dict) -> dict[str, Score]:
    """gold_items / pred_items: {item: group}; pooled under 'all'."""
    out = {}
    for g in ("all", *GROUPS):
        gs = {i for i, grp in gold_items.items() if g == "all" or grp == g}
        ps = {i for i, grp in pred_items.items() if g == "all" or grp == g}
        s = Score()
        s.add(gs, ps)
        out[g] = s
    return out


def print_scores(title: str, scores: dict[str, Score]) -> None:
    print(f"\n{title}")
    for g, s in scores.items():
        if g != "all" and s.tp + s.fp + s.fn == 0:
            continue
        print(f"  {g:<10} {s.line()}")


def show(label: str, items, limit: int) -> None:
    items = sorted(items, key=str)
    if not limit or not items:
        return
    print(f"    {label} ({len(items)}):")
    for item in items[:limit]:
        print(f"      {item}")


# ---- fulfilment


def entry_sentences(entry: dict) -> list[tuple[str | None, str]]:
    out = []
    made = entry.get("made_in") or {}
    if isinstance(made, dict):
        out.append((base(made.get("doc")), norm(made.get("sentence"))))
    for m in entry.get("mentions") or []:
        if isinstance(m, dict):
            out.append((base(m.get("doc")), norm(m.get("sentence"))))
    return out


def match_promise(entry: dict, gold: Gold) -> dict | None:
    sentences = entry_sentences(entry)
    made_doc = sentences[0][0] if sentences else None
    for g in gold.promises:
        places = [(g["doc"], norm(g["quote"]))] + [
            (m["doc"], norm(m["quote"])) for m in g.get("mentions", [])
        ]
        for doc, quote in places:
            if any(
                d == doc and quote and (quote in s or (len(s) >= 40 and s in quote)) for d, s in sentences
            ):
                return g
    for g in gold.promises:
        docs = {g["doc"], *(m["doc"] for m in g.get("mentions", []))}
        if made_doc in docs and similar_what(entry.get("what"), g.get("what")):
            return g
    return None


def score_fulfilment(entries: list[dict], gold: Gold, limit: int) -> None:
    motie_docs = {m["doc"]: m for m in gold.moties if m.get("doc")}
    gold_links = {(g["id"], g["fulfilled_by"]): g["group"] for g in gold.promises if g.get("fulfilled_by")}
    gold_self = {k for k in gold_links if k[1] in {g["doc"] for g in gold.promises if g["id"] == k[0]}}
    pred_links: dict[tuple, str] = {}
    pred_self: set[tuple] = set()
    left_to_moties = matched = 0
    on_time = [0, 0]
    seen_gold = set()
    for e in entries:
        made = base((e.get("made_in") or {}).get("doc")) if isinstance(e.get("made_in"), dict) else None
        if made not in gold.doc_group:
            continue
        g = match_promise(e, gold)
        if g is not None:
            seen_gold.add(g["id"])
        fb = e.get("fulfilled_by")
        fdoc = base(fb.get("doc")) if isinstance(fb, dict) else None
        if fdoc is None:
            continue
        if g is None and made in motie_docs:
            left_to_moties += 1
            continue
        if g is not None:
            matched += 1
            if fdoc in g.get("fulfilled_by_alt", []):
                fdoc = g["fulfilled_by"]
            link = (g["id"], fdoc)
            pred_links[link] = g["group"]
            if fdoc == g["doc"]:
                pred_self.add(link)
            if fdoc == g.get("fulfilled_by") and g.get("on_time") is not None:
                on_time[1] += 1
                on_time[0] += e.get("on_time") == g["on_time"]
        else:
            link = (f"{made} :: {(e.get('what') or '')[:70]}", fdoc)
            pred_links[link] = gold.doc_group[made]
            if fdoc == made:
                pred_self.add(link)
    scores = by_group(gold_links, pred_links)
    print_scores("Fulfilment links (promise -> fulfilling letter)", scores)
    cross_gold = {k: v for k, v in gold_links.items() if k not in gold_self}
    cross_pred = {k: v for k, v in pred_links.items() if k not in pred_self}
    s = Score()
    s.add(set(cross_gold), set(cross_pred))
    print(f"  {'cross-letter':<10} {s.line()}   (only links to a letter other than the promise's own)")
    print(
        f"  gold promises {len(gold.promises)}, with a fulfilling letter {len(gold_links)}; "
        f"register entries matched to a gold promise {len(seen_gold)}; "
        f"linked entries drawn from a motie's own text (left to the motie measures) {left_to_moties}"
    )
    if on_time[1]:
        print(f"  on_time agrees on {on_time[0]} of {on_time[1]} correct links with a known gold on_time")
    show("missed", set(gold_links) - set(pred_links), limit)
    show("extra", set(pred_links) - set(gold_links), limit)


# ---- moties


def match_motie(entry: dict, gold: Gold) -> dict | None:
    doc = base(entry.get("doc"))
    num = digits(entry.get("number"))
    title = norm(entry.get("title"))
    for g in gold.moties:
        if doc and g.get("doc") == doc:
            return g
    for g in gold.moties:
        if num and num == digits(g.get("number")):
            return g
    for g in gold.moties:
        if title and title == norm(g.get("title")):
            return g
    return None


def score_moties(entries: list[dict], gold: Gold, limit: int) -> None:
    gold_afd = {(g["id"], g["afgedaan_by"]): g["group"] for g in gold.moties if g.get("afgedaan_by")}
    gold_ans = {(g["id"], d): g["group"] for g in gold.moties for d in g.get("answers", [])}
    pred_afd: dict[tuple, str] = {}
    pred_ans: dict[tuple, str] = {}
    status = [0, 0]
    statuses_seen = set()
    wrong_status: list[str] = []
    for e in entries:
        if e.get("kind") not in (None, "motie"):
            continue
        g = match_motie(e, gold)
        afd = e.get("afgedaan_by")
        adoc = base(afd.get("doc")) if isinstance(afd, dict) else base(afd)
        answers = [base(a) for a in e.get("answers") or []]
        answers = [a for a in answers if a in gold.doc_group]
        label = g["id"] if g else f"{e.get('number') or ''} {(e.get('title') or '')[:60]}".strip()
        if g is not None and g["id"] not in statuses_seen and g.get("status"):
            statuses_seen.add(g["id"])
            status[1] += 1
            same = norm(e.get("status")) == norm(g["status"]) or (
                g["status"] == "ingediend" and norm(e.get("status")) in ("", "onbekend")  # no vote known
            )
            status[0] += same
            if not same:
                wrong_status.append(f"{g['id']}: gold {g['status']}, register {e.get('status')}")
        if adoc in gold.doc_group:
            pred_afd[(label, adoc)] = g["group"] if g else gold.doc_group[adoc]
        for a in answers:
            pred_ans[(label, a)] = g["group"] if g else gold.doc_group[a]
    print_scores("Motie afdoening links (motie -> afgedaan_by)", by_group(gold_afd, pred_afd))
    show("missed", set(gold_afd) - set(pred_afd), limit)
    show("extra", set(pred_afd) - set(gold_afd), limit)
    print_scores("Motie answers (motie -> tussenbericht / afdoeningsbrief)", by_group(gold_ans, pred_ans))
    show("missed", set(gold_ans) - set(pred_ans), limit)
    show("extra", set(pred_ans) - set(gold_ans), limit)
    if status[1]:
        print(f"  status agrees on {status[0]} of {status[1]} gold moties found in the register")
        show("status differs", wrong_status, limit)


# ---- letter graph


def score_edges(edges: list[dict], gold: Gold, limit: int) -> None:
    gold_e = {(e["from"], e["to"]): e["group"] for e in gold.edges}
    gold_kind = {(e["from"], e["to"]): e["kind"] for e in gold.edges}
    alias = {(e["from"], alt): (e["from"], e["to"]) for e in gold.edges for alt in e.get("to_alt", [])}
    pred_e: dict[tuple, str] = {}
    pred_kind: dict[tuple, str] = {}
    for e in edges:
        a, b = base(e.get("from_doc")), base(e.get("to_doc"))
        a, b = alias.get((a, b), (a, b))  # a copy of the same letter (same date, same text) counts the same
        if a in gold.doc_group and b in gold.doc_group and a != b:
            pred_e[(a, b)] = gold.doc_group[a]
            pred_kind.setdefault((a, b), e.get("kind"))
    print_scores("Letter-graph edges (from -> to, kind aside)", by_group(gold_e, pred_e))
    both = set(gold_e) & set(pred_e)
    if both:
        agree = sum(pred_kind[k] == gold_kind[k] for k in both)
        print(f"  kind agrees on {agree} of {len(both)} found edges")
        for kind in ("answers", "refers_to", "follows_up"):
            gk = {k for k in gold_e if gold_kind[k] == kind}
            pk = {k for k in pred_e if pred_kind[k] == kind}
            s = Score()
            s.add(gk, pk)
            print(f"  {kind:<10} {s.line()}")
    show("missed", {f"{a} -> {b} ({gold_kind[(a, b)]})" for a, b in set(gold_e) - set(pred_e)}, limit)
    show("extra", {f"{a} -> {b} ({pred_kind[(a, b)]})" for a, b in set(pred_e) - set(gold_e)}, limit)


# ---------------------------------------------------------------- main


def graph_edges(db: str) -> list[dict]:
    """Every edge of the store's letter graph (what `raadsbrieven brieven --graph NAME` filters)."""
    sys.path.insert(0, str(ROOT))
    from raadsbrieven.registers.graph import store_graph
    from raadsbrieven.store import Store

    store = Store(db if "://" in db else f"sqlite:///{db}")
    try:
        return store_graph(store)
    finally:
        store.close()


def contract_ok(rows: list[dict], fields: tuple[str, ...]) -> list[str]:
    missing = sorted({f for f in fields for r in rows[:50] if f not in r})
    return missing


def run(db: str, gold: Gold, limit: int) -> None:
    print(
        f"gold: {len(gold.chains)} chains, {len(gold.doc_group)} letters, {len(gold.promises)} promises, "
        f"{len(gold.moties)} moties, {len(gold.edges)} edges"
    )

    code, out, err = cli(["toezeggingen", "--format", "jsonl"], db)
    rows, bad = jsonl(out) if code == 0 else ([], 0)
    if code != 0:
        print(
            "\nFulfilment links: not available "
            f"(`raadsbrieven toezeggingen --format jsonl` failed: {first_line(err)})"
        )
    else:
        missing = contract_ok(rows, ("key", "what", "made_in", "fulfilled_by", "on_time", "mentions"))
        if missing:
            print(f"\nnote: toezeggingen lines lack {', '.join(missing)} (contract: ../shared/DESIGN.md)")
        if bad:
            print(f"note: {bad} toezeggingen lines are not JSON objects")
        if "made_in" in missing or "fulfilled_by" in missing:
            print("Fulfilment links: not available (no made_in / fulfilled_by in the register's lines)")
        else:
            score_fulfilment(rows, gold, limit)

    code, out, err = cli(["moties", "--format", "jsonl"], db)
    rows, bad = jsonl(out) if code == 0 else ([], 0)
    if code != 0:
        print(
            f"\nMotie links: not available (`raadsbrieven moties --format jsonl` failed: {first_line(err)})"
        )
    else:
        missing = contract_ok(rows, ("key", "number", "title", "status", "doc", "afgedaan_by", "answers"))
        if missing:
            print(f"\nnote: moties lines lack {', '.join(missing)} (contract: ../shared/DESIGN.md)")
        if "afgedaan_by" in missing:
            print("Motie links: not available (no afgedaan_by in the register's lines)")
        else:
            score_moties(rows, gold, limit)

    edges: list[dict] = []
    failure = None
    names = sorted(gold.doc_group)
    code, out, err = cli(["brieven", "--graph", names[0]], db)
    if code != 0:
        failure = first_line(err) or first_line(out)
    else:
        # the command answers for one letter and builds the whole graph to do so: the graph of every
        # gold letter comes from the same function in this process, once
        edges.extend(r for r in jsonl(out)[0] if "from_doc" in r and "to_doc" in r)
        edges.extend(graph_edges(db))
    if failure and not edges:
        print(f"\nLetter-graph edges: not available (`raadsbrieven brieven --graph NAME` failed: {failure})")
    else:
        if failure:
            print(f"\nnote: `brieven --graph` failed for some letters: {failure}")
        score_edges(edges, gold, limit)


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="SQLite file to use and keep (default: a temporary one)")
    ap.add_argument("--show", type=int, default=0, help="list up to N misses and extras per measure")
    ap.add_argument("--chains", nargs="*", help="only these chains (file names without .json)")
    args = ap.parse_args()
    gold = load_gold(args.chains)
    if not gold.chains:
        raise SystemExit(f"no gold chains in {GOLD_DIR}")
    if not SHARED.exists():
        raise SystemExit(
            f"{SHARED} is missing: the gold's letters are in ../shared/letters-more and letters-extra"
        )
    with tempfile.TemporaryDirectory(prefix="rb-lifecycle-") as tmp:
        db = args.db or str(Path(tmp) / "lifecycle.db")
        ingest(gold, db)  # a kept store: unchanged letters are skipped, re-read when the reader is newer
        run(db, gold, args.show)


if __name__ == "__main__":
    main()
