"""Signals (new, afgedaan, verlopen, due soon) and their feeds: RSS and Atom read back with feedparser, the
calendar with icalendar; on hand-made register entries, on corpus/ letter 001, through the CLI and the app.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import feedparser
import icalendar
import pytest
import streamlit as st
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from raadsbrieven.cli import main
from raadsbrieven.registers import toezeggingen_register
from raadsbrieven.registers.register import Mention, ToezeggingEntry
from raadsbrieven.registers.signals import (
    DONE,
    DUE,
    NEW,
    OVERDUE,
    atom_xml,
    ics_text,
    rss_xml,
    signals,
)
from raadsbrieven.store import Store

ROOT = Path(__file__).resolve().parent.parent
LONG = (
    "Wethouder De Vries heeft toegezegd u vóór 30 juni 2025 te informeren over de wachttijden bij Lokalis, "
    "KOOS en Spoor030; daarbij komen ook de cijfers per wijk (Overvecht, Kanaleneiland) aan bod."
)


def entry(key: str, status: str, deadline: str | None, mentions: list[Mention], number: str | None = None):  # noqa: ANN201
    dates = [m.doc_date for m in mentions]
    return ToezeggingEntry(
        key=key,
        number=number,
        what=f"de raad informeren ({key})",
        who="wethouder De Vries",
        deadline=deadline,
        status=status,
        first_seen=min(dates),
        last_seen=max(dates),
        mentions=mentions,
    )


@pytest.fixture
def entries() -> list:
    def m(doc: str, day: str, sentence: str, state: str = "made", page=None, sid=None) -> Mention:  # noqa: ANN001
        return Mention(doc, day, page, sentence, state, None, sid)

    return [
        entry("T101", "open", "2025-06-30", [m("a.txt", "2025-06-02", LONG, page=2, sid=41)], "101"),
        entry(
            "Ub",
            "afgedaan",
            "2025-05",
            [
                m("b1.txt", "2025-03-01", "Wij zeggen toe u te informeren over de kosten."),
                m("b2.txt", "2025-06-10", "Met deze brief informeren wij u.", "being_fulfilled", 3, 7),
            ],
        ),
        entry(
            "Uc", "verlopen", "2025-Q1", [m("c.txt", "2024-11-12", "Wij komen in Q1 terug op de evaluatie.")]
        ),
        entry("Ud", "open", "2025-12", [m("d.txt", "2024-10-01", "Eind 2025 volgt het plan.")]),
        entry("Ue", "open", None, [m("e.txt", "2024-01-01", "Wij informeren u te zijner tijd.")]),
    ]


def test_each_kind_of_signal_on_its_date(entries: list) -> None:
    found = [(s.kind, s.date, s.key) for s in signals(entries, "2025-06-20", within=14)]
    assert found == [
        (DUE, "2025-06-30", "T101"),
        (DONE, "2025-06-10", "Ub"),
        (NEW, "2025-06-02", "T101"),
        (OVERDUE, "2025-03-31", "Uc"),
    ]
    done = signals(entries, "2025-06-20")[1]
    assert (done.doc, done.page, done.sentence_id) == ("b2.txt", 3, 7)  # the letter that delivers it
    # a week later the window has moved: T101 is due in 3 days; with --since the made letter of Ub counts
    later = [(s.kind, s.key) for s in signals(entries, "2025-06-27", within=3, since="2025-01-01")]
    assert later == [(DUE, "T101"), (DONE, "Ub"), (NEW, "T101"), (OVERDUE, "Uc"), (NEW, "Ub")]
    assert [s.kind for s in signals(entries, "2025-06-20", within=5)] == [DONE, NEW, OVERDUE]


def test_rss_and_atom_parse_and_name_the_letter_and_sentence(entries: list) -> None:
    items = signals(entries, "2025-06-20", within=14)
    rss = feedparser.parse(rss_xml(items, "https://rb.example.nl/", today="2025-06-20"))
    atom = feedparser.parse(atom_xml(items, "https://rb.example.nl", today="2025-06-20"))
    assert not rss.bozo and rss.version == "rss20" and rss.feed.title.startswith("Raadsbrieven")
    assert not atom.bozo and atom.version == "atom10" and atom.feed.title == rss.feed.title
    for feed in (rss, atom):
        assert len(feed.entries) == len(items)
        for item, s in zip(feed.entries, items, strict=True):
            assert item.id == s.guid == f"raadsbrieven:{s.kind}:{s.key}"
            stamp = item.get("published_parsed") or item.updated_parsed
            assert date(*stamp[:3]) == date.fromisoformat(s.date)
            link = urlsplit(item.link)
            assert (link.scheme, link.netloc, link.path) == ("https", "rb.example.nl", "/brieven")
            assert parse_qs(link.query)["doc"] == [s.doc]
            assert s.doc in item.summary and s.sentence in item.summary
    first = rss.entries[0]
    assert first.title.startswith("Deadline nadert 101: de raad informeren (T101)")
    assert "De deadline is 30 juni 2025." in first.summary and "pagina 2" in first.summary
    assert parse_qs(urlsplit(first.link).query) == {"doc": ["a.txt"], "page": ["2"], "zin": ["41"]}
    assert rss.entries[1].title.startswith("Toezegging afgedaan")
    assert "Brief: b2.txt van 10 juni 2025, pagina 3." in rss.entries[1].summary


def test_ics_has_an_all_day_event_per_open_deadline_with_a_stable_uid(entries: list) -> None:
    text = ics_text(entries, "https://rb.example.nl", today="2025-06-20")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))  # folded as RFC 5545 asks
    cal = icalendar.Calendar.from_ical(text)
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {
        "T101@raadsbrieven",
        "Uc@raadsbrieven",
        "Ud@raadsbrieven",
    }  # not afgedaan, a deadline
    t101 = events["T101@raadsbrieven"]
    start, end = t101.decoded("DTSTART"), t101.decoded("DTEND")
    assert type(start) is date and start == date(2025, 6, 30) and end == start + timedelta(days=1)
    assert str(t101["SUMMARY"]) == "Deadline toezegging 101: de raad informeren (T101)"
    assert LONG in str(t101["DESCRIPTION"])  # unicode, commas and semicolons survive escaping and folding
    assert "a.txt" in str(t101["DESCRIPTION"])
    assert events["Uc@raadsbrieven"].decoded("DTSTART") == date(2025, 3, 31)  # a quarter ends on its last day
    assert events["Ud@raadsbrieven"].decoded("DTSTART") == date(2025, 12, 31)
    # judged on another day, or with a moved deadline, each toezegging keeps its UID
    entries[0].deadline = "2025-07-15"
    moved = icalendar.Calendar.from_ical(ics_text(entries, today="2025-07-01"))
    again = {str(e["UID"]): e.decoded("DTSTART") for e in moved.walk("VEVENT")}
    assert set(again) == set(events) and again["T101@raadsbrieven"] == date(2025, 7, 15)


# ------------------------------------------------------------------ on the letters


@pytest.fixture(scope="module")
def db(corpus_db: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("signalen") / "corpus.db"
    shutil.copy(corpus_db.removeprefix("sqlite:///"), target)
    return target


def test_signals_of_letter_001_before_the_technical_session(db: Path) -> None:
    store = Store(f"sqlite:///{db}")
    try:
        entries = toezeggingen_register(store.iter_facts(["toezegging"]), "2025-06-20")
    finally:
        store.close()
    found = signals(entries, "2025-06-20", within=10)
    due = {s.key: s for s in found if s.kind == DUE}
    t877 = next(e for e in entries if e.key == "T877")
    assert t877.status != "afgedaan" and "T877" in due  # the technische sessie of 24 June is 4 days away
    assert due["T877"].date == "2025-06-24" and due["T877"].doc == "001_c92f4c90ef915183.txt"
    assert "technische sessie" in due["T877"].sentence.lower()
    new = {s.key for s in found if s.kind == NEW}
    assert {"T862", "T877"} <= new  # letter 001 (May 2025) falls within the last 90 days
    assert not any(s.kind == NEW and s.doc.startswith(("000_", "002_")) for s in found)  # 2021 and 2014
    assert all(s.kind != DONE or s.date <= "2025-06-20" for s in found)


def test_signalen_command_writes_feeds_that_parse(db: Path, tmp_path: Path) -> None:
    rss, atom, ics = tmp_path / "s.xml", tmp_path / "s.atom", tmp_path / "d.ics"
    args = ["signalen", "--db", str(db), "--today", "2025-06-20", "--within", "10", "--format", "jsonl"]
    args += ["--rss", str(rss), "--atom", str(atom), "--ics", str(ics), "--base-url", "https://rb.example.nl"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert rows and {r["kind"] for r in rows} >= {NEW, DUE}
    feed = feedparser.parse(rss.read_text(encoding="utf-8"))
    assert not feed.bozo and [e.id for e in feed.entries] == [r["guid"] for r in rows]
    assert not feedparser.parse(atom.read_text(encoding="utf-8")).bozo
    cal = icalendar.Calendar.from_ical(ics.read_bytes())
    uids = [str(e["UID"]) for e in cal.walk("VEVENT")]
    assert "T877@raadsbrieven" in uids and len(uids) == len(set(uids))
    table = CliRunner().invoke(main, ["signalen", "--db", str(db), "--today", "2025-06-20"])
    assert table.exit_code == 0 and "binnenkort" in table.output
    bad = CliRunner().invoke(main, ["signalen", "--db", str(db), "--today", "20-06-2025"])
    assert bad.exit_code == 2 and "schrijf JJJJ-MM-DD" in bad.output


# ------------------------------------------------------------------ the app page


@pytest.fixture
def _fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def test_signalen_page_lists_signals_offers_feeds_and_compares_a_list(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, _fresh_caches: None
) -> None:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    shutil.copy(db, tmp_path / "app.db")
    store = Store(url)
    store.save_griffie_list(
        "lijst.xlsx",
        [
            {"row": 4, "number": "862", "what": "Rendement van collectief werken", "status": "open"},
            {"row": 5, "number": "1043", "what": "Evaluatie parkeerbeleid Scheveningen", "status": "open"},
        ],
        {"number": "Nr.", "what": "Omschrijving toezegging"},
    )
    store.close()
    monkeypatch.setenv("RAADSBRIEVEN_DB", url)
    at = AppTest.from_file(str(ROOT / "raadsbrieven" / "ui" / "signalen.py"), default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["Signalen"]
    at.date_input(key="sg_dag").set_value(date(2025, 6, 20)).run()
    assert not at.exception and not at.error
    frames = {tuple(d.value.columns): d.value for d in at.dataframe}
    table = next(v for k, v in frames.items() if "Signaal" in k)
    assert "Deadline nadert" in set(table["Signaal"])
    assert any("technische sessie" in z.lower() for z in table["Toezegging"])
    assert {b.label for b in at.get("download_button")} >= {
        "RSS-feed (signalen.xml)",
        "Atom-feed (signalen.atom)",
        "Agenda met deadlines (deadlines.ics)",
    }
    assert any("Outlook" in e.label for e in at.expander)
    diffs = next(v for k, v in frames.items() if "Verschil" in k)
    assert set(diffs["Verschil"]) == {"status verschilt", "alleen op lijst", "alleen in brieven"}
    assert "lijst: open — brief van mei 2025: afgedaan" in set(diffs["Toelichting"])
    assert any(
        str(m).startswith("lijst, toezegging 1043 — geen brief noemt haar") for m in diffs["Toelichting"]
    )
