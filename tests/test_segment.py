"""Sentence boundaries on Dutch text: abbreviations, jl., brackets, headings, bullets; offsets exact."""

from __future__ import annotations

from pathlib import Path

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
        # a full stop of a party name, unit or amount ends the sentence when a capitalised word follows
        (
            "De motie is ingediend door de PvdA. De VVD stemde tegen.",
            ["De motie is ingediend door de PvdA.", "De VVD stemde tegen."],
        ),
        (
            "Het tekort is € 4,2 mln. De kosten worden gedekt uit de reserve.",
            ["Het tekort is € 4,2 mln.", "De kosten worden gedekt uit de reserve."],
        ),
        (
            "Een gesprek duurt gemiddeld 5 min. De norm is 3 minuten.",
            ["Een gesprek duurt gemiddeld 5 min.", "De norm is 3 minuten."],
        ),
        (
            "Het contract loopt 3 jr. Daarna volgt een evaluatie.",
            ["Het contract loopt 3 jr.", "Daarna volgt een evaluatie."],
        ),
        # ... and not when the sentence goes on, nor after abbreviations that stand before a name or number
        ("Er is € 4,2 mln. beschikbaar voor de wijken.", ["Er is € 4,2 mln. beschikbaar voor de wijken."]),
        ("De wachttijd is min. 5 weken en max. 8 weken.", ["De wachttijd is min. 5 weken en max. 8 weken."]),
        (
            "Wij overleggen o.a. Lokalis en KOOS, t.a.v. Juridisch Bureau, met mw. De Vries.",
            ["Wij overleggen o.a. Lokalis en KOOS, t.a.v. Juridisch Bureau, met mw. De Vries."],
        ),
        (
            "De minister van Economische Zaken, E.D. Wiebes stuurt de brief.",
            ["De minister van Economische Zaken, E.D. Wiebes stuurt de brief."],
        ),
        (
            "Het college wil: a. Verbeteren van de toegang; b. Meer geld.",
            ["Het college wil: a. Verbeteren van de toegang; b. Meer geld."],
        ),
        ("Het pand is ca. 14 m. De opbouw blijft.", ["Het pand is ca. 14 m.", "De opbouw blijft."]),
    ],
)
def test_sentence_boundaries(text: str, expected: list[str]) -> None:
    assert sentences_of(text) == expected


def test_abbreviations_do_not_split_the_corpus_letters_inside_a_name() -> None:
    """Letter 002 (corpus/) names amounts in mln.: its sentences end there, but no sentence of the
    corpus starts right after an abbreviation that stands before a name or number."""
    from raadsbrieven.ingest.read import read_file
    from raadsbrieven.ingest.segment import abbreviations

    from .conftest import CORPUS

    never = abbreviations()[1]
    for path in sorted(CORPUS.glob("*.txt")):
        found = segment(clean(read_file(path)))
        for before, after in zip(found, found[1:], strict=False):
            last = before.text.split()[-1].lower()
            assert last not in never, (path.name, before.text[-60:], after.text[:40])
        if path.name.startswith("002_"):
            texts = [s.text for s in found]
            assert any(t.endswith("12,5 mln.") for t in texts)
            assert any(t.startswith("Het voorlopige budget voor 2016") for t in texts)


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


def test_segmenting_does_not_load_torch_and_torch_still_loads_after() -> None:
    """thinc (under spaCy) imports torch whenever it is installed, ~1.3 s and ~180 MB in every
    process that segments; we hide it while spaCy loads. The sentence-transformers backend imports
    torch afterwards as usual."""
    import importlib.util
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from raadsbrieven.ingest.clean import clean\n"
        "from raadsbrieven.ingest.read import read_file\n"
        "from raadsbrieven.ingest.segment import segment\n"
        "from raadsbrieven.nl.subject import _stop_words\n"
        "from pathlib import Path\n"
        "sentences = segment(clean(read_file(Path(sys.argv[1]))))\n"
        "assert len(sentences) > 50 and 'de' in _stop_words()\n"
        "print('torch' in sys.modules)\n"
        "if sys.argv[2] == 'yes':\n"
        "    import torch\n"
        "    print(torch.tensor([1.0]).sum().item())\n"
    )
    letter = sorted((Path(__file__).resolve().parents[1] / "corpus").glob("*.txt"))[0]
    has_torch = "yes" if importlib.util.find_spec("torch") is not None else "no"
    out = subprocess.run(
        [sys.executable, "-c", script, str(letter), has_torch], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out[0] == "False", "segmenting loaded torch"
    if has_torch == "yes":
        assert out[1] == "1.0"
