"""Shared fixtures: stores on SQLite and PostgreSQL, generated letters, the ingested corpus."""

from __future__ import annotations

import atexit
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

PG_SERVER_URL = os.environ.get("RAADSBRIEVEN_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
# Each test run has databases of its own (suffix: this process), dropped when it ends: two runs at
# once (a developer's and CI's) never drop each other's tables in the middle of a test.
RUN = f"rb_run_{os.getpid()}"
RUN_ENV = "RAADSBRIEVEN_TEST_PG_RUN"


def _drop_databases(server_url: str, names: list[str]) -> None:
    from sqlalchemy import create_engine, text

    try:
        engine = create_engine(server_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            for name in names:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()
    except Exception:  # the server went away first: nothing is left to clean
        pass


_OWN: set[tuple[str, str]] = set()  # (server, database) created by this run


def own_database(server_url: str, name: str) -> str:
    """URL of database `name` (created if missing) on the server of `server_url`, dropped at exit."""
    from sqlalchemy import create_engine, make_url, text

    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    if (server_url, name) in _OWN:
        return url
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first() is None:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    _OWN.add((server_url, name))
    atexit.register(_drop_databases, server_url, [name])
    return url


def _run_pg_url() -> str:
    """This run's own database on the test server; the server's own database when we may not create one.
    Processes the run starts (readers, workers, servers) inherit it through the environment: only
    the run itself creates and drops it."""
    inherited = os.environ.get(RUN_ENV)
    if inherited:
        return inherited
    try:
        url = own_database(PG_SERVER_URL, RUN)
    except Exception:
        return PG_SERVER_URL
    os.environ[RUN_ENV] = url
    return url


PG_URL = _run_pg_url()


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


def fresh_url(backend: str, folder: Path, name: str = "test.db") -> str:
    """A fresh, empty database URL on `backend` ("sqlite": a file in `folder`; "postgresql": the test
    server, emptied), skipping when PostgreSQL is not reachable (failing on CI, which must test it)."""
    if backend == "sqlite":
        return f"sqlite:///{folder / name}"
    if not PG_OK:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is not reachable at {PG_URL}, and CI must test it")
        pytest.skip("PostgreSQL not reachable")
    return _fresh_pg()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database URL: every test using it runs on SQLite and on PostgreSQL."""
    return fresh_url(request.param, tmp_path)


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


# PostgreSQL with pgvector (issue #17): $RAADSBRIEVEN_TEST_PGVECTOR, else a server of our own from
# `pgserver` (PostgreSQL 16 with pgvector, from PyPI). As root, pgserver runs the server as a system
# user `pgserver` it creates (PostgreSQL refuses to run as root).
PGVECTOR_URL = os.environ.get("RAADSBRIEVEN_TEST_PGVECTOR")
PGSERVER_DATA = Path(os.environ.get("RAADSBRIEVEN_PGSERVER_DATA", "/tmp/raadsbrieven-pgserver"))


def start_pgserver(data: Path, database: str) -> str:
    """A SQLAlchemy URL to `database` on a pgserver in `data` (started, or joined when running)."""
    import warnings

    with warnings.catch_warnings():  # platformdirs warns when XDG_RUNTIME_DIR is unset
        warnings.simplefilter("ignore")
        import pgserver

        server = pgserver.get_server(data, cleanup_mode="stop")
    if database not in server.psql(f"SELECT datname FROM pg_database WHERE datname = '{database}'"):
        server.psql(f"CREATE DATABASE {database}")
    socket_dir = server.get_postmaster_info().socket_dir
    return f"postgresql+psycopg://postgres@/{database}?host={socket_dir}"


@pytest.fixture(scope="session")
def pgvector_server() -> str:
    """URL of an empty-able database on a PostgreSQL server that has pgvector."""
    if PGVECTOR_URL:
        return PGVECTOR_URL
    try:
        return start_pgserver(PGSERVER_DATA, "rb_tests")
    except Exception as exc:  # no pgserver wheel for this platform, no useradd, ...
        if os.environ.get("CI"):
            pytest.fail(f"no PostgreSQL with pgvector: pgserver did not start ({exc})")
        pytest.skip(f"no PostgreSQL with pgvector: pgserver did not start ({exc})")


def fresh_pgvector_database(server_url: str, name: str) -> str:
    """This run's database `name` on the server of `server_url`, every store table dropped."""
    from sqlalchemy import create_engine

    from raadsbrieven.store import pg_search
    from raadsbrieven.store.schema import metadata

    url = own_database(server_url, f"{name}_{os.getpid()}")
    engine = create_engine(url)
    pg_search.drop(engine)
    metadata.drop_all(engine)
    engine.dispose()
    return url


@pytest.fixture
def pgvector_url(pgvector_server: str) -> str:
    """A fresh, empty database on a server with pgvector: every table of the store dropped first."""
    return fresh_pgvector_database(pgvector_server, "rb_tests_fresh")
