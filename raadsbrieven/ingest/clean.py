"""Turn a document's pages of lines into clean text made of blocks.

A block is a paragraph, heading, bullet, footnote, URL line, table row or an
orphan chart number ("residue"). Wrapped lines are joined, end-of-line
hyphenation undone (but "Noord-West" and "zorg- en welzijn" kept), running
headers/footers and page numbers dropped. Blocks are separated by a blank line
in the cleaned text, so no sentence ever crosses a block boundary. The raw
document is not changed: cleaning returns a new object.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from raadsbrieven.ingest.read import Line, RawDocument
from raadsbrieven.nl.dates import find_dates
from raadsbrieven.nl.tables import header_scale, is_caption, is_table_line, parse_row, year_columns

PAGE_NUMBER = re.compile(
    r"^\s*(?:(?:pagina|page|blad|pag\.?)\s*\d+(?:\s*(?:van|/|of)\s*\d+)?|\d+\s*(?:/|van)\s*\d+"
    r"|[-–—]\s*\d+\s*[-–—]|\d{1,3})\s*$",
    re.IGNORECASE,
)
LONE_NUMBER = re.compile(r"^\s*[-+–]?\s*(?:€\s*)?\d(?:[\d.,]*\d)?\s*(?:%|procent)?\s*$")
URL_LINE = re.compile(r"^\s*(?:https?://|www\.)\S+\s*$", re.IGNORECASE)
BULLET = re.compile(r"^\s*(?:[•▪●◦·\-–—*]|o(?=\s)|\d{1,2}[.)](?=\s)|[a-z][.)](?=\s))\s*")
TERMINAL = (".", "!", "?", ":", ";", '"', "”", "’")
NUMBER_TOKEN = re.compile(r"[-+]?€?\d[\d.,]*%?")
HYPHENATED = re.compile(r"\w-\Z")  # matched at the end only: a paragraph's text grows line by line
KEEP_HYPHEN_NEXT = {"en", "of", "tot", "t/m", "dan", "en/of"}
LETTERHEAD = re.compile(
    r"^\s*(?:datum|ons kenmerk|uw kenmerk|kenmerk|onderwerp|betreft|retouradres|bijlage\(?n?\)?|"
    r"behandeld door|telefoon|e-?mail|portefeuille|portefeuillehouder|verzonden|registratienummer|"
    r"aan:?\s+(?:de\s+)?(?:leden|gemeenteraad|raad|voorzitter))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Block:
    start: int
    end: int
    kind: str  # para, heading, bullet, footnote, url, table, residue, letterhead
    page: int


@dataclass
class CleanDocument:
    text: str
    blocks: list[Block]
    page_spans: list[tuple[int, int, int]]  # (page number, start, end) in text
    warnings: list[str] = field(default_factory=list)
    paged: bool = True  # False for text and HTML: their sentences have no page

    def page_at(self, offset: int) -> int | None:
        if not self.paged:
            return None
        for number, start, end in self.page_spans:
            if start <= offset < end:
                return number
        return self.page_spans[-1][0] if self.page_spans else 1


_DIGITS = re.compile(r"\d+")


def _norm(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.lower().split()))


def _running_lines(raw: RawDocument) -> set[str]:
    """Normalised lines that repeat at the top or bottom of most pages.

    A line counts as repeated on a page when that page has the same line, or one that contains it
    ("'s-Gravenhage Tweede Kamer, vergaderjaar 2014-2015, nr. 8 1" on page 1 and the same footer
    without the place on the other pages).
    """
    if len(raw.pages) < 2:
        return set()
    per_page: list[set[str]] = []
    for page in raw.pages:
        lines = [ln for ln in page.lines if ln.text.strip()]
        per_page.append({_norm(ln.text) for ln in lines[:3] + lines[-3:] if _in_band(ln, page.height)})
    need = max(2, (len(raw.pages) + 1) // 2)
    running = set()
    for text in set().union(*per_page):
        if len(text) >= 120:
            continue
        pages = sum(1 for edge in per_page if _on_edge(text, edge))
        if pages >= need:
            running.add(text)
    return running


def _on_edge(text: str, edge: set[str]) -> bool:
    """Whether a page's edge lines hold the line, or (both 15 characters or more) one holding the other."""
    if text in edge:
        return True
    return len(text) >= 15 and any(len(other) >= 15 and (text in other or other in text) for other in edge)


def _in_band(line: Line, height: float | None) -> bool:
    if line.top is None or not height:
        return True  # text files: the first and last lines of a page
    return line.top < height * 0.14 or (line.bottom or line.top) > height * 0.86


