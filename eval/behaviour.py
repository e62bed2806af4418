"""Show that a change kept behaviour: facts, registers and BM25 search over corpus/ and letters-extra.

    python eval/behaviour.py            # compare with eval/baseline/, list every difference
    python eval/behaviour.py --write    # make the current output the new baseline

Runs the installed `raadsbrieven` command (ingest --no-embed, facts, toezeggingen, moties, search
--mode bm25) on a fresh SQLite file, so it only sees what a user sees. Exit code 1 on a difference.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "eval" / "baseline"
LETTERS = [ROOT / "corpus", ROOT.parent / "shared" / "letters-extra"]
QUERIES = ROOT / "eval" / "search_queries.jsonl"
# Fields that say where a fact or entry lives in the store, not what was read: left out of the
# comparison (the store's row ids change with the order documents are stored in). A fact is matched
# by its place (document, kind, span), not by `id`: since letters are known by content and path
# (issue #11), a fact id is made from the letter's content hash instead of its file name.
VOLATILE = {"sentence_id", "document_id", "id"}


def _cli() -> str:
    exe = shutil.which("raadsbrieven", path=str(Path(sys.executable).parent))
    if not exe:
        sys.exit("raadsbrieven is not installed in this Python's environment (make setup)")
    return exe


def _run(*args: str) -> str:
    done = subprocess.run([_cli(), *args], capture_output=True, text=True)
    if done.returncode not in (0, 1):
        sys.exit(f"raadsbrieven {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def _stable(value):  # noqa: ANN001, ANN202
    """The value without the store's row ids, at any depth (a register's mentions carry them too)."""
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_stable(v) for v in value]
    return value


def _lines(text: str) -> list[dict]:
    return [_stable(json.loads(line)) for line in text.splitlines() if line.strip()]


def snapshot() -> dict[str, list[dict]]:
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "behaviour.db")
        _run("ingest", *map(str, LETTERS), "--db", db, "--quiet", "--no-embed")
        out = {
            "facts": _lines(_run("facts", "--db", db, "--format", "jsonl")),
            "toezeggingen": _lines(_run("toezeggingen", "--db", db, "--format", "jsonl")),
            "moties": _lines(_run("moties", "--db", db, "--format", "jsonl")),
        }
        hits = []
        for line in QUERIES.read_text(encoding="utf-8").splitlines():
            query = json.loads(line)["query"]
            found = _lines(_run("search", query, "--db", db, "--mode", "bm25", "--format", "jsonl"))
            hits.append({"query": query, "hits": [[h["doc"], h["sentence"]] for h in found]})
        out["search_bm25"] = hits
    return out


def _key(name: str, row: dict) -> str:
    if name == "facts":
        return f"{row['doc']}|{row['kind']}|{row['start']}|{row['end']}|{row.get('number')}"
    if name == "search_bm25":
        return row["query"]
    return row.get("key") or json.dumps(row, sort_keys=True)


def compare(now: dict[str, list[dict]]) -> int:
    differences = 0
    for name, rows in now.items():
        path = BASELINE / f"{name}.jsonl"
        if not path.exists():
            print(f"{name}: no baseline at {path}")
            differences += 1
            continue
        before = {_key(name, r): r for r in _lines(path.read_text(encoding="utf-8"))}
        after = {_key(name, r): r for r in rows}
        for key in sorted(before.keys() | after.keys()):
            a, b = before.get(key), after.get(key)
            if a == b:
                continue
            differences += 1
            if a is None or b is None:
                what = "new" if a is None else "gone"
                print(f"{name}: {what}: {json.dumps(b or a, ensure_ascii=False)[:300]}")
                continue
            changed = {f: (a.get(f), b.get(f)) for f in a.keys() | b.keys() if a.get(f) != b.get(f)}
            print(f"{name} {key}: {json.dumps(changed, ensure_ascii=False)[:500]}")
        print(f"{name}: {len(after)} now, {len(before)} in the baseline")
    print("identical" if not differences else f"{differences} differences")
    return 1 if differences else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="store the current output as the baseline")
    args = ap.parse_args()
    now = snapshot()
    if args.write:
        BASELINE.mkdir(parents=True, exist_ok=True)
        for name, rows in now.items():
            text = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)
            (BASELINE / f"{name}.jsonl").write_text(text, encoding="utf-8")
        print(f"wrote the baseline to {BASELINE}")
        return
    sys.exit(compare(now))


if __name__ == "__main__":
    main()
