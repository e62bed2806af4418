"""A stored letter is known by where it came from and by its content (SQLite and PostgreSQL).

Letters downloaded from council sites are very often all called brief.pdf: two different letters
with one name are two letters; the same bytes under a second name are stored once; a changed file
replaces its own older version only. A crash mid-ingest leaves whole letters or none.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, func, select

from raadsbrieven.pipeline import ingest
from raadsbrieven.store import Store
from raadsbrieven.store import schema as tables
from tests.conftest import CORPUS

LETTER = "Geachte leden van de raad,\n\nDe gemiddelde wachttijd voor jeugdhulp is {weeks} weken.\n"


def _write(path: Path, weeks: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(LETTER.format(weeks=weeks), encoding="utf-8")
    return path


def _statuses(report) -> list[str]:  # noqa: ANN001
    return [o.status for o in report.outcomes]


def test_two_folders_each_with_a_different_brief_are_two_letters(store: Store, tmp_path: Path) -> None:
    a = _write(tmp_path / "utrecht" / "brief.txt", 12)
    b = _write(tmp_path / "amsterdam" / "brief.txt", 16)
    report = ingest([a, b], store, embed=False)
    assert _statuses(report) == ["stored", "stored"]
    docs = store.documents()
    assert sorted(d.name for d in docs) == ["brief.txt", "brief.txt"]
    assert {d.path for d in docs} == {str(a.resolve()), str(b.resolve())}
    weeks = sorted(f.high for f in store.facts(["duration"]))
    assert weeks == [12, 16], "neither letter replaced the other"
    assert len({f.id for f in store.facts()}) == len(store.facts()), "fact ids stay unique"


def test_the_same_file_twice_is_unchanged(store: Store, tmp_path: Path) -> None:
    a = _write(tmp_path / "brief.txt", 12)
    assert _statuses(ingest([a], store, embed=False)) == ["stored"]
    before = store.counts()
    assert _statuses(ingest([a], store, embed=False)) == ["unchanged"]
    assert store.counts() == before


def test_changed_content_at_the_same_path_replaces_it(store: Store, tmp_path: Path) -> None:
    a = _write(tmp_path / "brief.txt", 12)
    other = _write(tmp_path / "elders" / "brief.txt", 20)
    ingest([a, other], store, embed=False)
    _write(a, 16)
    assert _statuses(ingest([a], store, embed=False)) == ["replaced"]
    assert sorted(f.high for f in store.facts(["duration"])) == [16, 20], "the other brief.txt stays"
    assert len(store.documents()) == 2


def test_the_same_content_under_a_second_name_is_stored_once(store: Store, tmp_path: Path) -> None:
    a = _write(tmp_path / "brief.txt", 12)
    copy = _write(tmp_path / "downloads" / "raadsinformatiebrief.txt", 12)
    ingest([a], store, embed=False)
    report = ingest([copy], store, embed=False)
    assert _statuses(report) == ["duplicate"]
    outcome = report.outcomes[0]
    assert "brief.txt" in outcome.message and str(a.resolve()) in outcome.message
    assert outcome.document_id == store.documents()[0].id
    assert len(store.documents()) == 1 and len(store.facts(["duration"])) == 1


def test_a_letter_whose_folder_moved_is_found_again(store: Store, tmp_path: Path) -> None:
    old = _write(tmp_path / "oud" / "brief.txt", 12)
    ingest([old], store, embed=False)
    new = tmp_path / "nieuw" / "brief.txt"
    new.parent.mkdir()
    old.rename(new)
    report = ingest([new], store, embed=False)
    assert _statuses(report) == ["moved"] and str(old.resolve()) in report.outcomes[0].message
    assert [d.path for d in store.documents()] == [str(new.resolve())]
    assert _statuses(ingest([new], store, embed=False)) == ["unchanged"]


def test_uploads_have_their_own_identity(store: Store, tmp_path: Path) -> None:
    data = LETTER.format(weeks=12).encode()
    assert _statuses(ingest([("brief.txt", data)], store, embed=False)) == ["stored"]
    assert _statuses(ingest([("brief.txt", data)], store, embed=False)) == ["unchanged"]
    newer = LETTER.format(weeks=14).encode()
    assert _statuses(ingest([("brief.txt", newer)], store, embed=False)) == ["replaced"]
    on_disk = tmp_path / "brief.txt"
    on_disk.write_bytes(newer)
    assert _statuses(ingest([on_disk], store, embed=False)) == ["duplicate"]
    assert [d.path for d in store.documents()] == ["upload:brief.txt"]


def test_a_store_made_before_identity_is_migrated_in_place(tmp_path: Path) -> None:
    """An older store had documents.name UNIQUE: it opens, keeps its letters, and takes a second brief."""
    db = tmp_path / "oud.db"
    engine = create_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "CREATE TABLE documents (id INTEGER PRIMARY KEY, name VARCHAR(255) NOT NULL UNIQUE, path TEXT, "
            "content_hash VARCHAR(64) NOT NULL, format VARCHAR(16) NOT NULL, encoding VARCHAR(32), "
            "title TEXT, doc_type VARCHAR(64), date VARCHAR(10), date_basis TEXT, kenmerk VARCHAR(64), "
            "municipality VARCHAR(64), source TEXT, page_count INTEGER, text TEXT NOT NULL, warnings TEXT, "
            "ingested_at VARCHAR(32))"
        )
        conn.exec_driver_sql(
            "INSERT INTO documents (name, path, content_hash, format, text) "
            "VALUES ('brief.txt', 'brieven/brief.txt', 'abc', 'txt', 'Oude brief.')"
        )
    engine.dispose()
    store = Store(f"sqlite:///{db}")
    assert [d.name for d in store.documents()] == ["brief.txt"]
    report = ingest([_write(tmp_path / "nieuw" / "brief.txt", 9)], store, embed=False)
    assert _statuses(report) == ["stored"]
    assert sorted(d.text for d in store.documents())[1] == "Oude brief."
    store.close()


def test_killed_mid_ingest_leaves_whole_letters_and_a_rerun_completes(db_url: str, tmp_path: Path) -> None:
    """kill -9 during an ingest: every stored letter has all its pages and sentences (one transaction
    per letter), and running the same command again stores the rest."""
    folder = tmp_path / "brieven"
    for i in range(30):
        text = (CORPUS / "000_46cd106d7926f80d.txt").read_text(encoding="utf-8")
        (folder / f"{i:02d}").mkdir(parents=True)
        (folder / f"{i:02d}" / "brief.txt").write_text(f"Brief nummer {i}.\n\n{text}", encoding="utf-8")
    cmd = [sys.executable, "-m", "raadsbrieven", "ingest", str(folder), "--db", db_url, "--quiet"]
    cmd.append("--no-embed")
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    engine = create_engine(db_url)
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        try:
            with engine.connect() as conn:
                stored = conn.execute(select(func.count()).select_from(tables.processed)).scalar_one()
        except Exception:  # the tables may not exist yet
            stored = 0
        if stored >= 3:
            break
    assert proc.poll() is None, "the ingest finished before it could be killed: give it more letters"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    with engine.connect() as conn:
        docs = conn.execute(select(tables.documents.c.id)).scalars().all()
        for doc_id in docs:
            sentences = conn.execute(
                select(func.count())
                .select_from(tables.sentences)
                .where(tables.sentences.c.document_id == doc_id)
            ).scalar_one()
            done = conn.execute(
                select(func.count())
                .select_from(tables.processed)
                .where(tables.processed.c.document_id == doc_id)
            ).scalar_one()
            assert sentences > 100 and done == 1, f"letter {doc_id} is half stored"
    engine.dispose()
    assert 3 <= len(docs) < 30
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{30 - len(docs)} opgeslagen, {len(docs)} ongewijzigd." in rerun.stdout
