"""A promise is linked to the later letter that delivers it, on real chains of ../shared: a Den Haag
tussenbericht and the motie's afdoeningsbrief, Amsterdam's letters on the Erotisch Centrum (a
voorkeurslocatie promised in 2021 and presented in February 2023, a definitieve locatie promised then
and proposed in December 2023), and a letter that delivers what it recalls was promised elsewhere.
A sentence in which a letter only says what it delivers is evidence for an earlier promise, never a
promise fulfilled by its own letter.
"""
# ruff: noqa: E501  (real sentences read better unwrapped)

from __future__ import annotations

import pytest

from raadsbrieven.model import Fact
from raadsbrieven.registers.delivery import LetterContext, reported_in_month
from raadsbrieven.registers.register import toezeggingen_register
from tests.conftest import shared_path

TUSSEN = "denhaag_raadsbrief_2025-03-05_tussenbericht-motie-hoogbegaafdheid.pdf"
AFDOENING = "denhaag_raadsbrief_2025-05-27_afdoening-motie-hoogbegaafdheid.pdf"
DH = [
    "denhaag_motie_2025-01-23_veranker-hoogbegaafdheid.pdf",
    "denhaag_besluitenlijst_2025-01-23_raad.pdf",
    TUSSEN,
    AFDOENING,
]
EC_2021 = "ams_rib_2021-10-12_voortgang_verkenning_EC.txt"
EC_2023_02 = "ams_rib_2023-02-14_uitkomsten_locatieonderzoek_EC.txt"
EC_2023_12 = "ams_rib_2023-12-18_locatie_erotisch_centrum.txt"
FIETS = "ams_rib_2024-01-16_verkeersveiligheid_fiets.txt"


@pytest.fixture(scope="module")
def chains(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    from raadsbrieven.pipeline import ingest
    from raadsbrieven.registers import register_of
    from raadsbrieven.store import Store

    paths = [shared_path("letters-more/" + n) for n in DH]
    paths += [shared_path("letters-extra/" + n) for n in (EC_2021, EC_2023_02, EC_2023_12, FIETS)]
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('fulfilment') / 'chains.db'}")
    report = ingest(paths, store, embed=False, link=False)
    assert not report.failed, [o.message for o in report.failed]
    entries = register_of(store, "2025-12-01")
    store.close()
    return entries


def made_in(entries, doc: str, words: str):  # noqa: ANN001, ANN201
    found = [e for e in entries if e.made_in["doc"] == doc and words in e.made_in["sentence"]]
    assert len(found) == 1, [(e.made_in["doc"], e.made_in["sentence"][:80]) for e in entries]
    return found[0]


def test_the_tussenbericht_promise_is_settled_by_the_afdoeningsbrief(chains) -> None:  # noqa: ANN001
    entry = made_in(chains, TUSSEN, "af te doen")
    assert (entry.status, entry.deadline, entry.on_time) == ("afgedaan", "2025-05-31", True)
    assert entry.fulfilled_by.doc == AFDOENING and entry.fulfilled_by.basis == "motie"
    assert "hoogbegaafdheid" in entry.fulfilled_by.sentence


def test_what_a_letter_says_it_delivers_is_no_promise_of_its_own(chains) -> None:  # noqa: ANN001
    own = [e for e in chains if e.made_in["doc"] == AFDOENING]
    assert own == [], [e.made_in["sentence"] for e in own]


def test_amsterdam_the_voorkeurslocatie_is_delivered_in_february_2023(chains) -> None:  # noqa: ANN001
    promise = made_in(chains, EC_2021, "voorkeurslocatie zal")
    assert (promise.status, promise.fulfilled_by.doc) == ("afgedaan", EC_2023_02)
    assert (
        "voorkeurslocaties" in promise.fulfilled_by.sentence
    )  # the December letter: "in februari ... voorgelegd"
    criteria = made_in(chains, EC_2021, "Eind 2021 legt het college de locatiecriteria")
    assert criteria.fulfilled_by is None and criteria.status == "verlopen"


def test_amsterdam_the_definitieve_locatie_is_proposed_in_december_2023(chains) -> None:  # noqa: ANN001
    promise = made_in(chains, EC_2023_02, "definitieve locatiekeuze")
    assert (promise.status, promise.fulfilled_by.doc) == ("afgedaan", EC_2023_12)
    assert promise.fulfilled_by.basis == "reference"  # the December letter names the February one


def test_a_promise_made_in_a_debate_is_delivered_by_the_letter_that_recalls_it(chains) -> None:  # noqa: ANN001
    promise = made_in(chains, EC_2021, "marktconsultatie")
    assert (promise.status, promise.fulfilled_by.doc, promise.fulfilled_by.basis) == (
        "afgedaan",
        EC_2021,
        "recalled",
    )


def tz(doc: str, day: str, sentence: str, status: str = "made", deadline: str | None = None) -> Fact:
    return Fact(kind="toezegging", text=sentence[:10], start=400, end=410, sentence=sentence, doc=doc,
                doc_date=day, page=1, status=status, deadline=deadline, who="college", what=sentence)  # fmt: skip


