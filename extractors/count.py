"""Counts: a number of people, cases or things that measures something: `154 wachtenden`, `bij 2530
ongevallen`, `ruim 1900 deelnemers`, `drie voorkeurslocaties`, `5-10 zeilende charterschepen`, `8
miljoen gastenovernachtingen`, `16 stemmen voor`, `zes van de acht shortlistgebieden`, `alle drie de
locaties`, `een tweetal documenten`, `5fte extra`, `slachtoffers (2.507)`, `het totaal aantal
kiesgerechtigden was toen 13.461`.

A count is a number (digits, words such as `drie` or `één`, a range, with hedges and bounds as for the
other figures) followed by at most three modifiers (`drie vaste uitgangspunten`, `zes (grote)
exploitanten`, `2315 (48%) eenzijdige verkeersongevallen`) and a noun in lower case, plural unless the
number is one; `counted` is that noun.

Not counts: the article `een`; numbers that name something (`artikel 5 lid 2`, `motie 12`, `nr. 3`,
`groep 9`: a word of `count_identifiers` before the number); years, dates, clock times, list numbers,
decimals (`24,5 slachtoffers` is an average); a number followed by a unit of time, money, percentage or
measure, by `keer` or by a fraction (`twee derde van`) (`count_not` in nl/data/units.json); ages
(`4-jarigen`); the verb `acht` ("ze acht andere interventies kansrijker"); idioms with `één` (`op één
lijn`, `één enkele`). Where the value is unclear (`tussen 2 tot 1,5 miljoen`) there is no count.
"""

from __future__ import annotations

import re
from functools import cache

from raadsbrieven.extractors import context, count_table, money

from raadsbrieven.model import DocContext, Fact, Sentence
from raadsbrieven.nl.lexicon import load
from raadsbrieven.nl.numbers import Quantity, find_quantities, parse_number, words_re
from raadsbrieven.nl.subject import is_noun, is_verb
from raadsbrieven.nl.tables import WHOLE_CELL

KIND = "count"
VERSION = "9"
NEEDS = context.NEEDS
ASSIGNS = (*context.VALUE_FIELDS, "counted", *context.FILLS)

QUOTES = "‘’'\"“”"
WORD = rf"[{QUOTES}]?[^\W\d_][\w'’+-]*[{QUOTES}]?"
# the first word after the number (the noun, or the first of its modifiers), or a bracket before it
UNIT = rf"(?:\([^()\n]{{1,25}}\)\s*)?{WORD}"
_WORDS = re.compile(rf"\s*(\([^()\n]{{1,25}}\)|{WORD})")
PLURAL = re.compile(r"(?:en|s|'s|ën|a|i)$")
PRONOUNS = re.compile(r"(?<!\w)(?:ze|zij|hij|men|het college|ik|wij|we|u|dat|dit|die)\s*$", re.I)
AMOUNT_BOUND = re.compile(r"(?:meer|minder) dan|ten minste|minstens|minimaal|maximaal|hooguit|ten hoogste")
# nouns for the parts of an argument or a stretch of time: "op twee punten", "deze twee factoren", "de twee
# ontwikkelingen", "in twee opeenvolgende periodes", "die twee rentepercentages" (not "uitgiftepunten")
DISCOURSE = frozenset(
    """punten factoren ontwikkelingen aspecten redenen kanten elementen dingen manieren opmerkingen kwesties
    periodes perioden overwegingen illustraties opzichten argumenten kwaden gedachten lezingen""".split()
)  # not "zaken": "er zijn drie zaken afgewezen" counts (court) cases
# The parts of what a speaker or writer says, counted in a small number written out: "ik stel twee
# vragen", "twee onderwerpen", "één illustratie", "in één lezing". With digits they may be counted
# ("het meldpunt kreeg 340 vragen"), so only after SMALL_WORDS.
SPOKEN = frozenset(
    """vraag vragen onderwerp onderwerpen illustratie overweging reden kant punt opmerking stap stappen
    type typen voorbeeld voorbeelden lezing vraagstuk vraagstukken""".split()
)
SMALL_WORDS = frozenset({"één", "eén", "twee", "drie", "vier"})
DISCOURSE_ENDS = ("percentages",)
IDIOMS = frozenset({"lijn", "enkel", "enkele", "geheel", "ding"})  # "op één lijn", "één enkele"
STOP = frozenset(
    """de het een van en of tot in op bij voor met aan uit naar over door om te als dan die dat deze dit
    er niet wel ook nog al is zijn was waren wordt worden werd werden heeft hebben had hadden zal zullen
    kan kunnen moet moeten gaat gaan per à tegen na sinds vanaf tussen onder boven zonder waarvan waarin
    waar wie wat hun hen zij we wij ze hij ik u jullie ons onze mijn zich elk elke alle beide meer minder
    enkel enkele staan stonden liggen lagen komen kwamen zitten zaten blijven bleven krijgen kregen
    ontvangen ontvingen maken maakten geven gaven nemen namen doen deden leveren leverden""".split()
)


