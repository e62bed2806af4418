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
    search,
    tokens,
)

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
