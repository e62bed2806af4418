"""Sentence boundaries on Dutch text: abbreviations, jl., brackets, headings, bullets; offsets exact."""

from __future__ import annotations

import pytest

from raadsbrieven.ingest.clean import clean
from raadsbrieven.ingest.read import read_bytes
from raadsbrieven.ingest.segment import segment


def sentences_of(text: str) -> list[str]:
    cleaned = clean(read_bytes(text.encode("utf-8"), "t.txt"))
    found = segment(cleaned)
    for s in found:
        assert cleaned.text[s.start : s.end] == s.text
    return [s.text for s in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "We zien o.a. bij jongeren een toename. Dat is zorgelijk.",
            ["We zien o.a. bij jongeren een toename.", "Dat is zorgelijk."],
        ),
        (
            "De wachttijd is ca. 12 weken m.b.t. basishulp. Ook dat is te lang.",
            ["De wachttijd is ca. 12 weken m.b.t. basishulp.", "Ook dat is te lang."],
        ),
        (
            "We schreven u in de brief van 19 januari jl. Deze situatie vinden we zorgelijk.",
            ["We schreven u in de brief van 19 januari jl.", "Deze situatie vinden we zorgelijk."],
        ),
        (
            "Het gaat om 8 gezinnen (zie bijlage 2). Daarnaast wachten er 12.",
            ["Het gaat om 8 gezinnen (zie bijlage 2).", "Daarnaast wachten er 12."],
        ),
        (
            "Mw. Jansen en dhr. De Vries waren erbij. Nr. 5 ook.",
            ["Mw. Jansen en dhr. De Vries waren erbij.", "Nr. 5 ook."],
        ),
    ],
)
def test_sentence_boundaries(text: str, expected: list[str]) -> None:
    assert sentences_of(text) == expected


def test_headings_and_bullets_are_their_own_sentences() -> None:
    text = (
        "Huidige situatie m.b.t. wachttijden\n"
        "Lokalis en KOOS zien de impact van corona terug in de zorgvraag.\n\n"
        "Samenvatting\n"
        "• We hervormen omdat het nodig is\n"
        "• We gaan nog beter samenwerken\n"
    )
    got = sentences_of(text)
    assert got == [
        "Huidige situatie m.b.t. wachttijden",
        "Lokalis en KOOS zien de impact van corona terug in de zorgvraag.",
        "Samenvatting",
        "• We hervormen omdat het nodig is",
        "• We gaan nog beter samenwerken",
    ]


def test_heading_travels_with_its_sentences() -> None:
    cleaned = clean(
        read_bytes(b"KOOS Utrecht\nIn alle wijken start 32% van de zorg binnen 4 weken.\n", "t.txt")
    )
    last = segment(cleaned)[-1]
    assert last.heading == "KOOS Utrecht"
    assert last.page is None  # text files have no pages
