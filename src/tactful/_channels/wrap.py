"""Text wrapping to the reader's width, for the text, terminal and email channels.

:func:`_wrap_measured` is the reference: every token measured, East Asian wide characters
counting twice. The quick wrappers (:func:`_wrap_plain`, :func:`_wrap_columns`,
:func:`_wrap_marked`) and the Unicode blocks they rely on are fast paths: each gives the
lines the reference gives for the text :func:`_wrapper` hands it, and
tests/equivalence/test_wrap.py compares them.

Where to break follows the line-breaking rules of the scripts (UAX #14, and JIS X 4051's
kinsoku for Chinese and Japanese): at spaces; between two Han or kana characters; never
before closing punctuation nor after an opening bracket or quote; Korean only at spaces
(Hangul is wide, but Korean is written in words, and "3일" is one); and at U+200B ZERO WIDTH
SPACE, which a Thai catalog puts at its word boundaries and which never reaches the output.
Text with Hangul, an opening bracket or U+200B takes the reference way.

>>> wrap("Top up $5 at https://billing.example.com/a-very-long-path", width=20)
['Top up $5 at', 'https://billing.example.com/a-very-long-path']
>>> wrap("残高が不足しているため、このリクエストを実行できませんでした。", width=20)
['残高が不足しているた', 'め、このリクエストを', '実行できません', 'でした。']
>>> wrap("잔액이 부족하여 이 요청을 처리할 수 없습니다. 약 3일 후에 다시 시도하세요.", width=20)
['잔액이 부족하여 이', '요청을 처리할 수', '없습니다. 약 3일', '후에 다시', '시도하세요.']
>>> wrap("ยอดคงเหลือ\u200bของ\u200bคุณ\u200bไม่\u200bเพียงพอ\u200bสำหรับ\u200bคำขอ\u200bนี้", width=20)
['ยอดคงเหลือของคุณไม่', 'เพียงพอสำหรับคำขอนี้']
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

from .._text import lazy_pattern
from .base import DEFAULT_WIDTH


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
# them are measured one by one. A line may break between two of them, but for Hangul
# (Korean breaks at spaces only).
_HANGUL_BLOCKS = "\u1100-\u115f\u3131-\u318e\uac00-\ud7a3"
_BREAKABLE_WIDE_BLOCKS = (
    "\u2e80-\u3029\u3041-\u3096\u309b-\u30ff\u3105-\u312f"
    "\u3190-\u3247\u3250-\u4dbf\u4e00-\ua48c\uf900-\ufaff\ufe30-\ufe52"
    "\uff01-\uff60\uffe0-\uffe6\U00020000-\U0002fffd\U00030000-\U0003fffd"
)
_WIDE_BLOCKS = _HANGUL_BLOCKS + _BREAKABLE_WIDE_BLOCKS
ZERO_WIDTH_SPACE = "\u200b"
_TOKEN = lazy_pattern(
    f" |{ZERO_WIDTH_SPACE}|[{_BREAKABLE_WIDE_BLOCKS}]|[^ {ZERO_WIDTH_SPACE}{_BREAKABLE_WIDE_BLOCKS}]+"
)
_HANGUL = lazy_pattern(f"[{_HANGUL_BLOCKS}]")
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
    """Wrap at spaces, or between wide characters; never inside a word or a URL.

    Whichever way wraps it, a paragraph does not end in a line of one or two characters
    before its final "。" (see :func:`_without_orphan`).
    """
    return _without_orphan(_wrapper(paragraph)(paragraph, max(width, 20)))


_Wrapper = Callable[[str, int], list[str]]


def _wrapper(text: str) -> _Wrapper:
    """FAST PATH: the quickest way to wrap ``text`` into the lines :func:`_wrap_measured` (the
    reference) gives, for text whose characters need no measuring one by one.

    The quick ways measure no character one by one: every character must be in the blocks
    above, and each word must be measured as it looks (see the patterns above). Any other
    text takes the reference way, so a script the blocks do not cover is wrapped correctly,
    only more slowly (tests/equivalence/test_wrap.py compares the ways).
    """
    if text.isascii() and text.isprintable():
        return _wrap_plain  # no line break, no white space but the space
    if _SPACE_ENDS_WORD().search(text) or _REFERENCE_ONLY().search(text):
        return _wrap_measured
    if _NARROW_RUN().fullmatch(text):
        return _wrap_plain
    if _NARROW_OR_WIDE_RUN().fullmatch(text):
        return _wrap_columns
    if _NARROW_OR_MARK_RUN().fullmatch(text):
        return _wrap_measured if _MARK_STARTS_WORD().search(text) else _wrap_marked
    return _wrap_measured


def _wrap_measured(paragraph: str, width: int) -> list[str]:
    """:func:`wrap` for any text (the reference): each token measured, wide characters
    breakable."""
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
    """FAST PATH of :func:`_wrap_measured` for text where a character is a column and words
    end at spaces: the same lines, without measuring each character."""
    return _line_pattern(width).findall(paragraph)


@functools.lru_cache(maxsize=64)
def _line_pattern(width: int) -> re.Pattern[str]:
    # A line is the longest run of at most ``width`` characters that starts and ends with a
    # word and is followed by a space or the end (which is where the greedy wrapper breaks),
    # or else one word longer than the line, on a line of its own. Spaces between lines fall
    # out of every line.
    return re.compile(f"[^ ](?:.{{0,{width - 2}}}[^ ])?(?= |\\Z)|[^ ]+", re.DOTALL)


def _wrap_marked(paragraph: str, width: int) -> list[str]:
    """FAST PATH of :func:`_wrap_measured` for one-column characters and marks: the lines of
    the text without its marks, made of the words of the text itself (marks take no column and
    end no word)."""
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
    """FAST PATH of :func:`_wrap_measured` for one-column and wide characters: the same lines,
    found as :func:`_wrap_plain` finds them in the text spelled out one column per character."""
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
        if token == ZERO_WIDTH_SPACE:
            continue  # a break opportunity: the tokens on either side are apart already
        if len(token) == 1:
            tokens.append((token, _char_width(token)))
        elif token.isascii() or narrow.fullmatch(token):
            tokens.append((token, len(token)))
        else:
            word = ""  # a run outside the wide blocks may still hold a wide character (emoji)
            for ch in token:
                if _char_width(ch) == 2 and not _HANGUL().match(ch):
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
    return _opening_joined(out)


def _opening_joined(tokens: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """``tokens`` with each opening bracket or quote joined to the token after it: a line
    never ends with one (but before a space, where nothing follows it on the line)."""
    out: list[tuple[str, int]] = []
    carried: tuple[str, int] | None = None
    for token, token_width in tokens:
        if carried is not None:
            if token == " ":  # noqa: S105 - a space token, not a secret
                out.append(carried)
            else:
                token, token_width = carried[0] + token, carried[1] + token_width
            carried = None
        if _OPENING.issuperset(token):
            carried = (token, token_width)
        else:
            out.append((token, token_width))
    if carried is not None:
        out.append(carried)
    return out


_CLOSING = frozenset("。、，．！？）」』】〕〉》”’：；・ー")
# Opening brackets and quotes, full-width and CJK, and the curly quotes CJK text uses.
_OPENING = frozenset("「『（【《〈〔〖〘〝［｛｟“‘")
# What only the reference wrapper handles: Hangul (words), opening brackets, U+200B.
_REFERENCE_ONLY = lazy_pattern(f"[{_HANGUL_BLOCKS}{ZERO_WIDTH_SPACE}{''.join(sorted(_OPENING))}]")


def _without_orphan(lines: list[str]) -> list[str]:
    """``lines`` with a last line of one or two characters before a final "。" given the
    last characters of the line before it, where a line may break between them (Han and
    kana), so that no paragraph ends in a stub.

    >>> _without_orphan(["残高が不足しているため、このリクエストを実行できませんでし", "た。"])
    ['残高が不足しているため、このリクエストを実行できません', 'でした。']
    """
    if len(lines) < 2 or not lines[-1].endswith("。"):
        return lines
    last = lines[-1]
    body = last.rstrip("".join(_CLOSING))
    if not 1 <= len(body) <= 2 or not all(_breakable_wide(ch) for ch in body):
        return lines
    before = lines[-2]
    cut = len(before)
    for _ in range(3 - len(body)):  # a character (with its closing punctuation) at a time
        start = cut
        while start > 0 and before[start - 1] in _CLOSING:
            start -= 1
        if start < 2 or not _breakable_wide(before[start - 1]):
            break
        cut = start - 1
    if cut == len(before) or before[cut - 1] in _OPENING or not _breakable_wide(before[cut - 1]):
        return lines
    return [*lines[:-2], before[:cut], before[cut:] + last]


def _breakable_wide(ch: str) -> bool:
    # A character a line may end after, or start with, in CJK text: Han and kana (their
    # punctuation is handled by _CLOSING and _OPENING).
    return bool(_BREAKABLE_WIDE().fullmatch(ch)) and ch not in _CLOSING and ch not in _OPENING


_BREAKABLE_WIDE = lazy_pattern(f"[{_BREAKABLE_WIDE_BLOCKS}]")
