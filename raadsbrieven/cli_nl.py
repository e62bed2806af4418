"""The CLI's Dutch for what the pipeline reports in English: statuses, notes and reasons.

The library keeps English reasons (for logs and tests across layers); the CLI and the app show
them in Dutch. Reader reasons are translated by `ingest/reasons.py`; this module adds the
pipeline's statuses and its notes on moved and duplicate letters, the `Fout:` of an error, and
click's own words in the help (`Gebruik:`, `Opties`, `Opdrachten`).
"""

from __future__ import annotations

import re
import sys
from typing import Any

import click

from raadsbrieven.ingest.reasons import dutch_reason

__all__ = [
    "db_option",
    "STATUS_NL",
    "TABLE_HEADERS",
    "DutchCommand",
    "DutchGroup",
    "Fout",
    "dutch_note",
    "dutch_reason",
    "ingest_summary",
]

STATUS_NL = {
    "stored": "opgeslagen",
    "replaced": "vervangen",
    "updated": "opnieuw gelezen",
    "moved": "verplaatst",
    "duplicate": "dubbel",
    "unchanged": "ongewijzigd",
    "failed": "mislukt",
}
# Column headers of the text tables (jsonl, csv and xlsx keep the contract's field names).
TABLE_HEADERS = {
    "doc": "brief",
    "page": "pagina",
    "kind": "soort",
    "text": "tekst",
    "low": "laag",
    "high": "hoog",
    "unit": "eenheid",
    "period": "periode",
    "org": "organisatie",
    "place": "plaats",
    "sentence": "zin",
    "before": "zin ervoor",
    "after": "zin erna",
    "rank": "rang",
    "doc_date": "briefdatum",
    "facts": "feiten",
    "name": "naam",
    "date": "datum",
    "doc_type": "soort brief",
    "page_count": "pagina's",
    "municipality": "gemeente",
    "title": "titel",
    "points": "punten",
    "values": "waarden",
    "direction": "richting",
    "from_doc": "van brief",
    "to_doc": "naar brief",
    "confidence": "zekerheid",
    "evidence": "bewijs",
    "seq": "nr",
    "number": "nummer",
    "who": "wie",
    "what": "wat",
    "list_row": "rij op lijst",
    "list_number": "nummer op lijst",
    "message": "toelichting",
}
_NOTES = [
    (r"was stored from (.+)", "stond opgeslagen vanuit {0}"),
    (
        r"the same content is stored already as (.+?) \(from (.+?)\)"
        r"; the older version stored from this path \((.+)\) is removed",
        "dezelfde inhoud staat al opgeslagen als {0} (uit {1}); "
        "de oudere versie van dit pad ({2}) is verwijderd",
    ),
    (
        r"the same content is stored already as (.+?) \(from (.+)\)",
        "dezelfde inhoud staat al opgeslagen als {0} (uit {1})",
    ),
]


class DutchFormatter(click.HelpFormatter):
    """Help in Dutch: `Gebruik:`, `Opties`, `Opdrachten` (click writes them in English)."""

    SECTIONS = {"Options": "Opties", "Commands": "Opdrachten", "Arguments": "Argumenten"}

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "Gebruik: " if prefix is None else prefix)

    def section(self, name: str) -> Any:
        return super().section(self.SECTIONS.get(name, name))


class DutchContext(click.Context):
    formatter_class = DutchFormatter


# click's own messages for a wrong command line, in Dutch (others are passed on as they are)
_CLICK_MESSAGES = [
    (r"Invalid value for (.+?): (.*)", "Ongeldige waarde voor {0}: {1}"),
    (r"No such option '(.+)'\.", "Onbekende optie '{0}'."),
    (r"No such option: (.+)", "Onbekende optie: {0}"),
    (r"No such command '(.+)'\.", "Onbekende opdracht '{0}'."),
    (r"Missing argument '(.+)'\.", "Argument '{0}' ontbreekt."),
    (r"Missing option '(.+)'\.", "Optie '{0}' ontbreekt."),
    (r"Option '(.+)' requires an argument\.", "Optie '{0}' heeft een waarde nodig."),
    (r"Got unexpected extra arguments? \((.+)\)", "Onverwachte extra argumenten ({0})"),
    (r"'(.+)' is not one of (.+)\.", "'{0}' is geen van {1}."),
    (r"(.+) is not in the range (.+)\.", "{0} ligt niet in het bereik {1}."),
    (r"'(.+)' is not a valid integer\.", "'{0}' is geen geheel getal."),
    (r"\(Possible options: (.+)\)", "(mogelijke opties: {0})"),
]


