"""Moties and amendementen of the council.

"de motie ‘Geef richting aan de reserve’ (M101)", "de onlangs aangenomen motie ... (M100)",
"VVD-motie", "motie 12", "motie 2023/45", "een amendement (A8.1)", "motie-Taverne",
"Motie van de leden Ernsting en Vroege inzake ...". A mention becomes a fact when it
identifies the motie (number, title, party or member) or records it being submitted;
a bare anaphor ("de motie draagt het college op") does not. Status comes from the
sentence ("aangenomen", "verworpen", "ingetrokken", "aangehouden"), or from a following
sentence that refers back ("De motie is uiteindelijk ingetrokken"). In a municipal
letter, a motie of the Tweede Kamer or the government is not the council's and is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from raadsbrieven.extractors import PATTERNS

from raadsbrieven.model import DocContext, Fact, Sentence
from raadsbrieven.nl.lexicon import load

KINDS = ("motie", "amendement")
VERSION = "1"
NEEDS = ("sentences",)


KEYWORD = re.compile(r"\b(?P<kw>motie|moties|amendement|amendementen)\b", re.I)
QUOTED = re.compile(r"^\s*[‘'“\"„](?P<t>[^’'”\"]{3,200}?)[’'”\"](?!\w)")
NUMBER = re.compile(
    r"^\s*(?:\(\s*)?(?:(?:nr|nummer|no)\.?\s*)?"
    r"(?P<n>[MA]\s?\d+(?:[./]\d+)*[a-z]?|\d{1,4}(?:/\d{1,4})?(?:\.\d{1,3})?[a-z]?)(?![\w,])\s*\)?",
    re.I,
)
MORE_NUMBERS = re.compile(
    r"^\s*(?:,|en|&)\s*(?:(?:nr|nummer)\.?\s*)?(?P<n>[MA]?\s?\d+(?:[./]\d+)*)\b\s*\)?", re.I
)
MEMBER = re.compile(
    r"^\s*(?:[-–]\s*|van\s+(?:het\s+lid|de\s+leden|de\s+fractie\s+van|de\s+fracties\s+van|raadslid|raadsleden)\s+)"
    r"(?P<m>(?:(?:van\s+der|van\s+den|van\s+de|van|de|den|der|het)\s+)?[A-Z][\w'-]+(?:\s+(?:c\.s\.|cs)|(?:\s*(?:,|en)\s+(?:(?:van|de|der|den)\s+)*[A-Z][\w'-]+)*)?)"
)
HEAD_TITLE = re.compile(
    r"^(?:[^.]{0,120}?)\b(?:inzake|met betrekking tot|betreffende|m\.b\.t\.)\s+(?P<t>.{3,200}?)\s*[.;]?\s*$",
    re.S,
)
TITLE_AFTER_NUMBER = re.compile(r"^\s*[,:]?\s*[‘'“\"„](?P<t>[^’'”\"]{3,200}?)[’'”\"](?!\w)")
ANAPHOR = re.compile(
    r"\b(?:de|het|deze|dit|die|dat|ons|hun|zijn|haar)\s+(?:\w+\s+)?(?:motie|amendement)\b", re.I
)
BESLUIT = re.compile(
    r"\b(?:de\s+raad\s+besluit|besluit\s+de\s+raad)\b.{0,40}?\b(?:unaniem|in\s+meerderheid|bij\s+acclamatie|zonder\s+stemming)",
    re.I,
)
VERWERPT = re.compile(r"\b(?:de\s+raad\s+verwerpt|verworpen)\b", re.I)
HEADER_NUMBER = re.compile(
    r"\b(?:ingekomen\s+onder\s+nummer|motienummer|nummer)\s*:?\s*(?P<n>\d{1,5}(?:[./]\d{1,4})?)\b", re.I
)
HEADER_STATUS = re.compile(r"\bstatus\s*:?\s*(?P<s>aangenomen|verworpen|ingetrokken|aangehouden)\b", re.I)


@dataclass
class _Mention:
    kind: str
    start: int  # in the sentence
    end: int
    number: str | None = None
    title: str | None = None
    who: str | None = None
    identified: bool = False


def _words() -> dict:
    return load("motie", PATTERNS)


@cache
def _status_patterns() -> list[tuple[re.Pattern[str], str]]:
    items = sorted(_words()["status"].items(), key=lambda kv: -len(kv[0]))
    return [(re.compile(rf"\b{p}\b", re.I), s) for p, s in items]


@cache
def _party_re() -> re.Pattern[str]:
    names = "|".join(re.escape(p) for p in sorted(_words()["parties"], key=len, reverse=True))
    return re.compile(rf"(?:(?<=\s)|^)(?P<p>{names})(?=[\s,)-]|$)")


def _alt(words: list[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I)


def _clean_number(raw: str) -> str:
    return re.sub(r"\s+", "", raw).upper() if raw[:1].isalpha() else raw


def status_in(text: str, near: int | None = None, window: int = 120) -> str | None:
    """The motie status named in text; with `near`, the one closest to that offset."""
    blocked = [m.span() for w in _words()["not_status"] for m in re.finditer(re.escape(w), text, re.I)]
    best: tuple[int, str] | None = None
    for pattern, status in _status_patterns():
        for m in pattern.finditer(text):
            if any(a <= m.start() < b for a, b in blocked):
                continue
            distance = 0 if near is None else abs(m.start() - near)
            if near is not None and distance > window:
                continue
            if best is None or distance < best[0]:
                best = (distance, status)
    return best[1] if best else None


def _mentions(text: str) -> list[_Mention]:
    found: list[_Mention] = []
    for m in KEYWORD.finditer(text):
        if any(f.start <= m.start() < f.end for f in found):
            continue  # "afhandeling motie e-bikes" inside another motie's title
        kw = m.group("kw").lower()
        kind = "amendement" if kw.startswith("amendement") else "motie"
        start, end, rest = m.start(), m.end(), text[m.end() :]
        mention = _Mention(kind, start, end)
        party = re.search(r"(?P<p>[A-Z][\w&!]*(?:-[A-Z][\w]*)?)-$", text[: m.start()])
        if party and party.group("p").lower() not in ("raads", "college"):
            mention.who, mention.start, mention.identified = party.group("p"), party.start(), True
        q = QUOTED.match(rest)
        if q:
            mention.title, end, rest = q.group("t").strip(), end + q.end(), text[end + q.end() :]
            mention.identified = True
        n = NUMBER.match(rest)
        if n and not re.match(
            r"\s*(?:jaar|keer|maanden|weken|dagen|procent|%|euro|miljoen)\b", rest[n.end() :]
        ):
            mention.number, end = _clean_number(n.group("n")), end + n.end()
            mention.identified = True
            t = None if mention.title else TITLE_AFTER_NUMBER.match(text[end:])
            if t:
                mention.title, end = t.group("t").strip(), end + t.end()
            more = MORE_NUMBERS.match(text[end:])
            while more:  # "moties 12 en 13": one mention each
                found.append(_Mention(kind, start, end, mention.number, mention.title, mention.who, True))
                mention = _Mention(
                    kind, start, end + more.end(), _clean_number(more.group("n")), None, mention.who, True
                )
                end = end + more.end()
                more = MORE_NUMBERS.match(text[end:])
        elif not mention.title:
            who = MEMBER.match(rest)
            if who:
                mention.who, end, mention.identified = who.group("m"), end + who.end(), True
        if not mention.title:
            head = HEAD_TITLE.match(text[m.start() :]) if _is_heading(text, m.start()) else None
            if head:
                mention.title, end, mention.identified = (
                    head.group("t").strip(),
                    m.start() + head.end("t"),
                    True,
                )
        mention.end = len(text[:end].rstrip())
        found.append(mention)
    return found


def _is_heading(text: str, pos: int) -> bool:
    """A motie named at the start of a sentence or agenda item: "16. Motie met betrekking tot ..."."""
    before = text[:pos]
    return bool(re.fullmatch(r"\s*(?:\d+[.)]?\s*|[a-z][.)]\s*|Onderwerp:?\s*)?", before))


def _submitted(text: str, mention: _Mention) -> bool:
    """An indefinite motie submitted by a fraction: 'De fractie van D66 dient een amendement in'."""
    before = text[max(0, mention.start - 12) : mention.start].lower()
    if not re.search(r"\b(?:een|twee|drie|vier|\d+)\s+$", before):
        return False
    return bool(_alt(_words()["submit"]).search(text)) and bool(
        _party_re().search(text) or re.search(r"\bfracties?\b|\bhet lid\b|\bde leden\b", text, re.I)
    )


def _of_council(text: str, mention: _Mention) -> bool:
    after = text[mention.end : mention.end + 40]
    return bool(
        re.match(r"\s*(?:van|door)\s+(?:uw\s+raad|de\s+(?:gemeente)?raad|de\s+commissie)\b", after, re.I)
    )


def _around(doc: DocContext, sentence: Sentence) -> str:
    """The sentence with its neighbours: a footnote on a Tweede Kamer motie names the Kamer nearby."""
    i = sentence.index
    if not doc.sentences or i >= len(doc.sentences) or doc.sentences[i].start != sentence.start:
        return sentence.text
    return " ".join(s.text for s in doc.sentences[max(0, i - 1) : i + 2])


def _header_fields(doc: DocContext, sentence: Sentence) -> tuple[str | None, str | None]:
    """Number and status from a motie's own header ("Ingekomen onder nummer 836", "Status Aangenomen")."""
    if sentence.start > 800:
        return None, None
    head = doc.text[:800]
    if not re.search(r"^\W*(?:\S+\s+){0,6}motie\b", head, re.I | re.M):
        return None, None
    n, s = HEADER_NUMBER.search(head), HEADER_STATUS.search(head)
    return (n.group("n") if n else None), (s.group("s").lower() if s else None)


