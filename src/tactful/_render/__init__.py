"""Stage 5: the Renderer, its Jinja2 environment, and the never-raise contract.

One :class:`Renderer` holds one Jinja2 environment, built once. User template directories come
first and the built-in templates after, so a user template can shadow a built-in one, or extend
it as ``tactful/<name>`` and override only some blocks. Translations are chosen per call and
handed to the template in its context: nothing global is installed or mutated.
"""

from __future__ import annotations

import datetime
import functools
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, cast

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from .. import _channels
from .._channels import terminal as _terminal
from .._errors import ConfigError, Error, LocaleError, PayloadError, TemplateError
from .._links import link_host, safe_link
from .._locale import (
    SOURCE_LOCALE,
    Catalog,
    LocaleChoice,
    accept_language,
    load_catalog,
    negotiate,
    normalize_tag,
    supported_locales,
    text_direction,
)
from .._model import Kind, Money, Notice, notice_amounts
from .._present import Options, Presentation, present, present_low_balance
from .._recognize import Recognizer, parse
from .._resources import LOCALES_DIR, TEMPLATES_DIR
from .settings import (
    GROUPS,
    ContentSettings,
    FlatSettings,
    LinkSettings,
    LocaleSettings,
    OutputSettings,
    Settings,
    settings,
)

if TYPE_CHECKING:  # the email package is imported when an email is first made
    from email.message import EmailMessage

    from typing_extensions import Unpack

logger = logging.getLogger("tactful")


@dataclass(frozen=True)
class Rendered:
    """A finished message and what went into it.

    ``body`` is :class:`markupsafe.Markup` for HTML and ``str`` otherwise; ``locale`` says what
    was requested and what was used (for ``Content-Language``); ``fallback`` is true when the
    safe built-in message was rendered because something failed.
    """

    body: str
    format: str
    media_type: str
    notice: Notice | None
    locale: LocaleChoice
    fallback: bool = False
    status: int | None = None
    """The HTTP status for an app's own response about this (402, 429...; None: a warning)."""
    action_url: str | None = None
    """The call to action's checked URL, if the message has one."""

    def headers(self) -> dict[str, str]:
        """HTTP response headers for serving ``body``.

        ``Content-Type`` (``application/problem+json`` for the problem format),
        ``Content-Language``, ``Vary: Accept-Language``, a ``Link`` to the top-up page with
        ``rel="payment"``, and ``Retry-After`` when a rate limit said how long to wait.
        """
        retry = self.notice.retry_after if self.notice and self.status == 429 else None
        return _channels.http_headers(
            self.media_type, self.locale.tag, payment_url=self.action_url, retry_after=retry
        )


