"""The words around a message, said by the application: an email's greeting, its labelled
fallback link and footer, and the link back from a whole error page.

A message shown in the app needs none of them; an email, read later and away from the app, and
a page that replaces the app's own, do. They name the application (``product_name``), which is
the integrator's configured text, and the recipient's name, which is data: both are values of
a :class:`~.sentence.Sentence`, escaped in each channel like any other.

>>> from tactful._locale import Catalog
>>> words = envelope(Catalog("en", {}), product="Acme", recipient_name="Ada <3", greeting=True)
>>> str(words.greeting), words.greeting.__html__()
('Hello Ada <3,', Markup('Hello <bdi>Ada &lt;3</bdi>,'))
>>> str(words.why_sent), str(words.back)
('You are receiving this email because it is about your Acme account.', 'Back to Acme')
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from .._links import safe_link
from .._locale import Catalog
from .._text import clean_text
from .sentence import Link, Sentence, interpolate, words_of

MAX_RECIPIENT_NAME_CHARS = 80


@dataclass(frozen=True)
class Envelope:
    """What the application says around a message, in the message's language."""

    product: str | None
    """The application's name, as configured (``product_name``)."""
    logo_url: str | None
    """A checked https image of the application's logo, for an email's header."""
    greeting: Sentence | None
    """"Hello," or "Hello Ada," (None unless the Renderer greets)."""
    link_intro: str
    """Said before the call to action's full URL, under the email's button."""
    why_sent: Sentence
    """The email footer's why: whose account this is about."""
    alerts: Link | None
    """The footer's link to the page where the reader changes their alerts."""
    back: Sentence
    """The label of the link back from a whole error page ("Back to Acme", "Go back")."""

    def context(self) -> dict[str, object]:
        """The names email templates see besides the message's (``envelope``)."""
        return {"envelope": self}


def envelope(
    catalog: Catalog,
    *,
    product: str | None = None,
    logo_url: str | None = None,
    alerts_url: str | None = None,
    allowed_hosts: frozenset[str] = frozenset(),
    greeting: bool = False,
    recipient_name: str | None = None,
) -> Envelope:
    """The envelope of a message in ``catalog``'s language (links checked against
    ``allowed_hosts``; the recipient's name cleaned to one short line)."""
    name = clean_text(recipient_name, limit=MAX_RECIPIENT_NAME_CHARS) if recipient_name else ""
    common = _common(catalog, product, alerts_url, allowed_hosts)
    words = words_of(catalog)
    if name.strip():
        # A name may be written in any script: isolated, whatever the page's direction.
        hello: Sentence | None = interpolate(
            # Translators: an email's greeting; %(name)s is the recipient's name as the app has
            # it. Use your language's usual greeting in a service's email, with its punctuation.
            words.gettext("Hello %(name)s,"),
            {"name": name},
            isolate=True,
        )
    elif greeting or recipient_name is not None:
        hello = words.sentence(words.gettext("Hello,"))
    else:
        hello = None
    logo = safe_link(logo_url, allowed_hosts) if logo_url else None
    return Envelope(product, logo, hello, *common)


@functools.lru_cache(maxsize=256)
def _common(
    catalog: Catalog, product: str | None, alerts_url: str | None, allowed_hosts: frozenset[str]
) -> tuple[str, Sentence, Link | None, Sentence]:
    # Whatever the recipient, the same for every message in one catalog and configuration.
    words = words_of(catalog)
    values = {"product": product} if product else {}
    link_intro = words.gettext("If the button does not work, copy this link into your browser:")
    if product:
        # Translators: an email's footer; %(product)s is the application's name ("Acme").
        why = words.gettext(
            "You are receiving this email because it is about your %(product)s account."
        )
        # Translators: a link back to the application from a page about a failed request.
        back = words.gettext("Back to %(product)s")
    else:
        why = words.gettext("You are receiving this email because it is about your account.")
        back = words.gettext("Go back")
    alerts_link = safe_link(alerts_url, allowed_hosts) if alerts_url else None
    alerts = None
    if alerts_link is not None:
        # Translators: an email footer's link to the page where the reader chooses which alerts
        # they get by email.
        alerts = words.link(words.sentence(words.gettext("Change your email alerts")), alerts_link)
    return link_intro, words.sentence(why, values), alerts, words.sentence(back, values)
