"""The period a figure describes and how it is known (`period_basis`): the sentence's own part, a
comparison's other part, the paragraph, the heading, the report's own period, the letter date."""

from __future__ import annotations

import pytest
from raadsbrieven.extractors import count, duration, money, percentage

from raadsbrieven.model import Sentence
from raadsbrieven.nl.periods import find_periods

from ._factdoc import doc_context, extract_checked, run


def _periods(module, text, **kw):
    return [(f.text, f.period, f.period_basis) for f in run(module, text, **kw)]


def test_the_now_value_does_not_take_the_older_values_year():
    facts = _periods(
        percentage,
        "Van alle gezinnen kreeg 72% binnen 5 werkdagen een gesprek; in 2024 was dat 64%.",
        date="2025-03-01",
    )
    assert facts == [("72%", "2025", "letter_date"), ("64%", "2024", "sentence")]


def test_op_dit_moment_is_now_and_the_comparison_keeps_its_year():
    facts = _periods(
        percentage,
        "In Kanaleneiland is op dit moment 14% van de jongeren werkloos; in 2022 was dat 12%.",
        date="2025-03-01",
    )
    assert facts == [("14%", "2025", "letter_date"), ("12%", "2022", "sentence")]


def test_each_part_of_a_from_to_sentence_has_its_own_period():
    facts = _periods(
        count,
        "De wachtlijst groeide van 154 wachtenden en 1401 cliënten in zorg eind 2022 tot ca. 336 wachtenden "
        "en 1392 cliënten in zorg eind 2024.",
        date="2025-05-01",
    )
    assert [p for _, p, _ in facts] == ["2022-12", "2022-12", "2024-12", "2024-12"]


def test_a_period_in_a_part_without_figures_belongs_to_the_figure():
    facts = _periods(percentage, "In 2023, zo blijkt uit de monitor, kreeg 72% hulp.", date="2025-03-01")
    assert facts == [("72%", "2023", "sentence")]


def test_a_comparison_year_is_not_the_period():
    facts = _periods(percentage, "Er is 25% meer les gegeven dan in 2021.", date="2023-08-09")
    assert facts == [("25%", "2023", "letter_date")]


def test_the_paragraph_gives_the_period():
    facts = _periods(
        percentage,
        "Bij 52% van de ongevallen was een auto betrokken.",
        prefix="Uit de ambulancedata van 2022 blijkt het volgende. ",
        date="2024-01-16",
    )
    assert facts == [("52%", "2022", "paragraph")]


def test_a_plan_in_the_paragraph_is_not_the_period_of_the_figures():
    """ "dit jaar" in a letter of 16 January 2024 is mostly after the letter: a plan, so the heading
    above (the survey of 2023) gives the period."""
    facts = _periods(
        percentage,
        "Van de fietsers vond 39% het druk.",
        prefix="Enkele vragen zijn dit jaar voor het eerst voorgelegd. ",
        heading="Monitor Fietstevredenheid 2023",
        date="2024-01-16",
    )
    assert facts == [("39%", "2023", "heading")]


def test_the_heading_gives_the_period():
    facts = _periods(
        percentage, "Bij 52% was een auto betrokken.", heading="Resultaten 2023", date="2024-01-16"
    )
    assert facts == [("52%", "2023", "heading")]


def test_a_parent_heading_gives_the_period():
    text = "Het Haags beleidskader Jeugd 2025-2028\nDe ambities\nWe kiezen vier ambities."
    parts = [text.index("Het"), text.index("De ambities"), text.index("We kiezen")]
    sentences = [
        Sentence("Het Haags beleidskader Jeugd 2025-2028", parts[0], parts[0] + 38, index=0, heading=None),
        Sentence(
            "De ambities", parts[1], parts[1] + 11, index=1, heading="Het Haags beleidskader Jeugd 2025-2028"
        ),
        Sentence("We kiezen vier ambities.", parts[2], len(text), index=2, heading="De ambities"),
    ]
    doc = doc_context("t.txt", text, "2024-12-24", "Den Haag", sentences)
    (fact,) = extract_checked(count, sentences[2], doc)
    assert (fact.low, fact.period, fact.period_basis) == (4, "2025-2028", "heading")


