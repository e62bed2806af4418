"""Generated test letters: PDFs that look like Dutch council letters, and hostile inputs.

Shipped in the package (like ``datasette/fixtures.py``) so tests, the benchmark and demos
share one builder. Needs the dev dependency fpdf2, imported lazily.

    >>> spec = build_letter_pdf(tmp_path / "brief.pdf", pages=3, seed=1)
    >>> spec.kenmerk, spec.date_iso, spec.pages
    ('8407467', '2021-02-23', 3)

A letter has a running header on every page ("Gemeente Utrecht  Raadsinformatiebrief"), a
letterhead block on page 1 (Retouradres, Datum, Ons kenmerk, Onderwerp), body paragraphs flowing
over the pages, one word hyphenated at a line end ("wacht-" / "tijden"), a real hyphenated name
mid-line ("Noord-West"), a superscript footnote marker with its footnote at the page bottom,
a small table, and a running footer ("Pagina N van M", "N/M" or a lone "N").
``LetterSpec`` records what went in, so tests can assert what a clean reader gets out.

In paragraph text, ``word^1`` draws a superscript footnote marker 1 after ``word``.
"""

from __future__ import annotations

import io
import random
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from raadsbrieven.nl.format import MONTHS

FooterStyle = Literal["pagina", "slash", "number"]

_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_MM_TOP, _MM_BOTTOM, _MM_LEFT, _MM_RIGHT = 32.0, 252.0, 25.0, 185.0  # body area on A4
_LINE = 5.2  # mm per body line (10 pt text)

DEFAULT_ONDERWERP = "Stand van zaken wachttijden jeugdhulp"
DEFAULT_PARAGRAPHS = [
    "In navolging op de raadsbrief van 9 maart 2020 informeerden wij u op 3 november 2020 over de stand "
    "van zaken rond de wachttijden in de jeugdhulp.^1 In deze brief informeren wij u over de voortgang "
    "van de ingezette acties en over de afspraken die we met onze partners hebben gemaakt.",
    "Als gevolg van corona zien we de afgelopen maanden de druk op het tijdig bieden van passende "
    "jeugdhulp toenemen. De wachttijden voor basis- en specialistische jeugdhulp zijn daardoor opgelopen. "
    "In het laatste kwartaal van 2020 kreeg 85% van de gezinnen binnen 5 werkdagen een gesprek. "
    "In 2019 was dat nog 92%.",
    "In de wijk Noord-West wachten gezinnen gemiddeld 6 tot 8 weken op specialistische jeugdhulp. "
    "Lokalis, KOOS Utrecht en Spoor030 zetten extra professionals in om de wachttijden terug te dringen. "
    "Voor jeugdigen en gezinnen die langer moeten wachten, is er een vaste contactpersoon die minstens "
    "één keer per maand contact opneemt.",
    "Tijdens de commissievergadering van 14 januari 2021 heeft wethouder Diepeveen toegezegd de raad "
    "voor de zomer te informeren over de effecten van de extra inzet (toezegging 926). Met deze brief "
    "geven wij daar gedeeltelijk invulling aan. Wij sturen u in het tweede kwartaal van 2021 een "
    "volledige rapportage.",
    "Het college heeft voor 2021 een bedrag van € 1,5 miljoen beschikbaar gesteld voor de aanpak van de "
    "wachtlijsten. Daarmee kunnen ruim 300 extra trajecten worden gestart. De tabel hieronder geeft het "
    "aantal wachtenden per organisatie op 1 januari 2021.",
    "Wij blijven de ontwikkelingen nauwgezet en kort cyclisch monitoren. Wij informeren u in de volgende "
    "raadsinformatiebrief opnieuw over de stand van zaken.",
]
DEFAULT_FOOTNOTES = {"1": "Raadsbrief 'Stand van zaken jeugdhulp' van 3 november 2020, kenmerk 7712345."}
DEFAULT_TABLE = [
    ["Organisatie", "Wachtenden", "Gem. wachttijd (weken)"],
    ["Lokalis", "312", "6"],
    ["KOOS Utrecht", "187", "9"],
    ["Spoor030", "95", "12"],
]
CLOSING = [
    "Met vriendelijke groet,",
    "Het college van burgemeester en wethouders van {gemeente},",
    "de burgemeester,    de secretaris,",
]

