"""OCR of pages without a usable text layer, the text-quality score, and what the store keeps of both."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from raadsbrieven.ingest import ocr
from raadsbrieven.ingest.read import ReadError, read_file
from tests.conftest import SHARED, shared_path

DUTCH = (
    "Tijdens de commissievergadering van 14 januari 2021 heeft wethouder Diepeveen toegezegd de raad "
    "voor de zomer te informeren over de effecten van de extra inzet. Met deze brief geven wij daar "
    "gedeeltelijk invulling aan. De wachttijden voor specialistische jeugdhulp zijn opgelopen."
)


def _caesar(text: str, shift: int = 3) -> str:
    """What a text layer with a wrongly mapped font looks like: letters, but not words."""
    out = []
    for c in text:
        if c.isalpha() and c.isascii():
            base = ord("a") if c.islower() else ord("A")
            out.append(chr(base + (ord(c) - base + shift) % 26))
        else:
            out.append(c)
    return "".join(out)


def need_tesseract() -> None:
    """Tesseract with Dutch is installed by `make setup`: skipped here without it, failed on CI."""
    if ocr.engine() is None:
        if os.environ.get("CI"):
            pytest.fail("Tesseract with Dutch (tesseract-ocr-nld) is missing; `make setup` installs it")
        pytest.skip("Tesseract with Dutch is not installed")


def test_quality_tells_dutch_from_a_garbled_text_layer() -> None:
    assert ocr.text_quality(DUTCH) >= 0.9
    assert ocr.text_quality(_caesar(DUTCH)) < 0.3
    assert ocr.text_quality("!#$%& ()*+ ,-./ :;<=> ?@[] ^_`{ |}~ " * 10 + "de raad") < 0.3
    assert ocr.text_quality("Pagina 3 van 12") is None  # too few words to judge
    # compounds of known words count as Dutch
    compounds = "de wachtlijstbemiddeling en de jeugdhulpverlening en het woningbouwprogramma"
    assert ocr.text_quality(compounds) == 1.0


def test_edit_distance_is_levenshtein() -> None:
    def naive(a: str, b: str) -> int:
        prev = list(range(len(b) + 1))
        for i, ca in enumerate(a, 1):
            cur = [i]
            for j, cb in enumerate(b, 1):
                cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
            prev = cur
        return prev[-1]

    rng = random.Random(7)
    for _ in range(500):
        a = "".join(rng.choice("aeiou rstl") for _ in range(rng.randint(0, 90)))
        b = "".join(rng.choice("aeiou rstl") for _ in range(rng.randint(0, 90)))
        assert ocr.edit_distance(a, b) == naive(a, b), (a, b)
    assert ocr.char_error_rate("de  raad\nbesluit", "de raad besIuit") == pytest.approx(1 / 15)


def test_tesseract_tsv_becomes_lines_with_positions() -> None:
    head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [
        "4\t1\t1\t1\t1\t0\t300\t600\t900\t50\t-1\t",
        "5\t1\t1\t1\t1\t1\t300\t600\t200\t50\t95.1\tGeachte",
        "5\t1\t1\t1\t1\t2\t520\t600\t200\t50\t94.0\tleden,",
        "4\t1\t2\t1\t1\t0\t300\t900\t900\t50\t-1\t",
        "5\t1\t2\t1\t1\t1\t300\t900\t300\t50\t91.0\tWachttijden",
    ]
    lines = ocr.tsv_lines("\n".join([head, *rows]), dpi=300)
    assert [ln.text for ln in lines] == ["Geachte leden,", "", "Wachttijden"]
    assert lines[0].top == pytest.approx(144.0) and lines[0].bottom == pytest.approx(156.0)


def _scan_of_letter(tmp_path: Path) -> Path:
    """A generated letter printed to pictures: a PDF whose pages are images only, like a scan."""
    import pypdfium2 as pdfium
    from fpdf import FPDF

    from tests.letters import build_letter_pdf

    build_letter_pdf(tmp_path / "brief.pdf", pages=2, seed=3, kenmerk="5551234")
    pdf = pdfium.PdfDocument(tmp_path / "brief.pdf")
    scan = FPDF(unit="mm", format="A4")
    for page in pdf:
        image = page.render(scale=200 / 72, grayscale=True).to_pil()
        scan.add_page()
        scan.image(image, x=0, y=0, w=210, h=297)
    pdf.close()
    scan.output(str(tmp_path / "scan.pdf"))
    return tmp_path / "scan.pdf"


def test_a_scanned_letter_is_read_by_ocr_and_says_so(tmp_path: Path) -> None:
    need_tesseract()
    raw = read_file(_scan_of_letter(tmp_path))
    assert len(raw.pages) == 2
    for page in raw.pages:
        assert page.ocr and page.ocr_engine.startswith("tesseract") and "(nld)" in page.ocr_engine
        assert page.quality is not None and page.quality >= 0.8
    text = "\n".join(p.text for p in raw.pages)
    assert "5551234" in text and "Noord-West" in text
    from raadsbrieven.ingest.clean import clean
    from raadsbrieven.ingest.describe import describe

    d = describe(raw, clean(raw).text)
    assert d.kenmerk == "5551234" and d.date == "2021-02-23"


def test_without_tesseract_a_scan_is_refused_with_how_to_install(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(ocr, "engine", lambda: None)
    with pytest.raises(ReadError) as info:
        read_file(_scan_of_letter(tmp_path))
    message = str(info.value)
    assert message.startswith("the PDF has no text layer")
    assert "apt-get install tesseract-ocr tesseract-ocr-nld" in message


def _scanned_sources() -> list[str]:
    sources = SHARED / "letters-more" / "SOURCES.tsv"
    if not sources.exists():
        return []
    rows = [line.split("\t") for line in sources.read_text(encoding="utf-8").splitlines()]
    col = rows[0].index("text_layer")
    return [r[0] for r in rows[1:] if len(r) > col and r[col] == "no"]


def test_the_scanned_pdfs_of_letters_more_ingest_with_text_flagged(tmp_path: Path) -> None:
    """Every PDF that SOURCES.tsv says has no text layer is stored with text, its OCR'd pages flagged."""
    need_tesseract()
    from sqlalchemy import func, select

    from raadsbrieven.pipeline import ingest
    from raadsbrieven.store import Store, schema

    shared_path("letters-more/SOURCES.tsv")
    names = _scanned_sources()
    assert len(names) >= 5
    store = Store(f"sqlite:///{tmp_path / 'scans.db'}")
    report = ingest([shared_path(f"letters-more/{n}") for n in names], store, embed=False)
    assert not report.failed, [(o.path, o.message) for o in report.failed]
    p, d = schema.pages, schema.documents
    with store.engine.connect() as conn:
        rows = conn.execute(
            select(d.c.name, func.count(), func.min(p.c.text_quality))
            .join(p, p.c.document_id == d.c.id)
            .where(p.c.ocr.is_(True))
            .group_by(d.c.name)
        ).all()
        words = dict(conn.execute(select(d.c.name, func.length(d.c.text))).all())
    store.close()
    flagged = {r[0]: r for r in rows}
    assert set(flagged) == set(names)
    for name in names:
        assert words[name] >= 300, (name, words[name])  # text, not a stamp's worth
        assert flagged[name][2] >= 0.6, flagged[name]  # the OCR'd pages read as Dutch


