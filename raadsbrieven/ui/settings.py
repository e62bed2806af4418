"""The app's safe defaults, in one place: who can reach it, and how much one upload may bring.

`raadsbrieven app` listens on this machine only unless `--host` says otherwise, and `--read-only`
hides every way to change the store (uploads, background writes, link decisions) for a public
deployment. The pages read the read-only switch from the environment the launcher sets.
"""

from __future__ import annotations

import os

DEFAULT_HOST = "127.0.0.1"  # this machine only; --host 0.0.0.0 shares the app on the network
MAX_UPLOAD_MB = 50  # per file (Streamlit's server.maxUploadSize)
MAX_UPLOAD_FILES = 25  # per upload
READ_ONLY_ENV = "RAADSBRIEVEN_READ_ONLY"


def read_only() -> bool:
    """True when the app was started with --read-only."""
    return os.environ.get(READ_ONLY_ENV, "") == "1"
