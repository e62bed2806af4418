"""OCR for PDF pages without a usable text layer, and a text-quality score for every page.

A page is read from its image when its text layer is not usable: no text while something is drawn
on it, a few words over a page-sized picture (a scan with a stamp or a running header), or text
that is not readable Dutch (a layer whose font maps to the wrong letters). The page is rendered by
pdfium at 300 dpi and read by Tesseract in Dutch (`tesseract-ocr`, `tesseract-ocr-nld`), called as a
program: one process per page, `OMP_THREAD_LIMIT=1` (Tesseract's threads only compete with the
other workers), the image on its standard input, TSV (words with boxes, lines, paragraphs) on its
output. The page then says it was OCR'd, by which engine and version, and how readable it is.

The score is the share of a page's words that are Dutch: found in spaCy's Dutch lemma lookup (which
ships with `spacy-lookups-data`) or a list of function words, or made of two such words (Dutch
compounds). Names and numbers are not judged.

Without Tesseract, a PDF most of whose pages need OCR is refused with a message saying how to
install it; a PDF with a few such pages is read from the pages that have text.
"""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import subprocess

from raadsbrieven.ingest.read import Line, RawPage, ReadError, with_paragraph_gaps
from raadsbrieven.nl.lexicon import spacy_lemmas

DPI = 300
LANG = "nld"
TIMEOUT = 300  # seconds for one page; a page that takes longer keeps what its text layer had
INSTALL_HINT = "install Tesseract OCR with Dutch: apt-get install tesseract-ocr tesseract-ocr-nld"
MIN_QUALITY = 0.5  # below this share of Dutch words a page's text is not usable
MIN_WORDS = 20  # fewer words than this over a page-sized picture: the picture holds the text
PICTURE_SHARE = 0.3  # a picture covering this much of the page may hold its text
MAX_JUDGED = 300  # words of a page judged for its score: enough to tell Dutch from noise

FUNCTION_WORDS = set(
    """
    de het een en of van in op te voor met aan door bij uit tot naar over om als dan dat die dit deze
    er is zijn was waren wordt worden werd werden heeft hebben had hadden kan kunnen zal zullen zou
    zouden moet moeten mag mogen wil willen niet geen ook nog al wel meer minder zeer zo hoe wat wie
    waar wanneer waarom welke welk u uw wij we ons onze zij ze hij zijn haar hun hen mij me mijn jij je
    jullie ik men iets niets alle alles elk elke ieder iedere andere ander beide veel weinig enkele
    onder boven tussen tegen zonder na sinds tijdens binnen buiten via per sinds vanaf volgens omdat
    doordat hoewel zodat terwijl indien mits tenzij want maar dus toch echter alsmede respectievelijk
    hierbij hiermee hierover hiervan hiervoor daarbij daarmee daarover daarvan daarvoor daarnaast
    daarom waarbij waarmee waarover waarvan waarvoor reeds thans tevens eveneens inmiddels hetzelfde
    dezelfde zich zelf elkaar jl. nr. mr. dr. drs. ir. ing. bijv. o.a. m.b.t. t.a.v. i.v.m. e.d. enz.
    daar hier nu toen straks ooit altijd nooit soms vaak even eens zowel noch zelfs alleen slechts ongeveer
    circa bijna ruim tenminste althans namelijk bovendien ondanks jegens omtrent nabij behalve
    """.split()
)
_WORD = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*\.?")


@functools.lru_cache(maxsize=1)
def lexicon() -> frozenset[str]:
    """Dutch word forms: spaCy's Dutch lemmas (`spacy-lookups-data`) and their forms, and function words."""
    words: set[str] = set(FUNCTION_WORDS)
    table = spacy_lemmas("lookup")  # without the tables only the function words count
    words.update(k.lower() for k in table)
    words.update(v.lower() for v in table.values())
    for lemmas in spacy_lemmas("index").values():
        words.update(w.lower() for w in lemmas)
    return frozenset(words)


def _known(word: str, words: frozenset[str]) -> bool:
    w = word.lower().strip(".")
    if w in words or len(w) <= 1:
        return True
    if "-" in w or "'" in w or "’" in w:
        return all(_known(p, words) for p in re.split(r"['’-]", w) if p)
    for i in range(3, len(w) - 2):  # a compound of two known words, maybe with a linking s or e(n)
        head, tail = w[:i], w[i:]
        if tail in words and (head in words or head[:-1] in words or head[:-2] in words):
            return True
    return False


