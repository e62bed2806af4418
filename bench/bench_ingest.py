"""Pages per second on the real PDFs: bare pypdfium2, bare pdfplumber, our reader, the whole ingest; OCR.

    python bench/bench_ingest.py                # ../shared/letters-extra and ../shared/letters-more
    python bench/bench_ingest.py --ocr-pages 6  # fewer pages for the OCR error rate (each takes seconds)
    python bench/bench_ingest.py --dir DIR ...  # other folders of PDFs
    python bench/bench_ingest.py --ingest-only  # only the whole ingest: serial against 2 workers (text, all)
    python bench/bench_ingest.py --ingest-only --repeat 5  # five rounds; the ratios compare medians

Every measurement runs in a fresh process (imports and one warm-up file outside the timing, except
"with start"), one after the other, so each has its own peak memory (RSS). The PDFs are split by
what the reader finds: "text" PDFs have a usable text layer on every page, "scan" PDFs have pages
that need OCR. The speed target compares the whole ingest (`--no-embed`, serial, into a fresh
SQLite file) with bare pdfplumber on the text PDFs; the scan PDFs are timed apart, since Tesseract
takes seconds a page. The "floor" is bare pypdfium2 text handed to spaCy's Dutch tokenizer and
nothing else: the least an ingest on pdfium and spaCy does, so the most it can reach.

The parallel ingest (issue #15, target 1.7x serial) runs on 2 guarded reader children, and is
compared like with like: "with start" times everything from a started Python on both sides (the
serial ingest's imports and models, the workers' children starting: what a user of `raadsbrieven
ingest --workers 1` or `--workers 2` waits for); "warm" uses a serial process and reader children
that have read their warm-up letter already (the rate on a long run). Both on the text PDFs, the
scan PDFs, and all PDFs together (the issue's measure: every real PDF of the two folders). Peak
memory is the resident memory of the measuring process and all its descendants together (workers
and reader children), sampled every 0.1 s.

The OCR error rate: text-layer pages (prose, well-read text) are rendered at 300 dpi, read by
Tesseract and compared with their text layer: edits per character of the text layer, whitespace
collapsed, so reading-order differences count as errors too.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing as mp
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FOLDERS = [ROOT.parent / "shared" / "letters-extra", ROOT.parent / "shared" / "letters-more"]


def peak_mb() -> float:
    """Peak resident memory of this process: VmHWM (ru_maxrss survives exec, so a spawned child would
    report its parent's peak when that was higher)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------- the measurements (one per process)


def bare_pdfium(paths: list[Path]) -> int:
    import pypdfium2 as pdfium

    pages = 0
    for path in paths:
        pdf = pdfium.PdfDocument(path)
        for page in pdf:
            page.get_textpage().get_text_range()
            pages += 1
        pdf.close()
    return pages


def floor(paths: list[Path]) -> int:
    """The least any ingest on pypdfium2 and spaCy does: bare pdfium text, then spaCy's Dutch tokenizer
    over it (no cleaning, no sentences, no extractors, no store). The whole ingest cannot beat this."""
    import pypdfium2 as pdfium
    import spacy

    nlp = _BLANK.get("nl") or _BLANK.setdefault("nl", spacy.blank("nl"))
    texts = []
    for path in paths:
        pdf = pdfium.PdfDocument(path)
        texts += [page.get_textpage().get_text_range() for page in pdf]
        pdf.close()
    for _doc in nlp.pipe(texts):
        pass
    return len(texts)


_BLANK: dict[str, object] = {}  # the floor's tokenizer, made in the warm-up


def bare_pdfplumber(paths: list[Path]) -> int:
    import pdfplumber

    pages = 0
    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                pages += 1
    return pages


def our_reader(paths: list[Path]) -> int:
    from raadsbrieven.ingest.read import ReadError, read_file

    pages = 0
    for path in paths:
        try:
            pages += len(read_file(path).pages)
        except ReadError:
            pass
    return pages


def whole_ingest(paths: list[Path]) -> int:
    from raadsbrieven.pipeline import ingest
    from raadsbrieven.store import Store

    with tempfile.TemporaryDirectory(prefix="raadsbrieven-bench-") as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        report = ingest(paths, store, embed=False)
        store.close()
    if report.failed:
        raise RuntimeError(
            f"{len(report.failed)} failed, e.g. {report.failed[0].path}: {report.failed[0].message}"
        )
    return sum(o.pages for o in report.outcomes)


WORKERS = 2
_CLUSTER: dict[str, object] = {}  # the warm stage's readers, started outside the timing


def ingest_workers(paths: list[Path]) -> int:
    """The whole ingest on WORKERS reader children, starting them included."""
    from raadsbrieven.pipeline import ingest
    from raadsbrieven.store import Store

    with tempfile.TemporaryDirectory(prefix="raadsbrieven-bench-") as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        report = ingest(paths, store, embed=False, workers=WORKERS)
        store.close()
    return _pages(report.outcomes)


def ingest_warm_workers(paths: list[Path]) -> int:
    """The same with readers that have started and read their warm-up letter already."""
    from raadsbrieven.parallel import read_all
    from raadsbrieven.pipeline import sources
    from raadsbrieven.store import Store

    with tempfile.TemporaryDirectory(prefix="raadsbrieven-bench-") as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        outcomes = read_all(list(sources(paths)), store, _CLUSTER["readers"])
        store.close()
    return _pages(outcomes)


def _pages(outcomes: list) -> int:
    failed = [o for o in outcomes if o.status == "failed"]
    if failed:
        raise RuntimeError(f"{len(failed)} failed, e.g. {failed[0].path}: {failed[0].message}")
    return sum(o.pages for o in outcomes)


def start_warm_cluster() -> None:
    """WORKERS reader children, started and warm (each reads a small letter as it starts)."""
    from raadsbrieven.guarded import Limits
    from raadsbrieven.parallel import connect

    ctx = connect(WORKERS, limits=Limits())
    readers = ctx.__enter__()
    readers.ready()
    _CLUSTER.update(ctx=ctx, readers=readers)


def stop_warm_cluster() -> None:
    if "ctx" in _CLUSTER:
        _CLUSTER.pop("ctx").__exit__(None, None, None)


class TreePeak(threading.Thread):
    """Peak resident memory of this process and all its descendants together (workers, readers), and
    the CPU seconds they used meanwhile: on a machine shared with other sessions (Linux groups CPU
    time by session) the wall-clock speed-up hides what the workers would do on free cores."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0
        self.cpu: dict[int, float] = {}  # pid -> CPU seconds, last seen
        self.first: dict[int, float] = {}  # pid -> CPU seconds when first seen (work before the timing)
        self.done = threading.Event()

    def run(self) -> None:
        import psutil

        me = psutil.Process()
        while not self.done.wait(0.1):
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                try:
                    total += proc.memory_info().rss
                    times = proc.cpu_times()
                    self.cpu[proc.pid] = times.user + times.system
                    self.first.setdefault(proc.pid, self.cpu[proc.pid])
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)

    def cpu_seconds(self) -> float:
        return sum(self.cpu[pid] - self.first[pid] for pid in self.cpu)

    def stop(self) -> float:
        self.done.set()
        self.join()
        return self.peak / 2**20


def warm_up(stage: str, paths: list[Path]) -> None:
    """Imports, and for the ingest one small letter through the pipeline (spaCy, the extractors);
    nothing for a stage "with start", which times what a user waits for from a started Python."""
    if "with start" in stage:
        return
    if "warm" in stage:
        start_warm_cluster()
    if "ingest" in stage:
        from tests.letters import build_letter_pdf

        with tempfile.TemporaryDirectory(prefix="raadsbrieven-warm-") as tmp:
            spec = build_letter_pdf(Path(tmp) / "warm.pdf", pages=1)
            whole_ingest([spec.path])
    if stage == FLOOR:
        floor(paths[:1])  # spaCy's tokenizer makes its caches on first use
    if "reader" in stage or "ingest" in stage:
        from raadsbrieven.ingest import ocr

        ocr.lexicon()
        ocr.engine()
    import pdfplumber  # noqa: F401
    import pypdfium2  # noqa: F401


FLOOR = "floor: pypdfium2 text + spaCy tokenizer"
STAGES: dict[str, Callable[[list[Path]], int]] = {
    "pypdfium2 text (bare)": bare_pdfium,
    FLOOR: floor,
    "pdfplumber extract_text (bare)": bare_pdfplumber,
    "raadsbrieven reader (pdfium + OCR)": our_reader,
    "raadsbrieven ingest --no-embed (serial)": whole_ingest,
    "ingest --no-embed serial (with start)": whole_ingest,
    f"ingest --no-embed --workers {WORKERS} (with start)": ingest_workers,
    f"ingest --no-embed --workers {WORKERS} (warm)": ingest_warm_workers,
}
INGEST_STAGES = [s for s in STAGES if "ingest" in s]
SERIAL_LIKE = {  # each parallel measurement is compared with the serial one that starts like it
    f"ingest --no-embed --workers {WORKERS} (with start)": "ingest --no-embed serial (with start)",
    f"ingest --no-embed --workers {WORKERS} (warm)": "raadsbrieven ingest --no-embed (serial)",
}


def _child(stage: str, paths: list[Path], conn) -> None:  # noqa: ANN001 - a multiprocessing Connection
    logging.disable(logging.WARNING)  # pdfminer is chatty
    try:
        warm_up(stage, paths)
        tree = TreePeak()
        tree.start()
        t0 = time.perf_counter()
        pages = STAGES[stage](paths)
        seconds = time.perf_counter() - t0
        peak = max(peak_mb(), tree.stop())
        print(f"   ({stage}: {tree.cpu_seconds():.1f} CPU seconds over all processes)", flush=True)
        conn.send((pages, seconds, peak, None))
    except Exception as exc:  # the bench reports the others
        conn.send((0, 0.0, peak_mb(), f"{type(exc).__name__}: {exc}"))
    finally:
        stop_warm_cluster()


def measure(stage: str, paths: list[Path]) -> tuple[int, float, float, str | None]:
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(stage, paths, child))
    proc.start()
    result = parent.recv()
    proc.join()
    return result


# ---------------------------------------------------------------- which PDFs need OCR; the OCR error rate


def split_by_text_layer(paths: list[Path]) -> tuple[list[Path], list[Path], dict[Path, int]]:
    """(text PDFs, scan PDFs, pages needing OCR per scan PDF), by the reader's own test."""
    from raadsbrieven.ingest import ocr
    from raadsbrieven.ingest.pdf import read_pdf

    text, scan, wanted = [], [], {}
    for path in paths:
        count = [0]

        def check(page, number, read, chars, count=count):  # noqa: ANN001
            count[0] += ocr.needs_ocr(page, read, chars)
            return read

        try:
            read_pdf(path.read_bytes(), check)
        except Exception:
            pass
        (scan if count[0] else text).append(path)
        if count[0]:
            wanted[path] = count[0]
    return text, scan, wanted


_FOLD = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "•": "*", "·": "*"})


