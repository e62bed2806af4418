"""How `raadsbrieven app` starts Streamlit: the command, its environment and folder (no Streamlit import)."""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy import make_url

from raadsbrieven.ui.settings import DEFAULT_HOST, MAX_UPLOAD_MB, READ_ONLY_ENV

# The router, inside the package: found the same way from a checkout (pip install -e .) and a wheel.
APP = Path(__file__).resolve().parent / "app.py"

# The app's Streamlit settings, as flags so they hold wherever the command runs (a checkout's
# .streamlit/config.toml holds the same ones for `streamlit run app.py`):
SETTINGS = {
    "server.fileWatcherType": "none",  # the app serves data; watching files only costs CPU
    "server.headless": "true",  # no browser opened by the server
    "browser.gatherUsageStats": "false",
    "client.showErrorDetails": "none",  # errors shown as the pages word them, never a traceback
    "client.toolbarMode": "viewer",
}


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


def app_command(
    url: str, port: int, host: str = DEFAULT_HOST, read_only: bool = False
) -> tuple[list[str], dict[str, str], str]:
    """(argv, extra environment, working folder) that serve the app on `host:port` over the store at
    `url`; by default on this machine only (127.0.0.1), uploads limited in size (ui/settings.py).

    The script is `raadsbrieven/ui/app.py` of the installed package and the folder is its own.
    """
    if not APP.exists():
        raise AppMissing(f"The app script {APP} is missing: reinstall raadsbrieven.")
    argv = [sys.executable, "-m", "streamlit", "run", str(APP), "--server.port", str(port)]
    argv += ["--server.address", host, "--server.maxUploadSize", str(MAX_UPLOAD_MB)]
    for key, value in SETTINGS.items():
        argv += [f"--{key}", value]
    env = {"RAADSBRIEVEN_DB": absolute_url(url), READ_ONLY_ENV: "1" if read_only else "0"}
    return argv, env, str(APP.parent)
