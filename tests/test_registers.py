"""The toezeggingen and moties registers: grouping, mentions, and a status a clerk understands."""
# ruff: noqa: E501  (tables of real sentences read better unwrapped)

import pytest

from raadsbrieven.model import Fact
from raadsbrieven.registers import moties_register
from raadsbrieven.registers.register import filter_status, to_flat_rows, to_rows, toezeggingen_register
from raadsbrieven.registers.toezeggingen import has_verb, promise_phrase


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
    assert t862.what == "de raad informeren over collectief werken"
    assert t862.made_in["doc"] == "a.txt" and t862.fulfilled_by.doc == "b.txt"
    assert "nader toegelicht" in t862.fulfilled_by.sentence
    row = to_rows(entries)[0]
    assert list(row) == ["key", "number", "what", "who", "deadline", "deadline_text", "status", "made_in",
                         "fulfilled_by", "on_time", "mentions"]  # fmt: skip
    assert set(row["fulfilled_by"]) == {"doc", "date", "page", "sentence", "confidence"}
    assert set(row["made_in"]) >= {"doc", "date", "page", "sentence"}
    assert set(row["mentions"][0]) == {"doc", "date", "page", "sentence", "state", "sentence_id"}
    assert [m["state"] for m in row["mentions"]] == ["made", "being_fulfilled"]
    assert entries[1].what == "toelichten wat onze plannen zijn"


@pytest.mark.parametrize(
    "states, deadline, today, expected",
    [
        (["made"], "2025-Q4", "2025-05-01", ("open", None)),
        (["made"], "2025-Q1", "2025-05-01", ("verlopen", None)),
        (["made"], None, "2030-01-01", ("open", None)),
        (["made", "being_fulfilled"], "2025-Q1", "2025-05-01", ("afgedaan", False)),  # delivered 1 May, late
        (["made", "being_fulfilled"], "2025-Q2", "2025-05-01", ("afgedaan", True)),
        (["made", "reference"], "2025-Q4", "2025-05-01", ("open", None)),  # referred to, not delivered
    ],
)
def test_status_and_on_time(states, deadline, today, expected):
    sentences = {
        "made": "Wij zullen u informeren over de evaluatie van de pilot.",
        "being_fulfilled": "Met deze brief informeren wij u over de evaluatie van de pilot (toezegging 12).",
        "reference": "De evaluatie van de pilot volgt nog (toezegging 12).",
    }
    dates = ["2025-01-10", "2025-05-01"]
    facts = [tz(f"{i}.txt", dates[i], sentences[s], "12", s, deadline=deadline if i == 0 else None)
             for i, s in enumerate(states)]  # fmt: skip
    (entry,) = toezeggingen_register(facts, today=today)
    assert (entry.status, entry.on_time) == expected


def test_a_letter_before_the_announced_day_does_not_settle_it():
    facts = [tz("a.txt", "2025-05-01", "Deze technische sessie staat gepland op 24 juni en in deze brief leiden we dit thema alvast in (toezegging 926).",
                "926", "being_fulfilled", deadline="2025-06-24")]  # fmt: skip
    assert toezeggingen_register(facts)[0].status == "open"
    assert toezeggingen_register(facts, today="2025-07-01")[0].status == "verlopen"


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
    assert promise.status == "verlopen" and promise.deadline_text == "voor de zomer"
    assert toezeggingen_register(facts, today="2024-03-01")[1].status == "open"
    assert [e.key for e in filter_status(toezeggingen_register(facts), "verlopen")] == [promise.key]
    with pytest.raises(ValueError, match="known: open, afgedaan, verlopen"):
        filter_status([], "in behandeling")


def test_unnumbered_mentions_of_the_same_commitment_cluster():
    facts = [
        tz("a.txt", "2024-02-01", "Wij zullen u informeren over de communicatiestrategie voor professionals.",
           what="informeren over de communicatiestrategie voor professionals"),
        tz("b.txt", "2024-06-01", "Wij hebben toegezegd u te informeren over de communicatiestrategie voor organisaties en professionals. Hierbij doen wij dat.",
           status="being_fulfilled", what="te informeren over de communicatiestrategie voor organisaties en professionals"),
        tz("b.txt", "2024-06-01", "Wij bieden u een expertmeeting aan over de transformatie.", start=400),
    ]  # fmt: skip
    entries = toezeggingen_register(facts)
    assert len(entries) == 2
    strategy = next(e for e in entries if "communicatiestrategie" in e.what)
    assert len(strategy.mentions) == 2 and strategy.status == "afgedaan"


