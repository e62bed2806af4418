"""Search inside PostgreSQL (issue #17): pgvector for meaning, full-text search for words, one query.

When the server has the `vector` extension, the store keeps, beside its own tables:
- `search_sentences`: one row per sentence with its letter, the hash of the text that was embedded
  for it and a `tsvector` (GIN index) of its search terms: the sentence (weight A), its heading (B)
  and the sentence before it (C) - the fields and weights of today's BM25 (search/index.py);
- `embeddings.vec`: every cached vector also as a pgvector `vector`, with an HNSW index (cosine)
  per model, so the nearest sentences come from the index instead of a matrix in each process.

The terms are made by the app's own tokenizer (folded accents, Dutch stopwords, Snowball Dutch
stems, numbers kept whole), so PostgreSQL and the in-memory index agree on what a word is; that
tokenizer does what the `dutch` configuration with `unaccent` does, and needs no extension beyond
`vector`. A server without `vector` changes nothing: the store keeps its blobs and the in-memory index.

`PgSearchQueries.pg_hybrid` ranks in ONE statement: the filters (kind, organisation, place,
letter, date, municipality) sit in the WHERE of both rankers, before their LIMIT; the two ranked
lists are fused by weighted reciprocal rank, as the in-memory index does.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
from sqlalchemy import Engine, text
from sqlalchemy.engine import Connection

ENV_OFF = "RAADSBRIEVEN_PG_SEARCH"  # "0": keep the in-memory index even when the server has pgvector
WEIGHTS = "'{0.0, 0.3, 0.5, 1.0}'::real[]"  # ts_rank's weights for D, C (previous), B (heading), A (sentence)
CANDIDATES = 200  # rows each ranker hands to the fusion (as search/index.py)
RRF_K = 30  # as search/index.py
EF_SEARCH = 400  # HNSW candidates per dense query (pgvector < 0.8 filters after the index scan)
MAX_POSITIONS = 255  # tsvector keeps at most 256 positions per lexeme
BATCH = 2000

_TERM = re.compile(r"^[a-z0-9]+$")
_FOLD = str.maketrans("áàäâãéèëêíìïîóòöôõúùüûçñý", "aaaaaeeeeiiiiooooouuuucny")

DDL = [
    "CREATE EXTENSION IF NOT EXISTS vector",
    """CREATE TABLE IF NOT EXISTS search_sentences (
        sentence_id integer PRIMARY KEY REFERENCES sentences(id) ON DELETE CASCADE,
        document_id integer NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        text_hash varchar(40) NOT NULL,
        tsv tsvector NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS ix_search_sentences_tsv ON search_sentences USING gin (tsv)",
    "CREATE INDEX IF NOT EXISTS ix_search_sentences_hash ON search_sentences (text_hash)",
    "CREATE INDEX IF NOT EXISTS ix_search_sentences_doc ON search_sentences (document_id)",
    "CREATE INDEX IF NOT EXISTS ix_facts_sentence_id ON facts (sentence_id)",
    "ALTER TABLE embeddings ADD COLUMN IF NOT EXISTS vec vector",
    "CREATE INDEX IF NOT EXISTS ix_embeddings_novec ON embeddings (model) WHERE vec IS NULL",
    "COMMENT ON TABLE search_sentences IS 'Search terms (tsvector) and embedded-text hash per sentence "
    "(PostgreSQL with pgvector only; kept by the store)'",
]


def wanted(engine: Engine) -> bool:
    """PostgreSQL, not switched off, and the server offers the `vector` extension."""
    if engine.dialect.name != "postgresql" or os.environ.get(ENV_OFF) == "0":
        return False
    with engine.connect() as conn:
        q = text("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")
        return conn.execute(q).first() is not None


def setup(engine: Engine) -> bool:
    """Create what in-database search needs and fill it for what is already stored. False (and
    nothing created) when the server has no pgvector: then the store works as before."""
    if not wanted(engine):
        return False
    with engine.begin() as conn:
        conn.execute(text("SELECT pg_advisory_xact_lock(1717)"))  # two processes starting at once
        for statement in DDL:
            conn.execute(text(statement))
    backfill(engine)
    return True


def drop(engine: Engine) -> None:
    """Remove the in-database search objects (tests; `metadata.drop_all` does not know them)."""
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS search_sentences"))


# ------------------------------------------------------------------ terms


def fold_filter(value: str) -> str:
    """Lowercase without the accents Dutch uses, as the SQL filters fold the stored org and place."""
    return value.lower().translate(_FOLD)


def _sql_fold(column: str) -> str:
    src, dst = "áàäâãéèëêíìïîóòöôõúùüûçñý", "aaaaaeeeeiiiiooooouuuucny"
    return f"translate(lower(coalesce({column}, '')), '{src}', '{dst}')"


