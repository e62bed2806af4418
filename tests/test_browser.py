"""The app in a real browser: every page, on the ingested corpus, in headless Chromium.

The app runs as a user runs it (``raadsbrieven app``) on a free port against the corpus store,
on SQLite and on PostgreSQL. Each page must show its title and no exception or error box, speak
Dutch (no English or raw value from ``tests/_uicheck.py``'s list in what a user sees, quoted letter
text aside) and have tables that fit at 1,400 px (no column off-screen, no cell cut off); also with
a letter opened, a toezegging chosen, a series drawn and the upload box open. A screenshot of every
page goes to ``artifacts/screenshots/`` (CI keeps that folder). Without Chromium the test is
skipped, except on CI, where it fails.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests._appserver import (
    _SETTLED,
    MAIN,
    PAGES,
    ROOT,
    SCREENSHOTS,
    AppServer,
    PageError,
    Render,
    chromium_problem,
    error_boxes,
    launch_chromium,
    open_page,
    switch_page,
    watch_renders,
)
from tests._uicheck import cut_tables, english_on_page
from tests.conftest import CORPUS, PG_OK, PG_URL

pytestmark = pytest.mark.browser
PG_SCHEMA = "raadsbrieven_browser"  # its own schema: other tests' drop_all on PostgreSQL can't touch it


def _on_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    problem = chromium_problem()
    if problem:
        if _on_ci():
            pytest.fail(f"{problem}, and CI must run the browser test")
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = launch_chromium(pw)
        yield chromium
        chromium.close()


def _pg_corpus_url() -> str:
    """The corpus ingested into a PostgreSQL schema of its own (search_path in the URL)."""
    from sqlalchemy import create_engine, text

    from raadsbrieven.pipeline import ingest
    from raadsbrieven.store import Store

    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {PG_SCHEMA}"))
    engine.dispose()
    url = f"{PG_URL}{'&' if '?' in PG_URL else '?'}options=-csearch_path%3D{PG_SCHEMA}"
    store = Store(url)
    report = ingest([CORPUS], store, embed=False)
    store.close()
    assert not report.failed, [o.message for o in report.failed]
    return url


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def app(request: pytest.FixtureRequest, browser: Any) -> Iterator[tuple[str, AppServer]]:
    """The running app on the corpus store; stopped at the end, also when a test failed."""
    if request.param == "sqlite":
        url = request.getfixturevalue("corpus_db")
    elif PG_OK:
        url = _pg_corpus_url()
    elif _on_ci():
        pytest.fail(f"PostgreSQL is not reachable at {PG_URL}, and CI must test it")
    else:
        pytest.skip("PostgreSQL not reachable")
    server = AppServer(url).start()
    try:
        yield request.param, server
    finally:
        server.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser context per test: a new Streamlit session, no state carried over."""
    context = browser.new_context(viewport={"width": 1400, "height": 1600})
    tab = context.new_page()
    watch_renders(tab)
    yield tab
    context.close()


