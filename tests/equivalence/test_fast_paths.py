"""Fast paths give what the general ones give.

Catalogs are read by tactful's own small .po reader, text of one-column characters is wrapped
(and plain ASCII cleaned) without measuring each character, a label is joined to its value
without reading the catalog's pattern each time. Each is checked here against the general way:
Babel's ``read_po``, and the character-by-character code. (Money: test_money.py.)
"""

from __future__ import annotations

import io
import itertools
import re
import unicodedata
from types import MappingProxyType
from typing import Any
from unittest import mock

import pytest
from babel.messages.pofile import read_po
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tactful import _channels, _decode, _recognize
from tactful._locale import Catalog, read_catalog, supported_locales
from tactful._present.sentence import Sentence
from tactful._present.sentence import Words as _Words
from tactful._present.sentence import filled as _filled
from tactful._resources import LOCALES_DIR
from tactful._text import clean_text

LOCALES = sorted(supported_locales(LOCALES_DIR))


def babel_catalog(data: bytes, locale_id: str) -> dict[tuple[str | None, str], object]:
    out: dict[tuple[str | None, str], object] = {}
    for message in read_po(io.BytesIO(data), locale=locale_id):
        if not message.id or message.fuzzy:
            continue
        key = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
        if isinstance(message.string, (tuple, list)):
            out[(message.context, key)] = tuple(message.string)
        elif message.string:
            out[(message.context, key)] = message.string
    return out


@pytest.mark.parametrize("locale_id", [loc for loc in LOCALES if loc != "en"])
def test_every_catalog_reads_as_babel_reads_it(locale_id: str) -> None:
    data = (LOCALES_DIR / locale_id / "LC_MESSAGES" / "tactful.po").read_bytes()
    assert read_catalog(data).messages == babel_catalog(data, locale_id)


EDGES = """# a comment
#, fuzzy
msgid ""
msgstr ""
"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : 1);\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

#. Translators: a note
#: src/x.py:1
msgctxt "button"
msgid "Add credit"
msgstr ""
"Guthaben "
"aufladen"

msgid "Add credit"
msgstr "Aufladen \\"jetzt\\"\\n\\tbitte \\\\ \\r"

#, fuzzy, python-format
msgid "Fuzzy %(x)s"
msgstr "Unscharf %(x)s"

msgid "Twice"
msgstr "Erstes"

#, fuzzy
msgid "Twice"
msgstr "Zweites"

msgid "Empty"
msgstr ""

msgid "%(count)s credit"
msgid_plural "%(count)s credits"
msgstr[0] "%(count)s Guthaben"
msgstr[2] "%(count)s Guthaben (viele)"
msgstr[7] "zu viel"

#~ msgid "Old"
#~ msgstr "Alt"
"""


def test_catalog_edges_read_as_babel_reads_them() -> None:
    data = EDGES.encode("utf-8")
    assert read_catalog(data).messages == babel_catalog(data, "de")
    assert read_catalog(data).messages[("button", "Add credit")] == "Guthaben aufladen"


@pytest.mark.parametrize(
    ("broken", "why"),
    [
        (b'msgid "a"\nmsgstr b\n', "not a quoted string"),
        (b'"stray"\n', "outside an entry"),
        (b'msgid "a"\nmsgfoo "b"\n', "unknown keyword"),
        (b'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\n', "Plural-Forms"),
        (b'msgid ""\nmsgstr "Content-Type: text/plain; charset=latin-1\\n"\n', "UTF-8"),
        # Babel releases disagree on these (2.19 reads \a as BEL, 2.18 kept the backslash).
        (b'msgid "a"\nmsgstr "b \\a"\n', "unsupported escape"),
        (b'msgid "a"\nmsgstr "b \\x41"\n', "unsupported escape"),
        (b'msgid "a"\nmsgstr "b \\"\n', "not a quoted string|unsupported escape"),
    ],
)
def test_a_catalog_the_reader_does_not_understand_is_refused(broken: bytes, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        read_catalog(broken)


_ONE_COLUMN_TEXT = st.text(
    alphabet=st.sampled_from(list("ab cd ef   https://x.io/a-b.\u00e9\u00a0\t\u0434\u2003\u201d")),
    max_size=200,
)


@settings(max_examples=500, deadline=None)
@given(_ONE_COLUMN_TEXT, st.integers(min_value=1, max_value=90))
def test_one_column_text_wraps_as_the_general_wrapper_wraps_it(text: str, width: int) -> None:
    general = _channels._wrap_measured(text, max(width, 20))
    assert _channels.wrap(text, width) == general
    if text.isascii() and text.isprintable():
        assert _channels._wrapper(text) is _channels._wrap_plain  # the way this compares


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab  c\u00a0")), max_size=80), st.integers(4, 60))
def test_plain_text_is_cleaned_as_any_text_is(text: str, limit: int) -> None:
    ascii_text = text.replace("\u00a0", " ")
    # The same text with a harmless non-ASCII letter at the end takes the general way.
    general = clean_text(ascii_text + "\u00e9", limit=limit + 1)
    fast = clean_text(ascii_text + "e", limit=limit + 1)
    assert general.replace("\u00e9", "e") == fast


# ---- decoding and gathering -------------------------------------------------------------------

_LEAVES = st.one_of(
    st.text(alphabet=st.sampled_from(list('ab{}[]" :1\n\u3000\u00a0é')), max_size=12),
    st.integers(-5, 5),
    st.none(),
    st.booleans(),
)
_TREES = st.recursive(
    _LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=6),
        st.dictionaries(st.sampled_from(["code", "message", "a", "b", "urls", "x" * 130]), inner),
    ),
    max_leaves=60,
)


