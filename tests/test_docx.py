"""Word letters (.docx): the letterhead in the section header, tables row by row, facts and date."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from raadsbrieven.cli import main
from raadsbrieven.ingest.read import ReadError, read_bytes, read_file
from raadsbrieven.store import Store

TOEZEGGING = (
    "Wethouder De Vries heeft toegezegd u voor 1 juli 2021 te informeren over de wachttijden in Overvecht."
)


def build_docx_letter(path: Path, *, header_letterhead: bool = True) -> Path:
    """A Word raadsinformatiebrief as a municipality's template makes it.

    The letterhead (Datum, Ons kenmerk, Onderwerp) is a table in the section header, as in many
    Word templates; the body has a percentage, a table of waiting lists per wijk, a money table
    whose header names the unit, and a toezegging.
    """
    from docx import Document

    doc = Document()
    letterhead = [
        ("Datum", "23 februari 2021"),
        ("Ons kenmerk", "8407467"),
        ("Onderwerp", "Wachttijden jeugdhulp"),
    ]
    if header_letterhead:
        header = doc.sections[0].header
        header.is_linked_to_previous = False
        header.paragraphs[0].text = "Gemeente Utrecht"
        _table(header.add_table(rows=0, cols=2, width=doc.sections[0].page_width // 2), letterhead)
    else:
        for label, value in letterhead:
            doc.add_paragraph(f"{label}\t{value}")
    doc.add_paragraph("Raadsinformatiebrief")
    doc.add_paragraph("Geachte leden van de raad,")
    doc.add_paragraph(
        "In 2020 kreeg 85% van de gezinnen binnen 5 werkdagen een kennismakingsgesprek met het buurtteam."
    )
    doc.add_paragraph("Het aantal wachtenden per wijk staat in de tabel hieronder.")
    _table(doc.add_table(rows=0, cols=3), [("Wijk", "2020", "2021"), ("Overvecht", "120", "135")])
    doc.add_paragraph("De kosten van de aanpak zijn als volgt verdeeld.")
    rows = [("Onderdeel", "Bedrag (x € 1.000)"), ("Jeugdhulp", "480"), ("Buurtteams", "1.250")]
    _table(doc.add_table(rows=0, cols=2), rows)
    doc.add_paragraph(TOEZEGGING)
    doc.add_paragraph("Met vriendelijke groet,")
    footer = doc.sections[0].footer
    footer.is_linked_to_previous = False
    footer.paragraphs[0].text = "Stadsplateau 1, 3521 AZ Utrecht, pagina 1 van 1"
    doc.save(path)
    return path


def _table(table, rows: list[tuple[str, ...]]) -> None:  # noqa: ANN001 - a python-docx table
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = value


def test_the_header_comes_first_and_table_rows_are_lines(tmp_path: Path) -> None:
    raw = read_file(build_docx_letter(tmp_path / "brief.docx"))
    assert raw.format == "docx" and len(raw.pages) == 1
    lines = [line.text for line in raw.pages[0].lines if line.text]
    assert lines[:4] == [
        "Gemeente Utrecht",
        "Datum 23 februari 2021",
        "Ons kenmerk 8407467",
        "Onderwerp Wachttijden jeugdhulp",
    ]
    assert "Overvecht 120 135" in lines and "Onderdeel Bedrag (x € 1.000)" in lines
    assert lines.index("Wijk 2020 2021") < lines.index("Overvecht 120 135") < lines.index(TOEZEGGING)
    assert not any("Stadsplateau" in line for line in lines), "the footer is left out"


def test_a_word_letter_is_ingested_with_its_facts_and_date(db_url: str, tmp_path: Path) -> None:
    letter = build_docx_letter(tmp_path / "raadsbrief.docx")
    result = CliRunner().invoke(main, ["ingest", str(tmp_path), "--db", db_url, "--quiet", "--no-embed"])
    assert result.exit_code == 0, result.output
    store = Store(db_url)
    doc = next(row for row in store.document_rows() if row["name"] == letter.name)
    facts = {(f.kind, f.text): f for f in store.facts(doc=letter.name)}
    store.close()
    assert doc["format"] == "docx" and doc["page_count"] == 1
    assert (doc["date"], doc["kenmerk"], doc["title"]) == ("2021-02-23", "8407467", "Wachttijden jeugdhulp")
    assert facts[("percentage", "85%")].period == "2020"
    assert facts[("duration", "binnen 5 werkdagen")].high == 5
    money = facts[("money", "480")]
    assert money.low == 480_000 and money.unit == "EUR" and not money.residue
    promise = next(f for (kind, _), f in facts.items() if kind == "toezegging")
    assert promise.sentence == TOEZEGGING and promise.deadline == "2021-07-01"
    assert promise.page is None  # a Word file has no pages to point to


def test_a_letterhead_in_the_body_with_tabs_is_read_too(tmp_path: Path) -> None:
    from raadsbrieven.ingest.clean import clean
    from raadsbrieven.ingest.describe import describe

    raw = read_file(build_docx_letter(tmp_path / "brief.docx", header_letterhead=False))
    described = describe(raw, clean(raw).text)
    assert (described.date, described.kenmerk) == ("2021-02-23", "8407467")


def test_a_damaged_word_file_is_named_as_such(tmp_path: Path) -> None:
    data = build_docx_letter(tmp_path / "brief.docx").read_bytes()
    import io
    import zipfile

    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(broken, "w") as dst:
        for item in src.infolist():
            content = src.read(item)
            dst.writestr(
                item, content[: len(content) // 2] if item.filename == "word/document.xml" else content
            )
    with pytest.raises(ReadError) as info:
        read_bytes(broken.getvalue(), "kapot.docx")
    assert str(info.value).startswith("the Word file is damaged")


NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml"'
)
DATE_FIELD = (  # a template's date picker: the date sits in a content control
    f'<w:p {NS}><w:r><w:t xml:space="preserve">Datum </w:t></w:r><w:sdt><w:sdtPr><w:date/></w:sdtPr>'
    "<w:sdtContent><w:r><w:t>23 februari 2021</w:t></w:r></w:sdtContent></w:sdt></w:p>"
)
TEXT_BOX = (  # a text box as Word saves it: the shape, and the same text again for older readers
    f'<w:p {NS}><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>'
    "<a:graphicData><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>Ons kenmerk 8407467</w:t></w:r></w:p>"
    "</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
    "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>Ons kenmerk 8407467</w:t></w:r>"
    "</w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
)


def test_a_template_letterhead_in_a_date_field_and_a_text_box_is_read_once(tmp_path: Path) -> None:
    from docx import Document
    from docx.oxml import parse_xml

    from raadsbrieven.ingest.clean import clean
    from raadsbrieven.ingest.describe import describe

    doc = Document()
    header = doc.sections[0].header
    header.is_linked_to_previous = False
    header._element.append(parse_xml(DATE_FIELD))
    header._element.append(parse_xml(TEXT_BOX))
    doc.add_paragraph("Geachte leden van de raad,")
    doc.add_paragraph(TOEZEGGING)
    doc.save(tmp_path / "sjabloon.docx")
    raw = read_file(tmp_path / "sjabloon.docx")
    lines = [line.text for line in raw.pages[0].lines if line.text]
    assert lines[:2] == ["Datum 23 februari 2021", "Ons kenmerk 8407467"]
    assert lines.count("Ons kenmerk 8407467") == 1, "the text box's fallback copy is not read twice"
    described = describe(raw, clean(raw).text)
    assert (described.date, described.kenmerk) == ("2021-02-23", "8407467")
