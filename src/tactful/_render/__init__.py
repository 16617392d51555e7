"""Stage 5: the Renderer and the never-raise contract.

One :class:`Renderer` holds its checked settings and one Jinja2 environment, built once
(:mod:`.settings`, :mod:`.environment`). Every public render method goes through one guarded
helper: whatever a payload, a catalog or a template does, a failure gives the safe built-in
message (:mod:`.fallback`) instead of an exception, unless the Renderer is strict.
"""

from __future__ import annotations

import datetime
import functools
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from markupsafe import Markup

from .. import _channels
from .._decode import unread_response
from .._errors import ConfigError, Error, LocaleError, PayloadError, TemplateError
from .._locale import (
    SOURCE_LOCALE,
    Catalog,
    LocaleChoice,
    accept_language,
    load_catalog,
    negotiate,
)
from .._model import Kind, Money, Notice, holds_nothing
from .._present import Options, Presentation, present, present_low_balance
from .._present.envelope import Envelope, envelope
from .._recognize import Recognizer, parse
from .._redact import DEFAULT_REDACTION, Redaction, checked_redaction
from .fallback import fallback_rendered, safe_message
from .inspect import inspected
from .low_balance import LowBalance
from .produce import Rendered, finish_context, produce
from .settings import (
    GROUPS,
    Checked,
    ContentSettings,
    FlatSettings,
    LinkSettings,
    LocaleSettings,
    OutputSettings,
    Settings,
    checked,
    link_refusal,
    merged,
)
from .site import SiteSettings

if TYPE_CHECKING:  # the email package is imported when an email is first made
    from email.message import EmailMessage

    from typing_extensions import Unpack

__all__ = ["Rendered", "Renderer"]

logger = logging.getLogger("tactful")
_T = TypeVar("_T")
# The checked settings a Renderer shows as its read-only attributes.
_CHECKED_ATTRIBUTES = (
    *("color", "hyperlinks", "bidi_isolates", "unreadable_kind", "text_width", "heading_level"),
    *("supported_locales", "default_locale", "allowed_hosts", "problem_type", "formats"),
)
# What a public render method makes of a notice in a locale, and what it gives on a failure.
_Make = Callable[[Notice, LocaleChoice], _T]
_Recover = Callable[[Exception, Notice | None, LocaleChoice], _T]