def test_ocr_flags_reach_the_store_and_old_stores_get_the_columns(db_url: str, tmp_path: Path) -> None:
    from sqlalchemy import create_engine, inspect, select, text

    from raadsbrieven.pipeline import ingest
    from raadsbrieven.store import Store, schema

    # a store made before OCR: its pages table lacks the three columns
    Store(db_url).close()
    engine = create_engine(db_url)
    with engine.begin() as conn:
        for column in ("ocr", "ocr_engine", "text_quality"):
            conn.execute(text(f"ALTER TABLE pages DROP COLUMN {column}"))
    assert "ocr" not in {c["name"] for c in inspect(engine).get_columns("pages")}
    engine.dispose()
    store = Store(db_url)
    columns = {c["name"] for c in inspect(store.engine).get_columns("pages")}
    assert {"ocr", "ocr_engine", "text_quality"} <= columns

    from tests.letters import build_letter_pdf

    build_letter_pdf(tmp_path / "brief.pdf", pages=2, seed=5)
    report = ingest([tmp_path / "brief.pdf"], store, embed=False)
    assert not report.failed, report.failed
    p = schema.pages
    with store.engine.connect() as conn:
        rows = conn.execute(select(p.c.number, p.c.ocr, p.c.ocr_engine, p.c.text_quality)).all()
    store.close()
    assert [r.number for r in rows] == [1, 2]
    assert all(r.ocr is False and r.ocr_engine is None and r.text_quality >= 0.8 for r in rows)


def test_a_scanned_letter_is_stored_flagged(tmp_path: Path) -> None:
    need_tesseract()
    from sqlalchemy import select

    from raadsbrieven.pipeline import ingest
    from raadsbrieven.store import Store, schema

    store = Store(f"sqlite:///{tmp_path / 'scan.db'}")
    report = ingest([_scan_of_letter(tmp_path)], store, embed=False)
    assert not report.failed, report.failed
    p = schema.pages
    with store.engine.connect() as conn:
        rows = conn.execute(select(p.c.ocr, p.c.ocr_engine, p.c.text_quality, p.c.raw_text)).all()
    facts = store.document_rows()
    store.close()
    assert len(rows) == 2 and all(r.ocr and r.ocr_engine.startswith("tesseract") for r in rows)
    assert all(r.text_quality >= 0.8 and "wacht" in r.raw_text for r in rows)
    assert facts and facts[0]["kenmerk"] == "5551234"
