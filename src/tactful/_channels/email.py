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

import binascii
import email.policy
import functools
import re
from email.headerregistry import BaseHeader, HeaderRegistry
from email.message import EmailMessage, MIMEPart
from typing import Any

from markupsafe import Markup

from .._text import clean_text
from . import html, text
from .base import Format, SafeMessage

MAX_SUBJECT_CHARS = 200
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")


def subject_line(title: str) -> str:
    """One line of at most 200 characters, with no control, separator or bidi character."""
    text = clean_text(title, limit=MAX_SUBJECT_CHARS)
    # clean_text already turns every line break into a space; this is the last line of defence
    # for whatever str.splitlines() would split on (NEL, FS, GS, RS, LS, PS...).
    text = " ".join(part.strip() for part in text.splitlines() if part.strip())
    return text or "-"


def compose(*, subject: str, text: str, html: str, language: str) -> EmailMessage:
    """The message: Subject, Content-Language, and the two alternatives, text first.

    Built part by part, as ``set_content`` and ``add_alternative`` would build it, but with
    each header value parsed once per process (they are the same few values in every
    message) and the bodies encoded by the C quoted-printable encoder (lines of at most 76
    characters, as RFC 2045 requires).
    """
    msg = EmailMessage()
    # Each header once, in this order (set_raw appends; the values are parsed headers, or
    # short ASCII ones that the email package writes out as they are).
    msg.set_raw("Subject", _header("Subject", subject_line(subject)))
    # RFC 3834: a notice sent by software, so vacation responders do not answer it.
    msg.set_raw("Auto-Submitted", "auto-generated")
    msg.set_raw("MIME-Version", "1.0")
    # A fixed boundary, so the same notice gives the same bytes: "=_" never occurs in
    # quoted-printable text (it would be "=3D_"), so it cannot collide with either part. It
    # has no digits, so nothing in the message varies with the payload but the payload.
    msg.set_raw(
        "Content-Type",
        _header("Content-Type", 'multipart/alternative; boundary="=_tactful_alternative"'),
    )
    msg.set_raw("Content-Language", language if _LANGUAGE_TAG.fullmatch(language) else "en")
    msg.set_payload([_part("plain", text), _part("html", html)])
    return msg


def _part(subtype: str, body: str) -> MIMEPart:
    part = MIMEPart(email.policy.default)
    part.set_raw("Content-Type", _header("Content-Type", f'text/{subtype}; charset="utf-8"'))
    part.set_raw(
        "Content-Transfer-Encoding", _header("Content-Transfer-Encoding", "quoted-printable")
    )
    # Every line short and 7-bit on the wire, whatever the language.
    part.set_payload(binascii.b2a_qp(_lines(body).encode("utf-8"), istext=True).decode("ascii"))
    return part


_MAX_FOLDS = 8  # ways of folding kept per header: a few policies in practice


class _FoldedOnce(BaseHeader):
    """A parsed header that works out its folded form once per way of folding.

    Writing a message folds every header anew (the email package re-wraps its parse tree),
    which costs more than writing the rest of a notice; these headers are immutable and the
    same in many messages, so the folded text is kept on the header. Folding depends only on
    the value and on the policy's line length, line ending and UTF-8 setting.
    """

    def fold(self, *, policy: email.policy.Policy) -> str:
        key = (policy.max_line_length, policy.linesep, getattr(policy, "utf8", False))
        folds: dict[tuple[object, ...], str] = self.__dict__.setdefault("_folds", {})
        folded = folds.get(key)
        if folded is None:
            folded = super().fold(policy=policy)
            if len(folds) < _MAX_FOLDS:
                folds[key] = folded
        return folded


# The email package's own header classes, on the base class above (the documented way to
# change what every header does).
_HEADERS = HeaderRegistry(base_class=_FoldedOnce)


@functools.lru_cache(maxsize=512)
def _header(name: str, value: str) -> Any:
    """A header parsed as the email package parses it on assignment. Parsed headers are
    immutable, so one can stand in any number of messages."""
    return _HEADERS(name, value)


def _lines(body: str) -> str:
    # One kind of line break (the email package writes CRLF on the wire), and a final one.
    body = body.replace("\r\n", "\n").replace("\r", "\n")
    return body if body.endswith("\n") else body + "\n"


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
        html.fallback(message), title=message.title, lang=message.lang, direction=message.direction
    )


# The two parts of an email: not formats of their own (an email is one message with both).
TEXT_PART = Format("email.txt", "text/plain", text.finish, text.fallback)
HTML_PART = Format("email.html", "text/html", html.finish, _document_fallback, markup=True)
