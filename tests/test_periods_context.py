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