@cache
def _lists() -> dict[str, frozenset[str]]:
    units = load("units")
    return {
        "not": frozenset(w.lower() for w in units["count_not"]["words"]),
        "ids": frozenset(units["count_identifiers"]),
        "mods": frozenset(units["count_modifiers"]),
        "fractions": frozenset(units["count_fractions"]),
        "units": frozenset(units["count_units"]),
    }


def extract(sentence: Sentence, doc: DocContext) -> list[Fact]:
    text = sentence.text
    if not _has_number(text):
        return []
    in_table = count_table.extract(sentence, doc)
    if in_table is not None:
        return in_table  # "Drenthe 488.988 41": cells under named columns
    found: list[tuple[int, int, int, float | None, float | None, bool, str, str]] = []
    for q in _quantities(text):
        counted = _count(text, q)
        if counted is not None:
            end, noun = counted
            found.append((q.start, end, q.number_start, q.low, q.high, q.approx, q.bound, noun))
            found += _shared_noun(text, q, noun)
    extras = (
        _bracketed(text),
        _glued(text),
        _collective(text),
        _total_is(text),
        _elided(text, found),
        _compared(text, found),
        _spaced(text),
        _aantal_van(text),
    )
    for extra in extras:
        for start, end, value, noun in extra:
            if not any(s < end and start < e for s, e, *_ in found):
                found.append((start, end, start, value, value, False, "exact", noun))
    found.sort()
    return [_fact(sentence, doc, *f) for f in found]


def _quantities(text: str) -> list[Quantity]:
    """The values with a word after them; a value that turns out to be no count (a year range "tussen
    2019 en 2023 tien scholen") is looked past, so the number after it is tried as well."""
    out: list[Quantity] = []
    offset = 0
    while True:
        rest = text[offset:]
        qs = find_quantities(rest, UNIT, with_multiplier=True, unit_between=False)
        if not qs:
            return out
        for q in qs:
            q = _shift(q, offset)
            out.append(q)
            if _count(text, q) is None and _more_numbers(text, q):
                offset = q.number_start + len(text[q.number_start :].split(None, 1)[0])
                break
        else:
            return out


def _shift(q: Quantity, offset: int) -> Quantity:
    if not offset:
        return q
    return Quantity(
        q.start + offset, q.end + offset, q.low, q.high, q.approx, q.bound, q.unit, q.prefix,
        q.number_start + offset, q.first_unit, q.first_value,
    )  # fmt: skip


def _more_numbers(text: str, q: Quantity) -> bool:
    """More than one number in the value's span: a range or a list whose later number may be a count."""
    return len(_number_hint().findall(text[q.number_start : q.end])) > 1


def _fact(
    sentence: Sentence,
    doc: DocContext,
    start: int,
    end: int,
    number_start: int,
    low: float | None,
    high: float | None,
    approx: bool,
    bound: str,
    counted: str,
) -> Fact:
    s, e = sentence.start + start, sentence.start + end
    fact = Fact(
        kind=KIND, text=doc.text[s:e], start=s, end=e,
        low=low, high=high, approx=approx, bound=bound, counted=counted,
    )  # fmt: skip
    context.fill(fact, sentence, doc, number_start, end)
    return fact


