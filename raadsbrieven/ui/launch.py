"""How `raadsbrieven app` starts Streamlit: the command, its environment and folder (no Streamlit import)."""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy.engine import make_url

APP = Path(__file__).resolve().parent.parent.parent / "app.py"


class AppMissing(RuntimeError):
    pass


def absolute_url(url: str) -> str:
    """A relative SQLite path made absolute, so the app finds the same file from its own folder."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite" and u.database and u.database != ":memory:":
        db = Path(u.database)
        if not db.is_absolute():
            return u.set(database=str(db.resolve())).render_as_string(hide_password=False)
    return url


def app_command(url: str, port: int) -> tuple[list[str], dict[str, str], str]:
    """(argv, extra environment, working folder) that serve app.py on `port` over the store at `url`.

    The folder is the app's own, so its .streamlit/config.toml applies wherever the command is run.
    """
    if not APP.exists():
        raise AppMissing(
            f"The app script {APP} is missing: `raadsbrieven app` runs from a source checkout "
            "(pip install -e .)."
        )
    argv = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    return argv, {"RAADSBRIEVEN_DB": absolute_url(url)}, str(APP.parent)
