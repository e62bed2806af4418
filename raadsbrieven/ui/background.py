"""Embedding off the critical path: the app prepares sentences for search by meaning in a background
thread, so nobody waits for it (issue #15). Search by words works at once; search by meaning uses
what is ready and the pages say how far the job is.

One job per store (a Streamlit resource shared by every session). It embeds the sentences that have
no vector yet in batches (resumable: vectors are cached in the store as they are computed, so a
restarted app carries on where it stopped), then links new figures into series.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field

import streamlit as st


@dataclass
class EmbedJob:
    url: str
    total: int = 0  # sentences that had no vector when the job started
    done: int = 0
    state: str = "idle"  # idle, running, linking, finished, failed
    error: str | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)

    def start(self) -> bool:
        """Start the job unless it runs already; True when a new run started."""
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return False
            self.state, self.done, self.total, self.error = "running", 0, 0, None
            self._thread = threading.Thread(target=self._run, name="raadsbrieven-embed", daemon=True)
            self._thread.start()
            return True

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        from raadsbrieven.embed import get_embedder
        from raadsbrieven.search import embed_store, pending_embeddings
        from raadsbrieven.series import link_store
        from raadsbrieven.store import Store

        store = Store(self.url)
        try:
            model = get_embedder()
            self.total = pending_embeddings(store, model)

            def step(n: int) -> None:
                self.done += n

            embed_store(store, model, progress=step)
            self.state = "linking"
            link_store(store, model)
            self.state = "finished"
        except Exception as exc:  # shown on the page; the letters and the words index stay
            self.state, self.error = "failed", f"{type(exc).__name__}: {exc}"
        finally:
            store.close()

    def summary(self) -> str | None:
        """A Dutch line for the pages, or None when there is nothing to say."""
        if self.state == "running":
            if not self.total:
                return "Zinnen worden voorbereid voor zoeken op betekenis…"
            return (
                f"Zoeken op betekenis wordt voorbereid: {self.done:,} van {self.total:,} zinnen klaar. "
                "Zoeken op woorden werkt al."
            ).replace(",", ".")
        if self.state == "linking":
            return "Zinnen voorbereid; cijfers worden aan reeksen gekoppeld…"
        if self.state == "failed":
            return (
                f"Voorbereiden voor zoeken op betekenis is mislukt ({self.error}); zoeken op woorden werkt."
            )
        return None


def wanted() -> bool:
    """Off with RAADSBRIEVEN_BACKGROUND_EMBED=0 (the tests: they bring their own vectors)."""
    return os.environ.get("RAADSBRIEVEN_BACKGROUND_EMBED", "1") != "0"


@st.cache_resource(show_spinner=False)
def embed_job(url: str) -> EmbedJob:
    """The store's one background job, shared by all sessions of this app process."""
    return EmbedJob(url)
