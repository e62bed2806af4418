"""Does a faster ingest store the same? Ingest the real letters, dump what is stored, diff with a reference.

    python bench/compare_ingest_output.py --ref                         # the reference, /tmp/speed_ref
    python bench/compare_ingest_output.py                               # /tmp/speed_new, diffed with it
    python bench/compare_ingest_output.py --ref --root /tmp/speed_base  # the reference from another checkout

Every file of corpus/ and ../shared/letters-extra, ../shared/letters-more is ingested serially
(`--no-embed`) into a fresh SQLite file, by the code of `--root` (default: this checkout) in a child
process. Dumped: every row of every table the ingest fills (documents without `ingested_at`, pages,
sentences, facts, processed), the ingest outcomes, and what the CLI makes of them: `facts --format
jsonl`, `toezeggingen` and `moties` as jsonl. Every differing line is printed; exit 1 when any differ.

A `--root` other than this checkout (a `git worktree` of an older commit) needs the link
`raadsbrieven/extractors -> ../extractors` in it, as the editable install maps that package here.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = [ROOT / "corpus", ROOT.parent / "shared" / "letters-extra", ROOT.parent / "shared" / "letters-more"]
TABLES = ("documents", "pages", "sentences", "facts", "processed")
SKIPPED_COLUMNS = {"ingested_at"}  # differs every run
CLI_DUMPS = {  # file -> `raadsbrieven` arguments (the --db is added)
    "facts.cli.jsonl": ["facts", "--format", "jsonl"],
    "toezeggingen.cli.jsonl": ["toezeggingen", "--format", "jsonl"],
    "moties.cli.jsonl": ["moties", "--format", "jsonl"],
}


def dump(root: Path, out: Path) -> None:
    """(In the child, with `root` first on sys.path) ingest the folders and write the dump files."""
    from sqlalchemy import select

    from raadsbrieven.pipeline import ingest
    from raadsbrieven.store import Store, schema

    out.mkdir(parents=True, exist_ok=True)
    db = out / "ingest.db"
    db.unlink(missing_ok=True)
    store = Store(f"sqlite:///{db}")
    t0 = time.perf_counter()
    report = ingest([str(f) for f in FOLDERS], store, embed=False)
    seconds = time.perf_counter() - t0
    pages = sum(o.pages for o in report.outcomes)
    print(f"{root}: {len(report.outcomes)} files, {pages} pages in {seconds:.1f} s", flush=True)
    lines = [f"{o.status}\t{o.path}\t{o.message}\t{o.facts}\t{o.pages}" for o in report.outcomes]
    (out / "outcomes.tsv").write_text("\n".join(lines) + "\n")
    with store.engine.connect() as conn:
        for name in TABLES:
            table = schema.metadata.tables[name]
            columns = [c for c in table.c if c.name not in SKIPPED_COLUMNS]
            order = table.c.id if "id" in table.c else table.c.document_id
            rows = conn.execute(select(*columns).order_by(order)).all()
            text = "".join(json.dumps(dict(r._mapping), ensure_ascii=False) + "\n" for r in rows)
            (out / f"{name}.jsonl").write_text(text)
    store.close()
    for name, args in CLI_DUMPS.items():
        result = subprocess.run(
            [sys.executable, "-m", "raadsbrieven", *args, "--db", str(db)],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        )
        (out / name).write_text(result.stdout)


def run_dump(root: Path, out: Path) -> None:
    """The dump in a child process that imports the code of `root` (this script again, with --dump)."""
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    args = [sys.executable, __file__, "--root", str(root), "--dump", str(out)]
    subprocess.run(args, cwd=root, env=env, check=True)


def diff(ref: Path, new: Path) -> int:
    """Print every differing line of the dumps; the number of differing files."""
    names = ["outcomes.tsv", *(f"{t}.jsonl" for t in TABLES), *CLI_DUMPS]
    differing = 0
    for name in names:
        old_lines = (ref / name).read_text().splitlines()
        new_lines = (new / name).read_text().splitlines()
        if old_lines == new_lines:
            print(f"{name}: same ({len(new_lines)} lines)")
            continue
        differing += 1
        print(f"{name}: DIFFERS ({len(old_lines)} lines in {ref}, {len(new_lines)} in {new})")
        diffs = difflib.unified_diff(old_lines, new_lines, str(ref / name), str(new / name), n=0, lineterm="")
        for line in diffs:
            print(line)
    return differing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ref", action="store_true", help="write the reference (no diff)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose code ingests")
    parser.add_argument("--ref-dir", type=Path, default=Path(tempfile.gettempdir()) / "speed_ref")
    parser.add_argument("--new-dir", type=Path, default=Path(tempfile.gettempdir()) / "speed_new")
    parser.add_argument("--dump", type=Path, help=argparse.SUPPRESS)  # the child: dump into this folder
    args = parser.parse_args(argv)
    if args.dump:
        sys.path.insert(0, str(args.root.resolve()))  # before anything of raadsbrieven is imported
        dump(args.root.resolve(), args.dump)
        return 0
    out = args.ref_dir if args.ref else args.new_dir
    run_dump(args.root.resolve(), out)
    if args.ref:
        return 0
    differing = diff(args.ref_dir, args.new_dir)
    print("no differences" if not differing else f"{differing} dump(s) differ")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
