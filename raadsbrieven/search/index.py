"""Hybrid search over the stored sentences: BM25 with Dutch tokenisation, dense vectors, and a
query-aware fusion of the two.

- Lexical: BM25 over "heading + previous sentence + sentence", tokens lowercased, accents
  stripped, Dutch stopwords dropped, Snowball Dutch stems (PyStemmer).
- Dense: cached passage vectors (`raadsbrieven.embed`) of "heading + sentence". Sentences without
  a vector yet fall back to their BM25 rank.
- Fusion: weighted reciprocal-rank fusion; the lexical weight rises when the query carries
  identifiers, numbers or names (M194, 8407467, Spoor030) and falls for plain-language questions.

The in-memory index (`get_index`) keeps in step with the store without a full rebuild: a new
letter appends its sentences (a BM25 segment, its rows of the vector matrix, its facts), a vector
computed later fills its row. A letter replaced or deleted rebuilds the index. Vectors are never
computed here, only read from the store's cache (`raadsbrieven embed`, or `ingest`).

`search(store, query, ...)` returns `Hit`s; hostile input (empty, only stopwords, 10,000
characters, odd characters) returns [] or ordinary hits, never raises.
"""

from __future__ import annotations

import bisect
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from scipy import sparse

from raadsbrieven.embed import (
    Embedder,
    cached_count,
    embed_missing,
    load_cached,
    one_blas_thread,
    text_hash,
    uncached,
)
from raadsbrieven.model import collapse

MAX_QUERY_CHARS = 1000  # longer queries are cut: nobody types more, and it bounds the work
K1, B = 1.2, 0.75
RRF_K = 30  # measured on eval/search_queries.jsonl: 30 beats 10 and 60 on MRR@10
CANDIDATES = 200
DEMOTE_WINDOW = 50  # at most this many of the best rows are checked for letter furniture
DEMOTE_BATCH = 10  # rows judged at a time (see demote_furniture)
MAX_SEGMENTS = 8  # appended BM25 segments before the newer ones are merged into one

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
    text = text.lower()
    if text.isascii():  # NFKD leaves ASCII as it is: skip the per-character pass
        return text
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("dutch")