def text_quality(text: str) -> float | None:
    """Share of the text's words (not names, not numbers) that are Dutch, 0-1.

    None when there are fewer than 5 words to judge in a short text; 0 for a long text without words
    (symbols).
    """
    tokens = _WORD.findall(text)[:MAX_JUDGED]
    judged = [t for t in tokens if not t[0].isupper() or t.isupper() and len(t) > 3]
    if len(judged) < 5:
        judged = tokens
    if len(judged) < 5:
        return 0.0 if len("".join(text.split())) >= 100 else None
    words = lexicon()
    known = sum(1 for t in judged if _known(t, words))
    score = known / len(judged)
    letters = sum(map(str.isalpha, text))
    visible = len("".join(text.split()))
    if visible and letters / visible < 0.5:  # mostly symbols: not text, whatever its few words say
        score *= letters / visible / 0.5
    return round(score, 3)


# ---------------------------------------------------------------- Tesseract


@functools.lru_cache(maxsize=1)
def engine() -> str | None:
    """'tesseract 5.3.0 (nld)' when Tesseract and its Dutch data are installed, else None."""
    exe = shutil.which("tesseract")
    if not exe:
        return None
    try:
        version = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=30)
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    if LANG not in langs.stdout.split():
        return None
    first = (version.stdout or version.stderr).strip().splitlines()
    name = first[0].strip() if first else "tesseract"
    return f"{name} ({LANG})"


def ocr_image(image, dpi: int = DPI) -> list[Line]:  # noqa: ANN001 - a PIL image
    """The lines Tesseract reads on a page image, with their positions in points from the page top."""
    buf = io.BytesIO()
    image.convert("L").save(buf, format="PPM")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    cmd = ["tesseract", "-", "-", "-l", LANG, "--dpi", str(dpi), "tsv"]
    done = subprocess.run(cmd, input=buf.getvalue(), capture_output=True, env=env, timeout=TIMEOUT)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode("utf-8", "replace").strip()[-300:] or "tesseract failed")
    return tsv_lines(done.stdout.decode("utf-8", "replace"), dpi)


def tsv_lines(tsv: str, dpi: int = DPI) -> list[Line]:
    """Tesseract's TSV as lines; a new block or paragraph starts after an empty line."""
    scale = 72.0 / dpi
    rows = [r.split("\t") for r in tsv.splitlines()[1:]]
    words: dict[tuple[int, int, int], list[str]] = {}
    boxes: dict[tuple[int, int, int], tuple[int, int]] = {}
    for r in rows:
        if len(r) < 12:
            continue
        level, block, par, line = int(r[0]), int(r[2]), int(r[3]), int(r[4])
        key = (block, par, line)
        if level == 4:
            boxes[key] = (int(r[7]), int(r[9]))
        elif level == 5 and r[11].strip() and float(r[10]) >= 0:
            words.setdefault(key, []).append(r[11].strip())
    out: list[Line] = []
    last_par = None
    for key in sorted(words, key=lambda k: (k[0], k[1], k[2])):
        top, height = boxes.get(key, (0, 0))
        if last_par is not None and key[:2] != last_par:
            out.append(Line(""))
        last_par = key[:2]
        size = round(height * scale * 0.8, 2) or None
        out.append(Line(" ".join(words[key]), round(top * scale, 2), round((top + height) * scale, 2), size))
    return out


# ---------------------------------------------------------------- which pages


def picture_share(page) -> float:  # noqa: ANN001 - a pypdfium2 page
    """How much of the page its largest image (or form holding one) covers, 0-1."""
    import ctypes

    import pypdfium2.raw as raw

    width, height = page.get_size()
    area = width * height or 1.0
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    best = 0.0
    for i in range(raw.FPDFPage_CountObjects(page.raw)):
        obj = raw.FPDFPage_GetObject(page.raw, i)
        if raw.FPDFPageObj_GetType(obj) not in (
            raw.FPDF_PAGEOBJ_IMAGE,
            raw.FPDF_PAGEOBJ_FORM,
        ):
            continue
        if raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            w = min(right.value, width) - max(left.value, 0.0)
            h = min(top.value, height) - max(bottom.value, 0.0)
            if w > 0 and h > 0:
                best = max(best, w * h / area)
    return min(best, 1.0)


