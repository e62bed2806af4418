"""The CLI's text tables: the terminal's width with wrapped cells, or whole values when piped.

A value is never cut. On a terminal (or with COLUMNS set) the table fits the width by wrapping
the widest columns first; when that would leave a column of words too narrow to read, each row
is printed as one `field  value` line per field instead. Piped into a file or another program the
table prints every value whole, one row a line, so `raadsbrieven facts | grep Overvecht` sees the
whole sentence.
"""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Sequence
from typing import Any, TextIO

NOTHING = "(niets gevonden)"
MIN_WIDTH = 10  # a column is not wrapped narrower than this (or its header, or its widest value)
READABLE = 20  # a column of words narrower than this is hard to read: one field a line instead


def output_width(stream: TextIO) -> int | None:
    """The width to fit: $COLUMNS when set, the terminal's width on a terminal, else None (piped)."""
    env = os.environ.get("COLUMNS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    isatty = getattr(stream, "isatty", None)
    if isatty is not None and isatty():
        return shutil.get_terminal_size((100, 20)).columns
    return None


def cell_text(value: Any) -> str:
    """A value as one line of text: None empty, 5.0 as 5, whitespace collapsed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def render_table(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    width: int | None = None,
    headers: dict[str, str] | None = None,
) -> str:
    """An aligned text table; with `width`, long cells wrap so each line fits (none is cut)."""
    if not rows:
        return NOTHING
    titles = [(headers or {}).get(c, c) for c in columns]
    cells = [[cell_text(row.get(c)) for c in columns] for row in rows]
    natural = [max([len(t)] + [len(r[i]) for r in cells]) for i, t in enumerate(titles)]
    widths = _fit(natural, titles, cells, width) if width else natural
    if width and any(w < min(n, READABLE) for w, n in zip(widths, natural, strict=True)):
        return _records(titles, cells, width)
    head = [_line(titles, widths), _line(["-" * w for w in widths], widths)]
    blocks = [_row_lines(row, widths) for row in cells]
    if all(len(block) == 1 for block in blocks):
        return "\n".join(head + [block[0] for block in blocks])
    # a row over several lines: an empty line between rows shows where each one ends
    return "\n".join(head + ["\n\n".join("\n".join(block) for block in blocks)])


def _records(titles: list[str], cells: list[list[str]], width: int) -> str:
    """Too many columns for the width: each row as `field  value` lines, values wrapped."""
    label = max(len(t) for t in titles)
    room = max(MIN_WIDTH, width - label - 2)
    blocks = []
    for row in cells:
        lines = []
        for title, text in zip(titles, row, strict=True):
            for k, part in enumerate(_wrap(text, room)):
                lines.append(f"{(title if k == 0 else '').ljust(label)}  {part}".rstrip())
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _row_lines(row: list[str], widths: list[int]) -> list[str]:
    parts = [_wrap(text, w) for text, w in zip(row, widths, strict=True)]
    height = max(len(p) for p in parts)
    return [_line([p[k] if k < len(p) else "" for p in parts], widths) for k in range(height)]


def _fit(natural: list[int], titles: list[str], cells: list[list[str]], width: int) -> list[int]:
    """Column widths that fit `width`: the widest column gives up a character until all fit.

    Columns of words (sentences, titles) give way first; columns of single tokens (a file name,
    a date) only when the words alone cannot make the table fit.
    """
    widths = list(natural)
    floor = [min(n, max(len(t), MIN_WIDTH)) for n, t in zip(natural, titles, strict=True)]
    words = [any(" " in row[i] for row in cells) for i in range(len(widths))]
    gaps = 2 * (len(widths) - 1)
    for allowed in (words, [True] * len(widths)):
        while sum(widths) + gaps > width:
            shrinkable = [i for i, w in enumerate(widths) if allowed[i] and w > floor[i]]
            if not shrinkable:
                break  # as narrow as it gets: lines run past the terminal, nothing is cut
            widths[max(shrinkable, key=lambda i: widths[i])] -= 1
    return widths


def _wrap(text: str, width: int) -> list[str]:
    if len(text) <= width:
        return [text]
    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]


def _line(parts: list[str], widths: list[int]) -> str:
    return "  ".join(p.ljust(w) for p, w in zip(parts, widths, strict=True)).rstrip()
