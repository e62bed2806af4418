"""Toezeggingen the old rules missed (issue #12), and their look-alikes, in sentences written for
these tests in the style of the letters: none of them is an annotated or a training sentence (a
test below checks that), so they test what the classifier learned, not what it memorised.
"""
# ruff: noqa: E501  (tables of sentences read better unwrapped)

import json
import re

import pytest
from raadsbrieven.extractors import toezegging, toezegging_model

from raadsbrieven.ingest.describe import doc_context
from raadsbrieven.model import DocContext, Sentence
from tests._factdoc import extract_checked

LETTER = "Aan de gemeenteraad\n\nGeachte leden van de raad,"
KAMER = "Tweede Kamer der Staten-Generaal\nVergaderjaar 2024–2025\n\nBrief van de minister"
BESLUITEN = "Besluitenlijst van de vergadering van de commissie Leefomgeving"
MOTIE = "Motie\n\nDe raad van de gemeente, in vergadering bijeen,"


def make_doc(*sentences: str, date: str | None = "2025-04-15", head: str = LETTER) -> DocContext:
    text, spans = head + "\n\n", []
    for s in sentences:
        spans.append((len(text), len(text) + len(s)))
        text += s + " "
    doc = doc_context("test.txt", text, date, None, [])
    doc.sentences = [Sentence(text=text[a:b], start=a, end=b, index=i) for i, (a, b) in enumerate(spans)]
    return doc


def facts_of(*sentences: str, **kw):
    """The toezeggingen of the last sentence (earlier ones are its context)."""
    doc = make_doc(*sentences, **kw)
    return extract_checked(toezegging, doc.sentences[-1], doc)


def check_rule(rule, holds, fails, statuses=None, head=BESLUITEN) -> None:
    """A GUIDE rule of toezegging_model: it holds for each of `holds`, each of which then gives one
    toezegging (with a status among `statuses`, when given), and not for any of `fails`."""
    for sentence in holds:
        assert rule(sentence), sentence
        (fact,) = facts_of(sentence, head=head)
        assert fact.kind == "toezegging"
        assert statuses is None or fact.status in statuses, (sentence, fact.status)
    for sentence in fails:
        assert not rule(sentence), sentence


# Each miss type of issue #12, in new sentences.
MADE = [
    # first person and debate style
    ("Ik zal u op de hoogte houden van de uitkomsten van het gesprek met de vervoerder.", LETTER),
    ("Wat het lid Pieters vraagt, zeg ik toe dit voor de begrotingsbehandeling uit te werken.", KAMER),
    ("Ik zeg de Kamer toe dat ik de regeling na twee jaar laat evalueren.", KAMER),
    ("Ik kom daarop terug in de eerstvolgende voortgangsbrief over de energietransitie.", KAMER),
    # passive and impersonal
    ("Na de inspraakperiode zullen de aangepaste bouwplannen aan uw raad worden voorgelegd.", LETTER),
    ("Nadere informatie over de planning van de werkzaamheden volgt op korte termijn.", LETTER),
    ("Het college komt graag bij uw raad terug voor een toelichting op de keuze van de aannemer.", LETTER),
    ("We informeren de raad over de stand van de reserve bij de tweede bestuursrapportage.", LETTER),
    # promises in meeting records
    ("De wethouder zegt toe de commissie een overzicht van de subsidieaanvragen te sturen.", BESLUITEN),
    (
        "Wethouder Koster zal de commissie voor het zomerreces informeren over het overleg met de provincie.",
        BESLUITEN,
    ),
    # OCR noise: "v" for "u", "vw" for "uw"
    ("Het college zal vw raad in het voorjaar een voorstel voor de financiering voorleggen.", LETTER),
    ("Wij zullen v na afronding van het onderzoek informeren over de resultaten.", LETTER),
]


@pytest.mark.parametrize("sentence, head", MADE)
def test_miss_types_are_found_as_made(sentence, head):
    (fact,) = facts_of(sentence, head=head)
    assert fact.status == "made"
    assert fact.text in sentence
    assert fact.what


