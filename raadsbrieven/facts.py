"""The `Fact` record: exactly the fields of the facts contract (shared/DESIGN.md).

Outside tools read these names from `raadsbrieven facts --format jsonl`, so they
are kept as they are. `extractor` and `extractor_version` are stored beside a
fact (like spaCy's versioned registry names) but are not part of the contract.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any

KINDS = ("percentage", "duration", "money", "toezegging", "motie", "amendement", "letter_ref")
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
    per: str | None = None
    what: str | None = None
    id: str = ""
    extractor: str = field(default="", repr=False)
    extractor_version: str = field(default="", repr=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fact kind {self.kind!r}; known: {', '.join(KINDS)}")
        if self.unit is not None and self.unit not in UNITS:
            raise ValueError(f"unknown unit {self.unit!r}; known: {', '.join(UNITS)}")
        if self.bound is not None and self.bound not in BOUNDS:
            raise ValueError(f"unknown bound {self.bound!r}; known: {', '.join(BOUNDS)}")

    def assign_id(self) -> str:
        """A stable id: same document, kind, span and value give the same id."""
        key = f"{self.doc}|{self.kind}|{self.start}|{self.end}|{self.low}|{self.high}|{self.number}"
        self.id = hashlib.sha1(key.encode()).hexdigest()[:16]
        return self.id

    def to_contract(self) -> dict[str, Any]:
        """The JSONL object of the facts contract."""
        row = asdict(self)
        row.pop("extractor")
        row.pop("extractor_version")
        row["sentence"] = collapse(row["sentence"])
        return row


CONTRACT_FIELDS = tuple(f.name for f in fields(Fact) if f.name not in ("extractor", "extractor_version"))


def collapse(text: str) -> str:
    """Whitespace collapsed to single spaces, as the contract's `sentence` field wants."""
    return re.sub(r"\s+", " ", text or "").strip()