@cache
def _number_hint() -> re.Pattern[str]:
    return re.compile(rf"\d+|(?<!\w){words_re()}(?!\w)", re.IGNORECASE)


def _has_number(text: str) -> bool:
    return bool(_number_hint().search(text))


def _count(text: str, q: Quantity) -> tuple[int, str] | None:
    """Where the count ends and its noun, or None when the value counts nothing."""
    lists = _lists()
    raw = text[q.number_start : q.end].split(None, 1)[0] if q.end > q.number_start else ""
    low_raw = raw.lower()
    if low_raw in ("een", "half", "halve", "anderhalf", "anderhalve") or (
        q.bound == "range" and _bare_een(text, q)
    ):
        return None  # "een" is the article; "één" is the number
    if re.match(r"\d{1,2}[.:]\d\d(?!\d)", raw) or re.match(r"0\d", raw):
        return None  # a clock time, "000" of "300 000"
    if re.fullmatch(r"\d{6,}", raw):
        return None  # "10841572": a document number; a count of a hundred thousand or more has its dots
    if any(v is not None and v != int(v) for v in (q.low, q.high)):
        return None  # "24,5 slachtoffers": an average, not a count
    if 0 in (q.low, q.high) and q.bound != "exact":
        return None  # "onder de 0 duiken"
    before = text[: q.start]
    prev = re.search(r"([^\W\d_][\w'’]*)\.?\s*$", before)
    if prev and prev.group(1).lower() in lists["ids"]:
        return None  # "artikel 5 lid 2", "motie 12", "nr. 3": the number names something
    if _after_op_de(before) and re.search(
        rf"(?<![\w,.])(?:\d+|{words_re()})\s+op\s+de\s*$", before[-40:], re.I
    ):
        return None  # "1 op de 4 inwoners", "zes op de tien": a ratio, not a count of four or ten
    if re.search(r"[-–/]\s*$", before) or re.match(r"\s*[-–/]\d", text[q.end :]):
        return None  # "2021-2024", "30 372/12": part of a code or a date
    if low_raw == "acht" and PRONOUNS.search(before):
        return None  # "ze acht andere interventies kansrijker": the verb achten
    if low_raw in ("één", "eén") and (
        re.search(r"(?<!\w)niet\s*$", before, re.I) or _next_word(text, _number_end(text, q)) in IDIOMS
    ):
        return None  # "op één lijn", "één enkele", "niet één": idioms, no count
    pos = _number_end(text, q)
    if re.match(r"[-–]", text[pos:]):
        return None  # "4-jarigen", "3-kamerwoningen": a compound, not a count
    if re.fullmatch(r"(?:19|20)\d\d", raw) and not (q.approx or AMOUNT_BOUND.search(q.prefix)):
        return None  # "in 2023", "tussen 2019 en 2023": a year ("ruim 1900 deelnemers" is a count)
    of = re.match(rf"\s*van\s+(?:de|het)\s+(?:{_number_hint().pattern})\s+", text[pos:], re.IGNORECASE)
    if of and q.low in (1, None) and q.high in (1, None):
        return None  # "één van de acht gebieden": one of them, not a count
    if of:  # "zes van de acht shortlistgebieden": the noun after the total
        pos += of.end()
    elif re.match(r"\s*(?:de|het)\s", text[pos:]) and re.search(r"(?<!\w)alle\s*$", before, re.I):
        pos += re.match(r"\s*(?:de|het)", text[pos:]).end()  # "alle drie de locaties"
    found = _noun(text, pos, q.low in (1, None) and q.high in (1, None))
    if found is None or _discourse(found[1]) or (low_raw in SMALL_WORDS and found[1].lower() in SPOKEN):
        return None  # "op twee punten", "deze twee factoren": parts of the argument, not things counted
    if low_raw in ("één", "eén") and re.match(r"\s*per\s", text[found[0] :], re.IGNORECASE):
        return None  # "één budget per gebied": one for each, not a count
    return found


