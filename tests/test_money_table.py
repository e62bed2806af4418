"""Money in tables whose header names the unit: seed letter 002, hand-written tables, generated PDFs."""

from pathlib import Path

import pytest
from raadsbrieven.extractors import money
from raadsbrieven.extractors.money_table import header_scale, parse_row, year_columns

from raadsbrieven.ingest.read import read_bytes, read_file
from raadsbrieven.pipeline import process
from tests.letters import build_letter_pdf

from ._factdoc import run

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def table_facts(facts):
    return [f for f in facts if f.kind == "money" and " | " in f.sentence]


def letter(text: str, name: str = "brief.txt"):
    """Facts and stored text of a hand-written letter, through the whole pipeline."""
    meta, _, sentences, facts = process(read_bytes(text.encode("utf-8"), name))
    for f in facts:
        assert meta["text"][f.start : f.end] == f.text, f
    return facts, sentences


@pytest.mark.parametrize(
    "header, scale",
    [
        ("Aanvullende zorg (incl SAVE) Bedrag (in milj. €)", 1e6),
        ("Beschikbaar 2015: Bedrag (in milj. € )", 1e6),
        ("Bedragen x € 1.000 2024 2025 2026", 1e3),
        ("Lasten sociaal domein 2023 (in duizenden euro)", 1e3),
        ("Programma (€ mln)", 1e6),
        ("Investeringen (bedragen in € miljard)", 1e9),
        ("Subsidie per organisatie (in €)", 1.0),
    ],
)
def test_header_scale(header, scale):
    assert header_scale(header) == scale


@pytest.mark.parametrize(
    "line",
    [
        "Percentage jongeren met een startkwalificatie per wijk (in %)",
        "Aantal wachtenden per organisatie",
        "De kosten bedragen (x € 1.000) dit jaar meer dan verwacht.",  # a sentence, not a header
    ],
)
def test_not_a_money_header(line):
    assert header_scale(line) is None


def test_rows_and_year_columns():
    row = parse_row("Provinciale jeugdzorg3 29,5")
    assert row is not None and (row.label, [c.value for c in row.cells]) == ("Provinciale jeugdzorg3", [29.5])
    assert [c.value for c in parse_row("Stadspas 480 500 -").cells] == [480, 500, None]
    assert parse_row("Programmabegroting 2015") is None  # a title with a year
    assert parse_row("Raming 2015:") is None
    assert parse_row("Hoofdstuk 3 12") is None
    assert year_columns("Bedragen x € 1.000 2024 2025 2026") == ["2024", "2025", "2026"]
    assert year_columns("Totaal 49,0") is None


@pytest.fixture(scope="module")
def seed_002():
    _, _, sentences, facts = process(read_file(CORPUS / "002_6e4d3cebf184d138.txt"))
    return facts, sentences


def test_seed_002_tables_become_money_facts(seed_002):
    facts, _ = seed_002
    rows = [(f.subject, f.low, f.period) for f in table_facts(facts)]
    assert rows == [
        ("Provinciale jeugdzorg", 29_500_000, "2015"),  # footnote marker "3" dropped
        ("Kinderen met een Beperking (AWBZ)", 11_000_000, "2015"),
        ("J-GGZ (ZVW)", 8_500_000, "2015"),
        ("Totaal aanvullende zorg (incl SAVE)", 49_000_000, "2015"),
        ("Bestaande meerjarenbegroting Utrecht", 8_000_000, "2015"),
        ("Macrobudget Rijk", 68_400_000, "2015"),
        ("Totaal beschikbaar", 76_400_000, "2015"),
        ("Buurtteams", 12_500_000, "2015"),
        ("Aanvullende zorg", 52_300_000, "2015"),
        ("Landelijke arrangementen", 2_600_000, "2015"),
        ("PGB’s", 5_500_000, "2015"),
        ("Vrijgevestigden/ongecontracteerden", 2_900_000, "2015"),
        ("Uitvoeringskosten", 700_000, "2015"),
        ("Totale raming", 76_400_000, "2015"),
    ]
    for f in table_facts(facts):
        assert (f.high, f.unit, f.bound, f.residue, f.page) == (f.low, "EUR", "exact", False, None)
        assert f.sentence.endswith(f.text) and "Bedrag (in milj. €" in f.sentence


