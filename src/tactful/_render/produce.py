"""From a presentation to a finished message in one channel, and the message as returned.

The finishing context (width, colour, amounts, status) is resolved once per render; the
channel's template is rendered with the presentation and the negotiated locale's gettext
callables in its context, then the channel finishes it (:mod:`tactful._channels`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import jinja2

from .. import _channels
from .._channels import terminal as _terminal
from .._errors import TemplateError
from .._locale import Catalog, LocaleChoice
from .._model import Money, Notice, notice_amounts
from .._present import Presentation
from .environment import render_template, template_gettext
from .settings import Checked


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


def finish_context(
    checked: Checked,
    presentation: Presentation,
    format: str,
    notice: Notice | None,
    amounts: Mapping[str, Money] | None,
) -> _channels.FinishContext:
    """What the channel's finishing step may use; ``amounts`` None: the notice's, if shown."""
    color, hyperlinks, width = False, False, checked.text_width
    if format == "terminal":  # only this format looks at the environment and the stream
        color, hyperlinks, width = _terminal.resolve(
            checked.color, checked.hyperlinks, checked.text_width
        )
    if amounts is None:
        show = checked.options.show_amounts
        amounts = notice_amounts(notice) if notice is not None and show else {}
    upstream = notice.http_status if notice is not None else None
    return _channels.FinishContext(
        presentation,
        width=width,
        color=color,
        hyperlinks=hyperlinks,
        amounts=amounts,
        status=_channels.http_status(presentation.kind, upstream),
        problem_type=checked.problem_type,
        isolates=checked.bidi_isolates,
    )


def produce(
    checked: Checked,
    channel: _channels.Format,
    name: str,
    job: _channels.FinishContext,
    catalog: Catalog | None,
    around: Mapping[str, object] | None = None,
) -> str:
    """Template ``name`` rendered for ``channel`` and finished (a Jinja2 failure raised as a
    :class:`tactful.TemplateError`); ``around`` adds names (an email's ``envelope``)."""
    presentation = job.presentation
    # A new dict: an application's context function may hand back one it keeps.
    made = (channel.context or Presentation.context)(presentation)
    context = {
        **made,
        **(around or {}),
        "heading_level": checked.heading_level,
        "theme": checked.site.theme,
    }
    if catalog is not None:
        context.update(template_gettext(catalog))
    try:
        rendered = render_template(checked.env.get_template(name), context)
    except jinja2.TemplateError as exc:
        raise TemplateError(f"template {name!r} failed: {exc}") from exc
    return channel.finish(rendered, job)
