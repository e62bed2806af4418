"""Which facts come from pages read by OCR: exports say so, since OCR can misread a figure."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import and_, select

from raadsbrieven.store import schema

if TYPE_CHECKING:
    from raadsbrieven.store.database import Store


def ocr_facts(store: Store) -> dict[str, str | None]:
    """fact id -> OCR engine (e.g. "tesseract 5.3.0 (nld)") of every fact on a page read by OCR."""
    f, p = schema.facts, schema.pages
    q = (
        select(f.c.id, p.c.ocr_engine)
        .join(p, and_(p.c.document_id == f.c.document_id, p.c.number == f.c.page))
        .where(p.c.ocr.is_(True))
    )
    with store.engine.connect() as conn:
        return dict(conn.execute(q).all())