def test_who_in_a_meeting_record_and_a_kamerbrief():
    (fact,) = facts_of(
        "Wethouder Koster zal de commissie voor het zomerreces informeren over het overleg met de provincie.",
        head=BESLUITEN,
    )
    assert fact.who == "wethouder Koster"
    (fact,) = facts_of(
        "De wethouder zegt toe de commissie een overzicht van de subsidieaanvragen te sturen.", head=BESLUITEN
    )
    assert fact.who == "wethouder"
    (fact,) = facts_of("Ik zeg de Kamer toe dat ik de regeling na twee jaar laat evalueren.", head=KAMER)
    assert fact.who == "minister"


NOT_A_TOEZEGGING = [
    # a motie's request to the college, in the motie itself
    (
        (
            "verzoekt het college de raad voor 1 september te informeren over de mogelijkheden voor extra speelplekken,",
        ),
        MOTIE,
    ),
    (
        (
            "verzoekt het college van burgemeester en wethouders:",
            "• de raad voor de begrotingsbehandeling een voorstel voor te leggen voor een tweede zwembad;",
        ),
        MOTIE,
    ),
    # plans without the council as addressee
    (("Het college gaat de komende jaren inzetten op meer groen in de binnenstad.",), LETTER),
    (("We starten in het najaar met de aanleg van een nieuw fietspad langs het kanaal.",), LETTER),
    # someone else's promise, and the council's own request
    (("De woningcorporatie heeft toegezegd de renovatie van de flats voor de zomer af te ronden.",), LETTER),
    (("De commissie vraagt het college om een overzicht van de kosten van de pilot.",), BESLUITEN),
]


@pytest.mark.parametrize("sentences, head", NOT_A_TOEZEGGING)
def test_look_alikes_are_not_toezeggingen(sentences, head):
    assert facts_of(*sentences, head=head) == []


def test_a_motie_requests_items_are_requests_however_they_read():
    """Each item of a motie's request is what the council asks, also the second one and also when a
    letter quotes it; the same item under the college's own lead-in is a promise, and an item that
    names a toezegging is left to the model (a reference in the GUIDE)."""
    lead = "De raad heeft een motie aangenomen die het college verzoekt:"
    items = (
        "• de resultaten van de pilot met deelfietsen te evalueren;",
        "• de raad uiterlijk in het tweede kwartaal van 2025 te informeren over de voortgang.",
    )
    assert facts_of(lead, *items, head=LETTER) == []
    assert (
        facts_of(
            "verzoekt het college:", "▪ de raad voor het zomerreces te informeren over de kosten.", head=MOTIE
        )
        == []
    )
    (own,) = facts_of(
        "Wij zullen:", "• de raad uiterlijk in het tweede kwartaal van 2025 informeren over de voortgang."
    )
    assert own.status == "made"
    named = (
        "▪ de wethouder in de commissie heeft toegezegd de raad voor de zomer te informeren over de kosten;"
    )
    assert toezegging_model.is_motie_request_item(items[1], lead)
    assert not toezegging_model.is_motie_request_item(named, "overwegende dat:")
    assert not toezegging_model.is_motie_request_item(items[1], "Wij zullen:")


def test_items_of_a_list_of_toezeggingen_are_toezeggingen_also_after_a_run_on_sentence():
    """A chair's closing list of toezeggingen in a committee record: every item is one, however
    impersonally it reads, also the items after one that runs on in a sentence of its own. The same
    item under an ordinary lead-in is left to the model, and a motie's request stays a request."""
    lead = "De voorzitter: Ik loop de toezeggingen langs die vandaag zijn gedaan."
    items = (
        "– De staatssecretaris gaat na of de subsidieregeling voor buurthuizen kan worden verlengd.",
        "Zij informeert de commissie daarover voor de begrotingsbehandeling.",
        "– Er komt een pilot met digitale spreekuren bij twee gemeenten.",
    )
    texts = [lead, *items]
    assert toezegging_model.context_of(texts, 3) == lead  # walked over the run-on sentence
    assert toezegging_model.context_of(texts, 2) == items[0]  # not a list item: the sentence before
    (fact,) = facts_of(*texts, head=KAMER)
    assert fact.kind == "toezegging"
    assert toezegging_model.is_toezegging_list_item(items[2], lead)
    assert not toezegging_model.is_toezegging_list_item(items[2], "Daarnaast lopen er diverse trajecten:")
    assert not toezegging_model.is_toezegging_list_item(
        items[2], "verzoekt de regering, de toezeggingen uit het debat uit te voeren en:"
    )
    # a lead-in that ends in a colon opens a list of its own: not walked over as a run-on
    other = ["– Eerste punt.", "De volgende stappen zijn gezet:", "– Tweede punt."]
    assert toezegging_model.context_of(other, 2) == other[1]


