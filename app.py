"""The raadsbrieven app: a router over the pages in raadsbrieven/ui/.

Start it with `raadsbrieven app --db URL` (or `streamlit run app.py` with $RAADSBRIEVEN_DB set).
"""

from __future__ import annotations

import streamlit as st

from raadsbrieven.ui.common import counts, db_url, open_store, safe_url, version

st.set_page_config(page_title="Raadsbrieven", page_icon=":material/description:", layout="wide")

OVERZICHT = st.Page(
    "raadsbrieven/ui/overzicht.py", title="Overzicht", url_path="overzicht", icon=":material/home:"
)


def start() -> None:
    """The root URL opens Overzicht at its own address (/overzicht), so every page has a stable url_path."""
    st.switch_page(OVERZICHT)


PAGES = [
    st.Page(start, title="Start", url_path="start", default=True, visibility="hidden"),
    OVERZICHT,
    st.Page("raadsbrieven/ui/zoeken.py", title="Zoeken", url_path="zoeken", icon=":material/search:"),
    st.Page(
        "raadsbrieven/ui/toezeggingen.py",
        title="Toezeggingen",
        url_path="toezeggingen",
        icon=":material/handshake:",
    ),
    st.Page(
        "raadsbrieven/ui/moties.py",
        title="Moties en amendementen",
        url_path="moties",
        icon=":material/gavel:",
    ),
    st.Page("raadsbrieven/ui/trends.py", title="Trends", url_path="trends", icon=":material/monitoring:"),
    st.Page("raadsbrieven/ui/brieven.py", title="Brieven", url_path="brieven", icon=":material/description:"),
]

page = st.navigation(PAGES)

with st.sidebar:
    store = open_store()
    n = counts(store.url, version(store))
    st.caption(
        f"{n['documents']} brieven · {n['facts']} feiten  \nDatabase: `{safe_url(db_url())}`",
    )

page.run()
