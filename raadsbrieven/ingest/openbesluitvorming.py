"""Read an OpenBesluitvorming NDJSON export (snapshot or changes) into document records.

No store and no network here: a line of the export becomes a `Record` (a document to store or
delete) or a `Skipped` (a line that is not one, with the reason in Dutch).

The format is OpenBesluitvorming's published one:
- the bulk export, `GET /api/export/snapshot` and `/api/export/changes`: one record per line with
  `seq`, `op` ("upsert" or "delete"), `time`, `entity_id`, `entity_type`, `source_key`, `supplier`,
  `commit_id`, `content_hash`, `schema_version` and `payload` (a delete has none). API.md, "Bulk
  export", in github.com/ontola/openbesluitvorming (openbesluitvorming.nl/docs/api); the payload
  of a document is `compactEntityPayload` in its src/quickwit/project.ts: type, name,
  classification, original_url, file_name, content_type, date_modified, last_discussed_at,
  is_referenced_by, organization (`organization:nl:gemeente:<source key>`, src/ids.ts),
  derived_content, media_urls;
- the entity schemas in its schemas/: document.schema.json (type Document, MediaObject or Report;
  `text` and `md_text` are arrays of page texts) and entity-commit.schema.json (the CloudEvents
  envelope `{"type": "entity.commit", "data": {entity_id, op, source: {source}, payload}}`);
- a bare document entity per line (an Open Raadsinformatie Classic MediaObject, whose
  `has_organization_name` is the organisation's label; docs/migration-guide.md there).

The export says that "full document text is never inlined": most records carry only the URL of
the document at the council's supplier. Text that is there (`text`, else `md_text`, else
`page_chunks`) is used page by page; otherwise the document is read from a local copy
(`local_copy`), never fetched. Unknown fields are ignored.

The date is the export's `last_discussed_at` (the meeting the document was last discussed at),
else `date_modified`; API.md says it is never the date the document was written, so the store
prefers the letter's own date (`raadsbrieven.importing`). Timestamps are UTC and are read as
Dutch dates (Europe/Amsterdam): 23:00Z on 6 November is 7 November.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse
from zoneinfo import ZoneInfo

DOCUMENT_TYPES = {"Document", "MediaObject", "Report"}
KEY_PREFIX = "openbesluitvorming:"  # a stored document's path: openbesluitvorming:<entity_id>
DUTCH_TIME = ZoneInfo("Europe/Amsterdam")
DATE_FIELDS = {
    "last_discussed_at": "the meeting it was last discussed at",
    "date_modified": "the last change at the source",
}
PARTICLES = {"aan", "de", "den", "der", "en", "het", "in", "op", "ter", "ten", "van"}


@dataclass(frozen=True)
class Record:
    """One document of the export: to store (op "upsert") or to remove (op "delete")."""

    line: int
    entity_id: str
    op: str
    title: str | None = None
    organization: str | None = None  # the organisation's label, when the record gives one
    source_key: str | None = None  # e.g. "soest", "den_helder"
    date: str | None = None  # YYYY-MM-DD, Dutch time
    date_basis: str | None = None
    pages: tuple[str, ...] = ()  # the text, page by page, when the record carries it
    urls: tuple[str, ...] = ()  # where the document is (original_url, media_urls)
    file_name: str | None = None

    @property
    def key(self) -> str:
        """Its identity in the store (`documents.path`)."""
        return KEY_PREFIX + self.entity_id

    @property
    def name(self) -> str:
        """Its name in the store: the file name the export gives, else the URL's, else the id."""
        return self.file_name or next(filter(None, map(_file_part, self.urls)), None) or self.entity_id


@dataclass(frozen=True)
class Skipped:
    """A line that is no document to import: `reason` in Dutch, or `entity_type` for another entity
    (a Meeting, Motion, ...), which is no problem."""

    line: int
    reason: str = ""
    entity_type: str | None = None


