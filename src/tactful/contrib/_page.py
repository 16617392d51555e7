"""A whole error page: inside the application's own base template, or tactful's own page.

A browser that navigated to a failed request gets a page, not a bare card: the application's
chrome around the notice when the integration is given its base template (``base_template``,
with the notice in its ``content_block``), else a page of tactful's own that names the
application and links back (:class:`tactful.SiteSettings`' ``product_name`` and
``return_to``, or the ``return_to`` of the one error). Jinja2 and Django read the same wrapper
(:func:`wrapper_source`), since ``{% extends %}`` and ``{% block %}`` are spelt alike in both.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from markupsafe import Markup

from .._errors import ConfigError
from .._locale import text_direction
from .._render import Rendered, Renderer
from .._render.site import way_back
from .._resources import TEMPLATES_DIR

_BLOCK_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")


@functools.cache
def stylesheet() -> Markup:
    """The shipped CSS as Markup, to place inside a ``<style>`` element of a template."""
    css = (TEMPLATES_DIR / "tactful.css").read_text(encoding="utf-8")
    return Markup(css.replace("</", "<\\/"))  # noqa: S704 - our own file; cannot close <style>


@dataclass(frozen=True)
class Page:
    """What a whole page shows: the snippet, its title as text, and the way back.

    :meth:`context` gives the names an application's page or base template receives.
    """

    notice: Markup
    rendered: Rendered
    title: str
    back_url: str
    back_label: str
    product_name: str | None

    def context(self) -> dict[str, object]:
        """``notice`` (the snippet), ``rendered``, ``tactful_title``, ``back_url``,
        ``back_label``, ``product_name``, ``tactful_css`` (the stylesheet, as Markup), and
        ``tactful_lang`` and ``tactful_dir``: the language and direction of the notice's words,
        which may not be the page's."""
        lang = self.rendered.locale.tag
        return {
            "tactful_lang": lang,
            "tactful_dir": text_direction(lang),
            "notice": self.notice,
            "rendered": self.rendered,
            "tactful_title": self.title,
            "back_url": self.back_url,
            "back_label": self.back_label,
            "product_name": self.product_name,
            "tactful_css": stylesheet(),
        }


def page_of(renderer: Renderer, result: Rendered, return_to: str | None) -> Page:
    """The page for a rendered HTML snippet; the link back goes to ``return_to`` when it is a
    path on the site or https to an allowed host, else to the Renderer's ``return_to``."""
    snippet = Markup(result.body)  # noqa: S704 - the renderer's own escaped output
    site = renderer.site
    back = way_back(return_to, site, renderer.allowed_hosts)
    label = str(renderer.envelope(result.locale).back)
    return Page(snippet, result, _heading_text(snippet) or "402", back, label, site.product_name)


def checked_block(name: str) -> str:
    """``name`` as a template block name, or a ConfigError."""
    if not isinstance(name, str) or not _BLOCK_NAME.fullmatch(name):
        raise ConfigError(f"content_block must be a template block name, not {name!r}")
    return name


def wrapper_source(content_block: str) -> str:
    """A template that places the notice in block ``content_block`` of the template named by
    the ``tactful_base`` variable (and its title in a ``title`` block, if the base has one).

    >>> print(wrapper_source("main"))
    {% extends tactful_base %}{% block title %}{{ tactful_title }}{% endblock %}{% block main %}<style>{{ tactful_css }}</style>{{ notice }}<p class="tactful-back" lang="{{ tactful_lang }}" dir="{{ tactful_dir }}"><a href="{{ back_url }}">{{ back_label }}</a></p>{% endblock %}
    """
    block = checked_block(content_block)
    return (
        "{% extends tactful_base %}{% block title %}{{ tactful_title }}{% endblock %}"
        f"{{% block {block} %}}<style>{{{{ tactful_css }}}}</style>{{{{ notice }}}}"
        '<p class="tactful-back" lang="{{ tactful_lang }}" dir="{{ tactful_dir }}">'
        '<a href="{{ back_url }}">{{ back_label }}</a></p>{% endblock %}'
    )


_PAGE = Markup("""<!doctype html>
<html lang="{lang}" dir="{dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{title}</title>
<style>
:root {{ color-scheme: light dark; }}
body {{ margin: 0; background: Canvas; color: CanvasText;
       font: 1rem/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }}
.tactful-page__bar {{ padding: 0.75rem 1rem; border-bottom: 1px solid GrayText; }}
.tactful-page__product {{ margin: 0 auto; max-width: 40rem; font-weight: 700; }}
.tactful-page {{ max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }}
.tactful-page .tactful__title {{ font-size: 1.5rem; }}
.tactful-back a {{ display: inline-block; padding: 0.75rem 0; color: LinkText; }}
.tactful-back a::before {{ content: "\\2190\\00a0" / ""; }}
[dir="rtl"] .tactful-back a::before {{ content: "\\2192\\00a0" / ""; }}
{css}
</style>
</head>
<body>
{bar}<main class="tactful-page">
{snippet}
<p class="tactful-back"><a href="{back_url}">{back_label}</a></p>
</main>
</body>
</html>
""")
_BAR = Markup(
    '<header class="tactful-page__bar"><p class="tactful-page__product">{}</p></header>\n'
)


def html_page(page: Page) -> str:
    """tactful's own page around the snippet: the application's name, the notice (its title
    is the page's), and a link back; the CSS inline."""
    lang = page.rendered.locale.tag
    return str(
        _PAGE.format(
            lang=lang,
            dir=text_direction(lang),
            title=page.title,
            css=stylesheet(),
            bar=_BAR.format(page.product_name) if page.product_name else Markup(""),
            snippet=page.notice,
            back_url=page.back_url,
            back_label=page.back_label,
        )
    )


class _HeadingText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.done = False
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.done and re.fullmatch(r"h[1-6]", tag):
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and re.fullmatch(r"h[1-6]", tag):
            self.depth -= 1
            self.done = self.depth == 0

    def handle_data(self, data: str) -> None:
        if self.depth and not self.done:
            self.parts.append(data)


def _heading_text(snippet: str) -> str:
    """The text of the snippet's first heading, as a screen reader reads it: runs of HTML
    whitespace as one space, no-break spaces kept (French "Erreur\u00a0:" stays one unit)."""
    parser = _HeadingText()
    parser.feed(snippet)
    return _HTML_SPACES.sub(" ", "".join(parser.parts)).strip(" ")


_HTML_SPACES = re.compile(r"[ \t\n\r\f]+")
