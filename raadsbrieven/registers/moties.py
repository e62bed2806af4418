"""The moties register: one entry per motie or amendement, with its own document, its status, the tally,
and the college's letters that answer it (tussenberichten and the afdoening).

Pure functions: facts and document descriptions in, entries out (`raadsbrieven moties`, the app's
Moties page and the letter graph call `moties_register`).

Joining. Mentions of the same motie join by number (RIS numbers written `RIS321255`, `RIS 321255`
or `321255` are one number; kamerstuk numbers as `33268-26`; `M101`), else by title (the same
words, or nearly: "Veranker hoogbegaafdheid in Haags onderwijsbeleid" and "... in het Haags ...").
A letter's own title names a motie too ("Afdoening motie: ‘Geen kind op straat’").

Status: the latest besluitenlijst or uitslagenlijst that gives one, else the motie's own document,
else the latest letter that gives one. The tally (votes_for, votes_against) is read from the
sentence with the motie extractor's `tally()`.

Answers: a letter (not the motie itself, not a meeting record) that names the motie and whose title
or sentences say it settles it ("Afdoening motie: ...", "beschouwt de motie als afgedaan", "Hiermee
geven wij uitvoering aan motie", "informeert het college de raad over de afdoening van de motie") is
the afdoening; one that announces a later afdoening ("Tussenbericht motie", "Wij verwachten de motie
uiterlijk 31 mei 2025 af te doen") is a tussenbericht. Both are `answers`; the latest afdoening is
`afgedaan_by`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher
from typing import Any

from raadsbrieven.model import Sentence
from raadsbrieven.nl.format import date_text
from raadsbrieven.registers.unionfind import UnionFind

MOTIE_KINDS = ("motie", "amendement")
MEETING_TYPES = ("besluitenlijst", "uitslagenlijst", "notulen", "verslag", "handelingen")
OWN_TYPES = ("motie", "amendement", "kamermotie")

# Readable column names for spreadsheet exports (one row per entry).
MOTIE_COLUMNS = {
    "key": "Sleutel",
    "kind": "Soort",
    "number": "Nummer",
    "title": "Titel",
    "status": "Status",
    "votes_for": "Stemmen voor",
    "votes_against": "Stemmen tegen",
    "doc": "Motie (document)",
    "afgedaan": "Afgedaan",
    "answers": "Antwoorden",
    "first_seen": "Eerst genoemd",
    "last_seen": "Laatst genoemd",
    "mentions": "Brieven",
}

AFDOENING = re.compile(
    r"\bafdoening\s+(?:van\s+)?(?:de\s+)?(?:motie|amendement)"
    r"|\b(?:motie|amendement)\b[^.]{0,80}\bals\s+afgedaan\b"
    r"|\bals\s+afgedaan\s+(?:te\s+)?beschouw"
    r"|\bhiermee\s+(?:is|zijn)\s+(?:de\s+)?(?:motie|amendement)s?\b[^.]{0,60}\bafgedaan"
    r"|\b(?:hiermee|met\s+deze\s+brief)\s+(?:geven|geeft|doen|doet)\s+(?:wij|we|het\s+college|ik)\s+"
    r"(?:uitvoering\s+aan|invulling\s+aan|af)\b[^.]{0,40}\b(?:motie|amendement)"
    r"|\buitvoering\s+(?:aan|van)\s+(?:de\s+)?(?:aangenomen\s+)?motie\b[^.]{0,120}\b(?:hiermee|met\s+deze\s+brief)",
    re.I,
)
TUSSENBERICHT = re.compile(
    r"\bverzoek\s+om\s+uitstel\b[^.]{0,40}\b(?:afdoening|motie)"
    r"|\bverwacht(?:en)?\s+(?:wij|we|het\s+college)?\s*(?:de|deze)\s+(?:motie|amendement)\b[^.]{0,80}\baf\s+te\s+(?:kunnen\s+)?doen"
    r"|\bafdoening\b[^.]{0,60}\blater\s+plaats",
    re.I,
)
TITLE_IN_TITLE = re.compile(
    r"\b(?P<kw>motie|amendement)\b\s*:?\s*[‘'“\"„]?\s*(?P<t>[^’'”\"]{4,200}?)\s*[’'”\"]?\s*(?:\(|$)", re.I
)
STOPWORDS = frozenset("de het een en van in op te voor aan met om".split())
UNKNOWN_DATE = "onbekende datum"


@dataclass
class MotieMention:
    doc: str
    date: str | None
    page: int | None
    sentence: str
    status: str | None = None  # the motie's status as this mention gives it
    text: str | None = None
    sentence_id: int | None = None
    role: str | None = None  # own (the motie itself), decision (a besluitenlijst), tussenbericht, afdoening


@dataclass
class MotieEntry:
    key: str
    kind: str
    number: str | None
    title: str | None
    status: str | None
    votes_for: int | None = None
    votes_against: int | None = None
    doc: str | None = None  # the motie's own document, when stored
    afgedaan_by: dict[str, Any] | None = None  # {doc, date, page, sentence, confidence}
    answers: list[dict[str, Any]] = field(default_factory=list)  # [{doc, date, kind, confidence}]
    first_seen: str | None = None
    last_seen: str | None = None
    mentions: list[MotieMention] = field(default_factory=list)

    def summary(self) -> str:
        """What the register says in one line: 'afgedaan bij brief X van 27 mei 2025' or what is pending."""
        if self.afgedaan_by:
            by = self.afgedaan_by
            return f"afgedaan bij brief {by['doc']} van {date_text(by['date'], UNKNOWN_DATE)}"
        tussen = [a for a in self.answers if a.get("kind") == "tussenbericht"]
        if tussen:
            last = tussen[-1]
            return (
                f"nog niet afgedaan; tussenbericht {last['doc']} van {date_text(last['date'], UNKNOWN_DATE)}"
            )
        if self.status == "aangenomen" and self.kind == "motie":
            return "aangenomen, nog niet afgedaan"
        return self.status or "status onbekend"


# ------------------------------------------------------------------ helpers


def _get(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


def _order(fact: Any) -> tuple[str, str, int]:
    return (_get(fact, "doc_date") or "", _get(fact, "doc") or "", _get(fact, "start") or 0)


def norm_number(number: str | None) -> str | None:
    """One spelling per number: 'RIS 321255', 'RIS321255' and '321255' -> 'RIS321255'; else squeezed."""
    if not number:
        return None
    squeezed = re.sub(r"\s+", "", number).upper()
    m = re.fullmatch(r"(?:RIS)?(\d{5,7}[A-Z]?)", squeezed)
    return f"RIS{m.group(1)}" if m else squeezed


def norm_title(title: str | None) -> str:
    text = re.sub(r"[^\w ]", " ", (title or "").lower())
    return " ".join(w for w in text.split() if w not in STOPWORDS)


def title_similarity(a: str | None, b: str | None) -> float:
    """0..1: how alike two motie titles are (word order and small words aside)."""
    x, y = norm_title(a), norm_title(b)
    if not x or not y:
        return 0.0
    ratio = SequenceMatcher(None, x, y).ratio()
    wx, wy = set(x.split()), set(y.split())
    overlap = len(wx & wy) / min(len(wx), len(wy))
    if min(len(wx), len(wy)) < 3:
        overlap = min(overlap, ratio)
    return max(ratio, overlap if min(len(wx), len(wy)) >= 3 else 0.0)


def _key(prefix: str, *parts: str | None) -> str:
    return prefix + hashlib.sha1("|".join(p or "" for p in parts).encode()).hexdigest()[:10]


def _number_sort(value: str | None) -> tuple[int, str]:
    digits = re.sub(r"\D", "", value or "")
    return (int(digits) if digits else 10**9, value or "")


def _collapse(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _tally(fact: Any) -> tuple[int | None, int | None]:
    """votes_for / votes_against from the fact's sentence, with the motie extractor's tally()."""
    sentence = _collapse(_get(fact, "sentence"))
    if "stem" not in sentence.lower():
        return None, None
    from raadsbrieven.extractors.motie import tally
    from raadsbrieven.model import DocContext

    s = Sentence(sentence, 0, len(sentence))
    at = max(0, sentence.find(_collapse(_get(fact, "text")))) if _get(fact, "text") else 0
    return tally(DocContext(name=_get(fact, "doc") or "", text=sentence, sentences=[s]), s, at)


def title_named_in(doc_title: str | None) -> tuple[str, str] | None:
    """The motie a letter's title names: 'Afdoening motie: ‘Geen kind op straat’' -> (motie, title)."""
    m = TITLE_IN_TITLE.search(_collapse(doc_title))
    if not m:
        return None
    kind = "amendement" if m.group("kw").lower() == "amendement" else "motie"
    return kind, m.group("t").strip(" .:")


