"""Configuration is checked where it is given, and links carry only what is known."""

from __future__ import annotations

import json
import logging
import traceback
from decimal import Decimal
from pathlib import Path

import pytest

import tactful
from tactful import Money

from .conftest import B1

TOP_UP = "https://billing.example.com/top-up?amount={amount}&currency={currency}"


@pytest.mark.parametrize(
    ("settings", "said"),
    [
        ({"recharge_url": "http://billing.example.com/top-up"}, "https URL, not http"),
        ({"recharge_url": "billing.example.com/top-up"}, "not one without a scheme"),
        ({"recharge_url": "javascript:alert(1)"}, "https URL, not javascript"),
        ({"recharge_url": "https://ana:pw@billing.example.com/"}, "user name or password"),
        ({"recharge_url": "https://billing.example.com/?amount={amont}"}, "placeholder {amont}"),
        ({"recharge_url": "https://billing.example.com/?amount={}"}, "placeholder {}"),
        (
            {"recharge_url": "https://pay.example.com/", "allowed_hosts": ["billing.example.com"]},
            "pay.example.com, which is not among allowed_hosts",
        ),
        ({"pricing_url": "http://billing.example.com/pricing"}, "pricing_url must be an https"),
        ({"pricing_url": "https://billing.example.com/p?a={amount}"}, "pricing_url has an unknown"),
        ({"problem_type": "http://api.example.com/{kind}"}, "problem_type must be an https"),
        ({"problem_type": "https://api.example.com/{knd}"}, "placeholder {knd}"),
        ({"problem_type": "https://u@api.example.com/{kind}"}, "user name or password"),
        ({"template_dirs": ["/no/such/templates"]}, "'/no/such/templates' does not exist"),
    ],
)
@pytest.mark.parametrize("strict", [False, True])
def test_a_configuration_mistake_is_a_config_error_in_every_mode(
    settings: dict[str, object], said: str, strict: bool
) -> None:
    with pytest.raises(tactful.ConfigError) as raised:
        tactful.Renderer(strict=strict, **settings)  # type: ignore[arg-type]
    assert said in str(raised.value)
    # The grouped form is checked the same way, when the Renderer is made.
    group = "output" if "template_dirs" in settings else "links"
    record = {"links": tactful.LinkSettings, "output": tactful.OutputSettings}[group]
    grouped = record(**settings)
    with pytest.raises(tactful.ConfigError):
        tactful.Renderer(**{group: grouped})  # type: ignore[arg-type]


def test_the_error_shows_its_public_name_never_a_private_path() -> None:
    with pytest.raises(tactful.ConfigError) as raised:
        tactful.Renderer(recharge_url="http://billing.example.com/")
    shown = "".join(traceback.format_exception(raised.value))
    assert "tactful.ConfigError: recharge_url must be an https URL" in shown
    assert "_errors" not in shown
    for error in (tactful.Error, tactful.PayloadError, tactful.LocaleError, tactful.TemplateError):
        assert f"{error.__module__}.{error.__qualname__}" == f"tactful.{error.__name__}"


def test_a_good_configuration_is_kept_as_given(tmp_path: Path) -> None:
    renderer = tactful.Renderer(
        recharge_url=TOP_UP + "&back={return_to}",
        pricing_url="https://billing.example.com/pricing",
        problem_type="https://api.example.com/problems/{kind}",
        template_dirs=[tmp_path],
    )
    assert renderer.links.recharge_url == TOP_UP + "&back={return_to}"
    assert renderer.problem_type == "https://api.example.com/problems/{kind}"


def test_a_link_given_for_one_render_is_refused_without_raising(
    caplog: pytest.LogCaptureFixture,
) -> None:
    renderer = tactful.Renderer(recharge_url="https://billing.example.com/top-up")
    with caplog.at_level(logging.ERROR, logger="tactful"):
        text = renderer.render(B1, format="text", recharge_url="https://billing.example.com/{x}")
    assert "Add credit: https://billing.example.com/top-up\n" in text  # the configured one
    assert any("unknown placeholder {x}" in r.getMessage() for r in caplog.records)
    with pytest.raises(tactful.ConfigError):
        renderer.replace(strict=True).render(B1, recharge_url="http://billing.example.com/")


# ---- links carry only what is known ----------------------------------------------------------


def test_a_placeholder_without_a_value_leaves_its_query_parameter_out() -> None:
    renderer = tactful.Renderer(recharge_url=TOP_UP)
    result = renderer.render_result(B1, format="problem")
    assert result.action_url == "https://billing.example.com/top-up"
    assert result.headers()["Link"] == '<https://billing.example.com/top-up>; rel="payment"'
    assert json.loads(result.body)["links"][0]["href"] == "https://billing.example.com/top-up"
    for format in ("html", "text", "terminal", "markdown"):
        assert "amount=" not in renderer.render(B1, format=format)
    email = renderer.render_email(B1)
    assert all("amount=" not in part.get_content() for part in email.iter_parts())


def test_the_currency_is_filled_whenever_it_is_known() -> None:
    renderer = tactful.Renderer(recharge_url=TOP_UP)
    # A balance in dollars, no cost: no top-up to suggest, but the currency is known.
    body = {"error": {"code": "INSUFFICIENT_BALANCE", "balance": "0.12", "currency": "USD"}}
    notice = renderer.parse(body)
    assert notice.balance == Money(Decimal("0.12"), "USD") and notice.shortfall is None
    result = renderer.render_result(body, format="text")
    assert result.action_url == "https://billing.example.com/top-up?currency=USD"
    warning = renderer.render_low_balance(
        Money(Decimal("3.20"), "EUR"), threshold=Money(Decimal("5"), "EUR"), format="text"
    )
    assert "https://billing.example.com/top-up?currency=EUR\n" in warning
    # With a shortfall, both are known.
    shortfall = renderer.render_result(
        {
            "error": {"code": "INSUFFICIENT_BALANCE"},
            "balance": "0.12",
            "cost": "4.50",
            "currency": "USD",
        },
        format="text",
    )
    assert shortfall.action_url == "https://billing.example.com/top-up?amount=5&currency=USD"


def test_the_safe_fallback_leaves_unknown_parameters_out_too() -> None:
    broken = tactful.Renderer(recharge_url=TOP_UP, template_dirs=[], on_error=lambda _e: None)
    result = broken.render_result(B1, format="text", template="missing.txt")
    assert result.fallback and result.action_url == "https://billing.example.com/top-up"
