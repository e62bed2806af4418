"""The griffie's own toezeggingenlijst: read an export (XLSX or CSV) and compare it with the register.

A council information system (iBabs, Notubiz, a hand-kept Excel list) exports one row per
toezegging with columns such as Nummer, Toezegging, Portefeuillehouder, Datum, Deadline, Status and
Beleidsveld. `read_register` finds the header row (a title row above it is common), maps the columns
by their Dutch names (or by `mapping`: field label -> column header) and returns the rows; a file it
cannot read raises `RegisterFileError` naming the file and the problem, in English and Dutch.

`compare` matches the list's rows to the register's entries (`toezeggingen_register`): by number
first, then by the content words of what the list says against what the letters say (the entry's
`what` and every mention's sentence), with the deadline as a tie-breaker. It reports what the letters
show and the list does not, what the list has and no letter mentions, and where the status differs.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from raadsbrieven.nl.dates import parse_date, to_date
from raadsbrieven.nl.deadlines import deadline_end, normalise_deadline
from raadsbrieven.nl.format import MONTHS

# Fields of a list row, with their Dutch label (used by --map and in messages) and header synonyms.
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "number": (
        "Nummer",
        ("nummer", "nr", "no", "toezeggingnummer", "toezeggingsnummer", "volgnummer", "id", "registernummer"),
    ),
    "what": (
        "Toezegging",
        (
            "toezegging",
            "omschrijving",
            "omschrijving toezegging",
            "toezegging omschrijving",
            "tekst toezegging",
            "inhoud",
            "titel",
            "onderwerp",
        ),
    ),
    "who": (
        "Portefeuillehouder",
        (
            "portefeuillehouder",
            "wethouder",
            "verantwoordelijk wethouder",
            "verantwoordelijke",
            "bestuurder",
            "collegelid",
            "toegezegd door",
            "burgemeester wethouder",
        ),
    ),
    "made": (
        "Datum",
        (
            "datum",
            "datum toezegging",
            "datum vergadering",
            "vergaderdatum",
            "datum toegezegd",
            "gedaan op",
            "vergadering",
            "datum vergadering toezegging",
        ),
    ),
    "deadline": (
        "Deadline",
        (
            "deadline",
            "termijn",
            "afdoeningstermijn",
            "streefdatum",
            "uiterlijk",
            "planning",
            "afdoen voor",
            "gewenste afdoeningsdatum",
            "uiterste datum",
            "afdoeningsdatum gepland",
        ),
    ),
    "status": ("Status", ("status", "stand", "voortgang", "afgedaan")),
    "field": (
        "Beleidsveld",
        ("beleidsveld", "programma", "commissie", "domein", "portefeuille", "beleidsterrein", "thema"),
    ),
    "note": (
        "Toelichting",
        ("toelichting", "opmerking", "opmerkingen", "stand van zaken", "afdoening", "afdoeningsvoorstel"),
    ),
}
LABELS = {name: label for name, (label, _) in FIELDS.items()}

# List statuses as griffies write them -> the register's vocabulary.
STATUS_WORDS = {
    "afgedaan": ("afgedaan", "afgehandeld", "afgerond", "voldaan", "gereed", "nagekomen", "ja", "done"),
    "in behandeling": ("in behandeling", "in uitvoering", "lopend", "loopt", "bezig", "in voorbereiding"),
    "verlopen": ("verlopen", "over termijn", "termijn verstreken", "te laat"),
    "open": ("open", "openstaand", "nog open", "niet afgedaan", "nee", "nieuw"),
}
DONE = "afgedaan"

STOPWORDS = frozenset(
    "de het een en van in op te om over met aan voor u uw raad we wij ons onze dat die dit deze is zijn "
    "wordt worden zullen zal hebben heeft ook nog bij naar als er hier hierover daarbij door tot dan wat "
    "college wethouder "
    "gemeenteraad commissie toezegging toegezegd zegt toe informeren informeert geinformeerd geïnformeerd "
    "brief raadsbrief".split()
)


class RegisterFileError(Exception):
    """A list that cannot be read: `message` (English) and `dutch` name the file and the problem."""

    def __init__(self, path: str | Path, problem: str, dutch: str) -> None:
        self.path = str(path)
        self.problem = problem
        self.dutch = f"{Path(path).name}: {dutch}"
        super().__init__(f"{path}: {problem}")


@dataclass
class ListRow:
    """One row of the griffie's list, normalised; `row` is its line in the file (header = its own line)."""

    row: int
    number: str | None
    what: str | None
    who: str | None = None
    made: str | None = None
    deadline: str | None = None
    deadline_text: str | None = None
    status: str | None = None  # open, in behandeling, afgedaan, verlopen (or None when unknown)
    status_text: str | None = None  # as written in the list
    field: str | None = None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ImportResult:
    name: str  # the list's name: the file name
    rows: list[ListRow]
    columns: dict[str, str]  # field -> the header it was read from
    ignored: list[str] = field(default_factory=list)  # headers not used
    skipped: int = 0  # rows without a Toezegging or Nummer
    header_row: int = 1

    def summary(self) -> str:
        used = ", ".join(f"{LABELS[f]} = '{h}'" for f, h in self.columns.items())
        text = f"{self.name}: {len(self.rows)} toezeggingen read (header on row {self.header_row}; {used})"
        if self.ignored:
            text += f"; columns not used: {', '.join(self.ignored)}"
        if self.skipped:
            text += f"; {self.skipped} rows without a Toezegging or Nummer skipped"
        return text + "."


