"""Everything the app says to its users, in Dutch, in one place (issue #16).

Labels of fact kinds, letter types and statuses; dates, pages and plurals; how a letter's date is
known ("uit het briefhoofd: 'Datum 14 oktober 2025'"); the OCR note; the upload box's own text.
The store keeps English codes (`letterhead`, `being_fulfilled`, `woo_besluit`): they become Dutch
here, never on the pages themselves. Numbers, values and dates come from `raadsbrieven.nl.format`.
"""

from __future__ import annotations

import hashlib
import re

from raadsbrieven.nl.format import count_text, date_text, period_text, shorten

__all__ = [
    "count_text",
    "date_basis_text",
    "date_text",
    "doc_type_colour",
    "doc_type_label",
    "kind_label",
    "ocr_note",
    "page_label",
    "pages_label",
    "period_text",
    "shorten",
]

# ------------------------------------------------------------------ fact kinds

KIND_LABELS = {
    "percentage": "Percentage",
    "duration": "Duur / wachttijd",
    "money": "Geldbedrag",
    "count": "Aantal",
    "toezegging": "Toezegging",
    "motie": "Motie",
    "amendement": "Amendement",
    "letter_ref": "Verwijzing naar brief",
}
# Light backgrounds, distinct enough side by side, dark text stays readable on each.
KIND_COLOURS = {
    "percentage": "#ffe08a",
    "duration": "#9fd8ff",
    "money": "#b6f0b1",
    "count": "#f5d0a9",
    "toezegging": "#ffb8d2",
    "motie": "#d7c4ff",
    "amendement": "#ffc98f",
    "letter_ref": "#d5d5d5",
}
FACT_STATUS_LABELS = {
    "made": "toegezegd",
    "being_fulfilled": "wordt nagekomen",
    "reference": "verwijzing",
}
ON_TIME = {True: "op tijd", False: "te laat", None: ""}
DECISION_LABELS = {"confirmed": "bevestigd", "rejected": "afgewezen", None: "niet beoordeeld"}


def kind_label(kind: str | None) -> str:
    return KIND_LABELS.get(kind or "", (kind or "").replace("_", " "))


# ------------------------------------------------------------------ letter types

DOC_TYPE_LABELS = {
    "woo_besluit": "Woo-besluit",
    "woo-besluit": "Woo-besluit",
    "kamerstuk_brief": "kamerstuk (brief)",
    "kamerstuk_verslag": "kamerstuk (verslag)",
    "kamervragen_antwoorden": "antwoorden op Kamervragen",
    "schriftelijke_vragen": "schriftelijke vragen",
    "bestemmingsplan_toelichting": "toelichting bestemmingsplan",
}
# One colour per letter type, always the same (not by order of appearance, so an upload that adds a
# type changes no other type's colour). Types not listed get a colour from their name.
DOC_TYPE_COLOURS = {
    "raadsbrief": "#4c78a8",
    "raadsinformatiebrief": "#72b7b2",
    "collegebrief": "#54a24b",
    "kamerbrief": "#e45756",
    "kamerstuk": "#ff9da6",
    "kamerstuk_brief": "#ff9da6",
    "kamerstuk_verslag": "#9d755d",
    "motie": "#b279a2",
    "kamermotie": "#d6a5c9",
    "amendement": "#f58518",
    "besluitenlijst": "#eeca3b",
    "uitslagenlijst": "#bab0ac",
    "raadsvoorstel": "#88d27a",
    "raadsbesluit": "#439894",
    "rapportage": "#83bcb6",
    "uitvoeringsplan": "#a0cbe8",
    "woo-besluit": "#8f6d31",
    "woo_besluit": "#8f6d31",
    "verslag": "#79706e",
    "brief": "#9ecae9",
    "onbekend": "#c7c7c7",
}
_SPARE_COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"]
UNKNOWN_TYPE = "onbekend"


def doc_type_label(doc_type: str | None) -> str:
    """'woo_besluit' -> 'Woo-besluit', 'raadsbrief' -> 'raadsbrief', None -> 'onbekend'."""
    if not doc_type:
        return UNKNOWN_TYPE
    return DOC_TYPE_LABELS.get(doc_type, doc_type.replace("_", " "))


def doc_type_colour(doc_type: str | None) -> str:
    """The fixed colour of a letter type (its name decides it when the type is not in the table)."""
    key = doc_type or UNKNOWN_TYPE
    if key in DOC_TYPE_COLOURS:
        return DOC_TYPE_COLOURS[key]
    digest = int(hashlib.sha1(key.encode("utf-8")).hexdigest(), 16)
    return _SPARE_COLOURS[digest % len(_SPARE_COLOURS)]


