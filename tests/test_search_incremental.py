"""The search index keeps in step with the store: a new letter is appended, not rebuilt.

Each test compares the kept-in-step index with a fresh full build of the same store: the rankings
must be identical, row for row and score for score.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from raadsbrieven.embed import text_hash
from raadsbrieven.pipeline import ingest
from raadsbrieven.search import index as search_mod
from raadsbrieven.search.index import (
    BM25,
    MAX_SEGMENTS,
    SearchIndex,
    embed_store,
    get_index,
    index_terms,
    passages_of,
    rank,
    search,
)
from raadsbrieven.store import Store
from tests.conftest import CORPUS, shared_path

GRONINGEN = "letters-extra/groningen_brief_raadpleging_jeugdzorg_2019-10-31.txt"
QUERIES = [
    json.loads(line)["query"]
    for line in (Path(__file__).resolve().parent.parent / "eval" / "search_queries.jsonl")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip()
]
NEW_QUERIES = ["Humanitas Akerkhof", "raadpleging jeugdzorg Groningen", "thematafels werkvloer huisartsen"]


class HashEmbedder:
    """Deterministic stand-in for a model: a unit vector seeded by the text (tests compare rankings)."""

    name = "hash-16"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts, kind="passage"):
        self.seen += texts
        out = []
        for t in texts:
            seed = int(hashlib.sha1(f"{kind}:{t}".encode()).hexdigest()[:8], 16)
            v = np.random.default_rng(seed).normal(size=16).astype(np.float32)
            out.append(v / np.linalg.norm(v))
        return np.array(out)


@pytest.fixture
def base_store(db_url: str, corpus_db: str):
    """The corpus (all of it on SQLite, letters 000 and 004 on PostgreSQL) in a store of its own."""
    if db_url.startswith("sqlite"):
        shutil.copy(corpus_db.removeprefix("sqlite:///"), db_url.removeprefix("sqlite:///"))
        s = Store(db_url)
    else:
        s = Store(db_url)
        report = ingest(
            [CORPUS / "000_46cd106d7926f80d.txt", CORPUS / "004_0869a8ff05df7e0c.txt"], s, embed=False
        )
        assert not report.failed
    search_mod._INDEXES.pop(s.url, None)  # PostgreSQL tests share one URL: start from a cold index
    yield s
    search_mod._INDEXES.pop(s.url, None)
    s.close()


def same_rankings(kept: SearchIndex, fresh: SearchIndex, embedder=None) -> None:
    assert [r["id"] for r in kept.rows] == [r["id"] for r in fresh.rows]
    assert kept.docs == fresh.docs and kept.passages == fresh.passages
    for q in QUERIES + NEW_QUERIES:
        assert rank(kept, q, mode="bm25") == rank(fresh, q, mode="bm25"), q
        if embedder is not None:
            assert rank(kept, q, embedder=embedder) == rank(fresh, q, embedder=embedder), q


def test_adding_a_letter_appends_its_sentences_only(base_store: Store, monkeypatch: pytest.MonkeyPatch):
    groningen = shared_path(GRONINGEN)
    store, emb = base_store, HashEmbedder()
    embed_store(store, emb)
    index = get_index(store)
    n0, first_segment = len(index), index.bm25.segments[0]
    old_vectors = index.dense(emb).matrix()
    assert not any("Akerkhof" in h.sentence for h in search(store, "Humanitas Akerkhof"))

    report = ingest([groningen], store, embed=False)
    letter = store.sentences(report.outcomes[0].document_id)
    assert letter and not report.failed
    tokenized: list[str] = []
    looked_up: list[str] = []
    real_tokens, real_load = search_mod.tokens, search_mod.load_cached
    monkeypatch.setattr(search_mod, "tokens", lambda text: tokenized.append(text) or real_tokens(text))
    monkeypatch.setattr(
        search_mod, "load_cached", lambda s, m, h=None: looked_up.extend(h or []) or real_load(s, m, h)
    )

    assert get_index(store) is index  # kept, not rebuilt
    assert len(index) == n0 + len(letter)
    assert [r["id"] for r in index.rows[n0:]] == [r["id"] for r in letter]
    assert index.bm25.segments[0] is first_segment and len(index.bm25.segments) == 2
    # only the new letter's sentences (and its headings) were tokenised, only its vectors looked up
    assert set(tokenized) <= {r["text"] for r in letter} | {r["heading"] or "" for r in letter}
    assert len(tokenized) <= 2 * len(letter)
    new_hashes = {text_hash(p) for p in passages_of(store, [report.outcomes[0].document_id])}
    assert set(looked_up) == new_hashes

    hit = search(store, "Humanitas Akerkhof", limit=1)[0]
    assert hit.doc == groningen.name and "Humanitas, Akerkhof 22" in hit.sentence

    vectors = index.dense(emb)
    assert len(vectors.chunks) == 2 and np.array_equal(vectors.chunks[0], old_vectors)  # old rows kept as is
    assert vectors.embedded[:n0].all() and not vectors.embedded[n0:].any()
    emb.seen.clear()
    embed_store(store, emb)  # vectors computed after the letter was indexed fill its rows
    assert len(emb.seen) == len(new_hashes)  # the corpus was not embedded again
    monkeypatch.undo()
    assert index.dense(emb).embedded.all() and get_index(store) is index
    same_rankings(index, SearchIndex(store), emb)


def test_a_replaced_or_deleted_letter_rebuilds(db_url: str, tmp_path: Path):
    store = Store(db_url)
    search_mod._INDEXES.pop(store.url, None)
    letter = tmp_path / "brief.txt"
    letter.write_text(
        "Geachte leden van de raad,\n\nDe wachttijd in Overvecht is 12 weken.\n", encoding="utf-8"
    )
    ingest([letter, CORPUS / "004_0869a8ff05df7e0c.txt"], store, embed=False)
    index = get_index(store)
    assert "12 weken" in search(store, "wachttijd Overvecht")[0].sentence

    letter.write_text(
        "Geachte leden van de raad,\n\nDe wachttijd in Overvecht is 16 weken.\n", encoding="utf-8"
    )
    assert ingest([letter], store, embed=False).outcomes[0].status == "replaced"
    rebuilt = get_index(store)
    assert rebuilt is not index
    hits = search(store, "wachttijd Overvecht")
    assert "16 weken" in hits[0].sentence and not any("12 weken" in h.sentence for h in hits)
    same_rankings(rebuilt, SearchIndex(store))

    assert store.delete_document("brief.txt")
    assert get_index(store) is not rebuilt
    assert not any(h.doc == "brief.txt" for h in search(store, "wachttijd Overvecht"))
    search_mod._INDEXES.pop(store.url, None)
    store.close()


def test_bm25_in_pieces_scores_exactly_like_bm25_at_once(corpus_db: str):
    """Twelve appends (more than MAX_SEGMENTS, so the newer segments get merged) against one build."""
    store = Store(corpus_db)
    rows = store.sentences()
    terms = []
    for i, r in enumerate(rows):
        prev = rows[i - 1]["text"] if i and rows[i - 1]["document_id"] == r["document_id"] else None
        terms.append(index_terms(r["heading"], prev, r["text"]))
    whole = BM25(terms)
    pieces = BM25()
    cuts = np.linspace(0, len(terms), 13).astype(int)
    for a, b in zip(cuts[:-1], cuts[1:], strict=True):
        pieces.add(terms[a:b])
    assert pieces.n == whole.n and len(pieces.segments) <= MAX_SEGMENTS
    for q in QUERIES + ["wachttijd jeugdhulp Overvecht", "M194", "begroting 2025"]:
        toks = search_mod.tokens(q)
        assert np.array_equal(pieces.scores(toks), whole.scores(toks)), q
    store.close()


def test_vectors_arrive_after_the_index_without_a_rebuild(base_store: Store):
    """Search before `raadsbrieven embed` is BM25; after it the same index ranks by meaning too."""
    store, emb = base_store, HashEmbedder()
    index = get_index(store)
    assert not index.dense(emb).embedded.any()
    before = search(store, "wachttijd Overvecht", embedder=emb, limit=5)
    assert [h.sentence_id for h in before] == [
        h.sentence_id for h in search(store, "wachttijd Overvecht", limit=5)
    ]
    assert not emb.seen  # nothing to compare a query vector with: the query is not even encoded
    embed_store(store, emb)
    assert get_index(store) is index and index.dense(emb).embedded.all()
    assert search(store, "wachttijd Overvecht", embedder=emb, limit=5)
    same_rankings(index, SearchIndex(store), emb)


def test_dense_rows_in_chunks_match_one_matrix(corpus_db: str):
    """Vectors appended letter by letter (merged past MAX_SEGMENTS) score like one matrix; late
    vectors fill their rows."""
    from raadsbrieven.search.index import DenseRows

    store, emb = Store(corpus_db), HashEmbedder()
    passages = passages_of(store)[:1200]
    hashes = [text_hash(p) for p in passages]
    vectors = dict(zip(hashes, emb.encode(passages), strict=True))
    late = set(hashes[5::7])  # stored after their rows were indexed
    rows = DenseRows(16)
    for a in range(0, len(hashes), 100):
        rows.append({h: v for h, v in vectors.items() if h not in late}, hashes[a : a + 100])
    assert len(rows) == len(hashes) and len(rows.chunks) <= MAX_SEGMENTS
    assert rows.embedded.sum() == sum(h not in late for h in hashes)
    for i, h in enumerate(hashes):
        if h in late:
            rows.fill(i, vectors[h])
    whole = np.array([vectors[h] for h in hashes])
    q = emb.encode(["hoe lang is de wachttijd"], "query")[0]
    assert rows.embedded.all() and np.array_equal(rows.matrix(), whole)
    assert np.allclose(rows.dot(q), whole @ q, atol=1e-6)
    store.close()
