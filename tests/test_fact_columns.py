"""A store made before facts had `period_basis` and `counted` gets the columns in place (SQLite and
PostgreSQL), keeps its facts, and stores counts with both fields."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, inspect, text

from raadsbrieven.pipeline import ingest
from raadsbrieven.store import Store

LETTER = (
    "Geachte leden van de raad,\n\nDe wachtlijst groeide van 154 wachtenden eind 2022 tot ca. 336 wachtenden "
    "eind 2024. De wachttijd is gemiddeld 9 weken.\n"
)


def test_an_older_store_gets_the_new_fact_columns(db_url: str, tmp_path: Path) -> None:
    first = tmp_path / "a" / "brief.txt"
    first.parent.mkdir()
    first.write_text(LETTER, encoding="utf-8")
    store = Store(db_url)
    ingest([first], store, embed=False)
    store.close()
    engine = create_engine(db_url)
    with engine.begin() as conn:  # the store as an older version left it
        conn.execute(text("ALTER TABLE facts DROP COLUMN period_basis"))
        conn.execute(text("ALTER TABLE facts DROP COLUMN counted"))
    assert not {"period_basis", "counted"} & {c["name"] for c in inspect(engine).get_columns("facts")}
    engine.dispose()

    store = Store(db_url)
    kept = store.facts()
    assert kept and all(f.period_basis is None and f.counted is None for f in kept)
    second = tmp_path / "b" / "brief.txt"
    second.parent.mkdir()
    second.write_text(LETTER.replace("9 weken", "10 weken"), encoding="utf-8")
    ingest([second], store, embed=False)
    counts = [f for f in store.facts(kinds=["count"]) if f.doc == "brief.txt" and f.period_basis]
    assert {(f.low, f.counted, f.period, f.period_basis) for f in counts} == {
        (154, "wachtenden", "2022-12", "sentence"),
        (336, "wachtenden", "2024-12", "sentence"),
    }
    store.close()
