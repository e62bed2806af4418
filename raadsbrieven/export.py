"""Write rows as a table, JSON Lines, CSV or XLSX: one place for every command and the app."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

FORMATS = ("table", "jsonl", "csv", "xlsx")
# Added to the facts contract's fields in exports: the fact's page was read by OCR, and by what.
OCR_FIELDS = ("ocr", "ocr_engine")


def _cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def with_ocr(rows: Iterable[dict[str, Any]], ocr: Mapping[str, str | None]) -> list[dict[str, Any]]:
    """Facts rows (`Fact.to_contract()`) with `ocr` and `ocr_engine`, from `store.ocr_queries.ocr_facts`:
    a figure read from a scan may be misread, so an export says where it came from."""
    out = []
    for row in rows:
        hit = row.get("id") in ocr
        out.append({**row, "ocr": hit, "ocr_engine": ocr[row["id"]] if hit else None})
    return out


def write_jsonl(rows: Iterable[dict[str, Any]], out: TextIO) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(rows: Sequence[dict[str, Any]], out: TextIO, columns: Sequence[str] | None = None) -> int:
    columns = list(columns or (rows[0].keys() if rows else []))
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in columns})
    return len(rows)


def xlsx_bytes(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str] | None = None,
    headers: dict[str, str] | None = None,
    sheet: str = "raadsbrieven",
) -> bytes:
    """An .xlsx file: one row per entry, readable column names, frozen header row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    columns = list(columns or (rows[0].keys() if rows else []))
    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    ws.append([(headers or {}).get(c, c) for c in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_cell(row.get(c)) for c in columns])
    ws.freeze_panes = "A2"
    for i, col in enumerate(columns, 1):
        width = max(
            [len(str((headers or {}).get(col, col)))]
            + [len(str(_cell(r.get(col)) or "")) for r in rows[:200]]
        )
        ws.column_dimensions[ws.cell(1, i).column_letter].width = min(60, max(8, width + 2))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def format_table(
    rows: Sequence[dict[str, Any]], columns: Sequence[str], widths: dict[str, int] | None = None
) -> str:
    """A plain aligned text table that fits the terminal; long cells are cut with '…'."""
    if not rows:
        return "(nothing found)"
    term = shutil.get_terminal_size((140, 20)).columns
    widths = dict(widths or {})
    for col in columns:
        if col not in widths:
            widths[col] = min(40, max(len(col), *(len(_str(r.get(col))) for r in rows)))
    lines = ["  ".join(col.ljust(widths[col]) for col in columns)]
    lines.append("  ".join("-" * widths[col] for col in columns))
    for row in rows:
        lines.append("  ".join(_fit(_str(row.get(col)), widths[col]) for col in columns))
    return "\n".join(line[:term].rstrip() for line in lines)


def _str(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _fit(text: str, width: int) -> str:
    return text.ljust(width) if len(text) <= width else text[: width - 1] + "…"
