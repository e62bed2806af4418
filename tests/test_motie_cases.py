"""Moties and amendementen named the ways real letters name them (own sentences, written for these tests).

Each case is one of the forms of issue #12: by member ("motie Geurts", "de motie-Taverne"), by a kamerstuk
number, by RIS number in a decision list, the document itself being a motie (Den Haag, Amsterdam, Tweede
Kamer), a Handelingen record, and the negatives.
"""
# ruff: noqa: E501  (tables of letter sentences read better unwrapped)

import pytest
from raadsbrieven.extractors import motie

from raadsbrieven.ingest.describe import doc_context
from raadsbrieven.model import DocContext, Sentence
from tests._factdoc import extract_checked


def make_doc(
    *sentences: str, head: str = "Geachte leden van de raad,", date: str = "2024-03-12"
) -> DocContext:
    text, spans = head + "\n\n", []
    for s in sentences:
        spans.append((len(text), len(text) + len(s)))
        text += s + "\n\n"
    doc = doc_context("case.txt", text, date, None, [])
    doc.sentences = [Sentence(text=text[a:b], start=a, end=b, index=i) for i, (a, b) in enumerate(spans)]
    return doc


def facts(doc: DocContext, index: int = 0):
    return extract_checked(motie, doc.sentences[index], doc)


@pytest.mark.parametrize(
    "sentence, who, status",
    [
        ("Eerder dit jaar nam de Tweede Kamer de motie Bikker aan over de gevolgen van lachgas in het verkeer.", "Bikker", None),
        ("De motie Van der Werf is vorige week met een ruime meerderheid aangenomen.", "Van der Werf", "aangenomen"),
        ("Naar aanleiding van de motie-Omtzigt c.s. heeft het kabinet een verkenning laten uitvoeren.", "Omtzigt c.s.", None),
        ("De amendementen Van Dijk zijn bij de stemmingen verworpen.", "Van Dijk", "verworpen"),
        ("Het lid Kuiken heeft haar amendement op het wetsvoorstel ingetrokken.", "Kuiken", "ingetrokken"),
        ("De motie van de leden Jansen en De Boer is aangehouden tot na het zomerreces.", "Jansen en De Boer", "aangehouden"),
    ],
)  # fmt: skip
def test_named_by_member(sentence, who, status):
    (fact,) = facts(make_doc(sentence))
    assert (fact.who, fact.status) == (who, status)


@pytest.mark.parametrize(
    "sentence, kind, number, title",
    [
        ("In de motie-Hermans c.s. over een snellere aanpak van geluidsoverlast (34 567, nr. 12) wordt de regering verzocht dit te onderzoeken.",
         "motie", "34567-12", "een snellere aanpak van geluidsoverlast"),
        ("Het amendement van het lid Peters (kamerstuk 35100, nr. 8) beoogt de termijn te verlengen.",
         "amendement", "35100-8", None),
        ("De motie op stuk nr. 17 laat ik graag aan het oordeel van de Kamer.", "motie", "17", None),
        ("De motie van de heer Stoffels op stuk nr. 22 ontraad ik.", "motie", "22", None),
        ("Deze appreciatie betreft de motie (36 200-VII, nr. 45) over lokale rekenkamers.", "motie", "36200-VII-45", "lokale rekenkamers"),
        ("Het college heeft de motie ‘Schone lucht rond scholen’ (RIS318822) inmiddels uitgevoerd.",
         "motie", "RIS318822", "Schone lucht rond scholen"),
        ("Met deze brief doen wij de motie Groen licht voor buurtbatterijen (RIS320911) af.",
         "motie", "RIS320911", "Groen licht voor buurtbatterijen"),
        ("Afdoening motie: Meer bankjes in de binnenstad", "motie", None, "Meer bankjes in de binnenstad"),
    ],
)  # fmt: skip
def test_numbered_and_titled(sentence, kind, number, title):
    (fact,) = facts(make_doc(sentence))
    assert (fact.kind, fact.number, fact.title) == (kind, number, title)


def test_two_kamerstuk_amendementen_in_one_bracket():
    (a, b) = facts(
        make_doc(
            "In mei dienden zij twee amendementen in (Kamerstukken II 2021/22, 35 400, nr. 9 en 35 400, nr. 11)."
        )
    )
    assert (a.kind, a.number, b.number) == ("amendement", "35400-9", "35400-11")


