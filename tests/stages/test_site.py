"""The site= settings group and what it changes: the snippet's theme and role, an email that
stands alone (sender, greeting, copy for a message read later, labelled link, footer)."""

from __future__ import annotations

from decimal import Decimal

import pytest

import tactful
from tactful import Money, Renderer
from tactful._render.site import SiteSettings

from ..conftest import B1

RECHARGE = "https://billing.example.com/top-up?amount={amount}&currency={currency}"
RATE_LIMIT = b'{"error":{"code":"rate_limit_exceeded","message":"Rate limit reached"}}'


def _email_text(message: object) -> str:
    return message.get_body(("plain",)).get_content()  # type: ignore[attr-defined,no-any-return]


def _email_html(message: object) -> str:
    return message.get_body(("html",)).get_content()  # type: ignore[attr-defined,no-any-return]


@pytest.mark.parametrize(
    ("settings", "match"),
    [
        ({"theme": "blue"}, "theme must be one of"),
        ({"product_name": "  "}, "product_name must be"),
        ({"product_name": "x" * 81}, "product_name must be"),
        ({"product_name": 7}, "product_name must be a string"),
        ({"greeting": "yes"}, "greeting must be True or False"),
        ({"return_to": "//evil.example/"}, "return_to must be a path"),
        ({"return_to": "javascript:alert(1)"}, "return_to must be a path"),
        ({"return_to": "https://evil.example/"}, "return_to must be an https URL on an allowed"),
        ({"logo_url": "https://cdn.example.net/logo.png"}, "logo_url must be an https URL"),
        ({"logo_url": "http://billing.example.com/logo.png"}, "logo_url must be an https URL"),
        ({"alerts_url": "https://evil.example/alerts"}, "alerts_url must be an https URL"),
    ],
)
def test_a_site_setting_mistake_is_a_config_error_at_construction(
    settings: dict[str, object], match: str
) -> None:
    with pytest.raises(tactful.ConfigError, match=match):
        Renderer(recharge_url=RECHARGE, **settings)  # type: ignore[arg-type]


def test_site_settings_as_a_group_or_keywords() -> None:
    flat = Renderer(recharge_url=RECHARGE, product_name="Acme", theme="dark", return_to="/app")
    grouped = Renderer(
        recharge_url=RECHARGE,
        site=tactful.SiteSettings(product_name="Acme", theme="dark", return_to="/app"),
    )
    assert flat == grouped and flat.site.theme == "dark"
    with pytest.raises(tactful.ConfigError, match="given both"):
        Renderer(site=SiteSettings(), theme="dark")
    assert flat.replace(theme="light").site.product_name == "Acme"


def test_theme_and_role_in_the_snippet() -> None:
    host = str(Renderer(recharge_url=RECHARGE).render(B1))
    assert "data-tactful-theme" not in host and 'role="alert"' in host
    dark = str(Renderer(recharge_url=RECHARGE, theme="dark").render(B1))
    assert 'data-tactful-theme="dark"' in dark
    warning = str(Renderer(recharge_url=RECHARGE).render_low_balance(Money(Decimal("3.2"), "USD")))
    assert 'role="status"' in warning and "tactful--low_balance" in warning
    assert '<b class="tactful__figure">$3.20</b>' in warning


def test_an_email_is_written_for_a_message_read_later() -> None:
    renderer = Renderer(recharge_url=RECHARGE)
    for body, status in ((B1, 402), (b"{}", 500)):
        text = _email_text(renderer.render_email(body, http_status=status)).lower()
        assert "this request" not in text and "pick up where you left off" not in text
    in_app = renderer.render(B1, format="text")
    assert "this request" in in_app  # the in-app message keeps its own copy
    # A rate limit's wait is stale by the time an email is read.
    limited = _email_text(renderer.render_email(RATE_LIMIT, http_status=429))
    assert "Wait" not in limited and "Too many requests in a short time" in limited


def test_an_email_names_its_sender_greets_and_says_why_it_was_sent() -> None:
    plain = _email_html(Renderer(recharge_url=RECHARGE).render_email(B1))
    assert "Hello" not in plain and "<img" not in plain
    assert "You are receiving this email because it is about your account." in plain
    assert "If the button does not work, copy this link into your browser:" in plain
    renderer = Renderer(
        recharge_url=RECHARGE,
        product_name="Acme",
        greeting=True,
        logo_url="https://billing.example.com/logo.png",
        alerts_url="https://billing.example.com/alerts",
    )
    html = _email_html(renderer.render_email(B1))
    assert "Hello," in html and 'alt="Acme"' in html and "your Acme account" in html
    assert '<a class="tf-link" href="https://billing.example.com/alerts"' in html
    named = renderer.render_email(B1, locale="de", recipient_name="<Ada>\u202e")
    assert "Hallo <Ada>," in _email_text(named)
    assert "Hallo <bdi>&lt;Ada&gt;</bdi>," in _email_html(named)
    warning = renderer.render_low_balance_email(Money(Decimal("3.2"), "USD"), recipient_name="Ada")
    assert _email_text(warning).startswith("Hello Ada,\n\nYour balance is running low")


def test_the_envelope_follows_the_locale_and_never_raises_on_a_catalog() -> None:
    renderer = Renderer(product_name="Acme")
    german = renderer.envelope(renderer.negotiate(locale="de"))
    assert str(german.back) == "Zurück zu Acme" and german.greeting is None
    assert str(Renderer().envelope(renderer.negotiate(locale="ja")).back) == "戻る"
