import pytest
from raadsbrieven.extractors import money

from ._factdoc import run


@pytest.mark.parametrize(
    "sentence, low, high, per, approx, bound",
    [
        (
            "Voor deze maatregelen wordt de € 100.000 uit het coalitieakkoord ingezet.",
            100000,
            100000,
            None,
            False,
            "exact",
        ),
        (
            "met zeer hoge kosten (oplopend tot meer dan €1.200,- per dag).",
            1200,
            None,
            "dag",
            False,
            "at_least",
        ),
        (
            "Op dit moment is dat tekort geraamd op 4,2 miljoen euro structureel.",
            4200000,
            4200000,
            "jaar",
            False,
            "exact",
        ),
        ("een taakstelling die oploopt tot ruim 16 miljoen euro", 16000000, 16000000, None, True, "exact"),
        (
            "Bij het instellen van de reserve is er 2 miljoen in gestort.",
            2000000,
            2000000,
            None,
            False,
            "exact",
        ),
        ("de kosten voor BOOST bedragen circa €200.000 op jaarbasis", 200000, 200000, "jaar", True, "exact"),
        ("sinds het ontvangen van de 30.000 euro compensatie", 30000, 30000, None, False, "exact"),
        ("Er is € 3,8 mln beschikbaar.", 3800000, 3800000, None, False, "exact"),
        ("een subsidie van 3 ton per jaar", 300000, 300000, "jaar", False, "exact"),
        ("een budget van maximaal € 50.000", None, 50000, None, False, "at_most"),
        ("tussen € 10.000 en € 20.000 per traject", 10000, 20000, "traject", False, "range"),
        ("kosten van €\n1.500 per maand", 1500, 1500, "maand", False, "exact"),
    ],
)
def test_money(sentence, low, high, per, approx, bound):
    (fact,) = run(money, sentence)
    assert (fact.low, fact.high, fact.unit, fact.per, fact.approx, fact.bound) == (
        low,
        high,
        "EUR",
        per,
        approx,
        bound,
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Utrecht heeft bijna 2 miljoen bezoekers per jaar.",  # a count, no money context
        "Er wonen 1 miljoen mensen in de regio en de kosten stijgen.",
        "In 2025 publiceren we de herziene versie.",
        "We bieden 24 uurs 1-op-1 begeleiding.",
    ],
)
def test_not_money(sentence):
    assert run(money, sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "2004: 8 miljoen gastenovernachtingen; de raming is hoger.",
        "lager dan het voorlopig geraamde bezoekersaantal van 1,5 miljoen.",
    ],
)
def test_counts_are_not_money(sentence):
    assert run(money, sentence) == []


@pytest.mark.parametrize(
    "sentence, text, value",
    [
        ("In 2015 gaat het om een voorlopig bedrag van €5,5 miljoen, geraamd.", "€5,5 miljoen", 5_500_000),
        ("er is op basis van historisch gebruik € 19.0 miljoen beschikbaar", "€ 19.0 miljoen", 19_000_000),
        ("zo’n duizend euro per traject", "zo’n duizend euro per traject", 1000),
    ],
)
def test_money_spans(sentence, text, value):
    (fact,) = run(money, sentence)
    assert (fact.text, fact.low) == (text, value)


def test_a_later_figure_without_its_noun_counts_like_the_one_before():
    """The count's noun is left out of the second clause: no money, though `raming` is a money word."""
    assert run(money, "+ 2004: 8 miljoen gastenovernachtingen; 2024: raming op 23 miljoen.") == []
    (fact,) = run(money, "In 2023 kwamen er 2 miljoen bezoekers; het budget is 3 miljoen.")
    assert (fact.text, fact.low) == ("3 miljoen", 3_000_000)  # a money word between: an amount


def test_a_euro_sign_after_a_year_opens_the_next_amount():
    facts = run(money, "De bijdrage was in 2019 € 5 miljoen en in 2020 € 6 miljoen.")
    assert [(f.text, f.low) for f in facts] == [("€ 5 miljoen", 5_000_000), ("€ 6 miljoen", 6_000_000)]
    (fact,) = run(money, "De toegang kost 50 € per deelnemer.")  # a sign after the amount is still its unit
    assert (fact.low, fact.per) == (50, "deelnemer")


def test_two_amounts_joined_by_en_are_two_facts():
    facts = run(money, "De kosten bedragen € 5.000 en € 8.000 per jaar.")
    assert [(f.text, f.low, f.bound) for f in facts] == [
        ("€ 5.000", 5000, "exact"),
        ("€ 8.000 per jaar", 8000, "exact"),
    ]
    (fact,) = run(money, "Het gaat om tussen € 10.000 en € 20.000 per traject.")  # a range stays one
    assert (fact.low, fact.high, fact.bound) == (10000, 20000, "range")
    assert [f.low for f in run(money, "Het tekort is € 2 en 3 miljoen.")] == [3_000_000]  # never 2 euro


@pytest.mark.parametrize(
    "sentence, value",
    [
        ("De aanvraag voor een saneringssubsidie van maar liefst 130 miljoen is afgewezen.", 130_000_000),
        ("Er is 40 miljoen uit het waarborgfonds gehaald.", 40_000_000),
        ("De onderhoudskosten lopen op tot 2,5 miljoen.", 2_500_000),
    ],
)
def test_a_compound_ending_in_a_money_word_makes_a_bare_amount_money(sentence, value):
    (fact,) = run(money, sentence)
    assert fact.low == value


def test_a_bare_amount_the_letter_names_in_euros_elsewhere_is_that_amount():
    """In a debate "die 125 miljoen" is the 125 miljoen euro named before; 30 miljoen, named nowhere
    in euros, stays unread, as does a count of the same size."""
    prefix = "Er is 125 miljoen euro steun naar de corporatie gegaan. "
    (fact,) = run(money, "De borger gaat die 125 miljoen uiteindelijk leveren.", prefix=prefix)
    assert (fact.text, fact.low) == ("125 miljoen", 125_000_000)
    assert run(money, "Daarnaast wonen er 30 miljoen mensen in het land.", prefix=prefix) == []
    assert run(money, "De borger gaat die 30 miljoen uiteindelijk leveren.", prefix=prefix) == []
    assert run(money, "De borger gaat die 125 miljoen uiteindelijk leveren.") == []


def test_cents_are_kept():
    (fact,) = run(money, "Het kost mij op dit moment per laadbeurt vaak maar € 7,50.")
    assert fact.low == 7.5
    (fact,) = run(money, "Dit bedrag ligt tussen € 1,72 en € 2.02 per kiesgerechtigde.")
    assert (fact.low, fact.high) == (1.72, 2.02)