# ------------------------------------------------------------------ grouping


def _group(facts: list[Any], threshold: float = 0.85) -> list[list[int]]:
    groups = UnionFind(len(facts))
    by_number: dict[str, int] = {}
    titled: list[tuple[int, str, str]] = []  # (index, kind, title)
    for i, f in enumerate(facts):
        number = norm_number(_get(f, "number"))
        if number:
            if number in by_number:
                groups.union(by_number[number], i)
            else:
                by_number[number] = i
        title = _get(f, "title")
        if title and len(norm_title(title)) >= 4:
            for j, kind, other in titled:
                if kind == _get(f, "kind") and title_similarity(title, other) >= threshold:
                    groups.union(j, i)
                    break
            titled.append((i, _get(f, "kind"), title))
    out: dict[int, list[int]] = {}
    for i in range(len(facts)):
        out.setdefault(groups.find(i), []).append(i)
    return list(out.values())


# ------------------------------------------------------------------ the register


LETTER_HEAD = re.compile(r"\b(?:Ons\s+kenmerk|Retouradres|Aan\s+de\s+gemeenteraad|Onderwerp)\b", re.I)
ONDERWERP = re.compile(r"\bOnderwerp\b[ \t:]*(?P<rest>[^\n]*)(?P<after>(?:\n[^\n]*){0,4})")
DATUM = re.compile(r"\bDatum\b(?P<after>.{0,120})", re.S)


