"""Search inside PostgreSQL with pgvector (issue #17): the store keeps search rows and vectors in the
database, ranks in one SQL query with the filters first, and builds no index in the process.

Runs on a server with pgvector: $RAADSBRIEVEN_TEST_PGVECTOR, else pgserver's own (tests/conftest.py).
"""

from __future__ import annotations

import hashlib
import math
import re
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import create_engine, text

from raadsbrieven.embed import text_hash
from raadsbrieven.model import KINDS
from raadsbrieven.pipeline import ingest
from raadsbrieven.search import embed_store, passages_of, search
from raadsbrieven.search import index as search_mod
from raadsbrieven.search.pg import rank_pg
from raadsbrieven.store import Store, pg_search
from tests.conftest import CORPUS, PG_OK, PG_URL, fresh_pgvector_database

DOC0 = "000_46cd106d7926f80d.txt"
DOC1 = "001_c92f4c90ef915183.txt"


class BagEmbedder:
    """A stand-in model: the sum of a random vector per word, so texts sharing words lie close."""

    name = "bag-32"

    def encode(self, texts, kind="passage"):
        out = []
        for t in texts:
            v = np.zeros(32, dtype=np.float32)
            for w in re.findall(r"\w+", t.lower()):
                seed = int(hashlib.sha1(w.encode()).hexdigest()[:8], 16)
                v += np.random.default_rng(seed).normal(size=32).astype(np.float32)
            out.append(v / (np.linalg.norm(v) or 1.0))
        return np.array(out)


@pytest.fixture(scope="module")
def pg_corpus(pgvector_server: str):
    """Letters 000 and 001 of the corpus in a PostgreSQL store with pgvector, embedded by BagEmbedder."""
    store = Store(fresh_pgvector_database(pgvector_server, "rb_tests_corpus"))
    report = ingest([CORPUS / DOC0, CORPUS / DOC1], store, embed=False)
    assert not report.failed and store.pg_search
    embed_store(store, BagEmbedder())
    yield store
    store.close()


@pytest.fixture(scope="module")
def sqlite_corpus(tmp_path_factory: pytest.TempPathFactory):
    """The same two letters in SQLite, searched through today's in-memory index."""
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('same') / 'same.db'}")
    assert not ingest([CORPUS / DOC0, CORPUS / DOC1], store, embed=False).failed
    yield store
    search_mod._INDEXES.pop(store.url, None)
    store.close()


def count(store: Store, sql: str, **params) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(text(sql), params).scalar_one())


def test_every_sentence_and_vector_is_in_the_database(pg_corpus: Store):
    store = pg_corpus
    assert count(store, "SELECT count(*) FROM search_sentences") == store.counts()["sentences"]
    # each term's document frequency, kept by the triggers, is its number of postings
    wrong = (
        "SELECT count(*) FROM (SELECT term, count(*) AS n FROM search_postings GROUP BY term) p"
        " JOIN search_terms t USING (term) WHERE t.df <> p.n"
    )
    assert count(store, wrong) == 0 and count(store, "SELECT count(*) FROM search_terms") > 1000
    emb = BagEmbedder()
    vectors = count(store, "SELECT count(*) FROM embeddings WHERE model = :m AND vec IS NOT NULL", m=emb.name)
    assert vectors == len({text_hash(p) for p in passages_of(store)})
    index = pg_search.hnsw_name(emb.name, 32)
    assert count(store, "SELECT count(*) FROM pg_indexes WHERE indexname = :i", i=index) == 1
    # the vector column holds what the blob holds
    with store.engine.connect() as conn:
        blob, vec = conn.execute(text("SELECT vector, vec::text FROM embeddings LIMIT 1")).one()
    as_list = np.array([float(x) for x in vec.strip("[]").split(",")], dtype=np.float32)
    assert np.allclose(np.frombuffer(blob, "<f4"), as_list, atol=1e-6)


