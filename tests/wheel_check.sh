#!/usr/bin/env bash
# A wheel that works (issue #11): build the sdist and the wheel from it, install the wheel in a fresh
# venv in a temporary folder with no source tree beside it, and run ingest + facts + schema and the
# app's router from there. Fails when the wheel lacks a module or a data file, ships a top-level
# `extractors` or `tests`, or extracts no facts.
#
#   tests/wheel_check.sh [LETTER]     # default: a corpus letter; `make wheel-check` runs it
#
# PYTHON builds (it needs `build`, in the dev extra); the venv is made by python3 (PY), and pip
# installs the wheel's dependencies from the registry as usual.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
PY="${PY:-python3}"
LETTER="$(realpath "${1:-$ROOT/corpus/001_c92f4c90ef915183.txt}")"
TMP="$(mktemp -d -t raadsbrieven-wheel.XXXXXX)"
trap 'rm -rf "$TMP"' EXIT
unset PYTHONPATH  # nothing may reach the source tree

step() { echo "wheel-check: $*"; }
fail() {
    echo "wheel-check: FAILED: $*" >&2
    exit 1
}

step "building the sdist and, from it, the wheel"
# From the sdist: built in a clean copy, so nothing stale in build/ slips in and the sdist is complete.
"$PYTHON" -m build --outdir "$TMP/dist" "$ROOT" >"$TMP/build.log" 2>&1 || {
    tail -40 "$TMP/build.log" >&2
    fail "python -m build"
}
wheels=("$TMP"/dist/*.whl)
[ "${#wheels[@]}" -eq 1 ] && [ -f "${wheels[0]}" ] || fail "expected one wheel in $TMP/dist"
WHEEL="${wheels[0]}"
step "$(basename "$WHEEL")"

# Contents: one top-level package, with the data files the runtime reads and the app's router.
"$PY" - "$WHEEL" "$ROOT" <<'EOF' || fail "the wheel's contents"
import re
import sys
import zipfile
from pathlib import Path

wheel, root = zipfile.ZipFile(sys.argv[1]), Path(sys.argv[2])
names = set(wheel.namelist())
top = {n.split("/")[0] for n in names if not n.split("/")[0].endswith(".dist-info")}
problems = [f"top-level {t!r} in the wheel (only 'raadsbrieven' belongs there)" for t in sorted(top - {"raadsbrieven"})]
data = [f"raadsbrieven/nl/data/{p.name}" for p in (root / "raadsbrieven/nl/data").iterdir() if p.is_file()]
data += [f"raadsbrieven/extractors/patterns/{p.name}" for p in (root / "extractors/patterns").iterdir() if p.is_file()]
data += [f"raadsbrieven/search/{p.name}" for p in (root / "raadsbrieven/search").glob("*.jsonl")]
needed = data + ["raadsbrieven/ui/app.py", "raadsbrieven/extractors/__init__.py"]
problems += [f"missing {n}" for n in sorted(needed) if n not in names]
problems += [f"test code in the wheel: {n}" for n in sorted(names) if "/tests/" in n]
problems += [
    f"{n} imports fpdf2 (dev only)"
    for n in sorted(names)
    if n.endswith(".py") and re.search(r"^\s*(import|from)\s+fpdf\b", wheel.read(n).decode(), re.M)
]
for p in problems:
    print("  " + p, file=sys.stderr)
sys.exit(1 if problems else 0)
EOF

step "installing it in a fresh venv"
"$PY" -m venv "$TMP/venv"
"$TMP/venv/bin/python" -m pip install --quiet --disable-pip-version-check "$WHEEL" || fail "pip install"
BIN="$TMP/venv/bin"

cd "$TMP"  # no source tree beside it
where="$("$BIN/python" -c 'import raadsbrieven, raadsbrieven.extractors as e; print(raadsbrieven.__file__, e.__file__)')"
case "$where" in
"$TMP/venv/"*" $TMP/venv/"*) ;;
*) fail "raadsbrieven is imported from outside the venv: $where" ;;
esac
if "$BIN/python" -c 'import extractors' 2>/dev/null; then fail "a top-level 'extractors' is importable"; fi
if "$BIN/python" -c 'import fpdf' 2>/dev/null; then fail "fpdf2 (dev only) was installed"; fi

step "raadsbrieven ingest $(basename "$LETTER") --no-embed"
"$BIN/raadsbrieven" ingest "$LETTER" --db "$TMP/w.db" --no-embed --quiet || fail "raadsbrieven ingest"

step "raadsbrieven facts"
"$BIN/raadsbrieven" facts --db "$TMP/w.db" --format jsonl >facts.jsonl || fail "raadsbrieven facts"
n="$(wc -l <facts.jsonl)"
[ "$n" -gt 0 ] || fail "no facts from $(basename "$LETTER")"
step "$n facts, e.g. $(head -c 160 facts.jsonl)"

step "raadsbrieven schema"
"$BIN/raadsbrieven" schema >schema.md || fail "raadsbrieven schema"
grep -q '`documents`' schema.md || fail "the schema does not describe the documents table"

step "the app's router and its first page, from the installed package (Streamlit's AppTest)"
RAADSBRIEVEN_DB="sqlite:///$TMP/w.db" "$BIN/python" - <<'EOF' || fail "the app from the wheel"
import sys
from pathlib import Path

import raadsbrieven.ui
from streamlit.testing.v1 import AppTest

app = Path(raadsbrieven.ui.__file__).parent / "app.py"
at = AppTest.from_file(str(app), default_timeout=120).run()
problems = [e.message for e in at.exception] + [e.value for e in at.error]
titles = [t.value for t in at.title]
if problems or "Overzicht" not in titles:
    print(f"  {app}: titles {titles}, problems {problems}", file=sys.stderr)
    sys.exit(1)
EOF

step "OK"
