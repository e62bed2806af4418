"""Issue #16 on PostgreSQL with pgvector: the database ranks, and letter furniture is demoted after it
exactly as the in-memory index demotes it (search/pg.py, `demote_rows`)."""

from __future__ import annotations

import pytest

from raadsbrieven.model import collapse
from raadsbrieven.pipeline import ingest
from raadsbrieven.search import pg as search_pg
from raadsbrieven.search import search
from raadsbrieven.search.index import DEMOTE_WINDOW
from raadsbrieven.search.informative import THRESHOLD, informative
from raadsbrieven.search.pg import rank_pg
from raadsbrieven.store import Store
from tests.conftest import CORPUS, fresh_pgvector_database

DOC0 = "000_46cd106d7926f80d.txt"
DOC1 = "001_c92f4c90ef915183.txt"
CLOSING = "Hoogachtend, Burgemeester en wethouders van Utrecht, de secretaris, de burgemeester,"


@pytest.fixture(scope="module")
def pg_letters(pgvector_server: str):
    store = Store(fresh_pgvector_database(pgvector_server, "rb_tests_h3_furniture"))
    report = ingest([CORPUS / DOC0, CORPUS / DOC1], store, embed=False)
    assert not report.failed and store.pg_search
    yield store
    store.close()


def _texts(store: Store, ids: list[int]) -> dict[int, str]:
    return {i: r["text"] for i, r in store.pg_hits(ids).items()}


@pytest.mark.parametrize(
    "query",
    [
        "burgemeester en wethouders",
        "wat heeft de wethouder toegezegd over de technische sessie",
        "wachttijd jeugdhulp",
        "technische sessie",
    ],
)
def test_furniture_never_outranks_a_sentence_that_says_something(pg_letters: Store, query: str):
    plain = rank_pg(pg_letters, query, DEMOTE_WINDOW, mode="bm25", demote=False)
    ranked = rank_pg(pg_letters, query, DEMOTE_WINDOW, mode="bm25")
    assert sorted(ranked) == sorted(plain)  # the same rows, only reordered
    texts = _texts(pg_letters, [i for i, _ in plain])
    says = dict(
        zip([i for i, _ in plain], informative([texts[i] for i, _ in plain]) >= THRESHOLD, strict=True)
    )
    order = [i for i, _ in ranked]
    kept = [i for i in order if says[i]]
    furniture = [i for i in order if not says[i]]
    assert order == kept + furniture  # every sentence that says something first ...
    assert kept == [i for i, _ in plain if says[i]]  # ... in the database's order


def test_the_closing_leaves_the_hits(pg_letters: Store):
    plain = rank_pg(pg_letters, "burgemeester en wethouders", 5, mode="bm25", demote=False)
    assert CLOSING in {collapse(t) for t in _texts(pg_letters, [i for i, _ in plain]).values()}
    hits = search(pg_letters, "burgemeester en wethouders", limit=10, mode="bm25")
    says = [bool(s >= THRESHOLD) for s in informative([h.sentence for h in hits])]
    assert CLOSING in {h.sentence for h in hits} and says[0]  # few rows match: it comes last
    assert says == sorted(says, reverse=True)  # every sentence that says something before it
    hits = search(pg_letters, "burgemeester en wethouders", limit=sum(says), mode="bm25")
    assert CLOSING not in {h.sentence for h in hits}
    labels = {"Startdatum jeugdhulp", "Einddatum jeugdhulp", "Verwijzer naar de jeugdhulp"}
    hits = search(pg_letters, "wachttijd jeugdhulp", limit=5, mode="bm25")
    assert not labels & {h.sentence for h in hits}
    assert sum("wachttijd" in h.sentence for h in hits) >= 3


def test_a_code_in_the_query_keeps_the_line_that_holds_it(pg_letters: Store):
    hits = search(pg_letters, "kenmerk 8407467", limit=3, mode="bm25")
    assert "(kenmerk: 8407467)" in hits[0].sentence


def test_the_database_and_the_index_demote_alike(pg_letters: Store, tmp_path):
    """Same letters in SQLite: the demoted hits of both stores agree as the undemoted ones do."""
    from raadsbrieven.search import index as search_mod

    mem_store = Store(f"sqlite:///{tmp_path / 'same.db'}")
    assert not ingest([CORPUS / DOC0, CORPUS / DOC1], mem_store, embed=False).failed
    try:
        for query in ("wachttijd jeugdhulp", "technische sessie", "wethouder toegezegd informeren"):
            pg = {h.sentence for h in search(pg_letters, query, limit=10, mode="bm25")}
            mem = {h.sentence for h in search(mem_store, query, limit=10, mode="bm25")}
            assert len(pg & mem) >= 7, query
        # a query matching few rows: the same rows in both, the furniture (two closings, an
        # annex title) behind the rest in both
        pg = [h.sentence for h in search(pg_letters, "burgemeester en wethouders", limit=10, mode="bm25")]
        mem = [h.sentence for h in search(mem_store, "burgemeester en wethouders", limit=10, mode="bm25")]
        n = int(sum(informative(pg) >= THRESHOLD))
        assert sorted(pg) == sorted(mem) and 0 < n < len(pg)
        assert set(pg[:n]) == set(mem[:n]) and CLOSING in set(pg[n:]) == set(mem[n:])
    finally:
        search_mod._INDEXES.pop(mem_store.url, None)
        mem_store.close()


def test_each_text_is_judged_once_per_process(pg_letters: Store, monkeypatch: pytest.MonkeyPatch):
    from raadsbrieven.search import informative as informative_mod

    search_pg._SAYS.clear()
    judged: list[str] = []
    real = informative_mod.informative

    def counting(texts, trained=None):
        judged.extend(texts)
        return real(texts, trained)

    monkeypatch.setattr(informative_mod, "informative", counting)
    first = search(pg_letters, "burgemeester en wethouders", limit=3, mode="bm25")
    n = len(judged)
    assert 3 <= n <= DEMOTE_WINDOW and len(set(judged)) == n
    again = search(pg_letters, "burgemeester en wethouders", limit=3, mode="bm25")
    assert [h.sentence_id for h in again] == [h.sentence_id for h in first]
    assert len(judged) == n  # nothing judged twice
