"""The template context types (Sentence, Link, Fact, Details) and how a catalog makes them.

A :class:`Sentence` keeps a translated text and the values put into it apart, so that each
channel can treat the values as data: escaped and isolated in HTML, escaped its own way in
Markdown. :class:`Words` is one catalog's way of writing: its direction, the gap between two
sentences, how a label meets its value, and every Kind's copy translated.

>>> sentence = interpolate("Your balance is %(balance)s.", {"balance": "<b>$5"}, isolate=True)
>>> str(sentence)
'Your balance is <b>$5.'
>>> sentence.__html__()
Markup('Your balance is <bdi>&lt;b&gt;$5</bdi>.')
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

from .._locale import Catalog, text_direction
from .._model import Kind
from .copy import COPY, LATER, KindCopy

_PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%")
_LABEL_SEPARATOR_VALUE = re.compile(r"%\(label\)s([^%.][^%]*)%\(value\)s")
_NO_SPACE_BETWEEN_SENTENCES = frozenset({"zh", "ja", "yue"})


# A value in figures(): set apart, and in a <bdi> where the sentence isolates its values.
_FIGURE_TAGS = {
    False: ('<b class="tactful__figure">', "</b>"),
    True: ('<b class="tactful__figure"><bdi>', "</bdi></b>"),
}


@dataclass(frozen=True, slots=True)
class Sentence:
    """Translated text with values in it, kept apart so each channel can treat them.

    ``str()`` gives plain text. In HTML the text is escaped, and with ``isolate`` every value
    sits in a ``<bdi>`` so that it reads correctly inside a right-to-left sentence. Our own
    amounts need that only in right-to-left locales; text from a payload may be right-to-left
    anywhere, so it is always isolated. The page's element structure therefore depends on the
    locale and the channel, never on which numbers a payload happened to carry.
    """

    parts: tuple[tuple[str, bool], ...]
    isolate: bool = False

    def __str__(self) -> str:
        return "".join([text for text, _ in self.parts])

    def __html__(self) -> Markup:
        if not self.isolate:
            return escape("".join([text for text, _ in self.parts]))
        return Markup(  # noqa: S704 - every part is escaped here
            "".join(
                [
                    f"<bdi>{escape(text)}</bdi>" if is_value else escape(text)
                    for text, is_value in self.parts
                ]
            )
        )

    def __bool__(self) -> bool:
        return any(text for text, _ in self.parts)

    def figures(self) -> Markup:
        """The sentence in HTML with each value set apart (``<b class="tactful__figure">``),
        so that amounts can be found at a glance; isolated as in ``__html__``.

        >>> interpolate("Your balance is %(balance)s.", {"balance": "$5"}).figures()
        Markup('Your balance is <b class="tactful__figure">$5</b>.')
        """
        opening, closing = _FIGURE_TAGS[self.isolate]
        return Markup(  # noqa: S704 - every part is escaped here
            "".join(
                [
                    f"{opening}{escape(text)}{closing}" if is_value else escape(text)
                    for text, is_value in self.parts
                ]
            )
        )

    def values(self) -> Iterator[str]:
        """The values in the sentence, for channels that escape them differently."""
        return (text for text, is_value in self.parts if is_value)


def interpolate(template: str, values: Mapping[str, str], *, isolate: bool = False) -> Sentence:
    """Put ``values`` into a trusted catalog ``template`` at its ``%(name)s`` placeholders.

    Values are inserted as data: nothing in them is read as a placeholder or format spec.

    >>> str(interpolate("Top up %(amount)s at 100%%", {"amount": "{0:>99}"}))
    'Top up {0:>99} at 100%'
    """
    return Sentence(filled(template, values), isolate)


def filled(template: str, values: Mapping[str, str]) -> tuple[tuple[str, bool], ...]:
    """The parts of ``template`` with ``values`` in it, empty ones left out.

    >>> filled("Your balance is %(balance)s.", {"balance": "0,12 щ.д."})
    (('Your balance is ', False), ('0,12 щ.д.', True))
    """
    parts: list[tuple[str, bool]] = []
    value = ""  # the value just put in, if the last piece was a placeholder
    for text, name in _pieces(template):
        if name is None:
            # Some CLDR symbols end in a full stop ("0,12 щ.д."): a sentence that ends right
            # after such a value must not end in "..".
            if text[:1] == "." and value[-1:] == ".":
                text = text[1:]
            if text:
                parts.append((text, False))
        elif name == "%":
            parts.append(("%", False))
            value = ""
        else:
            value = values.get(name, "")
            if value:
                parts.append((value, True))
    return tuple(parts)


@functools.lru_cache(maxsize=2048)
def _pieces(template: str) -> tuple[tuple[str, str | None], ...]:
    """A catalog template read once: texts (name None) and placeholders ("%" for "%%"), in
    turn, starting and ending with a text."""
    pieces: list[tuple[str, str | None]] = []
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        pieces.append((template[position : match.start()], None))
        pieces.append(("", "%" if match.group(0) == "%%" else match.group(1)))
        position = match.end()
    pieces.append((template[position:], None))
    return tuple(pieces)


@functools.lru_cache(maxsize=2048)
def _constant(template: str, isolate: bool) -> Sentence:
    """A catalog sentence without values: the same for every message, so made once."""
    return interpolate(template, {}, isolate=isolate)


@dataclass(frozen=True)
class Link:
    """A call to action or secondary link: a translated label and a checked URL.

    ``line`` joins the two the way the language does ("Top up $5: https://..."), for text.
    """

    label: Sentence
    url: str
    line: Sentence


@dataclass(frozen=True)
class Fact:
    """A technical detail: ``line`` is label and value joined as the language writes it."""

    label: str
    value: str
    line: Sentence


@dataclass(frozen=True)
class Details:
    """The provider's own words and codes, for those who need them."""

    heading: str
    source: Sentence
    message: str | None
    facts: tuple[Fact, ...]
    message_line: Sentence | None


