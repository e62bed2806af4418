"""Whose figure it is (`org`, issue #14): the body that measures, reports or does what the sentence
says, before the letterhead's municipality; see eval/GUIDE.md "org"."""

from __future__ import annotations

import pytest
from raadsbrieven.extractors import context, count, duration, money, percentage

from raadsbrieven.model import Sentence

from ._factdoc import doc_context, extract_checked, run


def _orgs(module, sentence, municipality="Den Haag", **kw):
    return [
        (f.text, f.org) for f in run(module, sentence, municipality=municipality, date="2025-05-13", **kw)
    ]


def test_the_source_in_the_values_own_part_owns_it():
    facts = _orgs(
        count,
        "In 2022 zijn in de gemeente Amsterdam 4.845 verkeersslachtoffers behandeld door de Regionale "
        "Ambulancevoorziening (RAV), in vergelijking met 1.196 door de politie geregistreerd (BRON).",
        municipality="Amsterdam",
    )
    assert facts[0] == ("4.845 verkeersslachtoffers", "Regionale Ambulancevoorziening (RAV)")


@pytest.mark.parametrize(
    "module, sentence, org",
    [
        (
            percentage,
            "Qredits ondersteunt – gesubsidieerd vanuit het Rijk – in aanmerking komende ondernemingen "
            "via het Corona Overbruggingskrediet met een rente van 2%.",
            "Qredits",
        ),
        (
            count,
            "Projectorganisatie Zuidasdok heeft op verzoek van de gemeente Amsterdam een impactanalyse "
            "opgesteld voor de twee locaties in Zuid.",
            "Projectorganisatie Zuidasdok",
        ),
        (
            count,
            "Bij het daklozenloket wordt dit jaar boven op de huidige 10fte nog eens 5fte extra casemanagers "
            "aangenomen.",
            "daklozenloket",
        ),
        (
            percentage,
            "• woningcorporaties mogen op basis van de Nationale Prestatieafspraken vanaf juli 2025 een "
            "huurverhoging van 5% doorvoeren;",
            "woningcorporaties",
        ),
        (
            percentage,
            "Klopt het dat gemeenten verplicht zijn om 8% rente in rekening te brengen bij het verstrekken "
            "van BBZ-krediet?",
            "gemeenten",
        ),
        (
            count,
            "Naar aanleiding van het locatieonderzoek heeft het Bestuurlijk Team in maart 2021 gekozen voor "
            "vervolgonderzoek op zes kansrijke locaties.",
            "Bestuurlijk Team",
        ),
        (
            count,
            "Het bestuur heeft in 2023 gekozen om drie locaties aan de stad voor te leggen.",
            "college",
        ),
        (
            count,
            "Het stadsdeel doet in zijn advies de suggestie aan het college om in te zetten op kleinere "
            "EC’s met maximaal 30 sekswerkplekken.",
            "stadsdeel",
        ),
        (
            money,
            "- op 14 november 2024 een amendement (RIS320449) is aangenomen om € 299.999,00 extra "
            "beschikbaar te stellen;",
            "gemeenteraad",
        ),
    ],
)
def test_the_body_that_opens_the_sentence_or_acts_in_it_owns_the_figure(module, sentence, org):
    municipality = "Amsterdam" if "Amsterdam" in sentence or "stadsdeel" in sentence else "Den Haag"
    facts = _orgs(module, sentence, municipality=municipality)
    assert facts and all(o == org for _, o in facts), facts


@pytest.mark.parametrize(
    "module, sentence",
    [
        (count, "Sinds 2019 maken jaarlijks ongeveer 70 scholen gebruik van deze voorziening."),
        (count, "Het bestuur van de stichting telt vijf leden."),
        (count, "Scholen bieden drie verschillende lespakketten aan."),
        (count, "Eén voordeur voor Sociaal en Jeugd, met één ingang en twee professionele teams."),
        (duration, "Burgers 10 maanden laten wachten op een antwoord draagt niet bij aan vertrouwen."),
        (money, "Het amendement over de € 50.000 voor de bibliotheek is verworpen."),
        # a sentence adverb the lemma tables lack, a plural they lack, a person's "van" surname
        (percentage, "Wellicht helpt een voorbeeld: stel dat 40% van de kiezers opkomt."),
        (percentage, "Uiteraard geldt daarbij een drempel van 25%."),
        (duration, "Belanghebbenden kunnen binnen zes weken bezwaar maken tegen dit besluit."),
        (count, "Aanwezig zijn 39 leden: Jansen (VVD), Peters van Dijk (GroenLinks) en Bakker (D66)."),
        (count, "De Vries noemt twintig scholen in de wijk."),
    ],
)
def test_no_body_in_the_sentence_leaves_the_municipality(module, sentence):
    """None of these sentences names a body, so the letter's municipality keeps the figure."""
    assert {o for _, o in _orgs(module, sentence)} == {"gemeente Den Haag"}


