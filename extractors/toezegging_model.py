"""The toezegging sentence classifier: learned models, no rule gate in front of them.

Every sentence is classified as none / made / being_fulfilled / reference, in two steps: whether it
holds a toezegging (a linear SVM, calibrated to probabilities with sigmoids over three folds), and
in which state (a multinomial logistic regression trained on the toezegging sentences). Both use
the same features, chosen to carry across councils and bodies:
- character n-grams (char_wb, 2–5) of the sentence, after the commonest OCR confusions are undone
  ("vw raad" -> "uw raad", a lone "v" -> "u", "vitwerking" -> "uitwerking");
- word uni- and bigrams;
- marker features: every rule of patterns/toezegging_rules.json (the old rule route's exact forms,
  the addressee / venue / verb / future word lists, the named evidence patterns under "markers"
  and their "conjunctions") fires as one binary feature (a "conjunction_only" marker, the bare word
  "motie", only inside a conjunction). They are evidence the model weighs, never a gate;
- not what the reading stage knows of the whole document (a meeting record, a national paper):
  those flags stood in for the source, and a model that never saw the Kamer learned "national"
  from the ministries' Woo-besluiten alone, which hold no toezegging. Without them leave-one-source-out
  F1 rose for every source (eval/EXPERIMENTS_toezegging.md, 30 November);
- the markers of the sentence before ("CTX:"), so a motie's "verzoekt het college:" marks the
  bullets after it.
With the small training set the regularised SVM leans mostly on the markers; the n-grams tip the
balance in sentences the markers leave open.

Training data: patterns/toezegging_sentences.jsonl (text, label, source, document flags, context),
built by eval/build_training.py from the annotated sets, the earlier hand-picked sentences, the
sentences written from GUIDE.md's conventions (patterns/toezegging_guide.jsonl) and those helpers
wrote blind (eval/annotations/written/, for detection only, see `fit`), and shipped with
the package, with the model fitted on it (patterns/toezegging_model.npz, loaded on first use and
cached per process; fitted anew only when the table, the rules or the settings changed since);
`excluding(source)` trains and uses a model that never saw a source (the leave-one-source-out
evaluation, eval/eval_commitments.py). A document's sentences are classified together, on its first
sentence, so one vectorisation serves them all.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from raadsbrieven.extractors import PATTERNS
from raadsbrieven.extractors.literals import required_literals
from raadsbrieven.extractors.tfidf import CharTfidf, Indicators, WordTfidf, load_keyed

from raadsbrieven.model import DocContext, Sentence
from raadsbrieven.nl.lexicon import load

SENTENCES = PATTERNS / "toezegging_sentences.jsonl"
LABELS = ("none", "made", "being_fulfilled", "reference")
STATES = LABELS[1:]
# P(toezegging) = 1 - P(none) at or above which a sentence holds one: the median of the thresholds
# that leave-one-source-out chose on the training sources alone (0.35-0.55) for each held-out source,
# on the table of session 3. eval/choose_threshold.py repeats that choice: on today's table it gives
# 0.42-0.60 (median 0.46), where pooled F1 is 0.83 against 0.84 here; kept at 0.4.
THRESHOLD = 0.4
WORD_LISTS = (
    "committers",
    "not_committers",
    "own_letter",
    "later_cues",
    "addressee",
    "venue",
    "verbs",
    "future",
)
RULE_LISTS = ("fulfilled_past", "made_now", "reference", "made_future")
MARKER_WEIGHT = 1.0
C = 0.3  # regularisation of the detecting linear SVM (calibrated to probabilities, sigmoid, 3 folds)
POSITIVE_WEIGHT = 3.0  # a toezegging sentence weighs this many none sentences
C_STATE = 1.0  # inverse regularisation of the state model (logistic regression on the toezeggingen)
CHAR_NGRAMS = (2, 5)
DOCUMENT_FLAGS = False  # the document's meeting-record / national flags as features (off: see above)
CONTEXT_CHARS = 200
MAX_CHARS = 1200  # a run-on "sentence" (a table or a page of XML) is classified on its first part


RULES = "toezegging_rules"  # patterns/toezegging_rules.json


def rules() -> dict[str, Any]:
    return load(RULES, PATTERNS)


# --- features ------------------------------------------------------------------------------------

OCR_FIXES = (
    (re.compile(r"\bvw\b"), "uw"),  # "aan vw raad"
    (re.compile(r"\bVw\b"), "Uw"),
    (re.compile(r"(?<=\s)v(?=\s+[a-zà-ÿ])"), "u"),  # a lone "v" before a word is a misread "u"
    (re.compile(r"\bvit(?![art])"), "uit"),  # "vitwerking", "vitvoering"; not "vitaal", "vitrine", "vitten"
)


@lru_cache(maxsize=4096)  # the features and each GUIDE rule of `Classifier.predict` ask for the same text
def normalise(text: str) -> str:
    """Whitespace collapsed and the commonest OCR confusions undone ("vw raad" -> "uw raad")."""
    if "<" in text:
        text = re.sub(r"<[^<>]{0,200}>", " ", text)  # markup left in a text read from XML
    text = " ".join(text.split())
    for pattern, repl in OCR_FIXES:
        text = pattern.sub(repl, text)
    return text[:MAX_CHARS]


class Marker:
    """One marker pattern, searched fast on lower-cased text.

    The pattern is lower-cased itself (much faster than re.I) unless it holds an escape that lower
    case would change. When every alternative opens with a word boundary and then a literal word,
    the pattern is first searched without those boundaries (Python's re then skips ahead to the
    literals); a full match can only start where that looser one does, so the answer is the same.
    """

    __slots__ = ("full", "loose")

    def __init__(self, pattern: str, flags: int = re.S) -> None:
        if re.search(r"\\[SWDBAZ]", pattern):
            self.full, self.loose = re.compile(pattern, re.I | flags), None
            return
        pattern = pattern.lower()
        self.full = re.compile(pattern, flags)
        self.loose = _loose(pattern, flags)

    def search(self, text: str) -> bool:
        if self.loose is None:
            return self.full.search(text) is not None
        hit = self.loose.search(text)
        return hit is not None and self.full.search(text, hit.start()) is not None


def _alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern."""
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    return [*parts, pattern[start:]]


