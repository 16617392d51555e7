"""Email, end to end: a real SMTP server on 127.0.0.1 receives what smtplib sends.

The message is checked as it arrived: the envelope, the headers, both parts decoded, the links
in the HTML, and the raw bytes on the wire (CRLF, short lines, no smuggled end of data).
"""

from __future__ import annotations

import email
import email.policy
import json
import re
import smtplib
import socket
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from aiosmtpd.controller import Controller

import tactful

from .. import oracles
from ..conftest import B1, HOSTILE_INPUTS, RECHARGE, ROOT

TOP_UP = "https://billing.example.com/top-up?amount={amount}&currency={currency}"
PRICING = "https://billing.example.com/pricing"


class Inbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.received.append(
                {
                    "mail_from": envelope.mail_from,
                    "rcpt_tos": list(envelope.rcpt_tos),
                    "data": bytes(envelope.original_content),
                }
            )
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_server() -> Iterator[tuple[Controller, Inbox]]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


def send(controller: Controller, msg: email.message.EmailMessage) -> None:
    with smtplib.SMTP(controller.hostname, controller.port, timeout=30) as client:
        client.send_message(msg)


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.texts: list[str] = []
        self._in_link = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href") or "")
            self.texts.append("")
            self._in_link = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._in_link = False

    def handle_data(self, data: str) -> None:
        if self._in_link:
            self.texts[-1] += data


def test_the_message_arrives_as_sent(smtp_server: tuple[Controller, Inbox]) -> None:
    controller, inbox = smtp_server
    renderer = tactful.Renderer(recharge_url=TOP_UP, pricing_url=PRICING)
    body = (ROOT / "examples" / "payloads" / "problem-details.json").read_bytes()
    msg = renderer.render_email(body, locale="de")
    msg["From"] = "Billing <billing@example.com>"
    msg["To"] = "Ana Müller <ana@example.com>"
    send(controller, msg)

    assert len(inbox.received) == 1
    arrived = inbox.received[0]
    assert arrived["mail_from"] == "billing@example.com"
    assert arrived["rcpt_tos"] == ["ana@example.com"]
    raw: bytes = arrived["data"]
    assert not re.search(rb"(?<!\r)\n|\r(?!\n)", raw)  # CRLF only on the wire
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998
    raw.decode("ascii")  # 7-bit: quoted-printable parts, RFC 2047 words in headers

    got = email.message_from_bytes(raw, policy=email.policy.default)
    assert str(got["Subject"]) == "Ihr Guthaben reicht nicht aus"
    assert got["Content-Language"] == "de" and got["Auto-Submitted"] == "auto-generated"
    assert str(got["To"]) == "Ana Müller <ana@example.com>"
    assert len(got.get_all("Subject") or []) == 1
    assert [p.get_content_type() for p in got.walk()] == [
        "multipart/alternative",
        "text/plain",
        "text/html",
    ]

    payment = "https://billing.example.com/top-up?amount=5&currency=USD"
    text_part = got.get_body(("plain",))
    assert text_part is not None and text_part.get_content_charset() == "utf-8"
    text = text_part.get_content().replace("\r\n", "\n")  # parsed from the wire as it came
    # Written for a message read later: "a request needed", not "this request needs".
    assert text.startswith("Ihr Guthaben reicht nicht aus\n\nEine Anfrage kostete 4,50")
    assert f"5\xa0$ aufladen: {payment}" in text  # the full URL, unbroken

    html_part = got.get_body(("html",))
    assert html_part is not None and html_part.get_content_charset() == "utf-8"
    html = html_part.get_content().replace("\r\n", "\n")
    assert '<html lang="de" dir="ltr">' in html and "Ihr Guthaben reicht nicht aus" in html
    links = Links()
    links.feed(html)
    assert links.hrefs == [payment, payment, PRICING]
    assert [t.strip() for t in links.texts] == ["5\xa0$ aufladen", payment, "Preise ansehen"]
    # What arrived is what was rendered: the same bytes, whatever the transport added around.
    sent = msg.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert html == sent


def test_an_email_that_stands_alone_arrives_whole(smtp_server: tuple[Controller, Inbox]) -> None:
    """The sender, a greeting with the reader's name, the labelled link and the footer, through
    a real SMTP server; the name is data (escaped in HTML, one clean line in text)."""
    controller, inbox = smtp_server
    renderer = tactful.Renderer(
        recharge_url=TOP_UP,
        product_name="Acme Cloud",
        logo_url="https://billing.example.com/logo.png",
        alerts_url="https://billing.example.com/alerts",
    )
    body = (ROOT / "examples" / "payloads" / "problem-details.json").read_bytes()
    msg = renderer.render_email(body, locale="fr", recipient_name="Zoé <b>\r\nBcc: x@example.com")
    msg["From"] = "Acme Cloud <billing@example.com>"
    msg["To"] = "zoe@example.com"
    send(controller, msg)
    got = email.message_from_bytes(inbox.received[0]["data"], policy=email.policy.default)
    assert [p.get_content_type() for p in got.walk()][1:] == ["text/plain", "text/html"]
    assert got.get_all("Bcc") is None
    text = got.get_body(("plain",)).get_content().replace("\r\n", "\n")  # type: ignore[union-attr]
    assert text.startswith(
        "Bonjour Zoé <b> Bcc: x@example.com,\n\nSolde insuffisant\n\nUne requête"
    )
    assert "Vous recevez cet e-mail car il concerne votre compte Acme Cloud." in text
    assert "Modifier vos alertes par e-mail : https://billing.example.com/alerts" in text.replace(
        "\xa0", " "
    )
    html = got.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "<bdi>Zoé &lt;b&gt; Bcc: x@example.com</bdi>" in html
    assert '<img src="https://billing.example.com/logo.png"' in html and "Acme Cloud" in html
    assert "copiez ce lien dans votre navigateur" in html
    links = Links()
    links.feed(html)
    assert links.hrefs[-1] == "https://billing.example.com/alerts"
    assert oracles.html_problems(html, html) == []


def test_hostile_subjects_cannot_add_headers_or_recipients(
    smtp_server: tuple[Controller, Inbox],
) -> None:
    controller, inbox = smtp_server
    renderer = tactful.Renderer(recharge_url=RECHARGE)
    baseline = renderer.render_email(B1).as_bytes(policy=email.policy.SMTP)
    entries = [e for e in HOSTILE_INPUTS if e["category"] == "header_injection" and "input" in e]
    assert entries
    for entry in entries:
        for member in ("message", "code"):
            payload = {"error": {**B1["error"], member: entry["input"]}}
            msg = renderer.render_email(json.dumps(payload))
            msg["From"] = "billing@example.com"
            msg["To"] = "ana@example.com"
            send(controller, msg)
    assert len(inbox.received) == 2 * len(entries)
    for arrived in inbox.received:
        assert arrived["rcpt_tos"] == ["ana@example.com"]  # no Bcc or Cc became a recipient
        raw = arrived["data"]
        assert raw.count(b"\r\n.\r\n") == 0  # no lone dot line: no early end of data
        got = email.message_from_bytes(raw, policy=email.policy.default)
        assert {k.lower() for k in got} == {
            k.lower() for k in email.message_from_bytes(baseline)
        } | {
            "from",
            "to",
        }
        assert str(got["Subject"]) == "Your balance is too low"
        problems = oracles.email_problems(raw, raw)
        assert problems == []
