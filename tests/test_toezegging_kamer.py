"""Toezeggingen in the Kamer's wording, found by the model that never saw a Kamer paper (issue #12).

The leave-one-source-out evaluation (eval/eval_commitments.py, eval/EXPERIMENTS_toezegging.md) scores
the Kamer with a model trained on the councils alone. These tests hold the marker forms that carry
the council's evidence over to the Kamer ("kenbaar maken" beside "informeren"), and the look-alikes
that are motie procedure, not a promise ("Ik laat het oordeel over deze motie aan de Kamer"). The
sentences are written for these tests in the style of the Kamer papers; none is a training sentence.
"""

# ruff: noqa: E501  (tables of sentences read better unwrapped)

import re

import pytest
from raadsbrieven.extractors import toezegging_model as model


def fired(sentence: str) -> set[str]:
    return set(model.markers(model.normalise(sentence)))


@pytest.mark.parametrize(
    "sentence, marker",
    [
        ("Het kabinet zal zijn standpunt mondeling kenbaar maken.", "informeren"),
        ("De minister is bereid dit de Kamer mede te delen.", "informeren"),
        ("De staatssecretaris zal de uitkomst mededelen.", "informeren"),
        ("Ik laat het oordeel over deze motie aan de Kamer.", "motie_request"),
        ("De wethouder geeft de motie oordeel raad.", "motie_request"),
    ],
)
def test_a_marker_names_the_kamer_form(sentence, marker):
    assert marker in fired(sentence)


@pytest.mark.parametrize(
    "sentence, marker",
    [
        ("Het debat over de begroting is gesloten.", "motie_request"),
        ("Het college maakt de keuze voor de locatie bekend.", "informeren"),
        ("Ik laat de evaluatie uitvoeren door een extern bureau.", "motie_request"),
    ],
)
def test_a_marker_leaves_a_look_alike_alone(sentence, marker):
    assert marker not in fired(sentence)


def test_the_bare_word_motie_counts_only_inside_a_conjunction():
    """'motie' alone is no evidence; 'motie' with an afdoening still is, and so is a motie before."""
    assert "motie_word" not in fired("Ik laat het oordeel over deze motie aan de Kamer.")
    assert "motie_afdoen" in fired("Met deze brief doet het college de motie over de bankjes af.")
    context = model.markers(model.normalise("Het college zal dit doen."), context="Over de motie:")
    assert "CTX:motie_word" in context


KAMER_MADE = [
    "Het kabinet zal zijn standpunt over het initiatiefvoorstel tijdens de plenaire behandeling in uw Kamer mondeling kenbaar maken.",
    "De minister zal haar oordeel over de evaluatie voor het algemeen overleg aan de Kamer kenbaar maken.",
]
MOTIE_APPRECIATION = [
    "Ik laat het oordeel over deze gewijzigde motie aan de Kamer.",
    "De wethouder laat het oordeel over de motie aan de raad.",
]


def test_a_model_that_never_saw_the_kamer_reads_its_promises_and_motie_procedure():
    with model.excluding("kamer"):
        made = {s: model.probability(s, national=True) for s in KAMER_MADE}
        appreciation = {s: model.probability(s, national=True) for s in MOTIE_APPRECIATION}
    assert all(p >= model.THRESHOLD for p in made.values()), made
    assert all(p < model.THRESHOLD for p in appreciation.values()), appreciation


def test_these_test_sentences_are_not_training_sentences():
    shipped = {re.sub(r"\s+", " ", r["text"]).strip().lower() for r in model.training_rows()}
    assert not [s for s in KAMER_MADE + MOTIE_APPRECIATION if s.lower() in shipped]
