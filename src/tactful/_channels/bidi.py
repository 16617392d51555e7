"""Bidi isolation for the plain-text channels (text, terminal, Markdown, the email's text part).

HTML puts every value of a right-to-left message in a ``<bdi>``; plain text has no element
for it, so the Unicode isolates do the same work: U+2068 FIRST STRONG ISOLATE opens a value,
U+2069 POP DIRECTIONAL ISOLATE closes it, and the value is laid out on its own, in its own
direction, as ``<bdi>`` lays it out (its direction is its first strong letter, so "4.50 $"
and an English provider message read left to right, in every channel alike).

Finished text never holds a bidi control that came from a payload, a catalog or a template:
channels strip them all (``base.TEXT_UNSAFE_OR_INVISIBLE``). So the isolates are carried
through the template as two markers instead, noncharacters that Unicode keeps for a
program's internal use (U+FDD0, U+FDD1; payload text loses them in ``_text.clean_text``, and
every value loses them here before it is marked). After cleaning and wrapping, balanced marker
pairs become FSI/PDI, line by line, and any other marker is dropped: the only isolates in an
output are tactful's own, balanced on every line, and only in right-to-left messages.

>>> from tactful._present.sentence import interpolate
>>> marked = marked_sentence(interpolate("Balance: %(b)s.", {"b": "4.50 $"}))
>>> finished(marked, isolates=True) == "Balance: \\u20684.50 $\\u2069."
True
>>> finished(marked, isolates=False)
'Balance: 4.50 $.'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from .._present import Presentation, Sentence

OPEN = "\ufdd0"
CLOSE = "\ufdd1"
FSI = "\u2068"
PDI = "\u2069"
MARKERS = re.compile(f"[{OPEN}{CLOSE}]")
MARKERS_SET = frozenset((OPEN, CLOSE))


def unmarked(text: str) -> str:
    """``text`` without markers."""
    return MARKERS.sub("", text) if OPEN in text or CLOSE in text else text


def marked(text: str) -> str:
    """``text`` as one isolated value (empty text stays empty)."""
    text = unmarked(text)
    return OPEN + text + CLOSE if text else ""


def marked_sentence(sentence: Sentence, escape: Callable[[str, bool], str] | None = None) -> str:
    """The sentence as text with each value marked; ``escape(text, is_value)`` (Markdown's)
    is applied to each part first."""
    out = []
    for text, is_value in sentence.parts:
        text = unmarked(text)
        if escape is not None:
            text = escape(text, is_value)
        out.append(marked(text) if is_value else text)
    return "".join(out)


def isolated_context(presentation: Presentation) -> dict[str, Any]:
    """The template context of a plain-text channel: in a right-to-left message every value
    and every payload text is marked for isolation; otherwise the presentation's own."""
    p = presentation
    context = p.context()
    if p.dir != "rtl":
        return context
    context.update(_isolated_fields(p, lambda s: marked_sentence(s), marked))
    return context


def _isolated_fields(
    p: Presentation,
    sentence: Callable[[Sentence], str],
    payload: Callable[[str], str],
) -> dict[str, Any]:
    """The fields of ``p`` that hold values, as plain-text channels show them: ``sentence``
    makes a sentence's text, ``payload`` a payload's value."""

    def link(value: Any) -> SimpleNamespace | None:
        if value is None:
            return None
        return SimpleNamespace(
            label=sentence(value.label), url=value.url, line=sentence(value.line)
        )

    details = None
    if p.details is not None:
        d = p.details
        details = SimpleNamespace(
            heading=d.heading,
            source=sentence(d.source),
            message=payload(d.message) if d.message else None,
            message_line=sentence(d.message_line) if d.message_line else None,
            facts=tuple(
                SimpleNamespace(label=f.label, value=payload(f.value), line=sentence(f.line))
                for f in d.facts
            ),
        )
    return {
        "mirror": sentence(p.mirror),
        "wait": sentence(p.wait) if p.wait else None,
        "action": link(p.action),
        "secondary": link(p.secondary),
        "details": details,
    }


def spans(text: str) -> tuple[str, list[tuple[int, int]]]:
    """``text`` without markers, and the balanced isolates in it as ``(start, end)`` indices
    of that text, in order; unbalanced and empty ones are left out, and one inside another
    is part of the outer one (tactful never nests them).

    >>> spans("a\\ufdd0bc\\ufdd1 \\ufdd1d\\ufdd0e\\ufdd0f\\ufdd1\\ufdd1\\ufdd0")
    ('abc def', [(1, 3), (5, 7)])
    """
    if OPEN not in text:
        return unmarked(text), []
    bare: list[str] = []
    length = 0
    opened: list[int] = []
    found: list[tuple[int, int]] = []
    for piece in re.split(f"([{OPEN}{CLOSE}])", text):
        if piece == OPEN:
            opened.append(length)
        elif piece == CLOSE:
            if opened:
                start = opened.pop()
                if not opened and start < length:
                    found.append((start, length))
        else:
            bare.append(piece)
            length += len(piece)
    return "".join(bare), found


def finished(text: str, *, isolates: bool) -> str:
    """Markers made FSI/PDI pairs (``isolates``) or dropped, a line at a time: an isolate that
    spans a line break is closed at its end and opened again on the next line."""
    if OPEN not in text or not isolates:
        return unmarked(text)
    out = []
    for line in text.split("\n"):
        bare, found = spans(line)
        out.append(_inserted(bare, found, FSI, PDI))
    return "\n".join(out)


def wrap_marked(
    paragraph: str, width: int, wrap: Callable[[str, int], list[str]], measure: Callable[[str], int]
) -> list[str]:
    """``wrap(paragraph, width)`` for text with markers, which take no column: the text is
    wrapped without them and they are put back on each line, balanced there.

    An isolate that fits on a line is kept on one line (its spaces do not break); a longer one
    (a provider's message) breaks at its spaces, and is closed at the end of each line and
    opened again at the start of the next, so that every line is a bidi paragraph of its own
    with its isolates whole. A marker never ends a line: an open one goes with the text after
    it, a close one with the text before it.
    """
    bare, found = spans(paragraph)
    if not found:
        return wrap(bare, width)
    kept = _keep_together(bare, found, width, measure)
    lines = wrap(kept, width)
    out = []
    offset = 0
    # Each line is a piece of ``kept`` (wrapping only drops the spaces it breaks at).
    for line in lines:
        start = kept.find(line, offset)
        end = start + len(line)
        offset = end
        inside = [(max(a, start) - start, min(b, end) - start) for a, b in found]
        out.append(_inserted(bare[start:end], [(a, b) for a, b in inside if a < b], OPEN, CLOSE))
    return out


def _inserted(line: str, found: list[tuple[int, int]], opening: str, closing: str) -> str:
    """``line`` with ``opening`` and ``closing`` around each of the spans (apart, in order)."""
    parts = []
    position = 0
    for start, end in found:
        parts += [line[position:start], opening, line[start:end], closing]
        position = end
    parts.append(line[position:])
    return "".join(parts)


def _keep_together(
    bare: str, found: list[tuple[int, int]], width: int, measure: Callable[[str], int]
) -> str:
    """``bare`` with the spaces of each isolate that fits on a line made no-break ones."""
    chars = list(bare)
    for start, end in found:
        if " " in bare[start:end] and measure(bare[start:end]) <= width:
            for index in range(start, end):
                if chars[index] == " ":
                    chars[index] = _KEPT_SPACE
    return "".join(chars)


# A no-break space stands for a kept space while wrapping; the wrapped line is read back from
# the text before that change (same length, same indices).
_KEPT_SPACE = "\xa0"
