"""Letter metadata: date, kenmerk, onderwerp, type and council, with how each was found.

Order of trust: the letterhead ("Datum 23 februari 2021", "Ons kenmerk 8407467",
"Onderwerp ..."), then a sidecar (`<file>.meta.json` or a `letters.csv` row in the
file's folder), then inference from the text (the latest date it mentions).
An unreadable date becomes null with a reason, never an error.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from raadsbrieven.ingest.read import RawDocument
from raadsbrieven.model import DocContext, DocInfo, Sentence
from raadsbrieven.nl.dates import find_dates, parse_date, to_date
from raadsbrieven.nl.lexicon import load
from raadsbrieven.nl.periods import document_period
from raadsbrieven.nl.places import find_orgs, guess_municipality, municipalities

LABEL = r"^\s*(?:{})\s*[:.]?\s+(?P<value>\S.*?)\s*$"
DATE_LINE = re.compile(LABEL.format("datum|date|verzonden|datum verzending"), re.IGNORECASE)
KENMERK_LINE = re.compile(
    LABEL.format(r"ons kenmerk|kenmerk|uw kenmerk|referentie|zaaknummer|registratienummer"), re.IGNORECASE
)
SUBJECT_LINE = re.compile(LABEL.format("onderwerp|betreft|inzake"), re.IGNORECASE)
# Words that name what a document is; the one that comes first in its head wins.
TYPE_WORDS = [
    ("raadsinformatiebrief", "raadsinformatiebrief"),
    ("raadsbrief", "raadsbrief"),
    ("besluitenlijst", "besluitenlijst"),
    ("uitslagenlijst", "uitslagenlijst"),
    ("amendement", "amendement"),
    ("motie", "motie"),
    ("raadsvoorstel", "raadsvoorstel"),
    ("woo-besluit", "woo-besluit"),
    ("woo-verzoek", "woo-besluit"),
    ("brief van de minister", "kamerbrief"),
    ("brief van de staatssecretaris", "kamerbrief"),
    ("verslag van een algemeen overleg", "verslag"),
    ("verslag van een schriftelijk overleg", "verslag"),
    ("geachte leden van de raad", "raadsbrief"),
    ("geachte leden van de gemeenteraad", "raadsbrief"),
]
# Words that only say where a document comes from or how it opens: used when no type word is found.
GENERIC_TYPE_WORDS = [
    ("tweede kamer der staten-generaal", "kamerstuk"),
    ("geachte voorzitter", "kamerbrief"),
    ("halfjaarrapportage", "rapportage"),
    ("jaarverslag", "rapportage"),
    ("geachte", "brief"),
]
COUNCIL = re.compile(
    r"(?:[Gg]emeente|gemeenteraad van|wethouders van|raad van de gemeente|college van b(?:urgemeester )?"
    r"(?:&|en) ?w(?:ethouders)? van)\s+(?P<name>[A-Z][a-zà-ÿ]+(?:[ -][A-Z][a-zà-ÿ]+)?)",
)


@dataclass
class Description:
    title: str | None = None
    doc_type: str | None = None
    date: str | None = None
    date_basis: str | None = None
    kenmerk: str | None = None
    municipality: str | None = None
    source: str | None = None


def _head_lines(raw: RawDocument, n: int = 40) -> list[str]:
    lines = [ln.text.strip() for page in raw.pages[:1] for ln in page.lines if ln.text.strip()]
    return lines[:n]


# A letterhead in two columns (Den Haag, many ministries) is read as labels and values on lines of
# their own: "Datum" then "14070" (the phone number's value) then "5 maart 2025". A label line holds
# only labels; its value is the first fitting line among the next few.
LABELS = (
    "datum|date|ons kenmerk|uw kenmerk|kenmerk|onderwerp|betreft|contactpersoon|dienst|afdeling|"
    "telefoonnummer|telefoon|e-mailadres|e-mail|bijlage\\(n\\)|bijlagen?|ris-nummer|aan"
)
LABEL_ONLY = re.compile(rf"^(?:(?:{LABELS})\b[\s:]*)+$", re.IGNORECASE)
NOT_A_VALUE = re.compile(r"@|^\+?[\d\s()-]{5,}$|^www\.", re.IGNORECASE)  # an e-mail, a phone number
PLACEHOLDER = re.compile(r"\bTyp\s*tekst", re.IGNORECASE)  # a template's unfilled field ("Typ tekstTyp")
LOOK_AHEAD = 3  # lines after a label line that may hold its value
LEADING_DATE = re.compile(r"\s*([0-3]?\d\s+[A-Za-z]+\s+(?:19|20)\d\d)\b")  # "13 mei 2025 14070"


def from_letterhead(raw: RawDocument) -> Description:
    d = Description()
    lines = _head_lines(raw)
    for i, line in enumerate(lines):
        if d.date is None and (m := DATE_LINE.match(line)):
            value = parse_date(m.group("value"))
            if value:
                d.date, d.date_basis = value, f"letterhead: '{line}'"
        if d.kenmerk is None and (m := KENMERK_LINE.match(line)):
            d.kenmerk = m.group("value").split()[0].strip(",;")
        if d.title is None and (m := SUBJECT_LINE.match(line)) and _is_value(m.group("value")):
            d.title = m.group("value")
        if not LABEL_ONLY.match(_labels_of(line)):
            continue
        words = line.lower()
        if d.date is None and re.match(r"\s*(?:datum|date)\b", words):
            d.date, d.date_basis = _column_date(lines[i + 1 : i + 1 + LOOK_AHEAD], line)
        if d.title is None and re.match(r"\s*(?:onderwerp|betreft)\b", words):
            d.title = _column_title(lines[i + 1 : i + 1 + LOOK_AHEAD])
    return d


def _labels_of(line: str) -> str:
    """The line without a trailing e-mail address or number ("Onderwerp jan@denhaag.nl" is a label)."""
    return " ".join(w for w in line.split() if not NOT_A_VALUE.search(w))


def _is_value(text: str) -> bool:
    return not NOT_A_VALUE.search(text) and not PLACEHOLDER.search(text)


def _could_be_title(line: str) -> bool:
    """A head line that may name the letter: not a label row, a date, a kenmerk or a number."""
    return (
        len(line) > 8
        and re.search(r"[^\W\d_]{4,}", line) is not None  # a word, not only a number ("RIS322212")
        and not line.rstrip().endswith(":")
        and _is_value(line)
        and not LABEL_ONLY.match(_labels_of(line))
        and not DATE_LINE.match(line)
        and not KENMERK_LINE.match(line)
        and not LEADING_DATE.match(line)
    )


def _column_date(following: list[str], label: str) -> tuple[str | None, str | None]:
    """The first of the next lines that starts with a whole date ("13 mei 2025 14070")."""
    for line in following:
        m = LEADING_DATE.match(line)
        value = parse_date(m.group(1)) if m else None
        if value and len(value) == 10:
            return value, f"letterhead: '{label} … {m.group(1)}'"
    return None, None


def _column_title(following: list[str]) -> str | None:
    """The next line that is not a label, e-mail or number; a quote left open runs on one line."""
    for k, line in enumerate(following):
        if LABEL_ONLY.match(_labels_of(line)) or not _is_value(line) or len(line) < 5:
            continue
        title = line
        if title.count("‘") > title.count("’") and k + 1 < len(following):
            title = f"{title} {following[k + 1]}"
        return title[:200]
    return None


def from_sidecar(path: Path) -> Description | None:
    meta = path.with_name(path.name + ".meta.json")
    if meta.is_file():
        data = json.loads(meta.read_text(encoding="utf-8"))
        return Description(
            title=data.get("title"),
            doc_type=data.get("doc_type"),
            date=data.get("date") or None,
            date_basis=data.get("date_basis") or (f"sidecar {meta.name}" if data.get("date") else None),
            source=data.get("source"),
        )
    table = path.with_name("letters.csv")
    if table.is_file():
        with table.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if row.get("file") == path.name:
                    basis = row.get("date_basis") or ""
                    return Description(
                        title=row.get("title") or None,
                        doc_type=row.get("doc_type") or None,
                        date=row.get("date") or None,
                        date_basis=f"letters.csv: {basis}" if row.get("date") else None,
                        source=row.get("source") or None,
                    )
    return None


def infer_type(text_head: str) -> str | None:
    """The type whose word comes first in the head: a raadsbrief that later mentions a motie stays
    a raadsbrief, a Kamer motie is a motie. Words match at a word start ("emoties" is no motie)."""
    low = text_head.lower()
    for words in (TYPE_WORDS, GENERIC_TYPE_WORDS):
        found = []
        for rank, (word, kind) in enumerate(words):
            m = re.search(rf"(?<![\w-]){re.escape(word)}", low)
            if m:
                found.append((m.start(), rank, kind))
        if found:
            return min(found)[2]
    return None


DATELINE = re.compile(
    r"^\s*(?:(?:vastgesteld|voorgesteld|aangeboden|verzonden|ondertekend)\b[^\n]{0,20}?"
    r"|[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?,)"
    r"\s*(?P<date>[0-3]?\d\s+[a-z]+\s+(?:19|20)\d\d)\b",
    re.IGNORECASE | re.MULTILINE,
)


def date_from_lines(lines: list[str]) -> tuple[str | None, str | None]:
    """A dateline ("Den Haag, 16 april 2015", "Voorgesteld 8 oktober 2014") or a date in the title lines."""
    for line in lines:
        if m := DATELINE.match(line):
            value = parse_date(m.group("date"))
            if value:
                return value, f"dateline: '{line.strip()[:80]}'"
    for line in lines[:4]:
        value = parse_date(line)
        if value and len(value) == 10:
            return value, f"title: '{line.strip()[:80]}'"
    return None, None


def infer_date(text: str) -> tuple[str | None, str]:
    """The latest full date the text mentions, not in the future of the other dates' bulk."""
    dates = [d for d in find_dates(text) if not d.relative]
    if not dates:
        return None, "no date found in the letterhead, the sidecar or the text"
    latest = max(dates, key=lambda d: d.value)
    snippet = " ".join(text[latest.start : latest.end].split())
    return latest.value, f"inferred: the latest date the text mentions ('{snippet}')"