def tsvector_literal(heading: str | None, previous: str | None, sentence: str) -> str:
    """The sentence's search terms as a tsvector literal: sentence A, heading B, previous sentence C."""
    from raadsbrieven.search.index import tokens

    positions: dict[str, list[str]] = {}
    pos = 0
    for weight, part in (("C", previous), ("B", heading), ("A", sentence)):
        for term in tokens(part or ""):
            pos += 1
            if pos > 16383:
                break
            kept = positions.setdefault(term, [])
            if len(kept) < MAX_POSITIONS:
                kept.append(f"{pos}{weight}")
    return " ".join(f"{t}:{','.join(p)}" for t, p in positions.items() if _TERM.match(t))


def tsquery_literal(query_tokens: Sequence[str]) -> str:
    """Any of the query's terms (OR), as BM25 over the in-memory index matches them."""
    return " | ".join(dict.fromkeys(t for t in query_tokens if _TERM.match(t)))


def passage_hash(heading: str | None, sentence: str) -> str:
    """Hash of what the dense backends embed for a sentence (the key of `embeddings`)."""
    from raadsbrieven.search.index import passage_text

    return hashlib.sha1(passage_text(heading, sentence).encode("utf-8")).hexdigest()


def search_rows(document_id: int, rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """`search_sentences` rows for one letter's sentences (`id`, `text`, `heading`, in order)."""
    out, previous = [], None
    for r in rows:
        out.append(
            {
                "sentence_id": r["id"],
                "document_id": document_id,
                "text_hash": passage_hash(r["heading"], r["text"]),
                "tsv": tsvector_literal(r["heading"], previous, r["text"]),
            }
        )
        previous = r["text"]
    return out


INSERT_ROWS = text(
    "INSERT INTO search_sentences (sentence_id, document_id, text_hash, tsv) "
    "VALUES (:sentence_id, :document_id, :text_hash, CAST(:tsv AS tsvector)) ON CONFLICT DO NOTHING"
)


def index_sentences(conn: Connection, document_id: int, rows: Sequence[dict[str, Any]]) -> None:
    """Write a letter's search rows inside the transaction that stores the letter."""
    found = search_rows(document_id, rows)
    if found:
        conn.execute(INSERT_ROWS, found)


def index_letter(conn: Connection, document_id: int, ids: Sequence[int], sentences: Sequence[Any]) -> None:
    """`index_sentences` for a letter being saved: its sentence ids (by position) and `Sentence`s."""
    ordered = sorted(sentences, key=lambda s: s.index)
    rows = [{"id": i, "text": s.text, "heading": s.heading} for i, s in zip(ids, ordered, strict=True)]
    index_sentences(conn, document_id, rows)


# ------------------------------------------------------------------ vectors


def vector_literal(v: np.ndarray) -> str:
    return "[" + ",".join(f"{x:.7g}" for x in np.asarray(v, dtype=np.float32)) + "]"


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def hnsw_name(model: str, dim: int) -> str:
    return f"ix_embeddings_hnsw_{hashlib.sha1(f'{model}:{dim}'.encode()).hexdigest()[:12]}"


def ensure_hnsw(conn: Connection, model: str, dim: int) -> None:
    """The HNSW index (cosine) over one model's vectors; a partial index per model and length."""
    if conn.execute(text("SELECT to_regclass(:n)"), {"n": hnsw_name(model, dim)}).scalar() is not None:
        return
    conn.execute(
        text(
            f"CREATE INDEX IF NOT EXISTS {hnsw_name(model, dim)} ON embeddings "
            f"USING hnsw ((vec::vector({int(dim)})) vector_cosine_ops) "
            f"WHERE model = {_literal(model)} AND dim = {int(dim)}"
        )
    )


INSERT_VECTORS = text(
    "INSERT INTO embeddings (text_hash, model, dim, vector, vec) "
    "VALUES (:text_hash, :model, :dim, :vector, CAST(:vec AS vector)) ON CONFLICT DO NOTHING"
)


def save_vectors(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Insert `embeddings` rows (text_hash, model, dim, vector bytes) with their pgvector copy."""
    for model, dim in {(r["model"], r["dim"]) for r in rows}:
        ensure_hnsw(conn, model, dim)
    found = [{**r, "vec": vector_literal(np.frombuffer(r["vector"], "<f4"))} for r in rows]
    conn.execute(INSERT_VECTORS, found)


def backfill(engine: Engine) -> None:
    """Search rows for sentences stored before, vectors for blobs cached before (cheap when none)."""
    with engine.connect() as conn:
        have = conn.execute(text("SELECT count(*) FROM search_sentences")).scalar_one()
        total = conn.execute(text("SELECT count(*) FROM sentences")).scalar_one()
        models = conn.execute(text("SELECT DISTINCT model FROM embeddings WHERE vec IS NULL")).scalars().all()
    if have != total:
        _backfill_sentences(engine)
    for model in models:
        _backfill_vectors(engine, model)


def _backfill_sentences(engine: Engine) -> None:
    with engine.connect() as conn:
        ids = conn.execute(
            text(
                "SELECT DISTINCT s.document_id FROM sentences s WHERE NOT EXISTS "
                "(SELECT 1 FROM search_sentences x WHERE x.sentence_id = s.id)"
            )
        ).scalars()
        documents = sorted(ids)
    for doc in documents:
        with engine.begin() as conn:
            rows = conn.execute(
                text("SELECT id, text, heading FROM sentences WHERE document_id = :d ORDER BY idx"),
                {"d": doc},
            ).mappings()
            index_sentences(conn, doc, list(rows))


def _backfill_vectors(engine: Engine, model: str) -> None:
    while True:
        with engine.begin() as conn:
            rows = conn.execute(
                text(
                    "SELECT text_hash, dim, vector FROM embeddings WHERE model = :m AND vec IS NULL LIMIT :n"
                ),
                {"m": model, "n": BATCH},
            ).all()
            if not rows:
                return
            conn.execute(
                text("UPDATE embeddings SET vec = CAST(:v AS vector) WHERE model = :m AND text_hash = :h"),
                [{"m": model, "h": h, "v": vector_literal(np.frombuffer(b, "<f4"))} for h, _, b in rows],
            )
            for dim in {d for _, d, _ in rows}:
                ensure_hnsw(conn, model, dim)


# ------------------------------------------------------------------ the hybrid query


def filter_sql(
    kind: str | None,
    org: str | None,
    place: str | None,
    doc: str | None,
    date_from: str | None,
    date_to: str | None,
    municipality: str | None,
) -> tuple[str, dict[str, Any]]:
    """SQL conditions on `ss` (search_sentences) and `d` (documents) with their parameters."""
    where, params = [], {}
    if doc:
        where.append("d.name = :f_doc")
        params["f_doc"] = doc
    if municipality:
        where.append(f"{_sql_fold('d.municipality')} = :f_mun")
        params["f_mun"] = fold_filter(municipality)
    if date_from:
        where.append("d.date IS NOT NULL AND d.date <> '' AND d.date >= left(:f_from, length(d.date))")
        params["f_from"] = date_from
    if date_to:
        where.append("d.date IS NOT NULL AND d.date <> '' AND left(d.date, length(:f_to)) <= :f_to")
        params["f_to"] = date_to
    if kind or org or place:
        fact = ["f.sentence_id = ss.sentence_id"]
        if kind:
            fact.append("f.kind = :f_kind")
            params["f_kind"] = kind
        if org:
            fact.append(f"strpos({_sql_fold('f.org')}, :f_org) > 0")
            params["f_org"] = fold_filter(org)
        if place:
            fact.append(f"strpos({_sql_fold('f.place')}, :f_place) > 0")
            params["f_place"] = fold_filter(place)
        where.append(f"EXISTS (SELECT 1 FROM facts f WHERE {' AND '.join(fact)})")
    return (" AND ".join(where) or "TRUE"), params


def hybrid_sql(filters: str, model: str | None, dim: int | None, mode: str) -> str:
    """The one statement: lexical and dense candidates (filters first), fused by weighted RRF.

    A sentence without a vector of the model yet keeps its lexical rank for both halves, as in
    the in-memory index; in dense mode it comes behind every embedded match."""
    lex = (
        f"lex AS (SELECT ss.sentence_id, row_number() OVER (ORDER BY ts_rank({WEIGHTS}, ss.tsv, q.q, 1) DESC,"
        f" ss.sentence_id) AS r, ts_rank({WEIGHTS}, ss.tsv, q.q, 1) AS s"
        " FROM search_sentences ss JOIN documents d ON d.id = ss.document_id, q"
        f" WHERE ss.tsv @@ q.q AND {filters}"
        " ORDER BY r LIMIT :cand)"
    )
    if model is None:  # words only
        return (
            f"WITH q AS (SELECT CAST(:tsq AS tsquery) AS q), {lex} "
            "SELECT sentence_id, s AS score FROM lex ORDER BY r"
        )
    m, vec = _literal(model), f"e.vec::vector({int(dim or 0)})"
    dense = (
        "dense AS (SELECT sentence_id, row_number() OVER (ORDER BY dist, sentence_id) AS r FROM ("
        f" SELECT ss.sentence_id, {vec} <=> CAST(:qvec AS vector({int(dim or 0)})) AS dist"
        " FROM embeddings e JOIN search_sentences ss ON ss.text_hash = e.text_hash"
        " JOIN documents d ON d.id = ss.document_id"
        f" WHERE e.model = {m} AND e.dim = {int(dim or 0)} AND e.vec IS NOT NULL AND {filters}"
        f" ORDER BY {vec} <=> CAST(:qvec AS vector({int(dim or 0)})) LIMIT :cand) top)"
    )
    own = (
        "lexv AS (SELECT lex.sentence_id, lex.r, EXISTS (SELECT 1 FROM search_sentences ss"
        f" JOIN embeddings e ON e.text_hash = ss.text_hash AND e.model = {m}"
        " WHERE ss.sentence_id = lex.sentence_id AND e.vec IS NOT NULL) AS embedded FROM lex)"
    )
    unembedded = f"1.0 / ({RRF_K}.0 + l.r)" + (" * 0.5" if mode == "dense" else "")
    return (
        f"WITH q AS (SELECT CAST(:tsq AS tsquery) AS q), {lex}, {dense}, {own}, "
        "fused AS (SELECT coalesce(l.sentence_id, v.sentence_id) AS sentence_id, CASE"
        f" WHEN v.sentence_id IS NULL AND NOT l.embedded THEN {unembedded}"
        f" ELSE coalesce(:wlex / ({RRF_K}.0 + l.r), 0) + coalesce((1 - :wlex) / ({RRF_K}.0 + v.r), 0)"
        " END AS score"
        " FROM lexv l FULL JOIN dense v ON v.sentence_id = l.sentence_id) "
        "SELECT sentence_id, score FROM fused WHERE score > 0 ORDER BY score DESC, sentence_id"
    )


class PgSearchQueries:
    """In-database search for `raadsbrieven.search` (mixed into `Store`; see the module docstring)."""

    engine: Engine
    pg_search: bool = False

    def pg_hybrid(
        self,
        query_tokens: Sequence[str],
        query_vector: np.ndarray | None,
        model: str | None,
        weight: float,
        mode: str = "hybrid",
        limit: int = 10,
        kind: str | None = None,
        org: str | None = None,
        place: str | None = None,
        doc: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        municipality: str | None = None,
    ) -> list[tuple[int, float]]:
        """(sentence id, score) best first, for the query's terms and (when given) its vector."""
        tsq = tsquery_literal(query_tokens)
        if not tsq:
            return []
        filters, params = filter_sql(kind, org, place, doc, date_from, date_to, municipality)
        params |= {"tsq": tsq, "cand": CANDIDATES}
        dim = None
        if query_vector is not None and model is not None:
            dim = int(query_vector.shape[0])
            params |= {"qvec": vector_literal(query_vector), "wlex": 0.0 if mode == "dense" else weight}
        else:
            model = None
        sql = hybrid_sql(filters, model, dim, mode) + " LIMIT :limit"
        params["limit"] = limit
        with self.engine.begin() as conn:
            conn.execute(text(f"SET LOCAL hnsw.ef_search = {EF_SEARCH}"))
            rows = conn.execute(text(sql), params).all()
        return [(int(i), float(s)) for i, s in rows]

    def pg_hits(self, sentence_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
        """What a hit shows of each sentence: the letter's name and date, page, text, heading."""
        if not sentence_ids:
            return {}
        q = text(
            "SELECT s.id, s.page, s.text, s.heading, d.name AS doc, d.date AS doc_date"
            " FROM sentences s JOIN documents d ON d.id = s.document_id WHERE s.id = ANY(:ids)"
        )
        with self.engine.connect() as conn:
            return {r["id"]: dict(r) for r in conn.execute(q, {"ids": list(sentence_ids)}).mappings()}

    def pg_hit_facts(self, sentence_ids: Sequence[int]) -> dict[int, list]:
        """The facts inside each of these sentences, by sentence id, in text order."""
        from raadsbrieven.store.database import _fact

        if not sentence_ids:
            return {}
        q = text(
            "SELECT f.*, d.name AS doc, d.date AS doc_date FROM facts f JOIN documents d"
            " ON d.id = f.document_id WHERE f.sentence_id = ANY(:ids) ORDER BY f.start, f.end, f.kind"
        )
        out: dict[int, list] = {}
        with self.engine.connect() as conn:
            for row in conn.execute(q, {"ids": list(sentence_ids)}):
                out.setdefault(row._mapping["sentence_id"], []).append(_fact(row._mapping))
        return out

    def pg_ready(self) -> bool:
        """Whether search runs inside PostgreSQL for this store."""
        return bool(self.pg_search)