def tokens(text: str) -> list[str]:
    """Search terms of a text: folded, stopwords out, Dutch stems (numbers and codes kept whole)."""
    words = [w for w in _WORD.findall(fold(text)) if w not in STOPWORDS]
    stems = _stemmer().stemWords(words)
    return [s if w.isalpha() else w for w, s in zip(words, stems, strict=True)]  # digits: kept whole


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
    # the passage: the sentence before and after in the same letter (None at its start or end),
    # with the facts in each, so a hit can be read without opening the letter
    before: str | None = None
    after: str | None = None
    before_facts: list[dict[str, Any]] = field(default_factory=list)
    after_facts: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The jsonl line of `raadsbrieven search`: rank, score, doc, doc_date, page, sentence, facts,
        and the passage around it: before, after, before_facts, after_facts."""
        row = asdict(self)
        row.pop("sentence_id")
        row.pop("heading")
        return row


# ------------------------------------------------------------------ lexical index


# How much a word counts by where it stands: the sentence itself, its heading, the sentence before.
FIELD_WEIGHTS = {"sentence": 1.0, "heading": 0.5, "previous": 0.3}


def _weigh(heading: list[str], previous: list[str], sentence: list[str]) -> dict[str, float]:
    counts: dict[str, float] = {}
    for part, toks in (("heading", heading), ("previous", previous), ("sentence", sentence)):
        w = FIELD_WEIGHTS[part]
        for t in toks:
            counts[t] = counts.get(t, 0.0) + w
    return counts


def index_terms(heading: str | None, previous: str | None, sentence: str) -> dict[str, float]:
    """Weighted term counts of a sentence with its context (heading + previous sentence + sentence)."""
    return _weigh(tokens(heading or ""), tokens(previous or ""), tokens(sentence))


def passage_text(heading: str | None, sentence: str) -> str:
    """What the dense backends embed for a sentence."""
    sentence = collapse(sentence)
    return f"{collapse(heading)}: {sentence}" if heading else sentence


@dataclass
class Segment:
    """Term frequencies of a run of consecutive rows, column-major (one posting list per term)."""

    offset: int  # index row of the segment's first row
    tf: sparse.csc_matrix  # rows x (vocabulary size when the segment was made)


class BM25:
    """BM25 over weighted term counts (a light BM25F: context words count less than the sentence's).

    Appendable: `add` stores the new rows' term frequencies as a segment and updates the corpus
    statistics (row count, document frequencies, lengths); rows already indexed are not touched.
    Term weights are computed per query from the postings of the query's terms, so a score is
    the same whether the rows came in one `add` or many.
    """

    def __init__(self, docs: Iterable[dict[str, float]] = ()) -> None:
        self.vocab: dict[str, int] = {}
        self.segments: list[Segment] = []
        self.lengths = np.zeros(0, dtype=np.float32)
        self.df = np.zeros(0, dtype=np.int64)
        self.idf = np.zeros(0, dtype=np.float64)
        self.norm = np.zeros(0, dtype=np.float32)
        docs = list(docs)
        if docs:
            self.add(docs)

    @property
    def n(self) -> int:
        return int(self.lengths.shape[0])

    def add(self, docs: list[dict[str, float]]) -> None:
        """Append rows (one dict of term -> weighted count each)."""
        if not docs:
            return
        vocab = self.vocab
        indptr, indices, data = [0], [], []
        for counts in docs:
            indices += [vocab.setdefault(t, len(vocab)) for t in counts]
            data += counts.values()
            indptr.append(len(indices))
        width = max(len(vocab), 1)
        tf = sparse.csr_matrix(
            (np.array(data, dtype=np.float32), np.array(indices, dtype=np.int64), np.array(indptr)),
            shape=(len(docs), width),
        ).tocsc()
        tf.sort_indices()
        self.segments.append(Segment(self.n, tf))
        df = np.zeros(width, dtype=np.int64)
        df[: self.df.shape[0]] = self.df
        df += np.diff(tf.indptr)
        self.df = df
        self.lengths = np.concatenate([self.lengths, np.array([sum(d.values()) for d in docs], np.float32)])
        if len(self.segments) > MAX_SEGMENTS:
            self._merge_newer()
        self._statistics()

    def _merge_newer(self) -> None:
        """Merge every segment after the first into one (the first, usually the largest, stays as is)."""
        width = self.df.shape[0]
        newer = []
        for seg in self.segments[1:]:
            tf = seg.tf.copy()
            tf.resize((tf.shape[0], width))
            newer.append(tf)
        merged = sparse.vstack(newer, format="csc")
        merged.sort_indices()
        self.segments = [self.segments[0], Segment(self.segments[1].offset, merged)]

    def _statistics(self) -> None:
        n = self.n
        mean = float(self.lengths.mean()) if n else 0.0
        avg = mean if mean > 0 else 1.0
        df = self.df.astype(np.float64)
        self.idf = np.log(1 + (n - df + 0.5) / (df + 0.5))
        self.norm = (K1 * (1 - B + B * self.lengths / avg)).astype(np.float32)

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        cols = [self.vocab[t] for t in dict.fromkeys(query_tokens) if t in self.vocab]
        if not cols:
            return np.zeros(self.n, dtype=np.float64)
        rows, weights = [], []
        for seg in self.segments:
            tf, ptr = seg.tf, seg.tf.indptr
            for c in cols:
                if c >= tf.shape[1] or ptr[c] == ptr[c + 1]:
                    continue
                r = tf.indices[ptr[c] : ptr[c + 1]].astype(np.int64) + seg.offset
                f = tf.data[ptr[c] : ptr[c + 1]]
                rows.append(r)
                weights.append(f * (K1 + 1) / (f + self.norm[r]) * self.idf[c])
        if not rows:
            return np.zeros(self.n, dtype=np.float64)
        return np.bincount(np.concatenate(rows), weights=np.concatenate(weights), minlength=self.n)

    def nbytes(self) -> int:
        """Bytes of the arrays (postings and statistics); the vocabulary dict is not counted."""
        postings = sum(s.tf.data.nbytes + s.tf.indices.nbytes + s.tf.indptr.nbytes for s in self.segments)
        return postings + sum(a.nbytes for a in (self.lengths, self.df, self.idf, self.norm))


# ------------------------------------------------------------------ dense vectors


class DenseRows:
    """One model's cached vectors, a row per index row (zeros, and `embedded` False, where none yet).

    Like the BM25 postings, the rows live in chunks: appending a letter adds a chunk and never
    copies the matrix; past MAX_SEGMENTS chunks the newer ones are merged into one.
    """

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self.chunks: list[np.ndarray] = []
        self.offsets: list[int] = []  # index row of each chunk's first row
        self.embedded = np.zeros(0, dtype=bool)
        self.stored = -1  # the model's vector count in the store when last looked

    def __len__(self) -> int:
        return int(self.embedded.shape[0])

    def append(self, vectors: dict[str, np.ndarray], hashes: list[str]) -> None:
        """Add rows for these passage hashes, filled where `vectors` has one."""
        if not hashes:
            return
        chunk = np.zeros((len(hashes), self.dim), dtype=np.float32)
        found = np.zeros(len(hashes), dtype=bool)
        for j, h in enumerate(hashes):
            v = vectors.get(h)
            if v is not None:
                chunk[j], found[j] = v, True
        self.offsets.append(len(self))
        self.chunks.append(chunk)
        self.embedded = np.concatenate([self.embedded, found])
        if len(self.chunks) > MAX_SEGMENTS:
            self.chunks = [self.chunks[0], np.concatenate(self.chunks[1:])]
            self.offsets = self.offsets[:2]

    def fill(self, row: int, vector: np.ndarray) -> None:
        """Set one row's vector (a vector stored after the row was indexed)."""
        k = bisect.bisect_right(self.offsets, row) - 1
        self.chunks[k][row - self.offsets[k]] = vector
        self.embedded[row] = True

    def dot(self, q: np.ndarray) -> np.ndarray:
        """Cosine similarity of every row with the unit query vector `q` (0 for rows without a vector)."""
        if not self.chunks:
            return np.zeros(0, dtype=np.float32)
        with one_blas_thread():
            return np.concatenate([c @ q for c in self.chunks])

    def matrix(self) -> np.ndarray:
        """All rows as one array (a copy)."""
        return np.concatenate(self.chunks) if self.chunks else np.zeros((0, self.dim), dtype=np.float32)

    def nbytes(self) -> int:
        return sum(c.nbytes for c in self.chunks) + self.embedded.nbytes


# ------------------------------------------------------------------ the index


class SearchIndex:
    """Sentences, their BM25 index and facts, built from a store; dense vectors loaded per model.

    `refresh()` appends letters added to the store since; see the module docstring.
    """

    def __init__(self, store) -> None:
        self.store = store
        self.rows: list[dict[str, Any]] = []
        self.docs: list[str] = []  # per row: the letter's file name
        self.dates: list[str | None] = []  # per row: the letter's date
        self.passages: list[str] = []  # per row: what the dense backends embed
        self.bm25 = BM25()
        self._doc_of_row = np.zeros(0, dtype=np.int32)  # per row: position in _doc_names
        self._doc_names: list[str] = []
        self._doc_dates: list[str | None] = []
        self._doc_municipalities: list[str] = []  # per letter: its municipality, folded ("" unknown)
        self._facts_by_row: dict[int, list] = {}
        self._says = np.zeros(0, dtype=np.float32)  # per row: P(says something), NaN until asked
        self._contracts: dict[int, list[dict[str, Any]]] = {}  # per row: its facts in the contract
        self._dense: dict[str, DenseRows] = {}
        self._known: dict[int, tuple[str, str | None]] = {}  # document id -> content hash, municipality
        self._state = store.fingerprint()
        self._add(store.document_keys(), everything=True)

    def __len__(self) -> int:
        return len(self.rows)

    def facts(self, i: int) -> list:
        return self._facts_by_row.get(i, [])

    def contracts(self, i: int) -> list[dict[str, Any]]:
        """The facts of row i in the facts contract, made once per row (a hit's passage shows three
        rows' facts; `to_contract` copies deeply)."""
        out = self._contracts.get(i)
        if out is None:
            out = self._contracts[i] = [f.to_contract() for f in self.facts(i)]
        return out

    def says(self, rows: list[int]) -> np.ndarray:
        """P(the sentence says something) of these rows (`informative.py`), computed on first ask:
        a query needs it for its top rows only, so building the index costs nothing more."""
        idx = np.asarray(rows, dtype=np.int64)
        todo = [int(i) for i in idx if np.isnan(self._says[i])]
        if todo:
            from raadsbrieven.search.informative import informative

            self._says[todo] = informative([self.rows[i]["text"] for i in todo])
        return self._says[idx]

    def neighbour(self, i: int, step: int) -> int | None:
        """The row `step` (-1 or 1) away from row i in the same letter, or None."""
        j = i + step
        if 0 <= j < len(self.rows) and self.rows[j]["document_id"] == self.rows[i]["document_id"]:
            return j
        return None

    # ------------------------------------------------------------ keeping in step

    def refresh(self) -> bool:
        """Append the letters stored since the last look. False when a letter was replaced or
        deleted (or came in out of order): then only a full rebuild gives the right index."""
        state = self.store.fingerprint()
        if state == self._state:
            return True
        docs = self.store.document_keys()
        current = {d["id"]: (d["content_hash"], d["municipality"]) for d in docs}
        if any(current.get(i) != key for i, key in self._known.items()):
            return False
        new = [d for d in docs if d["id"] not in self._known]
        if new and self._known and new[0]["id"] < max(self._known):
            return False
        self._add(new)
        self._state = state
        return True

    def _add(self, docs: list[dict[str, Any]], everything: bool = False) -> None:
        """Index these letters' sentences after the rows already there."""
        if not docs:
            return
        ids = [d["id"] for d in docs]
        by_id = {d["id"]: d for d in docs}
        # a letter stored while we read is left for the next refresh
        rows = self.store.index_sentence_rows(None if everything else ids)
        rows = [r for r in rows if r["document_id"] in by_id]
        first = len(self.rows)
        doc_pos: dict[int, int] = {}
        for d in docs:
            doc_pos[d["id"]] = len(self._doc_names)
            self._doc_names.append(d["name"])
            self._doc_dates.append(d["date"])
            self._doc_municipalities.append(fold(d["municipality"] or "").strip())
        heading_tokens: dict[str | None, list[str]] = {}
        terms, prev_doc, prev_tokens = [], None, []
        for r in rows:
            own = tokens(r["text"])
            h = r["heading"]
            if h not in heading_tokens:
                heading_tokens[h] = tokens(h or "")
            same = r["document_id"] == prev_doc
            terms.append(_weigh(heading_tokens[h], prev_tokens if same else [], own))
            prev_doc, prev_tokens = r["document_id"], own
        self.bm25.add(terms)
        self.rows += rows
        self.docs += [by_id[r["document_id"]]["name"] for r in rows]
        self.dates += [by_id[r["document_id"]]["date"] for r in rows]
        self._doc_of_row = np.concatenate(
            [self._doc_of_row, np.array([doc_pos[r["document_id"]] for r in rows], dtype=np.int32)]
        )
        passages = [passage_text(r["heading"], r["text"]) for r in rows]
        self.passages += passages
        self._says = np.concatenate([self._says, np.full(len(rows), np.nan, dtype=np.float32)])
        self._attach_facts(rows, first, None if everything else [d["name"] for d in docs])
        if self._dense:
            hashes = [text_hash(p) for p in passages]
            for name, dense in list(self._dense.items()):
                found = load_cached(self.store, name, hashes)
                if dense.dim == 0 and found:  # the model's first vectors: loaded whole on next use
                    del self._dense[name]
                else:
                    dense.append(found, hashes)
        for d in docs:
            self._known[d["id"]] = (d["content_hash"], d["municipality"])

    def _attach_facts(self, rows: list[dict[str, Any]], first: int, names: list[str] | None) -> None:
        by_doc: dict[int, tuple[list[int], list[int]]] = {}
        for i, r in enumerate(rows, first):
            starts, idx = by_doc.setdefault(r["document_id"], ([], []))
            starts.append(r["start"])
            idx.append(i)
        name_to_id = {self.docs[idx[0]]: doc_id for doc_id, (_, idx) in by_doc.items()}
        facts = (
            self.store.iter_facts()
            if names is None
            else (f for name in names for f in self.store.iter_facts(doc=name))
        )
        for fact in facts:
            starts, idx = by_doc.get(name_to_id.get(fact.doc, -1), ([], []))
            k = bisect.bisect_right(starts, fact.start) - 1
            if k >= 0:
                self._facts_by_row.setdefault(idx[k], []).append(fact)

    # ------------------------------------------------------------ vectors

    def dense(self, embedder: Embedder) -> DenseRows:
        """The cached vector of every row for `embedder` (see DenseRows). Nothing is computed;
        vectors stored since the last call fill their rows."""
        name = embedder.name
        rows = self._dense.get(name)
        if rows is None:
            return self._load_dense(name)
        if rows.embedded.all():
            return rows
        stored = cached_count(self.store, name)
        if stored == rows.stored:
            return rows
        if rows.dim == 0:  # the model's first vectors: now its size is known
            return self._load_dense(name)
        missing = np.flatnonzero(~rows.embedded)
        hashes = [text_hash(self.passages[i]) for i in missing]
        found = load_cached(self.store, name, hashes)
        for i, h in zip(missing, hashes, strict=True):
            if h in found:
                rows.fill(int(i), found[h])
        rows.stored = stored
        return rows

    def _load_dense(self, name: str) -> DenseRows:
        stored = cached_count(self.store, name)
        hashes = [text_hash(p) for p in self.passages]
        found = load_cached(self.store, name, hashes)
        rows = DenseRows(next((v.shape[0] for v in found.values()), 0))
        rows.append(found, hashes)
        rows.stored = stored
        self._dense[name] = rows
        return rows

    def vectors(self, embedder: Embedder) -> np.ndarray:
        """Cached vectors of every sentence, NaN rows where none is stored yet (a copy)."""
        rows = self.dense(embedder)
        out = rows.matrix()
        out[~rows.embedded] = np.nan
        return out

    def nbytes(self) -> dict[str, int]:
        """Bytes of the index's arrays: BM25 postings and statistics, and each model's vectors."""
        out = {"bm25": self.bm25.nbytes()}
        for name, rows in self._dense.items():
            out[f"vectors:{name}"] = rows.nbytes()
        return out


_INDEXES: dict[str, SearchIndex] = {}
_LOCK = threading.RLock()  # one thread at a time changes or reads an index (the app serves several)


def get_index(store) -> SearchIndex:
    """The store's index: built once, then kept in step (new letters appended, see `SearchIndex.refresh`)."""
    with _LOCK:
        index = _INDEXES.get(store.url)
        if index is not None:
            index.store = store
            if index.refresh():
                return index
        index = _INDEXES[store.url] = SearchIndex(store)
        return index


# ------------------------------------------------------------------ embedding the store


def passages_of(store, document_ids: Iterable[int] | None = None) -> list[str]:
    """What dense search embeds for each stored sentence (of these letters, or of all), in store order."""
    ids = None if document_ids is None else list(document_ids)
    return [passage_text(r["heading"], r["text"]) for r in store.index_sentence_rows(ids)]


def pending_passages(store, embedder: Embedder, document_ids: Iterable[int] | None = None) -> list[str]:
    """The distinct sentence texts (of these letters, or of all) with no cached vector for `embedder`."""
    return uncached(store, embedder, passages_of(store, document_ids))


def pending_embeddings(store, embedder: Embedder, document_ids: Iterable[int] | None = None) -> int:
    """How many distinct sentence texts have no cached vector for `embedder` yet."""
    return len(pending_passages(store, embedder, document_ids))


def embed_store(
    store,
    embedder: Embedder,
    progress: Callable[[int], None] | None = None,
    pending: int | None = None,
    document_ids: Iterable[int] | None = None,
) -> int:
    """Embed every stored sentence (or those of `document_ids`) not yet cached; returns how many
    were computed. `pending` is the count a caller sized its progress bar with; it changes nothing."""
    del pending
    return embed_missing(store, embedder, passages_of(store, document_ids), progress=progress)


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
    demote: bool = True,
    need: int = DEMOTE_WINDOW,
) -> list[tuple[int, float]]:
    """(row, score) best first. mode: bm25, dense or hybrid. With `demote`, letter furniture
    (`demote_furniture`) never outranks a sentence that says something among the first `need`."""
    query = query[:MAX_QUERY_CHARS]
    q_tokens = tokens(query)
    if not q_tokens or not len(index):
        return []
    ok = np.ones(len(index), dtype=bool) if allowed is None else allowed
    lex = index.bm25.scores(q_tokens)
    lex_ranks = _ranks(lex, ok, CANDIDATES)
    if mode == "bm25" or embedder is None:
        ranked = [(i, float(lex[i])) for i in lex_ranks]
        return demote_furniture(index, query, ranked, need) if demote else ranked

    vectors = index.dense(embedder)
    embedded = vectors.embedded
    dense_ranks: dict[int, int] = {}
    if embedded.any():
        q = embedder.encode([query], "query")[0]
        dense = vectors.dot(q) + 2.0  # cosine + 2 > 0; rows without a vector are left out below
        dense_ranks = _ranks(dense, ok & embedded, CANDIDATES)
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
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    return demote_furniture(index, query, ranked, need) if demote else ranked