def _loose(pattern: str, flags: int) -> re.Pattern[str] | None:
    """The pattern without the word boundary that opens each alternative, when each alternative
    then opens with a literal (or a group of literal alternatives); else None."""
    try:
        from re import _constants as sre_constants
        from re import _parser as sre_parse

        branches = []
        for alt in _alternatives(pattern):
            if not alt.startswith(r"\b"):
                return None
            items = list(sre_parse.parse(alt[2:]))
            op, av = items[0] if items else (None, None)
            literal = op == sre_constants.LITERAL or (
                op == sre_constants.BRANCH and all(b and b[0][0] == sre_constants.LITERAL for b in av[1])
            )
            if not literal:
                return None
            branches.append(alt[2:])
        return re.compile("|".join(branches), flags)
    except Exception:  # another Python's internals, or an odd pattern: search the full pattern only
        return None


@cache
def _markers() -> tuple[tuple[str, Marker], ...]:
    """Every rule of the rules file as a named marker (a list gives one marker per item), for
    lower-cased text."""
    data = rules()
    out: list[tuple[str, Marker]] = []
    for key in RULE_LISTS:
        for i, pattern in enumerate(data[key]):
            out.append((f"{key}_{i}", Marker(pattern)))
    for key in (*WORD_LISTS, "conditional"):
        out.append((key, Marker(data[key])))
    for key, pattern in data["markers"].items():
        if not key.startswith("_"):
            out.append((key, Marker(pattern)))
    return tuple(out)


@cache
def _conjunctions() -> tuple[tuple[str, tuple[frozenset[str], ...]], ...]:
    items = rules()["conjunctions"].items()
    return tuple(
        (name, tuple(frozenset(group.split("|")) for group in groups))
        for name, groups in items
        if not name.startswith("_")
    )


@cache
def _conjunction_only() -> frozenset[str]:
    """Markers that count only inside a conjunction or as context (rules["conjunction_only"])."""
    return frozenset(rules().get("conjunction_only", {}).get("names", ()))