class Renderer:
    """Everything an application configures, fixed at construction; safe to share across threads.

    Every setting is a keyword argument. Those under the first four headings can also be given
    as a group, a frozen record built once and shared: ``links=LinkSettings(...)``,
    ``locales=LocaleSettings(...)``, ``content=ContentSettings(...)``,
    ``output=OutputSettings(...)``; both forms give equal Renderers, and one setting given both
    ways raises :class:`tactful.ConfigError`. The groups are read back as ``links``,
    ``locales``, ``content`` and ``output``; every attribute is read-only (see :meth:`replace`).

    **Links** (``links=``; checked at construction: https, to an allowed host)

    - ``recharge_url``: the call to action; may hold ``{amount}`` and ``{currency}``, filled
      from the notice (a suggested top-up) or ``default_top_up``.
    - ``pricing_url``: a secondary link, shown for money problems.
    - ``allowed_hosts``: the hosts a link may point to; by default those of the two links
      above. A recharge link found in a payload is used only on one of these.
    - ``problem_type``: the ``type`` URI of the problem+json format (may hold ``{kind}``);
      absent means ``about:blank`` (RFC 9457).

    **Locales** (``locales=``)

    - ``default_locale``: what a call without a usable locale renders in (default ``en``).
    - ``locale_fallbacks``: more locales to try for a language before the default, such as
      ``{"ca": ["es"]}``.
    - ``locale_dir``: catalogs of your own, instead of the shipped ones.

    **Content** (``content=``)

    - ``default_top_up`` and ``currency`` (ISO 4217): the top-up for ``{amount}`` and
      ``{currency}`` when the notice has no shortfall in money to suggest one from; without
      both, the placeholders are left empty.
    - ``show_label``, ``show_why``, ``show_details``, ``show_amounts``, ``show_ids``: the
      "nothing was charged" clause, the one-line why, the provider's own words and codes, the
      amounts in the mirror sentence, and request ids among the details.
    - ``unreadable_kind``: the kind of a payload with nothing readable in it.

    **Templates and channels** (``output=``)

    - ``template_dirs``: directories searched before the built-in templates.
    - ``sandboxed``: render templates in Jinja2's sandbox (for templates your customers edit).
    - ``heading_level``: the HTML heading level of the title, 1 to 6 (default 2).
    - ``text_width``: the line width of the text and terminal formats.
    - ``formats``: your own output formats by name, each a :class:`tactful.Format` (its
      template, media type, finishing step and safe built-in message), added to the built-in
      ``html``, ``text``, ``terminal``, ``markdown`` and ``problem`` for ``render(format=...)``;
      a built-in name or a bad record raises :class:`tactful.ConfigError`. ``formats`` (read
      only) holds them all.
    - ``color``, ``hyperlinks``: the terminal format's colour and clickable links; ``None``
      (default) decides per render from the environment (``NO_COLOR``, ``FORCE_COLOR``,
      ``TERM=dumb``, whether the output is a terminal).

    **Reading and failures** (keywords only)

    - ``recognizers``: your own recognizers, tried before the built-in ones (see
      :data:`Recognizer`).

    - ``strict``: raise :class:`tactful.Error` subclasses instead of falling back (for
      development and tests).
    - ``on_error``: called with each exception that a render recovered from, after it is
      logged to the ``tactful`` logger.

    A default locale without a catalog, a heading level outside 1 to 6 or a currency that is not
    an ISO 4217 code raises :class:`tactful.ConfigError` here. A link that is not https to an
    allowed host is refused: logged and left out, or raised with ``strict=True``.

    >>> renderer = Renderer(recharge_url="https://billing.example.com/top-up")
    >>> print(renderer.render(b'{"error":{"code":"INSUFFICIENT_BALANCE"}}', format="text"))
    Your balance is too low
    <BLANKLINE>
    Your account does not have enough credit for this request. Nothing was
    charged, and your work is kept, so you can pick up where you left off.
    <BLANKLINE>
    Add credit: https://billing.example.com/top-up
    <BLANKLINE>
      Details
      Code: INSUFFICIENT_BALANCE
    <BLANKLINE>
    """

    # Set once, by _build; read-only after (see __setattr__).
    strict: bool
    on_error: Callable[[BaseException], object] | None
    recognizers: tuple[Recognizer, ...]
    color: bool | None
    hyperlinks: bool | None
    unreadable_kind: Kind
    text_width: int
    heading_level: int
    supported_locales: frozenset[str]
    default_locale: str
    allowed_hosts: frozenset[str]
    problem_type: str | None
    formats: Mapping[str, _channels.Format]
    _settings: Settings
    _options: Options
    _env: jinja2.Environment
    _locale_dir: Path
    _fallbacks: Mapping[str, Sequence[str]]

    def __init__(
        self,
        *,
        links: LinkSettings | None = None,
        locales: LocaleSettings | None = None,
        content: ContentSettings | None = None,
        output: OutputSettings | None = None,
        recognizers: Sequence[Recognizer] = (),
        strict: bool = False,
        on_error: Callable[[BaseException], object] | None = None,
        **flat: Unpack[FlatSettings],
    ) -> None:
        groups = {"links": links, "locales": locales, "content": content, "output": output}
        self._build(settings(Settings(), groups, **flat), tuple(recognizers), strict, on_error)

    def _build(
        self,
        chosen: Settings,
        recognizers: tuple[Recognizer, ...],
        strict: bool,
        on_error: Callable[[BaseException], object] | None,
    ) -> None:
        self._set("_settings", chosen)
        self._set("strict", strict)
        self._set("on_error", on_error)
        self._set("recognizers", recognizers)
        links, locales, content, output = (
            chosen.links,
            chosen.locales,
            chosen.content,
            chosen.output,
        )
        # The terminal format: None detects per render (NO_COLOR, FORCE_COLOR, TERM=dumb,
        # whether standard output is a terminal, FORCE_HYPERLINK=0); True/False decides.
        self._set("color", output.color)
        self._set("hyperlinks", output.hyperlinks)
        self._set("unreadable_kind", content.unreadable_kind)
        self._set("text_width", output.text_width)
        if not 1 <= output.heading_level <= 6:
            raise ConfigError("heading_level must be between 1 and 6")
        self._set("heading_level", output.heading_level)
        self._set_locales(locales)
        # An explicit allowlist is authoritative; without one, the configured links' hosts are it.
        hosts = links.allowed_hosts or {
            h for h in (link_host(u) for u in (links.recharge_url, links.pricing_url) if u) if h
        }
        self._set("allowed_hosts", frozenset(hosts))
        if content.currency is not None and not re.fullmatch(r"[A-Z]{3}", content.currency):
            raise ConfigError("currency must be an ISO 4217 code such as 'USD'")
        self._set("_options", self._checked_options(links, content))
        dirs = cast("tuple[Path, ...]", output.template_dirs)
        # Without template directories of its own, a Renderer shares the environment (and so
        # the compiled built-in templates) of every other such Renderer.
        env = _environment(dirs, sandboxed=output.sandboxed) if dirs else _builtin(output.sandboxed)
        self._set("_env", env)
        # The problem format's "type" URI: an https URL, which may hold {kind}; absent means
        # "about:blank" (RFC 9457).
        self._set("problem_type", self._checked_problem_type(links.problem_type))
        self._set("formats", _channels.registry(output.formats))

    def _set_locales(self, locales: LocaleSettings) -> None:
        locale_dir = cast("Path | None", locales.locale_dir) or LOCALES_DIR
        self._set("_locale_dir", locale_dir)
        supported = (
            _builtin_locales() if locale_dir == LOCALES_DIR else supported_locales(locale_dir)
        )
        self._set("supported_locales", supported)
        default_id = normalize_tag(locales.default_locale)
        if default_id is None or default_id not in supported:
            raise ConfigError(f"default_locale {locales.default_locale!r} has no catalog")
        self._set("default_locale", default_id)
        self._set("_fallbacks", locales.locale_fallbacks)

    def _checked_options(self, links: LinkSettings, content: ContentSettings) -> Options:
        return Options(
            recharge_url=self._checked_link("recharge_url", links.recharge_url, template=True),
            pricing_url=self._checked_link("pricing_url", links.pricing_url),
            allowed_hosts=self.allowed_hosts,
            currency=content.currency,
            default_top_up=cast("Decimal | None", content.default_top_up),
            show_label=content.show_label,
            show_why=content.show_why,
            show_details=content.show_details,
            show_amounts=content.show_amounts,
            show_ids=content.show_ids,
        )

    def _set(self, name: str, value: object) -> None:
        object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Renderer settings are fixed; use replace({name}=...)")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("Renderer settings are fixed")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Renderer):
            return NotImplemented
        return self._behaviour() == other._behaviour()

    def __hash__(self) -> int:
        return hash((self._settings.links, self.strict))

    def _behaviour(self) -> tuple[object, ...]:
        return (self._settings, self.recognizers, self.strict, self.on_error)

    @property
    def links(self) -> LinkSettings:
        """The link settings, as given (``allowed_hosts`` here is the effective allowlist)."""
        return self._settings.links

    @property
    def locales(self) -> LocaleSettings:
        """The locale settings, as given."""
        return self._settings.locales

    @property
    def content(self) -> ContentSettings:
        """The content settings, as given."""
        return self._settings.content

    @property
    def output(self) -> OutputSettings:
        """The output settings, as given."""
        return self._settings.output

    def replace(self, **changes: Any) -> Renderer:
        """A new Renderer with ``changes`` to its settings and every other setting kept, checked
        as the constructor checks them (this one is not changed). ``changes`` are keywords of
        the constructor: single settings, or whole groups (``links=LinkSettings(...)``).

        >>> renderer = Renderer(recharge_url="https://billing.example.com/top-up")
        >>> page = renderer.replace(heading_level=1)
        >>> page.heading_level, renderer.heading_level, page.allowed_hosts == renderer.allowed_hosts
        (1, 2, True)
        >>> page == renderer.replace(output=OutputSettings(heading_level=1))
        True
        """
        behaviour: dict[str, Any] = {"recognizers": self.recognizers, "strict": self.strict}
        behaviour["on_error"] = self.on_error
        for name in list(behaviour):
            behaviour[name] = changes.pop(name, behaviour[name])
        groups = {name: changes.pop(name) for name in GROUPS if name in changes}
        renderer = Renderer.__new__(Renderer)
        renderer._build(
            settings(self._settings, groups, **changes),
            tuple(behaviour["recognizers"]),
            bool(behaviour["strict"]),
            behaviour["on_error"],
        )
        return renderer

    def _checked_problem_type(self, uri: str | None) -> str | None:
        if uri is None:
            return None
        probe = uri.replace("{kind}", "kind")
        host = link_host(probe)
        if host is None or safe_link(probe, {host}) != probe:
            self._refuse(ConfigError(f"problem_type must be a plain https URL: {uri!r}"))
            return None
        return uri

    def _checked_link(self, name: str, url: str | None, *, template: bool = False) -> str | None:
        if url is None or _link_allowed(url, self.allowed_hosts, template=template):
            return url
        self._refuse(ConfigError(f"{name} must be an https URL without userinfo: {url!r}"))
        return None

    # ---- public API ---------------------------------------------------------------------------

    def parse(self, payload: Any, *, http_status: int | None = None) -> Notice:
        """Read a payload into a :class:`Notice`, with this Renderer's recognizers first."""
        return parse(payload, http_status=http_status, recognizers=self.recognizers)

    def negotiate(
        self, *, locale: str | None = None, accept_language: str | None = None
    ) -> LocaleChoice:
        """The locale a render with these arguments would use."""
        requested: list[str] = []
        if locale:
            requested.append(locale)
        requested.extend(_accept(accept_language))
        return negotiate(
            requested,
            self.supported_locales,
            default=self.default_locale,
            fallbacks=self._fallbacks,
        )

    def render(
        self,
        payload: Any,
        *,
        format: str = "html",
        locale: str | None = None,
        accept_language: str | None = None,
        recharge_url: str | None = None,
        return_to: str | None = None,
        template: str | None = None,
        http_status: int | None = None,
    ) -> str:
        """Render a payload (or a :class:`Notice`) as a finished message. Never raises by default.

        Returns :class:`markupsafe.Markup` for ``format="html"`` and ``str`` otherwise.
        """
        return self.render_result(
            payload,
            format=format,
            locale=locale,
            accept_language=accept_language,
            recharge_url=recharge_url,
            return_to=return_to,
            template=template,
            http_status=http_status,
        ).body

    def render_result(
        self,
        payload: Any,
        *,
        format: str = "html",
        locale: str | None = None,
        accept_language: str | None = None,
        recharge_url: str | None = None,
        return_to: str | None = None,
        template: str | None = None,
        http_status: int | None = None,
    ) -> Rendered:
        """Like :meth:`render`, with the notice and the negotiated locale alongside the body."""
        notice: Notice | None = None
        choice = self._default_choice(locale)
        try:
            choice = self.negotiate(locale=locale, accept_language=accept_language)
            notice = self._notice_of(payload, http_status)
            presentation = self._present(notice, choice, recharge_url, return_to)
            return self._finish(presentation, format, template, notice, choice)
        except Exception as exc:  # the error path of someone else's app: never raise
            return self._recover(exc, notice, format, choice, recharge_url)

    def render_low_balance(
        self,
        balance: Money,
        *,
        threshold: Money | None = None,
        burn_rate: Money | None = None,
        burn_period: datetime.timedelta = datetime.timedelta(days=1),
        runs_out_in: datetime.timedelta | None = None,
        format: str = "html",
        locale: str | None = None,
        accept_language: str | None = None,
        recharge_url: str | None = None,
        return_to: str | None = None,
        template: str | None = None,
    ) -> str:
        """A proactive "balance running low" message, with the same call to action.

        ``threshold`` is the alert level the balance fell below. ``burn_rate`` is what the
        account spent over ``burn_period`` (default: one day), in the balance's unit; from it
        the message says roughly when the balance runs out (``runs_out_in`` says it directly).
        Works in every format; :meth:`render_low_balance_email` gives the email.
        """
        choice = self._default_choice(locale)
        notice = Notice(kind=Kind.INSUFFICIENT_BALANCE, balance=balance)
        try:
            choice = self.negotiate(locale=locale, accept_language=accept_language)
            presentation = self._low_balance(
                choice,
                balance,
                threshold,
                burn_rate,
                burn_period,
                runs_out_in,
                recharge_url,
                return_to,
            )
            amounts = _low_balance_amounts(balance, threshold) if self._options.show_amounts else {}
            return self._finish(presentation, format, template, notice, choice, amounts).body
        except Exception as exc:  # the error path of someone else's app: never raise
            return self._recover(exc, notice, format, choice, recharge_url).body

    def render_email(
        self,
        payload: Any,
        *,
        locale: str | None = None,
        accept_language: str | None = None,
        recharge_url: str | None = None,
        return_to: str | None = None,
        http_status: int | None = None,
    ) -> EmailMessage:
        """The message as an email, ready for :mod:`smtplib`: set From and To, then send.

        A one-line localized Subject, ``Content-Language``, and ``multipart/alternative`` with
        the plain text first (``email.txt``, with the full URL) and the HTML last
        (``email.html``). Never raises by default: a failure gives the safe built-in message,
        with the same headers and parts.
        """
        notice: Notice | None = None
        choice = self._default_choice(locale)
        try:
            choice = self.negotiate(locale=locale, accept_language=accept_language)
            notice = self._notice_of(payload, http_status)
            presentation = self._present(notice, choice, recharge_url, return_to)
            return self._compose_email(presentation, notice, choice)
        except Exception as exc:  # the error path of someone else's app: never raise
            return self._recover_email(exc, notice, choice, recharge_url)

    def render_low_balance_email(
        self,
        balance: Money,
        *,
        threshold: Money | None = None,
        burn_rate: Money | None = None,
        burn_period: datetime.timedelta = datetime.timedelta(days=1),
        runs_out_in: datetime.timedelta | None = None,
        locale: str | None = None,
        accept_language: str | None = None,
        recharge_url: str | None = None,
        return_to: str | None = None,
    ) -> EmailMessage:
        """The low-balance warning of :meth:`render_low_balance` as an email."""
        choice = self._default_choice(locale)
        notice = Notice(kind=Kind.INSUFFICIENT_BALANCE, balance=balance)
        try:
            choice = self.negotiate(locale=locale, accept_language=accept_language)
            presentation = self._low_balance(
                choice,
                balance,
                threshold,
                burn_rate,
                burn_period,
                runs_out_in,
                recharge_url,
                return_to,
            )
            return self._compose_email(presentation, notice, choice)
        except Exception as exc:  # the error path of someone else's app: never raise
            return self._recover_email(exc, notice, choice, recharge_url)

    # ---- internals ----------------------------------------------------------------------------

    def _default_choice(self, requested: str | None) -> LocaleChoice:
        # What a failure before negotiation renders in: the default locale.
        return LocaleChoice(
            self.default_locale.replace("_", "-"), self.default_locale, requested, True
        )

    def _notice_of(self, payload: Any, http_status: int | None) -> Notice:
        return payload if isinstance(payload, Notice) else self._parse_checked(payload, http_status)

    def _present(
        self,
        notice: Notice,
        choice: LocaleChoice,
        recharge_url: str | None,
        return_to: str | None,
    ) -> Presentation:
        return present(
            notice,
            self._catalog(choice),
            self._options,
            recharge_url=self._call_link(recharge_url),
            return_to=return_to,
        )

    def _parse_checked(self, payload: Any, http_status: int | None) -> Notice:
        notice = self.parse(payload, http_status=http_status)
        unreadable = (
            notice.kind is Kind.OTHER
            and not notice.message
            and not notice.code
            and notice.http_status is None
        )
        if unreadable:
            if self.strict:
                raise PayloadError("the payload holds nothing tactful can read")
            notice = replace(notice, kind=self.unreadable_kind)
        return notice

    def _call_link(self, url: str | None) -> str | None:
        if url is None or _link_allowed(url, self.allowed_hosts, template=True):
            return url
        self._refuse(ConfigError(f"recharge_url refused (https to an allowed host only): {url!r}"))
        return None

    def _catalog(self, choice: LocaleChoice) -> Catalog:
        try:
            return load_catalog(self._locale_dir, choice.locale_id)
        except LocaleError as exc:
            self._refuse(exc)
            return load_catalog(self._locale_dir, SOURCE_LOCALE)

    def _finish(
        self,
        presentation: Presentation,
        format: str,
        template: str | None,
        notice: Notice | None,
        choice: LocaleChoice,
        amounts: Mapping[str, Money] | None = None,
    ) -> Rendered:
        channel = self.formats.get(format)
        if channel is None:
            raise ConfigError(f"unknown format {format!r}; choose from {sorted(self.formats)}")
        job = self._job(presentation, format, notice, amounts)
        body = self._produce(channel, presentation, template, job, choice)
        # The template autoescaped every value; this only restores the type after finishing.
        result: str = Markup(body) if channel.markup else body  # noqa: S704
        action_url = presentation.action.url if presentation.action else None
        return Rendered(
            result,
            format,
            channel.media_type,
            notice,
            choice,
            status=job.status,
            action_url=action_url,
        )

    def _job(
        self,
        presentation: Presentation,
        format: str,
        notice: Notice | None,
        amounts: Mapping[str, Money] | None,
    ) -> _channels.FinishContext:
        color, hyperlinks, width = False, False, self.text_width
        if format == "terminal":  # only this format looks at the environment and the stream
            color, hyperlinks, width = _terminal.resolve(
                self.color, self.hyperlinks, self.text_width
            )
        if amounts is None:
            amounts = _notice_amounts(notice) if self._options.show_amounts else {}
        upstream = notice.http_status if notice is not None else None
        return _channels.FinishContext(
            presentation,
            width=width,
            color=color,
            hyperlinks=hyperlinks,
            amounts=amounts,
            status=_channels.http_status(presentation.kind, upstream),
            problem_type=self.problem_type,
        )

    def _produce(
        self,
        channel: _channels.Format,
        presentation: Presentation,
        template: str | None,
        job: _channels.FinishContext,
        choice: LocaleChoice,
    ) -> str:
        if channel.template is None:
            return channel.finish("", job)
        name = self._template_name(template, channel.template)
        catalog = self._catalog(choice) if presentation.lang else None
        context = (channel.context or Presentation.context)(presentation)
        context["heading_level"] = self.heading_level
        if catalog is not None:
            context.update(_template_gettext(catalog))
        try:
            rendered = self._env.get_template(name).render(context)
        except jinja2.TemplateError as exc:
            raise TemplateError(f"template {name!r} failed: {exc}") from exc
        return channel.finish(rendered, job)

    def _low_balance(
        self,
        choice: LocaleChoice,
        balance: Money,
        threshold: Money | None,
        burn_rate: Money | None,
        burn_period: datetime.timedelta,
        runs_out_in: datetime.timedelta | None,
        recharge_url: str | None,
        return_to: str | None,
    ) -> Presentation:
        if runs_out_in is None:
            runs_out_in = _runway(balance, burn_rate, burn_period)
        return present_low_balance(
            balance,
            threshold,
            self._catalog(choice),
            self._options,
            runs_out_in=runs_out_in,
            recharge_url=self._call_link(recharge_url),
            return_to=return_to,
        )

    def _compose_email(
        self, presentation: Presentation, notice: Notice | None, choice: LocaleChoice
    ) -> EmailMessage:
        from .._channels import email as _email

        job = self._job(presentation, "email", notice, {})
        return _email.compose(
            subject=presentation.title,
            text=self._produce(_email.TEXT_PART, presentation, None, job, choice),
            html=self._produce(_email.HTML_PART, presentation, None, job, choice),
            language=presentation.lang,
        )

    def _recover_email(
        self,
        exc: Exception,
        notice: Notice | None,
        choice: LocaleChoice,
        recharge_url: str | None,
    ) -> EmailMessage:
        from .._channels import email as _email

        self._recovering(exc)  # raises if strict
        message, choice = _safe_message(
            notice, choice, self._options, recharge_url, self._locale_dir
        )
        return _email.compose(
            subject=message.title,
            text=_email.TEXT_PART.fallback(message),
            html=_email.HTML_PART.fallback(message),
            language=choice.tag,
        )

    def _template_name(self, requested: str | None, default: str) -> str:
        if requested is None:
            return default
        if _channels.TEMPLATE_NAME.fullmatch(requested) and ".." not in requested.split("/"):
            return requested
        self._refuse(TemplateError(f"refused template name {requested[:80]!r}"))
        return default

    def _refuse(self, problem: Error) -> None:
        """Raise ``problem`` in strict mode; otherwise report it, and the caller carries on."""
        if self.strict:
            raise problem
        self._report(problem)

    def _report(self, exc: BaseException) -> None:
        logger.error("tactful: %s", exc, exc_info=exc)
        if self.on_error is not None:
            try:
                self.on_error(exc)
            except Exception:  # a failing callback must not fail the render
                logger.exception("tactful: on_error callback raised")

    def _recover(
        self,
        exc: Exception,
        notice: Notice | None,
        format: str,
        choice: LocaleChoice,
        recharge_url: str | None,
    ) -> Rendered:
        self._recovering(exc)  # raises if strict
        message, choice = _safe_message(
            notice, choice, self._options, recharge_url, self._locale_dir
        )
        channel = self.formats.get(format, _channels.TEXT)
        try:
            body = channel.fallback(message)
        except Exception as exc:  # an application's channel: its fallback must not fail either
            self._report(exc)
            channel = _channels.TEXT
            body = channel.fallback(message)
        return Rendered(
            Markup(body) if channel.markup else body,  # noqa: S704 - the channel escaped it
            format,
            channel.media_type,
            notice,
            choice,
            fallback=True,
            status=message.status,
            action_url=message.url,
        )

    def _recovering(self, exc: Exception) -> None:
        """Raise ``exc`` (as a tactful error) in strict mode; otherwise report it."""
        if self.strict:
            if isinstance(exc, Error):
                raise exc
            raise TemplateError(f"rendering failed: {exc!r}") from exc
        self._report(exc)


