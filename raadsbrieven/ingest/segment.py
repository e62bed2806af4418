"""Sentences with character offsets and page, on spaCy's blank Dutch pipeline.

spaCy's Dutch tokenizer already keeps "o.a.", "m.b.t.", "jl." as one token; more
abbreviations live in nl/data/abbreviations.txt. A rule-based component then marks
sentence starts: after . ! ? (also behind a closing bracket or quote) when the
next word does not go on in lower case; and after a token that ends in a full stop
("PvdA.", "mln.", "min.", "jr.", "jl.", "dat.") when a capitalised word follows,
unless that token stands before a name, number or noun (initials "J.", "W.B.";
"mw.", "o.a.", "t.a.v.": the second list of abbreviations.txt) or is a single
lower-case letter that is no unit ("a. Verbeteren ...": a list item). So "€ 4,2 mln.
De kosten ..." and "... de PvdA. De VVD stemde tegen." are two sentences, "mw. De
Vries" and "o.a. Lokalis" are not. Headings, bullets, URL lines, footnotes and
orphan numbers are blocks of their own (see clean.py), so a sentence never runs
across them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from raadsbrieven.ingest.clean import CleanDocument
from raadsbrieven.model import Sentence
from raadsbrieven.nl.lexicon import DATA

if TYPE_CHECKING:  # spaCy itself is imported on first use, without torch (nl/spacy_import.py)
    from spacy.language import Language
    from spacy.tokens import Doc

SENTENCE_END = {".", "!", "?", "…", "...", "?!"}
CLOSERS = {")", "’", "'", "”", '"', "]"}
SINGLE_BLOCK_KINDS = {"heading", "url", "footnote", "residue", "table", "letterhead"}
INITIALS = re.compile(r"(?:[A-Z][a-z]?\.)+")  # "J.", "W.B.", "Th.", "St."
NO_END_SECTION = "[before a name, number or noun"


@lru_cache(maxsize=1)
def abbreviations() -> tuple[tuple[str, ...], frozenset[str]]:
    """Every abbreviation of abbreviations.txt, and those that never end a sentence (lower case)."""
    every: list[str] = []
    never: set[str] = set()
    section = False
    for line in (DATA / "abbreviations.txt").read_text(encoding="utf-8").splitlines():
        abbr = line.strip()
        if not abbr or abbr.startswith("#"):
            continue
        if abbr.startswith("["):
            section = abbr.startswith(NO_END_SECTION)
            continue
        every.append(abbr)
        if section:
            never.add(abbr.lower())
    return tuple(dict.fromkeys(every)), frozenset(never)


def mark_sentence_starts(doc: Doc) -> Doc:
    """Every token's sentence start, set in one pass: spaCy's `is_sent_start` setter rescans the
    whole block on each call, which made a long block quadratic (the pipe "raadsbrieven_sentences")."""
    from spacy.attrs import SENT_START

    if not len(doc):
        return doc
    starts = [1] + [1 if _starts_sentence(doc, i) else -1 for i in range(1, len(doc))]
    doc.from_array([SENT_START], np.array(starts, dtype=np.int64).astype(np.uint64).reshape(-1, 1))
    return doc


def _starts_sentence(doc: Doc, i: int) -> bool:
    token, prev = doc[i], doc[i - 1]
    first = token.text[:1]
    if token.text in CLOSERS or token.is_punct and token.text not in ("(", "‘", "“", "•"):
        return False
    if first.islower():
        return False
    if prev.text in SENTENCE_END:
        return True
    if prev.text in CLOSERS and i >= 2 and doc[i - 2].text in SENTENCE_END:
        return True
    if len(prev.text) > 1 and prev.text.endswith(".") and first.isupper() and token.is_alpha:
        return _may_end(doc, i - 1)
    return False


def _may_end(doc: Doc, j: int) -> bool:
    """Whether the full-stop token doc[j] can close a sentence before a capitalised word."""
    text = doc[j].text
    if text.lower() in abbreviations()[1] or INITIALS.fullmatch(text):
        return False  # "mw. De Vries", "o.a. Lokalis", "J. Jansen"
    if re.fullmatch(r"[a-z]\.", text):  # "ca. 14 m. De opbouw": a unit after a number; else a list item
        return j >= 1 and doc[j - 1].like_num
    return True


@lru_cache(maxsize=1)
def dutch_nlp() -> Language:
    """spacy.blank('nl') with our abbreviations and sentence rules (built once per process)."""
    from raadsbrieven.nl.spacy_import import import_spacy

    spacy = import_spacy()
    if not spacy.Language.has_factory("raadsbrieven_sentences"):
        spacy.Language.component("raadsbrieven_sentences", func=mark_sentence_starts)
    nlp = spacy.blank("nl")
    for abbr in abbreviations()[0]:
        nlp.tokenizer.add_special_case(abbr, [{"ORTH": abbr}])
    nlp.add_pipe("raadsbrieven_sentences")
    return nlp


def segment(clean: CleanDocument) -> list[Sentence]:
    nlp = dutch_nlp()
    text = clean.text
    sentences: list[Sentence] = []
    heading: str | None = None
    prose = [b for b in clean.blocks if b.kind not in SINGLE_BLOCK_KINDS]
    parsed = dict(zip((b.start for b in prose), nlp.pipe(text[b.start : b.end] for b in prose), strict=True))

    def add(start: int, end: int, page: int, residue: bool = False) -> None:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            sentences.append(Sentence(text[start:end], start, end, page, len(sentences), heading, residue))

    for block in clean.blocks:
        if block.kind in SINGLE_BLOCK_KINDS:
            add(block.start, block.end, clean.page_at(block.start), block.kind in ("residue", "table"))
            if block.kind == "heading":
                heading = text[block.start : block.end]
            continue
        for sent in parsed[block.start].sents:
            start = block.start + sent.start_char
            add(start, block.start + sent.end_char, clean.page_at(start))
    return sentences