def _status_after(
    doc: DocContext, sentence: Sentence, mention: _Mention, max_sentences: int = 8
) -> str | None:
    """A status given by a following sentence that refers back: 'De motie is uiteindelijk ingetrokken.'"""
    following = doc.sentences[sentence.index + 1 : sentence.index + 1 + max_sentences]
    for nxt in following:
        mentions = _mentions(nxt.text)
        if any(m.identified for m in mentions):
            return None
        if any(m.kind == mention.kind for m in mentions) and ANAPHOR.search(nxt.text):
            for m in mentions:
                status = status_in(nxt.text, near=m.start)
                if status:
                    return status
        if BESLUIT.search(nxt.text) and _is_heading(sentence.text, mention.start):
            return "verworpen" if VERWERPT.search(nxt.text) else "aangenomen"
    return None


def extract(sentence: Sentence, doc: DocContext) -> list[Fact]:
    text = sentence.text
    if not KEYWORD.search(text):
        return []
    national_doc = doc.info.national
    national = _alt(_words()["national"])
    facts: list[Fact] = []
    for mention in _mentions(text):
        own = _of_council(text, mention)
        if not (mention.identified or own or _submitted(text, mention)):
            continue
        context = text if (mention.number or mention.title) else _around(doc, sentence)
        if not national_doc and not own and national.search(context):
            continue
        number, header_status = _header_fields(doc, sentence)
        status = status_in(text, near=mention.start) or header_status
        if status is None:
            status = _status_after(doc, sentence, mention)
        facts.append(
            Fact(
                kind=mention.kind,
                text=text[mention.start : mention.end],
                start=sentence.start + mention.start,
                end=sentence.start + mention.end,
                number=mention.number or number,
                title=mention.title,
                status=status,
                who=mention.who,
            )
        )
    return facts
