"""The moties register: one entry per motie, its own document, status, tally, and the college's answers.

Real chains from ../shared/letters-more (Den Haag): the motie, the besluitenlijst of its meeting, the
college's tussenbericht and afdoeningsbrief, ingested through the pipeline on SQLite and PostgreSQL.
"""
# ruff: noqa: E501  (real sentences read better unwrapped)

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from raadsbrieven.cli import main
from raadsbrieven.model import Fact
from raadsbrieven.registers import moties_register, to_rows
from raadsbrieven.registers.moties import flat_rows, norm_number, store_register, title_similarity
from tests.conftest import fresh_url, shared_path

MORE = "letters-more/"
HOOG = {
    "motie": "denhaag_motie_2025-01-23_veranker-hoogbegaafdheid.pdf",
    "besluit": "denhaag_besluitenlijst_2025-01-23_raad.pdf",
    "tussen": "denhaag_raadsbrief_2025-03-05_tussenbericht-motie-hoogbegaafdheid.pdf",
    "afdoening": "denhaag_raadsbrief_2025-05-27_afdoening-motie-hoogbegaafdheid.pdf",
}
JOODS = {
    "motie": "denhaag_motie_2025-04-03_joods-cultureel-kwartier.pdf",
    "tussen": "denhaag_raadsbrief_2025-05-09_tussenbericht-motie-joods-cultureel-kwartier.pdf",
}
HUUR = {  # its letterhead names no onderwerp line the usual way: the sentence says afdoening
    "motie": "denhaag_motie_2025-03-13_geen-maximale-huurverhoging.pdf",
    "afdoening": "denhaag_raadsbrief_2025-05-13_afdoening-motie-huurverhoging.pdf",
}
CHAIN_FILES = [*HOOG.values(), *JOODS.values(), *HUUR.values()]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def chain_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The three chains' letters, read through the pipeline once per backend."""
    from raadsbrieven.pipeline import ingest
    from raadsbrieven.store import Store

    paths = [shared_path(MORE + name) for name in CHAIN_FILES]
    url = fresh_url(request.param, tmp_path_factory.mktemp("moties"), "chains.db")
    store = Store(url)
    report = ingest(paths, store, embed=False, link=False)
    assert not report.failed, [o.message for o in report.failed]
    store.close()
    return url


def entries_of(url: str) -> dict[str, object]:
    from raadsbrieven.store import Store

    store = Store(url)
    try:
        return {e.doc: e for e in store_register(store) if e.doc}
    finally:
        store.close()


def test_the_motie_is_afgedaan_by_its_afdoeningsbrief_and_answered_by_its_tussenbericht(
    chain_db: str,
) -> None:
    e = entries_of(chain_db)[HOOG["motie"]]
    assert e.kind == "motie" and e.number == "RIS321255"
    assert "Veranker hoogbegaafdheid" in e.title
    assert e.status == "aangenomen"  # the besluitenlijst: "321255 Motie R.1 D66 Veranker ... Aangenomen"
    assert e.afgedaan_by["doc"] == HOOG["afdoening"]
    assert e.afgedaan_by["date"] == "2025-05-27" and e.afgedaan_by["confidence"] >= 0.8
    assert "Afdoening motie" in e.afgedaan_by["sentence"]
    assert [(a["doc"], a["kind"], a["date"]) for a in e.answers] == [
        (HOOG["tussen"], "tussenbericht", "2025-03-05"),
        (HOOG["afdoening"], "afdoening", "2025-05-27"),
    ]
    assert e.summary() == f"afgedaan bij brief {HOOG['afdoening']} van 27 mei 2025"
    roles = {m.doc: m.role for m in e.mentions}
    assert roles[HOOG["besluit"]] == "decision" and roles[HOOG["motie"]] == "own"


def test_a_motie_with_only_a_tussenbericht_is_pending(chain_db: str) -> None:
    e = entries_of(chain_db)[JOODS["motie"]]
    assert e.status == "aangenomen"  # from the motie's own header: "RIS-nummer: 3 21881 Aangenomen"
    assert e.afgedaan_by is None
    assert [(a["doc"], a["kind"]) for a in e.answers] == [(JOODS["tussen"], "tussenbericht")]
    assert e.summary().startswith("nog niet afgedaan; tussenbericht " + JOODS["tussen"])


def test_an_afdoening_said_in_a_sentence_is_found(chain_db: str) -> None:
    e = entries_of(chain_db)[HUUR["motie"]]
    assert e.afgedaan_by is not None and e.afgedaan_by["doc"] == HUUR["afdoening"]
    assert e.afgedaan_by["date"] == "2025-05-13"  # the letterhead's date, not a later date in the text


