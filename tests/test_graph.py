"""The letter graph: references resolved to stored letters (by kenmerk, RIS number, date, title, motie),
as edges {from_doc, to_doc, kind, evidence, confidence}; the CLI's `brieven --graph` and the Brieven page.
"""
# ruff: noqa: E501  (real sentences read better unwrapped)

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from raadsbrieven.cli import main
from raadsbrieven.registers.graph import edges_of, letter_graph
from tests.conftest import ROOT, fresh_url, shared_path

MOTIE = "denhaag_motie_2025-01-23_veranker-hoogbegaafdheid.pdf"
BESLUIT = "denhaag_besluitenlijst_2025-01-23_raad.pdf"
TUSSEN = "denhaag_raadsbrief_2025-03-05_tussenbericht-motie-hoogbegaafdheid.pdf"
AFDOENING = "denhaag_raadsbrief_2025-05-27_afdoening-motie-hoogbegaafdheid.pdf"
PREADVIES = "denhaag_raadsbrief_2025-01-14_preadvies-initiatiefvoorstel-leesniveau.pdf"
VOORSTEL = "denhaag_raadsvoorstel_2025-03-13_gewijzigd-initiatiefvoorstel-leesniveau.pdf"
FILES = [MOTIE, BESLUIT, TUSSEN, AFDOENING, PREADVIES, VOORSTEL]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def graph_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    from raadsbrieven.pipeline import ingest
    from raadsbrieven.store import Store

    paths = [shared_path("letters-more/" + name) for name in FILES]
    url = fresh_url(request.param, tmp_path_factory.mktemp("graph"), "graph.db")
    store = Store(url)
    report = ingest(paths, store, embed=False, link=False)
    assert not report.failed, [o.message for o in report.failed]
    store.close()
    return url


def graph_of(url: str) -> list[dict]:
    from raadsbrieven.registers.graph import store_graph
    from raadsbrieven.store import Store

    store = Store(url)
    try:
        return store_graph(store)
    finally:
        store.close()


def test_a_motie_chain_becomes_edges_with_their_kind(graph_db: str) -> None:
    edges = {(e["from_doc"], e["to_doc"]): e for e in graph_of(graph_db)}
    assert edges[(TUSSEN, MOTIE)]["kind"] == "answers"
    assert edges[(AFDOENING, MOTIE)]["kind"] == "answers"
    assert edges[(AFDOENING, TUSSEN)]["kind"] == "follows_up"  # it settles what the tussenbericht postponed
    assert edges[(BESLUIT, MOTIE)]["kind"] == "refers_to"
    assert "321255" in edges[(BESLUIT, MOTIE)]["evidence"]
    assert "Afdoening motie" in edges[(AFDOENING, MOTIE)]["evidence"]
    assert all(0 < e["confidence"] <= 1 for e in edges.values())
    # the preadvies is filed under the initiatiefvoorstel's RIS number: it answers that voorstel
    assert (
        edges[(PREADVIES, VOORSTEL)]["kind"] == "answers" and edges[(PREADVIES, VOORSTEL)]["via"] == "kenmerk"
    )
    # nothing links the two chains
    chain = {MOTIE, BESLUIT, TUSSEN, AFDOENING}
    assert all((a in chain) == (b in chain) for a, b in edges)


def test_brieven_graph_prints_jsonl_edges_from_and_to_a_letter(graph_db: str) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["brieven", "--db", graph_db, "--graph", TUSSEN])
    assert result.exit_code == 0, result.output
    edges = [json.loads(line) for line in result.output.splitlines()]
    assert {(e["from_doc"], e["to_doc"], e["kind"]) for e in edges} == {
        (TUSSEN, MOTIE, "answers"),
        (AFDOENING, TUSSEN, "follows_up"),
    }
    assert {"from_doc", "to_doc", "kind", "evidence", "confidence"} <= set(edges[0])
    same = runner.invoke(main, ["documents", "--db", graph_db, "--graph", TUSSEN])
    assert same.output == result.output
    table = runner.invoke(main, ["brieven", "--db", graph_db, "--graph", TUSSEN, "--format", "table"]).output
    assert "verwijst naar" in table and "wordt genoemd in" in table
    listing = runner.invoke(main, ["brieven", "--db", graph_db, "--format", "jsonl"]).output
    assert {json.loads(line)["name"] for line in listing.splitlines()} == set(FILES)


