"""The griffie's own toezeggingenlijst: import (XLSX, CSV, bad files) and the comparison with the register.

The list is built in the test in the shape of a real export (a title row above realistic Dutch headers,
dates as Excel dates, the griffie's own wording and numbering) from toezeggingen of corpus/ letter 001
(862, 877, 926) and Den Haag letters of ../shared/letters-more, with a deliberate difference of each
type: a status that differs, a toezegging only on the list, one only in the letters.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from raadsbrieven.cli import main
from raadsbrieven.registers import toezeggingen_register
from raadsbrieven.registers.griffie import (
    ONLY_LETTERS,
    ONLY_LIST,
    SAME,
    STATUS_DIFFERS,
    ListRow,
    RegisterFileError,
    compare,
    entry_context,
    normalise_status,
    parse_mapping,
    read_register,
    rows_from_store,
)
from raadsbrieven.store import Store
from tests.conftest import shared_path

TODAY = "2025-08-01"
DEN_HAAG = (
    "denhaag_raadsbrief_2025-01-14_preadvies-initiatiefvoorstel-leesniveau.pdf",
    "denhaag_raadsbrief_2025-05-13_afdoening-motie-mobiel-stemmen.pdf",
    "denhaag_raadsbrief_2025-06-10_afdoening-motie-ov-kijkduin.pdf",
)
HEADERS = [
    "Nr.",
    "Datum vergadering",
    "Portefeuillehouder",
    "Omschrijving toezegging",
    "Beleidsveld",
    "Afdoeningstermijn",
    "Status",
    "Stand van zaken",
]


# ------------------------------------------------------------------ the letters and the list


@pytest.fixture(scope="module")
def letters_db(corpus_db: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """corpus/ (already ingested) plus three Den Haag letters, in a private copy."""
    from raadsbrieven.pipeline import ingest

    paths = [shared_path(f"letters-more/{name}") for name in DEN_HAAG]
    target = tmp_path_factory.mktemp("griffie") / "letters.db"
    shutil.copy(corpus_db.removeprefix("sqlite:///"), target)
    url = f"sqlite:///{target}"
    store = Store(url)
    report = ingest(paths, store, embed=False)
    assert not report.failed, [o.message for o in report.failed]
    store.close()
    return url


@pytest.fixture(scope="module")
def entries(letters_db: str) -> list:
    store = Store(letters_db)
    try:
        return toezeggingen_register(store.iter_facts(["toezegging"]), TODAY)
    finally:
        store.close()


def said(entry) -> str:  # noqa: ANN001
    return " ".join([entry.what or ""] + [m.sentence for m in entry.mentions])


def find(entries: list, number: str | None = None, words: str | None = None, doc: str | None = None):  # noqa: ANN201
    for e in entries:
        if number and number in [e.number, *getattr(e, "numbers", [])]:
            return e
        if (
            words
            and re.search(words, said(e), re.I)
            and (doc is None or any(doc in m.doc for m in e.mentions))
        ):
            return e
    raise AssertionError(f"no register entry for {number or words!r}")


def flipped(status: str) -> str:
    """A list status that disagrees with the register's."""
    return "Open" if status == "afgedaan" else "Afgedaan"


def as_written(status: str) -> str:
    """The register's status as a griffie writes it on its list."""
    return {"afgedaan": "Afgehandeld", "verlopen": "Open", "in behandeling": "Lopend"}.get(status, "Open")


