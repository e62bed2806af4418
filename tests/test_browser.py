"""The app in a real browser: every page, on the ingested corpus, in headless Chromium.

The app runs as a user runs it (``raadsbrieven app``) on a free port against the corpus store,
on SQLite and on PostgreSQL. Each page must show its title and no exception or error box;
a screenshot of every page goes to ``artifacts/screenshots/`` (CI keeps that folder).
Without Chromium the test is skipped, except on CI, where it fails.
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
    try:
        return open_page(page, f"{server.base_url}{path}", title)
    except PageError as exc:
        raise PageError(f"{exc}\n\nthe server's log ends with:\n{server.output()}") from None


def _assert_clean(page: Any, server: AppServer, where: str) -> None:
    boxes = error_boxes(page)
    assert not boxes, f"{where} shows an error:\n" + "\n---\n".join(boxes)
    log = server.output(tail=0)
    assert "Traceback" not in log, f"the server logged an exception while showing {where}:\n{log[-3000:]}"


@pytest.mark.parametrize("path,title", PAGES, ids=[p for p, _ in PAGES])
def test_page_renders(app: tuple[str, AppServer], page: Any, path: str, title: str) -> None:
    store, server = app
    try:
        render = _open(page, server, f"/{path}", title)
    finally:  # a failing page is the one worth seeing
        shot = _screenshot(page, f"{store}-{path}")
    assert shot.stat().st_size > 10_000, f"{shot} is nearly empty"
    _assert_clean(page, server, f"/{path} ({store}, rendered in {render.settled:.1f} s)")


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
