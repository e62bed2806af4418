"""Which letter delivers a promise, with its evidence sentence and a confidence.

A letter L delivers promise P when
- L mentions P in a sentence that delivers ("Met deze brief ...", "In bijlage 2 staat dit nader
  toegelicht", "... doen wij deze toezegging gestand"), not only reports it ("heeft toegezegd u
  na de zomer te informeren"), and P's announced day (a technical session) is not still ahead; or
- L, dated after P was made, does not name P but a sentence of L that delivers something (or L's
  title) says what P promised (content-word TF-IDF similarity), strengthened by a shared reference:
  L refers to the letter that made P (its date or kenmerk), or both name the same motie, RIS or
  kamerstuk number.
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
from raadsbrieven.registers.toezeggingen import PROMISE_VERB, get, is_anaphoric, order, stems

DELIVERS = re.compile(
    r"met deze (?:raads(?:informatie)?)?brief|in deze (?:raads(?:informatie)?)?brief|\bhierbij\b|"
    r"\bhiermee\b|\bgestand\b|\bvoldo(?:en|et)\b|\bvoldaan\b|\binvulling\b|nader toegelicht|"
    r"\btreft u\b|\binformeren (?:we|wij) u\b|\bsturen (?:we|wij) u\b|\bbieden (?:we|wij) u\b",
    re.I,
)
IDENTIFIERS = re.compile(
    r"\b(?:RIS\s*\d{3,}|M\s?\d{2,4}\b|A\s?\d{2,4}\b|\d{5}(?:-[A-Z]+)?,?\s*nr\.?\s*\d+|kenmerk:?\s*[\w/.-]+)",
)
LINK_THRESHOLD = 0.45
EXPLICIT_CONFIDENCE = 0.9
IMPLICIT_CONFIDENCE = 0.8  # a letter that repeats the promise and then says it delivers it


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
    basis: str = "explicit"  # explicit, meaning, reference, confirmed

    def contract(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "date": self.date,
            "page": self.page,
            "sentence": self.sentence,
            "confidence": round(self.confidence, 2),
        }


def delivers(sentence: str | None) -> bool:
    """The sentence delivers (says this letter fulfils), rather than only reports the promise."""
    text = re.sub(r"\((?:toezegging|nr)[^)]*\)", " ", sentence or "", flags=re.I)
    if DELIVERS.search(text):
        return True
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


def explicit_links(members: list[Any], deadline_day: date | None, hashes: dict[str, str]) -> list[Link]:
    """Letters among the mentions that say they deliver the promise."""
    links: dict[str, Link] = {}
    ordered = sorted(members, key=order)
    numbered = any(get(f, "number") for f in members)
    for f in ordered:
        if get(f, "status") != "being_fulfilled" or not delivers(get(f, "sentence")):
            continue
        letter_day = to_date(get(f, "doc_date"))
        if deadline_day and letter_day and letter_day < deadline_day:
            continue  # announces the moment (a session on 24 June) that is still ahead
        doc = get(f, "doc")
        if doc in links:
            continue
        links[doc] = Link(
            doc,
            get(f, "doc_date"),
            get(f, "page"),
            re.sub(r"\s+", " ", get(f, "sentence") or "").strip(),
            EXPLICIT_CONFIDENCE
            if numbered or is_anaphoric(f) or DELIVERS.search(get(f, "sentence") or "")
            else IMPLICIT_CONFIDENCE,
            hashes.get(doc),
            get(f, "sentence_id"),
        )
    return list(links.values())


def implicit_links(
    promise_text: str,
    made: Any,
    members: list[Any],
    letters: list[dict[str, Any]],
    evidence: dict[str, list[Any]],
    refs: dict[str, list[Any]],
    tfidf: Tfidf,
) -> list[Link]:
    """Later letters that do not name the promise but deliver what it promised."""
    made_doc, made_date = get(made, "doc"), get(made, "doc_date")
    made_letter = next((x for x in letters if x["name"] == made_doc), {})
    mentioned = {get(f, "doc") for f in members}
    ids = set(IDENTIFIERS.findall(" ".join(get(f, "sentence") or "" for f in members)))
    target = tfidf.vector(promise_text)
    out = []
    for letter in letters:
        name = letter["name"]
        if name in mentioned or not _after(letter.get("date"), made_date):
            continue
        candidates = [(get(f, "sentence") or "", f) for f in evidence.get(name, [])]
        if letter.get("title"):
            candidates.append((letter["title"], None))
        if not candidates:
            continue
        scored = [(tfidf.cosine(target, tfidf.vector(text)), text, f) for text, f in candidates]
        sim, text, fact = max(scored, key=lambda s: s[0])
        referred = _refers(refs.get(name, []), made_letter) or bool(
            ids & set(IDENTIFIERS.findall(" ".join(t for t, _ in candidates)))
        )
        confidence = min(0.95, 0.6 * sim + (0.35 if referred else 0.0))
        if confidence < LINK_THRESHOLD or sim < 0.2:
            continue
        out.append(
            Link(
                name,
                letter.get("date"),
                get(fact, "page") if fact is not None else None,
                re.sub(r"\s+", " ", text).strip(),
                confidence,
                letter.get("content_hash"),
                get(fact, "sentence_id") if fact is not None else None,
                basis="reference" if referred else "meaning",
            )
        )
    return out


def _refers(refs: list[Any], made_letter: dict[str, Any]) -> bool:
    """A letter_ref fact names the promising letter by its kenmerk, its date, or its month."""
    day, kenmerk = made_letter.get("date"), made_letter.get("kenmerk")
    for r in refs:
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