def list_rows(entries: list) -> list[list]:
    """The griffie's list: its own wording and numbering, one deliberate difference of each type."""
    t862, t877 = find(entries, "862"), find(entries, "877")
    t926 = find(entries, "926")
    stemmen = find(entries, words=r"mobiel stembureau")
    kijkduin = find(entries, words=r"resultaten van beide onderzoeken")
    return [
        [
            "862",
            datetime(2025, 1, 30),
            "Wethouder De Vries",
            "Wethouder De Vries informeert de raad over het rendement van collectief werken",
            "Zorg en welzijn",
            None,
            flipped(t862.status),  # deliberate: the list disagrees with the letters
            "Wordt meegenomen in de raadsbrief hervormingen.",
        ],
        [
            "877",
            datetime(2025, 1, 30),
            "Wethouder Diepstraten",
            "Technische sessie over de ondergrens bij Jeugd en Wmo",
            "Zorg en welzijn",
            datetime(2025, 6, 24),
            as_written(t877.status),
            None,
        ],
        [
            "926",
            datetime(2025, 3, 6),
            "Wethouder Diepstraten",
            "In een technische sessie dilemma's van de ondergrens verder verdiepen met de raad",
            "Zorg en welzijn",
            "24 juni 2025",
            as_written(t926.status),
            None,
        ],
        [
            "TZ-2025-031",  # the griffie's own numbering: matched by what it says
            datetime(2025, 5, 13),
            "Burgemeester Van Zanen",
            "Inzet van een mobiel stembureau dat tijdens de gemeenteraadsverkiezing 2026 door de stad rijdt",
            "Bestuur",
            "maart 2026",
            as_written(stemmen.status),
            None,
        ],
        [
            "TZ-2025-044",
            datetime(2025, 6, 10),
            "Wethouder Van Asten",
            "De resultaten van de onderzoeken naar een volwaardige OV-verbinding voor Kijkduin "
            "delen met de raad",
            "Mobiliteit",
            "Q4 2025",
            flipped(kijkduin.status),  # deliberate
            None,
        ],
        [
            "1043",  # deliberate: on the list, in no letter
            datetime(2025, 2, 13),
            "Wethouder Van Asten",
            "Evaluatie van het parkeerbeleid in Scheveningen Bad aan de raad sturen",
            "Mobiliteit",
            "voor de zomer",
            "Open",
            None,
        ],
    ]


def write_xlsx(path: Path, rows: list[list], headers: list[str] = HEADERS, title: bool = True) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Toezeggingen"
    if title:  # a real export starts with a title and a blank line
        ws.append(["Toezeggingenlijst gemeenteraad, stand per 1 augustus 2025"])
        ws.append([])
    ws.append(headers)
    for row in rows:
        ws.append(row)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, datetime):
                cell.number_format = "dd-mm-yyyy"
    wb.save(path)
    return path


