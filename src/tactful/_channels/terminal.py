"""The terminal channel: colour, emphasis and one clickable link, only where they are wanted.

The terminal message is the plain-text message (same template, same words), wrapped to the
terminal's width. In colour mode the title is bold and coloured, the call to action's label is
bold and its URL is underlined and made clickable with an OSC 8 hyperlink whose visible text is
the URL itself, so it can always be read, copied, and checked before it is followed.

Payload text can never add an escape sequence: decoration is added only after the whole text
has been stripped of every control character, at places found by comparing paragraphs with our
own copy (the title, the call to action), never by reading markers out of the text.

Whether to use colour follows the conventions people set in their environment, in this order
(the order Python's own REPL uses): ``NO_COLOR`` set and non-empty turns colour off;
``FORCE_COLOR`` set and non-empty turns it on; ``TERM=dumb`` turns it off; otherwise colour is
used when the stream is a terminal. Links follow colour; ``FORCE_HYPERLINK=0``,
``Renderer(hyperlinks=False)`` or the CLI's ``--no-links`` turn them off (for terminals that
print OSC 8 sequences instead of obeying them).

>>> text = "Your balance is too low\\n\\nAdd credit: https://billing.example.com/top-up\\n"
>>> out = decorate(text, title="Your balance is too low", title_style="1;33",
...                action=("Add credit: https://billing.example.com/top-up",
...                        "https://billing.example.com/top-up"), hyperlinks=True)
>>> print(out.replace("\\x1b", "ESC"), end="")
ESC[1;33mYour balance is too lowESC[0m
<BLANKLINE>
ESC[1mAdd credit:ESC[0m ESC[4mESC]8;;https://billing.example.com/top-upESC\\https://billing.example.com/top-upESC]8;;ESC\\ESC[0m
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping

from . import bidi, text
from .base import FinishContext, Format
from .text import finish_text

RESET = "\x1b[0m"
_TITLE_STYLES = {"rate_limit": "1;36", "other": "1"}  # money kinds and warnings: bold yellow
_MONEY_TITLE_STYLE = "1;33"
_LABEL_STYLE = "1"
_URL_STYLE = "4"
_HEADING_STYLE = "2"
_SPACE_OR_ISOLATE = re.compile(f"[\\s\u200b{bidi.FSI}{bidi.PDI}]+")


def sgr(codes: str) -> str:
    """A Select Graphic Rendition sequence (``ESC [ codes m``): the only styling emitted."""
    return f"\x1b[{codes}m"


def hyperlink(url: str, text: str) -> str:
    """An OSC 8 hyperlink. ``url`` is a checked link: printable ASCII, no control characters."""
    return f"\x1b]8;;{url}\x1b\\{text}\x1b]8;;\x1b\\"


def color_wanted(stream: object = None, environ: Mapping[str, str] | None = None) -> bool:
    """Whether the reader wants colour on ``stream`` (default: standard output)."""
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    if env.get("TERM") == "dumb":
        return False
    return _isatty(sys.stdout if stream is None else stream)


_HYPERLINK_PROGRAMS = frozenset(
    {"WezTerm", "vscode", "ghostty", "Hyper", "Tabby", "rio", "iTerm.app"}
)
_HYPERLINK_TERMS = ("xterm-kitty", "xterm-ghostty", "wezterm", "foot", "contour", "alacritty")


def hyperlinks_wanted(environ: Mapping[str, str] | None = None) -> bool:
    """Whether to emit OSC 8 links where colour is on.

    ``FORCE_HYPERLINK`` decides when set (``0`` off, anything else on). Otherwise links are on
    only in terminals known to support them (as the supports-hyperlinks package judges), since
    some terminals and multiplexers show the raw sequence or swallow the text; the URL is
    always printed in full either way.
    """
    env = os.environ if environ is None else environ
    forced = env.get("FORCE_HYPERLINK", "").strip().lower()
    if forced:
        return forced not in ("0", "false", "no")
    if env.get("CI") or env.get("TMUX") or env.get("TERM", "").startswith(("screen", "tmux")):
        return False
    if env.get("TERM_PROGRAM") in _HYPERLINK_PROGRAMS or env.get("WT_SESSION"):
        return True
    if env.get("KITTY_WINDOW_ID") or env.get("DOMTERM"):
        return True
    if env.get("TERM", "").startswith(_HYPERLINK_TERMS):
        return True
    vte = env.get("VTE_VERSION", "")
    if vte.isdigit() and int(vte) >= 5000:
        return True
    konsole = env.get("KONSOLE_VERSION", "")
    return konsole.isdigit() and int(konsole) >= 201200


def terminal_columns(stream: object = None, environ: Mapping[str, str] | None = None) -> int | None:
    """The terminal's width in columns (``COLUMNS`` first, as the shell sets it), if known."""
    env = os.environ if environ is None else environ
    columns = env.get("COLUMNS", "")
    if columns.isdigit() and 0 < int(columns) < 10_000:
        return int(columns)
    target = sys.stdout if stream is None else stream
    try:
        fileno = target.fileno  # type: ignore[union-attr]
        return os.get_terminal_size(fileno()).columns or None
    except (AttributeError, ValueError, OSError):
        return None


def _isatty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        return False


def resolve(
    color: bool | None,
    hyperlinks: bool | None,
    width: int,
    *,
    stream: object = None,
    environ: Mapping[str, str] | None = None,
) -> tuple[bool, bool, int]:
    """``(color, hyperlinks, width)`` for one render: explicit settings win, ``None`` detects.

    The width is the configured one, or the terminal's when that is narrower.
    """
    use_color = color_wanted(stream, environ) if color is None else color
    use_links = use_color and (hyperlinks_wanted(environ) if hyperlinks is None else hyperlinks)
    columns = terminal_columns(stream, environ)
    return use_color, use_links, min(width, columns) if columns else width


def finish_terminal(rendered: str, job: FinishContext) -> str:
    """The plain-text message wrapped to the terminal; decorated when colour is on."""
    text = finish_text(rendered, job.width, isolates=job.rtl_isolates)
    if not job.color:
        return text
    p = job.presentation
    return decorate(
        text,
        title=p.title,
        title_style=_TITLE_STYLES.get(p.kind, _MONEY_TITLE_STYLE),
        action=(str(p.action.line), p.action.url) if p.action else None,
        secondary=(str(p.secondary.line), p.secondary.url) if p.secondary else None,
        details_heading=p.details.heading if p.details else None,
        hyperlinks=job.hyperlinks,
    )


def decorate(
    text: str,
    *,
    title: str,
    title_style: str = _MONEY_TITLE_STYLE,
    action: tuple[str, str] | None = None,
    secondary: tuple[str, str] | None = None,
    details_heading: str | None = None,
    hyperlinks: bool = True,
) -> str:
    """Add styling to finished plain text (which holds no control character).

    Each decoration is found by comparing a paragraph with our own copy, ignoring where the
    text was wrapped, and is used once: the number of sequences never depends on the payload.
    """
    wanted_title = _squash(title)
    wanted_action = _squash(action[0]) if action else None
    wanted_secondary = _squash(secondary[0]) if secondary else None
    wanted_heading = _squash(details_heading) if details_heading else None
    out: list[str] = []
    for paragraph in text.rstrip("\n").split("\n\n"):
        key = _squash(paragraph)
        if wanted_title and key == wanted_title:
            paragraph = sgr(title_style) + paragraph + RESET
            wanted_title = ""
        elif action and key == wanted_action:
            paragraph = _link_paragraph(paragraph, action[1], osc8=hyperlinks, bold=True)
            wanted_action = None
        elif secondary and key == wanted_secondary:
            paragraph = _link_paragraph(paragraph, secondary[1], osc8=False, bold=False)
            wanted_secondary = None
        elif wanted_heading and paragraph.startswith("  "):
            first, newline, rest = paragraph.partition("\n")
            if _squash(first) == wanted_heading:
                paragraph = "  " + sgr(_HEADING_STYLE) + first.strip() + RESET + newline + rest
                wanted_heading = None
        out.append(paragraph)
    return "\n\n".join(out) + "\n"


def _link_paragraph(paragraph: str, url: str, *, osc8: bool, bold: bool) -> str:
    index = paragraph.find(url)
    if index < 0:
        return sgr(_LABEL_STYLE) + paragraph + RESET if bold else paragraph
    before, after = paragraph[:index], paragraph[index + len(url) :]
    # The URL's isolate (a right-to-left message) opens outside the styles, as it closes.
    isolate = bidi.FSI if before.endswith(bidi.FSI) else ""
    label = before[: len(before) - len(isolate)].rstrip()
    gap = before[len(label) : len(before) - len(isolate)] + isolate
    if label and bold:
        label = sgr(_LABEL_STYLE) + label + RESET
    link = hyperlink(url, url) if osc8 else url
    return label + gap + sgr(_URL_STYLE) + link + RESET + after


def _squash(text: str) -> str:
    # Wrapping adds and removes line breaks and spaces (CJK lines break without one), takes
    # out the break opportunities of Thai (U+200B), and opens a right-to-left message's
    # isolates again on each line.
    return _SPACE_OR_ISOLATE.sub("", text)


# The terminal message is the text message decorated; its safe built-in message is the text
# one, plain: it needs no colour.
TERMINAL = Format("notice.txt", "text/plain", finish_terminal, text.fallback, bidi.isolated_context)
