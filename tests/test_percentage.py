import pytest
from raadsbrieven.extractors import percentage

from ._factdoc import run


@pytest.mark.parametrize(
    "sentence, text, low, high, bound, approx, change",
    [
        (
            "In het laatste kwartaal van 2020 zien we dat 85% van de gezinnen een gesprek krijgt.",
            "85%",
            85,
            85,
            "exact",
            False,
            False,
        ),
        (
            "Bij 86 procent van de klanten werd de ondersteuning binnen twee weken gestart.",
            "86 procent",
            86,
            86,
            "exact",
            False,
            False,
        ),
        (
            "In alle wijken waar KOOS hulp biedt start 32% tot 60% van de zorg binnen 4 weken.",
            "32% tot 60%",
            32,
            60,
            "range",
            False,
            False,
        ),
        (
            "Dit ligt boven het landelijk gemiddelde van 10 tot 20 procent.",
            "van 10 tot 20 procent",
            10,
            20,
            "range",
            False,
            False,
        ),
        ("Het gaat inmiddels om circa 60% van het totaal.", "circa 60%", 60, 60, "exact", True, False),
        (
            "Voor BOOST gaan we uit dat ruim 40% na afloop een traject nodig heeft.",
            "ruim 40%",
            40,
            40,
            "exact",
            True,
            False,
        ),
        ("ligt dit percentage nu rond de 5 procent.", "rond de 5 procent", 5, 5, "exact", True, False),
        (
            "sinds het najaar ziet Spoor030 een toename van 15% in het aantal crisisgevoelige zaken.",
            "15%",
            15,
            15,
            "exact",
            False,
            True,
        ),
        (
            "Zo blijken leerachterstanden meer dan 60 procent groter bij leerlingen.",
            "meer dan 60 procent",
            60,
            None,
            "at_least",
            False,
            True,
        ),
        (
            "Het kabinet heeft een bezuiniging op specifieke uitkeringen (SPUK’s) aangekondigd 10%.",
            "10%",
            10,
            10,
            "exact",
            False,
            True,
        ),
        ("De 17 overige procent omvat diverse redenen.", "17 overige procent", 17, 17, "exact", False, False),
        ("Het aandeel steeg naar 4,5%.", "4,5%", 4.5, 4.5, "exact", False, False),
        ("waarvan 3 procent\nniet op tijd", "3 procent", 3, 3, "exact", False, False),
    ],
)
def test_percentages(sentence, text, low, high, bound, approx, change):
    (fact,) = run(percentage, sentence)
    assert (fact.text, fact.low, fact.high, fact.unit) == (text, low, high, "percent")
    assert (fact.bound, fact.approx, fact.change) == (bound, approx, change)


def test_two_values_with_their_years():
    facts = run(percentage, "Ook zijn studenten vaker afgeleid (van 29% in 2019 naar 39% in 2020).")
    assert [(f.low, f.period, f.change) for f in facts] == [(29, "2019", False), (39, "2020", False)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Het aandeel steeg met 5 procentpunt.",
        "Het aandeel steeg met 5 %-punt.",
        "Zie https://eur03.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.utrecht.nl&data=05%7C02",
        "Ruim meer dan de helft van de trajecten wordt beëindigd.",
        "Dit staat op pagina 26 van de rapportage.",
        "De groei van jeugdhulp1 is zichtbaar.",
    ],
)
def test_not_percentages(sentence):
    assert run(percentage, sentence) == []


def test_a_local_party_named_100_percent_is_no_share():
    sentence = (
        "Namens de raadscommissie raadpleging jeugdzorg, Wim Koks, SP Groningen Marjet Woldhuis, "
        "100% Groningen Jasper Boter, VVD Groningen"
    )
    assert run(percentage, sentence, municipality="Groningen") == []
    (fact,) = run(percentage, "In Groningen heeft 100% van de scholen een plan.", municipality="Groningen")
    assert fact.low == 100