def _title_line(line: str) -> bool:
    line = line.strip()
    return len(line) >= 4 and "@" not in line and not re.fullmatch(r"[\d\s]+", line)


def letter_title(doc: dict[str, Any] | None) -> str | None:
    """The letter's onderwerp as its letterhead gives it (the first line after 'Onderwerp' that is
    neither an e-mail address nor a phone number), else its stored title."""
    if not doc:
        return None
    m = ONDERWERP.search(doc.get("head") or "")
    if m:
        lines = [m.group("rest"), *m.group("after").split("\n")]
        lines = [x.strip() for x in lines if x.strip()]
        for i, line in enumerate(lines):
            if _title_line(line):
                title = re.sub(r"\s*\S+@\S+\s*", " ", line).strip()
                more = lines[i + 1] if i + 1 < len(lines) else ""
                if more and title.count("‘") + title.count("“") > title.count("’") + title.count("”"):
                    title = f"{title} {more}"
                return re.sub(r"\s*E-mailadres\s*", " ", title).strip()
    return doc.get("title")


def letter_date(doc: dict[str, Any] | None) -> str | None:
    """The date in the letterhead ('Datum 27 mei 2025'), else the stored date."""
    if not doc:
        return None
    if is_letter(doc):
        from raadsbrieven.nl.dates import find_dates

        m = DATUM.search(doc.get("head") or "")
        found = [x for x in find_dates(m.group("after")) if len(x.value) == 10] if m else []
        if found:
            return found[0].value
    return doc.get("date")


def is_letter(doc: dict[str, Any] | None) -> bool:
    """A letter of the college (a letterhead: Ons kenmerk, Retouradres, Onderwerp), not a motie itself."""
    return bool(doc) and bool(LETTER_HEAD.search((doc.get("head") or "")[:2500]))


def _role(doc: dict[str, Any] | None) -> str | None:
    if not doc:
        return None
    kind = (doc.get("doc_type") or "").lower()
    if kind in OWN_TYPES and not is_letter(doc):
        return "own"
    if kind in MEETING_TYPES or re.match(r"\s*(besluitenlijst|uitslagenlijst)", doc.get("title") or "", re.I):
        return "decision"
    return None


def _answer_kind(title: str | None, sentences: Iterable[str]) -> tuple[str | None, str | None, float]:
    """(afdoening|tussenbericht|None, evidence sentence, confidence) for a letter about a motie."""
    title = _collapse(title)
    if re.search(r"\btussenbericht\b", title, re.I):
        return "tussenbericht", title, 0.95
    if re.search(r"\bafdoening\b", title, re.I):
        return "afdoening", title, 0.95
    sentences = [_collapse(s) for s in sentences]
    for s in sentences:
        if TUSSENBERICHT.search(s):
            return "tussenbericht", s, 0.8
    for s in sentences:
        if AFDOENING.search(s):
            return "afdoening", s, 0.85
    return None, None, 0.0


