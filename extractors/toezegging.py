"""Toezeggingen: commitments of the college (or a wethouder) to the council.

Three routes, most exact first:
1. numbered references: "(toezegging 926)", "toezegging nummer 862", "toezeggingen 862 en 863";
2. exact rules (patterns/toezegging_rules.json): "Wij hebben toegezegd u te informeren",
   "zoals toegezegd in het debat", "Wethouder Wagner zegt toe ...", "de toegezegde sessie";
3. a small classifier (toezegging_model.py, trained on patterns/toezegging_sentences.jsonl)
   for new commitments without the word: "zullen wij u opnieuw een update geven",
   "bieden we raadsleden een expertmeeting aan", "... wordt in Q2 aangeboden aan uw raad".
   Only sentences that pass a gate (the council or a council venue, plus a verb of informing
   or presenting) are classified, so "we gaan inzetten op ..." never reaches it.

Fields: `number`, `status` (made / being_fulfilled / reference), `who` ("wethouder De Vries",
"burgemeester Schuiling", "college"), `deadline` (raadsbrieven.nl.deadlines) and `what`.
"""

from __future__ import annotations

import re

from raadsbrieven.extractors import toezegging_model as model

from raadsbrieven.model import DocContext, Fact, Sentence
from raadsbrieven.nl.dates import to_date
from raadsbrieven.nl.deadlines import deadline_end, find_deadlines

KIND = "toezegging"
VERSION = "1"
NEEDS = ("sentences",)

NUMBERED = re.compile(
    r"\btoezegging(?:en)?\s+(?:(?:nummer|nr\.?|no\.?)\s*)?(?P<first>\d{1,5}(?:/\d{1,4})?)\b"
    r"(?P<rest>(?:\s*(?:,|en|&|t/m)\s*(?:(?:nummer|nr\.?)\s*)?\d{1,5}(?:/\d{1,4})?\b)*)",
    re.I,
)
REST_NUMBER = re.compile(r"\d{1,5}(?:/\d{1,4})?")
WHO = re.compile(
    r"\b(?P<title>(?i:wethouder|burgemeester|minister|staatssecretaris|gedeputeerde))\s+"
    r"(?P<name>(?:(?i:van\s+der|van\s+den|van\s+de|van|de|den|der|ter|ten|te)\s+)?[A-Z][\w'-]+)"
)
NOT_A_NAME = {"van", "voor", "heeft", "zegt", "is", "en", "die", "dat"}
NUMBER_PHRASE = re.compile(
    r"\s*\(?\s*(?:(?:mede\s+)?naar\s+aanleiding\s+van\s+)?toezegging(?:en)?\s+(?:nummer\s+|nr\.?\s*)?\d[\d\s,en&/]*\)?",
    re.I,
)


def _flags() -> int:
    return re.I | re.S


def _who(text: str, before: int | None = None, national: bool = False) -> str:
    """The named wethouder/burgemeester nearest before `before` (or just after it), else the college."""
    best = None
    for m in WHO.finditer(text):
        if m.group("name").lower() in NOT_A_NAME:
            continue
        if before is not None and m.start() > before + 5:
            if best is None and m.start() <= before + 60:
                best = m
            break
        best = m
    if best:
        name = best.group("name")
        return f"{best.group('title').lower()} {name[0].upper()}{name[1:]}"
    return "minister" if national else "college"


def _what(text: str, start: int = 0) -> str:
    """A short description: the clause after the trigger, without the toezegging number."""
    rest = NUMBER_PHRASE.sub(" ", text[start:])
    rest = re.sub(
        r"^\s*(?:om|dat|u|aan\s+uw\s+raad|uw\s+raad)\s+", "", re.sub(r"\s+", " ", rest).strip(" ,.;:()")
    )
    if len(rest.split()) < 3:
        rest = re.sub(r"\s+", " ", NUMBER_PHRASE.sub(" ", text)).strip(" ,.;:()")
    words = rest.split()
    return " ".join(words[:25]) + (" …" if len(words) > 25 else "")


