"""`subject`: what a value measures, as a short Dutch phrase — the label of a fact and of a series.

Rules on plain word tokens, nearest evidence first:
  1. a percentage of a group: "85% van de gezinnen <predicate>" -> "gezinnen <predicate>"; a
     generic group ("in 30% van de gevallen") -> "gevallen waarin <rest of the clause>"; a value
     in brackets after a share ("de helft (64%) van de trajecten ...") reads on after the bracket;
  2. an amount followed by its noun: "30.000 euro compensatie" -> "compensatie";
  3. the noun the value belongs to: "een tekort van 4,2 miljoen", "een taakstelling die oploopt
     tot 16 miljoen", "sprints van drie weken" (a vague noun such as "bedrag" takes the rest);
  4. durations: a waiting-time noun phrase ("de gemiddelde wachttijd tussen kennismaking en start
     ondersteuning tussen de 5 en 9 weken");
  5. "dat"/"dit"/"dit percentage", or a clause with nothing but the value ("in 2020 80%", "ten
     opzichte van 11 procent"): the subject of the previous value of the same kind (a new "binnen
     N weken" replaces the old one), else the gist of the previous clause, else of the previous
     sentence;
  6. else the clause around the value: its words before and after the value.
Periods, places, determiners, auxiliaries, hedges and other values are left out; at most ten
words; a phrase of stop words only is no subject (None). The function words are data
(`nl/data/words.json`).
"""

from __future__ import annotations

import re
from functools import cache

from raadsbrieven.nl.lexicon import load, spacy_lemmas, words
from raadsbrieven.nl.numbers import number_re
from raadsbrieven.nl.periods import find_periods

_DETERMINERS = words("determiners")
_AUXILIARIES = words("auxiliaries")
_ADVERBS = words("adverbs")
_SUBJECT_PRONOUNS = words("subject_pronouns")
_PRONOUNS = _SUBJECT_PRONOUNS | words("other_pronouns")
_PREPOSITIONS = words("prepositions")
_CONJUNCTIONS = words("conjunctions")
_QUANTIFIERS = words("quantifiers")
_DROP = _DETERMINERS | _AUXILIARIES | _ADVERBS | _QUANTIFIERS | _SUBJECT_PRONOUNS
_EDGE = _DROP | _PRONOUNS | _PREPOSITIONS | _CONJUNCTIONS
_LEAD = _EDGE - _PREPOSITIONS  # what may not open the words after a value ("op zorg" may)
# fixed phrases that never say what is measured
_PHRASES = re.compile(
    r"(?<!\w)(?:op (?:dit|dat|het) moment|tot nu toe|in totaal|met name|onder (?:andere|meer)|o\.a\."
    r"|bijvoorbeeld|zoals hiernaast weergegeven|zoals (?:eerder |hierboven |hiervoor )?(?:aangegeven|gemeld)"
    r"|ten opzichte van|t\.o\.v\.|vergeleken met|in vergelijking met|ten tijde van"
    r"|(?:bijna |ruim |ongeveer )?(?:meer dan )?(?:de|een) "
    r"(?:helft|derde|kwart|vijfde|meerderheid|minderheid)(?: van(?: de| het)?)?"
    r"|(?:meer|minder|korter|langer|hoger|lager) dan)(?!\w)",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"\d+(?:[.,/-]\d+)*%?|[^\W\d_][\w'’]*(?:[-/.][\w'’]+)*")
