"""The app's words (raadsbrieven/ui/wording.py, raadsbrieven/nl/format.py): Dutch dates, periods and
plurals, how a letter's date is known in words, fixed colours per letter type, the OCR note.

Date bases come from real letters: the corpus (letters.csv), a letterhead from ../shared, and letters
built here that have only a date in their text or none at all.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from raadsbrieven.nl.format import count_text, date_text, period_text, shorten, value_text
from raadsbrieven.pipeline import ingest
from raadsbrieven.store import Store
from raadsbrieven.ui.wording import date_basis_text, doc_type_colour, doc_type_label, ocr_note
from tests._uicheck import ENGLISH_RE
from tests.conftest import CORPUS, shared_path

ROOT = Path(__file__).resolve().parent.parent


def _stored(store: Store, name: str) -> dict:
    return next(d for d in store.document_rows() if d["name"] == name)


def test_dutch_dates_periods_and_plurals() -> None:
    assert date_text("2021-02-23") == "23 februari 2021"
    assert date_text("2021-02") == "februari 2021"
    assert date_text(None) == "datum onbekend"
    assert period_text("2020-Q4") == "4e kwartaal 2020"
    assert period_text("2021-H1") == "1e helft 2021"
    assert period_text("2016-2018") == "2016–2018"
    assert period_text("2024-12") == "december 2024"
    assert [count_text(n, "brief", "brieven") for n in (0, 1, 2)] == ["0 brieven", "1 brief", "2 brieven"]
    assert count_text(1, "toezegging", "toezeggingen") == "1 toezegging"


def test_euros_show_their_cents_as_a_dutch_reader_writes_them() -> None:
    assert value_text(7.5, 7.5, "EUR") == "€ 7,50"
    assert value_text(1.72, 2.02, "EUR") == "€ 1,72 tot € 2,02"
    assert value_text(4_200_000, 4_200_000, "EUR") == "€ 4.200.000"
    assert value_text(7.5, 7.5, "percent") == "7,5%"


def test_shorten_cuts_at_a_word_and_says_so() -> None:
    title = "Gemeente nu aan zet door financiële geste van het Rijk voor jeugdzorg"
    short = shorten(title, 40)
    assert short.endswith("…") and len(short) <= 40
    assert title.startswith(short[:-1]) and title[len(short) - 1] == " ", "cut between two words"
    assert shorten(title, 200) == title


def test_date_basis_of_the_corpus_in_words(corpus_db: str) -> None:
    """letters.csv explains its dates in English; the app says 'uit letters.csv, afgeleid uit de
    tekst' and keeps only the letter's own quoted words."""
    store = Store(corpus_db)
    try:
        docs = store.document_rows()
    finally:
        store.close()
    assert len(docs) == len(list(CORPUS.glob("*.txt")))
    for d in docs:
        said = date_basis_text(d["date_basis"])
        assert said.startswith("uit letters.csv, afgeleid uit de tekst"), (d["date_basis"], said)
        assert not ENGLISH_RE.search(said), said
        for quote in said.split(": ", 1)[1:]:
            assert quote.startswith("'"), said
    first = next(d for d in docs if d["name"].startswith("000_"))
    assert "'de brief van 19 januari jl.'" in date_basis_text(first["date_basis"])


def test_date_basis_from_a_real_letterhead(tmp_path: Path) -> None:
    letter = shared_path("letters-extra/ams_rib_2021-10-12_voortgang_verkenning_EC.txt")
    store = Store(f"sqlite:///{tmp_path / 'brief.db'}")
    try:
        ingest([letter], store, embed=False)
        d = _stored(store, letter.name)
    finally:
        store.close()
    assert d["date"] == "2021-10-12"
    said = date_basis_text(d["date_basis"])
    assert said == "uit het briefhoofd: 'Datum 12 oktober 2021'", said
    assert "Datum 12 oktober 2021" in letter.read_text(encoding="utf-8")


LATE_DATE = """Aan de leden van de commissie Mobiliteit

Geachte leden van de commissie,

Met deze brief informeren wij u over de stand van zaken.
Wij danken u voor uw vragen over de schoolroutes.
Op 3 maart 2024 heeft de commissie gesproken over de verkeersveiligheid rond scholen.
Wij hebben toegezegd voor 1 juli 2024 terug te komen op de maatregelen bij de Kastanjelaan.
"""
NO_DATE = """Aan de leden van de commissie Mobiliteit