def _fold(text: str) -> str:
    """Dashes, quotes and bullets as ASCII: a typographic variant is not a misread letter."""
    return text.translate(_FOLD)


def _top(line) -> float:  # noqa: ANN001 - a read.Line
    return line.top if line.top is not None else 0.0


def ocr_error_rate(paths: list[Path], n: int) -> list[tuple[str, int, int, float, float]]:
    """(file, page, characters, seconds, CER) for n prose pages with a good text layer, spread over files."""
    import pypdfium2 as pdfium

    from raadsbrieven.ingest import ocr
    from raadsbrieven.ingest.pdf import PDFIUM_LOCK, read_page_lines

    candidates = []
    for path in paths:
        pdf = pdfium.PdfDocument(path)
        try:
            for i in range(len(pdf)):
                page = pdf[i]
                read, _ = read_page_lines(pdfium.raw, page, i + 1)
                page.close()
                lines = [ln.text for ln in read.lines if ln.text.strip()]
                text = "\n".join(lines)
                long = sum(1 for ln in lines if len(ln) >= 60)
                quality = ocr.text_quality(text) or 0
                if len(text) >= 1200 and lines and long / len(lines) >= 0.6 and quality >= 0.85:
                    candidates.append((path, i))
        finally:
            pdf.close()
    first: dict[Path, int] = {}
    for path, i in candidates:  # the first such page of each file
        first.setdefault(path, i)
    files = list(first)
    step = max(len(files) / n, 1.0) if n else 1.0
    picked = [(files[int(k * step)], first[files[int(k * step)]]) for k in range(min(n, len(files)))]
    out = []
    for path, i in picked:
        with PDFIUM_LOCK:
            pdf = pdfium.PdfDocument(path)
            page = pdf[i]
            read, _ = read_page_lines(pdfium.raw, page, i + 1)
            image = page.render(scale=ocr.DPI / 72, grayscale=True).to_pil()
            page.close()
            pdf.close()
        t0 = time.perf_counter()
        lines = ocr.ocr_image(image)
        seconds = time.perf_counter() - t0
        # both top to bottom: columns and side blocks in the same order, so what counts is the reading
        reference = " ".join(ln.text for ln in sorted(read.lines, key=_top) if ln.text.strip())
        hypothesis = " ".join(ln.text for ln in sorted(lines, key=_top) if ln.text.strip())
        cer = ocr.char_error_rate(reference, hypothesis)
        folded = ocr.char_error_rate(_fold(reference), _fold(hypothesis))
        out.append((path.name, i + 1, len(" ".join(reference.split())), seconds, cer, folded))
    return out