def test_the_date_line_is_no_section_period():
    facts = _periods(
        count, "Er kwamen twee mogelijkheden naar voren.", heading="Den Haag, 8 april 2010", date="2010-04-08"
    )
    assert facts == [("twee mogelijkheden", "2010", "letter_date")]


def test_a_half_year_report_gives_its_own_period():
    text = "Halfjaarrapportage 2021 Lokalis\n\nVan de gezinnen gaf 91 procent aan goed geholpen te zijn."
    sentences = [
        Sentence("Halfjaarrapportage 2021 Lokalis", 0, 31, index=0),
        Sentence(text[33:], 33, len(text), index=1),
    ]
    doc = doc_context("t.txt", text, "2021-07-01", "Utrecht", sentences)
    assert doc.info.period == "2021-H1"
    (fact,) = extract_checked(percentage, sentences[1], doc)
    assert (fact.period, fact.period_basis) == ("2021-H1", "report_period")


def test_dit_jaar_of_an_earlier_sentence_in_a_half_year_report_is_its_half_year():
    prefix = "Halfjaarrapportage 2021 Lokalis. We meten dit jaar voor het eerst de tevredenheid. "
    facts = _periods(
        percentage,
        "Van de gezinnen gaf 91 procent aan goed geholpen te zijn.",
        prefix=prefix,
        date="2021-07-01",
    )
    assert facts[0][1:] == ("2021-H1", "report_period")


def test_the_letter_date_is_the_fallback_and_says_so():
    assert _periods(money, "Het budget is € 4,2 miljoen.", date="2021-02-15") == [
        ("€ 4,2 miljoen", "2021", "letter_date")
    ]
    assert _periods(duration, "De wachttijd is 9 weken.", date=None) == [("9 weken", None, None)]


@pytest.mark.parametrize(
    "text, value",
    [
        ("Sinds 2019 maken jaarlijks ongeveer 70 scholen gebruik van deze voorziening.", "2019-2025"),
        ("Sinds 2025 is dit aantal gegroeid.", "2025"),
        ("eind 2024", "2024-12"),
    ],
)
def test_period_words(text, value):
    from datetime import date

    assert [p.value for p in find_periods(text, date(2025, 5, 27))] == [value]


def test_vanaf_a_month_is_the_start_of_the_value():
    facts = _periods(
        percentage,
        "Vanaf juli 2025 geldt een huurverhoging van 5% voor sociale huurwoningen.",
        date="2025-05-13",
    )
    assert facts == [("5%", "2025-07", "sentence")]


# ---------------------------------------------------------------- issue #14: spans, events, repeats


def _section(lines: list[str], date: str, municipality: str = "Den Haag", heading: str | None = None):
    """A document of `lines` (one sentence each) under one heading; returns its sentences and context."""
    text, sentences = "", []
    for i, line in enumerate(lines):
        start = len(text)
        text += line + "\n"
        sentences.append(Sentence(line, start, start + len(line), index=i, heading=heading))
    return sentences, doc_context("t.txt", text, date, municipality, sentences)


@pytest.mark.parametrize(
    "text, value",
    [
        ("in de meetperiode tussen november 2021 en oktober 2022 zijn", "2021-11/2022-10"),
        ("over de periode 1 januari 2015 tot en met 2020 op twee stallen", "2015-2020"),
        ("in de periode van 1 maart 2020 tot 1 juni 2020", "2020-03/2020-05"),
        ("tussen 2019 en 2023", "2019-2023"),  # plain years stay a year range
        ("delen we de aankomende twee jaar op vier momenten boeken uit", "2025-2026"),
        ("bij de pwo afgelopen winter", "2024-2025"),
        ("uiterlijk voor het zomerreces een extra uitgiftepunt te openen", "2025-07"),
        ("de prognose voor het lopende jaar", "2025"),
        # a date in figures gives its month
        ("Bonaire (11.073 kiesgerechtigden op 1-1-2014): tussen", "2014-01"),
        ("de stand per 31-12-2022 was 40 wachtenden", "2022-12"),
        ("peildatum 01/07/2023", "2023-07"),
    ],
)
def test_spans_of_months_and_years(text, value):
    from datetime import date

    assert [p.value for p in find_periods(text, date(2025, 7, 16))] == [value]


