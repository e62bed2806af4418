"""Issue #17: search filtered by municipality, in memory (SQLite) and inside PostgreSQL with pgvector.

Three real letters of three councils: Utrecht (corpus/), Groningen and Amsterdam (../shared).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from raadsbrieven.pipeline import ingest
from raadsbrieven.search import index as search_mod
from raadsbrieven.search import search
from raadsbrieven.store import Store
from tests.conftest import CORPUS, fresh_pgvector_database, shared_path

UTRECHT = "000_46cd106d7926f80d.txt"
GRONINGEN = "groningen_brief_raadpleging_jeugdzorg_2019-10-31.txt"
AMSTERDAM = "ams_rib_2024-01-16_verkeersveiligheid_fiets.txt"
QUERY = "jeugdzorg jeugdhulp kinderen wachttijd"


def _letters() -> list[Path]:
    return [
        CORPUS / UTRECHT,
        shared_path(f"letters-extra/{GRONINGEN}"),
        shared_path(f"letters-extra/{AMSTERDAM}"),
    ]


def _filled(url: str) -> Store:
    letters = _letters()  # first: without ../shared it skips, before a connection is open
    store = Store(url)
    report = ingest(letters, store, embed=False)
    assert not report.failed, [o.message for o in report.failed]
    return store


@pytest.fixture(scope="module")
def sqlite_three(tmp_path_factory: pytest.TempPathFactory):
    store = _filled(f"sqlite:///{tmp_path_factory.mktemp('gemeenten') / 'three.db'}")
    yield store
    search_mod._INDEXES.pop(store.url, None)
    store.close()


@pytest.fixture(scope="module")
def pg_three(pgvector_server: str):
    store = _filled(fresh_pgvector_database(pgvector_server, "rb_tests_h3_municipality"))
    assert store.pg_search
    yield store
    store.close()


@pytest.fixture(params=["sqlite", "pgvector"])
def three(request: pytest.FixtureRequest) -> Store:
    return request.getfixturevalue("sqlite_three" if request.param == "sqlite" else "pg_three")


def test_the_letters_know_their_municipality(three: Store):
    found = {d.name: d.municipality for d in three.documents()}
    assert found == {UTRECHT: "Utrecht", GRONINGEN: "Groningen", AMSTERDAM: "Amsterdam"}


def test_a_municipality_keeps_its_own_letters(three: Store):
    everywhere = search(three, QUERY, limit=50, mode="bm25")
    assert {h.doc for h in everywhere} >= {UTRECHT, GRONINGEN}  # both councils write about youth care
    for municipality, doc in (("Groningen", GRONINGEN), ("utrecht", UTRECHT), ("UTRECHT", UTRECHT)):
        hits = search(three, QUERY, limit=50, mode="bm25", municipality=municipality)
        assert hits and {h.doc for h in hits} == {doc}, municipality
        # the filter is applied before ranking: the council's own matches, not a slice of the rest
        assert len(hits) >= len([h for h in everywhere if h.doc == doc])
    assert search(three, QUERY, limit=10, mode="bm25", municipality="Den Haag") == []


def test_municipality_combines_with_the_other_filters(three: Store):
    hits = search(
        three, "fiets ongevallen", limit=50, mode="bm25", municipality="Amsterdam", date_from="2024"
    )
    assert hits and {h.doc for h in hits} == {AMSTERDAM}
    assert (
        search(three, "fiets ongevallen", limit=50, mode="bm25", municipality="Amsterdam", date_to="2023")
        == []
    )
    assert search(three, QUERY, limit=50, mode="bm25", municipality="Groningen", doc=UTRECHT) == []


def test_sqlite_and_postgresql_filter_alike(sqlite_three: Store, pg_three: Store):
    for municipality in ("Groningen", "Utrecht", "Amsterdam"):
        mem = search(sqlite_three, QUERY + " fiets", limit=200, mode="bm25", municipality=municipality)
        pg = search(pg_three, QUERY + " fiets", limit=200, mode="bm25", municipality=municipality)
        assert 0 < len(mem) < 200, municipality
        assert {(h.doc, h.sentence) for h in mem} == {(h.doc, h.sentence) for h in pg}, municipality


# ------------------------------------------------------------------ the Zoeken page


def _zoeken(monkeypatch: pytest.MonkeyPatch, url: str):
    from tests.test_app import open_page

    at = open_page(monkeypatch, url, "zoeken")
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_zoeken_offers_the_municipalities_and_keeps_one(
    monkeypatch: pytest.MonkeyPatch, sqlite_three: Store
) -> None:
    from tests.test_app import quotes

    at = _zoeken(monkeypatch, sqlite_three.url)
    box = at.selectbox(key="zoek_gemeente")
    assert box.label == "Gemeente" and box.options == ["(alle)", "Amsterdam", "Groningen", "Utrecht"]
    at.text_input(key="zoek_q").input(QUERY).run()
    shown = set(quotes(at))  # no vectors stored: the page's hybrid search ranks as BM25 does
    assert shown == {h.sentence for h in search(sqlite_three, QUERY, limit=10, mode="bm25")}
    at.selectbox(key="zoek_gemeente").set_value("Groningen").run()
    assert not at.exception and not at.error
    only = quotes(at)
    expected = [
        h.sentence for h in search(sqlite_three, QUERY, limit=10, mode="bm25", municipality="Groningen")
    ]
    assert only and only == expected and set(only) != shown


def test_zoeken_has_no_municipality_box_for_one_council(
    monkeypatch: pytest.MonkeyPatch, corpus_db: str
) -> None:
    at = _zoeken(monkeypatch, corpus_db)  # the corpus: Utrecht's letters only
    assert "zoek_gemeente" not in {s.key for s in at.selectbox}
    assert {"zoek_kind", "zoek_org", "zoek_place", "zoek_doc"} <= {s.key for s in at.selectbox}
