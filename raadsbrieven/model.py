"""The records every stage passes: Sentence, DocInfo and DocContext (what the reading stage hands the
extractors), Fact (exactly the facts contract of shared/DESIGN.md), and Period (a typed period or
deadline: `2019`, `2020-Q4`, `2021-H1`, `2024-12`, `2023-03-05`, `2016-2018`).

This module imports nothing of the project: every stage may import it, it imports no stage.

Outside tools read the Fact's names from `raadsbrieven facts --format jsonl`, so they are kept as
they are. `extractor` and `extractor_version` are stored beside a fact (like spaCy's versioned
registry names) but are not part of the contract; `sentence_id` is the stored sentence it sits in.

The vocabulary of states, in one place:
- a toezegging *mention* (a fact's `status`): MENTION_STATES — made here, being fulfilled by this
  text, or only referred to;
- a *register entry*'s status (one promise across letters): REGISTER_STATUSES;
- a motie's status: MOTIE_STATUSES.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from typing import Any

MENTION_STATES = ("made", "being_fulfilled", "reference")
REGISTER_STATUSES = ("open", "afgedaan", "verlopen")
MOTIE_STATUSES = ("aangenomen", "verworpen", "ingetrokken", "aangehouden")


@dataclass(frozen=True)
class Sentence:
    text: str  # exactly doc.text[start:end]
    start: int
    end: int
    page: int | None = None
    index: int = 0
    heading: str | None = None  # the nearest heading above the sentence, if any
    residue: bool = False  # an orphan chart/table number, with no sentence of its own


@dataclass(frozen=True)
class DocInfo:
    """What the reading stage knows about a whole document, worked out once (ingest/describe.py)."""

    gazetteer: str | None = None  # the municipality whose organisations and places apply
    ref: date | None = None  # the letter date, or the latest full date the letter names
    period: str | None = None  # the report's own period: "Halfjaarrapportage 2021" -> 2021-H1
    org: str | None = None  # the organisation the document reports on
    national: bool = False  # a paper of the Tweede or Eerste Kamer or a ministry, not of a council
    meeting_record: bool = False  # a besluitenlijst, uitslagenlijst, notulen or verslag


@dataclass
class DocContext:
    """One document as the extractors see it: its cleaned text, what is known of it, its sentences."""

    name: str  # the file name, e.g. 000_46cd106d7926f80d.txt
    text: str  # the full cleaned document text that offsets point into
    date: str | None = None  # the letter's date, ISO (YYYY-MM-DD or YYYY-MM), or None
    municipality: str | None = None  # the council (or Kamer) it belongs to, as stored
    sentences: list[Sentence] = field(default_factory=list)
    info: DocInfo = field(default_factory=DocInfo)
    key: str = ""  # the file's content hash: what makes fact ids unique across same-named letters

    def holds(self, sentence: Sentence) -> bool:
        """Whether `sentence` is this document's sentence at its index (what a look at the lines
        around it, by index, needs; an extractor may be handed a sentence built apart)."""
        i = sentence.index
        return 0 <= i < len(self.sentences) and self.sentences[i] == sentence

    def previous(self, sentence: Sentence, n: int = 1) -> list[Sentence]:
        """Up to n sentences before this one, nearest last."""
        i = sentence.index
        return self.sentences[max(0, i - n) : i]


_PERIOD = re.compile(r"(\d{4})(?:-(Q[1-4]|H[12]|\d{1,2}))?(?:-(\d{1,2}))?")
_YEARS = re.compile(r"(\d{4})\s*[-–/]\s*(\d{4})")


@dataclass(frozen=True)
class Period:
    """A period or deadline as the contract writes it, with the first and last day it covers."""

    value: str
    first: date
    last: date

    def __str__(self) -> str:
        return self.value

    @property
    def middle(self) -> date:
        """Where the period sits on a time line: a yearly figure sits mid-year between its quarters."""
        return self.first + (self.last - self.first) / 2

    @classmethod
    def parse(cls, value: str | None) -> Period | None:
        """`2019`, `2020-Q4`, `2021-H1`, `2024-12`, `2023-03-05`, `2016-2018` or a span of two of
        them as in ISO 8601 (`2021-11/2022-10`); None when unreadable."""
        if not value:
            return None
        text = value.strip()
        if text.count("/") == 1:
            begin, end = (cls.parse(part) for part in text.split("/"))
            if begin is None or end is None or begin.first > end.last:
                return None
            return cls(text, begin.first, end.last)
        m = _YEARS.fullmatch(text)
        if m:
            first, last = sorted((int(m.group(1)), int(m.group(2))))
            return cls(text, date(first, 1, 1), date(last, 12, 31))
        m = _PERIOD.fullmatch(text)
        if not m:
            return None
        year, part, day = int(m.group(1)), m.group(2), m.group(3)
        try:
            if part is None:
                return cls(text, date(year, 1, 1), date(year, 12, 31))
            if part[0] == "Q":
                q = int(part[1])
                return cls(text, date(year, 3 * q - 2, 1), _month_end(year, 3 * q))
            if part[0] == "H":
                if part[1] == "1":
                    return cls(text, date(year, 1, 1), date(year, 6, 30))
                return cls(text, date(year, 7, 1), date(year, 12, 31))
            month = int(part)
            if day is not None:
                d = date(year, month, int(day))
                return cls(text, d, d)
            return cls(text, date(year, month, 1), _month_end(year, month))
        except ValueError:  # month 13, 31 February
            return None


def _month_end(year: int, month: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return nxt - timedelta(days=1)


KINDS = ("percentage", "duration", "money", "count", "toezegging", "motie", "amendement", "letter_ref")
UNITS = ("percent", "minute", "hour", "day", "workday", "week", "month", "year", "EUR")
BOUNDS = ("exact", "range", "within", "at_least", "at_most")


@dataclass
class Fact:
    kind: str
    text: str
    start: int
    end: int
    sentence: str = ""
    doc: str = ""
    doc_date: str | None = None
    page: int | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    approx: bool = False
    bound: str | None = None
    change: bool = False
    residue: bool = False
    number: str | None = None
    title: str | None = None
    status: str | None = None
    who: str | None = None
    deadline: str | None = None
    date: str | None = None
    kenmerk: str | None = None
    subject: str | None = None
    org: str | None = None
    place: str | None = None
    period: str | None = None
    period_basis: str | None = None  # sentence, paragraph, heading, table, report_period, letter_date
    counted: str | None = None  # count: what is counted (wachtenden, cliënten, meldingen)
    per: str | None = None
    what: str | None = None
    id: str = ""
    sentence_id: int | None = None  # the stored sentence (sentences.id), set by the store
    extractor: str = field(default="", repr=False)
    extractor_version: str = field(default="", repr=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fact kind {self.kind!r}; known: {', '.join(KINDS)}")
        if self.unit is not None and self.unit not in UNITS:
            raise ValueError(f"unknown unit {self.unit!r}; known: {', '.join(UNITS)}")
        if self.bound is not None and self.bound not in BOUNDS:
            raise ValueError(f"unknown bound {self.bound!r}; known: {', '.join(BOUNDS)}")

    def assign_id(self, document: str = "") -> str:
        """A stable id: the same letter (its content hash, else its name), kind, span and value give
        the same id; two different letters both called brief.pdf give different ids."""
        key = (
            f"{document or self.doc}|{self.kind}|{self.start}|{self.end}|{self.low}|{self.high}|{self.number}"
        )
        self.id = hashlib.sha1(key.encode()).hexdigest()[:16]
        return self.id

    def to_contract(self) -> dict[str, Any]:
        """The JSONL object of the facts contract (every field is a scalar, so no `asdict`: its deep
        copy was a tenth of a search's client time at a million sentences)."""
        row = {name: getattr(self, name) for name in CONTRACT_FIELDS}
        row["sentence"] = collapse(row["sentence"])
        return row


CONTRACT_FIELDS = tuple(f.name for f in fields(Fact) if f.name not in ("extractor", "extractor_version"))


def collapse(text: str) -> str:
    """Whitespace collapsed to single spaces, as the contract's `sentence` field wants."""
    return re.sub(r"\s+", " ", text or "").strip()
