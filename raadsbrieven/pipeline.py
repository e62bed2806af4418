"""Ingest: read → clean → describe → segment → extract → store, one document at a time.

Bad files are reported and skipped; good files are stored; nothing stored before is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

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
READING_VERSION = "2"


def pipeline_version() -> str:
    """The versions a letter is read with: the reading steps and every extractor."""
    parts = [f"{m.__name__.rsplit('.', 1)[-1]}={getattr(m, 'VERSION', '1')}" for m in load_extractors()]
    return f"reading={READING_VERSION};{','.join(parts)}"


@dataclass
class Outcome:
    path: str
    status: str  # stored, replaced (new content), updated (read again by a newer pipeline), unchanged, failed
    message: str = ""
    facts: int = 0
    pages: int = 0
    document_id: int | None = None  # the stored letter (stored, replaced or unchanged)


@dataclass
class IngestReport:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def summary(self) -> str:
        parts = [
            f"{self.count(s)} {s}"
            for s in ("stored", "replaced", "updated", "unchanged", "failed")
            if self.count(s)
        ]
        return ", ".join(parts) or "no files"


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


def process(raw: RawDocument, path: Path | None = None) -> tuple[dict, list, list, list]:
    """A read document as (document row, pages, sentences, facts): no store involved."""
    cleaned = clean(raw)
    desc = describe(raw, cleaned.text, path)
    sentences = mark_tables(segment(cleaned))  # rows of a table with a euro header are no residue
    doc = doc_context(raw.name, cleaned.text, desc.date, desc.municipality, sentences)
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
    raw_by_page = {p.number: p.text for p in raw.pages}
    pages = [(n, s, e, raw_by_page.get(n, "")) for n, s, e in cleaned.page_spans]
    return meta, pages, sentences, facts


def ingest_file(path: Path, store: Store, data: bytes | None = None, name: str | None = None) -> Outcome:
    name = name or path.name
    try:
        if data is None:
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise ReadError(f"cannot open the file ({exc.strerror or exc})") from exc
        digest = content_hash(data)
        existing = store.find_document(name)
        version = pipeline_version()
        same = existing is not None and existing.content_hash == digest
        if same and store.pipeline_of(existing.id) == version:
            return Outcome(str(path), "unchanged", document_id=existing.id)
        raw = read_bytes(data, name, str(path), digest)
        meta, pages, sentences, facts = process(raw, path if path.exists() else None)
        doc_id = store.save_document(meta, pages, sentences, facts, pipeline=version)
        status = "updated" if same else "replaced" if existing else "stored"
        return Outcome(str(path), status, facts=len(facts), pages=len(raw.pages), document_id=doc_id)
    except ReadError as exc:
        return Outcome(str(path), "failed", str(exc))
    except Exception as exc:  # a bug of ours must not lose the other files
        return Outcome(str(path), "failed", f"could not be processed ({type(exc).__name__}: {exc})")


def ingest_paths(
    paths: Iterable[str | Path],
    store: Store,
    on_progress: Callable[[Outcome], None] | None = None,
) -> IngestReport:
    report = IngestReport()
    for path in collect_files(paths):
        if not path.exists():
            outcome = Outcome(str(path), "failed", "no such file or folder")
        else:
            outcome = ingest_file(path, store)
        report.outcomes.append(outcome)
        if on_progress:
            on_progress(outcome)
    return report