# where a clause ends: punctuation, brackets, a coordinated main clause ("en start de ...")
_CLAUSE_BREAK = re.compile(
    r"[;:()\[\]]|,\s|[.!?](?:\s|$)|\s[–-]\s|(?<!\w)(?:maar|want|omdat|terwijl|zodat|waardoor|doordat)(?!\w)"
    r"|(?<!\w)en\s+(?=[^\W\d]\w*\s+(?:de|het|een|we|wij|ze|zij|er|dit|dat)\s)",
    re.IGNORECASE,
)
# "zien we dat 85% ...", "gaan we uit dat ruim 40% ...": a clause starts after the complementizer
_THAT = re.compile(
    r"(?<!\w)(?:dat|of)\s+(?=(?:de|het|een|er|we|wij|ze|zij|hij|bijna|ruim|circa|ongeveer|alle|\d))",
    re.IGNORECASE,
)
_CUT_AFTER = re.compile(
    r"(?<!\w)(?:zoals|waaronder|bijvoorbeeld|dan|ten opzichte van|t\.o\.v\.|vergeleken met|per|op jaarbasis"
    r"|structureel|incidenteel)(?!\w)",
    re.IGNORECASE,
)
_COPULA_THAT = re.compile(
    r"(?<!\w)(?:is|was|waren|betreft|betrof|ligt|lag|bedraagt|bedroeg|loopt|liep)\s+(?:dat|dit|het)(?!\w)",
    re.IGNORECASE,
)
_THAT_NOUN = re.compile(
    r"(?<!\w)(?:dit|dat|deze|het)\s+(?:percentage|aandeel|aantal|cijfer|getal|bedrag)\b", re.I
)
_RELATIVE = re.compile(r"(?<=[^\W\d]{3})\s+(?:die|dat|waar\w*|wie)\s+[^,;:()]*?,\s*", re.IGNORECASE)
_GENERIC_GROUPS = words("generic_groups")
_GENERIC_NOUNS = words("generic_nouns")
_WAIT_NOUN = re.compile(
    r"(?<!\w)\w*(?:wachttijd|wachttijden|doorlooptijd|doorlooptijden|termijn|termijnen|looptijd|"
    r"wachtlijst|wachtlijsten|behandelduur)(?!\w)",
    re.IGNORECASE,
)
_UNIT_OF_KIND = {
    "percentage": r"%|procent|percent",
    "duration": r"minuten|uur|uren|dagen|dag|werkdagen|weken|week|maanden|maand|jaar|jaren",
    "money": r"€|euro|miljoen|mln|miljard",
    "count": r"[^\W\d_][\w'’-]+",  # a number before a word: the next count
}


@cache
def _lexicon() -> tuple[frozenset[str], frozenset[str]]:
    """Dutch verb forms (that are not also nouns) and nouns, from spaCy's lemma tables.

    spacy-lookups-data is a dependency; without it the rules still run, only less precisely.
    """
    index, lookup, exceptions = spacy_lemmas("index"), spacy_lemmas("lookup"), spacy_lemmas("exc")
    verbs, nouns = set(index.get("verb", [])), set(index.get("noun", []))
    forms = {form for form, lemma in lookup.items() if lemma in verbs} | set(exceptions.get("verb", {}))
    nouns |= {form for form, lemma in lookup.items() if lemma in nouns} | set(exceptions.get("noun", {}))
    return frozenset((forms | verbs) - nouns), frozenset(nouns)


def _is_verb(word: str) -> bool:
    return word.lower() in _lexicon()[0]


def is_verb(word: str) -> bool:
    """A Dutch verb form that is not also a noun (spaCy's lemma tables)."""
    return _is_verb(word)


def is_noun(word: str) -> bool:
    """A Dutch noun form, singular or plural (spaCy's lemma tables)."""
    return word.lower() in _lexicon()[1]


@cache
def _all_words() -> frozenset[str]:
    """Every Dutch word form spaCy's lemma lookup and stop words know."""
    lookup = spacy_lemmas("lookup")
    return frozenset(lookup) | frozenset(lookup.values()) | _stop_words()


def is_dutch_word(word: str) -> bool:
    """A word of the Dutch dictionary (any part of speech), not a name: "bijna", "onlangs", "zorg"."""
    return word.lower() in _all_words()


