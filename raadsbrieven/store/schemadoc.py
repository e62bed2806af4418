"""The schema as Markdown, generated from the SQLAlchemy metadata (the README embeds it)."""

from __future__ import annotations

from raadsbrieven.store.schema import metadata


def schema_markdown() -> str:

    parts = []
    for table in metadata.sorted_tables:
        parts.append(f"### `{table.name}`\n\n{table.comment or ''}\n")
        parts.append("| column | type | meaning |\n| --- | --- | --- |")
        for col in table.columns:
            parts.append(f"| {col.name} | {col.type} | {col.comment or ''} |")
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"