def test_a_vector_is_read_from_its_row_not_from_toast(pgvector_server: str):
    """A 384-dimensional vector beside its blob copy passes PostgreSQL's 2 KB row limit, so one of
    them goes out of line: it must be the blob, so that distances are computed from the row."""
    store = Store(fresh_pgvector_database(pgvector_server, "rb_tests_toast"))
    vectors = np.random.default_rng(0).normal(size=(20, 384)).astype(np.float32)
    store.save_vectors("e5-like", [f"h{i}" for i in range(20)], vectors)
    with store.engine.connect() as conn:
        q = "SELECT reltoastrelid::regclass::text FROM pg_class WHERE relname = 'embeddings'"
        toast = conn.execute(text(q)).scalar_one()
        sizes = conn.execute(text(f"SELECT sum(length(chunk_data)) FROM {toast} GROUP BY chunk_id")).scalars()
        out_of_line = sorted(int(n) for n in sizes)
        stored = conn.execute(text("SELECT vec::text FROM embeddings WHERE text_hash = 'h3'")).scalar_one()
    store.close()
    assert out_of_line == [384 * 4] * 20  # the blobs' bytes; a vector would be 4 bytes longer
    assert np.allclose([float(x) for x in stored.strip("[]").split(",")], vectors[3], atol=1e-6)


def test_a_store_of_pg_search_4_gets_the_vectors_storage(pgvector_url: str):
    """pg_search 4 left `vec` to be moved out of line: opening the store sets the storage anew."""
    store = Store(pgvector_url)
    with store.engine.begin() as conn:
        conn.execute(
            text("ALTER TABLE embeddings ALTER vec SET STORAGE EXTERNAL, ALTER vector SET STORAGE EXTENDED")
        )
        conn.execute(text("COMMENT ON TABLE search_postings IS 'pg_search 4: BM25 weight'"))
    store.close()
    store = Store(pgvector_url)
    q = "SELECT attname, attstorage FROM pg_attribute WHERE attrelid = 'embeddings'::regclass AND attnum > 0"
    with store.engine.connect() as conn:
        storage = dict(conn.execute(text(q)).all())
    store.close()
    assert (storage["vec"], storage["vector"]) == ("m", "e")


def posting_filters_wrong(store: Store) -> int:
    """Search sentences and postings whose filter columns differ from their letter (municipality
    code, date as an integer, from Python) and from their sentence's facts (the kinds' bits)."""
    with store.engine.connect() as conn:
        facts = conn.execute(text("SELECT sentence_id, kind FROM facts WHERE sentence_id IS NOT NULL")).all()
        codes = dict(conn.execute(text("SELECT folded, code FROM search_municipalities")).all())
        rows = []
        for table in ("search_sentences", "search_postings"):
            rows += conn.execute(
                text(
                    f"SELECT x.sentence_id, x.mun, x.doc_date, x.kinds, d.municipality, d.date FROM {table} x"
                    " JOIN sentences s ON s.id = x.sentence_id JOIN documents d ON d.id = s.document_id"
                )
            ).all()
    bits: dict[int, int] = {}
    for sentence_id, kind in facts:
        bits[sentence_id] = bits.get(sentence_id, 0) | pg_search.kind_bit(kind)
    assert rows
    return sum(
        (mun, date, kinds)
        != (codes[pg_search.fold_filter(municipality or "")], pg_search.date_code(doc_date), bits.get(i, 0))
        for i, mun, date, kinds, municipality, doc_date in rows
    )


