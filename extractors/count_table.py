"""Counts in the cells of a table whose header names what they count.

A count table, as `clean.py` leaves it, is a header line of capitalised column names and rows `label
value value ...` under it, one cell per column after the label's (`Kieskring Inwoners op Leden
kiescollege Stemwaarde per Aantal zetels` over `Drenthe 488.988 41 119 2,17`). A cell is a count when
its column names a plural noun (`Inwoners` -> inwoners, `Aantal meldingen` -> meldingen) and it holds a
whole number; a measure (`Stemwaarde`) or a decimal (`2,17` seats, a share) is not. The subject is
the noun and the row label; the period the header's (a date or year in it, `period_basis` table), else
the usual look-up; org and place as for any figure. The count extractor hands table rows to `extract`;
the table's shapes are in `nl/tables.py`.
"""

from __future__ import annotations

from raadsbrieven.extractors import context

from raadsbrieven.model import DocContext, Fact, Sentence
from raadsbrieven.nl.periods import find_periods
from raadsbrieven.nl.tables import WHOLE_CELL, count_table_of, counted_noun, parse_row

KIND = "count"  # not registered itself: raadsbrieven.extractors.count hands it the rows of count tables


def extract(sentence: Sentence, doc: DocContext) -> list[Fact] | None:
    """The counts of a row of a count table; None when the sentence is no such row."""
    if not doc.holds(sentence):
        return None
    table = count_table_of(doc.sentences, sentence.index)
    row = parse_row(sentence.text)
    if table is None or row is None:
        return None
    header = doc.sentences[table.header].text
    periods = find_periods(header, doc.info.ref)
    facts = []
    for cell, column in zip(row.cells, table.columns[1:], strict=True):
        noun = counted_noun(column)
        raw = row.cell_text(cell)
        if noun is None or cell.value is None or not WHOLE_CELL.fullmatch(raw):
            continue
        start, end = sentence.start + cell.start, sentence.start + cell.end
        fact = Fact(
            kind=KIND, text=raw, start=start, end=end, sentence=f"{header} | {sentence.text}",
            low=cell.value, high=cell.value, approx=False, bound="exact", counted=noun,
        )  # fmt: skip
        fact.subject = f"{noun} {row.label}"
        if len(periods) == 1:
            fact.period, fact.period_basis = periods[0].value, "table"
        else:
            fact.period, fact.period_basis = context.period_and_basis(
                sentence.text, cell.start, cell.end, sentence, doc
            )
        fact.org = context.org_for(sentence.text, cell.start, cell.end, sentence, doc)
        fact.place = context.place_for(sentence.text, cell.start, cell.end, sentence, doc)
        facts.append(fact)
    return facts
