"""Moties en amendementen: the register with the status the latest letter gives, each with its mentions."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from raadsbrieven.registers import MOTIE_COLUMNS, to_flat_rows
from raadsbrieven.ui.common import (
    download_buttons,
    fields,
    letters_or_stop,
    md_escape,
    mentions_timeline,
    moties,
    nl_date,
)

UNKNOWN = "onbekend"
STATUS_ORDER = ("aangenomen", "verworpen", "ingetrokken", "aangehouden", UNKNOWN)

st.title("Moties en amendementen")

store, url, ver, _ = letters_or_stop()

entries = moties(url, ver)
if not entries:
    st.info("In de brieven zijn (nog) geen moties of amendementen gevonden.")
    st.stop()

st.caption(
    "Eén rij per motie of amendement (per nummer, anders per titel). De status is wat de nieuwste brief "
    "erover zegt; 'onbekend' als geen brief een status noemt."
)
c1, c2, c3 = st.columns([1, 2, 2])
kinds = c1.pills(
    "Soort", ["motie", "amendement"], selection_mode="multi", default=["motie", "amendement"], key="mo_soort"
)
present = [s for s in STATUS_ORDER if any((e.status or UNKNOWN) == s for e in entries)]
statuses = c2.pills("Status", present, selection_mode="multi", default=present, key="mo_status")
text = c3.text_input("Zoek in nummer, titel of citaat", key="mo_tekst")


def matches(e) -> bool:  # noqa: ANN001
    if e.kind not in kinds or (e.status or UNKNOWN) not in statuses:
        return False
    if text:
        hay = " ".join([e.number or "", e.title or ""] + [m.sentence for m in e.mentions])
        return text.lower() in hay.lower()
    return True


def _short(text: str, n: int = 160) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


shown = [e for e in entries if matches(e)]
st.markdown(f"**{len(shown)} van {len(entries)} moties en amendementen**")
frame = pd.DataFrame(
    [
        {
            "Soort": e.kind,
            "Nummer": e.number or "",
            "Titel": e.title or "",
            "Status": e.status or UNKNOWN,
            "Eerst genoemd": e.first_seen or "",
            "Laatst genoemd": e.last_seen or "",
            "Brieven": len({m.doc for m in e.mentions}),
            "Vermeldingen": len(e.mentions),
            "Citaat": _short(e.mentions[0].sentence if e.mentions else ""),
        }
        for e in shown
    ],
    columns=[
        "Soort",
        "Nummer",
        "Titel",
        "Status",
        "Eerst genoemd",
        "Laatst genoemd",
        "Brieven",
        "Vermeldingen",
        "Citaat",
    ],
)
st.dataframe(
    frame,
    hide_index=True,
    width="stretch",
    column_config={"Titel": st.column_config.TextColumn(width="large")},
    key="mo_tabel",
)
download_buttons(to_flat_rows(shown), list(MOTIE_COLUMNS.values()), "moties", "mo_download")

if not shown:
    st.stop()
st.subheader("Tijdlijn van een motie of amendement")


def label(i: int) -> str:
    e = shown[i]
    name = " ".join(x for x in (e.kind, e.number or "", f"'{e.title}'" if e.title else "") if x)
    return f"{name} ({e.status or UNKNOWN})"[:110]


choice = st.selectbox("Kies een motie of amendement", range(len(shown)), format_func=label, key="mo_keuze")
e = shown[choice]
fields([("Soort", e.kind), ("Nummer", e.number), ("Status", e.status or UNKNOWN)])
if e.title:
    fields([("Titel", e.title)])
st.markdown(
    f"Genoemd in {len({m.doc for m in e.mentions})} brief/brieven, {len(e.mentions)} keer, "
    f"van {md_escape(nl_date(e.first_seen))} tot {md_escape(nl_date(e.last_seen))}:"
)
mentions_timeline(url, ver, e.mentions)
