"""Toezeggingen: numbered references, the classifier's decisions on letter sentences, and look-alikes.

The state of a numbered toezegging is the classifier's; "Op toezegging 877 komen we … terug" is a new
promise about it (made), as GUIDE.md reads "komen … terug". Deadlines follow GUIDE.md: "voor de
zomer" -> July, "voor het kerstreces" -> December. New sentences per miss type of issue #12:
tests/test_toezegging_cases.py.
"""
# ruff: noqa: E501  (tables of real sentences read better unwrapped)

import pytest
from raadsbrieven.extractors import toezegging

from raadsbrieven.ingest.describe import doc_context
from raadsbrieven.model import DocContext, Sentence
from tests._factdoc import extract_checked


def make_doc(
    *sentences: str, date: str | None = "2025-05-01", head: str = "Geachte leden van de raad,"
) -> DocContext:
    text, spans = head + "\n\n", []
    for s in sentences:
        spans.append((len(text), len(text) + len(s)))
        text += s + " "
    doc = doc_context("test.txt", text, date, None, [])
    doc.sentences = [Sentence(text=text[a:b], start=a, end=b, index=i) for i, (a, b) in enumerate(spans)]
    return doc


def facts_of(sentence: str, **kw):
    doc = make_doc(sentence, **kw)
    return extract_checked(toezegging, doc.sentences[0], doc)


@pytest.mark.parametrize(
    "sentence, numbers, status",
    [
        (
            "Deze technische sessie staat gepland op 24 juni en in deze brief leiden we dit thema alvast in "
            "(toezegging 926).",
            ["926"],
            "being_fulfilled",
        ),
        ("In bijlage 2 staat dit nader toegelicht, mede naar aanleiding van toezegging nummer 862.", ["862"],
         "being_fulfilled"),
        ("Hiermee doen we de toezeggingen 862 en 863 af.", ["862", "863"], "being_fulfilled"),
        ("Op toezegging 877 komen we in een volgende brief terug.", ["877"], "made"),
        ("Ook is toegezegd (toezegging 863) om toe te lichten wat onze plannen zijn.", ["863"], "being_fulfilled"),
    ],
)  # fmt: skip
def test_numbered(sentence, numbers, status):
    facts = facts_of(sentence)
    assert [f.number for f in facts] == numbers
    assert {f.status for f in facts} == {status}


def test_numbered_who_and_what():
    (fact,) = facts_of(
        "Wethouder de Vries heeft toegezegd u te informeren over het rendement van collectief werken "
        "(toezegging nummer 862)."
    )
    assert fact.who == "wethouder De Vries"
    assert fact.what.startswith("te informeren over het rendement van collectief werken")


@pytest.mark.parametrize(
    "sentence, status, who",
    [
        ("Eerder hebben we toegezegd om in een technische sessie in te gaan op wat de ondergrens is.",
         "being_fulfilled", "college"),
        ("We hebben aan uw raad toegezegd om nader in te gaan op de transitiereserve.", "being_fulfilled", "college"),
        ("Met deze brief informeren we u over de stand van zaken, zoals toegezegd in het debat van de commissie "
         "JWCS op 30 januari jl.", "being_fulfilled", "college"),
        ("Wethouder De Vries heeft toegezegd terug te komen op de participatie van ervaringsdeskundigen.",
         "being_fulfilled", "wethouder De Vries"),
        ("In deel twee blikken we vooruit naar de toegezegde technische sessie.", "reference", "college"),
        ("Bij de voortgangsrapportage dit voorjaar zullen wij u opnieuw een update geven over de jeugdhulp.",
         "made", "college"),
        ("Daarnaast bieden we raadsleden een expertmeeting aan over de transformatie.", "made", "college"),
        ("In lijn met de motie zullen wij uw raad ook op de vaste momenten in de begrotingscyclus informeren.",
         "made", "college"),
        ("Uiteraard zal ik u hierover informeren.", "made", "college"),
        ("Zodra de resultaten van de aanbesteding bekend zijn, informeren wij uw raad hierover.", "made", "college"),
    ],
)  # fmt: skip
def test_unnumbered(sentence, status, who):
    (fact,) = facts_of(sentence)
    assert fact.number is None
    assert fact.status == status
    assert fact.who == who


