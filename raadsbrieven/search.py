"""Hybrid search over the stored sentences: BM25 with Dutch tokenisation, dense vectors, and a
query-aware fusion of the two.

- Lexical: BM25 over "heading + previous sentence + sentence", tokens lowercased, accents
  stripped, Dutch stopwords dropped, Snowball Dutch stems (PyStemmer).
- Dense: cached passage vectors (`raadsbrieven.embed`) of "heading + sentence". Sentences without
  a vector yet fall back to their BM25 rank.
- Fusion: weighted reciprocal-rank fusion; the lexical weight rises when the query carries
  identifiers, numbers or names (M194, 8407467, Spoor030) and falls for plain-language questions.

`search(store, query, ...)` returns `Hit`s; hostile input (empty, only stopwords, 10,000
characters, odd characters) returns [] or ordinary hits, never raises.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from scipy import sparse
from sqlalchemy import func, select

from raadsbrieven import schema
from raadsbrieven.embed import Embedder, embed_cached
from raadsbrieven.facts import collapse

MAX_QUERY_CHARS = 1000  # longer queries are cut: nobody types more, and it bounds the work
K1, B = 1.2, 0.75
RRF_K = 30  # measured on eval/search_queries.jsonl: 30 beats 10 and 60 on MRR@10
CANDIDATES = 200

# Snowball's Dutch stopword list plus question words a searcher types ("welke", "hoeveel").
STOPWORDS = frozenset(
    """
    de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar om hem
    dan zou of wat mijn men dit zo door over ze zich bij ook tot je mij uit der daar haar naar heb
    hoe heeft hebben deze u want nog zal me zij nu ge geen omdat iets worden toch al waren veel meer
    doen toen moet ben zonder kan hun dus alles onder ja eens hier wie werd altijd doch wordt wezen
    kunnen ons zelf tegen na reeds wil kon niets uw iemand geweest andere
    welke welk waar wanneer waarom hoeveel hoelang waarover wij we jullie er staat stond gaat
    """.split()
)

_WORD = re.compile(r"[a-z0-9]+")
_RAW = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    """Lowercase without accents: 'Coördinatie' -> 'coordinatie'."""
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("dutch")


def tokens(text: str) -> list[str]:
    """Search terms of a text: folded, stopwords out, Dutch stems (numbers and codes kept whole)."""
    words = [w for w in _WORD.findall(fold(text)) if w not in STOPWORDS]
    stem = _stemmer().stemWord
    return [w if any(c.isdigit() for c in w) else stem(w) for w in words]


def lexical_weight(query: str) -> float:
    """Share of the lexical ranker in the fusion, from what the query looks like.

    Identifiers and numbers (M194, 8407467, Spoor030, 2021) -> lexical leads; names or a bare
    keyword or two -> balanced; a plain-language question -> dense leads.
    """
    raw = _RAW.findall(query[:MAX_QUERY_CHARS])
    content = [w for w in raw if fold(w) not in STOPWORDS]
    if any(any(c.isdigit() for c in w) for w in content):
        return 0.8
    if any(len(w) >= 2 and w.isupper() for w in content):  # KOOS, GGZ, BSO
        return 0.7
    sentence_like = len(raw) >= 4 and len(content) < len(raw)  # words plus stopwords: a question
    if not sentence_like:
        return 0.5
    if any(w[:1].isupper() for w in raw[1:]):  # a name inside a sentence: Lokalis, Overvecht
        return 0.25
    return 0.15


# ------------------------------------------------------------------ results


@dataclass
class Hit:
    rank: int
    score: float
    doc: str
    doc_date: str | None
    page: int | None
    sentence: str
    facts: list[dict[str, Any]] = field(default_factory=list)
    sentence_id: int | None = None
    heading: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The jsonl line of `raadsbrieven search`: rank, score, doc, doc_date, page, sentence, facts."""
        row = asdict(self)
        row.pop("sentence_id")
        row.pop("heading")
        return row


# ------------------------------------------------------------------ index


# How much a word counts by where it stands: the sentence itself, its heading, the sentence before.
FIELD_WEIGHTS = {"sentence": 1.0, "heading": 0.5, "previous": 0.3}


def index_terms(heading: str | None, previous: str | None, sentence: str) -> dict[str, float]:
    """Weighted term counts of a sentence with its context (heading + previous sentence + sentence)."""
    counts: dict[str, float] = {}
    for part, text in (("heading", heading), ("previous", previous), ("sentence", sentence)):
        for t in tokens(text or ""):
            counts[t] = counts.get(t, 0.0) + FIELD_WEIGHTS[part]
    return counts


def passage_text(heading: str | None, sentence: str) -> str:
    """What the dense backends embed for a sentence."""
    sentence = collapse(sentence)
    return f"{collapse(heading)}: {sentence}" if heading else sentence


