"""The registers through the CLI, on the ingested corpus: numbers, statuses, exports."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from raadsbrieven.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


CONTRACT = ["key", "number", "what", "who", "deadline", "deadline_text", "status", "made_in", "fulfilled_by",
            "on_time", "mentions"]  # fmt: skip


def test_toezeggingen_jsonl_follows_the_registers_contract(corpus_db: str) -> None:
    rows = [
        json.loads(x) for x in run("toezeggingen", "--db", corpus_db, "--format", "jsonl").output.splitlines()
    ]
    by_number = {r["number"]: r for r in rows if r["number"]}
    assert {"862", "863", "877", "880"} <= set(by_number)
    for row in rows:
        assert list(row) == CONTRACT
        assert row["status"] in ("open", "afgedaan", "verlopen")
        assert set(row["made_in"]) >= {"doc", "date", "page", "sentence"}
        if row["fulfilled_by"] is not None:
            assert set(row["fulfilled_by"]) == {"doc", "date", "page", "sentence", "confidence"}
            assert row["status"] == "afgedaan"
        for m in row["mentions"]:
            assert m["doc"].endswith(".txt") and m["sentence"] and m["state"]
            assert set(m) >= {"doc", "date", "page", "sentence", "state"}
    session = by_number["877"]  # toezegging 877, 926 and the unnumbered mention: one promise
    assert "toezegging 926" in " ".join(m["sentence"] for m in session["mentions"])
    assert session["deadline"] == "2025-06-24" and session["deadline_text"] == "24 juni"
    assert "926" not in by_number


def test_table_counts_letters_and_timeline_finds_any_number(corpus_db: str) -> None:
    table = run("toezeggingen", "--db", corpus_db).output
    assert "Brieven" in table.splitlines()[0] and "Afgedaan met" in table.splitlines()[0]
    timeline = run("toezeggingen", "--db", corpus_db, "--timeline", "926", "--format", "jsonl").output
    seen = [json.loads(x) for x in timeline.splitlines()]
    assert len(seen) >= 3 and {r["key"] for r in seen} == {"T877"}


def test_status_filter_narrows_the_register(corpus_db: str) -> None:
    everything = run("toezeggingen", "--db", corpus_db, "--format", "jsonl").output.splitlines()
    expired = run("toezeggingen", "--db", corpus_db, "--format", "jsonl", "--status", "verlopen").output
    rows = [json.loads(x) for x in expired.splitlines()]
    assert 0 < len(rows) < len(everything)
    assert {r["status"] for r in rows} == {"verlopen"}


def test_moties_register_gives_status_as_the_letter_does(corpus_db: str) -> None:
    rows = [json.loads(x) for x in run("moties", "--db", corpus_db, "--format", "jsonl").output.splitlines()]
    status = {r["number"]: r["status"] for r in rows if r["number"]}
    assert status["M100"] == "aangenomen"
    assert status["M194"] == "ingetrokken"
    assert "M101" in status
    titles = {r["title"] for r in rows}
    assert "Beter voorkomen dan genezen" in titles


def test_xlsx_export_has_one_row_per_entry_and_readable_headers(corpus_db: str, tmp_path: Path) -> None:
    out = tmp_path / "toezeggingen.xlsx"
    result = run("toezeggingen", "--db", corpus_db, "--format", "xlsx", "--out", str(out))
    assert result.exit_code == 0
    sheet = load_workbook(out).active
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Sleutel", "Nummer", "Toezegging"] and "Status" in header
    rows = [
        json.loads(x) for x in run("toezeggingen", "--db", corpus_db, "--format", "jsonl").output.splitlines()
    ]
    assert sheet.max_row == len(rows) + 1
    letters = header.index("Brieven")
    by_key = {r["key"]: r for r in rows}
    for line in sheet.iter_rows(min_row=2, values_only=True):
        assert line[letters] == len({m["doc"] for m in by_key[line[0]]["mentions"]})  # letters, not quotes


def test_piped_register_tables_keep_every_promise_and_motie_title_whole(corpus_db: str) -> None:
    """Piped (no terminal, no $COLUMNS) a table cuts nothing: each entry one line, its text whole."""
    piped = CliRunner(env={"COLUMNS": None})
    entries = [
        json.loads(x) for x in run("toezeggingen", "--db", corpus_db, "--format", "jsonl").output.splitlines()
    ]
    table = piped.invoke(
        main, ["toezeggingen", "--db", corpus_db], catch_exceptions=False
    ).output.splitlines()
    assert len(table) == len(entries) + 2 and "…" not in "\n".join(table)
    for entry, line in zip(entries, table[2:], strict=True):
        assert " ".join(entry["what"].split()) in line
    moties = [
        json.loads(x) for x in run("moties", "--db", corpus_db, "--format", "jsonl").output.splitlines()
    ]
    lines = piped.invoke(main, ["moties", "--db", corpus_db], catch_exceptions=False).output.splitlines()
    assert lines[0].split()[:2] == ["Soort", "Nummer"] and lines[0].rstrip().endswith("Afgedaan")
    assert all(any(m["title"] in line for line in lines) for m in moties if m["title"])


def test_a_narrow_terminal_shows_the_register_without_cutting(corpus_db: str) -> None:
    entries = [
        json.loads(x) for x in run("toezeggingen", "--db", corpus_db, "--format", "jsonl").output.splitlines()
    ]
    narrow = CliRunner(env={"COLUMNS": "72"}).invoke(main, ["toezeggingen", "--db", corpus_db]).output
    assert max(len(line) for line in narrow.splitlines()) <= 72
    flat = " ".join(narrow.split())
    assert all(" ".join(e["what"].split()) in flat for e in entries)
