"""Trends: a figure followed across periods and letters, as a chart and as data, each point sourced."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from raadsbrieven.series import filter_series, link_store, load_series
from raadsbrieven.ui.common import (
    csv_bytes,
    esc,
    forget_cached_data,
    get_store,
    html_block,
    kind_label,
    letter_link,
    letters_or_stop,
    md_escape,
    nl_date,
    ocr_pages,
    row_height,
    table,
)
from raadsbrieven.ui.trendchart import (
    CSV_COLUMNS,
    chart,
    default_series,
    series_name,
    series_rows,
    unit_title,
    unlinked_count,
)
from raadsbrieven.ui.wording import OCR_NOTE, count_text, ocr_note, page_label, period_text, shorten

# Up to this many new figures are linked on opening the page (some seconds); more wait for a click.
AUTO_LINK = 400
MAX_COMPARE = 6

st.title("Trends")

store, url, ver, _ = letters_or_stop()


@st.cache_data(show_spinner=False)
def all_series(url: str, ver: tuple, linked: int) -> list:
    """Every stored series with at least two points (`linked` keys the cache to the linking state)."""
    return load_series(get_store(url), min_points=2, link=False)


todo = unlinked_count(store)
if todo and todo <= AUTO_LINK:
    with st.spinner(f"{todo} nieuwe cijfers worden aan reeksen gekoppeld (eenmalig)…"):
        link_store(store)
    forget_cached_data()
    todo = 0
elif todo:
    st.info(
        f"{todo} cijfers zijn nog niet aan een reeks gekoppeld; de reeksen hieronder missen die nog. "
        "Koppelen vergelijkt elk cijfer op betekenis met de andere en kan even duren.",
        icon=":material/hourglass_empty:",
    )
    if st.button("Nu koppelen", key="trend_koppel"):
        bar = st.progress(0.0, text="Cijfers koppelen…")
        done = [0]

        def progress(n: int) -> None:
            done[0] += n
            bar.progress(min(1.0, done[0] / max(todo, 1)), text=f"{done[0]} van ongeveer {todo}")

        link_store(store, progress=progress)
        forget_cached_data()
        st.rerun()

series = all_series(url, ver, todo)
if not series:
    st.info(
        "Er zijn nog geen reeksen: een reeks ontstaat als hetzelfde cijfer (een percentage, wachttijd of "
        "bedrag over hetzelfde onderwerp) in minstens twee perioden of brieven voorkomt."
    )
    st.stop()

query = st.text_input(
    "Zoek een reeks",
    key="trend_zoek",
    placeholder="bijv. wachttijd, kennismakingsgesprek, Lokalis, Overvecht",
)
found = filter_series(series, query) if query.strip() else series
if not found:
    st.warning(f"Geen reeks gevonden voor '{query}'. Probeer een ander woord.")
    st.stop()

by_id = {s.id: s for s in found}
overview = pd.DataFrame(
    [
        {
            "Reeks": shorten(s.label, 120),
            "Soort": kind_label(s.kind),
            "Eenheid": unit_title(s.unit),
            "Waar": " · ".join(dict.fromkeys(x for x in (s.org, s.place) if x)),
            "Punten": len(s.points),
            "Periode": f"{period_text(s.points[0].period, '?')} – {period_text(s.points[-1].period, '?')}",
        }
        for s in found
    ]
)
st.caption(f"{len(found)} van {count_text(len(series), 'reeks', 'reeksen')} (met minstens twee punten).")
# As tall as its rows (no empty rows under a filtered list), at most about eight rows.
table(
    overview,
    "trend_overzicht",
    {"Reeks": 320, "Soort": 135, "Eenheid": 95, "Waar": 150, "Periode": 150},
    lines=3,
    height=min(len(found), 8) * row_height(3) + 38,
    Punten=st.column_config.NumberColumn(width=70),
)

# The URL (?reeks=ID,ID) decides the first choice, so a chart can be shared; the widget writes back to it.
if "trend_keuze" not in st.session_state and st.query_params.get("reeks"):
    st.session_state["trend_keuze"] = st.query_params["reeks"].split(",")
chosen = [sid for sid in st.session_state.get("trend_keuze", []) if sid in by_id]
st.session_state["trend_keuze"] = chosen or [default_series(found).id]


def on_pick() -> None:
    st.query_params["reeks"] = ",".join(st.session_state["trend_keuze"])


picked = st.multiselect(
    f"Reeksen in de grafiek (vergelijk er tot {MAX_COMPARE})",
    list(by_id),
    key="trend_keuze",
    on_change=on_pick,
    max_selections=MAX_COMPARE,
    placeholder="Kies een of meer reeksen",
    format_func=lambda sid: (
        f"{shorten(series_name(by_id[sid]), 90)} · {kind_label(by_id[sid].kind)} · "
        f"{count_text(len(by_id[sid].points), 'punt', 'punten')}"
    ),
)
if not picked:
    st.caption("Kies een of meer reeksen.")
    st.stop()

selected = [by_id[sid] for sid in picked]
rows = series_rows(selected)
ocr = ocr_pages(url, ver)
for r in rows:
    if (r["brief"], r["pagina"]) in ocr:
        r["let_op"] = ocr_note(*ocr[(r["brief"], r["pagina"])])
# Between the choice and the chart: the chart's toolbar (full screen) would cover the multiselect's
# clear button if the chart came right under it.
st.caption(
    "● één waarde · ▮ balk: een bereik van laag tot hoog (bijv. 12 tot 24 weken) · ▼ hoogstens / binnen · "
    "▲ minstens. Een punt staat in het midden van zijn periode (2019 → midden 2019; 4e kwartaal 2020 → "
    "half november). Wijs een punt aan voor het citaat en de brief."
)
units = list(dict.fromkeys(s.unit for s in selected))
if len(units) > 1:
    st.caption("De gekozen reeksen hebben verschillende eenheden; elke eenheid krijgt een eigen grafiek.")
for unit in units:
    unit_rows = [r for r in rows if r["eenheid"] == unit and r["datum_as"]]
    if unit_rows:
        st.altair_chart(chart(unit_rows, unit, [series_name(s) for s in selected]), width="stretch")
missing = [r for r in rows if not r["datum_as"]]
if missing:
    st.caption(
        f"{count_text(len(missing), 'punt', 'punten')} zonder leesbare periode of briefdatum "
        f"{'staat' if len(missing) == 1 else 'staan'} niet in de grafiek."
    )
st.download_button(
    "Download de gegevens (CSV)",
    csv_bytes(rows, CSV_COLUMNS),
    file_name="reeksen.csv",
    mime="text/csv",
    key="trend_csv",
    icon=":material/download:",
)

for s in selected:
    with st.expander(f"Bronnen: {md_escape(series_name(s))} ({count_text(len(s.points), 'punt', 'punten')})"):
        for r, p in zip(series_rows([s]), s.points, strict=True):
            scanned = f" · {OCR_NOTE}" if (p.doc, p.page) in ocr else ""
            st.markdown(
                f"**{md_escape(period_text(r['periode']))}: {md_escape(r['waarde'])}** · "
                f"{md_escape(p.doc)} · {md_escape(nl_date(p.doc_date))} · {md_escape(page_label(p.page))}"
                f"{scanned}"
            )
            html_block(esc(p.sentence), "rb-citaat")
            letter_link(p.doc, p.page, p.sentence_id, label="Open de brief bij dit cijfer")
