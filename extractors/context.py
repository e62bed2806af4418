"""Context for a numeric fact: subject, organisation, place and period, from its sentence, the
sentences before it, its heading and what the reading stage learnt of the document (`doc.info`).

Look-up order, nearest evidence first:
- period (with `period_basis`, see `period_and_basis`): the value's own part of the sentence, a part
  without figures of its own, the earlier sentences of the paragraph, the heading, the report's own
  period ("Halfjaarrapportage 2021"), the year of the letter; a value stated for "now" skips to the
  report's period;
- org: a named organisation in the sentence, else the body that acts in it ("het college", "de
  rechtbank Den Haag", "met Dunea", `actors`), the heading, the previous sentences, the document's
  own organisation, a generic one ("buurtteam") in the sentence, the municipality, else the body a
  national letter's first lines name ("Ministerie van Buitenlandse Zaken");
- place: wijken/buurten in the sentence (a list "A, B en C" is kept whole), the heading, the city.
"""

from __future__ import annotations

import re
from functools import lru_cache

from raadsbrieven.model import DocContext, Fact, Period, Sentence
from raadsbrieven.nl.dates import MONTHS
from raadsbrieven.nl.lexicon import load, words
from raadsbrieven.nl.periods import find_periods, is_comparison
from raadsbrieven.nl.places import Span, find_orgs, find_places, is_municipality, place_groups
from raadsbrieven.nl.subject import is_dutch_word, subject_for
from raadsbrieven.nl.tables import year_of_cell

NOW = re.compile(
    r"(?<!\w)(?:nu|op dit moment|momenteel|inmiddels|actueel|tegenwoordig|huidige|op peildatum)(?!\w)", re.I
)
# where a sentence falls apart into parts that each carry their own figures and periods
PART_BREAK = re.compile(
    r"[;()]|,\s|\s[–—-]\s"
    r"|(?<!\w)(?:terwijl|maar|tegen|tegenover|ten opzichte van|t\.o\.v\.|vergeleken met)(?!\w)"
    r"|(?<!\w)(?:tot|naar)(?=\s+(?:ca\.\s+|circa\s+|ruim\s+|bijna\s+|zo['’]n\s+)?(?:€\s*)?\d)",
    re.IGNORECASE,
)
PARAGRAPH_SENTENCES = 6  # how far back the sentences of a paragraph or section are searched for a period


# What `fill` reads of the document and assigns: the numeric extractors declare these (registry).
NEEDS = ("sentences", "text", "info.gazetteer", "info.ref", "info.period", "info.org", "info.meeting_record")
FILLS = ("subject", "org", "place", "period", "period_basis")
VALUE_FIELDS = ("low", "high", "unit", "approx", "bound", "change")


def period_for(text: str, start: int, end: int, sentence: Sentence, doc: DocContext) -> str | None:
    return period_and_basis(text, start, end, sentence, doc)[0]


def period_and_basis(
    text: str, start: int, end: int, sentence: Sentence, doc: DocContext
) -> tuple[str | None, str | None]:
    """The period a value describes and how it is known (`period_basis`), nearest evidence first:

    - sentence: right after the value ("39% in 2020"), else in the value's own part of the sentence
      (parts end at ";", ", ", brackets, "terwijl", "tegen", "tot"/"naar" before a figure), nearest
      before it, then after it, never a comparison ("dan in 2019"); else a part with no figure of its
      own ("In 2023, zo blijkt, kreeg 72% ..."). A period in a part with another figure belongs to
      that figure: "72% ...; in 2024 was dat 64%" does not make 72% a figure of 2024. A value stated
      for now ("op dit moment 14%") takes the report's period, else the letter's;
    - table: the year column above a row's cell, when the row has a cell for each column;
    - paragraph: the nearest earlier sentence (up to six back, same heading) that names a period that
      is not after the letter ("uit de ambulancedata van 2022 blijkt ...");
    - heading: a period in the heading above ("Resultaten 2023");
    - report_period: the report's own period ("Halfjaarrapportage 2021" -> 2021-H1);
    - letter_date: the year of the letter, the fallback.
    """
    info = doc.info
    found = _sentence_period(text, start, end, info.ref)
    if found == "now":
        return _fallback(doc)
    if found:
        return found[0], "sentence"
    attached = _attachment_period(text, doc)
    if attached:
        return attached, "sentence"  # "In de Mobiliteitsscan (bijlage 6) is onderzocht ..."
    own = doc.holds(sentence) and sentence.text == text
    column = year_of_cell(doc.sentences, sentence.index, start, end) if own else None
    if column:
        return column, "table"  # a row's cell under a line of years ("2016 2017 2018 2019 2020")
    money = bool(MONEY.search(text[max(0, start - 3) : end + 8]))  # "€ 19.000", "400.000 euro"
    for prev in _paragraph(sentence, doc):
        value = _last_period(prev.text, info.ref, future=money)
        if value:
            return _narrowed(*value, doc)
    for level, heading in enumerate(_headings(sentence, doc)):
        found = [p for p in find_periods(heading, info.ref) if not _dateline(heading, p, info.ref)]
        if found and _plan(found[0].value, info.ref) and PAST.search(text) and FROM_TO.search(text):
            break  # "We zijn teruggegaan van 185 aanbieders naar twee" under "Beleidskader 2025-2028"
        if found:
            if level and _contains_report(found[0].value, doc):
                return doc.info.period, "report_period"  # "Doelen 2021" before "Resultaten" of 2021-H1
            return found[0].value, "heading"
    earlier = _repeated(text, start, end, sentence, doc)
    if earlier:
        return earlier, "paragraph"
    event = _event_month(sentence, doc)
    if event and not info.period and event != _fallback(doc)[0]:
        return event, "paragraph"
    return _fallback(doc)


