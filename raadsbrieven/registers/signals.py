"""Signals a griffie can subscribe to: new toezeggingen, newly afgedaan, verlopen, due soon.

`signals(entries, today)` turns register entries (`toezeggingen_register(facts, today)`) into
dated items; `rss_xml`, `atom_xml` and `ics_text` write them as an RSS 2.0 feed, an Atom feed and
an iCalendar file (each open deadline an all-day event whose UID stays the same per entry key, so
a calendar that subscribes updates the event instead of adding a second one).

Every item names the letter and quotes the sentence it rests on; its link opens the letter at that
sentence in the app (`base_url` + /brieven?doc=...&zin=...).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from typing import Any
from urllib.parse import urlencode
from xml.etree import ElementTree as ET

from raadsbrieven.nl.dates import to_date
from raadsbrieven.nl.deadlines import deadline_end
from raadsbrieven.registers.griffie import nl_long_date, status_letter

NEW = "nieuw"
DONE = "afgedaan"
OVERDUE = "verlopen"
DUE = "binnenkort"
SIGNAL_KINDS = (NEW, DONE, OVERDUE, DUE)
KIND_TITLES = {
    NEW: "Nieuwe toezegging",
    DONE: "Toezegging afgedaan",
    OVERDUE: "Toezegging verlopen",
    DUE: "Deadline nadert",
}
DEFAULT_BASE = "http://localhost:8501"
FEED_TITLE = "Raadsbrieven: signalen toezeggingen"
SIGNAL_COLUMNS = {
    "date": "Datum",
    "kind": "Signaal",
    "number": "Nummer",
    "what": "Toezegging",
    "who": "Wie",
    "deadline": "Deadline",
    "status": "Status",
    "doc": "Brief",
    "doc_date": "Datum brief",
    "page": "Pagina",
    "sentence": "Zin",
    "key": "Sleutel",
}


@dataclass
class Signal:
    kind: str  # nieuw, afgedaan, verlopen, binnenkort
    date: str  # ISO date the signal is about (letter date, or the deadline)
    key: str  # the register entry
    number: str | None
    what: str | None
    who: str | None
    deadline: str | None
    status: str
    doc: str | None
    doc_date: str | None
    page: int | None
    sentence: str | None
    sentence_id: int | None = None

    @property
    def guid(self) -> str:
        return f"raadsbrieven:{self.kind}:{self.key}"

    @property
    def title(self) -> str:
        head = f"{KIND_TITLES[self.kind]}"
        if self.number:
            head += f" {self.number}"
        return f"{head}: {_short(self.what or self.sentence, 100)}"

    def description(self) -> str:
        parts = []
        if self.kind == OVERDUE:
            parts.append(
                f"De deadline ({nl_long_date(self.deadline)}) is voorbij en geen brief komt haar na."
            )
        elif self.kind == DUE:
            parts.append(f"De deadline is {nl_long_date(_deadline_iso(self.deadline))}.")
        elif self.kind == DONE:
            parts.append("Een brief komt deze toezegging na.")
        else:
            parts.append("Een brief doet een nieuwe toezegging.")
        if self.who:
            parts.append(f"Wie: {self.who}.")
        if self.doc:
            page = f", pagina {self.page}" if self.page else ""
            parts.append(f"Brief: {self.doc} van {nl_long_date(self.doc_date)}{page}.")
        if self.sentence:
            parts.append(f"Zin: “{self.sentence}”")
        return " ".join(parts)

    def link(self, base_url: str = DEFAULT_BASE) -> str:
        if not self.doc:
            return f"{base_url.rstrip('/')}/toezeggingen"
        params: dict[str, Any] = {"doc": self.doc}
        if self.page:
            params["page"] = self.page
        if self.sentence_id is not None:
            params["zin"] = self.sentence_id
        return f"{base_url.rstrip('/')}/brieven?{urlencode(params)}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"title": self.title, "description": self.description(), "guid": self.guid}


def _get(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


def _short(text: str | None, n: int = 90) -> str:
    text = re.sub(r"\s+", " ", text or "").strip()
    return text if len(text) <= n else text[: n - 1] + "…"


def _deadline_iso(value: str | None) -> str | None:
    end = deadline_end(value)
    return end.isoformat() if end else value


def _as_date(value: str | date | None) -> date:
    if isinstance(value, date):
        return value
    parsed = to_date(value) if value else None
    if value and parsed is None:
        raise ValueError(f"not a date: {value!r} (write YYYY-MM-DD)")
    return parsed or date.today()


def _mention(entry: Any, doc: str | None, sentence: str | None) -> Any:
    for m in _get(entry, "mentions") or []:
        if _get(m, "doc") == doc and (sentence is None or _get(m, "sentence") == sentence):
            return m
    return None


def _made(entry: Any) -> tuple[str | None, str | None, str | None, int | None, int | None]:
    """(doc, date, sentence, page, sentence_id) where the promise was first made or mentioned."""
    made_in = _get(entry, "made_in")
    mentions = list(_get(entry, "mentions") or [])
    if made_in:
        m = _mention(entry, _get(made_in, "doc"), _get(made_in, "sentence"))
        return (
            _get(made_in, "doc"),
            _get(made_in, "date"),
            _get(made_in, "sentence"),
            _get(made_in, "page"),
            _get(made_in, "sentence_id") or (_get(m, "sentence_id") if m else None),
        )
    if not mentions:
        return None, None, None, None, None
    made = [m for m in mentions if (_get(m, "state") or _get(m, "status")) == "made"] or mentions
    m = made[0]
    return _get(m, "doc"), _get(m, "doc_date"), _get(m, "sentence"), _get(m, "page"), _get(m, "sentence_id")


def _signal(kind: str, day: date, entry: Any, where: tuple) -> Signal:
    doc, doc_date, sentence, page, sentence_id = where
    return Signal(
        kind=kind,
        date=day.isoformat(),
        key=_get(entry, "key"),
        number=_get(entry, "number"),
        what=_get(entry, "what"),
        who=_get(entry, "who"),
        deadline=_get(entry, "deadline"),
        status=_get(entry, "status"),
        doc=doc,
        doc_date=doc_date,
        page=page,
        sentence=sentence,
        sentence_id=sentence_id,
    )


def signals(
    entries: Iterable[Any],
    today: str | date | None = None,
    within: int = 14,
    since: str | date | None = None,
) -> list[Signal]:
    """The signals on `today` (default: the real today), newest first.

    - nieuw: a toezegging first made in a letter dated from `since` (default: 90 days before today);
    - afgedaan: the letter that delivers it is dated from `since`;
    - verlopen: the entry is verlopen (deadline passed, not delivered), dated at its deadline;
    - binnenkort: open, its deadline within `within` days from today.
    """
    now = _as_date(today)
    start = _as_date(since) if since is not None else now - timedelta(days=90)
    out: list[Signal] = []
    for e in entries:
        status = _get(e, "status")
        where = _made(e)
        made_on = to_date(where[1])
        if made_on and start <= made_on <= now:
            out.append(_signal(NEW, made_on, e, where))
        end = deadline_end(_get(e, "deadline"))
        if status == DONE:
            doc, doc_date, sentence = status_letter(e)
            done_on = to_date(doc_date)
            if done_on and start <= done_on <= now:
                m = _mention(e, doc, sentence)
                page = _get(m, "page") if m else _get(_get(e, "fulfilled_by") or {}, "page")
                sid = _get(m, "sentence_id") if m else None
                out.append(_signal(DONE, done_on, e, (doc, doc_date, sentence, page, sid)))
        elif status == OVERDUE and end is not None:
            out.append(_signal(OVERDUE, end, e, where))
        elif end is not None and now <= end <= now + timedelta(days=within):
            out.append(_signal(DUE, end, e, where))
    order = {k: i for i, k in enumerate(SIGNAL_KINDS)}
    out.sort(key=lambda s: (s.date, -order[s.kind], s.key), reverse=True)
    return out


# ------------------------------------------------------------------ feeds


def _rfc822(day: str) -> str:
    d = date.fromisoformat(day)
    return format_datetime(datetime(d.year, d.month, d.day, 9, 0, tzinfo=UTC))


def _rfc3339(day: str) -> str:
    return f"{day}T09:00:00Z"


def _xml(root: ET.Element) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def rss_xml(
    items: Sequence[Signal],
    base_url: str = DEFAULT_BASE,
    title: str = FEED_TITLE,
    today: str | date | None = None,
) -> str:
    """An RSS 2.0 feed: one item per signal (title, link, guid, pubDate, description)."""
    rss = ET.Element("rss", version="2.0")
    channel = ET.SubElement(rss, "channel")
    ET.SubElement(channel, "title").text = title
    ET.SubElement(channel, "link").text = f"{base_url.rstrip('/')}/signalen"
    ET.SubElement(
        channel, "description"
    ).text = "Nieuwe, afgedane, verlopen en bijna verlopen toezeggingen uit de raadsbrieven."
    ET.SubElement(channel, "language").text = "nl"
    ET.SubElement(channel, "lastBuildDate").text = _rfc822(_as_date(today).isoformat())
    for s in items:
        item = ET.SubElement(channel, "item")
        ET.SubElement(item, "title").text = s.title
        ET.SubElement(item, "link").text = s.link(base_url)
        ET.SubElement(item, "guid", isPermaLink="false").text = s.guid
        ET.SubElement(item, "pubDate").text = _rfc822(s.date)
        ET.SubElement(item, "category").text = s.kind
        ET.SubElement(item, "description").text = s.description()
    return _xml(rss)


ATOM = "http://www.w3.org/2005/Atom"


def atom_xml(
    items: Sequence[Signal],
    base_url: str = DEFAULT_BASE,
    title: str = FEED_TITLE,
    today: str | date | None = None,
) -> str:
    """An Atom feed: one entry per signal (title, link, id, updated, summary)."""
    ET.register_namespace("", ATOM)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            el.text = text
        return el

    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "nl"})
    sub(feed, "title", title)
    sub(feed, "id", "raadsbrieven:signalen")
    sub(feed, "link", href=f"{base_url.rstrip('/')}/signalen")
    sub(feed, "updated", _rfc3339(_as_date(today).isoformat()))
    author = sub(feed, "author")
    sub(author, "name", "raadsbrieven")
    for s in items:
        entry = sub(feed, "entry")
        sub(entry, "title", s.title)
        sub(entry, "id", s.guid)
        sub(entry, "link", href=s.link(base_url))
        sub(entry, "updated", _rfc3339(s.date))
        sub(entry, "category", term=s.kind)
        sub(entry, "summary", s.description())
    return _xml(feed)


# ------------------------------------------------------------------ calendar


def _ics_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """RFC 5545 lines of at most 75 octets; continuation lines start with a space."""
    out, current = [], ""
    for ch in line:
        limit = 75 if not out else 74
        if len((current + ch).encode("utf-8")) > limit:
            out.append(current)
            current = ch
        else:
            current += ch
    out.append(current)
    return [out[0]] + [" " + part for part in out[1:]]


def ics_text(
    entries: Iterable[Any],
    base_url: str = DEFAULT_BASE,
    today: str | date | None = None,
    name: str = "Deadlines toezeggingen",
) -> str:
    """An iCalendar file: every toezegging not afgedaan that has a deadline, as an all-day event.

    The UID is the entry key (stable across runs), so a subscribed calendar updates an event when
    its deadline moves. A deadline given as a month or quarter falls on its last day.
    """
    stamp = _as_date(today).strftime("%Y%m%dT000000Z")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//raadsbrieven//signalen//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_ics_escape(name)}",
    ]
    for e in entries:
        if _get(e, "status") == DONE:
            continue
        end = deadline_end(_get(e, "deadline"))
        if end is None:
            continue
        doc, doc_date, sentence, page, sid = _made(e)
        s = _signal(
            OVERDUE if _get(e, "status") == OVERDUE else DUE, end, e, (doc, doc_date, sentence, page, sid)
        )
        summary = f"Deadline toezegging {s.number}: " if s.number else "Deadline toezegging: "
        summary += _short(s.what or s.sentence, 100)
        description = s.description()
        if _get(e, "deadline_text"):
            description = f"Termijn zoals geschreven: {_get(e, 'deadline_text')}. " + description
        lines += [
            "BEGIN:VEVENT",
            f"UID:{s.key}@raadsbrieven",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{end.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(end + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{_ics_escape(summary)}",
            f"DESCRIPTION:{_ics_escape(description)}",
            f"URL:{s.link(base_url)}",
            "STATUS:CONFIRMED",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(part + "\r\n" for line in lines for part in _fold(line))
