"""Counts as a fact kind: what counts, what does not, and letter 001's IB waiting list."""

from __future__ import annotations

from functools import cache

import pytest
from raadsbrieven.extractors import count

from raadsbrieven.ingest.read import read_file
from raadsbrieven.model import Fact
from raadsbrieven.pipeline import process

from ._factdoc import run
from .conftest import CORPUS


@pytest.mark.parametrize(
    "sentence, low, high, bound, approx, counted",
    [
        ("Bij 2530 ongevallen was een auto betrokken.", 2530, 2530, "exact", False, "ongevallen"),
        ("Er deden ruim 1900 deelnemers mee.", 1900, 1900, "exact", True, "deelnemers"),
        ("Het college kiest drie voorkeurslocaties.", 3, 3, "exact", False, "voorkeurslocaties"),
        ("Er reageerden zes (grote) exploitanten.", 6, 6, "exact", False, "exploitanten"),
        ("Het gaat om 5-10 zeilende charterschepen.", 5, 10, "range", False, "charterschepen"),
        ("De haven krijgt maximaal 120 ligplaatsen.", None, 120, "at_most", False, "ligplaatsen"),
        (
            "Er zijn ten minste dertig schriftelijke verklaringen nodig.",
            30,
            None,
            "at_least",
            False,
            "verklaringen",
        ),
        ("Amsterdam telde 8 miljoen gastenovernachtingen.", 8e6, 8e6, "exact", False, "gastenovernachtingen"),
        ("Het gaat om 1 tot 1,5 miljoen bezoekers per jaar.", 1e6, 1.5e6, "range", False, "bezoekers"),
        ("Er is nu één locatie over.", 1, 1, "exact", False, "locatie"),
        ("Op alle drie de locaties ontstaan knelpunten.", 3, 3, "exact", False, "locaties"),
        ("Dit staat in een tweetal documenten.", 2, 2, "exact", False, "documenten"),
        ("Er wordt 5fte extra vrijgemaakt.", 5, 5, "exact", False, "fte"),
        ("In Laak zijn zes ‘minibiebs’ geplaatst.", 6, 6, "exact", False, "minibiebs"),
        ("Er komen 12 nieuwe watertappunten.", 12, 12, "exact", False, "watertappunten"),
    ],
)
def test_counts(sentence, low, high, bound, approx, counted):
    facts = run(count, sentence)
    got = [(f.low, f.high, f.bound, f.approx, f.counted) for f in facts]
    assert got == [(low, high, bound, approx, counted)]
    assert facts[0].unit is None and facts[0].kind == "count"
    assert facts[0].counted in facts[0].text


def test_part_of_a_total_and_the_total_are_two_counts():
    facts = run(count, "Ze zijn verdeeld over zes van de acht shortlistgebieden.")
    assert [(f.text, f.low, f.counted) for f in facts] == [
        ("zes van de acht shortlistgebieden", 6, "shortlistgebieden"),
        ("acht shortlistgebieden", 8, "shortlistgebieden"),
    ]


def test_a_number_in_brackets_after_its_noun_is_a_count():
    (fact,) = run(count, "Ongeveer de helft van de slachtoffers (2.507) zat op de fiets.")
    assert (fact.text, fact.low, fact.counted) == ("2.507", 2507, "slachtoffers")


def test_the_total_at_the_end_of_a_sentence_is_a_count():
    (fact,) = run(count, "Het totaal aantal kiesgerechtigden was toen 13.461.")
    assert (fact.low, fact.counted) == (13461, "kiesgerechtigden")