# A sentence in the past or present perfect: "zijn we teruggegaan", "hebben we veranderd", "was", "werd"
PAST = re.compile(
    r"(?<![\w-])(?:(?:zijn|is|hebben|heeft)\b(?:\s+\S+){0,8}?\s+\w*ge\w+(?:d|t|en|aan)\b"
    r"|was|waren|werd|werden|had|hadden)(?![\w-])",
    re.IGNORECASE,
)
FROM_TO = re.compile(  # "van (bijna) 185 hulpaanbieders naar twee"
    r"(?<![\w-])van\s+(?:(?:ongeveer|bijna|circa|ca\.|ruim|zo['’]n)\s+)?\d[^;]{0,80}?\s(?:naar|tot)\s",
    re.IGNORECASE,
)
# An event dated in the text: "Deze raadpleging vindt plaats op 28 november 2019", "In het debat over het
# wetsvoorstel ... op 31 maart (..., 31 maart 2010)".
EVENT = re.compile(
    r"(?<![\w-])(?:(?:debat|bespreking|raadpleging|bijeenkomst|vergadering|informatieavond|conferentie|"
    r"werksessie|hoorzitting)\b[^.;]{0,80}?\bop\s+[0-3]?\d\s|vindt\s+plaats\s+op\s+[0-3]?\d\s)",
    re.IGNORECASE,
)
MOTION = (
    re.compile(  # a motie's own opening: "De raad, in vergadering bijeen op ...", "gehoord de beraadslaging"
        r"(?<![\w-])(?:motie|amendement|initiatiefvoorstel|in\s+vergadering\s+bijeen|beraadslaging)",
        re.IGNORECASE,
    )
)
EVENT_REACH = 40  # how many sentences of a section back an event's date still holds
EVENT_MONTHS = 2  # an event's month is used only this close to the letter's date


REPEAT_REACH = 40  # how far back the first mention of "de tien scholen" is looked for


def _repeated(text: str, start: int, end: int, sentence: Sentence, doc: DocContext) -> str | None:
    """A figure named again with "de": "de tien scholen die aanvullende middelen hebben ontvangen" is the
    "tussen 2019 en 2023 tien scholen" of an earlier sentence, and takes the period that sentence gives
    it there (its own part of that sentence only); None when no earlier sentence names it with one."""
    if not re.search(r"(?<![\w-])(?:de|deze|die)\s+$", text[:start]):
        return None
    m = re.match(r"(\S+)\s+([a-zà-ÿ][\w’'-]+)", text[start:])
    if not m:
        return None
    same = re.compile(rf"(?<![\w-]){re.escape(m.group(1))}\s+{re.escape(m.group(2))}(?![\w-])", re.IGNORECASE)
    for prev in reversed(doc.previous(sentence, REPEAT_REACH)):
        hit = same.search(prev.text)
        if hit and not re.search(r"(?<![\w-])(?:de|deze|die)\s+$", prev.text[: hit.start()]):
            found = _sentence_period(prev.text, hit.start(), hit.end(), doc.info.ref)
            return found[0] if isinstance(found, tuple) else None
    return None


MONEY = re.compile(r"€|(?<![\w-])euro(?![\w-])", re.IGNORECASE)
# The attachments a letter lists in its head, with their dates: "Bijlage 6 Mobiliteitsscan Erotisch Centrum
# (4 oktober 2023)", a date that may run onto the next line.
_ATTACHMENT = re.compile(r"Bijlage\s+(?P<n>\d{1,2})\s+(?P<title>[^\n()]{3,120}?)\s*\((?P<date>[^()]{4,40})\)")
_ATTACHMENT_REF = re.compile(r"\(\s*(?:zie\s+)?bijlage\s+(?P<n>\d{1,2})\s*\)", re.IGNORECASE)


@lru_cache(maxsize=8)
def _attachments(text: str) -> dict[str, str]:
    """The number of each attachment the letter's head lists with a date, to the month of that date
    ("6" -> 2023-10)."""
    found: dict[str, str] = {}
    for m in _ATTACHMENT.finditer(text[:4000]):
        months = [
            p.value for p in find_periods(m.group("date"), None) if re.fullmatch(r"\d{4}-\d\d", p.value)
        ]
        if months:
            found[m.group("n")] = months[0]
    return found


def _attachment_period(text: str, doc: DocContext) -> str | None:
    """The date of the attachment a sentence cites for its finding: "In de Mobiliteitsscan Erotisch
    Centrum (bijlage 6) is onderzocht in welke mate de drie locaties geschikt zijn"."""
    m = _ATTACHMENT_REF.search(text)
    return _attachments(doc.text).get(m.group("n")) if m else None


def _plan(value: str, ref) -> bool:
    """Whether the period begins after the letter: a plan ("beleidskader 2025-2028" in December 2024)."""
    p = Period.parse(value)
    return bool(p and ref and p.first > ref)


def _event_month(sentence: Sentence, doc: DocContext) -> str | None:
    """The month of the event a letter is about, for a figure of the section with no period of its own:
    the programme of "Deze raadpleging vindt plaats op 28 november 2019" ("Ieder van die sprekers krijgt
    tien minuten"), what was said in "het debat ... op 31 maart" ("kwamen twee mogelijkheden naar voren").
    Only an event close to the letter (EVENT_MONTHS), in the same section."""
    ref = doc.info.ref
    if ref is None:
        return None
    for prev in reversed(doc.previous(sentence, EVENT_REACH)):
        if prev.heading != sentence.heading:
            return None
        m = EVENT.search(prev.text)
        if not m:
            continue
        if MOTION.search(prev.text):
            return None  # "Uw raad heeft, tijdens het debat ... op 22 mei 2025, de motie ... aangenomen"
        found = find_periods(prev.text[m.start() :], ref)
        months = [p for p in found if re.fullmatch(r"\d{4}-\d\d", p.value)]
        p = Period.parse(months[0].value) if months else None
        if p and abs((p.first.year - ref.year) * 12 + p.first.month - ref.month) <= EVENT_MONTHS:
            return p.value
        return None
    return None