@pytest.mark.parametrize(
    "module, sentence, org",
    [
        (
            count,
            "De Raad voor de Kinderbescherming telde vorig jaar 120 meldingen.",
            "Raad voor de Kinderbescherming",
        ),
        (count, "Het UMCG ontving in 2023 veertig aanvragen.", "UMCG"),
        (count, "Het VUmc behandelt per jaar ongeveer tien paren.", "VUmc"),
    ],
)
def test_a_body_after_de_or_het_that_opens_the_sentence_owns_its_figures(module, sentence, org):
    """In a national letter too: the body the sentence opens with, not the minister who writes."""
    prefix = "Brief van de minister van Volksgezondheid, Welzijn en Sport\n"
    facts = [(f.text, f.org) for f in run(module, sentence, municipality=None, prefix=prefix)]
    assert facts and all(o == org for _, o in facts), facts


def test_a_body_whose_name_says_so_in_the_sentence_before_owns_the_figure():
    facts = _orgs(
        count,
        "Sinds 2019 maken jaarlijks ongeveer 70 scholen gebruik van deze voorziening.",
        prefix="Voor uitgebreidere consultatie kunnen scholen het Steunpunt Begaafdheid inschakelen. ",
    )
    assert facts == [("ongeveer 70 scholen", "Steunpunt Begaafdheid")]


def _doc(lines: list[tuple[str, str | None]], municipality: str = "Amsterdam"):
    text, sentences = "", []
    for i, (line, heading) in enumerate(lines):
        start = len(text)
        text += line + "\n"
        sentences.append(Sentence(line, start, start + len(line), index=i, heading=heading))
    return sentences, doc_context("t.txt", text, "2023-12-18", municipality, sentences)


def test_a_figure_in_a_heading_belongs_to_the_body_that_acts_below_it():
    heading = "Conclusie afweging van drie locaties"
    sentences, doc = _doc(
        [
            ("Er kan goed worden aangesloten bij evenementen.", None),
            (heading, None),
            (
                "Alles overwegende ziet het college de locatie Europaboulevard als de meest geschikte.",
                heading,
            ),
        ]
    )
    (fact,) = extract_checked(count, sentences[1], doc)
    assert fact.org == "college"


def test_a_figure_in_an_ordinary_sentence_does_not_look_ahead():
    sentences, doc = _doc(
        [
            ("Er zijn drie locaties onderzocht.", None),
            ("Alles overwegende ziet het college de locatie Europaboulevard als de meest geschikte.", None),
        ]
    )
    (fact,) = extract_checked(count, sentences[0], doc)
    assert fact.org == "gemeente Amsterdam"


def test_a_letter_signed_on_behalf_of_a_committee_is_theirs():
    lines = [
        ("Ieder van die sprekers krijgt tien minuten de tijd om zijn of haar verhaal te houden.", None),
        (
            "Met vriendelijke groet, Namens de raadscommissie raadpleging jeugdzorg, Wim Koks, SP Groningen",
            None,
        ),
    ]
    sentences, doc = _doc(lines, "Groningen")
    (fact,) = extract_checked(duration, sentences[0], doc)
    assert fact.org == "raadscommissie raadpleging jeugdzorg"


def test_a_letter_signed_on_behalf_of_the_college_keeps_the_municipality():
    lines = [
        ("Ieder van die sprekers krijgt tien minuten de tijd.", None),
        ("Met vriendelijke groet, Namens het college van burgemeester en wethouders, de burgemeester", None),
    ]
    sentences, doc = _doc(lines, "Groningen")
    (fact,) = extract_checked(duration, sentences[0], doc)
    assert fact.org == "gemeente Groningen"


def test_a_ministry_written_over_two_lines_is_one_writer():
    text = "D BRIEF VAN DE MINISTER VAN BINNENLANDSE ZAKEN EN\n\nKONINKRIJKSRELATIES\n\nAan de Voorzitter"
    assert context.author(text) == "minister van BZK"


