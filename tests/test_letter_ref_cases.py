"""Letter references written the ways real letters write them (own sentences, written for these tests).

By title and date, by kamerstuk, Handelingen, voordracht or RIS number, requests and e-mails by date,
dates resolved against the letter's date ("jl.", "vorig jaar", "van de 27ste", "van heden"), a title the
document dates elsewhere, a date broken over two lines; and the negatives: a bare date in a table, the
letterhead's own kenmerk and date, a deadline, a motie's own number, a paper's own kamerstuk number.
"""
# ruff: noqa: E501  (tables of letter sentences read better unwrapped)

import pytest
from raadsbrieven.extractors import letter_ref

from raadsbrieven.ingest.describe import doc_context
from raadsbrieven.model import DocContext, Sentence
from tests._factdoc import extract_checked


def make_doc(
    *sentences: str, head: str = "Geachte leden van de raad,", date: str = "2024-03-12"
) -> DocContext:
    text, spans = head + "\n\n", []
    for s in sentences:
        spans.append((len(text), len(text) + len(s)))
        text += s + "\n\n"
    doc = doc_context("refs.txt", text, date, None, [])
    doc.sentences = [Sentence(text=text[a:b], start=a, end=b, index=i) for i, (a, b) in enumerate(spans)]
    return doc


def refs(doc: DocContext, index: int = 0):
    return extract_checked(letter_ref, doc.sentences[index], doc)


def one(sentence: str, date: str = "2024-03-12"):
    return [(f.date, f.kenmerk) for f in refs(make_doc(sentence, date=date))]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # by title and date
        ("In de raadsbrief Eerste resultaten proef autoluwe Zuidas (14 september 2023) is de aanpak beschreven.", [("2023-09-14", None)]),
        ("Bijlage 2 Evaluatie buurtbudgetten Oost (Bureau Onderzoek, 30 oktober 2023)", [("2023-10-30", None)]),
        ("Het onderzoek Jongeren en schulden (Nibud, 2023) laat een stijging zien.", [("2023", None)]),
        ("Zie ook de memo Planning groenonderhoud 2024 van 9 januari jl. voor de details.", [("2024-01-09", None)]),
        ("Zie de raadsinformatiebrief d.d. 5 december 2023.", [("2023-12-05", None)]),
        # requests, e-mails and informing by date
        ("Naar aanleiding van uw verzoek van 2 februari 2024 sturen wij u de gevraagde stukken.", [("2024-02-02", None)]),
        ("In uw e-mail van 20 januari 2024 vraagt u om een toelichting.", [("2024-01-20", None)]),
        ("Op 15 november 2023 hebben wij u per brief geïnformeerd over de vertraging.", [("2023-11-15", None)]),
        # by number
        ("De gevolgen zijn beschreven in de nota van wijziging (Kamerstuk 36 180, nr. 14).", [(None, "36 180, nr. 14")]),
        ("Dit volgt uit de memorie van toelichting, Kamerstukken II 2022/23, 36 250, nr. 3.", [(None, "36 250, nr. 3")]),
        ("De minister zegde dit toe tijdens het debat (Handelingen II 2022/23, nr. 41, blz. 12).", [(None, "Handelingen II 2022/23, nr. 41, blz. 12")]),
        ("Kennisnemen van de raadsinformatiebrief over de sluisrenovatie Nr. VN2024-004512", [(None, "VN2024-004512")]),
        ("Het college verwijst naar de Nota Ruimte voor Sport (RIS317702) en de uitvoeringsagenda.", [(None, "RIS317702")]),
        ("Het besluit is genomen conform het advies onder kenmerk 2024/0815-AB.", [(None, "2024/0815-AB")]),
    ],
)  # fmt: skip
def test_references(sentence, expected):
    assert one(sentence) == expected


@pytest.mark.parametrize(
    "sentence, letter_date, expected",
    [
        ("Wij verwijzen naar onze brief van 28 december jl.", "2024-01-10", "2023-12-28"),
        ("Zoals toegezegd in de raadsbrief van vorig jaar informeren wij u nu opnieuw.", "2024-03-12", "2023"),
        ("In uw brief van de 27ste vraagt u om uitstel.", "2024-03-12", "2024-02-27"),
        ("In uw brief van de 3e vraagt u om uitstel.", "2024-03-12", "2024-03-03"),
        ("Hierbij stuur ik u een afschrift van mijn brief van heden aan de Eerste Kamer.", "2024-03-12", "2024-03-12"),
        ("Ten tijde van de vorige raadsbrief in november was dit nog niet bekend.", "2024-03-12", "2023-11"),
    ],
)  # fmt: skip
def test_dates_resolved_against_the_letter(sentence, letter_date, expected):
    assert [d for d, _ in one(sentence, letter_date)] == [expected]


def test_a_date_and_a_kamerstuk_are_one_reference():
    (fact,) = refs(
        make_doc("Ik verwijs naar mijn brief van 4 april 2023 (Kamerstuk 36 200, nr. 88) over dit onderwerp.")
    )
    assert (fact.date, fact.kenmerk) == ("2023-04-04", "36 200, nr. 88")


def test_a_title_dated_elsewhere_in_the_letter():
    doc = make_doc(
        "Bijlage 1 Verkeersonderzoek Centrumring Noord (4 maart 2024)",
        "In het Verkeersonderzoek Centrumring Noord staat dat de drukte toeneemt.",
        date="2024-03-20",
    )
    (fact,) = refs(doc, 1)
    assert (fact.text, fact.date) == ("Verkeersonderzoek Centrumring Noord", "2024-03-04")


