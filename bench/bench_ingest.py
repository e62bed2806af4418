"""Pages per second: the ingest pipeline next to bare pdfplumber and bare pypdfium2, in one run.

    python bench/bench_ingest.py            # 200 generated letters
    python bench/bench_ingest.py --quick    # 30 letters, for a smoke run
    python bench/bench_ingest.py --dir /tmp/letters   # keep (and reuse) the generated letters

Every reader sees the same files, read from disk, in the same process. The pipeline run
stores into a fresh temporary SQLite database (one warm-up letter first, so loading spaCy
is not counted).
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.letters import build_corpus, build_letter_pdf  # noqa: E402


def pdfium_text(paths: list[Path]) -> int:
    import pypdfium2 as pdfium

    pages = 0
    for path in paths:
        doc = pdfium.PdfDocument(path)
        for page in doc:
            page.get_textpage().get_text_range()
            pages += 1
        doc.close()
    return pages


def pdfium_bands(paths: list[Path]) -> int:
    """Three crops per page (top 8 %, body, bottom 8 %): running header and footer apart, cheaply."""
    import pypdfium2 as pdfium

    pages = 0
    for path in paths:
        doc = pdfium.PdfDocument(path)
        for page in doc:
            tp = page.get_textpage()
            w, h = page.get_size()
            for bottom, top in [(h * 0.92, h), (h * 0.08, h * 0.92), (0, h * 0.08)]:
                tp.get_text_bounded(0, bottom, w, top)
            pages += 1
        doc.close()
    return pages


def pdfium_charboxes(paths: list[Path]) -> int:
    """Text plus a box per character: what superscript markers or a letterhead column would need."""
    import pypdfium2 as pdfium

    pages = 0
    for path in paths:
        doc = pdfium.PdfDocument(path)
        for page in doc:
            tp = page.get_textpage()
            tp.get_text_range()
            for i in range(tp.count_chars()):
                tp.get_charbox(i)
            pages += 1
        doc.close()
    return pages


def plumber_text(paths: list[Path]) -> int:
    import pdfplumber

    pages = 0
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                pages += 1
    return pages


def plumber_chars(paths: list[Path]) -> int:
    """Only pdfminer's parse into char objects: the floor under anything pdfplumber does."""
    import pdfplumber

    pages = 0
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                _ = page.chars
                pages += 1
    return pages


def project_reader(paths: list[Path]) -> int:
    from raadsbrieven.ingest.read import read_bytes

    return sum(len(read_bytes(p.read_bytes(), p.name, str(p)).pages) for p in paths)


def pipeline(paths: list[Path], workdir: Path) -> Callable[[], int]:
    """Ingest ``paths`` into a fresh SQLite store; the warm-up happens here, outside the timing."""
    from raadsbrieven.pipeline import ingest
    from raadsbrieven.store import Store

    store = Store(f"sqlite:///{workdir / 'bench.db'}")
    warm = build_letter_pdf(workdir / "warmup" / "warmup.pdf", kenmerk="1234567")
    ingest([warm.path], store, embed=False)

    def run() -> int:
        report = ingest(paths, store, embed=False)
        if report.failed:
            raise RuntimeError(f"failed on {len(report.failed)} files, e.g. {report.failed[0].message}")
        return sum(o.pages for o in report.outcomes)

    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=200, help="number of generated letters (default 200)")
    parser.add_argument("--quick", action="store_true", help="30 letters, for a smoke run")
    parser.add_argument("--dir", type=Path, help="folder for the letters (kept; reused if it has them)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-pipeline", action="store_true", help="only the bare readers")
    args = parser.parse_args(argv)
    n = 30 if args.quick else args.n
    logging.disable(logging.WARNING)  # pdfminer is chatty
    import pdfplumber  # noqa: F401 - imports outside the timings
    import pypdfium2  # noqa: F401

    import raadsbrieven.ingest.read  # noqa: F401

    with tempfile.TemporaryDirectory(prefix="raadsbrieven-bench-") as tmp:
        folder = args.dir or Path(tmp) / "letters"
        folder.mkdir(parents=True, exist_ok=True)
        paths = sorted(folder.glob("*.pdf"))
        if len(paths) != n:
            for old in paths:
                old.unlink()
            t0 = time.perf_counter()
            build_corpus(folder, n, seed=args.seed)
            print(f"generated {n} letters in {time.perf_counter() - t0:.1f} s ({folder})")
            paths = sorted(folder.glob("*.pdf"))

        runs: list[tuple[str, Callable[[], int]]] = [
            ("pypdfium2 text", lambda: pdfium_text(paths)),
            ("pypdfium2 header/body/footer crops", lambda: pdfium_bands(paths)),
            ("pypdfium2 text + char boxes", lambda: pdfium_charboxes(paths)),
            ("pdfplumber chars only", lambda: plumber_chars(paths)),
            ("pdfplumber extract_text", lambda: plumber_text(paths)),
            ("raadsbrieven read (stage)", lambda: project_reader(paths)),
        ]
        failures: list[str] = []
        if not args.no_pipeline:
            try:  # set-up and warm-up outside the timing
                runs.append(("raadsbrieven ingest (pipeline)", pipeline(paths, Path(tmp))))
            except Exception as exc:
                failures.append(f"pipeline set-up: {type(exc).__name__}: {exc}")

        results = []
        for label, fn in runs:
            t0 = time.perf_counter()
            try:
                pages = fn()
            except Exception as exc:  # the bench still reports the others
                failures.append(f"{label}: {type(exc).__name__}: {exc}")
                continue
            results.append((label, pages, time.perf_counter() - t0))

    base = next(rate for label, p, s in results if label == "pdfplumber extract_text" for rate in [p / s])
    width = max(len(r[0]) for r in results)
    print(f"\n{len(paths)} letters, {results[0][1]} pages\n")
    print(f"{'reader':<{width}}  {'pages':>6}  {'seconds':>8}  {'pages/s':>9}  {'vs pdfplumber':>13}")
    for label, pages, seconds in results:
        rate = pages / seconds
        print(f"{label:<{width}}  {pages:>6}  {seconds:>8.2f}  {rate:>9.1f}  {rate / base:>12.2f}x")
    for failure in failures:
        print(f"FAILED {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
