"""The store: SQLite by default, PostgreSQL (or any SQLAlchemy URL) on request.

Each document is written in one transaction: a crash or a bad file never leaves
half a document. Re-ingesting the same bytes changes nothing (content hash); a
changed file replaces its older version.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, create_engine, delete, event, insert, select, update
from sqlalchemy.engine import Connection

from raadsbrieven.model import Fact, Sentence
from raadsbrieven.store import pg_search, schema
from raadsbrieven.store.app_queries import AppQueries
from raadsbrieven.store.decisions import DecisionQueries
from raadsbrieven.store.fingerprint import FingerprintQuery
from raadsbrieven.store.graph_queries import GraphQueries
from raadsbrieven.store.griffie_queries import GriffieQueries
from raadsbrieven.store.migrate import migrate
from raadsbrieven.store.pg_search import PgSearchQueries
from raadsbrieven.store.search_queries import SearchQueries
from raadsbrieven.store.series_queries import SeriesQueries
from raadsbrieven.store.vectors import VectorQueries

DEFAULT_URL = "sqlite:///raadsbrieven.db"
ENV_VAR = "RAADSBRIEVEN_DB"


def resolve_url(url: str | None = None) -> str:
    """--db wins, then $RAADSBRIEVEN_DB, then raadsbrieven.db in the working folder. A bare path is SQLite."""
    url = url or os.environ.get(ENV_VAR) or DEFAULT_URL
    if "://" not in url:
        url = f"sqlite:///{url}"
    return url


@dataclass
class StoredDocument:
    id: int
    name: str
    content_hash: str
    path: str | None  # where it came from: the file's absolute path, or upload:<name>
    date: str | None
    title: str | None
    doc_type: str | None
    municipality: str | None
    text: str


class Store(
    AppQueries,
    DecisionQueries,
    FingerprintQuery,
    GraphQueries,
    GriffieQueries,
    PgSearchQueries,
    SearchQueries,
    SeriesQueries,
    VectorQueries,
):
    def __init__(self, url: str | None = None, engine: Engine | None = None) -> None:
        self.url = resolve_url(url)
        self.engine = engine or create_engine(self.url, future=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        schema.metadata.create_all(self.engine)
        migrate(self.engine)
        self.pg_search = pg_search.setup(self.engine)  # PostgreSQL with pgvector: search in the database

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------ documents

    def find_document(self, name: str) -> StoredDocument | None:
        """The letter with this file name (the latest stored, when two folders hold the same name)."""
        d = schema.documents
        with self.engine.connect() as conn:
            row = conn.execute(select(d).where(d.c.name == name).order_by(d.c.id.desc())).first()
        return _document(row) if row else None

    def document_at(self, key: str) -> StoredDocument | None:
        """The letter stored from this source (absolute path, or upload:<name>)."""
        d = schema.documents
        with self.engine.connect() as conn:
            row = conn.execute(select(d).where(d.c.path == key)).first()
        return _document(row) if row else None

    def document_with_hash(self, digest: str) -> StoredDocument | None:
        """The letter stored with exactly these bytes, from whatever path."""
        d = schema.documents
        with self.engine.connect() as conn:
            row = conn.execute(select(d).where(d.c.content_hash == digest).order_by(d.c.id)).first()
        return _document(row) if row else None

    def move_document(self, document_id: int, key: str) -> None:
        """Record that a stored letter now comes from another path (its old path is gone)."""
        d = schema.documents
        with self.engine.begin() as conn:
            conn.execute(update(d).where(d.c.id == document_id).values(path=key))

    def documents(self) -> list[StoredDocument]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(schema.documents).order_by(schema.documents.c.name)).all()
        return [_document(r) for r in rows]

    def document_rows(self) -> list[dict[str, Any]]:
        """Documents without their text, for listings."""
        cols = [c for c in schema.documents.c if c.name != "text"]
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(select(*cols).order_by(schema.documents.c.date))]

    def save_document(
        self,
        meta: dict[str, Any],
        pages: list[tuple[int, int, int, str, bool, str | None, float | None]],
        sentences: list[Sentence],
        facts: list[Fact],
        pipeline: str | None = None,
        replace: int | None = None,
    ) -> int:
        """Store a letter (replacing the stored letter `replace`, an older version), in one transaction."""
        with self.engine.begin() as conn:
            if replace is not None:
                _delete_document(conn, replace)
            meta = {**meta, "ingested_at": datetime.now(UTC).isoformat(timespec="seconds")}
            doc_id = conn.execute(insert(schema.documents).values(**meta)).inserted_primary_key[0]
            if pages:
                conn.execute(
                    insert(schema.pages),
                    [
                        {
                            "document_id": doc_id,
                            "number": n,
                            "start": s,
                            "end": e,
                            "raw_text": raw,
                            "ocr": ocr,
                            "ocr_engine": ocr_engine,
                            "text_quality": quality,
                        }
                        for n, s, e, raw, ocr, ocr_engine, quality in pages
                    ],
                )
            sentence_ids = self._insert_sentences(conn, doc_id, sentences)
            if self.pg_search:
                pg_search.index_letter(conn, doc_id, sentence_ids, sentences)
            self._insert_facts(conn, doc_id, facts, sentences, sentence_ids)
            if pipeline:
                conn.execute(insert(schema.processed).values(document_id=doc_id, pipeline=pipeline))
        return int(doc_id)

    def pipeline_of(self, document_id: int) -> str | None:
        """The pipeline version a stored document was read with (None: before versions were kept)."""
        p = schema.processed
        with self.engine.connect() as conn:
            return conn.execute(select(p.c.pipeline).where(p.c.document_id == document_id)).scalar()

    def _insert_sentences(self, conn: Connection, doc_id: int, sentences: list[Sentence]) -> list[int]:
        if not sentences:
            return []
        rows = [
            {
                "document_id": doc_id,
                "idx": s.index,
                "page": s.page,
                "start": s.start,
                "end": s.end,
                "text": s.text,
                "heading": s.heading,
                "residue": s.residue,
            }
            for s in sentences
        ]
        conn.execute(insert(schema.sentences), rows)
        ids = conn.execute(
            select(schema.sentences.c.id)
            .where(schema.sentences.c.document_id == doc_id)
            .order_by(schema.sentences.c.idx)
        ).scalars()
        return list(ids)

    def _insert_facts(
        self, conn: Connection, doc_id: int, facts: list[Fact], sentences: list[Sentence], ids: list[int]
    ) -> None:
        if not facts:
            return
        starts = [s.start for s in sentences]
        rows = []
        for fact in facts:
            row = fact.to_contract()
            for key in ("doc", "doc_date"):
                row.pop(key)
            row["extractor"], row["extractor_version"] = fact.extractor, fact.extractor_version
            row["document_id"] = doc_id
            row["sentence_id"] = _sentence_id(fact.start, starts, ids)
            rows.append(row)
        conn.execute(insert(schema.facts), rows)

    def delete_document(self, which: int | str) -> bool:
        """Delete a letter by id, or by file name, with everything that hangs from it."""
        d = schema.documents
        where = d.c.id == which if isinstance(which, int) else d.c.name == which
        with self.engine.begin() as conn:
            old = conn.execute(select(d.c.id).where(where).order_by(d.c.id.desc())).scalar()
            if old is None:
                return False
            _delete_document(conn, old)
        return True

    # ------------------------------------------------------------ reading

    def sentences(self, document_id: int | None = None) -> list[dict[str, Any]]:
        q = select(schema.sentences).order_by(schema.sentences.c.document_id, schema.sentences.c.idx)
        if document_id is not None:
            q = q.where(schema.sentences.c.document_id == document_id)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def facts(
        self,
        kinds: Iterable[str] | None = None,
        doc: str | None = None,
        include_residue: bool = True,
    ) -> list[Fact]:
        return list(self.iter_facts(kinds, doc, include_residue))

    def iter_facts(
        self, kinds: Iterable[str] | None = None, doc: str | None = None, include_residue: bool = True
    ) -> Iterator[Fact]:
        f, d = schema.facts, schema.documents
        q = (
            select(f, d.c.name.label("doc"), d.c.date.label("doc_date"))
            .join(d, d.c.id == f.c.document_id)
            .order_by(d.c.name, f.c.start, f.c.end, f.c.kind)
        )
        kinds = list(kinds or [])
        if kinds:
            q = q.where(f.c.kind.in_(kinds))
        if doc:
            q = q.where(d.c.name == doc)
        if not include_residue:
            q = q.where(f.c.residue.is_(False))
        with self.engine.connect() as conn:
            for row in conn.execute(q):
                yield _fact(row._mapping)

    def counts(self) -> dict[str, int]:
        from sqlalchemy import func

        with self.engine.connect() as conn:
            return {
                t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in (schema.documents, schema.pages, schema.sentences, schema.facts)
            }


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.close()


def _delete_document(conn: Connection, doc_id: int) -> None:
    """Delete a document and everything that hangs from it (explicit: not every backend cascades)."""
    fact_ids = select(schema.facts.c.id).where(schema.facts.c.document_id == doc_id)
    conn.execute(delete(schema.series_facts).where(schema.series_facts.c.fact_id.in_(fact_ids)))
    for table in (schema.facts, schema.sentences, schema.pages, schema.processed):
        conn.execute(delete(table).where(table.c.document_id == doc_id))
    conn.execute(delete(schema.documents).where(schema.documents.c.id == doc_id))


def _sentence_id(offset: int, starts: list[int], ids: list[int]) -> int | None:
    import bisect

    i = bisect.bisect_right(starts, offset) - 1
    return ids[i] if 0 <= i < len(ids) else None


def _document(row: Any) -> StoredDocument:
    m = row._mapping
    return StoredDocument(
        m["id"],
        m["name"],
        m["content_hash"],
        m["path"],
        m["date"],
        m["title"],
        m["doc_type"],
        m["municipality"],
        m["text"],
    )


_FACT_FIELDS = {f for f in Fact.__dataclass_fields__}


def _fact(m: Any) -> Fact:
    data = {k: m[k] for k in _FACT_FIELDS if k in m}
    for key in ("approx", "change", "residue"):
        data[key] = bool(data.get(key))
    return Fact(**data)
