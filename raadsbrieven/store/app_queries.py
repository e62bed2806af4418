"""What the app's pages read from the store: counts, filter values, a letter's pages and sentences."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, select

from raadsbrieven.store import schema


class AppQueries:
    """Reads for `raadsbrieven.ui` (mixed into `Store`)."""

    engine: Engine

    def fact_counts_by_kind(self) -> dict[str, int]:
        """How many facts the store holds of each kind."""
        f = schema.facts
        with self.engine.connect() as conn:
            return dict(conn.execute(select(f.c.kind, func.count()).group_by(f.c.kind)).all())

    def fact_facets(self) -> dict[str, list[str]]:
        """The distinct organisations ("org") and places ("place") the facts name, sorted case-blind."""
        f = schema.facts
        out: dict[str, list[str]] = {}
        with self.engine.connect() as conn:
            for col in ("org", "place"):
                c = f.c[col]
                values = conn.execute(select(c).where(c.is_not(None)).distinct()).scalars()
                out[col] = sorted({v for v in values if v and v.strip()}, key=str.lower)
        return out

    def document_meta(self, document_id: int) -> dict[str, Any] | None:
        """Every column of a document except its text, or None when there is no such document."""
        d = schema.documents
        with self.engine.connect() as conn:
            row = conn.execute(
                select(*[c for c in d.c if c.name != "text"]).where(d.c.id == document_id)
            ).first()
        return dict(row._mapping) if row else None

    def page_spans(self, document_id: int) -> list[tuple[int, int, int]]:
        """(number, start, end) of each page of a document, in page order."""
        p = schema.pages
        q = select(p.c.number, p.c.start, p.c.end).where(p.c.document_id == document_id).order_by(p.c.number)
        with self.engine.connect() as conn:
            return [(int(n), int(s), int(e)) for n, s, e in conn.execute(q)]

    def ocr_pages(self, document_id: int | None = None) -> dict[tuple[str, int], tuple[Any, Any]]:
        """(letter name, page number) -> (OCR engine, text quality) of every page read by OCR (one letter's
        with `document_id`): the app marks facts from those pages."""
        p, d = schema.pages, schema.documents
        q = select(d.c.name, p.c.number, p.c.ocr_engine, p.c.text_quality).join(d, d.c.id == p.c.document_id)
        q = q.where(p.c.ocr.is_(True))
        if document_id is not None:
            q = q.where(p.c.document_id == document_id)
        with self.engine.connect() as conn:
            return {(name, int(n)): (engine, quality) for name, n, engine, quality in conn.execute(q)}