# Who a text addresses or speaks of as its assembly: the Kamer ("de Kamer", "Kamerleden") or a council.
KAMER_WORDS = re.compile(r"\b(?:de Kamer|Kamerleden|Kamerlid|Kamervoorzitter|Kamerbrief|Kamerstuk)\b")
COUNCIL_WORDS = re.compile(
    r"\b(?:de raad|uw raad|raadsleden|raadslid|wethouders?|gemeenteraad|raadsvoorstel|raadsbrief"
    r"|college van B)",
    re.IGNORECASE,
)


def infer_municipality(text: str) -> str | None:
    if "tweede kamer der staten-generaal" in text[:3000].lower():
        return "Tweede Kamer"
    kamer, council = len(KAMER_WORDS.findall(text)), len(COUNCIL_WORDS.findall(text))
    if kamer >= 5 and kamer > 2 * council:
        return None  # a Kamer debate on a corporation "in de gemeente Geertruidenberg" is no letter of it
    names = Counter(m.group("name") for m in COUNCIL.finditer(text))
    known = municipalities()  # a letterhead read badly ("Gemeente Bezoele Am ste rda m") names none
    return max(names, key=lambda n: (n.lower() in known, names[n]), default=None)


def describe(raw: RawDocument, text: str, path: Path | None = None) -> Description:
    head = from_letterhead(raw)
    side = from_sidecar(path) if path else None
    d = Description()
    for source in (head, side):
        if source is None:
            continue
        for name in ("title", "doc_type", "date", "date_basis", "kenmerk", "source"):
            if getattr(d, name) is None and getattr(source, name) is not None:
                setattr(d, name, getattr(source, name))
    if d.date is None:
        lines = [ln.text.strip() for page in raw.pages for ln in page.lines if ln.text.strip()]
        d.date, d.date_basis = date_from_lines(lines[:60] + lines[-40:])
    if d.date is None:
        d.date, d.date_basis = infer_date(text)
    if d.doc_type is None:
        d.doc_type = infer_type(" ".join(_head_lines(raw, 60))) or infer_type(text[:5000])
    if d.title is None:
        first = next((ln for ln in _head_lines(raw, 5) if _could_be_title(ln)), None)
        d.title = first[:200] if first else raw.name
    d.municipality = infer_municipality(text)
    return d