def _after_op_de(before: str) -> bool:
    """Whether the text before a number ends in "op de" (a cheap test before the ratio pattern)."""
    return before.rstrip()[-5:].lower() == "op de"


def _discourse(noun: str) -> bool:
    low = noun.lower()
    return low in DISCOURSE or low.endswith(DISCOURSE_ENDS)


def _shared_noun(text: str, q: Quantity, noun: str) -> list[tuple]:
    """`10 vaste en 10 verplaatsbare camera's`, `slechts twee en drie uitgiftepunten`, `met 24 tegen 21
    stemmen`: the number before "en"/"of"/"tegen" counts the same noun, and so do the numbers listed
    before it (`respectievelijk 2.000, 5.000 en 15.000 inwoners`)."""
    m = re.search(
        rf"(?<![\w.,])(?P<pre>(?:slechts|ruim|circa|ca\.|bijna|ongeveer)\s+)?(?P<n>{_WHOLE}|{words_re()})\s+"
        rf"(?P<mods>(?:[^\W\d_]+\s+){{0,2}}?)(?P<join>en|of|tegen)\s+$",
        text[: q.start],
        re.IGNORECASE,
    )
    if m and m.group("join").lower() == "tegen" and m.group("mods"):
        return []  # "met 24 tegen 21 stemmen": the votes for and against; not "24 jaar tegen 3 ..."
    if not m or m.group("n").lower() in ("een", "half") or re.fullmatch(r"(?:19|20)\d\d", m.group("n")):
        return []
    if any(w.lower() in STOP or not _is_modifier(w.lower(), noun.lower()) for w in m.group("mods").split()):
        return []
    value = parse_number(m.group("n"))
    if value is None or value != int(value):
        return []
    start = m.start("pre") if m.group("pre") else m.start("n")
    end = m.end("mods") if m.group("mods") else m.end("n")
    approx = bool(m.group("pre")) and m.group("pre").strip().lower() != "slechts"
    end = len(text[:end].rstrip())
    found = [(start, end, m.start("n"), value, value, approx, "exact", noun)]
    before = text[:start]
    while listed := re.search(rf"(?<![\w.,])(?P<n>{_WHOLE})\s*,\s*$", before):
        value = parse_number(listed.group("n"))
        if value is None or re.fullmatch(r"(?:19|20)\d\d", listed.group("n")):
            break
        found.insert(
            0, (listed.start("n"), listed.end("n"), listed.start("n"), value, value, False, "exact", noun)
        )
        before = text[: listed.start()]
    return found


_WHOLE = rf"(?:{WHOLE_CELL.pattern})(?![,.]?\d)"  # 15.000, 12: a whole number, no decimals


def _bare_een(text: str, q: Quantity) -> bool:
    return text[q.number_start : q.end].split(None, 1)[0].lower() == "een"


def _noun(text: str, pos: int, single: bool) -> tuple[int, str] | None:
    """The noun of a count, after at most three modifiers, starting at pos."""
    lists = _lists()
    for _ in range(4):
        m = _WORDS.match(text, pos)
        if not m:
            return None
        word = m.group(1).strip(QUOTES)
        quoted = m.group(1)[:1] in QUOTES
        pos = m.end()
        low = word.lower().replace("’", "'")
        if m.group(1).startswith("("):
            continue  # "zes (grote) exploitanten", "2315 (48%) eenzijdige ..."
        if low in lists["not"] or low.rstrip(".") in lists["not"]:
            return None
        if low in lists["fractions"]:
            if re.match(r"\s*(?:van|deel|$|[.,;:])", text[pos:]):
                return None  # "twee derde van de": a fraction
            continue  # "één derde belanghebbende"
        capital = _capitalised(word, _next_word(text, pos))
        if capital == "noun":
            return pos, word  # "vijf VVE-locaties", "12 GGD-medewerkers"
        if capital == "modifier":
            continue  # "twee C+ groepen", "40 Utrechtse scholen"
        if low in STOP or not word[:1].islower() or len(low) < 3:
            return None
        if low in lists["units"]:
            return pos, word
        if low in lists["mods"] or _is_modifier(low, _next_word(text, pos)):
            continue
        if not (single or PLURAL.search(low)):
            return None  # "3 kilo", "2 miljoen": a unit, not a plural noun
        if is_verb(low) and not is_noun(low):
            return None  # "twee gaan", "drie moeten"
        if not (is_noun(low) or _compound_noun(low) or quoted):
            return None  # a quoted word is a term: "zes ‘minibiebs’"
        return pos, word
    return None


