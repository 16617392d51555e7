"""The plain-text channel: paragraphs wrapped to the reader's width, nothing that is not text."""

from __future__ import annotations

import functools
import re

from .base import DEFAULT_WIDTH, TEXT_UNSAFE_OR_INVISIBLE, FinishContext, Format, SafeMessage
from .wrap import text_width, wrap

MAX_DETAIL_LINES = 5


@functools.lru_cache(maxsize=512)
def _wrap_indented(line: str, width: int) -> str:
    # Details are indented by two spaces, their continuation lines by four, and a detail takes
    # at most a few lines whatever a provider sent, so it cannot push the message off screen.
    wrapped = wrap(line, width - 4)
    if len(wrapped) > MAX_DETAIL_LINES:
        wrapped = [
            *wrapped[: MAX_DETAIL_LINES - 1],
            _cut(wrapped[MAX_DETAIL_LINES - 1], width - 5) + "…",
        ]
    return "  " + "\n    ".join(wrapped) if wrapped else ""


def _cut(text: str, width: int) -> str:
    out = ""
    for ch in text:
        if text_width(out + ch) > width:
            break
        out += ch
    return out.rstrip()


_PARAGRAPHS = re.compile(r"\n\s*\n")


def finish_text(rendered: str, width: int = DEFAULT_WIDTH) -> str:
    """Plain text: paragraphs wrapped to ``width``, no controls, no invisible characters.

    The template separates paragraphs with blank lines; lines that start with two spaces are
    kept as they are (indented details).
    """
    text = TEXT_UNSAFE_OR_INVISIBLE.sub("", rendered.replace("\r\n", "\n")).strip()
    out: list[str] = []
    for block in _PARAGRAPHS.split(text):
        lines = block.split("\n")
        if all(line.startswith("  ") for line in lines):
            block = "\n".join([_wrap_indented(line.strip(), width) for line in lines])
        else:
            block = _wrap_paragraph(" ".join([line.strip() for line in lines]), width)
        if block:
            out.append(block)
    return "\n\n".join(out) + "\n"


# A recurring message repeats every paragraph and detail line but the one that holds the
# request id, so each is wrapped once and remembered; the key, text and width, is all that
# wrapping reads.


@functools.lru_cache(maxsize=512)
def _wrap_paragraph(paragraph: str, width: int) -> str:
    return "\n".join(wrap(paragraph, width))


def finish(rendered: str, job: FinishContext) -> str:
    """The text channel's finishing step: :func:`finish_text` at the job's width."""
    return finish_text(rendered, job.width)


def fallback(message: SafeMessage) -> str:
    """The safe built-in message as plain text (the terminal's too: it needs no colour)."""
    lines = [message.title, "", message.mirror]
    if message.url:
        lines += ["", f"{message.action_label}: {message.url}"]
    return finish_text("\n".join(lines))


TEXT = Format("notice.txt", "text/plain", finish, fallback)