def test_a_promise_in_so_many_words_is_one_and_its_look_alikes_are_not():
    """The speaker's own "toezeggen" makes a promise however little else the sentence says; negated,
    conditional, asked, or hoped of another office-holder it does not."""
    promises = (
        "Dat kan ik mevrouw Jansen wel toezeggen, al zal het enige tijd kosten.",
        "Wethouder De Wit: Dat zeg ik u toe.",
        "Het antwoord is kort: dat zeggen wij de fractie graag toe.",
    )
    not_promises = (
        "Dat kan ik vandaag nog niet toezeggen, omdat de cijfers ontbreken.",
        "Als de wethouder dit kan toezeggen, trekken wij het amendement in.",
        "Kunt u toezeggen dat de raad voor de zomer een voorstel krijgt?",
        "Ik hoop dat de minister kan toezeggen dat de regeling blijft bestaan.",
        "Ik vraag de wethouder om toe te zeggen dat de bibliotheek openblijft.",
    )
    check_rule(toezegging_model.is_explicit_promise, promises, not_promises)


def test_a_motie_reciting_an_earlier_promise_mentions_a_toezegging():
    """A motie's recital of what the college or government promised before is a reference (GUIDE),
    though every other word of a motie speaks against a promise; its request stays a request."""
    recital = (
        "De raad, gehoord de beraadslaging, constaterende dat het college bij de begroting aangaf de"
        " subsidieregeling voor sportverenigingen te zullen herzien, verzoekt het college de raad voor"
        " 1 juli over de herziening te informeren, en gaat over tot de orde van de dag."
    )
    assert toezegging_model.is_recited_promise(recital)
    (fact,) = facts_of(recital, head=MOTIE)
    assert fact.status == "reference"
    request = (
        "De raad, gehoord de beraadslaging, constaterende dat de wachtlijsten oplopen, verzoekt het"
        " college de raad voor 1 juli te informeren over de aanpak, en gaat over tot de orde van de dag."
    )
    assert not toezegging_model.is_recited_promise(request)
    assert facts_of(request, head=MOTIE) == []


def test_a_toezegging_named_with_what_it_promises_is_one_but_not_when_asked_for():
    """ "haar toezegging om …" names a toezegging (a reference, or delivered: the model decides);
    asking for one, or asking about one, is not a toezegging."""
    named = (
        "Ik dank de staatssecretaris voor haar toezegging om de regeling voor mantelzorgers te verlengen.",
        "Het lid Visser vroeg naar de toezegging van de wethouder dat de speeltuin dit jaar wordt vernieuwd.",
    )
    asked = (
        "Onze fractie wil graag een toezegging dat de raad over de speeltuin wordt geïnformeerd.",
        "Doet de wethouder hiermee de toezegging om de speeltuin te vernieuwen?",
    )
    check_rule(toezegging_model.names_a_toezegging, named, asked, ("reference", "being_fulfilled"))


def test_coming_back_to_the_council_is_a_promise_but_not_later_in_the_debate():
    """ "Ik kom daarop terug bij de Kamer" promises a later return to the council; "ik kom straks
    bij de commissie terug op uw vraag" is the order of the debate, and a question asks for one."""
    promises = (
        "Daar kom ik in het najaar zeker op terug bij de Kamer.",
        "Het college komt na de inspraak bij de gemeenteraad terug met een aangepast plan.",
    )
    others = (
        "Ik kom straks bij de commissie terug op de vraag van mevrouw Bakker.",
        "Komt het college daarover nog terug bij de raad?",
        "De wethouder kwam bij de raad terug op het eerdere besluit.",
        "Ik kom daar niet meer op terug bij de Kamer.",
    )
    check_rule(toezegging_model.promises_to_return, promises, others, ("made",))