def test_two_numbers_before_one_noun_are_two_counts():
    facts = run(count, "De handhaving gebeurt met 10 vaste en 10 verplaatsbare camera's.")
    assert [(f.low, f.counted) for f in facts] == [(10, "camera's"), (10, "camera's")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Zie artikel 5 lid 2 van de wet.",
        "Dit staat in motie 12 en in Kamerstuk 30 372, nr. 32.",
        "Het voorstel staat onder agendapunt 7 en RIS 320449 op pagina 12.",
        "De brief is verstuurd aan Postbus 483, 1000 AL Amsterdam.",
        "Op 14 november 2024 om 17.00 uur besloot de raad.",
        "In 2023 stegen de kosten.",
        "Tussen 2019 en 2023 daalde het aantal.",
        "Het gaat om kinderen van 4 jaar en 4-jarigen.",
        "Het kost 30 euro en 2 miljoen euro.",
        "Het aandeel is 30 procent.",
        "De wachttijd is 12 weken.",
        "Dit gebeurt drie keer per jaar.",
        "Het college heeft een gesprek en een overleg gevoerd.",
        "1. Beter benutten van de ruimte.",
        "Twee derde van de inwoners is tevreden.",
        "Ze acht andere interventies kansrijker.",
        "Dit kan op één lijn gesteld worden.",
        "Het gemiddelde was 24,5 slachtoffers per maand.",
        "De leerlingen van groep 9 klas krijgen les.",
        # parts of an argument or stretches of time, not things a reader follows
        "Op twee punten kan men zich afvragen of de vergelijking met het verkiezingsproces opgaat.",
        "De vraag of deze twee factoren samen het mogelijk maken, vergt een politieke afweging.",
        "Hoe legt u het verschil tussen die twee rentepercentages uit aan een ondernemer?",
        "Het ministerie heeft in twee opeenvolgende periodes (2019-2023 en 2023-2025) subsidie verstrekt.",
        "We werken met één budget per gebied en met minder administratieve lasten.",
        # the parts of what a speaker says, in a small number written out (a debate, a memorie)
        "In dat verband stel ik de wethouder twee vragen.",
        "Ik geef nog één illustratie.",
        "Daarbij zijn eigenlijk twee onderwerpen aan de orde geweest.",
        "Daarom is gekozen voor een wet die in één lezing kan worden aangenomen.",
        "Dat was een van de twee overwegingen.",
        # space-set numbers that are no round thousands, or name a paper
        "Tijdens het debat over wetsvoorstel 30 372 stelde hij dit aan de orde.",
        "Zie de begroting (Kamerstuk 34 000-VII, nr. 2).",
    ],
)
def test_not_counts(sentence):
    assert run(count, sentence) == []


@cache
def _letter_counts(name: str) -> list[Fact]:
    path = CORPUS / name
    return [f for f in process(read_file(path), path)[3] if f.kind == "count"]


def test_letter_001_ib_waiting_list_is_four_counts_with_their_periods():
    facts = [f for f in _letter_counts("001_c92f4c90ef915183.txt") if "154 wachtenden" in f.sentence]
    assert [(f.low, f.approx, f.counted, f.period, f.period_basis) for f in facts] == [
        (154, False, "wachtenden", "2022-12", "sentence"),
        (1401, False, "cliënten", "2022-12", "sentence"),
        (336, True, "wachtenden", "2024-12", "sentence"),
        (1392, False, "cliënten", "2024-12", "sentence"),
    ]
    assert all(f.org and f.place == "Utrecht" for f in facts)


def test_numbers_listed_before_a_counted_noun_count_it_too():
    facts = run(count, "De drie wijken tellen respectievelijk 1.200, 3.400 en 15.600 woningen.")
    assert [(f.text, f.low, f.counted) for f in facts][-3:] == [
        ("1.200", 1200, "woningen"),
        ("3.400", 3400, "woningen"),
        ("15.600 woningen", 15600, "woningen"),
    ]
    facts = run(count, "In 2019, 2020 en 2021 kwamen 40 meldingen binnen.")  # years, not counts
    assert [(f.text, f.low) for f in facts] == [("40 meldingen", 40)]


