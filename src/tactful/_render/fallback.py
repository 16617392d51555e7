"""The safe built-in message: what a render that failed shows instead, in every channel.

Its parts come from tactful's own catalog (in English when the chosen locale has none), its
link is the configured one, checked again; each channel lays the parts out with its own
``fallback`` (see :class:`tactful.Format`), so nothing here can fail on what a payload, a
catalog or a template does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from markupsafe import Markup

from .. import _channels
from .._links import fill_link, safe_link
from .._locale import LocaleChoice, load_catalog, text_direction
from .._model import Notice, currency_of
from .._present import Options
from .produce import Rendered

FALLBACK_TITLES = {True: "Your balance is too low", False: "This request could not run"}


def safe_message(
    notice: Notice | None,
    choice: LocaleChoice,
    options: Options,
    recharge_url: str | None,
    locale_dir: Path,
) -> tuple[_channels.SafeMessage, LocaleChoice]:
    """The parts of a message built without templates, from parts that cannot fail on payload
    input, and the locale they are in (English when the chosen one has no catalog)."""
    is_money = notice.is_money if notice is not None else True
    title = FALLBACK_TITLES[is_money]
    mirror = (
        "Your account does not have enough credit for this request."
        if is_money
        else "The service did not complete this request."
    )
    action_label, lang = "Add credit", "en"
    try:
        catalog = load_catalog(locale_dir, choice.locale_id)
        # Without the break opportunities a Thai catalog carries (U+200B): every channel lays
        # this message out, and only the text wrapper would take them out.
        title, mirror, action_label = (
            catalog.gettext(msgid).replace("\u200b", "") for msgid in (title, mirror, action_label)
        )
        lang = choice.tag
    except Exception:  # no catalog: English it is
        choice = LocaleChoice("en", "en", choice.requested, True)
    url = None
    if is_money:
        currency = (currency_of(notice) if notice is not None else None) or options.currency
        for candidate in (recharge_url, options.recharge_url):
            if candidate:
                filled = fill_link(candidate, {"currency": currency or ""})
                url = safe_link(filled, options.allowed_hosts)
                if url:
                    break
    status = _channels.http_status("insufficient_balance" if is_money else "other", None)
    message = _channels.SafeMessage(
        title, mirror, action_label, url, lang, text_direction(lang), status
    )
    return message, choice


def fallback_rendered(
    message: _channels.SafeMessage,
    format: str,
    formats: Mapping[str, _channels.Format],
    notice: Notice | None,
    choice: LocaleChoice,
    report: Callable[[BaseException], None],
) -> Rendered:
    """``message`` laid out by the channel of ``format`` (text for a format there is not)."""
    channel = formats.get(format, _channels.TEXT)
    try:
        body = channel.fallback(message)
        if not isinstance(body, str):
            raise TypeError(f"format {format!r}: fallback returned {type(body).__name__}")
    except Exception as broken:  # an application's channel: its fallback must not fail
        report(broken)
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
