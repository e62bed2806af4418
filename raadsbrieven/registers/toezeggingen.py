"""One register entry per promise: mentions joined, what was promised as a phrase with its verb.

Mentions of the same promise join, numbered or not, within and across letters, when they
- share a toezegging number;
- name the same day (a technical session on 24 June) and share at least two content words;
- say much the same thing (half their content words shared);
- within one letter, name the same event ("de technische sessie") or refer back to the mention
  just before ("Met deze brief doen wij deze toezegging gestand").
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from raadsbrieven.nl.deadlines import find_deadlines
from raadsbrieven.registers.unionfind import UnionFind

STOPWORDS = frozenset(
    "de het een en van in op te om over met aan voor u uw raad we wij ons onze dat die dit deze is zijn "
    "wordt worden zullen zal hebben heeft ook nog bij naar als er hier hierover daarbij toezegging "
    "toezeggingen nummer toegezegd brief juni juli januari februari maart april mei augustus september "
    "oktober november december wethouder college".split()
)
EVENT_NOUNS = ("sessie", "bijeenkomst", "expertmeeting", "werkbezoek", "informatieavond", "rondetafel")
ANAPHORIC = re.compile(
    r"\b(deze|die|de(?:ze)?\s+genoemde)\s+toezegging|\bhier(mee|aan|bij)\b|\bdaar(mee|aan)\b", re.I
)
PROMISE_VERB = re.compile(
    r"\b(?:toegezegd|toe\s+te\s+zeggen|zegt?\s+toe|zeggen\s+toe|zegde\s+toe|beloofd)\b\s*"
    r"(?:\((?:toezegging|nr)[^)]*\)\s*)?(?:om\s+)?(?:,\s*)?",
    re.I,
)
# a promise to settle the motie the letter is about ("Wij verwachten de motie uiterlijk 31 mei af te doen")
SETTLE_MOTIE = re.compile(
    r"\b(?:de|deze)\s+(?:motie|amendement)\b.{0,80}\baf\s+te\s+(?:kunnen\s+)?doen", re.I
)
PARTICLES = ("terug", "in", "toe", "aan", "voor", "op", "uit", "mee", "na", "over", "bij", "door", "af")
FINITE = frozenset(
    "is zijn was waren wordt worden werd werden zal zullen zou zouden kan kunnen wil willen gaat gaan "
    "komt komen staat staan heeft hebben had hadden moet moeten doen doet ligt liggen".split()
)


def get(fact: Any, name: str) -> Any:
    return fact.get(name) if isinstance(fact, dict) else getattr(fact, name, None)


def order(fact: Any) -> tuple[str, str, int]:
    return (get(fact, "doc_date") or "", get(fact, "doc") or "", get(fact, "start") or 0)


def stems(text: str | None) -> list[str]:
    words = re.findall(r"[a-zà-ÿ0-9]+", (text or "").lower())
    return [w[:6] for w in words if w not in STOPWORDS and len(w) > 2]


def content_words(text: str | None) -> set[str]:
    return set(stems(text))


def _event_bigrams(text: str | None) -> set[tuple[str, str]]:
    words = [w for w in re.findall(r"[a-zà-ÿ]+", (text or "").lower()) if w not in STOPWORDS]
    return {(a, b) for a, b in zip(words, words[1:], strict=False) if b.endswith(EVENT_NOUNS)}


def norm_number(number: str | None) -> str | None:
    digits = re.sub(r"\s+", "", number or "")
    return digits or None


def number_sort(value: str | None) -> tuple[int, str]:
    digits = re.sub(r"\D", "", value or "")
    return (int(digits) if digits else 10**9, value or "")


def is_anaphoric(fact: Any) -> bool:
    """A mention that only points back ("Met deze brief doen wij deze toezegging gestand")."""
    sentence = get(fact, "sentence") or ""
    plain = re.sub(r"\b(gestand|voldoen|voldaan|invulling|uitvoering|geven|doen)\b", " ", sentence)
    rest = content_words(plain)
    return bool(ANAPHORIC.search(sentence)) and not get(fact, "number") and len(rest) <= 2


def group_mentions(facts: Iterable[Any]) -> list[list[Any]]:
    """The toezegging facts grouped into promises, each group in time order."""
    mine = sorted((f for f in facts if get(f, "kind") == "toezegging"), key=order)
    n = len(mine)
    union = UnionFind(n)
    words = [content_words(get(f, "what") or get(f, "sentence")) for f in mine]
    sentence_words = [content_words(get(f, "sentence")) for f in mine]
    events = [_event_bigrams(get(f, "sentence")) for f in mine]
    numbers = [norm_number(get(f, "number")) for f in mine]
    days = [d if d and len(d) == 10 else None for d in (get(f, "deadline") for f in mine)]
    anaphoric = [is_anaphoric(f) for f in mine]
    own_motie = [bool(SETTLE_MOTIE.search(get(f, "sentence") or "")) for f in mine]
    for i in range(n):
        if anaphoric[i]:  # joins the mention just before it in the same letter
            before = [j for j in range(i) if get(mine[j], "doc") == get(mine[i], "doc") and not anaphoric[j]]
            before = [j for j in before if (get(mine[j], "start") or 0) <= (get(mine[i], "start") or 0)]
            if before:
                union.union(before[-1], i)
            continue
        for j in range(i):
            if anaphoric[j]:
                continue
            same_doc = get(mine[i], "doc") == get(mine[j], "doc")
            if numbers[i] and numbers[i] == numbers[j]:
                union.union(i, j)
            elif own_motie[i] and own_motie[j] and not same_doc:
                continue  # "de motie af te doen" in two letters: each letter's own motie
            elif days[i] and days[i] == days[j] and len(sentence_words[i] & sentence_words[j]) >= 2:
                union.union(i, j)
            elif words[i] and words[j] and len(words[i] & words[j]) / len(words[i] | words[j]) >= 0.5:
                if not (numbers[i] and numbers[j]):  # two numbers are two promises unless the day joins them
                    union.union(i, j)
            elif same_doc and events[i] & events[j]:
                union.union(i, j)
    groups: dict[int, list[Any]] = {}
    for i, f in enumerate(mine):
        groups.setdefault(union.find(i), []).append(f)
    return list(groups.values())


# ------------------------------------------------------------------ what, who, deadline


def has_verb(phrase: str | None) -> bool:
    from raadsbrieven.nl.subject import _is_verb

    for word in re.findall(r"[a-zà-ÿ]+", (phrase or "").lower()):
        if word in FINITE or _is_verb(word):
            return True
    return False


def _infinitive(rest: str) -> str:
    """'u na de zomer te informeren over X' -> 'na de zomer informeren over X' (the first verb, and
    every 'en te VERB' after it; 'in te gaan' -> 'ingaan')."""
    rest = re.sub(r"^(?:u|uw raad|de raad|de gemeenteraad|de commissie)\b\s*", "", rest, flags=re.I)
    particle = "|".join(PARTICLES)
    verb = rf"\b(?:({particle})\s+)?te\s+([a-zà-ÿ]+n)\b"
    rest = re.sub(verb, lambda m: f"{m[1] or ''}{m[2]}", rest, count=1)
    rest = re.sub(
        rf"\ben\s+(?:({particle})\s+)?te\s+([a-zà-ÿ]+n)\b", lambda m: f"en {m[1] or ''}{m[2]}", rest
    )
    return rest


def promise_phrase(fact: Any) -> str | None:
    """The promised action of one mention as a readable phrase with its verb."""
    sentence = re.sub(r"\s+", " ", get(fact, "sentence") or "").strip()
    sentence = re.sub(r"\s*\((?:toezegging|nr\.?)[^)]*\)", "", sentence, flags=re.I).strip()
    m = PROMISE_VERB.search(sentence)
    if m and re.search(r"\bte\s+[a-zà-ÿ]+n\b", sentence[m.end() :]):
        rest = sentence[m.end() :].rstrip(" .;:")
        to_council = re.match(r"(?:u|uw raad|de raad|de gemeenteraad)\b", rest, re.I) is not None
        phrase = _infinitive(rest)
        if to_council:
            phrase = "de raad " + phrase
        if has_verb(phrase) and len(phrase.split()) >= 3:
            return _shorten(phrase)
    what = get(fact, "what") or ""
    what = "" if "…" in what else what.strip(" .;:,")
    for candidate in (what, sentence.rstrip(" .;:")):
        if candidate and has_verb(candidate) and not candidate[:1].islower():
            return _shorten(candidate)
    return _shorten(sentence.rstrip(" .;:")) or None


def _shorten(phrase: str, limit: int = 260) -> str:
    """At most `limit` characters, cut at a clause boundary (never mid-word, never a dangling 'en')."""
    phrase = phrase.strip()
    if len(phrase) <= limit:
        return phrase
    cut = max(phrase.rfind(", ", 0, limit), phrase.rfind(" en ", 0, limit), phrase.rfind(" of ", 0, limit))
    head = phrase[: cut if cut > limit // 2 else phrase.rfind(" ", 0, limit)].rstrip(" ,")
    return head if has_verb(head) else phrase


def pick_what(members: list[Any]) -> str | None:
    ordered = sorted(members, key=order)
    promised = [f for f in ordered if PROMISE_VERB.search(get(f, "sentence") or "")]
    made = [f for f in ordered if get(f, "status") == "made" and not is_anaphoric(f)]
    rest = [f for f in ordered if not is_anaphoric(f)] or ordered
    for group in (promised, made, rest):
        for f in group:
            phrase = promise_phrase(f)
            if phrase and has_verb(phrase):
                return phrase
    return promise_phrase(ordered[0]) if ordered else None


def pick_who(members: list[Any]) -> str | None:
    named = [w for w in (get(f, "who") for f in members) if w and w not in ("college", "minister")]
    if named:
        return named[0]
    return next((w for w in (get(f, "who") for f in members) if w), None)


def pick_deadline(members: list[Any]) -> tuple[str | None, str | None]:
    """The deadline of the earliest letter that names one (a later `made` mention may move it), as written."""
    with_deadline = [f for f in sorted(members, key=order) if get(f, "deadline")]
    if not with_deadline:
        return None, None
    chosen = with_deadline[0]
    first_doc = get(chosen, "doc")
    moved = [f for f in with_deadline if get(f, "status") == "made" and get(f, "doc") != first_doc]
    if moved and get(chosen, "status") == "made":
        chosen = moved[-1]
    value = get(chosen, "deadline")
    return value, deadline_text(chosen, value)


def deadline_text(fact: Any, value: str | None) -> str | None:
    given = get(fact, "deadline_text")
    if given:
        return given
    sentence = get(fact, "sentence") or ""
    found = find_deadlines(sentence, get(fact, "doc_date"))
    exact = [d for d in found if d.value == value]
    best = exact[-1] if exact else (found[-1] if found else None)
    return sentence[best.start : best.end] if best else None


def entry_key(members: list[Any]) -> str:
    """Stable: the lowest toezegging number, else the first mention's letter and sentence."""
    numbers = sorted({n for n in (norm_number(get(f, "number")) for f in members) if n}, key=number_sort)
    if numbers:
        return f"T{numbers[0]}"
    first = sorted(members, key=order)[0]
    sentence = re.sub(r"\s+", " ", get(first, "sentence") or "").strip()
    return "U" + hashlib.sha1(f"{get(first, 'doc')}|{sentence}".encode()).hexdigest()[:10]


@dataclass
class Group:
    """One promise before fulfilment: its key, numbers and mentions (facts)."""

    key: str
    numbers: list[str]
    members: list[Any] = field(default_factory=list)


def promises(facts: Iterable[Any]) -> list[Group]:
    out = []
    for members in group_mentions(facts):
        numbers = sorted({n for n in (norm_number(get(f, "number")) for f in members) if n}, key=number_sort)
        out.append(Group(entry_key(members), numbers, members))
    return out