class Renderer:
    """Everything an application configures, fixed at construction; safe to share across threads.

    Every setting is a keyword argument. Those under the first five headings can also be given
    as a group, a frozen record built once and shared: ``links=LinkSettings(...)``,
    ``locales=LocaleSettings(...)``, ``content=ContentSettings(...)``,
    ``output=OutputSettings(...)``, ``site=SiteSettings(...)``; both forms give equal
    Renderers, and one setting given both ways raises :class:`tactful.ConfigError`. The groups
    are read back as ``links``, ``locales``, ``content``, ``output`` and ``site``; every
    attribute is read-only (see :meth:`replace`).

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
      ``{currency}`` when the notice has no shortfall in money to suggest one from; a query
      parameter whose placeholder has no value is left out (``{currency}`` is the notice's
      currency when it has one).
    - ``show_label``, ``show_why``, ``show_details``, ``show_amounts``, ``show_ids``: the
      relief clause (where the kind implies it: ``docs/copy.md``), the one-line why, the
      provider's own words and codes, the amounts in the mirror sentence, and request ids
      among the details.
    - ``unreadable_kind``: the kind of a payload with nothing readable in it (default
      ``other``: "We could not read the service's answer", no promise, no button).
    - ``digits``: ``"native"`` (default) writes numbers, amounts and durations in the locale's
      own digits where CLDR's default numbering system for it is not Latin (fa ۰-۹, bn ০-৯);
      ``"latin"`` writes 0-9 in every locale. Any other value raises
      :class:`tactful.ConfigError`.

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
    - ``bidi_isolates``: in right-to-left locales (ar, fa, he, ur), every value and the
      provider's own text sit between U+2068 FIRST STRONG ISOLATE and U+2069 POP DIRECTIONAL
      ISOLATE in the text, terminal, Markdown and email text formats, as HTML puts them in
      ``<bdi>`` (default True). False leaves them out, for a terminal that shows them as
      boxes; anything but a bool raises :class:`tactful.ConfigError`.

    **The application around the message** (``site=``; checked at construction)

    - ``product_name``: the application's name, at the top of an email, in its footer and on
      the link back from a whole error page.
    - ``logo_url``: an https image on an allowed host, beside the name in an email.
    - ``return_to``: where the link back from a whole error page goes when a request names no
      page of its own: a path on the site or an https URL on an allowed host (default ``"/"``).
    - ``theme``: the snippet's colours: ``"host"`` (default: light unless the page opts in to
      dark), ``"light"``, ``"dark"`` or ``"system"``.
    - ``greeting``: start emails with "Hello," (with ``recipient_name=``, "Hello Ada,").
    - ``alerts_url``: the page where the reader changes their alerts, linked from an email's
      footer.

    **Reading and failures** (keywords only)

    - ``recognizers``: your own recognizers, tried before the built-in ones (see
      :data:`Recognizer`).
    - ``redaction``: what is hidden wherever payload or exception text is shown, a
      :class:`tactful.Redaction` (default: API keys by their shape, secret query parameters,
      ``Authorization`` and bearer values); anything else raises :class:`tactful.ConfigError`.

    - ``strict``: raise :class:`tactful.Error` subclasses instead of falling back (for
      development and tests).
    - ``on_error``: called with each exception that a render recovered from, after it is
      logged to the ``tactful`` logger.

    A mistake in the settings raises :class:`tactful.ConfigError` here, in every mode: a link
    that is not https to an allowed host, holds a user name, or has a ``{placeholder}`` it
    cannot hold; a template directory that does not exist; a default locale without a
    catalog; a heading level outside 1 to 6; a currency that is not an ISO 4217 code. A
    ``recharge_url`` given to one render is checked the same way, but refused without raising
    (logged and left out), unless ``strict=True``.

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
    redaction: Redaction
    color: bool | None
    hyperlinks: bool | None
    bidi_isolates: bool
    unreadable_kind: Kind
    text_width: int
    heading_level: int
    supported_locales: frozenset[str]
    default_locale: str
    allowed_hosts: frozenset[str]
    problem_type: str | None
    formats: Mapping[str, _channels.Format]
    links: LinkSettings
    locales: LocaleSettings
    content: ContentSettings
    output: OutputSettings
    site: SiteSettings
    _settings: Settings
    _checked: Checked

    def __init__(
        self,
        *,
        links: LinkSettings | None = None,
        locales: LocaleSettings | None = None,
        content: ContentSettings | None = None,
        output: OutputSettings | None = None,
        site: SiteSettings | None = None,
        recognizers: Sequence[Recognizer] = (),
        redaction: Redaction = DEFAULT_REDACTION,
        strict: bool = False,
        on_error: Callable[[BaseException], object] | None = None,
        **flat: Unpack[FlatSettings],
    ) -> None:
        groups = {
            "links": links,
            "locales": locales,
            "content": content,
            "output": output,
            "site": site,
        }
        self._set("redaction", checked_redaction(redaction))
        self._build(merged(Settings(), groups, **flat), tuple(recognizers), strict, on_error)

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
        recognizers = tuple(changes.pop("recognizers", self.recognizers))
        redaction = checked_redaction(changes.pop("redaction", self.redaction))
        strict = changes.pop("strict", self.strict)
        on_error = changes.pop("on_error", self.on_error)
        groups = {name: changes.pop(name) for name in GROUPS if name in changes}
        renderer = Renderer.__new__(Renderer)
        renderer._set("redaction", redaction)
        renderer._build(merged(self._settings, groups, **changes), recognizers, strict, on_error)
        return renderer

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
        self._set("_checked", checked(chosen))
        for group in GROUPS:  # the groups, as given
            self._set(group, getattr(chosen, group))
        for name in _CHECKED_ATTRIBUTES:
            self._set(name, getattr(self._checked, name))

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
        return (self._settings, self.recognizers, self.redaction, self.strict, self.on_error)

    # ---- public API ---------------------------------------------------------------------------

    def parse(self, payload: Any, *, http_status: int | None = None, headers: Any = None) -> Notice:
        """Read a payload into a :class:`Notice`, with this Renderer's recognizers first and
        its texts redacted by this Renderer's ``redaction``.

        ``headers`` are the response headers of a body the caller read itself (aiohttp, a
        stream): a mapping or pairs; ``Retry-After`` and request ids are read from them.
        """
        notice = parse(
            payload, http_status=http_status, recognizers=self.recognizers, headers=headers
        )
        return self.redaction.notice(notice)

    def inspect(
        self, payload: Any, *, http_status: int | None = None, headers: Any = None
    ) -> dict[str, Any]:
        """What :meth:`parse` reads from ``payload``, as JSON-ready data, and where it read it.

        Amounts and links have problem+json's shape; ``read_from`` names the attribute of an
        exception or response the body, status and headers came from (``"response.content/text"``,
        ``"__cause__.body"``, ``"status_code"``...), or the argument given (``"payload"``,
        ``"http_status="``, ``"headers="``). ``tactful inspect`` prints it for a file.

        >>> found = Renderer().inspect(b'{"error": {"code": "INSUFFICIENT_BALANCE"}}', http_status=402)
        >>> found["kind"], found["read_from"]
        ('insufficient_balance', {'body': 'payload', 'http_status': 'http_status='})
        """
        return inspected(
            payload,
            http_status=http_status,
            headers=headers,
            recognizers=self.recognizers,
            redaction=self.redaction,
        )

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
            fallbacks=self._checked.locale_fallbacks,
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
        headers: Any = None,
    ) -> str:
        """Render a payload (or a :class:`Notice`) as a finished message. Never raises by default.

        Returns :class:`markupsafe.Markup` for ``format="html"`` and ``str`` otherwise.
        ``http_status`` and ``headers`` are those of a body the caller read itself (see
        :meth:`parse`).
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
            headers=headers,
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
        headers: Any = None,
    ) -> Rendered:
        """Like :meth:`render`, with the notice and the negotiated locale alongside the body."""

        def make(notice: Notice, choice: LocaleChoice) -> Rendered:
            presentation = self._present(notice, choice, recharge_url, return_to)
            return self._finish(presentation, format, template, notice, choice)

        recover = functools.partial(self._recover, format=format, recharge_url=recharge_url)
        return self._guarded(
            make, recover, locale, accept_language, payload=(payload, http_status, headers)
        )

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

        A balance at or above ``threshold``, amounts in different units, a threshold that is
        not positive or a negative burn rate raise :class:`tactful.ConfigError` when strict;
        otherwise they are logged and the message leaves out what would be untrue (no "below
        your alert level" for a balance that is not).
        """
        warning = self._warning(LowBalance(balance, threshold, burn_rate, burn_period, runs_out_in))

        def make(notice: Notice, choice: LocaleChoice) -> Rendered:
            presentation = self._low_balance(warning, choice, recharge_url, return_to)
            amounts = warning.amounts() if self._checked.options.show_amounts else {}
            return self._finish(presentation, format, template, notice, choice, amounts)

        recover = functools.partial(self._recover, format=format, recharge_url=recharge_url)
        return self._guarded(make, recover, locale, accept_language, notice=warning.notice()).body

    def render_email(
        self,
        payload: Any,
        *,
        locale: str | None = None,
        accept_language: str | None = None,
        recharge_url: str | None = None,
        return_to: str | None = None,
        http_status: int | None = None,
        headers: Any = None,
        recipient_name: str | None = None,
    ) -> EmailMessage:
        """The message as an email, ready for :mod:`smtplib`: set From and To, then send.

        A one-line localized Subject, ``Content-Language``, and ``multipart/alternative`` with
        the plain text first (``email.txt``, with the full URL) and the HTML last
        (``email.html``). An email is read later, away from the request: its sentences say so
        ("A request needed $4.50..."), and the ``site=`` settings give it a sender (product
        name, logo), a greeting (``recipient_name`` names the reader) and a footer. Never
        raises by default: a failure gives the safe built-in message, with the same headers
        and parts.
        """

        def make(notice: Notice, choice: LocaleChoice) -> EmailMessage:
            presentation = self._present(notice, choice, recharge_url, return_to, later=True)
            return self._compose_email(presentation, notice, choice, recipient_name)

        recover = functools.partial(self._recover_email, recharge_url=recharge_url)
        return self._guarded(
            make, recover, locale, accept_language, payload=(payload, http_status, headers)
        )

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
        recipient_name: str | None = None,
    ) -> EmailMessage:
        """The low-balance warning of :meth:`render_low_balance` as an email (with the
        envelope of :meth:`render_email`)."""
        warning = self._warning(LowBalance(balance, threshold, burn_rate, burn_period, runs_out_in))

        def make(notice: Notice, choice: LocaleChoice) -> EmailMessage:
            presentation = self._low_balance(warning, choice, recharge_url, return_to)
            return self._compose_email(presentation, notice, choice, recipient_name)

        recover = functools.partial(self._recover_email, recharge_url=recharge_url)
        return self._guarded(make, recover, locale, accept_language, notice=warning.notice())

    # ---- internals ----------------------------------------------------------------------------

    def _guarded(
        self,
        make: _Make[_T],
        recover: _Recover[_T],
        locale: str | None,
        accept_language: str | None,
        *,
        notice: Notice | None = None,
        payload: tuple[Any, int | None, Any] = (None, None, None),
    ) -> _T:
        """The never-raise contract of every public render method: ``make`` the result from
        the notice (``notice``, or read from ``payload``: the payload, its status and headers)
        in the negotiated locale; on any failure, ``recover`` (the safe built-in message, or
        the exception when strict)."""
        choice = self._default_choice(locale)
        try:
            choice = self.negotiate(locale=locale, accept_language=accept_language)
            if notice is None:
                notice = self._notice_of(*payload)
            return make(notice, choice)
        except Exception as exc:  # the error path of someone else's app: never raise
            return recover(exc, notice, choice)

    def _warning(self, warning: LowBalance) -> LowBalance:
        # Arguments that would make the warning untrue are the caller's mistake: raised when
        # strict; otherwise logged, and the warning says only what is true of them.
        for mistake in warning.mistakes():
            self._refuse(ConfigError(f"low-balance warning: {mistake}"))
        return warning.sayable()

    def _default_choice(self, requested: str | None) -> LocaleChoice:
        # What a failure before negotiation renders in: the default locale.
        return LocaleChoice(
            self.default_locale.replace("_", "-"), self.default_locale, requested, True
        )

    def _notice_of(self, payload: Any, http_status: int | None, headers: Any) -> Notice:
        if isinstance(payload, Notice):  # an application's own, or one read by another policy
            return self.redaction.notice(payload)
        return self._parse_checked(payload, http_status, headers)

    def _present(
        self,
        notice: Notice,
        choice: LocaleChoice,
        recharge_url: str | None,
        return_to: str | None,
        *,
        later: bool = False,
    ) -> Presentation:
        return present(
            notice,
            self._catalog(choice),
            self._later_options if later else self._checked.options,
            recharge_url=self._call_link(recharge_url),
            return_to=return_to,
        )

    @functools.cached_property
    def _later_options(self) -> Options:
        # Made once per Renderer (cached_property writes the instance dict, not __setattr__).
        return replace(self._checked.options, later=True)

    def envelope(self, locale: LocaleChoice, *, recipient_name: str | None = None) -> Envelope:
        """What the application says around a message in ``locale`` (a negotiated choice,
        such as ``Rendered.locale``): the ``site=`` settings' words for an email's greeting and
        footer, and the label of a whole page's link back. Never raises: a catalog that fails
        to load gives the source language's words."""
        site = self._checked.site
        return envelope(
            self._catalog(locale),
            product=site.product_name,
            logo_url=site.logo_url,
            alerts_url=site.alerts_url,
            allowed_hosts=self.allowed_hosts,
            greeting=site.greeting,
            recipient_name=recipient_name,
        )

    def _low_balance(
        self,
        warning: LowBalance,
        choice: LocaleChoice,
        recharge_url: str | None,
        return_to: str | None,
    ) -> Presentation:
        return present_low_balance(
            warning.balance,
            warning.threshold,
            self._catalog(choice),
            self._checked.options,
            runs_out_in=warning.runs_out(),
            recharge_url=self._call_link(recharge_url),
            return_to=return_to,
        )

    def _parse_checked(self, payload: Any, http_status: int | None, headers: Any) -> Notice:
        if unread_response(payload):
            # Read by its status alone, it would say nothing of what the provider said.
            self._refuse(
                PayloadError(
                    f"a {type(payload).__name__} whose body is not read: read the body and pass"
                    " it with http_status= and headers= (see the README)"
                )
            )
        notice = self.parse(payload, http_status=http_status, headers=headers)
        if holds_nothing(notice):
            if self.strict:
                raise PayloadError("the payload holds nothing tactful can read")
            notice = replace(notice, kind=self.unreadable_kind)
        return notice

    def _call_link(self, url: str | None) -> str | None:
        # A link given per call is checked as the configured one, but refused without raising
        # (unless strict): it is part of a render, which never raises.
        refusal = None if url is None else link_refusal("recharge_url", url, self.allowed_hosts)
        if refusal is None:
            return url
        self._refuse(ConfigError(refusal))
        return None

    def _catalog(self, choice: LocaleChoice) -> Catalog:
        try:
            return load_catalog(self._checked.locale_dir, choice.locale_id)
        except LocaleError as exc:
            self._refuse(exc)
            return load_catalog(self._checked.locale_dir, SOURCE_LOCALE)

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
        job = finish_context(self._checked, presentation, format, notice, amounts)
        body = self._produce(channel, presentation, template, job, choice)
        if not isinstance(body, str):  # an application's finish: the fallback answers instead
            raise TypeError(f"format {format!r}: finish returned {type(body).__name__}, not str")
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

    def _produce(
        self,
        channel: _channels.Format,
        presentation: Presentation,
        template: str | None,
        job: _channels.FinishContext,
        choice: LocaleChoice,
        around: Mapping[str, object] | None = None,
    ) -> str:
        if channel.template is None:
            return channel.finish("", job)
        name = self._template_name(template, channel.template)
        catalog = self._catalog(choice) if presentation.lang else None
        return produce(self._checked, channel, name, job, catalog, around)

    def _compose_email(
        self,
        presentation: Presentation,
        notice: Notice | None,
        choice: LocaleChoice,
        recipient_name: str | None,
    ) -> EmailMessage:
        from .._channels import email as _email

        job = finish_context(self._checked, presentation, "email", notice, {})
        around = self.envelope(choice, recipient_name=recipient_name).context()
        return _email.compose(
            subject=presentation.title,
            text=self._produce(_email.TEXT_PART, presentation, None, job, choice, around),
            html=self._produce(_email.HTML_PART, presentation, None, job, choice, around),
            language=presentation.lang,
        )

    def _template_name(self, requested: str | None, default: str) -> str:
        if requested is None:
            return default
        if _channels.TEMPLATE_NAME.fullmatch(requested) and ".." not in requested.split("/"):
            return requested
        self._refuse(TemplateError(f"refused template name {requested[:80]!r}"))
        return default

    # ---- failures -----------------------------------------------------------------------------

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

    def _recovering(self, exc: Exception) -> None:
        """Raise ``exc`` (as a tactful error) in strict mode; otherwise report it."""
        if self.strict:
            if isinstance(exc, Error):
                raise exc
            raise TemplateError(f"rendering failed: {exc!r}") from exc
        self._report(exc)

    def _recover(
        self,
        exc: Exception,
        notice: Notice | None,
        choice: LocaleChoice,
        *,
        format: str,
        recharge_url: str | None,
    ) -> Rendered:
        self._recovering(exc)  # raises if strict
        message, choice = safe_message(
            notice, choice, self._checked.options, recharge_url, self._checked.locale_dir
        )
        return fallback_rendered(message, format, self.formats, notice, choice, self._report)

    def _recover_email(
        self,
        exc: Exception,
        notice: Notice | None,
        choice: LocaleChoice,
        *,
        recharge_url: str | None,
    ) -> EmailMessage:
        from .._channels import email as _email

        self._recovering(exc)  # raises if strict
        message, choice = safe_message(
            notice, choice, self._checked.options, recharge_url, self._checked.locale_dir
        )
        return _email.compose(
            subject=message.title,
            text=_email.TEXT_PART.fallback(message),
            html=_email.HTML_PART.fallback(message),
            language=choice.tag,
        )


def _accept(header: str | None) -> list[str]:
    try:
        return accept_language(header)
    except Exception:  # a malformed header only loses its preferences
        return []
