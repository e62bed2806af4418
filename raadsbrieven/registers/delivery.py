"""What the stored letters say beyond their toezegging facts, for linking a promise to the letter that
delivers it: each letter's delivering sentences ("Met deze brief ...", "U ontvangt hierbij ..."), its
kind (a meeting record never delivers), the letter graph (which letter follows up or answers which),
and the motie chains (a tussenbericht promises the afdoening; the afdoeningsbrief delivers it).

Built once per register from the store (`letter_context`); pure data after that.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from raadsbrieven.nl.dates import MONTHS
from raadsbrieven.registers.graph import letter_graph
from raadsbrieven.registers.moties import MEETING_TYPES, MotieEntry, letter_title, moties_register

# A sentence in which the letter says it delivers something itself.
DELIVERING = re.compile(
    r"\b(?:met|in|bij)\s+deze\s+(?:raads(?:informatie)?|kamer)?brief\b|\bhierbij\b|\bhiermee\b|\bgestand\b|"
    r"\btreft\s+u\b|\bontvangt\s+u\b|\bsturen?\s+(?:wij|we|ik)\s+u\b|\binformeer(?:t|en)?\s+(?:wij|we|ik|het\s+college)\s+u\b|"
    r"\bis\s+heden\b|\bheden\s+(?:ter|aan)\b",
    re.I,
)
# A title that says the letter delivers: "Afgeronde onderzoeken ...", "Uitkomsten locatieonderzoek ..."
DELIVERING_TITLE = re.compile(
    r"\s*(?:afgeronde|uitkomst(?:en)?|resultaten|eindrapport|evaluatie|beantwoording|afdoening)\b", re.I
)
# A past delivery, reported: a later letter says an earlier one delivered ("heeft het college u in
# februari drie voorkeurslocaties voorgelegd": the letter graph resolves "in februari" to that
# letter), or a letter recalls another's delivery ("In de raadsbrief van 12 oktober 2021 informeerde
# het college uw raad …", registers/fulfilment.py)
REPORTED = re.compile(
    r"\b(?:informeerde|informeerden|stuurde|stuurden|zond|zonden|ontving\s+u|ontvingt\s+u)\b|"
    r"\b(?:heeft|hebben|heb|is|zijn|werd|werden)\b[^.;]{0,120}?\b(?:voorgelegd|toegestuurd|gestuurd|"
    r"ge[iï]nformeerd|aangeboden|toegezonden|verzonden|gezonden|gedeeld|verstrekt)\b",
    re.I,
)
# words for the store's first, coarse selection of such sentences (the regex above decides)
DELIVERING_WORDS = (
    "hierbij",
    "hiermee",
    "deze brief",
    "deze raadsbrief",
    "deze raadsinformatiebrief",
    "deze kamerbrief",
    "gestand",
    "treft u",
    "ontvangt u",
    "heden",
    "sturen wij u",
    "sturen we u",
    "stuur ik u",
    "informeren wij u",
    "informeren we u",
    "informeer ik u",
    "informeert het college u",
    "voorgelegd",
    "toegestuurd",
    "geïnformeerd",
    "aangeboden",
    "toegezonden",
)
IN_MONTH = re.compile(
    r"\bin\s+(?P<month>januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
    r"december)(?:\s+(?P<year>(?:19|20)\d\d))?\b",
    re.I,
)


@dataclass
class LetterContext:
    """What the fulfilment rules know about the stored letters besides the toezegging facts.

    delivering: {letter: [{page, text, id}]} its delivering sentences, in order;
    meeting: letters that are meeting records (besluitenlijst, uitslagenlijst, verslag, handelingen);
    edges: {(later letter, earlier letter)} of the letter graph, any kind;
    reported: {letter: [sentences of later letters that say it delivered something]};
    afdoening: {tussenbericht: [(afdoeningsbrief, its date, evidence sentence, page)]} per motie chain.
    """

    delivering: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    meeting: set[str] = field(default_factory=set)
    edges: set[tuple[str, str]] = field(default_factory=set)
    reported: dict[str, list[str]] = field(default_factory=dict)
    afdoening: dict[str, list[tuple[str, str | None, str, int | None]]] = field(default_factory=dict)


def delivering_sentences(rows: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """{letter: [sentence row]} for the rows ({doc, page, text, id}) that say the letter delivers."""
    out: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if DELIVERING.search(row.get("text") or ""):
            out.setdefault(row["doc"], []).append(row)
    return out


def motie_afdoening(
    entries: Iterable[MotieEntry],
) -> dict[str, list[tuple[str, str | None, str, int | None]]]:
    """{tussenbericht: [(afdoeningsbrief, date, sentence, page)]}: the letter that settles the motie a
    tussenbericht promised to settle."""
    out: dict[str, list[tuple[str, str | None, str, int | None]]] = {}
    for e in entries:
        done = e.afgedaan_by
        if not done:
            continue
        for a in e.answers:
            if a.get("kind") == "tussenbericht" and a["doc"] != done["doc"]:
                out.setdefault(a["doc"], []).append(
                    (done["doc"], done.get("date"), done.get("sentence") or "", done.get("page"))
                )
    return out


def reported_in_month(row: dict[str, Any], dates: dict[str, str], pairs: set[tuple[str, str]]) -> list[str]:
    """The earlier letter a sentence says delivered something "in februari": among the letters its own
    letter refers to in the graph, the latest one of that month before it."""
    text, src = row.get("text") or "", row["doc"]
    if not REPORTED.search(text):
        return []
    m = IN_MONTH.search(text)
    when = dates.get(src) or ""
    if not m or len(when) < 7:
        return []
    month = MONTHS[m.group("month").lower()]
    year = int(m.group("year")) if m.group("year") else None
    found = []
    for dst in (d for s, d in pairs if s == src):
        day = dates.get(dst) or ""
        if len(day) < 7 or day >= when or int(day[5:7]) != month:
            continue
        if year is not None and int(day[:4]) != year:
            continue
        found.append(dst)
    return sorted(found, key=lambda d: dates[d])[-1:]


def build_context(
    documents: list[dict[str, Any]],
    facts: list[Any],
    sentences: Iterable[dict[str, Any]],
    motie_sentences: Iterable[dict[str, Any]] | None = None,
) -> LetterContext:
    """The context from the store's parts: graph documents, facts (motie, amendement, toezegging,
    letter_ref), candidate delivering sentences and the sentences that name a motie."""
    entries = moties_register(facts, documents, motie_sentences)
    edges = letter_graph(documents, facts, entries)
    meeting = {
        d["name"]
        for d in documents
        if (d.get("doc_type") or "").lower() in MEETING_TYPES
        or re.match(r"\s*(?:besluitenlijst|uitslagenlijst)", d.get("title") or "", re.I)
    }
    sentences = list(sentences)
    pairs = {(e["from_doc"], e["to_doc"]) for e in edges}
    reported: dict[str, list[str]] = {}
    for e in edges:
        if REPORTED.search(e.get("evidence") or ""):
            reported.setdefault(e["to_doc"], []).append(e["evidence"])
    dates = {d["name"]: d.get("date") or "" for d in documents}
    for row in sentences:
        for earlier in reported_in_month(row, dates, pairs):
            reported.setdefault(earlier, []).append(row["text"])
    delivering = delivering_sentences(sentences)
    for d in documents:  # "Afgeronde onderzoeken verkeersveiligheid en fiets": the title says it delivers
        title = letter_title(d) or ""
        if DELIVERING_TITLE.match(title):
            delivering.setdefault(d["name"], []).append(
                {"doc": d["name"], "page": 1, "text": title, "id": None}
            )
    return LetterContext(
        delivering=delivering,
        meeting=meeting,
        edges={(e["from_doc"], e["to_doc"]) for e in edges},
        reported=reported,
        afdoening=motie_afdoening(entries),
    )


def letter_context(store: Any) -> LetterContext:
    """The context of everything in a store."""
    documents = store.graph_documents()
    facts = list(store.iter_facts(["motie", "amendement", "toezegging", "letter_ref"]))
    return build_context(
        documents, facts, store.delivering_sentences(DELIVERING_WORDS), store.motie_sentences()
    )