def _deadline(text: str, doc: DocContext, after: int = 0) -> str | None:
    """The first moment after the trigger that is not already past at the letter date."""
    letter = to_date(doc.date)
    found = [
        d
        for d in find_deadlines(text, doc.date)
        if not (letter and (deadline_end(d.value) or letter) < letter)
    ]
    later = [d for d in found if d.start >= after]
    return later[0].value if later else None


def _numbered(sentence: Sentence, doc: DocContext) -> list[Fact]:
    text, rules = sentence.text, model.rules()
    facts: list[Fact] = []
    for m in NUMBERED.finditer(text):
        spans = [(m.start(), m.end("first"), m.group("first"))]
        for n in REST_NUMBER.finditer(m.group("rest")):
            spans.append((m.start("rest") + n.start(), m.start("rest") + n.end(), n.group()))
        if re.search(rules["later_cues"], text, _flags()):
            status = "reference"
        elif any(re.search(p, text, _flags()) for p in rules["made_now"]):
            status = "made"
        else:
            status = "being_fulfilled"
        for s, e, number in spans:
            facts.append(
                Fact(
                    kind=KIND,
                    text=text[s:e],
                    start=sentence.start + s,
                    end=sentence.start + e,
                    number=number,
                    status=status,
                    who=_who(text, m.start(), doc.info.national),
                    deadline=_deadline(text, doc),
                    what=_what(text, _trigger_end(text)),
                )
            )
    return facts


def _trigger_end(text: str) -> int:
    """Where the promise starts in a numbered sentence ("heeft toegezegd | u te informeren ...")."""
    m = re.search(r"\b(?:toegezegd|zegt\s+toe|zeggen\s+toe)\b", text, re.I)
    return m.end() if m else 0


def _rule(sentence: Sentence, doc: DocContext) -> Fact | None:
    text, rules = sentence.text, model.rules()
    if re.search(rules["not_committers"], text, _flags()):
        return None
    meeting = doc.info.meeting_record
    routes = (
        ("made_now", "made"),
        ("fulfilled_past", "made" if meeting else "being_fulfilled"),
        ("made_future", "made"),
        ("reference", "reference"),
    )
    for key, status in routes:
        for pattern in rules[key]:
            m = re.search(pattern, text, _flags())
            if m is None:
                continue
            if key == "made_now" and not re.search(rules["committers"], text[: m.end()], re.I):
                continue
            if key == "made_future" and re.search(rules["conditional"], text, re.I):
                continue
            if key == "reference" and re.search(r"\btoezeggingen\b", m.group(), re.I):
                continue
            if key == "fulfilled_past" and meeting and re.search(r"\btoezegging\b", m.group(), re.I):
                status = "reference"  # "Naar aanleiding van de toezegging van wethouder X besluit ..."
            return Fact(
                kind=KIND,
                text=m.group(),
                start=sentence.start + m.start(),
                end=sentence.start + m.end(),
                status=status,
                who=_who(text, m.start(), doc.info.national),
                deadline=_deadline(text, doc, m.end() if key in ("made_now", "fulfilled_past") else 0),
                what=_what(text, m.end()),
            )
    return None


def _classified(sentence: Sentence, doc: DocContext) -> Fact | None:
    text = sentence.text
    span = model.gate(text)
    if span is None or model.probability(text) < model.THRESHOLD:
        return None
    s, e = span
    return Fact(
        kind=KIND,
        text=text[s:e],
        start=sentence.start + s,
        end=sentence.start + e,
        status="made",
        who=_who(text, None, doc.info.national),
        deadline=_deadline(text, doc),
        what=_what(text),
    )


def extract(sentence: Sentence, doc: DocContext) -> list[Fact]:
    numbered = _numbered(sentence, doc)
    if numbered:
        return numbered
    fact = _rule(sentence, doc) or _classified(sentence, doc)
    return [fact] if fact else []
