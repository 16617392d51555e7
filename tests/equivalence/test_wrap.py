"""The quick text wrappers give the lines the reference wrapper gives.

:func:`tactful._channels.wrap._wrap_measured` measures every token; the quick wrappers
(``_wrap_plain``, ``_wrap_columns``, ``_wrap_marked``), chosen by ``_wrapper`` from the Unicode
blocks of the text, are fast paths of it. Each is compared with it here, on text alone and on
finished text, and the blocks they rely on are checked against :mod:`unicodedata`.
"""

from __future__ import annotations

import re
import unicodedata
from unittest import mock

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tactful._channels import text as _text
from tactful._channels import wrap

_ONE_COLUMN_TEXT = st.text(
    alphabet=st.sampled_from(list("ab cd ef   https://x.io/a-b.\u00e9\u00a0\t\u0434\u2003\u201d")),
    max_size=200,
)


@settings(max_examples=500, deadline=None)
@given(_ONE_COLUMN_TEXT, st.integers(min_value=1, max_value=90))
def test_one_column_text_wraps_as_the_general_wrapper_wraps_it(text: str, width: int) -> None:
    general = wrap._wrap_measured(text, max(width, 20))
    assert wrap.wrap(text, width) == general
    if text.isascii() and text.isprintable():
        assert wrap._wrapper(text) is wrap._wrap_plain  # the way this compares


def test_the_spaces_of_one_column_text_are_all_its_white_space() -> None:
    narrow = re.findall(f"[{wrap._NARROW_BLOCKS}]", "".join(map(chr, range(0x10000))))
    spaces = {ch for ch in narrow if ch.isspace() and ch not in " \n"}
    assert spaces == set(re.findall(f"[{wrap._NARROW_SPACES}]", "".join(narrow)))


_ONE_COLUMN_PIECES = (
    "Top",
    "up",
    "\u00e9t\u00e9",
    "4,50\u00a0$",
    "https://x.io/a-b",
    "\u0394\u03b9",
)
_MESSAGE_TEXT = st.lists(
    st.sampled_from(
        [
            *(_ONE_COLUMN_PIECES * 3),  # mostly one-column words, which take the fast way
            *(" ", " ", " ", "  ", "\n", "\n\n", "\n  ", "x" * 30),
            *("\t", "\u2003", "\u6b8b\u9ad8", "\u3002"),  # each sends its paragraph the general way
        ]
    ),
    max_size=80,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_MESSAGE_TEXT, st.integers(min_value=1, max_value=90))
def test_finished_text_is_wrapped_as_the_general_wrapper_wraps_it(text: str, width: int) -> None:
    fast = _text.finish_text(text, width)
    _forget_wrapped_text()  # or the second run would answer from the memo
    with mock.patch.object(wrap, "_wrapper", _only_the_general_way):
        assert _text.finish_text(text, width) == fast
    _forget_wrapped_text()


def _forget_wrapped_text() -> None:
    _text._wrap_paragraph.cache_clear()
    _text._wrap_indented.cache_clear()


def _only_the_general_way(_text: str) -> wrap._Wrapper:
    return wrap._wrap_measured


# Words and characters of every kind the wrapper tells apart: one-column, wide, closing
# punctuation (wide and narrow), marks (alone, first in a word, after a wide character), the
# zero-width space and joiners, white space that ends a word, an emoji (measured one by one),
# words longer than a line.
_MIXED_PIECES = (
    *("Top", "up", "4,50\u00a0$", "https://x.io/a-b", "x" * 25),
    *("\u6b8b\u9ad8", "\u304c", "\u30ea\u30af\u30a8\u30b9\u30c8", "\uc794\uc561", "\u6b8b" * 12),
    *(
        "\u3002",
        "\u3001",
        "\uff09",
        "\u300d",
        "\u30fc",
        "\u201d",
        "\u2019",
        "\uff1a",
        "\u201dab",
        "\u2019s",
        "\u300c",
        "\uff08",
        "\u201c",
    ),
    *(
        "\u0915\u094d\u0930\u0947\u0921\u093f\u091f",
        "\u0928\u0939\u0940\u0902",
        "\u0915\u093e\u092b\u093c\u0940",
    ),
    *(
        "\u0643\u0627\u0641\u064d",
        "\u064f\u0651",
        "\u0e44\u0e21\u0e48",
        "\u0e2a\u0e38\u0e14",
        "e\u0301",
        "\u0301",
    ),
    *("\u200b", "\u200c", "\u200d", "\U0001f4b3", "\u3000", "\u00a0", "\t", "\u2003"),
)
_MIXED_TEXT = st.lists(
    st.one_of(
        st.sampled_from([*_MIXED_PIECES, " ", " ", " ", "  "]),
        st.sampled_from("".join(_MIXED_PIECES)),  # single characters, to mix scripts in a word
        st.sampled_from("\u6b8b\u9ad8\u3002\u201d"),  # CJK often, so lines end among its characters
    ),
    max_size=60,
).map("".join)


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(_MIXED_TEXT, st.integers(min_value=1, max_value=90))
@example("\u6b8b" * 10 + "\u201dab", 20)  # a line ends before a closing quote that is no word
@example("\u6b8b" * 10 + "\u201d\u9ad8", 20)  # and not before one that is
@example("\u6b8b" * 10 + "\u3002\u300d", 20)
def test_mixed_script_text_wraps_as_the_general_wrapper_wraps_it(text: str, width: int) -> None:
    assert wrap.wrap(text, width) == wrap._wrap_measured(text, max(width, 20))