def context_text(previous: str) -> str:
    """What the classifier sees of the sentence before: its last CONTEXT_CHARS characters."""
    return " ".join(previous.split())[-CONTEXT_CHARS:]


TOEZEGGING_WORDS = ("toezeggen", "toegezegd", "toegezegde", "toezegging_word", "toezeggingen_plural")
LIST_ITEM = re.compile(r"^\s*(?:[•\-–—·*▪●○◦]\s|\d{1,2}[.)]\s|[a-z][.)]\s)")
LEAD_IN_REACH = 30  # list items walked back over to find the sentence that opens the list
PROMISE_FLOOR = 0.75  # P(toezegging) at least, where a GUIDE rule says a sentence holds one (predict)
GUIDE_RULES = True  # False: the model's own probabilities, no GUIDE rule applied (to measure the rules)


class Rule:
    """A GUIDE rule's pattern, searched as a Marker on lower-cased text, and not at all when the text
    lacks every string the pattern cannot match without (extractors/literals.py)."""

    __slots__ = ("marker", "need")

    def __init__(self, pattern: str) -> None:
        self.marker = Marker(pattern, flags=0)  # as re.I alone: "." stops at a line break
        self.need = required_literals(self.marker.full.pattern, self.marker.full.flags)

    def search(self, lower: str) -> bool:
        if self.need is not None and not any(string in lower for string in self.need):
            return False
        return self.marker.search(lower)


@cache
def _rule(key: str, field: str) -> Rule:
    """A pattern of one GUIDE rule of the rules file (rules[key][field]; a list is one alternation)."""
    pattern = rules()[key][field]
    if isinstance(pattern, list):
        pattern = "|".join(f"(?:{p})" for p in pattern)
    return Rule(pattern)


_LOWER: list[str] = ["", ""]  # the last text lower-cased: each sentence is tried by a dozen rules


def _lower(text: str) -> str:
    if _LOWER[0] is not text:
        _LOWER[:] = [text, text.lower()]
    return _LOWER[1]


def _fires(key: str, field: str, text: str) -> bool:
    return _rule(key, field).search(_lower(text))


def _promises(key: str, text: str) -> bool:
    """rules[key]'s pattern holds on the normalised text and neither its own "not" nor the
    performative's (negated, conditional, asked) does: the shape of each promise form's rule."""
    return (
        _fires(key, "pattern", text)
        and not _fires(key, "not", text)
        and not _fires("performative", "not", text)
    )


def is_motie_request_item(text: str, context: str) -> bool:
    """A list item under a motie's request ("verzoekt het college: • de raad in Q2 te informeren"):
    what the council asks, never the college's promise (GUIDE), however much it reads like one.
    An item that names a toezegging ("in de toegezegde brief …") is left to the model: the GUIDE
    counts it as a reference."""
    if not context or not LIST_ITEM.match(text):
        return False
    marker = _markers_by_name()
    lower = text.lower()
    if any(marker[name].search(lower) for name in TOEZEGGING_WORDS):
        return False
    return bool(marker["motie_request"].search(context.lower()))


def is_toezegging_list_item(text: str, context: str) -> bool:
    """A list item under a lead-in that announces toezeggingen (a chair's "Ik heb de volgende
    toezeggingen genoteerd:", a besluitenlijst's "Toezeggingen:"): a toezegging however it reads,
    often an impersonal "– Er wordt een test … gestart." Its state is left to the model."""
    if not context or not LIST_ITEM.match(text):
        return False
    marker = _markers_by_name()
    lead_in = context.lower()
    if marker["motie_request"].search(lead_in):
        return False
    return any(marker[name].search(lead_in) for name in ("toezegging_word", "toezeggingen_plural"))


def is_explicit_promise(text: str) -> bool:
    """A promise made in so many words by the speaker ("zeg ik toe …", "dat kan ik u toezeggen"),
    not negated, conditional, asked or someone else's (rules["performative"])."""
    text = normalise(text)
    return _fires("performative", "promise", text) and not _fires("performative", "not", text)


def is_recited_promise(text: str) -> bool:
    """A motie reciting a promise made before ("constaterende dat de regering aangaf … te zullen"):
    a reference in the GUIDE (rules["recited"])."""
    return _fires("recited", "pattern", normalise(text))


