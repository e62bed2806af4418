"""Overzicht: the corpus at a glance, and uploading new letters."""

from __future__ import annotations

from collections import Counter

import altair as alt
import pandas as pd
import streamlit as st

from raadsbrieven.model import REGISTER_STATUSES
from raadsbrieven.ui.background import embed_job, wanted
from raadsbrieven.ui.common import (
    TOEZEGGINGEN_PAGE,
    counts,
    documents,
    embedder,
    forget_cached_data,
    letter_link,
    md_escape,
    nl_date,
    open_store,
    toezeggingen,
    version,
)
from raadsbrieven.ui.settings import MAX_UPLOAD_FILES, MAX_UPLOAD_MB, read_only
from raadsbrieven.ui.upload import ACCEPTED, upload_letters
from raadsbrieven.ui.wording import (
    KIND_COLOURS,
    KIND_LABELS,
    UPLOADER_CSS,
    count_text,
    doc_type_colour,
    doc_type_label,
    upload_hint,
)

st.title("Overzicht")

store = open_store()
url = store.url


def upload_section(expanded: bool) -> None:
    if read_only():  # a public deployment: nobody adds letters through the page
        return
    with st.expander("Brieven toevoegen (PDF, TXT, HTML)", expanded=expanded, icon=":material/upload:"):
        files = st.file_uploader(
            "Kies een of meer brieven",
            type=list(ACCEPTED),
            accept_multiple_files=True,
            key="upload_files",
            help="Elke brief wordt gelezen, in zinnen verdeeld en op feiten doorzocht. "
            "Een bestand met dezelfde naam en andere inhoud vervangt de oude versie; "
            "dezelfde inhoud onder een andere naam wordt één keer bewaard.",
        )
        st.html(UPLOADER_CSS)  # Streamlit's own English in the box hidden; the Dutch is here:
        st.caption(upload_hint(list(ACCEPTED), MAX_UPLOAD_MB, MAX_UPLOAD_FILES))
        too_many = len(files or []) > MAX_UPLOAD_FILES
        if too_many:
            st.error(
                f"Kies hoogstens {MAX_UPLOAD_FILES} brieven tegelijk (nu {len(files)}); "
                f"elk bestand mag tot {MAX_UPLOAD_MB} MB zijn.",
                icon=":material/error:",
            )
        if st.button("Inlezen", type="primary", disabled=not files or too_many, key="upload_go"):
            bar = st.progress(0.0, text="Brieven inlezen…")

            def progress(i: int, result) -> None:  # noqa: ANN001
                bar.progress(i / len(files), text=f"{i} van {len(files)} gelezen: {result.name}")

            # Stored and searchable by words at once; the background job prepares search by meaning.
            batch = upload_letters([(f.name, f.getvalue()) for f in files], store, on_progress=progress)
            messages = [(r.ok, r.status, r.message) for r in batch.results]
            if batch.problem:
                messages.append((False, "embed", batch.problem))
            bar.empty()
            forget_cached_data()
            st.session_state["upload_results"] = messages
            st.rerun()  # draw the page again from the new store
        for ok, status, message in st.session_state.get("upload_results", []):
            if not ok:
                st.error(message, icon=":material/error:")
            elif status in ("unchanged", "duplicate", "moved"):
                st.info(message, icon=":material/info:")
            else:
                st.success(message, icon=":material/check_circle:")


@st.cache_data(show_spinner=False)
def pending_sentences(url: str, ver: tuple) -> int | None:
    """Sentences without a vector for the default model (None when the model cannot load)."""
    from raadsbrieven.search import pending_embeddings

    emb = embedder()
    return None if emb is None else pending_embeddings(store, emb)


def background_embedding(url: str, ver: tuple) -> None:
    """Start preparing sentences for search by meaning in the background, and say how far it is."""
    if not wanted() or read_only():
        return
    job = embed_job(url)
    if not job.running and (pending_sentences(url, ver) or 0) > 0:
        job.start()

    @st.fragment(run_every=3 if job.running else None)
    def status() -> None:
        line = job.summary()
        if line:
            st.caption(line)
        if job.state == "finished" and st.session_state.get("embed_seen") != id(job):
            st.session_state["embed_seen"] = id(job)
            forget_cached_data()

    status()


ver = version(store)
docs = documents(url, ver)
if not docs:
    st.info(
        "Nog geen brieven." if read_only() else "Nog geen brieven — upload er een.", icon=":material/inbox:"
    )
    upload_section(expanded=True)
    st.stop()

