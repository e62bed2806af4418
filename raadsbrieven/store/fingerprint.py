"""One fingerprint of the store's letters: the search index and the app's caches key on it."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from raadsbrieven.store import schema


class FingerprintQuery:
    """`fingerprint()` (mixed into `Store`)."""

    engine: Engine

    def fingerprint(self) -> tuple:
        """A cheap value that changes whenever a letter is added, replaced, re-read or deleted."""
        # Count, sum and max of the document ids (index-only), then the newest letter's name, content
        # hash, time of storing and pipeline: SQLite gives a letter replacing the newest one that
        # same id, so only that row tells the two apart. One row is read, never the whole table.
        d, p = schema.documents, schema.processed
        with self.engine.connect() as conn:
            n, total, top = conn.execute(
                select(func.count(), func.coalesce(func.sum(d.c.id), 0), func.max(d.c.id))
            ).one()
            newest = None
            if top is not None:
                newest = conn.execute(
                    select(d.c.name, d.c.content_hash, d.c.ingested_at, p.c.pipeline)
                    .outerjoin(p, p.c.document_id == d.c.id)
                    .where(d.c.id == top)
                ).first()
        return (n, total, top, *(tuple(newest) if newest else (None, None, None, None)))
