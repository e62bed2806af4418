"""A PDF's pages as lines with positions and sizes, read through pdfium's text API (pypdfium2).

pdfium gives a page's characters in reading order, with its own line breaks (generated "\\r\\n") and
word spaces. This module turns them into what the cleaner needs, the lines pdfplumber used to give:
each visual line once, top to bottom, its words left to right, with its top and bottom (points from
the page top, for the header/footer bands and paragraph gaps) and its font size (for footnotes).

A pdfium line costs a handful of calls: the page's text comes in one call, then per line one sample
character (origin, font size, matrix) and pdfium's boxes of its text objects
(`FPDFText_CountRects`/`GetRect`). Only a line that is not simple is read character by character:
a small raised run (a footnote marker), a box off the baseline (pdfium joins a line that ends in a
hyphen to the next one), a wide gap between two boxes (columns), rotated text. pdfium marks a
hyphen it joined that way with U+FFFE (U+0002 in its character list); the line is split there
again and the hyphen written as "-", so the cleaner undoes the hyphenation as before. A soft hyphen
(U+00AD) becomes "-" at a line end and disappears inside a line.

Superscript footnote markers (small digits raised above the text beside them) are dropped; small
digits that are not raised (a footer's "kst-33900-12", a page number) are kept, which the old
reader did not. Runs on one baseline (a letterhead's label and value, text beside a removed
marker) are joined into one line, like pdfplumber's line clustering, except a side column: small
print in a column right of the body (the national house style's sender, date and reference) is
kept as a block of its own, before the paragraph beside which it begins, instead of landing in
the middle of the body's sentences.

pdfium is not thread-safe: `PDFIUM_LOCK` keeps one document open at a time in a process (the app
reads uploads in threads). Pages without a usable text layer are read by OCR (`ingest/ocr.py`).
"""

from __future__ import annotations

import ctypes
import re
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from raadsbrieven.ingest.read import Line, RawPage, ReadError, with_paragraph_gaps

PDFIUM_LOCK = threading.RLock()
_PAGE_LISTENERS: list[Callable[[int], None]] = []


def on_page_read(listener: Callable[[int], None]) -> None:
    """Call `listener(number)` after each PDF page is read (OCR included): a reader child tells its
    parent it is still getting on, so a long scan is not taken for a hung letter."""
    _PAGE_LISTENERS.append(listener)


SUPERSCRIPT_CHARS = re.compile(r"[0-9*¹²³⁴⁵⁶⁷⁸⁹⁰]+")
# A line that may hold a footnote marker: digits right after a word or its punctuation
# ("jeugdhulp.1", "onderwijs.4"), or a short number opening it (the marker before a footnote).
# A marker raised only a little hides from pdfium's boxes, so such lines are read char by char.
MARKER_HINT = re.compile(
    r"(?P<word>[^\W\d_][.,;:)’”\"']?)(?P<after>[0-9¹²³⁴⁵⁶⁷⁸⁹⁰*]{1,3})(?![0-9])"
    r"|^\s*(?P<before>[0-9¹²³⁴⁵⁶⁷⁸⁹⁰*]{1,3})\s+(?P<next>\S)"
)
_CONTROL = {0x2, 0x3, 0x93, 0x94, 0x96, 0x97, 0x98}
_HYPHEN_MARK = "\ufffe"  # pdfium's mark for a hyphen that ended a line it joined to the next
# pdfium's line breaks, and its hyphen mark between two letters (alone, U+FFFE is a glyph it could
# not map to a character)
_BREAKS = re.compile(r"\r\n|(?<=[^\W\d_])\ufffe(?=\w)")


@dataclass
class Segment:
    """A run of text on one baseline: a simple pdfium line, or part of one read char by char."""

    text: str
    x0: float
    x1: float
    base: float  # baseline, points from the page top
    size: float  # font size in points
    upright: bool = True
    span: tuple[int, int] | None = None  # the character range of a simple segment (read in one piece)


