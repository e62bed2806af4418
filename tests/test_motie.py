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


# --- a council's verbatim record (Den Haag, raad 23 januari 2025): agenda codes, titles, parties -------


@pytest.mark.parametrize(
    "sentence, kind, numbers, who",
    [
        ("Door de heer Meinesz, daartoe gesteund door de heer Bingöl en de heer Kaptheijns, wordt de volgende motie (H.4 HvDH) ingediend:", "motie", ["H.4"], "HvDH"),
        ("Door de heer Sluijs worden de volgende moties (I.2 HvDH en I.3 HvDH) ingediend:", "motie", ["I.2", "I.3"], "HvDH"),
        ("Door mevrouw Butt worden de volgende moties (P.1 GL, P.2 GL en P.3 GL) ingediend:", "motie", ["P.1", "P.2", "P.3"], "GL"),
        ("Door mevrouw Klokkenburg wordt de volgende motie (O.2 CU/SGP) ingediend:", "motie", ["O.2"], "CU/SGP"),
        ("Door de heer Dubbelaar, daartoe gesteund door de heer De Ridder en de heer Kaptheijns, wordt het volgende amendement (O.A HvDH) voorgesteld:", "amendement", ["O.A"], "HvDH"),
        ("In stemming komt motie H.2 SP.", "motie", ["H.2"], "SP"),
        ("Motie P.4 van Hart voor Den Haag vraagt: schort het overleg op.", "motie", ["P.4"], "Hart voor Den Haag"),
        ("Motie P.5: volgens mij heb ik in september 2023 in de Tweede Kamer bij een rondetafelgesprek en sindsdien aldoor voor en achter de schermen gelobbyd.", "motie", ["P.5"], None),
    ],
)  # fmt: skip
def test_agenda_codes_of_a_council_record(sentence, kind, numbers, who):
    found = facts_in(make_doc(sentence))
    assert [f.number for f in found] == numbers
    assert {(f.kind, f.who) for f in found} == {(kind, who)}


def test_several_amendementen_by_code_with_their_status():
    found = facts_in(
        make_doc(
            "Aangezien de amendementen J.A HvDH, J.B HvDH en J.C HvDH zijn ingetrokken, maken ze geen "
            "onderdeel van de beraadslaging meer uit."
        )
    )
    assert [(f.kind, f.number, f.status) for f in found] == [
        ("amendement", "J.A", "ingetrokken"),
        ("amendement", "J.B", "ingetrokken"),
        ("amendement", "J.C", "ingetrokken"),
    ]


@pytest.mark.parametrize(
    "sentence, kind, number, title",
    [
        ("Motie H.4 HvDH Behoud een plekje voor een Haags icoon", "motie", "H.4", "Behoud een plekje voor een Haags icoon"),
        ("Motie O.2 CU/SGP werk algemeen belang uit", "motie", "O.2", "werk algemeen belang uit"),
        ("Motie M.1 HvDH Pier Pressure.", "motie", "M.1", "Pier Pressure"),
        ("Gewijzigde motie O.1 GL Breng kansen voor betaalbaar op zand in kaart", "motie", "O.1", "Breng kansen voor betaalbaar op zand in kaart"),
        ("Amendement K.A HvDH Een deel middenhuur in woonprogramma Kornalijn", "amendement", "K.A", "Een deel middenhuur in woonprogramma Kornalijn"),
    ],
)  # fmt: skip
def test_record_heading_gives_code_and_title(sentence, kind, number, title):
    (fact,) = facts_in(make_doc(sentence))
    assert (fact.kind, fact.number, fact.title) == (kind, number, title)


