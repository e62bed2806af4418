"""Brieven: the stored letters; reading one shows its text page by page with the facts coloured by kind.

Query parameters open a letter at a sentence: `?doc=NAME&page=N&zin=SENTENCE_ID` (Zoeken and the
registers link here that way); the sentence is outlined and scrolled into view.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from raadsbrieven.registers.graph import edges_of, store_graph
from raadsbrieven.ui.common import (
    Mark,
    esc,
    fact_rows,
    fact_tip,
    get_store,
    highlight,
    html_block,
    legend,
    letter,
    letter_link,
    letters_or_stop,
    md_escape,
    nl_date,
    ocr_pages,
    table,
)
from raadsbrieven.ui.wording import (
    OCR_NOTE,
    count_text,
    date_basis_text,
    doc_type_label,
    ocr_note,
    page_label,
    pages_label,
    shorten,
)


@st.cache_data(show_spinner=False)
def letter_graph(url: str, ver: tuple) -> list[dict]:
    """Every edge of the letter graph (which letter answers, follows up or names which)."""
    return store_graph(get_store(url))


st.title("Brieven")

store, url, ver, docs = letters_or_stop()

with st.expander(
    f"Alle {len(docs)} brieven" if len(docs) > 1 else "De brief", expanded=not st.query_params.get("doc")
):
    frame = pd.DataFrame(
        [
            {
                "Bestand": d["name"],
                "Datum": nl_date(d.get("date")),
                "Soort": doc_type_label(d.get("doc_type")),
                "Onderwerp": shorten(d.get("title"), 160),
                "Gemeente": d.get("municipality") or "",
                "Pagina's": d.get("page_count"),
            }
            for d in docs
        ]
    )
    table(
        frame,
        "brieven_tabel",
        {"Bestand": 200, "Datum": 120, "Soort": 130, "Onderwerp": 260, "Gemeente": 100, "Pagina's": 70},
        lines=3,
    )
    st.caption("Kies een brief hieronder om de tekst, de feiten en hoe de datum bekend is te zien.")

names = [d["name"] for d in sorted(docs, key=lambda d: d["date"] or "", reverse=True)]
titles = {d["name"]: d["title"] for d in docs}

# The URL decides which letter (and sentence) is open; the widgets write back to it.
wanted = st.query_params.get("doc")
if wanted in names and st.session_state.get("_brief_qp") != wanted:
    st.session_state["brief_doc"] = wanted
    st.session_state.pop("brief_pagina", None)
st.session_state["_brief_qp"] = wanted
if wanted and wanted not in names:
    st.warning(f"Er is geen brief met de naam {wanted!r} in de database; kies er hieronder een.")


def on_doc_change() -> None:
    st.query_params.clear()
    st.query_params["doc"] = st.session_state["brief_doc"]
    st.session_state["_brief_qp"] = st.session_state["brief_doc"]
    st.session_state.pop("brief_pagina", None)


name = st.selectbox(
    "Lees een brief",
    names,
    key="brief_doc",
    on_change=on_doc_change,
    format_func=lambda n: shorten(f"{n} — {titles.get(n) or 'zonder titel'}", 110),
)
lt = letter(url, ver, name)
if lt is None:  # removed since the list was read
    st.warning(f"De brief {name} staat niet (meer) in de database.")
    st.stop()

meta = lt.meta
st.subheader(md_escape(meta.get("title") or name))
st.markdown(
    " · ".join(
        md_escape(x)
        for x in (
            name,
            nl_date(meta.get("date")),
            doc_type_label(meta.get("doc_type")) if meta.get("doc_type") else "soort onbekend",
            f"kenmerk {meta['kenmerk']}" if meta.get("kenmerk") else "",
            meta.get("municipality") or "",
            f"{pages_label(len(lt.pages))} ({(meta.get('format') or '').upper()})",
        )
        if x
    )
)
ocr = {page: note for (doc, page), note in ocr_pages(url, ver).items() if doc == name}
st.caption(f"Hoe de datum bekend is: {md_escape(date_basis_text(meta.get('date_basis')))}")
if ocr:
    which = ", ".join(str(p) for p in sorted(ocr))
    which = f"Pagina {which} is" if len(ocr) == 1 else f"Pagina's {which} zijn"
    st.caption(
        f"{which} {ocr_note(*next(iter(ocr.values())))}: de feiten daarvan kunnen leesfouten bevatten."
    )

KIND_LABEL = {"answers": "beantwoordt", "follows_up": "vervolg op", "refers_to": "noemt"}
KIND_LABEL_IN = {"answers": "beantwoord door", "follows_up": "vervolgd door", "refers_to": "genoemd in"}
outgoing, incoming = edges_of(letter_graph(url, ver), name)
with st.expander(
    f"Verwijst naar {count_text(len(outgoing), 'brief', 'brieven')} · "
    f"wordt genoemd in {count_text(len(incoming), 'brief', 'brieven')}",
    expanded=bool(outgoing or incoming),
):
    left, right = st.columns(2)
    for column, heading, edges, other, labels in (
        (left, "Verwijst naar", outgoing, "to_doc", KIND_LABEL),
        (right, "Wordt genoemd in", incoming, "from_doc", KIND_LABEL_IN),
    ):
        column.markdown(f"**{heading}**")
        if not edges:
            column.caption(
                "Geen andere opgeslagen brief." if heading == "Verwijst naar" else "Geen opgeslagen brief."
            )
        for edge in edges:
            doc = edge[other]
            when = nl_date(edge["to_date"] if other == "to_doc" else edge["from_date"])
            sure = f"zekerheid {edge['confidence']:.2f}"
            with column:
                letter_link(doc, label=md_escape(f"{labels[edge['kind']]}: {doc} ({when}, {sure})"))
                st.caption(md_escape(edge["evidence"][:300]))
if meta.get("warnings"):
    with st.expander("Opmerkingen bij het lezen"):
        html_block(esc(meta["warnings"]))

# Which sentence, which page.
target = None
zin = st.query_params.get("zin")
if zin and zin.isdigit():
    target = next((s for s in lt.sentences if s["id"] == int(zin)), None)
numbers = [n for n, _, _ in lt.pages]
want_page = (target or {}).get("page") or st.query_params.get("page")
if (
    want_page
    and str(want_page).isdigit()
    and int(want_page) in numbers
    and "brief_pagina" not in st.session_state
):
    st.session_state["brief_pagina"] = int(want_page)


def on_page_change() -> None:
    st.query_params["page"] = str(st.session_state["brief_pagina"])


page_no = numbers[0]
if len(numbers) > 1:
    page_no = st.selectbox(
        "Pagina",
        numbers,
        key="brief_pagina",
        on_change=on_page_change,
        format_func=lambda n: page_label(n) + (f" ({OCR_NOTE})" if n in ocr else ""),
    )
number, start, end = next(p for p in lt.pages if p[0] == page_no)

if target is not None:
    st.markdown(f"**Gekozen zin** ({md_escape(page_label(target['page']))}):")
    html_block(esc(" ".join(target["text"].split())), "rb-citaat")

page_facts = [f for f in lt.facts if start <= f["start"] < end]
legend({f["kind"] for f in lt.facts} or None)
marks = [Mark(f["start"] - start, min(f["end"], end) - start, f["kind"], fact_tip(f)) for f in page_facts]
span = None
if target is not None and start <= target["start"] < end:
    span = (target["start"] - start, target["end"] - start)
with st.container(height=650 if end - start > 5000 else "content", border=True, key="brief_tekst"):
    if page_no in ocr:
        st.caption(f"Deze pagina is {ocr_note(*ocr[page_no])}.")
    html_block(highlight(lt.text[start:end], marks, span))
if span is not None:
    # Our own script, no letter text in it: scroll the outlined sentence into view once it is drawn.
    st.html(
        "<script>(function(){let n=0;const t=setInterval(function(){"
        "const el=document.getElementById('rb-doel');"
        "if(el){el.scrollIntoView({block:'center'});clearInterval(t);}"
        f"else if(++n>50){{clearInterval(t);}}}},100);}})(); /* {int(target['id'])} */</script>",
        unsafe_allow_javascript=True,
    )

st.subheader("Feiten in deze brief")
if not lt.facts:
    st.caption("In deze brief zijn geen feiten gevonden.")
else:
    only_page = len(numbers) > 1 and st.toggle("Alleen deze pagina", value=False, key="brief_alleen_pagina")
    rows = fact_rows(page_facts if only_page else lt.facts, ocr)
    table(
        pd.DataFrame(rows).fillna(""),
        "brief_feiten",
        {"Soort": 150, "Waarde": 120, "Periode": 110, "Pagina": 130, "Over": 160, "Zin": 250},
        lines=4,
    )
    st.caption("De hele zin staat in de tekst hierboven: een feit is daar gekleurd, met uitleg bij de muis.")