class _Page:
    """One page's text page and the conversions from PDF user space to top-down page coordinates."""

    def __init__(self, raw, page, width: float, height: float, rotation: int, box) -> None:  # noqa: ANN001
        self.raw = raw  # pypdfium2.raw
        self.page = page
        self.width, self.height, self.rotation = width, height, rotation
        self.x0, self.y0, self.x1, self.y1 = box
        self.tp = raw.FPDFText_LoadPage(page)
        self._l, self._t, self._r, self._b = (ctypes.c_double() for _ in range(4))
        self._x, self._y = ctypes.c_double(), ctypes.c_double()
        self._m = raw.FS_MATRIX()

    def close(self) -> None:
        if self.tp:
            self.raw.FPDFText_ClosePage(self.tp)
            self.tp = None

    def to_top(self, x: float, y: float) -> tuple[float, float]:
        """A point in PDF user space as (x from the left, y from the top) of the page as shown."""
        r = self.rotation
        if r == 0:
            return x - self.x0, self.y1 - y
        if r == 1:  # 90° clockwise: the left edge is on top
            return y - self.y0, x - self.x0
        if r == 2:
            return self.x1 - x, y - self.y0
        return self.y1 - y, self.x1 - x

    def upright(self, a: float, b: float) -> bool:
        """Whether a character whose matrix starts (a, b) reads left to right on the page as shown."""
        dx, dy = {0: (a, b), 1: (b, -a), 2: (-a, -b), 3: (-b, a)}[self.rotation]
        return dx > 0 and abs(dy) <= 0.1 * dx

    def char(self, i: int) -> tuple[float, float, float, bool]:
        """(x, baseline, font size, upright) of character i, in top-down page coordinates."""
        raw, tp, m = self.raw, self.tp, self._m
        raw.FPDFText_GetCharOrigin(tp, i, self._x, self._y)
        raw.FPDFText_GetMatrix(tp, i, m)
        a, b, c, d = m.a, m.b, m.c, m.d
        scale = d if c == 0 and d > 0 else (c * c + d * d) ** 0.5 or 1.0
        size = raw.FPDFText_GetFontSize(tp, i) * scale
        x, y = self._x.value, self._y.value
        if self.rotation == 0:
            return x - self.x0, self.y1 - y, size, a > 0 and abs(b) <= 0.1 * a
        x, base = self.to_top(x, y)
        return x, base, size, self.upright(a, b)

    def char_right(self, i: int) -> float:
        self.raw.FPDFText_GetCharBox(self.tp, i, self._l, self._r, self._b, self._t)
        xs = (self.to_top(self._l.value, self._b.value)[0], self.to_top(self._r.value, self._t.value)[0])
        return max(xs)

    def rects(self, start: int, count: int) -> list[tuple[float, float, float, float]]:
        """pdfium's boxes of the text objects in a character range, as (x0, top, x1, bottom)."""
        raw, tp = self.raw, self.tp
        out = []
        for k in range(raw.FPDFText_CountRects(tp, start, count)):
            raw.FPDFText_GetRect(tp, k, self._l, self._t, self._r, self._b)
            ax, ay = self.to_top(self._l.value, self._t.value)
            bx, by = self.to_top(self._r.value, self._b.value)
            out.append((min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
        return out


def page_chars(raw, tp, n: int) -> str:  # noqa: ANN001
    """The page's characters, one per index of pdfium's character list (control characters as '')."""
    buf = (ctypes.c_ushort * (n + 1))()
    got = raw.FPDFText_GetText(tp, 0, n, buf)
    text = bytes(memoryview(buf)[: max(got - 1, 0)]).decode("utf-16-le", errors="replace")
    if len(text) == n:
        return text
    # Control characters are left out of pdfium's text (rare): read the character list itself.
    chars = []
    for i in range(n):
        code = raw.FPDFText_GetUnicode(tp, i)
        if code == 0x2 and raw.FPDFText_IsHyphen(tp, i):
            chars.append(_HYPHEN_MARK)
        elif code in _CONTROL or code == 0 or code > 0x10FFFF:
            chars.append("\x00")
        else:
            chars.append(chr(code))
    return "".join(chars)


def _ranges(chars: str) -> list[tuple[int, int]]:
    """pdfium's lines as character ranges, split again where pdfium joined a hyphenated line."""
    out = []
    start = 0
    for m in _BREAKS.finditer(chars):
        if m.group() == _HYPHEN_MARK:
            out.append((start, m.end()))  # the hyphen stays with its line
            start = m.end()
        else:
            out.append((start, m.start()))
            start = m.end()
    out.append((start, len(chars)))
    return [(s, e) for s, e in out if e > s]


def _clean_text(text: str) -> str:
    if text.endswith(_HYPHEN_MARK):
        text = text[:-1] + "-"
    text = text.replace(_HYPHEN_MARK, "").replace("\x00", "")
    if "\u00ad" not in text:
        return text
    text = re.sub(r"\u00ad(?=\s*$)", "-", text)  # a soft hyphen ends the line: a hyphenated word
    return text.replace("\u00ad", "")


def _middle_char(chars: str, s: int, e: int) -> int | None:
    """The visible character nearest the middle of the range (its font size stands for the line's)."""
    mid = (s + e) // 2
    for k in range(e - s):
        for i in (mid - k, mid + k):
            if s <= i < e and not chars[i].isspace() and chars[i] != "\x00":
                return i
    return None


def _simple_segment(pg: _Page, chars: str, s: int, e: int) -> Segment | None:
    """The range as one segment when it is plainly one run of text on one baseline, else None.

    One sample character gives the baseline and font size; pdfium's boxes of the range's text
    objects must all sit on that baseline, none of them a small raised run (a footnote marker).
    """
    i = _middle_char(chars, s, e)
    if i is None:
        return None
    _, base, size, up = pg.char(i)
    if not up or size <= 0:
        return None
    rects = pg.rects(s, e - s)
    if not rects:
        return None
    right = None
    for x0, top, x1, bottom in rects:
        height = bottom - top
        if top < base - 1.3 * size or bottom > base + 0.5 * size:
            return None  # a box above or below this baseline: another line, or a larger font
        if bottom < base - 0.2 * size and 0.2 * size < height < 0.7 * size:
            return None  # a small raised run: a footnote marker (a dash is thinner, a quote too)
        if right is not None and x0 - right > _column_gap(size):
            return None  # a wide gap: text in two columns (a side column, table cells)
        right = x1
    text = _clean_text(chars[s:e])
    return Segment(text, min(r[0] for r in rects), max(r[2] for r in rects), base, size, span=(s, e))


def _column_gap(size: float) -> float:
    """A horizontal gap wider than this between two runs of text on one line separates columns."""
    return max(3.0 * size, 20.0)


def _has_marker(pg: _Page, chars: str, s: int, e: int) -> bool:
    """Whether digits beside a word in the range are a footnote marker: smaller and raised."""
    for m in MARKER_HINT.finditer(chars[s:e]):
        if m.group("after"):
            digit, word = s + m.start("after"), s + m.end("word") - 1
        else:
            digit, word = s + m.start("before"), s + m.start("next")
        _, dbase, dsize, _ = pg.char(digit)
        _, wbase, wsize, _ = pg.char(word)
        if dsize < 0.8 * wsize and wbase - dbase >= 0.1 * wsize:
            return True
    return False


def _char_segments(pg: _Page, chars: str, s: int, e: int) -> list[Segment]:
    """The range read character by character, cut into runs on one baseline."""
    out: list[Segment] = []
    cur: list[tuple[str, float, float, float, bool, int]] = []

    def flush() -> None:
        if not cur:
            return
        text = _clean_text("".join(c for c, *_ in cur))
        if text.strip():
            real = [c for c in cur if not c[0].isspace()] or cur
            sizes = sorted(c[3] for c in real)
            x1 = pg.char_right(real[-1][5])
            out.append(Segment(text, real[0][1], x1, real[0][2], sizes[len(sizes) // 2], real[0][4]))
        cur.clear()

    for i in range(s, e):
        ch = chars[i]
        if ch == "\x00":
            continue
        if ch.isspace() and pg.raw.FPDFText_IsGenerated(pg.tp, i) == 1:
            if cur:  # a space pdfium put between words: it has no position of its own
                cur.append((" ", cur[-1][1], cur[-1][2], cur[-1][3], cur[-1][4], cur[-1][5]))
            continue
        x, base, size, up = pg.char(i)
        if cur:
            _, px, pbase, psize, pup, _ = cur[-1]
            ref = max(size, psize)
            if up != pup or (up and abs(base - pbase) > 0.1 * ref) or (not up and abs(x - px) > ref):
                flush()
            elif up and x - px > _column_gap(ref) + ref:
                flush()  # a wide gap between two characters: another column
        cur.append((ch, x, base, size, up, i))
    flush()
    return out


def _weighted_median(pairs: list[tuple[float, int]]) -> float:
    """The value at the middle of the (value, weight) pairs: the font size of most characters."""
    pairs = sorted(pairs)
    half, acc = sum(w for _, w in pairs) / 2, 0
    for value, weight in pairs:
        acc += weight
        if acc >= half:
            return value
    return pairs[-1][0]


def _drop_markers(segments: list[Segment]) -> list[Segment]:
    """Leave out superscript footnote markers: small digits raised above the text beside them."""
    if not segments:
        return segments
    body = _weighted_median([(sg.size, len(sg.text.strip())) for sg in segments])
    keep = []
    for sg in segments:
        stripped = sg.text.strip()
        if sg.upright and SUPERSCRIPT_CHARS.fullmatch(stripped) and sg.size < body * 0.75:
            beside = [
                o
                for o in segments
                if o is not sg
                and o.size > sg.size * 1.2
                and 0.1 * o.size <= o.base - sg.base <= 0.8 * o.size
                and o.x0 - 2 * o.size <= sg.x0 <= o.x1 + 2 * o.size
            ]
            if beside:
                continue
        keep.append(sg)
    return keep


NUMBER = re.compile(r"[-+−]?\d[\d.,]*\s*%?")


def _drop_axis_labels(segments: list[Segment]) -> list[Segment]:
    """Leave out a chart's axis labels: small lone numbers, three or more in a column or on a row.

    The old reader dropped every small digit, which hid a chart's ticks ("1800 1600 1400 ...") but
    also a footer's reference number. Only numbers in small print that stand alone, with no text
    of their size on their line (a table's label), and that line up as an axis does, are left out:
    between the lines of a two-column page they would otherwise become counts ("1800 gen").
    """
    upright = [sg for sg in segments if sg.upright and sg.text.strip()]
    if len(upright) < 6:
        return segments
    body = _weighted_median([(sg.size, len(sg.text.strip())) for sg in upright])
    lone = [sg for sg in upright if sg.size < body * 0.75 and NUMBER.fullmatch(sg.text.strip())]
    if len(lone) < 3:
        return segments
    numbers = {id(sg) for sg in lone}

    def labelled(sg: Segment) -> bool:  # text of about its size on its line: a table row
        return any(
            id(o) not in numbers
            and abs(o.base - sg.base) <= 0.3 * sg.size
            and abs(o.size - sg.size) <= 0.15 * sg.size
            for o in upright
        )

    lone = [sg for sg in lone if not labelled(sg)]
    drop: set[int] = set()
    for key in (lambda sg: round(sg.x1 / 3), lambda sg: round(sg.base / 2)):  # a column; a row
        groups: dict[int, list[Segment]] = {}
        for sg in lone:
            groups.setdefault(key(sg), []).append(sg)
        for group in groups.values():
            if len(group) >= 3:
                drop.update(id(sg) for sg in group)
    return [sg for sg in segments if id(sg) not in drop] if drop else segments


def _join(segments: list[Segment]) -> str:
    segments = sorted(segments, key=lambda sg: sg.x0)
    text = segments[0].text.strip()
    for prev, sg in zip(segments, segments[1:], strict=False):
        part = sg.text.strip()
        if not part:
            continue
        gap = sg.x0 - prev.x1
        joined = gap < 0.15 * min(prev.size, sg.size) and not text.endswith(" ") and gap > -prev.size
        text = text + part if joined else text.rstrip() + " " + part
    return text


def _lines(segments: list[Segment]) -> list[Line]:
    """Segments on one baseline become one line; lines top to bottom."""
    upright = sorted((sg for sg in segments if sg.upright), key=lambda sg: sg.base)
    groups: list[list[Segment]] = []
    mean = ref = 0.0  # the last group's mean baseline and largest size
    for sg in upright:
        small = min(ref, sg.size)
        if groups and abs(sg.base - mean) <= min(max(3.0, 0.25 * small), 0.6 * small):  # as pdfplumber
            last = groups[-1]
            last.append(sg)
            mean += (sg.base - mean) / len(last)
            ref = max(ref, sg.size)
            continue
        groups.append([sg])
        mean, ref = sg.base, sg.size
    lines = []
    for group in groups:
        if len(group) == 1:
            sg = group[0]
            text, size = sg.text, sg.size
            top, bottom = sg.base - 0.8 * size, sg.base + 0.2 * size
        else:
            text = _join(group)
            top = min(sg.base - 0.8 * sg.size for sg in group)
            bottom = max(sg.base + 0.2 * sg.size for sg in group)
            size = _weighted_median([(sg.size, len(sg.text.strip())) for sg in group])
        text = " ".join(text.split())
        if text:
            lines.append(Line(text, round(top, 2), round(bottom, 2), round(size, 2)))
    for sg in segments:  # rotated text (a margin note): a line of its own where it starts
        if not sg.upright and sg.text.strip():
            lines.append(Line(" ".join(sg.text.split()), sg.base - sg.size, sg.base, sg.size))
    lines.sort(key=lambda ln: ln.top or 0.0)
    return lines


def _side_column(
    segments: list[Segment], width: float, split: Callable[[Segment], list[Segment]]
) -> tuple[list[Segment], list[Segment]]:
    """(body, side column): the small print in a column right of the body text, if the page has one.

    Letters in the national house style (and many Woo-besluiten) print the sender, contact,
    date and reference in a narrow column beside the body text. Joined into the body's lines (as
    pdfplumber did) it lands in the middle of sentences ("de aanvullende 4187132 brief"); it is read
    as a block of its own instead. A side column: at least three segments of smaller print than the
    body, starting at one left edge in the right half of the page, with no body text reaching it.
    """
    upright = [sg for sg in segments if sg.upright and sg.text.strip()]
    if len(upright) < 6:
        return segments, []
    body_size = _weighted_median([(sg.size, len(sg.text.strip())) for sg in upright])
    small = [sg for sg in upright if sg.size <= body_size * 0.9 and sg.x0 > width * 0.55]
    if len(small) < 3:
        return segments, []
    edges: dict[int, int] = {}
    for sg in small:
        edges[round(sg.x0 / 2)] = edges.get(round(sg.x0 / 2), 0) + 1
    key, count = max(edges.items(), key=lambda kv: (kv[1], -kv[0]))
    if count < 3:
        return segments, []
    edge = min(sg.x0 for sg in small if abs(round(sg.x0 / 2) - key) <= 1) - 1.0
    crossing = [sg for sg in upright if sg.x0 < edge < sg.x1 - 2]
    if crossing:  # a line read in one piece may hold the column's text too (one text object): split it
        parts = {id(sg): split(sg) for sg in crossing}
        if any(p.x0 < edge < p.x1 - 2 and p.size > body_size * 0.9 for ps in parts.values() for p in ps):
            return segments, []  # body text runs across the edge: no column there
        segments = [p for sg in segments for p in parts.get(id(sg), [sg])]
        upright = [sg for sg in segments if sg.upright and sg.text.strip()]
    side = [sg for sg in upright if sg.x0 >= edge and sg.size <= body_size * 0.9]
    if len(side) < 3:
        return segments, []
    chosen = {id(sg) for sg in side}
    return [sg for sg in segments if id(sg) not in chosen], side


def _with_side_block(body: list[Line], side: list[Line]) -> list[Line]:
    """The side column's lines as one block, at the start of the paragraph beside which it begins."""
    first = next((ln.top for ln in side if ln.top is not None), None)
    if first is None or not body:
        return body + side
    k = next((i for i, ln in enumerate(body) if ln.top is not None and ln.top >= first - 1.0), len(body))
    while k > 0 and body[k - 1].text.strip():
        k -= 1  # not inside a paragraph: back to its start
    block = [*side, Line("")]
    if k > 0:
        block.insert(0, Line(""))
    return body[:k] + block + body[k:]


COLUMN_MIN_SEGMENTS = 8  # lines of text each body column must hold
COLUMN_FILL = 0.6  # a column's lines run, in the median, over this share of its width (prose, not a table)
COLUMN_BALANCE = 0.75  # the narrower column at least this share of the wider one's width


def _two_columns(segments: list[Segment], width: float) -> tuple[list, list, list] | None:
    """(above, left, right) when the page's body is set in two columns side by side (older Handelingen
    and Kamerstukken), else None. pdfium gives the two columns' lines side by side on one baseline;
    read as one line they interleave two texts. Two columns: a gutter near the middle that no line
    crosses below the page's full-width head, prose on both sides (each side at least
    COLUMN_MIN_SEGMENTS lines filling COLUMN_FILL of its column), the two sides beside each other."""
    upright = [sg for sg in segments if sg.upright and sg.text.strip()]
    if len(upright) < 2 * COLUMN_MIN_SEGMENTS:
        return None
    wide = [sg for sg in upright if sg.x1 > sg.x0]  # a zero-width run crosses nothing
    starts, ends = sorted(sg.x0 for sg in wide), sorted(sg.x1 for sg in wide)

    def crossing(x: int) -> int:  # the lines with x0 < x < x1: begun before x, not ended by x
        return bisect_left(starts, x) - bisect_right(ends, x)

    band = range(int(0.35 * width), int(0.65 * width) + 1, 2)
    gutter = min(band, key=crossing)  # the first of the least crossed
    left = [sg for sg in upright if sg.x1 <= gutter]
    right = [sg for sg in upright if sg.x0 >= gutter]
    across = [sg for sg in upright if sg.x0 < gutter < sg.x1]
    if min(len(left), len(right)) < COLUMN_MIN_SEGMENTS:
        return None
    top = min(min(sg.base for sg in left), min(sg.base for sg in right))
    if any(sg.base >= top for sg in across):
        return None  # a line across the gutter between the columns' lines: no two columns
    bounds = ((left, min(sg.x0 for sg in left), gutter), (right, gutter, max(sg.x1 for sg in right)))
    for side, lo, hi in bounds:
        widths = sorted(sg.x1 - sg.x0 for sg in side)
        if widths[len(widths) // 2] < COLUMN_FILL * (hi - lo):
            return None  # short cells: a table or a list beside text, read row by row as before
    (_, l0, g0), (_, g1, r1) = bounds
    if min(g0 - l0, r1 - g1) < COLUMN_BALANCE * max(g0 - l0, r1 - g1):
        return None  # a narrow column beside a wide one: a margin or a sidebar, not two body columns
    overlap = min(max(sg.base for sg in left), max(sg.base for sg in right)) - max(
        min(sg.base for sg in left), min(sg.base for sg in right)
    )
    if overlap <= 0:
        return None
    return across, left, right


def read_page_lines(raw, page, number: int) -> tuple[RawPage, int]:  # noqa: ANN001
    """A page's lines (with paragraph gaps) and its number of characters; `page` is a pypdfium2 page."""
    width, height = page.get_size()
    rect = raw.FS_RECTF()
    if raw.FPDF_GetPageBoundingBox(page.raw, rect):  # crop box within media box, inherited or not
        box = (rect.left, rect.bottom, rect.right, rect.top)
    else:
        box = (0.0, 0.0, width, height)
    pg = _Page(raw, page.raw, width, height, page.get_rotation() // 90 % 4, box)
    try:
        n = raw.FPDFText_CountChars(pg.tp)
        if n <= 0:
            return RawPage(number, [], float(height)), 0
        chars = page_chars(raw, pg.tp, n)
        segments: list[Segment] = []
        for s, e in _ranges(chars):
            simple = None if _has_marker(pg, chars, s, e) else _simple_segment(pg, chars, s, e)
            if simple is not None:
                segments.append(simple)
            else:
                segments.extend(_char_segments(pg, chars, s, e))

        def split(sg: Segment) -> list[Segment]:
            return _char_segments(pg, chars, *sg.span) if sg.span else [sg]

        body, side = _side_column(_drop_axis_labels(_drop_markers(segments)), width, split)
        columns = _two_columns(body, width)
        if columns is None:
            lines = with_paragraph_gaps(_lines(body))
        else:  # the head across the page, then the left column, then the right one
            parts = [with_paragraph_gaps(_lines(part)) for part in columns if part]
            lines = [line for k, part in enumerate(parts) for line in ([Line("")] if k else []) + part]
        if side:
            lines = _with_side_block(lines, with_paragraph_gaps(_lines(side)))
        return RawPage(number, lines, float(height)), n
    finally:
        pg.close()


def open_pdf(data: bytes):  # noqa: ANN201 - pypdfium2.PdfDocument
    """The document, or a ReadError that says why it cannot be opened."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (4, 6):  # FPDF_ERR_PASSWORD, FPDF_ERR_SECURITY
            raise ReadError("the PDF is encrypted (password protected); save an unprotected copy") from exc
        reason = {2: "file error", 3: "format error"}.get(code, "PdfiumError")
        raise ReadError(f"the PDF is damaged and cannot be opened ({reason})") from exc


def metadata(pdf) -> dict[str, str]:  # noqa: ANN001
    try:
        return {k: v for k, v in pdf.get_metadata_dict(skip_empty=True).items() if isinstance(v, str)}
    except Exception:  # a broken Info dictionary costs the metadata, never the letter
        return {}


def read_pdf(
    data: bytes, ocr_page: Callable[[object, int, RawPage, int], RawPage] | None = None
) -> tuple[list[RawPage], dict[str, str]]:
    """Every page's lines; `ocr_page(page, number, read, chars)` may replace a page read from its layer."""
    import pypdfium2.raw as raw

    with PDFIUM_LOCK:
        pdf = open_pdf(data)
        try:
            meta = metadata(pdf)
            pages = []
            for i in range(len(pdf)):
                page = pdf[i]
                try:
                    read, chars = read_page_lines(raw, page, i + 1)
                    if ocr_page is not None:
                        read = ocr_page(page, i + 1, read, chars)
                    pages.append(read)
                finally:
                    page.close()
                for listener in _PAGE_LISTENERS:
                    listener(i + 1)
        except ReadError:
            raise
        except Exception as exc:
            raise ReadError(f"the PDF is damaged: reading its pages failed ({type(exc).__name__})") from exc
        finally:
            pdf.close()
    return pages, meta