def test_an_unknown_letter_is_named(graph_db: str) -> None:
    result = CliRunner().invoke(main, ["brieven", "--db", graph_db, "--graph", "geen-brief.pdf"])
    assert result.exit_code == 1
    assert "Geen brief met de naam 'geen-brief.pdf'" in result.output


# ------------------------------------------------------------------ built letters


def doc(name, date, title, kenmerk=None, council="Utrecht", head_extra=""):
    head = f"Retouradres: Postbus 16200\nOns kenmerk\n{kenmerk or 'x'}\n{head_extra}\nDatum\n{date}\nOnderwerp\n{title}\n"
    return {"name": name, "title": title, "doc_type": "raadsbrief", "date": None, "kenmerk": kenmerk,
            "municipality": council, "head": head, "tail": ""}  # fmt: skip


def ref(doc_name, sentence, date=None, kenmerk=None, title=None):
    return {"kind": "letter_ref", "doc": doc_name, "sentence": sentence, "date": date, "kenmerk": kenmerk,
            "title": title, "page": 1}  # fmt: skip


def test_references_resolve_by_date_title_and_kenmerk() -> None:
    docs = [
        doc("a.txt", "9 maart 2020", "Wachttijden jeugdhulp", kenmerk="8407467"),
        doc("b.txt", "9 maart 2020", "Aanpak zwerfafval"),
        doc("c.txt", "3 november 2020", "Nadere uitwerking scenario's raamprostitutie"),
        doc("d.txt", "3 november 2020", "Iets in een andere stad", council="Amsterdam"),
        doc("z.txt", "1 juni 2021", "Stand van zaken"),
    ]
    facts = [
        ref(
            "z.txt",
            "In de raadsbrief Wachttijden jeugdhulp van 9 maart 2020 beloofden wij u te informeren.",
            "2020-03-09",
            title="Wachttijden jeugdhulp",
        ),
        ref(
            "z.txt",
            "In vervolg op onze brief van 3 november 2020 informeren wij u over de uitwerking.",
            "2020-11-03",
        ),
        ref(
            "z.txt", "In antwoord op uw vragen (kenmerk: 8407467) melden wij het volgende.", kenmerk="8407467"
        ),
        ref(
            "z.txt", "Zie ook de brief van 9 maart 2020.", "2020-03-09"
        ),  # two letters that day, no title: unresolved
        ref("z.txt", "Zoals gemeld op 5 mei 2020.", "2020-05-05"),  # no stored letter of that day
    ]
    edges = {(e["from_doc"], e["to_doc"]): e for e in letter_graph(docs, facts, entries=[])}
    assert set(edges) == {("z.txt", "a.txt"), ("z.txt", "c.txt")}
    # the kenmerk is the strongest evidence and "in antwoord op" makes it an answer
    assert edges[("z.txt", "a.txt")]["kind"] == "answers" and edges[("z.txt", "a.txt")]["via"] == "kenmerk"
    assert edges[("z.txt", "c.txt")]["kind"] == "follows_up" and edges[("z.txt", "c.txt")]["via"] == "date"
    out, into = edges_of(edges.values(), "c.txt")
    assert out == [] and [e["from_doc"] for e in into] == ["z.txt"]


def test_the_brieven_page_lists_where_a_letter_points_and_where_it_is_named(
    graph_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not graph_db.startswith("sqlite"):
        pytest.skip("the page is the same on both stores; the store's queries are tested above")
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("RAADSBRIEVEN_DB", graph_db)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("raadsbrieven/ui/brieven.py")
    at.query_params = {"doc": TUSSEN}
    at.run()
    assert not at.exception and not at.error
    assert "Verwijst naar 1 brief · wordt genoemd in 1 brief" in [x.label for x in at.expander]
    labels = [p.proto.label for p in at.get("page_link")]
    assert any(label.startswith("beantwoordt") and "veranker" in label for label in labels)
    assert any(label.startswith("vervolgd door") and "afdoening" in label for label in labels)
