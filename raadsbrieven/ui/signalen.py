"""Signalen: new, afgedaan, verlopen and nearly due toezeggingen, as feeds and a calendar; and the
comparison of the griffie's own toezeggingenlijst with what the letters say.
"""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

from raadsbrieven.registers.griffie import (
    COMPARE_COLUMNS,
    KINDS,
    RegisterFileError,
    compare,
    entry_context,
    read_register_bytes,
    rows_from_store,
)
from raadsbrieven.registers.signals import KIND_TITLES, SIGNAL_KINDS, atom_xml, ics_text, rss_xml, signals
from raadsbrieven.ui.common import download_buttons, letters_or_stop, md_escape, nl_date, table, toezeggingen
from raadsbrieven.ui.settings import MAX_UPLOAD_MB
from raadsbrieven.ui.wording import UPLOADER_CSS, period_text, shorten, upload_hint

st.title("Signalen")

store, url, ver, docs = letters_or_stop()


def app_address() -> str:
    """The address this app is reached at (for the links in the feeds), without the page's path."""
    try:
        parts = urlsplit(st.context.url or "")
    except Exception:
        parts = None
    if parts and parts.scheme and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return "http://localhost:8501"


c1, c2, c3 = st.columns(3)
day = c1.date_input("Peildatum", value=date.today(), key="sg_dag", format="DD-MM-YYYY")
within = c2.number_input("Deadline binnen (dagen)", min_value=0, max_value=365, value=14, key="sg_binnen")
since = c3.date_input(
    "Nieuw en afgedaan vanaf",
    value=day - timedelta(days=90),
    key="sg_vanaf",
    format="DD-MM-YYYY",
    help="Nieuwe en afgedane toezeggingen uit brieven van deze datum tot de peildatum.",
)
entries = toezeggingen(url, ver, day.isoformat())
items = signals(entries, day, int(within), since)
base = app_address()

cols = st.columns(len(SIGNAL_KINDS))
for col, kind in zip(cols, SIGNAL_KINDS, strict=True):
    col.metric(KIND_TITLES[kind], sum(1 for s in items if s.kind == kind))

if not items:
    st.info(f"Geen signalen op {nl_date(day.isoformat())}.")
else:
    frame = pd.DataFrame(
        [
            {
                "Datum": nl_date(s.date),
                "Signaal": KIND_TITLES[s.kind],
                "Toezegging": shorten(f"{s.number}: {s.what or ''}" if s.number else s.what, 120),
                "Wie": shorten(s.who, 40),
                "Deadline": period_text(s.deadline, "") if s.deadline else "",
                "Openen": s.link(""),
            }
            for s in items
        ]
    )
    table(
        frame,
        "sg_tabel",
        {"Datum": 130, "Signaal": 140, "Toezegging": 280, "Wie": 120, "Deadline": 120},
        lines=4,
        Openen=st.column_config.LinkColumn("Openen", display_text="brief bij de zin", width=120),
    )
    st.caption("'Openen' toont de brief bij de zin van het signaal, met de hele toezegging.")

