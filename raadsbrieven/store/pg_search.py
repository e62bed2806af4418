"""Search inside PostgreSQL (issue #17): pgvector for meaning, full-text search for words, one query.

When the server has the `vector` extension, the store keeps, beside its own tables:
- `search_sentences`: one row per sentence with its letter, the hash of the text that was
  embedded for it, and what the filters ask of it (below);
- `search_postings`: BM25 in SQL, one row per (term, sentence) with the term's BM25 weight in the
  sentence (the weighted counts of search/index.py: sentence 1, heading 0.5, previous sentence 0.3),
  indexed by (term, weight): a query reads the best DEPTH rows of each of its terms, never every
  sentence holding a common word; `search_terms` keeps each term's document frequency (triggers);
- `embeddings.vec`: every cached vector also as a pgvector `vector`, with an HNSW index (cosine)
  per model, so the nearest sentences come from the index instead of a matrix in each process.

Why not PostgreSQL's full-text ranking: `ts_rank` has no IDF and must score every matching row
before the LIMIT; measured on 50,000 generated sentences, a two-word query matched 13,307 rows and
the lexical half took 107 ms of a 171 ms query (it grows with the store: ~2 s at a million). The
terms are made by the app's own tokenizer (folded accents, Dutch stopwords, Snowball Dutch stems,
numbers kept whole), which does what the `dutch` configuration with `unaccent` does, so PostgreSQL
and the in-memory index agree on what a word is. A server without `vector` changes nothing: the
store keeps its blobs and the in-memory index.

`PgSearchQueries.pg_hybrid` ranks in ONE statement: the filters (kind, organisation, place,
letter, date, municipality) sit in the WHERE of both rankers, before their LIMIT; the two ranked
lists are fused by weighted reciprocal rank, as the in-memory index does.

Filters at a million sentences (issue #17, pg_search 4): a search sentence and each of its
postings carry its letter's municipality (a code: `search_municipalities`) and date (an integer
YYYYMMDD) and a bit per fact kind of the sentence, the postings in the index they are read by, so a
filtered term read is an index-only scan of the postings that pass, and an HNSW candidate is judged
by its search sentence alone (pg_search 2 looked up each posting's sentence and letter: 0.6-2 s a
query at a million; pg_search 3 kept the filters as text on the postings only, and checked each row
that passed a kind's bit against `facts`). The eight kinds have a bit each, so the facts decide only
when a stored kind shares one. Organisations and places are matched among the distinct names
(`search_names`), then their facts by index. The dense half measures the sentences of a narrow
filter (a letter, an organisation, a place) exactly, and for a broad one takes the OVERFETCH
nearest from HNSW and keeps those that pass.

pg_search 5: each `vec` is kept in its row and the blob copy goes to TOAST (it was the other way
round, and every distance computed from the heap read TOAST first); with a filter, a term's
postings are read from its SCAN_MAX best only, so a query's work stays bounded at any size.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import Engine, text
from sqlalchemy.engine import Connection

ENV_OFF = "RAADSBRIEVEN_PG_SEARCH"  # "0": keep the in-memory index even when the server has pgvector
K1, B = 1.2, 0.75  # as search/index.py
AVGDL = 14.5  # mean weighted length of a sentence with its context (the bundled corpus: 14.45)
DEPTH = 1000  # best postings read per query term
DEPTH_FILTERED = 300  # ... with a filter (kept from pg_search 3, where each one cost a look at facts)
# ... read from no more than a term's SCAN_MAX best postings: an organisation's 5,725 sentences (0.6%
# of a million) passed 300 of a common term's only after 126,000 rows (30 ms a term); so, as without
# a filter, a query reads a bounded number of rows whatever the store holds (a letter filter reads
# its sentences' postings by key instead, uncapped)
SCAN_MAX = 20_000
MAX_TERMS = 32  # query terms looked up (a pasted paragraph is cut)
CANDIDATES = 200  # rows each ranker hands to the fusion (as search/index.py)
RRF_K = 30  # as search/index.py
# HNSW candidates per dense query: 400, twice the 200 it returns (measured on the eval: 200 lost
# dense R@10 0.758 -> 0.718, the tail of a small ef is rough), and pgvector < 0.8 filters after the scan
EF_SEARCH = 400
EXACT_MAX = 5000  # a municipality with at most this many sentences: its vectors measured, not the graph's
# ... and all of them when a broad filter keeps some: pgvector 0.6 can only filter after its scan,
# and a larger ef costs what it walks (1,000: 2.5 times 400's time, measured at 100,000)
OVERFETCH = EF_SEARCH
BATCH = 2000

_DATE = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")
_FOLD = str.maketrans("áàäâãéèëêíìïîóòöôõúùüûçñý", "aaaaaeeeeiiiiooooouuuucny")


def _sql_fold(column: str) -> str:
    """`column` lowercased without accents in SQL, as `fold_filter` in Python."""
    src, dst = "áàäâãéèëêíìïîóòöôõúùüûçñý", "aaaaaeeeeiiiiooooouuuucny"
    return f"translate(lower(coalesce({column}, '')), '{src}', '{dst}')"


FILL_NAMES = f"""INSERT INTO search_names (field, name, folded)
        SELECT DISTINCT x.field, x.name, {_sql_fold("x.name")} FROM (
            SELECT 'org' AS field, org AS name FROM facts WHERE org IS NOT NULL
            UNION ALL SELECT 'place', place FROM facts WHERE place IS NOT NULL
            UNION ALL SELECT DISTINCT 'kind', kind FROM facts) x
        ON CONFLICT DO NOTHING"""  # the names of facts stored before (a new table, a bench's COPY)
# Sentences per municipality in `search_terms` as the term ':' + its code (no word has a colon),
# kept by the postings' triggers: whether a municipality's sentences are few enough to measure exactly
FILL_MUNICIPALITIES = """INSERT INTO search_terms (term, df)
    SELECT ':' || ss.mun, count(*) FROM search_sentences ss GROUP BY ss.mun
    ON CONFLICT (term) DO UPDATE SET df = EXCLUDED.df"""
VERSION = "pg_search 5"  # in the postings' table comment: the DDL below has run on this database
# A fact kind's bit in `kinds` (md5, so stable across servers and versions). Two kinds may share a
# bit: then the facts decide (`kind_is_exact`); the eight kinds of `model.KINDS` have a bit each.
# As `kind_bit` in Python.
KIND_BIT_SQL = """CREATE OR REPLACE FUNCTION search_kind_bit(kind text) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT 1 << (('x' || substr(md5(kind), 1, 7))::bit(28)::integer % 31) $$"""
# A letter's date as an integer YYYYMMDD, an unknown month or day as 00 ('2021-03' -> 20210300;
# null when not YYYY[-MM[-DD]]). As `date_code` in Python; `search_date_text` turns it back.
DATE_CODE_SQL = [
    r"""CREATE OR REPLACE FUNCTION search_date_code(d text) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN d ~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$'
                 THEN rpad(replace(d, '-', ''), 8, '0')::integer END $$""",
    """CREATE OR REPLACE FUNCTION search_date_text(x integer) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN x % 10000 = 0 THEN left(x::text, 4)
                 WHEN x % 100 = 0 THEN left(x::text, 4) || '-' || substr(x::text, 5, 2)
                 ELSE left(x::text, 4) || '-' || substr(x::text, 5, 2) || '-' || right(x::text, 2) END $$""",
]
# Each folded municipality once, with a small code: what a sentence and a posting carry of it
MUNICIPALITIES_SQL = """CREATE TABLE IF NOT EXISTS search_municipalities (
    code serial PRIMARY KEY, folded text NOT NULL UNIQUE)"""
ADD_MUNICIPALITY = text(  # NOT EXISTS first: ON CONFLICT alone would spend a code on every letter
    "INSERT INTO search_municipalities (folded) SELECT x.f FROM"
    f" (SELECT {_sql_fold('d.municipality')} AS f FROM documents d WHERE d.id = :doc) x"
    " WHERE NOT EXISTS (SELECT 1 FROM search_municipalities m WHERE m.folded = x.f) ON CONFLICT DO NOTHING"
)
FILL_MUNICIPALITY_CODES = (
    f"INSERT INTO search_municipalities (folded) SELECT DISTINCT {_sql_fold('d.municipality')}"
    " FROM documents d ORDER BY 1 ON CONFLICT DO NOTHING"
)
DDL = [
    "CREATE EXTENSION IF NOT EXISTS vector",
    KIND_BIT_SQL,
    *DATE_CODE_SQL,
    MUNICIPALITIES_SQL,
    """CREATE TABLE IF NOT EXISTS search_sentences (
        sentence_id integer PRIMARY KEY REFERENCES sentences(id) ON DELETE CASCADE,
        document_id integer NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        text_hash varchar(40) NOT NULL,
        mun integer NOT NULL,
        doc_date integer,
        kinds integer NOT NULL DEFAULT 0)""",
    "ALTER TABLE search_sentences DROP COLUMN IF EXISTS tsv",  # a first version ranked by ts_rank
    "CREATE INDEX IF NOT EXISTS ix_search_sentences_hash ON search_sentences (text_hash)",
    "CREATE INDEX IF NOT EXISTS ix_search_sentences_doc ON search_sentences (document_id)",
    "CREATE INDEX IF NOT EXISTS ix_search_sentences_mun ON search_sentences (mun)",  # a small one, exactly
    """CREATE TABLE IF NOT EXISTS search_postings (
        term text NOT NULL,
        sentence_id integer NOT NULL REFERENCES search_sentences(sentence_id) ON DELETE CASCADE,
        w real NOT NULL,
        mun integer NOT NULL,
        doc_date integer,
        kinds integer NOT NULL DEFAULT 0,
        PRIMARY KEY (sentence_id, term))""",
    # the filters a posting is judged by, read from the index alone (an index-only scan)
    "CREATE INDEX IF NOT EXISTS ix_search_postings_read ON search_postings (term, w DESC) "
    "INCLUDE (sentence_id, mun, doc_date, kinds)",
    "CREATE TABLE IF NOT EXISTS search_terms (term text PRIMARY KEY, df integer NOT NULL)",
    """CREATE OR REPLACE FUNCTION search_terms_add() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO search_terms (term, df)
        SELECT term, n FROM (SELECT term, count(*) AS n FROM new_rows GROUP BY term
                             UNION ALL SELECT '', count(DISTINCT sentence_id) FROM new_rows
                             UNION ALL SELECT ':' || mun, count(DISTINCT sentence_id) FROM new_rows
                             GROUP BY mun) x
        ORDER BY term
        ON CONFLICT (term) DO UPDATE SET df = search_terms.df + EXCLUDED.df;
        RETURN NULL;
    END $$""",
    """CREATE OR REPLACE FUNCTION search_terms_remove() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE search_terms t SET df = t.df - o.n
        FROM (SELECT term, count(*) AS n FROM old_rows GROUP BY term
              UNION ALL SELECT '', count(DISTINCT sentence_id) FROM old_rows
              UNION ALL SELECT ':' || mun, count(DISTINCT sentence_id) FROM old_rows GROUP BY mun) o
        WHERE t.term = o.term;
        RETURN NULL;
    END $$""",
    """CREATE OR REPLACE TRIGGER search_postings_added AFTER INSERT ON search_postings
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_terms_add()""",
    """CREATE OR REPLACE TRIGGER search_postings_removed AFTER DELETE ON search_postings
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION search_terms_remove()""",
    # every organisation, place and fact kind named in a fact, once: a filter's text is looked for
    # among these (hundreds, thousands), then their facts by index, instead of in every fact
    """CREATE TABLE IF NOT EXISTS search_names (
        field text NOT NULL, name text NOT NULL, folded text NOT NULL, PRIMARY KEY (field, name))""",
    f"""CREATE OR REPLACE FUNCTION search_facts_added() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE search_sentences s SET kinds = s.kinds | k.bits
        FROM (SELECT sentence_id, bit_or(search_kind_bit(kind)) AS bits FROM new_rows
              WHERE sentence_id IS NOT NULL GROUP BY sentence_id) k
        WHERE s.sentence_id = k.sentence_id AND s.kinds & k.bits <> k.bits;
        UPDATE search_postings p SET kinds = p.kinds | k.bits
        FROM (SELECT sentence_id, bit_or(search_kind_bit(kind)) AS bits FROM new_rows
              WHERE sentence_id IS NOT NULL GROUP BY sentence_id) k
        WHERE p.sentence_id = k.sentence_id AND p.kinds & k.bits <> k.bits;
        INSERT INTO search_names (field, name, folded)
        SELECT DISTINCT x.field, x.name, {_sql_fold("x.name")} FROM (
            SELECT 'org' AS field, org AS name FROM new_rows WHERE org IS NOT NULL
            UNION ALL SELECT 'place', place FROM new_rows WHERE place IS NOT NULL
            UNION ALL SELECT 'kind', kind FROM new_rows) x
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$""",
    """CREATE OR REPLACE TRIGGER facts_search_added AFTER INSERT ON facts
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION search_facts_added()""",
    FILL_NAMES,
    "CREATE INDEX IF NOT EXISTS ix_facts_sentence_id ON facts (sentence_id)",
    "CREATE INDEX IF NOT EXISTS ix_facts_org_kind ON facts (org, kind) INCLUDE (sentence_id)",
    "CREATE INDEX IF NOT EXISTS ix_facts_place_kind ON facts (place, kind) INCLUDE (sentence_id)",
    "ALTER TABLE embeddings ADD COLUMN IF NOT EXISTS vec vector",
    # pg_search 5: the `vector` in the row, its blob copy in TOAST. A row holding both (~3.1 KB)
    # passes PostgreSQL's 2 KB limit and one goes out of line: it was `vec` (storage EXTERNAL), so
    # each distance computed from the heap (an exact search, the HNSW candidates' distances) read
    # TOAST first (20,000 vectors: 65,000 buffers and 173 ms, inline 5,000 and 12 ms). Rows stored
    # before keep their place until `VACUUM FULL embeddings` rewrites them (README, national scale).
    "ALTER TABLE embeddings ALTER COLUMN vec SET STORAGE MAIN, ALTER COLUMN vector SET STORAGE EXTERNAL",
    "CREATE INDEX IF NOT EXISTS ix_embeddings_novec ON embeddings (model) WHERE vec IS NULL",
    # whether a lexical candidate has a vector, from the index alone (the embeddings heap holds
    # each vector twice, 2.9 GB at a million: looking there cost ~0.1 ms for each of 200 rows)
    "CREATE INDEX IF NOT EXISTS ix_embeddings_vec ON embeddings (text_hash, model) WHERE vec IS NOT NULL",
    "COMMENT ON TABLE search_sentences IS 'Letter, embedded-text hash and filter columns per sentence "
    "(PostgreSQL with pgvector only; kept by the store)'",
    f"COMMENT ON TABLE search_postings IS '{VERSION}: BM25 weight of each term in each sentence "
    "(kept by the store)'",
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
    new = create(engine)
    backfill(engine, everything=new)
    return True


def create(engine: Engine) -> bool:
    """The extension, tables, indexes and triggers (idempotent); True when the postings are new.

    When they are there already nothing is run: DDL takes exclusive locks, and a store opening
    beside a running index build or a long search would wait for it and block every search."""
    with engine.connect() as conn:
        q = "SELECT obj_description(to_regclass('search_postings'), 'pg_class')"
        if (conn.execute(text(q)).scalar() or "").startswith(VERSION):
            return False
    with engine.begin() as conn:
        conn.execute(text("SELECT pg_advisory_xact_lock(1717)"))  # two processes starting at once
        new = conn.execute(text("SELECT to_regclass('search_postings') IS NULL")).scalar()
        migrate(conn)
        for statement in DDL:
            conn.execute(text(statement))
    return bool(new)


def migrate(conn: Connection) -> bool:
    """pg_search 2 or 3 -> 4: each search sentence gets what the filters ask of it (its letter's
    municipality as a code, its date as an integer, a bit per fact kind), and each posting the
    same, so neither a filtered term read nor a filtered HNSW candidate looks anywhere else.

    Both tables are rewritten (CREATE TABLE AS) rather than updated row by row, which would write
    every row twice; True when it ran."""
    q = (
        "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()"
        " AND table_name = 'search_sentences' AND column_name = 'kinds'"
    )
    if conn.execute(text("SELECT to_regclass('search_sentences') IS NULL")).scalar():
        return False  # a new store
    if conn.execute(text(q)).first() is not None:
        return False  # pg_search 4 already
    if conn.execute(text("SELECT to_regclass('search_postings') IS NULL")).scalar():
        conn.execute(text("DROP TABLE search_sentences"))  # the first version (ts_rank): filled anew
        return True
    for statement in (KIND_BIT_SQL, *DATE_CODE_SQL, MUNICIPALITIES_SQL, FILL_MUNICIPALITY_CODES):
        conn.execute(text(statement))
    conn.execute(
        text(
            "CREATE TABLE search_sentences_new AS SELECT ss.sentence_id, ss.document_id, ss.text_hash,"
            " m.code AS mun, search_date_code(d.date) AS doc_date, coalesce(k.bits, 0) AS kinds"
            " FROM search_sentences ss JOIN documents d ON d.id = ss.document_id"
            f" JOIN search_municipalities m ON m.folded = {_sql_fold('d.municipality')}"
            f" LEFT JOIN ({KINDS_OF_SENTENCES} GROUP BY f.sentence_id) k ON k.sentence_id = ss.sentence_id"
        )
    )
    conn.execute(
        text(
            "CREATE TABLE search_postings_new AS SELECT p.term, p.sentence_id, p.w, s.mun, s.doc_date,"
            " s.kinds FROM search_postings p JOIN search_sentences_new s ON s.sentence_id = p.sentence_id"
        )
    )
    for statement in (
        "DROP TABLE search_postings",  # its index and triggers with it; the DDL makes them anew
        "DROP TABLE search_sentences",
        "ALTER TABLE search_sentences_new RENAME TO search_sentences",
        "ALTER TABLE search_postings_new RENAME TO search_postings",
        "ALTER TABLE search_sentences ALTER document_id SET NOT NULL, ALTER text_hash SET NOT NULL,"
        " ALTER mun SET NOT NULL, ALTER kinds SET NOT NULL, ALTER kinds SET DEFAULT 0",
        "ALTER TABLE search_sentences ADD PRIMARY KEY (sentence_id)",
        # every row came from tables with these keys: NOT VALID spares a join over all of them
        "ALTER TABLE search_sentences ADD FOREIGN KEY (sentence_id) REFERENCES sentences(id)"
        " ON DELETE CASCADE NOT VALID",
        "ALTER TABLE search_sentences ADD FOREIGN KEY (document_id) REFERENCES documents(id)"
        " ON DELETE CASCADE NOT VALID",
        "ALTER TABLE search_postings ALTER term SET NOT NULL, ALTER sentence_id SET NOT NULL,"
        " ALTER w SET NOT NULL, ALTER mun SET NOT NULL, ALTER kinds SET NOT NULL, ALTER kinds SET DEFAULT 0",
        "ALTER TABLE search_postings ADD PRIMARY KEY (sentence_id, term)",
        "ALTER TABLE search_postings ADD FOREIGN KEY (sentence_id) REFERENCES"
        " search_sentences(sentence_id) ON DELETE CASCADE NOT VALID",
        "DELETE FROM search_terms WHERE term LIKE ':%'",  # pg_search 3 counted them by name
        FILL_MUNICIPALITIES,
        "ANALYZE search_sentences",
        "ANALYZE search_postings",  # (autovacuum then marks its pages visible for index-only scans)
    ):
        conn.execute(text(statement))
    return True


SEARCH_TABLES = ("search_postings", "search_terms", "search_names", "search_sentences")


def drop(engine: Engine) -> None:
    """Remove the in-database search objects (tests; `metadata.drop_all` does not know them)."""
    with engine.begin() as conn:
        if conn.execute(text("SELECT to_regclass('facts')")).scalar() is not None:
            conn.execute(text("DROP TRIGGER IF EXISTS facts_search_added ON facts"))
        for table in (*SEARCH_TABLES, "search_municipalities"):
            conn.execute(text(f"DROP TABLE IF EXISTS {table}"))


# ------------------------------------------------------------------ terms


def fold_filter(value: str) -> str:
    """Lowercase without the accents Dutch uses, as the SQL filters fold the stored org and place."""
    return value.lower().translate(_FOLD)


def kind_bit(kind: str) -> int:
    """A fact kind's bit in `search_postings.kinds`, as the SQL function `search_kind_bit`."""
    return 1 << (int(hashlib.md5(kind.encode("utf-8")).hexdigest()[:7], 16) % 31)


