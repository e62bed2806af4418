"""`raadsbrieven import openbesluitvorming`: NDJSON exports built to OpenBesluitvorming's published
schema (API.md "Bulk export", schemas/document.schema.json, entity-commit.schema.json), with the
text of real letters from ../shared/letters-more, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from raadsbrieven.cli import main
from raadsbrieven.ingest.openbesluitvorming import (
    Record,
    Skipped,
    dutch_date,
    local_copy,
    municipality,
    parse_line,
    read_export,
)
from raadsbrieven.store import Store
from tests.conftest import shared_path

FATBIKES = "letters-more/amsterdam_schriftelijke-vragen_2023-08-22_fatbikes.txt"
KINDERRAAD = (
    "letters-more/amsterdam_collegebrief_2023-08-09_beantwoording-advies-kinderraad-verkeersveiligheid.txt"
)
KWARTIER = "letters-more/denhaag_raadsbrief_2025-05-09_tussenbericht-motie-joods-cultureel-kwartier.pdf"
WOUSTRAAT = "letters-more/amsterdam_raadsbesluit_2021-11-10_voorkeursbesluit-van-woustraat-noord.txt"
SENIOREN_TUSSEN = "letters-more/denhaag_raadsbrief_2025-03-27_tussenbericht-motie-seniorenwoningen.pdf"
SENIOREN_AF = "letters-more/denhaag_raadsbrief_2025-05-06_afdoening-motie-seniorenwoningen.pdf"


def document(
    name: str,
    org: str,
    *,
    url: str | None = None,
    file_name: str | None = None,
    last_discussed_at: str | None = None,
    date_modified: str | None = None,
    **text: list[str],
) -> dict[str, Any]:
    """A Document payload as the export gives it (`compactEntityPayload`), plus `text`/`md_text`
    (document.schema.json) when given."""
    payload = {
        "type": "Document",
        "name": name,
        "classification": ["Raadsinformatiebrief"],
        "original_url": url,
        "file_name": file_name,
        "content_type": "application/pdf",
        "date_modified": date_modified,
        "last_discussed_at": last_discussed_at,
        "is_referenced_by": f"meeting:notubiz:gemeente:{org}:830424",
        "organization": f"organization:nl:gemeente:{org}",
        "derived_content": {"markdown_key": f"documents/{org}/{name}.md", "page_count": 2},
        "media_urls": [{"url": url, "content_type": "application/pdf"}] if url else [],
        **text,
    }
    return {k: v for k, v in payload.items() if v is not None}


def record(seq: int, entity_id: str, payload: dict[str, Any] | None, op: str = "upsert") -> dict[str, Any]:
    """One line of /api/export/snapshot or /changes (API.md, "Record format")."""
    kind, supplier, _, source_key, _ = entity_id.split(":")
    line = {
        "seq": seq,
        "op": op,
        "time": "2026-07-10T12:00:00.000Z",
        "entity_id": entity_id,
        "entity_type": kind.capitalize(),  # document:... is a Document, meeting:... a Meeting
        "source_key": source_key,
        "supplier": supplier,
        "commit_id": f"commit:{entity_id}:{seq}",
        "schema_version": "v1alpha1",
    }
    if payload is not None:
        digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
        line |= {"content_hash": f"sha256:{digest}", "payload": payload}
    return line


def write_ndjson(path: Path, lines: list[dict[str, Any] | str]) -> Path:
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines), "utf-8")
    return path


def pages_of(relative: str) -> list[str]:
    """A letter's text page by page: a .txt's form feeds, or what the PDF reader reads per page."""
    path = shared_path(relative)
    if path.suffix == ".txt":
        return path.read_text("utf-8").split("\f")
    from raadsbrieven.ingest.read import read_file

    return [page.text for page in read_file(path).pages]


def run(*args: str):
    return CliRunner().invoke(main, ["import", "openbesluitvorming", *args, "--quiet", "--no-embed"])


def stored(db_url: str) -> dict[str, Any]:
    store = Store(db_url)
    try:
        return {d["path"]: d for d in store.document_rows()}
    finally:
        store.close()


# ---------------------------------------------------------------- parsing (no store)

SOEST = "document:notubiz:gemeente:soest:12345"


def test_an_export_record_is_read_to_the_published_schema() -> None:
    line = record(
        42,
        SOEST,
        document(
            "Raadsvoorstel begroting 2024",
            "soest",
            url="https://api.notubiz.nl/document/12345/2",
            file_name="Raadsvoorstel begroting 2024.pdf",
            last_discussed_at="2024-11-06T23:00:00.000Z",
            date_modified="2024-10-30T09:12:00.000Z",
        ),
    )
    line["payload"]["future_field"] = {"ignored": True}
    got = parse_line(json.dumps(line), 7)
    assert isinstance(got, Record)
    assert (got.line, got.op, got.entity_id, got.source_key) == (7, "upsert", SOEST, "soest")
    assert got.key == "openbesluitvorming:" + SOEST
    assert got.title == "Raadsvoorstel begroting 2024"
    assert got.name == "Raadsvoorstel begroting 2024.pdf"
    assert got.urls == ("https://api.notubiz.nl/document/12345/2",)
    assert got.pages == ()  # the export never inlines the text
    # 23:00 UTC on 6 November is midnight in Soest: the meeting of 7 November
    assert got.date == "2024-11-07"
    assert got.date_basis.startswith("openbesluitvorming last_discussed_at")
    assert municipality(got) == "Soest"


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2024-11-06T23:00:00.000Z", "2024-11-07"),
        ("2024-06-30T22:30:00Z", "2024-07-01"),  # summer time: UTC+2
        ("2024-06-30T21:30:00Z", "2024-06-30"),
        ("2025-01-14T19:30:00+01:00", "2025-01-14"),
        ("2026-08-19 19:30:00", "2026-08-19"),  # a naive Notubiz time is Dutch wall clock
        ("2024-02-30", None),
        ("gisteren", None),
    ],
)
def test_timestamps_are_read_as_dutch_dates(value: str, day: str | None) -> None:
    assert dutch_date(value) == day


def test_lines_that_are_no_document_are_named_by_their_line(tmp_path: Path) -> None:
    path = tmp_path / "soest.ndjson"
    good = record(1, SOEST, document("Brief", "soest", url="https://example.org/brief.pdf"))
    lines = [
        json.dumps(good),
        '{"seq": 2, "op": "upsert", "entity_id": "document:notubiz:gemeente:soest:2", "payload": {',
        "",
        json.dumps(record(3, "meeting:notubiz:gemeente:soest:830424", {"type": "Meeting", "name": "Raad"})),
        json.dumps(record(4, "document:notubiz:gemeente:soest:4", document("Leeg", "soest"))),
        json.dumps({"seq": 5, "op": "upsert", "payload": {"type": "Document", "name": "zonder id"}}),
        json.dumps(record(6, "document:notubiz:gemeente:soest:6", None)),
        json.dumps({**record(7, "document:notubiz:gemeente:soest:7", None), "op": "merge"}),
        "[1, 2]",
    ]
    path.write_bytes("\n".join(lines).encode() + b"\n\xff\xfe{}\n")
    got = list(read_export(path))
    assert [g.line for g in got] == [1, 2, 4, 5, 6, 7, 8, 9, 10]  # the blank line 3 is passed over
    assert isinstance(got[0], Record) and got[0].entity_id == SOEST
    skipped = {g.line: g for g in got if isinstance(g, Skipped)}
    assert skipped[2].reason.startswith("geen JSON")
    assert skipped[4].entity_type == "Meeting" and not skipped[4].reason
    assert skipped[5].reason.endswith("geen tekst en geen URL van het document")
    assert skipped[6].reason == "geen entity_id"
    assert skipped[7].reason.endswith("upsert zonder payload")
    assert "merge" in skipped[8].reason
    assert skipped[9].reason == "geen JSON-object maar list"
    assert skipped[10].reason == "geen UTF-8-tekst"


def test_a_delete_record_needs_no_payload() -> None:
    got = parse_line(json.dumps(record(9, SOEST, None, op="delete")), 1)
    assert isinstance(got, Record) and got.op == "delete" and got.key == "openbesluitvorming:" + SOEST


def test_entity_commit_events_and_classic_media_objects_are_read() -> None:
    event = {
        "specversion": "1.0",
        "type": "entity.commit",
        "source": "woozi",
        "id": "evt-1",
        "time": "2026-07-10T12:00:00.000Z",
        "subject": SOEST,
        "datacontenttype": "application/json",
        "data": {
            "entity_type": "Document",
            "entity_id": SOEST,
            "commit_id": "c1",
            "op": "upsert",
            "mode": "replace",
            "schema_name": "Document",
            "schema_version": "v1alpha1",
            "content_hash": "sha256:00",
            "source": {"supplier": "notubiz", "source": "soest"},
            "payload": {
                "id": SOEST,
                "type": "Document",
                "name": "Brief",
                "md_text": ["# Kop\n\n**Vet** woord"],
            },
        },
    }
    got = parse_line(json.dumps(event), 1)
    assert isinstance(got, Record) and got.source_key == "soest"
    assert got.pages == ("Kop\n\nVet woord",)  # markdown marks are no letter text
    classic = {
        "@id": "131071",
        "@type": "MediaObject",
        "name": "Raadsinformatiebrief",
        "has_organization_name": "Hof van Twente",
        "organization": "12345",
        "text": ["pagina een", "pagina twee"],
        "original_url": "https://example.org/rib.pdf",
    }
    got = parse_line(json.dumps(classic), 3)
    assert isinstance(got, Record) and got.entity_id == "131071"
    assert got.pages == ("pagina een", "pagina twee")
    assert municipality(got) == "Hof van Twente"  # the label, not the numeric organisation id


@pytest.mark.parametrize(
    ("key", "inferred", "council"),
    [
        ("den_helder", None, "Den Helder"),
        ("oude_ijsselstreek", None, "Oude IJsselstreek"),
        ("den_haag", "Den Haag", "Den Haag"),
        ("sgravenhage", "'s-Gravenhage", "'s-Gravenhage"),  # spelled as the letter spells it
        ("amsterdam", "Bezoele Am", "Amsterdam"),  # a misread letterhead loses to the organisation
        (None, "Utrecht", "Utrecht"),
    ],
)
def test_the_council_comes_from_the_organisation(key: str | None, inferred: str | None, council: str) -> None:
    assert municipality(Record(1, "document:x:gemeente:x:1", "upsert", source_key=key), inferred) == council


def test_a_local_copy_is_found_by_entity_id_or_url_file_name(tmp_path: Path) -> None:
    by_version = Record(1, SOEST, "upsert", urls=("https://api.notubiz.nl/document/12345/2",))
    (tmp_path / "2").write_bytes(b"%PDF-1.4 another document's version 2")
    assert local_copy(by_version, tmp_path) is None  # a version number is no file name
    (tmp_path / "document_notubiz_gemeente_soest_12345.pdf").write_bytes(b"%PDF-1.4")
    assert local_copy(by_version, tmp_path).name == "document_notubiz_gemeente_soest_12345.pdf"
    by_name = Record(
        1, "document:ibabs:gemeente:soest:9", "upsert", urls=("https://x.nl/files/RIB%2012.pdf",)
    )
    (tmp_path / "RIB 12.pdf").write_bytes(b"%PDF-1.4")
    assert local_copy(by_name, tmp_path).name == "RIB 12.pdf"


# ---------------------------------------------------------------- into the store (SQLite, PostgreSQL)

AMS_FATBIKES = "document:ibabs:gemeente:amsterdam:5f1c2d0e-fatbikes"
AMS_TWIN = "document:ibabs:gemeente:amsterdam:77aa09b1-fatbikes-bijlage"
AMS_KINDERRAAD = "document:ibabs:gemeente:amsterdam:0b3e9f44-kinderraad"
AMS_WOUSTRAAT = "document:ibabs:gemeente:amsterdam:c41d7a2e-woustraat"
DH_KWARTIER = "document:notubiz:gemeente:den_haag:15079093"
DH_ELSEWHERE = "document:notubiz:gemeente:den_haag:15080001"
DH_FORBIDDEN = "document:notubiz:gemeente:den_haag:15080002"


def snapshot(tmp_path: Path) -> tuple[Path, Path]:
    """An Amsterdam and Den Haag snapshot: three letters with their text inline (`text` page by page;
    `md_text`), one only at its URL with a local PDF, one only at its URL without, the first letter
    again under another id, a line cut off mid-record and a meeting."""
    pdf_dir = tmp_path / "pdf"
    pdf_dir.mkdir()
    shutil.copy(shared_path(KWARTIER), pdf_dir / (DH_KWARTIER.replace(":", "_") + ".pdf"))
    # a download that went wrong: the supplier's error page saved under the document's name
    error_page = b"<html><body><h1>403 Forbidden</h1>U moet een token doorgeven</body></html>"
    (pdf_dir / (DH_FORBIDDEN.replace(":", "_") + ".pdf")).write_bytes(error_page)
    fatbikes = document(
        "Schriftelijke vragen fatbikes",
        "amsterdam",
        date_modified="2023-08-21T22:15:00.000Z",
        text=pages_of(FATBIKES),
    )
    woustraat = document(
        "Voorkeursbesluit Van Woustraat-Noord",
        "amsterdam",
        last_discussed_at="2021-11-10T18:00:00.000Z",
        text=pages_of(WOUSTRAAT),
    )
    kinderraad = document(
        "Beantwoording advies Kinderraad",
        "amsterdam",
        last_discussed_at="2023-09-06T12:00:00.000Z",
        md_text=["# " + page for page in pages_of(KINDERRAAD)],
    )
    kwartier = document(
        "Tussenbericht motie Joods Cultureel Kwartier",
        "den_haag",
        url="https://api.notubiz.nl/document/15079093/1",
        last_discussed_at="2025-05-08T22:00:00.000Z",
    )
    elsewhere = document(
        "Raadsvoorstel Pletterijkade 50",
        "den_haag",
        url="https://api.notubiz.nl/document/15080001/1",
        last_discussed_at="2025-06-16T22:00:00.000Z",
    )
    path = write_ndjson(
        tmp_path / "snapshot.ndjson",
        [
            record(1, AMS_FATBIKES, fatbikes),
            record(2, AMS_KINDERRAAD, kinderraad),
            record(3, DH_KWARTIER, kwartier),
            record(4, DH_ELSEWHERE, elsewhere),
            record(5, AMS_TWIN, {**fatbikes, "name": "Bijlage: schriftelijke vragen"}),
            json.dumps(record(6, "document:ibabs:gemeente:amsterdam:cut", fatbikes))[:300],
            record(7, "meeting:notubiz:gemeente:den_haag:830424", {"type": "Meeting", "name": "Raad"}),
            record(8, AMS_WOUSTRAAT, woustraat),
            record(
                9, DH_FORBIDDEN, {**elsewhere, "original_url": "https://api.notubiz.nl/document/15080002/1"}
            ),
        ],
    )
    return path, pdf_dir


def test_a_snapshot_is_stored_once_with_its_council_and_date(db_url: str, tmp_path: Path) -> None:
    path, pdf_dir = snapshot(tmp_path)
    result = run(str(path), "--pdf-dir", str(pdf_dir), "--db", db_url)
    assert result.exit_code == 1, result.output  # the cut-off line
    assert f"{path}:6: geen JSON" in result.stderr
    assert f"Fout: {path}:9: {DH_FORBIDDEN}: " in result.stderr  # no letter stored from an error page
    assert "Traceback" not in result.output
    assert f"{path}:4: {DH_ELSEWHERE}: overgeslagen: PDF niet lokaal; haal het eerst op" in result.stdout
    assert f"{path}:5: {AMS_TWIN}: dubbel: dezelfde inhoud staat al opgeslagen" in result.stdout
    assert (
        "4 opgeslagen, 1 dubbel, 1 mislukt" in result.stdout and "geen document: 1 Meeting" in result.stdout
    )

    docs = stored(db_url)
    key = "openbesluitvorming:"
    assert set(docs) == {key + k for k in (AMS_FATBIKES, AMS_KINDERRAAD, AMS_WOUSTRAAT, DH_KWARTIER)}
    fatbikes, kinderraad, woustraat, kwartier = (
        docs[key + k] for k in (AMS_FATBIKES, AMS_KINDERRAAD, AMS_WOUSTRAAT, DH_KWARTIER)
    )
    # the text page by page
    assert fatbikes["page_count"] == 3 and kinderraad["page_count"] == len(pages_of(KINDERRAAD)) == 4
    assert (fatbikes["format"], kwartier["format"]) == ("txt", "pdf")
    # the council of the organisation, also where the letterhead is misread ("Gemeente Bezoele
    # Am ste rda m"); Den Haag as the letter spells it
    assert {d["municipality"] for d in (fatbikes, kinderraad, woustraat)} == {"Amsterdam"}
    assert kwartier["municipality"] == "Den Haag"
    # the letter's own date wins (letterhead "Datum g augustus 2023"); where the letter has none it
    # can read ("Datum 22 AUYUStUs 2023"), the export's date in Dutch time (22:15 UTC is 0:15 in August)
    assert (kinderraad["date"], kinderraad["date_basis"].split(":")[0]) == ("2023-08", "letterhead")
    assert fatbikes["date"] == "2023-08-22"
    assert fatbikes["date_basis"].startswith("openbesluitvorming date_modified")
    # the letterhead's onderwerp, else the export's name (not the first line, "Beslvitnummer 2021-267")
    assert kinderraad["title"] == "Beantwoording advies Kinderraad over Verkeersveiligheid"
    assert woustraat["title"] == "Voorkeursbesluit Van Woustraat-Noord"
    assert kwartier["source"] == "https://api.notubiz.nl/document/15079093/1"
    store = Store(db_url)
    try:
        kinderraad_text = store.document_at(key + AMS_KINDERRAAD).text
        counts = store.counts()
        assert store.sentences(kwartier["id"]) and store.facts(doc=kwartier["name"])
    finally:
        store.close()
    assert "# " not in kinderraad_text and "Kinderraad" in kinderraad_text

    again = run(str(path), "--pdf-dir", str(pdf_dir), "--db", db_url)
    assert "1 dubbel, 4 ongewijzigd, 1 mislukt" in again.stdout and "opgeslagen," not in again.stdout
    store = Store(db_url)
    try:
        assert store.counts() == counts
    finally:
        store.close()


def test_a_changes_file_replaces_and_deletes(db_url: str, tmp_path: Path) -> None:
    pages = pages_of(FATBIKES)
    fatbikes = document("Schriftelijke vragen fatbikes", "amsterdam", text=pages)
    kinderraad = document("Kinderraad", "amsterdam", text=pages_of(KINDERRAAD))
    first = write_ndjson(
        tmp_path / "snapshot.ndjson",
        [record(1, AMS_FATBIKES, fatbikes), record(2, AMS_KINDERRAAD, kinderraad)],
    )
    assert run(str(first), "--db", db_url).exit_code == 0
    corrected = [*pages[:-1], pages[-1] + "\nDe fractie vraagt het college binnen 30 dagen te antwoorden.\n"]
    changes = write_ndjson(
        tmp_path / "changes.ndjson",
        [
            record(8, AMS_FATBIKES, {**fatbikes, "text": corrected}),
            record(9, AMS_KINDERRAAD, None, op="delete"),
            record(10, "document:ibabs:gemeente:amsterdam:never-stored", None, op="delete"),
        ],
    )
    result = run(str(changes), "--db", db_url)
    assert result.exit_code == 0, result.output
    assert "1 vervangen, 1 verwijderd" in result.stdout
    assert f"{changes}:2: {AMS_KINDERRAAD}: verwijderd (stond opgeslagen als Kinderraad" not in result.stdout
    assert (
        f"{changes}:2: {AMS_KINDERRAAD}: verwijderd (stond opgeslagen als {AMS_KINDERRAAD})" in result.stdout
    )
    docs = stored(db_url)
    assert list(docs) == ["openbesluitvorming:" + AMS_FATBIKES]
    store = Store(db_url)
    try:
        assert "binnen 30 dagen te antwoorden" in store.document_at("openbesluitvorming:" + AMS_FATBIKES).text
    finally:
        store.close()


def test_an_imported_letter_is_stored_as_an_ingested_one(db_url: str, tmp_path: Path) -> None:
    from raadsbrieven.pipeline import ingest

    letter = shared_path(FATBIKES)
    ingested = Store(f"sqlite:///{tmp_path / 'ingested.db'}")
    assert ingest([letter], ingested, embed=False).count("stored") == 1
    path = write_ndjson(
        tmp_path / "export.ndjson",
        [record(1, AMS_FATBIKES, document("Fatbikes", "amsterdam", text=pages_of(FATBIKES)))],
    )
    assert run(str(path), "--db", db_url).exit_code == 0
    imported = Store(db_url)
    try:
        a, b = ingested.documents()[0], imported.documents()[0]
        assert a.text == b.text

        def facts(store: Store) -> list[tuple]:
            return sorted((f.kind, f.page, f.text, f.low, f.high, f.unit, f.period) for f in store.facts())

        assert [s["text"] for s in ingested.sentences()] == [s["text"] for s in imported.sentences()]
        assert facts(ingested) == facts(imported) and facts(imported)
    finally:
        ingested.close()
        imported.close()


def test_imported_letters_feed_the_registers(db_url: str, tmp_path: Path) -> None:
    from raadsbrieven.registers import register_of
    from raadsbrieven.registers.moties import store_register

    pdf_dir = tmp_path / "pdf"
    pdf_dir.mkdir()
    lines = []
    for n, (relative, day) in enumerate([(SENIOREN_TUSSEN, "2025-03-26"), (SENIOREN_AF, "2025-05-05")], 1):
        letter = shared_path(relative)
        shutil.copy(letter, pdf_dir / letter.name)
        payload = document(
            letter.stem,
            "den_haag",
            url=f"https://denhaag.raadsinformatie.nl/document/{letter.name}",
            last_discussed_at=f"{day}T22:00:00.000Z",
        )
        lines.append(record(n, f"document:notubiz:gemeente:den_haag:{n}", payload))
    result = run(
        str(write_ndjson(tmp_path / "denhaag.ndjson", lines)), "--pdf-dir", str(pdf_dir), "--db", db_url
    )
    assert result.exit_code == 0, result.output
    store = Store(db_url)
    try:
        motie = next(e for e in store_register(store) if e.number == "RIS321233")
        assert [(a["kind"], a["date"]) for a in motie.answers] == [
            ("tussenbericht", "2025-03-27"),
            ("afdoening", "2025-05-06"),
        ]
        promise = next(e for e in register_of(store, "2025-12-01") if e.deadline == "2025-Q2")
        assert promise.status == "afgedaan"
    finally:
        store.close()


def test_the_same_pdf_ingested_later_is_a_duplicate_not_a_move(tmp_path: Path) -> None:
    """An imported letter never was a file here: the same bytes in a file are a duplicate of it, and
    the imported letter keeps its key (it did not 'move' to the file)."""
    from raadsbrieven.pipeline import ingest

    pdf_dir = tmp_path / "pdf"
    pdf_dir.mkdir()
    local = pdf_dir / (DH_KWARTIER.replace(":", "_") + ".pdf")
    shutil.copy(shared_path(KWARTIER), local)
    kwartier = document("Tussenbericht", "den_haag", url="https://api.notubiz.nl/document/15079093/1")
    path = write_ndjson(tmp_path / "export.ndjson", [record(1, DH_KWARTIER, kwartier)])
    db = f"sqlite:///{tmp_path / 'import.db'}"
    assert run(str(path), "--pdf-dir", str(pdf_dir), "--db", db).exit_code == 0
    store = Store(db)
    try:
        (before,) = store.documents()
        outcome = ingest([shared_path(KWARTIER)], store, embed=False).outcomes[0]
        assert outcome.status == "duplicate", outcome
        (after,) = store.documents()
        assert (after.id, after.path) == (before.id, before.path)
        assert after.path.startswith("openbesluitvorming:")
    finally:
        store.close()