# Filler: sentences with slots, so generated paragraphs never repeat a line (a repeated line
# across pages would look like a running header to a cleaner).
_WIJKEN = ["Noord-West", "Overvecht", "Leidsche Rijn", "Zuidwest", "Vleuten-De Meern", "Kanaleneiland"]
_ORGS = ["Lokalis", "KOOS Utrecht", "Spoor030", "het buurtteam", "de GGD", "de woningcorporatie"]
_FILLER = [
    "In {wijk} kreeg {pct}% van de aanvragers binnen {n} werkdagen een eerste gesprek.",
    "De gemiddelde wachttijd in {wijk} daalde in {year} van {w2} naar {w1} weken.",
    "{Org} meldt dat het aantal aanmeldingen in het {q} kwartaal van {year} met {pct}% is gestegen.",
    "Wij hebben met {org} afgesproken dat de wachttijden uiterlijk eind {year2} zijn teruggebracht.",
    "Voor de uitvoering is in {year} een bedrag van € {m} miljoen beschikbaar gesteld.",
    "Van de {big} wachtenden in {wijk} wacht ongeveer {pct}% langer dan {w2} weken.",
    "De ervaringen in {wijk} nemen wij mee in de verdere aanpak in andere wijken.",
    "Op de bijeenkomst van {day} {month} {year} hebben bewoners van {wijk} hun zorgen gedeeld.",
    "Wij verwachten dat de maatregelen in de loop van {year2} effect hebben op de wachtlijsten.",
    "Het aantal meldingen over overlast in {wijk} nam toe tot {big} in {year}.",
    "Daarnaast werken wij samen met {org} aan een nieuwe werkwijze voor de toegang.",
    "In {wijk} startten in {year} ruim {n}0 nieuwe trajecten.",
]
SUBJECTS = [
    "Stand van zaken wachttijden jeugdhulp",
    "Voortgang aanpak wachtlijsten specialistische jeugdhulp",
    "Uitvoering motie wachttijden buurtteams",
    "Stand van zaken schuldhulpverlening",
    "Voortgang woningbouwprogramma",
    "Evaluatie pilot afvalinzameling",
    "Verkeersveiligheid rond basisscholen",
    "Halfjaarrapportage sociaal domein",
]
GEMEENTEN = ["Utrecht", "Amersfoort", "Nieuwegein", "Zeist", "Houten", "Den Helder"]


@dataclass
class LetterSpec:
    """What a generated letter contains: the ground truth for reader and cleaning tests."""

    path: Path
    gemeente: str
    date: str  # as printed: "23 februari 2021"
    date_iso: str  # "2021-02-23"
    kenmerk: str
    onderwerp: str
    doc_type: str
    pages: int
    paragraphs: list[str]  # expected clean body text: markers removed, hyphenation undone
    sentences: list[str]
    header: str  # running header line, as pdfplumber extracts it
    footers: list[str]  # running footer per page
    letterhead: list[str]  # page-1 letterhead lines
    hyphenated: tuple[str, str] | None  # ("wacht-", "tijden") drawn at a line break
    hyphenated_word: str | None  # "wachttijden"
    hyphenated_page: int | None
    kept_hyphens: list[str]  # real hyphens that must survive, e.g. "Noord-West"
    line_end_hyphens: list[tuple[int, str, str, bool]]  # (page, left, right, join?) per line ending "-"
    footnotes: list[tuple[str, str, int]]  # (marker, text, page)
    table: list[list[str]]
    table_page: int | None
    closing: list[str]
    seed: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def dutch_date(iso: str) -> str:
    """'2021-02-23' -> '23 februari 2021'."""
    d = datetime.strptime(iso, "%Y-%m-%d")
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def iso_date(dutch: str) -> str:
    """'23 februari 2021' -> '2021-02-23'."""
    day, month, year = dutch.split()
    return f"{int(year):04d}-{MONTHS.index(month.lower()) + 1:02d}-{int(day):02d}"


