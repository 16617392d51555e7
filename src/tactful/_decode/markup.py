"""XML error bodies (``<Error><Code>403</Code><Message>Over quota limit.</Message></Error>``),
read into the same plain records as JSON, so that the same member names find the code and
the message.

Read with the standard library's parser, and only when the text declares no document type:
a DTD is where entity expansion and external entities live, so a body with one stays text.

>>> read_xml("<Error><Code>403</Code><Message>Over quota limit.</Message></Error>")
{'Error': {'Code': '403', 'Message': 'Over quota limit.'}}
>>> read_xml('<?xml version="1.0"?><e:Fault xmlns:e="urn:x"><faultstring>No credit</faultstring></e:Fault>')
{'Fault': {'faultstring': 'No credit'}}
>>> read_xml("<!DOCTYPE x [<!ENTITY a 'b'>]><x>&a;</x>") is None
True
>>> read_xml("<html><body>502 Bad Gateway</body></html>") is None
True
>>> read_xml("<script>alert(1)</script>") is None
True
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from typing import Any

from .decoded import MAX_DEPTH, MAX_ITEMS, MAX_NODES, MAX_STRING_CHARS

_XML_START = re.compile(r"\s*(?:<\?xml[^>]{0,200}\?>\s*)?<([A-Za-z_][\w.\-]*:)?[A-Za-z_]")
# A web page is not an error record: its text is read as text.
_PAGE_ROOTS = frozenset({"html", "head", "body", "svg"})


def read_xml(text: str) -> dict[str, Any] | None:
    """The record an XML body holds (``{root: {child: text, ...}}``), or ``None``."""
    if not _XML_START.match(text) or "<!" in text:
        return None  # not XML, or a DTD, a comment or CDATA: left as text
    try:
        root = ElementTree.fromstring(text)  # noqa: S314 - no DTD (checked above), size capped
    except (ElementTree.ParseError, ValueError):
        return None
    name = _local(root.tag)
    if name.lower() in _PAGE_ROOTS or len(root) == 0:
        return None  # a page, or one element of markup ("<b>No credit</b>"): text, not a record
    budget = [MAX_NODES]
    return {name: _value(root, 0, budget)}


def _value(element: ElementTree.Element, depth: int, budget: list[int]) -> Any:
    budget[0] -= 1
    children = list(element)[:MAX_ITEMS]
    text = (element.text or "").strip()[:MAX_STRING_CHARS]
    if not children or depth >= MAX_DEPTH or budget[0] <= 0:
        return text
    record: dict[str, Any] = {}
    for child in children:
        name = _local(child.tag)
        value = _value(child, depth + 1, budget)
        if name in record:  # repeated elements become a list
            earlier = record[name]
            record[name] = [*earlier, value] if isinstance(earlier, list) else [earlier, value]
        else:
            record[name] = value
    return record


def _local(tag: Any) -> str:
    """A tag without its namespace (``{urn:x}Fault`` is ``Fault``)."""
    return str(tag).rsplit("}", 1)[-1][:64]