def test_a_date_broken_over_two_lines():
    doc = make_doc(
        "Bijlage 3 Advies van de GGD over luchtkwaliteit (GGD, 18", "januari 2024)", date="2024-03-01"
    )
    (fact,) = refs(doc, 0)
    assert fact.date == "2024-01-18"


def test_a_letter_sent_with_this_one():
    (fact,) = refs(
        make_doc("Gelijktijdig met deze brief ontvangt u de brief over de tarieven van het zwembad.")
    )
    assert (fact.date, fact.title) == ("2024-03-12", "de tarieven van het zwembad")


def test_a_title_cut_off_from_its_ris_number():
    doc = make_doc(
        "Dit bleek al uit de beantwoording van de schriftelijke vragen ‘Waar blijft de fietsenstalling?’",
        "(RIS319999) die u eerder ontving.",
    )
    assert [f.kenmerk for f in refs(doc, 0)] == ["RIS319999"]
    assert [f.kenmerk for f in refs(doc, 1)] == ["RIS319999"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Datum | 12 maart 2024 | Locatie | Stadhuis",  # a bare date in a table
        "Week 12 | 18 maart 2024 | 19 maart 2024 | 20 maart 2024",
        "Den Haag, 12 maart 2024",  # the letter's own date and place
        "Wij informeren u uiterlijk 1 juni 2024 over de uitkomsten.",  # a deadline, not a letter
        "Sinds 1 januari 2024 geldt de nieuwe verordening.",
        "De regeling loopt van 1 april 2023 tot en met 31 december 2023.",
        "In deze brief informeren wij u over de stand van zaken.",
        "De commissie vergadert op 4 april 2024 over dit voorstel.",
        "Zie de raadsbrief voor meer informatie.",  # no date, no number: nothing to find it by
    ],
)
def test_not_a_reference(sentence):
    assert one(sentence) == []


def test_the_letterhead_kenmerk_is_not_a_reference():
    doc = make_doc(
        "Ons kenmerk 2024/123456",
        "Retouradres: Postbus 100, 1000 AA Stad Ons kenmerk RIS321000 Aan de gemeenteraad",
        "RIS321001",
        "Met deze brief informeren wij u over de voortgang.",
        head="Gemeente Stad",
    )
    assert [refs(doc, i) for i in range(4)] == [[], [], [], []]


def test_a_motie_number_is_not_a_letter_reference():
    doc = make_doc(
        "Uw raad heeft de motie ‘Schaduw op schoolpleinen’ (RIS322101) aangenomen bij de bespreking van de Nota Groen (RIS321870)."
    )
    assert [f.kenmerk for f in refs(doc)] == ["RIS321870"]


def test_a_papers_own_kamerstuk_number_is_not_a_reference():
    doc = make_doc(
        "Ik verwijs naar de eerdere brief (Kamerstuk 36 100, nr. 4).",
        "’s-Gravenhage Tweede Kamer, vergaderjaar 2023–2024, 36 100, nr. 7",
        head="Tweede Kamer der Staten-Generaal\n\nVergaderjaar 2023–2024\n\n36 100 Wijziging van de Gemeentewet\n\nNr. 7 BRIEF VAN DE MINISTER",
    )
    assert [f.kenmerk for f in refs(doc, 0)] == ["36 100, nr. 4"]
    assert refs(doc, 1) == []


def test_the_filter_keeps_hard_evidence_and_drops_what_the_rules_flag():
    hard = letter_ref.Candidate(0, 9, "ris", kenmerk="RIS321234")
    flagged = letter_ref.Candidate(0, 12, "noun_date", date="2024-05-01", marks=["rule_future"])
    assert letter_ref.keep(hard, "RIS321234") is True
    assert letter_ref.keep(flagged, "brief van 1 mei 2024") is False


def test_the_filter_rows_ship_with_the_package():
    rows = letter_ref.filter_rows()
    assert rows, "patterns/letter_ref_filter.jsonl is missing"
    assert {r["label"] for r in rows} == {0, 1}
    assert {"context", "features", "cue", "source"} <= set(rows[0])


def test_the_shipped_filter_is_current_and_predicts_as_a_fresh_fit(tmp_path):
    """patterns/letter_ref_filter.npz spares every process the fit (and scikit-learn's import): it must
    be fitted from the shipped rows, and weigh every row exactly as a fit on them does."""
    import numpy as np

    shipped = letter_ref.load_filter()
    assert shipped is not None, (
        "patterns/letter_ref_filter.npz is stale: run python eval/build_training.py "
        "(or letter_ref.write_filter()) after changing the filter rows or its settings"
    )
    rows = letter_ref.filter_rows()
    fresh = letter_ref.fit_filter(rows)
    a = np.array([shipped.probability(r) for r in rows])
    b = np.array([fresh.probability(r) for r in rows])
    assert np.array_equal(a, b)
    assert (a >= letter_ref.FILTER_THRESHOLD).any() and (a < letter_ref.FILTER_THRESHOLD).any()
    # and what scikit-learn's own pipeline says, which the filter was before it shipped
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    soft = [r for r in rows if r.get("cue", "").split("+")[0] not in letter_ref.HARD_CUES]
    pipeline = make_pipeline(
        TfidfVectorizer(analyzer=letter_ref._analyzer, sublinear_tf=True, min_df=1),
        LogisticRegression(C=letter_ref.FILTER_C, class_weight="balanced", max_iter=2000),
    ).fit(soft, [int(r["label"]) for r in soft])
    assert np.allclose(pipeline.predict_proba(rows)[:, 1], a, rtol=0, atol=1e-12)
    # a filter fitted from other rows is not taken for the shipped one
    path = letter_ref.save_filter(fresh, tmp_path / "f.npz", key="other rows")
    assert letter_ref.load_filter(path) is None
    assert letter_ref.load_filter(path, key="other rows") is not None