def write_csv(path: Path, rows: list[list], headers: list[str] = HEADERS) -> Path:
    """As Excel saves a Dutch CSV: semicolons, Windows-1252, dates as dd-mm-jjjj."""

    def cell(v: object) -> str:
        return v.strftime("%d-%m-%Y") if isinstance(v, datetime) else ("" if v is None else str(v))

    lines = [";".join(headers)] + [";".join(cell(v) for v in row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


# ------------------------------------------------------------------ reading


def test_an_xlsx_export_is_read_with_its_columns_guessed(tmp_path: Path, entries: list) -> None:
    result = read_register(write_xlsx(tmp_path / "Toezeggingenlijst raad 2025.xlsx", list_rows(entries)))
    assert result.name == "Toezeggingenlijst raad 2025.xlsx"
    assert result.header_row == 3  # below the title and the blank line
    assert result.columns == {
        "number": "Nr.",
        "made": "Datum vergadering",
        "who": "Portefeuillehouder",
        "what": "Omschrijving toezegging",
        "field": "Beleidsveld",
        "deadline": "Afdoeningstermijn",
        "status": "Status",
        "note": "Stand van zaken",
    }
    assert [r.number for r in result.rows] == ["862", "877", "926", "TZ-2025-031", "TZ-2025-044", "1043"]
    first, second, third, fourth, _, last = result.rows
    assert first.row == 4 and first.made == "2025-01-30" and first.who == "Wethouder De Vries"
    assert second.deadline == "2025-06-24" and third.deadline == "2025-06-24"
    assert second.deadline_text == "24-06-2025" and third.deadline_text == "24 juni 2025"
    assert fourth.deadline == "2026-03" and fourth.field == "Bestuur"
    assert last.deadline_text == "voor de zomer" and last.deadline and last.deadline.startswith("2025")
    assert last.status == "open"


def test_a_dutch_csv_reads_the_same_as_the_xlsx(tmp_path: Path, entries: list) -> None:
    rows = list_rows(entries)
    xlsx = read_register(write_xlsx(tmp_path / "lijst.xlsx", rows))
    csv = read_register(write_csv(tmp_path / "lijst.csv", rows))
    assert csv.header_row == 1
    strip = [{k: v for k, v in r.to_dict().items() if k != "row"} for r in xlsx.rows]
    assert [{k: v for k, v in r.to_dict().items() if k != "row"} for r in csv.rows] == strip


def test_statuses_as_griffies_write_them() -> None:
    assert normalise_status("Afgehandeld") == "afgedaan"
    assert normalise_status("AFGEDAAN") == "afgedaan"
    assert normalise_status("Lopend") == "in behandeling"
    assert normalise_status("Openstaand") == "open"
    assert normalise_status("Termijn verstreken") == "verlopen"
    assert normalise_status("zie toelichting") is None


def test_map_names_a_column_the_guess_misses(tmp_path: Path) -> None:
    headers = ["Volgnr", "Wat is toegezegd", "Status"]
    path = write_xlsx(
        tmp_path / "eigen.xlsx", [["7", "De raad informeren over de wachtlijsten", "open"]], headers
    )
    with pytest.raises(RegisterFileError) as err:
        read_register(path)
    assert "eigen.xlsx" in str(err.value) and "Volgnr, Wat is toegezegd, Status" in str(err.value)
    result = read_register(path, parse_mapping(["Toezegging=Wat is toegezegd", "Nummer=Volgnr"]))
    assert [(r.number, r.what, r.status) for r in result.rows] == [
        ("7", "De raad informeren over de wachtlijsten", "open")
    ]
    with pytest.raises(ValueError, match="unknown field 'Onderwerpje'"):
        parse_mapping(["Onderwerpje=Wat"])


@pytest.mark.parametrize(
    ("name", "content", "problem", "dutch"),
    [
        ("leeg.xlsx", b"", "is empty", "is leeg"),
        ("leeg.csv", b"\r\n\r\n", "is empty", "is leeg"),
        ("brief.pdf", b"%PDF-1.7\n...", "is a PDF", "is een PDF"),
        (
            "oud.xls",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,
            "old Excel file",
            "oud Excel-bestand",
        ),
        ("plaatje.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a spreadsheet", "geen spreadsheet"),
        (
            "verkeerd.csv",
            b"Naam;Adres;Woonplaats\r\nJan;Spui 70;Den Haag\r\n",
            "has no column for the toezegging itself; its columns are: Naam, Adres, Woonplaats",
            "heeft geen kolom met de toezegging zelf",
        ),
        (
            "alleen kop.csv",
            b"Nummer;Toezegging;Status\r\n",
            "has a header but no toezeggingen",
            "geen toezeggingen",
        ),
    ],
)
def test_a_bad_file_gets_a_message_not_a_traceback(
    tmp_path: Path, name: str, content: bytes, problem: str, dutch: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(RegisterFileError) as err:
        read_register(path)
    assert problem in err.value.problem and name in str(err.value)
    assert err.value.dutch.startswith(name) and dutch in err.value.dutch
    result = CliRunner().invoke(main, ["register", "import", str(path), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"Fout: {err.value.dutch}" in result.output  # the CLI speaks Dutch


def test_a_word_document_is_not_a_list(tmp_path: Path) -> None:
    """A .docx (a ZIP with word/document.xml), as a clerk might save the list by mistake."""
    import zipfile

    path = tmp_path / "Toezeggingenlijst.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document><w:body>Toezegging 862</w:body></w:document>")
    result = CliRunner().invoke(main, ["register", "import", str(path), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "Toezeggingenlijst.docx: is een Word-document (.docx), geen spreadsheet" in result.output
    missing = CliRunner().invoke(main, ["register", "import", str(tmp_path / "weg.xlsx")])
    assert missing.exit_code == 1 and "weg.xlsx: bestaat niet" in missing.output


# ------------------------------------------------------------------ storing


def test_a_list_is_stored_once_per_file_name_and_replaced_on_import(store: Store) -> None:
    rows = [ListRow(row=2, number="1", what="De raad informeren", status="open", status_text="Open")]
    store.save_griffie_list(
        "lijst.xlsx", [r.to_dict() for r in rows], {"what": "Toezegging"}, "/x/lijst.xlsx"
    )
    store.save_griffie_list("ander.csv", [r.to_dict() for r in rows * 2], {"what": "Omschrijving"})
    newer = [
        ListRow(row=2, number="1", what="De raad informeren", status="afgedaan", status_text="Afgedaan"),
        ListRow(row=3, number="2", what="Een tweede toezegging", deadline="2025-Q3", deadline_text="Q3 2025"),
    ]
    store.save_griffie_list("lijst.xlsx", [r.to_dict() for r in newer], {"what": "Toezegging"})
    lists = {x["name"]: x for x in store.griffie_lists()}
    assert {n: x["rows"] for n, x in lists.items()} == {"ander.csv": 2, "lijst.xlsx": 2}
    assert lists["lijst.xlsx"]["columns"] == {"what": "Toezegging"}
    back = rows_from_store(store.griffie_rows("lijst.xlsx"))
    assert back == newer
    assert store.delete_griffie_list("ander.csv") and not store.delete_griffie_list("ander.csv")
    assert [x["name"] for x in store.griffie_lists()] == ["lijst.xlsx"]


# ------------------------------------------------------------------ comparing


def by_row(diffs: list) -> dict[int, object]:
    return {d.list_row: d for d in diffs if d.list_row is not None}


def test_compare_finds_each_kind_of_difference(tmp_path: Path, letters_db: str, entries: list) -> None:
    result = read_register(write_xlsx(tmp_path / "lijst.xlsx", list_rows(entries)))
    store = Store(letters_db)
    try:
        context = entry_context(store, entries)
    finally:
        store.close()
    diffs = compare(result.rows, entries, "lijst.xlsx", include_same=True, context=context)
    rows = by_row(diffs)
    t862, t877 = find(entries, "862"), find(entries, "877")
    stemmen = find(entries, words=r"mobiel stembureau")
    kijkduin = find(entries, words=r"resultaten van beide onderzoeken")

    # 862: matched by number, the status differs, and the message names the letter it rests on
    d = rows[4]
    assert (d.kind, d.key, d.matched_by) == (STATUS_DIFFERS, t862.key, "nummer")
    assert d.doc == "001_c92f4c90ef915183.txt"
    assert d.message == f"lijst: {flipped(t862.status)} — brief van mei 2025: {t862.status}"
    # 877 and 926: by number, the same status
    assert (rows[5].kind, rows[5].key) == (SAME, t877.key)
    assert rows[6].kind == SAME and rows[6].key == find(entries, "926").key
    # the griffie's own numbers: matched by what the toezegging says
    assert (rows[7].kind, rows[7].key, rows[7].matched_by) == (SAME, stemmen.key, "inhoud")
    d = rows[8]
    assert (d.kind, d.key, d.matched_by) == (STATUS_DIFFERS, kijkduin.key, "inhoud")
    assert d.message == f"lijst: {flipped(kijkduin.status)} — brief van 10 juni 2025: {kijkduin.status}"
    # on the list, in no letter
    assert rows[9].kind == ONLY_LIST and rows[9].key is None
    assert rows[9].message == (
        "lijst, toezegging 1043 — geen brief noemt haar: "
        "Evaluatie van het parkeerbeleid in Scheveningen Bad aan de raad sturen"
    )
    # in the letters, not on the list: every other entry, once, with the letter it was made in
    only_letters = [d for d in diffs if d.kind == ONLY_LETTERS]
    matched = {rows[i].key for i in (4, 5, 6, 7, 8)}
    assert {d.key for d in only_letters} == {e.key for e in entries} - matched
    leesniveau = find(entries, words=r"onderzoekt de mogelijkheden", doc="leesniveau")
    d = next(d for d in only_letters if d.key == leesniveau.key)
    assert d.doc == DEN_HAAG[0] and d.sentence and "in Q2" in d.sentence
    assert d.message.startswith("brief van 14 januari 2025 — niet op de lijst: ")
    # without include_same the agreeing rows are left out
    assert {d.list_row for d in compare(result.rows, entries, context=context)} == {4, 8, 9, None}


def test_content_matching_needs_shared_words_not_any_words() -> None:
    """A list row about something else is not forced onto an entry that shares a stopword or two."""
    from raadsbrieven.registers.register import Mention, ToezeggingEntry

    entry = ToezeggingEntry(
        key="Uabc",
        number=None,
        what="de raad informeren over de wachttijden bij Lokalis",
        who="college",
        deadline="2021-Q2",
        status="open",
        first_seen="2021-02",
        last_seen="2021-02",
        mentions=[
            Mention("000.txt", "2021-02", None, "Wij informeren de raad over de wachttijden bij Lokalis.")
        ],
    )
    rows = [
        ListRow(row=2, number=None, what="Informeren over de wachttijden bij Lokalis", status="open"),
        ListRow(row=3, number=None, what="De raad informeren over de kosten van de Wmo-taxi", status="open"),
    ]
    diffs = compare(rows, [entry], include_same=True)
    assert [(d.list_row, d.kind, d.key) for d in diffs] == [(3, ONLY_LIST, None), (2, SAME, "Uabc")]


# ------------------------------------------------------------------ the commands


def test_import_and_compare_commands(tmp_path: Path, letters_db: str, entries: list) -> None:
    db = tmp_path / "db.sqlite"
    shutil.copy(letters_db.removeprefix("sqlite:///"), db)
    path = write_xlsx(tmp_path / "Toezeggingenlijst.xlsx", list_rows(entries))
    runner = CliRunner()
    first = runner.invoke(main, ["register", "import", str(path), "--db", str(db)])
    assert first.exit_code == 0, first.output
    assert "Toezeggingenlijst.xlsx: 6 toezeggingen ingelezen (kopregel op regel 3;" in first.output
    assert "Toezegging = 'Omschrijving toezegging'" in first.output
    assert "Opgeslagen als lijst 'Toezeggingenlijst.xlsx'" in first.output
    again = runner.invoke(main, ["register", "import", str(path), "--db", str(db)])
    assert "De lijst vervangen: 'Toezeggingenlijst.xlsx'" in again.output
    assert [x["rows"] for x in Store(f"sqlite:///{db}").griffie_lists()] == [6]

    out = runner.invoke(main, ["register", "compare", "--db", str(db), "--today", TODAY, "--format", "jsonl"])
    assert out.exit_code == 0, out.output
    rows = [json.loads(line) for line in out.output.splitlines() if line.startswith("{")]
    kinds = {(r["list_row"], r["kind"]) for r in rows if r["list_row"]}
    assert kinds == {(4, STATUS_DIFFERS), (8, STATUS_DIFFERS), (9, ONLY_LIST)}
    assert any(r["kind"] == ONLY_LETTERS for r in rows)

    table = runner.invoke(main, ["register", "compare", "--db", str(db), "--today", TODAY])
    assert "lijst: " in table.output and "status verschilt" in table.output
    since = runner.invoke(
        main, ["register", "compare", "--db", str(db), "--since", "2025-01-01", "--format", "jsonl"]
    )
    later = [json.loads(line) for line in since.output.splitlines() if line.startswith("{")]
    # the afdoeningsbrief on OV Kijkduin only says what it delivers ("Hierbij informeert het college de
    # raad over de afdoening van de motie"): evidence for the motie, no promise of its own
    assert {r["doc"] for r in later if r["kind"] == ONLY_LETTERS} == {
        "001_c92f4c90ef915183.txt",
        *DEN_HAAG[:2],
    }
    assert len(later) < len(rows)  # the 2014 and 2021 letters of corpus/ are before the list's period

    xlsx = tmp_path / "verschillen.xlsx"
    made = runner.invoke(
        main,
        ["register", "compare", "--db", str(db), "--today", TODAY, "--format", "xlsx", "--out", str(xlsx)],
    )
    assert made.exit_code == 0, made.output
    from openpyxl import load_workbook

    ws = load_workbook(xlsx).active
    header = [c.value for c in ws[1]]
    assert header[:4] == ["Verschil", "Toelichting", "Lijst", "Rij"]
    assert ws.max_row == len(rows) + 1
    assert {ws.cell(r, 1).value for r in range(2, ws.max_row + 1)} == {
        STATUS_DIFFERS,
        ONLY_LIST,
        ONLY_LETTERS,
    }

    unknown = runner.invoke(main, ["register", "compare", "--db", str(db), "--list", "andere.xlsx"])
    assert unknown.exit_code == 1 and "Geen ingelezen lijst met de naam 'andere.xlsx'" in unknown.output


def test_compare_without_a_list_says_what_to_do(tmp_path: Path) -> None:
    out = CliRunner().invoke(main, ["register", "compare", "--db", str(tmp_path / "leeg.db")])
    assert out.exit_code == 1 and "raadsbrieven register import BESTAND" in out.output


def test_today_must_be_a_date(tmp_path: Path) -> None:
    out = CliRunner().invoke(
        main, ["register", "compare", "--db", str(tmp_path / "x.db"), "--today", "gisteren"]
    )
    assert out.exit_code == 2 and "'gisteren' is geen datum" in out.output
    assert date.fromisoformat(TODAY)


def test_the_toezegging_column_wins_over_a_short_subject(tmp_path: Path) -> None:
    """Notubiz-style: a short Onderwerp before the full Toezegging; Termijn and Wethouder as synonyms."""
    headers = ["Onderwerp", "Toezegging", "Wethouder", "Termijn", "Afgedaan"]
    row = ["Wachttijden", "De raad informeren over de wachttijden bij Lokalis", "De Vries", "Q3 2025", "Nee"]
    result = read_register(write_xlsx(tmp_path / "notubiz.xlsx", [row], headers, title=False))
    assert result.columns == {
        "what": "Toezegging",
        "who": "Wethouder",
        "deadline": "Termijn",
        "status": "Afgedaan",
    }
    assert result.ignored == ["Onderwerp"]
    (r,) = result.rows
    assert (r.what, r.who, r.deadline, r.status, r.status_text) == (
        row[1],
        "De Vries",
        "2025-Q3",
        "open",
        "Nee",
    )
