"""Stage 3: choose a locale per call, and read its catalog.

No ambient state: the locale is an argument of each call, catalogs are read into immutable
objects behind a bounded cache, and nothing is installed globally. A locale value is matched
against the catalogs that exist; it never becomes a file path by itself.

>>> choice = negotiate(["zh-TW"], ("en", "zh_Hans", "zh_Hant"), default="en")
>>> choice.tag
'zh-Hant'
>>> negotiate(accept_language("fr-CH, de;q=0.9, *;q=0.1"), ("en", "de"), default="en").tag
'de'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.plural import PluralRule

from .._errors import LocaleError
from .po import PLURAL_ORDER, read_catalog

SOURCE_LOCALE = "en"
CATALOG_DOMAIN = "tactful"
MAX_ACCEPT_LANGUAGE = 4096
"""Accept-Language headers are cut to this many characters before they are parsed."""
MAX_RANGES = 32
PLURAL_OVERRIDE_CONTEXTS = ("zero", "decimals")
"""The contexts of a catalog's own form for 0 and for numbers with decimals (see Catalog)."""
_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8}){0,5}")
_QUALITY = re.compile(r"q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)", re.IGNORECASE)
"""The catalog header naming the CLDR plural category of each plural form, in order
("one, few, many, other"): the forms were written for the CLDR its writer ran, which another
Babel release may not share."""
_RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"})
# Deprecated or macro-language codes browsers still send, and the catalog that serves them.
_LANGUAGE_ALIASES = {"no": "nb", "iw": "he", "in": "id", "tl": "fil", "mo": "ro", "ji": "yi"}


@dataclass(frozen=True)
class LocaleChoice:
    """The outcome of negotiation: what was asked for and what will be used.

    ``tag`` is the BCP 47 tag of the chosen catalog (for ``lang`` and ``Content-Language``);
    ``requested`` is the first tag the caller asked for, as given (``None`` if none).
    """

    tag: str
    locale_id: str
    requested: str | None
    is_fallback: bool


def normalize_tag(tag: str) -> str | None:
    """Canonical ``ll_Ssss_RR`` form of a BCP 47 or POSIX tag, or ``None`` if malformed.

    >>> normalize_tag("pt-br"), normalize_tag("zh_hant_tw"), normalize_tag("../etc")
    ('pt_BR', 'zh_Hant_TW', None)
    """
    tag = tag.strip().split(".", 1)[0].split("@", 1)[0]  # POSIX: pt_BR.UTF-8@euro
    if len(tag) > 35 or not _TAG.fullmatch(tag):
        return None
    parts = re.split(r"[-_]", tag)
    out = [_LANGUAGE_ALIASES.get(parts[0].lower(), parts[0].lower())]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) == 2 or (len(part) == 3 and part.isdigit()):
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "_".join(out)


def to_bcp47(locale_id: str) -> str:
    """``pt_BR`` -> ``pt-BR``."""
    return locale_id.replace("_", "-")


def text_direction(tag: str) -> str:
    """``"rtl"`` for a locale id or BCP 47 tag whose language is written right to left.

    >>> text_direction("ar"), text_direction("fa-IR"), text_direction("ur_PK"), text_direction("de")
    ('rtl', 'rtl', 'rtl', 'ltr')
    """
    return "rtl" if tag.replace("_", "-").split("-")[0].lower() in _RTL_LANGUAGES else "ltr"


def accept_language(header: str | None) -> list[str]:
    """Language ranges from an Accept-Language header, best first; ``*`` is kept as ``*``.

    The header is cut to :data:`MAX_ACCEPT_LANGUAGE` characters first; malformed entries and
    ranges with ``q=0`` are ignored.

    >>> accept_language("da, en-GB;q=0.8, en;q=0.7, fr;q=0, x;;q=2")
    ['da', 'en-GB', 'en']
    """
    if not header or not isinstance(header, str):
        return []
    ranked: list[tuple[Decimal, int, str]] = []
    for index, entry in enumerate(header[:MAX_ACCEPT_LANGUAGE].split(",")[: MAX_RANGES * 4]):
        tag, _, params = entry.strip().partition(";")
        tag = tag.strip()
        quality = Decimal(1)
        if params:
            match = _QUALITY.fullmatch(params.strip().replace(" ", ""))
            if match is None:
                continue
            quality = Decimal(match.group(1))
        if quality == 0 or not (tag == "*" or _TAG.fullmatch(tag)):
            continue
        ranked.append((-quality, index, tag))
        if len(ranked) >= MAX_RANGES:
            break
    return [tag for _, _, tag in sorted(ranked)]