def moties_register(
    facts: Iterable[Any],
    documents: Iterable[dict[str, Any]] | None = None,
    sentences: Iterable[dict[str, Any]] | None = None,
) -> list[MotieEntry]:
    """One entry per motie/amendement with its own document, status, tally, answers and afdoening.

    `facts`: motie and amendement facts (Fact objects or contract dicts; other kinds are ignored, except
    toezegging facts with status being_fulfilled, whose sentences count as a letter's evidence).
    `documents`: {name, title, doc_type, date, municipality, kenmerk} per stored letter (without them,
    only numbers, titles and statuses are joined). `sentences`: {doc, page, text, id} of sentences that
    speak of a motie (`Store.motie_sentences()`), the evidence of afdoening and tussenberichten.
    """
    all_facts = list(facts)
    docs = {d["name"]: d for d in documents or []}
    mine = sorted((f for f in all_facts if _get(f, "kind") in MOTIE_KINDS), key=_order)
    evidence: dict[str, list[dict[str, Any]]] = {}
    for f in all_facts:
        if _get(f, "kind") == "toezegging" and _get(f, "status") == "being_fulfilled":
            evidence.setdefault(_get(f, "doc"), []).append(
                {"page": _get(f, "page"), "text": _get(f, "sentence"), "id": _get(f, "sentence_id")}
            )
    for s in sentences or []:
        evidence.setdefault(s["doc"], []).append(s)

    # a letter's title that names a motie is a mention too
    titles: list[Any] = []
    for name, d in docs.items():
        named = title_named_in(letter_title(d))
        if named and _role(d) is None:
            titles.append(
                {
                    "kind": named[0],
                    "title": named[1],
                    "doc": name,
                    "doc_date": d.get("date"),
                    "sentence": _collapse(letter_title(d)),
                    "start": -1,
                    "from_title": True,
                }
            )
    pool = mine + titles
    # a motie's own document is about the first motie it names; a letter whose title names a motie
    # answers that one, not the others it mentions on the way
    first: dict[str, Any] = {}
    for f in mine:
        if _role(docs.get(_get(f, "doc"))) == "own" and (_get(f, "start") or 0) < 1500:
            first.setdefault(_get(f, "doc"), f)
    own_facts = {id(f) for f in first.values()}
    titled_docs = {t["doc"] for t in titles}
    entries = []
    for members_idx in _group(pool):
        members = sorted((pool[i] for i in members_idx), key=_order)
        if all(_get(f, "from_title") for f in members):
            continue  # only a letter's title names it: no motie fact to stand on
        entries.append(_entry(members, docs, evidence, own_facts, titled_docs))
    entries.sort(key=lambda e: (e.kind, e.number is None, _number_sort(e.number), e.title or "", e.key))
    return entries


def _entry(
    members: list[Any],
    docs: dict[str, dict[str, Any]],
    evidence: dict[str, list[dict[str, Any]]],
    own_facts: set[int],
    titled_docs: set[str],
) -> MotieEntry:
    kind = next((_get(f, "kind") for f in members if not _get(f, "from_title")), _get(members[0], "kind"))
    numbers = [_get(f, "number") for f in members if _get(f, "number")]
    ris = [n for n in numbers if (norm_number(n) or "").startswith("RIS")]
    number = norm_number(ris[0]) if ris else (numbers[0] if numbers else None)
    titled = [_get(f, "title") for f in members if _get(f, "title")]
    title = (
        max(titled, key=lambda t: (sum(title_similarity(t, o) for o in titled), -len(t))) if titled else None
    )
    if number:
        key = f"{kind}:{norm_number(number)}"
    elif title:
        key = f"{kind}:{norm_title(title)[:60]}"
    else:
        f = members[0]
        key = _key(f"{kind}:", _get(f, "doc"), _get(f, "sentence"), str(_get(f, "start")))

    own_doc = next((_get(f, "doc") for f in members if id(f) in own_facts), None)

    status, votes = _status(members, docs, own_doc)
    answers, afgedaan = _answers(members, docs, evidence, own_doc, titled_docs)
    mentions = _mention_list(members, docs, answers, own_doc)
    dates = sorted(m.date for m in mentions if m.date)
    return MotieEntry(
        key=key,
        kind=kind,
        number=number,
        title=title,
        status=status,
        votes_for=votes[0],
        votes_against=votes[1],
        doc=own_doc,
        afgedaan_by=afgedaan,
        answers=answers,
        first_seen=dates[0] if dates else None,
        last_seen=dates[-1] if dates else None,
        mentions=mentions,
    )


