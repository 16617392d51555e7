"""The host application's own settings: its name and logo, its way back, its theme, its email.

:class:`SiteSettings` is the fifth settings group (``Renderer(site=SiteSettings(...))`` or the
flat keywords). It says who is speaking and where the reader goes back to, which the four other
groups do not: the product name and logo heading an email, the greeting and the footer of an
email read later, the link back from a whole error page, and the colour scheme of the snippet.

Every value is checked when it is given (a mistake is a :class:`tactful.ConfigError`); the
links are checked again against the Renderer's allowed hosts when the Renderer is made.

>>> SiteSettings(product_name="  Acme   Cloud ").product_name
'Acme Cloud'
>>> SiteSettings(theme="sepia")
Traceback (most recent call last):
...
tactful.ConfigError: theme must be one of 'host', 'light', 'dark', 'system', not 'sepia'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .._errors import ConfigError
from .._links import safe_link
from .._text import clean_text
from .checks import checked_flag, set_field

THEMES = ("host", "light", "dark", "system")
"""``host``: light, unless the page opts in to dark (see ``docs/templates.md``); ``light`` and
``dark``: always that; ``system``: the reader's operating system decides."""
MAX_PRODUCT_NAME_CHARS = 80
# A path on the application's own site: one leading slash (two would name another host).
_SITE_PATH = re.compile(r"/(?![/\\])[^\s\x00-\x1f\x7f\\]{0,2047}")


def _one_line_name(value: object) -> str:
    """The product name as shown: one line of text, its spaces collapsed, at most 80 chars."""
    if not isinstance(value, str):
        raise ConfigError("product_name must be a string")
    name = " ".join(clean_text(value, limit=MAX_PRODUCT_NAME_CHARS * 2).split())
    if not name or len(name) > MAX_PRODUCT_NAME_CHARS:
        raise ConfigError(f"product_name must be 1 to {MAX_PRODUCT_NAME_CHARS} characters of text")
    return name


@dataclass(frozen=True)
class SiteSettings:
    """Who is speaking, and how the message fits the application around it.

    - ``product_name``: the application's name, shown at the top of an email, in its footer
      and on the link back from a whole error page (at most 80 characters, one line).
    - ``logo_url``: an https image (on an allowed host) shown beside the name in an email.
    - ``return_to``: where the link back from a whole error page goes when a request gives
      none: a path on the application's site (``"/dashboard"``) or an https URL on an allowed
      host. Default: ``"/"``, the site's home page.
    - ``theme``: ``"host"`` (default: light unless the page opts in to dark), ``"light"``,
      ``"dark"`` or ``"system"`` (the operating system's setting).
    - ``greeting``: start emails with "Hello," (or "Hello Ada," given ``recipient_name``).
    - ``alerts_url``: an https page (on an allowed host) where the reader changes which alerts
      they get, linked from the email's footer.

    >>> SiteSettings(return_to="//evil.example")
    Traceback (most recent call last):
    ...
    tactful.ConfigError: return_to must be a path such as '/dashboard' or an https URL, not '//evil.example'
    """

    product_name: str | None = None
    logo_url: str | None = None
    return_to: str = "/"
    theme: str = "host"
    greeting: bool = False
    alerts_url: str | None = None

    def __post_init__(self) -> None:
        if self.product_name is not None:
            set_field(self, "product_name", _one_line_name(self.product_name))
        if self.theme not in THEMES:
            choices = ", ".join(repr(theme) for theme in THEMES)
            raise ConfigError(f"theme must be one of {choices}, not {self.theme!r}")
        checked_flag(self.greeting, "greeting")
        if not isinstance(self.return_to, str) or not (
            _SITE_PATH.fullmatch(self.return_to) or self.return_to.startswith("https://")
        ):
            raise ConfigError(
                "return_to must be a path such as '/dashboard' or an https URL, "
                f"not {self.return_to!r}"
            )

    def checked(self, allowed_hosts: frozenset[str]) -> SiteSettings:
        """These settings, with every URL checked against ``allowed_hosts`` (a ConfigError
        names the first that is not https to one of them)."""
        for name in ("logo_url", "alerts_url", "return_to"):
            url = getattr(self, name)
            if url is None or (name == "return_to" and not url.startswith("https://")):
                continue
            if safe_link(url, allowed_hosts) is None:
                hosts = ", ".join(sorted(allowed_hosts)) or "none"
                raise ConfigError(
                    f"{name} must be an https URL on an allowed host ({hosts}): {url!r}"
                )
        return self


def way_back(requested: str | None, site: SiteSettings, allowed_hosts: frozenset[str]) -> str:
    """Where the link back from a whole page goes: ``requested`` when it is a path on the
    site or https to an allowed host, else the configured ``return_to``.

    >>> site = SiteSettings(return_to="/app")
    >>> way_back("/projects/7", site, frozenset()), way_back("javascript:alert(1)", site, frozenset())
    ('/projects/7', '/app')
    >>> way_back("https://app.example.com/x", site, frozenset({"app.example.com"}))
    'https://app.example.com/x'
    """
    if requested:
        if _SITE_PATH.fullmatch(requested):
            return requested
        link = safe_link(requested, allowed_hosts)
        if link is not None:
            return link
    return site.return_to