def test_each_posting_carries_its_letters_filters(pg_corpus: Store):
    """What the filters ask of a sentence is beside it and its postings: municipality and date as
    the letter has them, a bit for each kind of fact in its sentence (set when the facts are stored,
    after the search rows)."""
    assert posting_filters_wrong(pg_corpus) == 0
    with pg_corpus.engine.connect() as conn:
        bits = conn.execute(text("SELECT DISTINCT kinds FROM search_postings")).scalars().all()
        municipalities = (
            conn.execute(
                text(
                    "SELECT DISTINCT m.folded FROM search_postings p"
                    " JOIN search_municipalities m ON m.code = p.mun"
                )
            )
            .scalars()
            .all()
        )
        code = conn.execute(text("SELECT code FROM search_municipalities WHERE folded = 'utrecht'")).scalar()
    assert len(bits) > 3 and municipalities == ["utrecht"]
    # sentences per municipality, kept by the postings' triggers (whether to measure them exactly)
    utrecht = "SELECT count(DISTINCT sentence_id) FROM search_postings WHERE mun = :c"
    sentences = count(pg_corpus, utrecht, c=code)
    assert count(pg_corpus, "SELECT df FROM search_terms WHERE term = :t", t=f":{code}") == sentences > 100
    for kind in ("percentage", "duration", "money", "toezegging"):  # SQL and Python agree
        with pg_corpus.engine.connect() as conn:
            sql = conn.execute(text("SELECT search_kind_bit(:k)"), {"k": kind}).scalar_one()
        assert sql == pg_search.kind_bit(kind) > 0


def test_each_known_kind_has_its_own_bit(pg_corpus: Store):
    """The kinds a fact may have are told apart by their bits alone (no look at the facts); a kind
    that shares its bit with a stored one is not, and is then checked against the facts."""
    assert all(pg_search.kind_is_exact(k, KINDS) for k in KINDS)
    with pg_corpus.engine.connect() as conn:
        stored = pg_search._stored_kinds(conn)
    assert {"percentage", "duration"} <= set(stored) <= set(KINDS)
    twin = next(
        f"soort{i}" for i in range(1000) if pg_search.kind_bit(f"soort{i}") == pg_search.kind_bit("money")
    )
    assert not pg_search.kind_is_exact("money", [*KINDS, twin])


def test_dates_as_integers_filter_as_the_texts_do(pg_corpus: Store):
    """A letter's date as an integer (an unknown month or day 00) passes a date filter exactly when
    its text passes it as the in-memory index compares them: in SQL, over dates of each precision."""
    dates = [
        "2020",
        "2021",
        "2022",
        "2021-02",
        "2021-03",
        "2021-12",
        "2021-03-01",
        "2021-03-15",
        "2021-03-31",
    ]
    bounds = [*dates, "2021-3", "2021-03-1"]  # the last two: no YYYY[-MM[-DD]], compared as text
    with pg_corpus.engine.connect() as conn:
        for bound in bounds:
            for which in ("from", "to"):
                date_from, date_to = (bound, None) if which == "from" else (None, bound)
                f = pg_search.filter_sql(None, None, None, None, date_from, date_to, None)
                sql = f"SELECT {f.on_sentences} FROM (SELECT search_date_code(:d) AS doc_date) ss"
                for d in dates:
                    got = conn.execute(text(sql), {"d": d, **f.params}).scalar()
                    expected = d >= bound[: len(d)] if which == "from" else d[: len(bound)] <= bound
                    assert got is expected, (which, bound, d)
                assert conn.execute(text(sql), {"d": None, **f.params}).scalar() is not True  # no date


@pytest.mark.parametrize(
    ("query", "doc", "snippet"),
    [
        ("M194", DOC1, "financiële geste van het Rijk voor jeugdzorg’ (M194)"),
        ("kenmerk 8407467", DOC0, "(kenmerk: 8407467)"),
        ("toezegging 926", DOC1, "alvast in (toezegging 926)"),
        ("Kanaleneiland Zuid wachttijd", DOC0, "Ook in Kanaleneiland Zuid is de wachttijd gemiddeld 9 weken"),
    ],
)
def test_hybrid_search_in_the_database_finds_the_sentence(pg_corpus: Store, query, doc, snippet):
    search_mod._INDEXES.pop(pg_corpus.url, None)
    hits = search(pg_corpus, query, limit=5, embedder=BagEmbedder())
    assert any(h.doc == doc and snippet in h.sentence for h in hits[:3]), [h.sentence[:80] for h in hits]
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    assert all(a.score >= b.score for a, b in zip(hits, hits[1:], strict=False))
    assert pg_corpus.url not in search_mod._INDEXES  # no index was built in this process


