"""Cleaning measured on generated letters that carry real layout problems, and on the seeds."""

from __future__ import annotations

import re

from raadsbrieven.ingest.clean import clean, join_lines
from raadsbrieven.ingest.describe import describe
from raadsbrieven.ingest.read import read_file
from raadsbrieven.ingest.segment import segment
from tests.conftest import CORPUS


def _body(cleaned) -> str:
    return "\n".join(cleaned.text[b.start : b.end] for b in cleaned.blocks if b.kind not in ("letterhead",))


def test_generated_letters_come_out_clean(letters) -> None:
    multi = [s for s in letters if s.pages >= 2]
    assert multi, "the fixture must make multi-page letters"
    for spec in letters:
        cleaned = clean(read_file(spec.path))
        body = _body(cleaned)
        for footer in spec.footers:
            assert not re.search(rf"(?m)^{re.escape(footer)}$", cleaned.text), (spec.path.name, footer)
        if spec.pages >= 2:
            assert spec.header not in body, spec.path.name
        assert not re.search(r"(?i)pagina \d+ van \d+", cleaned.text)
        if spec.hyphenated_word:
            assert spec.hyphenated_word in cleaned.text, spec.path.name
            left, right = spec.hyphenated
            assert f"{left} {right}" not in cleaned.text and f"{left}{right}" not in cleaned.text
        for kept in spec.kept_hyphens:
            assert kept in cleaned.text, (spec.path.name, kept)


def test_body_sentences_survive_cleaning(letters) -> None:
    found = total = 0
    for spec in letters:
        text = clean(read_file(spec.path)).text
        total += len(spec.sentences)
        found += sum(1 for s in spec.sentences if s in text)
    assert found / total >= 0.97, f"{found}/{total} sentences kept intact"


def test_footnotes_and_tables_stay_out_of_sentences(letters) -> None:
    for spec in letters:
        cleaned = clean(read_file(spec.path))
        sentences = segment(cleaned)
        for _marker, note, _page in spec.footnotes:
            inside = [s.text for s in sentences if note[:30] in s.text and s.text.strip() != note.strip()]
            assert not inside, (spec.path.name, inside)
        for row in spec.table[1:]:
            rows = [s for s in sentences if s.text.split() == " ".join(row).split()]
            assert rows and all(s.residue for s in rows), (spec.path.name, row)


def test_letterhead_metadata_is_read(letters) -> None:
    for spec in letters:
        raw = read_file(spec.path)
        d = describe(raw, clean(raw).text)
        assert d.date == spec.date_iso, spec.path.name
        assert d.date_basis.startswith("letterhead")
        assert d.kenmerk == spec.kenmerk
        assert d.title == spec.onderwerp
        assert d.municipality == spec.gemeente


def test_page_of_each_sentence(letters) -> None:
    spec = next(s for s in letters if s.pages >= 3)
    cleaned = clean(read_file(spec.path))
    pages = {s.page for s in segment(cleaned)}
    assert pages == set(range(1, spec.pages + 1))


def test_hyphen_rules() -> None:
    assert join_lines("de ver-", "anderen gaan") == "de veranderen gaan"
    assert join_lines("in Noord-", "West wonen") == "in Noord-West wonen"
    assert join_lines("het zorg-", "en ondersteuningsaanbod") == "het zorg- en ondersteuningsaanbod"
    assert join_lines("een bedrag van", "4,2 miljoen") == "een bedrag van 4,2 miljoen"


def test_orphan_chart_numbers_in_seed_003_are_residue() -> None:
    cleaned = clean(read_file(CORPUS / "003_17e7bf877dc7f579.txt"))
    residue = [s.text for s in segment(cleaned) if s.residue]
    assert {"26%", "25%", "49%"} <= set(residue)
    # a real sentence with a percentage is not residue
    prose = [s for s in segment(cleaned) if "58 procent" in s.text]
    assert prose and not any(s.residue for s in prose)


def test_double_spaced_text_is_joined_into_sentences() -> None:
    cleaned = clean(read_file(CORPUS / "003_17e7bf877dc7f579.txt"))
    sentence = (
        "Nadat de aanmeldingen gedurende de lockdown en de daarop volgende maanden in 2020 flink afnamen, "
        "werden de buurtteams jeugd & gezin het afgelopen half jaar weer goed gevonden."
    )
    assert sentence in [s.text for s in segment(cleaned)]
