"""Start the Streamlit app on a free local port and drive it with headless Chromium.

Shared by ``tests/test_browser.py`` and ``bench/bench_app.py``. The app is started the way a
user starts it (``raadsbrieven app --db URL --port N``; plain ``streamlit run app.py`` while that
command does not exist), in its own process group, so stopping it also stops the Streamlit child.

Streamlit renders in the browser: a page counts as rendered when its ``st.title`` heading is
visible in the main area and the app's script state (``data-test-script-state`` on ``stApp``)
is ``notRunning`` again. ``RAADSBRIEVEN_CHROMIUM`` names another Chromium than /usr/bin/chromium.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
BIN = Path(sys.executable).parent
CHROMIUM = Path(os.environ.get("RAADSBRIEVEN_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"

# (url path, st.title): the contract between app.py and these tests. The first is the default page.
PAGES: list[tuple[str, str]] = [
    ("overzicht", "Overzicht"),
    ("zoeken", "Zoeken"),
    ("toezeggingen", "Toezeggingen"),
    ("moties", "Moties en amendementen"),
    ("trends", "Trends"),
    ("brieven", "Brieven"),
    ("signalen", "Signalen"),
]

# Streamlit's own DOM markers (streamlit 1.4x-1.6x frontend).
APP_ROOT = '[data-testid="stApp"]'
MAIN = '[data-testid="stMain"]'
NAV_LINK = '[data-testid="stSidebarNavLink"]'
EXCEPTION = '[data-testid="stException"]'
ERROR_ALERT = '[data-testid="stAlertContentError"]'  # st.error: stAlert > stAlertContainer > this
NOT_RUNNING = f'{APP_ROOT}[data-test-script-state="notRunning"]'

# Config by environment, so it holds however the app is launched: loopback only, no usage-stats
# calls from the browser, no file watcher threads, no browser opened by the server.
STREAMLIT_ENV = {
    "STREAMLIT_SERVER_HEADLESS": "true",
    "STREAMLIT_SERVER_ADDRESS": "127.0.0.1",
    "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
    "STREAMLIT_SERVER_RUN_ON_SAVE": "false",
    "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
}


ANSI = re.compile(r"\x1b\[[0-9;]*m")


class AppServerError(RuntimeError):
    """The app did not come up; the message carries the end of the server's output."""


class PageError(AssertionError):
    """A page showed an error, or not its title in time; the message says what was on it."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def has_app_command() -> bool:
    """True once ``raadsbrieven app`` exists in the installed CLI."""
    try:
        from raadsbrieven.cli import main

        return "app" in getattr(main, "commands", {})
    except Exception:
        return False


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200 and r.read().strip() == b"ok"
    except (urllib.error.URLError, OSError):
        return False


@dataclass
class AppServer:
    """``with AppServer(db_url) as app: ...`` runs the app against ``db_url`` on a free port."""

    db_url: str
    app: Path = APP
    port: int = 0
    start_timeout: float = 90.0
    command: list[str] = field(default_factory=list)
    _proc: subprocess.Popen[bytes] | None = field(default=None, init=False, repr=False)
    _log: IO[bytes] | None = field(default=None, init=False, repr=False)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _command(self) -> list[str]:
        if self.app == APP and has_app_command():
            return [str(BIN / "raadsbrieven"), "app", "--db", self.db_url, "--port", str(self.port)]
        return [
            str(BIN / "streamlit"),
            "run",
            str(self.app),
            "--server.headless",
            "true",
            "--server.port",
            str(self.port),
        ]

    def start(self) -> AppServer:
        if not self.app.exists():
            raise AppServerError(f"{self.app} does not exist: there is no app to start")
        self.port = self.port or free_port()
        self.command = self._command()
        env = {**os.environ, **STREAMLIT_ENV, "RAADSBRIEVEN_DB": self.db_url}
        self._log = tempfile.TemporaryFile(prefix="raadsbrieven-app-")
        self._proc = subprocess.Popen(
            self.command,
            cwd=self.app.parent,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stop() reaches streamlit under the CLI
        )
        deadline = time.monotonic() + self.start_timeout
        health = f"{self.base_url}/_stcore/health"
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                out = self.output()
                self.close()
                raise AppServerError(
                    f"the app exited with code {self._proc.returncode} before it answered "
                    f"({' '.join(self.command)}):\n{out}"
                )
            if _healthy(health):
                return self
            time.sleep(0.25)
        out = self.output()
        self.close()
        raise AppServerError(f"{health} did not answer 'ok' within {self.start_timeout:.0f} s:\n{out}")

    def output(self, tail: int = 4000) -> str:
        """The server's stdout and stderr so far (the last ``tail`` characters)."""
        if self._log is None:
            return ""
        self._log.flush()
        self._log.seek(0)
        text = ANSI.sub("", self._log.read().decode("utf-8", "replace"))  # rich colours the tracebacks
        return text[-tail:] if tail else text

    def stop(self) -> None:
        """Stop the whole process group: SIGTERM, then SIGKILL after 10 s."""
        proc = self._proc
        if proc is not None and proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
            except ProcessLookupError:
                pass
        if proc is not None:
            try:  # a child that outlived its parent still belongs to the group
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass

    def close(self) -> None:
        self.stop()
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> AppServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