def _screenshot(page: Any, name: str) -> Path:
    """The whole page: Streamlit scrolls inside its main area, so the window is made as tall as it."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    height = page.evaluate(f"() => document.querySelector('{MAIN}')?.scrollHeight ?? 0")
    if height > page.viewport_size["height"]:
        page.set_viewport_size({"width": page.viewport_size["width"], "height": min(height, 8000)})
        page.wait_for_timeout(500)  # charts redraw at the new size
    page.screenshot(path=str(path))
    return path


def _open(page: Any, server: AppServer, path: str, title: str) -> Render:
    # Opening Trends the first time links the corpus's figures into series: give it longer.
    timeout = 180.0 if path.startswith("/trends") else 60.0
    try:
        return open_page(page, f"{server.base_url}{path}", title, timeout=timeout)
    except PageError as exc:
        raise PageError(f"{exc}\n\nthe server's log ends with:\n{server.output()}") from None


def _assert_clean(page: Any, server: AppServer, where: str) -> None:
    boxes = error_boxes(page)
    assert not boxes, f"{where} shows an error:\n" + "\n---\n".join(boxes)
    log = server.output(tail=0)
    assert "Traceback" not in log, f"the server logged an exception while showing {where}:\n{log[-3000:]}"


def _assert_dutch_and_fitting(page: Any, where: str) -> None:
    """No English or raw value where a user reads it, and every table fits (issue #16)."""
    english = english_on_page(page)
    assert not english, f"{where} shows English or raw values:\n" + "\n".join(english)
    cut = cut_tables(page)
    assert not cut, f"{where} has tables that do not fit at 1,400 px:\n" + "\n".join(cut)


def _settle(page: Any) -> None:
    """After a click: wait until the rerun is over and the page stopped changing."""
    page.wait_for_timeout(300)
    page.wait_for_function(_SETTLED, arg=750, timeout=60_000, polling=100)


@pytest.mark.parametrize("path,title", PAGES, ids=[p for p, _ in PAGES])
def test_page_renders(app: tuple[str, AppServer], page: Any, path: str, title: str) -> None:
    store, server = app
    try:
        render = _open(page, server, f"/{path}", title)
    finally:  # a failing page is the one worth seeing
        shot = _screenshot(page, f"{store}-{path}")
    assert shot.stat().st_size > 10_000, f"{shot} is nearly empty"
    _assert_clean(page, server, f"/{path} ({store}, rendered in {render.settled:.1f} s)")
    _assert_dutch_and_fitting(page, f"/{path} ({store})")


def _corpus_letter() -> str:
    with open(CORPUS / "letters.csv", encoding="utf-8") as f:
        return next(csv.DictReader(f))["file"]


def test_a_letter_opened(app: tuple[str, AppServer], page: Any) -> None:
    """A letter with its text, date basis in words and facts table: Dutch, and the table fits."""
    store, server = app
    name = _corpus_letter()
    try:
        _open(page, server, f"/brieven?doc={name}", "Brieven")
    finally:
        _screenshot(page, f"{store}-brieven-brief")
    main = page.locator(MAIN).inner_text()
    assert "Hoe de datum bekend is: uit letters.csv" in main, main[:2000]
    assert "Feiten in deze brief" in main
    _assert_clean(page, server, f"/brieven?doc={name} ({store})")
    _assert_dutch_and_fitting(page, f"/brieven?doc={name} ({store})")


def test_search_hits(app: tuple[str, AppServer], page: Any) -> None:
    """Zoeken with a question: the hits, their letters, dates and pages in Dutch."""
    store, server = app
    try:
        _open(page, server, "/zoeken?q=wachttijd%20jeugdhulp", "Zoeken")
    finally:
        _screenshot(page, f"{store}-zoeken-vraag")
    assert re.search(r"\d+ zinnen", page.locator(MAIN).inner_text()), "no hits for a corpus question"
    _assert_clean(page, server, f"/zoeken?q=... ({store})")
    _assert_dutch_and_fitting(page, f"/zoeken?q=... ({store})")


def test_a_toezegging_chosen(app: tuple[str, AppServer], page: Any) -> None:
    """Choosing another toezegging shows its mentions, in Dutch ('Genoemd in 1 brief')."""
    store, server = app
    _open(page, server, "/toezeggingen", "Toezeggingen")
    box = page.get_by_role("combobox", name="Kies een toezegging")
    before = box.input_value()
    box.click()
    page.get_by_role("option").nth(1).click()
    _settle(page)
    try:
        assert box.input_value() != before, "the choice did not change"
        main = page.locator(MAIN).inner_text()
        assert re.search(r"Genoemd in \d+ (brief|brieven), \d+ keer", main), main[-2000:]
    finally:
        _screenshot(page, f"{store}-toezeggingen-gekozen")
    _assert_clean(page, server, f"a chosen toezegging ({store})")
    _assert_dutch_and_fitting(page, f"a chosen toezegging ({store})")


def test_series_drawn(app: tuple[str, AppServer], page: Any) -> None:
    """Two series from the URL are drawn; the chart's toolbar leaves the multiselect's clear button
    free (the issue: it covered it), and the Dutch is checked with the chart in view."""
    from raadsbrieven.series import load_series
    from raadsbrieven.store import Store

    store, server = app
    _open(page, server, "/trends", "Trends")  # opening Trends links the figures into series
    db = Store(server.db_url)
    try:
        series = sorted(load_series(db, min_points=2, link=False), key=lambda s: -len(s.points))
    finally:
        db.close()
    assert len(series) >= 2, "the corpus has series of two points or more"
    ids = ",".join(s.id for s in series[:2])
    try:
        _open(page, server, f"/trends?reeks={ids}", "Trends")
        picked = page.locator('[data-testid="stMultiSelect"]')
        assert picked.locator(".react-aria-ComboBox [data-tag]").count() == 2, picked.inner_text()
        chart = page.locator(f'{MAIN} [data-testid="stVegaLiteChart"]').first
        chart.hover()  # shows the chart's toolbar
        page.wait_for_timeout(300)
        clear = picked.locator('.react-aria-ComboBox button[aria-label="Clear all"]')
        box = clear.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        on_top = page.evaluate(
            "([x, y]) => !!document.elementFromPoint(x, y)?.closest('[data-testid=stMultiSelect]')",
            [x, y],
        )
        assert on_top, "the chart's toolbar covers the multiselect's clear button"
    finally:
        _screenshot(page, f"{store}-trends-reeksen")
    _assert_clean(page, server, f"/trends?reeks={ids} ({store})")
    _assert_dutch_and_fitting(page, f"/trends?reeks={ids} ({store})")


def test_upload_box_is_dutch(app: tuple[str, AppServer], page: Any) -> None:
    """Streamlit's uploader says 'Upload', '200MB per file' and, while a file is dragged over it,
    'Drag and drop files here': the app shows its own Dutch instead."""
    store, server = app
    _open(page, server, "/overzicht", "Overzicht")
    page.get_by_text("Brieven toevoegen").click()
    zone = page.locator('[data-testid="stFileUploaderDropzone"]')
    zone.wait_for(state="visible")
    try:
        button = zone.locator("button").first
        label = button.evaluate("b => getComputedStyle(b, '::after').content")
        assert "Bestanden kiezen" in label, label
        assert "per bestand" in page.locator(MAIN).inner_text()
        _assert_dutch_and_fitting(page, f"the upload box ({store})")
        dragged = page.evaluate_handle(
            "() => { const d = new DataTransfer(); d.items.add(new File(['x'], 'brief.txt')); return d; }"
        )
        zone.dispatch_event("dragenter", {"dataTransfer": dragged})
        page.wait_for_timeout(300)
        _assert_dutch_and_fitting(page, f"the upload box with a file dragged over it ({store})")
    finally:
        _screenshot(page, f"{store}-overzicht-upload")


def test_root_is_overzicht_with_the_corpus(app: tuple[str, AppServer], page: Any) -> None:
    """The bare address opens Overzicht, and it shows the store the app was given, not an empty one."""
    store, server = app
    _open(page, server, "/", "Overzicht")
    assert page.url.rstrip("/").endswith(("/overzicht", f":{server.port}"))
    main = page.locator(MAIN).inner_text()
    assert "Nog geen brieven" not in main, f"Overzicht on the corpus store ({store}) looks empty:\n{main}"
    _assert_clean(page, server, f"/ ({store})")


def test_letters_page_lists_the_corpus(app: tuple[str, AppServer], page: Any) -> None:
    """Brieven reads the letters from the store: the corpus's file names or titles are on the page."""
    store, server = app
    _open(page, server, "/brieven", "Brieven")
    with open(CORPUS / "letters.csv", encoding="utf-8") as f:
        letters = [(row["file"], row["title"]) for row in csv.DictReader(f)]
    wanted = re.compile("|".join(re.escape(text) for pair in letters for text in pair))
    shown = page.locator(MAIN).get_by_text(wanted)  # dataframe cells are in the DOM, hidden (a11y table)
    assert shown.count(), f"no corpus letter (file name or title) is shown on /brieven ({store})"


def test_sidebar_navigation(app: tuple[str, AppServer], page: Any) -> None:
    """Walking the navigation links from Overzicht reaches every page without a reload."""
    store, server = app
    _open(page, server, "/overzicht", "Overzicht")
    try:
        for path, title in PAGES[1:] + PAGES[:1]:
            try:
                switch_page(page, path, title)
            except PageError as exc:
                raise PageError(f"{exc}\n\nthe server's log ends with:\n{server.output()}") from None
            assert page.url.endswith(f"/{path}"), page.url
    finally:
        _screenshot(page, f"{store}-navigatie")
    _assert_clean(page, server, f"the navigation walk ({store})")


BROKEN_APP = """
import streamlit as st


def kapot():
    st.title("Kapot")
    raise ValueError("kapotte pagina")


def fout():
    st.title("Fout")
    st.error("Deze brief kon niet worden gelezen.")


def zonder_titel():
    raise RuntimeError("mislukt voor de titel")


st.navigation(
    [
        st.Page(kapot, title="Kapot", url_path="kapot", default=True),
        st.Page(fout, title="Fout", url_path="fout"),
        st.Page(zonder_titel, title="Zonder titel", url_path="zonder_titel"),
    ]
).run()
"""


def test_the_checks_see_errors(browser: Any, page: Any, tmp_path: Path) -> None:
    """The markers the tests rely on still find Streamlit's exception and error boxes (with the
    app's own .streamlit/config.toml, which hides exception details), so a broken page cannot pass."""
    (tmp_path / "app.py").write_text(BROKEN_APP, encoding="utf-8")
    config = ROOT / ".streamlit" / "config.toml"
    if config.exists():
        (tmp_path / ".streamlit").mkdir()
        (tmp_path / ".streamlit" / "config.toml").write_text(config.read_text(encoding="utf-8"))
    with AppServer(f"sqlite:///{tmp_path / 'leeg.db'}", app=tmp_path / "app.py") as server:
        open_page(page, f"{server.base_url}/kapot", "Kapot")
        assert error_boxes(page), "an uncaught exception was not seen"
        assert "Traceback" in server.output(tail=0)
        open_page(page, f"{server.base_url}/fout", "Fout")
        assert error_boxes(page) == ["Deze brief kon niet worden gelezen."]
        with pytest.raises(PageError, match="shows an error instead of its title"):
            open_page(page, f"{server.base_url}/zonder_titel", "Zonder titel")


UNFIT_APP = """
import pandas as pd
import streamlit as st

st.title("Tabel")
st.caption("Datum bekend uit: letterhead: 'Datum 14 oktober 2025'")
st.html("<div class='rb-citaat'>Een brief mag zelf 'Upload' en 'None' zeggen.</div>")
st.file_uploader("Kies een brief")
st.multiselect("Reeksen", ["a", "b"])
st.dataframe(pd.DataFrame([{f"Kolom {i}": "waarde" for i in range(16)}]), hide_index=True)
st.dataframe(
    pd.DataFrame([{"Soort": "Verwijzing naar brief", "Status": "open"}]),
    hide_index=True,
    width=220,
    column_config={"Soort": st.column_config.Column(width=60)},
)
st.dataframe(pd.DataFrame([{"Soort": "motie", "Status": "aangenomen"}]), hide_index=True)
st.dataframe(  # wrapped text: the grid breaks a word that is wider than its column
    pd.DataFrame([{"Pagina": "geen paginanummer", "Status": "open"}]),
    hide_index=True,
    width=150,
    row_height=70,
    column_config={"Pagina": st.column_config.Column(width=60)},
)
"""


def test_the_checks_see_english_and_cut_tables(browser: Any, page: Any, tmp_path: Path) -> None:
    """The Dutch and fit checks find what issue #16 saw (a raw date basis, Streamlit's English upload
    box, a table wider than the page, a cell cut off) and leave quoted letter text and a fitting
    table alone: they can fail."""
    (tmp_path / "app.py").write_text(UNFIT_APP, encoding="utf-8")
    with AppServer(f"sqlite:///{tmp_path / 'leeg.db'}", app=tmp_path / "app.py") as server:
        open_page(page, f"{server.base_url}/", "Tabel")
        english = "\n".join(english_on_page(page))
        for word in ("letterhead", "Upload", "per file", "Choose options"):
            assert word in english, f"{word!r} not seen in:\n{english}"
        assert "Een brief mag zelf" not in english, "quoted letter text is not the app's own words"
        cut = cut_tables(page)
        assert any(c.startswith("table 1: columns off-screen") for c in cut), cut
        assert any(c.startswith("table 2, column 'Soort'") for c in cut), cut
        assert any(c.startswith("table 4, column 'Pagina': the word 'paginanummer'") for c in cut), cut
        assert not any(c.startswith("table 3") for c in cut), cut
        dragged = page.evaluate_handle(
            "() => { const d = new DataTransfer(); d.items.add(new File(['x'], 'brief.txt')); return d; }"
        )
        page.locator('[data-testid="stFileUploaderDropzone"]').dispatch_event(
            "dragenter", {"dataTransfer": dragged}
        )
        page.wait_for_timeout(300)
        assert "Drag and drop" in "\n".join(english_on_page(page))