def clean_text(text: str) -> str:
    """Paragraph source text as a clean reader should return it: footnote markers removed."""
    return re.sub(r"\^\d+", "", text)


def split_sentences(text: str) -> list[str]:
    """Naive split, good enough for the builder's own controlled text."""
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9€])", text.strip()) if s]


def filler_paragraph(rng: random.Random, sentences: int = 4) -> str:
    """A paragraph of varied, realistic Dutch sentences with numbers, places and periods."""
    out = []
    for template in rng.sample(_FILLER, sentences):
        org = rng.choice(_ORGS)
        year = rng.randint(2018, 2023)
        out.append(
            template.format(
                wijk=rng.choice(_WIJKEN),
                pct=rng.randint(5, 95),
                n=rng.randint(2, 15),
                w1=rng.randint(2, 6),
                w2=rng.randint(7, 14),
                year=year,
                year2=year + 1,
                q=rng.choice(["eerste", "tweede", "derde", "laatste"]),
                org=org,
                Org=org[0].upper() + org[1:],
                m=f"{rng.randint(1, 9)},{rng.randint(1, 9)}",
                big=rng.randint(100, 2500),
                day=rng.randint(1, 28),
                month=rng.choice(MONTHS),
            )
        )
    return " ".join(out)


def _new_pdf(title: str, author: str, when: datetime) -> Any:
    from fpdf import FPDF

    pdf = FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(_MM_LEFT, _MM_TOP)
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_creator("tests.letters")
    pdf.set_creation_date(when)  # reproducible bytes for the same input
    if (_FONT_DIR / "DejaVuSans.ttf").exists():
        pdf.add_font("Body", "", str(_FONT_DIR / "DejaVuSans.ttf"))
        pdf.add_font("Body", "B", str(_FONT_DIR / "DejaVuSans-Bold.ttf"))
        pdf.body_font = "Body"
    else:  # core font: Latin-1 only
        pdf.body_font = "helvetica"
    return pdf