@settings(max_examples=500, deadline=None, derandomize=True)
@given(
    st.lists(st.one_of(_MIXED_TEXT, st.sampled_from(["\n", "\n\n", "\n  ", " \n"]))).map("".join),
    st.integers(min_value=1, max_value=90),
)
def test_finished_mixed_script_text_is_wrapped_as_the_general_wrapper_wraps_it(
    text: str, width: int
) -> None:
    fast = _text.finish_text(text, width)
    _forget_wrapped_text()  # or the second run would answer from the memo
    with mock.patch.object(wrap, "_wrapper", _only_the_general_way):
        assert _text.finish_text(text, width) == fast
    _forget_wrapped_text()


@pytest.mark.parametrize(
    ("text", "way"),
    [
        ("\u6b8b\u9ad8\u304c\u4e0d\u8db3\u3002 https://x.io", "_wrap_columns"),
        # Korean breaks only at spaces, an opening bracket joins what follows it, and U+200B
        # is a break opportunity of no width: the reference's rules alone.
        ("\uc794\uc561\uc774 \ubd80\uc871\ud569\ub2c8\ub2e4", "_wrap_measured"),
        ("\u6b8b\u9ad8\uff08$5\uff09\u3002", "_wrap_measured"),
        ("\u0e22\u0e2d\u0e14\u200b\u0e04\u0e07", "_wrap_measured"),
        ("\u0906\u092a\u0915\u093e \u0915\u094d\u0930\u0947\u0921\u093f\u091f", "_wrap_marked"),
        (
            "\u0631\u0635\u064a\u062f\u0643 \u063a\u064a\u0631 \u0643\u0627\u0641\u064d",
            "_wrap_marked",
        ),
        (
            "\u0e22\u0e2d\u0e14\u0e04\u0e07\u0e40\u0e2b\u0e25\u0e37\u0e2d\u0e44\u0e21\u0e48",
            "_wrap_marked",
        ),
        ("\u6b8b\u9ad8\u3000\u4e0d\u8db3", "_wrap_measured"),  # a word that is white space
        ("\u6b8b\u9ad8 \u0915\u094d\u0930", "_wrap_measured"),  # wide characters and marks
        ("a \u0301 b", "_wrap_measured"),  # a word of no width
        ("\U0001f4b3 \u6b8b\u9ad8", "_wrap_measured"),  # a width looked up one by one
    ],
)
def test_text_of_each_script_takes_its_way(text: str, way: str) -> None:
    # The comparisons above are only worth something if the quick ways are taken.
    assert wrap._wrapper(text) is getattr(wrap, way)


def test_the_marks_of_text_wrapping_are_unicodes() -> None:
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    marks = re.findall(f"[{wrap._MARK_BLOCKS}]", everything)
    assert marks and all(unicodedata.combining(ch) and not ch.isspace() for ch in marks)
    wide = re.findall(f"[{wrap._WIDE_BLOCKS}]", everything)
    assert {ch for ch in wide if ch.isspace()} == {"\u3000"}  # the one wide word of space
    blocks = wrap._NARROW_BLOCKS + wrap._WIDE_BLOCKS + wrap._MARK_BLOCKS
    assert not re.match(f"[{blocks}]", wrap._FILLER)