def _paragraph(sentence: Sentence, doc: DocContext) -> list[Sentence]:
    """The earlier sentences under the same heading that may give a value its period, nearest first:
    up to six without figures, and any number of figure lines between ("In 2022 zijn er 4.845
    slachtoffers ... Bij 2530 ongevallen (52%) ... (16%)")."""
    out: list[Sentence] = []
    budget = PARAGRAPH_SENTENCES
    for prev in reversed(doc.previous(sentence, 4 * PARAGRAPH_SENTENCES)):
        if prev.heading != sentence.heading or budget <= 0:
            break
        out.append(prev)
        if not _FIGURE.search(prev.text):
            budget -= 1
    return out


def _headings(sentence: Sentence, doc: DocContext, levels: int = 3) -> list[str]:
    """The heading above the sentence and the headings before it (its section's parents, as far as
    the text shows them), nearest first."""
    found: list[str] = []
    if sentence.heading:
        found.append(sentence.heading)
    for prev in reversed(doc.previous(sentence, sentence.index)):
        if len(found) >= levels:
            break
        if prev.heading and prev.heading not in found:
            found.append(prev.heading)
    return found


def _narrowed(value: str, relative: bool, doc: DocContext) -> tuple[str, str]:
    """An earlier sentence's "dit jaar" in the half-year report 2021-H1 is the report's half year: the
    period the report is about, when the period found only contains it (not so a sentence's own "eind
    van dit jaar", nor a heading "Doelen 2021")."""
    if (relative and _contains_report(value, doc)) or value == doc.info.period:
        return doc.info.period, "report_period"
    return value, "paragraph"


def _dateline(heading: str, mention: Span, ref) -> bool:
    """ "Den Haag, 8 april 2010" above the letter is its date line, not the period of a section."""
    dated = re.search(r"\b[0-3]?\d\s+\w+\s+(?:19|20)\d\d\b", heading[mention.start : mention.end])
    return bool(dated and ref and mention.value == f"{ref.year}-{ref.month:02d}")


def _contains_report(value: str, doc: DocContext) -> bool:
    """Whether the period is wider than the report's own period and holds it (2021 and 2021-H1)."""
    report, found = Period.parse(doc.info.period), Period.parse(value)
    if not (report and found) or found == report:
        return False
    return found.first <= report.first and report.last <= found.last


def _fallback(doc: DocContext) -> tuple[str | None, str | None]:
    """The report's own period, else the letter's year (a meeting record's month: its votes and figures
    are of the meeting)."""
    info = doc.info
    if info.period:
        return info.period, "report_period"
    if not info.ref:
        return None, None
    if info.meeting_record:
        return f"{info.ref.year}-{info.ref.month:02d}", "letter_date"
    return str(info.ref.year), "letter_date"


def _sentence_period(text: str, start: int, end: int, ref) -> tuple[str, bool] | str | None:
    """The period in the sentence that belongs to text[start:end] (and whether it is written relative
    to the letter: "dit jaar"), "now", or None."""
    found = _own_period(text, start, end, ref)
    if found is None or isinstance(found, str):
        return found
    return found.value, bool(RELATIVE.match(text, found.start))


RELATIVE = re.compile(r"(?:dit|deze|vorig|vorige|afgelopen|het afgelopen)\s", re.IGNORECASE)


def _own_period(text: str, start: int, end: int, ref) -> Span | str | None:
    periods = [p for p in find_periods(text, ref) if p.end <= start or p.start >= end]
    for p in periods:  # "39% in 2020"
        if p.start >= end and re.fullmatch(
            r"\s*(?:in|over|per|eind)?\s*(?:het\s+|de\s+)?", text[end : p.start]
        ):
            return p
    parts = _parts(text, start, end)
    own = next(((a, b) for a, b in parts if a <= start < b), (0, len(text)))
    mine = [p for p in periods if own[0] <= p.start < own[1] and not is_comparison(text, p)]
    before = [p for p in mine if p.end <= start]
    if before:
        return before[-1]
    after = [p for p in mine if p.start >= end]
    if after:
        return after[0]
    if NOW.search(text, own[0], own[1]):
        return "now"
    free = [
        p
        for p in periods
        if not is_comparison(text, p)
        and not (own[0] <= p.start < own[1])
        and not _has_figure(text, *next((a, b) for a, b in parts if a <= p.start < b), periods)
    ]
    if free:
        return min(free, key=lambda p: min(abs(p.start - start), abs(p.end - end)))
    return None


