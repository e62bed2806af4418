"""Fitted tf-idf features without scikit-learn: what a shipped model needs to read a letter.

scikit-learn fits the models (eval/build_training.py); reading a letter only needs the fitted
vocabularies and idf weights. Importing scikit-learn costs ~0.9 s, which every process that reads
(each CLI call, each ingest worker's reader, the app) would pay before its first letter; these
classes do the same transforms with numpy and scipy alone, to the bit: the counts as CountVectorizer
builds them (float, indices sorted), then TfidfTransformer's steps in its order (1 + log tf, times
idf, each row divided by its L2 norm summed in double in column order).
tests/test_toezegging_shipped.py and tests/test_letter_ref_cases.py compare them with scikit-learn's own.
A shipped model is an npz file holding the `key` of what it was fitted from (`load_keyed`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

WHITE_SPACES = re.compile(r"\s\s+")  # what scikit-learn's char_wb analyser folds to one space


def load_keyed(path: Path, key: str) -> dict[str, np.ndarray] | None:
    """The arrays of a shipped model, or None when there is none or it was fitted from other data
    (its `key` array differs from `key`)."""
    if not path.exists():
        return None
    with np.load(path, allow_pickle=False) as data:
        if str(data["key"]) != key:
            return None
        return {name: data[name] for name in data.files}


def char_wb_ngrams(text: str, low: int, high: int) -> list[str]:
    """scikit-learn's `char_wb` n-grams of a lower-cased text: within words padded with a space."""
    grams: list[str] = []
    for w in WHITE_SPACES.sub(" ", text).split():
        w = f" {w} "
        for n in range(low, high + 1):
            if len(w) <= n:  # a word no longer than n is counted once, whole
                grams.append(w)
                break
            grams += [w[i : i + n] for i in range(len(w) - n + 1)]
    return grams


def word_ngrams(tokens: list[str], low: int, high: int) -> list[str]:
    """scikit-learn's word n-grams of a token list, the unigrams first."""
    if high == 1:
        return tokens
    out = list(tokens) if low == 1 else []
    for n in range(max(low, 2), min(high + 1, len(tokens) + 1)):
        out += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    return out


def counts(ids: Sequence[Sequence[int]], width: int, dtype: Any) -> Any:
    """The count matrix of rows of feature ids, as CountVectorizer builds it (CSR, sorted indices)."""
    from scipy.sparse import csr_matrix

    lengths = np.fromiter((len(r) for r in ids), np.int64, len(ids))
    flat = np.fromiter((i for r in ids for i in r), np.int32, int(lengths.sum()))
    rows = np.repeat(np.arange(len(ids), dtype=np.int32), lengths)
    x = csr_matrix((np.ones(len(flat), dtype), (rows, flat)), shape=(len(ids), width))
    x.sum_duplicates()
    x.sort_indices()
    return x


def weigh(x: Any, idf: np.ndarray, sublinear: bool) -> Any:
    """TfidfTransformer.transform (norm l2) on a count matrix, in place."""
    data = x.data
    if sublinear:
        np.log(data, out=data)
        data += 1.0
    np.multiply(data, idf[x.indices], out=data, casting="unsafe")
    rows = np.repeat(np.arange(x.shape[0]), np.diff(x.indptr))
    squares = (data * data).astype(np.float64)
    norms = np.sqrt(np.bincount(rows, weights=squares, minlength=x.shape[0]))  # sequential, in double
    norms[norms == 0.0] = 1.0  # an empty row stays empty
    np.divide(data, norms[rows], out=data, casting="unsafe")
    return x


