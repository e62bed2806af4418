"""What a file is by its first bytes, when it is not a letter we read, and what the user can do.

The reader reads PDF, Word (.docx), HTML and text. Everything else that arrives with letters —
a photo of a letter, a spreadsheet, an old Word file, an Outlook message, a ZIP — is named as what
it is, with what to do, in English for the log (the reader's reason) and in Dutch for the user
(`ingest/reasons.py`).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Kind:
    """A kind of file that is no letter: its name and fix in English and Dutch, its usual suffixes."""

    what: str
    fix: str
    wat: str  # Dutch
    doen: str  # Dutch: what to do
    suffixes: tuple[str, ...]


IMAGE_FIX = ("convert it to PDF or run OCR on it", "maak er een PDF van of laat OCR lopen")
OFFICE_FIX = ("save it as .docx or PDF", "sla het op als .docx of PDF")


def _image(name: str, *suffixes: str) -> Kind:
    return Kind(f"a {name} image", IMAGE_FIX[0], f"een afbeelding ({name})", IMAGE_FIX[1], suffixes)


PNG = _image("PNG", ".png")
JPEG = _image("JPEG", ".jpg", ".jpeg", ".jfif")
GIF = _image("GIF", ".gif")
TIFF = _image("TIFF", ".tif", ".tiff")
WEBP = _image("WebP", ".webp")
HEIC = _image("HEIC", ".heic", ".heif")
SPREADSHEET = Kind(
    "a spreadsheet",
    "import a toezeggingenlijst with `raadsbrieven register import`; save anything else as PDF",
    "een spreadsheet",
    "een toezeggingenlijst lees je in met `raadsbrieven register import`; sla iets anders op als PDF",
    (".xlsx", ".xlsm", ".xls", ".ods", ".csv"),
)
OLD_WORD = Kind(
    "an old Word file (.doc)",
    "open it in Word and save it as .docx or PDF",
    "een oud Word-bestand (.doc)",
    "open het in Word en sla het op als .docx of PDF",
    (".doc", ".dot"),
)
PRESENTATION = Kind(
    "a presentation", "save it as PDF", "een presentatie", "sla het op als PDF", (".pptx", ".ppt", ".odp")
)
OPEN_TEXT = Kind("an OpenDocument text", OFFICE_FIX[0], "een OpenDocument-tekst", OFFICE_FIX[1], (".odt",))
RTF = Kind("an RTF file", OFFICE_FIX[0], "een RTF-bestand", OFFICE_FIX[1], (".rtf",))
OUTLOOK = Kind(
    "an Outlook message",
    "save the letter attached to it as a file of its own",
    "een Outlook-bericht",
    "sla de brief in de bijlage apart op",
    (".msg",),
)
PROTECTED = Kind(
    "a password-protected Office file",
    "save an unprotected copy",
    "een met een wachtwoord beveiligd Office-bestand",
    "sla een onbeveiligde kopie op",
    (".docx", ".xlsx", ".pptx", ".doc", ".xls", ".ppt"),
)
OLD_OFFICE = Kind("an old Office file", OFFICE_FIX[0], "een oud Office-bestand", OFFICE_FIX[1], (".doc",))
ARCHIVE = Kind(
    "a ZIP archive",
    "unpack it and ingest the letters in it",
    "een ZIP-archief",
    "pak het uit en lees de brieven erin in",
    (".zip",),
)
DAMAGED = Kind(
    "a damaged ZIP archive (or Word/Excel file)",
    "save it again from the program that made it",
    "een beschadigd ZIP-archief (of Word-/Excelbestand)",
    "sla het opnieuw op vanuit het programma waarmee het is gemaakt",
    (".zip",),
)
KINDS = (PNG, JPEG, GIF, TIFF, WEBP, HEIC, SPREADSHEET, OLD_WORD, PRESENTATION, OPEN_TEXT, RTF)
KINDS += (OUTLOOK, PROTECTED, OLD_OFFICE, ARCHIVE, DAMAGED)

MAGIC = {
    b"\x89PNG": PNG,
    b"\xff\xd8\xff": JPEG,
    b"GIF8": GIF,
    b"II*\x00": TIFF,
    b"MM\x00*": TIFF,
    b"{\\rtf": RTF,
}
OLE = b"\xd0\xcf\x11\xe0"
ZIP = b"PK\x03\x04"


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def sniff(data: bytes, name: str = "") -> Kind | str | None:
    """'docx' for a Word letter; a Kind for a file that is no letter; None for anything else.

    A damaged ZIP named .docx counts as a Word letter, so the Word reader can say it is damaged.
    """
    head = data[:16]
    for magic, kind in MAGIC.items():
        if head.startswith(magic):
            return kind
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return WEBP
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1"):
        return HEIC
    if head.startswith(ZIP):
        kind = _zip_kind(data)
        return "docx" if kind is DAMAGED and name.lower().endswith(".docx") else kind
    if head.startswith(OLE):
        return _ole_kind(data)
    return None


def _zip_kind(data: bytes) -> Kind | str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype").decode("ascii", "replace") if "mimetype" in names else ""
    except (zipfile.BadZipFile, OSError, ValueError):
        return DAMAGED
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names or mimetype.endswith("spreadsheet"):
        return SPREADSHEET
    if "ppt/presentation.xml" in names or mimetype.endswith("presentation"):
        return PRESENTATION
    if mimetype.endswith("opendocument.text"):
        return OPEN_TEXT
    return ARCHIVE


def _ole_kind(data: bytes) -> Kind:
    """An OLE container: old Word, Excel, PowerPoint, Outlook, or an encrypted new Office file."""
    if _utf16("EncryptedPackage") in data:
        return PROTECTED
    if _utf16("WordDocument") in data:
        return OLD_WORD
    if _utf16("Workbook") in data or _utf16("Book") in data:
        return SPREADSHEET
    if _utf16("PowerPoint Document") in data:
        return PRESENTATION
    if _utf16("__substg1.0_") in data:
        return OUTLOOK
    return OLD_OFFICE


def renamed(kind: Kind, name: str) -> str:
    """The file's suffix when it is not one this kind has (`foto.pdf` holding a PNG), else ''."""
    suffix = Path(name).suffix.lower()
    return suffix if suffix and suffix not in kind.suffixes else ""


def reason(kind: Kind, name: str) -> str:
    """The reader's reason (English): `the file is a JPEG image, not a letter: convert it ...`."""
    suffix = renamed(kind, name)
    as_named = f" renamed to {suffix}" if suffix else ""
    return f"the file is {kind.what}{as_named}, not a letter: {kind.fix}"
