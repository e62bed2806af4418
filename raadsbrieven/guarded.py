"""Read letters in a child process with a time and a memory limit per file.

A PDF that hangs in pdfium or explodes in memory must not stop an ingest of thousands of letters:
the letter is stopped, named, and the next one gets a fresh reader. Python cannot interrupt a hung C
call, so the reading runs in a child (`python -m raadsbrieven.guarded`) that the parent kills when
the time is up. The time counts from the letter's start or from the last PDF page the child reported
read, so a scan of hundreds of OCR'd pages runs on while a page that hangs is stopped. The child
imports the pipeline once and reads a small letter to warm up, then caps its address space
(RLIMIT_AS) at what it uses then plus `Limits.memory`: an allocation past that
fails with MemoryError (or kills the child, in C code), never the machine.

This module is imported by Dask workers too (`read_guarded` is the task), so it imports nothing
heavy at the top: the pipeline lives in the child. Messages go over the child's stdin and a private
copy of its stdout as length-prefixed pickles; fd 1 goes to stderr, so a library's print cannot
garble them.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import json
import os
import pickle
import re
import select
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

DEFAULT_READER = "raadsbrieven.pipeline:read_job"
START_SECONDS = 300  # importing the pipeline and warming up, not counted against a letter


@dataclass(frozen=True)
class Limits:
    """Per letter: stopped after `seconds` without getting on (from its start or its last page read),
    or when it needs more than `memory` bytes; None: no limit."""

    seconds: float | None = 120.0
    memory: int | None = 2 * 1024**3


@dataclass(frozen=True)
class Job:
    """A letter to read, with all a worker on another machine needs (no store, no shared folder)."""

    key: str  # its identity: the file's absolute path, or upload:<name>
    name: str
    shown: str  # how reports name it
    data: bytes
    digest: str
    version: str  # the pipeline version the main process stores it under
    sidecars: tuple[tuple[str, bytes], ...] = ()  # NAME.meta.json or letters.csv beside the file


_SIZE = re.compile(r"\s*(\d+(?:[.,]\d+)?)\s*([KMG]?)B?\s*")


def parse_size(text: str) -> int:
    """'2GB', '500 MB', '1.5G' or a number of bytes, as bytes (for --max-memory)."""
    m = _SIZE.fullmatch(text.upper())
    if not m:
        raise ValueError(f"{text!r} is geen geheugengrootte; schrijf bijvoorbeeld 2GB of 500MB")
    size = int(float(m.group(1).replace(",", ".")) * 1024 ** "_KMG".index(m.group(2) or "_"))
    if size <= 0:
        raise ValueError(f"{text!r}: de geheugenlimiet moet groter dan 0 zijn")
    return size


def size_text(n: int) -> str:
    """2 GB, 512 MB: how a message names a memory limit."""
    if n >= 1024**3:
        return f"{n / 1024**3:.3g} GB"
    return f"{n / 1024**2:.0f} MB"


def timeout_message(seconds: float, pages: int = 0, elapsed: float | None = None) -> str:
    if not pages:
        return f"gestopt na {seconds:g} s: het lezen duurde langer dan de tijdslimiet per bestand"
    return (
        f"gestopt na {elapsed or seconds:.0f} s: na pagina {pages} kwam het lezen {seconds:g} s niet "
        "verder (de tijdslimiet per stap)"
    )


def memory_message(memory: int | None) -> str:
    limit = f"meer dan {size_text(memory)} geheugen" if memory else "te veel geheugen"
    return f"gestopt: het lezen vroeg {limit} (de geheugenlimiet per bestand)"


# ---------------------------------------------------------------- messages over a pipe


def _write(fd: int, obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(struct.pack("<Q", len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def _read_exact(fd: int, n: int) -> bytes:
    chunks, left = [], n
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _read(fd: int) -> Any:
    (n,) = struct.unpack("<Q", _read_exact(fd, 8))
    return pickle.loads(_read_exact(fd, n))


# ---------------------------------------------------------------- the parent side


class GuardedReader:
    """One child process that reads letters one at a time, replaced when it is stopped or dies."""

    def __init__(self, limits: Limits | None = None, reader: str = DEFAULT_READER) -> None:
        self.limits = limits or Limits()
        self.reader = reader
        self.proc: subprocess.Popen | None = None
        self.closed = False
        self._log = tempfile.TemporaryFile()  # the child's stderr, for when it cannot start

    def start(self) -> None:
        if self.closed:
            raise RuntimeError("de lezer is al gesloten")
        spec = json.dumps({"reader": self.reader, "memory": self.limits.memory})
        env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "OMP_THREAD_LIMIT": "1"}
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)  # the code its parent runs
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "raadsbrieven.guarded", spec],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            bufsize=0,
            env=env,
        )
        if self.closed:  # closed from another thread while this child was being started
            self.stop()
            raise RuntimeError("de lezer is al gesloten")
        if self._answer(START_SECONDS)[0] != "ready":
            self.stop()
            raise RuntimeError(f"de lezer kon niet starten: {self._log_tail()}")

    def _answer(self, seconds: float | None) -> tuple:
        """The child's next message; ("timeout",) after `seconds`, ("died",) when it is gone."""
        try:  # the child may be stopped from another thread (close), its pipe closed under us
            fd = self.proc.stdout.fileno()
            if seconds is not None:
                ready, _, _ = select.select([fd], [], [], seconds)
                if not ready:
                    return ("timeout",)
            return _read(fd)
        except (EOFError, OSError, ValueError, AttributeError, pickle.UnpicklingError):
            return ("died",)

    def read(self, job: Job) -> tuple[str, Any]:
        """("ok", pickled result), ("read", message of a ReadError) or ("failed", message)."""
        if self.proc is None or self.proc.poll() is not None:
            self.start()
        try:
            _write(self.proc.stdin.fileno(), job)
        except OSError:  # the child died between letters: a fresh one
            self.stop()
            self.start()
            _write(self.proc.stdin.fileno(), job)
        started, pages = time.monotonic(), 0
        answer = self._answer(self.limits.seconds)
        while answer[0] == "page":  # it gets on: the time counts again from here
            pages = answer[1]
            answer = self._answer(self.limits.seconds)
        if answer[0] == "memory":
            self.stop()  # it exits itself; a fresh child for the next letter
            return "failed", memory_message(self.limits.memory)
        if answer[0] not in ("timeout", "died"):
            return answer
        code = self.stop()
        if answer[0] == "timeout":
            return "failed", timeout_message(self.limits.seconds, pages, time.monotonic() - started)
        how = f"signaal {-code}" if code is not None and code < 0 else f"code {code}"
        if self.limits.memory:  # pdfium aborts when an allocation fails under the cap
            return "failed", f"{memory_message(self.limits.memory)}; het leesproces stopte ({how})"
        return "failed", f"het leesproces stopte onverwacht ({how})"

    def stop(self) -> int | None:
        """Kill the child (if it still runs); its exit code. Safe from two threads at once."""
        proc, self.proc = self.proc, None
        if proc is None:
            return None
        if proc.poll() is None:
            proc.kill()
        code = proc.wait()
        for pipe in (proc.stdin, proc.stdout):
            pipe.close()
        return code

    def _log_tail(self) -> str:
        self._log.seek(0)
        lines = self._log.read().decode("utf-8", "replace").strip().splitlines()
        return " / ".join(lines[-3:]) or "geen uitleg"

    def close(self) -> None:
        """Stop the child, also in the middle of a letter (another thread's read then ends)."""
        self.closed = True
        self.stop()
        self._log.close()

    def __enter__(self) -> GuardedReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class IdleReaders:
    """Reader children kept between calls, so only the first call waits for one to start (~3 s of
    imports and models): the app's uploads. `with readers.lend(limits) as guard:` lends an idle
    child with those limits, or a fresh one; another caller meanwhile gets a fresh one of its own
    (a child reads one letter at a time). Afterwards at most `keep` wait idle, the rest are closed;
    a child stopped by its limits is started afresh on the next letter, as always."""

    def __init__(self, keep: int = 1) -> None:
        self.keep = keep
        self._idle: list[GuardedReader] = []
        self._lock = threading.Lock()
        _pools.append(self)

    @contextlib.contextmanager
    def lend(self, limits: Limits | None, reader: str = DEFAULT_READER) -> Iterator[GuardedReader]:
        limits = limits or Limits()
        with self._lock:
            guard = next((g for g in self._idle if g.limits == limits and g.reader == reader), None)
            if guard is not None:
                self._idle.remove(guard)
        guard = guard or GuardedReader(limits, reader)
        kept = False
        try:
            yield guard
            with self._lock:
                if not guard.closed and len(self._idle) < self.keep:
                    self._idle.append(guard)
                    kept = True
        finally:
            if not kept:
                guard.close()

    def idle(self) -> list[GuardedReader]:
        """The children waiting for the next call."""
        with self._lock:
            return list(self._idle)

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for guard in idle:
            guard.close()


