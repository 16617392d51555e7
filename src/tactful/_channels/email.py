"""The email channel: one standard-library EmailMessage that real mail clients show well.

The message is ``multipart/alternative``: the plain-text part first (the text channel's words,
with the full URL), the HTML part last (``email.html``: tables, inline styles, a button made of
a table cell and a link, never an image). Both parts are UTF-8 in quoted-printable, so every
line on the wire is short and 7-bit whatever the language. The caller sets From and To; the
sending system adds Date and Message-ID, so the same notice always gives the same message.

The Subject is the localized title, made one line here, before it reaches the email package:
Python's own package once let a line break inside a header value start a new header
(CVE-2024-6923), so nothing with a line break, control or bidi character gets that far. The
header set and the MIME tree are the same whatever the payload.

>>> msg = compose(subject="Balance low\\r\\nBcc: x@example.com", text="Hi\\n",
...               html="<p>Hi</p>", language="en")
>>> msg["Subject"], [part.get_content_type() for part in msg.walk()]
('Balance low Bcc: x@example.com', ['multipart/alternative', 'text/plain', 'text/html'])
"""

from __future__ import annotations

from email.message import EmailMessage

from markupsafe import Markup

from .._text import clean_text
from . import bidi
from . import html as _html
from . import text as _text
from .base import Format, SafeMessage, content_language

MAX_SUBJECT_CHARS = 200


def subject_line(title: str) -> str:
    """One line of at most 200 characters, with no control, separator or bidi character."""
    text = clean_text(title, limit=MAX_SUBJECT_CHARS)
    # clean_text already turns every line break into a space; this is the last line of defence
    # for whatever str.splitlines() would split on (NEL, FS, GS, RS, LS, PS...).
    text = " ".join(part.strip() for part in text.splitlines() if part.strip())
    return text or "-"


def compose(*, subject: str, text: str, html: str, language: str) -> EmailMessage:
    """The message: Subject, Content-Language, and the two alternatives, text first.

    Built with the email package's own API (``set_content``, ``add_alternative``): both parts
    UTF-8 in quoted-printable, so every line on the wire is short and 7-bit.
    """
    msg = EmailMessage()
    msg["Subject"] = subject_line(subject)
    # RFC 3834: a notice sent by software, so vacation responders do not answer it.
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    msg.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    for part in msg.iter_parts():  # an added part gets a MIME-Version of its own: one is enough
        del part["MIME-Version"]
    # After the parts: making the message multipart moves every Content- header into its first
    # part.
    msg["Content-Language"] = content_language(language)
    # A fixed boundary, so the same notice gives the same bytes: "=_" never occurs in
    # quoted-printable text (it would be "=3D_"), so it cannot collide with either part.
    msg.set_boundary("=_tactful_alternative")
    return msg


def html_document(snippet: str, *, title: str, lang: str, direction: str) -> str:
    """A minimal HTML document around an HTML snippet, for the safe built-in message."""
    return str(
        Markup(
            '<!DOCTYPE html>\n<html lang="{}" dir="{}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            "<title>{}</title>\n</head>\n"
            '<body style="margin:0;padding:16px;font-family:Arial,Helvetica,sans-serif;'
            'font-size:16px;line-height:24px;">\n{}</body>\n</html>\n'
        ).format(lang, direction, title, Markup(snippet))  # noqa: S704 - our own built-in snippet
    )


def _document_fallback(message: SafeMessage) -> str:
    return html_document(
        _html.fallback(message), title=message.title, lang=message.lang, direction=message.direction
    )


# The two parts of an email: not formats of their own (an email is one message with both).
TEXT_PART = Format("email.txt", "text/plain", _text.finish, _text.fallback, bidi.isolated_context)
HTML_PART = Format("email.html", "text/html", _html.finish, _document_fallback, markup=True)
