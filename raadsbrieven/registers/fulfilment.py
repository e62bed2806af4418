"""Which letter delivers a promise, with its evidence sentence and a confidence.

A letter L delivers promise P when
- L mentions P in a sentence that delivers ("Met deze brief ...", "In bijlage 2 staat dit nader
  toegelicht", "... doen wij deze toezegging gestand"), not only reports it ("heeft toegezegd u
  na de zomer te informeren"), and P's announced day (a technical session) is not still ahead; or
- L, dated after P was made, does not name P but a sentence of L that delivers something (or L's
  title) says what P promised (content-word TF-IDF similarity), strengthened by a shared reference:
  L refers to the letter that made P (its date or kenmerk), or both name the same motie, RIS or
  kamerstuk number.
- L recalls P ("Deze onderzoeken zijn eerder aan de commissie toegezegd", a mention the classifier
  reads as being fulfilled) and L says elsewhere that it delivers ("U ontvangt hierbij ..."): a promise
  made outside the material (a debate, a commissie) settled by L itself;
- P is a tussenbericht's promise to settle a motie ("Wij verwachten de motie uiterlijk 31 mei af te
  doen") and L is the motie's afdoeningsbrief.
A meeting record (besluitenlijst, verslag) records promises; it never delivers one. A letter delivers
by meaning at most one promise of each earlier letter: the one it is most like.
A sentence that only says what its own letter delivers ("Hierbij informeert het college de raad over
de afdoening van de motie") is evidence for an earlier promise, not a promise of its own.
A user's decision (confirmed or rejected, keyed by the entry's key and the letter's content hash)
overrides what the rules found.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from raadsbrieven.nl.dates import to_date
from raadsbrieven.registers.delivery import REPORTED, LetterContext
from raadsbrieven.registers.graph import kind_fits
from raadsbrieven.registers.toezeggingen import PROMISE_VERB, get, is_anaphoric, order, stems

DELIVERS = re.compile(
    r"met deze (?:raads(?:informatie)?)?brief|in deze (?:raads(?:informatie)?)?brief|\bhierbij\b|"
    r"\bhiermee\b|\bgestand\b|\bvoldo(?:en|et)\b|\bvoldaan\b|\binvulling\b|nader toegelicht|"
    r"\btreft u\b|\binformeren (?:we|wij) u\b|\bsturen (?:we|wij) u\b|\bbieden (?:we|wij) u\b",
    re.I,
)
# a past delivery by another letter, reported: a letter word here and `delivery.REPORTED` ("In de
# raadsbrief van 12 oktober 2021 informeerde het college uw raad …", "Met de brief van 3 maart hebben
# wij u geïnformeerd …")
EARLIER_LETTER = re.compile(r"\b(?:raads(?:informatie)?brief|kamerbrief|brief|notitie|memo)\b", re.I)
IDENTIFIERS = re.compile(
    r"\b(?:RIS\s*\d{3,}|M\s?\d{2,4}\b|A\s?\d{2,4}\b|\d{5}(?:-[A-Z]+)?,?\s*nr\.?\s*\d+|kenmerk:?\s*[\w/.-]+)",
)
PROMISE_WORD = re.compile(
    r"\btoegezegd|\btoezegging|\bbeloofd|\btoe\s+te\s+zeggen|\bzeg(?:t|gen|de|den)?\s+toe\b", re.I
)
AFDOEN = re.compile(r"\b(?:motie|amendement)\b.{0,80}\baf\s+te\s+(?:kunnen\s+)?doen|\bafgedaan\b", re.I)
# says the promise is kept, early or not ("Die toezegging doe ik hierbij gestand")
KEEPS = re.compile(r"\bgestand\b|\bvoldo(?:en|et)\b|\bvoldaan\b|\bafgedaan\b", re.I)
LINK_THRESHOLD = 0.45
EXPLICIT_CONFIDENCE = 0.9
IMPLICIT_CONFIDENCE = 0.8  # a letter that repeats the promise and then says it delivers it
RECALLED_CONFIDENCE = 0.75  # a letter that recalls a promise made elsewhere and delivers (it says) in it
MOTIE_CONFIDENCE = 0.9  # the afdoeningsbrief of the motie a tussenbericht promised to settle
REFERENCE_BONUS = 0.4  # the letter refers to the promising letter (graph, kenmerk, number)
MIN_SIMILARITY = 0.2  # by meaning alone
MIN_SIMILARITY_RELATED = 0.1  # when the letter also refers to the promising letter (graph, kenmerk, number)


@dataclass
class Link:
    """A letter that (the rules say, or a user confirmed) delivers a promise."""

    doc: str
    date: str | None
    page: int | None
    sentence: str
    confidence: float
    content_hash: str | None = None
    sentence_id: int | None = None
    decision: str | None = None  # confirmed / rejected by a user, else None
    basis: str = "explicit"  # explicit, recalled, motie, meaning, reference, confirmed
    similarity: float = 0.0  # by meaning: how alike the promise and the letter's words are

    def contract(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "date": self.date,
            "page": self.page,
            "sentence": self.sentence,
            "confidence": round(self.confidence, 2),
        }


def delivers(sentence: str | None) -> bool:
    """The sentence delivers (says this letter fulfils), rather than only reports the promise, or
    reports that an earlier letter delivered it ("In de raadsbrief … (12 oktober 2021) informeerde
    het college uw raad over …")."""
    text = re.sub(r"\((?:toezegging|nr)[^)]*\)", " ", sentence or "", flags=re.I)
    if DELIVERS.search(text):
        return True
    if EARLIER_LETTER.search(text) and REPORTED.search(text):
        return False
    return not PROMISE_VERB.search(text) and not re.search(r"\btoegezegd|\btoezegging", text, re.I)


def _after(a: str | None, b: str | None) -> bool:
    """Letter date a is later than b (month precision: a later month)."""
    if not a or not b:
        return False
    if len(a) == 10 and len(b) == 10:
        return a > b
    return a[:7] > b[:7]


class Tfidf:
    """Content-word TF-IDF over a small set of texts; cosine between any two texts."""

    def __init__(self, texts: Iterable[str]) -> None:
        docs = [set(stems(t)) for t in texts]
        self.n = max(len(docs), 1)
        self.df = Counter(w for d in docs for w in d)

    def vector(self, text: str) -> dict[str, float]:
        tf = Counter(stems(text))
        return {w: c * math.log(1 + self.n / (1 + self.df.get(w, 0))) for w, c in tf.items()}

    @staticmethod
    def cosine(a: dict[str, float], b: dict[str, float]) -> float:
        dot = sum(v * b.get(w, 0.0) for w, v in a.items())
        na = math.sqrt(sum(v * v for v in a.values()))
        nb = math.sqrt(sum(v * v for v in b.values()))
        return dot / (na * nb) if na and nb else 0.0


def is_delivery_only(members: list[Any]) -> bool:
    """Mentions that only say what their own letter delivers, without a promise of their own ("Hierbij
    informeert het college de raad over de afdoening van de motie"): evidence, not a promise."""
    return all(
        get(f, "status") == "being_fulfilled"
        and not get(f, "number")
        and not PROMISE_WORD.search(get(f, "sentence") or "")
        for f in members
    )


def _recalled_here(fact: Any, context: LetterContext | None) -> bool:
    """A being-fulfilled mention that recalls the promise ("... is eerder toegezegd") in a letter that
    says it delivers ("U ontvangt hierbij ...")."""
    if not PROMISE_WORD.search(get(fact, "sentence") or ""):
        return False
    return context is not None and bool(context.delivering.get(get(fact, "doc")))


def explicit_links(
    members: list[Any],
    deadline_day: date | None,
    hashes: dict[str, str],
    context: LetterContext | None = None,
) -> list[Link]:
    """Letters among the mentions that say they deliver the promise."""
    links: dict[str, Link] = {}
    ordered = sorted(members, key=order)
    numbered = any(get(f, "number") for f in members)
    for f in ordered:
        if get(f, "status") != "being_fulfilled":
            continue
        doc, sentence = get(f, "doc"), get(f, "sentence") or ""
        if context is not None and doc in context.meeting:
            continue  # a verslag or besluitenlijst records what was said; it delivers nothing
        says = delivers(sentence)
        recalled = not says and _recalled_here(f, context)
        if not (says or recalled):
            continue
        letter_day = to_date(get(f, "doc_date"))
        if deadline_day and letter_day and letter_day < deadline_day and not KEEPS.search(sentence):
            continue  # announces the moment (a session on 24 June) that is still ahead
        if recalled:
            confidence = RECALLED_CONFIDENCE
        elif numbered or is_anaphoric(f) or DELIVERS.search(sentence):
            confidence = EXPLICIT_CONFIDENCE
        else:
            confidence = IMPLICIT_CONFIDENCE
        if doc in links and links[doc].confidence >= confidence:
            continue  # the letter's sentence that says most plainly that it delivers is the evidence
        links[doc] = Link(
            doc,
            get(f, "doc_date"),
            get(f, "page"),
            re.sub(r"\s+", " ", sentence).strip(),
            confidence,
            hashes.get(doc),
            get(f, "sentence_id"),
            basis="recalled" if recalled else "explicit",
        )
    return list(links.values())


def motie_links(
    members: list[Any], letters: list[dict[str, Any]], context: LetterContext | None
) -> list[Link]:
    """A tussenbericht's promise to settle a motie, delivered by the motie's afdoeningsbrief."""
    if context is None:
        return []
    known = {x["name"]: x for x in letters}
    out: dict[str, Link] = {}
    for f in members:
        if get(f, "status") == "being_fulfilled" or not AFDOEN.search(get(f, "sentence") or ""):
            continue
        for doc, day, sentence, page in context.afdoening.get(get(f, "doc"), []):
            if doc in out or doc == get(f, "doc"):
                continue
            letter = known.get(doc, {})
            out[doc] = Link(
                doc,
                day or letter.get("date"),
                page,
                re.sub(r"\s+", " ", sentence).strip(),
                MOTIE_CONFIDENCE,
                letter.get("content_hash"),
                basis="motie",
            )
    return list(out.values())


def implicit_links(
    promise_text: str,
    made: Any,
    members: list[Any],
    letters: list[dict[str, Any]],
    evidence: dict[str, list[Any]],
    refs: dict[str, list[Any]],
    tfidf: Tfidf,
    context: LetterContext | None = None,
) -> list[Link]:
    """Later letters that do not name the promise but deliver what it promised."""
    made_doc, made_date = get(made, "doc"), get(made, "doc_date")
    made_letter = next((x for x in letters if x["name"] == made_doc), {})
    mentioned = {get(f, "doc") for f in members}
    ids = set(IDENTIFIERS.findall(" ".join(get(f, "sentence") or "" for f in members)))
    target = tfidf.vector(promise_text)
    council = made_letter.get("municipality")
    out = []
    for letter in letters:
        name = letter["name"]
        if name in mentioned or not _after(letter.get("date"), made_date):
            continue
        if context is not None and name in context.meeting:
            continue
        if council and letter.get("municipality") and letter["municipality"] != council:
            continue
        candidates = [
            (get(f, "sentence") or "", get(f, "page"), get(f, "sentence_id")) for f in evidence.get(name, [])
        ]
        if context is not None:
            candidates += [
                (r.get("text") or "", r.get("page"), r.get("id")) for r in context.delivering.get(name, [])
            ]
            candidates += [(text, None, None) for text in context.reported.get(name, [])]
        if letter.get("title"):
            candidates.append((letter["title"], None, None))
        if not candidates:
            continue
        scored = [(tfidf.cosine(target, tfidf.vector(c[0])), c) for c in candidates]
        sim, (text, page, sentence_id) = max(scored, key=lambda s: s[0])
        referred = (
            _refers(refs.get(name, []), made_letter)
            or bool(ids & set(IDENTIFIERS.findall(" ".join(c[0] for c in candidates))))
            or (context is not None and (name, made_doc) in context.edges)
        )
        confidence = min(0.95, 0.6 * sim + (REFERENCE_BONUS if referred else 0.0))
        if confidence < LINK_THRESHOLD or sim < (MIN_SIMILARITY_RELATED if referred else MIN_SIMILARITY):
            continue
        out.append(
            Link(
                name,
                letter.get("date"),
                page,
                re.sub(r"\s+", " ", text).strip(),
                confidence,
                letter.get("content_hash"),
                sentence_id,
                basis="reference" if referred else "meaning",
                similarity=sim,
            )
        )
    return out


def _refers(refs: list[Any], made_letter: dict[str, Any]) -> bool:
    """A letter_ref fact names the promising letter by its kenmerk, its date, or its month."""
    day, kenmerk = made_letter.get("date"), made_letter.get("kenmerk")
    for r in refs:
        if not kind_fits(get(r, "text") or "", made_letter):
            continue  # "de voordracht van 12 oktober" is not the letter of that day
        if kenmerk and get(r, "kenmerk") and get(r, "kenmerk") == kenmerk:
            return True
        named = get(r, "date") or ""
        if day and len(day) == 10 and named == day:
            return True
        if day and len(named) == 7 and named == day[:7]:  # "in februari heeft het college u ... voorgelegd"
            return True
    return False


def best_link(links: list[Link]) -> Link | None:
    live = [x for x in links if x.decision != "rejected"]
    confirmed = [x for x in live if x.decision == "confirmed"]
    pool = confirmed or [x for x in live if x.confidence >= LINK_THRESHOLD]
    if not pool:
        return None
    return sorted(pool, key=lambda x: (-x.confidence, x.date or "", x.doc))[0]
