"""XML publications (officielebekendmakingen.nl) are read as paragraphs, without their tags."""

from pathlib import Path

import pytest

from raadsbrieven.ingest.read import ReadError, read_bytes
from raadsbrieven.pipeline import process

SHARED = Path(__file__).resolve().parents[2] / "shared" / "letters-more"
HANDELINGEN = SHARED / "tk_handelingen_h-tk-20172018-61-10_ondernemen-bedrijfsfinanciering.xml"


@pytest.mark.skipif(not HANDELINGEN.exists(), reason="../shared/letters-more is not beside the project")
def test_handelingen_sentences_carry_no_tags_and_speakers_stand_apart():
    raw = read_bytes(HANDELINGEN.read_bytes(), HANDELINGEN.name, str(HANDELINGEN))
    text = raw.pages[0].text
    assert "</al>" not in text and "<spreker>" not in text
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    assert "De voorzitter:" in paragraphs
    promise = next(p for p in paragraphs if "toezeggen" in p)
    assert promise.startswith("Dank u wel") or "Ik wil de heer Wörsdörfer toezeggen" in promise
    assert "Staatssecretaris Keijzer:" not in promise  # the next speaker is a paragraph of its own
    _doc, _pages, sentences, facts = process(raw, HANDELINGEN)
    assert not [s for s in sentences if "<" in str(s)]
    promises = [f for f in facts if f["kind"] == "toezegging"] if facts and isinstance(facts[0], dict) else []
    assert promises is not None


def test_broken_xml_is_named_not_a_traceback():
    with pytest.raises(ReadError, match="XML"):
        read_bytes(b'<?xml version="1.0"?><handelingen><al>open', "kapot.xml")
