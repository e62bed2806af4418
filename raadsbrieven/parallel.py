"""Read letters on Dask workers, store them here: one transaction per letter, in any order.

The same code runs on a `LocalCluster` on this machine (`workers=N`, one process per worker) and on
a scheduler with workers elsewhere (`scheduler="tcp://host:8786"`). The main process decides what
each letter needs by its path and content hash before anything is sent out, so unchanged, moved
and duplicate letters never leave this machine; a worker gets the bytes (and the sidecar metadata
beside the file), reads them in its guarded child (`raadsbrieven.guarded`, limits per file) and
sends back the document, pages, sentences and facts. The store is written only here.

A worker that dies loses nothing: the scheduler gives its letters to another worker (and a letter
that kills three workers is named as failed). A letter whose content (or path) is already on its
way out waits until that one is stored, so it comes out `unchanged` or `duplicate`, as in a serial run.
"""

from __future__ import annotations

import logging
import pickle
import sys
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from raadsbrieven.guarded import DEFAULT_READER, Limits, read_guarded
from raadsbrieven.pipeline import (
    Outcome,
    Plan,
    Progress,
    Source,
    decide,
    failed,
    load,
    pipeline_version,
    store_read,
)

if TYPE_CHECKING:
    from distributed import Client

    from raadsbrieven.store import Store

SCATTER_BYTES = 1 << 20  # larger letters go to the workers apart, not inside the task


class ClusterError(Exception):
    """The workers cannot be reached or started; the message says so in Dutch."""


@contextmanager
def connect(workers: int, scheduler: str | None = None) -> Iterator[Client]:
    """A Dask client: on the scheduler at `scheduler`, or on a LocalCluster of `workers` processes."""
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"de scheduler {scheduler} is niet bereikbaar ({exc})") from exc
        try:
            client.wait_for_workers(1, timeout=60)
        except TimeoutError as exc:
            client.close()
            raise ClusterError(f"de scheduler {scheduler} heeft na 60 s nog geen workers") from exc
        try:
            yield client
        finally:
            client.close()
        return
    with _caller_script_hidden():
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        try:
            with Client(cluster) as client:
                yield client
        finally:
            cluster.close()


@contextmanager
def _caller_script_hidden() -> Iterator[None]:
    """While the cluster runs, its worker processes (started by spawn, also when a dead one is
    restarted) do not run the caller's script again: spawn re-runs a `__main__` known only by its
    file, and a script without a `__name__` guard (a Streamlit app.py) would open stores and start
    pages in every worker. The workers need none of it: they import what they run by module name."""
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if main is None or path is None or getattr(main, "__spec__", None) is not None:
        yield
        return
    del main.__file__
    try:
        yield
    finally:
        main.__file__ = path


def read_all(
    todo: list[Source],
    store: Store,
    client: Client,
    *,
    limits: Limits | None = None,
    reader: str = DEFAULT_READER,
    on_progress: Progress | None = None,
) -> list[Outcome]:
    """An Outcome for every source, in their order; letters are stored as their readers finish."""
    run = _Run(todo, store, client, limits, reader, on_progress)
    queue = deque(sorted(range(len(todo)), key=lambda i: -_size(todo[i])))
    while queue:  # a second round for the letters that waited for their twin
        later = deque()
        while queue or run.running:
            while queue and len(run.running) < run.cap:
                i = queue.popleft()
                if not run.send(i):
                    later.append(i)
            run.collect()
        queue = later
    return [o for o in run.outcomes if o is not None]


def _size(source: Source) -> int:
    """Bytes, to send the largest letters out first: a long letter started last would keep one
    worker busy while the others wait at the end (the same order a serial run stores, among equals)."""
    if source.data is not None:
        return len(source.data)
    try:
        return source.path.stat().st_size if source.path is not None else 0
    except OSError:
        return 0  # named as missing when its turn comes


class _Run:
    """One parallel read: what is out on the workers, and the outcomes so far."""

    def __init__(
        self,
        todo: list[Source],
        store: Store,
        client: Client,
        limits: Limits | None,
        reader: str,
        on_progress: Progress | None,
    ) -> None:
        self.todo, self.store, self.client = todo, store, client
        self.limits, self.reader, self.on_progress = limits, reader, on_progress
        self.version = pipeline_version()
        self.outcomes: list[Outcome | None] = [None] * len(todo)
        self.done = 0
        self.running: dict[Any, tuple[int, Plan]] = {}
        self.busy: set[str] = set()  # content hashes and paths of the letters out on the workers
        self.cap = max(4, 2 * sum(client.nthreads().values()))  # enough queued to keep every worker busy

    def record(self, i: int, outcome: Outcome) -> None:
        self.outcomes[i] = outcome
        self.done += 1
        if self.on_progress:
            self.on_progress("read", self.done, len(self.todo), outcome)

    def send(self, i: int) -> bool:
        """Decide letter i and send it out if it needs reading; False: it waits for its twin."""
        source = self.todo[i]
        if source.path is not None and not source.path.exists():
            self.record(i, Outcome(source.shown, "failed", "no such file or folder"))
            return True
        try:
            data, digest = load(source)
            if digest in self.busy or source.key in self.busy:
                return False
            step = decide(source, data, digest, self.store, self.version)
        except Exception as exc:
            self.record(i, failed(source, exc))
            return True
        if isinstance(step, Outcome):
            self.record(i, step)
            return True
        job: Any = step.job
        if len(job.data) > SCATTER_BYTES:
            job = self.client.scatter(job, hash=False)
        key = f"letter-{i}-{digest}"
        future = self.client.submit(read_guarded, job, self.limits, self.reader, pure=False, key=key)
        self.running[future] = (i, step)
        self.busy |= {digest, source.key}
        return True

    def collect(self) -> None:
        """Wait for a letter to come back, and store it."""
        from distributed import wait

        if not self.running:
            return
        finished, _ = wait(list(self.running), return_when="FIRST_COMPLETED")
        for future in finished:
            i, plan = self.running.pop(future)
            self.busy -= {plan.job.digest, plan.job.key}
            self.record(i, _store(self.todo[i], plan, future, self.store))
            future.release()


def _store(source: Source, plan: Plan, future: Any, store: Store) -> Outcome:
    """The worker's answer for one letter, stored in one transaction (or the letter named as failed)."""
    try:
        status, value = future.result()
    except Exception as exc:  # KilledWorker: the letter took down three workers
        name = type(exc).__name__
        if name == "KilledWorker":
            return Outcome(source.shown, "failed", "gestopt: het lezen liet drie keer een worker vastlopen")
        return Outcome(source.shown, "failed", f"could not be processed ({name}: {exc})")
    if status == "ok":
        try:
            return store_read(plan, pickle.loads(value), store)
        except Exception as exc:
            return failed(source, exc)
    return Outcome(source.shown, "failed", value)