# ------------------------------------------------------------------ reading


def parse_mapping(items: Iterable[str]) -> dict[str, str]:
    """'Toezegging=Omschrijving' (field label or name = column header) -> {'what': 'Omschrijving'}."""
    out: dict[str, str] = {}
    by_label = {label.casefold(): name for name, label in LABELS.items()} | {n: n for n in FIELDS}
    for item in items:
        if "=" not in item:
            raise ValueError(f"--map {item!r}: write FIELD=COLUMN, e.g. Toezegging=Omschrijving")
        key, header = (part.strip() for part in item.split("=", 1))
        name = by_label.get(key.casefold())
        if name is None:
            raise ValueError(f"--map {item!r}: unknown field {key!r}; fields: {', '.join(LABELS.values())}")
        out[name] = header
    return out


def _norm_header(value: Any) -> str:
    text = re.sub(r"[^\w ]+", " ", str(value or "").casefold().replace("_", " "))
    return re.sub(r"\s+", " ", text).strip()


def _guess(headers: Sequence[str], mapping: dict[str, str]) -> dict[str, int]:
    """field -> column index, from `mapping` (exact header, case-blind) and then the synonyms."""
    norm = [_norm_header(h) for h in headers]
    found: dict[str, int] = {}
    for name, header in mapping.items():
        if _norm_header(header) in norm:
            found[name] = norm.index(_norm_header(header))
    taken = set(found.values())
    for exact in (True, False):
        for name, (_label, synonyms) in FIELDS.items():
            if name in found or name in mapping:
                continue
            for synonym in synonyms:  # in order of preference: "Toezegging" before "Onderwerp"
                i = next(
                    (
                        i
                        for i, h in enumerate(norm)
                        if i not in taken
                        and h
                        and (h == synonym if exact else re.search(rf"\b{re.escape(synonym)}\b", h))
                    ),
                    None,
                )
                if i is not None:
                    found[name] = i
                    taken.add(i)
                    break
    return found


def _sniff(data: bytes) -> str:
    """'xlsx', 'docx', 'zip', 'pdf', 'xls', 'text' or 'binary', from the bytes."""
    if data[:4] == b"PK\x03\x04":
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return "zip"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "word/document.xml" in names:
            return "docx"
        return "ods" if "content.xml" in names else "zip"
    if data[:5] == b"%PDF-":
        return "pdf"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return "xls"
    if b"\x00" in data[:4096]:
        return "binary"
    return "text"


NOT_A_SHEET = {
    "docx": (
        "is a Word document (.docx), not a spreadsheet",
        "is een Word-document (.docx), geen spreadsheet",
    ),
    "pdf": ("is a PDF, not a spreadsheet", "is een PDF, geen spreadsheet"),
    "xls": (
        "is an old Excel file (.xls); save it as .xlsx or CSV",
        "is een oud Excel-bestand (.xls); sla het op als .xlsx of CSV",
    ),
    "ods": (
        "is an OpenDocument spreadsheet (.ods); save it as .xlsx or CSV",
        "is een OpenDocument-spreadsheet (.ods); sla het op als .xlsx of CSV",
    ),
    "zip": ("is a ZIP file, not a spreadsheet", "is een ZIP-bestand, geen spreadsheet"),
    "binary": ("is not a spreadsheet (XLSX or CSV)", "is geen spreadsheet (XLSX of CSV)"),
}