def test_the_moties_command_prints_the_contract_and_says_where_it_was_settled(chain_db: str) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["moties", "--db", chain_db, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert {
        "key",
        "kind",
        "number",
        "title",
        "status",
        "votes_for",
        "votes_against",
        "doc",
        "afgedaan_by",
    } <= set(rows[0])
    assert {"answers", "mentions"} <= set(rows[0])
    row = next(r for r in rows if r["doc"] == HOOG["motie"])
    assert row["afgedaan_by"]["doc"] == HOOG["afdoening"]
    assert [a["doc"] for a in row["answers"]] == [HOOG["tussen"], HOOG["afdoening"]]
    table = runner.invoke(main, ["moties", "--db", chain_db]).output
    assert "Afgedaan" in table.splitlines()[0] and "afgedaan bij brief denhaag_raadsbrief_2025-05-27" in table


# ------------------------------------------------------------------ built facts


def mo(doc, doc_date, sentence, number=None, title=None, status=None, kind="motie", start=0):
    return Fact(kind=kind, text=sentence[:10], start=start, end=start + 10, sentence=sentence, doc=doc,
                doc_date=doc_date, page=1, number=number, title=title, status=status)  # fmt: skip


def letter(name, date, title, doc_type="raadsbrief"):
    head = f"Retouradres: Postbus 12600\nOns kenmerk\nX/1\nDatum\n{date}\nOnderwerp\n{title}\nTekst."
    return {"name": name, "title": None, "doc_type": doc_type, "date": None, "kenmerk": None,
            "municipality": "Den Haag", "head": head}  # fmt: skip


def test_numbers_and_titles_join_mentions_across_letters() -> None:
    assert norm_number("RIS 321255") == norm_number("321255") == norm_number("RIS321255") == "RIS321255"
    assert title_similarity("Veranker hoogbegaafdheid in Haags onderwijsbeleid",
                            "Veranker hoogbegaafdheid in het Haags onderwijsbeleid?") > 0.9  # fmt: skip
    assert title_similarity("Geen kind op straat", "Geen kind in de kou") < 0.85
    facts = [
        mo("a.txt", "2025-03-01", "s", "M194", "Gemeente nu aan zet", None),
        mo("b.txt", "2025-05-01", "s", "M194", "Gemeente nu aan zet", "ingetrokken"),
        mo("b.txt", "2025-05-01", "s2", "M100", "Meer zicht op ongelijk investeren", "aangenomen", start=50),
        mo("b.txt", "2025-05-01", "s3", None, "Meer zicht op ongelijk investeren", None, start=90),
        mo("b.txt", "2025-05-01", "s4", None, "Beter voorkomen dan genezen", kind="amendement", start=120),
        mo("c.txt", "2025-05-02", "321255 Motie R.1", "321255", "Veranker hoogbegaafdheid", "aangenomen"),
        mo("d.txt", "2025-06-02", "de motie (RIS321255)", "RIS321255", None, None),
    ]
    entries = moties_register(facts)
    by_key = {(e.kind, e.number or e.title): e for e in entries}
    assert by_key[("motie", "M194")].status == "ingetrokken"
    assert len(by_key[("motie", "M194")].mentions) == 2
    assert len(by_key[("motie", "M100")].mentions) == 2  # the title-only mention joins its number
    assert by_key[("amendement", "Beter voorkomen dan genezen")].number is None
    assert {m.doc for m in by_key[("motie", "RIS321255")].mentions} == {"c.txt", "d.txt"}
    assert set(to_rows(entries)[0]) >= {"number", "title", "kind", "status", "mentions", "afgedaan_by"}
    assert "Afgedaan" in flat_rows(entries)[0]


def test_a_letter_that_names_a_motie_in_passing_does_not_answer_it() -> None:
    docs = [
        letter("motie.txt", "2025-02-01", "Motie", doc_type="motie")
        | {"head": "Motie: Schone straten\nIndiener: X"},
        letter("passing.txt", "12 maart 2025", "Voortgang afvalbeleid"),
        letter("done.txt", "20 mei 2025", "Stand van zaken schone straten"),
    ]
    facts = [
        mo("motie.txt", "2025-02-01", "Motie: Schone straten", None, "Schone straten", "aangenomen"),
        mo(
            "passing.txt",
            "2025-03-12",
            "Eerder nam uw raad de motie ‘Schone straten’ aan.",
            None,
            "Schone straten",
        ),
        mo("done.txt", "2025-05-20", "Uw raad nam de motie ‘Schone straten’ aan.", None, "Schone straten"),
    ]
    sentences = [
        {
            "doc": "done.txt",
            "page": 1,
            "id": 7,
            "text": "Hiermee beschouwt het college de motie als afgedaan.",
        },
        {"doc": "passing.txt", "page": 1, "id": 3, "text": "De motie vraagt om meer prullenbakken."},
    ]
    (e,) = moties_register(facts, docs, sentences)
    assert e.doc == "motie.txt"
    assert [a["doc"] for a in e.answers] == ["done.txt"]
    assert e.afgedaan_by == {"doc": "done.txt", "date": "2025-05-20", "page": 1,
                             "sentence": "Hiermee beschouwt het college de motie als afgedaan.", "confidence": 0.85}  # fmt: skip


def test_the_tally_is_read_from_the_sentence() -> None:
    facts = [mo("u.txt", "2025-04-03", "De motie ‘Meer bomen’ (M12) is aangenomen met 30 stemmen voor en 15 stemmen tegen.",
                "M12", "Meer bomen", "aangenomen")]  # fmt: skip
    (e,) = moties_register(facts)
    assert (e.votes_for, e.votes_against) == (30, 15)
    (plain,) = moties_register(
        [mo("u.txt", "2025-04-03", "De motie ‘Meer bomen’ (M12) is aangenomen.", "M12")]
    )
    assert (plain.votes_for, plain.votes_against) == (None, None)


def test_corpus_moties_register_gives_status_as_the_letter_does(corpus_db: str) -> None:
    from raadsbrieven.store import Store

    store = Store(corpus_db)
    entries = {e.number: e for e in store_register(store) if e.number}
    store.close()
    assert (entries["M100"].status, entries["M101"].status, entries["M194"].status) == (
        "aangenomen",
        None,
        "ingetrokken",
    )
    assert entries["M101"].title == "Geef richting aan de reserve"
    assert all(e.afgedaan_by is None for e in entries.values())  # no corpus letter settles a motie
