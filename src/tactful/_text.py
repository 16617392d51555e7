"""Text hygiene shared by every stage: payload text is data, and it is cleaned before use.

>>> clean_text("Balance\\x1b[31m low\\u202e\\r\\nnow")
'Balance[31m low now'
>>> clean_text("x" * 10, limit=4)
'xxx…'
>>> strip_invisible("12\\u200f,50\\xa0€")
'12,50\\xa0€'
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

# Everything a terminal, a mail header or a bidi algorithm treats as a command, not a letter:
# C0 and C1 controls, DEL, bidi embeddings/overrides/isolates/marks, zero-width and
# invisible formatting characters, line and paragraph separators, tag characters, lone
# surrogates (which no UTF-8 encoder accepts), and the noncharacters U+FDD0-U+FDEF, which a
# program keeps for its own use (the text channels mark isolates with two of them).
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufdd0-\ufdef\ufe00-\ufe0f\ufeff\uffa0"
    "\ufff0-\ufffb"
    "\U000e0000-\U000e0fff\ud800-\udfff]"
)
# Bidi marks and zero-width spaces, but not the joiner and non-joiner (U+200C, U+200D): Persian
# and Indic spelling needs them in our own translations. Payload text loses them in clean_text.
BIDI_AND_ZERO_WIDTH = "\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
_BIDI_AND_ZERO_WIDTH = re.compile(f"[{BIDI_AND_ZERO_WIDTH}]")
_BREAKS = re.compile("[\t\n\r\u2028\u2029\x85\x0b\x0c]+")
_SPACES = re.compile(r"[ \u00a0\u2000-\u200a\u202f\u205f\u3000]{2,}")
_MAX_COMBINING = 4


def lazy_pattern(pattern: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """A regular expression compiled when it is first used: importing tactful should not
    pay for patterns that most messages never need."""
    return functools.cache(lambda: re.compile(pattern, flags))


def clean_text(value: str, *, limit: int = 500) -> str:
    """Payload text made safe to show anywhere: one line, no controls, at most ``limit`` chars.

    Line breaks become spaces (a provider message is one paragraph, so it cannot scroll a
    terminal or start a mail header); invisible and control characters are removed; runs of
    combining marks are cut so that no glyph grows without bound; the result is cut at a
    character boundary with an ellipsis.
    """
    # Cut early, so that the cost of the passes below does not depend on the input size.
    text = value[: limit * 4]
    if text.isascii() and text.isprintable():
        # No line break, control or invisible character is both ASCII and printable.
        if "  " in text:
            text = _SPACES.sub(" ", text)
        text = text.strip()
        return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
    text = _BREAKS.sub(" ", text)
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", _limit_combining(text)).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def strip_invisible(value: str) -> str:
    """Remove bidi marks and zero-width characters, e.g. those CLDR puts into Arabic amounts."""
    return value if value.isascii() else _BIDI_AND_ZERO_WIDTH.sub("", value)


def _limit_combining(text: str) -> str:
    # ASCII has no combining marks; most provider messages are ASCII, or nearly (a dash, a
    # currency sign), so each distinct character is looked up once.
    if text.isascii() or not any(map(unicodedata.combining, set(text))):
        return text
    out: list[str] = []
    run = 0
    for ch in text:
        run = run + 1 if unicodedata.combining(ch) else 0
        if run <= _MAX_COMBINING:
            out.append(ch)
    return "".join(out)