def negotiate(
    requested: Iterable[str],
    supported: Iterable[str],
    *,
    default: str,
    fallbacks: Mapping[str, Sequence[str]] = MappingProxyType({}),
) -> LocaleChoice:
    """Pick the best supported locale for the requested tags; always ends at ``default``.

    Matching is script-aware: likely subtags are added before anything is cut, so ``zh-TW``
    and ``zh-HK`` reach Traditional Chinese and never Simplified; CLDR parent locales are
    honoured (``es-MX`` -> ``es_419``, ``pt-AO`` -> ``pt_PT``). ``fallbacks`` maps a language
    to more locales to try (``{"ca": ["es"]}``) before the default.
    """
    return _negotiate(
        tuple(requested)[:MAX_RANGES],
        frozenset(supported),
        default,
        tuple((k, tuple(v)) for k, v in fallbacks.items()),
    )


@functools.lru_cache(maxsize=1024)
def _negotiate(
    requested: tuple[str, ...],
    supported: frozenset[str],
    default: str,
    fallbacks: tuple[tuple[str, tuple[str, ...]], ...],
) -> LocaleChoice:
    first = requested[0] if requested else None
    extra = dict(fallbacks)
    for tag in requested:
        if tag == "*":
            break
        normalized = normalize_tag(tag)
        if normalized is None:
            continue
        for candidate in (*_candidates(normalized), *extra.get(normalized.split("_")[0], ())):
            if candidate in supported:
                return LocaleChoice(to_bcp47(candidate), candidate, first, False)
    return LocaleChoice(to_bcp47(default), default, first, bool(requested))


def _candidates(locale_id: str) -> list[str]:
    """The catalogs that may serve ``locale_id``, most specific first (CLDR's likely subtags
    fill in the script and territory; its parent exceptions send es_MX to es_419)."""
    try:
        locale = Locale.parse(locale_id)
    except (ValueError, TypeError, UnknownLocaleError):
        return [locale_id, locale_id.split("_")[0]]
    language, script, territory = _likely(locale)
    out = [locale_id]
    if script and territory:
        out.append(f"{language}_{script}_{territory}")
    if territory:
        out.append(f"{language}_{territory}")
        parent = get_global("parent_exceptions").get(f"{language}_{territory}")
        if parent:
            out.append(parent)
    if script:
        out.append(f"{language}_{script}")
    # The bare language only if its default script is the one asked for (zh-TW != zh).
    bare_script = get_global("likely_subtags").get(language, "").split("_")[1:2]
    if not script or not bare_script or bare_script[0] == script:
        out.append(language)
    return out


def _likely(locale: Locale) -> tuple[str, str | None, str | None]:
    """Language, script and territory, the missing ones from CLDR's likely subtags."""
    language, script, territory = locale.language, locale.script, locale.territory
    if not script or not territory:
        parts = get_global("likely_subtags").get(language, "").split("_")[1:]
        script = script or next((p for p in parts if len(p) == 4), None)
        territory = territory or next((p for p in parts if len(p) in (2, 3)), None)
    return language, script, territory


def supported_locales(locales_dir: Path) -> frozenset[str]:
    """Locale ids that have a catalog under ``locales_dir``, plus the source locale."""
    found = {SOURCE_LOCALE}
    if locales_dir.is_dir():
        for path in locales_dir.iterdir():
            if (
                normalize_tag(path.name) == path.name
                and _catalog_path(locales_dir, path.name).is_file()
            ):
                found.add(path.name)
    return frozenset(found)


def _catalog_path(locales_dir: Path, locale_id: str) -> Path:
    return locales_dir / locale_id / "LC_MESSAGES" / f"{CATALOG_DOMAIN}.po"