@pytest.mark.parametrize(
    "sentence, title, who",
    [
        ("Daarom de motie Voorzieningen voor de buurt, die het college oproept samen met de buurt, bewoners en Staedion de invulling van de plint en maatschappelijke ruimte te bepalen.", "Voorzieningen voor de buurt", None),
        ("Dan de motie Voorzieningen voor de buurt van het CDA over de invulling van de plint.", "Voorzieningen voor de buurt", "CDA"),
        ("De motie Regel bereikbaarheid en verkeersvoorzieningen bij Badhuisweg 4 heeft een wat ruime opvatting van voorzieningen.", "Regel bereikbaarheid en verkeersvoorzieningen bij Badhuisweg 4", None),
        ("Daarom dienen wij de motie Plek voor Podium Noord in, met als dictum: verzoekt het college samen met Podium Noord te onderzoeken welke mogelijkheden er zijn.", "Plek voor Podium Noord", None),
    ],
)  # fmt: skip
def test_capitalised_title_after_de_motie(sentence, title, who):
    (fact,) = facts_in(make_doc(sentence))
    assert (fact.title, fact.who, fact.number) == (title, who, None)


@pytest.mark.parametrize(
    "sentence, who",
    [
        ("Ook wij leunen op de motie van de SP over de leuning.", "SP"),
        ("Daarom steunen we het amendement van Hart voor Den Haag van harte.", "Hart voor Den Haag"),
        ("Dan ben ik bij de motie van de Partij voor de Dieren.", "Partij voor de Dieren"),
    ],
)
def test_motie_of_a_party(sentence, who):
    (fact,) = facts_in(make_doc(sentence))
    assert fact.who == who


def test_the_record_names_moties_by_title_and_party():
    """Speeches name a motie by its title or party; the record's heading and vote give its code and status."""
    doc = make_doc(
        "Om dat onderzoek af te dwingen, dient Hart voor Den Haag de motie Onderzoek voorzienbaarheid hinder Kijkduin in, die het college verzoekt onafhankelijk te laten onderzoeken of de hinder door de aanleg van de EeF - dat zijn de entree en de fietsenstalling - voor ondernemers voorzienbaar was, met aandacht voor het tijdstip van hun investeringsbeslissingen.",
        "Door de heer Sluijs worden de volgende moties (I.2 HvDH en I.3 HvDH) ingediend:",
        "Motie I.2 HvDH Na-ijlperiode Zeeheldenkwartier in relatie tot nieuwe werkzaamheden",
        "En gaat over tot de orde van de dag.",
        "Motie I.3 HvDH Onderzoek voorzienbaarheid hinder Kijkduin",
        "Door mevrouw Arp wordt de volgende motie (I.4 SP) ingediend:",
        "Motie I.4 SP Bewaar een plekje voor een Haags icoon",
        "Motie één heet Na-ijlperiode Zeeheldenkwartier in relatie tot nieuwe werkzaamheden.",
        "Dan ben ik bij de motie van de SP.",
        "In stemming komt motie I.3 HvDH.",
        "De voorzitter.",
        "De motie wordt verworpen met 14 tegen 31 stemmen.",
        head="Notulen van de openbare vergadering van de gemeenteraad van Den Haag",
    )  # fmt: skip
    (speech,) = facts_in(doc, 0)
    assert (speech.number, speech.title, speech.status) == (
        "I.3",
        "Onderzoek voorzienbaarheid hinder Kijkduin",
        "verworpen",
    )
    submitted = facts_in(doc, 1)
    assert [(f.number, f.status) for f in submitted] == [("I.2", None), ("I.3", "verworpen")]
    assert submitted[1].title == "Onderzoek voorzienbaarheid hinder Kijkduin"
    (named,) = facts_in(doc, 7)
    assert (named.number, named.title) == (
        "I.2",
        "Na-ijlperiode Zeeheldenkwartier in relatie tot nieuwe werkzaamheden",
    )
    (party,) = facts_in(doc, 8)  # the only SP motie of this agenda item
    assert (party.number, party.title, party.who) == ("I.4", "Bewaar een plekje voor een Haags icoon", "SP")


def test_a_near_title_goes_to_the_motie_that_has_it():
    doc = make_doc(
        "Motie H.1 SP Bewaar een plekje voor een Haags icoon",
        "Motie H.4 HvDH Behoud een plekje voor een Haags icoon",
        "Dan ben ik bij de motie van de SP, Bewaar een plekje voor een Haags icoon.",
    )
    (fact,) = facts_in(doc, 2)
    assert (fact.number, fact.title) == ("H.1", "Bewaar een plekje voor een Haags icoon")


