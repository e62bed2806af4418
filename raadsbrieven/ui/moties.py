"""Moties en amendementen: the register with status (from besluitenlijsten), the motie's own document, the
college's answers (tussenberichten, afdoening) and every mention, each linked to its letter."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from raadsbrieven.registers.moties import MOTIE_COLUMNS, flat_rows, store_register
from raadsbrieven.ui.common import (
    download_buttons,
    esc,
    fields,
    get_store,
    html_block,
    letter_link,
    letters_or_stop,
    md_escape,
    nl_date,
    table,
)
from raadsbrieven.ui.wording import count_text, page_label, shorten

UNKNOWN = "onbekend"
STATUS_ORDER = ("aangenomen", "verworpen", "ingetrokken", "aangehouden", UNKNOWN)
ANSWER_LABEL = {"afdoening": "Afdoening", "tussenbericht": "Tussenbericht"}


@st.cache_data(show_spinner=False)
def register(url: str, ver: tuple) -> list:
    return store_register(get_store(url))


def afgedaan_text(e) -> str:  # noqa: ANN001
    """'afgedaan bij brief X van 27 mei 2025', or what is pending, with Dutch dates."""
    if e.afgedaan_by:
        return f"afgedaan bij brief {e.afgedaan_by['doc']} van {nl_date(e.afgedaan_by['date'])}"
    tussen = [a for a in e.answers if a["kind"] == "tussenbericht"]
    if tussen:
        return f"nog niet afgedaan; tussenbericht van {nl_date(tussen[-1]['date'])}"
    return e.summary()


st.title("Moties en amendementen")

store, url, ver, _ = letters_or_stop()

entries = register(url, ver)
if not entries:
    st.info("In de brieven zijn (nog) geen moties of amendementen gevonden.")
    st.stop()

st.caption(
    "Eén rij per motie of amendement (per nummer, anders per titel). De status komt uit de besluitenlijst "
    "of uitslagenlijst, anders uit de motie zelf of de nieuwste brief; 'onbekend' als geen stuk een status "
    "noemt. 'Afgedaan' noemt de brief van het college die de motie afdoet, of wat nog openstaat."
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


shown = [e for e in entries if matches(e)]
st.markdown(f"**{len(shown)} van {len(entries)} moties en amendementen**")
COLUMNS = ["Soort", "Nummer", "Titel", "Status", "Afgedaan", "Stemmen", "Brieven"]
frame = pd.DataFrame(
    [
        {
            "Soort": e.kind,
            "Nummer": e.number or "",
            "Titel": shorten(e.title, 90),
            "Status": e.status or UNKNOWN,
            "Afgedaan": shorten(afgedaan_text(e), 90),
            "Stemmen": f"{e.votes_for} voor, {e.votes_against} tegen" if e.votes_for is not None else "",
            "Brieven": len({m.doc for m in e.mentions}),
        }
        for e in shown
    ],
    columns=COLUMNS,
)
table(
    frame,
    "mo_tabel",
    {"Soort": 105, "Nummer": 80, "Titel": 240, "Status": 110, "Afgedaan": 200, "Stemmen": 110},
    lines=3,
    Brieven=st.column_config.NumberColumn(width=75, help="In hoeveel brieven de motie voorkomt"),
)
st.caption("Kies hieronder een motie of amendement voor de hele titel, elke vermelding en de citaten.")
download_buttons(flat_rows(shown), list(MOTIE_COLUMNS.values()), "moties", "mo_download")

if not shown:
    st.stop()
st.subheader("Tijdlijn van een motie of amendement")


def label(i: int) -> str:
    e = shown[i]
    name = " ".join(x for x in (e.kind, e.number or "", f"'{e.title}'" if e.title else "") if x)
    return shorten(name, 100) + f" ({e.status or UNKNOWN})"


choice = st.selectbox("Kies een motie of amendement", range(len(shown)), format_func=label, key="mo_keuze")
e = shown[choice]
fields([("Soort", e.kind), ("Nummer", e.number), ("Status", e.status or UNKNOWN)])
if e.title:
    fields([("Titel", e.title)])
if e.votes_for is not None:
    fields([("Stemmen voor", str(e.votes_for)), ("Stemmen tegen", str(e.votes_against))])
if e.doc:
    letter_link(e.doc, label=md_escape(f"De motie zelf: {e.doc}"))
st.markdown(f"**{md_escape(afgedaan_text(e))}**")
if e.answers:
    st.markdown("**Brieven van het college over deze motie:**")
    for a in e.answers:
        with st.container(border=True):
            st.markdown(
                f"**{ANSWER_LABEL.get(a['kind'], a['kind'])}** · {md_escape(nl_date(a['date']))} · "
                f"{md_escape(a['doc'])} · zekerheid {a['confidence']:.2f}"
            )
            if a.get("sentence"):
                html_block(esc(a["sentence"]), "rb-citaat")
            letter_link(a["doc"], a.get("page"), label=md_escape(f"Open {a['doc']}"))
elif e.kind == "motie" and e.status == "aangenomen":
    st.caption("Geen tussenbericht of afdoeningsbrief van het college gevonden.")
st.markdown(
    f"Genoemd in {count_text(len({m.doc for m in e.mentions}), 'brief', 'brieven')}, "
    f"{count_text(len(e.mentions), 'keer', 'keer')}, "
    f"van {md_escape(nl_date(e.first_seen))} tot {md_escape(nl_date(e.last_seen))}:"
)
ROLE = {"own": "de motie zelf", "decision": "besluit", "afdoening": "afdoening"}
ROLE["tussenbericht"] = "tussenbericht"
for i, m in enumerate(e.mentions, 1):
    with st.container(border=True):
        role = f" · {ROLE[m.role]}" if m.role in ROLE else ""
        where = f"{md_escape(m.doc)} · {page_label(m.page)}{role}"
        st.markdown(f"**{i}. {md_escape(nl_date(m.date))}** · {where}")
        html_block(esc(m.sentence), "rb-citaat")
        letter_link(m.doc, m.page, m.sentence_id)
