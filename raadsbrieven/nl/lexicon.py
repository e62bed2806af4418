"""One loader for the data the Dutch layer and the extractors read: word lists, gazetteers, patterns.

`load("hedges")` reads `nl/data/hedges.json`; `load("motie", PATTERNS)` reads a file from another
folder (the extractors' `patterns/`). Each file is parsed once per process.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"


@cache
def load(name: str, folder: Path = DATA) -> dict:
    """`folder/<name>.json`, parsed once."""
    with open(folder / f"{name}.json", encoding="utf-8") as fh:
        return json.load(fh)


@cache
def words(group: str) -> frozenset[str]:
    """A group of Dutch function words from `nl/data/words.json` (determiners, prepositions, ...)."""
    return frozenset(load("words")[group])


@cache
def spacy_lemmas(table: str) -> dict:
    """spaCy's Dutch lemma table `nl_lemma_<table>` (lookup, index, exc) from spacy-lookups-data, parsed
    once per process (the lookup table takes ~0.3 s); {} when the package or the file is missing."""
    import gzip

    try:
        import spacy_lookups_data
    except ImportError:
        return {}
    path = Path(spacy_lookups_data.__file__).parent / "data" / f"nl_lemma_{table}.json.gz"
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return {}