_local = threading.local()
_guards: list[GuardedReader] = []
_pools: list[IdleReaders] = []


def read_guarded(job: Job, limits: Limits | None, reader: str = DEFAULT_READER) -> tuple[str, Any]:
    """The task a Dask worker runs: read `job` in this thread's own child (one per worker thread)."""
    guard = getattr(_local, "guard", None)
    if guard is None or guard.limits != limits or guard.reader != reader:
        if guard is not None:
            guard.close()
            _guards.remove(guard)
        guard = _local.guard = GuardedReader(limits, reader)
        _guards.append(guard)
    return guard.read(job)


@atexit.register
def _close_all() -> None:
    """A worker or an app that shuts down stops its children."""
    for guard in _guards:
        guard.close()
    for pool in _pools:
        pool.close()


# ---------------------------------------------------------------- the child


def _load(spec: str) -> Any:
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def _watch_parent() -> None:
    """Exit when the parent is gone (a killed worker), even in the middle of a hung letter."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(3)

    threading.Thread(target=watch, daemon=True).start()


def _cap_memory(extra: int) -> None:
    """Address space: what the warmed-up child uses now, plus `extra`."""
    import resource

    with open("/proc/self/statm") as fh:
        used = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    resource.setrlimit(resource.RLIMIT_AS, (used + extra, resource.RLIM_INFINITY))


def child(spec: dict) -> int:
    out = os.dup(1)
    os.dup2(2, 1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the parent, which stops us
    _watch_parent()
    import logging

    logging.disable(logging.WARNING)  # pdfminer and friends are chatty; failures come back as answers
    from raadsbrieven.ingest.pdf import on_page_read
    from raadsbrieven.ingest.read import ReadError
    from raadsbrieven.pipeline import warm_up

    reader = _load(spec["reader"])
    warm_up()
    on_page_read(lambda number: _write(out, ("page", number)))
    if spec.get("memory"):
        _cap_memory(int(spec["memory"]))
    _write(out, ("ready", os.getpid()))
    while True:
        try:
            job = _read(0)
        except EOFError:
            return 0
        try:
            answer: tuple[str, Any] = ("ok", pickle.dumps(reader(job), protocol=pickle.HIGHEST_PROTOCOL))
        except MemoryError:
            answer = ("memory", None)
        except ReadError as exc:
            answer = ("read", str(exc))
        except Exception as exc:  # a bug of ours: named like the serial ingest names it
            answer = ("failed", f"could not be processed ({type(exc).__name__}: {exc})")
        _write(out, answer)
        if answer[0] == "memory":
            return 0


if __name__ == "__main__":
    raise SystemExit(child(json.loads(sys.argv[1])))