def _status(
    members: list[Any], docs: dict[str, dict[str, Any]], own_doc: str | None
) -> tuple[str | None, tuple[int | None, int | None]]:
    decided = [f for f in members if _get(f, "status") and _role(docs.get(_get(f, "doc"))) == "decision"]
    own = [f for f in members if _get(f, "status") and _get(f, "doc") == own_doc]
    other = [f for f in members if _get(f, "status")]
    chosen = (decided or own or other or [None])[-1]
    votes: tuple[int | None, int | None] = (None, None)
    for f in [*decided, *own, *other]:
        votes = _tally(f)
        if votes[0] is not None:
            break
    return (_get(chosen, "status") if chosen is not None else None), votes


def _answers(
    members: list[Any],
    docs: dict[str, dict[str, Any]],
    evidence: dict[str, list[dict[str, Any]]],
    own_doc: str | None,
    titled_docs: set[str],
) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    by_doc: dict[str, list[Any]] = {}
    for f in members:
        by_doc.setdefault(_get(f, "doc"), []).append(f)
    answers = []
    for name, facts in by_doc.items():
        d = docs.get(name)
        if name == own_doc or _role(d) is not None:
            continue
        if name in titled_docs and not any(_get(f, "from_title") for f in facts):
            continue  # the letter's title names another motie: it answers that one
        sentences = [_get(f, "sentence") for f in facts if not _get(f, "from_title")]
        sentences += [s["text"] for s in evidence.get(name, [])]
        kind, sentence, confidence = _answer_kind(letter_title(d), sentences)
        if kind is None:
            continue
        if all(_get(f, "from_title") for f in facts):
            confidence = min(confidence, 0.8)  # named only in the title, by its words
        page = next((s.get("page") for s in evidence.get(name, []) if _collapse(s["text"]) == sentence), None)
        if page is None:
            page = next((_get(f, "page") for f in facts if _collapse(_get(f, "sentence")) == sentence), None)
        date = letter_date(d) or _get(facts[0], "doc_date")
        answers.append(
            {
                "doc": name,
                "date": date,
                "kind": kind,
                "page": page,
                "sentence": sentence,
                "confidence": round(confidence, 2),
            }
        )
    answers.sort(key=lambda a: (a["date"] or "", a["doc"]))
    done = [a for a in answers if a["kind"] == "afdoening"]
    afgedaan = None
    if done:
        a = done[-1]
        afgedaan = {k: a[k] for k in ("doc", "date", "page", "sentence", "confidence")}
    return answers, afgedaan


def _mention_list(
    members: list[Any], docs: dict[str, dict[str, Any]], answers: list[dict[str, Any]], own_doc: str | None
) -> list[MotieMention]:
    roles = {a["doc"]: a["kind"] for a in answers}
    with_facts = {_get(f, "doc") for f in members if not _get(f, "from_title")}
    seen: set[tuple[str, str]] = set()
    out = []
    for f in members:
        sentence = _collapse(_get(f, "sentence") or _get(f, "text"))
        doc = _get(f, "doc")
        if (doc, sentence) in seen or (_get(f, "from_title") and doc in with_facts):
            continue
        seen.add((doc, sentence))
        role = "own" if doc == own_doc else roles.get(doc) or _role(docs.get(doc))
        out.append(
            MotieMention(
                doc,
                letter_date(docs.get(doc)) or _get(f, "doc_date"),
                _get(f, "page") or (1 if _get(f, "from_title") else None),
                sentence,
                _get(f, "status"),
                _get(f, "text"),
                _get(f, "sentence_id"),
                role,
            )
        )
    return out


# ------------------------------------------------------------------ output


def to_rows(entries: Iterable[MotieEntry]) -> list[dict[str, Any]]:
    """The registers contract: one dict per entry (jsonl)."""
    return [asdict(e) for e in entries]


def flat_rows(entries: Iterable[MotieEntry]) -> list[dict[str, Any]]:
    """One spreadsheet row per entry with readable column names."""
    rows = []
    for e in entries:
        row = asdict(e)
        row["afgedaan"] = e.summary()
        row["doc"] = e.doc or ""
        row["answers"] = "\n".join(
            f"{a['kind']}: {a['doc']} ({a['date'] or 'datum onbekend'})" for a in e.answers
        )
        row["mentions"] = "\n".join(
            f"{m.doc} ({m.date or 'datum onbekend'}"
            + (f", p. {m.page}" if m.page else "")
            + f"): {m.sentence}"
            for m in e.mentions
        )
        rows.append({label: row[name] for name, label in MOTIE_COLUMNS.items()})
    return rows


def store_register(store: Any) -> list[MotieEntry]:
    """The register of everything in a store (the CLI and the app call this)."""
    facts = store.iter_facts(["motie", "amendement", "toezegging"])
    return moties_register(facts, store.graph_documents(), store.motie_sentences())