CAPITAL_COMPOUND = re.compile(r"[A-Z][A-Za-z0-9+]*-([a-zà-ÿ][\w'’]*)")
CAPITAL_MODIFIER = re.compile(r"[A-Z][A-Z0-9]{0,4}\+?|[A-Z][a-zà-ÿ]+se")  # "C+", "SBO", "Utrechtse"


def _capitalised(word: str, following: str) -> str | None:
    """A word with a capital before or as a plural noun: an acronym compound (`VVE-locaties`) is the noun,
    a code or an adjective of a place (`C+`, `Utrechtse`) before a noun a modifier; else None. Never one
    thing: `1 SWOV-factsheet Fietsers (2023)` is a footnote."""
    if not word[:1].isupper():
        return None
    compound = CAPITAL_COMPOUND.fullmatch(word)
    if compound:
        tail = compound.group(1).lower()
        if PLURAL.search(tail) and (is_noun(tail) or _compound_noun(tail)) and tail not in STOP:
            return "noun"
        return None
    if CAPITAL_MODIFIER.fullmatch(word) and following and following not in STOP:
        if PLURAL.search(following) and (is_noun(following) or _compound_noun(following)):
            return "modifier"
    return None


def _number_end(text: str, q: Quantity) -> int:
    """Where the words after the number start: the match ends with the first of them (UNIT)."""
    span = text[q.number_start : q.end]
    m = re.search(rf"(?:\([^()\n]{{1,25}}\)\s*)?{WORD}$", span)
    return q.number_start + (m.start() if m else len(span))


def _next_word(text: str, pos: int) -> str:
    m = _WORDS.match(text, pos)
    return m.group(1).strip(QUOTES).lower().replace("’", "'") if m else ""


def _is_modifier(word: str, following: str) -> bool:
    """An inflected adjective or a participle before the noun: `vaste`, `kansrijke`, `overgebleven`,
    `schriftelijke verklaringen` (a word that may be a noun too, before a plural noun)."""
    if not following or following in STOP or not (is_noun(following) or _compound_noun(following)):
        return False
    if word.endswith(("e", "ë")):
        return not is_noun(word) or _plural_noun(following)
    return is_verb(word) and not is_noun(word)


def _plural_noun(word: str) -> bool:
    return bool(word) and bool(PLURAL.search(word)) and (is_noun(word) or _compound_noun(word))


def _compound_noun(word: str) -> bool:
    """`voorkeurslocaties`, `uitgiftepunt`: a compound whose last part is a known noun."""
    return any(is_noun(word[i:]) for i in range(3, len(word) - 3))


def _bracketed(text: str) -> list[tuple[int, int, float, str]]:
    """`slachtoffers (2.507)`: a number alone in brackets right after a plural noun."""
    out = []
    for m in re.finditer(r"([^\W\d_][\w'’-]*)\s*\((\d{1,3}(?:\.\d{3})+|\d+)\)", text):
        noun = m.group(1)
        value = parse_number(m.group(2))
        if value is None or re.fullmatch(r"(?:19|20)\d\d", m.group(2)) or not noun[0].islower():
            continue
        if PLURAL.search(noun.lower()) and is_noun(noun.lower()) and noun.lower() not in STOP:
            out.append((m.start(2), m.end(2), value, noun))
    return out


