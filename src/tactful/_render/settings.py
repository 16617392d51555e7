"""A Renderer's settings, in four frozen groups, and how flat keywords fill them.

Each group is a public record an application can build once and share:
:class:`LinkSettings` (where the calls to action point), :class:`LocaleSettings` (which
catalogs, which default), :class:`ContentSettings` (what a message says) and
:class:`OutputSettings` (templates and channels). ``Renderer(links=LinkSettings(...))`` and
``Renderer(recharge_url=...)`` give equal Renderers; giving one setting both ways is a
:class:`tactful.ConfigError`, since one of the two values would be silently lost.

Each record only normalizes its values (so that equal settings compare equal, and an iterable
is read once); the Renderer checks them against each other when it is built.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypedDict, cast
from urllib.parse import urlsplit

from .. import _channels
from .._errors import ConfigError
from .._links import LOCAL_HOSTS, host_allowed, link_host, safe_link
from .._locale import SOURCE_LOCALE, normalize_tag, supported_locales
from .._model import Kind
from .._present import Options
from .._resources import LOCALES_DIR
from .checks import checked_flag, set_field
from .environment import environment, shared_environment
from .site import SiteSettings

if TYPE_CHECKING:
    import jinja2
    from typing_extensions import Unpack

    from .._channels import Format


# How numbers may be written (ContentSettings.digits).
DIGITS = ("native", "latin")
# Narrower than a phone's terminal, a line cannot hold a sentence's words; wider is no text.
MIN_TEXT_WIDTH = 20
MAX_TEXT_WIDTH = 1000


def _several(name: str, value: object) -> Iterable[Any]:
    """``value`` as the collection it must be: one string is a mistake, not its characters."""
    if isinstance(value, (str, bytes, Path)) or not isinstance(value, Iterable):
        raise ConfigError(f"{name} must be a list or set, not {type(value).__name__}")
    return value


def _whole(name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ConfigError(f"{name} must be a whole number from {low} to {high}, not {value!r}")
    return value


def _positive_amount(value: object) -> Decimal:
    # A positive amount a billing page can take: finite, and short enough to format and link.
    try:
        amount = Decimal(str(value))
    except ArithmeticError:
        amount = Decimal("NaN")
    if isinstance(value, bool) or not amount.is_finite() or amount <= 0 or amount.adjusted() >= 12:
        raise ConfigError(f"default_top_up must be a positive amount, not {value!r}")
    return amount


@dataclass(frozen=True)
class LinkSettings:
    """Where a message's links point; every link is checked when the Renderer is built.

    - ``recharge_url``: the call to action (https); may hold ``{amount}`` and ``{currency}``.
    - ``pricing_url``: a secondary link, shown for money problems.
    - ``allowed_hosts``: the hosts a link may point to (default: those of the two links).
    - ``problem_type``: the ``type`` URI of the problem format (may hold ``{kind}``).

    >>> LinkSettings(allowed_hosts=["Billing.Example.com"]).allowed_hosts
    frozenset({'billing.example.com'})
    """

    recharge_url: str | None = None
    pricing_url: str | None = None
    allowed_hosts: Iterable[str] = frozenset()
    problem_type: str | None = None

    def __post_init__(self) -> None:
        hosts = _several("allowed_hosts", self.allowed_hosts)
        set_field(self, "allowed_hosts", frozenset(str(host).lower() for host in hosts))


@dataclass(frozen=True)
class LocaleSettings:
    """Which locales a Renderer speaks.

    - ``default_locale``: what a call without a usable locale renders in (default ``en``).
    - ``locale_fallbacks``: more locales to try for a language, such as ``{"ca": ["es"]}``.
    - ``locale_dir``: catalogs of your own, instead of the shipped ones.
    """

    default_locale: str = SOURCE_LOCALE
    locale_fallbacks: Mapping[str, Sequence[str]] = field(default_factory=dict)
    locale_dir: str | Path | None = None

    def __post_init__(self) -> None:
        given = self.locale_fallbacks or {}
        if not isinstance(given, Mapping):
            raise ConfigError("locale_fallbacks must map a language to a list of locales")
        fallbacks = {
            key: tuple(_several(f"locale_fallbacks[{key!r}]", v)) for key, v in given.items()
        }
        set_field(self, "locale_fallbacks", MappingProxyType(fallbacks))
        if self.locale_dir is not None:
            set_field(self, "locale_dir", Path(self.locale_dir))


@dataclass(frozen=True)
class ContentSettings:
    """What a message says.

    - ``currency`` (ISO 4217) and ``default_top_up``: the top-up for ``{amount}`` and
      ``{currency}`` when the notice has no shortfall to suggest one from.
    - ``show_label``, ``show_why``, ``show_details``, ``show_amounts``, ``show_ids``: the
      relief clause (where the kind implies it: ``docs/copy.md``), the one-line why, the
      provider's own words and codes, the amounts in the mirror sentence, and request ids
      among the details.
    - ``unreadable_kind``: the kind of a payload with nothing readable in it (default
      ``other``, said honestly: "We could not read the service's answer", with no promise and
      no button, as :func:`tactful.parse` and ``tactful inspect`` say). An application that
      only calls tactful for errors it knows to be out-of-credit ones may choose
      ``insufficient_balance``.
    - ``digits``: ``"native"`` (default) writes numbers in the locale's own digits where
      CLDR's default numbering system for it is not Latin (Persian ۰-۹, Bengali ০-৯);
      ``"latin"`` writes 0-9 everywhere.
    """

    currency: str | None = None
    default_top_up: Decimal | int | str | None = None
    show_label: bool = True
    show_why: bool = False
    show_details: bool = True
    show_amounts: bool = True
    show_ids: bool = True
    unreadable_kind: Kind = Kind.OTHER
    digits: str = "native"

    def __post_init__(self) -> None:
        if self.digits not in DIGITS:
            raise ConfigError(f"digits must be 'native' or 'latin', not {self.digits!r}")
        if self.default_top_up is not None:
            set_field(self, "default_top_up", _positive_amount(self.default_top_up))
        try:
            set_field(self, "unreadable_kind", Kind(self.unreadable_kind))
        except ValueError:
            kinds = ", ".join(kind.value for kind in Kind)
            raise ConfigError(f"unreadable_kind must be one of {kinds}") from None


@dataclass(frozen=True)
class OutputSettings:
    """How a message is laid out.

    - ``template_dirs``: directories searched before the built-in templates.
    - ``sandboxed``: render templates in Jinja2's sandbox (for templates customers edit).
    - ``heading_level``: the HTML heading level of the title, 1 to 6 (default 2).
    - ``text_width``: the line width of the text and terminal formats.
    - ``color``, ``hyperlinks``: the terminal format's colour and clickable links; ``None``
      decides per render from the environment.
    - ``bidi_isolates``: in right-to-left messages, each value and the provider's own text sit
      between U+2068 and U+2069 in the text, terminal, Markdown and email text formats, as HTML
      puts them in ``<bdi>`` (default True); False leaves them out, for terminals that show
      them as boxes.
    - ``formats``: an application's own output formats by name (see :class:`tactful.Format`).
    """

    template_dirs: Iterable[str | Path] = ()
    sandboxed: bool = False
    heading_level: int = 2
    text_width: int = _channels.DEFAULT_WIDTH
    color: bool | None = None
    hyperlinks: bool | None = None
    bidi_isolates: bool = True
    formats: Mapping[str, Format] = field(default_factory=dict)

    def __post_init__(self) -> None:
        checked_flag(self.bidi_isolates, "bidi_isolates")
        dirs = _several("template_dirs", self.template_dirs)
        set_field(self, "template_dirs", tuple(Path(d) for d in dirs))
        _whole("heading_level", self.heading_level, 1, 6)
        _whole("text_width", self.text_width, MIN_TEXT_WIDTH, MAX_TEXT_WIDTH)
        set_field(self, "formats", MappingProxyType(dict(self.formats or {})))


class FlatSettings(TypedDict, total=False):
    """Every grouped setting, as a keyword of its own (the Renderer's flat form)."""

    recharge_url: str | None
    pricing_url: str | None
    allowed_hosts: Iterable[str]
    problem_type: str | None
    default_locale: str
    locale_fallbacks: Mapping[str, Sequence[str]] | None
    locale_dir: str | Path | None
    currency: str | None
    default_top_up: Decimal | int | str | None
    show_label: bool
    show_why: bool
    show_details: bool
    show_amounts: bool
    show_ids: bool
    unreadable_kind: Kind
    digits: str
    template_dirs: Iterable[str | Path]
    sandboxed: bool
    heading_level: int
    text_width: int
    color: bool | None
    hyperlinks: bool | None
    bidi_isolates: bool
    formats: Mapping[str, Format] | None
    product_name: str | None
    logo_url: str | None
    return_to: str
    theme: str
    greeting: bool
    alerts_url: str | None


@dataclass(frozen=True)
class Settings:
    """All the groups: what a Renderer is built from, and what ``replace`` starts from."""

    links: LinkSettings = LinkSettings()
    locales: LocaleSettings = LocaleSettings()
    content: ContentSettings = ContentSettings()
    output: OutputSettings = OutputSettings()
    site: SiteSettings = field(default_factory=SiteSettings)


GROUPS: Mapping[str, type[Any]] = MappingProxyType(
    {
        "links": LinkSettings,
        "locales": LocaleSettings,
        "content": ContentSettings,
        "output": OutputSettings,
        "site": SiteSettings,
    }
)
# Which group each flat keyword belongs to.
_GROUP_OF = MappingProxyType(
    {f.name: group for group, cls in GROUPS.items() for f in dataclasses.fields(cls)}
)


def merged(base: Settings, groups: Mapping[str, object], **flat: Unpack[FlatSettings]) -> Settings:
    """``base`` with whole groups replaced by ``groups`` and single settings by ``flat``.

    >>> s = merged(Settings(), {}, heading_level=1)
    >>> s.output.heading_level, s == merged(Settings(), {"output": OutputSettings(heading_level=1)})
    (1, True)
    >>> merged(Settings(), {"output": OutputSettings()}, heading_level=1)
    Traceback (most recent call last):
    ...
    tactful.ConfigError: heading_level given both as a keyword and in output=
    """
    for name, value in groups.items():
        if value is not None and not isinstance(value, GROUPS[name]):
            raise ConfigError(f"{name}= must be a {GROUPS[name].__name__}, not {type(value)!r}")
    chosen: dict[str, Any] = {name: value for name, value in groups.items() if value is not None}
    changes: dict[str, dict[str, object]] = {}
    for key, value in flat.items():
        group = _GROUP_OF.get(key)
        if group is None:  # as Python says it of any call
            raise TypeError(f"Renderer() got an unexpected keyword argument {key!r}")
        if group in chosen:
            raise ConfigError(f"{key} given both as a keyword and in {group}=")
        changes.setdefault(group, {})[key] = value
    for group, values in changes.items():
        chosen[group] = dataclasses.replace(getattr(base, group), **values)
    return dataclasses.replace(base, **chosen)


# ---- checking the links ---------------------------------------------------------------------

# What the call to action's link may hold, filled per message; the problem type holds {kind}.
CALL_PLACEHOLDERS = frozenset({"amount", "currency", "return_to"})
_ANY_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def link_refusal(
    name: str,
    url: str,
    allowed_hosts: frozenset[str],
    placeholders: frozenset[str] = CALL_PLACEHOLDERS,
) -> str | None:
    """Why the link setting ``name`` cannot be used, or ``None`` if it is https to an allowed
    host and holds only ``placeholders``.

    >>> hosts = frozenset({"billing.example.com"})
    >>> link_refusal("recharge_url", "https://billing.example.com/?a={amount}", hosts) is None
    True
    >>> print(link_refusal("recharge_url", "https://billing.example.com/?a={amont}", hosts))
    recharge_url has an unknown placeholder {amont} (it may hold {amount}, {currency}, {return_to})
    >>> print(link_refusal("pricing_url", "http://billing.example.com/", hosts, frozenset()))
    pricing_url must be an https URL, not http: 'http://billing.example.com/'
    """
    for found in _ANY_PLACEHOLDER.finditer(url):
        if found.group(1) not in placeholders:
            known = ", ".join(f"{{{p}}}" for p in sorted(placeholders)) or "none"
            return f"{name} has an unknown placeholder {found.group(0)} (it may hold {known})"
    probe = _ANY_PLACEHOLDER.sub("0", url)
    if safe_link(probe, allowed_hosts) is not None:
        return None
    return f"{name} {_unusable(probe, allowed_hosts)}: {url!r}"


def _unusable(url: str, allowed_hosts: frozenset[str]) -> str:
    # What is wrong with a link safe_link refused, said so that the integrator can fix it.
    try:
        parts = urlsplit(url)
        host = link_host(url)
    except ValueError:
        return "is not a well-formed URL"
    scheme = parts.scheme.lower()
    if scheme != "https" and not (scheme == "http" and host in LOCAL_HOSTS):
        return f"must be an https URL, not {scheme or 'one without a scheme'}"
    if "@" in parts.netloc:
        return "must not hold a user name or password"
    if host is not None and not host_allowed(host, allowed_hosts):
        return f"points to {host}, which is not among allowed_hosts"
    return "is not a well-formed https URL"


def allowed_hosts(links: LinkSettings) -> frozenset[str]:
    """An explicit allowlist is authoritative; without one, the configured links' hosts are it."""
    given = cast("frozenset[str]", links.allowed_hosts)
    urls = (links.recharge_url, links.pricing_url)
    return given or frozenset(host for host in (link_host(u) for u in urls if u) if host)


def checked_options(
    links: LinkSettings, content: ContentSettings, hosts: frozenset[str]
) -> Options:
    """What the presenter reads, with each link checked: a link that cannot be used is a
    :class:`ConfigError` here, rather than a message without its call to action later."""
    if content.currency is not None and not re.fullmatch(r"[A-Z]{3}", content.currency):
        raise ConfigError("currency must be an ISO 4217 code such as 'USD'")
    return Options(
        recharge_url=_checked_link("recharge_url", links.recharge_url, hosts, CALL_PLACEHOLDERS),
        pricing_url=_checked_link("pricing_url", links.pricing_url, hosts, frozenset()),
        allowed_hosts=hosts,
        currency=content.currency,
        default_top_up=cast("Decimal | None", content.default_top_up),
        show_label=content.show_label,
        show_why=content.show_why,
        show_details=content.show_details,
        show_amounts=content.show_amounts,
        show_ids=content.show_ids,
        latin_digits=content.digits == "latin",
    )


def _checked_link(
    name: str, url: str | None, hosts: frozenset[str], placeholders: frozenset[str]
) -> str | None:
    if url is not None and not isinstance(url, str):
        raise ConfigError(f"{name} must be a string, not {type(url).__name__}")
    refusal = None if url is None else link_refusal(name, url, hosts, placeholders)
    if refusal is not None:
        raise ConfigError(refusal)
    return url


def checked_problem_type(uri: str | None) -> str | None:
    """The problem format's ``type`` URI: a plain https URL, which may hold ``{kind}``."""
    if uri is None:
        return None
    if not isinstance(uri, str):
        raise ConfigError(f"problem_type must be a string, not {type(uri).__name__}")
    probe = uri.replace("{kind}", "kind")
    host = frozenset({link_host(probe) or ""})  # any host: the type names, it is not followed
    refusal = link_refusal("problem_type", uri, host, frozenset({"kind"}))
    if refusal is None and safe_link(probe, host) != probe:
        refusal = f"problem_type must be a plain https URL, with nothing to escape: {uri!r}"
    if refusal is not None:
        raise ConfigError(refusal)
    return uri


def checked_template_dirs(dirs: tuple[Path, ...]) -> tuple[Path, ...]:
    """The template directories, each of which must exist: a misspelt one would otherwise
    fall back to the built-in templates without a word."""
    for directory in dirs:
        if not directory.is_dir():
            raise ConfigError(f"template directory {str(directory)!r} does not exist")
    return dirs


# ---- what a Renderer derives from its settings ----------------------------------------------


@dataclass(frozen=True)
class Checked:
    """What a Renderer works with: its settings checked against each other, and their results
    (the environment, the effective allowlist, the presenter's options, every format)."""

    color: bool | None
    hyperlinks: bool | None
    bidi_isolates: bool
    unreadable_kind: Kind
    text_width: int
    heading_level: int
    locale_dir: Path
    supported_locales: frozenset[str]
    default_locale: str
    locale_fallbacks: Mapping[str, Sequence[str]]
    allowed_hosts: frozenset[str]
    options: Options
    env: jinja2.Environment
    problem_type: str | None
    formats: Mapping[str, Format]
    site: SiteSettings


def checked(chosen: Settings) -> Checked:
    """``chosen`` checked: a mistake in it raises :class:`ConfigError`, in every mode."""
    links, locales, output = chosen.links, chosen.locales, chosen.output
    locale_dir = cast("Path | None", locales.locale_dir) or LOCALES_DIR
    supported = _builtin_locales() if locale_dir == LOCALES_DIR else supported_locales(locale_dir)
    default_id = normalize_tag(locales.default_locale)
    if default_id is None or default_id not in supported:
        raise ConfigError(f"default_locale {locales.default_locale!r} has no catalog")
    hosts = allowed_hosts(links)
    options = checked_options(links, chosen.content, hosts)
    dirs = checked_template_dirs(cast("tuple[Path, ...]", output.template_dirs))
    return Checked(
        color=output.color,
        hyperlinks=output.hyperlinks,
        bidi_isolates=output.bidi_isolates,
        unreadable_kind=chosen.content.unreadable_kind,
        text_width=output.text_width,
        heading_level=output.heading_level,
        locale_dir=locale_dir,
        supported_locales=supported,
        default_locale=default_id,
        locale_fallbacks=locales.locale_fallbacks,
        allowed_hosts=hosts,
        options=options,
        # Without template directories of its own, a Renderer shares the environment (and so
        # the compiled built-in templates) of every other such Renderer.
        env=environment(dirs, sandboxed=output.sandboxed)
        if dirs
        else shared_environment(output.sandboxed),
        problem_type=checked_problem_type(links.problem_type),
        formats=_channels.registry(output.formats),
        site=chosen.site.checked(hosts),
    )


@functools.lru_cache(maxsize=1)
def _builtin_locales() -> frozenset[str]:
    # The shipped catalogs are package data, fixed for the life of the process like the
    # compiled built-in templates: listing them once (44 directory look-ups) keeps a Renderer
    # cheap to build, as the module-level tactful.render builds one per call with settings.
    return supported_locales(LOCALES_DIR)
