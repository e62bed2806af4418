"""Reading files of every kind, and a clear word for every file that is not a letter."""

from __future__ import annotations

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