class Tfidf:
    """A fitted vocabulary and idf weights; `transform` turns texts (or rows) into the tf-idf matrix.

    `analyse` gives a text's features (n-grams) as strings; features outside the vocabulary are
    dropped, as scikit-learn drops them."""

    def __init__(
        self,
        vocabulary: Mapping[str, int],
        idf: np.ndarray,
        analyse: Callable[[Any], Iterable[str]],
        *,
        sublinear: bool = True,
        dtype: Any = np.float64,
    ) -> None:
        self.vocabulary = vocabulary
        self.idf = idf
        self.analyse = analyse
        self.sublinear = sublinear
        self.dtype = dtype

    def known(self, features: Iterable[str]) -> list[int]:
        """The vocabulary ids of the features it holds, in their order."""
        return [i for i in map(self.vocabulary.get, features) if i is not None]

    def ids(self, item: Any) -> list[int]:
        return self.known(self.analyse(item))

    def transform(self, items: Sequence[Any]) -> Any:
        x = counts([self.ids(item) for item in items], len(self.vocabulary), self.dtype)
        return weigh(x, self.idf, self.sublinear)


class CharTfidf(Tfidf):
    """char_wb n-grams, sped up: an n-gram never crosses a word, so a text's counts are the sum of its
    words', and each distinct word is cut and looked up once per process."""

    MAX_WORDS = 200_000  # words remembered before the memory is cleared

    def __init__(
        self, vocabulary: Mapping[str, int], idf: np.ndarray, ngrams: tuple[int, int], **kw: Any
    ) -> None:
        super().__init__(vocabulary, idf, lambda text: char_wb_ngrams(text.lower(), *ngrams), **kw)
        self.ngrams = ngrams
        self.words: dict[str, np.ndarray] = {}

    def _word(self, word: str) -> np.ndarray:
        got = self.words.get(word)
        if got is None:
            got = self.words[word] = np.array(self.known(char_wb_ngrams(word, *self.ngrams)), np.int32)
        return got

    def transform(self, items: Sequence[str]) -> Any:
        """Texts x words (counts) times words x n-grams (counts): integer sums, so the same counts as
        cutting every text, at the cost of the distinct words only."""
        from scipy.sparse import csr_matrix

        if len(self.words) > self.MAX_WORDS:
            self.words.clear()
        column: dict[str, int] = {}
        rows = [[column.setdefault(w, len(column)) for w in text.lower().split()] for text in items]
        by_text = counts(rows, len(column), self.dtype)
        grams = [self._word(w) for w in column]
        indptr = np.concatenate(([0], np.cumsum([len(g) for g in grams], dtype=np.int64)))
        flat = np.concatenate(grams) if grams else np.zeros(0, np.int32)
        by_word = csr_matrix(
            (np.ones(len(flat), self.dtype), flat, indptr), shape=(len(grams), len(self.vocabulary))
        )
        by_word.sum_duplicates()
        x = (by_text @ by_word).tocsr()
        x.sort_indices()
        return weigh(x, self.idf, self.sublinear)


class WordTfidf(Tfidf):
    """Word n-grams of the tokens a pattern finds in the lower-cased text."""

    def __init__(
        self, vocabulary: Mapping[str, int], idf: np.ndarray, ngrams: tuple[int, int], token: str, **kw: Any
    ) -> None:
        tokens = re.compile(token).findall
        super().__init__(vocabulary, idf, lambda text: word_ngrams(tokens(text.lower()), *ngrams), **kw)


class Indicators:
    """DictVectorizer.transform of {feature: value} dicts over a fitted vocabulary."""

    def __init__(self, vocabulary: Mapping[str, int], dtype: Any = np.float32) -> None:
        self.vocabulary = vocabulary
        self.dtype = dtype

    def transform(self, dicts: Sequence[Mapping[str, float]]) -> Any:
        from scipy.sparse import csr_matrix

        indices, values, indptr = [], [], [0]
        for d in dicts:
            for name, value in d.items():
                i = self.vocabulary.get(name)
                if i is not None:
                    indices.append(i)
                    values.append(value)
            indptr.append(len(indices))
        x = csr_matrix(
            (np.asarray(values, self.dtype), np.asarray(indices, np.int32), np.asarray(indptr, np.int64)),
            shape=(len(dicts), len(self.vocabulary)),
        )
        x.sort_indices()
        return x