def dutch_click_message(message: str) -> str:
    """A message of click about the command line in Dutch, part by part (line by line)."""
    out = []
    for line in message.split("\n"):
        suggestion = re.search(r" Did you mean (.+)\?$", line)  # "No such command 'x'. Did you mean 'y'?"
        if suggestion:
            line = line[: suggestion.start()]
        for pattern, dutch in _CLICK_MESSAGES:
            m = re.fullmatch(pattern, line, re.S)
            if m:
                line = dutch.format(*(dutch_click_message(g) for g in m.groups()))
                break
        out.append(line + (f" Bedoelt u {suggestion.group(1)}?" if suggestion else ""))
    return "\n".join(out)


class DutchUsageError(click.UsageError):
    """A wrong command line, shown in Dutch: the usage, where to find help, and `Fout: ...`."""

    def show(self, file: Any = None) -> None:
        if self.ctx is not None:
            click.echo(self.ctx.get_usage(), err=True)
            click.echo(f"Zie '{self.ctx.command_path} --help' voor hulp.\n", err=True)
        click.echo(f"Fout: {dutch_click_message(self.format_message())}", err=True)


def _dutch_error(exc: click.UsageError) -> click.UsageError:
    if isinstance(exc, DutchUsageError) or type(exc).__name__ == "NoArgsIsHelpError":
        return exc  # already Dutch, or click showing the help itself
    return DutchUsageError(exc.format_message(), exc.ctx)


class _Dutch:
    """The help option in Dutch, a Dutch formatter for the help, and Dutch command-line errors."""

    context_class = DutchContext

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)  # type: ignore[misc]
        except click.UsageError as exc:
            raise _dutch_error(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)  # type: ignore[misc]
        except click.UsageError as exc:
            raise _dutch_error(exc) from None

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = "Toon deze hulp en stop."
        return option


class DutchCommand(_Dutch, click.Command):
    """A command whose help reads Dutch throughout."""


class DutchGroup(_Dutch, click.Group):
    """A group whose help, and its commands' and subgroups' help, reads Dutch throughout."""

    command_class = DutchCommand
    group_class = type  # subgroups are DutchGroups too


class Fout(click.ClickException):
    """An error for the user, printed as `Fout: ...` (click itself says `Error:`)."""

    def show(self, file: Any = None) -> None:
        click.echo(f"Fout: {self.format_message()}", err=True)


def dutch_note(message: str) -> str:
    """The pipeline's note on a moved or duplicate letter, in Dutch."""
    for pattern, dutch in _NOTES:
        m = re.fullmatch(pattern, message, re.S)
        if m:
            return dutch.format(*m.groups())
    return message


def ingest_summary(report: Any) -> str:
    """`5 opgeslagen, 1 mislukt`: how many files ended how (pipeline.IngestReport)."""
    counts: dict[str, int] = {}
    for outcome in report.outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    parts = [f"{counts[s]} {dutch}" for s, dutch in STATUS_NL.items() if counts.get(s)]
    return ", ".join(parts) or "geen bestanden"


# The --db option every command that opens the store shares (cli.py and cli_register.py).
db_option = click.option(
    "--db",
    "db",
    envvar="RAADSBRIEVEN_DB",
    default=None,
    help="Database-URL of SQLite-bestand (standaard: $RAADSBRIEVEN_DB, anders raadsbrieven.db hier).",
)


def store_holds(store: Any) -> str:
    """`De opslag (URL) bevat nu 5 brieven, 60 pagina's, 2.934 zinnen en 320 feiten.`"""
    from raadsbrieven.nl.format import count_text

    counts = store.counts()
    held = ", ".join(
        count_text(counts[key], one, many)
        for key, one, many in (
            ("documents", "brief", "brieven"),
            ("pages", "pagina", "pagina's"),
            ("sentences", "zin", "zinnen"),
        )
    )
    return f"De opslag ({store.url}) bevat nu {held} en {count_text(counts['facts'], 'feit', 'feiten')}."


class StageBars:
    """Progress bars on stderr for a pipeline's stages (`on_progress` of `pipeline.ingest`), one at a
    time; a failed file is named without tearing the bar. `labels`: stage -> (description, unit)."""

    def __init__(self, labels: dict[str, tuple[str, str]], quiet: bool) -> None:
        self.labels, self.quiet = labels, quiet
        self.bars: dict[str, Any] = {}

    def __call__(self, stage: str, done: int, total: int | None, outcome: Any) -> None:
        if not self.quiet:
            from tqdm import tqdm

            for other in [s for s in self.bars if s != stage]:
                self.bars.pop(other).close()
            if stage not in self.bars:
                desc, unit = self.labels[stage]
                self.bars[stage] = tqdm(total=total, unit=unit, desc=desc, file=sys.stderr, leave=False)
            bar = self.bars[stage]
            bar.update(done - bar.n)
        if outcome is not None and outcome.status == "failed":
            self.echo(f"Fout: {outcome.path}: {dutch_reason(outcome.message)}")

    def echo(self, message: str) -> None:
        """A message on stderr that does not tear the reading stage's bar."""
        bar = self.bars.get("read")
        bar.write(message, file=sys.stderr) if bar is not None else click.echo(message, err=True)

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()
        self.bars.clear()
