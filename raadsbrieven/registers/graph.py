"""The letter graph: which stored letter answers, follows up or refers to which.

Edges `{from_doc, to_doc, kind, evidence, page, confidence, via}`, `kind` one of:
- `answers`: a letter answers the earlier paper (the college's tussenbericht or afdoening of a motie,
  "in antwoord op uw brief van ...");
- `follows_up`: it continues an earlier letter (the afdoening after a tussenbericht about the same
  motie, "in vervolg op mijn brief van ...", "zoals toegezegd in ...");
- `refers_to`: it names it ("de raadsbrief van 9 maart 2020", "(RIS321255)", "de motie ‘Geen kind op
  straat’").

Where the references come from (`via`): letter_ref facts, resolved by `kenmerk` (a RIS number,
kamerstuk number or kenmerk that a stored letter carries as its own kenmerk, in its file name or in
its letterhead), by `date` (a stored letter of that day from the same council; a title in the
reference picks among several), and the moties register (`motie`: a letter that names a motie points
at the motie's own document; its answers point at it too). Pure functions: documents, facts and the
moties register in, edges out (`raadsbrieven brieven --graph NAME`, the app's Brieven page).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from raadsbrieven.registers.moties import (
    MEETING_TYPES,
    MotieEntry,
    is_letter,
    letter_date,
    letter_title,
    moties_register,
    norm_number,
    title_similarity,
)

POINTER_WORDS = ("afschrift", "voorlopig verslag")
EDGE_KINDS = ("answers", "follows_up", "refers_to")
ANSWERS = re.compile(
    r"\b(?:in\s+antwoord\s+op|in\s+reactie\s+op|beantwoorden\s+(?:wij|we|ik)|beantwoordt\s+het\s+college|"
    r"reageren?\s+(?:wij|we|ik)\s+op)\b",
    re.I,
)
FOLLOWS = re.compile(
    r"\b(?:in\s+vervolg\s+op|vervolg\s+op|naar\s+aanleiding\s+van|in\s+aanvulling\s+op|aanvullend\s+op|"
    r"zoals\s+(?:toegezegd|aangekondigd|gemeld)|ter\s+uitvoering\s+van|heb\s+ik\s+u\s+toegezegd|"
    r"hebben\s+wij\s+u\s+toegezegd|informeerden\s+wij\s+u|heb\s+ik\s+u\s+geïnformeerd)\b",
    re.I,
)


def _collapse(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _get(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


def _kind_of(sentence: str) -> str:
    if ANSWERS.search(sentence):
        return "answers"
    if FOLLOWS.search(sentence):
        return "follows_up"
    return "refers_to"


VOORSTEL = re.compile(r"\b(?:voordracht|raadsvoorstel|collegevoorstel|voorstel)\b", re.I)
LETTER_TYPES = ("raadsinformatiebrief", "raadsbrief", "kamerbrief", "brief", "collegebrief", "commissiebrief")
COPY = re.compile(r"\bhierbij\b.{0,40}\bafschrift\s+van\s+(?:de|een|mijn)\s+brief\b", re.I)
VERSLAG = re.compile(r"\b(?:het|uw)\s+voorlopig\s+verslag\b", re.I)
VERSLAG_HEAD = re.compile(r"\bvoorlopig\s+verslag\b", re.I)
PAPER_TYPES = ("motie", "amendement", "raadsvoorstel", "initiatiefvoorstel", "kamermotie", "voorstel")
ANSWER_TITLE = re.compile(
    r"\b(?:preadvies|tussenbericht|afdoening|beantwoording|reactie|antwoord|raadsinformatiebrief\s+over)\b",
    re.I,
)


def _is_paper(doc: dict[str, Any]) -> bool:
    """A paper the council decides on (a motie, a voorstel), not a letter of the college about one and
    not a meeting record."""
    kind = (doc.get("doc_type") or "").lower()
    if kind in MEETING_TYPES:
        return False
    return kind in PAPER_TYPES and kind not in ("motie", "amendement", "kamermotie") or not is_letter(doc)


def _own_numbers(doc: dict[str, Any]) -> set[str]:
    """The numbers a letter carries as its own: its kenmerk, a RIS number in its letterhead ('RIS-nummer:
    321686', a line 'RIS321686'), a motie's number at its foot, a kamerstuk number in its file name."""
    found = {norm_number(doc.get("kenmerk"))} - {None}
    head = doc.get("head") or ""
    cut = re.search(r"\bOnderwerp\b", head)
    letterhead = head[: (cut.end() + 200) if cut else 900]
    for m in re.finditer(r"RIS[\s-]*nummer\s*:?[ \t]*(?P<n>\d(?:[ \t]?\d){4,6})", letterhead, re.I):
        found.add(norm_number(m.group("n")))
    for m in re.finditer(r"(?m)^[ \t]*RIS[ \t]?(?P<n>\d{5,7})[ \t]*$", letterhead):
        found.add(norm_number(m.group("n")))
    if not is_letter(doc):  # a voorstel's title line: "Initiatiefvoorstel: Het verhogen van ... RIS320005"
        for m in re.finditer(r"(?<![\w])RIS[ \t]?(?P<n>\d{6})(?!\d)", head.split("\n\n", 1)[0][:250]):
            found.add(norm_number(m.group("n")))
    if is_letter(doc):  # a letterhead read out of order: "n octs RIS320005 e d Aan de gemeenteraad"
        before = letterhead[: cut.start()] if cut else letterhead
        for m in re.finditer(r"(?<![\w])RIS[ \t]?(?P<n>\d{6})(?!\d)", before):
            found.add(norm_number(m.group("n")))
    if (doc.get("doc_type") or "").lower() in ("motie", "amendement") and not is_letter(doc):
        for m in re.finditer(r"(?m)^[ \t]*(?P<n>\d{6})[ \t]*$", doc.get("tail") or ""):
            found.add(norm_number(m.group("n")))
    for m in re.finditer(r"kst-(?P<d>\d{5})-(?P<n>[0-9a-z]{1,4})(?![0-9a-z])", doc.get("name") or "", re.I):
        found.add(f"{m.group('d')}-{m.group('n').upper()}")
    return {n for n in found if n}


def kind_fits(reference: str, doc: dict[str, Any]) -> bool:
    """A reference that names a voorstel or voordracht does not point at a letter to the council."""
    if not VOORSTEL.search(reference):
        return True
    return (doc.get("doc_type") or "").lower() not in LETTER_TYPES


def _dossiers(numbers: set[str]) -> set[str]:
    """The Kamer dossiers among a letter's own numbers ('33900-10' -> '33900')."""
    return {n.split("-")[0] for n in numbers if re.fullmatch(r"\d{5}-[0-9A-Z]{1,4}", n)}


def _norm_code(code: str) -> str | None:
    """A reference's number the way `_own_numbers` writes it: 'Kamerstuk 33 268, nr. 26' -> '33268-26'."""
    kst = re.search(
        r"(\d{2})\s?(\d{3})(?:\s*-\s*[IVXLC]+)?\s*(?:,\s*nr\.?\s*|-|\s+nr\.?\s*|,\s*)(\d{1,4}|[A-H])\b", code
    )
    if kst and not re.fullmatch(r"\s*(?:RIS)?\s?\d{5,7}\s*", code, re.I):
        return f"{kst.group(1)}{kst.group(2)}-{kst.group(3).upper()}"
    return norm_number(code)


class Graph:
    """Resolves references against the stored letters and collects edges."""

    def __init__(self, documents: Iterable[dict[str, Any]]) -> None:
        self.docs = {d["name"]: d for d in documents}
        self.dates = {n: letter_date(d) for n, d in self.docs.items()}
        self.titles = {n: letter_title(d) for n, d in self.docs.items()}
        self.numbers = {n: _own_numbers(d) for n, d in self.docs.items()}
        self.edges: dict[tuple[str, str], dict[str, Any]] = {}

    def add(
        self,
        src: str,
        dst: str | None,
        kind: str,
        evidence: str,
        confidence: float,
        via: str,
        page: int | None = None,
    ) -> None:
        if not dst or src == dst or src not in self.docs or dst not in self.docs:
            return
        edge = {
            "from_doc": src,
            "from_date": self.dates.get(src),
            "to_doc": dst,
            "to_date": self.dates.get(dst),
            "kind": kind,
            "evidence": _collapse(evidence),
            "page": page,
            "confidence": round(confidence, 2),
            "via": via,
        }
        old = self.edges.get((src, dst))
        rank = EDGE_KINDS.index
        if old is None or (rank(kind), -confidence) < (rank(old["kind"]), -old["confidence"]):
            self.edges[(src, dst)] = edge

    # -------------------------------------------------------------- resolving

    def by_code(self, src: str, code: str) -> list[str]:
        """Stored letters that carry this number, oldest first, not later than the referring letter."""
        when = self.dates.get(src) or "9999"
        wanted = _norm_code(code)
        found = [n for n in self.docs if n != src and wanted in self.numbers[n]]
        found = [n for n in found if (self.dates.get(n) or "") <= when]
        return sorted(found, key=lambda n: (self.dates.get(n) or "", n))

    def by_date(self, src: str, day: str, title: str | None) -> tuple[str | None, float]:
        """The stored letter of that day from the same council (a title picks among several)."""
        if not day or len(day) < 10:
            return None, 0.0
        council = self.docs[src].get("municipality")
        found = [
            n
            for n in self.docs
            if n != src
            and self.dates.get(n) == day
            and (
                not council or not self.docs[n].get("municipality") or self.docs[n]["municipality"] == council
            )
        ]
        if not found:
            return None, 0.0
        if title:
            best = max(found, key=lambda n: title_similarity(title, self.titles.get(n)))
            score = title_similarity(title, self.titles.get(best))
            if score >= 0.6:
                return best, 0.9
        if len(found) == 1:
            return found[0], 0.75 if is_letter(self.docs[found[0]]) else 0.6
        dossier = _dossiers(self.numbers[src])
        same = sorted(n for n in found if dossier & _dossiers(self.numbers[n]))
        if same:  # a Kamer letter and its copy to the other chamber: the same text, the first counts
            return same[0], 0.6
        return None, 0.0

    def by_title(self, src: str, title: str) -> tuple[str | None, float]:
        when = self.dates.get(src) or "9999"
        scored = [
            (title_similarity(title, self.titles.get(n)), n)
            for n in self.docs
            if n != src and (self.dates.get(n) or "") <= when
        ]
        scored = [x for x in scored if x[0] >= 0.85]
        if len(scored) != 1:
            return None, 0.0
        return scored[0][1], 0.7

    # -------------------------------------------------------------- sources of edges

    def add_references(self, facts: Iterable[Any]) -> None:
        for f in facts:
            if _get(f, "kind") != "letter_ref":
                continue
            src, sentence = _get(f, "doc"), _collapse(_get(f, "sentence"))
            if src not in self.docs:
                continue
            kind, page = _kind_of(sentence), _get(f, "page")
            code, day, title = _get(f, "kenmerk"), _get(f, "date"), _get(f, "title")
            if code:
                found = self.by_code(src, code)
                for dst in found[:1] if len(found) > 1 else found:
                    self.add(src, dst, kind, sentence, 0.9 if len(found) == 1 else 0.7, "kenmerk", page)
                if found:
                    continue
            if day:
                dst, confidence = self.by_date(src, day, title)
                if dst and not kind_fits(_get(f, "text") or "", self.docs[dst]):
                    dst = None  # "de voordracht van 12 oktober" is not the raadsinformatiebrief of that day
                if dst:
                    self.add(src, dst, kind, sentence, confidence, "date", page)
                    continue
            if title:
                dst, confidence = self.by_title(src, title)
                self.add(src, dst, kind, sentence, confidence, "title", page)

    def add_file_numbers(self) -> None:
        """A college letter filed under the number of a motie or voorstel (its letterhead carries the
        paper's RIS number) is about that paper: it answers it (preadvies, tussenbericht, afdoening,
        reactie) or refers to it."""
        papers = {n for n, d in self.docs.items() if _is_paper(d)}
        for src, doc in self.docs.items():
            if src in papers or not is_letter(doc):
                continue
            title = self.titles.get(src) or ""
            kind = "answers" if ANSWER_TITLE.search(title) else "refers_to"
            for number in self.numbers[src]:
                for dst in papers:
                    if dst != src and number in self.numbers[dst]:
                        self.add(src, dst, kind, f"{title} ({number})", 0.8, "kenmerk", 1)

    def add_copies_and_verslagen(self, sentences: Iterable[dict[str, Any]]) -> None:
        """Kamer letters that point at a paper of their own dossier without a number or date: "Hierbij
        stuur ik u een afschrift van de brief die ik aan de voorzitter van de Tweede Kamer heb gestuurd"
        (the letter of the same day in the dossier) and "In het voorlopig verslag wordt ... gevraagd"
        (the dossier's voorlopig verslag, which the letter answers)."""
        for row in sentences:
            src, text = row.get("doc"), _collapse(row.get("text"))
            if src not in self.docs:
                continue
            dossier = _dossiers(self.numbers[src])
            if not dossier:
                continue
            same = [n for n in self.docs if n != src and dossier & _dossiers(self.numbers[n])]
            when = self.dates.get(src) or ""
            if COPY.search(text):
                day = sorted(n for n in same if self.dates.get(n) == when)
                if day:
                    self.add(src, day[0], "refers_to", text, 0.8, "afschrift", row.get("page"))
            elif VERSLAG.search(text):
                found = sorted(
                    (self.dates.get(n) or "", n)
                    for n in same
                    if (self.dates.get(n) or "") < when
                    and VERSLAG_HEAD.search(self.docs[n].get("head") or "")
                )
                if found:  # the verslag comes first; the papers answering it quote it later
                    self.add(src, found[0][1], "answers", text, 0.8, "verslag", row.get("page"))

    def add_moties(self, entries: Iterable[MotieEntry]) -> None:
        for e in entries:
            answered = {a["doc"] for a in e.answers}
            for a in e.answers:
                self.add(a["doc"], e.doc, "answers", a["sentence"] or "", a["confidence"], "motie", a["page"])
            earlier = [a for a in e.answers if a["kind"] == "tussenbericht"]
            for a in e.answers:
                for t in earlier:
                    if a["kind"] == "afdoening" and (t["date"] or "") <= (a["date"] or ""):
                        self.add(
                            a["doc"], t["doc"], "follows_up", a["sentence"] or "", 0.8, "motie", a["page"]
                        )
            if not e.doc:
                continue
            for m in e.mentions:
                if m.doc in answered or m.doc == e.doc:
                    continue
                confidence = 0.85 if e.number and e.number.replace("RIS", "") in m.sentence else 0.7
                self.add(m.doc, e.doc, "refers_to", m.sentence, confidence, "motie", m.page)


def letter_graph(
    documents: Iterable[dict[str, Any]],
    facts: Iterable[Any],
    entries: Iterable[MotieEntry] | None = None,
    sentences: Iterable[dict[str, Any]] | None = None,
    pointers: Iterable[dict[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """Every edge between stored letters, oldest source first. `pointers`: sentences ({doc, page, text})
    that may name a copy or a voorlopig verslag (`Store.delivering_sentences(POINTER_WORDS)`)."""
    documents = list(documents)
    facts = list(facts)
    graph = Graph(documents)
    graph.add_references(facts)
    graph.add_file_numbers()
    graph.add_copies_and_verslagen(pointers or [])
    if entries is None:
        entries = moties_register(facts, documents, sentences)
    graph.add_moties(entries)
    return sorted(graph.edges.values(), key=lambda e: (e["from_date"] or "", e["from_doc"], e["to_doc"]))


def edges_of(edges: Iterable[dict[str, Any]], name: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(the edges from this letter, the edges to it): what it refers to, and where it is named."""
    edges = list(edges)
    return [e for e in edges if e["from_doc"] == name], [e for e in edges if e["to_doc"] == name]


def store_graph(store: Any) -> list[dict[str, Any]]:
    """The letter graph of everything in a store."""
    documents = store.graph_documents()
    facts = list(store.iter_facts(["motie", "amendement", "toezegging", "letter_ref"]))
    sentences = store.motie_sentences()
    entries = moties_register(facts, documents, sentences)
    return letter_graph(documents, facts, entries, pointers=store.delivering_sentences(POINTER_WORDS))