def _xlsx_rows(data: bytes, path: str | Path) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        raise RegisterFileError(
            path,
            f"is not a readable Excel workbook ({type(exc).__name__})",
            f"is geen leesbaar Excel-bestand ({type(exc).__name__})",
        ) from exc
    try:
        best: list[list[Any]] = []
        for ws in wb.worksheets:  # the sheet with a recognisable header wins, else the first non-empty one
            rows = [list(r) for r in ws.iter_rows(values_only=True)]
            if _header_index(rows, {}) is not None:
                return rows
            if not best and any(any(c not in (None, "") for c in r) for r in rows):
                best = rows
        return best
    finally:
        wb.close()


def _csv_rows(data: bytes, path: str | Path) -> list[list[Any]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise RegisterFileError(path, "is not a text file", "is geen tekstbestand")
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
        counts = {d: sample.count(d) for d in ";,\t"}
        dialect.delimiter = max(counts, key=counts.get)  # type: ignore[misc]
    return [list(r) for r in csv.reader(io.StringIO(text), dialect)]


def _header_index(rows: list[list[Any]], mapping: dict[str, str]) -> int | None:
    """The first of the top rows where the Toezegging column and one more field are recognised."""
    for i, row in enumerate(rows[:15]):
        headers = [str(c) if c is not None else "" for c in row]
        found = _guess(headers, mapping)
        if "what" in found and len(found) >= 2:
            return i
    return None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.strftime("%d-%m-%Y")  # as Excel shows a date in Dutch
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = re.sub(r"\s+", " ", str(value)).strip()
    return text or None


def _iso_date(value: Any) -> str | None:
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    text = _text(value)
    if not text:
        return None
    return parse_date(text) or (text if re.fullmatch(r"\d{4}(-\d\d){0,2}", text) else None)


def _deadline(value: Any, made: str | None) -> tuple[str | None, str | None]:
    """(ISO deadline, the deadline as written): '10-06-2025', 'Q3 2025', 'voor de zomer', a date cell."""
    text = _text(value)
    if not text:
        return None, None
    iso = _iso_date(value)
    if iso:
        return iso, text
    return normalise_deadline(text, made), text


def _number(value: Any) -> str | None:
    text = _text(value)
    return text.strip("# ") or None if text else None


def normalise_status(value: str | None) -> str | None:
    """A list's status as the register's vocabulary: 'Afgehandeld' -> afgedaan, 'Lopend' -> in behandeling."""
    text = _norm_header(value)
    if not text:
        return None
    for status, words in STATUS_WORDS.items():
        if text in words:
            return status
    for status, words in STATUS_WORDS.items():
        if any(re.search(rf"\b{re.escape(w)}\b", text) for w in words if len(w) > 3):
            return status
    return None


def read_register(path: str | Path, mapping: dict[str, str] | None = None) -> ImportResult:
    """Read a toezeggingenlijst (XLSX or CSV, chosen by content). Raises RegisterFileError."""
    mapping = dict(mapping or {})
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise RegisterFileError(path, "does not exist", "bestaat niet") from None
    except OSError as exc:
        raise RegisterFileError(
            path, f"cannot be read ({exc.strerror})", f"kan niet worden gelezen ({exc.strerror})"
        ) from exc
    return read_register_bytes(data, p.name, mapping, shown=path)


def read_register_bytes(
    data: bytes, name: str, mapping: dict[str, str] | None = None, shown: str | Path | None = None
) -> ImportResult:
    """Read a list from bytes (an upload in the app); `name` is its file name and the list's name."""
    shown = shown or name
    mapping = dict(mapping or {})
    if not data.strip():
        raise RegisterFileError(shown, "is empty", "is leeg")
    kind = _sniff(data)
    if kind in NOT_A_SHEET:
        raise RegisterFileError(shown, *NOT_A_SHEET[kind])
    rows = _xlsx_rows(data, shown) if kind == "xlsx" else _csv_rows(data, shown)
    lines = [n for n, r in enumerate(rows, start=1) if any(_text(c) for c in r)]  # file line of each row
    rows = [r for r in rows if any(_text(c) for c in r)]
    if not rows:
        raise RegisterFileError(shown, "holds no rows", "bevat geen rijen")
    h = _header_index(rows, mapping)
    if h is None:
        widest = max(rows[:15], key=lambda r: sum(1 for c in r if _text(c)))  # the likeliest header
        first = [t for t in (_text(c) for c in widest) if t]
        missing = [LABELS[f] for f in mapping if f not in _guess([str(c or "") for c in widest], mapping)]
        hint = (
            f" (--map names columns that are not there: {', '.join(missing)})"
            if missing
            else " (use --map Toezegging=COLUMN to name it)"
        )
        raise RegisterFileError(
            shown,
            "has no column for the toezegging itself; its columns are: "
            f"{', '.join(first[:12]) or 'none'}{hint}",
            "heeft geen kolom met de toezegging zelf (zoals Toezegging of Omschrijving); de kolommen zijn: "
            f"{', '.join(first[:12]) or 'geen'}",
        )
    headers = [_text(c) or "" for c in rows[h]]
    columns = _guess(headers, mapping)
    body = rows[h + 1 :]
    out: list[ListRow] = []
    skipped = 0
    for offset, cells in zip(lines[h + 1 :], body, strict=True):
        cells = list(cells) + [None] * (len(headers) - len(cells))

        def cell(name: str, cells: list[Any] = cells) -> Any:
            return cells[columns[name]] if name in columns else None

        what, number = _text(cell("what")), _number(cell("number"))
        if not what and not number:
            skipped += 1
            continue
        made = _iso_date(cell("made"))
        deadline, deadline_text = _deadline(cell("deadline"), made)
        status_text = _text(cell("status"))
        out.append(
            ListRow(
                row=offset,
                number=number,
                what=what,
                who=_text(cell("who")),
                made=made,
                deadline=deadline,
                deadline_text=deadline_text,
                status=normalise_status(status_text),
                status_text=status_text,
                field=_text(cell("field")),
                note=_text(cell("note")),
            )
        )
    if not out:
        raise RegisterFileError(
            shown, "has a header but no toezeggingen under it", "heeft kopjes maar geen toezeggingen eronder"
        )
    used = set(columns.values())
    return ImportResult(
        name=name,
        rows=out,
        columns={f: headers[i] for f, i in sorted(columns.items(), key=lambda x: x[1])},
        ignored=[hd for i, hd in enumerate(headers) if i not in used and hd],
        skipped=skipped,
        header_row=lines[h],
    )


# ------------------------------------------------------------------ comparing

ONLY_LETTERS = "alleen in brieven"
ONLY_LIST = "alleen op lijst"
STATUS_DIFFERS = "status verschilt"
SAME = "gelijk"
KINDS = (STATUS_DIFFERS, ONLY_LIST, ONLY_LETTERS, SAME)  # the order a clerk reads them in


@dataclass
class Difference:
    kind: str  # alleen in brieven, alleen op lijst, status verschilt, gelijk
    message: str
    list_name: str | None = None
    list_row: int | None = None
    list_number: str | None = None
    list_what: str | None = None
    list_status: str | None = None
    key: str | None = None  # the register entry
    number: str | None = None
    what: str | None = None
    register_status: str | None = None
    deadline: str | None = None
    doc: str | None = None  # the letter the register's status rests on
    doc_date: str | None = None
    sentence: str | None = None
    matched_by: str | None = None  # nummer, inhoud
    score: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


COMPARE_COLUMNS = {
    "kind": "Verschil",
    "message": "Toelichting",
    "list_name": "Lijst",
    "list_row": "Rij",
    "list_number": "Nummer (lijst)",
    "list_what": "Toezegging (lijst)",
    "list_status": "Status (lijst)",
    "number": "Nummer (brieven)",
    "what": "Toezegging (brieven)",
    "register_status": "Status (brieven)",
    "deadline": "Deadline (brieven)",
    "doc": "Brief",
    "doc_date": "Datum brief",
    "sentence": "Zin",
    "matched_by": "Gekoppeld op",
    "key": "Sleutel",
}


def _get(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


def content_words(text: str | None) -> set[str]:
    words = re.findall(r"[a-zà-ÿ0-9]+", (text or "").lower())
    return {w[:6] for w in words if w not in STOPWORDS and len(w) > 2 and not w.isdigit()}


def nl_long_date(value: str | None) -> str:
    """'2025-06-10' -> '10 juni 2025'; '2025-06' -> 'juni 2025'; None -> 'datum onbekend'."""
    if not value:
        return "datum onbekend"
    parts = value.split("-")
    try:
        if len(parts) >= 3:
            return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2 and parts[1].isdigit():
            return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        pass
    return value


def entry_context(
    store: Any, entries: Iterable[Any], before: int = 3, after: int = 1, head: int = 30
) -> dict[str, str]:
    """Per entry key: the letter's title and first sentences (its onderwerp), and those around each mention.

    A griffie's list words a toezegging by its subject ("mobiel stembureau bij de verkiezingen"); the
    sentence that promises it often says only "Wij verwachten de motie uiterlijk 31 mei af te doen".
    `store` is a `Store` (its `find_document` and `sentences`); letters are read once each.
    """
    cache: dict[str, list[dict[str, Any]]] = {}
    out: dict[str, str] = {}
    for e in entries:
        parts: list[str] = []
        for m in _get(e, "mentions") or []:
            doc, sid = _get(m, "doc"), _get(m, "sentence_id")
            if not doc or sid is None:
                continue
            if doc not in cache:
                found = store.find_document(doc)
                cache[doc] = store.sentences(found.id) if found else []
                if found and found.title:
                    cache[doc] = [{"id": None, "text": found.title}, *cache[doc]]
            sentences = cache[doc]
            at = next((i for i, x in enumerate(sentences) if x["id"] == sid), None)
            if at is None:
                continue
            parts += [x["text"] for x in sentences[:head]]
            parts += [x["text"] for x in sentences[max(0, at - before) : at + after + 1]]
        out[_get(e, "key")] = " ".join(dict.fromkeys(parts))
    return out


def _entry_words(entry: Any, context: str | None = None) -> tuple[set[str], set[str], set[str]]:
    """Words of what the entry promises, of every sentence that mentions it, and of those around it."""
    what = content_words(_get(entry, "what"))
    said = set(what)
    for m in _get(entry, "mentions") or []:
        said |= content_words(_get(m, "sentence"))
    made_in = _get(entry, "made_in")
    if made_in:
        said |= content_words(_get(made_in, "sentence"))
    return what, said, said | content_words(context)


def _norm_number(value: str | None) -> str | None:
    digits = re.sub(r"\D", "", value or "")
    return digits.lstrip("0") or None if digits else None


def similarity(row: ListRow, entry: Any, words: tuple[set[str], set[str], set[str]] | None = None) -> float:
    """How well a list row's Toezegging matches a register entry (0..1), deadline as a small bonus.

    Half: the list's words found in the sentences that mention the entry; 0.3: found there or in the
    sentences around them (the motie's title, the subject); 0.2: overlap with the entry's `what`.
    """
    mine = content_words(row.what)
    if not mine:
        return 0.0
    what, said, around = words or _entry_words(entry)
    own = len(mine & said) / len(mine)
    near = len(mine & around) / len(mine)
    jaccard = len(mine & what) / len(mine | what) if what else 0.0
    score = 0.5 * own + 0.3 * near + 0.2 * jaccard
    if row.deadline and _get(entry, "deadline"):
        a, b = deadline_end(row.deadline), deadline_end(_get(entry, "deadline"))
        if a and b and abs((a - b).days) <= 31:
            score += 0.1
    return min(score, 1.0)


def _done(status: str | None) -> bool:
    return status == DONE


def status_letter(entry: Any) -> tuple[str | None, str | None, str | None]:
    """(doc, date, sentence) of the letter the entry's status rests on: the fulfilling one when done."""
    fulfilled = _get(entry, "fulfilled_by")
    if fulfilled and _get(entry, "status") == DONE:
        return _get(fulfilled, "doc"), _get(fulfilled, "date"), _get(fulfilled, "sentence")
    mentions = list(_get(entry, "mentions") or [])
    if _get(entry, "status") == DONE:
        done = [
            m
            for m in mentions
            if _get(m, "state") == "being_fulfilled" or _get(m, "status") == "being_fulfilled"
        ]
        mentions = done or mentions
    if not mentions:
        return None, None, None
    last = max(mentions, key=lambda m: _get(m, "doc_date") or _get(m, "date") or "")
    return _get(last, "doc"), _get(last, "doc_date") or _get(last, "date"), _get(last, "sentence")


def compare(
    rows: Sequence[ListRow],
    entries: Sequence[Any],
    list_name: str | None = None,
    threshold: float = 0.5,
    include_same: bool = False,
    context: dict[str, str] | None = None,
    since: str | None = None,
) -> list[Difference]:
    """Match list rows to register entries (number, then content) and report the differences.

    `context` (entry key -> text, see `entry_context`) adds the words around each mention; with
    `since` (ISO date) a toezegging only in the letters counts when its letter is that recent.
    """
    pairs: dict[int, tuple[int, str, float]] = {}  # row index -> (entry index, how, score)
    used: set[int] = set()
    by_number: dict[str, int] = {}
    for j, e in enumerate(entries):
        for number in [_get(e, "number"), *(_get(e, "numbers") or [])]:
            n = _norm_number(number)
            if n and n not in by_number:
                by_number[n] = j
    for i, r in enumerate(rows):
        n = _norm_number(r.number)
        if n and n in by_number:  # two list numbers may be one promise in the letters
            pairs[i] = (by_number[n], "nummer", 1.0)
            used.add(by_number[n])
    words = [_entry_words(e, (context or {}).get(_get(e, "key"))) for e in entries]
    candidates = sorted(
        (
            (similarity(r, e, words[j]), i, j)
            for i, r in enumerate(rows)
            if i not in pairs
            for j, e in enumerate(entries)
            if j not in used
        ),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    for score, i, j in candidates:
        if score < threshold:
            break
        if i in pairs or j in used:
            continue
        pairs[i] = (j, "inhoud", round(score, 3))
        used.add(j)

    out: list[Difference] = []
    for i, r in enumerate(rows):
        base = {
            "list_name": list_name,
            "list_row": r.row,
            "list_number": r.number,
            "list_what": r.what,
            "list_status": r.status_text or r.status,
        }
        if i not in pairs:
            label = f"toezegging {r.number}" if r.number else f"rij {r.row}"
            out.append(
                Difference(
                    ONLY_LIST,
                    f"lijst, {label} — geen brief noemt haar: {_short(r.what)}",
                    **base,
                )
            )
            continue
        j, how, score = pairs[i]
        e = entries[j]
        doc, doc_date, sentence = status_letter(e)
        status = _get(e, "status")
        kind = SAME
        if r.status and _done(r.status) != _done(status):
            kind = STATUS_DIFFERS
        if kind == STATUS_DIFFERS:
            message = f"lijst: {r.status_text or r.status} — brief van {nl_long_date(doc_date)}: {status}"
        else:
            message = f"lijst: {r.status_text or r.status or 'geen status'} — brieven: {status}"
        out.append(
            Difference(
                kind,
                message,
                **base,
                **_entry_fields(e),
                register_status=status,
                doc=doc,
                doc_date=doc_date,
                sentence=sentence,
                matched_by=how,
                score=score,
            )
        )
    for j, e in enumerate(entries):
        if j in used:
            continue
        doc, doc_date, sentence = _first_letter(e)
        if since and (doc_date or "") < since[: len(doc_date or "")]:
            continue
        label = f"toezegging {_get(e, 'number')}, " if _get(e, "number") else ""
        out.append(
            Difference(
                ONLY_LETTERS,
                f"{label}brief van {nl_long_date(doc_date)} — niet op de lijst: {_short(_get(e, 'what'))}",
                list_name=list_name,
                **_entry_fields(e),
                register_status=_get(e, "status"),
                doc=doc,
                doc_date=doc_date,
                sentence=sentence,
            )
        )
    if not include_same:
        out = [d for d in out if d.kind != SAME]
    order = {k: n for n, k in enumerate(KINDS)}
    out.sort(key=lambda d: (order[d.kind], d.list_row or 0, d.doc_date or "", d.key or ""))
    return out


def _entry_fields(e: Any) -> dict[str, Any]:
    return {
        "key": _get(e, "key"),
        "number": _get(e, "number"),
        "what": _get(e, "what"),
        "deadline": _get(e, "deadline"),
    }


def _first_letter(entry: Any) -> tuple[str | None, str | None, str | None]:
    made_in = _get(entry, "made_in")
    if made_in:
        return _get(made_in, "doc"), _get(made_in, "date"), _get(made_in, "sentence")
    mentions = list(_get(entry, "mentions") or [])
    if not mentions:
        return None, None, None
    m = mentions[0]
    return _get(m, "doc"), _get(m, "doc_date") or _get(m, "date"), _get(m, "sentence")


def _short(text: str | None, n: int = 90) -> str:
    text = re.sub(r"\s+", " ", text or "").strip()
    return text if len(text) <= n else text[: n - 1] + "…"


def rows_from_store(stored: Iterable[dict[str, Any]]) -> list[ListRow]:
    """Stored list rows (the store's dicts) back as ListRow objects."""
    names = set(ListRow.__dataclass_fields__)
    return [ListRow(**{k: v for k, v in r.items() if k in names}) for r in stored]


def deadline_date(value: str | None) -> date | None:
    """The last day of a deadline value (kept here so callers need not know nl/)."""
    return deadline_end(value) or to_date(value)
