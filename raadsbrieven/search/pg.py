"""Search when the store is PostgreSQL with pgvector: the database ranks, no index in this process.

The same query handling as the in-memory index (search/index.py): its tokenizer, its query-aware
lexical weight, its fusion; the ranking itself is one SQL statement (`Store.pg_hybrid`). Letter
furniture is demoted here as there (`demote_rows`): the database hands over the best
DEMOTE_WINDOW rows, the first few of them are read (for a search, in the query that reads the
hits anyway), and only the rows needed are judged.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from raadsbrieven.embed import Embedder
from raadsbrieven.model import collapse
from raadsbrieven.search.index import (
    DEMOTE_BATCH,
    DEMOTE_WINDOW,
    MAX_QUERY_CHARS,
    Hit,
    demote_rows,
    lexical_weight,
    tokens,
)

MAX_JUDGED = 100_000  # sentence texts whose score is kept in this process (then forgotten at once)
_SAYS: dict[str, float] = {}


def uses_pg(store) -> bool:
    """Whether this store searches inside PostgreSQL (pgvector present and not switched off)."""
    return bool(getattr(store, "pg_search", False))


def says(texts: list[str]) -> np.ndarray:
    """P(says something) of each text, each distinct text judged once per process."""
    todo = list(dict.fromkeys(t for t in texts if t not in _SAYS))
    if todo:
        from raadsbrieven.search.informative import informative

        if len(_SAYS) + len(todo) > MAX_JUDGED:
            _SAYS.clear()
        _SAYS.update(zip(todo, (float(p) for p in informative(todo)), strict=True))
    return np.array([_SAYS[t] for t in texts], dtype=np.float32)


def rank_pg(
    store,
    query: str,
    limit: int = 10,
    embedder: Embedder | None = None,
    mode: str = "hybrid",
    weight: float | None = None,
    demote: bool = True,
    **filters: str | None,
) -> list[tuple[int, float]]:
    """(sentence id, score) best first; mode bm25, dense or hybrid, and with `demote` letter
    furniture behind every sentence that says something (as `search.index.rank`)."""
    return _ranked(
        store, query, limit, embedder, mode, weight, store.sentence_texts if demote else None, filters
    )


def _ranked(
    store,
    query: str,
    limit: int,
    embedder: Embedder | None,
    mode: str,
    weight: float | None,
    read: Callable[[list[int]], dict[int, str]] | None,
    filters: dict[str, str | None],
) -> list[tuple[int, float]]:
    """`rank_pg`, demoting when given `read` (sentence ids -> their texts): the database hands over
    its best DEMOTE_WINDOW rows, and the texts of the first few are read to judge them."""
    query = query[:MAX_QUERY_CHARS]
    q_tokens = tokens(query)
    if not q_tokens or limit <= 0:
        return []
    vector = model = None
    if embedder is not None and mode != "bm25":
        vector, model = embedder.encode([query], "query")[0], embedder.name
    w_lex = lexical_weight(query) if weight is None else weight
    depth = limit if read is None else max(limit, DEMOTE_WINDOW)
    ranked = store.pg_hybrid(q_tokens, vector, model, w_lex, mode=mode, limit=depth, **filters)
    if read is None:
        return ranked
    order = [i for i, _ in ranked[:DEMOTE_WINDOW]]
    texts = read(order[: limit + DEMOTE_BATCH])  # usually every row that is judged

    def text(i: int) -> str:
        if i not in texts:  # many rows were furniture: the rest of the window in one more read
            texts.update(read([j for j in order if j not in texts]))
        return texts[i]

    def judge(ids: list[int]) -> np.ndarray:
        return says([text(i) for i in ids])

    return demote_rows(ranked, query, judge, text, need=limit)[:limit]


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
    query = query.replace("\x00", " ")
    rows: dict[int, dict] = {}

    def read(ids: list[int]) -> dict[int, str]:
        """The hit rows of the rows to judge, kept for the hits (the same one query as before)."""
        found = store.pg_hits(ids)
        rows.update(found)
        return {i: r["text"] for i, r in found.items()}

    ranked = _ranked(store, query, limit, embedder, mode, None, read, filters)
    ids = [i for i, _ in ranked]
    missing = [i for i in ids if i not in rows]
    if missing:
        rows.update(store.pg_hits(missing))
    near = store.neighbour_rows(ids)
    facts = store.pg_hit_facts(ids + [n["id"] for steps in near.values() for n in steps.values()])
    kind = filters.get("kind")

    def facts_of(sentence_id: int | None) -> list[dict]:
        found = facts.get(sentence_id, []) if sentence_id is not None else []
        return [f.to_contract() for f in found if not kind or f.kind == kind]

    hits = []
    for r, (i, score) in enumerate(ranked, 1):
        row = rows[i]
        before, after = near.get(i, {}).get(-1), near.get(i, {}).get(1)
        hits.append(
            Hit(
                rank=r,
                score=round(float(score), 6),
                doc=row["doc"],
                doc_date=row["doc_date"],
                page=row["page"],
                sentence=collapse(row["text"]),
                facts=facts_of(i),
                sentence_id=i,
                heading=row["heading"],
                before=collapse(before["text"]) if before else None,
                after=collapse(after["text"]) if after else None,
                before_facts=facts_of(before["id"]) if before else [],
                after_facts=facts_of(after["id"]) if after else [],
            )
        )
    return hits
