"""The municipality a letter is of, from its text (ingest/describe.py), issue #14: figures of Den Haag
letters were attributed to the letterhead's placeholder text when "Gemeente Den Haag" was not read."""

from raadsbrieven.ingest.describe import infer_municipality


def test_a_capitalised_letterhead_names_the_municipality():
    assert infer_municipality("Gemeente Den Haag Postbus 12600\nGeachte leden van de raad,") == "Den Haag"
    # an OCR'd letterhead ("Gemeente Bezoele Am ste rda m") loses to a known municipality named less often
    letterhead = "Gemeente Bezoele Am ste\nGemeente Bezoele Am\nGemeente Amsterdam"
    assert infer_municipality(letterhead) == "Amsterdam"
