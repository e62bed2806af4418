"""A promise's life across letters, through the real pipeline and store (SQLite and PostgreSQL):
made in one letter, delivered by a later one, on time or late; a user's rejection of the link
returns it to `open` and is still applied after the letters are read again."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from raadsbrieven.cli import main
from raadsbrieven.pipeline import ingest
from raadsbrieven.registers import find_entry, register_of

HEAD = (
    "Gemeente Utrecht\nRaadsinformatiebrief\nDatum: {date}\nOnderwerp: {subject}\n\n"
    "Geachte leden van de raad,\n\n{body}\n\nMet vriendelijke groet,\n"
    "het college van burgemeester en wethouders\n"
)
PROMISE = (
    "In de commissie van 3 juni heeft wethouder Bakker toegezegd u na de zomer te informeren over de "
    "wachtlijst voor specialistische jeugdhulp."
)


def letter(date: str, subject: str, body: str) -> bytes:
    return HEAD.format(date=date, subject=subject, body=body).encode()


def made() -> tuple[str, bytes]:
    body = f"{PROMISE} Wij verwachten dat de wachtlijst in de komende maanden afneemt."
    return "juni.txt", letter("10 juni 2025", "Wachtlijst jeugdhulp", body)


def delivered(date: str, name: str = "oktober.txt") -> tuple[str, bytes]:
    body = (
        f"{PROMISE} Met deze brief doen wij deze toezegging gestand. Op 1 oktober wachtten 154 kinderen "
        "op specialistische jeugdhulp, tegen 210 kinderen in juni."
    )
    return name, letter(date, "Stand van zaken wachtlijst specialistische jeugdhulp", body)


def unrelated() -> tuple[str, bytes]:
    body = (
        "Met deze brief informeren wij u over de aanleg van het fietspad langs de Amsterdamsestraatweg. "
        "De werkzaamheden starten in januari en duren vier maanden."
    )
    return "fietspad.txt", letter("1 november 2025", "Aanleg fietspad Amsterdamsestraatweg", body)


def wachtlijst(store, today: str = "2025-12-01"):  # noqa: ANN001, ANN201
    entries = [e for e in register_of(store, today) if e.what and "wachtlijst" in e.what]
    assert len(entries) == 1, [e.what for e in register_of(store, today)]
    return entries[0]


def test_a_later_letter_that_keeps_the_promise_settles_it_late(store) -> None:  # noqa: ANN001
    ingest([made()], store, embed=False, link=False)
    before = wachtlijst(store)
    assert (before.status, before.fulfilled_by, before.deadline, before.deadline_text) == (
        "verlopen",  # na de zomer (2025-Q3) has passed by 1 December
        None,
        "2025-Q3",
        "na de zomer",
    )
    assert before.what == "de raad na de zomer informeren over de wachtlijst voor specialistische jeugdhulp"
    assert before.who == "wethouder Bakker"
    assert before.made_in["doc"] == "juni.txt" and before.made_in["date"] == "2025-06-10"

    ingest([delivered("14 oktober 2025")], store, embed=False, link=False)
    entry = wachtlijst(store)
    assert entry.key == before.key  # the same promise, the same key
    assert entry.status == "afgedaan" and entry.on_time is False  # 14 October is after the summer quarter
    assert entry.fulfilled_by.doc == "oktober.txt" and entry.fulfilled_by.date == "2025-10-14"
    assert "gestand" in entry.fulfilled_by.sentence and entry.fulfilled_by.confidence >= 0.8
    assert entry.letters == 2
    assert [m.doc for m in entry.mentions][0] == "juni.txt"


def test_delivered_within_the_deadline_is_on_time(store) -> None:  # noqa: ANN001
    ingest([made(), delivered("15 september 2025", "september.txt")], store, embed=False, link=False)
    entry = wachtlijst(store)
    assert (entry.status, entry.on_time, entry.fulfilled_by.doc) == ("afgedaan", True, "september.txt")


def test_a_rejected_link_returns_the_promise_to_open_and_stays_rejected(store) -> None:  # noqa: ANN001
    ingest([made(), delivered("14 oktober 2025")], store, embed=False, link=False)
    entry = wachtlijst(store, "2025-08-01")
    assert entry.status == "afgedaan"
    store.decide_link(entry.key, entry.fulfilled_by.content_hash, "rejected", doc="oktober.txt")
    after = wachtlijst(store, "2025-08-01")
    assert (after.status, after.fulfilled_by, after.on_time) == ("open", None, None)
    assert [(x.doc, x.decision) for x in after.links] == [("oktober.txt", "rejected")]

    # read again from scratch: new rows, new ids; the decision is kept by key and content
    assert store.delete_document("oktober.txt") and store.delete_document("juni.txt")
    ingest([delivered("14 oktober 2025"), made()], store, embed=False, link=False)
    again = wachtlijst(store, "2025-08-01")
    assert again.key == entry.key
    assert (again.status, again.fulfilled_by) == ("open", None)
    assert wachtlijst(store, "2025-12-01").status == "verlopen"

    store.decide_link(entry.key, entry.fulfilled_by.content_hash, "confirmed", doc="oktober.txt")
    assert wachtlijst(store).fulfilled_by.confidence == 1.0


def test_an_unrelated_letter_changes_no_status(store) -> None:  # noqa: ANN001
    ingest([made(), delivered("15 september 2025", "september.txt")], store, embed=False, link=False)
    before = {
        e.key: (e.status, e.fulfilled_by and e.fulfilled_by.doc) for e in register_of(store, "2025-12-01")
    }
    ingest([unrelated()], store, embed=False, link=False)
    after = {
        e.key: (e.status, e.fulfilled_by and e.fulfilled_by.doc) for e in register_of(store, "2025-12-01")
    }
    assert {k: after[k] for k in before} == before


def test_reject_and_confirm_from_the_command_line(tmp_path) -> None:  # noqa: ANN001
    from raadsbrieven.store import Store

    db = f"sqlite:///{tmp_path / 'cli.db'}"
    with_store = Store(db)
    ingest([made(), delivered("14 oktober 2025")], with_store, embed=False, link=False)
    key = wachtlijst(with_store).key
    with_store.close()

    def rows(*extra: str) -> dict:
        out = CliRunner().invoke(main, ["toezeggingen", "--db", db, "--format", "jsonl", *extra])
        assert out.exit_code == 0, out.output
        return {r["key"]: r for r in map(json.loads, out.stdout.splitlines())}

    assert rows("--today", "2025-08-01")[key]["status"] == "afgedaan"
    rejected = rows("--today", "2025-08-01", "--reject", key, "--doc", "oktober.txt")[key]
    assert (rejected["status"], rejected["fulfilled_by"]) == ("open", None)
    confirmed = rows("--confirm", key, "--doc", "oktober.txt")[key]
    assert confirmed["status"] == "afgedaan" and confirmed["fulfilled_by"]["confidence"] == 1.0

    bad = CliRunner().invoke(main, ["toezeggingen", "--db", db, "--reject", key, "--doc", "nergens.txt"])
    assert bad.exit_code == 1 and "Geen brief met de naam 'nergens.txt'" in bad.output
    unknown = CliRunner().invoke(
        main, ["toezeggingen", "--db", db, "--reject", "T999999", "--doc", "juni.txt"]
    )
    assert unknown.exit_code == 1 and "Geen toezegging 'T999999'" in unknown.output


@pytest.mark.parametrize("decision", ["maybe"])
def test_unknown_decision_is_refused(store, decision: str) -> None:  # noqa: ANN001
    with pytest.raises(ValueError, match="known: confirmed, rejected"):
        store.decide_link("T1", "0" * 64, decision)
    assert find_entry([], "T1") is None


def test_the_app_rejects_and_confirms_a_link(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # noqa: ANN001
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    from raadsbrieven.store import Store

    db = f"sqlite:///{tmp_path / 'app.db'}"
    store = Store(db)
    ingest([made(), delivered("14 oktober 2025")], store, embed=False, link=False)
    key = wachtlijst(store).key
    monkeypatch.setenv("RAADSBRIEVEN_DB", db)
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("raadsbrieven/ui/toezeggingen.py").run()
    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[0].value
    row = table[table["Toezegging"].str.contains("wachtlijst")].iloc[0]
    assert (row["Status"], row["Brieven"]) == ("afgedaan (te laat)", 2)
    choice = next(i for i, label in enumerate(at.selectbox(key="tz_keuze").options) if "wachtlijst" in label)
    at.selectbox(key="tz_keuze").set_value(choice).run()
    at.button(key=f"tz_nee_{key}_0").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert store.link_decisions() == {(key, store.find_document("oktober.txt").content_hash): "rejected"}
    assert wachtlijst(store, "2025-08-01").status == "open"
    table = at.dataframe[0].value
    assert table[table["Toezegging"].str.contains("wachtlijst")].iloc[0]["Status"] == "⚠️ verlopen"
    at.button(key=f"tz_ok_{key}_0").click().run()
    assert store.link_decisions()[(key, store.find_document("oktober.txt").content_hash)] == "confirmed"
    table = at.dataframe[0].value
    assert table[table["Toezegging"].str.contains("wachtlijst")].iloc[0]["Status"] == "afgedaan (te laat)"
    store.close()
