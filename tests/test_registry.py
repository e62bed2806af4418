"""The extractor registry reads what each extractor needs and assigns, and holds it to that."""

from __future__ import annotations

import types

import pytest
from raadsbrieven.extractors import DOC_PARTS, load_extractors, run_extractors

from raadsbrieven.model import CONTRACT_FIELDS, Fact
from tests._factdoc import one_sentence


def test_every_extractor_declares_known_needs_and_contract_fields() -> None:
    for module in load_extractors():
        assert set(module.NEEDS) <= DOC_PARTS, module.__name__
        assert set(module.ASSIGNS) <= set(CONTRACT_FIELDS), module.__name__


def _module(assigns: tuple[str, ...], needs: tuple[str, ...] = ("sentences",)) -> types.ModuleType:
    m = types.ModuleType("raadsbrieven.extractors.proef")
    m.KIND, m.VERSION, m.NEEDS, m.ASSIGNS = "percentage", "1", needs, assigns

    def extract(sentence, doc):  # noqa: ANN001, ANN202
        i = sentence.text.index("85%")
        start = sentence.start + i
        return [
            Fact(kind="percentage", text="85%", start=start, end=start + 3, low=85, high=85, org="Lokalis")
        ]

    m.extract = extract
    return m


def test_a_fact_filling_an_undeclared_field_is_named() -> None:
    _, doc = one_sentence("In 2019 kreeg 85% van de gezinnen een gesprek.")
    facts = run_extractors(doc, [_module(("low", "high", "org"))])
    assert facts[0].org == "Lokalis"
    with pytest.raises(ValueError, match=r"proef filled \['org'\]"):
        run_extractors(doc, [_module(("low", "high"))])


def test_an_unknown_need_is_refused_at_load(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "raadsbrieven.extractors.proef", _module(("low",), ("info.weer",)))
    with pytest.raises(ValueError, match="NEEDS unknown parts"):
        load_extractors(["raadsbrieven.extractors.proef"])