# ------------------------------------------------------------------ pages and dates


def page_label(page: int | None) -> str:
    """'pagina 3'; a text or HTML letter has no page numbers."""
    return f"pagina {page}" if page else "geen paginanummer"


def pages_label(n: int) -> str:
    return count_text(n, "pagina", "pagina's")


OCR_NOTE = "gelezen met OCR"


def ocr_note(engine: str | None = None, quality: float | None = None) -> str:
    """'gelezen met OCR (tesseract 5.3.0 (nld), 92% leesbaar)': the page was read from its image."""
    bits = [engine or ""]
    if quality is not None:
        bits.append(f"{round(quality * 100)}% leesbaar")
    detail = ", ".join(b for b in bits if b)
    return f"{OCR_NOTE} ({detail})" if detail else OCR_NOTE


_QUOTED = re.compile(r"'([^']{2,200})'")
_BASIS = [  # (the store's prefix, how the app says it); the quote after it comes from the letter
    ("letterhead:", "uit het briefhoofd"),
    ("dateline:", "uit de plaats- en datumregel"),
    ("title:", "uit de titel"),
]


def _quotes(text: str) -> str:
    found = [q.strip() for q in _QUOTED.findall(text)]
    return ", ".join(f"'{q}'" for q in dict.fromkeys(found) if q)


def date_basis_text(basis: str | None) -> str:
    """How a letter's date is known, in words: "uit het briefhoofd: 'Datum 14 oktober 2025'",
    "uit letters.csv, afgeleid uit de tekst: 'de brief van 19 januari jl.'".

    Only the letter's own words (between quotes) are kept from an explanation written in English.
    """
    basis = " ".join((basis or "").split())
    if not basis:
        return "datum onbekend"
    for prefix, dutch in _BASIS:
        if basis.startswith(prefix):
            quoted = _quotes(basis[len(prefix) :])
            return f"{dutch}: {quoted}" if quoted else dutch
    if basis.startswith("inferred:"):
        quoted = _quotes(basis)
        said = "afgeleid uit de tekst: de laatste datum die de brief noemt"
        return f"{said} ({quoted})" if quoted else said
    if basis.startswith("no date found"):
        return "geen datum gevonden in het briefhoofd, de metadata of de tekst"
    source, sep, rest = basis.partition(":")
    if basis.startswith("sidecar "):
        return f"uit {basis.removeprefix('sidecar ')}"
    if sep and source.strip().endswith((".csv", ".json")):
        head = f"uit {source.strip()}"
        if rest.strip().lower().startswith(("inferred", "afgeleid")):
            head += ", afgeleid uit de tekst"
        quoted = _quotes(rest)
        return f"{head}: {quoted}" if quoted else head
    quoted = _quotes(basis)
    return f"uit de metadata bij de brief: {quoted}" if quoted else "uit de metadata bij de brief"


# ------------------------------------------------------------------ the upload box

# Streamlit's file uploader has English text built in ("Upload", "200MB per file • PDF"): it has no
# language setting (streamlit 1.67). The app hides that text with CSS and says it in Dutch itself.
UPLOAD_BUTTON = "Bestanden kiezen"
UPLOAD_DROP = "Laat de bestanden hier los"


def upload_hint(types: list[str], max_mb: int, max_files: int | None = None, what: str = "brieven") -> str:
    """'Sleep brieven naar het vak of klik op ... · PDF, TXT of HTML · tot 50 MB per bestand'."""
    names = list(dict.fromkeys("HTML" if t.lower() in ("htm", "html") else t.upper() for t in types))
    kinds = ", ".join(names[:-1]) + f" of {names[-1]}" if len(names) > 1 else names[0]
    extra = f", hoogstens {max_files} tegelijk" if max_files else ""
    return (
        f"Sleep {what} naar het vak of klik op '{UPLOAD_BUTTON}' · {kinds} · "
        f"tot {max_mb} MB per bestand{extra}"
    )


UPLOADER_CSS = f"""
<style>
[data-testid="stFileUploaderDropzoneInstructions"] {{display: none;}}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] {{display: none;}}
[data-testid="stFileUploaderDropzone"] button::after {{content: "{UPLOAD_BUTTON}"; margin-left: .4em;}}
[data-testid="stFileUploaderDropzone"] > div:not([data-testid]) > * {{display: none;}}
[data-testid="stFileUploaderDropzone"] > div:not([data-testid])::after {{content: "{UPLOAD_DROP}";}}
</style>
"""

EMPTY_STORE = "Nog geen brieven — upload er een op de pagina Overzicht."
