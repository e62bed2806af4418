"""Store the documents of an OpenBesluitvorming export the way `pipeline.ingest` stores letters.

A document is cleaned, described, segmented and extracted like an ingested letter and stored in
one transaction, with its sentences and facts (the registers are built from those), under the key
`openbesluitvorming:<entity_id>`. Its text is the text the record carries, page by page, else a
local copy of the document in `pdf_dir` (`ingest.openbesluitvorming.local_copy`); with neither it
is skipped ("PDF niet lokaal; haal het eerst op"): nothing is downloaded here.

What the export knows fills in what the letter does not say: the council is the record's
organisation (or `gemeente`, given by the user); the title is the letterhead's onderwerp, else the
record's name; the date is the letter's own (letterhead, dateline), else the record's date (the
meeting it was discussed at), else the latest date the text mentions.

A document is known by its entity id and its content, as a letter by its path and content:
unchanged content is skipped (read again when the pipeline has a newer version), new content
replaces the stored version, content stored already under another id is a duplicate, and a
delete record (the changes feed's tombstone) removes the stored document. Unlike a file, an entity
never "moves": its id is not a path that can disappear.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from raadsbrieven.ingest.describe import Description, from_letterhead
from raadsbrieven.ingest.openbesluitvorming import Record, Skipped, local_copy, municipality, read_export
from raadsbrieven.ingest.read import Line, RawDocument, RawPage, ReadError, content_hash, read_bytes
from raadsbrieven.pipeline import (
    IngestReport,
    Outcome,
    Progress,
    embed_stage,
    link_stage,
    pipeline_version,
    process,
)
from raadsbrieven.store import Store

NOT_LOCAL = "PDF niet lokaal; haal het eerst op"
OWN_DATE = ("letterhead", "dateline", "title")  # date bases that are the letter's own date


@dataclass
class ImportReport(IngestReport):
    """An IngestReport (outcomes: stored ... failed, and "deleted") with what was not read."""

    skipped: list[tuple[str, str]] = field(default_factory=list)  # (where, why): no text at hand
    problems: list[tuple[str, str]] = field(default_factory=list)  # (where, why): not a record
    other: Counter = field(default_factory=Counter)  # entities that are no documents, by type

    @property
    def ok(self) -> bool:
        return super().ok and not self.problems


def import_export(
    paths: Iterable[Path],
    store: Store,
    *,
    pdf_dir: Path | None = None,
    gemeente: str | None = None,
    embed: bool = True,
    embedder: Any = None,
    on_progress: Progress | None = None,
) -> ImportReport:
    """Import every document of the NDJSON files, in order (a snapshot, then its changes), then
    embed the new sentences and link their figures as `pipeline.ingest` does."""
    report = ImportReport()
    counts = {path: _line_count(path) for path in paths}
    total, offset, version = sum(counts.values()), 0, pipeline_version()
    for path, lines in counts.items():
        for item in read_export(path):
            outcome = _import_item(item, f"{path}:{item.line}", store, version, report, pdf_dir, gemeente)
            if outcome is not None:
                report.outcomes.append(outcome)
            if on_progress:
                on_progress("read", offset + item.line, total, outcome)
        offset += lines
    _embed_and_link(store, report, embed, embedder, on_progress)
    return report


def _import_item(
    item: Record | Skipped,
    where: str,
    store: Store,
    version: str,
    report: ImportReport,
    pdf_dir: Path | None,
    gemeente: str | None,
) -> Outcome | None:
    """What became of one line: an Outcome, or None (noted in the report when worth noting)."""
    if isinstance(item, Skipped):
        if item.entity_type:
            report.other[item.entity_type] += 1
        else:
            report.problems.append((where, item.reason))
        return None
    if item.op == "delete":
        return _delete(item, store, where)
    outcome = import_record(item, store, version, where, pdf_dir, gemeente)
    if outcome.status == "skipped":
        report.skipped.append((outcome.path, outcome.message))
        return None
    return outcome


def _line_count(path: Path) -> int:
    with path.open("rb") as fh:
        return sum(1 for _ in fh)


def import_record(
    record: Record,
    store: Store,
    version: str,
    where: str,
    pdf_dir: Path | None = None,
    gemeente: str | None = None,
) -> Outcome:
    """Store one document (one transaction); status "skipped" when its text is not at hand."""
    shown = f"{where}: {record.entity_id}"
    local = None
    if record.pages:
        data = "\f".join(record.pages).encode("utf-8")
    else:
        local = local_copy(record, pdf_dir) if pdf_dir is not None else None
        if local is None:
            return Outcome(shown, "skipped", f"{NOT_LOCAL} ({record.urls[0]})")
    try:
        if local is not None:
            data = local.read_bytes()
        digest = content_hash(data)
        step = _decide(record, shown, digest, store, version)
        if isinstance(step, Outcome):
            return step
        replace, status = step
        meta, pages, sentences, facts = process_record(_raw(record, data, digest, local), record, gemeente)
        doc_id = store.save_document(meta, pages, sentences, facts, pipeline=version, replace=replace)
        return Outcome(shown, status, facts=len(facts), pages=meta["page_count"], document_id=doc_id)
    except ReadError as exc:
        return Outcome(shown, "failed", str(exc))
    except OSError as exc:
        return Outcome(shown, "failed", f"cannot open the file ({exc.strerror or exc})")
    except Exception as exc:  # a bug of ours must not lose the other documents
        return Outcome(shown, "failed", f"could not be processed ({type(exc).__name__}: {exc})")


def _decide(
    record: Record, shown: str, digest: str, store: Store, version: str
) -> Outcome | tuple[int | None, str]:
    """An Outcome when nothing needs reading (unchanged, duplicate), else (the stored version to
    replace, status). `pipeline.decide` without "moved"."""
    here = store.document_at(record.key)
    if here is not None and here.content_hash == digest:
        if store.pipeline_of(here.id) == version:
            return Outcome(shown, "unchanged", document_id=here.id)
        return here.id, "updated"
    twin = store.document_with_hash(digest)
    if twin is not None:
        note = f"the same content is stored already as {twin.name} (from {twin.path})"
        if here is not None:  # this entity's new content is another stored document
            store.delete_document(here.id)
            note += f"; the older version stored from this path ({here.name}) is removed"
        return Outcome(shown, "duplicate", note, document_id=twin.id)
    return (here.id, "replaced") if here is not None else (None, "stored")


def _delete(record: Record, store: Store, where: str) -> Outcome | None:
    """The changes feed's tombstone: the entity is gone at the source, so it goes here too."""
    here = store.document_at(record.key)
    if here is None:
        return None
    store.delete_document(here.id)
    return Outcome(f"{where}: {record.entity_id}", "deleted", here.name)


