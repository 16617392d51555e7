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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypedDict, cast

from .. import _channels
from .._errors import ConfigError, Error
from .._links import link_host, safe_link
from .._locale import SOURCE_LOCALE, normalize_tag, supported_locales
from .._model import Kind
from .._present import Options
from .._resources import LOCALES_DIR
from .environment import environment, shared_environment
from .site import SiteSettings

if TYPE_CHECKING:
    import jinja2
    from typing_extensions import Unpack

    from .._channels import Format


# Narrower than a phone's terminal, a line cannot hold a sentence's words; wider is no text.
MIN_TEXT_WIDTH = 20
MAX_TEXT_WIDTH = 1000


def _set(record: object, name: str, value: object) -> None:
    # The documented way for a frozen dataclass to normalize a field in __post_init__.
    object.__setattr__(record, name, value)


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
        _set(self, "allowed_hosts", frozenset(str(host).lower() for host in hosts))


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
        _set(self, "locale_fallbacks", MappingProxyType(fallbacks))
        if self.locale_dir is not None:
            _set(self, "locale_dir", Path(self.locale_dir))


@dataclass(frozen=True)
class ContentSettings:
    """What a message says.

    - ``currency`` (ISO 4217) and ``default_top_up``: the top-up for ``{amount}`` and
      ``{currency}`` when the notice has no shortfall to suggest one from.
    - ``show_label``, ``show_why``, ``show_details``, ``show_amounts``, ``show_ids``: the
      "nothing was charged" clause, the one-line why, the provider's own words and codes, the
      amounts in the mirror sentence, and request ids among the details.
    - ``unreadable_kind``: the kind of a payload with nothing readable in it (default:
      insufficient balance, since tactful is called on the out-of-credit path).
    """

    currency: str | None = None
    default_top_up: Decimal | int | str | None = None
    show_label: bool = True
    show_why: bool = False
    show_details: bool = True
    show_amounts: bool = True
    show_ids: bool = True
    unreadable_kind: Kind = Kind.INSUFFICIENT_BALANCE

    def __post_init__(self) -> None:
        if self.default_top_up is not None:
            _set(self, "default_top_up", _positive_amount(self.default_top_up))
        try:
            _set(self, "unreadable_kind", Kind(self.unreadable_kind))
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
    - ``formats``: an application's own output formats by name (see :class:`tactful.Format`).
    """

    template_dirs: Iterable[str | Path] = ()
    sandboxed: bool = False
    heading_level: int = 2
    text_width: int = _channels.DEFAULT_WIDTH
    color: bool | None = None
    hyperlinks: bool | None = None
    formats: Mapping[str, Format] = field(default_factory=dict)

    def __post_init__(self) -> None:
        dirs = _several("template_dirs", self.template_dirs)
        _set(self, "template_dirs", tuple(Path(d) for d in dirs))
        _whole("heading_level", self.heading_level, 1, 6)
        _whole("text_width", self.text_width, MIN_TEXT_WIDTH, MAX_TEXT_WIDTH)
        _set(self, "formats", MappingProxyType(dict(self.formats or {})))


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
    template_dirs: Iterable[str | Path]
    sandboxed: bool
    heading_level: int
    text_width: int
    color: bool | None
    hyperlinks: bool | None
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
    tactful._errors.ConfigError: heading_level given both as a keyword and in output=
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

# What a link setting may hold, filled per message.
LINK_PLACEHOLDERS = re.compile(r"\{(amount|currency|return_to)\}")
# Reports a refused setting: raises in strict mode, or logs it and the Renderer carries on.
Refuse = Callable[[Error], None]


def link_allowed(url: str, allowed_hosts: frozenset[str], *, template: bool) -> bool:
    """Whether ``url`` is https to an allowed host (a template with its placeholders filled)."""
    return (
        safe_link(LINK_PLACEHOLDERS.sub("0", url) if template else url, allowed_hosts) is not None
    )


def allowed_hosts(links: LinkSettings) -> frozenset[str]:
    """An explicit allowlist is authoritative; without one, the configured links' hosts are it."""
    given = cast("frozenset[str]", links.allowed_hosts)
    urls = (links.recharge_url, links.pricing_url)
    return given or frozenset(host for host in (link_host(u) for u in urls if u) if host)


def checked_options(
    links: LinkSettings, content: ContentSettings, hosts: frozenset[str], refuse: Refuse
) -> Options:
    """What the presenter reads, with each link checked (a refused one is left out)."""
    if content.currency is not None and not re.fullmatch(r"[A-Z]{3}", content.currency):
        raise ConfigError("currency must be an ISO 4217 code such as 'USD'")
    return Options(
        recharge_url=_checked_link("recharge_url", links.recharge_url, hosts, refuse),
        pricing_url=_checked_link("pricing_url", links.pricing_url, hosts, refuse, template=False),
        allowed_hosts=hosts,
        currency=content.currency,
        default_top_up=cast("Decimal | None", content.default_top_up),
        show_label=content.show_label,
        show_why=content.show_why,
        show_details=content.show_details,
        show_amounts=content.show_amounts,
        show_ids=content.show_ids,
    )


def _checked_link(
    name: str,
    url: str | None,
    hosts: frozenset[str],
    refuse: Refuse,
    *,
    template: bool = True,
) -> str | None:
    if url is None or link_allowed(url, hosts, template=template):
        return url
    refuse(ConfigError(f"{name} must be an https URL without userinfo: {url!r}"))
    return None


def checked_problem_type(uri: str | None, refuse: Refuse) -> str | None:
    """The problem format's ``type`` URI: a plain https URL, which may hold ``{kind}``."""
    if uri is None:
        return None
    probe = uri.replace("{kind}", "kind")
    host = link_host(probe)
    if host is None or safe_link(probe, {host}) != probe:
        refuse(ConfigError(f"problem_type must be a plain https URL: {uri!r}"))
        return None
    return uri


# ---- what a Renderer derives from its settings ----------------------------------------------


@dataclass(frozen=True)
class Checked:
    """What a Renderer works with: its settings checked against each other, and their results
    (the environment, the effective allowlist, the presenter's options, every format)."""

    color: bool | None
    hyperlinks: bool | None
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


def checked(chosen: Settings, refuse: Refuse) -> Checked:
    """``chosen`` checked: a mistake in it raises :class:`ConfigError` (a refused link is
    ``refuse``-d instead, and left out)."""
    links, locales, output = chosen.links, chosen.locales, chosen.output
    locale_dir = cast("Path | None", locales.locale_dir) or LOCALES_DIR
    supported = _builtin_locales() if locale_dir == LOCALES_DIR else supported_locales(locale_dir)
    default_id = normalize_tag(locales.default_locale)
    if default_id is None or default_id not in supported:
        raise ConfigError(f"default_locale {locales.default_locale!r} has no catalog")
    hosts = allowed_hosts(links)
    options = checked_options(links, chosen.content, hosts, refuse)
    dirs = cast("tuple[Path, ...]", output.template_dirs)
    return Checked(
        color=output.color,
        hyperlinks=output.hyperlinks,
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
        problem_type=checked_problem_type(links.problem_type, refuse),
        formats=_channels.registry(output.formats),
        site=chosen.site.checked(hosts),
    )


@functools.lru_cache(maxsize=1)
def _builtin_locales() -> frozenset[str]:
    # The shipped catalogs are package data, fixed for the life of the process like the
    # compiled built-in templates: listing them once (44 directory look-ups) keeps a Renderer
    # cheap to build, as the module-level tactful.render builds one per call with settings.
    return supported_locales(LOCALES_DIR)