upload_section(expanded=bool(st.session_state.get("upload_results")))
background_embedding(url, ver)
n = counts(url, ver)
register = toezeggingen(url, ver)
status_count = Counter(e.status for e in register)

cols = st.columns(5)
cols[0].metric("Brieven", n["documents"])
cols[1].metric("Pagina's", n["pages"])
cols[2].metric("Zinnen", n["sentences"])
cols[3].metric("Feiten", n["facts"])
cols[4].metric("Toezeggingen", len(register), help="Eén per nummer of per ongenummerde toezegging.")

left, right = st.columns(2)
with left:
    st.subheader("Brieven per jaar en soort")
    frame = pd.DataFrame(
        {
            "Jaar": [(d["date"] or "")[:4] or "onbekend" for d in docs],
            "Soort": [doc_type_label(d["doc_type"]) for d in docs],
        }
    )
    types = {doc_type_label(d["doc_type"]): doc_type_colour(d["doc_type"]) for d in docs}
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("Jaar:O", title="Jaar van de brief", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("count():Q", title="Brieven", axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color(
                "Soort:N",
                title="Soort brief",
                # Each type its own fixed colour: an upload that adds a type changes no other's colour.
                scale=alt.Scale(domain=sorted(types), range=[types[t] for t in sorted(types)]),
                legend=alt.Legend(labelLimit=260),
            ),
            tooltip=["Jaar", "Soort", alt.Tooltip("count():Q", title="Brieven")],
        )
    )
    st.altair_chart(chart, width="stretch")
    undated = sum(1 for d in docs if not d["date"])
    if undated:
        st.caption(
            f"{count_text(undated, 'brief', 'brieven')} zonder bekende datum "
            f"{'staat' if undated == 1 else 'staan'} onder 'onbekend'."
        )

with right:
    st.subheader("Feiten per soort")
    by_kind = n["by_kind"]
    kinds = [k for k in KIND_LABELS if by_kind.get(k)]
    frame = pd.DataFrame({"Soort": [KIND_LABELS[k] for k in kinds], "Aantal": [by_kind[k] for k in kinds]})
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("Soort:N", sort="-x", title=None, axis=alt.Axis(labelLimit=220)),
            x=alt.X("Aantal:Q", title="Feiten", axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color(
                "Soort:N",
                scale=alt.Scale(
                    domain=[KIND_LABELS[k] for k in kinds], range=[KIND_COLOURS[k] for k in kinds]
                ),
                legend=None,
            ),
            tooltip=["Soort", "Aantal"],
        )
    )
    st.altair_chart(chart, width="stretch")

left, right = st.columns(2)
with left:
    st.subheader("Nieuwste brieven")
    newest = sorted(docs, key=lambda d: d["date"] or "", reverse=True)[:5]
    for d in newest:
        st.markdown(
            f"**{md_escape(nl_date(d['date']))}** · {md_escape(doc_type_label(d['doc_type']))}  \n"
            f"{md_escape(d['title'] or d['name'])}"
        )
        letter_link(d["name"], label=f"Lees {d['name']}")

with right:
    st.subheader("Toezeggingen per status")
    if register:
        frame = pd.DataFrame(
            {"Status": list(REGISTER_STATUSES), "Aantal": [status_count.get(s, 0) for s in REGISTER_STATUSES]}
        )
        chart = (
            alt.Chart(frame)
            .mark_bar()
            .encode(
                x=alt.X("Status:N", sort=list(REGISTER_STATUSES), title=None, axis=alt.Axis(labelAngle=0)),
                y=alt.Y("Aantal:Q", title="Toezeggingen", axis=alt.Axis(tickMinStep=1, format="d")),
                color=alt.Color(
                    "Status:N",
                    scale=alt.Scale(
                        domain=list(REGISTER_STATUSES), range=["#4c78a8", "#f2a93b", "#54a24b", "#e45756"]
                    ),
                    legend=None,
                ),
                tooltip=["Status", "Aantal"],
            )
        )
        st.altair_chart(chart, width="stretch")
        if status_count.get("verlopen"):
            st.warning(
                f"{count_text(status_count['verlopen'], 'toezegging', 'toezeggingen')} verlopen: "
                "de deadline is voorbij.",
                icon=":material/alarm:",
            )
        st.page_link(
            TOEZEGGINGEN_PAGE,
            label="Naar het toezeggingenregister",
            icon=":material/handshake:",
        )
    else:
        st.caption("Geen toezeggingen gevonden in de brieven.")