def test_a_later_letter_that_does_not_name_the_promise_is_linked_by_meaning_and_reference():
    promise = tz("a.txt", "2025-06-10", "Wij zullen u na de zomer informeren over de wachtlijst voor specialistische jeugdhulp.",
                 deadline="2025-Q3")  # fmt: skip
    answer = tz("c.txt", "2025-09-15", "Hierbij ontvangt u de stand van zaken rond de wachtlijst specialistische jeugdhulp.",
                status="being_fulfilled", start=50)  # fmt: skip
    ref = Fact(kind="letter_ref", text="raadsinformatiebrief van 10 juni 2025", start=120, end=150, doc="c.txt",
               doc_date="2025-09-15", sentence="Zoals gemeld in de raadsinformatiebrief van 10 juni 2025.",
               date="2025-06-10")  # fmt: skip
    other = tz("d.txt", "2025-10-01", "Met deze brief informeren wij u over het fietspad langs de Amsterdamsestraatweg.",
               status="being_fulfilled")  # fmt: skip
    letters = [
        {"name": "a.txt", "date": "2025-06-10", "title": "Wachtlijst jeugdhulp", "content_hash": "a" * 64},
        {
            "name": "c.txt",
            "date": "2025-09-15",
            "title": "Stand van zaken wachtlijst",
            "content_hash": "c" * 64,
        },
        {"name": "d.txt", "date": "2025-10-01", "title": "Fietspad", "content_hash": "d" * 64},
    ]
    entries = toezeggingen_register([promise, answer, ref, other], letters=letters, today="2025-12-01")
    entry = next(e for e in entries if e.made_in["doc"] == "a.txt")
    assert entry.status == "afgedaan" and entry.on_time is True
    assert entry.fulfilled_by.doc == "c.txt" and entry.fulfilled_by.basis == "reference"
    assert [x.doc for x in entry.links] == ["c.txt"]  # the fietspad letter is no candidate
    rejected = toezeggingen_register([promise, answer, ref, other], letters=letters, today="2025-12-01",
                                     decisions={(entry.key, "c" * 64): "rejected"})  # fmt: skip
    again = next(e for e in rejected if e.key == entry.key)
    assert again.status == "verlopen" and again.fulfilled_by is None
    confirmed = toezeggingen_register([promise, other], letters=letters, today="2025-12-01",
                                      decisions={(entry.key, "d" * 64): "confirmed"})  # fmt: skip
    chosen = next(e for e in confirmed if e.key == entry.key).fulfilled_by
    assert (chosen.doc, chosen.confidence, chosen.decision) == ("d.txt", 1.0, "confirmed")


@pytest.mark.parametrize(
    "sentence, phrase",
    [
        ("In de commissie van 3 juni heeft wethouder Bakker toegezegd u na de zomer te informeren over de wachtlijst.",
         "de raad na de zomer informeren over de wachtlijst"),
        ("Wethouder De Vries heeft toegezegd terug te komen op de participatie van ervaringsdeskundigen.",
         "terugkomen op de participatie van ervaringsdeskundigen"),
        ("Eerder hebben we toegezegd om in een technische sessie in te gaan op de ondergrens (toezegging 877).",
         "in een technische sessie ingaan op de ondergrens"),
        ("Ook is toegezegd om toe te lichten wat onze plannen zijn en te reageren op voorbeelden uit Zwolle.",
         "toelichten wat onze plannen zijn en reageren op voorbeelden uit Zwolle"),
    ],
)  # fmt: skip
def test_what_is_the_promised_action_with_its_verb(sentence, phrase):
    assert promise_phrase({"sentence": sentence}) == phrase
    assert has_verb(phrase)


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


