"""The payload's prose: its texts joined without URLs, and the codes written in it.

``PROSE`` is the set of every pattern recognition applies to prose: one scan of the prose
says which of them can match it at all (see ``gates``), and only those run.
"""

from __future__ import annotations

import re

from .._rules import kinds as kind_rules
from .gates import GateSet, Scan

MAX_TEXT_CHARS = 16 * 1024
"""Prose past this many characters is not looked at."""
PROSE = GateSet()
CODE_KIND = {code: kind for kind, codes in kind_rules.CODES.items() for code in codes}
# Identifiers in prose are codes too: RESOURCE_EXHAUSTED, ThrottlingException, CardError.
PROSE_CODE = PROSE.add(
    r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|\b[A-Z][A-Za-z0-9]*(?:Exception|Error)\b"
)
_PROSE_CODE_WORD = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z][A-Za-z0-9]*(?:Exception|Error)")
# A capital and the rest of its word (the regex engine skips to capitals by itself; the start
# of the word is checked after).
_CAPITALIZED = re.compile(r"[A-Z]\w*")
_WORD_CHAR = re.compile(r"\w")
_CODE_SEGMENT = re.compile(r"[./:]")
_NOT_CODE_CHAR = re.compile(r"[^a-z0-9]")

_URL_CHAR = r"[^\s<>\"'`\\)\]}]"
URL = re.compile(rf"https?://{_URL_CHAR}{{1,2000}}", re.IGNORECASE)
URL_GOES_ON = re.compile(_URL_CHAR)  # a URL match followed by this was cut
_SPACE = re.compile(r"\s")  # the white space that ends a URL, as URL reads it
# Past this many URLs, or under this length, one substitution over the whole text is quicker.
_MAX_URL_WINDOWS = 16
_SHORT_PROSE = 512


def code_tokens(value: str) -> list[str]:
    # Only ASCII codes are trusted: a homoglyph ("ІNSUFFICIENT_BALANCE" with a Cyrillic І) is
    # not the code it imitates. Dotted and slashed names give their last segment too.
    if not value.isascii():
        return []
    parts = [value, *_CODE_SEGMENT.split(value)[-1:]]
    return [_NOT_CODE_CHAR.sub("", part.lower()) for part in parts if part]


def joined_prose(texts: list[str]) -> str:
    """The payload's texts joined, without URLs (a link such as .../docs/rate-limits is not
    words), cut to MAX_TEXT_CHARS; texts past the cut are not looked at."""
    if sum(map(len, texts)) + 3 * len(texts) <= MAX_TEXT_CHARS:
        # All of them fit, and a URL stops at white space, so never crosses a separator:
        # taking the URLs out of the joined text takes them out of each text.
        return without_urls(" \n ".join(texts))
    parts: list[str] = []
    length = -3
    for text in texts:
        if "://" in text:
            text = without_urls(text)
        parts.append(text)
        length += len(text) + 3
        if length >= MAX_TEXT_CHARS:
            break
    return " \n ".join(parts)[:MAX_TEXT_CHARS]


def prose_codes(prose: Scan) -> list[str]:
    """Known codes written as identifiers in prose, as written ("INSTRUMENT_DECLINED").

    Every match of PROSE_CODE is a whole word (a word boundary on each side, word characters
    between), so the words that start with a capital are read one by one and matched whole:
    the same names, without the pattern backtracking through every long capitalized word.
    """
    found: list[str] = []
    if not prose.possible(PROSE_CODE):
        return found
    text = prose.text
    for word in _CAPITALIZED.finditer(text):
        name = word.group(0)
        if not ("_" in name or name.endswith(("Exception", "Error"))):
            continue
        at = word.start()
        if at and _WORD_CHAR.match(text, at - 1):
            continue  # the capital is inside a word, not at its start
        if not _PROSE_CODE_WORD.fullmatch(name):
            continue
        if normalized(name) in CODE_KIND and name not in found:
            found.append(name)
        if len(found) >= 16:
            break
    return found


def normalized(code: str) -> str:
    return _NOT_CODE_CHAR.sub("", code.lower())


def without_urls(text: str) -> str:
    """``URL.sub(" ", text)``, with the substitution run only where a URL can stand.

    Every match has its scheme ("http" or "https") just before a "://" and holds no white
    space, so each lies between five characters before a "://" and the white space after it.
    The regex engine cannot skip ahead over case-insensitive letters by itself, and would try
    the pattern at every character of long prose; text with many URLs is still read whole.
    """
    at = text.find("://")
    if at < 0:
        return text
    if len(text) < _SHORT_PROSE or text.count("://", at) > _MAX_URL_WINDOWS:
        return URL.sub(" ", text)  # quicker in one go than window by window
    pieces: list[str] = []
    done = 0  # the text before this is copied; it ends in white space, or is empty
    while at >= 0:
        start = max(done, at - len("https"))
        space = _SPACE.search(text, at)
        end = space.start() if space is not None else len(text)
        pieces.append(text[done:start])
        pieces.append(URL.sub(" ", text[start:end]))
        done = end
        at = text.find("://", end)
    pieces.append(text[done:])
    return "".join(pieces)