def test_decision_list_rows_with_ris_numbers_and_outcomes():
    row = (
        "C Voorstel van het college inzake Parkeervisie 2030 (RIS330100) 330101 Motie C.1 GL Laat bewoners meebeslissen "
        "Aangenomen 330102 Gewijzigde Motie C.2 (VVD) Parkeren voor mantelzorgers Verworpen 330103 Aangehouden Motie C.3 "
        "PvdD Minder asfalt, meer groen - 330104 Amendement C.A CDA Behoud de blauwe zone Aangenomen"
    )
    got = [
        (f.kind, f.number, f.title, f.status, f.who) for f in facts(make_doc(row, head="Besluitenlijst Raad"))
    ]
    assert got == [
        ("motie", "330101", "Laat bewoners meebeslissen", "aangenomen", "GL"),
        ("motie", "330102", "Parkeren voor mantelzorgers", "verworpen", "VVD"),
        ("motie", "330103", "Minder asfalt, meer groen", "aangehouden", "PvdD"),
        ("amendement", "330104", "Behoud de blauwe zone", "aangenomen", "CDA"),
    ]


def test_a_den_haag_motie_document_names_itself():
    doc = make_doc(
        "RIS-nummer: 3 3 0417",
        "Uitslag stemming: aangenomen",
        "Motie: Een buurthuis in elke wijk Indiener: Sanne de Wit, Partij X",
        "De raad van de gemeente Den Haag, in vergadering bijeen op 7 maart 2024, verzoekt het college een plan te maken.",
        head="GEMEENTERAAD\n\nStuknummer: A.2",
    )
    (fact,) = facts(doc, 2)
    assert (fact.number, fact.title, fact.status) == ("330417", "Een buurthuis in elke wijk", "aangenomen")
    assert facts(doc, 3) == []  # its request to the college is no second motie


def test_an_amsterdam_motie_document_names_itself():
    doc = make_doc(
        "Datum raadsvergadering 6 maart 2024",
        "Ingekomen onder nummer 412",
        "Status Verworpen",
        "Onderwerp Motie van het lid Bakker inzake deelscooters op de stoep",
        head="Gemeente Amsterdam Motie",
    )
    (header,) = facts(doc, 1)
    (subject,) = facts(doc, 3)
    assert (header.number, header.status) == ("412", "verworpen")
    assert (subject.number, subject.who, subject.title, subject.status) == (
        "412", "Bakker", "deelscooters op de stoep", "verworpen",
    )  # fmt: skip


def test_a_kamer_motie_document_takes_its_dossier_number():
    doc = make_doc(
        "36 123 Wijziging van de Wet op de lokale lasten",
        "Nr. 14 GEWIJZIGDE MOTIE VAN HET LID DE VRIES C.S. TER VERVANGING VAN DIE GEDRUKT ONDER NR. 9",
        "De Kamer, gehoord de beraadslaging, verzoekt de regering de gemeenten tijdig te informeren, en gaat over tot de orde van de dag.",
        head="Tweede Kamer der Staten-Generaal\n\nVergaderjaar 2023–2024",
        date="2024-02-01",
    )
    own, replaced = facts(doc, 1)
    assert (own.kind, own.number, own.who) == ("motie", "36123-14", "DE VRIES C.S.")
    assert replaced.number == "36123-9"


def test_a_handelingen_record_gives_the_number_afterwards():
    doc = make_doc(
        "Deze motie is voorgesteld door de leden Yilmaz en Smit.",
        "Naar mij blijkt, wordt de indiening ervan voldoende ondersteund.",
        "Zij krijgt nr. 31 (36 410).",
        head="Tweede Kamer\n\nHandelingen",
    )
    (proposed,) = facts(doc, 0)
    (record,) = facts(doc, 2)
    assert (proposed.who, proposed.number) == ("Yilmaz en Smit", "36410-31")
    assert record.number == "36410-31"


def test_a_number_cut_off_by_a_question_mark():
    doc = make_doc(
        "Op 8 februari heeft uw raad de motie ‘Waarom geen zonnepanelen op sporthallen?’",
        "(RIS329876) aangenomen.",
    )
    (fact,) = facts(doc, 1)
    assert (fact.number, fact.title, fact.status) == (
        "RIS329876",
        "Waarom geen zonnepanelen op sporthallen?",
        "aangenomen",
    )


def test_a_tally_is_read():
    doc = make_doc(
        "7. Motie inzake het behoud van de kinderboerderij.",
        "De raad besluit in meerderheid (21 stemmen voor en 12 stemmen tegen) de motie aan te nemen.",
        head="Besluitenlijst raadsvergadering 5 maart 2024",
    )
    (fact,) = facts(doc, 0)
    assert fact.status == "aangenomen"
    assert motie.tally(doc, doc.sentences[0], 0) == (21, 12)


@pytest.mark.parametrize(
    "sentence",
    [
        "De motie vraagt het college om voor de zomer met een voorstel te komen.",
        "Wij zullen in de commissie een motie indienen over dit onderwerp.",
        "Een motie van wantrouwen werd niet ingediend.",
        "De promotie van de campagne loopt tot eind april.",
        "Dit amendement regelt de inwerkingtreding.",
    ],
)
def test_no_motie(sentence):
    assert facts(make_doc(sentence)) == []