def test_two_tussenberichten_promise_two_afdoeningen() -> None:
    a = tz(
        "tussen-a.pdf",
        "2025-03-27",
        "Het college verwacht de motie uiterlijk in Q2 2025 af te kunnen doen.",
        deadline="2025-Q2",
    )
    b = tz(
        "tussen-b.pdf",
        "2025-07-24",
        "Wij verwachten de motie uiterlijk 14 oktober 2025 af te kunnen doen.",
        deadline="2025-10-14",
    )
    done = tz(
        "afdoening-a.pdf",
        "2025-05-06",
        "Hierbij informeert het college de raad over de afdoening van de motie.",
        status="being_fulfilled",
    )
    context = LetterContext(
        afdoening={
            "tussen-a.pdf": [("afdoening-a.pdf", "2025-05-06", "Afdoening motie: ‘Seniorenwoningen’", 1)]
        }
    )
    entries = toezeggingen_register([a, b, done], today="2025-12-01", context=context)
    assert len(entries) == 2  # the afdoening sentence is no promise; the two tussenberichten are two
    by_doc = {e.made_in["doc"]: e for e in entries}
    assert (
        by_doc["tussen-a.pdf"].fulfilled_by.doc == "afdoening-a.pdf"
        and by_doc["tussen-a.pdf"].on_time is True
    )
    assert (by_doc["tussen-b.pdf"].status, by_doc["tussen-b.pdf"].fulfilled_by) == ("verlopen", None)


def test_in_februari_is_the_letter_of_february_that_the_later_letter_refers_to() -> None:
    row = {
        "doc": "dec.txt",
        "text": "Na uitgebreid onderzoek heeft het college u in februari drie voorkeurslocaties voor het EC voorgelegd.",
    }
    dates = {
        "dec.txt": "2023-12-18",
        "feb.txt": "2023-02-14",
        "feb-oud.txt": "2022-02-01",
        "okt.txt": "2021-10-12",
    }
    pairs = {("dec.txt", "feb.txt"), ("dec.txt", "feb-oud.txt"), ("dec.txt", "okt.txt")}
    assert reported_in_month(row, dates, pairs) == ["feb.txt"]  # the latest February it refers to
    assert reported_in_month(row, dates, {("dec.txt", "okt.txt")}) == []
    plain = {"doc": "dec.txt", "text": "In februari start de bouw van het centrum."}
    assert reported_in_month(plain, dates, pairs) == []  # no delivery reported
    past = {"doc": "dec.txt", "text": "In februari informeerde het college u over drie voorkeurslocaties."}
    assert reported_in_month(past, dates, pairs) == ["feb.txt"]  # the simple past reports it too
    ahead = {"doc": "dec.txt", "text": "In februari informeren wij u over de definitieve locatie."}
    assert reported_in_month(ahead, dates, pairs) == []


def test_a_letter_titled_as_a_delivery_settles_what_it_recalls_was_promised(chains) -> None:  # noqa: ANN001
    # "Afgeronde onderzoeken verkeersveiligheid en fiets": "Deze onderzoeken zijn eerder ook aan de
    # commissie MOW toegezegd" -- the letter sends them; its own new promise stays open
    sent = made_in(chains, FIETS, "aan de commissie MOW toegezegd")
    assert (sent.status, sent.fulfilled_by.doc, sent.fulfilled_by.basis) == ("afgedaan", FIETS, "recalled")
    ahead = made_in(chains, FIETS, "Uiteraard zal ik u hierover informeren")
    assert ahead.fulfilled_by is None


def test_the_voordracht_of_a_day_is_not_the_letter_of_that_day() -> None:
    promise = tz(
        "rib.txt",
        "2021-10-12",
        "Eind 2021 legt het college de locatiecriteria aan de raad voor.",
        deadline="2021-12",
    )

    def besluit(reference: str) -> list:
        sentence = f"Gezien de {reference} over de locatiecriteria voor het erotisch centrum."
        ref = Fact(kind="letter_ref", text=reference, start=9, end=9 + len(reference), doc="besluit.txt",
                   doc_date="2021-11-10", sentence=sentence, date="2021-10-12")  # fmt: skip
        letters = [
            {"name": "rib.txt", "date": "2021-10-12", "title": "Voortgang verkenning", "doc_type": "raadsinformatiebrief"},
            {"name": "besluit.txt", "date": "2021-11-10", "title": "Vaststellen locatiecriteria", "doc_type": "raadsbesluit"},
        ]  # fmt: skip
        (entry,) = toezeggingen_register([promise, ref], today="2022-01-01", letters=letters)
        return [(x.doc, x.basis) for x in entry.links]

    assert besluit("raadsinformatiebrief van 12 oktober 2021") == [("besluit.txt", "reference")]
    assert besluit("voordracht van burgemeester en wethouders van 12 oktober 2021") == []


@pytest.mark.parametrize(
    "sentence, says_it_delivers",
    [
        # EC_2023_02 reports what the October 2021 letter delivered: that letter settled the promise
        (
            "In de raadsbrief Voortgang Verkenning Ontwikkeling Erotisch Centrum (12 oktober 2021) informeerde het college uw raad over de resultaten van de marktconsultatie.",
            False,
        ),
        ("Met de brief van 3 maart hebben wij u geïnformeerd over de uitkomsten van de enquête.", False),
        ("Hierbij sturen wij u de evaluatie, zoals aangekondigd in onze brief van 3 maart.", True),
        ("U ontvangt hierbij de uitkomsten van de marktconsultatie.", True),
        ("De evaluatie van de blauwe zone is afgerond en de resultaten staan in de bijlage.", True),
    ],
)
def test_a_report_of_an_earlier_letter_is_not_a_delivery(sentence: str, says_it_delivers: bool) -> None:
    from raadsbrieven.registers.fulfilment import delivers

    assert delivers(sentence) is says_it_delivers
