"""The fact extractors: one module per fact kind, registered here.

A new fact kind is one module plus one line in DEFAULT_EXTRACTORS. Each module
exposes KIND (or KINDS), VERSION, NEEDS and extract(sentence, doc) -> list[Fact].
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

from raadsbrieven.model import DocContext, Fact, Sentence

PATTERNS = Path(__file__).parent / "patterns"  # the extractors' patterns and training data

DEFAULT_EXTRACTORS: tuple[str, ...] = (
    "raadsbrieven.extractors.percentage",
    "raadsbrieven.extractors.duration",
    "raadsbrieven.extractors.money",
    "raadsbrieven.extractors.toezegging",
    "raadsbrieven.extractors.motie",
    "raadsbrieven.extractors.letter_ref",
)


def load_extractors(names: Iterable[str] = DEFAULT_EXTRACTORS) -> list[ModuleType]:
    return [importlib.import_module(name) for name in names]


def module_kinds(module: ModuleType) -> tuple[str, ...]:
    return tuple(getattr(module, "KINDS", None) or (module.KIND,))


def run_extractors(doc: DocContext, modules: list[ModuleType] | None = None) -> list[Fact]:
    """All facts of a document, with provenance filled in and stable ids."""
    modules = modules if modules is not None else load_extractors()
    facts: list[Fact] = []
    for sentence in doc.sentences:
        for module in modules:
            for fact in module.extract(sentence, doc):
                _fill_provenance(fact, sentence, doc, module)
                facts.append(fact)
    facts.sort(key=lambda f: (f.start, f.end, f.kind))
    seen: set[str] = set()
    unique = []
    for fact in facts:
        if fact.assign_id(doc.key) not in seen:
            seen.add(fact.id)
            unique.append(fact)
    return unique


def _fill_provenance(fact: Fact, sentence: Sentence, doc: DocContext, module: ModuleType) -> None:
    fact.doc = doc.name
    fact.doc_date = doc.date
    if fact.page is None:
        fact.page = sentence.page
    if not fact.sentence:
        fact.sentence = sentence.text
    fact.residue = fact.residue or sentence.residue
    fact.extractor = module.__name__.rsplit(".", 1)[-1]
    fact.extractor_version = str(getattr(module, "VERSION", "1"))
    if doc.text[fact.start : fact.end] != fact.text:
        raise ValueError(
            f"{fact.extractor} returned a span that is not in the document: "
            f"{fact.text!r} at {fact.start}:{fact.end} in {doc.name}"
        )