def names_a_toezegging(text: str) -> bool:
    """A toezegging named with what it promises ("haar toezegging om …"), not asked about
    (rules["named"])."""
    text = normalise(text)
    return _fires("named", "pattern", text) and not text.rstrip().endswith("?")


def promises_to_return(text: str) -> bool:
    """The speaker or the college will come back to the council ("Ik kom daarop terug bij de
    Kamer"), not later in this debate and not negated, conditional or asked (rules["returning"])."""
    text = normalise(text)
    return _promises("returning", text) and _fires("returning", "subject", text)


def promises_to_inform(text: str) -> bool:
    """The speaker, the college or an office-holder will inform the council ("ik zal de Kamer …
    melden"), not this letter informing now and not negated, conditional or asked
    (rules["informing"])."""
    return _promises("informing", normalise(text))


def promises_to_deliver(text: str) -> bool:
    """Something will be brought to the council: sent or put before it ("Die wordt binnenkort aan de
    Kamer toegezonden"), or the speaker comes with a document or talks with it ("Ik kom met een nota
    over …"); not sent already, not later in this debate, not negated, conditional or asked
    (rules["delivering"])."""
    return _promises("delivering", normalise(text))


def promises_from_now(text: str) -> bool:
    """A promise to come back, to inform or to deliver that names no toezegging or motie it answers:
    made in this sentence, whatever state the model reads (GUIDE: a reference mentions an earlier
    promise, being_fulfilled delivers one)."""
    if not (promises_to_return(text) or promises_to_inform(text) or promises_to_deliver(text)):
        return False
    marker = _markers_by_name()
    lower = normalise(text).lower()
    return not any(marker[name].search(lower) for name in TOEZEGGING_WORDS)


def is_debate_turn_not_a_promise(text: str) -> bool:
    """Coming back to a point later in this debate ("Ik kom straks terug op Kijkduin") or now ("Ik wil
    terugkomen op …"), or asking for a toezegging ("ik zou graag een concrete toezegging willen dat
    …", "Als de wethouder dit kan toezeggen, …"): none (rules["debate_not"])."""
    text = normalise(text)
    later = _fires("debate_not", "coming_back", text) and _fires("debate_not", "later", text)
    return later or _fires("debate_not", "returns_now", text) or _fires("debate_not", "asks_for_one", text)


def is_decision_list(text: str) -> bool:
    """A besluitenlijst's row of decisions ("… Aangenomen 321068 Motie J.4 … Verworpen"): what the
    council decided, no promise, unless it names a toezegging or makes a promise in one of the GUIDE's
    forms ("Nu het amendement is aangenomen en de motie verworpen, zal het college de raad …
    informeren") (rules["decision_list"])."""
    if not _fires("decision_list", "pattern", normalise(text)):
        return False
    promise = is_explicit_promise(text) or promises_to_inform(text) or promises_to_deliver(text)
    return not (promise or _fires("decision_list", "unless", normalise(text)))


def informs_in_this_letter(text: str) -> bool:
    """This letter informing now ("In deze brief informeren wij u over …"), delivering nothing it
    names: no promise (rules["this_letter"])."""
    text = normalise(text)
    return _fires("this_letter", "pattern", text) and not _fires("this_letter", "unless", text)


def context_of(texts: Sequence[str], i: int) -> str:
    """The context of sentence i: the sentence before, or for a list item the sentence that opens the
    list, so every item of a motie's "verzoekt het college:" (or of a chair's "de volgende
    toezeggingen:") sees what it is an item of, not only the first. An item may run on in a sentence
    of its own ("– Bij signalen … zal de Minister alert zijn. Hij zal de Kamer informeren."): a
    sentence right after an item, not itself ending in a colon, is walked over as part of it."""
    j = i - 1
    if j >= 0 and LIST_ITEM.match(texts[i]):
        while j > 0 and i - j < LEAD_IN_REACH:
            if LIST_ITEM.match(texts[j]):
                j -= 1
            elif LIST_ITEM.match(texts[j - 1]) and not texts[j].rstrip().endswith(":"):
                j -= 1  # the item before, run on
            else:
                break
    return context_text(texts[j]) if j >= 0 else ""