@pytest.mark.parametrize(
    "text",
    [
        "de komende jaren",
        "van 185 naar 2",
        "tussen 17:00 en 19:00 uur",
        "dossiernummer 32-13-2020 en brief 12/15/2020",  # no month 13 or 15
    ],
)
def test_no_span_without_a_period(text):
    from datetime import date

    assert find_periods(text, date(2025, 7, 16)) == []


def test_a_measuring_period_of_months_carries_to_the_figures_below():
    facts = _periods(
        count,
        "o BROM rijbaan (feitcode R311): 24812 overtredingen waarvan 156 bezwaren geregistreerd bij THOR",
        prefix="Uit dit onderzoek blijkt dat er in de meetperiode tussen november 2021 en oktober 2022 het "
        "volgende aantal sancties geconstateerd zijn: ",
        date="2024-01-16",
        municipality="Amsterdam",
    )
    assert [(t, p) for t, p, _ in facts] == [
        ("24812 overtredingen", "2021-11/2022-10"),
        ("156 bezwaren", "2021-11/2022-10"),
    ]


def test_a_past_change_does_not_take_the_period_of_a_plan_above():
    """ "Beleidskader 2025-2028" in a letter of December 2024 is a plan: the change the sentence tells of
    ("zijn teruggegaan van 185 ... naar twee") happened before it, so the letter's year is the fallback."""
    facts = _periods(
        count,
        "We zijn teruggegaan van ongeveer 185 specialistische jeugdhulpaanbieders naar twee "
        "samenwerkingsverbanden (Kracht en rondomJou).",
        heading="Het Haags beleidskader Jeugd 2025-2028",
        date="2024-12-24",
        municipality="Den Haag",
    )
    assert [(p, b) for _, p, b in facts] == [("2024", "letter_date"), ("2024", "letter_date")]


def test_a_sentence_of_the_plan_keeps_the_period_of_its_heading():
    facts = _periods(
        count,
        "Daarbij wordt de focus gelegd op de volgende vier ambities die het fundament vormen waarop het "
        "beleid is gestoeld en voor de verdere uitwerking van het beleid naar passende uitvoering:",
        heading="Het Haags beleidskader Jeugd 2025-2028",
        date="2024-12-24",
        municipality="Den Haag",
    )
    assert [(p, b) for _, p, b in facts] == [("2025-2028", "heading")]


FILLER = [
    "De raadpleging begint met een theoretische kijk op de jeugdhulp.",
    "Na afloop zullen de sprekers zich terugtrekken.",
    "Dit alles gebaseerd op de eigen opvattingen en ervaringen.",
    "De raadsleden verspreiden zich over de tafels.",
    "Daarna is er ruimte voor vragen.",
    "De dagvoorzitter sluit de avond af.",
    "Er wordt een verslag gemaakt.",
]


def test_the_programme_of_an_event_takes_the_events_month():
    sentences, doc = _section(
        [
            "Deze raadpleging vindt plaats op 28 november 2019 om 19:30 (Inloop vanaf 19:00).",
            *FILLER,
            "Ieder van die sprekers krijgt tien minuten de tijd om zijn of haar verhaal te houden.",
        ],
        "2019-10-31",
        "Groningen",
    )
    (fact,) = extract_checked(duration, sentences[-1], doc)
    assert (fact.text, fact.period, fact.period_basis) == ("tien minuten", "2019-11", "paragraph")


