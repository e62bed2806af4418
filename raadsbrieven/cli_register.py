"""`raadsbrieven register import|compare` (the griffie's own list) and `raadsbrieven signalen` (alerts).

Attached to the main group by `attach(main)` at the end of `raadsbrieven/cli.py`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from raadsbrieven.cli_nl import DutchCommand, DutchGroup, Fout, db_option
from raadsbrieven.export import FORMATS

out_option = click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False),
    default=None,
    help="Schrijf naar dit bestand in plaats van naar het scherm.",
)
format_option = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True, help="Uitvoerformaat."
)


def _check_date(_ctx: Any, _param: Any, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is geen datum; schrijf JJJJ-MM-DD") from None


def _store(db: str | None):  # noqa: ANN202
    from raadsbrieven.cli import open_store

    return open_store(db)


def _entries(store: Any, today: str | None) -> list:
    """The register as `raadsbrieven toezeggingen` gives it: fulfilment across letters and decisions."""
    from raadsbrieven.registers import register_of

    return register_of(store, today or date.today().isoformat())


@click.group(cls=DutchGroup)
def register() -> None:
    """De eigen toezeggingenlijst van de griffie: lees hem in en vergelijk hem met wat de brieven zeggen.

    Voorbeeld: raadsbrieven register import toezeggingenlijst.xlsx && raadsbrieven register compare
    """


@register.command("import")
@click.argument("path", type=click.Path(dir_okay=False))
@db_option
@click.option(
    "--map",
    "mapping",
    multiple=True,
    help="VELD=KOLOM als de kop niet herkend wordt, bv. --map Toezegging=Omschrijving (herhaalbaar; "
    "velden: Nummer, Toezegging, Portefeuillehouder, Datum, Deadline, Status, Beleidsveld, Toelichting).",
)
def import_cmd(path: str, db: str | None, mapping: tuple[str, ...]) -> None:
    """Lees een toezeggingenlijst in (XLSX of CSV: een export uit iBabs of Notubiz, of een eigen Excel-lijst).

    De kolommen worden gevonden aan hun Nederlandse namen (Nummer, Toezegging/Omschrijving,
    Portefeuillehouder/Wethouder, Datum, Deadline/Termijn, Status, Beleidsveld), ook onder een
    titelregel; --map noemt de kolommen die niet herkend worden. Eén lijst per bestandsnaam:
    hetzelfde bestand opnieuw inlezen vervangt de lijst.

    Voorbeeld: raadsbrieven register import toezeggingenlijst.xlsx --map "Toezegging=Omschrijving"
    """
    from raadsbrieven.registers.griffie import RegisterFileError, parse_mapping, read_register

    try:
        result = read_register(path, parse_mapping(mapping))
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    except RegisterFileError as exc:
        raise Fout(exc.dutch) from None
    store = _store(db)
    replaced = any(x["name"] == result.name for x in store.griffie_lists())
    store.save_griffie_list(
        result.name, [r.to_dict() for r in result.rows], result.columns, str(Path(path).resolve())
    )
    click.echo(_import_summary(result))
    statuses: dict[str, int] = {}
    for r in result.rows:
        statuses[r.status or "onbekend"] = statuses.get(r.status or "onbekend", 0) + 1
    click.echo("Status: " + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items())))
    unknown = sorted({r.status_text for r in result.rows if r.status_text and not r.status})
    if unknown:
        click.echo(f"Niet begrepen statussen (vergeleken als onbekend): {', '.join(unknown)}")
    verb = "De lijst vervangen:" if replaced else "Opgeslagen als lijst"
    click.echo(f"{verb} {result.name!r} in {store.url}.")


def _import_summary(result: Any) -> str:
    """What was read from the list, in Dutch (registers.griffie.ImportResult)."""
    from raadsbrieven.registers.griffie import LABELS

    used = ", ".join(f"{LABELS[f]} = '{h}'" for f, h in result.columns.items())
    text = f"{result.name}: {len(result.rows)} toezeggingen ingelezen "
    text += f"(kopregel op regel {result.header_row}; {used})"
    if result.ignored:
        text += f"; niet gebruikte kolommen: {', '.join(result.ignored)}"
    if result.skipped:
        text += f"; {result.skipped} regels zonder Toezegging of Nummer overgeslagen"
    return text + "."


COMPARE_TABLE = ["kind", "list_row", "list_number", "number", "message"]


@register.command("compare")
@db_option
@click.option("--list", "list_name", default=None, help="Alleen deze ingelezen lijst (de bestandsnaam).")
@click.option(
    "--today",
    default=None,
    callback=_check_date,
    help="Beoordeel de deadlines van het register op deze datum (standaard: vandaag).",
)
@click.option(
    "--since",
    default=None,
    callback=_check_date,
    help="Toezeggingen alleen in de brieven: uit brieven van op of na deze dag (de periode van de lijst).",
)
@click.option("--all", "show_all", is_flag=True, help="Ook de regels waarin lijst en brieven het eens zijn.")
@format_option
@out_option
def compare_cmd(
    db: str | None,
    list_name: str | None,
    today: str | None,
    since: str | None,
    show_all: bool,
    fmt: str,
    out: str | None,
) -> None:
    """Vergelijk de ingelezen lijst met het register dat de brieven maken.

    Toont wat de brieven laten zien en de lijst niet ("alleen in brieven"), wat de lijst heeft en
    geen brief noemt ("alleen op lijst"), en waar de status verschilt ("lijst: open — brief van
    10 juni 2025: afgedaan"). Regels worden eerst op nummer gekoppeld, dan op wat de toezegging zegt.

    Voorbeeld: raadsbrieven register compare --format xlsx --out verschillen.xlsx
    """
    from raadsbrieven.cli import emit
    from raadsbrieven.registers.griffie import COMPARE_COLUMNS, compare, entry_context, rows_from_store

    store = _store(db)
    lists = store.griffie_lists()
    if not lists:
        raise Fout("Nog geen toezeggingenlijst ingelezen; gebruik `raadsbrieven register import BESTAND`.")
    names = [x["name"] for x in lists]
    if list_name is not None and list_name not in names:
        raise Fout(f"Geen ingelezen lijst met de naam {list_name!r} (lijsten: {', '.join(names)}).")
    entries = _entries(store, today)
    context = entry_context(store, entries)
    rows: list[dict[str, Any]] = []
    for name in [list_name] if list_name else names:
        stored = rows_from_store(store.griffie_rows(name))
        diffs = compare(stored, entries, name, include_same=show_all, context=context, since=since)
        rows += [d.to_dict() for d in diffs]
    emit(rows, fmt, out, list(COMPARE_COLUMNS), COMPARE_TABLE, COMPARE_COLUMNS if fmt == "xlsx" else None)
    if fmt == "table":
        counts: dict[str, int] = {}
        for r in rows:
            counts[r["kind"]] = counts.get(r["kind"], 0) + 1
        summary = ", ".join(f"{n} {k}" for k, n in counts.items()) or "geen verschillen"
        click.echo(f"{summary} ({len(entries)} toezeggingen in de brieven).", err=True)


@click.command("signalen", cls=DutchCommand)
@db_option
@click.option(
    "--today",
    default=None,
    callback=_check_date,
    help="De dag om op te beoordelen (JJJJ-MM-DD; standaard: vandaag).",
)
@click.option(
    "--within",
    type=click.IntRange(0, 3650),
    default=14,
    show_default=True,
    help="Signaleer open deadlines binnen N dagen.",
)
@click.option(
    "--since",
    default=None,
    callback=_check_date,
    help="Nieuw en afgedaan: brieven vanaf deze dag (standaard: 90 dagen voor --today).",
)
@click.option("--rss", "rss", type=click.Path(dir_okay=False), default=None, help="Schrijf een RSS 2.0-feed.")
@click.option("--atom", "atom", type=click.Path(dir_okay=False), default=None, help="Schrijf een Atom-feed.")
@click.option(
    "--ics",
    "ics",
    type=click.Path(dir_okay=False),
    default=None,
    help="Schrijf de open deadlines als ICS (agenda).",
)
@click.option(
    "--base-url",
    default="http://localhost:8501",
    show_default=True,
    help="Het adres van de app, voor de links in de feeds.",
)
@format_option
@out_option
def signalen(
    db: str | None,
    today: str | None,
    within: int,
    since: str | None,
    rss: str | None,
    atom: str | None,
    ics: str | None,
    base_url: str,
    fmt: str,
    out: str | None,
) -> None:
    """Signalen over toezeggingen: nieuw, pas afgedaan, verlopen, en binnen N dagen aan de beurt.

    Met --rss/--atom worden de signalen een feed (elk bericht met titel, link naar de brief bij zijn
    zin, guid, datum en een beschrijving die de brief noemt en de zin citeert); met --ics wordt elke
    open deadline een afspraak voor de hele dag (UID vast per toezegging), om in Outlook op te
    abonneren als het bestand in een gedeelde map of op een webserver staat.

    Voorbeeld: raadsbrieven signalen --within 30 --rss signalen.xml --ics deadlines.ics
    """
    from raadsbrieven.cli import emit
    from raadsbrieven.registers.signals import SIGNAL_COLUMNS, atom_xml, ics_text, rss_xml
    from raadsbrieven.registers.signals import signals as make_signals

    store = _store(db)
    day = today or date.today().isoformat()
    entries = _entries(store, day)
    items = make_signals(entries, day, within, since)
    rows = [s.to_dict() for s in items]
    headers = SIGNAL_COLUMNS if fmt == "xlsx" else None
    emit(
        rows,
        fmt,
        out,
        list(SIGNAL_COLUMNS),
        ["date", "kind", "number", "deadline", "who", "what", "doc"],
        headers,
    )
    for path, text, what in (
        (rss, lambda: rss_xml(items, base_url, today=day), f"{len(items)} berichten (RSS 2.0)"),
        (atom, lambda: atom_xml(items, base_url, today=day), f"{len(items)} berichten (Atom)"),
        (ics, lambda: ics_text(entries, base_url, today=day), "de open deadlines (ICS)"),
    ):
        if path:
            Path(path).write_text(text(), encoding="utf-8", newline="")
            click.echo(f"{what} geschreven naar {path}", err=True)


def attach(main: click.Group) -> None:
    """Add `register` and `signalen` to the main command group."""
    main.add_command(register)
    main.add_command(signalen)
