"""What the griffie's own register reads and writes: imported toezeggingenlijsten and their rows."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select

from raadsbrieven.store import schema

ROW_FIELDS = ("row", "number", "what", "who", "made", "deadline", "deadline_text", "status", "status_text")
ROW_FIELDS += ("field", "note")


class GriffieQueries:
    """Reads and writes for `raadsbrieven.registers.griffie` (mixed into `Store`)."""

    engine: Engine

    def save_griffie_list(
        self, name: str, rows: Sequence[dict[str, Any]], columns: dict[str, str], source: str | None = None
    ) -> int:
        """Store a list under its name, replacing a list of that name, in one transaction; its id."""
        lists, items = schema.griffie_lists, schema.griffie_rows
        with self.engine.begin() as conn:
            old = conn.execute(select(lists.c.id).where(lists.c.name == name)).scalar()
            if old is not None:
                conn.execute(delete(items).where(items.c.list_id == old))
                conn.execute(delete(lists).where(lists.c.id == old))
            list_id = conn.execute(
                insert(lists).values(
                    name=name,
                    source=source,
                    columns=json.dumps(columns, ensure_ascii=False),
                    imported_at=datetime.now(UTC).isoformat(timespec="seconds"),
                )
            ).inserted_primary_key[0]
            if rows:
                conn.execute(
                    insert(items), [{"list_id": list_id} | {k: r.get(k) for k in ROW_FIELDS} for r in rows]
                )
        return int(list_id)

    def griffie_lists(self) -> list[dict[str, Any]]:
        """Every stored list: id, name, source, columns (dict), imported_at and its number of rows."""
        lists, items = schema.griffie_lists, schema.griffie_rows
        n = select(func.count()).where(items.c.list_id == lists.c.id).scalar_subquery()
        with self.engine.connect() as conn:
            rows = conn.execute(select(lists, n.label("rows")).order_by(lists.c.name)).all()
        out = []
        for r in rows:
            d = dict(r._mapping)
            d["columns"] = json.loads(d["columns"] or "{}")
            out.append(d)
        return out

    def griffie_rows(self, name: str | None = None) -> list[dict[str, Any]]:
        """The rows of one list (by name), or of every list, with the list's name, in file order."""
        lists, items = schema.griffie_lists, schema.griffie_rows
        q = (
            select(items, lists.c.name.label("list_name"))
            .join(lists, lists.c.id == items.c.list_id)
            .order_by(lists.c.name, items.c.row)
        )
        if name is not None:
            q = q.where(lists.c.name == name)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]

    def delete_griffie_list(self, name: str) -> bool:
        """Forget a list and its rows; False when there is no list of that name."""
        lists, items = schema.griffie_lists, schema.griffie_rows
        with self.engine.begin() as conn:
            old = conn.execute(select(lists.c.id).where(lists.c.name == name)).scalar()
            if old is None:
                return False
            conn.execute(delete(items).where(items.c.list_id == old))
            conn.execute(delete(lists).where(lists.c.id == old))
        return True