st.subheader("Abonneren")
today = day.isoformat()
left, middle, right = st.columns(3)
left.download_button(
    "RSS-feed (signalen.xml)",
    rss_xml(items, base, today=today).encode("utf-8"),
    file_name="signalen.xml",
    mime="application/rss+xml",
    key="sg_rss",
    icon=":material/rss_feed:",
)
middle.download_button(
    "Atom-feed (signalen.atom)",
    atom_xml(items, base, today=today).encode("utf-8"),
    file_name="signalen.atom",
    mime="application/atom+xml",
    key="sg_atom",
    icon=":material/rss_feed:",
)
right.download_button(
    "Agenda met deadlines (deadlines.ics)",
    ics_text(entries, base, today=today).encode("utf-8"),
    file_name="deadlines.ics",
    mime="text/calendar",
    key="sg_ics",
    icon=":material/calendar_month:",
)
with st.expander("Zo abonneert u zich in Outlook"):
    st.markdown(
        """
**Agenda (deadlines.ics).** Eenmalig: open het gedownloade bestand in Outlook, of kies in Outlook
*Bestand → Openen en exporteren → Importeren/exporteren → iCalendar-bestand importeren*. Elke open
deadline staat dan als hele-dag-afspraak in uw agenda.

**Blijvend bijgewerkt.** Laat de server de bestanden elke nacht opnieuw schrijven in een map die
een webserver of SharePoint deelt, bijvoorbeeld:

```
raadsbrieven signalen --rss /srv/www/signalen.xml --ics /srv/www/deadlines.ics --base-url https://raadsbrieven.example.nl
```

en abonneer u op dat adres: in Outlook op het web *Agenda → Agenda toevoegen → Abonneren vanaf het
web* (het adres van `deadlines.ics`), in klassiek Outlook *Agenda openen → Van internet*. Een
afspraak houdt per toezegging dezelfde sleutel (UID): verschuift de deadline, dan verschuift de
afspraak mee. De RSS-feed voegt u in klassiek Outlook toe met rechtsklik op *RSS-feeds → Een nieuwe
RSS-feed toevoegen*, of in elke feedlezer.
"""
    )

# ------------------------------------------------------------------ the griffie's own list

st.subheader("Vergelijken met de lijst van de griffie")
st.caption(
    "Voeg de toezeggingenlijst toe zoals iBabs, Notubiz of Excel die exporteert (XLSX of CSV, met kolommen "
    "als Nummer, Toezegging, Portefeuillehouder, Datum, Deadline en Status). Een lijst met dezelfde "
    "bestandsnaam vervangt de vorige."
)
upload = st.file_uploader("Toezeggingenlijst", type=["xlsx", "csv"], key="sg_lijst")
st.html(UPLOADER_CSS)  # Streamlit's own English in the box hidden; the Dutch is here:
st.caption(upload_hint(["xlsx", "csv"], MAX_UPLOAD_MB, what="de lijst"))
if upload is not None and st.session_state.get("sg_gelezen") != (upload.name, upload.size):
    try:
        result = read_register_bytes(upload.getvalue(), upload.name)
    except RegisterFileError as exc:
        st.error(exc.dutch, icon=":material/error:")
    else:
        store.save_griffie_list(
            result.name, [r.to_dict() for r in result.rows], result.columns, f"upload:{result.name}"
        )
        st.session_state["sg_gelezen"] = (upload.name, upload.size)
        st.success(f"{md_escape(result.name)}: {len(result.rows)} toezeggingen ingelezen.")

lists = store.griffie_lists()
if not lists:
    st.info(
        "Nog geen lijst van de griffie. Voeg er hierboven een toe, of gebruik `raadsbrieven register import`."
    )
    st.stop()
names = [x["name"] for x in lists]
chosen = st.selectbox("Lijst", names, key="sg_lijstkeuze")
diffs = compare(
    rows_from_store(store.griffie_rows(chosen)),
    entries,
    chosen,
    context=entry_context(store, entries),
)
counts = {k: sum(1 for d in diffs if d.kind == k) for k in KINDS[:3]}
st.markdown(" · ".join(f"**{n}** {md_escape(k)}" for k, n in counts.items()))
if diffs:
    rows = [d.to_dict() for d in diffs]
    shown = ["kind", "message", "list_row", "list_what", "doc"]
    frame = pd.DataFrame([{COMPARE_COLUMNS[c]: shorten(str(r[c] or ""), 160) for c in shown} for r in rows])
    table(
        frame,
        "sg_verschillen",
        dict(zip([COMPARE_COLUMNS[c] for c in shown], [140, 300, 60, 220, 185], strict=True)),
        lines=3,
    )
    st.caption("De download hieronder heeft elke kolom, ook de zin uit de brief en de status op de lijst.")
    labelled = [{COMPARE_COLUMNS[k]: v for k, v in r.items() if k in COMPARE_COLUMNS} for r in rows]
    download_buttons(labelled, list(COMPARE_COLUMNS.values()), "verschillen", "sg_download")
else:
    st.success("De lijst en de brieven komen overeen.")