def document_info(text: str, date: str | None, municipality: str | None) -> DocInfo:
    """What the extractors need to know of the whole document, worked out once per document."""
    rules = load("documents")
    gazetteer = municipality or guess_municipality(text)
    ref = to_date(date)
    if ref is None:
        full = [to_date(d.value) for d in find_dates(text) if len(d.value) == 10 and not d.relative]
        ref = max((d for d in full if d is not None), default=None)
    head = text[:2000]
    org = None
    m = re.search(rules["report_org"], head, re.I)
    if m:
        named = [o for o in find_orgs(m.group(1), gazetteer) if o.kind == "named"]
        org = named[0].value if named else None
    return DocInfo(
        gazetteer=gazetteer,
        ref=ref,
        period=document_period(head, ref),
        org=org,
        national=bool(re.search(rules["national"], text[:3000], re.I)),
        meeting_record=bool(re.search(rules["meeting_record"], text[:600], re.I)),
    )


def doc_context(
    name: str,
    text: str,
    date: str | None,
    municipality: str | None,
    sentences: list[Sentence],
    key: str = "",
) -> DocContext:
    """The document as the extractors see it: its text, sentences and `document_info`."""
    info = document_info(text, date, municipality)
    return DocContext(name, text, date, municipality, sentences, info, key)
