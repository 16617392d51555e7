"""Stage 6: finish rendered output for the channel it travels through.

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

import functools
import json
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from babel.numbers import get_currency_precision

from .._model import Kind, Money
from .._present import Presentation, Sentence
from .._text import BIDI_AND_ZERO_WIDTH, lazy_pattern

DEFAULT_WIDTH = 72
# What finished text never holds: controls, line and paragraph separators, tag characters,
# lone surrogates, and the bidi marks and zero-width characters of _text.strip_invisible.
_TEXT_UNSAFE_OR_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\U000e0000-\U000e0fff\ud800-\udfff"
    f"{BIDI_AND_ZERO_WIDTH}]"
)


def text_width(text: str) -> int:
    """Columns ``text`` takes in a terminal."""
    if text.isascii() or _NARROW_RUN().fullmatch(text):
        return len(text)
    return sum(map(_char_width, text))


@functools.lru_cache(maxsize=4096)
def _char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


# Blocks whose every character is wide (East Asian Width W or F) and not combining: CJK,
# kana, Hangul, full-width forms. A test checks each against unicodedata. Characters outside
# them are measured one by one.
_WIDE_BLOCKS = (
    "\u1100-\u115f\u2e80-\u3029\u3041-\u3096\u309b-\u30ff\u3105-\u312f\u3131-\u318e"
    "\u3190-\u3247\u3250-\u4dbf\u4e00-\ua48c\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe52"
    "\uff01-\uff60\uffe0-\uffe6\U00020000-\U0002fffd\U00030000-\U0003fffd"
)
_TOKEN = lazy_pattern(f" |[{_WIDE_BLOCKS}]|[^ {_WIDE_BLOCKS}]+")
# Blocks whose every character takes one column (neither wide nor combining): Latin, Greek,
# Cyrillic, Armenian, Hebrew and Arabic letters, Devanagari, Thai, Georgian, punctuation,
# symbols. Checked by the same test.
_NARROW_BLOCKS = (
    "\x00-\u02ff\u0384-\u038a\u038c\u038e-\u03a1\u03a3-\u0482\u0488-\u052f\u0559-\u058a"
    "\u05be\u05c0\u05c3\u05c6\u05d0-\u05ea\u05ef-\u05f4\u060c-\u060f\u061b-\u064a\u0660-\u066f"
    "\u0671-\u06d5\u06e5\u06e6\u06ee-\u06ff\u0900-\u093b\u093d-\u094c\u094e-\u0950\u0955-\u097f"
    "\u0980-\u0983\u0985-\u098c\u098f\u0990\u0993-\u09a8\u09aa-\u09b0\u09b2\u09b6-\u09b9"
    "\u09bd-\u09c4\u09c7\u09c8\u09cb\u09cc\u09ce\u09d7\u09dc\u09dd\u09df-\u09e3\u09e6-\u09fd"
    "\u0e01-\u0e37\u0e3f-\u0e47\u0e4c-\u0e5b\u10d0-\u10ff\u1e00-\u1f15\u2000-\u2064"
    "\u2100-\u218b\u2190-\u2319"
)
_NARROW_RUN = lazy_pattern(f"[{_NARROW_BLOCKS}]+")
# Combining marks (a non-zero canonical combining class), which take no column: the vowel
# marks of Arabic and Hebrew, the virama and nukta of Devanagari and Bengali, Thai vowels and
# tones, combining accents. Checked by the same kind of test.
_MARK_BLOCKS = (
    "\u0300-\u034e\u0350-\u036f\u0483-\u0487\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7"
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
    "\u093c\u094d\u0951-\u0954\u09bc\u09cd\u09fe\u0e38-\u0e3a\u0e48-\u0e4b\u1dc0-\u1dff"
    "\u20d0-\u20dc\u20e1\u20e5-\u20f0\u3099\u309a\ufe20-\ufe2f"
)
# Text of one-column and wide characters, or of one-column characters and marks, is wrapped
# by a regular expression too (text of all three kinds is rare enough to be measured).
_NARROW_OR_WIDE_RUN = lazy_pattern(f"[{_NARROW_BLOCKS}{_WIDE_BLOCKS}]+")
_NARROW_OR_MARK_RUN = lazy_pattern(f"[{_NARROW_BLOCKS}{_MARK_BLOCKS}]+")
_MARKS = lazy_pattern(f"[{_MARK_BLOCKS}]+")

# White space in the one-column blocks other than the space and the line break (a test checks
# it against str.isspace). The general wrapper measures a word that ends in white space
# without it, so such text takes the general way: in a paragraph, and in lines (stripped).
# A word ends before a space or a wide character; the ideographic space is a word of its own.
# (Each pattern starts with its characters, which the regular expression engine looks for
# quickly, and then looks around them.)
_NARROW_SPACES = "\t\x0b\x0c\r\x1c-\x1f\x85\xa0\u2000-\u200a\u2028\u2029\u202f\u205f"
_SPACE_ENDS_WORD = lazy_pattern(
    f"[\u3000\n{_NARROW_SPACES}](?:(?<=\u3000)|(?=[ {_WIDE_BLOCKS}]|\\Z))"
)
# A word that starts with a mark may be nothing but marks: a word of no width, which the
# general wrapper may leave at the end of a full line. Such text takes the general way too.
# (A mark not after a character that is not white space: after white space, or first.)
_MARK_STARTS_WORD = lazy_pattern(f"[{_MARK_BLOCKS}](?<![^ ][{_MARK_BLOCKS}])")


def wrap(paragraph: str, width: int = DEFAULT_WIDTH) -> list[str]:
    """Wrap at spaces, or between wide characters; never inside a word or a URL."""
    return _wrapper(paragraph)(paragraph, max(width, 20))


_Wrapper = Callable[[str, int], list[str]]


def _wrapper(text: str) -> _Wrapper:
    """The quickest way to wrap ``text`` into the lines :func:`_wrap_measured` (the reference)
    gives: a fast path for text whose characters need no measuring one by one.

    The quick ways measure no character one by one: every character must be in the blocks
    above, and each word must be measured as it looks (see the patterns above). Any other
    text takes the reference way, so a script the blocks do not cover is wrapped correctly,
    only more slowly (tests/equivalence/test_fast_paths.py compares the ways).
    """
    if text.isascii() and text.isprintable():
        return _wrap_plain  # no line break, no white space but the space
    if _SPACE_ENDS_WORD().search(text):
        return _wrap_measured
    if _NARROW_RUN().fullmatch(text):
        return _wrap_plain
    if _NARROW_OR_WIDE_RUN().fullmatch(text):
        return _wrap_columns
    if _NARROW_OR_MARK_RUN().fullmatch(text):
        return _wrap_measured if _MARK_STARTS_WORD().search(text) else _wrap_marked
    return _wrap_measured


def _wrap_measured(paragraph: str, width: int) -> list[str]:
    """:func:`wrap` for any text: each token measured, wide characters breakable."""
    lines: list[str] = []
    line = ""
    line_width = 0  # of the whole line, trailing spaces included
    blank = True  # the line holds nothing but white space
    for token, token_width in _tokens(paragraph):
        if token == " ":  # noqa: S105 - a space token, not a secret
            if line:
                line += " "
                line_width += 1
            continue
        if token[-1].isspace():  # e.g. an ideographic space: measured without it
            fits = text_width((line + token).rstrip()) <= width
        else:
            fits = line_width + token_width <= width
        if fits or blank:
            line += token
            line_width += token_width
            blank = blank and token.isspace()
        else:
            lines.append(line.rstrip())
            line, line_width, blank = token, token_width, token.isspace()
    if not blank:
        lines.append(line.rstrip())
    return lines


def _wrap_plain(paragraph: str, width: int) -> list[str]:
    """:func:`wrap` for text where a character is a column and words end at spaces: the same
    lines, without measuring each character."""
    return _line_pattern(width).findall(paragraph)


@functools.lru_cache(maxsize=64)
def _line_pattern(width: int) -> re.Pattern[str]:
    # A line is the longest run of at most ``width`` characters that starts and ends with a
    # word and is followed by a space or the end (which is where the greedy wrapper breaks),
    # or else one word longer than the line, on a line of its own. Spaces between lines fall
    # out of every line.
    return re.compile(f"[^ ](?:.{{0,{width - 2}}}[^ ])?(?= |\\Z)|[^ ]+", re.DOTALL)


def _wrap_marked(paragraph: str, width: int) -> list[str]:
    """:func:`wrap` for one-column characters and marks: the lines of the text without its
    marks, made of the words of the text itself (marks take no column and end no word)."""
    if len(paragraph) <= width:  # at most a column a character: it fits
        return _one_line(paragraph)
    bare = _MARKS().sub("", paragraph)
    words = paragraph.split(" ")  # the words of bare.split(" "), with their marks
    lines = []
    word = end = 0  # the word at ``end`` in ``bare``, counted along, not from the start
    for line in _line_pattern(width).finditer(bare):
        word += bare.count(" ", end, line.start())
        last = word + line[0].count(" ")
        lines.append(" ".join(words[word : last + 1]))
        word, end = last, line.end()
    return lines


def _one_line(paragraph: str) -> list[str]:
    """A paragraph that fits in the width, as every wrapper gives it: spaces around it cut."""
    line = paragraph.strip(" ")
    return [line] if line else []


# A noncharacter, outside every block above, so never in text that _wrap_columns wraps.
_FILLER = "\uffff"
_WIDE_RUNS = lazy_pattern(f"([{_WIDE_BLOCKS}]+)")


def _wrap_columns(paragraph: str, width: int) -> list[str]:
    """:func:`wrap` for one-column and wide characters: the same lines, found as
    :func:`_wrap_plain` finds them in the text spelled out one column per character."""
    if 2 * len(paragraph) <= width:  # at most two columns a character: it fits
        return _one_line(paragraph)
    lines = _column_line_pattern(width).findall(_one_column_per_character(paragraph))
    return [line.replace(_FILLER, "") for line in lines]


def _one_column_per_character(text: str) -> str:
    """``text`` with a filler after each wide character: its second column."""
    parts = _WIDE_RUNS().split(text)
    # "ab".replace("", x) is "xaxbx": a filler after each character of a run, quickly.
    parts[1::2] = [run.replace("", _FILLER)[1:] for run in parts[1::2]]
    return "".join(parts)


@functools.lru_cache(maxsize=64)
def _column_line_pattern(width: int) -> re.Pattern[str]:
    # The line of _line_pattern, where a wide character and its filler are two columns, and
    # a line also ends where a word of the general wrapper ends without a space: before a wide
    # character, or after one (after its filler); but not before closing punctuation, which
    # that wrapper joins to the word before it (a narrow one only when it is a word by itself).
    # A word longer than the line, with its closing punctuation, is a line of its own.
    wide, filler = _WIDE_BLOCKS, _FILLER
    closing_wide = "".join(sorted(ch for ch in _CLOSING if re.match(f"[{wide}]", ch)))
    closing_narrow = "".join(sorted(_CLOSING.difference(closing_wide)))
    joined = f"[{re.escape(closing_wide)}]{filler}|[{re.escape(closing_narrow)}](?=[ {wide}]|\\Z)"
    word_end = f"(?=[ ]|\\Z|(?!{joined})(?:[{wide}]|(?<={filler})[^ ]))"
    word = f"(?:[{wide}]{filler}|[^ {wide}{filler}]+)(?:{joined})*"
    line = f"[^ {filler}](?:.{{0,{width - 2}}}[^ ])?{word_end}"
    return re.compile(f"{line}|{word}", re.DOTALL)


def _tokens(text: str) -> list[tuple[str, int]]:
    """Words and spaces, with their widths; each wide character is a token of its own, since
    CJK text has no spaces."""
    tokens: list[tuple[str, int]] = []
    narrow = _NARROW_RUN()
    for token in _TOKEN().findall(text):
        if len(token) == 1:
            tokens.append((token, _char_width(token)))
        elif token.isascii() or narrow.fullmatch(token):
            tokens.append((token, len(token)))
        else:
            word = ""  # a run outside the wide blocks may still hold a wide character (emoji)
            for ch in token:
                if _char_width(ch) == 2:
                    if word:
                        tokens.append((word, text_width(word)))
                        word = ""
                    tokens.append((ch, 2))
                else:
                    word += ch
            if word:
                tokens.append((word, text_width(word)))
    # CJK line-breaking rules: a line never starts with a full stop, comma or closing bracket.
    out: list[tuple[str, int]] = []
    for token, token_width in tokens:
        if token in _CLOSING and out and out[-1][0] != " ":
            out[-1] = (out[-1][0] + token, out[-1][1] + token_width)
        else:
            out.append((token, token_width))
    return out


_CLOSING = frozenset("。、，．！？）」』】〕〉》”’：；・ー")


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
    text = _TEXT_UNSAFE_OR_INVISIBLE.sub("", rendered.replace("\r\n", "\n")).strip()
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


# ---- what finishing may use -----------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """Everything a channel's finishing step may use besides the rendered template.

    ``presentation`` is the translated content; ``amounts`` are the numbers as data, for
    channels that carry them as such (problem details); ``status`` is the HTTP status an
    application answering its own API clients would use. The terminal settings (``color``,
    ``hyperlinks``, ``width``) are resolved by the Renderer before finishing.
    """

    presentation: Presentation
    width: int = DEFAULT_WIDTH
    color: bool = False
    hyperlinks: bool = False
    amounts: Mapping[str, Money] = field(default_factory=dict)
    status: int | None = None
    problem_type: str | None = None


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


# ---- Markdown (chat bots and issue trackers) ------------------------------------------------

# Our own copy: the characters that open inline syntax (emphasis, code, links, HTML, tables,
# strikethrough, entities, and $ for the math of GitHub).
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~$&])")
# Text from a payload: every ASCII punctuation mark (CommonMark lets each be escaped), which
# also defeats autolinks ("https\:\/\/"), mentions ("\@everyone") and emoji codes.
_MD_PAYLOAD = re.compile(r"([!-/:-@\[-`{-~])")
_MD_BLOCK_START = re.compile(r"^([ \t]*)([#>+=-]|\d{1,9}(?=[.)]))", re.MULTILINE)


def markdown_escape(text: str, *, payload: bool = False) -> str:
    r"""``text`` as Markdown that shows it literally, on whatever line it starts.

    >>> print(markdown_escape("Top up $5 *now* [here]"))
    Top up \$5 \*now\* \[here\]
    >>> print(markdown_escape("@everyone see https://evil.example", payload=True))
    \@everyone see https\:\/\/evil\.example
    """
    pattern = _MD_PAYLOAD if payload else _MD_INLINE
    return _MD_BLOCK_START.sub(r"\1\\\2", pattern.sub(r"\\\1", text))


def _md_sentence(sentence: Sentence, *, payload_values: bool = False) -> str:
    parts = (
        (_MD_PAYLOAD if payload_values and is_value else _MD_INLINE).sub(r"\\\1", text)
        for text, is_value in sentence.parts
    )
    return _MD_BLOCK_START.sub(r"\1\\\2", "".join(parts))


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

    def link(value: Any) -> SimpleNamespace | None:
        if value is None:
            return None
        return SimpleNamespace(
            label=_md_sentence(value.label),
            url=markdown_url(value.url),
            line=_md_sentence(value.line),
        )

    details = None
    if p.details is not None:
        d = p.details
        details = SimpleNamespace(
            heading=markdown_escape(d.heading),
            source=_md_sentence(d.source, payload_values=True),
            message=markdown_escape(d.message, payload=True) if d.message else None,
            message_line=(
                _md_sentence(d.message_line, payload_values=True) if d.message_line else None
            ),
            facts=tuple(
                SimpleNamespace(
                    label=markdown_escape(f.label),
                    value=markdown_escape(f.value, payload=True),
                    line=_md_sentence(f.line, payload_values=True),
                )
                for f in d.facts
            ),
        )
    context.update(
        title=markdown_escape(p.title),
        error_prefix=markdown_escape(p.error_prefix),
        mirror=_md_sentence(p.mirror),
        label=markdown_escape(p.label) if p.label else None,
        why=markdown_escape(p.why) if p.why else None,
        wait=_md_sentence(p.wait) if p.wait else None,
        action=link(p.action),
        secondary=link(p.secondary),
        details=details,
    )
    return context


def finish_markdown(rendered: str, _job: Job | None = None) -> str:
    """Markdown: no controls or invisible characters, no trailing spaces (hard breaks), no
    tabs (code blocks), at most one blank line in a row."""
    text = _TEXT_UNSAFE_OR_INVISIBLE.sub("", rendered.replace("\r\n", "\n"))
    lines = [line.replace("\t", " ").rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


# ---- problem details (RFC 9457) -------------------------------------------------------------


def money_json(money: Money) -> dict[str, str] | None:
    """An amount as JSON data: the exact decimal as a string (never a float), and its unit.

    >>> money_json(Money(Decimal("4.5"), "USD")), money_json(Money(Decimal("1E+3"), "tokens"))
    ({'amount': '4.50', 'currency': 'USD'}, {'amount': '1000', 'unit': 'tokens'})
    """
    amount = money.amount
    if not amount.is_finite() or amount.adjusted() >= 30:
        return None
    if amount.is_zero():
        amount = amount.copy_abs()  # no "-0"
    if money.is_currency:
        # At least the currency's minor units, as people write it ("4.50", not "4.5").
        places = get_currency_precision(str(money.unit))
        if amount.as_tuple().exponent > -places:  # type: ignore[operator]
            amount = amount.quantize(Decimal(1).scaleb(-places))
    out = {"amount": format(amount, "f")}
    if money.is_currency:
        out["currency"] = str(money.unit)
    elif money.unit:
        out["unit"] = money.unit
    return out


def finish_problem(_rendered: str, job: Job) -> str:
    """An RFC 9457 problem details document, from the same words as every other channel.

    ``title`` and ``detail`` are localized; ``status`` is advisory; amounts are extension
    members (``balance``, ``cost``...: exact decimals with their currency); ``links`` holds the
    call to action (``rel`` ``payment``) and the pricing page (``rel`` ``help``).
    """
    p = job.presentation
    doc: dict[str, Any] = {}
    if job.problem_type:
        doc["type"] = job.problem_type.replace("{kind}", p.kind)
    doc["title"] = p.title
    if job.status is not None:
        doc["status"] = job.status
    doc["detail"] = p.gap.join(str(part) for part in (p.mirror, p.label, p.why, p.wait) if part)
    doc["kind"] = p.kind
    for name, money in job.amounts.items():
        value = money_json(money)
        if value is not None:
            doc[name] = value
    links = []
    if p.action is not None:
        links.append({"rel": "payment", "href": p.action.url, "title": str(p.action.label)})
    if p.secondary is not None:
        links.append({"rel": "help", "href": p.secondary.url, "title": str(p.secondary.label)})
    if links:
        doc["links"] = links
    return json_text(doc)


def _json_clean(value: Any) -> Any:
    if isinstance(value, str):
        return _TEXT_UNSAFE_OR_INVISIBLE.sub("", value)
    if isinstance(value, dict):
        return {key: _json_clean(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_clean(item) for item in value]
    return value


_JSON_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def json_text(doc: Mapping[str, Any]) -> str:
    r"""JSON that is also safe inside an HTML ``<script>`` and a JavaScript string.

    >>> print(json_text({"title": "</script>"}), end="")
    {
      "title": "\u003c/script\u003e"
    }
    """
    text = json.dumps(_json_clean(dict(doc)), ensure_ascii=False, indent=2)
    for raw, escaped in _JSON_ESCAPES:
        text = text.replace(raw, escaped)
    return text + "\n"


# ---- HTTP response headers ------------------------------------------------------------------

_LANGUAGE_TAG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
_HEADER_URL = re.compile(r"[!#-;=?-~]{1,2048}")  # printable ASCII without space, " < >


def http_headers(
    media_type: str,
    language: str,
    *,
    payment_url: str | None = None,
    retry_after: int | None = None,
) -> dict[str, str]:
    """Response headers for a rendered body: type, language, cache key, and the top-up link.

    >>> http_headers("application/problem+json", "de", payment_url="https://b.example/top-up")
    {'Content-Type': 'application/problem+json', 'Content-Language': 'de', 'Vary': 'Accept-Language', 'Link': '<https://b.example/top-up>; rel="payment"'}
    """
    content_type = media_type if media_type.endswith("json") else f"{media_type}; charset=utf-8"
    headers = {
        "Content-Type": content_type,
        "Content-Language": language if _LANGUAGE_TAG.fullmatch(language) else "en",
        "Vary": "Accept-Language",
    }
    if payment_url and _HEADER_URL.fullmatch(payment_url):
        headers["Link"] = f'<{payment_url}>; rel="payment"'
    if retry_after is not None and 0 < retry_after <= 7 * 24 * 3600:
        headers["Retry-After"] = str(int(retry_after))
    return headers
