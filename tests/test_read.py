"""Reading files of every kind, and a clear word for every file that is not a letter."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from raadsbrieven.ingest.read import ReadError, read_bytes, read_file

EXPECTED_MESSAGES = {
    "empty": "the file is empty",
    "corrupt": "the PDF is damaged",
    "encrypted": "the PDF is encrypted",
    "no_text_layer": "the PDF has no text layer",
    "not_a_pdf": "is a PNG image renamed to .pdf",
    "binary": "the file is binary",
}


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    from tests.letters import write_bad_inputs

    folder = tmp_path_factory.mktemp("bad")
    return folder, write_bad_inputs(folder)


def test_every_bad_input_gets_its_own_message(bad_folder: tuple[Path, dict[str, str]]) -> None:
    folder, expected = bad_folder
    checked = 0
    for name, problem in expected.items():
        if problem not in EXPECTED_MESSAGES:
            continue
        with pytest.raises(ReadError) as info:
            read_file(folder / name)
        assert EXPECTED_MESSAGES[problem] in str(info.value), (name, str(info.value))
        checked += 1
    assert checked >= 7


def test_windows_1252_and_latin1_text_is_read_not_refused(bad_folder: tuple[Path, dict[str, str]]) -> None:
    folder, _ = bad_folder
    cp = read_file(folder / "cp1252.txt")
    text = "\n".join(p.text for p in cp.pages)
    assert "€" in text and "‘" in text or "’" in text
    assert "Ã" not in text  # no mojibake
    latin = read_file(folder / "latin1.txt")
    assert "½" in "\n".join(p.text for p in latin.pages)


def test_reader_is_chosen_by_content_not_extension() -> None:
    html = b"<!DOCTYPE html><html><head><script>var x=1;</script></head><body><nav>Menu Home</nav>"
    html += b"<main><h1>Wachttijden</h1><p>De wachttijd is 12 weken.</p></main></body></html>"
    doc = read_bytes(html, "pagina.txt")
    text = "\n".join(p.text for p in doc.pages)
    assert doc.format == "html"
    assert "De wachttijd is 12 weken." in text and "Wachttijden" in text
    assert "var x" not in text and "Menu" not in text


def test_pdf_keeps_page_numbers(letters) -> None:
    spec = next(s for s in letters if s.pages >= 2)
    doc = read_file(spec.path)
    assert doc.format == "pdf"
    assert [p.number for p in doc.pages] == list(range(1, spec.pages + 1))


def _jpeg() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (400, 120), "white")
    ImageDraw.Draw(image).text((10, 40), "Datum 23 februari 2021  Ons kenmerk 8407467", fill="black")
    out = io.BytesIO()
    image.save(out, format="JPEG")
    return out.getvalue()


def _xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Nummer", "Toezegging", "Status"])
    sheet.append(["862", "De raad informeren over het rendement van collectief werken", "open"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _old_word() -> bytes:
    """The start of a Word 97-2003 file: the compound-file header, then its directory of streams."""
    header = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(16) + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    header = header.ljust(512, b"\x00")
    entries = b""
    for name in ("Root Entry", "WordDocument", "1Table", "\x05SummaryInformation"):
        encoded = (name + "\x00").encode("utf-16-le")
        entries += (encoded.ljust(64, b"\x00") + len(encoded).to_bytes(2, "little")).ljust(128, b"\x00")
    return header + entries.ljust(512, b"\x00")


def _docx_renamed() -> bytes:
    from docx import Document

    out = io.BytesIO()
    document = Document()
    document.add_paragraph("Geachte leden van de raad, de wachttijd is 12 weken.")
    document.save(out)
    return out.getvalue()


NOT_LETTERS = [
    # (file name, bytes, what the English reason names, the Dutch message's type, what to do in Dutch)
    (
        "scan van brief.jpg",
        _jpeg,
        "a JPEG image, not a letter",
        "een afbeelding (JPEG)",
        "maak er een PDF van",
    ),
    (
        "toezeggingen.xlsx",
        _xlsx,
        "a spreadsheet, not a letter",
        "een spreadsheet",
        "raadsbrieven register import",
    ),
    (
        "brief.doc",
        _old_word,
        "an old Word file (.doc), not a letter",
        "een oud Word-bestand (.doc)",
        "als .docx of PDF",
    ),
    ("brief.pdf", _jpeg, "a JPEG image renamed to .pdf", "een afbeelding (JPEG), hernoemd naar .pdf", "OCR"),
]


@pytest.mark.parametrize(("name", "build", "english", "dutch", "todo"), NOT_LETTERS)
def test_a_file_that_is_no_letter_is_named_with_what_to_do(name, build, english, dutch, todo) -> None:  # noqa: ANN001
    from raadsbrieven.ingest.reasons import dutch_reason

    with pytest.raises(ReadError) as info:
        read_bytes(build(), name)
    assert english in str(info.value)
    message = dutch_reason(str(info.value))
    assert message.startswith(f"het bestand is {dutch}, geen brief: ") and todo in message


def test_a_word_letter_is_read_whatever_its_name() -> None:
    doc = read_bytes(_docx_renamed(), "brief.pdf.docx")
    assert doc.format == "docx" and "de wachttijd is 12 weken." in doc.pages[0].text
    assert read_bytes(_docx_renamed(), "bijlage.zip").format == "docx"  # content decides, not the name


def test_every_reason_of_the_reader_has_dutch(bad_folder: tuple[Path, dict[str, str]]) -> None:
    from raadsbrieven.ingest.reasons import dutch_reason

    folder, expected = bad_folder
    reasons = []
    for name in expected:
        try:
            read_file(folder / name)
        except ReadError as exc:
            reasons.append(str(exc))
    for _, build, *_ in NOT_LETTERS:
        with pytest.raises(ReadError) as info:
            read_bytes(build(), "x")
        reasons.append(str(info.value))
    assert len(reasons) >= 10
    for reason in reasons:
        dutch = dutch_reason(reason)
        assert dutch != reason and not re.search(r"\b(the|file|cannot|not a|renamed)\b", dutch), dutch


HUMANITAS = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "letters-more"
    / ("tk_handelingen_h-tk-20172018-70-10_woningcorporatie-humanitas.xml")
)


@pytest.mark.skipif(not HUMANITAS.exists(), reason="../shared/letters-more is not beside the project")
def test_a_real_double_encoded_handelingen_is_repaired() -> None:
    """This Handelingen was saved as UTF-8 after being read as Latin-1: 'Ã©Ã©n', 'â\\x82¬' for '€'."""
    raw = read_file(HUMANITAS)
    text = "\n".join(line.text for page in raw.pages for line in page.lines)
    assert raw.encoding == "utf-8, mojibake repaired"
    assert "Ã" not in text and "â" not in text
    assert "€45.000 per sociale huurwoning" in text and "één" in text


def test_double_encoded_letter_gives_its_euros_and_clean_letters_stay_as_they_are() -> None:
    from raadsbrieven.pipeline import process

    letter = (
        "Geachte leden van de raad,\n\nIn 2024 heeft het college € 4,2 miljoen uitgegeven aan één nieuwe"
        " brug over de Vecht. De financiële gevolgen zijn beperkt.\n"
    )
    garbled = letter.encode("utf-8").decode("cp1252").encode("utf-8")  # "â‚¬ 4,2", "Ã©Ã©n"
    assert b"\xc3\xa2\xe2\x80\x9a\xc2\xac" in garbled
    meta, _, _, facts = process(read_bytes(garbled, "brief.txt"))
    assert meta["encoding"] == "utf-8, mojibake repaired"
    assert "€ 4,2 miljoen" in meta["text"] and "één nieuwe brug" in meta["text"]
    money = [f for f in facts if f.kind == "money"]
    assert [(f.low, f.period) for f in money] == [(4_200_000, "2024")]
    clean_meta, *_ = process(read_bytes(letter.encode("utf-8"), "brief.txt"))
    assert clean_meta["encoding"] == "utf-8" and clean_meta["text"] == meta["text"]
