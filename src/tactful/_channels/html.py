"""The HTML channel: a snippet (``notice.html``) that the page around it styles."""

from __future__ import annotations

from markupsafe import Markup

from .base import FinishContext, Format, SafeMessage


def finish(rendered: str, _job: FinishContext) -> str:
    """The template autoescaped every value: only the white space around it is trimmed, and
    the break opportunities a catalog's Thai carries for the text wrapper (U+200B) are taken
    out (a browser finds Thai word boundaries itself; copied text must not hold them)."""
    return rendered.replace("\u200b", "").strip() + "\n"


def fallback(message: SafeMessage) -> str:
    """The safe built-in message as an HTML snippet, every part escaped."""
    link = (
        Markup(
            '<p class="tactful__actions"><a class="tactful__button" href="{}">{}</a></p>'
        ).format(message.url, message.action_label)
        if message.url
        else Markup("")
    )
    return Markup(
        '<section class="tactful tactful--fallback" lang="{}" dir="{}" role="alert">'
        '<h2 class="tactful__title">{}</h2><p class="tactful__mirror">{}</p>{}</section>\n'
    ).format(message.lang, message.direction, message.title, message.mirror, link)


HTML = Format("notice.html", "text/html", finish, fallback, markup=True)