def _raw(record: Record, data: bytes, digest: str, local: Path | None) -> RawDocument:
    """The document as read: the record's pages of text, or the local copy read by content."""
    if local is None:
        pages = [
            RawPage(number, [Line(t) for t in text.replace("\r\n", "\n").split("\n")])
            for number, text in enumerate(record.pages, 1)
        ]
        return RawDocument(record.name, record.key, "txt", digest, pages, encoding="utf-8")
    raw = read_bytes(data, local.name, record.key, digest)
    raw.name = record.name
    return raw


def process_record(
    raw: RawDocument, record: Record, gemeente: str | None = None
) -> tuple[dict, list, list, list]:
    """`pipeline.process` with what the export knows (council, title, date, source)."""

    def amend(desc: Description) -> None:
        if record.title and from_letterhead(raw).title is None:
            desc.title = record.title
        if record.date and not (desc.date_basis or "").startswith(OWN_DATE):
            desc.date, desc.date_basis = record.date, record.date_basis
        desc.municipality = gemeente or municipality(record, desc.municipality)
        desc.source = record.urls[0] if record.urls else f"OpenBesluitvorming {record.entity_id}"

    return process(raw, None, amend)


def _embed_and_link(
    store: Store, report: ImportReport, embed: bool, embedder: Any, on_progress: Progress | None
) -> None:
    """The embed and link stages of `pipeline.ingest`, on the documents of this import."""
    if not embed or not report.documents():
        return
    try:
        from raadsbrieven.embed import get_embedder

        model = embedder if embedder is not None and not isinstance(embedder, str) else None
        model = model or get_embedder(embedder)
        report.embedder = model.name
        embed_stage(store, report, model, on_progress)
    except Exception as exc:  # the documents are stored all the same; `embed` catches up
        report.embed_error = f"{type(exc).__name__}: {exc}"
        return
    try:
        link_stage(store, report, model, on_progress)
    except Exception as exc:  # `series` links later
        report.link_error = f"{type(exc).__name__}: {exc}"