def test_dense_search_ranks_by_the_stored_vectors(pg_corpus: Store):
    """A sentence's own text as the query is nearest to its own vector."""
    emb = BagEmbedder()
    row = next(r for r in pg_corpus.sentences() if "Kanaleneiland Zuid is de wachttijd" in r["text"])
    query = search_mod.passage_text(row["heading"], row["text"])
    hits = search(pg_corpus, query, limit=3, embedder=emb, mode="dense")
    assert hits[0].sentence_id == row["id"]


def test_hits_carry_their_facts_and_the_kind_filter_keeps_its_kind(pg_corpus: Store):
    hits = search(pg_corpus, "kennismakingsgesprek binnen 5 dagen", limit=10, kind="percentage")
    assert hits and all(h.facts and all(f["kind"] == "percentage" for f in h.facts) for h in hits)
    fact = hits[0].facts[0]
    assert fact["doc"] == hits[0].doc and fact["text"] in hits[0].sentence
    none = search(pg_corpus, "kennismakingsgesprek binnen 5 dagen", limit=10, doc=DOC1, kind="percentage")
    assert all(h.doc == DOC1 for h in none)


def brute_force_bm25(store: Store, query: str) -> list[tuple[float, int]]:
    """BM25 as `search_postings` holds it, computed over every sentence in Python: (score, id)."""
    rows = store.sentences()
    weights, df = {}, {}
    for i, r in enumerate(rows):
        prev = rows[i - 1]["text"] if i and rows[i - 1]["document_id"] == r["document_id"] else None
        weights[r["id"]] = pg_search.weights(r["heading"], prev, r["text"])
        for t in weights[r["id"]]:
            df[t] = df.get(t, 0) + 1
    n = sum(1 for w in weights.values() if w)
    terms = list(dict.fromkeys(search_mod.tokens(query)))
    idf = {t: math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5)) for t in terms if t in df}
    scores = [(sum(idf[t] * w.get(t, 0.0) for t in idf), i) for i, w in weights.items()]
    return sorted(((s, i) for s, i in scores if s > 0), key=lambda x: (-x[0], x[1]))


@pytest.mark.parametrize(
    "query", ["wachttijd jeugdhulp", "toezegging 863 complexe scheidingen", "Lokalis buurtteam"]
)
def test_bm25_in_sql_is_bm25(pg_corpus: Store, query: str):
    """The best postings per term, IDF from the triggers' counts and the sum in SQL give the scores
    and order of BM25 computed over every sentence."""
    hits = rank_pg(pg_corpus, query, limit=20, mode="bm25", demote=False)  # BM25's own order
    expected = brute_force_bm25(pg_corpus, query)[:20]
    assert len(hits) == 20
    assert [s for _, s in hits] == pytest.approx([s for s, _ in expected], rel=1e-4)
    tied = [round(s, 4) for s, _ in expected]
    unique = [i for (s, i), r in zip(expected, tied, strict=True) if tied.count(r) == 1]
    assert [i for i, s in hits if tied.count(round(s, 4)) == 1] == unique


def test_bm25_in_sql_agrees_with_the_in_memory_index(pg_corpus: Store, sqlite_corpus: Store):
    """Same terms, fields and weights as the in-memory BM25; only the average length is fixed
    (AVGDL), so the best sentences are nearly all the same."""
    for query in ("wachttijd jeugdhulp", "kennismakingsgesprek binnen 5 dagen", "Lokalis buurtteam"):
        pg = {(h.doc, h.sentence) for h in search(pg_corpus, query, limit=10, mode="bm25")}
        mem = {(h.doc, h.sentence) for h in search(sqlite_corpus, query, limit=10, mode="bm25")}
        assert len(pg & mem) >= 7, query