@cache
def _markers_by_name() -> dict[str, Marker]:
    return dict(_markers())


@cache
def _marker_gates() -> tuple[tuple[str, ...], tuple[tuple[int, ...], ...], frozenset[int]]:
    """(the strings some marker cannot fire without, the markers each string lets through, the
    markers that need none): a sentence is searched only with the markers whose strings it holds."""
    strings: dict[str, int] = {}
    through: list[list[int]] = []
    always = set()
    for j, (_name, rx) in enumerate(_markers()):
        need = required_literals(rx.full.pattern, rx.full.flags)
        if need is None:
            always.add(j)
            continue
        for string in sorted(need):
            if string not in strings:
                strings[string] = len(strings)
                through.append([])
            through[strings[string]].append(j)
    return tuple(strings), tuple(map(tuple, through)), frozenset(always)


def _fired(text: str) -> list[str]:
    """The names of the markers that fire on a lower-cased sentence, in the rules file's order."""
    strings, through, always = _marker_gates()
    wanted = set(always)
    for k, string in enumerate(strings):
        if string in text:
            wanted.update(through[k])
    return [name for j, (name, rx) in enumerate(_markers()) if j in wanted and rx.search(text)]


@cache
def _context_markers() -> tuple[tuple[str, Marker], ...]:
    wanted = set(rules()["context_markers"])
    return tuple((name, rx) for name, rx in _markers() if name in wanted)


def markers(text: str, meeting: bool = False, national: bool = False, context: str = "") -> list[str]:
    """The names of the markers that fire on a (normalised) sentence and the markers of the sentence
    before (CTX:…); the document flags only when DOCUMENT_FLAGS is on."""
    text, context = text.lower(), context.lower()
    names = _fired(text)
    fired = set(names)
    names += [name for name, groups in _conjunctions() if all(g & fired for g in groups)]
    names = [name for name in names if name not in _conjunction_only()]
    if context:
        names += [f"CTX:{name}" for name, rx in _context_markers() if rx.search(context)]
    out = names
    if DOCUMENT_FLAGS:
        out = names + [f for f, on in (("MEETING", meeting), ("NATIONAL", national)) if on]
        out += [f"MEETING:{name}" for name in names] if meeting else []
    if len(text) < 40:
        out.append("SHORT")
    return out


def _features(rows: Sequence[dict[str, Any]]) -> tuple[list[str], list[dict[str, float]]]:
    """Lower-cased normalised texts (for the n-grams) and marker dicts, of rows with `text` and the
    optional `meeting`, `national` and `context`."""
    lower, marks = [], []
    for r in rows:
        text = normalise(r["text"])
        lower.append(text.lower())
        names = markers(text, bool(r.get("meeting")), bool(r.get("national")), r.get("context") or "")
        marks.append(dict.fromkeys(names, MARKER_WEIGHT))
    return lower, marks


