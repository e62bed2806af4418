"""Zoeken: hybrid search over the sentences, with filters; every hit is shown as a passage (the
sentence before and after it in the same letter, facts coloured) and opens its letter there."""

from __future__ import annotations

import streamlit as st

from raadsbrieven.model import KINDS
from raadsbrieven.search import search, tokens
from raadsbrieven.ui.background import embed_job, wanted
from raadsbrieven.ui.common import (
    embedder,
    esc,
    facet_values,
    fact_value,
    forget_cached_data,
    get_store,
    highlight,
    html_block,
    kind_label,
    legend,
    letter_link,
    letters_or_stop,
    md_escape,
    nl_date,
    page_label,
    sentence_marks,
)
from raadsbrieven.ui.settings import read_only

ALL = "(alle)"
MUTED = "color:#5f6368;font-size:.92em"  # the sentences around a hit


def context_html(text: str, facts: list[dict]) -> str:
    """Escaped HTML of a neighbouring sentence (before or after a hit), muted, its facts coloured."""
    return f'<span style="{MUTED}">{highlight(text, sentence_marks(text, facts))}</span>'


def passage_facts(hit) -> list[dict]:
    """The facts of the passage: the hit's own first, then those of the sentence before and after."""
    return [*hit.facts, *hit.before_facts, *hit.after_facts]


st.title("Zoeken")

store, url, ver, docs = letters_or_stop()


@st.cache_data(show_spinner=False)
def pending(url: str, ver: tuple) -> int | None:
    from raadsbrieven.search import pending_embeddings

    emb = embedder()
    return None if emb is None else pending_embeddings(get_store(url), emb)


if "zoek_q" not in st.session_state and st.query_params.get("q"):
    st.session_state["zoek_q"] = st.query_params["q"]
query = st.text_input(
    "Zoek in de brieven",
    key="zoek_q",
    placeholder="bijv. wachttijd specialistische jeugdhulp Vleuten, of M194, of 8407467",
    help="Woorden, namen en nummers (M194, een kenmerk) tellen letterlijk; een gewone vraag "
    "('hoe lang wachten kinderen in Overvecht') wordt ook op betekenis gezocht.",
)

facets = facet_values(url, ver)
years = sorted({d["date"][:4] for d in docs if d["date"]})
names = [d["name"] for d in docs]
titles = {d["name"]: d["title"] for d in docs}

c1, c2, c3, c4 = st.columns(4)
kind = c1.selectbox(
    "Soort feit", [ALL, *KINDS], key="zoek_kind", format_func=lambda k: k if k == ALL else kind_label(k)
)
org = c2.selectbox("Organisatie", [ALL, *facets["org"]], key="zoek_org")
place = c3.selectbox("Plaats (wijk, buurt, stad)", [ALL, *facets["place"]], key="zoek_place")
doc = c4.selectbox(
    "Brief",
    [ALL, *sorted(names)],
    key="zoek_doc",
    format_func=lambda n: n if n == ALL else f"{n} — {titles.get(n) or ''}"[:90],
)
municipalities = sorted({d["municipality"] for d in docs if d.get("municipality")})
municipality = None
if len(municipalities) > 1:  # one council (or none known): nothing to choose
    c0, c1, c2 = st.columns([1, 2, 1])
    municipality = c0.selectbox("Gemeente", [ALL, *municipalities], key="zoek_gemeente")
else:
    c1, c2 = st.columns([3, 1])
period = None
if len(years) > 1:
    period = c1.select_slider(
        "Periode (datum van de brief)", options=years, value=(years[0], years[-1]), key="zoek_periode"
    )
limit = c2.number_input("Aantal resultaten", min_value=1, max_value=100, value=10, step=5, key="zoek_limit")

if query:
    st.query_params["q"] = query
elif "q" in st.query_params:
    del st.query_params["q"]
if not query or not tokens(query):
    if query:
        st.warning("Geef zoekwoorden met inhoud: alleen lidwoorden en voegwoorden zoeken niets.")
    else:
        st.caption(
            "Typ een zoekvraag. De filters werken op de zinnen die een feit van die soort, "
            "organisatie of plaats bevatten; Gemeente houdt de brieven van die gemeente."
        )
    st.stop()

emb = embedder()
todo = pending(url, ver)
hits = search(
    store,
    query,
    limit=int(limit),
    kind=None if kind == ALL else kind,
    org=None if org == ALL else org,
    place=None if place == ALL else place,
    doc=None if doc == ALL else doc,
    date_from=period[0] if period and period[0] != years[0] else None,
    date_to=period[1] if period and period[1] != years[-1] else None,
    municipality=None if municipality in (None, ALL) else municipality,
    embedder=emb,
    mode="hybrid" if emb is not None else "bm25",
)
if emb is None:
    st.caption(
        "Zoeken op betekenis is niet beschikbaar (het taalmodel laadt niet); er is op woorden gezocht."
    )
elif todo and wanted() and embed_job(url).running:
    st.caption(embed_job(url).summary() or "")
elif todo and read_only():
    st.caption(
        f"{todo} zinnen zijn nog niet voorbereid voor zoeken op betekenis; ze worden op woorden gevonden."
    )
elif todo:
    left, right = st.columns([4, 1])
    left.caption(
        f"{todo} zinnen zijn nog niet voorbereid voor zoeken op betekenis; die worden alleen op hun woorden "
        "gevonden. Voorbereiden kost ongeveer een minuut per duizend zinnen (of `raadsbrieven embed`)."
    )
    if right.button("Nu voorbereiden", key="zoek_embed"):
        from raadsbrieven.search import embed_store

        bar = st.progress(0.0, text="Zinnen voorbereiden…")
        done = [0]

        def progress(n: int) -> None:
            done[0] += n
            bar.progress(min(1.0, done[0] / todo), text=f"{done[0]} van {todo} zinnen voorbereid")

        embed_store(store, emb, progress=progress)
        forget_cached_data()
        st.rerun()

if not hits:
    st.info("Geen zinnen gevonden met deze zoekvraag en filters. Probeer andere woorden of minder filters.")
    st.stop()

st.markdown(f"**{len(hits)} zinnen**, beste eerst")
st.caption(
    "Elke gevonden zin (met de streep ervoor) staat tussen de zin ervoor en de zin erna uit dezelfde "
    "brief, in grijs. "
    "Aanhef, ondertekening, adressen, losse kopjes, tabelkoppen en losse links komen achter de zinnen "
    "die iets zeggen."
)
shown_kinds = {f["kind"] for h in hits for f in passage_facts(h)}
if shown_kinds:
    legend(shown_kinds)
for h in hits:
    with st.container(border=True):
        title = titles.get(h.doc) or h.doc
        st.markdown(
            f"**{h.rank}.** {md_escape(title)}  \n"
            f"{md_escape(h.doc)} · {md_escape(nl_date(h.doc_date))} · {md_escape(page_label(h.page))}"
            + (f" · kopje: _{md_escape(h.heading)}_" if h.heading else "")
        )
        if h.before:
            html_block(context_html(h.before, h.before_facts), "rb-omgeving")
        html_block(highlight(h.sentence, sentence_marks(h.sentence, h.facts)), "rb-citaat")
        if h.after:
            html_block(context_html(h.after, h.after_facts), "rb-omgeving")
        facts = passage_facts(h)
        if facts:
            html_block(
                " · ".join(
                    f'<mark class="rb-feit rb-{f["kind"]}">{esc(kind_label(f["kind"]))}</mark> '
                    + esc(fact_value(f))
                    for f in facts
                ),
                "rb-feitenlijst",
            )
        letter_link(h.doc, h.page, h.sentence_id)