def test_a_hit_shows_the_same_passage_as_in_memory(pg_corpus: Store, sqlite_corpus: Store):
    """Each hit from PostgreSQL carries the sentence before and after it and their facts, as the
    in-memory index gives them for the same sentence."""
    pg = search(pg_corpus, "wachttijd jeugdhulp", limit=10, mode="bm25")
    in_memory = search(sqlite_corpus, "wachttijd jeugdhulp", limit=50, mode="bm25")
    mem = {(h.doc, h.sentence): h for h in in_memory}
    shared = [h for h in pg if (h.doc, h.sentence) in mem]
    assert len(shared) >= 7 and any(h.before and h.after and h.after_facts for h in shared)
    for hit in shared:
        twin = mem[(hit.doc, hit.sentence)]
        assert (hit.before, hit.after) == (twin.before, twin.after), hit.sentence
        assert (hit.before_facts, hit.after_facts) == (twin.before_facts, twin.after_facts), hit.sentence


def test_filters_match_the_in_memory_index(pg_corpus: Store, sqlite_corpus: Store):
    """The same filters over SQLite's in-memory index keep the same sentences (all of them: fewer
    than the limit)."""
    for filters in (
        {"org": "lokalis"},
        {"date_from": "2025"},
        {"date_to": "2021-02"},
        {"place": "Overvecht"},
        {"kind": "percentage", "doc": DOC0},
        {"kind": "duration"},
        {"kind": "percentage", "date_from": "2025-01", "municipality": "Utrecht"},
    ):
        pg = search(pg_corpus, "wachttijd wachtlijst", limit=200, mode="bm25", **filters)
        mem = search(sqlite_corpus, "wachttijd wachtlijst", limit=200, mode="bm25", **filters)
        assert 0 < len(pg) < 200, filters
        assert {(h.doc, h.sentence) for h in pg} == {(h.doc, h.sentence) for h in mem}, filters


LETTER = """Gemeente Zwolle
Datum 3 maart 2025
Onderwerp Wachttijden jeugdhulp

Geachte leden van de raad,

{body}

Met vriendelijke groet,
het college van burgemeester en wethouders
"""


def test_filters_apply_before_ranking_not_after(pgvector_url: str, tmp_path: Path):
    """A letter whose only match ranks far below 200 better matches elsewhere is still found when
    the search is filtered to it: the filter is in the ranking query, not applied to its top rows."""
    store = Store(pgvector_url)
    busy = " ".join(
        f"De wachttijd voor jeugdhulp in wijk {i} bedraagt wachttijd wachttijd {i % 9 + 2} weken."
        for i in range(260)
    )
    (tmp_path / "druk.txt").write_text(LETTER.format(body=busy), encoding="utf-8")
    quiet = (
        "Wij hebben de raad eerder geïnformeerd over de aanpak. Het college bespreekt in april de "
        "begroting, en daarbij komt ook de wachttijd kort aan de orde."
    )
    (tmp_path / "stil.txt").write_text(LETTER.format(body=quiet), encoding="utf-8")
    report = ingest([tmp_path / "druk.txt", tmp_path / "stil.txt"], store, embed=False)
    assert not report.failed
    everywhere = search(store, "wachttijd", limit=200, mode="bm25")
    assert len(everywhere) == 200 and all(h.doc == "druk.txt" for h in everywhere)
    only = search(store, "wachttijd", limit=10, mode="bm25", doc="stil.txt")
    assert only and all(h.doc == "stil.txt" for h in only)
    assert any("wachttijd kort aan de orde" in h.sentence for h in only)
    store.close()


def test_a_filtered_term_read_stops_at_its_best_postings(pgvector_url: str, tmp_path: Path, monkeypatch):
    """With a filter, a term's postings are read from its SCAN_MAX best only, so the work per query
    stays bounded at any store size; a letter filter reads that letter's postings, uncapped."""
    store = Store(pgvector_url)
    busy = " ".join(f"De wachttijd in wijk {i} is {i % 9 + 2} weken." for i in range(120))
    (tmp_path / "druk.txt").write_text(LETTER.format(body=busy), encoding="utf-8")
    quiet = LETTER.replace("3 maart 2025", "9 juni 2025").format(
        body="Het college bespreekt in april de begroting en daarbij komt ook de wachttijd kort aan de orde."
    )
    (tmp_path / "stil.txt").write_text(quiet, encoding="utf-8")
    assert not ingest([tmp_path / "druk.txt", tmp_path / "stil.txt"], store, embed=False).failed

    def found(**filters) -> bool:
        hits = search(store, "wachttijd", limit=50, mode="bm25", **filters)
        assert all(h.doc == "stil.txt" for h in hits)
        return any("kort aan de orde" in h.sentence for h in hits)

    assert found(date_from="2025-06")
    monkeypatch.setattr(pg_search, "SCAN_MAX", 50)  # the quiet letter's long sentence ranks below 50
    assert not found(date_from="2025-06")
    assert found(doc="stil.txt")
    store.close()