class BM25:
    """BM25 over weighted term counts (a light BM25F: context words count less than the sentence's)."""

    def __init__(self, docs: list[dict[str, float]]) -> None:
        vocab: dict[str, int] = {}
        indptr, indices, data = [0], [], []
        for counts in docs:
            indices += [vocab.setdefault(t, len(vocab)) for t in counts]
            data += counts.values()
            indptr.append(len(indices))
        n = len(docs)
        tf = sparse.csr_matrix(
            (np.array(data, dtype=np.float32), np.array(indices, dtype=np.int64), np.array(indptr)),
            shape=(n, max(len(vocab), 1)),
        )
        lengths = np.array([sum(d.values()) for d in docs], dtype=np.float32)
        avg = float(lengths.mean()) if n and lengths.mean() > 0 else 1.0
        df = np.bincount(tf.indices, minlength=tf.shape[1]).astype(np.float32)
        idf = np.log(1 + (n - df + 0.5) / (df + 0.5))
        norm = K1 * (1 - B + B * lengths / avg)
        w = tf.tocoo()
        values = w.data * (K1 + 1) / (w.data + norm[w.row]) * idf[w.col]
        self.weights = sparse.csc_matrix((values, (w.row, w.col)), shape=tf.shape)
        self.vocab = vocab

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        cols = [self.vocab[t] for t in dict.fromkeys(query_tokens) if t in self.vocab]
        if not cols:
            return np.zeros(self.weights.shape[0], dtype=np.float32)
        return np.asarray(self.weights[:, cols].sum(axis=1)).ravel()


class SearchIndex:
    """Sentences, their BM25 index and facts, built from a store; dense vectors loaded per model."""

    def __init__(self, store) -> None:
        self.store = store
        docs = {d["id"]: d for d in store.document_rows()}
        self.rows = [r for r in store.sentences()]
        self.docs = [docs[r["document_id"]]["name"] for r in self.rows]
        self.dates = [docs[r["document_id"]]["date"] for r in self.rows]
        terms = []
        for i, r in enumerate(self.rows):
            same_doc = i > 0 and self.rows[i - 1]["document_id"] == r["document_id"]
            prev = self.rows[i - 1]["text"] if same_doc else None
            terms.append(index_terms(r["heading"], prev, r["text"]))
        self.bm25 = BM25(terms)
        self.passages = [passage_text(r["heading"], r["text"]) for r in self.rows]
        self._facts_by_row: dict[int, list] = {}
        by_doc: dict[str, tuple[list[int], list[int]]] = {}
        for i, r in enumerate(self.rows):
            starts, idx = by_doc.setdefault(self.docs[i], ([], []))
            starts.append(r["start"])
            idx.append(i)
        for fact in store.iter_facts():
            starts, idx = by_doc.get(fact.doc, ([], []))
            k = bisect.bisect_right(starts, fact.start) - 1
            if k >= 0:
                self._facts_by_row.setdefault(idx[k], []).append(fact)
        self._dense: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.rows)

    def facts(self, i: int) -> list:
        return self._facts_by_row.get(i, [])

    def vectors(self, embedder: Embedder) -> np.ndarray:
        """Cached vectors of every sentence (NaN rows where none is stored yet); nothing is computed."""
        if embedder.name not in self._dense:
            self._dense[embedder.name] = embed_cached(self.store, embedder, self.passages, compute=False)
        return self._dense[embedder.name]


_INDEXES: dict[tuple, SearchIndex] = {}


def _signature(store) -> tuple:
    s, e = schema.sentences, schema.embeddings
    with store.engine.connect() as conn:
        n, top = conn.execute(select(func.count(), func.max(s.c.id))).one()
        vecs = conn.execute(select(func.count()).select_from(e)).scalar_one()
        nfacts = conn.execute(select(func.count()).select_from(schema.facts)).scalar_one()
    return (store.url, n, top, vecs, nfacts)


def get_index(store) -> SearchIndex:
    """The store's index, rebuilt only when its sentences, facts or vectors changed."""
    key = _signature(store)
    index = _INDEXES.get(key)
    if index is None:
        for old in [k for k in _INDEXES if k[0] == store.url]:
            del _INDEXES[old]
        index = _INDEXES[key] = SearchIndex(store)
    return index


def pending_embeddings(store, embedder: Embedder) -> int:
    """How many distinct sentence texts have no cached vector for `embedder` yet."""
    from raadsbrieven.embed import load_cached, text_hash

    hashes = {text_hash(p) for p in get_index(store).passages}
    return len(hashes - set(load_cached(store, embedder.name, list(hashes))))


def embed_store(store, embedder: Embedder, progress=None, pending: int | None = None) -> int:
    """Embed every sentence not yet cached for `embedder`; returns how many were computed.

    `pending` is that count when the caller has it already (the CLI sizes its progress bar with it).
    """
    todo = pending_embeddings(store, embedder) if pending is None else pending
    embed_cached(store, embedder, get_index(store).passages, progress=progress)
    return todo