def read_export(path: Path) -> Iterator[Record | Skipped]:
    """The records of an NDJSON file, line by line; blank lines are passed over."""
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, 1):
            try:
                text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                yield Skipped(number, "geen UTF-8-tekst")
                continue
            item = parse_line(text, number)
            if item is not None:
                yield item


def parse_line(text: str, number: int) -> Record | Skipped | None:
    """One line of the export as a Record, a Skipped with its reason, or None when it is blank."""
    if not text.strip():
        return None
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        return Skipped(number, f"geen JSON ({exc.msg}, kolom {exc.colno})")
    if not isinstance(obj, dict):
        return Skipped(number, f"geen JSON-object maar {type(obj).__name__}")
    envelope, payload = _split(obj)
    entity_type = _text(envelope.get("entity_type")) or _text(payload.get("type") if payload else None)
    if entity_type and entity_type not in DOCUMENT_TYPES:
        return Skipped(number, entity_type=entity_type)
    entity_id = _text(envelope.get("entity_id")) or _text((payload or {}).get("id"))
    if not entity_id:
        return Skipped(number, "geen entity_id")
    op = _text(envelope.get("op")) or "upsert"
    if op == "delete":
        return Record(number, entity_id, "delete", source_key=_source_key(envelope, {}))
    if op != "upsert":
        return Skipped(number, f"onbekende op {op!r} (verwacht upsert of delete)")
    if payload is None:
        return Skipped(number, f"{entity_id}: upsert zonder payload")
    pages, urls = _pages(payload), _urls(payload)
    if not pages and not urls:
        return Skipped(number, f"{entity_id}: geen tekst en geen URL van het document")
    day, basis = _date(payload)
    return Record(
        number,
        entity_id,
        "upsert",
        title=_text(payload.get("name")) or _text(payload.get("title")),
        organization=_label(payload),
        source_key=_source_key(envelope, payload),
        date=day,
        date_basis=basis,
        pages=pages,
        urls=urls,
        file_name=_file_part(_text(payload.get("file_name")) or ""),
    )


