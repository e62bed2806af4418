"""Money in tables whose header names the unit: `Bedrag (in milj. €)`, `Bedragen x € 1.000`.

A money table, as `clean.py` leaves it, is a run of one-line table blocks: a header that names the
euro unit, perhaps a line of year columns (`2021 2022 2023`, in the header itself or right after or
before it), sub-captions (`Raming 2015:`) and rows `label value [value ...]`. Each value cell is a
money fact: value × the header's unit in whole euros, subject = the row label (a footnote marker glued
to its last word dropped), period = the cell's year column, else the nearest sub-caption, the header,
the caption sentence before the table (`De budgettaire kaders 2015 ... zijn:`) (`period_basis`: table),
else the usual look-up (paragraph, heading, report period, letter year).

A row under a single-value header must carry one value (a year in the label, `Wmo 2015 12,5`, stays in
the label). A row with fewer cells than the year columns (`Kosten Tolhuistuin 350.000 250.000` under
`2018 2019 2020 2021`: empty cells without a dash) gives its amounts with the span of the years as period
(`2018-2021`), not a guessed year; other rows whose cells cannot be matched to the columns are skipped.
The money extractor hands table lines to `extract`. The table's shapes are in `nl/tables.py`.
"""

from __future__ import annotations

import re

from raadsbrieven.extractors import context

from raadsbrieven.model import DocContext, Fact, Sentence
from raadsbrieven.nl.periods import find_periods
from raadsbrieven.nl.places import Span
from raadsbrieven.nl.tables import (
    COLUMN,
    GENERIC_COLUMNS,
    HEADER_UNIT,
    TOTAL,
    YEAR,
    Cell,
    Row,
    header_scale,
    is_caption,
    is_table_line,
    parse_row,
    table_of,
    year_columns,
)

KIND = "money"  # not registered itself: raadsbrieven.extractors.money hands it the lines of money tables


def is_table_sentence(sentence: Sentence, doc: DocContext) -> bool:
    """A line of a money table (header, caption or row): the money extractor leaves it to this module."""
    if header_scale(sentence.text) is not None:
        return True
    return is_table_line(sentence.text) and table_of(doc.sentences, sentence.index) is not None


def extract(sentence: Sentence, doc: DocContext) -> list[Fact]:
    row = parse_row(sentence.text)
    if row is None or header_scale(sentence.text) is not None:
        return []
    if not doc.holds(sentence):
        return []
    sentences = doc.sentences
    table = table_of(sentences, sentence.index)
    if table is None or year_columns(sentence.text):
        return []  # a line of years is a header, not a row of values
    cells, label = _cells(row, table.columns)
    if not cells:
        return []
    header = sentences[table.header].text
    captions = [s.text for s in sentences[table.header + 1 : sentence.index] if is_caption(s.text)]
    subject = _subject(label, header)
    shown = " | ".join([header, *captions[-1:], sentence.text])
    facts = []
    for cell, column in cells:
        if cell.value is None:
            continue
        start, end = sentence.start + cell.start, sentence.start + cell.end
        value = float(round(cell.value * table.scale))
        fact = Fact(
            kind=KIND, text=doc.text[start:end], start=start, end=end, sentence=shown,
            low=value, high=value, unit="EUR", bound="exact",
        )  # fmt: skip
        fact.subject = subject if column is None or YEAR.match(column) else f"{subject} ({column.lower()})"
        fact.period, fact.period_basis = _period(column, captions, header, table.caption, sentence, doc, cell)
        fact.org = context.org_for(sentence.text, cell.start, cell.end, sentence, doc)
        fact.place = context.place_for(sentence.text, cell.start, cell.end, sentence, doc)
        facts.append(fact)
    return facts


def _cells(row: Row, columns: list[str] | None) -> tuple[list[tuple[Cell, str | None]], str]:
    """The row's value cells matched to the header's columns, and the row label."""
    cells, label = list(row.cells), row.label
    want = len(columns) if columns else 1
    while len(cells) > want and YEAR.fullmatch(row.cell_text(cells[0])):
        label = f"{label} {row.cell_text(cells[0])}"  # "Wmo 2015 12,5": the year belongs to the label
        cells.pop(0)
    if len(cells) > want and columns:
        cells = cells[-want:]
    if columns and 0 < len(cells) < want and all(YEAR.fullmatch(c) for c in columns):
        span = f"{columns[0]}-{columns[-1]}"  # cells left empty without a dash: which year is unknown
        return [(c, span) for c in cells if c.value is not None], label
    if len(cells) != want:
        return [], label
    return list(zip(cells, columns or [None], strict=True)), label


def _subject(label: str, header: str) -> str:
    """The row label; a bare `Totaal` gets the header's first column (`Totaal aanvullende zorg`)."""
    label = re.sub(r"(?<=[a-zà-ÿ]{3})\d{1,2}$", "", label.strip())  # "jeugdzorg3": footnote marker
    label = re.sub(r"\s+", " ", label).strip(" :")
    if TOTAL.fullmatch(label):
        first = header[: m.start()] if (m := HEADER_UNIT.search(header)) else header
        first = re.sub(r"(?:\s*\b(?:bedrag(?:en)?|" + COLUMN.pattern + r"))+\s*$", "", first, flags=re.I)
        first = first.strip(" :")
        if first and first.lower() not in GENERIC_COLUMNS:
            return f"{label} {first[0].lower() + first[1:]}"
    return label


def _period(
    column: str | None,
    captions: list[str],
    header: str,
    caption: str | None,
    sentence: Sentence,
    doc: DocContext,
    cell: Cell,
) -> tuple[str | None, str | None]:
    """The cell's period and its basis: `table` when a column, sub-caption, header or caption says it."""
    if column and YEAR.match(column):
        years = re.fullmatch(r"((?:19|20)\d\d)(?:[-–/]((?:19|20)\d\d))?", column)
        if years:  # "2024", "2021-2024"; a column "2021/22" falls back like a single-value table
            return "-".join(y for y in years.groups() if y), "table"
    ref = doc.info.ref
    for text in [*reversed(captions), header, caption or ""]:
        found = [p for p in find_periods(text, ref) if not _in_unit(text, p)]
        if found:
            return found[0].value, "table"
    return context.period_and_basis(sentence.text, cell.start, cell.end, sentence, doc)


def _in_unit(text: str, mention: Span) -> bool:
    """`x € 1.000` is a unit, not the year 1000 (find_periods only matches 19xx/20xx, but be safe)."""
    m = HEADER_UNIT.search(text)
    return bool(m and m.start() <= mention.start < m.end())