@dataclass
class Classifier:
    """The fitted vectorisers and two linear models: does a sentence hold a toezegging (a linear SVM,
    its three calibration folds kept as weights and sigmoids), and in which state (a multinomial
    logistic regression over the toezegging sentences).

    `predict(rows)` gives P per label: P(none) = 1 - P(toezegging), and the state probabilities
    share P(toezegging) out. Prediction is plain sparse algebra, so a document costs its features.
    """

    char: CharTfidf
    word: WordTfidf
    marks: Indicators
    detect_w: Any  # (folds, features): the SVMs' weights
    detect_b: Any  # (folds,): their intercepts
    sigmoid: Any  # (folds, 2): each fold's calibration, P = 1 / (1 + exp(a * f + b))
    state_w: Any  # (features, states)
    state_b: Any  # (states,)
    states: tuple[str, ...]

    def matrix(self, rows: Sequence[dict[str, Any]]) -> Any:
        from scipy.sparse import hstack

        lower, marks = _features(rows)
        return hstack(
            [self.char.transform(lower), self.word.transform(lower), self.marks.transform(marks)]
        ).tocsr()

    def predict(self, rows: Sequence[dict[str, Any]]) -> Any:
        """An array (n, 4): the probability of each of LABELS per row.

        The GUIDE's conventions, as rules over the text (patterns in the rules file), then have the
        last word where the model, fitted on other councils, reads them wrong: a motie's recital of
        an earlier promise is a reference; a motie's request, a debate turn that only reads like a
        promise and this letter informing now are none; a list item of toezeggingen, an explicit
        promise, a named toezegging and a promise to come back, to inform or to deliver are at least
        PROMISE_FLOOR likely, their state still the model's."""
        out = np.zeros((len(rows), len(LABELS)))
        if not rows:
            return out
        x = self.matrix(rows)
        f = np.asarray(x @ self.detect_w.T) + self.detect_b
        yes = (1.0 / (1.0 + np.exp(self.sigmoid[:, 0] * f + self.sigmoid[:, 1]))).mean(axis=1)
        out[:, 0] = 1.0 - yes
        z = np.asarray(x @ self.state_w) + self.state_b
        z = np.exp(z - z.max(axis=1, keepdims=True))
        z /= z.sum(axis=1, keepdims=True)
        for j, label in enumerate(self.states):
            out[:, LABELS.index(label)] = yes * z[:, j]
        for i, row in enumerate(rows if GUIDE_RULES else ()):
            context = row.get("context", "")
            if is_recited_promise(row["text"]):  # a reference, at least as likely as the floor
                out[i] = 0.0
                out[i, LABELS.index("reference")] = max(PROMISE_FLOOR, yes[i])
                out[i, 0] = 1.0 - out[i, LABELS.index("reference")]
            elif (
                is_motie_request_item(row["text"], context)
                or is_debate_turn_not_a_promise(row["text"])
                or informs_in_this_letter(row["text"])
                or is_decision_list(row["text"])
            ):
                out[i] = 0.0
                out[i, 0] = 1.0
            elif out[i, 0] > 1.0 - PROMISE_FLOOR and (
                is_toezegging_list_item(row["text"], context)
                or is_explicit_promise(row["text"])
                or names_a_toezegging(row["text"])
                or promises_to_return(row["text"])
                or promises_to_inform(row["text"])
                or promises_to_deliver(row["text"])
            ):
                out[i, 0] = 1.0 - PROMISE_FLOOR  # the states share PROMISE_FLOOR as the model shares them
                for j, label in enumerate(self.states):
                    out[i, LABELS.index(label)] = PROMISE_FLOOR * z[i, j]
            if out[i, 0] < 0.5 and promises_from_now(row["text"]):
                out[i, 1:] = 0.0  # a promise in the future tense that names no earlier one: made here
                out[i, LABELS.index("made")] = 1.0 - out[i, 0]
        return out


WORD_NGRAMS = (1, 2)
WORD_TOKEN = r"(?u)\b\w[\w']*\b"


