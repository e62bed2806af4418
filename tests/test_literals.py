"""The strings a pattern cannot match without (extractors/literals.py), and the toezegging markers
gated by them: a sentence is searched only with the markers whose strings it holds."""

import re

import pytest
from raadsbrieven.extractors import toezegging_model as model
from raadsbrieven.extractors.literals import required_literals


@pytest.mark.parametrize(
    "pattern, expected",
    [
        (r"\bzal\s+(?:ik|wij)\s+u\s+informeren\b", {"informeren"}),
        (r"\b(?:toezegging|toegezegd)\b", {"toezegging", "toegezegd"}),
        (r"(?:nog\s+)?terugkomen", {"terugkomen"}),  # an optional part is not required
        (r"(?:wij\s+)+zullen", {"zullen"}),  # a repeat of at least one is
        (r"\bvoor\s+de\s+zomer(?=\s)", {"zomer"}),  # a lookahead is not counted
        (r"(?:a|)kom", {"kom"}),  # a branch with an empty alternative gives nothing
        (r"\d+\s*weken|\d+\s*dagen", {"weken", "dagen"}),
        (r"[a-z]+\s+\d+", None),
        (r"(?:verzoekt|a)", None),  # a one-letter alternative is no test
    ],
)
def test_required_literals(pattern, expected):
    found = required_literals(pattern)
    assert found == (frozenset(expected) if expected is not None else None)
    if found:  # every match holds one of them
        for text in ("wij zullen u voor de zomer informeren over de toezegging", "over 12 weken terugkomen"):
            for m in re.finditer(pattern, text):
                assert any(s in m.group() for s in found)


def test_no_constraint_under_ignorecase():
    assert required_literals("zullen", re.IGNORECASE) is None
    assert required_literals("(?i)zullen") is None


def test_gated_markers_fire_exactly_as_searching_every_marker():
    """On the toezegging table's sentences (every source), the gate lets through every marker that fires."""
    rows = model.training_rows()[::3]
    assert len(rows) > 4000
    strings, through, always = model._marker_gates()
    assert len(always) < len(model._markers()) / 4  # most markers are gated
    fired = 0
    for row in rows:
        text = model.normalise(row["text"]).lower()
        every = [name for name, rx in model._markers() if rx.search(text)]
        assert model._fired(text) == every, text
        fired += len(every)
    assert fired > len(rows)