def _glued(text: str) -> list[tuple[int, int, float, str]]:
    """`5fte extra`, `de huidige 10fte`: a count unit written against its number."""
    units = "|".join(sorted(_lists()["units"]))
    out = []
    for m in re.finditer(rf"(?<![\w.,])(\d+)({units})(?!\w)", text, re.IGNORECASE):
        out.append((m.start(), m.end(), float(m.group(1)), m.group(2)))
    return out


def _collective(text: str) -> list[tuple[int, int, float, str]]:
    """`een tweetal documenten`, `drietal locaties`: a number in -tal."""
    words = load("numbers")["units"] | load("numbers")["teens"]
    alt = "|".join(sorted((w for w in words if w not in ("een", "één", "eén")), key=len, reverse=True))
    out = []
    for m in re.finditer(rf"(?<!\w)({alt})tal\s+", text, re.IGNORECASE):
        found = _noun(text, m.end(), False)
        if found:
            out.append((m.start(), found[0], float(words[m.group(1).lower()]), found[1]))
    return out


SCALE = re.compile(r"(?<!\w)(miljoen|miljard)(?!\w)", re.IGNORECASE)


def _elided(text: str, found: list[tuple]) -> list[tuple[int, int, float, str]]:
    """`2004: 8 miljoen gastenovernachtingen; 2024: raming op 23 miljoen.`: a later number with the same
    scale and no noun of its own (the clause ends) counts the noun of the count before it."""
    out: list[tuple[int, int, float, str]] = []
    for start, end, *_, noun in found:
        scale = SCALE.search(text, start, end)
        if scale is None:
            continue
        later = re.finditer(
            rf"(?<![\w.,])(\d+(?:,\d+)?)\s+{scale.group(1)}(?=\s*(?:[.;)]|$))", text[end:], re.IGNORECASE
        )
        for m in later:
            value = parse_number(m.group(1))
            if value is not None and not money.about_money(text[end : end + m.start()]):
                s, e = end + m.start(), end + m.end()
                out.append((s, e, value * (1e6 if scale.group(1).lower() == "miljoen" else 1e9), noun))
        break
    return out


COMPARED = re.compile(
    r"(?<!\w)(?:in vergelijking met|vergeleken met|tegenover|ten opzichte van)\s+"
    r"(?P<n>\d{1,3}(?:\.\d{3})+|\d+)(?![\w.,%]|\s*[%€(-])(?:\s+(?P<next>[^\W\d_]+))?",
    re.IGNORECASE,
)


def _compared(text: str, found: list[tuple]) -> list[tuple[int, int, float, str]]:
    """`4.845 verkeersslachtoffers behandeld door de RAV, in vergelijking met 1.196 door de politie
    geregistreerd`: a number compared with a count, without a noun of its own, counts the same noun."""
    if not found or not re.search(r"vergel|tegenover|opzichte", text, re.IGNORECASE):
        return []
    out: list[tuple[int, int, float, str]] = []
    for m in COMPARED.finditer(text):
        before = [f for f in found if f[1] <= m.start()]
        between = text[before[-1][1] : m.start()] if before else ""
        if not re.search(r",\s*$", between) or len(between) > 100 or re.search(r";|aantal", between, re.I):
            continue  # only an aside to the clause of the count: "..., tegenover 250 in 2021"
        after = (m.group("next") or "").lower()
        if re.fullmatch(r"(?:19|20)\d\d", m.group("n")) or after in _lists()["not"]:
            continue  # "ten opzichte van 2021": a year
        if after and after not in STOP and (is_noun(after) or _compound_noun(after)) and not is_verb(after):
            continue  # its own noun: the main pass reads it
        value = parse_number(m.group("n"))
        if value is not None:
            out.append((m.start("n"), m.end("n"), value, before[-1][-1]))
    return out


SPACED = re.compile(
    r"(?<![\w.,/-])([1-9]\d{0,2}(?:[ \u00a0\u202f]\d{3})*[ \u00a0\u202f]000)(?![\w.,/-]|\s\d)"
)


