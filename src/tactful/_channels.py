"""Stage 7: finish rendered output for the channel it travels through.

Each channel has its own hazards: a terminal obeys escape sequences, a mail header ends at a
line break, a Markdown renderer reads ``*`` and ``[``. The presenter already removed controls
from payload text; these functions hold the final line for the whole output, and wrap text to
the reader's width (East Asian wide characters count twice).

>>> wrap("Top up $5 at https://billing.example.com/a-very-long-path", width=20)
['Top up $5 at', 'https://billing.example.com/a-very-long-path']
>>> wrap("残高が不足しているため、このリクエストを実行できませんでした。", width=20)
['残高が不足しているた', 'め、このリクエストを', '実行できませんでし', 'た。']
"""

from __future__ import annotations

import re
import unicodedata

from ._text import strip_invisible

DEFAULT_WIDTH = 72
_TEXT_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\U000e0000-\U000e0fff\ud800-\udfff]"
)


def text_width(text: str) -> int:
    """Columns ``text`` takes in a terminal."""
    return sum(_char_width(ch) for ch in text)


def _char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def wrap(paragraph: str, width: int = DEFAULT_WIDTH) -> list[str]:
    """Wrap at spaces, or between wide characters; never inside a word or a URL."""
    width = max(width, 20)
    lines: list[str] = []
    line = ""
    for token in _tokens(paragraph):
        if token == " ":  # noqa: S105 - a space token, not a secret
            if line:
                line += " "
            continue
        candidate = line + token
        if text_width(candidate.rstrip()) <= width or not line.strip():
            line = candidate
        else:
            lines.append(line.rstrip())
            line = token
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _tokens(text: str) -> list[str]:
    # Words and spaces; each wide character is a token of its own, since CJK text has no spaces.
    tokens: list[str] = []
    word = ""
    for ch in text:
        if ch == " ":
            if word:
                tokens.append(word)
                word = ""
            tokens.append(" ")
        elif _char_width(ch) == 2:
            if word:
                tokens.append(word)
                word = ""
            tokens.append(ch)
        else:
            word += ch
    if word:
        tokens.append(word)
    return _keep_closing_punctuation(tokens)


_CLOSING = frozenset("。、，．！？）」』】〕〉》”’：；・ー")


def _keep_closing_punctuation(tokens: list[str]) -> list[str]:
    # CJK line-breaking rules: a line never starts with a full stop, comma or closing bracket.
    out: list[str] = []
    for token in tokens:
        if token in _CLOSING and out and out[-1] != " ":
            out[-1] += token
        else:
            out.append(token)
    return out


def _wrap_indented(line: str, width: int) -> str:
    # Details are indented by two spaces; their continuation lines by four.
    wrapped = wrap(line, width - 4)
    return "\n".join(("  " if i == 0 else "    ") + part for i, part in enumerate(wrapped))


def finish_text(rendered: str, width: int = DEFAULT_WIDTH) -> str:
    """Plain text: paragraphs wrapped to ``width``, no controls, no invisible characters.

    The template separates paragraphs with blank lines; lines that start with two spaces are
    kept as they are (indented details).
    """
    text = strip_invisible(_TEXT_UNSAFE.sub("", rendered.replace("\r\n", "\n")))
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.split("\n")
        if all(line.startswith("  ") for line in lines):
            out.append("\n".join(_wrap_indented(line.strip(), width) for line in lines))
        else:
            out.append("\n".join(wrap(" ".join(part.strip() for part in lines), width)))
    return "\n\n".join(block for block in out if block) + "\n"
