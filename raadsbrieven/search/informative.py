"""Does a sentence say something? A learned score that keeps letter furniture out of the top hits.

A letter's sentences include its furniture: the closing and signature ("Hoogachtend, Burgemeester en
wethouders van Utrecht, de secretaris,"), the address block, a bare URL, a lone heading, a table
label ("Startdatum jeugdhulp"), a page footer, an agenda item's title. They match a question's words
but answer nothing.

The score is a logistic regression over features that do not depend on one council's wording, so
it transfers to letters it never saw: length, verb forms, the share of capitalised words, stop words,
digits and letters, the last character, URLs, e-mail and phone numbers, address, closing and motie
formulas, citations and numbered labels. It is trained on first use (milliseconds, numpy only) from
`informative_sentences.jsonl`: sentences of ../shared/letters-extra and letters-more labelled by
hand (`says`: 1 says something, 0 furniture) with their source, so that
`eval/eval_search.py --informative` measures it on each council it did not see.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from pathlib import Path

import numpy as np

from raadsbrieven.nl.lexicon import words
from raadsbrieven.search.index import STOPWORDS, fold

LABELS = Path(__file__).with_name("informative_sentences.jsonl")
THRESHOLD = 0.5  # below: furniture, ranked after every sentence that says something
MAX_CHARS = 400

_TOKEN = re.compile(r"\w+|[^\w\s]", re.UNICODE)
_LETTERS = re.compile(r"[^\W\d_]+")
_URL = re.compile(r"(https?://|www\.)\S+|\b[\w.-]+\.(nl|com|org|eu)\b(/\S*)?", re.IGNORECASE)
_URL_HINTS = ("http", "www.", ".nl", ".com", ".org", ".eu")  # no URL without one: skip the regex
_MAIL = re.compile(r"\S+@\S+\.\w+")
_PHONE = re.compile(r"\b(0\d{1,3}[- ]?\d{6,8}|14\s?0\d{2,3}|\+31)")
_POSTCODE = re.compile(r"\b\d{4}\s?[A-Z]{2}\b")
_CLOSING = re.compile(
    r"\b(hoogachtend|met vriendelijke groet|vriendelijke groeten|de secretaris|de (loco)?burgemeester,|"
    r"burgemeester en wethouders( van \w+)?,|namens dezen|"
    r"de griffier|de voorzitter,|geachte|postbus|telefoon|e-mail|bezoekadres|ons kenmerk|uw kenmerk|"
    r"datum:|bijlage\(n\)|pagina \d+ van \d+|blad \d+)",
    re.IGNORECASE,
)
_FORMULA = re.compile(  # the fixed words of a motie or a meeting, the same in every council
    r"\b(constaterende|overwegende|van mening|verzoekt (het college|de regering)|roept het college op|"
    r"en gaat over tot de orde van de dag|sluit de voorzitter|gehoord de beraadslaging|toelichting:)",
    re.IGNORECASE,
)
_TAG = re.compile(r"</?[a-z][\w:-]*[^<>]*>", re.IGNORECASE)
_MARKUP = re.compile(r"</?[a-z][\w:-]*[^<>]*>|[{}|\\]", re.IGNORECASE)
_BULLET = re.compile(r"^\s*([-•*·▪]|\(?\d{1,2}[.)]|[a-z][.)])\s")
_NUMBERED = re.compile(r"^\s*\d{1,2}(\.\d{1,2})*\.?\s+[A-Z]")  # "2. Stand van zaken", "4.6 Kosten"
_VERB_SUFFIX = re.compile(r"^[a-z]{3,}(t|en|de|te|den|ten)$")
# nouns that end like a verb form: "populariteit", "gezondheid", "parlement", "verkiezingen"
_NOUN_SUFFIX = re.compile(r"(heid|teit|ment|[a-z]{3}ist|isme|(?<!k)ent|[a-z]{4}ingen|heden|teiten)$")
_CITATION = re.compile(r"\(\d{4}\)|\b(blz|p)\.\s?\d+|kamerstuk(ken)?\b", re.IGNORECASE)
# an agenda item or a document's title: "Voorstel tot ...", "Motie met betrekking tot ..."
_AGENDA = re.compile(
    r"^(\d+[.)]?\s)?(raads)?(schriftelijke vragen|voorstel|motie|amendement|besluit|brief|notitie|nota|"
    r"rapport|verordening|onderzoeksvoorstel|initiatiefvoorstel)\b.{0,60}"
    r"\b(met betrekking tot|inzake|tot|over|betreffende)\b",
    re.IGNORECASE,
)
# Lines that are furniture by their shape alone, whatever the model makes of their words:
# an entry of a list of documents ("Title - 29477-477 minister voor Medische Zorg, B.J. Bruins - 03 april
# 2018 Rondgezonden en gepubliceerd.": a Kamerstuk or 2018Z number, then the sender) ...
_LISTED = re.compile(
    r"\s[-–]\s(\d{4,5}(-[\dA-Z]+)+|\d{4}Z\d{5})\s+(de\s)?(minister|staatssecretaris)\b", re.IGNORECASE
)
# ... an entry of a list of moties or amendementen put to the vote ("- de motie-Taverne c.s. over
# afschaffen van de lijstverbindingen bij verkiezingen (33268, nr. 26).": the item and its Kamerstuk) ...
_LISTED_MOTION = re.compile(
    r"^([-•–▪]\s*)?(de |het )?(gewijzigde )?(motie|amendement)[-\s][^;:]{0,300}"
    r"\(\d{4,5}(-[\dA-Z]+)*,\s*nr\.\s*\d+\)[.;]?$",
    re.IGNORECASE,
)
# ... and a footnote: its number, then a source with its year or a link ("3 Fietsersbond Amsterdam
# (2022) Meeste e-bikes kunnen en rijden te snel.", "1 https://www.woonbond.nl/...").
_FOOTNOTE = re.compile(r"^\d{1,3}\s+(\S+\s+){0,12}?(\S*\(\d{4}\)|https?://|www\.)")
_LABEL = re.compile(r"^[A-Z][a-z]+\s\d+[a-z]?\s?[:.)–-]")  # "Advies 2:", "Vraag 3.", "Bijlage 4 -"

FEATURES = (
    "log_words",
    "short",
    "auxiliary",
    "verb_like",
    "verb_lemma",
    "no_verb",
    "verbless",
    "agenda_title",
    "pronoun",
    "capital_share",
    "stop_share",
    "digit_share",
    "alpha_share",
    "ends_stop",
    "ends_colon_comma",
    "no_end",
    "url",
    "url_share",
    "mail_phone",
    "postcode",
    "closing",
    "citation_short",
    "label_prefix",
    "formula_short",
    "markup_share",
    "bullet",
    "numbered_heading",
    "all_caps",
    "title_like",
)


@cache
def _word_sets() -> tuple[frozenset[str], frozenset[str]]:
    """Auxiliary verbs and subject pronouns (nl/data/words.json) with the commonest forms added."""
    aux = words("auxiliaries") | {"heeft", "hebben", "is", "zijn", "wordt", "worden", "zal", "zullen"}
    # finite verbs among the search stopwords, which the verb-shape features skip
    aux |= {"staat", "stond", "staan", "stonden", "wil", "wilt", "ben", "heb", "hebt", "doen", "doet", "kunt"}
    return aux, words("subject_pronouns") | {"wij", "het", "dit", "dat", "er"}


def features(text: str) -> list[float]:
    """The feature vector of one sentence (see FEATURES). Past MAX_CHARS only the length counts:
    a long stretch of text is read no further (it bounds the work per sentence)."""
    parts = text.split()
    text = " ".join(parts)[:MAX_CHARS]
    toks = _TOKEN.findall(text)
    wordlike = [t for t in toks if t[0].isalnum()]
    alpha = [t for t in wordlike if t.isalpha()]
    low = [fold(t) for t in alpha]
    n = max(len(wordlike), 1)
    aux, pronouns = _word_sets()
    has_aux = any(w in aux for w in low)
    verbal = [w for w in low[1:] if w not in STOPWORDS and not _NOUN_SUFFIX.search(w)]
    verb_like = sum(1 for w in verbal if _VERB_SUFFIX.match(w)) / n
    verb_lemma = any(w.endswith("t") and len(w) > 3 for w in verbal)
    pronoun = any(w in pronouns for w in low)
    capital = sum(1 for t in alpha[1:] if t[0].isupper()) / max(len(alpha) - 1, 1)
    stop = sum(1 for w in low if w in STOPWORDS) / n
    digits = sum(1 for t in wordlike if not t.isalpha()) / n  # a \w+ token with a digit (or _)
    chars = max(len(text), 1)
    alpha_share = sum(map(len, _LETTERS.findall(text))) / chars
    last = text[-1:] if text else ""
    lower = text.lower()
    urls = list(_URL.finditer(text)) if any(u in lower for u in _URL_HINTS) else []
    numbers = digits > 0
    url_chars = sum(m.end() - m.start() for m in urls)
    return [
        math.log1p(max(len(wordlike), len(parts))),
        float(len(wordlike) <= 4),
        float(has_aux),
        verb_like,
        float(verb_lemma),
        float(not has_aux and not verb_lemma),
        float(not has_aux and not verb_lemma and not verb_like and not pronoun),
        float(bool(_AGENDA.match(text)) and not has_aux and not verb_lemma),
        float(pronoun),
        capital,
        stop,
        digits,
        alpha_share,
        float(last in ".?!"),
        float(last in ":,;"),
        float(last.isalnum()),
        float(bool(urls)),
        url_chars / max(len(text.replace(" ", "")), 1),
        float(bool("@" in text and _MAIL.search(text) or numbers and _PHONE.search(text))),
        float(bool(numbers and _POSTCODE.search(text))),
        float(min(len(_CLOSING.findall(text)), 3)),
        float(bool(_CITATION.search(text)) and len(wordlike) <= 15),
        float(bool(_LABEL.match(text))),
        float(bool(_FORMULA.search(text)) and len(wordlike) <= 10),
        sum(m.end() - m.start() for m in _MARKUP.finditer(text)) / chars,
        float(bool(_BULLET.match(text))),
        float(bool(_NUMBERED.match(text)) and last not in ".?!;:," and len(wordlike) <= 10),
        float(len(alpha) > 0 and all(t.isupper() for t in alpha if len(t) > 1)),
        float(len(alpha) > 0 and sum(1 for t in alpha if t[0].isupper()) >= 0.6 * len(alpha)),
    ]


def load_labels(path: Path = LABELS) -> list[dict]:
    """The labelled sentences: {text, says, source, doc}."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 50) -> np.ndarray:
    """Weights (bias last) of an L2-regularised logistic regression with balanced classes, by
    Newton's method: a few milliseconds for a few hundred rows, and no scikit-learn import (seconds)
    on the first search of a process."""
    xb = np.hstack([x, np.ones((x.shape[0], 1))])
    pos = max(int(y.sum()), 1)
    neg = max(len(y) - pos, 1)
    weight = np.where(y == 1, len(y) / (2 * pos), len(y) / (2 * neg))
    reg = np.full(xb.shape[1], l2)
    reg[-1] = 0.0  # the bias is not shrunk
    w = np.zeros(xb.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-xb @ w))
        grad = xb.T @ (weight * (p - y)) + reg * w
        hess = (xb * (weight * p * (1 - p))[:, None]).T @ xb + np.diag(reg)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


