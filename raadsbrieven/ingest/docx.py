"""Read a Word letter (.docx) into lines, the way the cleaner reads a PDF page.

A Word file has no pages to speak of, so the letter is one page. Its lines, in order:
- the section headers first (the first page's own header when the letter has one, then the
  default one): the letterhead of a Word letter often sits there (`Datum`, `Ons kenmerk`);
- then the body: every paragraph, and every table row by row with its cells joined by a space
  (`Wachtenden Overvecht 120 135`), the shape of a table line the cleaner and `nl/tables.py` know.

Paragraphs are read from their XML, so text inside content controls, fields and hyperlinks is
kept; text boxes follow their paragraph. A soft line break stays a line break; each paragraph and
each table row is followed by two empty lines, so no paragraph runs into the next. Footers (the
address and page numbers) are left out.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from raadsbrieven.ingest.read import Line, RawPage, ReadError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
TEXTBOX = f"{W}txbxContent"
BREAK = "\n\n"  # two empty lines after a block: one blank line would read as a double-spaced dump


def read_docx(data: bytes) -> tuple[list[RawPage], dict[str, str]]:
    """The letter as one page of lines, and the document's properties (title, author, dates)."""
    from docx import Document

    try:
        document = Document(io.BytesIO(data))
    except Exception as exc:  # python-docx, lxml and zipfile raise many kinds on damaged files
        raise ReadError(f"the Word file is damaged and cannot be opened ({type(exc).__name__})") from exc
    blocks: list[str] = []
    for part in _headers(document):
        blocks.extend(_blocks(part._element))
    blocks.extend(_blocks(document.element.body))
    lines = [Line(" ".join(text.split())) for block in blocks for text in (block + BREAK).split("\n")]
    if not any(line.text for line in lines):
        raise ReadError("the Word file has no text")
    return [RawPage(1, lines)], _properties(document)


def _headers(document: Any) -> Iterator[Any]:
    """Each distinct header with text, the first page's own before the default one."""
    seen: set[int] = set()
    for section in document.sections:
        candidates = [section.first_page_header] if section.different_first_page_header_footer else []
        candidates.append(section.header)
        for header in candidates:
            if header.is_linked_to_previous:
                continue
            element = header._element
            if id(element) not in seen:
                seen.add(id(element))
                yield header


def _blocks(container: Any) -> Iterator[str]:
    """Paragraph texts and table rows of a body, header, cell or content control, in order."""
    for child in container.iterchildren():
        if child.tag == f"{W}p":
            yield from _paragraph(child)
        elif child.tag == f"{W}tbl":
            yield from _table(child)
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _blocks(content)


def _paragraph(p: Any) -> Iterator[str]:
    """The paragraph's text, then the text of the text boxes anchored in it."""
    parts: list[str] = []
    boxes: list[Any] = []
    _walk(p, parts, boxes)
    text = "".join(parts).strip()
    if text:
        yield text
    for box in boxes:
        yield from _blocks(box)


def _walk(element: Any, parts: list[str], boxes: list[Any]) -> None:
    for child in element.iterchildren():
        tag = child.tag
        if tag == MC_FALLBACK:  # the same content again, for older readers
            continue
        if tag == TEXTBOX:
            boxes.append(child)
            continue
        if tag == f"{W}t":
            parts.append(child.text or "")
        elif tag in (f"{W}tab", f"{W}ptab"):
            parts.append("\t")
        elif tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
        elif tag == f"{W}noBreakHyphen":
            parts.append("-")
        elif isinstance(tag, str):
            _walk(child, parts, boxes)


def _table(tbl: Any) -> Iterator[str]:
    """One line per row: its cells' texts joined by a space (a merged cell once)."""
    for tr in tbl.iterchildren(f"{W}tr"):
        cells: list[str] = []
        for tc in tr.iterchildren(f"{W}tc"):
            text = " ".join(" ".join(block.split()) for block in _blocks(tc))
            if text:
                cells.append(text)
        if cells:
            yield " ".join(cells)


def _properties(document: Any) -> dict[str, str]:
    props = document.core_properties
    found = {
        "title": props.title,
        "author": props.author,
        "subject": props.subject,
        "created": props.created.isoformat() if props.created else None,
        "modified": props.modified.isoformat() if props.modified else None,
    }
    return {k: str(v) for k, v in found.items() if v}
