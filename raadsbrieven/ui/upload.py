"""Uploading letters in the app: bytes in, stored letters and plain Dutch messages out.

Kept apart from the page so it can be tested with real files. The files go through
`raadsbrieven.pipeline.ingest` (one transaction per letter), as from the CLI: a bad file is named
with its problem and skipped, and nothing stored before is touched. They are read in a child process
within the CLI's per-letter limits (`guarded.Limits`): a PDF that hangs or asks for gigabytes is
stopped and named, and the app, which serves every other user too, goes on. The child stays for the
next upload (`READERS`), so only the first one waits for it to start.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from raadsbrieven.guarded import DEFAULT_READER, IdleReaders, Limits
from raadsbrieven.ingest.reasons import dutch_reason
from raadsbrieven.pipeline import Outcome, ingest
from raadsbrieven.store import Store

ACCEPTED = ("pdf", "docx", "txt", "html", "htm")
UPLOAD_LIMITS = Limits()  # the CLI's per-letter limits: 120 s without getting on, 2 GB
READERS = IdleReaders()  # one reader child stays between uploads: only the first waits ~3 s for it


@dataclass
class UploadResult:
    name: str
    status: str  # stored, replaced, unchanged, failed
    message: str  # Dutch, names the file
    facts: int = 0
    pages: int = 0
    document_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.status != "failed"


def _describe(name: str, outcome: Outcome) -> str:
    if outcome.status == "failed":
        return f"{name}: niet ingelezen — {dutch_reason(outcome.message)}. Er is niets anders veranderd."
    pages = f"{outcome.pages} pagina" if outcome.pages == 1 else f"{outcome.pages} pagina's"
    if outcome.status == "unchanged":
        return f"{name}: stond er al (zelfde inhoud), niets veranderd."
    if outcome.status in ("duplicate", "moved"):
        return f"{name}: stond er al met dezelfde inhoud onder een andere naam of map, niets veranderd."
    verbs = {
        "replaced": "vervangen door de nieuwe versie",
        "updated": "opnieuw gelezen (nieuwere versie van de tool)",
    }
    verb = verbs.get(outcome.status, "opgeslagen")
    return f"{name}: {verb} — {pages}, {outcome.facts} feiten."


@dataclass
class UploadBatch:
    results: list[UploadResult]
    embedded: int = 0  # sentences prepared for search by meaning
    problem: str | None = None  # Dutch, when embedding or linking failed (the letters are stored)


def upload_letters(
    files: Iterable[tuple[str, bytes]],
    store: Store,
    embedder: Any = None,
    on_progress: Callable[[int, UploadResult], None] | None = None,
    on_embed: Callable[[int, int], None] | None = None,
    limits: Limits | None = UPLOAD_LIMITS,
    reader: str = DEFAULT_READER,
) -> UploadBatch:
    """Store each (file name, bytes) through the pipeline; with an embedder, also prepare the new
    letters for search by meaning and link their figures into series.

    A file whose extension is not PDF/TXT/HTML is refused by name; everything else is read by
    content (a PNG renamed .pdf is named as such). One result per file, in order. Each file is
    read within `limits` (None: here, without limits); `reader` is what the child runs.
    """
    files = list(files)
    results: list[UploadResult | None] = [None] * len(files)
    wanted: list[tuple[int, str, bytes]] = []
    for i, (raw_name, data) in enumerate(files):
        name = Path(raw_name).name or "naamloos"
        suffix = Path(name).suffix.lower().lstrip(".")
        if suffix in ACCEPTED:
            wanted.append((i, name, data))
            continue
        results[i] = UploadResult(
            name,
            "failed",
            f"{name}: niet ingelezen — alleen PDF-, Word- (.docx), TXT- en HTML-bestanden kunnen worden "
            f"ingelezen (dit is {'.' + suffix if suffix else 'een bestand zonder extensie'}).",
        )
    done = [0]

    def announce(i: int) -> None:
        done[0] += 1
        if on_progress:
            on_progress(done[0], results[i])

    for i in [i for i, r in enumerate(results) if r is not None]:
        announce(i)

    def progress(stage: str, n: int, total: int | None, outcome: Outcome | None) -> None:
        if stage == "read" and outcome is not None:
            i, name, _ = wanted[n - 1]
            results[i] = UploadResult(
                name,
                outcome.status,
                _describe(name, outcome),
                outcome.facts,
                outcome.pages,
                outcome.document_id,
            )
            announce(i)
        elif stage == "embed" and on_embed:
            on_embed(n, total or n)

    with contextlib.ExitStack() as stack:
        guard = stack.enter_context(READERS.lend(limits, reader)) if limits is not None and wanted else None
        report = ingest(
            [(name, data) for _, name, data in wanted],
            store,
            embed=embedder is not None,
            embedder=embedder,
            on_progress=progress,
            guard=guard,
        )
    problem = None
    if report.embed_error:
        problem = (
            "De nieuwe brieven zijn opgeslagen en op woorden te vinden, maar niet voorbereid voor zoeken "
            f"op betekenis ({report.embed_error.split(':')[0]}). `raadsbrieven embed` doet dat later."
        )
    elif report.link_error:
        problem = (
            "De nieuwe brieven zijn opgeslagen en doorzoekbaar, maar hun cijfers zijn nog niet aan reeksen "
            f"gekoppeld ({report.link_error.split(':')[0]}). De pagina Trends doet dat later."
        )
    return UploadBatch([r for r in results if r is not None], report.embedded, problem)