def _safe(pdf: Any, text: str) -> str:
    if pdf.body_font != "helvetica":
        return text
    for a, b in {"€": "EUR", "‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "…": "..."}.items():
        text = text.replace(a, b)
    return text


class _Layout:
    """Places words line by line so the builder knows where every line ends."""

    def __init__(
        self, pdf: Any, spec: LetterSpec, footer_style: FooterStyle, breaks: list[tuple[str, int, bool]]
    ) -> None:
        self.pdf, self.spec, self.footer_style = pdf, spec, footer_style
        self.breaks = breaks  # (word, split index, join?) still to force at a line end
        self.y = _MM_TOP
        self.page_notes: dict[int, list[tuple[str, str]]] = {}

    # page furniture -------------------------------------------------------------
    def font(self, size: float, bold: bool = False) -> None:
        self.pdf.set_font(self.pdf.body_font, "B" if bold else "", size)

    def new_page(self) -> None:
        pdf = self.pdf
        if pdf.page:
            self.finish_page()
        pdf.add_page()
        self.font(9, bold=True)
        pdf.text(_MM_LEFT, 16, f"Gemeente {self.spec.gemeente}")
        self.font(9)
        right = self.spec.doc_type
        pdf.text(_MM_RIGHT - pdf.get_string_width(right), 16, right)
        pdf.set_line_width(0.2)
        pdf.line(_MM_LEFT, 18.5, _MM_RIGHT, 18.5)
        self.y = _MM_TOP

    def finish_page(self) -> None:
        pdf, n = self.pdf, self.pdf.page
        notes = self.page_notes.get(n, [])
        if notes:
            y = 262.0
            pdf.line(_MM_LEFT, y - 4, _MM_LEFT + 40, y - 4)
            for marker, text in notes:
                self.font(5.5)
                pdf.text(_MM_LEFT, y - 1.2, marker)
                self.font(7.5)
                pdf.text(_MM_LEFT + 2.5, y, _safe(pdf, text))
                self.spec.footnotes.append((marker, text, n))
                y += 3.8
        self.font(8)
        label = {"pagina": f"Pagina {n} van {{nb}}", "slash": f"{n}/{{nb}}", "number": str(n)}
        pdf.set_xy(_MM_LEFT, 281.5)  # cell(), unlike text(), fills in the {nb} alias
        pdf.cell(_MM_RIGHT - _MM_LEFT, 5, label[self.footer_style], align="R")

    def need(self, height: float) -> None:
        if self.y + height > _MM_BOTTOM:
            self.new_page()

    # body -----------------------------------------------------------------------
    def line_text(self, x: float, words: list[str], size: float = 10, bold: bool = False) -> None:
        """Draw one line; tokens like ``word^1`` get a superscript marker."""
        pdf = self.pdf
        for i, token in enumerate(words):
            m = re.fullmatch(r"(.*?)\^(\d+)(.*)", token)
            parts = [(m[1], False), (m[2], True), (m[3], False)] if m else [(token, False)]
            if i < len(words) - 1:
                parts[-1] = (parts[-1][0] + " ", parts[-1][1])
            for text, sup in parts:
                if not text:
                    continue
                self.font(size * 0.6 if sup else size, bold)
                pdf.text(x, self.y - (1.4 if sup else 0), _safe(pdf, text))
                x += pdf.get_string_width(_safe(pdf, text))
                if sup:
                    self.notes_on_page(text)

    def notes_on_page(self, marker: str) -> None:
        text = self.spec.extra["footnote_texts"].get(marker)
        if text:
            self.page_notes.setdefault(self.pdf.page, []).append((marker, text))

    def width(self, words: list[str], size: float = 10) -> float:
        self.font(size)
        return self.pdf.get_string_width(_safe(self.pdf, " ".join(clean_text(w) for w in words)))

    def paragraph(self, text: str, size: float = 10, bold: bool = False) -> None:
        lines: list[list[str]] = [[]]
        max_w = _MM_RIGHT - _MM_LEFT
        pending = text.split()
        forced: list[tuple[int, str, str, bool]] = []  # (line index, left, right, join)
        while pending:
            word = pending.pop(0)
            core = re.sub(r"[^\w-]", "", clean_text(word))
            hit = next((b for b in self.breaks if b[0] == core), None)
            if hit and lines[-1]:
                k = word.index(core) + hit[1]
                left, right = (word[:k] + "-", word[k:]) if hit[2] else (word[: k + 1], word[k + 1 :])
                if self.width(lines[-1] + [left], size) <= max_w:
                    lines[-1].append(left)
                    forced.append((len(lines) - 1, left, right, hit[2]))
                    lines.append([])
                    if right:
                        pending.insert(0, right)
                    self.breaks.remove(hit)
                    continue
            if lines[-1] and self.width(lines[-1] + [word], size) > max_w:
                lines.append([])
            lines[-1].append(word)
        for i, words in enumerate(lines):
            self.need(_LINE)
            self.line_text(_MM_LEFT, words, size, bold)
            last = clean_text(words[-1])
            if last.endswith("-") and i + 1 < len(lines):
                f = next((f for f in forced if f[0] == i), None)
                right = clean_text(lines[i + 1][0])
                join = f[3] if f else False
                self.spec.line_end_hyphens.append((self.pdf.page, last, right, join))
                if f and f[3]:
                    self.spec.hyphenated = (f[1], f[2])
                    self.spec.hyphenated_page = self.pdf.page
            self.y += _LINE
        self.y += _LINE * 0.6

    def table(self, rows: list[list[str]]) -> None:
        pdf = self.pdf
        widths = [60.0] + [45.0] * (len(rows[0]) - 1)
        if sum(widths) > _MM_RIGHT - _MM_LEFT:  # many columns (one per year): narrower value columns
            rest = (_MM_RIGHT - _MM_LEFT - widths[0]) / (len(widths) - 1)
            widths = [widths[0]] + [rest] * (len(widths) - 1)
        self.need(6.5 * len(rows) + 4)
        self.spec.table_page = pdf.page
        for r, row in enumerate(rows):
            x = _MM_LEFT
            for c, cell in enumerate(row):
                self.font(9, bold=r == 0)
                pdf.rect(x, self.y - 4.6, widths[c], 6.5)
                tx = x + 1.5 if c == 0 else x + widths[c] - 1.5 - pdf.get_string_width(cell)
                pdf.text(tx, self.y, cell)
                x += widths[c]
            self.y += 6.5
        self.y += _LINE


def build_letter_pdf(
    path: str | Path,
    *,
    date: str = "23 februari 2021",
    kenmerk: str = "8407467",
    onderwerp: str = DEFAULT_ONDERWERP,
    paragraphs: list[str] | None = None,
    pages: int = 2,
    seed: int = 0,
    gemeente: str = "Utrecht",
    doc_type: str = "Raadsinformatiebrief",
    footer_style: FooterStyle = "pagina",
    hyphenate: tuple[str, int] | None = ("wachttijden", 5),
    split_compound: str | None = None,
    kept_hyphens: tuple[str, ...] = ("Noord-West",),
    footnotes: dict[str, str] | None = None,
    table: list[list[str]] | None = None,
    table_after: int = 5,
    password: str | None = None,
    owner_password: str | None = None,
) -> LetterSpec:
    """Write a council-letter PDF to ``path`` and return what it contains.

    ``pages`` is the number of pages to fill: generated filler paragraphs (seeded) follow
    ``paragraphs`` until the body reaches that page. ``hyphenate=(word, k)`` breaks the first
    occurrence of ``word`` that fits as ``word[:k] + "-"`` / ``word[k:]`` at a line end;
    ``split_compound="Noord-West"`` breaks a real hyphenated name at its hyphen (must be kept);
    ``split_compound="basis-"`` ends a line with "basis-" before "en" (must be kept too).
    ``password`` encrypts the file (user password); ``owner_password`` alone restricts permissions
    but the file still opens without a password.
    """
    path = Path(path)
    rng = random.Random(seed)
    paragraphs = list(DEFAULT_PARAGRAPHS if paragraphs is None else paragraphs)
    footnotes = DEFAULT_FOOTNOTES if footnotes is None else footnotes
    table = DEFAULT_TABLE if table is None else table
    iso = iso_date(date)
    spec = LetterSpec(
        path=path,
        gemeente=gemeente,
        date=date,
        date_iso=iso,
        kenmerk=kenmerk,
        onderwerp=onderwerp,
        doc_type=doc_type,
        pages=0,
        paragraphs=[],
        sentences=[],
        header=f"Gemeente {gemeente} {doc_type}",
        footers=[],
        letterhead=[],
        hyphenated=None,
        hyphenated_word=None,
        hyphenated_page=None,
        kept_hyphens=[k for k in kept_hyphens if any(k in p for p in paragraphs)],
        line_end_hyphens=[],
        footnotes=[],
        table=table,
        table_page=None,
        closing=[c.format(gemeente=gemeente) for c in CLOSING],
        seed=seed,
        extra={"footnote_texts": footnotes, "footer_style": footer_style},
    )
    pdf = _new_pdf(onderwerp, f"Gemeente {gemeente}", datetime.fromisoformat(iso + "T09:00:00"))
    breaks: list[tuple[str, int, bool]] = []
    if hyphenate:
        breaks.append((hyphenate[0], hyphenate[1], True))
    if split_compound:
        breaks.append((split_compound, split_compound.index("-"), False))
    lay = _Layout(pdf, spec, footer_style, breaks)
    lay.new_page()

    # letterhead block
    lay.font(7.5)
    retour = f"Retouradres Postbus 16200, 3500 CE {gemeente}"
    pdf.text(_MM_LEFT, lay.y, retour)
    lay.y += 7
    lay.font(10)
    address = ["Aan de gemeenteraad van " + gemeente]
    for line in address:
        pdf.text(_MM_LEFT, lay.y, line)
        lay.y += _LINE
    lay.y += 8
    meta = [("Datum", date), ("Ons kenmerk", kenmerk), ("Onderwerp", onderwerp)]
    for label, value in meta:
        lay.font(8, bold=True)
        pdf.text(_MM_LEFT, lay.y, label)
        lay.font(10)
        pdf.text(_MM_LEFT + 30, lay.y, _safe(pdf, value))
        lay.y += _LINE
    spec.letterhead = [retour, *address, *(f"{a} {b}" for a, b in meta)]
    lay.y += 8
    lay.paragraph("Geachte leden van de raad,")

    body: list[str] = []
    for i, text in enumerate(paragraphs):
        lay.paragraph(text)
        body.append(text)
        if i + 1 == table_after and table:
            lay.table(table)
    while pdf.page < pages:
        text = filler_paragraph(rng, rng.randint(3, 5))
        lay.paragraph(text)
        body.append(text)
    if table and spec.table_page is None:
        lay.table(table)
    lay.need(_LINE * 6)
    for line in spec.closing:
        lay.paragraph(line)
    lay.finish_page()

    spec.pages = pdf.page
    spec.footers = [
        {"pagina": f"Pagina {n} van {pdf.page}", "slash": f"{n}/{pdf.page}", "number": str(n)}[footer_style]
        for n in range(1, pdf.page + 1)
    ]
    spec.paragraphs = [clean_text(p) for p in body]
    spec.sentences = [s for p in spec.paragraphs for s in split_sentences(p)]
    if hyphenate:
        if spec.hyphenated is None:
            raise ValueError(f"could not break {hyphenate[0]!r} at a line end: is it in the paragraphs?")
        spec.hyphenated_word = hyphenate[0]
    if pdf.body_font == "helvetica":
        spec.paragraphs = [_safe(pdf, p) for p in spec.paragraphs]
        spec.sentences = [_safe(pdf, s) for s in spec.sentences]
    if password or owner_password:
        pdf.set_encryption(owner_password=owner_password or password or "", user_password=password)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return spec


def build_corpus(folder: str | Path, n: int, seed: int = 0) -> list[LetterSpec]:
    """Write ``n`` varied letters (dates, kenmerken, subjects, 1-4 pages, footer styles) to ``folder``."""
    folder = Path(folder)
    rng = random.Random(seed)
    specs = []
    for i in range(n):
        year = rng.randint(2017, 2024)
        iso = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        pages = rng.choice([1, 2, 2, 3, 3, 4])
        own = [filler_paragraph(rng, rng.randint(3, 5)) for _ in range(rng.randint(1, 3))]
        own.insert(1, DEFAULT_PARAGRAPHS[2])  # carries "wachttijden" (hyphenated) and "Noord-West"
        specs.append(
            build_letter_pdf(
                folder / f"{i:04d}_{iso}.pdf",
                date=dutch_date(iso),
                kenmerk=str(rng.randint(10**6, 10**7 - 1)),
                onderwerp=rng.choice(SUBJECTS),
                paragraphs=own if pages > 1 else own[:2],
                pages=pages,
                seed=rng.randint(0, 10**9),
                gemeente=rng.choice(GEMEENTEN),
                doc_type=rng.choice(["Raadsinformatiebrief", "Raadsbrief", "Collegebrief"]),
                footer_style=rng.choice(["pagina", "slash", "number"]),
                table_after=rng.randint(1, 2),
            )
        )
    return specs


def build_text_letters(folder: str | Path, n: int, seed: int = 0) -> list[Path]:
    """Write ``n`` plain-text council letters (UTF-8 ``.txt``) to ``folder``, far faster than PDFs.

    For big stores (benchmarks): a letterhead (Datum, Ons kenmerk, Onderwerp) dated 2015-2025, filler
    paragraphs with percentages, week ranges and money in varied wijken and organisations, a numbered
    toezegging with a deadline and a motie with its status. Toezegging and motie numbers come from
    small pools, so one commitment is mentioned in many letters, as in a real register.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    wethouders = ["De Vries", "Diepeveen", "Eerenberg", "Schilderman", "Voortman", "Kreijkamp"]
    topics = [
        "de wachttijden in de specialistische jeugdhulp",
        "de resultaten van de pilot afvalinzameling",
        "de voortgang van het woningbouwprogramma",
        "de inzet van de transitiereserve",
        "de uitkomsten van de monitor schuldhulpverlening",
        "de verkeersveiligheid rond basisscholen",
    ]
    motie_titles = [
        "Meer zicht op ongelijk investeren voor gelijke kansen",
        "Geef richting aan de reserve",
        "Wachtlijsten de wijk uit",
        "Veilig naar school",
        "Schulden voorkomen in plaats van genezen",
        "Ruimte voor jongeren in de sociale basis",
        "Eerlijke verdeling van woningen",
    ]
    statuses = ["aangenomen", "aangenomen", "verworpen", "ingetrokken", "aangehouden"]
    paths = []
    for i in range(n):
        year = rng.randint(2015, 2025)
        iso = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        gemeente, onderwerp = rng.choice(GEMEENTEN), rng.choice(SUBJECTS)
        number, motie = rng.randint(100, 1100), rng.randint(1, 400)
        deadlines = ["voor de zomer", f"in het tweede kwartaal van {year + 1}", f"voor 1 juli {year + 1}"]
        deadline = rng.choice([*deadlines, f"eind {year}"])
        held = datetime.fromordinal(datetime.fromisoformat(iso).toordinal() - rng.randint(7, 120))
        meeting = f"{held.day} {MONTHS[held.month - 1]} {held.year}"  # a meeting before the letter
        body = [
            f"Met deze brief informeren wij u over het onderwerp ‘{onderwerp}’ in de gemeente {gemeente}.",
            *(filler_paragraph(rng, rng.randint(3, 5)) for _ in range(rng.randint(2, 4))),
            f"Tijdens de commissievergadering van {meeting} heeft "
            f"wethouder {rng.choice(wethouders)} toegezegd de raad {deadline} te informeren over "
            f"{rng.choice(topics)} (toezegging {number}).",
            f"De motie ‘{motie_titles[motie % len(motie_titles)]}’ (M{motie}) is {rng.choice(statuses)}. "
            f"Voor de uitvoering is € {rng.randint(1, 9)},{rng.randint(1, 9)} miljoen beschikbaar.",
        ]
        text = "\n".join(
            [
                f"Gemeente {gemeente}",
                rng.choice(["Raadsinformatiebrief", "Raadsbrief", "Collegebrief"]),
                "",
                f"Datum {dutch_date(iso)}",
                f"Ons kenmerk {rng.randint(10**6, 10**7 - 1)}",
                f"Onderwerp {onderwerp}",
                "",
                "Geachte leden van de raad,",
                "",
                "\n\n".join(body),
                "",
                *(c.format(gemeente=gemeente) for c in CLOSING),
                "",
            ]
        )
        path = folder / f"{i:05d}_{iso}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


# hostile inputs ------------------------------------------------------------------------------

CP1252_TEXT = (
    "Geachte leden van de raad,\n\n"
    "Het college heeft € 2,5 miljoen gereserveerd voor de ‘aanpak wachtlijsten’ – zie ook de brief van "
    "19 januari jl. Wij hebben de cliënten en hun ouders geïnformeerd over de nieuwe werkwijze; de "
    "coöperatie van zorgaanbieders is akkoord. Ook het café in Overvecht doet mee… "
    "In het eerste kwartaal van 2021 kreeg 78% van de gezinnen binnen één week een gesprek.\n\n"
    "Met vriendelijke groet,\nHet college van burgemeester en wethouders\n"
)
LATIN1_TEXT = (
    "Geachte leden van de raad,\n\n"
    "De gemeente heeft 1½ jaar onderzoek gedaan naar de geïsoleerde woningen in de wijk Zuilen. "
    "De temperatuur in de scholen bleef onder 28 °C. Zie § 3 van het rapport; de cliënten en hun "
    "ouders zijn tevreden over het overleg in het café. Daarnaast is de coördinatie met de ééntje "
    "overgebleven aanbieder verbeterd: 64% van de aanvragen werd binnen 4 weken afgehandeld.\n\n"
    "Met vriendelijke groet,\nHet college van burgemeester en wethouders\n"
)

EMPTY, CORRUPT, ENCRYPTED, NO_TEXT, NOT_PDF, BINARY, OK = (
    "empty",
    "corrupt",
    "encrypted",
    "no_text_layer",
    "not_a_pdf",
    "binary",
    "ok",
)


def _scan_image(seed: int) -> Any:
    """A grey page of blurry 'text lines', as a 150 dpi scan looks to a reader: pixels, no text."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    img = Image.new("L", (1240, 1754), 246)
    draw = ImageDraw.Draw(img)
    y = 220
    while y < 1550:
        x = 150
        while x < 1080:
            w = rng.randint(25, 110)
            draw.rectangle([x, y, min(x + w, 1090), y + 14], fill=rng.randint(30, 70))
            x += w + 14
        y += rng.choice([34, 34, 34, 70])
    return img


def write_scanned_pdf(path: str | Path, pages: int = 2) -> Path:
    """A PDF whose pages are only an image and drawn shapes: no text layer."""
    pdf = _new_pdf("Scan raadsbrief", "Gemeente Utrecht", datetime(2021, 2, 23, 9))
    for n in range(pages):
        pdf.add_page()
        pdf.image(_scan_image(n), x=0, y=0, w=210, h=297)
        pdf.set_fill_color(40, 40, 40)
        pdf.rect(20, 15, 50, 8, style="F")  # a drawn logo
    pdf.output(str(path))
    return Path(path)


def write_bad_inputs(folder: str | Path) -> dict[str, str]:
    """Write hostile (and two tricky-but-good) files to ``folder``; return {file name: expected problem}.

    Problems: ``empty``, ``corrupt``, ``encrypted`` (user password "geheim"), ``no_text_layer``
    (scanned), ``not_a_pdf`` (a PNG named .pdf), ``binary``, and ``ok`` for files that must be read:
    ``cp1252.txt`` (text is ``CP1252_TEXT``), ``latin1.txt`` (``LATIN1_TEXT``), ``goed.pdf`` (a
    normal letter) and ``alleen_eigenaarswachtwoord.pdf`` (owner password only: opens without one).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, str] = {}

    def put(name: str, data: bytes, problem: str) -> None:
        (folder / name).write_bytes(data)
        out[name] = problem

    put("leeg.pdf", b"", EMPTY)
    put("leeg.txt", b"", EMPTY)
    build_letter_pdf(folder / "goed.pdf", kenmerk="1111111")
    out["goed.pdf"] = OK
    whole = (folder / "goed.pdf").read_bytes()
    put("afgebroken.pdf", whole[: len(whole) // 3], CORRUPT)
    build_letter_pdf(folder / "versleuteld.pdf", kenmerk="2222222", password="geheim", owner_password="baas")
    out["versleuteld.pdf"] = ENCRYPTED
    build_letter_pdf(folder / "alleen_eigenaarswachtwoord.pdf", kenmerk="3333333", owner_password="baas")
    out["alleen_eigenaarswachtwoord.pdf"] = OK
    write_scanned_pdf(folder / "gescand.pdf")
    out["gescand.pdf"] = NO_TEXT
    png = io.BytesIO()
    _scan_image(7).resize((310, 438)).save(png, format="PNG")
    put("foto.pdf", png.getvalue(), NOT_PDF)
    noise = bytearray(random.Random(3).randbytes(4096))
    noise[10:14] = b"\x00\x00\x00\x00"  # make sure it is binary
    put("willekeurig.bin", bytes(noise), BINARY)
    put("willekeurig.txt", bytes(reversed(noise)), BINARY)
    put("cp1252.txt", CP1252_TEXT.encode("cp1252"), OK)
    put("latin1.txt", LATIN1_TEXT.encode("latin-1"), OK)
    return out
