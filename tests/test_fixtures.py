"""The generated letters really contain the layout problems the cleaning tests rely on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("fpdf")
pdfplumber = pytest.importorskip("pdfplumber")
pdfium = pytest.importorskip("pypdfium2")

from tests import letters as fixtures  # noqa: E402
from tests.letters import LetterSpec, build_corpus, build_letter_pdf, write_bad_inputs  # noqa: E402


@pytest.fixture(scope="module")
def letter(tmp_path_factory: pytest.TempPathFactory) -> LetterSpec:
    return build_letter_pdf(tmp_path_factory.mktemp("letter") / "brief.pdf", pages=3, seed=1)


@pytest.fixture(scope="module")
def raw_pages(letter: LetterSpec) -> list[list[str]]:
    with pdfplumber.open(letter.path) as pdf:
        return [(page.extract_text() or "").splitlines() for page in pdf.pages]


@pytest.fixture(scope="module")
def bad(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("bad")
    return folder, write_bad_inputs(folder)


def oracle_clean(spec: LetterSpec, pages: list[list[str]]) -> str:
    """Clean the raw text using what the spec says is furniture: what a real cleaner must match."""
    furniture = {spec.header, *spec.footers, *spec.letterhead, *(f"{m} {t}" for m, t, _ in spec.footnotes)}
    table = {" ".join(row) for row in spec.table}
    body = [ln for page in pages for ln in page if ln not in furniture and ln not in table]
    text = "\n".join(body)
    for _, left, right, join in spec.line_end_hyphens:
        text = text.replace(f"{left}\n{right}", f"{left[:-1]}{right}" if join else f"{left}{right}")
    text = re.sub(r"(?<=[a-z]\.)\d(?= [A-Z])", "", text)  # footnote markers: "jeugdhulp.1 In"; not "1,5"
    return re.sub(r"\s+", " ", text)


def test_letter_has_pages_and_metadata(letter: LetterSpec, raw_pages: list[list[str]]) -> None:
    assert letter.pages == len(raw_pages) == 3
    assert (letter.date_iso, letter.kenmerk) == ("2021-02-23", "8407467")
    for line in ["Datum 23 februari 2021", "Ons kenmerk 8407467", "Onderwerp " + fixtures.DEFAULT_ONDERWERP]:
        assert line in raw_pages[0]


def test_every_page_has_running_header_and_footer(letter: LetterSpec, raw_pages: list[list[str]]) -> None:
    for n, lines in enumerate(raw_pages, start=1):
        assert lines[0] == "Gemeente Utrecht Raadsinformatiebrief" == letter.header
        assert lines[-1] == f"Pagina {n} van 3" == letter.footers[n - 1]


@pytest.mark.parametrize(("style", "expected"), [("slash", "2/2"), ("number", "2")])
def test_footer_styles(tmp_path: Path, style: fixtures.FooterStyle, expected: str) -> None:
    spec = build_letter_pdf(tmp_path / "b.pdf", footer_style=style)
    with pdfplumber.open(spec.path) as pdf:
        assert pdf.pages[1].extract_text().splitlines()[-1] == expected == spec.footers[1]


def test_hyphen_at_line_break_and_real_hyphen_mid_line(
    letter: LetterSpec,
    raw_pages: list[list[str]],
) -> None:
    assert letter.hyphenated == ("wacht-", "tijden") and letter.hyphenated_word == "wachttijden"
    assert letter.hyphenated_page is not None
    lines = raw_pages[letter.hyphenated_page - 1]
    i = next(i for i, ln in enumerate(lines) if ln.endswith(" wacht-"))
    assert lines[i + 1].startswith("tijden ")
    assert any("Noord-West" in ln and not ln.endswith("Noord-West") for ln in raw_pages[0])
    assert "Noord-West" in letter.kept_hyphens


@pytest.mark.parametrize(
    ("word", "left", "right"), [("Noord-West", "Noord-", "West"), ("basis-", "basis-", "en")]
)
def test_kept_hyphen_at_line_end_is_recorded(tmp_path: Path, word: str, left: str, right: str) -> None:
    spec = build_letter_pdf(tmp_path / "b.pdf", split_compound=word)
    assert (1, left, right, False) in spec.line_end_hyphens
    with pdfplumber.open(spec.path) as pdf:
        assert f"{left}\n{right}" in pdf.pages[0].extract_text()


def test_footnote_marker_and_footnote(letter: LetterSpec, raw_pages: list[list[str]]) -> None:
    ((marker, text, page),) = letter.footnotes
    assert (marker, page) == ("1", 1)
    assert f"{marker} {text}" in raw_pages[0]
    assert any("jeugdhulp.1 " in ln for ln in raw_pages[0])  # the superscript sticks to the word
    assert all("jeugdhulp.1" not in s for s in letter.sentences)


def test_table_rows_are_in_the_raw_text(letter: LetterSpec, raw_pages: list[list[str]]) -> None:
    assert letter.table_page is not None
    lines = raw_pages[letter.table_page - 1]
    for row in letter.table:
        assert " ".join(row) in lines
    with pdfplumber.open(letter.path) as pdf:
        found = pdf.pages[letter.table_page - 1].extract_tables()
    assert letter.table in found


def test_spec_sentences_match_the_pdf(letter: LetterSpec, raw_pages: list[list[str]]) -> None:
    clean = oracle_clean(letter, raw_pages)
    assert "In het laatste kwartaal van 2020 kreeg 85% van de gezinnen binnen 5 werkdagen een gesprek." in (
        letter.sentences
    )
    assert any("(toezegging 926)" in s for s in letter.sentences)
    for sentence in letter.sentences:
        assert sentence in clean
    for paragraph in letter.paragraphs:
        assert paragraph in clean


def test_same_input_same_bytes(tmp_path: Path) -> None:
    a = build_letter_pdf(tmp_path / "a.pdf", seed=5)
    b = build_letter_pdf(tmp_path / "b.pdf", seed=5)
    assert a.path.read_bytes() == b.path.read_bytes()


def test_corpus_varies(tmp_path: Path) -> None:
    specs = build_corpus(tmp_path, 8, seed=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(s.path.name for s in specs)
    assert len({s.kenmerk for s in specs}) == 8 and len({s.date for s in specs}) > 1
    assert all(1 <= s.pages <= 5 for s in specs) and len({s.pages for s in specs}) > 1
    for spec in specs:
        with pdfplumber.open(spec.path) as pdf:
            assert len(pdf.pages) == spec.pages
            assert f"Ons kenmerk {spec.kenmerk}" in pdf.pages[0].extract_text()


def test_bad_inputs_are_what_they_claim(bad: tuple[Path, dict[str, str]]) -> None:
    folder, expected = bad
    assert sorted(expected) == sorted(p.name for p in folder.iterdir())
    assert expected["leeg.pdf"] == expected["leeg.txt"] == fixtures.EMPTY
    assert (folder / "leeg.pdf").stat().st_size == 0
    assert (folder / "foto.pdf").read_bytes().startswith(b"\x89PNG")
    assert b"\x00" in (folder / "willekeurig.txt").read_bytes()
    assert (folder / "afgebroken.pdf").read_bytes().startswith(b"%PDF")
    for name in ["afgebroken.pdf", "foto.pdf", "leeg.pdf"]:
        with pytest.raises(Exception):  # noqa: B017 - any reader error will do
            pdfplumber.open(folder / name).close()


def test_encrypted_pdf_needs_password(bad: tuple[Path, dict[str, str]]) -> None:
    folder, expected = bad
    path = folder / "versleuteld.pdf"
    assert expected["versleuteld.pdf"] == fixtures.ENCRYPTED
    with pytest.raises(Exception) as err:  # noqa: B017
        pdfplumber.open(path).close()
    assert type(err.value.args[0]).__name__ == "PDFPasswordIncorrect"
    with pytest.raises(pdfium.PdfiumError, match="password"):
        pdfium.PdfDocument(path)
    with pdfplumber.open(path, password="geheim") as pdf:
        assert "Ons kenmerk 2222222" in pdf.pages[0].extract_text()
    with pdfplumber.open(folder / "alleen_eigenaarswachtwoord.pdf") as pdf:  # opens without a password
        assert "Ons kenmerk 3333333" in pdf.pages[0].extract_text()


def test_scanned_pdf_has_no_text(bad: tuple[Path, dict[str, str]]) -> None:
    folder, expected = bad
    assert expected["gescand.pdf"] == fixtures.NO_TEXT
    with pdfplumber.open(folder / "gescand.pdf") as pdf:
        assert len(pdf.pages) == 2
        assert all(not page.chars and page.images for page in pdf.pages)


def test_legacy_encodings_are_not_utf8(bad: tuple[Path, dict[str, str]]) -> None:
    folder, expected = bad
    for name, text, encoding in [
        ("cp1252.txt", fixtures.CP1252_TEXT, "cp1252"),
        ("latin1.txt", fixtures.LATIN1_TEXT, "latin-1"),
    ]:
        data = (folder / name).read_bytes()
        assert expected[name] == fixtures.OK
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        assert data.decode(encoding) == text == data.decode("cp1252")
    assert "€" in fixtures.CP1252_TEXT and "‘" in fixtures.CP1252_TEXT
