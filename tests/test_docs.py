"""The README documents every command, every Fact field, every extractor kind and the live schema."""

from __future__ import annotations

import re

from raadsbrieven.cli import main
from raadsbrieven.model import CONTRACT_FIELDS, KINDS
from tests.readme_schema import README, render

TEXT = README.read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands() -> None:
    first_block = re.search(r"```bash\n(.*?)```", TEXT, re.S).group(1)
    assert first_block.splitlines()[0].startswith("make run")
    assert first_block.splitlines()[1].startswith("make test")
    ci = (README.parent / ".ci" / "run").read_text()
    assert "make test" in ci


def test_every_command_is_documented() -> None:
    for name, command in main.commands.items():
        assert f"raadsbrieven {name}" in TEXT, name
        assert command.help and "Voorbeeld:" in command.help, name


def test_every_fact_field_and_kind_is_documented() -> None:
    table = TEXT.split("## The facts contract", 1)[1].split("\n## ", 1)[0]
    for field in CONTRACT_FIELDS:
        assert re.search(rf"^\| [^|]*\b{field}\b", table, re.M), field
    for kind in KINDS:
        assert f"`{kind}`" in table, kind


def test_schema_section_is_current() -> None:
    assert render(TEXT) == TEXT, "run `make docs` to regenerate the schema section"
