"""What series linking reads and writes: numeric facts with their sentences, and the series tables.

`raadsbrieven.series` decides which facts form a series; these methods only read and write rows.
The fact kinds that can form a series are the caller's (`raadsbrieven.series.NUMERIC_KINDS`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select, update

from raadsbrieven.store import schema

CHUNK = 500  # document ids per IN (...) list


class SeriesQueries:
    """Reads and writes for `raadsbrieven.series` (mixed into `Store`)."""

    engine: Engine

    def fact_rows_for_linking(self, kinds: Sequence[str], only_unlinked: bool) -> list[dict[str, Any]]:
        """Facts of `kinds` (no chart residue) with their letter, sentence and series id, in time order."""
        f, d, s, m = schema.facts, schema.documents, schema.sentences, schema.series_facts
        q = (
            select(
                f,
                d.c.name.label("doc"),
                d.c.date.label("doc_date"),
                s.c.idx.label("s_idx"),
                s.c.start.label("s_start"),
                s.c.text.label("s_text"),
                s.c.heading.label("s_heading"),
                m.c.series_id,
            )
            .join(d, d.c.id == f.c.document_id)
            .outerjoin(s, s.c.id == f.c.sentence_id)
            .outerjoin(m, m.c.fact_id == f.c.id)
            .where(f.c.kind.in_(kinds), f.c.residue.is_(False))
            .order_by(d.c.date, d.c.name, f.c.start)
        )
        if only_unlinked:
            q = q.where(m.c.series_id.is_(None))
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def sentences_and_durations(
        self, document_ids: Iterable[int]
    ) -> tuple[dict[tuple[int, int], Any], dict[int, list[tuple]]]:
        """Sentences by (document id, idx) and durations (start, bound, low, high, unit) by sentence id."""
        doc_ids = sorted(set(document_ids))
        s, f = schema.sentences, schema.facts
        sentences: dict[tuple[int, int], Any] = {}
        durations: dict[int, list[tuple]] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(doc_ids), CHUNK):
                chunk = doc_ids[i : i + CHUNK]
                for r in conn.execute(
                    select(s.c.id, s.c.document_id, s.c.idx, s.c.start, s.c.text, s.c.heading).where(
                        s.c.document_id.in_(chunk)
                    )
                ):
                    sentences[(r.document_id, r.idx)] = r
                for r in conn.execute(
                    select(f.c.sentence_id, f.c.start, f.c.bound, f.c.low, f.c.high, f.c.unit).where(
                        f.c.document_id.in_(chunk), f.c.kind == "duration"
                    )
                ):
                    durations.setdefault(r.sentence_id, []).append((r.start, r.bound, r.low, r.high, r.unit))
        return sentences, durations

    def prune_series(self) -> int:
        """Forget memberships of facts that are gone, then empty series; returns how many memberships went."""
        m, f, s = schema.series_facts, schema.facts, schema.series
        with self.engine.begin() as conn:
            gone = conn.execute(delete(m).where(m.c.fact_id.not_in(select(f.c.id)))).rowcount
            conn.execute(delete(s).where(s.c.id.not_in(select(m.c.series_id))))
        return gone or 0

    def insert_series(self, series: list[dict[str, Any]], memberships: list[dict[str, Any]]) -> None:
        """Add new series rows and fact memberships, in one transaction."""
        with self.engine.begin() as conn:
            if series:
                conn.execute(insert(schema.series), series)
            conn.execute(insert(schema.series_facts), memberships)

    def clear_series(self) -> None:
        """Delete every series and membership, in one transaction."""
        with self.engine.begin() as conn:
            conn.execute(delete(schema.series_facts))
            conn.execute(delete(schema.series))

    def relabel_series(
        self, series_ids: Iterable[str], head: Callable[[str, list[Any]], dict[str, Any]]
    ) -> None:
        """Set each series' columns to `head(series id, rows)` of its facts' (subject, org, place, kind,
        unit, counted, per): one transaction."""
        s, m, f = schema.series, schema.series_facts, schema.facts
        with self.engine.begin() as conn:
            for sid in sorted(series_ids):
                rows = conn.execute(
                    select(f.c.subject, f.c.org, f.c.place, f.c.kind, f.c.unit, f.c.counted, f.c.per)
                    .join(m, m.c.fact_id == f.c.id)
                    .where(m.c.series_id == sid)
                ).all()
                conn.execute(update(s).where(s.c.id == sid).values(**head(sid, rows)))

    def series_heads_and_memberships(self) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
        """Every series row by id, and the series id of every linked fact by fact id."""
        s, m = schema.series, schema.series_facts
        with self.engine.connect() as conn:
            heads = {r.id: dict(r._mapping) for r in conn.execute(select(s))}
            members = conn.execute(select(m.c.fact_id, m.c.series_id)).all()
        return heads, {r.fact_id: r.series_id for r in members}

    def has_unlinked_facts(self, kinds: Sequence[str]) -> bool:
        """Whether any fact of `kinds` (no chart residue) belongs to no series yet."""
        f, m = schema.facts, schema.series_facts
        q = (
            select(f.c.id)
            .outerjoin(m, m.c.fact_id == f.c.id)
            .where(f.c.kind.in_(kinds), f.c.residue.is_(False), m.c.series_id.is_(None))
            .limit(1)
        )
        with self.engine.connect() as conn:
            return conn.execute(q).first() is not None

    def unlinked_fact_count(self, kinds: Sequence[str]) -> int:
        """How many facts of `kinds` (no chart residue) belong to no series yet."""
        f, m = schema.facts, schema.series_facts
        q = (
            select(func.count())
            .select_from(f.outerjoin(m, m.c.fact_id == f.c.id))
            .where(f.c.kind.in_(kinds), f.c.residue.is_(False), m.c.series_id.is_(None))
        )
        with self.engine.connect() as conn:
            return int(conn.execute(q).scalar_one())
