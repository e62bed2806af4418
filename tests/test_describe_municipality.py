"""The municipality a letter is of, from its text (ingest/describe.py), issue #14: figures of Den Haag
letters were attributed to the letterhead's placeholder text when "Gemeente Den Haag" was not read."""

from raadsbrieven.ingest.describe import infer_municipality


def test_a_capitalised_letterhead_names_the_municipality():
    assert infer_municipality("Gemeente Den Haag Postbus 12600\nGeachte leden van de raad,") == "Den Haag"
    # an OCR'd letterhead ("Gemeente Bezoele Am ste rda m") loses to a known municipality named less often
    letterhead = "Gemeente Bezoele Am ste\nGemeente Bezoele Am\nGemeente Amsterdam"
    assert infer_municipality(letterhead) == "Amsterdam"


DEBATE = (
    "De voorzitter: Aan de orde is het debat over de steun aan woningcorporaties. Ik heet de minister en de "
    "Kamerleden welkom. De heer Koerhuis (VVD): Voorzitter. Ik wil de minister bedanken voor haar toezegging "
    "dat de gemeente Geertruidenberg geen verlies kan doorschuiven. Heeft de Kamer dat al gezien? De Kamer "
    "heeft om een brief gevraagd. Als Kamerlid vraag ik dat nogmaals. De voorzitter: Dank u wel. Ik geef het "
    "woord aan een ander Kamerlid. De minister zal de Kamer informeren over de gemeente Geertruidenberg."
)


def test_a_debate_of_the_kamer_is_no_letter_of_the_municipality_it_speaks_of():
    assert infer_municipality(DEBATE) is None


def test_a_council_letter_that_mentions_the_kamer_keeps_its_municipality():
    letter = (
        "Gemeente Utrecht\nGeachte leden van de raad,\nDe minister heeft de Kamer geïnformeerd; de Kamer "
        "heeft een motie aangenomen en de Kamerleden vroegen om een Kamerbrief, die de Kamer nu heeft. Wij "
        "informeren uw raad hierover. Het college van B&W, de wethouder en de raadsleden van de gemeenteraad "
        "van Utrecht, met de raadsbrief van de wethouder en het raadsvoorstel."
    )
    assert infer_municipality(letter) == "Utrecht"