def test_seed_002_table_lines_are_no_longer_residue_or_headings(seed_002):
    _, sentences = seed_002
    texts = {s.text: s for s in sentences}
    assert not texts["Provinciale jeugdzorg3 29,5"].residue
    header = "Beschikbaar 2015: Bedrag (in milj. € )"
    assert header in texts  # no longer glued to the footnote above it
    assert all(s.heading != "Totaal 49,0" for s in sentences)


AMSTERDAM_STYLE = """Geachte leden van de gemeenteraad,

In deze brief informeren wij u over de uitvoering van het programma Armoede en schulden. De middelen
voor de komende jaren zijn als volgt verdeeld:

Bedragen x € 1.000          2024     2025     2026
Schuldhulpverlening         1.250    1.300    1.350
Stadspas                      480      500        -
Totaal                      1.730    1.800    1.350

Lasten sociaal domein 2023 (in duizenden euro)
Jeugdhulp                  45.600
Wmo-voorzieningen          31.200

De bedragen zijn inclusief de rijksbijdrage.

Met vriendelijke groet,
"""


def test_table_with_year_columns_and_a_thousands_header():
    facts, _ = letter(AMSTERDAM_STYLE)
    got = [(f.subject, f.period, f.low, f.text) for f in table_facts(facts)]
    assert got == [
        ("Schuldhulpverlening", "2024", 1_250_000, "1.250"),
        ("Schuldhulpverlening", "2025", 1_300_000, "1.300"),
        ("Schuldhulpverlening", "2026", 1_350_000, "1.350"),
        ("Stadspas", "2024", 480_000, "480"),
        ("Stadspas", "2025", 500_000, "500"),  # 2026: "-", no value
        ("Totaal", "2024", 1_730_000, "1.730"),
        ("Totaal", "2025", 1_800_000, "1.800"),
        ("Totaal", "2026", 1_350_000, "1.350"),
        ("Jeugdhulp", "2023", 45_600_000, "45.600"),
        ("Wmo-voorzieningen", "2023", 31_200_000, "31.200"),
    ]
    # the header's "x € 1.000" is a unit, not an amount of its own
    assert not [f for f in facts if f.kind == "money" and f.low == 1000]


NOT_MONEY = """Geachte leden van de raad,

De kosten van de aanpak komen in een volgende brief. Hieronder de cijfers per wijk.

Percentage jongeren met een startkwalificatie per wijk (in %)
Noord 78
Oost 84

Wijk 2022 2023
Noord 12% 15%
Oost 10% 11%

Aantal wachtenden per organisatie
Lokalis 312
KOOS Utrecht 187

Met vriendelijke groet,
"""


def test_tables_that_are_not_money_give_no_money():
    facts, sentences = letter(NOT_MONEY)
    assert [f for f in facts if f.kind == "money"] == []
    shares = [f for f in facts if f.kind == "percentage"]
    assert [f.text for f in shares] == ["12%", "15%", "10%", "11%"]
    assert all(f.residue for f in shares)  # orphan table numbers, as before


def test_money_extractor_reads_a_header_line_as_unit_not_amount():
    assert run(money, "Bedragen x € 1.000 2024 2025 2026") == []


def test_pdf_letter_with_a_money_table(tmp_path):
    table = [
        ["Onderdeel (bedragen x € 1.000)", "2022", "2023", "2024"],
        ["Buurtteams", "12.500", "13.000", "13.250"],
        ["Specialistische jeugdhulp", "8.250", "8.500", "9.000"],
        ["Totaal", "20.750", "21.500", "22.250"],
    ]
    spec = build_letter_pdf(tmp_path / "begroting.pdf", pages=2, table=table, table_after=99)
    assert spec.table_page == 2
    meta, _, _, facts = process(read_file(spec.path))
    found = table_facts(facts)
    assert [(f.subject, f.period, f.low) for f in found] == [
        (row[0], year, float(int(cell.replace(".", "")) * 1000))
        for row in table[1:]
        for year, cell in zip(table[0][1:], row[1:], strict=True)
    ]
    for f in found:
        assert (f.page, f.residue, meta["text"][f.start : f.end]) == (spec.table_page, False, f.text)


