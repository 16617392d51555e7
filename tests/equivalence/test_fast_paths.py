"""Fast paths give what the general ones give.

Catalogs are read by tactful's own small .po reader, plain ASCII is cleaned without measuring
each character, a label is joined to its value without reading the catalog's pattern each time.
Each is checked here against the general way: Babel's ``read_po``, and the character-by-character
code. (Money: test_money.py; the text wrappers: test_wrap.py.)
"""

from __future__ import annotations

import io
import itertools

import pytest
from babel.messages.pofile import read_po
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tactful._locale import Catalog, supported_locales
from tactful._locale.po import read_catalog
from tactful._present.sentence import Sentence
from tactful._present.sentence import Words as _Words
from tactful._present.sentence import filled as _filled
from tactful._recognize import prose
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


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab  c\u00a0")), max_size=80), st.integers(4, 60))
def test_plain_text_is_cleaned_as_any_text_is(text: str, limit: int) -> None:
    ascii_text = text.replace("\u00a0", " ")
    # The same text with a harmless non-ASCII letter at the end takes the general way.
    general = clean_text(ascii_text + "\u00e9", limit=limit + 1)
    fast = clean_text(ascii_text + "e", limit=limit + 1)
    assert general.replace("\u00e9", "e") == fast


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
    each = " \n ".join(prose.without_urls(text) for text in texts)
    assert prose.joined_prose(texts) == each


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
    assert prose.without_urls(text) == prose.URL.sub(" ", text)
