"""A user's decisions on fulfilment links: this letter does (not) deliver that toezegging.

Keyed by the register entry's stable key and the letter's content hash, never by row ids, so a
decision survives re-ingesting the letters and rebuilding the register.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import delete, insert, select

from raadsbrieven.store import schema

DECISIONS = ("confirmed", "rejected")


class DecisionQueries:
    engine: object  # set by Store

    def decide_link(self, entry_key: str, content_hash: str, decision: str, doc: str | None = None) -> None:
        """Store (or replace) the decision on the link between a toezegging and a letter."""
        if decision not in DECISIONS:
            raise ValueError(f"unknown decision {decision!r}; known: {', '.join(DECISIONS)}")
        t = schema.link_decisions
        with self.engine.begin() as conn:  # type: ignore[attr-defined]
            conn.execute(delete(t).where(t.c.entry_key == entry_key, t.c.content_hash == content_hash))
            conn.execute(
                insert(t).values(
                    entry_key=entry_key,
                    content_hash=content_hash,
                    decision=decision,
                    doc=doc,
                    decided_at=datetime.now(UTC).isoformat(timespec="seconds"),
                )
            )

    def forget_link_decision(self, entry_key: str, content_hash: str) -> bool:
        """Drop a decision (the rules decide again); whether there was one."""
        t = schema.link_decisions
        with self.engine.begin() as conn:  # type: ignore[attr-defined]
            gone = conn.execute(delete(t).where(t.c.entry_key == entry_key, t.c.content_hash == content_hash))
        return bool(gone.rowcount)

    def link_decisions(self) -> dict[tuple[str, str], str]:
        """Every decision as {(entry key, content hash): confirmed | rejected}."""
        t = schema.link_decisions
        with self.engine.connect() as conn:  # type: ignore[attr-defined]
            rows = conn.execute(select(t.c.entry_key, t.c.content_hash, t.c.decision)).all()
        return {(r.entry_key, r.content_hash): r.decision for r in rows}
