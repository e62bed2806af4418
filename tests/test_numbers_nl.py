"""The Dutch number layer on the silent wrong values of issue #14: each case gives the right value or no
value, never a wrong number. Carrier sentences run through the real extractors; letter 001 is read
from corpus/."""

from __future__ import annotations

from functools import cache

import pytest
from raadsbrieven.extractors import duration, money, percentage

from raadsbrieven.ingest.read import read_file
from raadsbrieven.nl.numbers import find_quantities, parse_number
from raadsbrieven.pipeline import process

from ._factdoc import run
from .conftest import CORPUS


@pytest.mark.parametrize(
    "token, value",
    [
        ("twee en een half", 2.5),
        ("vijf en een half", 5.5),
        ("tweeënhalf", 2.5),
        ("drieënhalf", 3.5),
        ("vierenhalf", 4.5),
        ("anderhalf", 1.5),
        ("anderhalve", 1.5),
        ("een half", 0.5),
        ("een halve", 0.5),
        ("2 en een half", 2.5),
        ("zesduizend achtentwintig", 6028),
        ("zesduizendachtentwintig", 6028),
        ("tweehonderdvijftig", 250),
        ("driehonderdduizend", 300_000),
        ("tienduizend", 10_000),
        ("nul", 0),
    ],
)
def test_number_words(token, value):
    assert parse_number(token) == pytest.approx(value)


def _values(module, sentence):
    return [(f.low, f.high, f.unit, f.bound) for f in run(module, sentence)]


@pytest.mark.parametrize(
    "module, sentence, expected",
    [
        (duration, "Het traject duurt twee en een half jaar.", (2.5, 2.5, "year", "exact")),
        (duration, "Het traject duurt tweeënhalf jaar.", (2.5, 2.5, "year", "exact")),
        (duration, "De behandeling duurt anderhalf jaar.", (1.5, 1.5, "year", "exact")),
        (duration, "De pilot loopt een half jaar.", (0.5, 0.5, "year", "exact")),
        (duration, "Na een halfuur wisselen de groepen.", (0.5, 0.5, "hour", "exact")),
        (percentage, "De huren stijgen met vijf en een half procent.", (5.5, 5.5, "percent", "exact")),
        (money, "Het project kost drie en een half miljoen euro.", (3_500_000, 3_500_000, "EUR", "exact")),
        (money, "Het project kost drieënhalf miljoen euro.", (3_500_000, 3_500_000, "EUR", "exact")),
        (money, "De subsidie bedraagt zesduizend achtentwintig euro.", (6028, 6028, "EUR", "exact")),
        (percentage, "Het aandeel was nul procent.", (0, 0, "percent", "exact")),
    ],
)
def test_compound_and_fractional_numbers(module, sentence, expected):
    assert _values(module, sentence) == [expected]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("De wachttijd was 1 jaar en 3 maanden.", (15, 15, "month", "exact")),
        ("De wachttijd was een jaar en drie maanden.", (15, 15, "month", "exact")),
        ("De procedure duurt 3 weken en 2 dagen.", (23, 23, "day", "exact")),
        ("Het overleg duurde 2 uur en 15 minuten.", (135, 135, "minute", "exact")),
        ("De wachttijd is langer dan 1 jaar en 3 maanden.", (15, None, "month", "at_least")),
        ("De wachttijd ligt tussen 1 jaar en 18 maanden.", (12, 18, "month", "range")),
    ],
)
def test_a_compound_duration_is_one_fact_in_its_smaller_unit(sentence, expected):
    assert _values(duration, sentence) == [expected]


def test_units_that_do_not_add_up_exactly_give_no_value():
    assert run(duration, "De wachttijd was 1 maand en 2 weken.") == []


