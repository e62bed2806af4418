"""Tables whose header names the euro unit (`Bedrag (in milj. €)`, `Bedragen x € 1.000`), and tables
of counts (`Kieskring Inwoners Leden kiescollege ...` over rows `Drenthe 488.988 41`).

The words and shapes of a Dutch money table, shared by the cleaner (which keeps table lines apart)
and the money-table extractor: the header's scale (`header_scale`), a row `label value [value ...]`
(`parse_row`), a line of year columns (`year_columns`), a sub-caption (`Raming 2015:`), and the
table a line belongs to (`table_of`: walk back over table lines to the header). `mark_tables` (run by
the pipeline after segmenting) clears the `residue` flag of the lines of a table that can be read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from raadsbrieven.model import Sentence
from raadsbrieven.nl.numbers import parse_number
from raadsbrieven.nl.subject import is_noun

EURO = r"(?:€|euro(?:['’]?s)?(?!\w)|eur(?!\w))"
SCALE = (
    r"(?:(?:1\s*)?(?:miljarden|miljard|miljoenen|miljoen|milj\.?|mln\.?|mld\.?|mrd\.?|duizenden|duizend)"
    r"|dzd\.?|1\.000\.000|1\.000|1000|k(?!\w))"
)
_UNIT = rf"(?:{SCALE}\s*{EURO}|{EURO}\s*(?:{SCALE})?)"
HEADER_UNIT = re.compile(
    rf"\(\s*(?:bedragen\s+)?(?:(?:in|x|×)\s*)?{_UNIT}\s*\)"  # (in milj. €), (x € 1.000), (€ mln), (in €)
    rf"|bedrag(?:en)?\s+(?:in|x|×)\s*{_UNIT}"  # Bedragen x € 1.000, bedragen in duizenden euro
    rf"|(?<!\w)(?:x|×)\s*{EURO}\s*{SCALE}",  # x € 1.000
    re.IGNORECASE,
)
NUMBER_CELL = r"[-–−]?(?:€\s?)?\d[\d.,]*(?:,-)?"
EMPTY_CELL = r"[-–—]|n\.v\.t\.?"
CELL = re.compile(rf"(?:(?<=\s)|^)(?P<cell>{NUMBER_CELL}|{EMPTY_CELL})\s*$", re.IGNORECASE)
COLUMN = re.compile(r"(?:19|20)\d\d(?:\s*[-–/]\s*(?:19|20)?\d\d)?|totaal|structureel|incidenteel", re.I)
YEAR = re.compile(r"(?:19|20)\d\d")
LAST_COLUMN = re.compile(rf"(?:(?<=\s)|^)({COLUMN.pattern})\s*$", re.IGNORECASE)
NOT_A_LABEL = re.compile(
    r"(?:hoofdstuk|bijlage|paragraaf|pagina|artikel|stap|fase|deel|tabel|figuur)\b", re.I
)
GENERIC_COLUMNS = {"onderdeel", "omschrijving", "post", "categorie", "component", "item", "programma"}
TOTAL = re.compile(r"(?:sub)?totaal(?:\s+generaal)?", re.IGNORECASE)
MAX_TABLE_LINES = 80


@lru_cache(maxsize=4096)  # `table_of` asks again for each line of a table
def header_scale(text: str) -> float | None:
    """The euro multiplier a table header names (`(in milj. €)` -> 1e6), or None."""
    if len(text) > 120 or text.rstrip().endswith((".", "!", "?")):
        return None
    m = HEADER_UNIT.search(text)
    if not m:
        return None
    found = re.search(SCALE, m.group(), re.IGNORECASE)
    if not found:
        return 1.0
    scale = re.sub(r"^1\s*", "", found.group().lower().rstrip("."))
    if scale.startswith(("milj", "mln")) or scale == "1.000.000":
        return 1e9 if scale.startswith("miljard") else 1e6
    if scale.startswith(("mld", "mrd")):
        return 1e9
    return 1e3  # duizend(en), dzd, 1.000, 1000, k


@dataclass(frozen=True)
class Cell:
    start: int  # offsets in the line
    end: int
    value: float | None  # None for an empty cell (`-`, `n.v.t.`)


@dataclass(frozen=True)
class Row:
    text: str  # the whole line
    label: str
    cells: tuple[Cell, ...]

    def cell_text(self, cell: Cell) -> str:
        return self.text[cell.start : cell.end]


def parse_row(text: str) -> Row | None:
    """`Provinciale jeugdzorg3 29,5` -> label and value cells; None when the line is no row."""
    if text.rstrip().endswith((".", "!", "?", ":")) or len(text) > 160:
        return None
    end = len(text.rstrip())
    cells: list[Cell] = []
    while True:
        m = CELL.search(text, 0, end)
        if not m:
            break
        raw = m.group("cell")
        value = None if re.fullmatch(EMPTY_CELL, raw, re.IGNORECASE) else _number(raw)
        if value is None and raw[0].isdigit():
            break
        cells.insert(0, Cell(m.start("cell"), m.start("cell") + len(raw), value))
        end = m.start()
    label = text[:end].strip()
    values = [text[c.start : c.end] for c in cells if c.value is not None]
    if not values or all(YEAR.fullmatch(v) for v in values):
        return None  # "Programmabegroting 2015": a title with a year, not a row of amounts
    if not re.match(r"\(?[^\W\d]", label) or NOT_A_LABEL.match(label) or len(label.split()) > 12:
        return None
    return Row(text, label, tuple(cells))


def _number(cell: str) -> float | None:
    """`29,5` -> 29.5, `12.500` -> 12500, `-1.200` -> -1200, `€ 480` -> 480."""
    value = parse_number(re.sub(r"^[-–−]|€\s?", "", cell))
    if value is None:
        return None
    return -value if cell[0] in "-–−" else value


def year_columns(text: str) -> list[str] | None:
    """The column names at the end of a header line (`Onderdeel 2021 2022 2023 Totaal`): two years or more."""
    names: list[str] = []
    rest = text.rstrip()
    while True:
        m = LAST_COLUMN.search(rest)
        if not m:
            break
        names.insert(0, re.sub(r"\s+", "", m.group(1)))
        rest = rest[: m.start()].rstrip()
    return names if sum(1 for n in names if YEAR.match(n)) >= 2 else None


def is_caption(text: str) -> bool:
    """A short line inside a table without values: `Raming 2015:`, `Lasten`."""
    s = text.strip()
    if not re.match(r"[^\W\d]", s) or len(s.split()) > 8 or len(s) > 70 or s.endswith((".", "!", "?")):
        return False
    return parse_row(s) is None


@lru_cache(maxsize=4096)  # `table_of` asks again for each line of a table
def is_table_line(text: str) -> bool:
    return bool(year_columns(text) or parse_row(text) or is_caption(text) or header_scale(text))


@dataclass(frozen=True)
class Table:
    header: int  # index of the header sentence
    scale: float
    columns: list[str] | None  # year columns, if any
    caption: str | None  # the sentence that introduces the table, if any


def table_of(sentences: list[Sentence], index: int) -> Table | None:
    """The money table sentence `index` is a line of: walk back over table lines to the header."""
    lines: list[int] = []
    for j in range(index, max(-1, index - MAX_TABLE_LINES), -1):
        text = sentences[j].text
        scale = header_scale(text)
        if scale is not None:
            return _table(sentences, j, scale, lines)
        if not is_table_line(text):
            return None
        lines.append(j)
    return None


def _table(sentences: list[Sentence], header: int, scale: float, below: list[int]) -> Table:
    columns = year_columns(sentences[header].text)
    if columns is None and below:  # a line of years right under the header ...
        columns = year_columns(sentences[below[-1]].text)
    if columns is None and header > 0:  # ... or right above it
        columns = year_columns(sentences[header - 1].text)
    before = [s.text for s in sentences[max(0, header - 3) : header] if not is_table_line(s.text)]
    caption = next((t for t in reversed(before) if t.rstrip().endswith(":")), None)
    if caption is None and header > 0 and before and before[-1] == sentences[header - 1].text:
        caption = before[-1]
    return Table(header, scale, columns, caption)


def mark_tables(sentences: list[Sentence]) -> list[Sentence]:
    """Lines of a table whose header names the euro unit, and rows of a count table, are read, not
    orphan numbers: residue False."""
    out = list(sentences)
    for i, s in enumerate(sentences):
        if s.residue and (table_of(sentences, i) is not None or count_table_of(sentences, i) is not None):
            out[i] = replace(s, residue=False)
    return out


_COLUMN_START = re.compile(r"(?<!\S)[A-Z][\w'’-]*")
WHOLE_CELL = re.compile(r"\d{1,3}(?:\.\d{3})+|\d+")  # 488.988, 41: a count; 2,17 is none


@lru_cache(maxsize=4096)  # `count_table_of` asks again for each row of a table
def count_columns(text: str) -> tuple[str, ...] | None:
    """The column names of a header line, each starting with a capital (`Kieskring | Inwoners op |
    Leden kiescollege | Stemwaarde per | Aantal zetels voor 1-1-2014 lid de kieskring`: a header set in
    two lines keeps its second line's words in the column before them); None for a sentence or row."""
    s = text.strip()
    if len(s) > 200 or s.endswith((".", "!", "?", ":", ";", ",")) or parse_row(s) is not None:
        return None
    starts = [m.start() for m in _COLUMN_START.finditer(s)]
    if len(starts) < 3 or starts[0] != 0:
        return None
    return tuple(s[a:b].strip() for a, b in zip(starts, [*starts[1:], len(s)], strict=True))


def counted_noun(column: str) -> str | None:
    """What a column's cells count: its plural noun (`Inwoners op` -> inwoners, `Aantal meldingen` ->
    meldingen); None for a measure (`Stemwaarde per`) or a name."""
    words = column.split()
    noun = words[1] if words[0].lower() == "aantal" and len(words) > 1 else words[0]
    noun = noun.lower()
    return noun if noun.endswith(("en", "s")) and len(noun) > 3 and is_noun(noun) else None


@dataclass(frozen=True)
class CountTable:
    header: int  # index of the header sentence
    columns: tuple[str, ...]  # the label's column first


def count_table_of(sentences: list[Sentence], index: int) -> CountTable | None:
    """The count table row `index` belongs to: rows with as many cells up to a header with one column
    name more, one of which names what is counted."""
    row = parse_row(sentences[index].text)
    if row is None or not any(WHOLE_CELL.fullmatch(row.cell_text(c)) for c in row.cells):
        return None
    for j in range(index - 1, max(-1, index - MAX_TABLE_LINES), -1):
        text = sentences[j].text
        columns = count_columns(text)
        if columns is not None:
            fits = len(columns) == len(row.cells) + 1 and any(counted_noun(c) for c in columns[1:])
            return CountTable(j, columns) if fits else None
        above = parse_row(text)
        if above is None or len(above.cells) != len(row.cells):
            return None
    return None


# A cell of a row under year columns, whatever its kind: `€ 107.798.077`, `- € 1.000.000` (a cut),
# `115.960.094*` (a footnote), `45%`, `12,5`, or an empty one (`PM`, `p.m.`, `-`, `n.v.t.`).
_ANY_CELL = re.compile(
    r"(?:(?<=\s)|^)(?P<cell>(?:[-–−]\s?)?(?:€\s?)?\d[\d.,]*(?:,-)?\*?%?|p\.?m\.?|[-–—]|n\.v\.t\.?)\s*$",
    re.IGNORECASE,
)
MAX_ROWS_UNDER_YEARS = 12


def _row_cells(text: str) -> list[tuple[int, int]] | None:
    """The cells that end a table row, as (start, end) in the line; None for prose or a bare label."""
    s = text.rstrip()
    if len(s) > 200 or s.endswith((".", "!", "?", ":", ";")):
        return None
    cells: list[tuple[int, int]] = []
    end = len(s)
    while m := _ANY_CELL.search(s, 0, end):
        cells.insert(0, (m.start("cell"), m.start("cell") + len(m.group("cell").rstrip())))
        end = m.start()
    label = s[:end].strip()
    if not cells or not re.match(r"\(?[^\W\d]", label) or len(label.split()) > 12:
        return None
    if not any(re.search(r"\d", s[a:b]) for a, b in cells):
        return None
    return cells


@lru_cache(maxsize=4096)
def _years_only(text: str) -> tuple[str, ...] | None:
    """The columns of a header line that holds nothing but them (`2016 2017 2018 2019 2020`, `Onderdeel
    2021 2022 Totaal`): two years or more; None otherwise."""
    columns = year_columns(text)
    if columns is None:
        return None
    rest = text.strip()
    for name in reversed(columns):
        rest = re.sub(r"\s*" + r"\s*".join(map(re.escape, name)) + r"\s*$", "", rest, flags=re.I)
    return tuple(columns) if len(rest.split()) <= 3 and not re.search(r"\d", rest) else None


def year_row(sentences: list[Sentence], index: int) -> list[tuple[int, int, str]] | None:
    """The cells of row `index` with their columns, as (start, end, column) in the line, when the row
    ends in cells under a line of year columns (`2016 2017 2018 2019 2020` over `Maatschappelijke
    Opvang € 54.102.137 € 54.102.137 ...`), with only other rows or captions between. A row with as
    many cells as there are columns gives each cell its column; a row with fewer gives every cell the
    span of the years (`2016-2020`): which year an empty cell without a dash stands for is unknown."""
    if not 0 <= index < len(sentences):
        return None
    cells = _row_cells(sentences[index].text)
    if cells is None:
        return None
    for j in range(index - 1, max(-1, index - MAX_ROWS_UNDER_YEARS), -1):
        text = sentences[j].text
        columns = _years_only(text)
        if columns is not None:
            if len(columns) == len(cells):
                return [(a, b, column) for (a, b), column in zip(cells, columns, strict=True)]
            years = [c for c in columns if YEAR.fullmatch(c)]
            if len(cells) < len(columns) and len(years) == len(columns):
                return [(a, b, f"{years[0]}-{years[-1]}") for a, b in cells]
            return None
        if _row_cells(text) is None and not is_caption(text):
            return None
    return None


def year_of_cell(sentences: list[Sentence], index: int, start: int, end: int) -> str | None:
    """The year column of the cell of row `index` (see `year_row`) holding text[start:end]; None
    outside such a row or under a column that is no year (`Totaal`)."""
    for a, b, column in year_row(sentences, index) or ():
        if a <= start < b:
            return column if re.fullmatch(r"(?:19|20)\d\d(?:[-–](?:19|20)\d\d)?", column) else None
    return None
