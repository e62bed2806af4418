"""The letter graph on Kamer letters of ../shared: Kamerstuk numbers ("Kamerstuk 33 900, nr. 10") resolve
to the stored kamerstuk, "de brief van 18 december" to the letter of that day in the same dossier, the
minister's copy to the Eerste Kamer ("Hierbij stuur ik u een afschrift van de brief ...") to the letter
it copies, and a letter that names "het voorlopig verslag" answers the dossier's voorlopig verslag.
"""

from __future__ import annotations

import pytest

from raadsbrieven.registers.graph import _own_numbers
from tests.conftest import shared_path

MORE = [
    "tk_kamerbrief_kst-33900-10_notitie-kiescollege.pdf",
    "tk_kamerbrief_kst-33900-b_notitie-kiescollege-eerste-kamer.pdf",
    "tk_kamerbrief_kst-33900-11_vervolg-kiescollege.pdf",
    "ek_voorlopig-verslag_kst-30174-b_correctief-referendum.pdf",
    "tk_kamerbrief_kst-30174-e_minister-bzk-correctief-referendum.pdf",
    "tk_motie_kst-33268-26_taverne-afschaffen-lijstverbindingen.pdf",
]
EXTRA = ["tk_kst-33900-12.pdf", "tk_kst-33268-28.pdf"]


@pytest.fixture(scope="module")
def edges(tmp_path_factory: pytest.TempPathFactory) -> set[tuple[str, str, str]]:
    from raadsbrieven.pipeline import ingest
    from raadsbrieven.registers.graph import store_graph
    from raadsbrieven.store import Store

    paths = [shared_path("letters-more/" + n) for n in MORE] + [
        shared_path("letters-extra/" + n) for n in EXTRA
    ]
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('kamer') / 'kamer.db'}")
    report = ingest(paths, store, embed=False, link=False)
    assert not report.failed, [o.message for o in report.failed]
    try:
        return {(e["from_doc"], e["to_doc"], e["kind"]) for e in store_graph(store)}
    finally:
        store.close()


def pairs(edges: set[tuple[str, str, str]]) -> set[tuple[str, str]]:
    return {(a, b) for a, b, _kind in edges}


def test_a_kamerstuk_number_names_the_stored_kamerstuk(edges) -> None:  # noqa: ANN001
    found = pairs(edges)
    assert (
        "tk_kamerbrief_kst-33900-11_vervolg-kiescollege.pdf",
        MORE[0],
    ) in found  # Kamerstuk 33 900, nr. 10
    assert ("tk_kst-33268-28.pdf", MORE[5]) in found  # motie-Taverne (Kamerstuk 33 268, nr. 26)
    assert ("tk_kst-33900-12.pdf", "tk_kamerbrief_kst-33900-11_vervolg-kiescollege.pdf") in found


def test_the_brief_of_a_day_is_the_letter_of_that_day_in_the_dossier(edges) -> None:  # noqa: ANN001
    # "In de brief van 18 december": the letter and its copy to the Eerste Kamer have the same text
    to_december = {b for a, b in pairs(edges) if a == "tk_kst-33900-12.pdf"} & {MORE[0], MORE[1]}
    assert len(to_december) == 1


def test_the_copy_to_the_eerste_kamer_refers_to_the_letter_it_copies(edges) -> None:  # noqa: ANN001
    assert (MORE[1], MORE[0], "refers_to") in edges
    assert (MORE[0], MORE[1]) not in pairs(edges)  # the original does not point at its later copy


def test_the_ministers_letter_answers_the_voorlopig_verslag(edges) -> None:  # noqa: ANN001
    assert (MORE[4], MORE[3], "answers") in edges


def test_own_numbers_from_a_kamerstuk_file_name() -> None:
    assert _own_numbers({"name": "tk_kamerbrief_kst-33900-10_notitie-kiescollege.pdf"}) == {"33900-10"}
    assert _own_numbers({"name": "tk_kamerbrief_kst-33900-b_notitie.pdf"}) == {"33900-B"}
    assert _own_numbers({"name": "tk_kst-33268-28.pdf"}) == {"33268-28"}
    assert _own_numbers({"name": "kst-339001-10.pdf"}) == set()  # six digits: no dossier number