def _spaced(text: str) -> list[tuple[int, int, float, str]]:
    """`de drempels van 10 000 en 300 000 handtekeningen`: thousands set apart by spaces, as Kamerstukken
    print them; only round thousands (ending in `000`) before a noun, so `Kamerstuk 30 372` or `week 12 150
    meldingen` are never read as one number."""
    out: list[tuple[int, int, float, str]] = []
    matches = list(SPACED.finditer(text)) if "000" in text else []
    for i, m in enumerate(matches):
        prev = re.search(r"([^\W\d_][\w'’]*)\.?\s*$", text[: m.start()])
        if prev and prev.group(1).lower() in _lists()["ids"]:
            continue
        pos = m.end()
        nxt = matches[i + 1] if i + 1 < len(matches) else None
        if nxt and re.fullmatch(r"\s+(?:en|of|tot)\s+", text[m.end() : nxt.start()]):
            pos = nxt.end()  # "10 000 en 300 000 handtekeningen": the noun of the next value
        found = _noun(text, pos, False)
        value = parse_number(re.sub(r"\s", "", m.group(1)))
        if found and value is not None and not _discourse(found[1]):
            end = found[0] if pos == m.end() else m.end()
            out.append((m.start(), end, value, found[1]))
    return out


AANTAL_VAN = re.compile(
    r"(?<!\w)(?P<noun>[^\W\d_]{3,}?)aantal(?:len)?\s+(?:[^\W\d_]+\s+){0,2}?van\s+"
    r"(?P<n>\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)(?:\s+(?P<m>miljoen|duizend))?"
    r"(?!\w|[.,]\d|\s*[(%€])(?:\s+(?P<next>[^\W\d_]+))?",
    re.IGNORECASE,
)


def _aantal_van(text: str) -> list[tuple[int, int, float, str]]:
    """`het voorlopig geraamde bezoekersaantal van 1,5 miljoen`: the noun in the compound before `aantal`
    (`bezoekers`), the number after `van` with no noun of its own."""
    out: list[tuple[int, int, float, str]] = []
    if "aantal" not in text.lower():
        return out
    for m in AANTAL_VAN.finditer(text):
        noun = m.group("noun").lower()
        if not PLURAL.search(noun) or not (is_noun(noun) or _compound_noun(noun)):
            continue  # "bezoekersaantal", "leerlingenaantal"; not "totaal aantal" or "een aantal"
        after = (m.group("next") or "").lower()
        if after in _lists()["not"]:
            continue  # "een bezoekersaantal van 12 procent meer"
        if after and after not in STOP and (is_noun(after) or _compound_noun(after)) and not is_verb(after):
            continue  # "een leerlingenaantal van 450 leerlingen": the number has its own noun
        value = parse_number(m.group("n"))
        if value is None or re.fullmatch(r"(?:19|20)\d\d", m.group("n")):
            continue
        value *= {"miljoen": 1e6, "duizend": 1e3}.get((m.group("m") or "").lower(), 1.0)
        if value != int(value):
            continue
        end = m.end("m") if m.group("m") else m.end("n")
        out.append((m.start("n"), end, value, noun))
    return out


def _total_is(text: str) -> list[tuple[int, int, float, str]]:
    """`Het totaal aantal kiesgerechtigden was toen 13.461.`: a number closing "(het) aantal X is/was"."""
    m = re.search(
        r"(?<!\w)aantal\s+(?:[^\W\d_]+\s+){0,2}?([^\W\d_]+)\s+(?:is|was|bedraagt|bedroeg|ligt|lag)\s+"
        r"(?:[^\W\d_]+\s+){0,3}?(?:op\s+)?(\d{1,3}(?:\.\d{3})+|\d+)\s*[.;]?\s*$",
        text,
        re.IGNORECASE,
    )
    if not m or not PLURAL.search(m.group(1).lower()) or re.fullmatch(r"(?:19|20)\d\d", m.group(2)):
        return []
    value = parse_number(m.group(2))
    return [(m.start(2), m.end(2), value, m.group(1))] if value is not None else []
