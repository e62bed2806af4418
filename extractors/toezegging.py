"""Toezeggingen: commitments of the college, a wethouder, the burgemeester or a minister to the council
or the Kamer, in any voice and from any council or body.

Whether a sentence holds one, and in which state (made / being_fulfilled / reference), is decided by
the learned classifier of toezegging_model.py: every sentence is classified, with no rule gate in
front ("Ik zal u op de hoogte houden van …", "Verdere informatie hierover volgt op korte termijn",
"… zullen de locatiecriteria aan uw raad worden voorgelegd", "De wethouder zegt toe …" in a
besluitenlijst, "Het college beschouwt de motie hiermee als afgedaan"). The markers of
patterns/toezegging_rules.json are the classifier's evidence, not its gate.

Rules only cut spans out of a sentence the classifier kept, or name a number:
- `number`: "(toezegging 926)", "toezegging nummer 862", "toezeggingen 862 en 863" (one fact per
  number: a numbered toezegging is a mention whatever the classifier says);
- the quoted span (`text`): the most specific marker match of rules["spans"], else the sentence;
- `who`: the named wethouder/burgemeester/minister nearest the promise, else "wethouder",
  "minister" … by title, else the college (a council) or the minister (a national paper);
- `deadline`: raadsbrieven.nl.deadlines, resolved against the letter date; the first moment that is
  not already past, with GUIDE.md's months for "voor de zomer" (→ July) and "voor het kerstreces";
- `what`: the promised action, a short phrase from the trigger on (with the motie it answers for
  an afdoening).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from raadsbrieven.extractors import toezegging_model as model

from raadsbrieven.model import DocContext, Fact, Sentence
from raadsbrieven.nl.dates import to_date
from raadsbrieven.nl.deadlines import deadline_end, find_deadlines

KIND = "toezegging"
VERSION = "5"
NEEDS = (
    "sentences",
    "date",
    "info.national",
    "info.meeting_record",
)
ASSIGNS = ("number", "status", "who", "what", "deadline")

NUMBERED = re.compile(
    r"\btoezegging(?:en)?\s+(?:(?:nummer|nr\.?|no\.?)\s*)?(?P<first>\d{1,5}(?:/\d{1,4})?)\b"
    r"(?P<rest>(?:\s*(?:,|en|&|t/m)\s*(?:(?:nummer|nr\.?)\s*)?\d{1,5}(?:/\d{1,4})?\b)*)",
    re.I,
)
REST_NUMBER = re.compile(r"\d{1,5}(?:/\d{1,4})?")
TITLES = r"wethouder|burgemeester|minister|staatssecretaris|gedeputeerde|portefeuillehouder"
WHO = re.compile(
    rf"\b(?P<title>(?i:{TITLES}))\s+"
    r"(?P<name>(?:(?i:van\s+der|van\s+den|van\s+de|van|de|den|der|ter|ten|te)\s+)?[A-Z][\w'-]+)"
)
BARE_TITLE = re.compile(rf"\b(?:de|het)\s+(?P<title>{TITLES}|college|kabinet)\b", re.I)
NOT_A_NAME = {"van", "voor", "heeft", "zegt", "is", "en", "die", "dat", "zal", "wil", "geeft", "komt"}
NUMBER_PHRASE = re.compile(
    r"\s*\(?\s*(?:(?:mede\s+)?naar\s+aanleiding\s+van\s+)?toezegging(?:en)?\s+(?:nummer\s+|nr\.?\s*)?\d[\d\s,en&/]*\)?",
    re.I,
)
PROMISE_RULES = {"made_now", "fulfilled_past", "toezeggen"}  # spans after which a deadline is sought
QUOTED_MOTIE = re.compile(r"\bmotie\s*:?\s*[‘'“\"„](?P<t>[^’'”\"]{5,160})[’'”\"]", re.I)


def extract(sentence: Sentence, doc: DocContext) -> list[Fact]:
    if sentence.residue:
        return []
    proba = model.sentence_probabilities(sentence, doc)
    numbered = _numbered(sentence, doc, proba)
    if numbered:
        return numbered
    state = model.label_of(proba)
    if state == "none":
        return []
    text = sentence.text
    s, e, rule = _span(text)
    after = s if rule in PROMISE_RULES else 0  # "geeft aan dat … begroting 2016 en zegt toe | …"
    return [
        Fact(
            kind=KIND,
            text=text[s:e],
            start=sentence.start + s,
            end=sentence.start + e,
            status=state,
            who=_who(text, s, doc),
            deadline=_deadline(text, doc, after),
            what=_what(text, s, e, doc, state),
        )
    ]


# --- numbers ------------------------------------------------------------------------------------


def _numbered(sentence: Sentence, doc: DocContext, proba) -> list[Fact]:
    text = sentence.text
    facts: list[Fact] = []
    for m in NUMBERED.finditer(text):
        spans = [(m.start(), m.end("first"), m.group("first"))]
        for n in REST_NUMBER.finditer(m.group("rest")):
            spans.append((m.start("rest") + n.start(), m.start("rest") + n.end(), n.group()))
        state = model.STATES[int(proba[1:].argmax())]
        for s, e, number in spans:
            facts.append(
                Fact(
                    kind=KIND,
                    text=text[s:e],
                    start=sentence.start + s,
                    end=sentence.start + e,
                    number=number,
                    status=state,
                    who=_who(text, m.start(), doc),
                    deadline=_deadline(text, doc),
                    what=_what(text, *_trigger(text), doc, state),
                )
            )
    return facts


# --- spans ----------------------------------------------------------------------------------------


@cache
def _span_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The span rules, most specific first: names of rule lists or markers."""
    data = model.rules()
    patterns = []
    for name in data["spans"]:
        if name in data and isinstance(data[name], list):
            patterns += [(name, re.compile(p, re.I | re.S)) for p in data[name]]
        elif name in data["markers"]:
            patterns.append((name, re.compile(data["markers"][name], re.I | re.S)))
        elif name in data:
            patterns.append((name, re.compile(data[name], re.I | re.S)))
    return tuple(patterns)