def test_a_promise_to_inform_the_council_whoever_makes_it():
    """ "Zij zal de Kamer daarover informeren" (the minister, named earlier in the debate) and "De
    wethouder zal de commissie … informeren" are promises; this letter informing now is not, nor
    a refusal, a question or a third party's "zij zullen"."""
    promises = (
        "Maar ik zal de Kamer na de zomer de cijfers over de wachtlijsten melden.",
        "Zij zal de Kamer daarover voor het kerstreces informeren.",
        "De wethouder zal de commissie op de hoogte houden van de onderhandelingen.",
        "Na de aanbesteding zal het college uw raad over de uitkomst informeren.",
    )
    others = (
        "Wij zullen u in deze brief informeren over de stand van zaken.",
        "Ik zal de Kamer daarover niet apart informeren.",
        "Zal de minister de Kamer daarover informeren?",
        "Zij zullen de raad over de voortgang van de renovatie informeren.",
    )
    check_rule(toezegging_model.promises_to_inform, promises, others, ("made",))


def test_coming_back_in_a_later_document_is_a_promise():
    """ "Wij komen hierop terug in de begroting" promises a later document as much as "bij de raad"
    does, and "na de zomer" a later moment; going back to a point in this debate ("Dan kom ik terug
    op …") or to a neighbourhood does not."""
    promises = (
        "Het college komt hierop terug in de tweede bestuursrapportage van dit jaar.",
        "Nogmaals, ik kom daar zeker op terug bij de behandeling van de omgevingsvisie.",
        "We komen daar na de zomer nog op terug.",
    )
    others = (
        "Dan kom ik nu terug op de vraag van de fractie van D66 over het parkeren.",
        "Ik kom straks terug in mijn antwoord aan de heer Jansen.",
        "Wij komen terug in de wijk voor een tweede bewonersavond.",
    )
    check_rule(toezegging_model.promises_to_return, promises, others, ("made",))


def test_a_promise_to_bring_the_council_something():
    """Sent or put before the council later ("… wordt binnenkort aan de Kamer toegezonden"), a
    document the speaker comes with, a talk offered, a tussenbericht's promised afdoening: made.
    Not what was sent already, this letter ("als volgt", "met deze brief"), what follows from
    something ("Uit de evaluatie volgt dat …"), a habit, nor a question."""
    promises = (
        "Het evaluatierapport wordt na de zomer aan de Kamer toegezonden.",
        "De uitgewerkte varianten zullen in het voorjaar aan uw raad worden voorgelegd.",
        "Ik kom in het najaar met een brief over de toekomst van de regionale omroepen.",
        "Graag ga ik met uw commissie in gesprek over de uitkomsten van de pilot.",
        "De motie zal naar verwachting voor 1 oktober worden afgedaan met een raadsinformatiebrief.",
        "Het college verwacht deze motie in het vierde kwartaal af te kunnen doen.",
        "Een nadere uitwerking van de subsidieregeling volgt na de zomer.",
    )
    others = (
        "Het evaluatierapport is vorige maand aan de Kamer toegezonden.",
        "Het jaarverslag werd in april aan de raad aangeboden.",
        "Op uw vragen antwoorden wij als volgt.",
        "Wordt het rapport nog aan de raad voorgelegd?",
        "Het college wil de motie niet uitvoeren.",
        "Uit de evaluatie volgt dat de wachttijden korter zijn geworden.",
        "De reactie van het college op de zienswijzen volgt hieronder.",
        "Het voorstel volgt de lijn van de aangenomen motie.",
        "Met deze brief wordt de evaluatie aan uw raad aangeboden.",
        "De jaarstukken worden jaarlijks in juni aan de raad voorgelegd.",
    )
    check_rule(toezegging_model.promises_to_deliver, promises, others, ("made",))


def test_debate_turns_that_only_read_like_promises_are_none():
    """Coming back to a point later in the same debate, and a member asking for a toezegging, are
    no toezeggingen; coming back to the council in a later letter is."""
    for sentence in (
        "Ik kom straks nog terug op de vraag over de parkeertarieven.",
        "Wethouder, ik zou graag een harde toezegging willen dat de bibliotheek openblijft.",
        "Wij willen een toezegging van het college dat de raad wordt betrokken.",
        "Als de wethouder dat kan toezeggen, dan trekt mijn fractie het amendement in.",
        "Ik wil nog even terugkomen op het debat van vorige week over de kermis.",
    ):
        assert toezegging_model.is_debate_turn_not_a_promise(sentence), sentence
        assert facts_of(sentence, head=BESLUITEN) == [], sentence
    later_letter = "Ik kom daarop terug in de voortgangsbrief van het najaar."
    assert not toezegging_model.is_debate_turn_not_a_promise(later_letter)


