"""How fast the CLI answers a user before any work: a missing path, `--help`, and a Word letter.

    python bench/bench_cli.py            # 5 runs each, in fresh processes
    python bench/bench_cli.py --runs 10

A path that does not exist must fail at once (target: under 1 s, issue #16): the check comes
before the reading stage, the store and the models are imported. Each run is a fresh
`python -m raadsbrieven` process, timed from start to exit, so imports count. The Word letter
is read (`read_file`, no store) in-process after one warm-up, to compare with reading a PDF.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TARGET_MISSING = 1.0  # seconds


def wall(args: list[str]) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "raadsbrieven", *args], capture_output=True, text=True)
    return time.perf_counter() - started, done


def timed(label: str, args: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        seconds, done = wall(args)
        times.append(seconds)
    median = statistics.median(times)
    print(f"{label:<44} median {median:6.3f} s  max {max(times):6.3f} s  (exit {done.returncode})")
    return median


def read_speed(runs: int) -> None:
    from raadsbrieven.ingest.read import read_file
    from tests.letters import build_letter_pdf
    from tests.test_docx import build_docx_letter

    with tempfile.TemporaryDirectory() as folder:
        word = build_docx_letter(Path(folder) / "brief.docx")
        build_letter_pdf(Path(folder) / "brief.pdf", pages=1)
        for path in (word, Path(folder) / "brief.pdf"):
            read_file(path)  # warm-up: imports outside the timing
            started = time.perf_counter()
            for _ in range(runs):
                read_file(path)
            each = (time.perf_counter() - started) / runs
            print(f"{'read ' + path.name:<44} {each * 1000:8.1f} ms a letter")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "x.db")
        missing = timed(
            "ingest <missing path> (fails at once)", ["ingest", "nergens/brief.docx", "--db", db], runs
        )
        timed("--help", ["--help"], runs)
        timed("ingest --help", ["ingest", "--help"], runs)
    read_speed(runs)
    verdict = "ok" if missing < TARGET_MISSING else "TOO SLOW"
    print(f"missing path: {missing:.3f} s against the target of {TARGET_MISSING:.1f} s: {verdict}")


if __name__ == "__main__":
    main()
