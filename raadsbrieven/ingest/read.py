"""Read a file into pages of lines, choosing the reader by the file's content.

PDF goes through pdfium (`ingest/pdf.py`): its line positions tell running headers and footers
(the top and bottom bands of a page) from body text, and its font sizes tell superscript footnote
markers from body digits. A page without a usable text layer is read by OCR (`ingest/ocr.py`,
Tesseract in Dutch) and says so. A Word letter (.docx) is read by `ingest/docx.py`: its header (the
letterhead) first, its tables row by row. Text is decoded as UTF-8, else as Windows-1252/Latin-1.
HTML keeps the main text and drops navigation and scripts. Anything else is named as what it is,
with what to do (`ingest/filetypes.py`).

The pdfplumber reader that came before stays as `read_pdf_pdfplumber`, for comparing the two
(bench/compare_readers.py); nothing else uses it.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from raadsbrieven.ingest.filetypes import reason, sniff
from raadsbrieven.ingest.xml_text import looks_like_xml, xml_to_text

log = logging.getLogger(__name__)


class ReadError(Exception):
    """A file that cannot be read as a letter; the message says why, in plain words."""


@dataclass(frozen=True)
class Line:
    text: str
    top: float | None = None  # distance from the page top, in points (PDF only)
    bottom: float | None = None
    size: float | None = None  # median character size (PDF only)


@dataclass
class RawPage:
    number: int
    lines: list[Line]
    height: float | None = None
    ocr: bool = False  # the text was read from the page's image, not from its text layer
    ocr_engine: str | None = None  # e.g. "tesseract 5.3.0 (nld)"
    quality: float | None = None  # share of the page's words that are readable Dutch (0-1), if judged

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass
class RawDocument:
    name: str
    path: str
    format: str  # pdf, docx, txt, html
    content_hash: str
    pages: list[RawPage]
    encoding: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)


def detect_format(data: bytes, name: str) -> str:
    """'pdf', 'docx', 'html' or 'txt'; raises ReadError naming anything that is not a letter.

    Chosen by content, not by name: an image, spreadsheet, old Word file or archive is named as
    what it is with what to do (`ingest/filetypes.py`), also when it was renamed to .pdf.
    """
    if not data.strip():
        raise ReadError("the file is empty")
    head = data[:1024]
    if head.lstrip().startswith(b"%PDF-"):
        return "pdf"
    kind = sniff(data, name)
    if kind == "docx":
        return "docx"
    if kind is not None:
        raise ReadError(reason(kind, name))
    if name.lower().endswith(".pdf"):
        raise ReadError("the file is named .pdf but is not a PDF (it does not start with %PDF-)")
    sample = head.lower()
    if looks_like_xml(head):  # an XML publication (officielebekendmakingen.nl), read by ingest/xml_text.py
        return "xml"
    if b"<html" in sample or b"<!doctype html" in sample or (b"<body" in sample and b"</" in sample):
        return "html"
    if _looks_binary(data):
        raise ReadError("the file is binary, not text")
    return "txt"


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return control > len(sample) * 0.05


def decode_text(data: bytes) -> tuple[str, str]:
    """Text and the encoding used: UTF-8 (with or without BOM), else Windows-1252, else Latin-1."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding), "utf-8" if encoding == "utf-8-sig" else encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


# A UTF-8 lead byte read as Latin-1/Windows-1252 ("Ã", "â", "ï") before a continuation byte read so
# ("©", "\x82", "€", "»"): without such a pair no text is double-encoded, and ftfy (0.3 s to import)
# is not needed.
_MOJIBAKE_PAIR = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)


def repair_mojibake(text: str) -> tuple[str, bool]:
    """UTF-8 that was once read as Windows-1252 or Latin-1 and saved again ("Ã©Ã©n" for "één", "â‚¬"
    for "€", a BOM as "ï»¿"): undone by ftfy, which changes only text that reads as such a mix-up."""
    if not _MOJIBAKE_PAIR.search(text):
        return text, False
    import ftfy

    if not ftfy.is_bad(text):
        return text, False
    fixed = ftfy.fix_encoding(text).lstrip("\ufeff")
    return fixed, fixed != text


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_file(path: str | Path) -> RawDocument:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot open the file ({exc.strerror or exc})") from exc
    return read_bytes(data, path.name, str(path))


def read_bytes(data: bytes, name: str, path: str = "", digest: str | None = None) -> RawDocument:
    """Read a file's bytes; `digest` is their sha256 when the caller has computed it already."""
    fmt = detect_format(data, name)
    digest = digest or content_hash(data)
    if fmt == "pdf":
        from raadsbrieven.ingest.ocr import read_pdf_with_ocr

        pages, meta = read_pdf_with_ocr(data)
        return RawDocument(name, path, fmt, digest, pages, metadata=meta)
    if fmt == "docx":
        from raadsbrieven.ingest.docx import read_docx

        pages, meta = read_docx(data)
        return RawDocument(name, path, fmt, digest, pages, metadata=meta)
    if fmt == "xml":
        try:
            text, encoding = xml_to_text(data), "utf-8"
        except ValueError as exc:
            raise ReadError(str(exc)) from exc
    else:
        text, encoding = decode_text(data)
    if fmt == "html":
        text = html_to_text(text)
    text, repaired = repair_mojibake(text)
    if repaired:
        encoding = f"{encoding}, mojibake repaired"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    chunks = text.split("\f")  # a form feed is a page break in pdftotext output
    pages = [RawPage(i + 1, [Line(t) for t in chunk.split("\n")]) for i, chunk in enumerate(chunks)]
    if not any(line.text.strip() for page in pages for line in page.lines):
        raise ReadError("the file has no text")
    return RawDocument(name, path, fmt, digest, pages, encoding=encoding)