def _page_lines(raw: RawDocument, warnings: list[str]) -> list[tuple[int, list[tuple[str, str]]]]:
    """Per page: (line text, role) where role is '' for body, 'footnote', or the line is dropped."""
    running = _running_lines(raw)
    dropped = 0
    out = []
    for page in raw.pages:
        lines = page.lines
        nonblank = [i for i, ln in enumerate(lines) if ln.text.strip()]
        edges = set(nonblank[:2] + nonblank[-2:])
        sizes = sorted(ln.size for ln in lines if ln.size)
        body_size = sizes[len(sizes) // 2] if sizes else None
        kept: list[tuple[str, str]] = []
        for i, ln in enumerate(lines):
            text = ln.text.rstrip()
            if not text.strip():
                kept.append(("", ""))
                continue
            on_edge = i in edges and _in_band(ln, page.height)
            if _norm(text) in running and on_edge or (on_edge and PAGE_NUMBER.match(text)):
                dropped += 1
                continue
            if raw.format != "pdf" and re.match(r"^\s*pagina\s*\d+\s*(van\s*\d+)?\s*$", text, re.I):
                dropped += 1
                continue
            role = ""
            if (
                body_size
                and ln.size
                and ln.size < body_size * 0.9
                and page.height
                and (ln.top or 0) > page.height * 0.6
            ):
                role = "footnote"  # small print low on the page
            elif page.number == raw.pages[0].number and (
                LETTERHEAD.match(text) or (page.height and ln.top is not None and ln.top < page.height * 0.08)
            ):
                role = "letterhead"
            kept.append((text, role))
        while kept and not kept[-1][0].strip():
            kept.pop()  # blank lines above a dropped footer do not end a paragraph
        out.append((page.number, kept))
    if dropped:
        warnings.append(f"dropped {dropped} running header/footer or page-number lines")
    return out


def _double_spaced(pages: list[tuple[int, list[tuple[str, str]]]]) -> bool:
    """Text where every wrapped line is followed by one blank line (seen in PDF-to-text dumps)."""
    singles = total = 0
    for _, lines in pages:
        for i in range(len(lines) - 2):
            if lines[i][0].strip():
                total += 1
                if not lines[i + 1][0].strip() and lines[i + 2][0].strip():
                    singles += 1
    return total > 20 and singles / total > 0.6


def _line_kind(text: str) -> str:
    if URL_LINE.match(text):
        return "url"
    if LONE_NUMBER.match(text):
        return "residue"
    if _is_table_row(text):
        return "table"
    if BULLET.match(text) and not re.match(r"^\s*-?\d", text.strip()[:1] + "x"):
        return "bullet"
    return ""


def _is_table_row(text: str) -> bool:
    if text.rstrip().endswith((".", "!", "?")):
        return False
    tokens = text.split()
    numbers = [t for t in tokens if NUMBER_TOKEN.fullmatch(t)]
    return len(numbers) >= 2 and len(numbers) >= len(tokens) / 2 and not find_dates(text)


def _money_table_line(text: str, rest: list[tuple[str, str]], in_table: bool) -> bool:
    """A header naming the euro unit with table lines under it, or a line of such a table.

    Its rows (`Provinciale jeugdzorg 29,5`) have one number only, so they are not table rows by
    themselves; under such a header they are, and a short line without values (`Raming 2015:`) too
    when it ends in a colon or a row follows.
    """
    nxt = next((t for t, _ in rest if t.strip()), "")
    if header_scale(text) is not None:
        return in_table or is_table_line(nxt)
    if not in_table:
        return False
    if parse_row(text) or year_columns(text):
        return True
    return is_caption(text) and (text.rstrip().endswith(":") or parse_row(nxt) is not None)


def _heading_like(text: str, typical: float) -> bool:
    s = text.strip()
    if not s or s.endswith(TERMINAL) or s.endswith((",", "-")) or len(s) > 90:
        return False
    if len(s) > typical * 0.7:
        return False
    return s[0].isupper() or s[0].isdigit()


def join_lines(prev: str, nxt: str) -> str:
    """Join a wrapped line to the next, undoing end-of-line hyphenation."""
    prev, nxt = prev.rstrip(), nxt.strip()
    if HYPHENATED.match(prev, max(0, len(prev) - 2)) and nxt:
        first = nxt.split()[0]
        if first[0].islower() and first.lower().strip(",.;:") not in KEEP_HYPHEN_NEXT:
            return prev[:-1] + nxt  # ver- + anderen -> veranderen
        return prev + nxt if first[0].isupper() else prev + " " + nxt  # Noord- + West -> Noord-West
    return prev + " " + nxt


def clean(raw: RawDocument) -> CleanDocument:
    warnings: list[str] = []
    pages = _page_lines(raw, warnings)
    double = _double_spaced(pages)
    lengths = sorted(len(t) for _, lines in pages for t, _ in lines if t.strip())
    typical = max(60.0, float(lengths[int(len(lengths) * 0.75)])) if lengths else 80.0

    blocks: list[tuple[str, str, int]] = []  # text, kind, page
    current: list[str] = []
    current_page = 1
    current_kind = "para"

    aside: list[tuple[str, str, int]] = []  # footnotes wait until the paragraph around them ends
    in_table = False  # inside a table whose header names the euro unit (`Bedrag (in milj. €)`)

    def flush() -> None:
        nonlocal current, current_kind
        if current:
            text = current[0]
            for line in current[1:]:
                text = join_lines(text, line)
            blocks.append((" ".join(text.split()), current_kind, current_page))
        blocks.extend(aside)
        aside.clear()
        current, current_kind = [], "para"

    for number, lines in pages:
        blank_run = 0
        page_started = False  # blank lines above the first line of a page do not end a paragraph
        for idx, (text, role) in enumerate(lines):
            if not text.strip() and not page_started:
                continue
            page_started = True
            if not text.strip():
                blank_run += 1
                if not double or blank_run >= 2:
                    flush()
                continue
            blank_run = 0
            if role in ("", "footnote") and _money_table_line(text, lines[idx + 1 :], in_table):
                flush()  # a header naming the euro unit, and the rows under it: one block per line
                blocks.append((" ".join(text.split()), "table", number))
                in_table = True
                continue
            in_table = False
            if role == "footnote":
                aside.append((" ".join(text.split()), role, number))
                continue
            if role:
                flush()
                blocks.append((" ".join(text.split()), role, number))
                continue
            kind = _line_kind(text)
            if kind in ("url", "residue", "table"):
                flush()
                blocks.append((" ".join(text.split()), kind, number))
                continue
            if kind == "bullet":
                flush()
                current, current_kind, current_page = [text], "bullet", number
                continue
            nxt = next((t for t, _ in lines[idx + 1 :] if t.strip()), "")
            if (
                not current
                and _heading_like(text, typical)
                and (not nxt or nxt.strip()[:1].isupper() or BULLET.match(nxt))
            ):
                blocks.append((" ".join(text.split()), "heading", number))
                continue
            if current and current[-1].rstrip().endswith(TERMINAL) and len(current[-1]) < typical * 0.6:
                flush()  # a short line ending a sentence closes its paragraph
            if (
                current
                and _heading_like(text, typical)
                and current[-1].rstrip().endswith(TERMINAL)
                and (not nxt or nxt.strip()[:1].isupper())
            ):
                flush()
                blocks.append((" ".join(text.split()), "heading", number))
                continue
            if not current:
                current_page = number
            current.append(text)
        # a paragraph may run on to the next page; it keeps the page it started on
        if current and current[-1].rstrip().endswith(TERMINAL):
            flush()
    flush()

    blocks = _merge_continuations(blocks)
    parts: list[str] = []
    out_blocks: list[Block] = []
    offset = 0
    for text, kind, page in blocks:
        if not text:
            continue
        if parts:
            offset += 2
        out_blocks.append(Block(offset, offset + len(text), kind, page))
        parts.append(text)
        offset += len(text)
    full = "\n\n".join(parts)
    spans = _page_spans(out_blocks, [n for n, _ in pages], len(full))
    return CleanDocument(full, out_blocks, spans, warnings, paged=raw.format == "pdf")


def _merge_continuations(blocks: list[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
    """A paragraph cut by a blank line or page break goes on when the next one starts in lower case."""
    merged: list[tuple[str, str, int]] = []
    for text, kind, page in blocks:
        if (
            merged
            and kind == "para"
            and merged[-1][1] in ("para", "bullet")
            and text[:1].islower()
            and not merged[-1][0].endswith((".", "!", "?"))
        ):
            prev_text, prev_kind, prev_page = merged[-1]
            merged[-1] = (join_lines(prev_text, text), prev_kind, prev_page)
            continue
        merged.append((text, kind, page))
    return merged


def _page_spans(blocks: list[Block], numbers: list[int], length: int) -> list[tuple[int, int, int]]:
    starts: dict[int, int] = {}
    for b in blocks:
        starts.setdefault(b.page, b.start)
    spans = []
    ordered = [(n, starts[n]) for n in numbers if n in starts]
    for i, (n, s) in enumerate(ordered):
        e = ordered[i + 1][1] if i + 1 < len(ordered) else length
        spans.append((n, s, e))
    return spans
