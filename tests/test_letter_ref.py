"""References to other letters: date (ISO, pointing back), kenmerk, title."""
# ruff: noqa: E501  (tables of real sentences read better unwrapped)

import pytest
from raadsbrieven.extractors import letter_ref

from raadsbrieven.ingest.describe import doc_context
from raadsbrieven.model import Sentence
from tests._factdoc import extract_checked


def refs(sentence: str, date: str | None = "2021-02-05"):
    text = "Geachte leden van de raad,\n\n" + sentence
    doc = doc_context("test.txt", text, date, None, [])
    start = text.index(sentence)
    doc.sentences = [Sentence(text=sentence, start=start, end=start + len(sentence))]
    return extract_checked(letter_ref, doc.sentences[0], doc)


@pytest.mark.parametrize(
    "sentence, letter_date, expected",
    [
        ("In navolging op de raadsbrief van 9 maart 2020 informeerden wij u op 3 november 2020 over de stand van "
         "zaken.", "2021-02-05", [("raadsbrief van 9 maart 2020", "2020-03-09"),
                                  ("informeerden wij u op 3 november 2020", "2020-11-03")]),
        ("We hebben u hier ook over geïnformeerd in de brief van 19 januari jl.", "2021-02-05",
         [("brief van 19 januari jl.", "2021-01-19")]),
        ("We hebben u hierover geïnformeerd in de brief van 19 december jl.", "2021-02-05",
         [("brief van 19 december jl.", "2020-12-19")]),
        ("Hierover is het AEF rapport verschenen waarover u in een eerdere brief op 18 december 2020 bent "
         "geïnformeerd.", "2021-02-05", [("brief op 18 december 2020", "2020-12-18")]),
        ("Ten tijde van de vorige raadsbrief in november betrof dit nog 25% tot 40%.", "2021-02-05",
         [("raadsbrief in november", "2020-11")]),
        ("Zie de raadsbrief d.d. 3 november 2020.", "2021-10-12", [("raadsbrief d.d. 3 november 2020", "2020-11-03")]),
        ("In februari 2020 heeft het college de raad geïnformeerd over de basale keuzes.", "2023-02-14",
         [("februari 2020 heeft het college de raad geïnformeerd", "2020-02")]),
        ("In het najaar van 2024 hebben we u met een raadsbrief en informatiebijeenkomst geïnformeerd over de "
         "voorbereidingen.", "2025-05-01", [("najaar van 2024 hebben we u met een raadsbrief en informatiebijeenkomst "
                                              "geïnformeerd", "2024")]),
        ("Eind maart werd het landelijke toekomstscenario jeugd- en gezinsbescherming naar de Tweede Kamer "
         "gestuurd.", "2021-07-15", [("Eind maart werd het landelijke toekomstscenario jeugd- en "
                                      "gezinsbescherming naar de Tweede Kamer gestuurd", "2021-03")]),
    ],
)  # fmt: skip
def test_dated_references(sentence, letter_date, expected):
    assert [(f.text, f.date) for f in refs(sentence, letter_date)] == expected


def test_kenmerk_and_title():
    """A letter sent together with this one has its kenmerk, its title and this letter's date."""
    (fact,) = refs(
        "Hierover is meer te lezen in de brief Maatregel versneld vernieuwen (kenmerk: 8407467) die tegelijkertijd "
        "met deze brief wordt aangeboden."
    )
    assert (fact.text, fact.kenmerk, fact.title, fact.date) == (
        "brief Maatregel versneld vernieuwen (kenmerk: 8407467",
        "8407467",
        "Maatregel versneld vernieuwen",
        "2021-02-05",
    )


def test_date_and_kenmerk_in_one_reference():
    (fact,) = refs(
        "De profielschetsen vast te stellen, conform de brief van Meerwerf d.d. 1 mei 2015, kenmerk 442/BEST-B.",
        "2015-06-29",
    )
    assert (fact.text, fact.date, fact.kenmerk) == (
        "brief van Meerwerf d.d. 1 mei 2015, kenmerk 442/BEST-B",
        "2015-05-01",
        "442/BEST-B",
    )


def test_quoted_title_after_the_date():
    (fact,) = refs(
        "Zie raadsbrief van 13 juni 2023 ‘Beantwoording vragen n.a.v. locatieonderzoek Erotisch Centrum’.",
        "2023-12-18",
    )
    assert (fact.date, fact.title) == (
        "2023-06-13",
        "Beantwoording vragen n.a.v. locatieonderzoek Erotisch Centrum",
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "In deze brief informeren wij u over de stand van zaken.",
        "Dit staat ook in de Voorjaarsnota 2025 toegelicht, die parallel aan deze raadsbrief verzonden is.",
        "Hier geven we uitvoering aan (zie hier de raadsbrief).",
        "De Tweede Kamer wordt geïnformeerd over de uitkomsten hiervan vóór de zomer van 2023.",
        "Sinds 1 januari 2020 bieden nieuwe aanbieders de specialistische jeugdhulp.",
        "Ons kenmerk WOB23-01486",
    ],
)
def test_not_a_reference(sentence):
    assert refs(sentence, "2023-03-22") == []
