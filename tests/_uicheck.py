"""What the browser test checks on every page besides errors: the app speaks Dutch, and its tables fit.

`english_on_page` reads what a user can see (the visible text of the page, the headers and cells of
every table) and returns the English or raw values found on it. Text quoted from the letters
themselves (`.rb-tekst`, `.rb-citaat`: a letter may contain any word) and table columns that hold
letter words are left out; everything else the app writes must be Dutch.

`cut_tables` finds tables that do not fit: columns off-screen (the grid scrolls sideways) or cell
text cut off at its cell's edge. Streamlit draws tables on a canvas, so the test looks at the
pixels: between the grid lines, ink in the last pixels before a cell's right or bottom edge is text
that went on past it. A cell the app shortened itself ends in '…' inside the cell and passes.
"""

from __future__ import annotations

import re
from typing import Any

# English or raw store values that must never reach a user (issue #16). Word-bounded, case-sensitive
# where Dutch has the same letters in lower case ("upload er een" is Dutch).
ENGLISH = [
    r"\bUpload\b",
    r"\bChoose (?:an )?options?\b",
    r"\bNo (?:results|options)\b",
    r"\bBrowse files\b",
    r"\bDrag and drop\b",
    r"\bper file\b",
    r"\bletterhead\b",
    r"\binferred\b",
    r"\bdateline\b",
    r"\bsidecar\b",
    r"\bno date found\b",
    r"\bnull\b",
    r"\bNone\b",
    r"\bNaN\b",
    r"\bundefined\b",
    r"\bbeing_fulfilled\b",
    r"\bletter_ref\b",
    r"\bwoo_besluit\b",
    r"\bat_least\b|\bat_most\b",
    r"\bpercent\b",
    r"\bworkday\b",
    r"\bbrief/brieven\b|\(en\)|punt\(en\)",
    r"(?<![\w/-])\d{4}-(?:Q[1-4]|H[12])(?![\w-])",  # a period code, not '4e kwartaal 2020'
    r"(?<![\w/.:-])\d{4}-\d{2}(?:-\d{2})?(?![\w/.-])",  # an ISO date, not '23 februari 2021'
]
ENGLISH_RE = re.compile("|".join(f"(?:{p})" for p in ENGLISH))

# Table columns whose cells are the letters' own words (a title, a quote, a promise, a name).
LETTER_COLUMNS = {
    "Zin",
    "Citaat",
    "Titel",
    "Onderwerp",
    "Toezegging",
    "Toezegging (lijst)",
    "Reeks",
    "Wie",
    "Over",
    "Waarde",
    "Deadline",
    "Bestand",
    "Brief",
    "Kenmerk",
    "Gemeente",
    "Waar",
    "Afgedaan met",
    "Openen",
}

_VISIBLE_TEXT = """() => {
  const skip = '.rb-tekst, .rb-citaat, .rb-feitenlijst, [data-testid="stDataFrame"]';
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || !n.textContent.trim() || el.closest(skip) || el.closest('script, style, noscript')) continue;
    if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    out.push(n.textContent.trim());
  }
  for (const input of document.querySelectorAll('input, textarea')) {  // a placeholder shows when empty
    if (!input.value && input.placeholder && input.checkVisibility()) out.push(input.placeholder);
  }
  return out;
}"""

_TABLE_TEXT = """(letterColumns) => [...document.querySelectorAll('[data-testid="stDataFrame"]')]
  .map(grid => {
    const heads = {};
    for (const th of grid.querySelectorAll('th[aria-colindex]')) {
      heads[th.getAttribute('aria-colindex')] = th.innerText;
    }
    const cells = [];
    for (const td of grid.querySelectorAll('td[aria-colindex]')) {
      const head = heads[td.getAttribute('aria-colindex')] || '';
      if (!letterColumns.includes(head)) cells.push(`${head}: ${td.innerText}`);
    }
    return {heads: Object.values(heads), cells};
  })"""


def english_on_page(page: Any) -> list[str]:
    """Every visible piece of text (outside quoted letter text) with an English or raw word in it."""
    texts: list[str] = page.evaluate(_VISIBLE_TEXT)
    for table in page.evaluate(_TABLE_TEXT, sorted(LETTER_COLUMNS)):
        texts += [f"table header: {h}" for h in table["heads"]] + [f"table cell {c}" for c in table["cells"]]
    return [t for t in texts if ENGLISH_RE.search(t)]


