"""Money in whole euros: `€ 100.000`, `€1.200,- per dag`, `4,2 miljoen euro structureel`,
`ruim 16 miljoen euro`, and `2 miljoen` where the sentence is clearly about euros.

`per` keeps the rate (`jaar`, `dag`, ...); `structureel` and `op jaarbasis` mean per year.
Lines of a table whose header names the unit (`Bedrag (in milj. €)`) are read by `money_table`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from raadsbrieven.extractors import context, money_table

from raadsbrieven.model import DocContext, Fact, Sentence
from raadsbrieven.nl.numbers import Quantity, find_quantities, load, multiplier, phrases
from raadsbrieven.nl.tables import year_row

KIND = "money"
VERSION = "11"
NEEDS = context.NEEDS
ASSIGNS = (*context.VALUE_FIELDS, "per", *context.FILLS)

CURRENCY = r"(?:€|eur(?:o)?(?!\w))"
BARE_SCALE = r"(?:miljoen|miljard|mln\.?|mld\.?|mrd\.?|ton)(?!\w)"


def extract(sentence: Sentence, doc: DocContext) -> list[Fact]:
    if money_table.is_table_sentence(sentence, doc):
        return money_table.extract(sentence, doc)  # `x € 1.000` in a header is a unit, not an amount
    text = _cells_apart(sentence, doc)
    found = _currency_amounts(text)
    bare = find_quantities(text, BARE_SCALE)
    if bare and not money_context(text):  # "Bij die 519 miljoen zit nog niet de 125 miljoen ...":
        named = euro_amounts(doc)  # only what the letter names in euros elsewhere ("125 miljoen euro")
        bare = [q for q in bare if q.low == q.high and _whole(q.low * _scale(q.unit)) in named]
    counts = [q for q in bare if _counts_something(text, q)]
    found += [q for q in bare if q not in counts and not _elided_count(text, q, counts)]
    facts = []
    for q in _longest(q for q in found if q.first_value is None):
        low, high = _whole(q.low), _whole(q.high)
        if q.unit.startswith(("miljoen", "miljard", "mln", "mld", "mrd", "ton")):
            scale = _scale(q.unit)
            low = _whole(q.low * scale) if q.low is not None else None
            high = _whole(q.high * scale) if q.high is not None else None
        end, per = _per(text, q.end)
        start, end = sentence.start + q.start, sentence.start + end
        fact = Fact(
            kind=KIND, text=doc.text[start:end], start=start, end=end,
            low=low, high=high, unit="EUR", approx=q.approx, bound=q.bound, per=per,
        )  # fmt: skip
        context.fill(fact, sentence, doc, q.number_start, q.end)
        facts.append(fact)
    return facts


def _cells_apart(sentence: Sentence, doc: DocContext) -> str:
    """The sentence, with the dash that opens a cell of a row under year columns blanked: `- € 1.000.000
    - € 2.600.000` are two cells (cuts), not a range from one amount to the next."""
    text = sentence.text
    if not doc.holds(sentence):
        return text
    for a, _, _ in year_row(doc.sentences, sentence.index) or ():
        if text[a] in "-–−":
            text = f"{text[:a]} {text[a + 1 :]}"
    return text


def _currency_amounts(text: str) -> list[Quantity]:
    """The amounts written with a euro sign or word, before (`€ 5.000`) or after (`4,2 miljoen euro`)."""
    before = find_quantities(text, CURRENCY, unit_before=True, with_multiplier=True)
    after = find_quantities(text, CURRENCY, with_multiplier=True)
    return before + [q for q in after if not _unit_of_next(text, q)]


def _unit_of_next(text: str, q: Quantity) -> bool:
    """`in 2019 € 5 miljoen`: the euro sign after a number that opens the next amount is not its unit."""
    return q.unit == "€" and bool(re.match(r"\s*\d", text[q.end :]))


def _whole(value: float | None) -> float | None:
    """Euros, to the cent: `4,2 miljoen` is 4200000, `€ 7,50` stays 7.5 (not 8)."""
    return None if value is None else float(round(value, 2))


def _scale(unit: str) -> float:
    return multiplier(unit.rstrip("."))


def _longest(found: Iterable[Quantity]) -> list[Quantity]:
    chosen: list[Quantity] = []
    for q in sorted(found, key=lambda q: (q.start, -(q.end - q.start))):
        if all(q.end <= c.start or q.start >= c.end for c in chosen):
            chosen.append(q)
    return sorted(chosen, key=lambda q: q.start)


def money_context(text: str) -> bool:
    return bool(money_context_re().search(text))


@cache
def money_context_re() -> re.Pattern[str]:
    """A money word, or a compound ending in one (`saneringssubsidie`, `waarborgfonds`)."""
    units = load("units")
    words, heads = phrases(units["money_context"]), phrases(units["money_heads"])
    return re.compile(rf"(?<!\w)(?:{words})|(?<=[^\W\d_]{{3}})(?:{heads})", re.IGNORECASE)


_AMOUNTS: dict[str, object] = {}  # the last document's euro amounts (one document is extracted at a time)


def euro_amounts(doc: DocContext) -> frozenset[float]:
    """The whole-euro amounts with a scale word the document names as euros (`125 miljoen euro`, `€ 1,5
    miljard`): a bare `die 125 miljoen` elsewhere in it is that amount."""
    if _AMOUNTS.get("doc") is doc:
        return _AMOUNTS["values"]  # type: ignore[return-value]
    values = set()
    for sentence in doc.sentences:
        text = sentence.text
        if not re.search(BARE_SCALE, text, re.IGNORECASE) or not re.search(CURRENCY, text, re.IGNORECASE):
            continue
        found = _currency_amounts(text)
        values.update(_whole(q.low) for q in found if q.low is not None and q.low >= 100_000)
    _AMOUNTS.update(doc=doc, values=frozenset(values))
    return _AMOUNTS["values"]  # type: ignore[return-value]


def _counts_something(text: str, q: Quantity) -> bool:
    """`2 miljoen inwoners`, `bezoekersaantal van 1,5 miljoen`: a count, not an amount."""
    units = load("units")
    after = text[q.end : q.end + 30].lower()
    if re.match(rf"\s*(?:{phrases(units['money_not'])})(?!\w)", after):
        return True
    nxt = re.match(r"\s*([^\W\d]+)", after)
    if nxt and nxt.group(1) not in units["money_after_ok"] and re.search(r"(?:en|s)$", nxt.group(1)):
        return True  # followed by a plural noun: "8 miljoen gastenovernachtingen"
    before = text[max(0, q.start - 40) : q.start].lower()
    return bool(re.search(rf"(?:{phrases(units['money_count_before'])})\w*\W+(?:\w+\W+)?$", before))


def _elided_count(text: str, q: Quantity, counts: list[Quantity]) -> bool:
    """`8 miljoen gastenovernachtingen; 2024: raming op 23 miljoen`: a later figure whose noun is left out
    counts what the count before it counts, unless a money word comes between (`het budget is 3 miljoen`)."""
    return any(c.end <= q.start and not about_money(text[c.end : q.start]) for c in counts)


def about_money(text: str) -> bool:
    """A money word (`budget`, `kosten`, `€`) other than an estimate (`raming`: any figure has one)."""
    found = (m.group().lower() for m in money_context_re().finditer(text))
    return "€" in text or any(w not in ("raming", "ramen", "geraamd") for w in found)


def _per(text: str, end: int) -> tuple[int, str | None]:
    """A rate right after the amount (`per dag`, `op jaarbasis`, `structureel`): new end and per."""
    rates = load("units")["per"]
    m = re.match(rf"\s*(?:euro\s+)?({phrases(rates)})(?!\w)", text[end:], re.IGNORECASE)
    if not m:
        return end, None
    phrase = re.sub(r"\s+", " ", m.group(1).lower())
    if phrase == "structureel":
        return end, rates[phrase]
    return end + m.end(), rates.get(phrase)