def test_flat_rows_have_readable_columns_and_count_letters():
    facts = [tz("a.txt", "2025-05-01", "Wij zullen u informeren.", "926"),
             tz("a.txt", "2025-05-01", "Wij zullen u informeren (toezegging 926), zoals gezegd.", "926", start=90),
             tz("b.txt", "2025-06-01", "Toezegging 926 staat nog open.", "926", "reference")]  # fmt: skip
    rows = to_flat_rows(toezeggingen_register(facts))
    assert list(rows[0]) == ["Sleutel", "Nummer", "Toezegging", "Wie", "Deadline", "Deadline (zoals geschreven)",
                             "Status", "Op tijd", "Toegezegd in", "Afgedaan met", "Eerst genoemd", "Laatst genoemd",
                             "Brieven", "Vermeldingen"]  # fmt: skip
    assert rows[0]["Brieven"] == 2  # letters, not mentions
    assert rows[0]["Vermeldingen"].startswith("a.txt (2025-05-01, p. 1): Wij zullen u informeren.")


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
    entries = toezeggingen_register(corpus_facts)
    by_number = {n: e for e in entries for n in e.numbers}
    assert {"862", "863", "877", "880", "926"} <= set(by_number)
    assert {m.doc for m in by_number["862"].mentions} == {"001_c92f4c90ef915183.txt"}
    assert len(by_number["862"].mentions) == 2
    assert by_number["862"].who == "wethouder De Vries"
    assert by_number["862"].what == "de raad informeren over het rendement van collectief werken"
    assert by_number["880"].status == "afgedaan"


def test_corpus_one_entry_for_the_technical_session_of_24_june(corpus_facts):
    entries = toezeggingen_register(corpus_facts)
    session = [e for e in entries if any("technische sessie" in m.sentence for m in e.mentions)]
    assert len(session) == 1
    (entry,) = session
    assert entry.numbers == ["877", "926"] and entry.key == "T877"
    assert (entry.deadline, entry.deadline_text) == ("2025-06-24", "24 juni")
    assert any(m.sentence.startswith("In de technische sessie op 24 juni") for m in entry.mentions)
    assert entry.status == "open"  # the session is still ahead of the newest letter (May 2025)
    later = {e.key: e for e in toezeggingen_register(corpus_facts, today="2025-07-01")}
    assert later["T877"].status == "verlopen"  # no stored letter reports on the session after it


def test_corpus_every_what_is_a_phrase_with_a_verb(corpus_facts):
    entries = toezeggingen_register(corpus_facts)
    assert len(entries) >= 15
    for e in entries:
        assert has_verb(e.what), e.what
        assert not e.what.endswith(("…", " en", " van", " de")), e.what
        assert e.what[:1] not in ",;.", e.what


def test_corpus_an_unrelated_letter_changes_no_status(corpus_facts, tmp_path):
    from raadsbrieven.ingest.read import read_file
    from raadsbrieven.pipeline import process

    text = (
        "Gemeente Utrecht\nRaadsinformatiebrief\nDatum: 12 mei 2025\nOnderwerp: Aanleg fietspad\n\n"
        "Met deze brief informeren wij u over de aanleg van het fietspad langs de Amsterdamsestraatweg. "
        "Wij zullen u na de zomer informeren over de planning van de werkzaamheden.\n"
    )
    path = tmp_path / "fietspad.txt"
    path.write_text(text, encoding="utf-8")
    extra = process(read_file(path), path)[3]
    assert extra, "the unrelated letter holds facts of its own"
    before = {
        e.key: (e.status, e.fulfilled_by and e.fulfilled_by.doc) for e in toezeggingen_register(corpus_facts)
    }
    after = {e.key: (e.status, e.fulfilled_by and e.fulfilled_by.doc)
             for e in toezeggingen_register([*corpus_facts, *extra])}  # fmt: skip
    assert {k: after[k] for k in before} == before


def test_corpus_moties_register(corpus_facts):
    entries = {e.number: e for e in moties_register(corpus_facts) if e.number}
    assert (entries["M100"].status, entries["M101"].status, entries["M194"].status) == (
        "aangenomen",
        None,
        "ingetrokken",
    )
    assert entries["M101"].title == "Geef richting aan de reserve"
