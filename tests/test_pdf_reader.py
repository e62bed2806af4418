"""The pdfium reader: lines, positions and sizes as the cleaner needs them, on generated and real PDFs."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from raadsbrieven.ingest.clean import clean
from raadsbrieven.ingest.pdf import read_pdf
from raadsbrieven.ingest.read import RawDocument, read_file, read_pdf_pdfplumber
from tests.conftest import shared_path
from tests.letters import build_letter_pdf

pytest.importorskip("fpdf")


def _lines(path: Path) -> list[list[str]]:
    pages, _ = read_pdf(path.read_bytes())
    return [[ln.text for ln in p.lines] for p in pages]


def test_generated_letters_read_as_pdfplumber_read_them(tmp_path: Path) -> None:
    """Line for line the same text as the old reader: running header, letterhead, body, footnote, footer."""
    for seed, style in ((1, "pagina"), (4, "slash"), (9, "number")):
        spec = build_letter_pdf(tmp_path / f"b{seed}.pdf", pages=3, seed=seed, footer_style=style)
        old, _ = read_pdf_pdfplumber(spec.path.read_bytes())
        new, _ = read_pdf(spec.path.read_bytes())
        assert [[ln.text for ln in p.lines] for p in new] == [[ln.text for ln in p.lines] for p in old]
        for a, b in zip(old, new, strict=True):
            assert b.height == pytest.approx(a.height, abs=0.01)
            for la, lb in zip(a.lines, b.lines, strict=True):
                if la.top is None:
                    assert lb.top is None
                    continue
                assert lb.top == pytest.approx(la.top, abs=2.0), la.text
                assert lb.bottom == pytest.approx(la.bottom, abs=2.0), la.text
                assert lb.size == pytest.approx(la.size, abs=0.01), la.text


def test_hyphen_mark_and_superscript_marker(tmp_path: Path) -> None:
    spec = build_letter_pdf(tmp_path / "brief.pdf", pages=2, seed=1)
    pages = _lines(spec.path)
    text = "\n".join(ln for page in pages for ln in page)
    assert "\ufffe" not in text and "\x02" not in text and "\r" not in text
    left, right = spec.hyphenated
    page = pages[spec.hyphenated_page - 1]
    ends = [i for i, ln in enumerate(page) if ln.endswith(left)]
    assert ends and page[ends[0] + 1].startswith(right)  # pdfium joined the two lines; split again
    marker_line = next(ln for ln in page if "jeugdhulp. In deze brief" in ln)
    assert "jeugdhulp.1" not in marker_line
    note = spec.footnotes[0][1]
    assert note in pages[spec.footnotes[0][2] - 1]  # the footnote's own marker is left out too


def _pdf(tmp_path: Path, draw) -> Path:  # noqa: ANN001 - draws on an fpdf.FPDF
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    pdf.add_font("Body", "", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.add_page()
    draw(pdf)
    path = tmp_path / "t.pdf"
    pdf.output(str(path))
    return path


def test_small_digits_stay_unless_raised_above_their_line(tmp_path: Path) -> None:
    """The old reader dropped every small digit: footers like 'kst-33900-12' lost their numbers."""

    def draw(pdf) -> None:  # noqa: ANN001
        pdf.set_font("Body", "", 10)
        for i in range(12):
            pdf.text(
                72, 120 + 14 * i, f"De raad heeft op deze regel {i + 1} besluiten genomen over de begroting."
            )
        pdf.set_font("Body", "", 6)
        pdf.text(72, 780, "kst-33900-12 ISSN 0921 - 7371")
        pdf.text(72, 800, "12")
        pdf.set_font("Body", "", 10)
        pdf.text(72, 400, "De wachttijd daalde.")
        x = 72 + pdf.get_string_width("De wachttijd daalde.")
        pdf.set_font("Body", "", 6)
        pdf.text(x, 396, "3")
        pdf.set_font("Body", "", 9.5)  # a marker raised by 1.5 pt only: its box looks like any word
        pdf.text(72, 430, "voor hoogbegaafdheidsonderwijs.")
        x = 72 + pdf.get_string_width("voor hoogbegaafdheidsonderwijs.")
        pdf.set_font("Body", "", 6)
        pdf.text(x, 428.5, "4")
        pdf.set_font("Body", "", 9.5)
        pdf.text(x + 5, 430, "Sinds 2019 doen ongeveer zeventig scholen mee aan deze voorziening.")

    lines = _lines(_pdf(tmp_path, draw))[0]
    assert "kst-33900-12 ISSN 0921 - 7371" in lines
    assert "12" in lines  # a page number in small print is no footnote marker
    assert "De wachttijd daalde." in lines  # the raised 3 is
    assert (
        "voor hoogbegaafdheidsonderwijs. Sinds 2019 doen ongeveer zeventig scholen mee aan deze voorziening."
        in lines
    )


def test_soft_hyphens(tmp_path: Path) -> None:
    def draw(pdf) -> None:  # noqa: ANN001
        pdf.set_font("Body", "", 11)
        pdf.text(72, 100, "Het college wil de wachttijden in de jeugdhulp ver\u00ad")
        pdf.text(72, 114, "minderen met een nieuw be\u00adleid voor de wijken.")

    lines = _lines(_pdf(tmp_path, draw))[0]
    assert lines == [
        "Het college wil de wachttijden in de jeugdhulp ver-",
        "minderen met een nieuw beleid voor de wijken.",
    ]
    raw = RawDocument("t.pdf", "t.pdf", "pdf", "x", read_pdf(_pdf(tmp_path, draw).read_bytes())[0])
    assert "verminderen met een nieuw beleid" in clean(raw).text


def test_rotated_margin_text_is_one_line_not_reversed_letters(tmp_path: Path) -> None:
    def draw(pdf) -> None:  # noqa: ANN001
        pdf.set_font("Body", "", 10)
        pdf.text(72, 100, "Geachte leden van de raad,")
        pdf.set_font("Body", "", 7)
        with pdf.rotation(90, 560, 500):
            pdf.text(560, 500, "Kenmerk 2021-0012345")

    lines = _lines(_pdf(tmp_path, draw))[0]
    assert "Kenmerk 2021-0012345" in lines and "Geachte leden van de raad," in lines


def test_label_and_value_on_one_baseline_are_one_line(tmp_path: Path) -> None:
    def draw(pdf) -> None:  # noqa: ANN001
        pdf.set_font("Body", "", 10)
        pdf.text(300, 200, "23 februari 2021")  # drawn first, further right
        pdf.set_font("Body", "", 8)
        pdf.text(72, 200, "Datum")
        pdf.set_font("Body", "", 10)
        pdf.text(72, 240, "Geachte leden van de raad,")

    assert _lines(_pdf(tmp_path, draw))[0] == ["Datum 23 februari 2021", "Geachte leden van de raad,"]


def test_threads_read_one_document_at_a_time(tmp_path: Path) -> None:
    specs = [build_letter_pdf(tmp_path / f"b{i}.pdf", pages=2, seed=i) for i in range(4)]
    serial = [_lines(s.path) for s in specs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(lambda s: _lines(s.path), specs * 2))
    assert parallel == serial * 2


def test_real_pdfs_keep_their_small_print_and_word_spaces() -> None:
    """Two faults of the old reader on real letters: lost digits in small print, words run together."""
    tk = read_file(shared_path("letters-extra/tk_kst-33900-12.pdf"))
    assert "kst-33900-12" in [ln.text for p in tk.pages for ln in p.lines]
    kiesraad = read_file(
        shared_path("letters-more/kiesraad_advies_kst-30372-6_wet-raadgevend-referendum.pdf")
    )
    text = "\n".join(p.text for p in kiesraad.pages)
    assert "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal" in text
    assert "Den Haag, 13 maart 2006" in text
    minvenj = read_file(shared_path("letters-more/minvenj_kamerbrief_2011-03-01_draagmoederschap.pdf"))
    assert "> Retouradres Postbus 20301 2500 EH Den Haag" in minvenj.pages[0].text.splitlines()
    assert all(not p.ocr for p in tk.pages + kiesraad.pages + minvenj.pages)


def test_a_side_column_is_a_block_of_its_own_not_part_of_body_lines(tmp_path: Path) -> None:
    """The national house style: sender, date and reference in small print beside the body text."""
    body = [
        "Bij e-mail van 1 februari 2021 is de ontvangst van uw",
        "verzoek en de aanvullende brief bevestigd. Bij e-mail",
        "van 24 februari 2021 is de beslistermijn met vier weken",
        "verdaagd. Naar aanleiding van uw brieven merk ik op dat",
    ]
    side = ["Kabinet Minister-President", "Datum", "2 maart 2021", "Onze referentie"]

    def draw(pdf) -> None:  # noqa: ANN001
        pdf.set_font("Body", "", 7)
        for i, text in enumerate(side):
            pdf.text(465, 150 + 11 * i, text)
        pdf.text(465, 216, "4187132")  # on the baseline of the second body line
        pdf.set_font("Body", "", 10)
        for i, text in enumerate(body):
            pdf.text(72, 204 + 12 * i, text)

    path = _pdf(tmp_path, draw)
    lines = _lines(path)[0]
    assert lines == [*side, "", "4187132", "", *body]  # the column keeps its own paragraph gaps
    raw = RawDocument("t.pdf", "t.pdf", "pdf", "x", read_pdf(path.read_bytes())[0])
    assert "verzoek en de aanvullende brief bevestigd." in clean(raw).text


def test_chart_axis_numbers_go_table_numbers_in_small_print_stay(tmp_path: Path) -> None:
    def draw(pdf) -> None:  # noqa: ANN001
        pdf.set_font("Body", "", 10)
        for i in range(8):
            pdf.text(72, 100 + 14 * i, f"Het aantal aanmeldingen steeg in regel {i + 1} van deze alinea.")
        pdf.set_font("Body", "", 6)
        for i, tick in enumerate(["1800", "1600", "1400", "1200", "1000"]):  # a y axis, right-aligned
            pdf.text(420 - pdf.get_string_width(tick), 100 + 14 * i + 5, tick)
        for i, row in enumerate(
            [("Lokalis", "312", "6"), ("KOOS Utrecht", "187", "9"), ("Spoor030", "95", "12")]
        ):
            for x, cell in zip((72, 200, 260), row, strict=True):  # a table in small print
                pdf.text(x, 300 + 9 * i, cell)

    lines = _lines(_pdf(tmp_path, draw))[0]
    assert not any(tick in ln for ln in lines for tick in ("1800", "1400", "1000"))
    assert "Het aantal aanmeldingen steeg in regel 1 van deze alinea." in lines
    assert {"Lokalis 312 6", "KOOS Utrecht 187 9", "Spoor030 95 12"} <= set(lines)


def test_a_page_in_two_body_columns_is_read_column_by_column() -> None:
    """An older Handelingen page sets its text in two columns: read line by line across the page, two
    texts interleave ("… de motie-Huizinga-Heringa c.s. De voorzitter: Ik stel voor, … (30300-VI,
    nr. 90). brief door …"). A narrow column beside a wide one (a Kamerstuk page) stays as it was."""
    from raadsbrieven.ingest.clean import clean

    handelingen = read_file(
        shared_path("letters-more/tk_handelingen_h-tk-20052006-2440_stemmingen-moties.pdf")
    )
    text = " ".join(clean(handelingen).text.split())
    assert "In stemming komt de motie-Huizinga-Heringa c.s. (30300-VI, nr. 90)." in text
    assert "het in dienst nemen van een ex-WAO’er voor elke 25ste vacature (30300-XV, nr. 44)" in text
    brief = read_file(shared_path("letters-more/tk_brief_kst-30174-24_leden-heijnen-sap-schouw.pdf"))
    text = " ".join(clean(brief).text.split())
    assert (
        "uit een brief van de minister van Binnenlandse Zaken en Koninkrijksrelaties van 8 april 2010" in text
    )