def _parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentence cut at PART_BREAK, never inside the value text[start:end]."""
    cuts = [m.start() for m in PART_BREAK.finditer(text) if not start < m.start() < end]
    bounds = [0, *sorted(set(cuts)), len(text)]
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a] or [(0, len(text))]


_FIGURE = re.compile(r"(?<![\w.,/-])\d+(?:[.,]\d+)*|%|€", re.IGNORECASE)


def _has_figure(text: str, a: int, b: int, periods) -> bool:
    """Whether text[a:b] holds a figure of its own (a number that is not part of a period)."""
    for m in _FIGURE.finditer(text, a, b):
        if not any(p.start <= m.start() < p.end for p in periods):
            return True
    return False


def _last_period(text: str, ref, future: bool = False) -> tuple[str, bool] | None:
    """The last period an earlier sentence names, not a comparison and not after the letter unless
    `future` (an amount is often budgeted for a later year: "de verkiezingen in 2026 ... hiervoor € 19.000")
    (and whether it is written relative to the letter: "dit jaar")."""
    found = [p for p in find_periods(text, ref) if not is_comparison(text, p)]
    later = [p for p in found if _future(p.value, ref)]
    ahead = future and len(later) == 1 and _later_year(later[0].value, ref)  # not a header "2016 ... 2020"
    usable = [p for p in found if ahead or not _future(p.value, ref)]
    if not usable:
        return None
    return usable[-1].value, bool(RELATIVE.match(text, usable[-1].start))


def _later_year(value: str, ref) -> bool:
    p = Period.parse(value)
    return bool(p and ref and p.first.year > ref.year)


def _future(value: str, ref) -> bool:
    """Mostly after the letter: a plan ("medio 2024", "dit jaar" in a letter of January), not the
    period of the figures that follow."""
    p = Period.parse(value)
    return bool(p and ref and p.middle > ref)


# ---------------------------------------------------------------- org, place, subject


def _nearest(mentions: list[Span], start: int, end: int) -> Span | None:
    mentions = sorted(mentions, key=lambda m: m.start)
    before = [m for m in mentions if m.end <= start]
    if before:
        return before[-1]
    after = [m for m in mentions if m.start >= end]
    return after[0] if after else None


def _section(sentence: Sentence, doc: DocContext, n: int = 3) -> list[Sentence]:
    """Up to n previous sentences under the same heading, nearest first."""
    prev = [s for s in doc.previous(sentence, n) if s.heading == sentence.heading]
    return list(reversed(prev))


def org_for(text: str, start: int, end: int, sentence: Sentence, doc: DocContext) -> str | None:
    """Whose figure it is: a source or organisation named in the sentence (nearest first), the body
    that acts in it, the letter's writer when the sentence is theirs ("heb ik ... gestuurd"), a source
    or organisation of the paragraph or heading, the report's organisation, a generic one, the
    municipality, else the writer of a national letter."""
    municipality = doc.info.gazetteer
    orgs = find_orgs(text, municipality)
    named = sources(text) + [o for o in orgs if o.kind != "generic"]  # a source wins a tie of position
    a, b = next(((a, b) for a, b in _parts(text, start, end) if a <= start < b), (0, len(text)))
    own = _nearest([o for o in named if a <= o.start < b], start, end)
    if own:
        return own.value  # "4.845 behandeld door de RAV, tegen 1.196 door de politie": RAV
    opener = _opening_actor(text, start, end, municipality, doc.text)
    if opener:
        return opener.value  # "Qredits ondersteunt – gesubsidieerd vanuit het Rijk – ... 2%"
    named = _nearest(named, start, end)
    if named:
        return named.value
    writer = author(doc.text) or (None if is_municipality(municipality) else ministry_named(doc.text))
    if writer and FIRST_PERSON.search(text):
        return writer  # "heb ik uw Kamer ... gestuurd": the writer acts, whoever else the sentence names
    actor = _nearest(actors(text, municipality, doc.text), start, end)
    if actor:
        return actor.value
    if is_municipality(municipality) and ADOPTED.search(text):
        return "gemeenteraad"  # "een amendement ... is aangenomen om € 299.999 extra ...": the council
    below = _section_actor(sentence, doc)
    if below:
        return below  # a heading "Keuze voor drie locaties", then "Alles overwegende kiest het college ..."
    if sentence.heading:
        heading = [o for o in find_orgs(sentence.heading, municipality) if o.kind == "named"]
        heading += sources(sentence.heading)
        if heading:
            return max(heading, key=lambda o: o.start).value
    for prev in _paragraph(sentence, doc):
        found = [o for o in sources(prev.text) if not _compared(prev.text, o)]
        if not found and prev.index >= sentence.index - 3:
            found = [o for o in find_orgs(prev.text, municipality) if o.kind == "named"]
        if not found and prev.index == sentence.index - 1 and REFERS_BACK.search(text):
            # "... kunnen scholen het Steunpunt Begaafdheid inschakelen. Sinds 2019 maken ongeveer 70 scholen
            # gebruik van deze voorziening.": a body whose name says it is one, just before
            found = [a for a in actors(prev.text, municipality, doc.text) if re.match(_HEADED, a.value)]
        if found:
            return found[-1].value
    if doc.info.org:
        return doc.info.org
    generic = _nearest([o for o in orgs if o.kind == "generic"], start, end)
    if generic:
        return generic.value
    if writer:
        return writer  # a national body's letter about a school in Utrecht is not the gemeente's
    if is_municipality(municipality):
        return f"gemeente {municipality}"
    return _letterhead_actor(doc)


# A body named by a common noun that opens the sentence or its "dat"-clause and acts in it: "Bij het
# daklozenloket wordt ...", "woningcorporaties mogen ... 5% ...", "Klopt het dat gemeenten ... 8% rente
# ...". Only nouns that name bodies (a loket, a team, corporaties, gemeenten), never "scholen".
_BODY_NOUN = (
    r"[a-z]*(?:loket|team|dienst|bureau|steunpunt|meldpunt)"
    r"|(?:woning)?corporaties|gemeenten|zorgaanbieders|zorgverzekeraars|provincies|waterschappen"
)
_OPENING_BODY = re.compile(
    rf"^[\W_]*(?:(?:Bij|Door|Volgens)\s+(?:het|de)\s+(?P<at>{_BODY_NOUN})\b"
    rf"|(?P<subject>{_BODY_NOUN})\s+(?!van\b|die\b|en\b)[a-z]"
    rf"|(?:Klopt\s+het|Is\s+het\s+waar|Het\s+klopt)\s+dat\s+(?:de\s+)?(?P<that>{_BODY_NOUN})\s+[a-z])",
    re.IGNORECASE,
)


_BODIES = ("college", "gemeenteraad", "kabinet", "bestuursorgaan")  # the bodies whose place stays as it was
NUMBER_WORD = re.compile(  # "Eén voordeur voor ...", "Twee teams ...": a number opens, no name
    r"(?:e[eé]n|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf)", re.IGNORECASE
)
_OPENS = re.compile(r"[\W_]*(?:(?:de|het)\s+)?", re.IGNORECASE)


def _opening_actor(text: str, start: int, end: int, municipality: str | None, doc_text: str) -> Span | None:
    """The body that opens the sentence as the one that acts ("Qredits ondersteunt ...", "Projectorganisatie
    Zuidasdok heeft ...", "Bij het daklozenloket wordt ..."): it owns the sentence's figures, whatever
    body a later phrase names ("op verzoek van de gemeente Amsterdam")."""
    m = _OPENING_BODY.search(text)
    if m:
        group = next(g for g in ("at", "subject", "that") if m.group(g))
        return Span(m.start(group), m.end(group), m.group(group).lower())
    found = [
        a
        for a in actors(text, municipality, doc_text)
        if _OPENS.fullmatch(text[: a.start]) and (a.end <= start or a.start >= end)  # not the value itself
    ]
    if found and found[0].value not in _BODIES:
        return found[0]  # the college and the council keep today's order: a named source wins
    return None


ADOPTED = re.compile(
    r"(?<![\w-])(?:motie|amendement)\b[^;:]{0,120}?\b(?:is|werd|zijn|werden)\s+aangenomen\b", re.IGNORECASE
)
HEADING_LOOKAHEAD = 6  # how many sentences under a heading are read for the body that acts in its section


def _section_actor(sentence: Sentence, doc: DocContext) -> str | None:
    """For a figure in a heading line ("Conclusie afweging van drie locaties"): the first body that
    acts in the sentences under it ("Alles overwegende ziet het college ..."), else None."""
    i = sentence.index
    under = [s for s in doc.sentences[i + 1 : i + 1 + HEADING_LOOKAHEAD] if s.heading == sentence.text]
    if not under or doc.sentences[i + 1].heading != sentence.text:
        return None
    for s in under:
        found = actors(s.text, doc.info.gazetteer, doc.text)
        if found:
            return found[0].value
    return None


FIRST_PERSON = re.compile(r"(?<![\w-])(?:ik|mijn|mij)(?![\w-])", re.IGNORECASE)
_SOURCE_NAME = r"(?:[A-Z][\w&+-]*|[A-Z0-9&]{2,})(?:\s+(?:voor\s+|van\s+|en\s+)?(?:[A-Z][\w&+-]*))*"
# Where a figure comes from: "uit onderzoek van 'Thuiszitters tellen'", "een AT5-onderzoek", "in opdracht
# van Rijkswaterstaat", "volgens het CBS", "behandeld door de Regionale Ambulancevoorziening (RAV)",
# "uitgevoerd door bureau Verkeershuis", a title with its maker in brackets "Ambulancedata 2022
# (VeiligheidNL)".
_SOURCE = re.compile(
    rf"(?:(?:onderzoek|studie|enquête|meting|metingen|monitor|rapport|rapportage|data|cijfers|analyse)"
    rf"\s+(?:is\s+|werd\s+)?(?:van|door|in\s+opdracht\s+van)"
    rf"|(?:behandeld|geregistreerd|uitgevoerd|gemeten|geteld|verzameld|opgesteld)\s+door"
    rf"|in\s+opdracht\s+van|(?<![\w-])(?P<according>[Vv]olgens))"
    rf"\s+(?:de\s+|het\s+)?(?:bureau\s+)?(?:[‘'\"“](?P<quoted>[A-Z][^’'\"”\n]{{1,40}})[’'\"”]"
    rf"|(?P<name>{_SOURCE_NAME})(?:\s+\((?P<acr>[A-Z][\w&]{{1,9}})\))?)"
    rf"|(?<![\w-])(?P<prefix>[A-Z][\w&]*[A-Z0-9][\w&]*)-(?:onderzoek|enquête|meting|monitor|rapport|data)"
    rf"|(?:Monitor|Onderzoek|Rapport|Rapportage|[Dd]ata)\b(?:[^()\n]|\([^()\n]*\)){{0,80}}"
    rf"\((?P<maker>[A-Z][\w&]+)(?:,[^()]*)?\)"
    # the agent before its verb and its data set: "1.196 door de politie geregistreerd (BRON)"
    rf"|(?<![\w-])door\s+(?:de\s+|het\s+)?(?P<agent>[a-z]{{3,20}}|{_SOURCE_NAME})"
    rf"\s+(?:geregistreerd|gemeten|geteld|verzameld)\s+\((?P<set>[A-Z][\w&]{{1,9}})\)",
)


_NO_SOURCE = frozenset("Wet Grondwet Artikel Besluit Regeling Verordening Richtlijn".split())

_COMPARED = re.compile(
    r"[\s,;(]*(?:in\s+vergelijking\s+met|vergeleken\s+met|tegen(?:over)?|ten\s+opzichte\s+van|t\.o\.v\.)\s",
    re.IGNORECASE,
)


def _compared(text: str, mention: Span) -> bool:
    """Whether a mention sits in the part of a sentence that compares: "4.845 behandeld door de RAV, in
    vergelijking met 1.196 door de politie geregistreerd (BRON)" gives the paragraph the RAV, not BRON."""
    a, _ = next(
        ((a, b) for a, b in _parts(text, mention.start, mention.end) if a <= mention.start < b), (0, 0)
    )
    return bool(_COMPARED.match(text, a))


def sources(text: str) -> list[Span]:
    """The sources a text names for its figures (`_SOURCE`), with the acronym it gives them."""
    return list(_sources(text))


@lru_cache(maxsize=4096)
def _sources(text: str) -> tuple[Span, ...]:
    """`sources`, remembered: each figure's context reads the sentences before it again."""
    found = []
    for m in _SOURCE.finditer(text):
        group = next(g for g in ("quoted", "name", "prefix", "maker", "agent") if m.group(g))
        name = re.sub(r"\s+", " ", m.group(group))
        if group == "name" and (name.split()[0] in _NOT_ORG or _is_month(name.split()[0])):
            continue
        if m.group("according") and name.split()[0] in _NO_SOURCE:
            continue  # "volgens de Wet maatschappelijke ondersteuning": a rule, not whose figure it is
        if m.group("acr") or m.group("set"):
            name = f"{name} ({m.group('acr') or m.group('set')})"
        found.append(Span(m.start(group), m.end(group), name))
    return tuple(found)


_MINISTRIES = {  # the short names a reader knows them by
    "binnenlandse zaken en koninkrijksrelaties": "BZK",
    "economische zaken en klimaat": "EZK",
    "onderwijs, cultuur en wetenschap": "OCW",
    "volksgezondheid, welzijn en sport": "VWS",
    "sociale zaken en werkgelegenheid": "SZW",
    "landbouw, natuur en voedselkwaliteit": "LNV",
    "infrastructuur en waterstaat": "IenW",
    "justitie en veiligheid": "JenV",
}
_WRITER = re.compile(
    r"(?:brief\s+van\s+de|^\s*de)\s+(?P<role>minister|staatssecretaris)\s+van\s+(?P<of>[^\n,.]{4,60}?)\s*(?:,|\n|$)",
    re.IGNORECASE | re.MULTILINE,
)
# A letter signed on behalf of a body other than the college or a minister: "Namens de raadscommissie
# raadpleging jeugdzorg, Wim Koks, ..." (the college, the burgemeester and ministers keep today's rules).
_SIGNED = re.compile(
    r"\bNamens\s+(?:de|het)\s+(?!college|burgemeester|minister|staatssecretaris|deze\b)"
    r"(?P<body>[a-z][\w-]+(?:\s+[a-z][\w-]+){0,4})\s*,"
)
_AGENCY = re.compile(
    r"^\W*(?:\S{1,4}\s+)?(?P<name>(?:Rijksdienst|Inspectie|Autoriteit|Agentschap)\b[^\n]{0,40})\n+(?P<more>[^\n]{0,40})",
    re.M,
)


# The answer to the Kamer on a private member's bill: "D MEMORIE VAN ANTWOORD ... De initiatiefnemers
# hebben met grote belangstelling kennis genomen van het voorlopig verslag": they write it.
_BILL_PAPER = re.compile(  # the paper's title line, in capitals as the Kamer sets it
    r"^\W*(?:[A-Z]{1,2}\s+)?(?:MEMORIE\s+VAN\s+(?:ANTWOORD|TOELICHTING)"
    r"|NOTA\s+NAAR\s+AANLEIDING\s+VAN\s+HET\s+(?:NADER\s+)?VERSLAG)\s*$",
    re.MULTILINE,
)
_INITIATORS = re.compile(r"^\W*De\s+(?P<who>initiatiefnemers?|indieners?)\s+[a-z]", re.MULTILINE)


@lru_cache(maxsize=8)
def author(text: str) -> str | None:
    """The writer of a national letter, as a reader names it: "minister van BZK" (the letter's title
    or signature), "Rijksdienst voor Ondernemend Nederland (RVO)" (its letterhead, the acronym from its
    web address), "initiatiefnemers" (a memorie van antwoord on their bill); None for others."""
    head, tail = text[:1500], text[-1500:]
    paper = _BILL_PAPER.search(head)
    initiators = _INITIATORS.search(head, paper.end()) if paper else None
    if initiators:
        return initiators.group("who")  # a memorie van antwoord of the members who propose a bill
    for part in (head, tail):
        m = _WRITER.search(part)
        if m:
            of = re.sub(r"\s+", " ", m.group("of")).strip()
            more = re.match(r"\s*([^\n,.]{3,40})", part[m.end("of") :])
            if re.search(r"\s(?:en|van|voor)$", of, re.I) and more:  # "... ZAKEN EN\n\nKONINKRIJKSRELATIES"
                of = f"{of} {more.group(1).strip()}"
            short = _MINISTRIES.get(of.lower())
            return f"{m.group('role').lower()} van {short or of}"
    m = _SIGNED.search(tail)
    if m:
        return re.sub(r"\s+", " ", m.group("body")).strip()
    m = _AGENCY.search(head)
    if m:
        name = m.group("name").strip()
        more = m.group("more").strip()
        if name.endswith((" voor", " van")) and re.match(r"[A-Z]", more):
            name = f"{name} {more}"
        site = re.search(r"www\.([a-z]{2,6})\.nl", head)
        return f"{name} ({site.group(1).upper()})" if site else name
    return None


@lru_cache(maxsize=8)
def ministry_named(text: str) -> str | None:
    """The ministry a letter names most (at least three times): the writer of a Wob-besluit whose
    letterhead is only a directorate ("Directie Consulaire Zaken")."""
    ministries = re.findall(r"(?<![\w-])[Mm]inisterie\s+van\s+((?:[A-Z]\w+)(?:\s+(?:en\s+)?[A-Z]\w+)*)", text)
    if ministries:
        best = max(set(ministries), key=ministries.count)
        if ministries.count(best) >= 3:
            return f"ministerie van {best}"
    return None


def _letterhead_actor(doc: DocContext) -> str | None:
    """The body a letter of no municipality comes from, as its first lines name it ("Ministerie van
    Buitenlandse Zaken", "Rijksdienst voor Ondernemend Nederland")."""
    for s in doc.sentences[:8]:
        found = actors(s.text, None, doc.text, strict=True)  # no "de Europese Commissie" of an agenda line
        found = [a for a in found if a.value not in ("Tweede Kamer", "Eerste Kamer")]
        if found:
            return found[0].value
    return None


# Bodies that act in a sentence, named by their role ("het college", "de rechtbank Den Haag", "het
# stadsdeel Zuid", "de minister van Financiën") or by a proper name after "van", "door", "met", "bij",
# "via" or "namens" ("van SPPOH", "met Dunea", "door bureau Verkeershuis", "de Inspectie Leefomgeving
# en Transport"), or as the subject that opens the sentence ("Qredits ondersteunt", "O&S schat").
_NAME = r"(?:[A-Z][\w&+-]*|[A-Z0-9&]{2,})"
_NAMES = rf"{_NAME}(?:\s+(?:en\s+|voor\s+|van\s+)?{_NAME}){{0,4}}"
_ROLE = re.compile(
    r"(?<![\w-])(?:(?P<college>(?<!uw\s)college(?:\s+van\s+(?:burgemeester\s+en\s+wethouders|B\s*(?:&|en)\s*W))?"
    r"|(?<=[Hh]et\s)(?:gemeente)?bestuur(?!\s+van))"
    r"|(?P<raad>gemeenteraad|(?<=[Dd]e\s)raad(?!\s+van))"
    r"|(?P<kabinet>kabinet)"
    rf"|(?P<minister>(?:minister|staatssecretaris|ministerie)\s+van\s+{_NAMES})"
    rf"|(?P<kamer>(?<!uw\s)(?:Tweede|Eerste)\s+Kamer)"
    rf"|(?P<named_role>(?:rechtbank|stadsdeel|stadsdeelbestuur|provincie|waterschap)(?:\s+{_NAMES})?)"
    r"|(?P<bestuursorgaan>bestuursorgaan))(?![\w-])",
)
_ORG_HEADS = (
    "Inspectie|Bureau|bureau|Dienst|Stichting|Vereniging|Projectorganisatie|Bibliotheek|Rijkswaterstaat|Raad|"
    "Commissie|Team|Verbond|Bond|Fonds|Autoriteit|Agentschap|Politie|GGD|Steunpunt|Kenniscentrum|Centrum"
)
# heads that make "<Adjective> <head>" a body: "het Bestuurlijk Team" (not "het Erotisch Centrum")
_ADJ_HEADS = (
    "Team|Bureau|Dienst|Inspectie|Stichting|Vereniging|Commissie|Autoriteit|Agentschap|Steunpunt|Bond|Verbond"
)
_PROPER_RE = (
    r"(?:(?<![\w-])(?:van|door|met|bij|via|namens|aan)\s+(?:(?:de|het)\s+(?=(?:{heads})\b))?"
    r"|(?<![\w-])(?:de|het)\s+(?=(?:{heads})\b){adjective}|^\W*(?P<article>(?:De|Het)\s+)?)"
    r"(?P<name>(?:(?:{heads})\s+(?:(?:voor|van)\s+(?:de\s+|het\s+)?(?=[A-Z]))?)?{names})"
)
# A name written with two capitals or more, as bodies' short names are ("VUmc", "GGD", "KiKa"); a
# person's surname after "De" ("De Vries zegt ...") has one.
_ACRONYM_LIKE = r"[A-Z][\w&]*[A-Z][\w&]*"
_PROPER = re.compile(
    _PROPER_RE.format(
        heads=_ORG_HEADS,
        names=_NAMES,
        adjective=rf"|(?<![\w-])(?:de|het)\s+(?=[A-Z]\w+\s+(?:{_ADJ_HEADS})\b)",
    )
)
_PROPER_STRICT = re.compile(_PROPER_RE.format(heads=_ORG_HEADS, names=_NAMES, adjective=""))
REFERS_BACK = re.compile(
    r"(?<![\w-])(?:deze|die|dit|dat|hun|zij)\s+[a-z]", re.IGNORECASE
)  # "deze voorziening"
_HEADED = rf"(?=[A-Z])(?:{_ORG_HEADS})\s+[A-Z]"  # "Steunpunt Begaafdheid", "Stichting Dunea"
_NOT_ORG = frozenset(
    """De Het Een In Op Dit Deze Die Dat Wij We Ook Naast Na Uit Met Bij Voor Als Er Zo Daarnaast Daarom
    Hiervan Van Om Tot Sinds Vanaf Tussen Binnen Zowel Volgens Eind Begin Medio Per U Ik Zij Ze Hij Alle
    Geachte Datum Onderwerp Bijlage Bijlagen Hoofdstuk Tabel Figuur""".split()
)


def actors(text: str, municipality: str | None, doc_text: str = "", strict: bool = False) -> list[Span]:
    """The bodies that act in a sentence (see above), places and month names left out; a capitalised
    word the document also writes in lower case ("Gemiddeld", "Belanghebbenden") is no name."""
    return list(_actors(text, municipality, doc_text, strict))


@lru_cache(maxsize=1024)  # keeps the texts of a few letters (doc_text) alive, no more
def _actors(text: str, municipality: str | None, doc_text: str, strict: bool) -> tuple[Span, ...]:
    """`actors`, remembered: each figure's context reads its sentence and those before it again."""
    places = find_places(text, municipality)
    lower = _lower_words(doc_text)
    ordinary = words("sentence_openers")
    found: list[Span] = []
    for m in _ROLE.finditer(text):
        kind = m.lastgroup
        value = {
            "college": "college",
            "raad": "gemeenteraad",
            "kabinet": "kabinet",
            "bestuursorgaan": "bestuursorgaan",
        }
        found.append(Span(m.start(), m.end(), value.get(kind, re.sub(r"\s+", " ", m.group()))))
    for m in (_PROPER_STRICT if strict else _PROPER).finditer(text):
        name = m.group("name")
        first = name.split()[0]
        if (
            first in _NOT_ORG
            or re.fullmatch(r"(?:19|20)\d\d|[A-Z]|\d+", first)
            or NUMBER_WORD.fullmatch(first)
        ):
            continue
        if any(p.start <= m.start("name") < p.end for p in places) or _is_month(first):
            continue
        acronym = bool(re.fullmatch(r"[A-Z0-9&]{2,}", first))
        # "van Bibliotheek Den Haag", "Projectorganisatie Zuidasdok heeft", "het Bestuurlijk Team",
        # "De Raad voor de Kinderbescherming meldt"
        headed = bool(
            re.match(rf"(?:{_ORG_HEADS})\s+(?:(?:voor|van)\s+(?:de\s+|het\s+)?)?[A-Z]", name)
            or re.match(rf"[A-Z]\w+\s+(?:{_ADJ_HEADS})\b", name)
        )
        if not headed and (
            first.lower() in lower or first.lower() in ordinary or re.search(r"(?:se|sche)$", first)
        ):
            continue  # an ordinary word ("Daarbij", "Oekraïense", "Wellicht"), not a name
        if m.group("article") and not headed and not re.fullmatch(_ACRONYM_LIKE, first):
            continue  # "De Vries zegt ...": a surname; "Het VUmc krijgt ..." is a body
        if m.start() == 0 or text[: m.start("name")].strip(" \t\n-•–_") == "" or m.group("article"):
            if not re.match(rf"{_NAMES}\s+[a-z]", text[m.start("name") :]):
                continue  # a sentence opening with a name that acts: "Qredits ondersteunt ..."
            if not acronym and not headed and _ordinary(first):
                continue  # "Bijna alle gezinnen", "Belanghebbenden kunnen ...": an ordinary word opens it
        elif not re.match(rf"(?:{_ORG_HEADS})\b", name) and not acronym and not headed:
            if _ordinary(first) or len(name.split()) > 2 or _surname(text, m.start()):
                continue  # "van Zorg", "van Oekraïense", "door Wim Koks", "Martinez van Andel": no body
        found.append(Span(m.start("name"), m.end("name"), re.sub(r"\s+", " ", name)))
    for m in _SCHOOL.finditer(text):
        found.append(Span(m.start(), m.end(), re.sub(r"\s+", " ", m.group())))
    return tuple(sorted(found, key=lambda s: s.start))


_PRONOMINAL_ADVERB = re.compile(  # "Daarvan", "Hierop", "Waarmee": never a name
    r"(?:daar|hier|waar|er)(?:van|aan|op|in|uit|voor|door|mee|bij|over|onder|tegen|na|naast|om|toe"
    r"|achter|tussen|zonder|binnen|buiten|omtrent)"
)


def _ordinary(word: str) -> bool:
    """A word of the dictionary, also as a plural the lemma tables lack ("Belanghebbenden"), or a
    pronominal adverb ("Daarvan")."""
    w = word.lower()
    if is_dutch_word(w) or _PRONOMINAL_ADVERB.fullmatch(w):
        return True
    if w.endswith("en") and len(w) > 5:
        return is_dutch_word(w[:-1]) or is_dutch_word(w[:-2])
    return w.endswith("s") and len(w) > 4 and is_dutch_word(w[:-1])


def _surname(text: str, at: int) -> bool:
    """Whether "van" at `at` joins a person's names ("Martinez van Andel (Hart voor Den Haag)", "Ruud
    van Nistelrooy"): a capitalised word stands before it that is no dictionary word or body."""
    if not text.startswith("van", at):
        return False
    before = re.search(r"(?<![\w-])([A-Z][a-zà-ÿ]+)\s+$", text[:at])
    return bool(before) and not _ordinary(before.group(1)) and not re.fullmatch(_ORG_HEADS, before.group(1))


# A school by its type and name: "SBO de Bonte Vlinder", "OBS De Regenboog", "basisschool het Kompas"
_SCHOOL = re.compile(
    r"(?<![\w-])(?:S?BO|V?SO|OBS|CBS|PCBS|RKBS|KBS|IKC|[Bb]asisschool)\s+(?:de\s+|het\s+|De\s+|Het\s+|'t\s+)?"
    r"[A-Z][\w-]+(?:\s+[A-Z][\w-]+){0,2}"
)


@lru_cache(maxsize=8)
def _lower_words(text: str) -> frozenset[str]:
    """The words a document writes in lower case."""
    return frozenset(re.findall(r"(?<![\w-])[a-zà-ÿ][\w-]*", text))


def _is_month(word: str) -> bool:
    return word.lower().rstrip(".") in MONTHS


def place_for(text: str, start: int, end: int, sentence: Sentence, doc: DocContext) -> str | None:
    municipality = doc.info.gazetteer
    groups = place_groups(text, find_places(text, municipality))
    local = [g for g in groups if g.value != municipality]
    near = _nearest(local, start, end) or _nearest(groups, start, end)
    if near:
        return near.value
    if sentence.heading:
        heading = [g for g in find_places(sentence.heading, municipality) if g.value != municipality]
        if heading:
            return heading[-1].value
    if municipality in load("nl").get("national_bodies", []):
        return "Nederland"
    return municipality


def fill(fact: Fact, sentence: Sentence, doc: DocContext, start: int, end: int) -> None:
    """Fill subject, org, place and period; start/end are offsets of the value in the sentence."""
    text = sentence.text
    fact.subject = subject_for(
        text, start, end, fact.kind, _masked(text, doc), _previous_texts(sentence, doc)
    )
    fact.org = org_for(text, start, end, sentence, doc)
    fact.place = place_for(text, start, end, sentence, doc)
    fact.period, fact.period_basis = period_and_basis(text, start, end, sentence, doc)


def _masked(text: str, doc: DocContext) -> list[tuple[int, int]]:
    """Periods and places in a sentence: they have fields of their own, so they stay out of subject."""
    info = doc.info
    spans = [(p.start, p.end) for p in find_periods(text, info.ref)]
    spans += [(p.start, p.end) for p in find_places(text, info.gazetteer)]
    return spans


def _previous_texts(sentence: Sentence, doc: DocContext) -> list[str]:
    """Up to three sentences before this one under the same heading, nearest first."""
    return [s.text for s in _section(sentence, doc) if not s.residue]
