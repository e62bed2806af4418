"""The reader's reasons (`ReadError`, in English for the log) as a clerk reads them, in Dutch.

One place for the CLI and the app: every reason the reading stage gives has its Dutch here
(tests/test_read.py checks that each one does).
"""

from __future__ import annotations

import re

from raadsbrieven.ingest.filetypes import KINDS

_KIND = {k.what: k for k in KINDS}
_REASONS: list[tuple[str, str]] = [
    (r"the file is empty", "het bestand is leeg"),
    (
        r"the file is named \.pdf but is not a PDF.*",
        "het bestand heet .pdf maar is geen PDF (het begint niet met %PDF-)",
    ),
    (r"the file is binary, not text", "het bestand is binair (geen tekst, geen PDF, geen Word, geen HTML)"),
    (r"the file has no text", "het bestand bevat geen tekst"),
    (
        r"the PDF is encrypted.*",
        "de PDF is beveiligd met een wachtwoord; sla een onbeveiligde kopie op en lees die in",
    ),
    (
        r"the PDF is damaged and cannot be opened \((.*)\)",
        "de PDF is beschadigd en kan niet worden geopend ({0})",
    ),
    (
        r"the PDF is damaged: reading its pages failed \((.*)\)",
        "de PDF is beschadigd: de pagina's zijn niet te lezen ({0})",
    ),
    (r"the PDF has no pages", "de PDF heeft geen pagina's"),
    (
        r"the PDF has no text layer.*",
        "de PDF heeft geen tekstlaag (een scan?); laat er eerst tekstherkenning (OCR) op los",
    ),
    (
        r"the Word file is damaged and cannot be opened \((.*)\)",
        "het Word-bestand is beschadigd en kan niet worden geopend ({0}); "
        "sla het opnieuw op als .docx of PDF",
    ),
    (r"the Word file has no text", "het Word-bestand bevat geen tekst"),
    (r"cannot open the file \((.*)\)", "het bestand kan niet worden geopend ({0})"),
    (r"could not be processed \((.*)\)", "het bestand kon niet worden verwerkt ({0})"),
    (r"no such file or folder", "het bestand of de map bestaat niet"),
]
_NOT_A_LETTER = re.compile(r"the file is (.+?)(?: renamed to (\.\w+))?, not a letter(?:: .*)?", re.S)


def dutch_reason(message: str) -> str:
    """The reader's reason in Dutch; an unknown reason is passed on as it is."""
    m = _NOT_A_LETTER.fullmatch(message)
    if m and m.group(1) in _KIND:
        kind = _KIND[m.group(1)]
        as_named = f", hernoemd naar {m.group(2)}" if m.group(2) else ""
        return f"het bestand is {kind.wat}{as_named}, geen brief: {kind.doen}"
    for pattern, dutch in _REASONS:
        m = re.fullmatch(pattern, message, re.S)
        if m:
            return dutch.format(*m.groups())
    return message