@cache
def _stop_words() -> frozenset[str]:
    from raadsbrieven.nl.spacy_import import import_spacy

    import_spacy()  # first: spaCy without torch
    from spacy.lang.nl.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def _is_content(word: str) -> bool:
    low = word.lower()
    return low not in _EDGE and low not in _stop_words()


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the spans (and a preposition right before each) blanked out, offsets kept."""
    chars = list(text)
    for start, end in spans:
        m = re.search(r"(?:(?<!\w)(?:in|op|bij|sinds|vanaf|tot|eind|begin|medio|na|over|tijdens|per)\s+"
                      r"(?:de\s+|het\s+)?)$", text[:start], re.IGNORECASE)  # fmt: skip
        if m:
            start = m.start()
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """Start and end of the clause around text[start:end]."""
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start)]
    breaks += [m.end() for m in _THAT.finditer(text, 0, start)]
    m = _CLAUSE_BREAK.search(text, end)
    return max(breaks, default=0), (m.start() if m else len(text))


_PARTICLE = re.compile(r"(?<!\w)aan(?=\s+(?:dat|om)\s|(?:\s+[^\W\d]\S*){1,3}\s+te\s)", re.IGNORECASE)


def _words(fragment: str) -> list[str]:
    """Word tokens; fixed phrases and the particle of "geeft aan dat/te" left out."""
    fragment = _PARTICLE.sub(" ", _PHRASES.sub(" ", fragment))
    return [w.strip("'’") for w in _TOKEN.findall(fragment) if w.strip("'’")]


def _strip(words: list[str], lead: set[str] = _EDGE) -> list[str]:
    while words and words[0].lower() in lead:
        words = words[1:]
    while words and words[-1].lower() in _EDGE:
        words = words[:-1]
    return words


def _content(fragment: str, limit: int = 10, lead: set[str] = _EDGE) -> list[str]:
    """The words of a fragment that say something: function words out, stop words off the edges."""
    return _strip(_strip(_kept(_words(fragment)), lead)[:limit], lead)


def _kept(words: list[str]) -> list[str]:
    """Words without determiners, auxiliaries and hedges; "een" stays as a number ("binnen een maand")."""
    units = load("units")["duration"]
    return [
        w
        for i, w in enumerate(words)
        if w.lower() not in _DROP or (w.lower() == "een" and i + 1 < len(words) and words[i + 1] in units)
    ]


def _before_part(before: str, limit: int = 6) -> list[str]:
    """The words before a value (after any other value), nearest last."""
    words = _kept(_words(before))
    last_number = max((i for i, w in enumerate(words) if w[0].isdigit()), default=-1)
    words = words[last_number + 1 :]
    if last_number >= 0 and words and words[0].lower() in _UNIT_WORDS:
        words = words[1:]  # "86 procent van de klanten ...": the unit of the other value
    return _strip(_strip(words)[-limit:])


_UNIT_WORDS = words("unit_words")


def _after_part(after: str, kind: str | None, limit: int = 8) -> list[str]:
    """The words after a value up to the next value of its kind, a comparison or a new clause."""
    cut = len(after)
    for pattern in (_CUT_AFTER, _value_re(kind)):
        m = pattern.search(after)
        if m:
            cut = min(cut, m.start())
    m = re.search(r"(?<!\w)en\s+([^\W\d]\w*)", after[:cut])
    if m and _is_verb(m.group(1)):
        cut = m.start()  # "... een kennismakingsgesprek en starten aansluitend ..."
    return _content(after[:cut], limit, _LEAD)


@cache
def _value_re(kind: str | None) -> re.Pattern[str]:
    unit = _UNIT_OF_KIND.get(kind or "", _UNIT_OF_KIND["percentage"])
    money = r"|(?:€|euro)\s*(?P<m>\d[\d.,]*)" if kind == "money" else ""
    return re.compile(rf"(?P<n>{number_re()})\s*(?:{unit})(?!\w){money}", re.IGNORECASE)


def _value_in(text: str, kind: str | None) -> tuple[int, int] | None:
    """The last value of this kind in text, as (start of its number, end)."""
    found = list(_value_re(kind).finditer(text))
    if not found:
        return None
    m = found[-1]
    group = "n" if m.group("n") else "m"
    return m.start(group), m.end()


def _phrase(words: list[str], text: str) -> str | None:
    """The words as a phrase (at most ten); None when no content word is left."""
    words = _strip(_strip(words)[:10])
    if not any(_is_content(w) for w in words):
        return None
    if text.lstrip().startswith(words[0]) and words[0][1:].islower():
        words[0] = words[0].lower()  # "Jeugdigen wachten ..." -> "jeugdigen ..."
    return " ".join(words)


def _noun_before(before: str) -> list[str]:
    """The noun phrase ending a fragment: "ligt boven het landelijk gemiddelde" -> landelijk gemiddelde."""
    out: list[str] = []
    for w in reversed(_words(before)):
        if w.lower() in _EDGE or _is_verb(w) or w[0].isdigit():
            break
        out.insert(0, w)
        if len(out) == 3:
            break
    return out


def _anaphoric(before: str, after: str) -> bool:
    """ "was dat 85%", "betrof dit nog", "loopt dit op tot", "ligt dit percentage", "85% was dat".

    Not "is dat tekort geraamd op": there "dat" is the determiner of a noun.
    """
    if _THAT_NOUN.search(before) or _COPULA_THAT.match(after.lstrip()):
        return True
    for m in re.finditer(r"(?<!\w)(?:dat|dit|het)(?!\w)\s*([^\W\d][\w'’]*)?", before, re.IGNORECASE):
        follower = m.group(1) or ""
        near_end = not _words(before[m.end() :])[2:]
        copula = _COPULA_THAT.match(before, max(0, m.start() - 12)) is not None or bool(
            re.search(r"(?:is|was|waren|betreft|betrof|ligt|lag|bedraagt|bedroeg|loopt|liep)\s+$",
                      before[: m.start()], re.IGNORECASE)
        )  # fmt: skip
        if (copula or near_end) and (not follower or not _is_content(follower) or _is_verb(follower)):
            if m.group(0).lower().startswith("het") and not copula:
                continue
            return True
    return False


def subject_for(
    text: str,
    start: int,
    end: int,
    kind: str | None = None,
    masked: list[tuple[int, int]] | None = None,
    previous: list[str] | None = None,
) -> str | None:
    """What the value text[start:end] measures, as a short Dutch phrase (see the rules above).

    `masked` spans (places, periods; by default the periods found) are left out; `previous` are the
    sentences before (nearest first), for a "dit" that points back to them.
    """
    if masked is None:
        masked = [(p.start, p.end) for p in find_periods(text, None)]
    if kind == "count":
        return _counted(text, start, end, masked)
    return _subject(text, start, end, kind, masked, previous, 0)


def _counted(text: str, start: int, end: int, masked: list[tuple[int, int]]) -> str | None:
    """A count's subject: its noun with the words that say more about it ("wachtenden op de IB-lijst"),
    up to the next figure; the noun alone when nothing follows."""
    plain = _mask(text, [(s, e) for s, e in masked if e <= start or s >= end])
    noun = [w for w in _words(text[start:end]) if not w[0].isdigit() and w.lower() not in _DROP]
    noun = [w for w in noun if not re.fullmatch(rf"{number_re()}(?:tal)?", w, re.IGNORECASE)]
    _, ce = _clause(plain, start, end)
    found = _phrase([*noun[-3:], *_after_part(plain[end:ce], "count", 6)], text)
    return found or (noun[-1] if noun else None)


def _subject(
    text: str,
    start: int,
    end: int,
    kind: str | None,
    masked: list[tuple[int, int]],
    previous: list[str] | None,
    depth: int,
) -> str | None:
    plain = _mask(text, [(s, e) for s, e in masked if e <= start or s >= end])
    cs, ce = _clause(plain, start, end)
    before, after = plain[cs:start], plain[end:ce]
    core = _before_part(before) + _after_part(after, kind)
    if not core and text[cs - 1 : cs] == "(" and text[ce : ce + 1] == ")":
        found = _bracketed(text, plain, cs, ce, kind)
        if found:
            return found
    for rule in (_group_of, _noun_after, _owner, _waiting):
        found = rule(text, before, after, kind)
        if found:
            return found
    anaphor = _anaphoric(before, after)
    if (anaphor or not any(_is_content(w) for w in core)) and depth < 3:
        found = _resolve(text, plain, cs, kind, after, masked, previous, depth)
        if found or anaphor:
            return found  # an unresolved "dat" is no subject: the words around it say nothing
    return _phrase(core, text)


def _bracketed(text: str, plain: str, cs: int, ce: int, kind: str | None) -> str | None:
    """A value alone in brackets: "de helft (64%) van de trajecten ..." reads on after the bracket;
    an amount or duration, "wachttijden (1,5 tot 2 jaar)", "hoge kosten (oplopend tot € 1.200)", is
    about the noun before it; a percentage about the clause before it (rule 5)."""
    if _SHARE.search(plain[: cs - 1]):
        after = plain[ce + 1 :]
        after = after[: _clause(after, 0, 0)[1]]
        return _group_of(text, "", after, kind) or _phrase(_after_part(after, kind), text)
    if kind in (None, "percentage"):
        return None  # "rusteloos (van 29% in 2019 naar 39% in 2020)": the clause before (rule 5)
    if kind == "duration":
        found = _wait_phrase(plain[: cs - 1], text)
        if found:
            return found
    return _phrase(_noun_before(plain[: cs - 1]), text)


_SHARE = re.compile(r"(?<!\w)(?:helft|derde|kwart|vijfde|zesde|tiende|meerderheid|minderheid|deel)\s*$", re.I)


def _group_of(text: str, before: str, after: str, kind: str | None) -> str | None:
    """Rule 1: "85% van de gezinnen krijgt ..." -> "gezinnen krijgt ..."."""
    if kind not in (None, "percentage"):
        return None
    m = re.match(r"\s*van\s+(?:de|het|alle|deze|die|onze|hun)?\s*([^\W\d][\w'’-]*)", after, re.IGNORECASE)
    if not m:
        return None
    group, rest = m.group(1), after[m.end() :]
    if group.lower() in _GENERIC_GROUPS:  # "in 30% van de gevallen": the rest of the clause
        clause = re.sub(r"(?<!\w)(?:in|bij|voor|op)\s*$", "", before) + " " + rest
        core = _before_part(clause, 8) if not _words(rest) else _content(clause, 8)
        return _phrase([group.lower(), "waarin", *core], text) if core else None
    return _phrase([group, *_after_part(rest, "percentage", 9)], text)


def _noun_after(text: str, before: str, after: str, kind: str | None) -> str | None:
    """Rule 2: "30.000 euro compensatie" -> "compensatie"."""
    if kind != "money":
        return None
    m = re.match(r"\s*(?:euro\s+)?([^\W\d][\w'’-]+)", after)
    word = m.group(1) if m else ""
    if word and word.lower() not in set(load("units")["money_after_ok"]) and _is_content(word):
        return word if not _is_verb(word) else None
    return None


def _owner(text: str, before: str, after: str, kind: str | None) -> str | None:
    """Rule 3: "een tekort van", "een taakstelling die oploopt tot", "sprints van"."""
    plain = _PHRASES.sub(lambda m: " " * len(m.group()), before)
    m = re.search(r"(?<!\w)van\s+(?:de\s+|het\s+)?(?:€\s*)?$", plain, re.IGNORECASE)
    if not m and kind != "duration":
        m = re.search(r"(?<!\w)(?:die|dat)\s+(?:[^\W\d][\w'’-]*\s+){1,3}$", plain, re.IGNORECASE)
    if not m:
        return None
    noun = _noun_before(plain[: m.start()])
    if not noun:
        return None
    if noun[-1].lower() in _GENERIC_NOUNS:  # "een bedrag van € 1,5 miljoen beschikbaar voor ..."
        return _phrase([*noun, *_after_part(after, kind, 7)], text)
    pp = re.match(r"\s*(?:in|op|bij|aan|voor|onder)\s", after)  # "een toename van 15% in het aantal ..."
    return _phrase([*noun, *(_after_part(after, kind, 6) if pp else [])], text)


def _waiting(text: str, before: str, after: str, kind: str | None) -> str | None:
    """Rule 4: a duration's waiting-time noun phrase ("de gemiddelde wachttijd tussen A en B")."""
    if kind != "duration":
        return None
    return _wait_phrase(before, text)