def test_deadline_is_normalised_against_the_letter_date():
    (fact,) = facts_of(
        "We voorzien nu dat we in de tweede bestuursrapportage (komend najaar) de eerste concrete voorstellen "
        "aan uw raad kunnen rapporteren."
    )
    assert fact.deadline == "2025-Q4"
    (fact,) = facts_of("Wij zullen u voor de zomer informeren over de evaluatie.", date="2024-02-01")
    assert fact.deadline == "2024-07"


def test_a_past_document_year_is_not_a_deadline():
    (fact,) = facts_of(
        "We hebben aan uw raad toegezegd om nader in te gaan op de transitiereserve die bij de "
        "programmabegroting 2025 is ingesteld."
    )
    assert fact.deadline is None


@pytest.mark.parametrize(
    "sentence",
    [
        "We gaan inzetten op het verkorten van de wachttijden in de wijken.",
        "De partners zeggen toe dat zij de wachtlijst voor de zomer hebben weggewerkt.",
        "De aanbieders hebben toegezegd extra personeel in te zetten.",
        "In deze brief informeren wij u over de stand van zaken met betrekking tot het tijdig bieden van jeugdhulp.",
        "In de bijlage gaan we in op de cijfermatige ontwikkelingen rond Jeugd en Wmo en op een aantal toezeggingen.",
        "Als u van tevoren vragen heeft, horen wij deze graag uiterlijk 2 juni.",
        "Het college van burgemeester en wethouders opdracht te geven de raad uiterlijk 1 oktober 2015 een plan "
        "van aanpak aan te bieden.",
        "We zien dat de druk op de basiszorg de komende periode verder toeneemt.",
    ],
)
def test_not_a_commitment(sentence):
    assert facts_of(sentence) == []


# Meeting records: the commitment is made at the meeting ("zegt toe", "heeft toegezegd").
DENHELDER = "Besluitenlijst raadsvergadering 29 juni 2015 aanvang 17.00 uur"
UITSLAGEN = "Raadscommissie MOW\nUitslagenlijst, 28 september 2023"


@pytest.mark.parametrize(
    "head, date, sentence, status, who, deadline",
    [
        (DENHELDER, "2015-06-29",
         "Wethouder Wagner zegt toe dat de raad een voorstel tegemoet kan zien voor modernisering van het "
         "planning- en control-instrumentarium, inclusief een app.", "made", "wethouder Wagner", None),
        (DENHELDER, "2015-06-29",
         "Burgemeester Schuiling geeft aan dat wordt voorgesteld in te stemmen met de begroting 2016 en zegt toe "
         "de raad met een raadsinformatiebrief te informeren na de discussie in het algemeen bestuur.",
         "made", "burgemeester Schuiling", None),
        (DENHELDER, "2015-06-29",
         "Naar aanleiding van de toezegging van wethouder Wagner besluit de fractie van D66 het amendement aan "
         "te houden.", "reference", "wethouder Wagner", None),
        (UITSLAGEN, "2023-09-28",
         "Wethouder Van der Horst heeft toegezegd in de eerste helft van 2024 terug te komen op de vraag van het "
         "lid De Vos (PvdD).", "made", "wethouder Van der Horst", "2024-Q2"),
        (UITSLAGEN, "2023-09-28",
         "Wethouder Van der Horst heeft een technische sessie aangeboden waarin met de raad gesproken kan worden "
         "over buitenreclame.", "made", "wethouder Van der Horst", None),
        (UITSLAGEN, "2023-09-28",
         "De wethouder heeft aangegeven dat er voor het kerstreces een update over de governance bij Waternet met "
         "de raad gedeeld wordt.", "made", "wethouder", "2023-12"),
    ],
)  # fmt: skip
def test_meeting_records(head, date, sentence, status, who, deadline):
    (fact,) = facts_of(sentence, date=date, head=head)
    assert (fact.status, fact.who, fact.deadline) == (status, who, deadline)
