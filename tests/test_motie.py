"""Moties and amendementen: number, title, party, status, and moties that are not the council's."""
# ruff: noqa: E501  (tables of real sentences read better unwrapped)

import pytest
from raadsbrieven.extractors import motie

from raadsbrieven.ingest.describe import doc_context
from raadsbrieven.model import DocContext, Sentence
from tests._factdoc import extract_checked


def make_doc(*sentences: str, head: str = "Geachte leden van de raad,") -> DocContext:
    text, spans = head + "\n\n", []
    for s in sentences:
        spans.append((len(text), len(text) + len(s)))
        text += s + " "
    doc = doc_context("test.txt", text, "2025-05-01", None, [])
    doc.sentences = [Sentence(text=text[a:b], start=a, end=b, index=i) for i, (a, b) in enumerate(spans)]
    return doc


def facts_in(doc: DocContext, index: int = 0):
    return extract_checked(motie, doc.sentences[index], doc)


@pytest.mark.parametrize(
    "sentence, kind, number, title, status",
    [
        ("In de onlangs aangenomen motie ‘Meer zicht op ongelijk investeren voor gelijke kansen’ (M100) wordt het "
         "college gevraagd om duidelijk te maken hoe het uitgangspunt wordt toegepast.",
         "motie", "M100", "Meer zicht op ongelijk investeren voor gelijke kansen", "aangenomen"),
        ("Ook de motie ‘Geef richting aan de reserve’ (M101) vroeg om duidelijkheid te geven over het "
         "afwegingskader.", "motie", "M101", "Geef richting aan de reserve", None),
        ("In het coalitieakkoord en in het amendement ‘Beter voorkomen dan genezen’ is de opdracht opgenomen.",
         "amendement", None, "Beter voorkomen dan genezen", None),
        ("De motie 2023/45 is door de raad verworpen.", "motie", "2023/45", None, "verworpen"),
        ("Met deze brief geven we uitvoering aan motie 12.", "motie", "12", None, None),
        ("De motie \"Fietsen zonder zorgen\" (M23) is ingetrokken.", "motie", "M23", "Fietsen zonder zorgen",
         "ingetrokken"),
        ("De fractie van de ChristenUnie dient een amendement (A8.1) in inhoudende een nieuw artikel.",
         "amendement", "A8.1", None, None),
        ("Dit agendapunt betreft de afdoening motie 1010 en de evaluatie van het beleidskader Buitenreclame.",
         "motie", "1010", None, None),
        ("16. Motie met betrekking tot de herverdeling van taken onder de wethouders.", "motie", None,
         "de herverdeling van taken onder de wethouders", None),
    ],
)  # fmt: skip
def test_moties(sentence, kind, number, title, status):
    (fact,) = facts_in(make_doc(sentence))
    assert (fact.kind, fact.number, fact.title, fact.status) == (kind, number, title, status)


def test_party_prefix():
    (fact,) = facts_in(
        make_doc("Dit is in lijn met de VVD-motie die hierover is aangenomen bij de behandeling.")
    )
    assert (fact.text, fact.who, fact.status) == ("VVD-motie", "VVD", "aangenomen")


def test_several_numbers():
    facts = facts_in(make_doc("De moties M12 en M13 zijn aangehouden."))
    assert [f.number for f in facts] == ["M12", "M13"]
    assert {f.status for f in facts} == {"aangehouden"}


def test_status_from_a_following_sentence():
    doc = make_doc(
        "In de recente motie ‘Gemeente nu aan zet door financiële geste van het Rijk voor jeugdzorg’ (M194) "
        "vraagt de raad om toe te lichten wat de consequenties zijn van deze extra middelen.",
        "De motie is uiteindelijk ingetrokken, maar we geven hierover wel graag het volgende mee.",
    )
    (fact,) = facts_in(doc)
    assert (fact.number, fact.status) == ("M194", "ingetrokken")
    assert facts_in(doc, 1) == []  # the anaphor itself is no new motie