def _wait_phrase(fragment: str, text: str) -> str | None:
    found = list(_WAIT_NOUN.finditer(fragment))
    if not found:
        return None
    wait = found[-1]
    left = _noun_before(fragment[: wait.start()])[-1:]
    right: list[str] = []
    for w in _words(fragment[wait.end() :]):
        if _is_verb(w) or w.lower() in _AUXILIARIES or w.lower() in _ADVERBS or w[0].isdigit():
            break
        right.append(w)
    words = [w for w in [*left, wait.group(), *right] if w.lower() not in _DROP]
    return _phrase(words, text)


def _resolve(
    text: str,
    plain: str,
    cs: int,
    kind: str | None,
    after: str,
    masked: list[tuple[int, int]],
    previous: list[str] | None,
    depth: int,
) -> str | None:
    """Rule 5: the subject of the previous value of this kind, or the gist of the previous clause."""
    region = re.sub(r"\([^()]*\)", lambda m: " " * len(m.group()), plain[:cs])  # brackets aside
    region = region.rstrip(" ,;:(")
    found = None
    if _words(region):
        rs, _ = _clause(region, len(region), len(region))
        value = _value_in(region[rs:], kind)
        if value:
            found = _subject(text, rs + value[0], rs + value[1], kind, masked, None, depth + 1)
        elif kind == "duration" and _wait_phrase(region, text):
            found = _wait_phrase(region, text)
        else:
            main = _RELATIVE.sub(lambda m: " " * len(m.group()), region)
            found = _phrase(_content(main[_clause(main, len(main), len(main))[0] :]), text)
    else:
        for earlier in previous or []:
            value = _value_in(earlier, kind)
            if value:
                found = subject_for(earlier, value[0], value[1], kind)
                break
    if found:
        new, old = _duration_phrase(after), _duration_phrase(found)
        if new and old:  # "bij 91 procent was dat binnen vier weken"
            found = found[: old.start()] + new.group() + found[old.end() :]
    return found


def _duration_phrase(text: str) -> re.Match[str] | None:
    units = "|".join(sorted(load("units")["duration"], key=len, reverse=True)).replace(".", r"\.")
    return re.search(
        rf"(?<!\w)(?:binnen|na|tot)\s+(?:de\s+)?{number_re()}(?:\s*(?:tot|en|-)\s*{number_re()})?\s*"
        rf"(?:{units})(?!\w)",
        text,
        re.IGNORECASE,
    )