@functools.lru_cache(maxsize=256)
def _template_gettext(catalog: Catalog) -> Mapping[str, Callable[..., str]]:
    """Newstyle gettext callables for one catalog, as Jinja's i18n extension calls them.

    Made once per catalog (they read nothing else; catalogs are immutable), and handed to each
    render's own context, so that the locale stays an argument of the call: installing them in
    the environment (``install_gettext_callables``) would make it the environment's."""

    def translated(eval_ctx: jinja2.nodes.EvalContext, text: str, variables: dict[str, Any]) -> str:
        if eval_ctx.autoescape:
            text = Markup(text)  # noqa: S704 - catalog text is trusted; variables get escaped
        return text % variables

    @jinja2.pass_eval_context
    def gettext(eval_ctx: jinja2.nodes.EvalContext, message: str, **variables: Any) -> str:
        return translated(eval_ctx, catalog.gettext(message), variables)

    @jinja2.pass_eval_context
    def ngettext(
        eval_ctx: jinja2.nodes.EvalContext, singular: str, plural: str, num: int, **variables: Any
    ) -> str:
        variables.setdefault("num", num)
        return translated(eval_ctx, catalog.ngettext(singular, plural, num), variables)

    @jinja2.pass_eval_context
    def pgettext(
        eval_ctx: jinja2.nodes.EvalContext, context: str, message: str, **variables: Any
    ) -> str:
        return translated(eval_ctx, catalog.gettext(message, context), variables)

    @jinja2.pass_eval_context
    def npgettext(
        eval_ctx: jinja2.nodes.EvalContext,
        context: str,
        singular: str,
        plural: str,
        num: int,
        **variables: Any,
    ) -> str:
        variables.setdefault("num", num)
        return translated(eval_ctx, catalog.ngettext(singular, plural, num, context), variables)

    return MappingProxyType(
        {"gettext": gettext, "ngettext": ngettext, "pgettext": pgettext, "npgettext": npgettext}
    )