def test_a_replaced_or_deleted_letter_leaves_no_search_rows(pgvector_url: str, tmp_path: Path):
    store = Store(pgvector_url)
    letter = tmp_path / "brief.txt"
    letter.write_text(LETTER.format(body="De wachttijd in Overvecht is 12 weken."), encoding="utf-8")
    ingest([letter], store, embed=False)
    assert "12 weken" in search(store, "wachttijd Overvecht")[0].sentence
    letter.write_text(LETTER.format(body="De wachttijd in Overvecht is 16 weken."), encoding="utf-8")
    assert ingest([letter], store, embed=False).outcomes[0].status == "replaced"
    hits = search(store, "wachttijd Overvecht")
    assert "16 weken" in hits[0].sentence and not any("12 weken" in h.sentence for h in hits)
    # no vectors stored for this model yet: ranked by words alone, as the in-memory index does
    by_words = [h.sentence_id for h in search(store, "wachttijd Overvecht", embedder=BagEmbedder())]
    assert by_words == [h.sentence_id for h in hits]
    assert count(store, "SELECT count(*) FROM search_sentences") == store.counts()["sentences"]
    df = count(store, "SELECT df FROM search_terms WHERE term = 'overvecht'")  # the old letter's are gone
    assert df == count(store, "SELECT count(*) FROM search_postings WHERE term = 'overvecht'") > 0
    df = "SELECT df FROM search_terms WHERE term = :t"
    assert count(store, df, t="") == count(store, "SELECT count(DISTINCT sentence_id) FROM search_postings")
    assert store.delete_document("brief.txt")
    assert search(store, "wachttijd Overvecht") == []
    assert count(store, "SELECT count(*) FROM search_sentences") == 0
    assert count(store, "SELECT count(*) FROM search_postings") == 0
    assert count(store, "SELECT coalesce(sum(df), 0) FROM search_terms") == 0
    store.close()


