"""Toezeggingen: the register (one row per toezegging), overdue ones flagged, each with its mentions."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from raadsbrieven.model import REGISTER_STATUSES
from raadsbrieven.registers import TOEZEGGING_COLUMNS, to_flat_rows
from raadsbrieven.ui.common import (
    download_buttons,
    fields,
    letters_or_stop,
    md_escape,
    mentions_timeline,
    nl_date,
    toezeggingen,
)

STATUS_HELP = {
    "open": "toegezegd, nog niet nagekomen, deadline (als die er is) nog niet voorbij",
    "in behandeling": "een brief werkt eraan, of het genoemde moment komt nog",
    "afgedaan": "een brief komt de toezegging na",
    "verlopen": "de deadline is voorbij en geen brief komt de toezegging na",
}

st.title("Toezeggingen")

store, url, ver, docs = letters_or_stop()

newest = max((d["date"] for d in docs if d["date"]), default=None)
judge_today = st.toggle(
    "Deadlines toetsen aan vandaag",
    key="tz_vandaag",
    help=f"Uit: getoetst aan de datum van de nieuwste brief ({nl_date(newest)}), zoals de griffie het "
    "register op dat moment zou zien. Aan: getoetst aan de datum van vandaag.",
)
today = date.today().isoformat() if judge_today else None
entries = toezeggingen(url, ver, today)
if not entries:
    st.info("In de brieven zijn (nog) geen toezeggingen gevonden.")
    st.stop()

st.caption(
    "Eén rij per toezegging: per nummer, of per ongenummerde toezegging met gelijke strekking. "
    + " · ".join(f"**{s}**: {h}" for s, h in STATUS_HELP.items())
)

c1, c2, c3 = st.columns([2, 1, 2])
statuses = c1.pills(
    "Status",
    list(REGISTER_STATUSES),
    selection_mode="multi",
    default=list(REGISTER_STATUSES),
    key="tz_status",
)
whos = sorted({e.who for e in entries if e.who}, key=str.lower)
who = c2.selectbox("Wie", ["(iedereen)", *whos], key="tz_wie")
text = c3.text_input("Zoek in toezegging, nummer of citaat", key="tz_tekst")


def matches(e) -> bool:  # noqa: ANN001
    if e.status not in statuses or (who != "(iedereen)" and e.who != who):
        return False
    if text:
        hay = " ".join([e.number or "", e.what or "", e.who or ""] + [m.sentence for m in e.mentions])
        return text.lower() in hay.lower()
    return True


shown = [e for e in entries if matches(e)]
overdue = [e for e in shown if e.status == "verlopen"]
if overdue:
    st.warning(
        f"{len(overdue)} van de getoonde toezeggingen {'is' if len(overdue) == 1 else 'zijn'} verlopen: "
        "de deadline is voorbij en geen brief komt ze na.",
        icon=":material/alarm:",
    )
st.markdown(f"**{len(shown)} van {len(entries)} toezeggingen**")

frame = pd.DataFrame(
    [
        {
            "Nummer": e.number or "",
            "Toezegging": e.what or "",
            "Wie": e.who or "",
            "Deadline": e.deadline or "",
            "Status": ("⚠️ verlopen" if e.status == "verlopen" else e.status),
            "Eerst genoemd": e.first_seen or "",
            "Laatst genoemd": e.last_seen or "",
            "Brieven": len({m.doc for m in e.mentions}),
            "Vermeldingen": len(e.mentions),
        }
        for e in shown
    ],
    columns=[
        "Nummer",
        "Toezegging",
        "Wie",
        "Deadline",
        "Status",
        "Eerst genoemd",
        "Laatst genoemd",
        "Brieven",
        "Vermeldingen",
    ],
)


def flag(row: pd.Series) -> list[str]:
    colour = "background-color: #ffe3e3" if str(row["Status"]).endswith("verlopen") else ""
    return [colour] * len(row)


st.dataframe(
    frame.style.apply(flag, axis=1),
    hide_index=True,
    width="stretch",
    column_config={
        "Toezegging": st.column_config.TextColumn(width="large"),
        "Deadline": st.column_config.TextColumn(width="small"),
        "Brieven": st.column_config.NumberColumn(help="In hoeveel brieven de toezegging voorkomt"),
    },
    key="tz_tabel",
)
download_buttons(to_flat_rows(shown), list(TOEZEGGING_COLUMNS.values()), "toezeggingen", "tz_download")

if not shown:
    st.stop()
st.subheader("Tijdlijn van een toezegging")


def label(i: int) -> str:
    e = shown[i]
    head = f"{e.number} — " if e.number else ""
    return f"{head}{(e.what or '')[:90]} ({e.status})"


choice = st.selectbox("Kies een toezegging", range(len(shown)), format_func=label, key="tz_keuze")
e = shown[choice]
fields([("Nummer", e.number), ("Status", e.status), ("Deadline", e.deadline), ("Wie", e.who)])
fields([("Toezegging", e.what)])
st.markdown(
    f"Genoemd in {len({m.doc for m in e.mentions})} brief/brieven, {len(e.mentions)} keer, "
    f"van {md_escape(nl_date(e.first_seen))} tot {md_escape(nl_date(e.last_seen))}:"
)
mentions_timeline(url, ver, e.mentions)
