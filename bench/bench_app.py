"""Time to first render of each app page, in headless Chromium, on the corpus and on a big store.

    python bench/bench_app.py                    # corpus + 5,000 generated letters, 3 loads per page
    python bench/bench_app.py --quick            # corpus + 300 letters, 2 loads
    python bench/bench_app.py --keep /tmp/rb-app # keep the generated store there; reuse it next time

Every address is opened in one browser tab, one page after the other (each load a new Streamlit
session, the browser's cache kept, as for a person who comes back), then the pages are visited
through the navigation links (the same session: a rerun, no reload). A time runs from the
navigation until the page has rendered: the title is visible, the script run is over and nothing
in the main area changed for 0.75 s (the time of that last change counts, not the quiet wait; see
``tests/_appserver.open_page``). Columns: "first" is each page's first load after the server
started (it builds the app's caches; the first page also pays the imports), "open" the median of
the loads after it, "switch" the median through the navigation link, "title" the median time until
the title alone was visible on a load.

The big store is made of plain-text letters from ``tests.letters.build_text_letters``,
ingested through the real pipeline (``ingest``); that ingest is timed and reported too. Its
figures are not linked into series, so Trends there is the page that offers to link them first.
Nothing here asserts a time: it prints figures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests._appserver import (  # noqa: E402
    PAGES,
    AppServer,
    PageError,
    Render,
    chromium_problem,
    launch_chromium,
    open_page,
    switch_page,
    watch_renders,
)


@dataclass
class PageTimes:
    first: float | None = None  # the first load after the server started
    loads: list[float] = field(default_factory=list)  # later loads of the address
    titles: list[float] = field(default_factory=list)  # title visible, in those loads
    switches: list[float] = field(default_factory=list)  # via the navigation link, same session
    error: str | None = None


def ingest(paths: list[Path], url: str) -> tuple[float, dict[str, int]]:
    from raadsbrieven.pipeline import ingest
    from raadsbrieven.store import Store

    store = Store(url)
    t0 = time.perf_counter()
    report = ingest(paths, store, embed=False)
    seconds = time.perf_counter() - t0
    counts = store.counts()
    store.close()
    if report.failed:
        raise RuntimeError(f"{len(report.failed)} letters failed, e.g. {report.failed[0].message}")
    return seconds, counts


def big_store(folder: Path, n: int, seed: int) -> tuple[str, str]:
    """A store of ``n`` generated letters in ``folder`` (reused when a finished one is there)."""
    from tests.letters import build_text_letters

    db, done = folder / "store.db", folder / "done.json"
    url = f"sqlite:///{db}"
    if done.exists() and json.loads(done.read_text()).get("n") == n and db.exists():
        info = json.loads(done.read_text())
        return url, f"reused from {folder} (its ingest took {info['ingest_s']:.0f} s)"
    db.unlink(missing_ok=True)
    letters = folder / "letters"
    for old in letters.glob("*.txt"):
        old.unlink()
    t0 = time.perf_counter()
    paths = build_text_letters(letters, n, seed=seed)
    generated = time.perf_counter() - t0
    print(f"generated {n} text letters in {generated:.1f} s; ingesting ...", flush=True)
    seconds, counts = ingest(paths, url)
    done.write_text(json.dumps({"n": n, "seed": seed, "ingest_s": seconds, "counts": counts}))
    rate = n / seconds
    note = (
        f"ingested {n} letters in {seconds:.0f} s ({rate:.1f} letters/s; {counts['sentences']} sentences, "
        f"{counts['facts']} facts)"
    )
    return url, note


def measure(url: str, loads: int, timeout: float) -> dict[str, PageTimes]:
    from playwright.sync_api import sync_playwright

    results = {path: PageTimes() for path, _ in PAGES}

    def timed(path: str, how: Callable[[], Render]) -> Render | None:
        if results[path].error:
            return None
        try:
            return how()
        except PageError as exc:
            results[path].error = str(exc).splitlines()[0][:100]
            return None

    with AppServer(url) as server, sync_playwright() as pw:
        browser = launch_chromium(pw)
        tab = browser.new_page(viewport={"width": 1400, "height": 1600})
        watch_renders(tab)
        for run in range(loads + 1):
            for path, title in PAGES:
                render = timed(
                    path, lambda p=path, t=title: open_page(tab, f"{server.base_url}/{p}", t, timeout)
                )
                if render and run == 0:
                    results[path].first = render.settled
                elif render:
                    results[path].loads.append(render.settled)
                    results[path].titles.append(render.title)
        for _ in range(loads):  # from the last page on to the next, round the navigation
            for path, title in PAGES:
                render = timed(path, lambda p=path, t=title: switch_page(tab, p, t, timeout))
                if render:
                    results[path].switches.append(render.settled)
        browser.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=5000, help="generated letters in the big store (5000)")
    parser.add_argument("--loads", type=int, default=3, help="timed loads per page after the first (3)")
    parser.add_argument("--quick", action="store_true", help="300 letters, 2 loads: a smoke run")
    parser.add_argument("--keep", type=Path, help="folder to keep (and reuse) the big store in")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds one load may take (300)")
    args = parser.parse_args(argv)
    n, loads = (300, 2) if args.quick else (args.n, args.loads)
    problem = chromium_problem()
    if problem:
        print(f"cannot run: {problem}")
        return 1

    rows: list[tuple[str, dict[str, PageTimes]]] = []
    with tempfile.TemporaryDirectory(prefix="raadsbrieven-bench-app-") as tmp:
        corpus_url = f"sqlite:///{Path(tmp) / 'corpus.db'}"
        seconds, counts = ingest([ROOT / "corpus"], corpus_url)
        print(f"corpus: ingested {counts['documents']} letters in {seconds:.1f} s", flush=True)
        folder = args.keep or Path(tmp) / "big"
        folder.mkdir(parents=True, exist_ok=True)
        big_url, note = big_store(folder, n, args.seed)
        print(f"{n} letters: {note}", flush=True)
        for label, url in [(f"corpus ({counts['documents']})", corpus_url), (f"generated ({n})", big_url)]:
            print(f"measuring {label}: {loads + 1} loads of {len(PAGES)} pages ...", flush=True)
            rows.append((label, measure(url, loads, args.timeout)))

    print(f"\nseconds until a page has rendered (median of {loads}; 2 cores)\n")
    print(f"{'page':<14}{'store':<18}{'first':>8}{'open':>8}{'switch':>8}{'title':>8}")
    for path, _ in PAGES:
        for label, results in rows:
            t = results[path]
            if t.error:
                print(f"{path:<14}{label:<18}  FAILED {t.error}")
                continue
            cells = [t.first] + [statistics.median(x) if x else None for x in (t.loads, t.switches, t.titles)]
            print(
                f"{path:<14}{label:<18}"
                + "".join(f"{c:>8.2f}" if c is not None else f"{'-':>8}" for c in cells)
            )
    return 1 if any(t.error for _, r in rows for t in r.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