def _span(text: str) -> tuple[int, int, str | None]:
    """The part of a classified sentence that carries the promise (and the rule that cut it), else
    the sentence itself."""
    for name, pattern in _span_patterns():
        m = pattern.search(text)
        if m and 3 <= len(m.group().strip()) <= 200:
            s, e = m.span()
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            return s, e, name
    s, e = 0, len(text)
    while s < e and (text[s].isspace() or text[s] in "•▪·-–*"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ".;:,"):
        e -= 1
    return ((s, e) if s < e else (0, len(text))) + (None,)


def _trigger(text: str) -> tuple[int, int]:
    m = re.search(r"\b(?:toegezegd|zegt\s+toe|zeggen\s+toe|zeg\s+ik\s+toe)\b", text, re.I)
    return m.span() if m else (0, 0)


# --- who, deadline, what ------------------------------------------------------------------------


def _who(text: str, near: int | None, doc: DocContext) -> str:
    """The named official nearest the promise (before it, or just after), else by title, else the
    college (a council's letter) or the minister (a national paper)."""
    national = doc.info.national
    best = None
    for m in WHO.finditer(text):
        if m.group("name").lower() in NOT_A_NAME:
            continue
        if near is not None and m.start() > near + 5:
            if best is None and m.start() <= near + 60:
                best = m
            break
        best = m
    if best:
        name = best.group("name")
        return f"{best.group('title').lower()} {name[0].upper()}{name[1:]}"
    bare = BARE_TITLE.search(text)
    if bare:
        title = bare.group("title").lower()
        if title == "kabinet":
            return "kabinet"
        if title != "college":
            return title
    if national:
        return "minister"
    return "college"


@cache
def _deadline_months() -> tuple[tuple[re.Pattern[str], int], ...]:
    table = model.rules()["deadline_months"]
    return tuple(
        (re.compile(rf"\b(?:voor|vóór|rond|uiterlijk\s+voor)\s+(?:de|het)\s+{moment}\b", re.I), month)
        for moment, month in table.items()
        if not moment.startswith("_")
    )


def _deadline(text: str, doc: DocContext, after: int = 0) -> str | None:
    """The first moment after `after` that is not already past at the letter date."""
    letter = to_date(doc.date)
    found = [
        d
        for d in find_deadlines(text, doc.date)
        if not (letter and (deadline_end(d.value) or letter) < letter) and d.start >= after
    ]
    if not found:
        return None
    first = found[0]
    phrase = text[max(0, first.start - 12) : first.end]
    for pattern, month in _deadline_months():
        if pattern.search(phrase):
            return f"{first.value[:4]}-{month:02d}"  # GUIDE: "voor de zomer" -> 2025-07
    return first.value


def _what(text: str, start: int, end: int, doc: DocContext, state: str) -> str:
    """A short description of the promised action, without the toezegging number."""
    after = NUMBER_PHRASE.sub(" ", text[end:]) if end else ""
    after = re.sub(
        r"^\s*(?:dat|om|u|aan\s+uw\s+raad|uw\s+raad)\s+", "", re.sub(r"\s+", " ", after).strip(" ,.;:()")
    )
    if len(after.split()) >= 4 and re.search(
        r"\b(?:toegezegd|toe|toezeggen)$", text[start:end].strip(), re.I
    ):
        phrase = after
    else:
        phrase = re.sub(r"\s+", " ", NUMBER_PHRASE.sub(" ", text)).strip(" •▪-–,.;:()")
    motie = _motie_answered(text, doc) if re.search(r"\bmotie\b", text, re.I) else None
    if motie and motie.lower() not in phrase.lower():
        verb = "afdoen" if state == "made" else "afgedaan"
        phrase = f"motie ‘{motie}’ {verb}: {phrase}"
    words = phrase.split()
    return " ".join(words[:25]) + (" …" if len(words) > 25 else "")


def _motie_answered(text: str, doc: DocContext) -> str | None:
    """The motie a sentence speaks of: its own quoted title, else the first quoted motie title of
    the document (an afdoeningsbrief names it in its subject line)."""
    m = QUOTED_MOTIE.search(text)
    if m:
        return m.group("t").strip()
    return _first_motie_title(doc.name, doc.text[:6000])


@lru_cache(maxsize=64)
def _first_motie_title(name: str, head: str) -> str | None:
    m = QUOTED_MOTIE.search(head)
    return m.group("t").strip() if m else None