def identifiers(query: str) -> set[str]:
    """The query's codes and long numbers, folded (M194 -> m194, RIS321067, 8407467). A year (2022)
    or an acronym (LEV) is a word like any other here: furniture holds them as often as sentences."""
    words = _RAW.findall(query[:MAX_QUERY_CHARS])
    return {
        fold(w)
        for w in words
        if (any(c.isdigit() for c in w) and any(c.isalpha() for c in w)) or (w.isdigit() and len(w) >= 5)
    }


Ranked = list[tuple[int, float]]


def demote_furniture(index: SearchIndex, query: str, ranked: Ranked, need: int = DEMOTE_WINDOW) -> Ranked:
    """Move letter furniture (closings, signatures, bare URLs, lone headings, table labels) among the
    best rows behind every row that says something, keeping the order within each (`demote_rows`
    over the index's rows, each judged once per process)."""
    return demote_rows(ranked, query, index.says, lambda i: index.rows[i]["text"], need)


def demote_rows(
    ranked: Ranked,
    query: str,
    says: Callable[[list[int]], np.ndarray],
    text: Callable[[int], str],
    need: int = DEMOTE_WINDOW,
) -> Ranked:
    """`ranked` with its furniture behind every row that says something, the order within each kept.

    Rows are judged best first (`says`: P(says something) of a batch of row keys), a few at a
    time, until `need` rows that say something are found or DEMOTE_WINDOW rows are judged: a
    search for 10 hits judges about a dozen rows, and furniture among them goes after the rest. A
    furniture line that holds one of the query's codes or numbers ("(kenmerk: 8407467)" for
    "kenmerk 8407467") is what was asked for and stays where it is. The in-memory index and the
    PostgreSQL path (search/pg.py) both demote with this.
    """
    from raadsbrieven.search.informative import THRESHOLD

    codes = identifiers(query)
    kept, furniture, judged = [], [], 0
    end = min(len(ranked), DEMOTE_WINDOW)
    while judged < end and len(kept) < need:
        batch = ranked[judged : min(judged + DEMOTE_BATCH, end)]
        for (i, s), p in zip(batch, says([i for i, _ in batch]), strict=True):
            if p >= THRESHOLD or (codes and codes & set(_WORD.findall(fold(text(i))))):
                kept.append((i, s))
            else:
                furniture.append((i, s))
        judged += len(batch)
    return kept + ranked[judged:] + furniture