def _general(value: Any) -> Any:
    """The same data in types that take _copy's general way: a Mapping and tuples."""
    if isinstance(value, dict):
        return MappingProxyType({key: _general(item) for key, item in value.items()})
    if isinstance(value, list):
        return tuple(_general(item) for item in value)
    return value


@settings(max_examples=400, deadline=None)
@given(_TREES, st.integers(0, 30), st.integers(0, 300))
def test_dicts_and_lists_are_copied_as_any_mapping_and_sequence(
    tree: Any, depth: int, spent: int
) -> None:
    fast, general = _decode._Budget(), _decode._Budget()
    fast.nodes = general.nodes = _decode.MAX_NODES - spent  # near the cap, and past it
    assert _decode._copy(tree, depth, fast) == _decode._copy(_general(tree), depth, general)
    assert fast.nodes == general.nodes


def test_the_white_space_of_plain_strings_is_what_str_isspace_says() -> None:
    spaces = "".join(ch for ch in map(chr, range(0x110000)) if ch.isspace())
    assert spaces == _decode.WHITE_SPACE


@given(st.lists(st.tuples(st.sampled_from("abc"), st.integers()), max_size=300))
def test_objects_keep_the_first_of_duplicate_keys(pairs: list[tuple[str, int]]) -> None:
    expected: dict[str, int] = {}
    for key, value in pairs[: _decode.MAX_ITEMS]:
        expected.setdefault(key, value)
    got = _decode._first_wins(pairs)
    assert list(got.items()) == list(expected.items())


def _noted_leaf_by_leaf(ev: Any, data: Any, key: str, depth: int) -> None:
    """_recognize._walk without its shortcuts: every leaf through _note."""
    if isinstance(data, dict):
        for child_key, value in data.items():
            if isinstance(value, dict):
                _recognize._note(ev, str(child_key), value, depth + 1)
            if isinstance(value, (dict, list)):
                _noted_leaf_by_leaf(ev, value, str(child_key), depth + 1)
            else:
                _recognize._note(ev, str(child_key), value, depth + 1)
    elif isinstance(data, list):
        for value in data:
            if isinstance(value, (dict, list)):
                _noted_leaf_by_leaf(ev, value, key, depth + 1)
            else:
                _recognize._note(ev, key, value, depth + 1)
    else:
        _recognize._note(ev, key, data, depth)


@settings(max_examples=300, deadline=None)
@given(_TREES)
def test_the_walk_notes_what_noting_every_leaf_notes(tree: Any) -> None:
    fast, general = _recognize._Evidence(), _recognize._Evidence()
    _recognize._walk(fast, tree, "", 0)
    _noted_leaf_by_leaf(general, tree, "", 0)
    assert fast == general


@pytest.mark.parametrize(
    "pattern",
    [
        "%(label)s: %(value)s",
        "%(label)s\u00a0: %(value)s",
        "%(label)s.%(value)s",
        "%(value)s (%(label)s)",
    ],
)
def test_label_and_value_are_joined_as_the_catalog_pattern_joins_them(pattern: str) -> None:
    words = _Words(Catalog("en", {(None, "%(label)s: %(value)s"): pattern}))
    for label, value in itertools.product(["", "a.", "Code", "x"], ["", ".b", "Code", "a."]):
        for from_payload in (False, True):
            filled = _filled(pattern, {"label": label, "value": value})
            expected = Sentence(
                tuple((text, is_value and text == value) for text, is_value in filled),
                isolate=from_payload,
            )
            assert words.joined(label, value, from_payload=from_payload) == expected


def test_the_spaces_of_one_column_text_are_all_its_white_space() -> None:
    narrow = re.findall(f"[{_channels._NARROW_BLOCKS}]", "".join(map(chr, range(0x10000))))
    spaces = {ch for ch in narrow if ch.isspace() and ch not in " \n"}
    assert spaces == set(re.findall(f"[{_channels._NARROW_SPACES}]", "".join(narrow)))


