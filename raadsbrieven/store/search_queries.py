"""What the search index reads from the store: the letters it knows and their sentences."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from raadsbrieven.store import schema

CHUNK = 500  # document ids per IN (...) list

# The sentence columns the index keeps per row.
INDEX_SENTENCE_COLUMNS = ("id", "document_id", "page", "start", "text", "heading")


class SearchQueries:
    """Reads for `raadsbrieven.search` (mixed into `Store`)."""

    engine: Engine

    def document_keys(self) -> list[dict[str, Any]]:
        """Id, name, date, municipality and content hash of every document, in id order (no letter
        text is read)."""
        d = schema.documents
        cols = (d.c.id, d.c.name, d.c.date, d.c.municipality, d.c.content_hash)  # no text: cheap to read
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(select(*cols).order_by(d.c.id))]

    def index_sentence_rows(self, document_ids: list[int] | None = None) -> list[dict[str, Any]]:
        """The index's sentence rows of these documents (or all), by document id, then position."""
        s = schema.sentences
        q = select(*(s.c[c] for c in INDEX_SENTENCE_COLUMNS)).order_by(s.c.document_id, s.c.idx)
        with self.engine.connect() as conn:
            if document_ids is None:
                return [dict(r._mapping) for r in conn.execute(q)]
            rows = []
            for i in range(0, len(document_ids), CHUNK):
                chunk = q.where(s.c.document_id.in_(document_ids[i : i + CHUNK]))
                rows += [dict(r._mapping) for r in conn.execute(chunk)]
        return rows

    def sentence_texts(self, sentence_ids: list[int]) -> dict[int, str]:
        """The text of each of these sentences, by id (what the furniture score of a hit reads)."""
        s = schema.sentences
        if not sentence_ids:
            return {}
        with self.engine.connect() as conn:
            rows = conn.execute(select(s.c.id, s.c.text).where(s.c.id.in_(list(sentence_ids))))
            return {int(i): t for i, t in rows}

    def neighbour_rows(self, sentence_ids: list[int]) -> dict[int, dict[int, dict[str, Any]]]:
        """The sentence before (-1) and after (1) each of these in its letter: {id: {step: {id, text}}}
        (a hit's passage, as the in-memory index shows it; none at a letter's start or end)."""
        if not sentence_ids:
            return {}
        hit, near = schema.sentences.alias("hit"), schema.sentences.alias("near")
        q = select(hit.c.id.label("hit"), (near.c.idx - hit.c.idx).label("step"), near.c.id, near.c.text)
        q = q.join_from(hit, near, near.c.document_id == hit.c.document_id)
        q = q.where(hit.c.id.in_(list(sentence_ids)), near.c.idx.in_([hit.c.idx - 1, hit.c.idx + 1]))
        out: dict[int, dict[int, dict[str, Any]]] = {}
        with self.engine.connect() as conn:
            for row in conn.execute(q):
                out.setdefault(int(row.hit), {})[int(row.step)] = {"id": int(row.id), "text": row.text}
        return out