# ---------------------------------------------------------------- report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", type=Path, nargs="*", help="folders of PDFs (default: ../shared/letters-*)")
    parser.add_argument("--ocr-pages", type=int, default=12, help="text-layer pages OCR'd for the error rate")
    parser.add_argument("--skip-pdfplumber", action="store_true", help="leave out bare pdfplumber (slow)")
    parser.add_argument("--ocr-only", action="store_true", help="only the OCR error rate")
    parser.add_argument(
        "--ingest-only",
        action="store_true",
        help="only the whole ingest, serial and with workers, on the text PDFs and on all PDFs",
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="rounds of the measurements; the ratios compare medians"
    )
    args = parser.parse_args(argv)
    logging.disable(logging.WARNING)
    folders = args.dir or FOLDERS
    paths = sorted(p for folder in folders for p in folder.glob("*.pdf"))
    if not paths:
        print(f"no PDFs in {', '.join(map(str, folders))}")
        return 1
    from raadsbrieven.ingest.ocr import engine

    text, scan, wanted = split_by_text_layer(paths)
    print(f"{len(paths)} PDFs: {len(text)} with a usable text layer, {len(scan)} with pages that need OCR")
    for path, n in wanted.items():
        print(f"   OCR: {path.name} ({n} page{'s' if n != 1 else ''})")
    print(f"OCR engine: {engine() or 'none (Tesseract is not installed)'}")

    failures = []
    if args.ingest_only:
        failures += speed(text, scan, True, INGEST_STAGES, args.repeat, scan_apart=False)
    elif not args.ocr_only:
        failures += speed(text, scan, args.skip_pdfplumber, repeat=args.repeat)
    if args.ocr_pages > 0 and not args.ingest_only:
        if engine() is None:
            failures.append("OCR error rate: Tesseract with Dutch is not installed")
        else:
            error_rate(text, args.ocr_pages)
    for failure in failures:
        print(f"FAILED {failure}")
    return 1 if failures else 0