def test_a_row_of_decisions_is_no_promise():
    """A besluitenlijst's row lists what the council decided ("… Aangenomen … Verworpen"): however
    many college words it holds, no toezegging, unless it names one (then the model judges)."""
    rows = (
        "412 Motie C.2 (GL) Het college wordt verzocht de raad te informeren over schaduwplekken Aangenomen 413 Motie C.3 (VVD) Parkeren bij het station Verworpen",
        "D Voorstel van het college inzake de jaarrekening 2024 Conform E Vaststelling van de wijze van afdoening van ingekomen stukken Conform",
    )
    for row in rows:
        assert toezegging_model.is_decision_list(row), row
        assert facts_of(row, head=BESLUITEN) == [], row
    named = "F Toezegging wethouder De Vries over de evaluatie van de proef Afgedaan; motie G.1 Aangenomen en motie G.2 Verworpen"
    assert not toezegging_model.is_decision_list(named)
    afdoening = "7 Afdoening motie 1010 en evaluatie van het beleidskader Voor kennisgeving aangenomen 8 Jaarverslag Voor kennisgeving aangenomen"
    assert not toezegging_model.is_decision_list(afdoening)
    assert not toezegging_model.is_decision_list("De motie is met 30 stemmen voor aangenomen.")
    promise = "Nu het amendement is aangenomen en de motie verworpen, zal het college de raad voor de zomer informeren over de gevolgen."
    assert not toezegging_model.is_decision_list(promise)
    assert [f.status for f in facts_of(promise)] == ["made"]


def test_this_letter_informing_now_is_no_promise_unless_it_delivers_one():
    """ "In deze brief informeren wij u over …" informs now (GUIDE: no promise); with "zoals
    toegezegd" it delivers one, which the model judges."""
    now = (
        "In deze brief informeren wij u over de resultaten van de proef met deelscooters.",
        "Met deze raadsinformatiebrief informeren we u over de planning van de werkzaamheden.",
    )
    for sentence in now:
        assert toezegging_model.informs_in_this_letter(sentence), sentence
        assert facts_of(sentence) == [], sentence
    delivers = (
        "In deze brief informeren wij u, zoals toegezegd, over de resultaten van de proef met deelscooters."
    )
    assert not toezegging_model.informs_in_this_letter(delivers)
    (fact,) = facts_of(delivers)
    assert fact.status == "being_fulfilled"


# Den Haag's tussenberichten promise a date for the afdoening of a motie; an afdoeningsbrief delivers.
TUSSENBERICHT = "Tussenbericht motie ‘Meer bankjes in de parken’\n\nGeachte leden van de raad,"
AFDOENING = "Afdoening motie ‘Schone straten in alle wijken’\n\nGeachte leden van de raad,"


@pytest.mark.parametrize(
    "sentence, deadline",
    [
        (
            "Wij verwachten uw raad uiterlijk 10 juni te informeren over de afdoening van de motie.",
            "2025-06-10",
        ),
        ("De raad ontvangt voor de zomer een brief over de uitkomsten van de verkenning.", "2025-07"),
        ("Het college verwacht de motie in het derde kwartaal af te kunnen doen.", "2025-Q3"),
    ],
)
def test_tussenbericht_deadlines(sentence, deadline):
    (fact,) = facts_of(sentence, head=TUSSENBERICHT)
    assert (fact.status, fact.deadline) == ("made", deadline)


@pytest.mark.parametrize(
    "sentence",
    [
        "Met deze brief doet het college de motie ‘Schone straten in alle wijken’ af.",
        "Hiermee geeft het college uitvoering aan de motie over schone straten.",
        "Ter afdoening van de motie laat het college u weten welke wijken een extra veegronde krijgen.",
    ],
)
def test_afdoeningsbrief_is_being_fulfilled_with_the_motie_it_answers(sentence):
    (fact,) = facts_of(sentence, head=AFDOENING, date="2025-06-02")
    assert fact.status == "being_fulfilled"
    assert "Schone straten" in fact.what or "schone straten" in fact.what