def test_what_was_said_in_a_debate_takes_the_debates_month():
    sentences, doc = _section(
        [
            "In het debat over het wetsvoorstel raadgevend referendum op 31 maart (Handelingen II, nr. 70, "
            "31 maart 2010) kwamen enkele opties ter sprake.",
            *FILLER,
            "Bij de bespreking hiervan in de Tweede Kamer kwamen twee mogelijkheden naar voren.",
        ],
        "2010-04-08",
        "Tweede Kamer",
        heading="Den Haag, 8 april 2010",
    )
    (fact,) = extract_checked(count, sentences[-1], doc)
    assert (fact.period, fact.period_basis) == ("2010-03", "paragraph")


def test_the_debate_that_adopted_a_motion_is_no_event_of_the_letter():
    """An afdoening opens with the debate in which the motie was adopted; the motie's own figures stay
    with the letter date."""
    sentences, doc = _section(
        [
            "Uw raad heeft, tijdens het debat over de Voortgangsrapportage Afval op 22 mei 2025, de motie "
            "‘Gele zakken meepakken’ aangenomen.",
            *FILLER,
            "De motie luidt als volgt:",
            "- Haagse Hout en Laak hebben respectievelijk twee en drie uitgiftepunten;",
        ],
        "2025-07-01",
    )
    facts = extract_checked(count, sentences[-1], doc)
    assert {(f.period, f.period_basis) for f in facts} == {("2025", "letter_date")}


def test_an_event_far_from_the_letter_is_not_its_figures_period():
    sentences, doc = _section(
        ["De bijeenkomst vond plaats op 12 maart 2019.", *FILLER, "Er zijn drie thematafels."],
        "2025-03-01",
    )
    (fact,) = extract_checked(count, sentences[-1], doc)
    assert (fact.period, fact.period_basis) == ("2025", "letter_date")


def test_a_figure_named_again_takes_the_period_of_its_first_mention():
    sentences, doc = _section(
        [
            "In het voortgezet onderwijs hebben tussen 2019 en 2023 tien scholen gebruik gemaakt van de "
            "aanvullende middelen.",
            "Sinds 2023 is dit aantal gegroeid.",
            *FILLER,
            "In het voortgezet onderwijs zijn de tien scholen die aanvullende middelen hebben ontvangen "
            "gevraagd een signaleringsinstrument te gebruiken.",
        ],
        "2025-05-27",
    )
    (fact,) = extract_checked(count, sentences[-1], doc)
    assert (fact.text, fact.period, fact.period_basis) == ("tien scholen", "2019-2023", "paragraph")


def test_a_figure_named_with_de_and_no_first_mention_keeps_the_fallback():
    sentences, doc = _section(
        [*FILLER, "In het voortgezet onderwijs zijn de tien scholen gevraagd een instrument te gebruiken."],
        "2025-05-27",
    )
    (fact,) = extract_checked(count, sentences[-1], doc)
    assert (fact.period, fact.period_basis) == ("2025", "letter_date")


def test_a_finding_of_a_dated_attachment_takes_its_month():
    sentences, doc = _section(
        [
            "Bijlage 5 Memo Vervolgproces alternatieve werkterreinen (7 december",
            "2023)",
            "Bijlage 6 Mobiliteitsscan Erotisch Centrum (4 oktober 2023)",
            *FILLER,
            "In de Mobiliteitsscan Erotisch Centrum (bijlage 6) is onderzocht in welke mate de drie locaties "
            "geschikt zijn.",
            "Volgens de memo (bijlage 5) zijn er twee alternatieve werkterreinen.",
            "Er zijn twee alternatieve werkterreinen (bijlage 7).",
        ],
        "2023-12-18",
        "Amsterdam",
    )
    periods = [(f.period, f.period_basis) for s in sentences[-3:] for f in extract_checked(count, s, doc)]
    assert periods == [("2023-10", "sentence"), ("2023-12", "sentence"), ("2023", "letter_date")]