def chromium_problem() -> str | None:
    """Why the browser test cannot run here, or None when it can."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing: install Debian's chromium (make setup does it as root)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is missing: pip install -e '.[dev]'"
    return None


def launch_chromium(playwright: Any) -> Any:
    """Debian's Chromium under Playwright (Playwright's own browser download is not used)."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


# Installed in every page before it loads: the page's clock (ms since navigation start) at the
# last DOM change inside the main area. Streamlit mounts dataframes, charts and alerts after the
# script run has ended, so "rendered" means: script done, and the main area has stopped changing.
_WATCH_MAIN = """
if (!window.__rbRender) {
  window.__rbRender = {last: 0};
  new MutationObserver((records) => {
    for (const r of records) {
      const el = r.target.nodeType === 1 ? r.target : r.target.parentElement;
      if (el && el.closest('[data-testid="stMain"]')) { window.__rbRender.last = performance.now(); break; }
    }
  }).observe(document, {childList: true, subtree: true, characterData: true});
}
"""
_SETTLED = """(quietMs) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stMain"] [data-testid="stSkeleton"]')) return false;
  return performance.now() - window.__rbRender.last >= quietMs;
}"""


@dataclass
class Render:
    """Seconds from the start of navigation: title visible, and main area done changing."""

    title: float
    settled: float


def watch_renders(page: Any) -> None:
    """Call once per Playwright page, before :func:`open_page`."""
    page.add_init_script(_WATCH_MAIN)


def open_page(page: Any, url: str, title: str, timeout: float = 60.0, quiet: float = 0.75) -> Render:
    """Go to ``url`` and wait until the page has rendered (see :class:`Render`).

    The title is the level-1 heading in the main area with exactly ``title``. The page has
    settled when the script run is over (``notRunning``), no skeleton is left, and nothing in the
    main area changed for ``quiet`` seconds; ``settled`` is the page's own clock at that last change.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    ms = timeout * 1000
    t0 = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=ms)
    heading = page.locator(MAIN).get_by_role("heading", level=1, name=title, exact=True)
    problem = page.locator(f"{EXCEPTION}, {ERROR_ALERT}")
    try:
        heading.or_(problem).first.wait_for(state="visible", timeout=ms)
        title_s = time.perf_counter() - t0
        if not heading.is_visible():
            raise PageError(f"{url} shows an error instead of its title {title!r}:\n" + _page_text(page))
        page.wait_for_function(_SETTLED, arg=quiet * 1000, timeout=ms, polling=100)
    except PlaywrightTimeout as exc:
        waited = "its title" if not heading.count() else "the page to settle"
        text = _page_text(page)
        raise PageError(f"{url}: waited {timeout:.0f} s for {waited} ({title!r}):\n{text}") from exc
    settled_ms = page.evaluate("() => window.__rbRender.last")
    return Render(title=title_s, settled=max(settled_ms / 1000, title_s))


def switch_page(page: Any, path: str, title: str, timeout: float = 60.0, quiet: float = 0.75) -> Render:
    """Click the navigation link to ``path`` (the same session: a rerun, no reload) and wait as
    :func:`open_page` does; the times run from the click."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    ms = timeout * 1000
    heading = page.locator(MAIN).get_by_role("heading", level=1, name=title, exact=True)
    problem = page.locator(f"{EXCEPTION}, {ERROR_ALERT}")
    clicked = page.evaluate("() => performance.now()")
    t0 = time.perf_counter()
    try:
        page.locator(f'{NAV_LINK}[href$="/{path}"]').click(timeout=ms)
        heading.or_(problem).first.wait_for(state="visible", timeout=ms)
        title_s = time.perf_counter() - t0
        if not heading.is_visible():
            raise PageError(f"/{path} shows an error instead of its title {title!r}:\n" + _page_text(page))
        page.wait_for_function(_SETTLED, arg=quiet * 1000, timeout=ms, polling=100)
    except PlaywrightTimeout as exc:
        text = _page_text(page)
        raise PageError(f"switching to /{path} ({title!r}) took over {timeout:.0f} s:\n{text}") from exc
    settled_ms = page.evaluate("() => window.__rbRender.last") - clicked
    return Render(title=title_s, settled=max(settled_ms / 1000, title_s))


def _page_text(page: Any, limit: int = 2000) -> str:
    boxes = error_boxes(page)
    if boxes:
        return "\n---\n".join(boxes)[:limit]
    try:
        return "page text: " + page.locator("body").inner_text(timeout=2000)[:limit]
    except Exception:
        return "(no page text)"


def error_boxes(page: Any) -> list[str]:
    """The text of every exception box and st.error alert on the page."""
    boxes = page.locator(f"{EXCEPTION}, {ERROR_ALERT}")
    texts = [boxes.nth(i).inner_text().strip() for i in range(boxes.count())]
    return [t for i, t in enumerate(texts) if not any(t in other for other in texts[:i])]  # nested boxes
