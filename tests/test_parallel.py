"""Parallel and distributed ingest (issues #15, #17): the same stored letters as a serial run, on two
local reader children and on a `dask scheduler` with two `dask worker` processes; a worker killed
mid-run loses nothing; a letter that hangs or eats memory is stopped by its limit, named, and the
rest stored.

The readers below run in the reader children (`raadsbrieven.guarded`, "module:function"): they read
like the pipeline, except for the letters the test marks.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from raadsbrieven.guarded import Job, Limits, memory_message, parse_size, timeout_message
from raadsbrieven.ingest.read import ReadError
from raadsbrieven.pipeline import ingest, read_job
from raadsbrieven.store import Store
from raadsbrieven.store import schema as tables
from tests.conftest import CORPUS, ROOT, shared_path

HANG = b"VASTLOPER"
EXPLODE = b"GEHEUGENVRETER"
LETTER = "Geachte leden van de raad,\n\nDe gemiddelde wachttijd voor jeugdhulp is {weeks} weken.\n"


def troublesome_reader(job: Job) -> tuple[dict, list, list, list]:
    """Hangs on a letter that says VASTLOPER, allocates without end on one that says GEHEUGENVRETER."""
    if HANG in job.data:
        time.sleep(3600)
    if EXPLODE in job.data:
        hog = []
        while True:
            hog.append(bytes(64 * 2**20))  # calloc: address space, no real memory touched
    return read_job(job)


def killing_reader(job: Job) -> tuple[dict, list, list, list]:
    """Kills its Dask worker (the child's parent) in the middle of the first letter it reads, once."""
    flag = Path(job.key).parents[1] / ".worker-killed"  # letters sit in folders of one folder
    if not flag.exists():
        flag.write_text(str(os.getppid()))
        os.kill(os.getppid(), signal.SIGKILL)
        time.sleep(60)
    return read_job(job)


DIE = b"STERVER"


def dying_reader(job: Job) -> tuple[dict, list, list, list]:
    """Its reader child dies (as a crash in pdfium would kill it) on a letter that says STERVER."""
    if DIE in job.data:
        os.kill(os.getpid(), signal.SIGKILL)
    return read_job(job)


def snapshot(url: str) -> dict[str, list]:
    """Every stored row, with row ids replaced by the letter's path (they depend on the order of storing)."""
    engine = create_engine(url)
    out = {}
    with engine.connect() as conn:
        paths = dict(conn.execute(select(tables.documents.c.id, tables.documents.c.path)).all())
        for table in (tables.documents, tables.pages, tables.sentences, tables.facts, tables.processed):
            rows = []
            for r in conn.execute(select(table)):
                row = dict(r._mapping)
                if table is not tables.facts:  # facts.id is the stable fact id, the others are row ids
                    row.pop("id", None)
                row.pop("ingested_at", None)
                row.pop("sentence_id", None)
                if "document_id" in row:
                    row["document_id"] = paths[row["document_id"]]
                rows.append(row)
            out[table.name] = sorted(rows, key=repr)
    engine.dispose()
    return out


def outcomes(report) -> list[tuple[str, str]]:  # noqa: ANN001
    return [(Path(o.path).name, o.status) for o in report.outcomes]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus, a PDF letter, and a copy of one letter in a second folder (stored once)."""
    from tests.letters import build_letter_pdf

    root = tmp_path_factory.mktemp("brieven")
    shutil.copytree(CORPUS, root / "corpus")
    build_letter_pdf(root / "pdf" / "brief.pdf", pages=2)
    (root / "zz-kopie").mkdir()
    shutil.copy(CORPUS / "001_c92f4c90ef915183.txt", root / "zz-kopie" / "brief.txt")
    return root


@pytest.fixture(scope="module")
def serial(folder: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[list, dict]:
    url = f"sqlite:///{tmp_path_factory.mktemp('serial') / 'serial.db'}"
    store = Store(url)
    report = ingest([folder], store, embed=False)
    store.close()
    assert not report.failed, [o.message for o in report.failed]
    return outcomes(report), snapshot(url)


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory):
    """`dask scheduler` and two `dask worker` processes on 127.0.0.1 (random ports), stopped after."""
    tmp = tmp_path_factory.mktemp("dask")
    info = tmp / "scheduler.json"
    dask = str(Path(sys.executable).with_name("dask"))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_THREAD_LIMIT": "1", "OPENBLAS_NUM_THREADS": "1"}
    log = (tmp / "dask.log").open("wb")
    common = {"cwd": ROOT, "env": env, "stdout": log, "stderr": subprocess.STDOUT, "start_new_session": True}
    procs = [
        subprocess.Popen(
            [dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard"]
            + ["--scheduler-file", str(info)],
            **common,
        )
    ]
    try:
        deadline = time.monotonic() + 120
        while not info.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(info.read_text())["address"]
        for n in range(2):
            procs.append(
                subprocess.Popen(
                    [dask, "worker", address, "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1"]
                    + ["--name", f"w{n}"],
                    **common,
                )
            )
        yield address
    finally:
        for proc in reversed(procs):
            os.killpg(proc.pid, signal.SIGTERM)
        for proc in reversed(procs):
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()


@pytest.mark.parametrize("where", ["local", "scheduler"])
def test_parallel_stores_exactly_what_a_serial_run_stores(
    where: str, folder: Path, serial: tuple[list, dict], tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    how = {"workers": 2} if where == "local" else {"scheduler": request.getfixturevalue("scheduler")}
    url = f"sqlite:///{tmp_path / 'parallel.db'}"
    store = Store(url)
    seen = []
    report = ingest([folder], store, embed=False, on_progress=lambda *a: seen.append(a[1]), **how)
    assert outcomes(report) == serial[0], "the same statuses, in the order of the files"
    assert ("brief.txt", "duplicate") in outcomes(report), "a copy in the same run is stored once"
    assert seen == list(range(1, len(report.outcomes) + 1)), "progress for every letter"
    assert snapshot(url) == serial[1]
    again = ingest([folder], store, embed=False, **how)
    store.close()
    assert {status for _, status in outcomes(again)} == {"unchanged", "duplicate"}


def test_a_worker_killed_mid_run_loses_nothing(
    folder: Path, serial: tuple[list, dict], scheduler: str, tmp_path: Path
) -> None:
    work = tmp_path / "brieven"
    shutil.copytree(folder, work)
    url = f"sqlite:///{tmp_path / 'killed.db'}"
    store = Store(url)
    reader = "tests.test_parallel:killing_reader"
    report = ingest([work], store, embed=False, scheduler=scheduler, reader=reader)
    store.close()
    killed = (work / ".worker-killed").exists()
    assert killed, "the reader killed a worker"
    assert not report.failed, [(o.path, o.message) for o in report.failed]
    assert outcomes(report) == serial[0]
    stored = snapshot(url)
    assert [len(stored[t]) for t in stored] == [len(serial[1][t]) for t in stored]
    assert stored["facts"] == [
        {**f, "document_id": f["document_id"].replace(str(folder), str(work))} for f in serial[1]["facts"]
    ]


@pytest.mark.parametrize("where", ["here", "local", "scheduler"])
def test_a_hanging_and_an_exploding_letter_are_stopped_named_and_the_rest_stored(
    where: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    folder = tmp_path / "map"
    folder.mkdir()
    for weeks in (12, 16):
        (folder / f"brief-{weeks}.txt").write_text(LETTER.format(weeks=weeks), encoding="utf-8")
    (folder / "vastloper.txt").write_bytes(LETTER.format(weeks=8).encode() + HANG)
    (folder / "geheugenvreter.txt").write_bytes(LETTER.format(weeks=9).encode() + EXPLODE)
    how: dict = {"here": {}, "local": {"workers": 2}}.get(where, {})
    if where == "scheduler":
        how = {"scheduler": request.getfixturevalue("scheduler")}
    store = Store(f"sqlite:///{tmp_path / 'limits.db'}")
    started = time.monotonic()
    report = ingest(
        [folder],
        store,
        embed=False,
        limits=Limits(seconds=20, memory=512 * 2**20),
        reader="tests.test_parallel:troublesome_reader",
        **how,
    )
    failed = {Path(o.path).name: o.message for o in report.failed}
    assert failed.keys() == {"vastloper.txt", "geheugenvreter.txt"}
    assert failed["vastloper.txt"].startswith("gestopt na 20 s")
    assert "meer dan 512 MB geheugen" in failed["geheugenvreter.txt"]
    assert time.monotonic() - started < 600
    assert sorted(d.name for d in store.documents()) == ["brief-12.txt", "brief-16.txt"]
    assert sorted(f.high for f in store.facts(["duration"])) == [12, 16]
    store.close()


def test_a_local_reader_that_dies_names_its_letter_and_is_replaced(tmp_path: Path) -> None:
    """Two local readers: the child that dies on a letter is named with it, a fresh one reads on, and
    no reader child outlives the ingest."""
    import psutil

    folder = tmp_path / "map"
    folder.mkdir()
    for weeks in (10, 11, 12, 13, 14):
        (folder / f"brief-{weeks}.txt").write_text(LETTER.format(weeks=weeks), encoding="utf-8")
    (folder / "brief-00-sterver.txt").write_bytes(LETTER.format(weeks=7).encode() + DIE)
    store = Store(f"sqlite:///{tmp_path / 'dies.db'}")
    before = {p.pid for p in psutil.Process().children(recursive=True)}  # e.g. the Dask workers' readers
    report = ingest([folder], store, embed=False, workers=2, reader="tests.test_parallel:dying_reader")
    failed = {Path(o.path).name: o.message for o in report.failed}
    assert list(failed) == ["brief-00-sterver.txt"]
    assert "het leesproces stopte" in failed["brief-00-sterver.txt"]
    assert sorted(f.high for f in store.facts(["duration"])) == [10, 11, 12, 13, 14]
    store.close()
    left = [p for p in psutil.Process().children(recursive=True) if p.pid not in before]
    assert not [p.pid for p in left if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]


def test_a_worker_elsewhere_reads_the_sidecar_metadata_sent_with_the_letter(tmp_path: Path) -> None:
    """A worker on another machine has no corpus/letters.csv beside the file: the job carries it."""
    from raadsbrieven.pipeline import Source, decide, load, pipeline_version

    store = Store(f"sqlite:///{tmp_path / 'x.db'}")
    source = Source.file(CORPUS / "000_46cd106d7926f80d.txt")
    plan = decide(source, *load(source), store, pipeline_version())
    store.close()
    assert [name for name, _ in plan.job.sidecars] == ["letters.csv"]
    here = read_job(plan.job)[0]
    elsewhere = read_job(replace(plan.job, key=str(tmp_path / "elders" / "000_46cd106d7926f80d.txt")))[0]
    alone = read_job(replace(plan.job, key=str(tmp_path / "000_46cd106d7926f80d.txt"), sidecars=()))[0]
    assert here["date"] == elsewhere["date"] == "2021-02" and "letters.csv" in elsewhere["date_basis"]
    assert alone["date_basis"] is None or "letters.csv" not in alone["date_basis"]
    with pytest.raises(ReadError, match="andere versie van raadsbrieven"):
        read_job(replace(plan.job, version="reading=0"))


def test_memory_limits_are_read_and_named_in_dutch() -> None:
    assert parse_size("2GB") == parse_size("2 gb") == 2 * 1024**3
    assert parse_size("500MB") == 500 * 2**20 and parse_size("1,5G") == 3 * 2**29
    for bad in ("veel", "0MB", "2TB"):
        with pytest.raises(ValueError, match=bad):
            parse_size(bad)
    assert "meer dan 2 GB geheugen" in memory_message(Limits().memory)
    assert timeout_message(120).startswith("gestopt na 120 s")


SLOW_PAGE = 1.2  # seconds the reader below spends on every page, under a limit of 2 s per step


def slow_pages_reader(job: Job) -> tuple[dict, list, list, list]:
    """Reads like the pipeline, but every PDF page takes SLOW_PAGE seconds (a slow OCR), and a letter
    named `...-hangt.pdf` never gets past page 3."""
    from raadsbrieven.ingest import pdf

    def slow(number: int) -> None:
        time.sleep(3600 if number == 3 and job.name.endswith("-hangt.pdf") else SLOW_PAGE)

    pdf._PAGE_LISTENERS.append(slow)
    try:
        return read_job(job)
    finally:
        pdf._PAGE_LISTENERS.remove(slow)


def test_the_time_limit_counts_from_the_last_page_so_a_long_letter_reads_on(tmp_path: Path) -> None:
    """A 4-page letter that takes ~5 s under a 2 s limit is stored (each page came within 2 s); the
    same letter stuck after page 3 is stopped and named with the page it reached."""
    source = shared_path("letters-extra/denhelder_besluitenlijst_raad_2015-06-29.pdf")
    folder = tmp_path / "map"
    folder.mkdir()
    shutil.copy(source, folder / "besluitenlijst.pdf")
    (folder / "besluitenlijst-hangt.pdf").write_bytes(source.read_bytes() + b"\n% een andere brief\n")
    store = Store(f"sqlite:///{tmp_path / 'pages.db'}")
    started = time.monotonic()
    limits, reader = Limits(seconds=2, memory=None), "tests.test_parallel:slow_pages_reader"
    report = ingest([folder], store, embed=False, limits=limits, reader=reader)
    took = time.monotonic() - started
    failed = {Path(o.path).name: o.message for o in report.failed}
    assert list(failed) == ["besluitenlijst-hangt.pdf"]
    assert failed["besluitenlijst-hangt.pdf"].startswith("gestopt na ")
    assert "na pagina 3 kwam het lezen 2 s niet verder" in failed["besluitenlijst-hangt.pdf"]
    assert [d.name for d in store.documents()] == ["besluitenlijst.pdf"]
    assert len(store.page_spans(store.documents()[0].id)) == 4
    assert took > 4 * SLOW_PAGE, "the stored letter took longer than its limit, and was not stopped"
    store.close()


def test_auto_starts_one_reader_per_core_within_the_files_and_the_memory() -> None:
    from raadsbrieven.parallel import auto_workers

    gib = 2**30
    assert auto_workers(1, cores=8, memory=32 * gib) == 1, "a single letter is read here"
    assert auto_workers(100, cores=2, memory=24 * gib) == 2
    assert auto_workers(3, cores=8, memory=32 * gib) == 3, "no more readers than files"
    assert auto_workers(100, cores=8, memory=3 * gib) == 3, "a reader per GiB of memory"
    assert auto_workers(100, cores=1, memory=24 * gib) == 1
    memory = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    assert auto_workers(100) == max(1, min(len(os.sched_getaffinity(0)), memory // gib))


def test_closing_the_local_readers_stops_a_letter_being_read_at_once(tmp_path: Path) -> None:
    """Ctrl-C (or any error) in the middle of a parallel ingest closes the readers: a letter that
    would hang for an hour is stopped at once, and no reader child is left."""
    import psutil

    from raadsbrieven.ingest.read import content_hash
    from raadsbrieven.parallel import LocalReaders

    before = {p.pid for p in psutil.Process().children(recursive=True)}
    limits, reader = Limits(seconds=3600, memory=None), "tests.test_parallel:troublesome_reader"
    readers = LocalReaders(2, limits, reader)
    readers.ready()
    data = LETTER.format(weeks=8).encode() + HANG
    name = "vastloper.txt"
    job = Job(str(tmp_path / name), name, name, data, content_hash(data), "x")
    hanging = readers.submit(job, key="vastloper")
    time.sleep(1)
    assert not hanging.done(), "the letter hangs"
    closing = threading.Thread(target=readers.close, daemon=True)
    closing.start()
    closing.join(10)
    if closing.is_alive():  # not to hang the test run for an hour: stop the child ourselves
        for guard in readers.guards:
            guard.stop()
    assert not closing.is_alive(), "close waited for the letter being read"
    assert hanging.done()
    left = [p for p in psutil.Process().children(recursive=True) if p.pid not in before]
    assert not [p.pid for p in left if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]


def test_ctrl_c_stops_a_parallel_ingest_at_once_and_keeps_what_was_stored(tmp_path: Path) -> None:
    """Ctrl-C in `raadsbrieven ingest` of the 100 real letters: the command ends within seconds
    (not when the letters being read are done), says in Dutch what the store holds, and leaves
    no reader process behind."""
    import psutil

    folder = shared_path("letters-more")
    db = tmp_path / "ctrl-c.db"
    cmd = [sys.executable, "-m", "raadsbrieven", "ingest", str(folder), "--db", str(db), "--no-embed"]
    cmd += ["--quiet", "--workers", "2"]
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as in a terminal
    )
    import sqlite3

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # until a letter is stored (the whole run takes ~30 s or more)
        time.sleep(0.5)
        try:
            with contextlib.closing(sqlite3.connect(db, timeout=1)) as conn:
                if conn.execute("select count(*) from documents").fetchone()[0]:
                    break
        except sqlite3.Error:  # not created yet, or busy storing
            continue
    children = psutil.Process(proc.pid).children(recursive=True)  # the readers and their Tesseracts
    readers = [p for p in children if "raadsbrieven.guarded" in " ".join(p.cmdline())]
    assert len(readers) == 2, "two reader processes"
    started = time.monotonic()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert time.monotonic() - started < 10, "it waited for the letters being read"
    assert proc.returncode == 1
    assert "Traceback" not in err
    assert "Afgebroken (Ctrl-C). De opslag" in err and "blijft bewaard" in err
    stored = Store(f"sqlite:///{db}")
    held = len(stored.documents())
    stored.close()
    assert 0 < held < 100
    said = re.search(r"bevat nu (\d+) brie(?:f|ven)", err)
    assert said and int(said.group(1)) == held, err
    time.sleep(1)
    assert not [p.pid for p in children if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