def test_a_toezegging_given_is_delivered_by_this_letter():
    (fact,) = facts_of("Met deze brief kom ik de toezegging uit het commissiedebat van februari na.")
    assert fact.status == "being_fulfilled"


def test_the_deadline_is_sought_after_the_promise():
    """A year before "zegt toe" belongs to something else than the promise."""
    (fact,) = facts_of(
        "De wethouder licht de jaarrekening 2024 toe en zegt toe de raad na de zomer te informeren.",
        head=BESLUITEN,
        date="2025-05-20",
    )
    assert fact.deadline == "2025-Q3"


# --- the classifier itself ---------------------------------------------------------------------


def test_every_sentence_is_classified_without_a_gate():
    """No addressee, no verb of informing, no future word: the classifier still sees it."""
    p = toezegging_model.probability("Een reactie volgt binnenkort.")
    assert 0.0 <= p <= 1.0
    doc = make_doc("De zon schijnt.", "Een reactie volgt binnenkort.")
    for s in doc.sentences:
        proba = toezegging_model.sentence_probabilities(s, doc)
        assert abs(sum(proba) - 1.0) < 1e-6


def test_ocr_noise_is_undone_before_the_features():
    assert toezegging_model.normalise("zullen wij vw raad  hierover\ninformeren en v daarna vitnodigen") == (
        "zullen wij uw raad hierover informeren en u daarna uitnodigen"
    )


def test_fast_marker_search_equals_the_plain_pattern():
    sentences = [_text(m) for m in MADE] + [s for group, _ in NOT_A_TOEZEGGING for s in group]
    sentences += ["bij de tweede berap", "zoals eerder toegezegd.", "wij zullen u informeren", "?", ""]
    for name, marker in toezegging_model._markers():
        plain = re.compile(marker.full.pattern, marker.full.flags)
        for s in sentences:
            text = toezegging_model.normalise(s).lower()
            assert marker.search(text) == bool(plain.search(text)), (name, s)


def test_training_data_is_shipped_with_every_label_and_source():
    rows = toezegging_model.training_rows()
    assert {r["label"] for r in rows} == set(toezegging_model.LABELS)
    assert {"utrecht", "amsterdam", "denhaag", "kamer", "other-councils", "guide"} <= {
        r["source"] for r in rows
    }
    assert sum(r.get("origin") == "seed" for r in rows) > 0  # the hand-picked sentences of before


def test_these_test_sentences_are_not_training_sentences():
    shipped = {_norm(r["text"]) for r in toezegging_model.training_rows()}
    mine = [_text(m) for m in MADE] + [s for group, _ in NOT_A_TOEZEGGING for s in group]
    assert not [s for s in mine if _norm(s) in shipped]


def test_a_model_trained_without_a_source_never_saw_it():
    with toezegging_model.excluding("other-councils") as clf:
        assert toezegging_model.active() is clf
        assert clf is not toezegging_model.classifier()
    assert toezegging_model.active() is toezegging_model.classifier()


def _text(case) -> str:
    return case.values[0] if hasattr(case, "values") else case[0]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def test_rules_file_is_valid_json_with_span_rules():
    data = json.loads((toezegging_model.PATTERNS / "toezegging_rules.json").read_text(encoding="utf-8"))
    known = set(data) | set(data["markers"])
    assert all(name in known for name in data["spans"])


def test_the_date_of_the_meeting_where_it_was_promised_is_no_deadline():
    # Before: the February meeting of an April letter became a deadline of next February.
    sentence = "In de commissie van 3 februari heeft de wethouder toegezegd u te informeren over de uitkomsten van de pilot."
    assert [f.deadline for f in facts_of(sentence, date="2025-04-20")] == [None]
    sentence = "Tijdens de raadsvergadering van 12 maart zegde de wethouder toe de raad voor de zomer te informeren over de evaluatie."
    assert [f.deadline for f in facts_of(sentence, date="2025-04-20")] == ["2025-07"]
