"""The Markdown channel, for chat bots and issue trackers: every shown value escaped."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

from .._present import Presentation, Sentence
from . import bidi
from .base import TEXT_UNSAFE_OR_INVISIBLE, FinishContext, Format, SafeMessage

# Our own copy: the characters that open inline syntax (emphasis, code, links, HTML, tables,
# strikethrough, entities, and $ for the math of GitHub).
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~$&])")
# Text from a payload: every ASCII punctuation mark (CommonMark lets each be escaped), which
# also defeats autolinks ("https\:\/\/"), mentions ("\@everyone") and emoji codes.
_MD_PAYLOAD = re.compile(r"([!-/:-@\[-`{-~])")
# (After white space or isolation markers: without isolates, the markers are dropped.)
_MD_BLOCK_START = re.compile(
    f"^([ \\t{bidi.OPEN}{bidi.CLOSE}]*)([#>+=-]|\\d{{1,9}}(?=[.)]))", re.MULTILINE
)


def markdown_escape(text: str, *, payload: bool = False) -> str:
    r"""``text`` as Markdown that shows it literally, on whatever line it starts.

    >>> print(markdown_escape("Top up $5 *now* [here]"))
    Top up \$5 \*now\* \[here\]
    >>> print(markdown_escape("@everyone see https://evil.example", payload=True))
    \@everyone see https\:\/\/evil\.example
    """
    pattern = _MD_PAYLOAD if payload else _MD_INLINE
    return _MD_BLOCK_START.sub(r"\1\\\2", pattern.sub(r"\\\1", text))


def _md_sentence(sentence: Sentence, *, payload_values: bool = False, rtl: bool = False) -> str:
    def escaped(text: str, is_value: bool) -> str:
        return (_MD_PAYLOAD if payload_values and is_value else _MD_INLINE).sub(r"\\\1", text)

    if rtl:  # each value marked for isolation (finish_markdown)
        text = bidi.marked_sentence(sentence, escaped)
    else:
        text = "".join([escaped(text, is_value) for text, is_value in sentence.parts])
    return _MD_BLOCK_START.sub(r"\1\\\2", text)


def markdown_url(url: str) -> str:
    """A checked URL as a Markdown link destination: parentheses percent-encoded."""
    return url.replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


def markdown_context(presentation: Presentation) -> dict[str, Any]:
    """The template context with every shown value already escaped for Markdown.

    Values keep their names and attributes (``action.label``, ``details.facts``...), so a
    Markdown template reads like the text one; links get ``url`` ready for ``[label](url)``.
    """
    p = presentation
    context = p.context()
    rtl = p.dir == "rtl"

    def sentence(value: Sentence, payload_values: bool = False) -> str:
        return _md_sentence(value, payload_values=payload_values, rtl=rtl)

    def payload(text: str) -> str:
        escaped = markdown_escape(text, payload=True)
        return bidi.marked(escaped) if rtl else escaped

    def link(value: Any) -> SimpleNamespace | None:
        if value is None:
            return None
        return SimpleNamespace(
            label=sentence(value.label),
            url=markdown_url(value.url),
            line=sentence(value.line),
        )

    details = None
    if p.details is not None:
        d = p.details
        details = SimpleNamespace(
            heading=markdown_escape(d.heading),
            source=sentence(d.source, payload_values=True),
            message=payload(d.message) if d.message else None,
            message_line=sentence(d.message_line, True) if d.message_line else None,
            facts=tuple(
                SimpleNamespace(
                    label=markdown_escape(f.label),
                    value=payload(f.value),
                    line=sentence(f.line, payload_values=True),
                )
                for f in d.facts
            ),
        )
    context.update(
        title=markdown_escape(p.title),
        error_prefix=markdown_escape(p.error_prefix),
        mirror=sentence(p.mirror),
        label=markdown_escape(p.label) if p.label else None,
        why=markdown_escape(p.why) if p.why else None,
        wait=sentence(p.wait) if p.wait else None,
        action=link(p.action),
        secondary=link(p.secondary),
        details=details,
    )
    return context


def finish_markdown(rendered: str, job: FinishContext | None = None) -> str:
    """Markdown: no controls or invisible characters, no trailing spaces (hard breaks), no
    tabs (code blocks), at most one blank line in a row; a right-to-left message's values
    between FSI and PDI (:mod:`.bidi`) unless the job turns isolates off."""
    text = TEXT_UNSAFE_OR_INVISIBLE.sub("", rendered.replace("\r\n", "\n"))
    lines = [line.replace("\t", " ").rstrip() for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return bidi.finished(text, isolates=job.rtl_isolates if job else False) + "\n"


def fallback(message: SafeMessage) -> str:
    """The safe built-in message in Markdown."""
    lines = [f"**{markdown_escape(message.title)}**", "", markdown_escape(message.mirror)]
    if message.url:
        lines += ["", f"[{markdown_escape(message.action_label)}]({markdown_url(message.url)})"]
    return finish_markdown("\n".join(lines))


MARKDOWN = Format("notice.md", "text/markdown", finish_markdown, fallback, markdown_context)
