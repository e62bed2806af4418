"""Moties and amendementen, however a letter names them.

Mentions in running text: "de motie ‘Geef richting aan de reserve’ (M101)", "motie: ‘Geen kind op
straat’ (RIS321453)", "motie Watertappunt in drukstbezochte speeltuinen (RIS321067)", "VVD-motie",
"motie 2023/45", "een amendement (A8.1)", "de motie-Taverne c.s. over afschaffen van de
lijstverbindingen (33268, nr. 26)", "motie Geurts", "de motie van de heer Graus op stuk nr. 203",
"het amendement van het lid Van Raak (kamerstuk 30372, nr. 23)", "Motie van de leden Ernsting en
Vroege inzake ...". A mention becomes a fact when it identifies the motie (number, title, member or
party) or records it being submitted; a bare anaphor ("de motie draagt het college op") does not.

Rows of a decision list: "321067 Motie J.3 (HvDH) Watertappunt in drukstbezochte speeltuinen
Aangenomen" (number, code, party, title, status). The document itself when it is a motie: its header
("Ingekomen onder nummer 836", "RIS-nummer: 3 2 1233", "Nr. 9 MOTIE VAN HET LID HACHCHI C.S." in
kamerstuk 33 900 -> 33900-9, "TER VERVANGING VAN DIE GEDRUKT ONDER NR. 10"), and a Handelingen
record ("Deze motie is voorgesteld door het lid Graus. Zij krijgt nr. 202 (31311)"; the motie's own
text "Motie De Kamer, gehoord de beraadslaging, ..." takes that number, "de motie op stuk nr. 470"
the dossier the record gives nr. 470).

A council's verbatim record (Den Haag) numbers moties by agenda code and party: "de volgende motie
(H.4 HvDH) ingediend", "moties (I.2 HvDH en I.3 HvDH)", heading "Motie H.4 HvDH Behoud een plekje
voor een Haags icoon", "In stemming komt motie H.2 SP." (the code is the number, the party `who`).
Speakers name them by title ("de motie Onderzoek voorzienbaarheid hinder Kijkduin in, die ...",
"Motie één heet ...") or party ("de motie van de SP", "het amendement van Hart voor Den Haag"). A
per-document index of the headings and votes gives such a mention its code, title and status: a
title only when it is (nearly) the heading's, a party only when it has one motie in the agenda items
around the sentence. Without a record, a capitalised title after "de motie" is read up to a clear
end (comma, colon, "in,", a verb such as "verzoekt"), and not when its first word is a member the
document names ("de heer Dijkhoff").

Kamerstuk numbers are written `dossier-nr` ("30300-VI-89", "33268-26"); other numbers as written
("M101", "RIS321067", "836"). Status comes from the sentence ("aangenomen", "verworpen",
"ingetrokken", "aangehouden"), a following sentence that refers back, or the motie's own header;
a tally ("16 stemmen voor en 14 stemmen tegen") fills votes_for / votes_against. Words, statuses and
parties are data: patterns/motie.json.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache, lru_cache

from raadsbrieven.extractors import PATTERNS

from raadsbrieven.model import DocContext, Fact, Sentence
from raadsbrieven.nl.lexicon import load
from raadsbrieven.nl.lexicon import words as nl_words

KINDS = ("motie", "amendement")
VERSION = "3"
NEEDS = ("sentences", "text", "info.national")
ASSIGNS = ("number", "title", "status", "who")

TAG = r"(?:\s*<[^<>]{0,200}>\s*)*"  # markup left in a text read from XML
# "motie", "moties", "amendement"; also glued by OCR: "demotie-Varela", "degewijzigdemotie"
KEYWORD = re.compile(r"(?:\b|(?<=de))(?P<kw>motie|moties|amendement|amendementen)\b", re.I)
QUOTED = re.compile(r"^\s*:?\s*[‘'“\"„]\s*(?P<t>(?:[^’'”\"‘“]|[’'](?=\w)){3,200}?)\s*[’'”\"](?!\w)")
NUMBER = re.compile(
    r"^\s*(?:\(\s*)?(?:(?:nr|nummer|no)\.?\s*)?"
    r"(?P<n>[MA]\s?\d+(?:[./]\d+)*[a-z]?|\d{1,4}(?:/\d{1,4}|-\d{2}(?!\d))?(?:\.\d{1,3})?[a-z]?)"
    r"(?![\w/-]|,\d)\s*\)?",
    re.I,
)
RIS = r"RIS\s?\d{5,7}[a-z]?"
RIS_NUMBER = re.compile(rf"^\s*[,:]?\s*\(?\s*(?P<n>{RIS})\s*\)?", re.I)
# a kamerstuk: "33268, nr. 26", "30 372, nr. 35", "30300-VI,nr.89", "32 213 (R 1903) nr. 20", "30111-108"
DOSSIER = r"(?P<d>\d{2}\s?\d{3})(?P<sub>\s*\(\s*R\s?\d{3,4}\s*\)|\s*-\s*[IVXLC]+\b|\s+[IVXLC]+\b(?!\.))?"
KAMERSTUK = re.compile(
    r"(?:(?:kamerstuk(?:ken)?|kst\.?)\s*(?:I{1,2}\s*)?(?:\d{4}\s*[/–-]\s*\d{2,4}\s*,\s*)?)?"
    + DOSSIER
    + r"(?:\s*,?\s*nr\.?\s*(?P<nr>\d{1,4})\b|-(?P<nr2>\d{1,4})\b)",
    re.I,
)
KAMERSTUK_AFTER = re.compile(r"^(?:\s+(?:is|werd|wordt|in|\w+d)){0,2}[\s,(]*" + KAMERSTUK.pattern, re.I)
MORE_KAMERSTUK = re.compile(r"^\s*(?:,|en|&)\s*" + KAMERSTUK.pattern, re.I)
KAMERSTUK_LATER = re.compile(r"\(\s*" + KAMERSTUK.pattern + r"\s*\)", re.I)
OP_STUK = re.compile(r"^\s*,?\s*op\s+stuk\s+nr\.?\s*(?P<n>\d{1,4})\b", re.I)
NAME = (
    r"(?:(?:[Vv]an\s+(?:der\s+|den\s+|de\s+)?|[Dd]e\s+|[Dd]en\s+|[Tt]er\s+|[Tt]en\s+)?"
    r"[A-Z][\w'’]+(?:-[A-Z]?[\w'’]+)*(?:/(?:[Vv]an\s+(?:der\s+|de\s+)?|[Dd]e\s+)?[A-Z][\w'’-]+)*)"
)
NAMES = rf"{NAME}(?:\s*(?:,|\ben\b)\s*{NAME})*(?:\s+c\.?\s?s\.?)?"
GLUED_MEMBER = re.compile(rf"^[-–](?P<m>{NAMES})")
MEMBER = re.compile(
    r"^\s*van\s+(?:het\s+(?:tweede-?\s*kamer)?lid|de\s+leden|de\s+fracties?\s+van|de\s+heer|mevrouw|meneer|"
    rf"raadslid|raadsleden|het\s+raadslid|de\s+raadsleden)\s+(?P<m>{NAMES})"
)
PARTY_MEMBER = re.compile(
    r"^\s*van\s+(?P<m>[A-Z][\w&!-]*(?:\s+(?:voor|van|en|de|den|het|[A-Z][\w&!-]*)){0,6})"
)
BARE_MEMBER = re.compile(rf"^\s+(?P<m>{NAME}(?:\s+c\.?\s?s\.?)?)(?=\s*(?:[,.;)(]|$|\s+[a-zà-ÿ]))")
OVER_TITLE = re.compile(
    r"^\s*,?\s*(?:over|inzake|betreffende|met betrekking tot|m\.b\.t\.)\s+"
    r"(?P<t>[^()\n;]{3,160}?)(?=\s*(?:\(|\s-\s|;|,\s|\.\s|\.?$|\s+(?:waarin|waarmee|die|dat|en\s+de\s+motie)\b))",
    re.I,
)
UNQUOTED_BEFORE_NUMBER = re.compile(
    rf"^\s*:?\s*(?P<t>[A-Z][^()‘’“”\"\n]{{2,150}}?)\s*\(\s*(?P<n>{RIS}|[MA]\d+(?:\.\d+)?)\s*\)"
)
HEAD_TITLE = re.compile(
    r"^(?:[^.]{0,120}?)\b(?:inzake|met betrekking tot|betreffende|m\.b\.t\.)\s+(?P<t>.{3,200}?)\s*[.;:]?\s*$",
    re.S,
)
COLON_TITLE = re.compile(
    r"^\s*:\s*(?P<t>[^.?!\n]{3,200}?)\s*(?=\s[A-Z][a-z]+\s?:|\s\d{1,2}\s+[a-z]+\s+\d{4}\b|\.?\s*$)"
)
TITLE_AFTER_NUMBER = re.compile(r"^\s*[,:]?\s*[‘'“\"„](?P<t>[^’'”\"]{3,200}?)[’'”\"](?!\w)")
MORE_NUMBERS = re.compile(
    r"^\s*(?:,|en|&)\s*(?:(?:nr|nummer)\.?\s*)?(?P<n>[MA]?\s?\d+(?:[./]\d+)*)\b\s*\)?", re.I
)
ANAPHOR = re.compile(
    r"\b(?:de|het|deze|dit|die|dat|ons|hun|zijn|haar)\s+(?:\w+\s+)?(?:motie|amendement)\b", re.I
)
BESLUIT = re.compile(
    r"\b(?:de\s+raad\s+besluit|besluit\s+de\s+raad)\b.{0,40}?\b(?:unaniem|in\s+meerderheid|bij\s+acclamatie|zonder\s+stemming)",
    re.I,
)
VERWERPT = re.compile(r"\b(?:de\s+raad\s+verwerpt|verworpen)\b", re.I)
TALLY = re.compile(
    r"\b(?P<for>\d{1,3})\s+stemmen\s+v(?:oo|óó|ó)r\b(?:\s+en\s+|\s*,\s*)(?P<against>\d{1,3})\s+(?:stemmen\s+)?tegen\b",
    re.I,
)
HEADER_NUMBER = re.compile(
    r"\b(?:ingekomen\s+onder\s+nummer|motienummer|RIS-?nummer|nummer)\s*:?[ \t]*"
    r"(?P<n>\d[\d \t]{0,10}\d|\d)\b",
    re.I,
)
HEADER_STATUS = re.compile(
    r"\b(?:status|uitslag(?:\s+stemming)?)\s*:?\s*(?P<s>aangenomen|verworpen|ingetrokken|aangehouden)\b", re.I
)
INGEKOMEN = re.compile(r"\bingekomen\s+onder\s+nummer\s*:?\s*(?P<n>\d{1,5})\b", re.I)
OWN_NUMBER = re.compile(r"(?:^|\s)Nr\.\s*(?P<n>\d{1,4})\s+(?:GEWIJZIGDE?\s+|NADER\s+GEWIJZIGDE?\s+)*$", re.I)
REPLACES = re.compile(
    r"\bter\s+vervanging\s+van\s+(?:die|het|de)\s+gedrukt\s+onder\s+nr\.?\s*(?P<n>\d{1,4})\b", re.I
)
KRIJGT_NR = re.compile(
    rf"(?:\b|(?<=\.))(?:zij|hij|het|deze\s*motie|dit\s*amendement)\s*krijgt\s*(?:nr\.|nummer){TAG}\s*(?P<n>\d{{1,4}}){TAG}"
    rf"\s*\({TAG}\s*(?P<d>\d{{2}}\s?\d{{3}}(?:-[IVXLC]+)?){TAG}\s*\)",
    re.I,
)
REPLACED_KAMERSTUK = re.compile(
    r"\b(?:t\.v\.v\.|ter\s+vervanging\s+van)\s+(?:die|het|de)\s+gedrukt\s+onder\s+" + KAMERSTUK.pattern, re.I
)
PROPOSED_BY = re.compile(
    r"\b(?P<kw>motie|amendement)\s+is\s+voorgesteld\s+door\s+(?:het\s+lid|de\s+leden)\s+"
    rf"(?P<m>{NAMES})",
    re.I,
)
SUBMITTED_BY = re.compile(
    r"^\s*Door\s+(?:de\s+heer|mevrouw)\s+(?:[A-Z]\.\s*)*(?P<m>(?:(?:van|de|der|den|ter)\s+)*[A-Z][\w'’-]+)"
)
POSSESSIVE = re.compile(r"\b(?:zijn|haar|hun)\s+$", re.I)
MEMBER_BEFORE = re.compile(rf"\b(?:(?:kamer)?lid|leden)\s+(?P<m>{NAME})\b[^.]{{0,40}}$", re.I)
DOC_DOSSIER = re.compile(r"^\s*(?P<d>\d{2}\s\d{3}(?:\s*\(R\s?\d{3,4}\))?)\s+[A-Z]", re.M)
FOOT_DOSSIER = re.compile(
    r"vergaderjaar\s+\d{4}\s*[–-]\s*\d{4},\s*(?P<d>\d{2}\s?\d{3}(?:\s*\(R\s?\d{3,4}\))?),\s*nr\.", re.I
)


@dataclass
class _Mention:
    kind: str
    start: int  # in the sentence
    end: int
    number: str | None = None
    title: str | None = None
    who: str | None = None
    status: str | None = None
    identified: bool = False
    own: bool = False  # the document's own header: "Nr. 9 MOTIE VAN HET LID ..."
    more: list[_Mention] = field(default_factory=list)  # "moties 12 en 13": the ones named before this
    code: bool = False  # the number is a council record's agenda code: "motie (H.4 HvDH)"
    heading: bool = False  # the title is a record's heading: "Motie H.4 HvDH Behoud een plekje ..."
    guess: bool = False  # the title is read from capitals only: "de motie Plek voor Podium Noord in"
    stuk: bool = False  # a bare Handelingen number: "de motie op stuk nr. 470"
    loose: bool = False  # a code beside the keyword ("Q.5 is de motie"): only when the record has it


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


@cache
def _row_re() -> re.Pattern[str]:
    """A row of a decision list: "321067 Motie J.3 (HvDH) Watertappunt ... Aangenomen"."""
    w = _words()["rows"]
    pre = "|".join(w["prefixes"])
    outcome = "|".join(w["outcomes"])
    return re.compile(
        rf"(?P<n>\b\d{{5,7}})\s+(?P<pre>(?:(?:{pre})\s+)*)(?P<kw>motie|amendement)\b\s*:?\s*"
        rf"(?P<code>[A-Z]{{1,2}}\d?(?:\.[0-9A-Z]{{1,3}})+\b)?\s*"
        rf"(?P<body>.*?)\s*(?P<out>\b(?:{outcome})\b|\s-(?=\s|$)|(?=\s\d{{5,7}}\s+(?:(?:{pre})\s+)*(?:motie|amendement)\b)|$)",
        re.I,
    )


@cache
def _outcomes() -> dict[str, str | None]:
    return {k.lower(): v for k, v in _words()["rows"]["outcome_status"].items()}


def _one_code() -> str:
    code = _words()["code"]
    return rf"(?P<code>{code['pattern']})(?![.\w])(?:\s+(?P<party>{code['party']})(?![\w/]|\.\w))?"


@cache
def _code_after() -> re.Pattern[str]:
    """An agenda code after the keyword: "motie (H.4 HvDH)", "Motie P.4 van ...", "de derde motie, P.3,"."""
    return re.compile(rf"^\s*,?\s*(?P<open>\(\s*)?{_one_code()}")


@cache
def _more_codes() -> re.Pattern[str]:
    return re.compile(rf"^\s*(?:,|en|&)\s*{_one_code()}")


def _code_around(text: str, kw_start: int, end: int) -> tuple[str, int, int] | None:
    """A record's code named around the keyword: "Q.5 is de motie van de VVD", "Q.1, de motie van D66",
    "De motie die bij mij P.1 heet", "de tweede motie, die P.2 heet"; (code, start, end) or None."""
    code = _words()["code"]["pattern"]
    before = re.search(rf"(?:^|\s)(?P<c>{code})(?:\s+is|,)\s+(?:de|het)\s+(?:\w+\s+)?$", text[:kw_start])
    if before:
        return before.group("c"), before.start("c"), end
    after = re.match(rf"\s*,?\s*die\s+(?:\w+\s+){{0,2}}?(?P<c>{code})\s+heet\b", text[end:])
    if after:
        return after.group("c"), kw_start, end + after.end()
    return None


def _party_code(token: str | None) -> bool:
    """'HvDH', 'CU/SGP', 'D66', 'SP' name a party; 'Maak' (a title's first word) does not."""
    if not token:
        return False
    return bool(
        _party_re().fullmatch(token) or sum(c.isupper() for c in token) >= 2 or re.search(r"\d", token)
    )


@cache
def _local_title() -> re.Pattern[str]:
    """A capitalised title after "de motie", up to a clear end: "de motie Plek voor Podium Noord in, ..."."""
    w = _words()
    ends = "|".join(re.escape(e) for e in sorted(w["title_end"], key=len, reverse=True))
    parties = "|".join(re.escape(p) for p in sorted(w["parties"], key=len, reverse=True))
    return re.compile(
        r"^\s+(?P<t>[A-Z][\w'’-]*(?:\s+[\w'’%€/-]+){1,14}?)"
        r"(?=\s*[.,:;!?(]|\s*$|\s+(?:in|aan|op)\s*(?:[,.;:]|$)"
        rf"|\s+(?:{ends})\b|\s+van\s+(?:de\s+|het\s+)?(?:{parties})\b)"
    )


@cache
def _member_follow() -> frozenset[str]:
    """Words after a member's name ("motie Geurts over ..."): then the capitalised word is no title."""
    return frozenset(_words()["member_follow"])


@cache
def _party_of() -> re.Pattern[str]:
    """ "de motie van de SP", "het amendement van Hart voor Den Haag", "de motie van de fractie van D66"."""
    names = "|".join(re.escape(p) for p in sorted(_words()["parties"], key=len, reverse=True))
    one = rf"(?:de\s+|het\s+)?(?:fractie\s+(?:van\s+)?(?:de\s+|het\s+)?)?(?:{names})(?![\w/-])"
    return re.compile(rf"^\s*,?\s*van\s+(?P<m>{one}(?:\s*(?:,|\ben\b)\s*{one})*)")


def _alt(words: list[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I)


def _clean_number(raw: str) -> str:
    raw = raw.strip()
    if re.fullmatch(r"RIS\s?\d+[a-z]?", raw, re.I):
        return raw
    return re.sub(r"\s+", "", raw).upper() if raw[:1].isalpha() else raw


def kamerstuk_number(m: re.Match[str]) -> str:
    """'30 300-VI, nr. 89' -> '30300-VI-89', '32 213 (R 1903) nr. 20' -> '32213 (R1903)-20'."""
    dossier = re.sub(r"\s+", "", m.group("d"))
    sub = m.group("sub") or ""
    if sub.strip().startswith("("):
        sub = " (" + re.sub(r"[\s()]+", "", sub) + ")"
    elif sub.strip():
        sub = "-" + re.sub(r"[\s-]+", "", sub)
    return f"{dossier}{sub}-{m.group('nr') or m.group('nr2')}"


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


def _title(raw: str) -> str | None:
    title = re.sub(r"\s+", " ", raw).strip(" ,;:-–")
    title = re.sub(r"[’'”\"]+$", "", title) if not re.search(r"[‘“„]", title) else title
    return title or None


def _rows(text: str) -> list[_Mention]:
    """Decision-list rows: number, kind, code, party, title and outcome."""
    found = []
    parties = _party_re()
    for m in _row_re().finditer(text):
        body = m.group("body")
        who = None
        p = re.match(r"\(?(?P<p>[A-Z][\w/&-]*)\)?(?:\s*\([a-z.]+\))?\s+", body)
        if p and (
            sum(c.isupper() for c in p.group("p")) >= 2
            or re.search(r"\d", p.group("p"))
            or parties.fullmatch(p.group("p"))
        ):
            who, body = p.group("p"), body[p.end() :]
        title = _title(body)
        if not title or len(title) < 3:
            continue
        pre = m.group("pre").lower()
        out = (m.group("out") or "").strip().lower()
        status = _outcomes().get(out) if out and out != "-" else None
        for word, st in _words()["rows"]["prefix_status"].items():
            if word in pre:
                status = st
        kind = "amendement" if m.group("kw").lower().startswith("amendement") else "motie"
        end = m.start("body") + m.group("body").rstrip().__len__()
        found.append(_Mention(kind, m.start(), end, m.group("n"), title, who, status, True))
    return found


@lru_cache(maxsize=2048)
def _mentions(text: str) -> tuple[_Mention, ...]:
    """Every motie or amendement named in a sentence (read-only: the tuple is cached per text)."""
    found: list[_Mention] = _rows(text)
    for m in KEYWORD.finditer(text):
        if any(f.start <= m.start() < f.end for f in found):
            continue  # inside a decision-list row, or "afhandeling motie e-bikes" inside a title
        kw = m.group("kw").lower()
        kind = "amendement" if kw.startswith("amendement") else "motie"
        start, end = m.start(), m.end()
        mention = _Mention(kind, start, end)
        before = text[: m.start()]
        party = re.search(r"(?P<p>[A-Z][\w&!]*(?:-[A-Z][\w]*)?)-$", before)
        if party and party.group("p").lower() not in ("raads", "college", "tweede-kamer", "kamer"):
            mention.who, mention.start, mention.identified = party.group("p"), party.start(), True
        own = OWN_NUMBER.search(before)
        if own and not before[: own.start()].strip():
            mention.number, mention.start, mention.identified = own.group("n"), own.start("n") - 4, True
            mention.own = True
        if POSSESSIVE.search(before):
            who = MEMBER_BEFORE.search(before[: POSSESSIVE.search(before).start()])
            if who:
                mention.who, mention.identified = who.group("m"), True
                mention.start = who.start()
        end = _parse_after(text, end, mention)
        if mention.number is None and (code := _code_around(text, m.start(), end)):
            mention.number, mention.code, mention.loose, mention.identified = code[0], True, True, True
            mention.start, end = min(mention.start, code[1]), max(end, code[2])
        colon = COLON_TITLE.match(text[end:])
        if colon and KEYWORD.search(colon.group("t")):
            colon = (
                None  # "Tussenbericht motie: verzoek om uitstel voor de motie ‘...’": the inner one is named
            )
        if colon and not (mention.title or mention.number or mention.who):
            mention.title, end, mention.identified = _title(colon.group("t")), end + colon.end("t"), True
        elif not (mention.title or mention.number or mention.who) and _is_heading(text, m.start()):
            head = HEAD_TITLE.match(text[m.start() :])
            if head:
                mention.title, end, mention.identified = (
                    _title(head.group("t")),
                    m.start() + head.end("t"),
                    True,
                )
        mention.end = len(text[:end].rstrip())
        found.extend(mention.more)
        found.append(mention)
    for m in PROPOSED_BY.finditer(text):  # "Deze motie is voorgesteld door het lid Graus."
        for f in found:
            if f.start <= m.start("kw") < f.end and not f.identified:
                f.who, f.end, f.identified = m.group("m"), m.end(), True
    return tuple(found)


def _parse_after(text: str, end: int, mention: _Mention) -> int:
    """Read member, title and number after the keyword, in any order; returns the new end."""
    kw_end = end
    for _ in range(5):
        rest = text[end:]
        if mention.who is None and (m := GLUED_MEMBER.match(rest)):
            mention.who, end = m.group("m"), end + m.end()
        elif mention.number is None and (m := _code_after().match(rest)):
            end = _read_codes(text, end, m, mention, _is_record_heading(text, kw_end))
        elif mention.who is None and (m := _party_of().match(rest)):
            mention.who, end = re.sub(r"^(?:de|het)\s+", "", m.group("m")), end + m.end()
        elif mention.title is None and (m := QUOTED.match(rest)):
            mention.title, end = _title(m.group("t")), end + m.end()
        elif mention.number is None and (m := RIS_NUMBER.match(rest)):
            mention.number, end = _clean_number(m.group("n")), end + m.end()
        elif mention.number is None and (m := OP_STUK.match(rest)):
            mention.number, mention.stuk, end = m.group("n"), True, end + m.end()
        elif mention.number is None and (m := KAMERSTUK_AFTER.match(rest)):
            mention.number, end = kamerstuk_number(m), end + m.end()
            more = MORE_KAMERSTUK.match(text[end:])
            while more:  # "twee amendementen (30 174, nr. 17 en 30 372, nr. 23)": one mention each
                mention.more.append(
                    _Mention(
                        mention.kind,
                        mention.start,
                        end,
                        mention.number,
                        mention.title,
                        mention.who,
                        None,
                        True,
                    )
                )
                mention.number, end = kamerstuk_number(more), end + more.end()
                more = MORE_KAMERSTUK.match(text[end:])
            if text[end:].lstrip().startswith(")"):
                end += text[end:].index(")") + 1
        elif mention.who is None and (m := MEMBER.match(_capitalised(rest))):
            mention.who, end = rest[m.start("m") : m.end("m")], end + m.end()
        elif mention.title is None and mention.number is None and (m := UNQUOTED_BEFORE_NUMBER.match(rest)):
            mention.title, mention.number = _title(m.group("t")), _clean_number(m.group("n"))
            end = end + m.end()
        elif mention.title is None and (mention.who or mention.number) and (m := OVER_TITLE.match(rest)):
            mention.title, end = _title(m.group("t")), end + m.end("t")
        elif (
            mention.number is None
            and (m := NUMBER.match(rest))
            and not re.match(
                r"\s*(?:jaar|keer|maanden|weken|dagen|procent|%|euro|miljoen|stemmen|leden)\b",
                rest[m.end() :],
            )
        ):
            mention.number, end = _clean_number(m.group("n")), end + m.end()
            t = None if mention.title else TITLE_AFTER_NUMBER.match(text[end:])
            if t:
                mention.title, end = _title(t.group("t")), end + t.end()
            more = MORE_NUMBERS.match(text[end:])
            while more:  # "moties 12 en 13": one mention each
                mention.more.append(
                    _Mention(
                        mention.kind,
                        mention.start,
                        end,
                        mention.number,
                        mention.title,
                        mention.who,
                        None,
                        True,
                    )
                )
                mention.number, mention.title = _clean_number(more.group("n")), None
                end = end + more.end()
                more = MORE_NUMBERS.match(text[end:])
        elif (
            mention.who is None
            and mention.title is None
            and (m := PARTY_MEMBER.match(rest))
            and (_party_re().search(m.group("m")) or re.search(r"\(" + RIS, rest[m.end() : m.end() + 20]))
        ):
            mention.who, end = m.group("m"), end + m.end()
        elif end == kw_end and (t := _title_after_article(text, end)):
            mention.title, mention.guess, end = t[0], True, t[1]
        elif (
            mention.who is None
            and mention.title is None
            and mention.number is None
            and (m := BARE_MEMBER.match(rest))
            and not _not_a_name(m.group("m"))
            and not _noun_not_name(m.group("m"), rest[m.end() :])
        ):
            mention.who, end = m.group("m"), end + m.end()
        else:
            break
        mention.identified = True
    if mention.who and mention.number is None:  # "motie-Noorman over het ... (30300-XV, nr. 48)"
        nxt = KEYWORD.search(text, end)
        later = KAMERSTUK_LATER.search(text, end, min(nxt.start() if nxt else len(text), end + 250))
        if later:
            mention.number = kamerstuk_number(later)
            if mention.title is None and (t := OVER_TITLE.match(text[end : later.start()] + "(")):
                mention.title = _title(t.group("t"))
    return end


def _read_codes(text: str, end: int, m: re.Match[str], mention: _Mention, heading: bool) -> int:
    """Agenda codes after the keyword, one mention each; a record's heading also gives the title."""

    def take(match: re.Match[str], at: int) -> int:
        mention.number, mention.code = match.group("code"), True
        party = match.group("party")
        if _party_code(party):
            mention.who = party
            return at + match.end()
        return at + match.end("code")

    end = take(m, end)
    more = _more_codes().match(text[end:])
    while more:  # "moties (I.2 HvDH en I.3 HvDH)": one mention each
        mention.more.append(
            _Mention(
                mention.kind, mention.start, end, mention.number, None, mention.who, None, True, code=True
            )
        )
        mention.who = None
        end = take(more, end)
        more = _more_codes().match(text[end:])
    if m.group("open") and (close := re.match(r"\s*\)", text[end:])):
        end += close.end()
    elif heading and mention.who and not mention.more:
        # "Motie H.4 HvDH Behoud een plekje voor een Haags icoon", not "Motie O.1 GL is in die zin gewijzigd:"
        t = re.fullmatch(r"\s+(?P<t>[\w‘'“\"„].{2,200}?)\s*\.?\s*", text[end:], re.S)
        first = t.group("t").split()[0].lower() if t else ""
        if (
            t
            and not t.group("t").endswith(":")
            and first not in _member_follow() | set(_words()["title_end"])
        ):
            mention.title, mention.heading, end = _title(t.group("t")), True, end + t.end("t")
    return end


def _is_record_heading(text: str, kw_end: int) -> bool:
    """The keyword opens the sentence: "Motie H.4 HvDH ...", "Gewijzigde motie O.1 GL ..."."""
    return bool(re.fullmatch(r"\s*(?:(?:tweede\s+)?gewijzigde?\s+)?\w+", text[:kw_end], re.I))


def _title_after_article(text: str, end: int) -> tuple[str, int] | None:
    """ "de motie Onderzoek voorzienbaarheid hinder Kijkduin in, die ...": a capitalised title, not a name."""
    if not re.search(r"(?:^|\s)(?:de|het)\s+(?:\w+\s+)?(?:motie|amendement)$", text[:end], re.I):
        return None
    m = _local_title().match(text[end:])
    if not m:
        return None
    words = m.group("t").split()
    if (
        words[1].lower() in _member_follow() | set(_words()["title_end"])
        or words[0].lower() in _words()["not_names"]
    ):
        return None
    if _party_re().match(m.group("t")) or len(words) > 12:
        return None
    if any(w.lower().strip(",.") in _words()["not_in_title"] for w in words[1:]):
        return None  # "de motie Sjoerdsma verzocht de regering ...": a member and a clause
    return _title(m.group("t")), end + m.end("t")


def _capitalised(text: str) -> str:
    """Capitals ('VAN HET LID DE VRIES C.S.') read as 'Van het lid De Vries c.s.', keeping the length."""
    head = text[:80]
    if sum(c.isupper() for c in head) < 0.6 * max(1, sum(c.isalpha() for c in head)):
        return text
    titled = re.sub(r"[A-Z][A-Z'’-]*", lambda m: m.group()[0] + m.group()[1:].lower(), head)
    titled = re.sub(r"\b(Van|Het|De|Der|Den|Lid|Leden|En)\b(?=\s)", lambda m: m.group().lower(), titled)
    titled = re.sub(r"\bC\.S\.", "c.s.", titled)
    return titled[:1] + titled[1:] + text[80:]


def _noun_not_name(name: str, after: str) -> bool:
    """ "Stemming motie Evaluatie verkiezingen": a noun ("-atie", "-ing", "-heid") followed by a content
    word, not a member ("de motie Geurts vroeg", "de amendementen Van Raak deden" stay members)."""
    if " " in name.strip() or not re.search(r"(?:atie|itie|ing|heid|teit|schap|isme)$", name.strip()):
        return False
    word = re.match(r"\s*([a-zà-ÿ][\w.]*)", after)
    return word is not None and word.group(1).lower().rstrip(".") not in _small_words()


@cache
def _small_words() -> frozenset[str]:
    w = _words()
    groups = ("auxiliaries", "adverbs", "prepositions", "conjunctions", "determiners")
    return frozenset(
        [*w["member_follow"], *w["title_end"], *w["not_names"], *(x for g in groups for x in nl_words(g))]
    )


def _not_a_name(words: str) -> bool:
    names = [
        w
        for w in words.split()
        if w[:1].isupper() and w.lower() not in ("van", "de", "den", "der", "ter", "ten")
    ]
    return not names or names[0].lower().strip(".,") in _words()["not_names"]


def _is_heading(text: str, pos: int) -> bool:
    """A motie named at the start of a sentence or agenda item: "16. Motie met betrekking tot ..."."""
    before = text[:pos]
    return bool(re.fullmatch(r"\s*(?:\d+[.)]?\s*|[a-z][.)]\s*|Onderwerp:?\s*)?", before))


def _submitted(text: str, mention: _Mention) -> bool:
    """An indefinite motie submitted by a fraction: 'De fractie van D66 dient een amendement in'."""
    before = text[max(0, mention.start - 12) : mention.start].lower()
    if not re.search(r"\b(?:een|twee|drie|vier|\d+)\s+$", before):
        return False
    if re.search(r"\b(?:zullen|zal|gaan|gaat|willen|wil|overwegen|overweegt)\b", text[: mention.start], re.I):
        return False  # an intention, not a motie yet
    return bool(_alt(_words()["submit"]).search(text)) and bool(
        _party_re().search(text)
        or re.search(r"\bfracties?\b|\bhet lid\b|\bde leden\b|kamerlid|\blid\s+[A-Z]", text, re.I)
    )


def _of_council(text: str, mention: _Mention) -> bool:
    after = text[mention.end : mention.end + 40]
    return bool(
        re.match(r"\s*(?:van|door)\s+(?:uw\s+raad|de\s+(?:gemeente)?raad|de\s+commissie)\b", after, re.I)
    )


@lru_cache(maxsize=64)
def _doc_fields(head: str, tail: str) -> tuple[str | None, str | None, str | None, str | None]:
    """A motie document's own number, status and kind from its header, and a kamerstuk's dossier."""
    number = status = kind = None
    first = re.search(r"^\W*(?:\S+\s+){0,6}?(?P<kw>motie|amendement)\b", head[:800], re.I | re.M)
    if first:
        kind = "amendement" if first.group("kw").lower() == "amendement" else "motie"
        n, s = HEADER_NUMBER.search(head[:800]), HEADER_STATUS.search(head[:800])
        number = re.sub(r"\s+", "", n.group("n")) if n else None
        status = s.group("s").lower() if s else None
    d = DOC_DOSSIER.search(head[:600]) or FOOT_DOSSIER.search(tail)
    dossier = d.group("d") if d else None
    return number, status, kind, dossier


def _header(doc: DocContext) -> tuple[str | None, str | None, str | None, str | None]:
    return _doc_fields(doc.text[:1200], doc.text[-1500:])


def _dossier_number(dossier: str, nr: str) -> str:
    fake = re.match(DOSSIER, dossier)
    if not fake:
        return nr
    d = re.sub(r"\s+", "", fake.group("d"))
    sub = fake.group("sub") or ""
    if sub.strip().startswith("("):
        sub = " (" + re.sub(r"[\s()]+", "", sub) + ")"
    return f"{d}{sub}-{nr}"


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


def tally(doc: DocContext, sentence: Sentence, at: int = 0) -> tuple[int | None, int | None]:
    """Votes for and against a motie named at `at`: in its sentence, or after a heading naming it."""
    texts = [sentence.text[at:]]
    if _is_heading(sentence.text, _kw_start(sentence.text, _Mention("motie", at, at))):
        texts += [s.text for s in doc.sentences[sentence.index + 1 : sentence.index + 3]]
    for t in texts:
        m = TALLY.search(t)
        if m:
            return int(m.group("for")), int(m.group("against"))
    return None, None


def _set_tally(fact: Fact, votes_for: int | None, votes_against: int | None) -> None:
    """The contract's votes_for / votes_against, where the Fact record has them."""
    if votes_for is not None and hasattr(fact, "votes_for"):
        fact.votes_for, fact.votes_against = votes_for, votes_against  # type: ignore[attr-defined]


def _next_number(doc: DocContext, sentence: Sentence) -> str | None:
    """The number a Handelingen record gives right after: 'Zij krijgt nr. 202 (31311).'"""
    for nxt in doc.sentences[sentence.index : sentence.index + 3]:
        m = KRIJGT_NR.search(nxt.text)
        if m:
            return _squeeze(m.group("d")) + "-" + m.group("n")
    return None


def _record_number(doc: DocContext, sentence: Sentence, mention: _Mention, window: int = 6) -> str | None:
    """A Handelingen motie's own text ("Motie De Kamer, gehoord de beraadslaging, ...") and the number the
    record gives it a few sentences on ("Zij krijgt nr. 469 (29453)."), before the next motie starts."""
    rest = sentence.text[mention.end :]
    if not re.fullmatch(r"\s*(?:De\s+Kamer,\s+gehoord\s+de\s+beraadslaging\b.*)?", rest, re.S | re.I):
        return None
    for nxt in doc.sentences[sentence.index + 1 : sentence.index + 1 + window]:
        if m := KRIJGT_NR.search(nxt.text):
            return _squeeze(m.group("d")) + "-" + m.group("n")
        if re.match(r"\s*(?:Motie|Amendement)\b", nxt.text):
            return None
    return None


@dataclass
class _Entry:
    """A motie a council record numbers by agenda code: its title (from its heading) and last status."""

    kind: str
    title: str | None = None
    status: str | None = None
    at: int | None = None  # the heading's sentence
    names: set[str] = field(
        default_factory=set
    )  # party and submitters: "hvdh", "hart voor den haag", "meinesz"


_CODE_GATE = re.compile(r"(?:motie|amendement)(?:en|s)?\s*\(?\s*[A-Z]{1,2}\.(?:\d|[A-Z]\b)", re.I)
_DOC_CACHE: dict[tuple[str, str, int, str], object] = {}


def _per_doc(doc: DocContext, what: str, build):
    """A document-wide table, built once per document (the extractor sees one sentence at a time)."""
    key = (doc.key, doc.name, len(doc.text), what)
    if key not in _DOC_CACHE:
        if len(_DOC_CACHE) > 256:
            _DOC_CACHE.clear()
        _DOC_CACHE[key] = build(doc)
    return _DOC_CACHE[key]


def _index(doc: DocContext) -> dict[tuple[str, str], _Entry]:
    return _per_doc(doc, "index", _build_index)


def _build_index(doc: DocContext) -> dict[tuple[str, str], _Entry]:
    """(kind, code) -> entry for "Motie H.4 HvDH Behoud een plekje ..." and the votes on it."""
    index: dict[tuple[str, str], _Entry] = {}
    if not _CODE_GATE.search(doc.text):
        return index
    for s in doc.sentences:
        if not KEYWORD.search(s.text):
            continue
        for m in _mentions(s.text):
            if not m.code or not m.number or m.loose:
                continue
            entry = index.setdefault((m.kind, m.number), _Entry(m.kind))
            if m.heading and m.title and not entry.title:
                entry.title, entry.at = m.title, s.index
            if m.who:
                entry.names |= _party_names(m.who)
            if by := SUBMITTED_BY.match(
                s.text
            ):  # "Door mevrouw Arp, daartoe gesteund door ..., wordt de volgende motie"
                entry.names.add(by.group("m").lower())
            status = status_in(s.text, near=m.start) or _status_after(doc, s, m, 4)
            if status:
                entry.status = status  # the vote comes last in the record
    return index


def _records(doc: DocContext) -> dict[str, str]:
    """Handelingen numbers: 'Zij krijgt nr. 470 (29453)' -> {'470': '29453'} (only numbers given once)."""
    return _per_doc(doc, "records", _build_records)


def _build_records(doc: DocContext) -> dict[str, str]:
    seen: dict[str, set[str]] = {}
    for m in KRIJGT_NR.finditer(doc.text):
        seen.setdefault(m.group("n"), set()).add(_squeeze(m.group("d")))
    return {nr: next(iter(d)) for nr, d in seen.items() if len(d) == 1}


@lru_cache(maxsize=4096)
def _norm(text: str) -> str:
    text = re.sub(r"[‘’“”\"'„]", "", text.lower())
    return re.sub(r"[\s-]+", " ", text).strip()


@cache
def _title_names() -> re.Pattern[str]:
    """ "Motie één heet ...", "Mijn tweede motie is ...", "de volgende motie, genaamd ..."."""
    names = "|".join(re.escape(w) for w in sorted(_words()["title_names"], key=len, reverse=True))
    return re.compile(rf"^(?:\s+[a-zé]+){{0,2}}?\s*(?:,?\s+(?:{names})\s*:?\s*|[,:]\s*)")


def _named_in_record(doc: DocContext, sentence: Sentence, mention: _Mention) -> tuple[str, _Entry] | None:
    """The record's motie this mention names, (code, entry): by the title after the keyword ("de motie
    Onderzoek voorzienbaarheid hinder Kijkduin", "Motie één heet ...", "de motie van de SP, Bewaar een
    plekje ...") or by the only motie of that party or member in this part of the record."""
    if mention.number or mention.heading:
        return None
    index = _index(doc)
    if not index:
        return None
    text = sentence.text
    kw = KEYWORD.search(text, mention.start)
    if kw is None:
        return None
    after = text[kw.end() :]
    said = [after]
    if lead := _title_names().match(after) or re.match(r"\s+in\s+(?=[A-Z‘'“\"])", after):
        said.insert(0, after[lead.end() :])  # "heet ...", "dient de VVD het amendement in <title>"
    if mention.end > kw.end() and (tail := re.match(r"\s*[,:]\s*", text[mention.end :])):
        said.append(text[mention.end + tail.end() :])
    party = _party_names(mention.who) if mention.who else set()
    for rest in said:
        words = _norm(rest[:400])
        scored = sorted(
            (
                (score + 0.01 * bool(party & entry.names), code, entry)
                for (kind, code), entry in index.items()
                if kind == mention.kind and entry.title and (score := _title_score(words, _norm(entry.title)))
            ),
            key=lambda t: -t[0],
        )
        if scored and (len(scored) == 1 or scored[0][0] - scored[1][0] >= 0.02):
            return scored[0][1], scored[0][2]  # "Bewaar een plekje ..." is not "Behoud een plekje ..."
    if mention.who and not mention.guess:
        return _by_party(index, sentence.index, mention)
    return None


def _title_score(said: str, title: str) -> float:
    """How well the words after the keyword give this title (0: not): in full, nearly ("Stimulering"
    for "Stimuleer"), or its first three words or more up to a clear end ("het amendement Een deel
    middenhuur.")."""
    if said[:4] != title[:4]:
        return 0.0  # cheap: the same opening, or no match
    matcher = SequenceMatcher(None, said[: len(title)], title, autojunk=False)
    if matcher.real_quick_ratio() >= 0.85 and matcher.quick_ratio() >= 0.85 and matcher.ratio() >= 0.85:
        return matcher.ratio()
    sw, tw = re.findall(r"\w+|[^\w\s]", said), re.findall(r"\w+|[^\w\s]", title)
    k = 0
    while k < min(len(sw), len(tw)) and sw[k] == tw[k]:
        k += 1
    if k >= 3 and (k == len(sw) or not sw[k][0].isalnum() or sw[k] in _words()["title_end"]):
        return 0.85
    return 0.0


def _by_party(index: dict[tuple[str, str], _Entry], at: int, mention: _Mention) -> tuple[str, _Entry] | None:
    """ "de motie van Hart voor Den Haag": the only one of that party or member in the agenda items
    around this sentence (the items of the nearest headings before and after it)."""
    before = [(e.at, code) for (_, code), e in index.items() if e.at is not None and e.at < at]
    after = [(e.at, code) for (_, code), e in index.items() if e.at is not None and e.at > at]
    items = {
        code.split(".")[0] for _, code in [max(before, default=(0, "")), min(after, default=(0, ""))] if code
    }
    names = _party_names(mention.who or "")
    found = [
        (code, e)
        for (kind, code), e in index.items()
        if kind == mention.kind and code.split(".")[0] in items and e.names & names
    ]
    return found[0] if len(found) == 1 else None


def _party_names(who: str) -> set[str]:
    """A party's abbreviation and the names speakers use for it, lower case ('HvDH': hart voor den haag)."""
    who = re.sub(r"^(?:de|het)\s+", "", who.strip()).lower()
    names = {who}
    for abbreviation, aliases in _words()["party_aliases"].items():
        group = {abbreviation.lower(), *(a.lower() for a in aliases)}
        if who in group:
            names |= group if who == abbreviation.lower() else {abbreviation.lower(), who}
    return names


def _used_as_name(doc: DocContext, title: str) -> bool:
    """The title's first word is someone the document names: "de heer Dijkhoff", "mevrouw Verdonk"."""
    first = title.split()[0] if title else ""
    if not first:
        return False
    persons = "|".join(re.escape(w) for w in _words()["person_titles"])
    return bool(re.search(rf"\b(?:{persons})\s+(?:[A-Z]\.\s*)*{re.escape(first)}\b", doc.text))


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _fact(sentence: Sentence, kind: str, s: int, e: int, **fields) -> Fact:
    return Fact(
        kind=kind,
        text=sentence.text[s:e],
        start=sentence.start + s,
        end=sentence.start + e,
        **fields,
    )


def extract(sentence: Sentence, doc: DocContext) -> list[Fact]:
    text = sentence.text
    facts: list[Fact] = []
    head_number, head_status, head_kind, dossier = _header(doc)
    in_header = sentence.start < 900 and head_kind is not None

    # the record of a Handelingen: "Zij krijgt nr. 199 (31311)."
    for m in KRIJGT_NR.finditer(text):
        before = doc.sentences[max(0, sentence.index - 1)].text if doc.sentences else ""
        kind = "amendement" if re.search(r"amendement", text[: m.start()] + before, re.I) else "motie"
        number = _squeeze(m.group("d")) + "-" + m.group("n")
        facts.append(_fact(sentence, kind, m.start(), m.end(), number=number))
    # "Ingekomen onder nummer 836" in a motie's own header
    if in_header:
        for m in INGEKOMEN.finditer(text):
            facts.append(
                _fact(sentence, head_kind, m.start(), m.end(), number=m.group("n"), status=head_status)
            )
    facts.extend(_continued(sentence, doc))
    if KEYWORD.search(text) is None and not REPLACES.search(text):
        return facts

    for mention in _mentions(text):
        own = _of_council(text, mention)
        number, title, status, who = mention.number, mention.title, mention.status, mention.who
        named = _named_in_record(doc, sentence, mention)
        if named:  # "de motie Onderzoek voorzienbaarheid hinder Kijkduin", "Motie één heet ..."
            number, title, status = named[0], named[1].title, named[1].status
            if who and title and who.split()[0] in title.split():
                who = None  # "het amendement Aanpassen locatiebeleid ...": a title's first word, no member
        elif mention.guess and _used_as_name(doc, title or ""):
            title = None  # "de motie Dijkhoff gisteren": a member the record names, not a title
            if not (number or who):
                continue
        elif mention.loose and (mention.kind, number) not in _index(doc):
            number = None  # "paragraaf A.1, de motie van de VVD": no code of this record
            if not (who or title):
                continue
        elif mention.code and (entry := _index(doc).get((mention.kind, number))):
            title, status = (
                entry.title or title,  # the record's title, not "over de ratten"
                status or status_in(text, near=mention.start) or entry.status,
            )
        elif not mention.identified and _is_heading(text, _kw_start(text, mention)):
            number = _record_number(doc, sentence, mention)  # "Motie De Kamer, gehoord de beraadslaging, ..."
            if number is None:
                continue
        elif not (mention.identified or own or _submitted(text, mention)):
            continue
        if mention.own and dossier:
            number = _dossier_number(dossier, number)
        if mention.stuk and number in _records(doc):  # "de motie op stuk nr. 470" in a Handelingen record
            number = f"{_records(doc)[number]}-{number}"
        if number is None and in_header and _names_itself(text, mention):
            number = head_number
        if number is None and PROPOSED_BY.search(text[mention.start :]):
            number = _next_number(doc, sentence)
        if status is None:
            status = status_in(text, near=mention.start)
        if status is None and in_header and (mention.own or _names_itself(text, mention)):
            status = head_status
        if status is None:
            status = _status_after(doc, sentence, mention)
        facts.append(
            _fact(
                sentence,
                mention.kind,
                mention.start,
                mention.end,
                number=number,
                title=title,
                status=status,
                who=who,
            )
        )
        _set_tally(facts[-1], *tally(doc, sentence, mention.start))
    # "TER VERVANGING VAN DIE GEDRUKT ONDER NR. 10": the motie this one replaces
    for m in REPLACES.finditer(text):
        kind = next((f.kind for f in facts), head_kind or "motie")
        number = _dossier_number(dossier, m.group("n")) if dossier else m.group("n")
        facts.append(_fact(sentence, kind, m.start(), m.end(), number=number))
    return facts


def numbers_in(text: str) -> set[str]:
    """The numbers this sentence gives moties and amendementen (a letter reference must not claim them)."""
    numbers = {m.number for m in _mentions(text) if m.number} if KEYWORD.search(text) else set()
    numbers.update(_squeeze(m.group("d")) + "-" + m.group("n") for m in KRIJGT_NR.finditer(text))
    if KEYWORD.search(text):
        numbers.update(kamerstuk_number(m) for m in REPLACED_KAMERSTUK.finditer(text))
    return numbers


def _names_itself(text: str, mention: _Mention) -> bool:
    """A motie's header line: "Motie: Title", "Onderwerp Motie van de leden ...", "16. Motie inzake ..."."""
    kw = KEYWORD.search(text, mention.start)
    return kw is not None and (_is_heading(text, kw.start()) or text[kw.end() :].lstrip().startswith(":"))


def _continued(sentence: Sentence, doc: DocContext) -> list[Fact]:
    """A number cut off into the next sentence: "motie ‘Veranker dit?’ | (RIS321255) aangenomen."."""
    m = re.match(rf"\s*\(\s*(?P<n>{RIS}|[MA]\d+(?:\.\d+)?)\s*\)", sentence.text, re.I)
    if not m or sentence.index == 0 or sentence.index > len(doc.sentences):
        return []
    prev = doc.sentences[sentence.index - 1].text
    mentions = [x for x in _mentions(prev) if x.identified]
    if not mentions or mentions[-1].number or len(prev) - mentions[-1].end > 3:
        return []
    last = mentions[-1]
    status = status_in(sentence.text, near=0)
    return [
        _fact(
            sentence,
            last.kind,
            m.start("n"),
            m.end("n"),
            number=_clean_number(m.group("n")),
            title=last.title,
            status=status,
        )
    ]


def _kw_start(text: str, mention: _Mention) -> int:
    m = KEYWORD.search(text, mention.start)
    return m.start() if m else mention.start
