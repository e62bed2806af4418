"""Deadlines normalised against the letter date (extractors/deadlines.py)."""

from datetime import date

import pytest

from raadsbrieven.nl.deadlines import deadline_end, find_deadlines, normalise_deadline


@pytest.mark.parametrize(
    "phrase, letter_date, expected",
    [
        ("horen wij deze graag uiterlijk 2 juni", "2025-05-01", "2025-06-02"),
        ("De technische sessie staat gepland op 24 juni", "2025-05-01", "2025-06-24"),
        ("hoofdlijn 1 is eind Q2 gereed", "2025-05-01", "2025-Q2"),
        ("en in Q2 ter informatie wordt aangeboden aan uw raad", "2025-05-01", "2025-Q2"),
        ("medio mei een bezoek", "2025-04-20", "2025-05"),
        ("bij de voortgangsrapportage dit voorjaar", "2021-02-05", "2021-Q2"),
        ("in de tweede bestuursrapportage (komend najaar)", "2025-05-01", "2025-Q4"),
        ("komend najaar", "2025-05-01", "2025-Q4"),
        ("na 1 oktober 2025", "2025-05-01", "2025-10-01"),
        ("in de eerste helft van 2024 terug te komen", "2023-09-28", "2024-Q2"),
        ("voor het kerstreces een update", "2023-09-28", "2023-Q4"),
        ("voor de raadsvergadering van 8/9 november", "2023-09-28", "2023-11-08"),
        ("De technische sessie zal vóór 8 november georganiseerd worden", "2023-09-28", "2023-11-08"),
        ("in het eerste kwartaal van 2024", "2023-12-18", "2024-Q1"),
        ("eind 2021 legt het college de criteria voor", "2021-10-12", "2021-12"),
        ("voor het eind van het jaar met een notitie te komen", "2014-10-10", "2014-12"),
        # a day without a year that has passed lies in the next year
        ("uiterlijk 15 januari", "2024-11-20", "2025-01-15"),
        # a season already past this year is next year's
        ("dit voorjaar", "2024-09-01", "2025-Q2"),
        # a meeting's or a paper's date is the one nearest the letter, past or ahead: last May's meeting
        # in a June letter, never next May; a January meeting named in December is the coming one
        ("Tijdens de raadsvergadering van 12 mei zegde de wethouder toe", "2025-06-20", "2025-05-12"),
        ("zoals gemeld in onze brief van 3 maart", "2025-06-20", "2025-03-03"),
        ("Ik zal u in de commissie van 14 januari informeren", "2025-12-15", "2026-01-14"),
        ("Ik zal u in de commissievergadering van 9 september informeren", "2025-06-20", "2025-09-09"),
    ],
)
def test_normalise(phrase, letter_date, expected):
    assert normalise_deadline(phrase, letter_date) == expected


@pytest.mark.parametrize(
    "phrase",
    [
        "zoals toegezegd in het debat van de commissie op 30 januari jl.",  # a past date, not a deadline
        "we gaan inzetten op het verkorten van de wachttijden",
        "kinderen van 0-4 jaar",
    ],
)
def test_no_deadline(phrase):
    assert normalise_deadline(phrase, "2025-05-01") is None


def test_relative_moment_needs_a_letter_date():
    assert normalise_deadline("komend najaar", None) is None
    assert normalise_deadline("na 1 oktober 2025", None) == "2025-10-01"


def test_span_points_into_the_text():
    text = "We komen hier uiterlijk 2 juni op terug."
    (found,) = find_deadlines(text, "2025-05-01")
    assert text[found.start : found.end] == "2 juni"


@pytest.mark.parametrize(
    "value, end",
    [("2025-Q2", date(2025, 6, 30)), ("2025-Q4", date(2025, 12, 31)), ("2025-02", date(2025, 2, 28)),
     ("2025-06-02", date(2025, 6, 2)), (None, None)],
)  # fmt: skip
def test_deadline_end(value, end):
    assert deadline_end(value) == end
