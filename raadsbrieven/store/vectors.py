"""The store's embedding cache: vectors by text hash and model (`raadsbrieven.embed` computes them).

A vector is stored as little-endian float32 bytes; each call to `save_vectors` is one transaction,
so an interrupted embedding run keeps the batches it finished.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from sqlalchemy import Engine, Insert, func, select
from sqlalchemy.dialects import postgresql, sqlite

from raadsbrieven.store import pg_search, schema

CHUNK = 500  # keys per IN (...) list: well below every backend's parameter limit


class VectorQueries:
    """Reads and writes of the `embeddings` table (mixed into `Store`)."""

    engine: Engine
    pg_search: bool = False

    def cached_vectors(self, model: str, hashes: Iterable[str] | None = None) -> dict[str, np.ndarray]:
        """Cached vectors of `model` by text hash (all of them when `hashes` is None)."""
        e = schema.embeddings
        q = select(e.c.text_hash, e.c.vector).where(e.c.model == model)
        with self.engine.connect() as conn:
            if hashes is None:
                rows = conn.execute(q).all()
            else:
                wanted = list(dict.fromkeys(hashes))
                rows = []
                for i in range(0, len(wanted), CHUNK):
                    rows += conn.execute(q.where(e.c.text_hash.in_(wanted[i : i + CHUNK]))).all()
        return {h: np.frombuffer(blob, dtype="<f4") for h, blob in rows}

    def cached_vector_hashes(self, model: str, hashes: Iterable[str]) -> set[str]:
        """Which of `hashes` have a cached vector of `model` (reads the keys only, not the vectors)."""
        e = schema.embeddings
        wanted = list(dict.fromkeys(hashes))
        found: set[str] = set()
        with self.engine.connect() as conn:
            for i in range(0, len(wanted), CHUNK):
                q = select(e.c.text_hash).where(e.c.model == model, e.c.text_hash.in_(wanted[i : i + CHUNK]))
                found.update(conn.execute(q).scalars())
        return found

    def cached_vector_count(self, model: str) -> int:
        """How many vectors of `model` the store holds."""
        e = schema.embeddings
        with self.engine.connect() as conn:
            q = select(func.count()).select_from(e).where(e.c.model == model)
            return int(conn.execute(q).scalar_one())

    def save_vectors(self, model: str, hashes: Sequence[str], vectors: Iterable[np.ndarray]) -> None:
        """Store one vector per text hash, in one transaction; a vector already cached is kept as it is."""
        rows = [
            {
                "text_hash": h,
                "model": model,
                "dim": int(v.shape[0]),
                "vector": np.asarray(v, dtype="<f4").tobytes(),
            }
            for h, v in zip(hashes, vectors, strict=True)
        ]
        if not rows:
            return
        with self.engine.begin() as conn:
            if self.pg_search:  # also as a pgvector `vector`, in the model's HNSW index
                pg_search.save_vectors(conn, rows)
            else:
                conn.execute(self._insert_ignore_vectors(), rows)

    def _insert_ignore_vectors(self) -> Insert:
        """An INSERT into `embeddings` that skips keys already there (where the dialect has one)."""
        name = self.engine.dialect.name
        if name == "sqlite":
            return sqlite.insert(schema.embeddings).on_conflict_do_nothing()
        if name == "postgresql":
            return postgresql.insert(schema.embeddings).on_conflict_do_nothing()
        return schema.embeddings.insert()