class Catalog:
    """One locale's translations, read from its ``.po`` file. Immutable after construction.

    Plural forms are chosen by the CLDR category of the value as displayed, so decimals work
    ("1.5 credits", Russian "1,5 кредита"). ``plural_categories`` names the category of each
    form, in order, as the catalog's ``X-Plural-Categories`` header does; a catalog without it
    is taken to order its forms as the running CLDR does (zero, one, two, few, many, other:
    those the language has). A category the catalog has no form for takes its last form,
    "other", which every language has: so a catalog written for an older or newer CLDR than
    the running Babel's still renders each number with a form meant for it.

    Where a language's grammar for 0, or for a number with decimals, is not CLDR's category,
    the catalog gives that form itself: an entry with the context ``"zero"`` or ``"decimals"``
    and the plural message's singular msgid (Brazilian Portuguese says "0 créditos" where CLDR
    puts 0 in "one"; Slovenian "1,5 kredita", the genitive singular, where CLDR says "few").

    >>> pt = Catalog("pt_BR", {("zero", "%(count)s credit"): "%(count)s créditos",
    ...                        (None, "%(count)s credit"): ("%(count)s crédito", "%(count)s créditos")})
    >>> pt.ngettext("%(count)s credit", "%(count)s credits", 0)
    '%(count)s créditos'
    >>> pt.ngettext("%(count)s credit", "%(count)s credits", 1)
    '%(count)s crédito'
    """

    def __init__(
        self,
        locale_id: str,
        messages: Mapping[tuple[str | None, str], str | tuple[str, ...]],
        plural_categories: tuple[str, ...] | None = None,
    ):
        self.locale_id = locale_id
        self.locale = Locale.parse(locale_id)
        self._messages = MappingProxyType(dict(messages))
        # Read from the CLDR data when first needed: a message without amounts needs none of
        # it, and Babel loads a locale's whole data at once.
        self._plural_tags: tuple[str, ...] | None = plural_categories
        # Whether the catalog has forms of its own for 0 or decimals (see the class docstring).
        self._overrides = any(context in PLURAL_OVERRIDE_CONTEXTS for context, _ in messages)

    def gettext(self, message: str, context: str | None = None) -> str:
        found = self._messages.get((context, message))
        return found if isinstance(found, str) and found else message

    def ngettext(
        self, singular: str, plural: str, count: Decimal | int, context: str | None = None
    ) -> str:
        if self._overrides and context is None:
            own = self._own_form(singular, count)
            if own:
                return own
        category = self.locale.plural_form(count)
        found = self._messages.get((context, singular))
        if isinstance(found, tuple) and any(found):
            tags = self.plural_tags
            index = tags.index(category) if category in tags else -1
            form = found[min(index, len(found) - 1)]
            if form:
                return form
        return singular if category == "one" else plural

    def _own_form(self, singular: str, count: Decimal | int) -> str | None:
        """The catalog's own form for 0 or for a number with decimals, if it has one."""
        if count == 0:
            found = self._messages.get(("zero", singular))
        elif count % 1:
            found = self._messages.get(("decimals", singular))
        else:
            return None
        return found if isinstance(found, str) else None

    @property
    def plural_tags(self) -> tuple[str, ...]:
        """The CLDR plural category of each of the catalog's plural forms, in order."""
        tags = self._plural_tags
        if tags is None:  # the same value whoever computes it first
            tags = self._plural_tags = cldr_plural_categories(self.locale.plural_form)
        return tags


def cldr_plural_categories(rule: PluralRule) -> tuple[str, ...]:
    """The categories of a CLDR plural rule in catalog order: zero, one, two, few, many and
    other, those the language has (every language has "other")."""
    return tuple(t for t in PLURAL_ORDER if t in rule.tags or t == "other")


@functools.lru_cache(maxsize=128)
def load_catalog(locales_dir: Path, locale_id: str) -> Catalog:
    """Read the catalog for ``locale_id`` (which must come from :func:`supported_locales`)."""
    if locale_id == SOURCE_LOCALE:
        return Catalog(locale_id, {})
    if normalize_tag(locale_id) != locale_id:
        raise LocaleError(f"not a locale id: {locale_id!r}")
    path = _catalog_path(locales_dir, locale_id)
    try:
        text = read_catalog(path.read_bytes())
        return Catalog(locale_id, text.messages, text.plural_categories)
    except (OSError, ValueError, UnknownLocaleError) as exc:
        raise LocaleError(f"cannot read the catalog for {locale_id}: {exc}") from exc