def test_an_amount_takes_a_later_year_of_its_paragraph():
    """Money is budgeted ahead: "de gemeenteraadsverkiezing van 2026 ... het bedrag van € 19.000" is for
    2026; a count in the same place keeps the letter date (a plan is not the period of a figure)."""
    prefix = "Het college zegt toe dat er tijdens de gemeenteraadsverkiezing van 2026 een stembureau rijdt. "
    money_facts = _periods(
        money,
        "Daarbij wordt rekening gehouden met het bedrag van € 19.000,00.",
        prefix=prefix,
        date="2025-05-13",
    )
    count_facts = _periods(count, "Daarbij rijden er twee bussen.", prefix=prefix, date="2025-05-13")
    assert [(p, b) for _, p, b in money_facts] == [("2026", "paragraph")]
    assert [(p, b) for _, p, b in count_facts] == [("2025", "letter_date")]


def test_summer_after_july_is_no_period():
    """ "voor het zomerreces" in October is last summer or next summer: unsure, so nothing."""
    from datetime import date

    assert find_periods("heb ik voor het zomerreces gesproken met de minister", date(2023, 10, 31)) == []


def test_a_table_of_later_years_above_gives_no_single_year_to_an_amount():
    """A header of several later years gives a row with fewer cells than years their span, not a
    single year (as a money table does: which year the cell stands for is unknown)."""
    facts = _periods(
        money,
        "Beschermd Wonen € 107.798.077",
        prefix="2016 2017 2018 2019 2020 ",
        date="2015-11-01",
        municipality="Amsterdam",
    )
    assert [(p, b) for _, p, b in facts] == [("2016-2020", "table")]


def test_the_meeting_of_a_record_keeps_its_letter_date_basis():
    """In the record of a meeting the meeting's month is already the fallback: no event needed."""
    sentences, doc = _section(
        [
            "Notulen van de raad",
            "De vergadering op 23 januari 2025 wordt geopend.",
            *FILLER,
            "Ik heb drie moties.",
        ],
        "2025-01-23",
    )
    (fact,) = extract_checked(count, sentences[-1], doc)
    assert (fact.period, fact.period_basis) == ("2025-01", "letter_date")


def test_a_span_of_months_is_a_period_on_the_time_line_and_in_dutch() -> None:
    """'tussen november 2021 en oktober 2022' is stored as 2021-11/2022-10: series and charts place it
    by its span (not by the letter's date), and the app says it in words."""
    from raadsbrieven.model import Period
    from raadsbrieven.nl.format import period_text

    span = Period.parse("2021-11/2022-10")
    assert (span.first.isoformat(), span.last.isoformat()) == ("2021-11-01", "2022-10-31")
    assert Period.parse("2022-10/2021-11") is None and Period.parse("2021-11/later") is None
    assert period_text("2021-11/2022-10") == "november 2021 – oktober 2022"


def test_a_meeting_record_adopted_later_is_of_the_month_the_meeting_was_held():
    """A verslag adopted in February 2015 of a committee meeting in November 2014: what the speakers
    give for now ("op dit moment 10%") is of November 2014, not of the letter's date."""
    head = (
        "Tweede Kamer der Staten-Generaal\nVergaderjaar 2014–2015\nNr. 31 VERSLAG VAN EEN ALGEMEEN OVERLEG\n"
        "Vastgesteld 12 februari 2015\nDe vaste commissie voor Financiën heeft op donderdag 6 november 2014 "
        "overleg gevoerd met Minister Dijsselbloem over:\n"
    )
    sentence = "Op dit moment wordt ongeveer 10% van de aanvragen binnen vier weken afgehandeld."
    facts = run(percentage, sentence, prefix=head, date="2015-02-12", municipality=None)
    assert [(f.low, f.period, f.period_basis) for f in facts] == [(10, "2014-11", "report_period")]