def date_code(value: str | None) -> int | None:
    """A date YYYY[-MM[-DD]] as the integer YYYYMMDD with 00 for what is unknown, as the SQL
    function `search_date_code`; None for anything else."""
    if not value or not _DATE.fullmatch(value):
        return None
    return int(value.replace("-", "").ljust(8, "0"))


def kind_is_exact(kind: str, stored: Sequence[str]) -> bool:
    """Whether `kind`'s bit tells it apart from every other kind of the stored facts (`stored`):
    then a sentence's bits alone say whether it holds a fact of the kind."""
    bit = kind_bit(kind)
    return not any(kind_bit(k) == bit for k in stored if k != kind)


def weights(heading: str | None, previous: str | None, sentence: str) -> dict[str, float]:
    """Each term's BM25 weight in a sentence with its context (a fixed average length: AVGDL)."""
    from raadsbrieven.search.index import index_terms

    counts = index_terms(heading, previous, sentence)
    norm = K1 * (1 - B + B * sum(counts.values()) / AVGDL)
    return {t: tf * (K1 + 1) / (tf + norm) for t, tf in counts.items()}


def passage_hash(heading: str | None, sentence: str) -> str:
    """Hash of what the dense backends embed for a sentence (the key of `embeddings`)."""
    from raadsbrieven.search.index import passage_text

    return hashlib.sha1(passage_text(heading, sentence).encode("utf-8")).hexdigest()


