"""The toezeggingen and moties registers: grouping, mentions, and a status a clerk understands."""
# ruff: noqa: E501  (tables of real sentences read better unwrapped)

import pytest

from raadsbrieven.model import Fact
from raadsbrieven.registers.register import (
    filter_status,
    moties_register,
    register_status,
    to_flat_rows,
    to_rows,
    toezeggingen_register,
)


def tz(doc, doc_date, sentence, number=None, status="made", deadline=None, who="college", what=None, start=0):
    return Fact(kind="toezegging", text=sentence[:10], start=start, end=start + 10, sentence=sentence, doc=doc,
                doc_date=doc_date, page=1, number=number, status=status, deadline=deadline, who=who,
                what=what or sentence)  # fmt: skip


def mo(doc, doc_date, sentence, number=None, title=None, status=None, kind="motie", start=0):
    return Fact(kind=kind, text="motie", start=start, end=start + 5, sentence=sentence, doc=doc,
                doc_date=doc_date, number=number, title=title, status=status)  # fmt: skip


def test_one_entry_per_number_with_every_letter():
    facts = [
        tz("a.txt", "2024-10-01", "Wethouder De Vries zegt toe de raad te informeren over collectief werken (toezegging 862).",
           "862", "made", who="wethouder De Vries"),
        tz("b.txt", "2025-05-01", "In bijlage 2 staat dit nader toegelicht, naar aanleiding van toezegging nummer 862.",
           "862", "being_fulfilled"),
        tz("b.txt", "2025-05-01", "Ook is toegezegd (toezegging 863) om toe te lichten wat onze plannen zijn.", "863",
           "being_fulfilled", start=500),
    ]  # fmt: skip
    entries = toezeggingen_register(facts)
    assert [e.number for e in entries] == ["862", "863"]
    t862 = entries[0]
    assert [m.doc for m in t862.mentions] == ["a.txt", "b.txt"]
    assert (t862.first_seen, t862.last_seen, t862.who, t862.status) == (
        "2024-10-01",
        "2025-05-01",
        "wethouder De Vries",
        "afgedaan",
    )
    row = to_rows(entries)[0]
    assert set(row) == {
        "key",
        "number",
        "what",
        "who",
        "deadline",
        "status",
        "first_seen",
        "last_seen",
        "mentions",
    }
    assert set(row["mentions"][0]) == {"doc", "doc_date", "page", "sentence", "sentence_id", "status", "text"}


@pytest.mark.parametrize(
    "statuses, deadline, ref, expected",
    [
        (["made"], "2025-Q4", "2025-05-01", "open"),
        (["made"], "2025-Q1", "2025-05-01", "verlopen"),
        (["made"], None, "2030-01-01", "open"),
        (["made", "being_fulfilled"], "2025-Q1", "2025-05-01", "afgedaan"),
        (["being_fulfilled"], "2025-06-24", "2025-05-01", "in behandeling"),  # the session is still to come
        (["being_fulfilled"], "2025-06-24", "2025-07-01", "afgedaan"),
        (["made", "reference"], None, "2025-05-01", "in behandeling"),
    ],
)
def test_register_status(statuses, deadline, ref, expected):
    from datetime import date

    facts = [tz(f"{i}.txt", "2025-05-01", f"zin {i}", status=s) for i, s in enumerate(statuses)]
    y, m, d = map(int, ref.split("-"))
    assert register_status(facts, deadline, date(y, m, d)) == expected


def test_overdue_judged_against_the_newest_letter():
    facts = [
        tz(
            "a.txt",
            "2024-01-10",
            "Wij zullen u voor de zomer informeren over de evaluatie.",
            deadline="2024-Q2",
        ),
        tz("b.txt", "2024-11-01", "Een andere brief over iets anders.", "12", "being_fulfilled"),
    ]
    (t12, promise) = toezeggingen_register(facts)
    assert promise.status == "verlopen"
    assert toezeggingen_register(facts, today="2024-03-01")[1].status == "open"
    assert [e.key for e in filter_status(toezeggingen_register(facts), "verlopen")] == [promise.key]
    with pytest.raises(ValueError, match="known: open"):
        filter_status([], "vergeten")


