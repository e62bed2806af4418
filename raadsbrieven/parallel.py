"""Read letters in parallel, store them here: one transaction per letter, in any order.

`workers=N` reads on N reader children on this machine (`raadsbrieven.guarded`: each letter within
its time and memory limit), each driven by a thread here that only waits on its child's pipe; the
children start at once, side by side. `scheduler="tcp://host:8786"` reads on the workers of a running
Dask scheduler instead, each worker reading in its own guarded child. The main process decides what
each letter needs by its path and content hash before anything is sent out, so unchanged, moved and
duplicate letters never leave this machine; a reader gets the bytes (and the sidecar metadata beside
the file) and sends back the document, pages, sentences and facts. The store is written only here.

A Dask worker that dies loses nothing: the scheduler gives its letters to another worker (and a
letter that kills three workers is named as failed); a local reader child that dies is named with
its letter and replaced. A letter whose content (or path) is already on its way out waits until
that one is stored, so it comes out `unchanged` or `duplicate`, as in a serial run.
"""

from __future__ import annotations

import os
import pickle
import queue
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_futures
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from raadsbrieven.guarded import DEFAULT_READER, GuardedReader, Job, Limits, read_guarded
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
READER_MEMORY = 1 << 30  # what to keep free for each local reader (most use 300-500 MB)


def auto_workers(files: int, cores: int | None = None, memory: int | None = None) -> int:
    """How many local readers `--workers auto` starts: one per core this process may use, no more
    than there are files or than the memory holds; 1 (read here, one by one) for a single file."""
    if not cores:  # the cores this process may run on (Linux); all of them elsewhere
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    memory = memory or os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    return max(1, min(cores, files, memory // READER_MEMORY))


class ClusterError(Exception):
    """The workers cannot be reached or started; the message says so in Dutch."""


class LocalReaders:
    """N guarded reader children on this machine, started side by side; a letter goes to the first
    free one. The threads only wait on pipes, so they take no core from the children."""

    def __init__(self, workers: int, limits: Limits | None = None, reader: str = DEFAULT_READER) -> None:
        self.slots = workers
        self.limits, self.reader = limits or Limits(), reader
        self.guards = [GuardedReader(self.limits, reader) for _ in range(workers)]
        self.free: queue.Queue[GuardedReader] = queue.Queue()
        self.threads = ThreadPoolExecutor(2 * workers, thread_name_prefix="raadsbrieven-reader")
        self.started = [self.threads.submit(self._start, guard) for guard in self.guards]

    def _start(self, guard: GuardedReader) -> None:
        try:
            guard.start()
        finally:  # a child that could not start is tried again by its first letter, which names why
            self.free.put(guard)

    def ready(self) -> None:
        """Wait until every child has started (and read its warm-up letter)."""
        wait_futures(self.started)

    def _read(self, job: Job) -> tuple[str, Any]:
        guard = self.free.get()
        try:
            return guard.read(job)
        finally:
            self.free.put(guard)

    def submit(self, job: Job, key: str) -> Future:
        return self.threads.submit(self._read, job)

    def wait_first(self, futures: Iterable[Future]) -> set[Future]:
        return wait_futures(list(futures), return_when=FIRST_COMPLETED)[0]

    def release(self, future: Future) -> None:
        pass

    def close(self) -> None:
        """Stop every child at once, also one in the middle of a letter (Ctrl-C does not wait for
        the letters being read)."""
        self.threads.shutdown(wait=False, cancel_futures=True)
        for guard in self.guards:
            guard.close()
        self.threads.shutdown(wait=True)


class DaskReaders:
    """The workers of a Dask scheduler, each reading in its own guarded child within `limits`."""

    def __init__(self, client: Client, limits: Limits | None = None, reader: str = DEFAULT_READER) -> None:
        self.client = client
        self.slots = sum(client.nthreads().values())
        self.limits, self.reader = limits or Limits(), reader

    def submit(self, job: Job, key: str) -> Any:
        task: Any = job
        if len(job.data) > SCATTER_BYTES:
            task = self.client.scatter(job, hash=False)
        return self.client.submit(read_guarded, task, self.limits, self.reader, pure=False, key=key)

    def wait_first(self, futures: Iterable[Any]) -> set[Any]:
        from distributed import wait

        return set(wait(list(futures), return_when="FIRST_COMPLETED").done)

    def release(self, future: Any) -> None:
        future.release()


Readers = LocalReaders | DaskReaders


@contextmanager
def connect(
    workers: int,
    scheduler: str | None = None,
    limits: Limits | None = None,
    reader: str = DEFAULT_READER,
) -> Iterator[Readers]:
    """The readers: the workers of the Dask scheduler at `scheduler`, else `workers` local children;
    either way each letter is read by `reader` within `limits` (default: `Limits()`)."""
    if not scheduler:
        local = LocalReaders(workers, limits, reader)
        try:
            yield local
        finally:
            local.close()
        return
    from distributed import Client

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
        yield DaskReaders(client, limits, reader)
    finally:
        client.close()


def read_all(
    todo: list[Source],
    store: Store,
    readers: Readers,
    *,
    on_progress: Progress | None = None,
) -> list[Outcome]:
    """An Outcome for every source, in their order; letters are stored as their readers finish."""
    run = _Run(todo, store, readers, on_progress)
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
        readers: Readers,
        on_progress: Progress | None,
    ) -> None:
        self.todo, self.store, self.readers, self.on_progress = todo, store, readers, on_progress
        self.version = pipeline_version()
        self.outcomes: list[Outcome | None] = [None] * len(todo)
        self.done = 0
        self.running: dict[Any, tuple[int, Plan]] = {}
        self.busy: set[str] = set()  # content hashes and paths of the letters out on the workers
        self.cap = max(4, 2 * readers.slots)  # enough queued to keep every reader busy

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
        future = self.readers.submit(step.job, key=f"letter-{i}-{digest}")
        self.running[future] = (i, step)
        self.busy |= {digest, source.key}
        return True

    def collect(self) -> None:
        """Wait for a letter to come back, and store it."""
        if not self.running:
            return
        for future in self.readers.wait_first(self.running):
            i, plan = self.running.pop(future)
            self.busy -= {plan.job.digest, plan.job.key}
            self.record(i, _store(self.todo[i], plan, future, self.store))
            self.readers.release(future)


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
