"""Motie procedure in the Kamer's wording, read by the model that never saw a Kamer paper (issue #12).

The leave-one-source-out evaluation (eval/eval_commitments.py, eval/EXPERIMENTS_toezegging.md) scores
the Kamer with a model trained on the councils alone. Its extras were a minister's appreciation of a
motie ("Ik laat het oordeel over deze motie aan de Kamer") and the chair's procedure, lifted by the
bare word "motie". These tests hold the markers that now read them as motie procedure, like a
motie's request. The sentences are written for these tests in the style of the Kamer papers and
Handelingen; none is a training sentence.
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


MOTIE_APPRECIATION = [
    "Ik laat het oordeel over deze gewijzigde motie aan de Kamer.",
    "De wethouder laat het oordeel over de motie aan de raad.",
]


def test_a_model_that_never_saw_the_kamer_leaves_a_motie_appreciation_alone():
    with model.excluding("kamer"):
        appreciation = {s: model.probability(s, national=True) for s in MOTIE_APPRECIATION}
    assert all(p < model.THRESHOLD for p in appreciation.values()), appreciation


def test_these_test_sentences_are_not_training_sentences():
    shipped = {re.sub(r"\s+", " ", r["text"]).strip().lower() for r in model.training_rows()}
    assert not [s for s in MOTIE_APPRECIATION if s.lower() in shipped]
