"""Shared fixtures: stores on SQLite and PostgreSQL, generated letters, the ingested corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"


def shared_path(relative: str) -> Path:
    """A file of ../shared (always beside the project on CI): skipped without it here, failed on CI."""
    path = SHARED / relative
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing, and CI must have ../shared beside the project")
        pytest.skip(f"{path} is not beside the project")
    return path


# The app's background embedding job (raadsbrieven/ui/background.py) stays off in tests: they bring
# their own vectors, and a model running beside the suite would only slow it down.
os.environ.setdefault("RAADSBRIEVEN_BACKGROUND_EMBED", "0")

PG_URL = os.environ.get("RAADSBRIEVEN_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _pg_available() -> bool:
    try:
        from sqlalchemy import create_engine, text

        engine = create_engine(PG_URL)
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        return True
    except Exception:
        return False


PG_OK = _pg_available()


def _fresh_pg() -> str:
    from sqlalchemy import create_engine

    from raadsbrieven.store.schema import metadata

    engine = create_engine(PG_URL)
    metadata.drop_all(engine)
    engine.dispose()
    return PG_URL


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database URL: every test using it runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    if not PG_OK:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is not reachable at {PG_URL}, and CI must test it")
        pytest.skip("PostgreSQL not reachable")
    return _fresh_pg()


@pytest.fixture
def store(db_url: str):
    from raadsbrieven.store import Store

    s = Store(db_url)
    yield s
    s.close()


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The bundled corpus, ingested once per test session (SQLite)."""
    from raadsbrieven.pipeline import ingest
    from raadsbrieven.store import Store

    url = f"sqlite:///{tmp_path_factory.mktemp('corpus') / 'corpus.db'}"
    s = Store(url)
    report = ingest([CORPUS], s, embed=False)
    assert not report.failed, [o.message for o in report.failed]
    s.close()
    return url


@pytest.fixture(scope="session")
def letters(tmp_path_factory: pytest.TempPathFactory):
    """Twelve generated council-letter PDFs with what was put in them."""
    from tests.letters import build_corpus

    return build_corpus(tmp_path_factory.mktemp("letters"), 12, seed=11)