def test_cached_calls_to_action_keep_the_exact_amount_text() -> None:
    # Calls to action are cached per link and amount: equal amounts written differently are
    # different links, whichever Renderer asked first.
    import tactful

    body = b'{"error":{"code":"INSUFFICIENT_BALANCE"}}'
    for top_up in ("5", "5.0", "5", "5.00"):
        renderer = tactful.Renderer(
            recharge_url="https://billing.example.com/top-up?amount={amount}",
            currency="USD",
            default_top_up=top_up,
        )
        url = renderer.render_result(body, format="text").action_url
        assert url == f"https://billing.example.com/top-up?amount={top_up}"


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
    fast = _channels.finish_text(text, width)
    _forget_wrapped_text()  # or the second run would answer from the memo
    with mock.patch.object(_channels, "_wrapper", _only_the_general_way):
        assert _channels.finish_text(text, width) == fast
    _forget_wrapped_text()


def _forget_wrapped_text() -> None:
    _channels._wrap_paragraph.cache_clear()
    _channels._wrap_indented.cache_clear()


def _only_the_general_way(_text: str) -> _channels._Wrapper:
    return _channels._wrap_measured


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
    assert _channels.wrap(text, width) == _channels._wrap_measured(text, max(width, 20))


@settings(max_examples=500, deadline=None, derandomize=True)
@given(
    st.lists(st.one_of(_MIXED_TEXT, st.sampled_from(["\n", "\n\n", "\n  ", " \n"]))).map("".join),
    st.integers(min_value=1, max_value=90),
)
def test_finished_mixed_script_text_is_wrapped_as_the_general_wrapper_wraps_it(
    text: str, width: int
) -> None:
    fast = _channels.finish_text(text, width)
    _forget_wrapped_text()  # or the second run would answer from the memo
    with mock.patch.object(_channels, "_wrapper", _only_the_general_way):
        assert _channels.finish_text(text, width) == fast
    _forget_wrapped_text()


def _forget_wrapped_text() -> None:
    _channels._wrap_paragraph.cache_clear()
    _channels._wrap_indented.cache_clear()


@pytest.mark.parametrize(
    ("text", "way"),
    [
        ("\u6b8b\u9ad8\u304c\u4e0d\u8db3\u3002 https://x.io", "_wrap_columns"),
        ("\uc794\uc561\uc774 \ubd80\uc871\ud569\ub2c8\ub2e4", "_wrap_columns"),
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
    assert _channels._wrapper(text) is getattr(_channels, way)


def test_the_marks_of_text_wrapping_are_unicodes() -> None:
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    marks = re.findall(f"[{_channels._MARK_BLOCKS}]", everything)
    assert marks and all(unicodedata.combining(ch) and not ch.isspace() for ch in marks)
    wide = re.findall(f"[{_channels._WIDE_BLOCKS}]", everything)
    assert {ch for ch in wide if ch.isspace()} == {"\u3000"}  # the one wide word of space
    blocks = _channels._NARROW_BLOCKS + _channels._WIDE_BLOCKS + _channels._MARK_BLOCKS
    assert not re.match(f"[{blocks}]", _channels._FILLER)


_URL_TEXTS = st.lists(
    st.lists(st.sampled_from(["http", "s", "://", "x", " ", "\n", "<", "HTTPS"]), max_size=12).map(
        "".join
    ),
    max_size=8,
)


@settings(max_examples=400, deadline=None)
@given(_URL_TEXTS)
def test_urls_are_taken_out_of_the_joined_prose_as_out_of_each_text(texts: list[str]) -> None:
    # _prose removes the URLs of texts that all fit from their join, as here from each text.
    each = " \n ".join(_recognize._without_urls(text) for text in texts)
    assert _recognize._prose(texts) == each


_URL_PIECES = st.sampled_from(
    ["http", "s", "S", "://", "ſ", "x", "/", " ", "\n", "\u2003", "<", ")", "HTTPS", ":"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_URL_PIECES, max_size=40), st.integers(min_value=0, max_value=600))
@example(pieces=["x ", "https", "://", "a"], padding=600)
@example(pieces=["http", "://", "://", "x", " ", "ſ", "://", "y"], padding=600)
def test_urls_are_taken_out_window_by_window_as_one_substitution_takes_them(
    pieces: list[str], padding: int
) -> None:
    # _without_urls runs the substitution only around each "://" of long text; padding makes
    # the text long enough for that way as well as short enough for the single substitution.
    text = "a " * padding + "".join(pieces)
    assert _recognize._without_urls(text) == _recognize._URL.sub(" ", text)