class InformativeModel:
    """Standardised features and a logistic regression, trained on labelled sentences."""

    def __init__(self, rows: list[dict]) -> None:
        x = np.array([features(r["text"]) for r in rows], dtype=np.float64)
        y = np.array([int(r["says"]) for r in rows], dtype=np.float64)
        self.mean = x.mean(axis=0)
        self.scale = x.std(axis=0) + 1e-9
        self.weights = fit_logistic((x - self.mean) / self.scale, y)

    def scores(self, texts: list[str]) -> np.ndarray:
        """P(says something) of each text."""
        return self.probabilities(np.array([features(t) for t in texts], dtype=np.float64))

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """P(says something) of each row of features."""
        if not len(x):
            return np.zeros(0, dtype=np.float32)
        z = ((x - self.mean) / self.scale) @ self.weights[:-1] + self.weights[-1]
        return (1 / (1 + np.exp(-z))).astype(np.float32)


@cache
def model() -> InformativeModel:
    """The model trained on every labelled sentence, once per process."""
    return InformativeModel(load_labels())


def informative(texts: list[str], trained: InformativeModel | None = None) -> np.ndarray:
    """P(says something) of each sentence, in [0, 1], by `trained` (default: the shipped model). A
    sentence that is mostly URLs, and the shapes of `furniture_shape`, are furniture whatever else
    the model sees in them (footnote links run into the next sentence)."""
    x = np.array([features(t) for t in texts], dtype=np.float64).reshape(len(texts), len(FEATURES))
    try:
        scores = (trained or model()).probabilities(x)
    except OSError:  # an install without the labelled sentences: rank as before rather than fail
        scores = np.ones(len(texts), dtype=np.float32)
    if len(x):
        scores[x[:, FEATURES.index("url_share")] >= 0.5] = 0.0
        scores[[i for i, t in enumerate(texts) if furniture_shape(t)]] = 0.0
    return scores


def furniture_shape(text: str) -> bool:
    """Furniture in any council by its shape: a list entry or a footnote (_LISTED, _LISTED_MOTION,
    _FOOTNOTE), a numbered label with no verb form or subject after it ("Advies 2: Op alle scholen
    op jongere leeftijd beginnen met verkeerslessen.", "Bijlage 1 – Relevante artikelen uit de Wob"):
    a heading, where "Vraag 3: Is het college bekend met ..." and "Antwoord 3: Wij hebben ..." stay;
    or the title of an agenda item or a document (_AGENDA: "Voorstel tot het vaststellen van de
    Verordening ...", "Schriftelijke vragen van het lid IJmker inzake ...") without a verb form."""
    text = " ".join(_TAG.sub(" ", text).split())[:MAX_CHARS]
    if _LISTED.search(text) or _LISTED_MOTION.match(text) or _FOOTNOTE.match(text):
        return True
    label, agenda = _LABEL.match(text), _AGENDA.match(text)
    if not label and not agenda:
        return False
    aux, pronouns = _word_sets()
    verbs = aux | (pronouns if label else words("subject_pronouns"))
    return not any(w in verbs for w in map(fold, _LETTERS.findall(text)))