def search_rows(
    document_id: int, rows: Sequence[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """`search_sentences` and `search_postings` rows for one letter's sentences (`id`, `text`,
    `heading`, in order)."""
    out, postings, previous = [], [], None
    for r in rows:
        out.append(
            {
                "sentence_id": r["id"],
                "document_id": document_id,
                "text_hash": passage_hash(r["heading"], r["text"]),
            }
        )
        postings += [
            {"term": t, "sentence_id": r["id"], "w": w}
            for t, w in weights(r["heading"], previous, r["text"]).items()
        ]
        previous = r["text"]
    return out, postings


# The fact kinds of sentences as a bit mask (facts stored before their search rows: a backfill;
# those stored after them, with a new letter, set their bits by the trigger on `facts`).
KINDS_OF_SENTENCES = (
    "SELECT f.sentence_id, bit_or(search_kind_bit(f.kind)) AS bits"
    " FROM facts f WHERE f.sentence_id IS NOT NULL"
)
INSERT_ROWS = text(  # a letter's sentences with what the filters ask of them
    "INSERT INTO search_sentences (sentence_id, document_id, text_hash, mun, doc_date, kinds) "
    "SELECT u.id, d.id, u.h, m.code, search_date_code(d.date), coalesce(k.bits, 0) "
    "FROM unnest(CAST(:ids AS integer[]), CAST(:hashes AS text[])) AS u(id, h) "
    "JOIN documents d ON d.id = :doc "
    f"JOIN search_municipalities m ON m.folded = {_sql_fold('d.municipality')} "
    f"LEFT JOIN ({KINDS_OF_SENTENCES} AND f.document_id = :doc GROUP BY f.sentence_id) k "
    "ON k.sentence_id = u.id ON CONFLICT DO NOTHING"
)
INSERT_POSTINGS = text(  # one statement, so the document-frequency trigger runs once per letter
    "INSERT INTO search_postings (term, sentence_id, w, mun, doc_date, kinds) "
    "SELECT u.term, u.id, u.w, ss.mun, ss.doc_date, ss.kinds "
    "FROM unnest(CAST(:terms AS text[]), CAST(:ids AS integer[]), CAST(:ws AS real[])) AS u(term, id, w) "
    "JOIN search_sentences ss ON ss.sentence_id = u.id ON CONFLICT DO NOTHING"
)


def index_sentences(conn: Connection, document_id: int, rows: Sequence[dict[str, Any]]) -> None:
    """Write a letter's search rows inside the transaction that stores the letter."""
    found, postings = search_rows(document_id, rows)
    if found:
        conn.execute(ADD_MUNICIPALITY, {"doc": document_id})
        ids, hashes = [r["sentence_id"] for r in found], [r["text_hash"] for r in found]
        conn.execute(INSERT_ROWS, {"ids": ids, "hashes": hashes, "doc": document_id})
    if postings:
        conn.execute(
            INSERT_POSTINGS,
            {
                "terms": [p["term"] for p in postings],
                "ids": [p["sentence_id"] for p in postings],
                "ws": [p["w"] for p in postings],
            },
        )


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


def backfill(engine: Engine, everything: bool = False) -> None:
    """Search rows for sentences stored before (of every letter when `everything`: the postings
    table is new), vectors for blobs cached before (cheap when there are none)."""
    with engine.connect() as conn:
        have = conn.execute(text("SELECT count(*) FROM search_sentences")).scalar_one()
        total = conn.execute(text("SELECT count(*) FROM sentences")).scalar_one()
        models = conn.execute(text("SELECT DISTINCT model FROM embeddings WHERE vec IS NULL")).scalars().all()
    if have != total or (everything and total):
        _backfill_sentences(engine, everything)
    for model in models:
        _backfill_vectors(engine, model)


def _backfill_sentences(engine: Engine, everything: bool) -> None:
    missing = (
        "SELECT DISTINCT s.document_id FROM sentences s WHERE NOT EXISTS "
        "(SELECT 1 FROM search_sentences x WHERE x.sentence_id = s.id)"
    )
    with engine.connect() as conn:
        ids = conn.execute(text("SELECT id FROM documents" if everything else missing)).scalars()
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


@dataclass
class Filters:
    """A search's filters as SQL: `on_sentences` on `ss` (search_sentences), `on_postings` the same
    on a posting `p`, their `params`. `narrow`: they keep few sentences (one letter; an
    organisation, a place, a municipality or a store of at most EXACT_MAX), so the dense half
    measures each of those exactly instead of walking the HNSW graph."""

    on_sentences: str = "TRUE"
    on_few: str = "TRUE"  # `on_sentences` for the narrow path: an id list joined, not hashed
    on_postings: str = "TRUE"
    params: dict[str, Any] = field(default_factory=dict)
    narrow: bool = False
    capped: bool = True  # postings read from a term's SCAN_MAX best (not for one letter)
    fact_sentences: str = ""  # a query for the sentences of the fact filters, run first: `f_ids`

    @property
    def any(self) -> bool:
        return self.on_sentences != "TRUE"


def _names(field_: str, param: str) -> str:
    """The stored names of an organisation or place that contain the folded text `param`."""
    return f"SELECT n.name FROM search_names n WHERE n.field = '{field_}' AND strpos(n.folded, :{param}) > 0"


def _date_sql(bound: str, value: str) -> str:
    """The date filter `bound` ('from' or 'to') on a row `{a}` of search_sentences or postings: as
    the in-memory index compares the texts (a letter of '2021' is within a range from 2021-06), on
    the integer dates; a filter text that is no YYYY[-MM[-DD]] is compared as text."""
    if date_code(value) is None:
        as_text = "search_date_text({a}.doc_date)"
        if bound == "from":
            return f"{as_text} >= left(:f_from, length({as_text}))"
        return f"left({as_text}, length(:f_to)) <= :f_to"
    if bound == "from":  # the letter's last day (an unknown day 99, month 9999) on or after the first
        last = "CASE WHEN {a}.doc_date % 10000 = 0 THEN 9999 WHEN {a}.doc_date % 100 = 0 THEN 99 ELSE 0 END"
        return "{a}.doc_date + " + last + " >= :f_from_code"
    return "{a}.doc_date <= :f_to_code"  # the letter's first day on or before the last


def filter_sql(
    kind: str | None,
    org: str | None,
    place: str | None,
    doc: str | None,
    date_from: str | None,
    date_to: str | None,
    municipality: int | None,
    kind_exact: bool = False,
) -> Filters:
    """The filters of a search in SQL (see `Filters`); `municipality` as its code, `kind_exact`:
    no other stored kind shares the kind's bit (`kind_is_exact`).

    A search sentence and each of its postings carry its letter's municipality code and date and a
    bit per fact kind of the sentence, the postings all in their index: a filtered term read is an
    index-only scan, an HNSW candidate is judged by its search sentence alone. Only when another
    kind shares the bit do the facts decide, for each row that passed it. An organisation or place
    is looked up among the stored names (`search_names`), then its facts by index: their sentences
    (`fact_sentences`, run first) are `f_ids`."""
    out = Filters()
    common, sentences, postings, params = [], [], [], out.params
    hashed, joined = [], []  # an organisation's or place's sentences: tested by hash, or joined (narrow)
    if doc:
        one = "SELECT dd.id FROM documents dd WHERE dd.name = :f_doc"
        sentences.append(f"ss.document_id IN ({one})")
        postings.append(
            f"p.sentence_id IN (SELECT x.sentence_id FROM search_sentences x WHERE x.document_id IN ({one}))"
        )
        params["f_doc"] = doc
        out.narrow = True
        out.capped = False
    if municipality is not None:
        common.append("{a}.mun = :f_mun")
        params["f_mun"] = municipality
    if date_from:
        common.append(_date_sql("from", date_from))
        params |= {"f_from": date_from, "f_from_code": date_code(date_from)}
    if date_to:
        common.append(_date_sql("to", date_to))
        last = int(date_to.replace("-", "").ljust(8, "9")) if date_code(date_to) is not None else None
        params |= {"f_to": date_to, "f_to_code": last}  # its last day: an unknown month or day 99
    if kind:  # (with an organisation or place, its facts' sentences are all of the kind already)
        common += [] if org or place else ["{a}.kinds & :f_kbit <> 0"]
        params |= {"f_kind": kind, "f_kbit": kind_bit(kind)}
    if org or place:  # one fact of the kind, organisation and place, as the in-memory index asks
        fact = ["f.kind = :f_kind"] if kind else []
        if org:
            fact.append(f"f.org IN ({_names('org', 'f_org')})")
            params["f_org"] = fold_filter(org)
        if place:
            fact.append(f"f.place IN ({_names('place', 'f_place')})")
            params["f_place"] = fold_filter(place)
        # how many, and all of them as ONE array literal: a list of 5,725 ids as a parameter took
        # psycopg 45 ms to send, the text 1 ms
        out.fact_sentences = (
            "SELECT count(*), CAST(array_agg(x.sentence_id) AS text) FROM (SELECT DISTINCT f.sentence_id"
            f" FROM facts f WHERE f.sentence_id IS NOT NULL AND {' AND '.join(fact)}) x"
        )
        # Each posting read and HNSW candidate is tested against a hash of them (IS TRUE keeps the
        # IN a hashed subplan: joined, the planner looks up each of 5,725 sentences, 60 ms a term
        # and 190 ms for the HNSW half; as `= ANY(constant array)` its planning estimated each
        # element, 7 ms an ANY at 5,725). A narrow filter's few sentences are joined, by key.
        ids = "SELECT unnest(CAST(:f_ids AS integer[]))"
        member = f"({{a}}.sentence_id IN ({ids})) IS TRUE"
        # with a kind, its bit (read with the row) first: it spares most rows the test against the
        # hash, which costs more (a CASE, because the planner puts the hash first in an AND)
        bit_first = f"CASE WHEN {{a}}.kinds & :f_kbit <> 0 THEN {member} ELSE false END"
        hashed.append(bit_first if kind else member)
        joined.append(f"ss.sentence_id IN ({ids})")
    elif kind and not kind_exact:  # OFFSET 0: checked per row that passed its bit, not joined to every fact
        has = "SELECT 1 FROM facts f WHERE f.sentence_id = {a}.sentence_id AND f.kind = :f_kind OFFSET 0"
        common.append(f"EXISTS ({has})")
    on_ss = sentences + [c.format(a="ss") for c in common]
    out.on_sentences = " AND ".join(on_ss + [c.format(a="ss") for c in hashed]) or "TRUE"
    out.on_few = " AND ".join(on_ss + joined) or "TRUE"
    out.on_postings = " AND ".join(postings + [c.format(a="p") for c in common + hashed]) or "TRUE"
    return out


def lexical_sql(n_terms: int, filters: str, capped: bool = True) -> str:
    """BM25 in SQL: the best DEPTH postings of each query term (filters on `p`, from
    `filter_sql`, applied while reading them, among the term's SCAN_MAX best when `capped`),
    summed per sentence with the terms' IDF; the CANDIDATES best sentences, ranked."""
    depth = DEPTH if filters == "TRUE" else DEPTH_FILTERED

    def postings(i: int) -> str:
        if filters == "TRUE" or not capped:
            return f"search_postings p WHERE p.term = :t{i} AND {filters}"
        best = f"SELECT * FROM search_postings WHERE term = :t{i} ORDER BY w DESC LIMIT {SCAN_MAX}"
        return f"({best}) p WHERE {filters}"

    parts = [
        f"(SELECT p.sentence_id, p.w * (SELECT idf FROM idf WHERE term = :t{i}) AS s"
        f" FROM {postings(i)} ORDER BY p.w DESC LIMIT {depth})"
        for i in range(n_terms)
    ]
    return (
        "idf AS (SELECT t.term, ln(1 + (n.df - t.df + 0.5) / (t.df + 0.5)) AS idf"
        " FROM search_terms t, (SELECT greatest(max(df), 1) AS df FROM search_terms WHERE term = '') n"
        f" WHERE t.term IN ({', '.join(f':t{i}' for i in range(n_terms))})), "
        "lex AS (SELECT c.sentence_id, sum(c.s) AS s,"
        " row_number() OVER (ORDER BY sum(c.s) DESC, c.sentence_id) AS r"
        f" FROM ({' UNION ALL '.join(parts)}) c GROUP BY c.sentence_id ORDER BY r LIMIT {CANDIDATES})"
    )


def dense_sql(filters: Filters, model: str, dim: int) -> str:
    """The CANDIDATES nearest sentences that pass the filters, ranked.

    No filter: the HNSW index's nearest. A narrow filter: every sentence it keeps, measured exactly.
    Any other (a date range, a kind, a municipality): the OVERFETCH nearest by HNSW, then those
    that pass (pgvector 0.6 has no filtered scan; one of 30 municipalities keeps ~1 in 30 of them)."""
    m, d = _literal(model), int(dim)
    dist = f"e.vec::vector({d}) <=> CAST(:qvec AS vector({d}))"
    own = f"e.model = {m} AND e.dim = {d} AND e.vec IS NOT NULL"
    join_d = "JOIN documents d ON d.id = ss.document_id" if not filters.any else ""
    if not filters.any:
        nearest = (
            f"SELECT ss.sentence_id, {dist} AS dist FROM embeddings e"
            f" JOIN search_sentences ss ON ss.text_hash = e.text_hash {join_d}"
            f" WHERE {own} ORDER BY {dist} LIMIT {CANDIDATES}"
        )
    elif filters.narrow:  # OFFSET 0: the filter first, then a sort, never the graph's ~400 then the filter
        nearest = (
            f"SELECT sentence_id, dist FROM (SELECT ss.sentence_id, {dist} AS dist FROM embeddings e"
            f" JOIN search_sentences ss ON ss.text_hash = e.text_hash {join_d}"
            f" WHERE {own} AND {filters.on_few} OFFSET 0) kept ORDER BY dist LIMIT {CANDIDATES}"
        )
    else:
        nearest = (
            f"SELECT ss.sentence_id, top.dist FROM (SELECT e.text_hash, {dist} AS dist FROM embeddings e"
            f" WHERE {own} ORDER BY {dist} LIMIT {OVERFETCH}) top"
            f" JOIN search_sentences ss ON ss.text_hash = top.text_hash {join_d}"
            f" WHERE {filters.on_sentences} ORDER BY top.dist LIMIT {CANDIDATES}"
        )
    ranked = "row_number() OVER (ORDER BY dist, sentence_id) AS r"
    return f"dense AS (SELECT sentence_id, {ranked} FROM ({nearest}) top)"


def hybrid_sql(n_terms: int, filters: Filters, model: str | None, dim: int | None, mode: str) -> str:
    """The one statement: lexical and dense candidates (filters first), fused by weighted RRF.

    A sentence without a vector of the model yet keeps its lexical rank for both halves, as in
    the in-memory index; in dense mode it comes behind every embedded match."""
    lex = lexical_sql(n_terms, filters.on_postings, filters.capped)
    if model is None:  # words only
        return f"WITH {lex} SELECT sentence_id, s AS score FROM lex ORDER BY r"
    m = _literal(model)
    dense = dense_sql(filters, model, int(dim or 0))
    own = (
        "lexv AS (SELECT lex.sentence_id, lex.r, EXISTS (SELECT 1 FROM search_sentences ss"
        f" JOIN embeddings e ON e.text_hash = ss.text_hash AND e.model = {m}"
        " WHERE ss.sentence_id = lex.sentence_id AND e.vec IS NOT NULL) AS embedded FROM lex)"
    )
    unembedded = f"1.0 / ({RRF_K}.0 + l.r)" + (" * 0.5" if mode == "dense" else "")
    return (
        f"WITH {lex}, {dense}, {own}, "
        "fused AS (SELECT coalesce(l.sentence_id, v.sentence_id) AS sentence_id, CASE"
        f" WHEN v.sentence_id IS NULL AND NOT l.embedded THEN {unembedded}"
        f" ELSE coalesce(:wlex / ({RRF_K}.0 + l.r), 0) + coalesce((1 - :wlex) / ({RRF_K}.0 + v.r), 0)"
        " END AS score"
        " FROM lexv l FULL JOIN dense v ON v.sentence_id = l.sentence_id) "
        "SELECT sentence_id, score FROM fused WHERE score > 0 ORDER BY score DESC, sentence_id"
    )


def _few_sentences(conn: Connection, municipality: int | None) -> bool:
    """Whether the store, or the municipality (its code), holds at most EXACT_MAX sentences
    (counted in `search_terms`: '' all, ':' + a municipality's code, `FILL_MUNICIPALITIES`)."""
    terms = ["", f":{municipality}"] if municipality is not None else [""]
    q = text("SELECT term, df FROM search_terms WHERE term = ANY(:t)")
    df = {str(t): int(n) for t, n in conn.execute(q, {"t": terms})}
    return min(df.get(t, 0) for t in terms) <= EXACT_MAX


def _municipality_code(conn: Connection, municipality: str) -> int | None:
    """The code of a municipality's letters (by its folded name), None when none are stored."""
    q = text("SELECT code FROM search_municipalities WHERE folded = :f")
    return conn.execute(q, {"f": fold_filter(municipality)}).scalar()


def _stored_kinds(conn: Connection) -> list[str]:
    """Every fact kind stored (`search_names`; a few)."""
    return list(conn.execute(text("SELECT name FROM search_names WHERE field = 'kind'")).scalars())


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
        terms = list(dict.fromkeys(t for t in query_tokens if t))[:MAX_TERMS]
        if not terms:
            return []
        params: dict[str, Any] = {f"t{i}": t for i, t in enumerate(terms)}
        dim = None
        if (
            query_vector is not None
            and model is not None
            and self._pg_has_vectors(model, query_vector.shape[0])
        ):
            dim = int(query_vector.shape[0])
            params |= {"qvec": vector_literal(query_vector), "wlex": 0.0 if mode == "dense" else weight}
        else:
            model = None
        params["limit"] = limit
        with self.engine.begin() as conn:
            code = None
            if municipality:
                code = _municipality_code(conn, municipality)
                if code is None:  # no letter of it is stored
                    return []
            exact = bool(kind) and kind_is_exact(str(kind), _stored_kinds(conn))
            filters = filter_sql(kind, org, place, doc, date_from, date_to, code, kind_exact=exact)
            params |= filters.params
            if filters.fact_sentences:  # an organisation or place: its sentences, and how many
                n, ids = conn.execute(text(filters.fact_sentences), params).one()
                if not n:
                    return []
                params["f_ids"] = ids
                filters.narrow = filters.narrow or n <= EXACT_MAX
            if model is not None and filters.any and not filters.narrow:
                filters.narrow = _few_sentences(conn, code)
            sql = hybrid_sql(len(terms), filters, model, dim, mode) + " LIMIT :limit"
            ef = max(OVERFETCH, EF_SEARCH) if filters.any and not filters.narrow else EF_SEARCH
            conn.execute(text(f"SET LOCAL hnsw.ef_search = {ef}"))
            rows = conn.execute(text(sql), params).all()
        return [(int(i), float(s)) for i, s in rows]

    def _pg_has_vectors(self, model: str, dim: int) -> bool:
        """Whether vectors of this model and length are stored (their HNSW index exists): without
        them the dense half is left out, as the in-memory index does, instead of scanning for none."""
        known = self.__dict__.setdefault("_pg_vector_models", set())
        if (model, dim) in known:
            return True
        with self.engine.connect() as conn:
            found = conn.execute(text("SELECT to_regclass(:n)"), {"n": hnsw_name(model, dim)}).scalar()
        if found is not None:
            known.add((model, dim))
        return found is not None

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
