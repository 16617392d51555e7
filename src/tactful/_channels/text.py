"""The plain-text channel: paragraphs wrapped to the reader's width, nothing that is not text."""

from __future__ import annotations

import functools
import re

from . import bidi
from .base import DEFAULT_WIDTH, TEXT_UNSAFE_BUT_BREAKS, FinishContext, Format, SafeMessage
from .wrap import ZERO_WIDTH_SPACE, text_width, wrap

MAX_DETAIL_LINES = 5


@functools.lru_cache(maxsize=512)
def _wrap_indented(line: str, width: int) -> str:
    # Details are indented by two spaces, their continuation lines by four, and a detail takes
    # at most a few lines whatever a provider sent, so it cannot push the message off screen.
    wrapped = _wrapped(line, width - 4)
    if len(wrapped) > MAX_DETAIL_LINES:
        wrapped = [
            *wrapped[: MAX_DETAIL_LINES - 1],
            _cut(wrapped[MAX_DETAIL_LINES - 1], width - 5),
        ]
    return "  " + "\n    ".join(wrapped) if wrapped else ""


def _wrapped(paragraph: str, width: int) -> list[str]:
    # Isolation markers (right-to-left messages) take no column: wrapped around (such a
    # paragraph has no break opportunities of U+200B, which only Thai uses).
    if bidi.OPEN in paragraph:
        paragraph = paragraph.replace(ZERO_WIDTH_SPACE, "")
        return bidi.wrap_marked(paragraph, width, wrap, text_width)
    return wrap(paragraph, width)


def _cut(text: str, width: int) -> str:
    """``text`` cut to ``width`` columns with an ellipsis, an isolate it cuts closed after it."""
    out = ""
    for ch in text:
        if ch not in bidi.MARKERS_SET and text_width(bidi.unmarked(out) + ch) > width:
            break
        out += ch
    out = out.rstrip() + "…"
    return out + bidi.CLOSE if out.count(bidi.OPEN) > out.count(bidi.CLOSE) else out


_PARAGRAPHS = re.compile(r"\n\s*\n")


def finish_text(rendered: str, width: int = DEFAULT_WIDTH, *, isolates: bool = True) -> str:
    """Plain text: paragraphs wrapped to ``width``, no controls, no invisible characters.

    The template separates paragraphs with blank lines; lines that start with two spaces are
    kept as they are (indented details). The values a right-to-left message marked for
    isolation (:mod:`.bidi`) sit between FSI and PDI on each line, or, without ``isolates``,
    as they are.
    """
    # U+200B is kept for the wrapper, which breaks there and leaves it out.
    text = TEXT_UNSAFE_BUT_BREAKS.sub("", rendered.replace("\r\n", "\n")).strip()
    out: list[str] = []
    for block in _PARAGRAPHS.split(text):
        lines = block.split("\n")
        if all(line.startswith("  ") for line in lines):
            block = "\n".join([_wrap_indented(line.strip(), width) for line in lines])
        else:
            block = _wrap_paragraph(" ".join([line.strip() for line in lines]), width)
        if block:
            out.append(block)
    finished = bidi.finished("\n\n".join(out), isolates=isolates)
    return finished.replace(ZERO_WIDTH_SPACE, "") + "\n"


# A recurring message repeats every paragraph and detail line but the one that holds the
# request id, so each is wrapped once and remembered; the key, text and width, is all that
# wrapping reads.


@functools.lru_cache(maxsize=512)
def _wrap_paragraph(paragraph: str, width: int) -> str:
    return "\n".join(_wrapped(paragraph, width))


def finish(rendered: str, job: FinishContext) -> str:
    """The text channel's finishing step: :func:`finish_text` at the job's width."""
    return finish_text(rendered, job.width, isolates=job.rtl_isolates)


def fallback(message: SafeMessage) -> str:
    """The safe built-in message as plain text (the terminal's too: it needs no colour)."""
    lines = [message.title, "", message.mirror]
    if message.url:
        lines += ["", f"{message.action_label}: {message.url}"]
    return finish_text("\n".join(lines))


TEXT = Format("notice.txt", "text/plain", finish, fallback, bidi.isolated_context)