def test_a_party_with_two_moties_in_the_item_stays_unnumbered():
    doc = make_doc(
        "Motie H.1 SP Bewaar een plekje voor een Haags icoon",
        "Motie H.2 SP Maak de kade veilig",
        "Dan de moties, te beginnen met de motie van de SP.",
    )
    (fact,) = facts_in(doc, 2)
    assert (fact.who, fact.number, fact.title) == ("SP", None, None)


def test_handelingen_motie_text_gets_the_number_the_record_gives():
    doc = make_doc(
        "Motie De Kamer, gehoord de beraadslaging, constaterende dat woningcorporatie Vestia winst maakt; verzoekt de regering te onderzoeken of dit kan, en gaat over tot de orde van de dag.",
        "De voorzitter:",
        "Deze motie is voorgesteld door de leden Koerhuis, Beckerman en Kops.",
        "Naar mij blijkt, wordt de indiening ervan voldoende ondersteund.",
        "Zij krijgt nr. 470 ( 29453 ).",
        "De motie op stuk nr. 470 van de heer Koerhuis verzoekt de regering dit te onderzoeken.",
        head="Tweede Kamer, Woningcorporatie Humanitas",
    )  # fmt: skip
    (text,) = facts_in(doc, 0)
    assert (text.number, text.who) == ("29453-470", None)  # "De Kamer" is no member
    (later,) = facts_in(doc, 5)
    assert (later.number, later.who) == ("29453-470", "Koerhuis")


@pytest.mark.parametrize(
    "sentences",
    [
        ("Ik zou graag een motie indienen.",),
        ("Daarom de volgende motie.",),
        ("De motie wordt verworpen met 14 tegen 31 stemmen.",),
        ("Ik heb zelfs drie moties, voorzitter.",),
        ("Motie", "Het college zal de motie uitvoeren."),  # no record number follows
    ],
)
def test_unnamed_moties_in_a_record_are_no_facts(sentences):
    doc = make_doc(*sentences)
    assert all(facts_in(doc, i) == [] for i in range(len(sentences)))


def test_a_member_named_in_the_document_is_no_title():
    doc = make_doc(
        "Mevrouw Bikker (ChristenUnie) dient een motie in.",
        "Eerder dit jaar nam de Kamer de motie Bikker gisteren aan, over de gevolgen van lachgas.",
    )
    assert all(f.title is None for f in facts_in(doc, 1))


def test_a_member_and_a_clause_is_no_title():
    (fact,) = facts_in(
        make_doc("In 2019 verzocht de motie Sjoerdsma de regering om de export van wapens te stoppen.")
    )
    assert (fact.who, fact.title) == ("Sjoerdsma", None)


def test_a_noun_after_motie_is_no_member():
    found = facts_in(make_doc("Tweede Kamer Stemming motie Evaluatie verkiezingen TK 34 34-16-1"))
    assert all(f.who != "Evaluatie" for f in found)
    (fact,) = facts_in(
        make_doc(
            "De genoemde amendementen Van Raak deden tijdens de plenaire behandeling van de wetsvoorstellen de vraag rijzen."
        )
    )
    assert fact.who == "Van Raak"


def test_a_code_beside_the_keyword_only_when_the_record_has_it():
    doc = make_doc(
        "Motie Q.5 VVD Taaltoets voor effectieve taalinterventies",
        "Motie Q.6 VVD Met de baby naar de bieb",
        "Q.5 is de motie van de VVD.",
        "De motie die bij mij Q.6 heet is Met de baby naar de bieb.",
    )
    (fact,) = facts_in(doc, 2)
    assert (fact.number, fact.title) == ("Q.5", "Taaltoets voor effectieve taalinterventies")
    (fact,) = facts_in(doc, 3)
    assert fact.number == "Q.6"
    (fact,) = facts_in(make_doc("Zie paragraaf A.1, de motie van de VVD."))
    assert (fact.number, fact.who) == (None, "VVD")
