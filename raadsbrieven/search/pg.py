"""Search when the store is PostgreSQL with pgvector: the database ranks, no index in this process.

The same query handling as the in-memory index (search/index.py): its tokenizer, its query-aware
lexical weight, its fusion; the ranking itself is one SQL statement (`Store.pg_hybrid`).
"""

from __future__ import annotations

from raadsbrieven.embed import Embedder
from raadsbrieven.model import collapse
from raadsbrieven.search.index import MAX_QUERY_CHARS, Hit, lexical_weight, tokens


def uses_pg(store) -> bool:
    """Whether this store searches inside PostgreSQL (pgvector present and not switched off)."""
    return bool(getattr(store, "pg_search", False))


def rank_pg(
    store,
    query: str,
    limit: int = 10,
    embedder: Embedder | None = None,
    mode: str = "hybrid",
    weight: float | None = None,
    **filters: str | None,
) -> list[tuple[int, float]]:
    """(sentence id, score) best first; mode bm25, dense or hybrid (as `search.index.rank`)."""
    query = query[:MAX_QUERY_CHARS]
    q_tokens = tokens(query)
    if not q_tokens or limit <= 0:
        return []
    vector = model = None
    if embedder is not None and mode != "bm25":
        vector, model = embedder.encode([query], "query")[0], embedder.name
    w_lex = lexical_weight(query) if weight is None else weight
    return store.pg_hybrid(q_tokens, vector, model, w_lex, mode=mode, limit=limit, **filters)


def search_pg(
    store,
    query: str,
    limit: int = 10,
    embedder: Embedder | None = None,
    mode: str = "hybrid",
    **filters: str | None,
) -> list[Hit]:
    """`search.search` on a PostgreSQL store with pgvector: the same hits, ranked by the database."""
    if not isinstance(query, str) or limit <= 0:
        return []
    ranked = rank_pg(store, query.replace("\x00", " "), limit, embedder, mode, **filters)
    ids = [i for i, _ in ranked]
    rows, facts = store.pg_hits(ids), store.pg_hit_facts(ids)
    kind = filters.get("kind")
    hits = []
    for r, (i, score) in enumerate(ranked, 1):
        row = rows[i]
        found = [f for f in facts.get(i, []) if not kind or f.kind == kind]
        hits.append(
            Hit(
                rank=r,
                score=round(float(score), 6),
                doc=row["doc"],
                doc_date=row["doc_date"],
                page=row["page"],
                sentence=collapse(row["text"]),
                facts=[f.to_contract() for f in found],
                sentence_id=i,
                heading=row["heading"],
            )
        )
    return hits
