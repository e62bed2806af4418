"""The fact extractors: one module per fact kind, registered here.

A new fact kind is one module plus one line in DEFAULT_EXTRACTORS. Each module exposes KIND (or
KINDS), VERSION, NEEDS (what of the document it reads: `sentences`, `text`, `date`, `info.<field>`
of DocInfo), ASSIGNS (the contract fields it fills besides the span and provenance) and
extract(sentence, doc) -> list[Fact]. The registry checks both: a module that reads an unknown part
or a fact that fills a field its module did not declare is an error, named, not a silent change.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import MISSING, fields
from pathlib import Path
from types import ModuleType

from raadsbrieven.model import CONTRACT_FIELDS, DocContext, DocInfo, Fact, Sentence

PATTERNS = Path(__file__).parent / "patterns"  # the extractors' patterns and training data

DEFAULT_EXTRACTORS: tuple[str, ...] = (
    "raadsbrieven.extractors.percentage",
    "raadsbrieven.extractors.duration",
    "raadsbrieven.extractors.money",
    "raadsbrieven.extractors.count",
    "raadsbrieven.extractors.toezegging",
    "raadsbrieven.extractors.motie",
    "raadsbrieven.extractors.letter_ref",
)


DOC_PARTS = frozenset(
    {"sentences", "text", "date", "municipality"} | {f"info.{f.name}" for f in fields(DocInfo)}
)
# Filled for every fact by the extractor's span and by the registry, whatever the module declares.
PROVENANCE = frozenset(
    {"kind", "text", "start", "end", "sentence", "page", "residue", "doc", "doc_date", "id", "sentence_id"}
)
_DEFAULTS = {f.name: f.default for f in fields(Fact) if f.default is not MISSING}


def load_extractors(names: Iterable[str] = DEFAULT_EXTRACTORS) -> list[ModuleType]:
    modules = [importlib.import_module(name) for name in names]
    for module in modules:
        needs, assigns = declared(module)
        if not needs <= DOC_PARTS:
            raise ValueError(f"{module.__name__} NEEDS unknown parts: {sorted(needs - DOC_PARTS)}")
        if not assigns <= set(CONTRACT_FIELDS):
            outside = sorted(assigns - set(CONTRACT_FIELDS))
            raise ValueError(f"{module.__name__} ASSIGNS fields outside the contract: {outside}")
    return modules


def declared(module: ModuleType) -> tuple[frozenset[str], frozenset[str]]:
    """(NEEDS, ASSIGNS) of an extractor module; both are required."""
    try:
        return frozenset(module.NEEDS), frozenset(module.ASSIGNS)
    except AttributeError as exc:
        raise ValueError(f"{module.__name__} must declare NEEDS and ASSIGNS") from exc


def module_kinds(module: ModuleType) -> tuple[str, ...]:
    return tuple(getattr(module, "KINDS", None) or (module.KIND,))


def run_extractors(doc: DocContext, modules: list[ModuleType] | None = None) -> list[Fact]:
    """All facts of a document, with provenance filled in and stable ids."""
    modules = modules if modules is not None else load_extractors()
    facts: list[Fact] = []
    allowed = {module: PROVENANCE | declared(module)[1] for module in modules}
    for sentence in doc.sentences:
        for module in modules:
            for fact in module.extract(sentence, doc):
                _check_assigns(fact, module, allowed[module])
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


def _check_assigns(fact: Fact, module: ModuleType, allowed: frozenset[str]) -> None:
    filled = {name for name, default in _DEFAULTS.items() if getattr(fact, name) != default}
    extra = filled - allowed - {"extractor", "extractor_version"}
    if extra:
        raise ValueError(f"{module.__name__} filled {sorted(extra)}, which its ASSIGNS does not declare")


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
