"""The toezegging model ships fitted (patterns/toezegging_model.npz), so no process pays the ~20 s fit.

These tests keep that file honest: it must match the shipped table, rules and settings, and it must
give exactly what a fresh fit on that table gives, on the real sentences of the seed letters and of
the annotated letters. A changed feature (normalise, a marker) that was not written out fails here.
"""

from pathlib import Path

import numpy as np
from raadsbrieven.extractors import toezegging_model as model

from raadsbrieven.ingest.describe import doc_context
from raadsbrieven.model import Sentence

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def seed_rows() -> list[dict]:
    """The classifier's rows for every sentence-like line of the five seed letters."""
    rows = []
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        doc = doc_context(path.name, text, None, None, [])
        lines, start = [], 0
        for line in text.split("\n"):
            if len(line.strip()) > 20:
                lines.append(Sentence(text=line, start=start, end=start + len(line), index=len(lines)))
            start += len(line) + 1
        rows += model.document_rows(lines, doc)
    return rows


def test_the_shipped_model_matches_the_shipped_table_rules_and_settings():
    assert model.SHIPPED_MODEL.exists()
    assert model.load_shipped() is not None, (
        "patterns/toezegging_model.npz is stale: run python eval/build_training.py "
        "(or toezegging_model.write_shipped()) after changing the table, the rules or the settings"
    )


def test_the_default_classifier_is_the_shipped_one_without_fitting(monkeypatch):
    model._trained.cache_clear()

    def no_fit(rows):
        raise AssertionError("fitted although a current model is shipped")

    monkeypatch.setattr(model, "fit", no_fit)
    try:
        assert model.classifier() is model.classifier()
    finally:
        model._trained.cache_clear()


def test_the_shipped_model_predicts_exactly_as_a_fresh_fit():
    rows = seed_rows()
    table = model.training_rows()
    rows += table[::10]
    assert len(rows) > 1500
    shipped = model.load_shipped()
    fresh = model.fit(table)
    assert np.array_equal(shipped.detect_w, fresh.detect_w) and np.array_equal(shipped.state_w, fresh.state_w)
    a, b = shipped.predict(rows), fresh.predict(rows)
    # the same weights; the sums may differ in the last bit (another CPU's vector code, another
    # column order of the vocabulary), never in a label
    assert np.allclose(a, b, rtol=0, atol=1e-12)
    assert [model.label_of(p) for p in a] == [model.label_of(p) for p in b]
    assert {model.label_of(p) for p in a} >= {"none", "made"}


def test_a_model_fitted_from_other_data_is_not_used(tmp_path):
    rows = [r for r in model.training_rows() if r.get("source") == "utrecht"]
    clf = model.fit(rows)
    path = model.save(clf, tmp_path / "m.npz", key="another table")
    assert model.load_shipped(path) is None
    again = model.load_shipped(path, key="another table")
    sample = rows[::5]
    assert np.array_equal(again.predict(sample), clf.predict(sample))


def test_no_shipped_file_means_a_fit(tmp_path):
    assert model.load_shipped(tmp_path / "missing.npz") is None


def test_the_shipped_transforms_are_scikit_learns_to_the_bit():
    """The model predicts without scikit-learn (extractors/tfidf.py); its matrices must be exactly
    those of the vectorisers scikit-learn fits, on real sentences and on odd ones."""
    clf = model.load_shipped()
    rows = seed_rows() + model.training_rows()[::7]
    lower, marks = model._features(rows)
    lower += ["", "a", "ik zeg  u\ttoe", "één café – ‘citaat’"]  # empty, a short word, odd spaces, accents
    marks += [{}, {"SHORT": 1.0}, {"not a marker": 1.0}, {}]
    char, word = model._vectorisers()
    for theirs, ours in ((char, clf.char), (word, clf.word)):
        theirs.set_params(vocabulary=ours.vocabulary)
        theirs.idf_ = ours.idf
    from sklearn.feature_extraction import DictVectorizer

    dicts = DictVectorizer(dtype=np.float32)
    dicts.vocabulary_ = clf.marks.vocabulary
    dicts.feature_names_ = sorted(clf.marks.vocabulary, key=clf.marks.vocabulary.__getitem__)
    pairs = (
        (clf.char, char, lower),
        (clf.char, char, lower),
        (clf.word, word, lower),
        (clf.marks, dicts, marks),
    )
    for ours, theirs, items in pairs:  # the character transform twice: cold, then with its words remembered
        a, b = ours.transform(items), theirs.transform(items)
        assert a.dtype == b.dtype and a.shape == b.shape
        assert np.array_equal(a.indptr, b.indptr)
        assert np.array_equal(a.indices, b.indices)
        assert np.array_equal(a.data, b.data)
    assert clf.char.transform(lower).nnz > 100_000


def test_reading_a_letter_does_not_import_scikit_learn():
    """Importing scikit-learn costs ~0.9 s that every reader process would pay before its first
    letter; the shipped models predict without it."""
    import subprocess
    import sys

    code = (
        "import sys; from raadsbrieven.pipeline import warm_up; meta, pages, sentences, facts = warm_up(); "
        "print(sorted({f.kind for f in facts})); print('sklearn' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    kinds, imported = out.strip().splitlines()
    assert "toezegging" in kinds and "letter_ref" in kinds
    assert imported == "False"
