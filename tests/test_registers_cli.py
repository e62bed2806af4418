"""The registers through the CLI, on the ingested corpus: numbers, statuses, exports."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook

from raadsbrieven.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_toezeggingen_register_lists_the_numbered_ones_with_their_letters(corpus_db: str) -> None:
    rows = [
        json.loads(x) for x in run("toezeggingen", "--db", corpus_db, "--format", "jsonl").output.splitlines()
    ]
    by_number = {r["number"]: r for r in rows if r["number"]}
    assert {"862", "863", "877", "880", "926"} <= set(by_number)
    for row in rows:
        assert set(row) >= {"key", "number", "what", "who", "deadline", "status", "first_seen", "last_seen"}
        assert row["status"] in ("open", "in behandeling", "afgedaan", "verlopen")
        for m in row["mentions"]:
            assert m["doc"].endswith(".txt") and m["sentence"]
    assert all(m["doc"] == "001_c92f4c90ef915183.txt" for m in by_number["926"]["mentions"])
    assert "toezegging 926" in " ".join(m["sentence"] for m in by_number["926"]["mentions"])


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
    n = len(run("toezeggingen", "--db", corpus_db, "--format", "jsonl").output.splitlines())
    assert sheet.max_row == n + 1