def test_according_to_a_body_its_figures_are_its_own_also_in_the_next_sentence():
    prefix = "Volgens het CBS zijn in de periode 2001 tot 2020 40.000 gezinnen verhuisd. "
    facts = [(f.text, f.org, f.period) for f in run(count, prefix + "Daarvan keerden 12.000 gezinnen terug.")]
    assert facts[0] == ("40.000 gezinnen", "CBS", "2001-2020")
    later = [(f.text, f.org) for f in run(count, "Daarvan keerden 12.000 gezinnen terug.", prefix=prefix)]
    assert later == [("12.000 gezinnen", "CBS")]
    rule = "Volgens de Wet maatschappelijke ondersteuning krijgen 300 inwoners een voorziening."
    assert {o for _, o in _orgs(count, rule)} == {"gemeente Den Haag"}


def test_the_members_who_propose_a_bill_write_its_memorie_van_antwoord():
    head = (
        "Eerste Kamer der Staten-Generaal\n\n32 100 Voorstel van wet van de leden Jansen en De Groot\n\n"
        "C MEMORIE VAN ANTWOORD\n\nDe initiatiefnemers danken de leden van de fracties voor hun vragen.\n\n"
    )
    assert context.author(head + "Een opkomst van 40% achten zij voldoende.") == "initiatiefnemers"
    facts = [
        (f.text, f.org) for f in run(percentage, "Een opkomst van 40% achten zij voldoende.", prefix=head)
    ]
    assert facts == [("40%", "initiatiefnemers")]
    advice = (
        "Kiesraad\n\nAdvies over het wetsvoorstel\n\nDe initiatiefnemers stellen in de memorie van "
        "toelichting voor de termijn te verkorten.\n\n"
    )  # an advice about their bill, which names the memorie: not written by them
    assert context.author(advice) != "initiatiefnemers"


def test_a_body_named_on_an_agenda_line_is_not_the_writer_of_a_record():
    """A Kamer record names "de Europese Commissie" among its first lines: that is no letterhead."""
    lines = [
        ("Tweede Kamer der Staten-Generaal", None),
        ("Verslag van een algemeen overleg over de brief van de Europese Commissie over verkiezingen.", None),
        ("Slechts 13.000 mensen deden dat.", None),
    ]
    sentences, doc = _doc(lines, "Tweede Kamer")
    (fact,) = extract_checked(count, sentences[-1], doc)
    assert fact.org is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Met het Erotisch Centrum worden circa 100 veilige werkplekken gerealiseerd.",  # a building
        "In de tweede helft van het jaar is de leergang beschikbaar voor drie buurtteams.",
    ],
)
def test_no_body_is_made_of_a_place_or_an_earlier_partner(sentence):
    prefix = "Op basis van de gesprekken bereidden we met bureau Civil Care een leergang voor. "
    assert {o for _, o in _orgs(count, sentence, municipality="Amsterdam", prefix=prefix)} == {
        "gemeente Amsterdam"
    }


def test_the_agent_and_data_set_of_a_compared_figure_own_it():
    facts = _orgs(
        count,
        "In 2022 zijn in de gemeente Amsterdam 4.845 verkeersslachtoffers behandeld door de Regionale "
        "Ambulancevoorziening (RAV), in vergelijking met 1.196 door de politie geregistreerd (BRON).",
        municipality="Amsterdam",
    )
    assert facts[-1][0].startswith("1.196") and facts[-1][1] == "politie (BRON)"


def test_the_compared_source_does_not_carry_over_to_the_paragraph():
    facts = _orgs(
        count,
        "Naast deze verkeersslachtoffers werden er tevens 559 slachtoffers van een eenzijdig "
        "voetgangersongeval behandeld.",
        municipality="Amsterdam",
        prefix="In 2022 zijn 4.845 verkeersslachtoffers behandeld door de Regionale Ambulancevoorziening "
        "(RAV), in vergelijking met 1.196 door de politie geregistreerd (BRON). ",
    )
    assert facts == [("559 slachtoffers", "Regionale Ambulancevoorziening (RAV)")]


@pytest.mark.parametrize(
    "sentence, org",
    [
        (
            "Er zijn twee C+ groepen, beide op SBO de Bonte Vlinder, met plek voor in totaal 25 leerlingen.",
            "SBO de Bonte Vlinder",
        ),
        ("Op OBS De Regenboog krijgen 40 leerlingen extra taalles.", "OBS De Regenboog"),
        ("Op de basisschool krijgen 40 leerlingen extra taalles.", "gemeente Den Haag"),
    ],
)
def test_a_school_named_by_its_type_owns_its_figures(sentence, org):
    assert {o for _, o in _orgs(count, sentence)} == {org}