def _allowed(
    index: SearchIndex, kind, org, place, doc, date_from, date_to, municipality=None
) -> np.ndarray | None:
    if not any((kind, org, place, doc, date_from, date_to, municipality)):
        return None
    doc_ok = np.ones(len(index._doc_names), dtype=bool)
    mun = fold(municipality or "").strip()
    for j, (name, date) in enumerate(zip(index._doc_names, index._doc_dates, strict=True)):
        date = date or ""
        if (doc and name != doc) or (mun and index._doc_municipalities[j] != mun):
            doc_ok[j] = False
        elif (date_from and (not date or date < date_from[: len(date)])) or (
            date_to and (not date or date[: len(date_to)] > date_to)
        ):
            doc_ok[j] = False
    ok = doc_ok[index._doc_of_row] if len(index) else np.zeros(0, dtype=bool)
    if kind or org or place:
        with_fact = np.zeros(len(index), dtype=bool)
        for i, facts in index._facts_by_row.items():
            with_fact[i] = any(
                (not kind or f.kind == kind)
                and (not org or fold(org) in fold(f.org or ""))
                and (not place or fold(place) in fold(f.place or ""))
                for f in facts
            )
        ok &= with_fact
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
    municipality: str | None = None,
) -> list[Hit]:
    """Best sentences for `query`, with the facts inside them.

    Without an embedder (or before `raadsbrieven embed`), search is BM25 alone. Filters keep
    sentences holding a fact of `kind` / `org` / `place`, of letter `doc`, of letters dated
    within [date_from, date_to] (YYYY, YYYY-MM or YYYY-MM-DD), or of letters of `municipality`
    (the letter's municipality, case and accents aside, as on PostgreSQL). A query with no searchable word
    (empty, stopwords only, punctuation) returns [].
    """
    if not isinstance(query, str) or limit <= 0:
        return []
    query = query.replace("\x00", " ")
    with _LOCK:
        index = get_index(store)
        allowed = _allowed(index, kind, org, place, doc, date_from, date_to, municipality)
        ranked = rank(index, query, mode=mode, embedder=embedder, allowed=allowed, need=limit)[:limit]

        def facts_of(j: int | None) -> list[dict[str, Any]]:
            """The facts of row j in the contract (of `kind` only, when filtered)."""
            facts = [] if j is None else index.contracts(j)
            return [dict(f) for f in facts if not kind or f["kind"] == kind]

        hits = []
        for r, (i, score) in enumerate(ranked, 1):
            row = index.rows[i]
            before, after = index.neighbour(i, -1), index.neighbour(i, 1)
            hits.append(
                Hit(
                    rank=r,
                    score=round(float(score), 6),
                    doc=index.docs[i],
                    doc_date=index.dates[i],
                    page=row["page"],
                    sentence=collapse(row["text"]),
                    facts=facts_of(i),
                    sentence_id=row["id"],
                    heading=row["heading"],
                    before=None if before is None else collapse(index.rows[before]["text"]),
                    after=None if after is None else collapse(index.rows[after]["text"]),
                    before_facts=facts_of(before),
                    after_facts=facts_of(after),
                )
            )
    return hits