def _vectorisers() -> tuple[Any, Any]:
    """The character and word n-gram vectorisers, unfitted (scikit-learn's, for fitting)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    char = TfidfVectorizer(
        analyzer="char_wb", ngram_range=CHAR_NGRAMS, sublinear_tf=True, min_df=2, dtype=np.float32
    )
    word = TfidfVectorizer(
        ngram_range=WORD_NGRAMS, sublinear_tf=True, min_df=2, token_pattern=WORD_TOKEN, dtype=np.float32
    )
    return char, word


def _features_of(
    char_terms: dict[str, int],
    char_idf: Any,
    word_terms: dict[str, int],
    word_idf: Any,
    marks: dict[str, int],
) -> tuple[CharTfidf, WordTfidf, Indicators]:
    """The fitted transforms, scikit-learn free (extractors/tfidf.py): what prediction needs."""
    return (
        CharTfidf(char_terms, char_idf, CHAR_NGRAMS, dtype=np.float32),
        WordTfidf(word_terms, word_idf, WORD_NGRAMS, WORD_TOKEN, dtype=np.float32),
        Indicators(marks, np.float32),
    )


def fit(rows: Sequence[dict[str, Any]]) -> Classifier:
    """Train on rows with `text`, `label` (one of LABELS) and the optional document flags and context.

    A row marked `detect_only` teaches whether a sentence holds a toezegging, not its state: the
    sentences written without a document around them (eval/annotations/written/) cannot tell a
    meeting record's "heeft toegezegd" (made) from a letter's (mostly delivered)."""
    import warnings

    from scipy.sparse import hstack
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

    lower, marks = _features(rows)
    char, word = _vectorisers()
    vec = DictVectorizer(dtype=np.float32)
    x = hstack([char.fit_transform(lower), word.fit_transform(lower), vec.fit_transform(marks)]).tocsr()
    labels = [r["label"] for r in rows]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        svm = LinearSVC(C=C, class_weight={True: POSITIVE_WEIGHT, False: 1.0}, random_state=0, max_iter=5000)
        detect = CalibratedClassifierCV(svm, method="sigmoid", cv=3)
        detect.fit(x, [label != "none" for label in labels])
        positive = [
            i
            for i, (r, label) in enumerate(zip(rows, labels, strict=True))
            if label != "none" and not r.get("detect_only")
        ]
        state = LogisticRegression(C=C_STATE, class_weight=None, max_iter=2000)
        state.fit(x[positive], [labels[i] for i in positive])
    folds = detect.calibrated_classifiers_
    assert list(detect.classes_) == [False, True]
    return Classifier(
        *_features_of(char.vocabulary_, char.idf_, word.vocabulary_, word.idf_, vec.vocabulary_),
        detect_w=np.vstack([c.estimator.coef_[0] for c in folds]),
        detect_b=np.array([c.estimator.intercept_[0] for c in folds]),
        sigmoid=np.array([[c.calibrators[0].a_, c.calibrators[0].b_] for c in folds]),
        state_w=state.coef_.T.copy(),
        state_b=state.intercept_.copy(),
        states=tuple(state.classes_),
    )


# --- training data and the per-process cache -------------------------------------------------------


def training_rows() -> list[dict[str, Any]]:
    rows = []
    for line in SENTENCES.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            if row.get("label") in LABELS:
                rows.append(row)
    return rows


def classifier(exclude: Iterable[str] = ()) -> Classifier:
    """The model trained on the shipped sentences, without those of the `exclude` sources (trained
    once per process and set of sources)."""
    return _trained(frozenset(exclude))


@cache
def _trained(exclude: frozenset[str]) -> Classifier:
    if not exclude:
        shipped = load_shipped()
        if shipped is not None:
            return shipped
    return fit([r for r in training_rows() if r.get("source") not in exclude])


# --- the fitted model shipped as data ---------------------------------------------------------------
# Fitting on the whole table takes ~20 s, which every process (a CLI call, a worker, the app) would pay
# on its first letter. eval/build_training.py fits once and writes the vocabularies, idf weights and
# the linear models to SHIPPED_MODEL, keyed by the training table, the rules and the settings above;
# a process loads it in well under a second and fits only when the key no longer matches (a changed
# table or rule not yet written out). tests/test_toezegging_shipped.py checks that the shipped model
# is current and predicts as a fresh fit does.

SHIPPED_MODEL = PATTERNS / "toezegging_model.npz"
RULES_FILE = PATTERNS / f"{RULES}.json"


def training_key() -> str:
    """What the shipped model was fitted from: the table, the rules and the settings."""
    import hashlib

    h = hashlib.sha256()
    for path in (SENTENCES, RULES_FILE):
        h.update(path.read_bytes())
    settings = (C, POSITIVE_WEIGHT, C_STATE, CHAR_NGRAMS, MARKER_WEIGHT, DOCUMENT_FLAGS)
    settings += (CONTEXT_CHARS, MAX_CHARS)
    h.update(repr(settings).encode())
    return h.hexdigest()


def _terms(vocabulary: dict[str, int]) -> np.ndarray:
    """A vocabulary as UTF-8 bytes, terms in index order, one per line (no term holds a newline)."""
    ordered = sorted(vocabulary, key=vocabulary.__getitem__)
    assert all("\n" not in t for t in ordered)
    return np.frombuffer("\n".join(ordered).encode("utf-8"), dtype=np.uint8)


def _vocabulary(data: np.ndarray) -> dict[str, int]:
    text = data.tobytes().decode("utf-8")
    return {t: i for i, t in enumerate(text.split("\n"))} if text else {}


def save(clf: Classifier, path: Path | None = None, key: str | None = None) -> Path:
    """Write a fitted classifier (and the key of what it was fitted from) as a compressed npz."""
    import sklearn

    path = path or SHIPPED_MODEL
    np.savez_compressed(
        path,
        key=np.array(key or training_key()),
        sklearn=np.array(sklearn.__version__),
        char_terms=_terms(clf.char.vocabulary),
        char_idf=clf.char.idf,
        word_terms=_terms(clf.word.vocabulary),
        word_idf=clf.word.idf,
        mark_terms=_terms(clf.marks.vocabulary),
        detect_w=clf.detect_w,
        detect_b=clf.detect_b,
        sigmoid=clf.sigmoid,
        state_w=clf.state_w,
        state_b=clf.state_b,
        states=np.array(clf.states),
    )
    return path


def load_shipped(path: Path | None = None, key: str | None = None) -> Classifier | None:
    """The shipped classifier, or None when there is none or it was fitted from other data."""
    arrays = load_keyed(path or SHIPPED_MODEL, key or training_key())
    if arrays is None:
        return None
    return Classifier(
        *_features_of(
            _vocabulary(arrays["char_terms"]),
            arrays["char_idf"],
            _vocabulary(arrays["word_terms"]),
            arrays["word_idf"],
            _vocabulary(arrays["mark_terms"]),
        ),
        detect_w=arrays["detect_w"],
        detect_b=arrays["detect_b"],
        sigmoid=arrays["sigmoid"],
        state_w=arrays["state_w"],
        state_b=arrays["state_b"],
        states=tuple(str(s) for s in arrays["states"]),
    )


def write_shipped(path: Path | None = None) -> Path:
    """Fit on the whole shipped table and write the model (eval/build_training.py calls this)."""
    return save(fit(training_rows()), path)


_EXCLUDED: list[frozenset[str]] = [frozenset()]


@contextmanager
def excluding(*sources: str) -> Iterator[Classifier]:
    """Within the block, extraction uses a model that never saw these sources."""
    _EXCLUDED.append(frozenset(sources))
    try:
        yield classifier(_EXCLUDED[-1])
    finally:
        _EXCLUDED.pop()


def active() -> Classifier:
    return classifier(_EXCLUDED[-1])


# --- per-document classification --------------------------------------------------------------------

_last: dict[str, Any] = {}


def sentence_probabilities(sentence: Sentence, doc: DocContext) -> Any:
    """P per label for one sentence; the whole document is classified once, on its first sentence."""
    clf = active()
    if _last.get("doc") is not doc or _last.get("clf") is not clf or _last.get("n") != len(doc.sentences):
        proba = clf.predict(document_rows(doc.sentences, doc))
        spans = [(s.start, s.end) for s in doc.sentences]
        _last.update(doc=doc, clf=clf, n=len(spans), by_span=dict(zip(spans, proba, strict=True)))
    found = _last["by_span"].get((sentence.start, sentence.end))
    if found is None:
        texts = [s.text for s in doc.sentences if s.end <= sentence.start] + [sentence.text]
        found = clf.predict([_row(sentence.text, doc, context_of(texts, len(texts) - 1))])[0]
    return found


def document_rows(sentences: Sequence[Sentence], doc: DocContext) -> list[dict[str, Any]]:
    """The classifier's input for each sentence of a document (text, document flags, context)."""
    texts = [s.text for s in sentences]
    return [_row(s.text, doc, context_of(texts, i)) for i, s in enumerate(sentences)]


def _row(text: str, doc: DocContext, context: str) -> dict[str, Any]:
    return {
        "text": text,
        "meeting": doc.info.meeting_record,
        "national": doc.info.national,
        "context": context,
    }


def label_of(proba: Any, threshold: float = THRESHOLD) -> str:
    """'none' below the threshold, else the likeliest state."""
    if 1.0 - proba[0] < threshold:
        return "none"
    return STATES[int(proba[1:].argmax())]


def probability(text: str, meeting: bool = False, national: bool = False, context: str = "") -> float:
    """P(the sentence holds a toezegging), for one sentence outside a document."""
    row = {"text": text, "meeting": meeting, "national": national, "context": context}
    return float(1.0 - active().predict([row])[0][0])