def _split(obj: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """(envelope, payload): an export record, an entity.commit event, or a bare entity."""
    if obj.get("type") == "entity.commit" and isinstance(obj.get("data"), dict):
        obj = obj["data"]
    if "payload" in obj or "entity_id" in obj or "op" in obj:
        payload = obj.get("payload")
        return obj, payload if isinstance(payload, dict) else None
    bare = dict(obj)
    bare.setdefault("type", obj.get("@type"))
    bare.setdefault("id", obj.get("@id"))
    return {}, bare


def _text(value: Any) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    return value.strip() or None if isinstance(value, str) else None


def _pages(payload: dict[str, Any]) -> tuple[str, ...]:
    """The text page by page: `text` (plain), else `md_text`, else `page_chunks` (markdown)."""
    for field, markdown in (("text", False), ("md_text", True)):
        value = payload.get(field)
        pages = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        pages = [_plain(p) if markdown else p for p in pages if isinstance(p, str)]
        if any(p.strip() for p in pages):
            return tuple(pages)
    chunks = payload.get("page_chunks")
    if isinstance(chunks, list):
        numbered = [
            (c.get("page_number"), c["markdown"])
            for c in chunks
            if isinstance(c, dict) and isinstance(c.get("markdown"), str)
        ]
        numbered.sort(key=lambda c: c[0] if isinstance(c[0], int) else 0)
        pages = [_plain(text) for _, text in numbered]
        if any(p.strip() for p in pages):
            return tuple(pages)
    return ()


MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+", re.MULTILINE)
MARKDOWN_EMPHASIS = re.compile(r"\*\*|__")


def _plain(markdown: str) -> str:
    """Markdown as the plain lines a letter has: no heading marks, no bold marks."""
    return MARKDOWN_EMPHASIS.sub("", MARKDOWN_HEADING.sub("", markdown))


def _urls(payload: dict[str, Any]) -> tuple[str, ...]:
    found = [payload.get("original_url"), payload.get("url")]
    media = payload.get("media_urls")
    for link in media if isinstance(media, list) else []:
        if isinstance(link, dict):
            found += [link.get("url"), link.get("original_url")]
    return tuple(dict.fromkeys(u for u in map(_text, found) if u))


def _file_part(url: str) -> str | None:
    """The last part of a URL or path when it is a file name with an extension ("brief.pdf");
    "https://api.notubiz.nl/document/12345/2" ends in a version number, no name."""
    part = unquote(urlparse(url).path if "://" in url else url).rstrip("/").rsplit("/", 1)[-1]
    part = part.rsplit("\\", 1)[-1]
    return part if re.fullmatch(r"[^/\\:]+\.[A-Za-z0-9]{2,5}", part) and part[0] != "." else None


def _date(payload: dict[str, Any]) -> tuple[str | None, str | None]:
    for field, meaning in DATE_FIELDS.items():
        value = _text(payload.get(field))
        day = dutch_date(value) if value else None
        if day:
            return day, f"openbesluitvorming {field} ({meaning}): {value}"
    return None, None


def dutch_date(value: str) -> str | None:
    """The Dutch calendar date of an ISO timestamp or date (UTC timestamps read in Dutch time)."""
    if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is not None:  # a naive time is Dutch wall clock already (Notubiz does that)
        moment = moment.astimezone(DUTCH_TIME)
    return moment.date().isoformat()


def _label(payload: dict[str, Any]) -> str | None:
    """The organisation's name when the record gives one (Classic `has_organization_name`, or an
    `organization` that is a label rather than an id or URL)."""
    label = _text(payload.get("has_organization_name"))
    org = _text(payload.get("organization"))
    if label is None and org and ":" not in org and "/" not in org and re.search(r"[^\W\d_]", org):
        label = org
    return label


def _source_key(envelope: dict[str, Any], payload: dict[str, Any]) -> str | None:
    source = envelope.get("source")
    info = payload.get("source_info")
    org = _text(payload.get("organization")) or ""
    parts = org.split(":")
    candidates = [
        envelope.get("source_key"),
        source.get("source") if isinstance(source, dict) else None,
        info.get("source") if isinstance(info, dict) else None,
        parts[3] if len(parts) >= 4 and parts[0] == "organization" else None,
    ]
    return next((k for k in map(_text, candidates) if k), None)


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def municipality(record: Record, inferred: str | None = None) -> str | None:
    """The council the document belongs to: the organisation's label; else its source key, spelled
    as the text spells it when the letter names that council (`inferred`, e.g. "Den Haag" for
    den_haag), else spelled from the key ("den_helder" -> "Den Helder"); else `inferred`."""
    if record.organization:
        return record.organization
    key = record.source_key
    if not key:
        return inferred
    if inferred and _norm(inferred) == _norm(key):
        return inferred
    words = [w for w in re.split(r"[_\-\s]+", key) if w]
    return " ".join(_spell(w, i == 0) for i, w in enumerate(words)) or inferred


def _spell(word: str, first: bool) -> str:
    word = word.lower()
    if word in PARTICLES and not first:
        return word
    if word.startswith("ij"):
        return "IJ" + word[2:]
    return word[:1].upper() + word[1:]


def local_names(record: Record) -> list[str]:
    """The file names a local copy may have: the entity id (":" may be "_"), with or without .pdf,
    then the last part of each URL when that is a file name."""
    ids = dict.fromkeys([record.entity_id.replace(":", "_"), record.entity_id])
    names = [n for i in ids for n in (f"{i}.pdf", i)]
    names += [p for p in map(_file_part, record.urls) if p]
    return list(dict.fromkeys(names))


def local_copy(record: Record, folder: Path) -> Path | None:
    """The local copy of the record's document in `folder`, if there is one."""
    for name in local_names(record):
        if Path(name).name != name:  # nothing outside the folder
            continue
        path = folder / name
        if path.is_file():
            return path
    return None
