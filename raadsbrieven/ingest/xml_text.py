"""The text of an XML publication (officielebekendmakingen.nl: Handelingen, Kamerstukken, moties), one
paragraph per block.

Their XML nests paragraphs (`<al>`), titles, speakers and list items in structure elements, with
inline markup (`<nadruk>`, `<extref>`, a speaker's `<naam>`) inside the paragraphs. A block is an
element whose children are all inline: its text, inline markup joined in, becomes one paragraph, so
no tag reaches a sentence and no sentence runs from one speaker into the next.
"""

from __future__ import annotations

import re

INLINE = frozenset(
    {
        "nadruk",
        "extref",
        "intref",
        "noot",
        "noot-ref",
        "sup",
        "inf",
        "sub",
        "voorvoegsels",
        "naam",
        "voornaam",
        "achternaam",
        "functie",
        "politiek",
        "a",
        "b",
        "i",
        "u",
        "em",
        "strong",
        "span",
        "br",
    }
)
SPACE_BEFORE_MARK = re.compile(r"\s+([:;,.?!])(?=\s|$)")  # "De voorzitter :" from "<naam>voorzitter</naam> :"
SKIP = frozenset({"metadata", "meta", "head", "script", "style"})


def looks_like_xml(head: bytes) -> bool:
    """An XML document that is not a web page."""
    at = head[:32].find(b"<?xml")  # after a byte-order mark, also one decoded twice ("ï»¿")
    before = head[:at].strip(b"\xef\xbb\xbf\xc3\xaf\xc2 \t\r\n")
    return at >= 0 and not before and b"<html" not in head.lower()


def xml_to_text(data: bytes) -> str:
    """The paragraphs of an XML document, separated by blank lines; raises ValueError when it does not
    parse."""
    from lxml import etree

    data = data[max(data[:32].find(b"<?xml"), 0) :]
    try:
        root = etree.fromstring(data, etree.XMLParser(recover=False, resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise ValueError(f"the XML does not parse ({exc})") from exc
    parts: list[str] = []
    _blocks(root, parts)
    return "\n\n".join(parts)


def _name(element) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.rsplit("}", 1)[-1].lower()


def _all_inline(element) -> bool:
    return all(
        not isinstance(child.tag, str) or (_name(child) in INLINE and _all_inline(child)) for child in element
    )


def _blocks(element, parts: list[str]) -> None:
    name = _name(element)
    if name in SKIP or not isinstance(element.tag, str):
        return
    if _all_inline(element):
        text = SPACE_BEFORE_MARK.sub(r"\1", " ".join("".join(element.itertext()).split()))
        if text:
            parts.append(text)
        return
    own = " ".join((element.text or "").split())
    if own:
        parts.append(own)
    for child in element:
        if _name(child) in INLINE:
            text = " ".join("".join(child.itertext()).split())
            if text:
                parts.append(text)
        else:
            _blocks(child, parts)
        tail = " ".join((child.tail or "").split())
        if tail:
            parts.append(tail)
