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
record ("Deze motie is voorgesteld door het lid Graus. Zij krijgt nr. 202 (31311)").

Kamerstuk numbers are written `dossier-nr` ("30300-VI-89", "33268-26"); other numbers as written
("M101", "RIS321067", "836"). Status comes from the sentence ("aangenomen", "verworpen",
"ingetrokken", "aangehouden"), a following sentence that refers back, or the motie's own header;
a tally ("16 stemmen voor en 14 stemmen tegen") fills votes_for / votes_against. Words, statuses and
parties are data: patterns/motie.json.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from raadsbrieven.extractors import PATTERNS

from raadsbrieven.model import DocContext, Fact, Sentence
from raadsbrieven.nl.lexicon import load

KINDS = ("motie", "amendement")
VERSION = "2"
NEEDS = ("sentences", "text", "info.national")
ASSIGNS = ("number", "title", "status", "who")

TAG = r"(?:\s*<[^<>]{0,200}>\s*)*"  # markup left in a text read from XML
# "motie", "moties", "amendement"; also glued by OCR: "demotie-Varela", "degewijzigdemotie"
KEYWORD = re.compile(r"(?:\b|(?<=de))(?P<kw>motie|moties|amendement|amendementen)\b", re.I)
QUOTED = re.compile(r"^\s*:?\s*[‘'“\"„]\s*(?P<t>(?:[^’'”\"‘“]|[’'](?=\w)){3,200}?)\s*[’'”\"](?!\w)")
NUMBER = re.compile(
    r"^\s*(?:\(\s*)?(?:(?:nr|nummer|no)\.?\s*)?"
    r"(?P<n>[MA]\s?\d+(?:[./]\d+)*[a-z]?|\d{1,4}(?:/\d{1,4})?(?:\.\d{1,3})?[a-z]?)(?![\w,/-])\s*\)?",
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
    for _ in range(5):
        rest = text[end:]
        if mention.who is None and (m := GLUED_MEMBER.match(rest)):
            mention.who, end = m.group("m"), end + m.end()
        elif mention.title is None and (m := QUOTED.match(rest)):
            mention.title, end = _title(m.group("t")), end + m.end()
        elif mention.number is None and (m := RIS_NUMBER.match(rest)):
            mention.number, end = _clean_number(m.group("n")), end + m.end()
        elif mention.number is None and (m := OP_STUK.match(rest)):
            mention.number, end = m.group("n"), end + m.end()
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
        elif (
            mention.who is None
            and mention.title is None
            and mention.number is None
            and (m := BARE_MEMBER.match(rest))
            and not _not_a_name(m.group("m"))
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


def _capitalised(text: str) -> str:
    """Capitals ('VAN HET LID DE VRIES C.S.') read as 'Van het lid De Vries c.s.', keeping the length."""
    head = text[:80]
    if sum(c.isupper() for c in head) < 0.6 * max(1, sum(c.isalpha() for c in head)):
        return text
    titled = re.sub(r"[A-Z][A-Z'’-]*", lambda m: m.group()[0] + m.group()[1:].lower(), head)
    titled = re.sub(r"\b(Van|Het|De|Der|Den|Lid|Leden|En)\b(?=\s)", lambda m: m.group().lower(), titled)
    titled = re.sub(r"\bC\.S\.", "c.s.", titled)
    return titled[:1] + titled[1:] + text[80:]


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
        if not (mention.identified or own or _submitted(text, mention)):
            continue
        number = mention.number
        status = mention.status
        if mention.own and dossier:
            number = _dossier_number(dossier, number)
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
                title=mention.title,
                status=status,
                who=mention.who,
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
