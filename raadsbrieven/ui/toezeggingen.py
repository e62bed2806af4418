"""Toezeggingen: one row per promise, the letter that delivers it, overdue ones flagged; a user can
confirm or reject each link (kept in the store by the letter's content, so it survives re-ingest)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from raadsbrieven.model import REGISTER_STATUSES
from raadsbrieven.registers import TOEZEGGING_COLUMNS, register_of, to_flat_rows
from raadsbrieven.ui.common import (
    download_buttons,
    esc,
    fields,
    get_store,
    html_block,
    letter_link,
    letters_or_stop,
    md_escape,
    mentions_timeline,
    nl_date,
    table,
)
from raadsbrieven.ui.wording import DECISION_LABELS, ON_TIME, count_text, period_text, shorten

STATUS_HELP = {
    "open": "toegezegd, nog niet nagekomen, deadline (als die er is) nog niet voorbij",
    "afgedaan": "een latere brief komt de toezegging na (op tijd of te laat)",
    "verlopen": "de deadline is voorbij en geen brief komt de toezegging na",
}


@st.cache_data(show_spinner=False)
def register(url: str, ver: tuple, today: str | None, decided: tuple) -> list:
    """The register with the users' decisions applied (`decided` keys the cache on them)."""
    return register_of(get_store(url), today)


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
decided = tuple(sorted(store.link_decisions().items()))
entries = register(url, ver, today, decided)
if not entries:
    st.info("In de brieven zijn (nog) geen toezeggingen gevonden.")
    st.stop()

st.caption(
    "Eén rij per toezegging: vermeldingen van dezelfde toezegging, met of zonder nummer, zijn samengevoegd. "
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
    if e.status not in (statuses or []) or (who != "(iedereen)" and e.who != who):
        return False
    if text:
        hay = " ".join([*e.numbers, e.what or "", e.who or ""] + [m.sentence for m in e.mentions])
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


def status_text(e) -> str:  # noqa: ANN001
    """'⚠️ verlopen', 'afgedaan (te laat)', 'open'."""
    if e.status == "verlopen":
        return "⚠️ verlopen"
    return f"{e.status} ({ON_TIME[e.on_time]})" if e.on_time is not None else e.status


def deadline_text(e) -> str:  # noqa: ANN001
    """'voor de zomer van 2025' as the letter says it, else the deadline in words ('2e kwartaal 2025')."""
    return e.deadline_text or (period_text(e.deadline) if e.deadline else "")


COLUMNS = ["Nummer", "Toezegging", "Wie", "Deadline", "Status", "Afgedaan met", "Brieven"]
frame = pd.DataFrame(
    [
        {
            "Nummer": ", ".join(e.numbers),
            "Toezegging": shorten(e.what, 120),
            "Wie": shorten(e.who, 40),
            "Deadline": shorten(deadline_text(e), 40),
            "Status": status_text(e),
            "Afgedaan met": (
                f"{nl_date(e.fulfilled_by.date)}: {e.fulfilled_by.doc}" if e.fulfilled_by else ""
            ),
            "Brieven": e.letters,
        }
        for e in shown
    ],
    columns=COLUMNS,
)


def flag(row: pd.Series) -> list[str]:
    colour = "background-color: #ffe3e3" if str(row["Status"]).endswith("verlopen") else ""
    return [colour] * len(row)


table(
    frame.style.apply(flag, axis=1),
    "tz_tabel",
    {"Nummer": 75, "Toezegging": 270, "Wie": 110, "Deadline": 105, "Status": 100, "Afgedaan met": 185},
    lines=4,
    Brieven=st.column_config.NumberColumn(width=75, help="In hoeveel brieven de toezegging voorkomt"),
)
st.caption("Kies hieronder een toezegging voor de hele tekst, elke vermelding en de brief die haar nakomt.")
download_buttons(to_flat_rows(shown), list(TOEZEGGING_COLUMNS.values()), "toezeggingen", "tz_download")

if not shown:
    st.stop()
st.subheader("Een toezegging en de brief die haar nakomt")


def label(i: int) -> str:
    e = shown[i]
    head = f"{', '.join(e.numbers)} — " if e.numbers else ""
    return shorten(f"{head}{e.what or ''}", 100) + f" ({e.status})"


choice = st.selectbox("Kies een toezegging", range(len(shown)), format_func=label, key="tz_keuze")
e = shown[choice]
fields(
    [
        ("Nummer", ", ".join(e.numbers) or None),
        ("Status", status_text(e).removeprefix("⚠️ ")),
        ("Deadline", deadline_text(e) + (f" ({period_text(e.deadline)})" if e.deadline_text else "")),
        ("Wie", e.who),
    ]
)
fields([("Toezegging", e.what)])
if e.made_in:
    fields([("Toegezegd in", f"{e.made_in['doc']} ({nl_date(e.made_in['date'])})")])

st.markdown("**Brieven die de toezegging (volgens de regels) nakomen**")
if not e.links:
    st.caption("Geen latere brief gevonden die deze toezegging nakomt.")
for i, link in enumerate(e.links):
    with st.container(border=True):
        chosen = e.fulfilled_by is not None and link.doc == e.fulfilled_by.doc
        mark = " · **gekozen**" if chosen else ""
        st.markdown(
            f"**{md_escape(link.doc)}** · {md_escape(nl_date(link.date))} · "
            f"zekerheid {link.confidence:.2f} · {DECISION_LABELS[link.decision]}{mark}"
        )
        html_block(esc(link.sentence), "rb-citaat")
        letter_link(link.doc, link.page, link.sentence_id)
        left, right = st.columns(2)
        if link.content_hash is None:
            st.caption("Deze brief staat niet (meer) in de opslag: beoordelen kan niet.")
            continue
        if left.button("Klopt: deze brief komt haar na", key=f"tz_ok_{e.key}_{i}", icon=":material/check:"):
            store.decide_link(e.key, link.content_hash, "confirmed", doc=link.doc)
            st.rerun()
        if right.button("Klopt niet: afwijzen", key=f"tz_nee_{e.key}_{i}", icon=":material/close:"):
            store.decide_link(e.key, link.content_hash, "rejected", doc=link.doc)
            st.rerun()

st.markdown(
    f"Genoemd in {count_text(e.letters, 'brief', 'brieven')}, {count_text(len(e.mentions), 'keer', 'keer')}, "
    f"van {md_escape(nl_date(e.first_seen))} tot {md_escape(nl_date(e.last_seen))}:"
)
mentions_timeline(url, ver, e.mentions)
