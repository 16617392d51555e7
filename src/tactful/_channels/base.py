"""What every channel shares: the record that defines a channel, what its finishing step may
use, the safe built-in message's parts, and the HTTP status of a message."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .._model import Kind, Money
from .._present import Presentation
from .._text import BIDI_AND_ZERO_WIDTH

DEFAULT_WIDTH = 72
# A template name: a relative path of plain segments, never "..".
TEMPLATE_NAME = re.compile(
    r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,100}(?:/[A-Za-z0-9_][A-Za-z0-9_.-]{0,100}){0,4}"
)
# What finished text never holds: controls, line and paragraph separators, tag characters,
# lone surrogates, and the bidi marks and zero-width characters of _text.strip_invisible.
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\U000e0000-\U000e0fff\ud800-\udfff"
TEXT_UNSAFE_OR_INVISIBLE = re.compile(f"[{_UNSAFE}{BIDI_AND_ZERO_WIDTH}]")
# The same but for U+200B ZERO WIDTH SPACE: the break opportunities of a catalog's Thai, kept
# for the wrapper, which takes them out (payload text has none: _text.clean_text).
TEXT_UNSAFE_BUT_BREAKS = re.compile(f"[{_UNSAFE}{BIDI_AND_ZERO_WIDTH.replace(chr(0x200B), '')}]")


@dataclass(frozen=True)
class FinishContext:
    """Everything a channel's finishing step may use besides the rendered template.

    ``presentation`` is the translated content; ``amounts`` are the numbers as data, for
    channels that carry them as such (problem details); ``status`` is the HTTP status an
    application answering its own API clients would use. The terminal settings (``color``,
    ``hyperlinks``, ``width``) are resolved by the Renderer before finishing; ``isolates``
    says whether a right-to-left message's values sit between FSI and PDI in plain text.
    """

    presentation: Presentation
    width: int = DEFAULT_WIDTH
    color: bool = False
    hyperlinks: bool = False
    amounts: Mapping[str, Money] = field(default_factory=dict)
    status: int | None = None
    problem_type: str | None = None
    isolates: bool = True

    @property
    def rtl_isolates(self) -> bool:
        """Whether values get FSI/PDI: isolates wanted, in a right-to-left message."""
        return self.isolates and self.presentation.dir == "rtl"


def http_status(kind: str, upstream: int | None) -> int | None:
    """The HTTP status for an application's own response about a message of ``kind``.

    Paying is the way forward: 402. A rate limit: 429. Anything else failed upstream: the
    upstream server error as it was, or 502. A low-balance warning is not an error: ``None``.

    >>> http_status("insufficient_balance", 429), http_status("rate_limit", None)
    (402, 429)
    >>> http_status("other", 503), http_status("other", 402), http_status("low_balance", None)
    (503, 502, None)
    """
    if kind == "low_balance":
        return None
    if kind == Kind.RATE_LIMIT.value:
        return 429
    if kind == Kind.OTHER.value:
        return upstream if upstream is not None and 500 <= upstream <= 599 else 502
    return 402


@dataclass(frozen=True)
class SafeMessage:
    """The parts of the safe built-in message, for a channel's ``fallback`` to lay out.

    Shown when a render failed: every part comes from tactful's own catalog, never from a
    payload or a template, so laying them out cannot fail. ``url`` is a checked https link (or
    None); ``lang`` and ``direction`` (``ltr``/``rtl``) are those of the words; ``status`` is the
    HTTP status an application would answer with.
    """

    title: str
    mirror: str
    action_label: str
    url: str | None
    lang: str
    direction: str
    status: int | None


@dataclass(frozen=True)
class Format:
    """One output channel: how a presentation becomes a finished message in it.

    - ``template``: the template rendered for it (searched in the Renderer's template
      directories, then the built-in ones), or None for a channel that builds its output from
      the presentation in ``finish`` alone (``job.presentation``).
    - ``media_type``: the body's media type, for ``Content-Type``.
    - ``finish``: ``finish(rendered, job) -> str``: the final step, from the rendered template
      and the :class:`FinishContext` (width, colour, amounts, status...) to the body.
    - ``fallback``: ``fallback(message) -> str``: the safe built-in message laid out in this
      channel from a :class:`SafeMessage`, used when a render fails; it must not fail.
    - ``context``: the template context from the presentation, when the channel needs its
      values prepared (Markdown escapes them); None: as presented, where the payload's words
      are plain text that only an autoescaped (``.html``) template escapes. A channel for
      another markup language must escape them here or in ``finish``.
    - ``markup``: the body is HTML that an autoescaped template made: it is returned as
      :class:`markupsafe.Markup` (a Renderer refuses ``markup=True`` with another template).

    ``finish`` and ``fallback`` must return ``str``: a render whose ``finish`` fails or returns
    anything else gives the fallback, and a fallback that fails gives the text channel's.

    An application adds its own channel to a Renderer (built-in ones cannot be replaced; give
    them templates of your own instead):

    >>> import json, tactful
    >>> def chat_message(rendered, job):  # the text template's words, as a chat API's JSON
    ...     return json.dumps({"text": rendered.strip()}, ensure_ascii=False)
    >>> def chat_fallback(message):  # the safe built-in message, when a render failed
    ...     return json.dumps({"text": f"{message.title}: {message.mirror}"})
    >>> chat = tactful.Format("notice.txt", "application/json", chat_message, chat_fallback)
    >>> renderer = tactful.Renderer(formats={"chat": chat}, show_details=False)
    >>> result = renderer.render_result(b'{"error":{"code":"INSUFFICIENT_BALANCE"}}', format="chat")
    >>> result.media_type, json.loads(result.body)["text"].splitlines()[0]
    ('application/json', 'Your balance is too low')
    """

    template: str | None
    media_type: str
    finish: Callable[[str, FinishContext], str]
    fallback: Callable[[SafeMessage], str]
    context: Callable[[Presentation], dict[str, Any]] | None = None
    markup: bool = False


_LANGUAGE_TAG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")


def content_language(tag: str) -> str:
    """``tag`` for a ``Content-Language`` header, or ``en`` when it is not a plain tag (a
    header value must never carry what a caller passed unchecked)."""
    return tag if _LANGUAGE_TAG.fullmatch(tag) else "en"