# ---------------------------------------------------------------- PDF (pdfplumber, the old reader)


def read_pdf_pdfplumber(data: bytes) -> tuple[list[RawPage], dict[str, str]]:
    """The reader before pdfium: pdfplumber on every page, no OCR (kept to compare the two)."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PDFPasswordIncorrect as exc:
        raise ReadError("the PDF is encrypted (password protected); save an unprotected copy") from exc
    except (PDFSyntaxError, Exception) as exc:  # pdfminer raises many kinds on damaged files
        if "password" in str(exc).lower() or type(exc).__name__ == "PdfminerException" and _encrypted(exc):
            raise ReadError("the PDF is encrypted (password protected); save an unprotected copy") from exc
        raise ReadError(f"the PDF is damaged and cannot be opened ({type(exc).__name__})") from exc
    try:
        with pdf:
            meta = {k: str(v) for k, v in (pdf.metadata or {}).items() if isinstance(v, str | int | float)}
            pages = [_read_pdf_page(page) for page in pdf.pages]
    except ReadError:
        raise
    except Exception as exc:
        if _encrypted(exc):
            raise ReadError("the PDF is encrypted (password protected); save an unprotected copy") from exc
        raise ReadError(f"the PDF is damaged: reading its pages failed ({type(exc).__name__})") from exc
    if not pages:
        raise ReadError("the PDF has no pages")
    if not any(line.text.strip() for page in pages for line in page.lines):
        raise ReadError("the PDF has no text layer (a scanned document?); run OCR on it first")
    return pages, meta


def _encrypted(exc: BaseException) -> bool:
    while exc is not None:
        if "password" in repr(exc).lower() or "encrypt" in repr(exc).lower():
            return True
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    return False


def _read_pdf_page(page) -> RawPage:  # noqa: ANN001 - pdfplumber.page.Page
    chars = page.chars
    body_size = _median([c["size"] for c in chars]) if chars else 0.0
    if body_size:
        # superscript footnote markers: small digits raised above their line
        page = page.filter(lambda obj: not _is_superscript(obj, body_size))
    found = []
    for ln in page.extract_text_lines(layout=False, strip=True, return_chars=True):
        sizes = [c["size"] for c in ln.get("chars", []) if c.get("size")]
        found.append(
            Line(ln["text"], float(ln["top"]), float(ln["bottom"]), _median(sizes) if sizes else None)
        )
    return RawPage(page.page_number, with_paragraph_gaps(found), float(page.height))


def with_paragraph_gaps(lines: list[Line]) -> list[Line]:
    """Insert an empty line where the vertical gap between two lines is clearly wider than usual.

    Lines without a position (an empty line already there) have no gap to their neighbours.
    """
    pairs = list(zip(lines, lines[1:], strict=False))
    gaps = [b.top - a.bottom if a.bottom is not None and b.top is not None else None for a, b in pairs]
    positive = sorted(g for g in gaps if g is not None and g > 0)
    if not positive:
        return lines
    usual = positive[len(positive) // 4]  # the tight spacing inside paragraphs
    out = [lines[0]]
    for (prev, line), gap in zip(pairs, gaps, strict=True):
        if gap is not None and gap > max(usual * 1.8, (prev.size or 10) * 0.6):
            out.append(Line(""))
        out.append(line)
    return out


def _is_superscript(obj: dict, body_size: float) -> bool:
    if obj.get("object_type") != "char":
        return False
    text = obj.get("text", "")
    return bool(re.fullmatch(r"[0-9*¹²³⁴⁵⁶⁷⁸⁹⁰]", text)) and obj.get("size", body_size) < body_size * 0.75


def _median(values: list[float]) -> float:
    values = sorted(values)
    return values[len(values) // 2] if values else 0.0


# ---------------------------------------------------------------- HTML

_BLOCK_TAGS = (
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "td",
    "th",
    "div",
    "section",
    "article",
    "br",
    "tr",
)


def html_to_text(html: str) -> str:
    """The main text of a web page: headings, paragraphs, list items; no nav, scripts, styles."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    for tag in soup(
        ["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg"]
    ):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    for br in root.find_all("br"):
        br.replace_with("\n")
    parts: list[str] = []
    for el in root.find_all(_BLOCK_TAGS):
        if el.find(_BLOCK_TAGS):
            continue  # only leaf blocks, so nothing is said twice
        text = " ".join(el.get_text(" ").split())
        if text:
            parts.append(("• " if el.name == "li" else "") + text)
    if not parts:
        parts = [" ".join(root.get_text(" ").split())]
    return "\n\n".join(parts)