def test_counts_of_things_with_nouns_that_look_like_discourse_nouns():
    assert [(f.low, f.counted) for f in run(count, "Het centrum telt acht uitgiftepunten.")] == [
        (8, "uitgiftepunten")
    ]
    assert [(f.low, f.counted) for f in run(count, "In één document staan persoonsgegevens.")] == [
        (1, "document")
    ]
    facts = run(count, "Er lopen op dit moment in Kijkduin zes zaken.")  # court cases
    assert [(f.low, f.counted) for f in facts] == [(6, "zaken")]
    facts = run(count, "Het meldpunt kreeg vorig jaar 340 vragen over de regeling.")  # with digits: counted
    assert [(f.low, f.counted) for f in facts] == [(340, "vragen")]


def test_a_later_figure_without_its_noun_counts_the_noun_before():
    facts = run(count, "+ 2004: 8 miljoen gastenovernachtingen; 2024: raming op 23 miljoen.")
    assert [(f.text, f.low, f.counted) for f in facts] == [
        ("8 miljoen gastenovernachtingen", 8e6, "gastenovernachtingen"),
        ("23 miljoen", 23e6, "gastenovernachtingen"),
    ]
    facts = run(count, "In 2023 kwamen er 2 miljoen bezoekers; het budget is 3 miljoen.")
    assert [f.low for f in facts] == [2e6]  # a money word between: not a count of visitors


def test_thousands_set_apart_by_spaces():
    sentence = (
        "vragen over de wenselijkheid van aanpassing van de drempels van 10 000 en 300 000 handtekeningen "
        "die zij in hun initiatiefvoorstel hebben opgenomen."
    )
    assert [(f.text, f.low, f.counted) for f in run(count, sentence)] == [
        ("10 000", 10_000, "handtekeningen"),
        ("300 000 handtekeningen", 300_000, "handtekeningen"),
    ]
    facts = run(count, "In week 12 kwamen 150 meldingen binnen, in week 13 nog 1 150 meldingen.")
    assert [f.low for f in facts] == [150, 150]  # not round thousands: never 1150


def test_the_number_of_a_compound_with_aantal():
    sentence = "bij lagere bezoekersaantallen dan het voorlopig geraamde bezoekersaantal van 1,5 miljoen."
    assert [(f.text, f.low, f.counted) for f in run(count, sentence)] == [("1,5 miljoen", 1.5e6, "bezoekers")]
    facts = run(count, "De school heeft een leerlingenaantal van 450 leerlingen.")  # its own noun: once
    assert [(f.text, f.low) for f in facts] == [("450 leerlingen", 450)]
    assert run(count, "Het bezoekersaantal van 2023 was hoger.") == []  # a year
    assert run(count, "Het bezoekersaantal van 12 procent meer dan vorig jaar.") == []


@pytest.mark.parametrize(
    "sentence, text, counted",
    [
        (
            "Er zijn twee C+ groepen, beide op SBO de Bonte Vlinder, met plek voor in totaal 25 leerlingen.",
            "twee C+ groepen",
            "groepen",
        ),
        ("In de wijk zijn vijf VVE-locaties geopend.", "vijf VVE-locaties", "VVE-locaties"),
        ("Er doen 40 Utrechtse scholen mee aan de pilot.", "40 Utrechtse scholen", "scholen"),
    ],
)
def test_a_capital_before_or_in_the_noun(sentence, text, counted):
    facts = run(count, sentence)
    assert (facts[0].text, facts[0].counted) == (text, counted)


@pytest.mark.parametrize(
    "sentence",
    [
        "Zie artikel 3 Wmo voor de regels.",
        "Namens de fractie, 3 SP Groningen.",
        "Het besluit valt op 12 November.",
        "1 SWOV-factsheet Fietsers (2023)",
    ],
)
def test_a_capital_after_the_number_without_a_noun_is_no_count(sentence):
    assert run(count, sentence) == []


