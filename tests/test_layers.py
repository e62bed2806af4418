"""The layers' import rules (../shared/DESIGN.md, "Suggested layout"), checked on the source's syntax trees.

A stage only looks down:
1. `extractors/` imports only `raadsbrieven.nl`, `raadsbrieven.model` and `raadsbrieven.extractors` of the
   project; `raadsbrieven/nl/` only `raadsbrieven.nl` and `raadsbrieven.model`.
2. `raadsbrieven/ingest/` (the reading stage) imports neither the extractors, the store, the UI nor the
   pipeline.
3. `raadsbrieven/model.py` imports nothing of the project.
4. The database engine (`.engine`) and the tables (`raadsbrieven.store.schema`) are used only inside
   `raadsbrieven/store/` (tests and benches may still reach in).

Every import counts, also one inside a function or under TYPE_CHECKING. A failure names file and line.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SKIP_DIRS = {".venv", "build", "dist", "node_modules", "__pycache__"}

STORE_DIR = "raadsbrieven/store/"
MAY_REACH_INTO_STORE = ("tests/", "bench/")
SCHEMA = "raadsbrieven.store.schema"


def project_module(path: str) -> str:
    """The module a source file installs as: extractors/ is `raadsbrieven.extractors`."""
    parts = path.removesuffix(".py").split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    if parts and parts[0] == "extractors":
        parts = ["raadsbrieven", *parts]
    return ".".join(parts)


def canonical(name: str) -> str:
    """A project module under its installed name (`extractors.x` -> `raadsbrieven.extractors.x`)."""
    if name == "extractors" or name.startswith("extractors."):
        return "raadsbrieven." + name
    return name


def within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def is_project(name: str) -> bool:
    return within(name, "raadsbrieven")


def sources() -> list[str]:
    """Every .py file of the repository (relative, with /), outside virtualenvs and build output."""
    out = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if any(part in SKIP_DIRS or part.startswith(".") for part in rel.parts[:-1]):
            continue
        out.append(rel.as_posix())
    return sorted(out)


SOURCES = sources()


def tree(path: str, source: str | None = None) -> ast.Module:
    """The syntax tree of a repository file (or of `source`, read as that file)."""
    if source is None:
        source = (ROOT / path).read_text(encoding="utf-8")
    return ast.parse(source, filename=path)


def imports(path: str, source: str | None = None) -> Iterator[tuple[int, str]]:
    """(line, module) of every import in a file, relative imports resolved, project names canonical.

    `from a import b` yields `a.b` as well as `a`, so importing a submodule by name is seen."""
    module = project_module(path)
    package = module if path.endswith("__init__.py") else module.rpartition(".")[0]
    for node in ast.walk(tree(path, source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, canonical(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = canonical(node.module or "")
            yield node.lineno, name
            for alias in node.names:
                if alias.name != "*":
                    yield node.lineno, f"{name}.{alias.name}"


def violations(paths: list[str], allowed: tuple[str, ...], source: str | None = None) -> list[str]:
    """'file:line: imports module' for each import of a project module outside the `allowed` packages."""
    out = []
    for path in paths:
        by_line: dict[int, set[str]] = {}
        for line, name in imports(path, source):
            if is_project(name) and name != "raadsbrieven" and not any(within(name, a) for a in allowed):
                by_line.setdefault(line, set()).add(name)
        for line, names in sorted(by_line.items()):
            # `from raadsbrieven.store import schema`: name the module, not each name taken from it
            for name in sorted(n for n in names if not any(n != m and within(n, m) for m in names)):
                out.append(f"{path}:{line}: imports {name}")
    return out


def under(folder: str) -> list[str]:
    return [p for p in SOURCES if p.startswith(folder)]


def report(found: list[str], rule: str) -> str:
    return f"{rule}:\n  " + "\n  ".join(found)


def test_the_rules_see_the_source() -> None:
    """Guard against a rule passing because it read nothing."""
    assert len(under("extractors/")) >= 5 and len(under("raadsbrieven/nl/")) >= 5
    assert len(under("raadsbrieven/ingest/")) >= 3 and "raadsbrieven/model.py" in SOURCES
    assert any(p.startswith(STORE_DIR) for p in SOURCES)


def test_extractors_import_only_the_dutch_layer_and_the_model() -> None:
    allowed = ("raadsbrieven.nl", "raadsbrieven.model", "raadsbrieven.extractors")
    found = violations(under("extractors/"), allowed)
    assert not found, report(found, "extractors/ may import only raadsbrieven.nl, .model and .extractors")


def test_the_dutch_layer_imports_only_itself_and_the_model() -> None:
    found = violations(under("raadsbrieven/nl/"), ("raadsbrieven.nl", "raadsbrieven.model"))
    assert not found, report(found, "raadsbrieven/nl/ may import only raadsbrieven.nl and raadsbrieven.model")


@pytest.mark.parametrize(
    "forbidden",
    ["raadsbrieven.extractors", "raadsbrieven.store", "raadsbrieven.ui", "raadsbrieven.pipeline"],
)
def test_the_reading_stage_does_not_look_up(forbidden: str) -> None:
    found = sorted(
        {
            f"{path}:{line}: imports {name}"
            for path in under("raadsbrieven/ingest/")
            for line, name in imports(path)
            if within(name, forbidden)
        }
    )
    assert not found, report(found, f"raadsbrieven/ingest/ must not import {forbidden}")


def test_the_model_imports_nothing_of_the_project() -> None:
    found = violations(["raadsbrieven/model.py"], ())
    assert not found, report(found, "raadsbrieven/model.py must import nothing of the project")


def engine_use(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "engine"


def test_only_the_store_touches_the_engine_and_the_tables() -> None:
    found = []
    for path in SOURCES:
        if path.startswith(STORE_DIR) or path.startswith(MAY_REACH_INTO_STORE):
            continue
        for node in ast.walk(tree(path)):
            if engine_use(node):
                found.append(f"{path}:{node.lineno}: uses .engine")
        for line, name in imports(path):
            if within(name, SCHEMA):
                found.append(f"{path}:{line}: imports {SCHEMA}")
    found = sorted(set(found), key=lambda f: (f.split(":")[0], int(f.split(":")[1])))
    assert not found, report(
        found, "only raadsbrieven/store/ may use .engine or import raadsbrieven.store.schema"
    )


def test_the_rules_catch_what_they_forbid() -> None:
    """The checks themselves: each kind of forbidden import is found, with its file and line."""
    assert project_module("extractors/money.py") == "raadsbrieven.extractors.money"
    assert project_module("raadsbrieven/nl/__init__.py") == "raadsbrieven.nl"
    path = "extractors/sample.py"
    code = (
        "import os\n"
        "from raadsbrieven.nl import numbers\n"
        "from raadsbrieven.store import schema\n"
        "def f():\n"
        "    from ..ui import common\n"
        "    import extractors.money\n"
        "    from . import context\n"
        "    from raadsbrieven import pipeline\n"
    )
    names = {name: line for line, name in imports(path, code)}
    assert names["raadsbrieven.store.schema"] == 3 and names["raadsbrieven.ui.common"] == 5
    assert names["raadsbrieven.extractors.money"] == 6 and names["raadsbrieven.extractors.context"] == 7
    assert violations([path], ("raadsbrieven.nl", "raadsbrieven.extractors"), code) == [
        "extractors/sample.py:3: imports raadsbrieven.store",
        "extractors/sample.py:5: imports raadsbrieven.ui",
        "extractors/sample.py:8: imports raadsbrieven.pipeline",
    ]
    engine_uses = [n.lineno for n in ast.walk(tree(path, "x = store.engine\n")) if engine_use(n)]
    assert engine_uses == [1]
