import pytest

from raadsbrieven.nl.numbers import find_quantities, mask_urls, parse_number

WEEKS = r"(?:weken|week|werkdagen)(?!\w)"


@pytest.mark.parametrize(
    "token, value",
    [
        ("1.401", 1401),
        ("4,2", 4.2),
        ("1.200,-", 1200),
        ("€1.200,-".lstrip("€"), 1200),
        ("12", 12),
        ("vijf", 5),
        ("twintig", 20),
        ("dertig", 30),
        ("honderd", 100),
        ("duizend", 1000),
        ("vijfentwintig", 25),
        ("tweeëntwintig", 22),
        ("half", 0.5),
        ("anderhalf", 1.5),
        ("één", 1),
        ("1.000.000", 1_000_000),
        ("0,5", 0.5),
    ],
)
def test_parse_number(token, value):
    assert parse_number(token) == pytest.approx(value)


@pytest.mark.parametrize("token", ["", "abc", "nul komma"])
def test_parse_number_rejects_words(token):
    assert parse_number(token) is None


@pytest.mark.parametrize(
    "text, low, high, bound, approx",
    [
        ("start de begeleiding gemiddeld 2 tot 8 weken na", 2, 8, "range", False),
        ("wachten 2 tot en met 8 weken", 2, 8, "range", False),
        ("loopt op tot 16-24 weken", 16, 24, "range", False),
        ("loopt op tot 16–24 weken", 16, 24, "range", False),
        ("een wachttijd tussen de 5 en 9 weken.", 5, 9, "range", False),
        ("loopt dit op van 12 tot 24 weken.", 12, 24, "range", False),
        ("ongeveer 25 à 30 weken", 25, 30, "range", True),
        ("binnen 4 weken", None, 4, "within", False),
        ("uiterlijk binnen 5 werkdagen te beantwoorden", None, 5, "within", False),
        ("na meer dan vijf werkdagen", 5, None, "at_least", False),
        ("minstens 2 weken", 2, None, "at_least", False),
        ("maximaal 6 weken", None, 6, "at_most", False),
        ("minder dan 3 weken", None, 3, "at_most", False),
        ("tot 12 weken", None, 12, "at_most", False),
        ("ruim zeven weken", 7, 7, "exact", True),
        ("circa 9 weken", 9, 9, "exact", True),
        ("ca. 9 weken", 9, 9, "exact", True),
        ("zo'n 9 weken", 9, 9, "exact", True),
        ("zo’n 9 weken", 9, 9, "exact", True),
        ("bijna 9 weken", 9, 9, "exact", True),
        ("rond de 9 weken", 9, 9, "exact", True),
        ("gemiddeld 9 weken", 9, 9, "exact", False),
        ("start gemiddeld 2 tot \n8 weken na", 2, 8, "range", False),  # split over a line break
        ("tussen de 5 \nen 9 weken", 5, 9, "range", False),
    ],
)
def test_quantities(text, low, high, bound, approx):
    (q,) = find_quantities(text, WEEKS)
    assert (q.low, q.high, q.bound, q.approx) == (low, high, bound, approx)


def test_en_without_tussen_is_not_a_range():
    (q,) = find_quantities("in 2019 en 3 weken", WEEKS)
    assert (q.low, q.high, q.bound) == (3, 3, "exact")


def test_footnote_marker_is_not_a_number():
    assert find_quantities("jeugdhulp1 weken", WEEKS) == []


def test_urls_are_masked_keeping_offsets():
    text = "zie https://example.org/a?x=05%7C02 en 3 weken"
    masked = mask_urls(text)
    assert len(masked) == len(text) and "example" not in masked and masked.endswith("3 weken")
