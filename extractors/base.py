"""What every extractor receives: one sentence with its place in a document.

An extractor module exposes `KIND` (or `KINDS`), `VERSION`, `NEEDS` and
`extract(sentence, doc) -> list[Fact]`. Offsets in the facts it returns are
offsets into the stored document text (`doc.text`), never into the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Sentence:
    text: str  # exactly doc.text[start:end]
    start: int
    end: int
    page: int | None = None
    index: int = 0
    heading: str | None = None  # the nearest heading above the sentence, if any
    residue: bool = False  # an orphan chart/table number, with no sentence of its own


@dataclass
class DocContext:
    name: str  # the file name, e.g. 000_46cd106d7926f80d.txt
    text: str  # the full cleaned document text that offsets point into
    date: str | None = None  # the letter's date, ISO (YYYY-MM-DD or YYYY-MM), or None
    municipality: str | None = None  # e.g. "Utrecht", for gazetteer choice
    sentences: list[Sentence] = field(default_factory=list)

    def previous(self, sentence: Sentence, n: int = 1) -> list[Sentence]:
        """Up to n sentences before this one, nearest last."""
        i = sentence.index
        return self.sentences[max(0, i - n) : i]
