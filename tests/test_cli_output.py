"""What the CLI prints: whole values when piped, wrapped to the terminal's width, Dutch for a user."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import click
from click.testing import CliRunner

from raadsbrieven.cli import main
from raadsbrieven.cli_format import render_table
from tests.conftest import CORPUS, ROOT


def run(*args: str, columns: str | None = None):
    """The command as a pipe sees it (no terminal), with $COLUMNS set or not."""
    return CliRunner(env={"COLUMNS": columns}).invoke(main, list(args), catch_exceptions=False)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _contract_rows(db: str, *args: str) -> list[dict]:
    result = run("facts", "--db", db, "--format", "jsonl", *args)
    return [json.loads(line) for line in result.output.splitlines()]


def test_piped_facts_hold_every_value_whole(corpus_db: str) -> None:
    facts = _contract_rows(corpus_db, "--kind", "duration")
    table = run("facts", "--db", corpus_db, "--kind", "duration").output.splitlines()
    assert len(table) == len(facts) + 2, "one row a line"
    header = table[0]
    dutch = ["brief", "pagina", "soort", "tekst", "laag", "hoog", "eenheid", "periode", "organisatie"]
    assert header.split() == [*dutch, "plaats", "zin"]
    starts = {name: header.index(name) for name in ("organisatie", "plaats", "zin")}
    for fact, line in zip(facts, table[2:], strict=True):
        assert line[starts["zin"] :] == _flat(fact["sentence"])
        assert line[starts["organisatie"] : starts["plaats"]].strip() == (fact["org"] or "")
        assert line[starts["plaats"] : starts["zin"]].strip() == (fact["place"] or "")
    assert max(len(line) for line in table) > 200, "long sentences are not cut at any width"


def test_a_narrow_terminal_wraps_rather_than_cuts(corpus_db: str) -> None:
    facts = _contract_rows(corpus_db, "--doc", "000_46cd106d7926f80d.txt")
    output = run("facts", "--db", corpus_db, "--doc", "000_46cd106d7926f80d.txt", columns="80").output
    assert max(len(line) for line in output.splitlines()) <= 80
    flat = _flat(output)
    for fact in facts:
        assert _flat(fact["sentence"]) in flat, fact["sentence"]
        assert not fact["org"] or fact["org"] in flat


def test_a_table_that_fits_wraps_its_longest_column_and_keeps_every_word() -> None:
    sentence = (
        "Bijna alle gezinnen die zich melden bij het buurtteam krijgen binnen 5 dagen een "
        "kennismakingsgesprek (in 2019 was dat 85%, in 2020 80%)."
    )
    rows = [
        {"doc": "000_46cd106d7926f80d.txt", "kind": "percentage", "text": "85%", "sentence": sentence},
        {
            "doc": "003_17e7bf877dc7f579.txt",
            "kind": "duration",
            "text": "binnen 4 weken",
            "sentence": "Kort.",
        },
    ]
    lines = render_table(rows, ["doc", "kind", "text", "sentence"], width=100).splitlines()
    assert max(len(line) for line in lines) <= 100
    at = lines[0].index("sentence")
    first_row = lines[2 : lines.index("")]
    assert len(first_row) > 1, "the sentence wraps onto more lines"
    assert " ".join(line[at:] for line in first_row) == sentence
    assert first_row[0].startswith("000_46cd106d7926f80d.txt  percentage  85%")
    assert all(not line[:at].strip() for line in first_row[1:]), (
        "the other cells stay on the row's first line"
    )


def test_a_path_that_does_not_exist_stops_before_anything_is_read(tmp_path: Path) -> None:
    """Named at once, in Dutch, before the reading stage or the store is even imported."""
    script = (
        "import sys\n"
        "from raadsbrieven.cli import main\n"
        "try:\n"
        f"    main(['ingest', {str(CORPUS)!r}, 'nergens/brief.docx', '--db', {str(tmp_path / 'x.db')!r}])\n"
        "except SystemExit as exit:\n"
        "    heavy = sorted(m for m in sys.modules if m.startswith(('raadsbrieven.pipeline',"
        " 'raadsbrieven.ingest.read', 'raadsbrieven.store', 'sqlalchemy', 'spacy', 'pypdfium2')))\n"
        "    print('exit', exit.code, heavy)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert done.stdout.strip() == "exit 1 []", done.stdout + done.stderr
    assert done.stderr.strip() == (
        "Fout: nergens/brief.docx: het bestand of de map bestaat niet. Er is niets ingelezen."
    )
    assert not (tmp_path / "x.db").exists()


def test_files_that_are_no_letters_are_named_in_dutch_with_what_to_do(tmp_path: Path) -> None:
    from tests.test_docx import build_docx_letter
    from tests.test_read import _jpeg, _xlsx

    folder = tmp_path / "post"
    folder.mkdir()
    build_docx_letter(folder / "raadsbrief.docx")
    (folder / "scan.jpg").write_bytes(_jpeg())
    (folder / "toezeggingenlijst.xlsx").write_bytes(_xlsx())
    result = CliRunner().invoke(
        main, ["ingest", str(folder), "--db", str(tmp_path / "x.db"), "--quiet", "--no-embed"]
    )
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert f"Fout: {folder / 'scan.jpg'}: het bestand is een afbeelding (JPEG), geen brief: " in result.output
    assert any(line.endswith("maak er een PDF van of laat OCR lopen") for line in lines)
    sheet = next(line for line in lines if "toezeggingenlijst.xlsx" in line)
    assert "een spreadsheet, geen brief" in sheet and "raadsbrieven register import" in sheet
    summary = next(line for line in lines if "De opslag" in line)
    assert summary.startswith("1 opgeslagen, 2 mislukt. De opslag (sqlite:///")
    assert re.search(r"bevat nu 1 brief, 1 pagina, [\d.]+ zinnen en [\d.]+ feiten\.$", summary)
    assert "Traceback" not in result.output and "Error" not in result.output


def _commands(group: click.Group, prefix: str = "raadsbrieven") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in group.commands.items():
        found.append((f"{prefix} {name}", command))
        if isinstance(command, click.Group):
            found += _commands(command, f"{prefix} {name}")
    return found


def test_every_example_uses_paths_a_user_has() -> None:
    letters = {p.name for p in CORPUS.iterdir()}
    for name, command in _commands(main):
        example = command.help.split("Voorbeeld:", 1)[1].strip()
        assert example.startswith("raadsbrieven"), name
        assert "../" not in example and "shared" not in example, (name, example)
        for word in example.split():
            if word.startswith("corpus/"):
                assert (ROOT / word).exists(), (name, word)
            if re.fullmatch(r"\d{3}_[0-9a-f]{16}\.txt", word):
                assert word in letters, (name, word)


def test_a_wrong_command_line_is_explained_in_dutch(corpus_db: str) -> None:
    wrong = {
        ("facts", "--kind", "wachttijd"): "Fout: Ongeldige waarde voor '--kind': 'wachttijd' is geen van ",
        ("facts", "--bogus"): "Fout: Onbekende optie '--bogus'.",
        ("search",): "Fout: Argument 'QUERY' ontbreekt.",
        (
            "search",
            "wachttijd",
            "--limit",
            "0",
        ): "Fout: Ongeldige waarde voor '--limit': 0 ligt niet in het bereik",
        (
            "toezeggingen",
            "--confirm",
            "T862",
            "--reject",
            "T862",
        ): "Fout: Geef --confirm of --reject, niet allebei.",
        ("brievenbus",): "Fout: Onbekende opdracht 'brievenbus'.",
    }
    for args, message in wrong.items():
        result = CliRunner().invoke(main, [*args, "--db", corpus_db] if len(args) > 1 else list(args))
        assert result.exit_code == 2, (args, result.output)
        lines = result.output.splitlines()
        assert lines[0].startswith("Gebruik: ") and "--help' voor hulp." in lines[1], result.output
        assert lines[-1].startswith(message), (args, lines[-1])
    help_text = run("facts", "--help").output
    assert "Opties:" in help_text and "Toon deze hulp en stop." in help_text and "Options" not in help_text


def test_ingest_limits_are_checked_before_anything_is_read(tmp_path: Path) -> None:
    db = tmp_path / "store.db"
    result = CliRunner().invoke(
        main, ["ingest", str(CORPUS), "--db", f"sqlite:///{db}", "--no-embed", "--max-memory", "12XB"]
    )
    assert result.exit_code == 2
    assert "--max-memory" in result.output and "2GB of 500MB" in result.output
    assert not db.exists()  # nothing read, no store made
    help_text = CliRunner().invoke(main, ["ingest", "--help"]).output
    for option in ("--workers", "--scheduler", "--timeout", "--max-memory"):
        assert option in help_text


def test_facts_say_whether_their_page_was_read_by_ocr(corpus_db: str) -> None:
    rows = _contract_rows(corpus_db)
    assert rows and all(r["ocr"] is False and r["ocr_engine"] is None for r in rows)  # the corpus is text


def test_a_search_hit_shows_its_passage_in_the_table_and_the_csv(corpus_db: str) -> None:
    query = ["search", "wachttijd buurtteam", "--db", corpus_db, "--mode", "bm25", "--limit", "3"]
    hits = [json.loads(line) for line in run(*query, "--format", "jsonl").output.splitlines()]
    assert hits and any(h["before"] and h["after"] for h in hits)
    table = run(*query).output.splitlines()
    header = table[0].split()
    assert header[:2] == ["rang", "score"] and "ervoor" in header and "erna" in header
    for hit, line in zip(hits, table[2:], strict=True):
        assert _flat(hit["sentence"]) in line
        for neighbour in (hit["before"], hit["after"]):
            assert not neighbour or _flat(neighbour) in line
    rows = list(csv.DictReader(io.StringIO(run(*query, "--format", "csv").output)))
    assert [r["after"] for r in rows] == [h["after"] or "" for h in hits]
    assert [r["before"] for r in rows] == [h["before"] or "" for h in hits]


def test_search_keeps_to_one_council_with_gemeente(tmp_path: Path) -> None:
    from raadsbrieven.pipeline import ingest
    from raadsbrieven.store import Store
    from tests.conftest import shared_path

    db = f"sqlite:///{tmp_path / 'twee.db'}"
    den_haag = shared_path("letters-more/denhaag_raadsbrief_2025-05-06_afdoening-motie-seniorenwoningen.pdf")
    store = Store(db)
    try:
        ingest([CORPUS / "001_c92f4c90ef915183.txt", den_haag], store, embed=False)
    finally:
        store.close()
    query = ["search", "de raad over de motie", "--db", db, "--mode", "bm25", "--format", "jsonl"]
    every = [json.loads(line) for line in run(*query, "--limit", "40").output.splitlines()]
    assert {h["doc"] for h in every} == {"001_c92f4c90ef915183.txt", den_haag.name}
    for council, doc in (("Den Haag", den_haag.name), ("utrecht", "001_c92f4c90ef915183.txt")):
        hits = [json.loads(line) for line in run(*query, "--gemeente", council).output.splitlines()]
        assert hits and {h["doc"] for h in hits} == {doc}, council