def needs_ocr(page, read: RawPage, chars: int) -> bool:  # noqa: ANN001 - a pypdfium2 page
    """Whether the page's text layer is not usable, so its image must be read (sets read.quality)."""
    text = read.text
    read.quality = text_quality(text) if text.strip() else None
    words = len(_WORD.findall(text))
    if words >= MIN_WORDS:
        return read.quality is not None and read.quality < MIN_QUALITY
    return picture_share(page) >= (0.1 if not text.strip() else PICTURE_SHARE)


class PageReader:
    """The per-page OCR step for `pdf.read_pdf`: decides, renders, reads, and counts what it skipped."""

    def __init__(self, use_ocr: bool = True) -> None:
        self.ocr_engine = engine() if use_ocr else None
        self.wanted = 0  # pages that needed OCR
        self.failures: list[str] = []

    def __call__(self, page, number: int, read: RawPage, chars: int) -> RawPage:  # noqa: ANN001
        if not needs_ocr(page, read, chars):
            return read
        self.wanted += 1
        if self.ocr_engine is None:
            return read
        try:
            image = page.render(scale=DPI / 72, grayscale=True).to_pil()
            lines = ocr_image(image)
        except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
            self.failures.append(f"page {number}: {exc}")
            return read
        text = "\n".join(ln.text for ln in lines)
        quality = text_quality(text)
        if not text.strip() or (quality is not None and quality < MIN_QUALITY):
            return read  # nothing readable on the picture either (a chart, a photo, a logo)
        layer_words = len(_WORD.findall(read.text))
        if layer_words >= MIN_WORDS:  # a garbled layer: the picture must read better
            if quality is None or read.quality is None or quality <= read.quality:
                return read
        elif len(_WORD.findall(text)) <= layer_words:  # a stamp or header over a picture: more words
            return read
        return RawPage(
            number,
            with_paragraph_gaps(lines),
            read.height,
            ocr=True,
            ocr_engine=self.ocr_engine,
            quality=quality,
        )


def read_pdf_with_ocr(data: bytes, use_ocr: bool = True) -> tuple[list[RawPage], dict[str, str]]:
    """A PDF's pages through pdfium, pages without a usable text layer through OCR."""
    from raadsbrieven.ingest.pdf import read_pdf

    reader = PageReader(use_ocr)
    pages, meta = read_pdf(data, reader)
    if not pages:
        raise ReadError("the PDF has no pages")
    has_text = any(line.text.strip() for page in pages for line in page.lines)
    scanned = reader.wanted * 2 >= len(pages)
    if reader.wanted and reader.ocr_engine is None and (scanned or not has_text):
        if not use_ocr:
            raise ReadError("the PDF has no text layer (a scanned document?); run OCR on it first")
        raise ReadError(f"the PDF has no text layer (a scanned document?); to read it, {INSTALL_HINT}")
    if not has_text:
        if reader.wanted:
            n = len(pages)
            raise ReadError(
                f"the PDF has no text layer, and OCR found no readable text on its {n} "
                f"page{'s' if n != 1 else ''} (a scan of a picture?)"
            )
        raise ReadError("the PDF has no text layer and nothing drawn on its pages to read")
    return pages, meta


# ---------------------------------------------------------------- measuring OCR


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions), bit-parallel (Myers/Hyyrö)."""
    if len(a) < len(b):
        a, b = b, a
    m = len(b)
    if m == 0:
        return len(a)
    peq: dict[str, int] = {}
    for i, c in enumerate(b):
        peq[c] = peq.get(c, 0) | (1 << i)
    full, top = (1 << m) - 1, 1 << (m - 1)
    pv, mv, score = full, 0, m
    for c in a:
        eq = peq.get(c, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & full)
        mh = pv & xh
        if ph & top:
            score += 1
        elif mh & top:
            score -= 1
        ph = ((ph << 1) | 1) & full
        mh = (mh << 1) & full
        pv = mh | (~(xv | ph) & full)
        mv = ph & xv
    return score


def char_error_rate(reference: str, hypothesis: str) -> float:
    """Edits to turn the OCR text into the reference, per reference character (spaces collapsed)."""
    ref, hyp = " ".join(reference.split()), " ".join(hypothesis.split())
    return edit_distance(ref, hyp) / max(len(ref), 1)