def speed(
    text: list[Path],
    scan: list[Path],
    skip_pdfplumber: bool,
    stages: list[str] | None = None,
    repeat: int = 1,
    scan_apart: bool = True,
) -> list[str]:
    """Each measurement on the text PDFs and on the scan PDFs, printed as it finishes. With `repeat`
    the measurements run in that many rounds, one after the other (so a drift of the machine's load
    falls on all of them), and the ratios compare the medians."""
    width = max(map(len, STAGES))
    head = f"{'PDFs':<10} {'measurement':<{width}} {'pages':>6} {'seconds':>8} {'pages/s':>8}"
    print(f"\n{head} {'vs pdfplumber':>13} {'peak RSS':>9}", flush=True)
    failures, base, runs = [], {}, {}
    groups = [("text PDFs", text, None), ("scan PDFs", scan if scan_apart else [], None)]
    if text and scan:  # the measure: every real PDF, the workers against serial
        groups.append(("all PDFs", sorted(text + scan), INGEST_STAGES))
    for label, files, only in groups:
        if not files:
            continue
        for round_ in range(repeat):
            if repeat > 1:
                print(f"   round {round_ + 1} of {repeat}", flush=True)
            for stage in sorted(stages or STAGES, key=lambda st: "pdfplumber" not in st):  # baseline first
                if ("pdfplumber" in stage and skip_pdfplumber) or (only and stage not in only):
                    continue
                pages, seconds, peak, error = measure(stage, files)
                if error:
                    failures.append(f"{stage} on {label}: {error}")
                    continue
                rate = pages / seconds if seconds else 0.0
                runs.setdefault((label, stage), []).append(rate)
                if "pdfplumber" in stage:
                    base[label] = median(runs[label, stage])
                ratio = f"{rate / base[label]:.1f}x" if base.get(label) else "-"
                row = f"{label:<10} {stage:<{width}} {pages:>6} {seconds:>8.2f} {rate:>8.1f}"
                print(f"{row} {ratio:>13} {peak:>7.0f}MB", flush=True)
    rates = {key: median(values) for key, values in runs.items()}
    if repeat > 1:
        print("\nmedian pages/s over the rounds (lowest-highest):")
        for (label, stage), values in runs.items():
            spread = f"({min(values):.1f}-{max(values):.1f})"
            print(f"   {label:<10} {stage:<{width}} {rates[label, stage]:8.1f}  {spread}")
    ingest = rates.get(("text PDFs", "raadsbrieven ingest --no-embed (serial)"))
    if ingest and base.get("text PDFs"):
        ratio = ingest / base["text PDFs"]
        verdict = "meets" if ratio >= 25 else "misses"
        print(f"\nwhole ingest on the text PDFs: {ratio:.1f}x bare pdfplumber ({verdict} the target of 25x)")
    least = rates.get(("text PDFs", FLOOR))
    if least and base.get("text PDFs"):
        print(
            f"the floor (pdfium text + spaCy's tokenizer, nothing else) is {least / base['text PDFs']:.1f}x"
            " bare pdfplumber: no ingest that reads with pdfium and tokenizes with spaCy can be faster"
        )
    for label in ("text PDFs", "scan PDFs", "all PDFs"):
        for stage in [st for st in STAGES if "--workers" in st]:
            against = SERIAL_LIKE[stage]  # with start against with start, warm against warm
            serial, rate = rates.get((label, against)), rates.get((label, stage))
            if serial and rate:
                verdict = "meets" if rate / serial >= 1.7 else "misses"
                print(f"{label}: {stage}: {rate / serial:.2f}x {against} ({verdict} the target of 1.7x)")
    return failures


def error_rate(text: list[Path], n: int) -> None:
    results = ocr_error_rate(text, n)
    print(f"\nOCR error rate at 300 dpi on {len(results)} text-layer pages (Tesseract, nld):", flush=True)
    print("   (CER: edits per character of the text layer; folded: dashes, quotes, bullets as ASCII)")
    chars = errors = folded_errors = seconds = 0.0
    for name, page, count, secs, cer, folded in results:
        print(
            f"   {name} p{page}: {count} chars, {secs:.1f} s, CER {cer:.2%}, folded {folded:.2%}", flush=True
        )
        chars += count
        errors += cer * count
        folded_errors += folded * count
        seconds += secs
    if chars:
        total, folded_total = errors / chars, folded_errors / chars
        median = sorted(r[4] for r in results)[len(results) // 2]
        verdict = "meets" if folded_total <= 0.02 else "misses"
        print(
            f"   all pages: CER {total:.2%}, folded {folded_total:.2%} ({verdict} the target of 2 %); "
            f"median page {median:.2%}"
        )
        print(f"   {seconds / len(results):.1f} s a page; peak RSS of this process {peak_mb():.0f} MB")


if __name__ == "__main__":
    raise SystemExit(main())