@functools.lru_cache(maxsize=256)
def words_of(catalog: Catalog) -> Words:
    """The catalog's :class:`Words`, made once per catalog and shared by every message.

    Making them reads the catalog some forty times (every Kind's copy); a message then reads
    only this object. A catalog is one object per locale and directory, so 256 holds every
    shipped locale several times over; one pushed out is only made again.
    """
    return Words(catalog)


class Words:
    """One catalog's way of writing: what every message in its locale shares.

    Its ``gettext`` and ``ngettext`` are the catalog's, under the names Babel's extractor
    looks for, so a sentence written as ``words.gettext("...")`` is found and extracted.
    """

    def __init__(self, catalog: Catalog) -> None:
        self.gettext: Callable[[str], str] = catalog.gettext
        self.ngettext: Callable[[str, str, Decimal | int], str] = catalog.ngettext
        self.lang = catalog.locale_id.replace("_", "-")
        self.dir = text_direction(self.lang)
        self.rtl = self.dir == "rtl"
        self.gap = "" if catalog.locale.language in _NO_SPACE_BETWEEN_SENTENCES else " "
        # Translators: how a label and its value are joined, as in "Code: 402". Use your
        # language's punctuation (French "%(label)s : %(value)s", Chinese full-width "：").
        self.join_pattern = self.gettext("%(label)s: %(value)s")
        # Every shipped catalog writes it as label, separator, value: then no need to read the
        # pattern for each line (a separator starting with "." would need filled's rule).
        plain = _LABEL_SEPARATOR_VALUE.fullmatch(self.join_pattern)
        self.separator = plain.group(1) if plain else None
        # Every Kind's copy, translated once per catalog: a handful of lookups, after which
        # choosing a sentence is a read of this table.
        self.copy: Mapping[Kind, KindCopy] = {
            kind: row.translated(self.gettext) for kind, row in COPY.items()
        }
        # The same for a message read later (an email), with LATER's sentences in place of
        # those that speak of the moment of the request.
        self.later_copy: Mapping[Kind, KindCopy] = {
            kind: row.translated(lambda msgid: self.gettext(LATER.get(msgid, msgid)))
            for kind, row in COPY.items()
        }

    def sentence(self, template: str, values: Mapping[str, str] | None = None) -> Sentence:
        """A catalog sentence with our own formatted values (isolated in RTL locales)."""
        if not values:
            return _constant(template, self.rtl)
        return interpolate(template, values, isolate=self.rtl)

    def joined(self, label: str | Sentence, value: str, *, from_payload: bool = False) -> Sentence:
        """``label`` and ``value`` joined by the catalog's pattern ("Code: 402"); a label that
        is a sentence keeps its own values apart ("Top up $5: https://...")."""
        # Only the value is isolated: the label is the page's own language (unless it reads
        # exactly as the value).
        isolate = from_payload or self.rtl
        text = str(label)
        if self.separator is not None:
            parts = ((text, text == value), (self.separator, False), (value, True))
            line = tuple(part for part in parts if part[0])
        else:
            pattern_parts = filled(self.join_pattern, {"label": text, "value": value})
            line = tuple((t, v and t == value) for t, v in pattern_parts)
        # Our own values are isolated in right-to-left locales only (see sentence()).
        if self.rtl and isinstance(label, Sentence) and len(label.parts) > 1:
            line = _spliced(line, text, label.parts)
        return Sentence(line, isolate)

    def link(self, label: Sentence, url: str) -> Link:
        """A link whose text line joins label and URL as this language joins a label and value."""
        return Link(label, url, self.joined(label, url))


def _spliced(
    line: tuple[tuple[str, bool], ...], text: str, parts: tuple[tuple[str, bool], ...]
) -> tuple[tuple[str, bool], ...]:
    """``line`` with its part that is the label's ``text`` replaced by the label's parts."""
    out: list[tuple[str, bool]] = []
    for part in line:
        out.extend(parts if part == (text, False) else (part,))
    return tuple(out)
