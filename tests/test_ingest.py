"""Ingesting through the CLI, on SQLite and on PostgreSQL: idempotence, replacement, bad files."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from raadsbrieven.cli import main
from raadsbrieven.store import Store
from tests.conftest import CORPUS


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_corpus_ingests_once_and_then_is_unchanged(db_url: str) -> None:
    first = run("ingest", str(CORPUS), "--db", db_url, "--quiet", "--no-embed")
    assert first.exit_code == 0, first.output
    assert first.output.startswith("5 opgeslagen.")
    again = run("ingest", str(CORPUS), "--db", db_url, "--quiet", "--no-embed")
    assert again.exit_code == 0
    assert again.output.startswith("5 ongewijzigd.")
    store = Store(db_url)
    docs = {d.name: d for d in store.documents()}
    assert set(docs) == {p.name for p in CORPUS.glob("*.txt")}
    assert docs["000_46cd106d7926f80d.txt"].date == "2021-02"  # from corpus/letters.csv
    counts = store.counts()
    store.close()
    assert counts["sentences"] > 2500 and counts["facts"] > 50


def test_a_changed_file_replaces_its_old_version(db_url: str, tmp_path: Path) -> None:
    letter = tmp_path / "brief.txt"
    letter.write_text("Geachte leden van de raad,\n\nDe wachttijd is 12 weken.\n", encoding="utf-8")
    assert run("ingest", str(letter), "--db", db_url, "--quiet", "--no-embed").output.startswith(
        "1 opgeslagen."
    )
    letter.write_text("Geachte leden van de raad,\n\nDe wachttijd is nu 16 weken.\n", encoding="utf-8")
    replaced = run("ingest", str(letter), "--db", db_url, "--quiet", "--no-embed")
    assert replaced.output.startswith("1 vervangen.")
    store = Store(db_url)
    assert len(store.documents()) == 1
    durations = store.facts(["duration"])
    store.close()
    assert [(f.high, f.sentence) for f in durations] == [(16, "De wachttijd is nu 16 weken.")]


def test_mixed_folder_stores_good_files_and_names_bad_ones(db_url: str, tmp_path: Path) -> None:
    from tests.letters import build_letter_pdf, write_bad_inputs

    folder = tmp_path / "map"
    expected = write_bad_inputs(folder)
    build_letter_pdf(folder / "goede_brief.pdf")
    shutil.copy(CORPUS / "004_0869a8ff05df7e0c.txt", folder / "webpagina.txt")
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", db_url, "--quiet", "--no-embed"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    bad = [name for name, problem in expected.items() if problem != "ok"]
    for name in bad:
        assert any(line.startswith("Fout: ") and name in line for line in lines), name
    assert "geen tekstlaag" in result.output
    assert "beveiligd met een wachtwoord" in result.output
    assert "Traceback" not in result.output
    store = Store(db_url)
    stored = {d.name for d in store.documents()}
    store.close()
    good = {name for name, problem in expected.items() if problem == "ok"} | {
        "goede_brief.pdf",
        "webpagina.txt",
    }
    assert stored == good


def test_a_failed_file_leaves_what_was_stored(db_url: str, tmp_path: Path) -> None:
    good = tmp_path / "brief.txt"
    good.write_text("Geachte leden van de raad,\n\nWe geven 85% binnen 5 werkdagen.\n", encoding="utf-8")
    run("ingest", str(good), "--db", db_url, "--quiet", "--no-embed")
    good.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))  # the same name now holds an image
    result = CliRunner().invoke(main, ["ingest", str(good), "--db", db_url, "--quiet", "--no-embed"])
    assert result.exit_code == 1 and "een afbeelding (PNG)" in result.output
    store = Store(db_url)
    docs = store.documents()
    store.close()
    assert [d.name for d in docs] == ["brief.txt"] and "85%" in docs[0].text


def test_facts_jsonl_follows_the_contract(corpus_db: str) -> None:
    import json

    from raadsbrieven.model import CONTRACT_FIELDS

    result = run("facts", "--db", corpus_db, "--format", "jsonl", "--kind", "percentage")
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert rows and all(set(CONTRACT_FIELDS) <= set(r) for r in rows)
    store = Store(corpus_db)
    texts = {d.name: d.text for d in store.documents()}
    for r in rows:
        assert texts[r["doc"]][r["start"] : r["end"]] == r["text"]
        assert r["text"] in r["sentence"] or r["residue"]


def test_errors_are_sentences(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["ingest", str(tmp_path / "nergens"), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert "bestaat niet" in result.output
    result = CliRunner().invoke(main, ["facts", "--db", str(tmp_path / "x.db"), "--doc", "bestaatniet.pdf"])
    assert result.exit_code == 1 and "Geen brief met de naam 'bestaatniet.pdf'" in result.output


def test_a_newer_extractor_reads_an_unchanged_letter_again(store: Store, monkeypatch) -> None:
    """An unchanged file is read again once the pipeline changed; stores from before versions too."""
    import raadsbrieven.extractors.money

    from raadsbrieven.pipeline import ingest
    from raadsbrieven.store import schema

    letter = CORPUS / "001_c92f4c90ef915183.txt"
    assert ingest([letter], store, embed=False).outcomes[0].status == "stored"
    facts = len(store.facts())
    assert ingest([letter], store, embed=False).outcomes[0].status == "unchanged"

    monkeypatch.setattr(raadsbrieven.extractors.money, "VERSION", "99")
    report = ingest([letter], store, embed=False)
    assert report.outcomes[0].status == "updated" and report.summary() == "1 updated"
    assert len(store.facts()) == facts and len(store.documents()) == 1
    assert ingest([letter], store, embed=False).outcomes[0].status == "unchanged"

    with store.engine.begin() as conn:  # a store written before pipeline versions were kept
        conn.execute(schema.processed.delete())
    assert ingest([letter], store, embed=False).outcomes[0].status == "updated"


def test_a_path_that_does_not_exist_fails_at_once(tmp_path: Path) -> None:
    """Named, exit code 1, and no model loaded or store opened for it (issue #16)."""
    import time

    started = time.monotonic()
    result = run_quietly("ingest", str(tmp_path / "bestaat-niet.pdf"), "--db", str(tmp_path / "x.db"))
    assert time.monotonic() - started < 1.0
    assert result.exit_code == 1 and "bestaat niet" in result.output
    assert "bestaat-niet.pdf" in result.output and not (tmp_path / "x.db").exists()


def run_quietly(*args: str):
    return CliRunner().invoke(main, list(args))


def test_facts_from_ocr_pages_say_so_in_exports(db_url: str, tmp_path: Path) -> None:
    """Issue #15: a figure read from a scan may be misread, so the facts export names the OCR engine."""
    import csv
    import io

    from raadsbrieven.export import OCR_FIELDS, with_ocr, write_csv
    from raadsbrieven.model import CONTRACT_FIELDS
    from raadsbrieven.pipeline import ingest
    from raadsbrieven.store.ocr_queries import ocr_facts
    from tests.test_ocr import _scan_of_letter, need_tesseract

    need_tesseract()
    scan = _scan_of_letter(tmp_path)
    store = Store(db_url)
    report = ingest([scan, CORPUS / "000_46cd106d7926f80d.txt"], store, embed=False)
    assert not report.failed, [o.message for o in report.failed]
    rows = with_ocr([f.to_contract() for f in store.iter_facts()], ocr_facts(store))
    store.close()
    scanned = [r for r in rows if r["doc"] == "scan.pdf"]
    typed = [r for r in rows if r["doc"] != "scan.pdf"]
    assert scanned and typed
    assert all(r["ocr"] is True and r["ocr_engine"].startswith("tesseract") for r in scanned)
    assert all(r["ocr"] is False and r["ocr_engine"] is None for r in typed)
    out = io.StringIO()
    write_csv(rows, out, [*CONTRACT_FIELDS, *OCR_FIELDS])
    read = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert {r["ocr"] for r in read if r["doc"] == "scan.pdf"} == {"True"}
    assert {r["ocr_engine"] for r in read if r["doc"] != "scan.pdf"} == {""}


def test_the_warm_up_letter_goes_through_every_extractor() -> None:
    """A reader child warms up on one small letter before its first letter is timed against the
    limit: a kind missing from it leaves that extractor's patterns for the first real letter."""
    from raadsbrieven.extractors import load_extractors

    from raadsbrieven.pipeline import warm_up

    _, _, _, facts = warm_up()
    extractors = {m.__name__.rsplit(".", 1)[-1] for m in load_extractors()}  # named after their kind
    assert extractors >= {"money", "count", "percentage", "duration", "motie", "toezegging", "letter_ref"}
    assert extractors <= {f.kind for f in facts}