# ------------------------------------------------------------------ ranking


def _ranks(scores: np.ndarray, valid: np.ndarray, n: int) -> dict[int, int]:
    """Row -> 1-based rank of the best `n` rows with a positive score among `valid` ones."""
    cand = np.flatnonzero(valid & (scores > 0)) if valid is not None else np.flatnonzero(scores > 0)
    if cand.size > n:
        cand = cand[np.argpartition(-scores[cand], n)[:n]]
    order = cand[np.argsort(-scores[cand], kind="stable")]
    return {int(i): r for r, i in enumerate(order, 1)}


def rank(
    index: SearchIndex,
    query: str,
    mode: str = "hybrid",
    embedder: Embedder | None = None,
    allowed: np.ndarray | None = None,
    weight: float | None = None,
) -> list[tuple[int, float]]:
    """(row, score) best first. mode: bm25, dense or hybrid."""
    query = query[:MAX_QUERY_CHARS]
    q_tokens = tokens(query)
    if not q_tokens or not len(index):
        return []
    ok = np.ones(len(index), dtype=bool) if allowed is None else allowed
    lex = index.bm25.scores(q_tokens)
    lex_ranks = _ranks(lex, ok, CANDIDATES)
    if mode == "bm25" or embedder is None:
        return [(i, float(lex[i])) for i in lex_ranks]

    vectors = index.vectors(embedder)
    embedded = ~np.isnan(vectors[:, 0]) if vectors.size else np.zeros(len(index), dtype=bool)
    dense_ranks: dict[int, int] = {}
    if embedded.any():
        q = embedder.encode([query], "query")[0]
        dense = np.where(embedded, np.nan_to_num(vectors) @ q, -np.inf)
        dense_ranks = _ranks(dense + 2.0, ok & embedded, CANDIDATES)  # cosine + 2 > 0
    w_lex = lexical_weight(query) if weight is None else weight
    if mode == "dense":
        w_lex = 0.0
    scores: dict[int, float] = {}
    for i in set(lex_ranks) | set(dense_ranks):
        if embedded[i]:
            s = (w_lex / (RRF_K + lex_ranks[i]) if i in lex_ranks else 0.0) + (
                (1 - w_lex) / (RRF_K + dense_ranks[i]) if i in dense_ranks else 0.0
            )
        else:  # not embedded yet: its BM25 rank stands in for both
            s = 1.0 / (RRF_K + lex_ranks[i]) if i in lex_ranks else 0.0
            if mode == "dense":
                s *= 0.5  # behind every embedded match
        if s > 0:
            scores[i] = s
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))


def _allowed(index: SearchIndex, kind, org, place, doc, date_from, date_to) -> np.ndarray | None:
    if not any((kind, org, place, doc, date_from, date_to)):
        return None
    ok = np.ones(len(index), dtype=bool)
    for i in range(len(index)):
        if doc and index.docs[i] != doc:
            ok[i] = False
            continue
        date = index.dates[i] or ""
        if (date_from and (not date or date < date_from[: len(date)])) or (
            date_to and (not date or date[: len(date_to)] > date_to)
        ):
            ok[i] = False
            continue
        if kind or org or place:
            ok[i] = any(
                (not kind or f.kind == kind)
                and (not org or fold(org) in fold(f.org or ""))
                and (not place or fold(place) in fold(f.place or ""))
                for f in index.facts(i)
            )
    return ok


def search(
    store,
    query: str,
    limit: int = 10,
    kind: str | None = None,
    org: str | None = None,
    place: str | None = None,
    doc: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    embedder: Embedder | None = None,
    mode: str = "hybrid",
) -> list[Hit]:
    """Best sentences for `query`, with the facts inside them.

    Without an embedder (or before `raadsbrieven embed`), search is BM25 alone. Filters keep
    sentences holding a fact of `kind` / `org` / `place`, of letter `doc`, or of letters dated
    within [date_from, date_to] (YYYY, YYYY-MM or YYYY-MM-DD). A query with no searchable word
    (empty, stopwords only, punctuation) returns [].
    """
    if not isinstance(query, str) or limit <= 0:
        return []
    query = query.replace("\x00", " ")
    index = get_index(store)
    allowed = _allowed(index, kind, org, place, doc, date_from, date_to)
    ranked = rank(index, query, mode=mode, embedder=embedder, allowed=allowed)[:limit]
    hits = []
    for r, (i, score) in enumerate(ranked, 1):
        row = index.rows[i]
        facts = index.facts(i)
        if kind:
            facts = [f for f in facts if f.kind == kind]
        hits.append(
            Hit(
                rank=r,
                score=round(float(score), 6),
                doc=index.docs[i],
                doc_date=index.dates[i],
                page=row["page"],
                sentence=collapse(row["text"]),
                facts=[f.to_contract() for f in facts],
                sentence_id=row["id"],
                heading=row["heading"],
            )
        )
    return hits