SHORT_ROWS = """Geachte leden van de gemeenteraad,

Financiële onderbouwing
Ja, maar volledig gedekt in de begroting.
Tabel b: Financiële consequenties van de beslispunten (i = incidenteel, s = structureel)
LASTEN VERVOLGFASES (in euro’s)
Omschrijving (Incidenteel) 2018 2019 2020 2021
Kosten Tolhuistuin 350.000 250.000
Proceskosten Sixhaven 1.239.000 1.239.000
Proceskosten IJpleinbuurt 100.000

De kosten voor de werkzaamheden Tolhuistuin zijn door de rve V&OR bepaald.

Met vriendelijke groet,
"""


def test_rows_with_fewer_cells_than_years_give_amounts_over_the_span_of_the_years():
    """Empty cells without a dash: the amounts are certain, their year is not (no guess)."""
    facts, _ = letter(SHORT_ROWS)
    got = [(f.subject, f.text, f.low, f.period, f.period_basis) for f in table_facts(facts)]
    assert got == [
        ("Kosten Tolhuistuin", "350.000", 350_000, "2018-2021", "table"),
        ("Kosten Tolhuistuin", "250.000", 250_000, "2018-2021", "table"),
        ("Proceskosten Sixhaven", "1.239.000", 1_239_000, "2018-2021", "table"),
        ("Proceskosten Sixhaven", "1.239.000", 1_239_000, "2018-2021", "table"),
        ("Proceskosten IJpleinbuurt", "100.000", 100_000, "2018-2021", "table"),
    ]


def test_short_rows_under_columns_that_are_not_all_years_are_skipped():
    text = SHORT_ROWS.replace("2018 2019 2020 2021", "2018 2019 2020 Totaal")
    facts, _ = letter(text)
    assert table_facts(facts) == []


YEAR_ROWS = """Geachte leden van de raad,

Hieronder staan de middelen voor opvang en wonen in de komende jaren.

TABEL 1: MIDDELEN OPVANG EN WONEN 2016-2020

2016 2017 2018 2019 2020

Beschermd Wonen € 107.798.077 € 112.282.823 € 115.960.094* PM PM

Stedelijke bezuiniging - € 1.000.000 - € 2.600.000 - € 7.400.000 - € 7.400.000 - € 7.400.000

Middelen voor doorstroom € 3.855.000 € 3.355.000 € 3.355.000

Met vriendelijke groet,
"""


def test_cells_under_a_line_of_years_take_their_column_year():
    """No unit in the header, a euro sign in each cell: the row with a cell per year column gives each
    amount its year; a row with fewer cells than years keeps the table's span, not a guessed year."""
    facts, _ = letter(YEAR_ROWS)
    money_facts = [f for f in facts if f.kind == "money"]
    by_value = {(f.low, f.period, f.period_basis) for f in money_facts}
    wanted = {(107_798_077, "2016", "table"), (112_282_823, "2017", "table"), (115_960_094, "2018", "table")}
    assert wanted <= by_value
    cuts = [(f.low, f.period) for f in money_facts if "bezuiniging" in f.sentence]
    assert [p for _, p in cuts] == ["2016", "2017", "2018", "2019", "2020"]
    short = [f.period for f in money_facts if "doorstroom" in f.sentence]
    assert short == ["2016-2020"] * 3


def test_a_year_line_needs_the_rows_below_it_to_have_a_cell_per_year():
    from raadsbrieven.nl.tables import year_of_cell

    _, rows = letter("Onderdeel 2021 2022 Totaal\n\nWerkgelegenheid 45% 50% 48%\n\nIn 2022 was het 50%.\n")
    row = next(s for s in rows if s.text.startswith("Werkgelegenheid"))
    at = row.text.index("50%")
    assert year_of_cell(rows, row.index, at, at + 3) == "2022"
    last = row.text.index("48%")
    assert year_of_cell(rows, row.index, last, last + 3) is None  # the Totaal column is no year
    prose = next(s for s in rows if s.text.startswith("In 2022"))
    assert year_of_cell(rows, prose.index, prose.text.index("50%"), prose.text.index("50%") + 3) is None
