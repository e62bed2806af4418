"""The literal strings a regular expression cannot match without: a cheap test before a costly search.

`required_literals(r"\bzal\\s+(?:ik|wij)\\s+u\\s+informeren")` is {"informeren"}: a text without that
string cannot match, so a caller with many patterns tests a few `in` first and searches only the
patterns whose strings occur. The sets are derived from the parsed pattern (Python's own parser), so
a skipped search is one that would have failed; any construct not understood gives no constraint.
"""

from __future__ import annotations

import re

try:
    from re import _constants as C
    from re import _parser as P
except ImportError:  # another Python's internals: no constraints, every pattern is searched
    C = P = None  # type: ignore[assignment]

MAX_ALTERNATIVES = 30  # more than this, and testing the strings costs about what the search does


def required_literals(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """A set of strings one of which every match of `pattern` contains (the most selective found),
    or None. Only for case-sensitive patterns: under IGNORECASE no constraint is given."""
    if P is None or flags & re.IGNORECASE:
        return None
    try:
        parsed = P.parse(pattern, flags)
    except re.error:
        return None
    if parsed.state.flags & re.IGNORECASE:  # an inline (?i)
        return None
    found = _required(list(parsed))
    if not found or len(found) > MAX_ALTERNATIVES or min(map(len, found)) < 2:
        return None
    return found


def _required(items: list) -> frozenset[str] | None:
    """For a sequence of parsed items: the best set any match of the whole sequence needs."""
    candidates: list[frozenset[str]] = []
    run = ""
    for op, av in items:
        if op is C.LITERAL:
            run += chr(av)
            continue
        if op is C.AT:  # a zero-width \b, ^ or $ between two literals keeps them adjacent
            continue
        if run and op is C.BRANCH:  # "toe(?:zegging|gegd)", as the parser factors "toezegging|toegezegd"
            candidates.append(frozenset(run + _leading(list(b)) for b in av[1]))
        if run:
            candidates.append(frozenset([run]))
            run = ""
        if op is C.SUBPATTERN:
            found = _required(list(av[-1]))
        elif op is C.BRANCH:
            branches = [_required(list(b)) for b in av[1]]
            found = frozenset().union(*branches) if all(branches) else None
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
            found = _required(list(av[2]))
        else:
            found = None
        if found:
            candidates.append(found)
    if run:
        candidates.append(frozenset([run]))
    if not candidates:
        return None
    return max(candidates, key=_selectivity)


def _leading(items: list) -> str:
    """The literal a sequence opens with ("" when it opens otherwise)."""
    out = ""
    for op, av in items:
        if op is not C.LITERAL:
            break
        out += chr(av)
    return out


def _selectivity(found: frozenset[str]) -> float:
    """Higher for sets less likely in a text: each string's chance taken as falling ~3x a letter."""
    return -sum(0.3 ** len(string) for string in found)
