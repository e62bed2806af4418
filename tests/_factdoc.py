"""Build a one-sentence DocContext for extractor tests (shared by the test_* files of the number facts)."""

from __future__ import annotations

from raadsbrieven.ingest.describe import doc_context
from raadsbrieven.model import DocContext, Sentence


def one_sentence(
    text: str,
    date: str | None = "2021-02-15",
    municipality: str | None = "Utrecht",
    heading: str | None = None,
    prefix: str = "",
) -> tuple[Sentence, DocContext]:
    """A document `prefix + text` whose last sentence is `text` (prefix: earlier sentences)."""
    full = prefix + text
    sentences = []
    if prefix:
        sentences.append(Sentence(prefix, 0, len(prefix), index=0, heading=heading))
    sentence = Sentence(text, len(prefix), len(full), index=len(sentences), heading=heading)
    sentences.append(sentence)
    return sentence, doc_context("test.txt", full, date, municipality, sentences)


def extract_checked(module, sentence: Sentence, doc: DocContext):
    """The module's facts for one sentence, each checked to be its exact span in the document."""
    facts = module.extract(sentence, doc)
    for f in facts:
        assert doc.text[f.start : f.end] == f.text
    return facts


def run(module, text: str, **kw):
    sentence, doc = one_sentence(text, **kw)
    return extract_checked(module, sentence, doc)
