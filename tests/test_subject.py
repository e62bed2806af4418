"""`subject`: what a value measures, as a short Dutch phrase (hand-written sentences, not the dev set)."""

import pytest
from raadsbrieven.extractors import duration, money, percentage

from raadsbrieven.nl import subject as subject_parser

from ._factdoc import run

MODULES = {"percentage": percentage, "duration": duration, "money": money}


def subject(kind: str, sentence: str, index: int = 0, **kw) -> str | None:
    return run(MODULES[kind], sentence, **kw)[index].subject


@pytest.mark.parametrize(
    "kind, sentence, index, expected",
    [
        # "X% van de Y <predicate>": the group and what is measured of it
        ("percentage", "Dit jaar heeft 72% van de huurders een nieuwe keuken gekregen.", 0,
         "huurders nieuwe keuken gekregen"),
        ("percentage", "Ruim 40 procent van de aanvragen wordt binnen twee weken afgehandeld.", 0,
         "aanvragen binnen twee weken afgehandeld"),
        # "bij X% van de Y werd Z"
        ("percentage", "Bij 64 procent van de leerlingen werd het verzuim binnen een maand gemeld.", 0,
         "leerlingen verzuim binnen een maand gemeld"),
        # "in 2019 was dat 85%": back to what the clause before measured, and the next value too
        ("percentage", "Bijna alle bewoners die zich melden, krijgen binnen 3 dagen een huisbezoek "
         "(in 2022 was dat 70%, in 2023 75%).", 0, "bewoners krijgen binnen 3 dagen huisbezoek"),
        ("percentage", "Bijna alle bewoners die zich melden, krijgen binnen 3 dagen een huisbezoek "
         "(in 2022 was dat 70%, in 2023 75%).", 1, "bewoners krijgen binnen 3 dagen huisbezoek"),
        # "bij X% was dat binnen N weken": the previous value's subject with the new time limit
        ("percentage", "Bij 70 procent van de klanten startte de hulp binnen twee weken, bij 85 procent "
         "was dat binnen zes weken.", 1, "klanten startte hulp binnen zes weken"),
        # "ten opzichte van 11 procent": the same measure as the value it is compared with
        ("percentage", "In 2023 zegt 31 procent van de jongeren zich eenzaam te voelen, ten opzichte van "
         "24 procent in 2021.", 1, "jongeren eenzaam te voelen"),
        # a generic group: "in 30% van de gevallen" -> the rest of the clause
        ("percentage", "De wachttijd in Overvecht loopt in 30% van de gevallen op tot 16-24 weken.", 0,
         "gevallen waarin wachttijd loopt op tot 16-24 weken"),
        # the noun the value belongs to
        ("percentage", "Sinds januari zien we een stijging van 12% in het aantal meldingen.", 0,
         "stijging in aantal meldingen"),
        ("percentage", "De bezetting van de opvang ligt op 93%.", 0, "bezetting van opvang"),
        # a share in brackets reads on after the bracket
        ("percentage", "Bijna de helft (46%) van de gezinnen ontvangt schuldhulp.", 0,
         "gezinnen ontvangt schuldhulp"),
        # durations: the waiting time, the event after the value, the start after an event
        ("duration", "De wachttijd in Vleuten loopt in 30% van de gevallen op tot 16-24 weken.", 0,
         "wachttijd"),
        ("duration", "De gemiddelde doorlooptijd van een bezwaarschrift is 14 weken.", 0,
         "gemiddelde doorlooptijd van bezwaarschrift"),
        ("duration", "Nieuwe cliënten krijgen binnen 4 weken een eerste gesprek.", 0,
         "nieuwe cliënten krijgen eerste gesprek"),
        ("duration", "Wij bieden binnen 4 weken een eerste gesprek aan.", 0, "bieden eerste gesprek"),
        ("duration", "De begeleiding start gemiddeld 6 weken na de aanmelding.", 0,
         "begeleiding start na aanmelding"),
        ("duration", "Veel gezinnen wachten nu 12 tot 24 weken op specialistische zorg.", 0,
         "gezinnen wachten op specialistische zorg"),
        # money: the noun of the amount
        ("money", "Op dit moment voorzien we een tekort van 4,2 miljoen euro structureel.", 0, "tekort"),
        ("money", "De gemeente ontvangt 30.000 euro subsidie voor de pilot.", 0, "subsidie"),
        ("money", "Het gaat om een taakstelling die oploopt tot 8 miljoen euro in 2027.", 0, "taakstelling"),
        ("money", "De kosten voor de nieuwe brug bedragen circa € 2,5 miljoen.", 0,
         "kosten voor nieuwe brug"),
        ("money", "Het college stelt een bedrag van € 250.000 beschikbaar voor buurthuizen.", 0,
         "bedrag beschikbaar voor buurthuizen"),
    ],
)  # fmt: skip
def test_subject(kind, sentence, index, expected):
    assert subject(kind, sentence, index) == expected


def test_dit_points_back_to_an_earlier_sentence():
    first = "In de meeste wijken start 40% tot 55% van de hulp binnen 4 weken. "
    between = "Het gaat hier om spoedsituaties. "
    fact = run(percentage, "In het voorjaar betrof dit nog 20% tot 30%.", prefix=first + between)[0]
    assert fact.subject == "hulp binnen 4 weken"


@pytest.mark.parametrize(
    "kind, sentence",
    [
        ("percentage", "In 2019 was dat 85%."),  # "dat" with nothing to point back to
        ("percentage", "Dat is 40%."),
        ("duration", "Het duurt 6 weken."),
    ],
)
def test_never_only_stop_words(kind, sentence):
    found = subject(kind, sentence)
    stop = subject_parser._EDGE | subject_parser._stop_words()
    assert found is None or any(w.lower() not in stop for w in found.split())


def test_old_crude_subjects_are_gone():
    """The words before the value ("in was dat") are no subject."""
    sentence = "Bijna alle gezinnen krijgen binnen 5 dagen een gesprek (in 2019 was dat 85%, in 2020 80%)."
    subjects = [f.subject for f in run(percentage, sentence)]
    assert subjects == ["gezinnen krijgen binnen 5 dagen gesprek"] * 2


def test_periods_and_places_stay_out_of_the_subject():
    fact = run(percentage, "In het eerste kwartaal van 2021 kreeg in Overvecht 78% van de gezinnen hulp.")[0]
    assert (fact.subject, fact.period, fact.place) == ("gezinnen hulp", "2021-Q1", "Overvecht")


def test_subjects_are_short():
    sentence = (
        "Bij 83 procent van de deelnemers aan de cursus die in het najaar werd gegeven door de bibliotheek "
        "en de buurtteams in de wijken van de stad gingen de digitale vaardigheden vooruit."
    )
    assert len(subject("percentage", sentence).split()) <= 10
