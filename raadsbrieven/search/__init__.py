"""Hybrid search over the stored sentences (BM25 + cached dense vectors, fused by query type)."""

from raadsbrieven.search.index import (
    Hit,
    SearchIndex,
    embed_store,
    fold,
    get_index,
    lexical_weight,
    passages_of,
    pending_embeddings,
    pending_passages,
    tokens,
)
from raadsbrieven.search.index import search as search_in_memory
from raadsbrieven.search.pg import search_pg, uses_pg

__all__ = [
    "Hit",
    "SearchIndex",
    "embed_store",
    "fold",
    "get_index",
    "lexical_weight",
    "passages_of",
    "pending_embeddings",
    "pending_passages",
    "search",
    "tokens",
]


def search(store, query: str, limit: int = 10, **options):
    """Hybrid search (see `search.index.search`): inside PostgreSQL when the store has pgvector
    (no index in this process), else over the in-memory index."""
    if uses_pg(store):
        return search_pg(store, query, limit, **options)
    return search_in_memory(store, query, limit, **options)
