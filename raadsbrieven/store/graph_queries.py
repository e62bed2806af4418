"""What the moties register and the letter graph read from the store: letters described by their head,
and the sentences that speak of a motie or amendement."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Engine, case, func, or_, select

from raadsbrieven.store import schema

HEAD = 2500  # characters of a letter's text that hold its letterhead (kenmerk, RIS number, onderwerp)
TAIL = 600  # and its end, where a motie's own RIS number and the vote stand


class GraphQueries:
    """Reads for `raadsbrieven.registers.moties` and `raadsbrieven.registers.graph` (mixed into `Store`)."""

    engine: Engine

    def graph_documents(self) -> list[dict[str, Any]]:
        """Every letter: name, title, doc_type, date, kenmerk, municipality, `head` (its first characters)."""
        d = schema.documents
        length = func.length(d.c.text)
        q = select(
            d.c.name,
            d.c.title,
            d.c.doc_type,
            d.c.date,
            d.c.kenmerk,
            d.c.municipality,
            func.substr(d.c.text, 1, HEAD).label("head"),
            func.substr(d.c.text, case((length > TAIL, length - TAIL + 1), else_=1)).label("tail"),
        ).order_by(d.c.date, d.c.name)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def motie_sentences(self) -> list[dict[str, Any]]:
        """Sentences that name a motie or amendement: {doc, page, text, id}, in document order."""
        s, d = schema.sentences, schema.documents
        low = func.lower(s.c.text)
        q = (
            select(d.c.name.label("doc"), s.c.page, s.c.text, s.c.id)
            .join(d, d.c.id == s.c.document_id)
            .where(or_(low.like("%motie%"), low.like("%amendement%")))
            .order_by(d.c.name, s.c.idx)
        )
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def delivering_sentences(self, words: Iterable[str]) -> list[dict[str, Any]]:
        """Sentences holding any of these words (lower case): {doc, page, text, id}, in document order.
        The fulfilment rules pick from them the sentences in which a letter says it delivers."""
        s, d = schema.sentences, schema.documents
        low = func.lower(s.c.text)
        q = (
            select(d.c.name.label("doc"), s.c.page, s.c.text, s.c.id)
            .join(d, d.c.id == s.c.document_id)
            .where(or_(*(low.like(f"%{w}%") for w in words)))
            .order_by(d.c.name, s.c.idx)
        )
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]