@pytest.mark.parametrize(
    "module, sentence, expected",
    [
        (percentage, "Het aandeel is meer dan 30 procent.", (30, None, "at_least")),
        (percentage, "Het aandeel is minder dan 30 procent.", (None, 30, "at_most")),
        (percentage, "Het aandeel is hoger dan 30 procent.", (30, None, "at_least")),
        (percentage, "Het aandeel is lager dan 30 procent.", (None, 30, "at_most")),
        (percentage, "Het aandeel is groter dan 30 procent.", (30, None, "at_least")),
        (percentage, "Het aandeel is kleiner dan 30 procent.", (None, 30, "at_most")),
        (duration, "De wachttijd is langer dan 6 weken.", (6, None, "at_least")),
        (duration, "De wachttijd is korter dan 6 weken.", (None, 6, "at_most")),
        (percentage, "Het aandeel is niet minder dan dertig procent.", (30, None, "at_least")),
        (percentage, "Het aandeel is niet meer dan dertig procent.", (None, 30, "at_most")),
        (percentage, "Het aandeel is niet lager dan dertig procent.", (30, None, "at_least")),
        (duration, "De procedure duurt niet korter dan 6 weken.", (6, None, "at_least")),
        (percentage, "Ten minste 25% van de woningen gaat naar senioren.", (25, None, "at_least")),
        (percentage, "Maximaal 25% van de woningen gaat naar senioren.", (None, 25, "at_most")),
        (duration, "Het gesprek duurt tot 45 minuten.", (None, 45, "at_most")),
        (percentage, "met een minimum van 30% van de kiesgerechtigden", (30, None, "at_least")),
        (
            duration,
            "Afdoening zal later plaatsvinden dan de gestelde termijn van 6 weken.",
            (6, None, "at_least"),
        ),
        (
            duration,
            "De informatie wordt niet eerder verstrekt dan twee weken na het besluit.",
            (2, None, "at_least"),
        ),
        (duration, "De kiezer tekent binnen een termijn van zeven dagen de verklaring.", (None, 7, "within")),
        (percentage, "De opkomst kan in sommige gevallen oplopen tot bijna 60%.", (None, 60, "at_most")),
        (percentage, "Het tekort loopt op tot 16% van de begroting.", (16, 16, "exact")),
        (  # the level reached, with the auxiliary after the participle
            percentage,
            "de opkomst is bij de laatste verkiezingen in 2022 zelfs gedaald is tot 43%;",
            (43, 43, "exact"),
        ),
        (percentage, "Het aandeel kan gestegen zijn tot 20% van de woningen.", (None, 20, "at_most")),
        (  # a comma before "dan" does not part the comparison
            duration,
            "vindt de feitelijke openbaarmaking van de documenten niet eerder plaats, dan twee weken na "
            "dagtekening van deze beschikking, conform artikel 6, vijfde lid, van de Wob.",
            (2, None, "at_least"),
        ),
        (duration, "Dat duurde langer, want de aanvraag kwam laat: 6 weken.", (6, 6, "exact")),
    ],
)
def test_comparison_words_give_the_right_bound(module, sentence, expected):
    (fact,) = run(module, sentence)
    assert (fact.low, fact.high, fact.bound) == expected


def test_a_comparative_after_another_value_is_no_bound_of_the_next_one():
    facts = run(percentage, "Het aandeel is 5% hoger dan de 20% van vorig jaar.")
    assert [(f.low, f.high, f.bound) for f in facts] == [(5, 5, "exact"), (20, 20, "exact")]


def test_a_year_is_not_the_low_end_of_a_money_range():
    facts = run(money, "De kosten zijn toegenomen, van 1 miljoen euro in 2022 tot 9,3 miljoen euro in 2024.")
    assert [(f.low, f.high, f.bound) for f in facts] == [(1e6, 1e6, "exact"), (9.3e6, 9.3e6, "exact")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Dit geldt voor kinderen jonger dan 4 jaar.",
        "Dat was toen de baby pas tien maanden was.",
        "De regeling is voor inwoners ouder dan 65 jaar.",
        "Het aanbod is voor jongeren tot 23 jaar.",
        "Het consultatiebureau ziet baby's tot 6 maanden.",
        "Het gaat om kinderen (0-4 jaar) in de wijk.",
        "Het gaat om jongeren tussen de 10 en 18 jaar.",
        "Een kind is jonger dan drie maanden.",
    ],
)
def test_ages_are_never_durations(sentence):
    assert run(duration, sentence) == []


def test_a_waiting_time_of_a_child_is_still_a_duration():
    assert _values(duration, "De wachttijd voor kinderen was 10 maanden.") == [(10, 10, "month", "exact")]
    assert _values(duration, "Sommige jeugdigen wachten nu 12 tot 24 weken op zorg.") == [
        (12, 24, "week", "range")
    ]


@cache
def _letter_facts(name: str):
    path = CORPUS / name
    return process(read_file(path), path)[3]


def test_letter_001_waiting_time_longer_than_the_norm_is_at_least_5_days():
    (fact,) = [
        f
        for f in _letter_facts("001_c92f4c90ef915183.txt")
        if f.kind == "duration" and "langer dan de 5 dagen" in f.sentence
    ]
    assert (fact.low, fact.high, fact.unit, fact.bound) == (5, None, "day", "at_least")


def test_the_number_layer_reads_a_value_split_over_a_line_break():
    (q,) = find_quantities("duurt twee en een \nhalf jaar", r"jaar(?!\w)")
    assert (q.low, q.high) == (2.5, 2.5)


def test_two_values_joined_by_en_each_with_its_unit_are_two_values():
    sentence = (
        "fietsers met een reguliere niet-elektrische fiets iets vaker dan fietsers met een reguliere "
        "elektrische fiets (respectievelijk 70% en 59%)."
    )
    assert [(f.text, f.low) for f in run(percentage, sentence)] == [("70%", 70), ("59%", 59)]
    (fact,) = run(percentage, "Het aandeel ligt tussen 5% en 9%.")  # a range stays one value
    assert (fact.low, fact.high, fact.bound) == (5, 9, "range")
    (fact,) = run(duration, "De behandeling duurt 1 jaar en 3 maanden.")  # one value in two units
    assert (fact.low, fact.unit) == (15, "month")