def test_amendement_status_later_in_a_decision_list():
    doc = make_doc(
        "De fracties van D66 en het CDA dienen een amendement (A9.1) in inhoudende twee beslispunten.",
        "Wethouder Wagner zegt toe dat de raad een voorstel tegemoet kan zien.",
        "Naar aanleiding van de toezegging van wethouder Wagner besluit de fractie van D66 het amendement aan te "
        "houden.",
        head="Besluitenlijst raadsvergadering 29 juni 2015",
    )
    (fact,) = facts_in(doc)
    assert (fact.number, fact.status) == ("A9.1", "aangehouden")


def test_motie_heading_followed_by_a_council_decision():
    doc = make_doc(
        "16. Motie met betrekking tot de herverdeling van taken onder de wethouders.",
        "De raad besluit in meerderheid (16 stemmen voor en 14 stemmen tegen) er bij het college op aan te dringen "
        "dat de taken worden herverdeeld.",
        head="Besluitenlijst raadsvergadering 29 juni 2015",
    )
    (fact,) = facts_in(doc)
    assert fact.status == "aangenomen"


def test_submitted_by_a_fraction():
    (fact,) = facts_in(make_doc("De fractie van D66 dient een amendement in bij agendapunt 9."))
    assert fact.kind == "amendement"


def test_motie_document_header():
    doc = make_doc(
        "Datum raadsvergadering 2 december 2021 Ingekomen onder nummer 836 Status Aangenomen",
        "Onderwerp Motie van de leden Ernsting en Vroege inzake handhaving ‘hack-bikes’",
        head="Gemeente Amsterdam\nMotie",
    )
    (fact,) = facts_in(doc, 1)
    assert (fact.number, fact.status, fact.who) == ("836", "aangenomen", "Ernsting en Vroege")
    assert fact.title == "handhaving ‘hack-bikes’"


@pytest.mark.parametrize(
    "sentences",
    [
        ("De motie draagt het college op om extra aandacht te hebben voor de sociale basis.",),
        ("In lijn met de motie zullen wij uw raad informeren.",),
        (
            "In 2021 is hierover een motie aangenomen waarin de regering verzocht wordt het opvoeren te verbieden.",
        ),
    ],
)
def test_an_unnamed_motie_is_no_fact(sentences):
    doc = make_doc(*sentences)
    assert facts_in(doc, len(sentences) - 1) == []


def test_a_kamer_motie_named_in_a_council_letter_counts():
    """The griffie follows national moties too: named by member, they are moties of the letter."""
    (fact,) = facts_in(
        make_doc(
            "Door de Tweede Kamer is de motie Geurts aangenomen waarmee de regering wordt verzocht dit te regelen."
        )
    )
    assert (fact.text, fact.who, fact.status) == ("motie Geurts", "Geurts", "aangenomen")
    doc = make_doc(
        "De Tweede Kamer sprak zich hierover uit.", "Motie van het lid Geurts over het opvoeren van fietsen."
    )
    (fact,) = facts_in(doc, 1)
    assert (fact.who, fact.title) == ("Geurts", "het opvoeren van fietsen")


def test_of_the_own_council_without_name():
    (fact,) = facts_in(
        make_doc("Haven-Stad is toegevoegd n.a.v. een motie van uw raad waarin gevraagd werd dit.")
    )
    assert fact.kind == "motie"


def test_tweede_kamer_motie_counts_in_a_kamerstuk():
    doc = make_doc(
        "Op 9 december 2014 heeft uw Kamer een motie-Taverne aangenomen.",
        head="Tweede Kamer der Staten-Generaal\nVergaderjaar 2014–2015",
    )
    (fact,) = facts_in(doc)
    assert (fact.who, fact.status) == ("Taverne", "aangenomen")


def test_voor_kennisgeving_aangenomen_is_no_status():
    assert motie.status_in("motie 1010. Voor kennisgeving aangenomen", near=0) is None