# Per table: {offscreen: bool, cut: [[column header, row (0 = header), edge]]}. Lines are 1 px wide
# and differ from both neighbours; a cell's padding (8.5 px) is never inked by text that fits.
_CUT = r"""() => [...document.querySelectorAll('[data-testid="stDataFrame"]')].map(grid => {
  const scroller = grid.querySelector('.dvn-scroller');
  const canvas = grid.querySelector('canvas[data-testid="data-grid-canvas"]');
  const offscreen = !!scroller && scroller.scrollWidth > scroller.clientWidth + 1;
  const res = {offscreen, cut: [], columns: 0, rows: 0};
  if (!canvas) return res;
  const w = canvas.width, h = canvas.height;
  const data = canvas.getContext('2d').getImageData(0, 0, w, h).data;
  const lum = (x, y) => {
    const i = (y * w + x) * 4;
    return 0.3 * data[i] + 0.59 * data[i + 1] + 0.11 * data[i + 2];
  };
  const same = (a, b) => Math.abs(a - b) < 3;
  const lines = (n, at) => {
    const found = [];
    for (let i = 1; i < n - 1; i++) {
      const v = at(i);
      if (!same(v, at(i - 1)) && !same(v, at(i + 1)) && v < 245 && v > 150) found.push(i);
    }
    return found;
  };
  const xs = [0, ...lines(w, x => lum(x, 3)), w - 1];
  const ys = [0, ...lines(h, y => lum(2, y))];  // a row the canvas cuts (scrolled) is not judged
  res.columns = xs.length - 1;
  res.rows = ys.length - 1;
  const heads = [...grid.querySelectorAll('th[aria-colindex]')].map(th => th.innerText);
  const inked = (x0, x1, y0, y1) => {
    for (let x = Math.max(0, x0); x < Math.min(w, x1); x++) {
      for (let y = Math.max(0, y0); y < Math.min(h, y1); y++) if (lum(x, y) < 150) return true;
    }
    return false;
  };
  for (let c = 0; c + 1 < xs.length; c++) {
    const left = xs[c], right = xs[c + 1], head = heads[c] || `column ${c + 1}`;
    if (right - left < 12) continue;
    for (let r = 0; r + 1 < ys.length; r++) {
      const top = ys[r], bottom = ys[r + 1];
      if (bottom - top < 12) continue;
      if (inked(right - 4, right, top + 2, bottom - 1)) res.cut.push([head, r, 'right']);
      else if (r > 0 && inked(left + 2, right - 2, bottom - 3, bottom)) res.cut.push([head, r, 'bottom']);
    }
  }
  // A word wider than its column is broken mid-word by the grid (no ink at the edge, still unreadable).
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = `14px ${getComputedStyle(grid).fontFamily}`;
  for (const td of grid.querySelectorAll('td[aria-colindex]')) {
    const c = Number(td.getAttribute('aria-colindex')) - 1;
    if (c + 1 >= xs.length) continue;
    const room = xs[c + 1] - xs[c] - 17;
    const words = td.innerText.split(/\s+/).filter(w => !/^(\/|https?:)/.test(w));  // a link shows its label
    const wide = words.find(w => ctx.measureText(w).width > room + 1);
    if (wide) res.cut.push([heads[c] || `column ${c + 1}`, wide, 'word']);
  }
  return res;
})"""


def cut_tables(page: Any) -> list[str]:
    """What does not fit in the page's tables: off-screen columns, and cells cut off at an edge."""
    problems: list[str] = []
    for i, table in enumerate(page.evaluate(_CUT), 1):
        if table["offscreen"]:
            problems.append(f"table {i}: columns off-screen (the table scrolls sideways)")
        for head, row, edge in table["cut"]:
            if edge == "word":
                problems.append(f"table {i}, column {head!r}: the word {row!r} is wider than the column")
                continue
            where = "the header" if row == 0 else f"row {row}"
            problems.append(f"table {i}, column {head!r}, {where}: text cut off at the {edge} edge")
    return list(dict.fromkeys(problems))
