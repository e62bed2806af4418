"""Bring a store made by an older version up to the current schema, in place, losing nothing.

`create_all` adds missing tables but never changes an existing one. The one change so far: a letter
was known by its file name alone (`documents.name` UNIQUE); now by where it came from and its content
(`documents.path` unique, names may repeat), so two folders may each hold a different `brief.pdf`.
"""

from __future__ import annotations

from sqlalchemy import Engine, inspect, text
from sqlalchemy.schema import CreateTable

from raadsbrieven.store import schema


def migrate(engine: Engine) -> None:
    """Apply every migration the store still needs (each checks first; cheap when none is due)."""
    _names_may_repeat(engine)
    _path_is_unique(engine)
    _add_missing_columns(engine, schema.pages)
    _add_missing_columns(engine, schema.facts)  # period_basis, counted (issue #14)


def _names_may_repeat(engine: Engine) -> None:
    if engine.dialect.name == "sqlite":
        if _sqlite_unique_name(engine):
            _rebuild_sqlite_documents(engine)
        return
    unique = [
        u for u in inspect(engine).get_unique_constraints("documents") if u.get("column_names") == ["name"]
    ]
    with engine.begin() as conn:
        for u in unique:
            conn.execute(text(f'ALTER TABLE documents DROP CONSTRAINT "{u["name"]}"'))


def _sqlite_unique_name(engine: Engine) -> bool:
    """SQLite keeps a column's UNIQUE as an automatic index, which the inspector does not list."""
    with engine.connect() as conn:
        for row in conn.exec_driver_sql("PRAGMA index_list(documents)").mappings():
            if row["unique"] and row["origin"] == "u":
                cols = conn.exec_driver_sql(f"PRAGMA index_info('{row['name']}')").mappings().all()
                if [c["name"] for c in cols] == ["name"]:
                    return True
    return False


def _rebuild_sqlite_documents(engine: Engine) -> None:
    """SQLite cannot drop a UNIQUE constraint: copy the table into one without it (its documented way)."""
    columns = ", ".join(f'"{c.name}"' for c in schema.documents.c)
    ddl = str(CreateTable(schema.documents).compile(engine)).replace(
        "CREATE TABLE documents", "CREATE TABLE documents_new", 1
    )
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")  # outside a transaction, or SQLite ignores it
        conn.commit()
        conn.exec_driver_sql(ddl)
        conn.exec_driver_sql(f"INSERT INTO documents_new ({columns}) SELECT {columns} FROM documents")
        conn.exec_driver_sql("DROP TABLE documents")
        conn.exec_driver_sql("ALTER TABLE documents_new RENAME TO documents")
        conn.commit()
        conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        conn.commit()


def _path_is_unique(engine: Engine) -> None:
    if any(i["name"] == "ux_documents_path" for i in inspect(engine).get_indexes("documents")):
        return
    with engine.begin() as conn:
        conn.execute(text("CREATE UNIQUE INDEX ux_documents_path ON documents (path)"))


def _add_missing_columns(engine: Engine, table) -> None:  # noqa: ANN001 - a sqlalchemy Table
    """Columns added to a table since a store was made (nullable, so old rows read as unknown)."""
    have = {c["name"] for c in inspect(engine).get_columns(table.name)}
    missing = [c for c in table.c if c.name not in have]
    if not missing:
        return
    with engine.begin() as conn:
        for column in missing:
            kind = column.type.compile(engine.dialect)
            conn.execute(text(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}'))