Wij hebben toegezegd terug te komen op de maatregelen bij de Kastanjelaan.
"""


def test_date_basis_from_the_text_or_none(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'brief.db'}")
    try:
        ingest(
            [("laat.txt", LATE_DATE.encode()), ("zonder.txt", NO_DATE.encode())],
            store,
            embed=False,
        )
        late, none = _stored(store, "laat.txt"), _stored(store, "zonder.txt")
    finally:
        store.close()
    said = date_basis_text(late["date_basis"])
    assert said.startswith("afgeleid uit de tekst: de laatste datum die de brief noemt ('"), said
    assert "1 juli 2024" in said or "3 maart 2024" in said, said
    assert none["date"] is None
    assert (
        date_basis_text(none["date_basis"])
        == "geen datum gevonden in het briefhoofd, de metadata of de tekst"
    )


def test_letter_types_keep_their_colour() -> None:
    """A type's colour is its own (not its place among the types shown), and a type not in the table
    still gets one colour, always the same."""
    known = ["raadsbrief", "motie", "besluitenlijst", "kamerbrief"]
    assert [doc_type_colour(t) for t in known] == [doc_type_colour(t) for t in reversed(known)][::-1]
    assert len({doc_type_colour(t) for t in known}) == len(known)
    assert doc_type_colour("verslag_commissie") == doc_type_colour("verslag_commissie")
    assert doc_type_label("woo_besluit") == "Woo-besluit" and doc_type_label(None) == "onbekend"


RIB = "Raadsinformatiebrief\n\nDatum 4 april 2024\nOnderwerp Fietspaden\n\nGeachte leden van de raad,\n\n{}\n"
MOTIE = "Motie\n\nDatum 5 april 2024\nOnderwerp Meer bomen\n\nDe raad, gehoord de beraadslaging,\n\n{}\n"
BESLUIT = "Besluitenlijst\n\nDatum 6 april 2024\nOnderwerp Raadsvergadering\n\n{}\n"


def _type_colours(monkeypatch: pytest.MonkeyPatch, url: str) -> dict[str, str]:
    monkeypatch.setenv("RAADSBRIEVEN_DB", url)
    monkeypatch.setenv("RAADSBRIEVEN_BACKGROUND_EMBED", "0")
    st_cache_clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        colour = spec.get("encoding", {}).get("color", {})
        if colour.get("title") == "Soort brief":
            return dict(zip(colour["scale"]["domain"], colour["scale"]["range"], strict=True))
    raise AssertionError("Overzicht has no chart of letters per type")


def st_cache_clear() -> None:
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()


def test_overzicht_colours_stay_after_an_upload(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The issue: colours per letter type changed after an upload. A new type takes its own colour;
    the types already shown keep theirs."""
    url = f"sqlite:///{tmp_path / 'brieven.db'}"
    store = Store(url)
    body = "Wij vragen het college om vóór de zomer de fietspaden langs de Kastanjelaan te verbreden."
    ingest(
        [("rib.txt", RIB.format(body).encode()), ("besluit.txt", BESLUIT.format(body).encode())],
        store,
        embed=False,
    )
    before = _type_colours(monkeypatch, url)
    ingest([("motie.txt", MOTIE.format(body).encode())], store, embed=False)
    store.close()
    after = _type_colours(monkeypatch, url)
    assert len(after) == len(before) + 1, (before, after)
    assert {t: after[t] for t in before} == before


def test_ocr_note() -> None:
    assert ocr_note() == "gelezen met OCR"
    assert ocr_note("tesseract 5.3.0 (nld)", 0.92) == "gelezen met OCR (tesseract 5.3.0 (nld), 92% leesbaar)"


def test_brieven_says_a_page_was_read_by_ocr(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Issue #15: facts from a page read by OCR say so. The page is marked as the OCR reader marks
    it (pages.ocr, ocr_engine, text_quality); Brieven names the page, the engine and the quality."""
    from sqlalchemy import update

    from raadsbrieven.store import schema

    url = f"sqlite:///{tmp_path / 'scan.db'}"
    store = Store(url)
    body = "In 2023 werd 85% van de meldingen binnen 5 werkdagen opgepakt."
    ingest([("scan.txt", RIB.format(body).encode())], store, embed=False)
    with store.engine.begin() as conn:
        conn.execute(
            update(schema.pages).values(ocr=True, ocr_engine="tesseract 5.3.0 (nld)", text_quality=0.9)
        )
    store.close()
    monkeypatch.setenv("RAADSBRIEVEN_DB", url)
    monkeypatch.setenv("RAADSBRIEVEN_BACKGROUND_EMBED", "0")
    st_cache_clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("raadsbrieven/ui/brieven.py")
    at.query_params = {"doc": "scan.txt"}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    captions = [c.value for c in at.caption]
    note = "gelezen met OCR (tesseract 5.3.0 (nld), 90% leesbaar)"
    assert any(c == f"Pagina 1 is {note}: de feiten daarvan kunnen leesfouten bevatten." for c in captions), (
        captions
    )
    assert f"Deze pagina is {note}." in captions