def test_a_store_from_before_gets_its_search_rows_and_vectors(
    pgvector_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Letters and blobs stored without in-database search are filled in when a store opens with it."""
    monkeypatch.setenv(pg_search.ENV_OFF, "0")
    old = Store(pgvector_url)
    assert not old.pg_search
    ingest([CORPUS / DOC0], old, embed=False)
    emb = BagEmbedder()
    embed_store(old, emb)
    old.close()
    monkeypatch.delenv(pg_search.ENV_OFF)
    store = Store(pgvector_url)
    assert store.pg_search
    assert count(store, "SELECT count(*) FROM search_sentences") == store.counts()["sentences"]
    assert count(store, "SELECT count(*) FROM embeddings WHERE vec IS NULL") == 0
    hits = search(store, "Kanaleneiland Zuid wachttijd", embedder=emb, limit=3)
    assert any("Kanaleneiland Zuid is de wachttijd" in h.sentence for h in hits)
    assert posting_filters_wrong(store) == 0  # facts stored before their postings: bits at once
    store.close()


# A store's search tables as pg_search 2 (term, sentence, weight) and 3 (with the letter's folded
# municipality and date as text, and the kinds, on each posting) left them
OLD_SEARCH_TABLES = {
    2: [
        "ALTER TABLE search_postings DROP COLUMN mun, DROP COLUMN doc_date, DROP COLUMN kinds",
        "CREATE INDEX ix_search_postings_term ON search_postings (term, w DESC) INCLUDE (sentence_id)",
    ],
    3: [
        "ALTER TABLE search_postings DROP COLUMN mun, DROP COLUMN doc_date",
        "ALTER TABLE search_postings ADD COLUMN mun text NOT NULL DEFAULT '', ADD COLUMN doc_date text",
        f"UPDATE search_postings p SET mun = {pg_search._sql_fold('d.municipality')}, doc_date = d.date"
        " FROM sentences s JOIN documents d ON d.id = s.document_id WHERE s.id = p.sentence_id",
        "CREATE INDEX ix_search_postings_read ON search_postings (term, w DESC)"
        " INCLUDE (sentence_id, mun, doc_date, kinds)",
        "UPDATE search_terms t SET term = ':' || m.folded FROM search_municipalities m"
        " WHERE t.term = ':' || m.code",
    ],
}


@pytest.mark.parametrize("version", [2, 3])
def test_a_store_of_the_previous_search_tables_is_migrated(pgvector_url: str, version: int):
    """Search tables of pg_search 2 or 3 get today's filter columns when the store opens, and the
    filtered searches find what they found before."""
    store = Store(pgvector_url)
    ingest([CORPUS / DOC0], store, embed=False)
    queries = [
        ("wachttijd jeugdhulp", {"kind": "duration"}),
        ("wachttijd wachtlijst", {"municipality": "Utrecht", "date_from": "2021"}),
        ("wachttijd wachtlijst", {"date_to": "2021-03"}),
        ("kennismakingsgesprek", {"kind": "percentage", "org": "lokalis"}),
    ]
    before = [[h.sentence_id for h in search(store, q, limit=50, mode="bm25", **f)] for q, f in queries]
    assert all(before[:2]) and all(before[3:])
    with store.engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_search_postings_read"))
        for statement in OLD_SEARCH_TABLES[version]:
            conn.execute(text(statement))
        conn.execute(
            text("ALTER TABLE search_sentences DROP COLUMN mun, DROP COLUMN doc_date, DROP COLUMN kinds")
        )
        conn.execute(text("DROP TABLE search_municipalities"))
        conn.execute(text(f"COMMENT ON TABLE search_postings IS 'pg_search {version}: BM25 weight'"))
    postings = count(store, "SELECT count(*) FROM search_postings")
    store.close()
    store = Store(pgvector_url)
    assert count(store, "SELECT count(*) FROM search_postings") == postings
    assert posting_filters_wrong(store) == 0
    after = [[h.sentence_id for h in search(store, q, limit=50, mode="bm25", **f)] for q, f in queries]
    assert after == before
    code = count(store, "SELECT code FROM search_municipalities WHERE folded = 'utrecht'")
    assert count(store, "SELECT df FROM search_terms WHERE term = :t", t=f":{code}") > 100
    assert count(store, "SELECT count(*) FROM search_terms WHERE term = :t", t=":utrecht") == 0
    # the rewritten tables keep their keys and their cascade from the letter
    assert store.delete_document(DOC0)
    assert count(store, "SELECT count(*) FROM search_postings") == 0
    assert count(store, "SELECT count(*) FROM search_sentences") == 0
    store.close()


@pytest.mark.parametrize(
    "query", ["", "de het een", "'); DROP TABLE sentences; --", "x" * 10_000, "ü & | ! :*"]
)
def test_hostile_queries_return_nothing_or_hits(pg_corpus: Store, query: str):
    hits = search(pg_corpus, query, embedder=BagEmbedder())
    assert isinstance(hits, list)
    assert pg_corpus.counts()["sentences"] > 0


@pytest.mark.skipif(not PG_OK, reason="no PostgreSQL at RAADSBRIEVEN_TEST_PG")
def test_a_server_without_pgvector_keeps_todays_store():
    engine = create_engine(PG_URL)
    with engine.connect() as conn:
        has = conn.execute(text("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")).first()
    engine.dispose()
    if has:
        pytest.skip("this server has pgvector")
    store = Store(PG_URL)
    assert not store.pg_search
    store.close()