def test_unnumbered_mentions_of_the_same_commitment_cluster():
    facts = [
        tz("a.txt", "2024-02-01", "s1", what="informeren over de communicatiestrategie voor professionals"),
        tz("b.txt", "2024-06-01", "s2", status="being_fulfilled",
           what="te informeren over de communicatiestrategie voor organisaties en professionals"),
        tz("b.txt", "2024-06-01", "s3", what="een expertmeeting aanbieden over de transformatie", start=400),
    ]  # fmt: skip
    entries = toezeggingen_register(facts)
    assert len(entries) == 2
    strategy = next(e for e in entries if "communicatiestrategie" in e.what)
    assert len(strategy.mentions) == 2 and strategy.status == "afgedaan"


def test_moties_register():
    facts = [
        mo("a.txt", "2025-03-01", "s", "M194", "Gemeente nu aan zet", None),
        mo("b.txt", "2025-05-01", "s", "M194", "Gemeente nu aan zet", "ingetrokken"),
        mo("b.txt", "2025-05-01", "s2", "M100", "Meer zicht op ongelijk investeren", "aangenomen", start=50),
        mo("b.txt", "2025-05-01", "s3", None, "Meer zicht op ongelijk investeren", None, start=90),
        mo("b.txt", "2025-05-01", "s4", None, "Beter voorkomen dan genezen", kind="amendement", start=120),
    ]
    entries = moties_register(facts)
    by_key = {(e.kind, e.number or e.title): e for e in entries}
    assert by_key[("motie", "M194")].status == "ingetrokken"
    assert len(by_key[("motie", "M194")].mentions) == 2
    assert len(by_key[("motie", "M100")].mentions) == 2  # the title-only mention joins its number
    assert by_key[("amendement", "Beter voorkomen dan genezen")].number is None
    assert set(to_rows(entries)[0]) >= {"number", "title", "kind", "status", "mentions"}


def test_flat_rows_have_readable_columns():
    rows = to_flat_rows(toezeggingen_register([tz("a.txt", "2025-05-01", "Wij zullen u informeren.", "926")]))
    assert list(rows[0]) == ["Sleutel", "Nummer", "Toezegging", "Wie", "Deadline", "Status", "Eerst genoemd",
                             "Laatst genoemd", "Brieven"]  # fmt: skip
    assert rows[0]["Brieven"] == "a.txt (2025-05-01, p. 1): Wij zullen u informeren."


@pytest.fixture(scope="module")
def corpus_facts():
    """Facts of the bundled corpus, through the real read/clean/segment/extract pipeline (no store)."""
    from pathlib import Path

    from raadsbrieven.ingest.read import read_file
    from raadsbrieven.pipeline import process

    corpus = Path(__file__).resolve().parent.parent / "corpus"
    facts = []
    for path in sorted(corpus.glob("*.txt")):
        facts.extend(process(read_file(path), path)[3])
    return facts


def test_corpus_toezeggingen_register(corpus_facts):
    entries = {e.number: e for e in toezeggingen_register(corpus_facts) if e.number}
    assert {"862", "863", "877", "880", "926"} <= set(entries)
    assert {m.doc for m in entries["862"].mentions} == {"001_c92f4c90ef915183.txt"}
    assert len(entries["862"].mentions) == 2
    assert entries["862"].who == "wethouder De Vries"
    assert entries["926"].status == "in behandeling"  # the technical session of 24 juni is still ahead
    assert entries["880"].status == "afgedaan"


def test_corpus_moties_register(corpus_facts):
    entries = {e.number: e for e in moties_register(corpus_facts) if e.number}
    assert (entries["M100"].status, entries["M101"].status, entries["M194"].status) == (
        "aangenomen",
        None,
        "ingetrokken",
    )
    assert entries["M101"].title == "Geef richting aan de reserve"