@functools.lru_cache(maxsize=1)
def _builtin_locales() -> frozenset[str]:
    # The shipped catalogs are package data, fixed for the life of the process like the
    # compiled built-in templates: listing them once (44 directory look-ups) keeps a Renderer
    # cheap to build, as the module-level tactful.render builds one per call with settings.
    return supported_locales(LOCALES_DIR)


@functools.lru_cache(maxsize=2)
def _builtin(sandboxed: bool) -> jinja2.Environment:
    return _environment((), sandboxed=sandboxed)


def _environment(template_dirs: tuple[Path, ...], *, sandboxed: bool) -> jinja2.Environment:
    builtin = jinja2.FileSystemLoader(str(TEMPLATES_DIR))
    loaders: list[jinja2.BaseLoader] = []
    if template_dirs:
        loaders.append(jinja2.FileSystemLoader([str(d) for d in template_dirs]))
    loaders += [jinja2.PrefixLoader({"tactful": builtin}), builtin]
    environment_class = ImmutableSandboxedEnvironment if sandboxed else jinja2.Environment
    env = environment_class(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(
            ("html", "htm", "xml"), default_for_string=True, default=False
        ),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    # English identity callables as globals, for templates rendered outside a tactful call;
    # each render passes the negotiated locale's callables in its context, which take precedence.
    english = _template_gettext(load_catalog(LOCALES_DIR, SOURCE_LOCALE))
    cast(Any, env).install_gettext_callables(
        english["gettext"],
        english["ngettext"],
        newstyle=True,
        pgettext=english["pgettext"],
        npgettext=english["npgettext"],
    )
    return env


def _accept(header: str | None) -> list[str]:
    try:
        return accept_language(header)
    except Exception:  # a malformed header only loses its preferences
        return []


# ---- the safe built-in message --------------------------------------------------------------

_FALLBACK_TITLES = {True: "Your balance is too low", False: "This request could not run"}


def _safe_message(
    notice: Notice | None,
    choice: LocaleChoice,
    options: Options,
    recharge_url: str | None,
    locale_dir: Path,
) -> tuple[_channels.SafeMessage, LocaleChoice]:
    """The parts of a message built without templates, from parts that cannot fail on payload
    input, and the locale they are in (English when the chosen one has no catalog)."""
    is_money = notice.is_money if notice is not None else True
    title = _FALLBACK_TITLES[is_money]
    mirror = (
        "Your account does not have enough credit for this request."
        if is_money
        else "The service did not complete this request."
    )
    action_label, lang = "Add credit", "en"
    try:
        catalog = load_catalog(locale_dir, choice.locale_id)
        title, mirror = catalog.gettext(title), catalog.gettext(mirror)
        action_label, lang = catalog.gettext(action_label), choice.tag
    except Exception:  # no catalog: English it is
        choice = LocaleChoice("en", "en", choice.requested, True)
    url = None
    if is_money:
        for candidate in (recharge_url, options.recharge_url):
            if candidate:
                url = safe_link(_LINK_PLACEHOLDERS.sub("", candidate), options.allowed_hosts)
                if url:
                    break
    status = _channels.http_status("insufficient_balance" if is_money else "other", None)
    message = _channels.SafeMessage(
        title, mirror, action_label, url, lang, text_direction(lang), status
    )
    return message, choice


_LINK_PLACEHOLDERS = re.compile(r"\{(amount|currency|return_to)\}")


def _link_allowed(url: str, allowed_hosts: frozenset[str], *, template: bool) -> bool:
    """Whether ``url`` is https to an allowed host (a template with its placeholders filled)."""
    return (
        safe_link(_LINK_PLACEHOLDERS.sub("0", url) if template else url, allowed_hosts) is not None
    )


def _notice_amounts(notice: Notice | None) -> dict[str, Money]:
    return notice_amounts(notice) if notice is not None else {}


def _low_balance_amounts(balance: Money, threshold: Money | None) -> dict[str, Money]:
    return {"balance": balance, **({"threshold": threshold} if threshold is not None else {})}


_MAX_RUNWAY = datetime.timedelta(days=366)


def _runway(
    balance: Money, burn_rate: Money | None, period: datetime.timedelta
) -> datetime.timedelta | None:
    """How long ``balance`` lasts at ``burn_rate`` per ``period``; None if that cannot be said.

    Past a year the estimate says nothing useful, so it is left out.

    >>> _runway(Money(Decimal("12"), "USD"), Money(Decimal("4"), "USD"), datetime.timedelta(days=1))
    datetime.timedelta(days=3)
    >>> _runway(Money(Decimal("12"), "USD"), Money(Decimal("4"), "EUR"), datetime.timedelta(days=1))
    """
    if burn_rate is None or burn_rate.unit != balance.unit or period <= datetime.timedelta(0):
        return None
    left, rate = balance.amount, burn_rate.amount
    try:
        if not (left.is_finite() and rate.is_finite()) or left <= 0 or rate <= 0:
            return None
        seconds = left / rate * Decimal(str(period.total_seconds()))
        if seconds > Decimal(str(_MAX_RUNWAY.total_seconds())):
            return None
        return datetime.timedelta(seconds=int(seconds))
    except ArithmeticError:  # overflow of extreme amounts: no estimate
        return None
