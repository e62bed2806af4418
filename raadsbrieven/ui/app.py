"""The raadsbrieven app: a router over the pages in this folder.

`raadsbrieven app --db URL` runs this file with Streamlit (from a checkout or an installed wheel);
`streamlit run app.py` in a checkout runs the same `main()` through the top-level launcher.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from raadsbrieven.ui.common import counts, db_url, open_store, safe_url, version

HERE = Path(__file__).resolve().parent


def main() -> None:
    """Set up the page, route to the pages (files next to this one), show the store in the sidebar."""
    # A local favicon: the app makes no request to the internet (an icon name would be fetched).
    st.set_page_config(
        page_title="Raadsbrieven", page_icon=str(HERE / "static" / "favicon.png"), layout="wide"
    )

    overzicht = st.Page(
        HERE / "overzicht.py", title="Overzicht", url_path="overzicht", icon=":material/home:"
    )

    def start() -> None:
        """The root URL opens Overzicht at its own address (/overzicht): every page has a stable url_path."""
        st.switch_page(overzicht)

    pages = [
        st.Page(start, title="Start", url_path="start", default=True, visibility="hidden"),
        overzicht,
        st.Page(HERE / "zoeken.py", title="Zoeken", url_path="zoeken", icon=":material/search:"),
        st.Page(
            HERE / "toezeggingen.py",
            title="Toezeggingen",
            url_path="toezeggingen",
            icon=":material/handshake:",
        ),
        st.Page(
            HERE / "moties.py",
            title="Moties en amendementen",
            url_path="moties",
            icon=":material/gavel:",
        ),
        st.Page(HERE / "trends.py", title="Trends", url_path="trends", icon=":material/monitoring:"),
        st.Page(HERE / "brieven.py", title="Brieven", url_path="brieven", icon=":material/description:"),
        st.Page(HERE / "signalen.py", title="Signalen", url_path="signalen", icon=":material/notifications:"),
    ]

    page = st.navigation(pages)

    with st.sidebar:
        store = open_store()
        n = counts(store.url, version(store))
        st.caption(
            f"{n['documents']} brieven · {n['facts']} feiten  \nDatabase: `{safe_url(db_url())}`",
        )

    page.run()


if __name__ == "__main__":
    main()
