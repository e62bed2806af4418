"""The CLI's Dutch for what the pipeline reports in English: statuses, notes and reasons.

The library keeps English reasons (for logs and tests across layers); the CLI and the app show
them in Dutch. Reader reasons are translated by `ingest/reasons.py`; this module adds the
pipeline's statuses and its notes on moved and duplicate letters, the `Fout:` of an error, and
click's own words in the help (`Gebruik:`, `Opties`, `Opdrachten`).
"""

from __future__ import annotations

import re
from typing import Any

import click

from raadsbrieven.ingest.reasons import dutch_reason

__all__ = ["STATUS_NL", "DutchCommand", "DutchGroup", "Fout", "dutch_note", "dutch_reason", "ingest_summary"]

STATUS_NL = {
    "stored": "opgeslagen",
    "replaced": "vervangen",
    "updated": "opnieuw gelezen",
    "moved": "verplaatst",
    "duplicate": "dubbel",
    "unchanged": "ongewijzigd",
    "failed": "mislukt",
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


class _Dutch:
    """The help option in Dutch, and a Dutch formatter for the command's help."""

    context_class = DutchContext

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