def test_a_number_compared_with_a_count_counts_the_same_noun():
    sentence = (
        "In 2022 zijn in de gemeente Amsterdam 4.845 verkeersslachtoffers behandeld door de Regionale "
        "Ambulancevoorziening (RAV), in vergelijking met 1.196 door de politie geregistreerd (BRON)."
    )
    facts = run(count, sentence)
    assert [(f.text, f.low, f.counted) for f in facts] == [
        ("4.845 verkeersslachtoffers", 4845, "verkeersslachtoffers"),
        ("1.196", 1196, "verkeersslachtoffers"),
    ]
    # not a year, not a share, not a number in another clause
    for other in (
        "Er waren 300 meldingen in 2022, ten opzichte van 2021 een stijging.",
        "Er waren 300 meldingen, tegenover 25% vorig jaar.",
        "Er zijn 30 scholen; het aantal leerlingen steeg tegenover 1200 vorig jaar.",
    ):
        assert [f.low for f in run(count, other)] == [300 if "meldingen" in other else 30]


def test_counts_in_a_table_whose_header_names_what_its_columns_count():
    """A header of capitalised column names over rows of as many cells as it has columns after the
    label's: the cells of a plural noun's column are counts; a measure or a decimal is none."""
    from raadsbrieven.ingest.describe import doc_context
    from raadsbrieven.model import Sentence

    lines = [
        "Tabel 3. Meldingen en woningen per wijk",
        "Wijk Aantal meldingen Woningen op 1-1-2024 Gemiddelde score",
        "Centrum 1.204 8.950 7,2",
        "Noord 318 12.400 6,8",
        "Dit is een gewone zin met 12 woningen.",
    ]
    text, sentences, at = "", [], 0
    for i, line in enumerate(lines):
        residue = line[0] in "CN"  # the cleaner leaves a table's rows as orphan-number residue
        sentences.append(Sentence(line, at, at + len(line), index=i, residue=residue))
        text += line + "\n"
        at = len(text)
    from raadsbrieven.nl.tables import mark_tables

    sentences = mark_tables(sentences)
    assert [s.residue for s in sentences[2:4]] == [False, False], "rows of a count table are read"
    doc = doc_context("tabel.txt", text, "2024-03-01", "Utrecht", sentences)
    rows = [
        (f.text, f.low, f.counted, f.subject, f.period, f.period_basis)
        for f in count.extract(sentences[2], doc)
    ]
    assert rows == [
        ("1.204", 1204, "meldingen", "meldingen Centrum", "2024-01", "table"),
        ("8.950", 8950, "woningen", "woningen Centrum", "2024-01", "table"),
    ]
    assert [f.text for f in count.extract(sentences[3], doc)] == ["318", "12.400"]
    assert [f.text for f in count.extract(sentences[4], doc)] == ["12 woningen"]  # prose as before


def test_the_votes_for_and_against_count_the_same_noun():
    facts = run(count, "De motie wordt aangenomen met 24 tegen 21 stemmen.")
    found = [(f.text, f.low, f.counted) for f in facts]
    assert found == [("24", 24, "stemmen"), ("21 stemmen", 21, "stemmen")]
    assert [f.low for f in run(count, "Hij zat 24 jaar tegen 3 partijen aan te kijken.")] == [3]


@pytest.mark.parametrize(
    "sentence",
    [
        "In Den Haag is een op de vier mensen laaggeletterd.",
        "- 1 op de 4 inwoners in Den Haag laaggeletterd is;",
        "We lazen dat zes op de tien arbeidsmigranten in Nederland blijven.",
        "Nr. 1 Bewoners Boylestraat 10841572 brieven over parkeren",
    ],
)
def test_a_ratio_or_a_document_number_is_no_count(sentence):
    assert run(count, sentence) == []


def test_a_count_after_op_de_without_a_number_before_it_stays():
    assert [f.low for f in run(count, "Er worden op de 2 locaties 40 woningen gebouwd.")] == [2, 40]
