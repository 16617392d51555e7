"""The public API: its shape, the three base payload shapes, and the message in en/de/fr."""

from __future__ import annotations

import dataclasses
import json
import types
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from markupsafe import Markup

import tactful
from tactful import Kind, Money, Notice

from .conftest import B1, B2, B3, RECHARGE

PUBLIC_API = {
    "ConfigError",
    "ContentSettings",
    "Error",
    "FinishContext",
    "Format",
    "Kind",
    "LinkSettings",
    "LocaleChoice",
    "LocaleError",
    "LocaleSettings",
    "Money",
    "Notice",
    "OutputSettings",
    "PayloadError",
    "Recognizer",
    "Redaction",
    "Rendered",
    "Renderer",
    "SafeMessage",
    "SiteSettings",
    "TemplateError",
    "parse",
    "render",
    "stylesheet",
}


def test_all_is_exactly_the_public_api() -> None:
    assert set(tactful.__all__) == PUBLIC_API
    assert len(tactful.__all__) == len(PUBLIC_API)
    # Nothing public escapes __all__; subpackages (tactful.contrib) are imported explicitly.
    public_names = {
        name
        for name, value in vars(tactful).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert public_names == PUBLIC_API


def test_kind_values_are_exactly_the_documented_ones() -> None:
    assert [k.value for k in Kind] == [
        "insufficient_balance",
        "quota_exhausted",
        "billing_disabled",
        "payment_declined",
        "rate_limit",
        "other",
    ]


def test_error_tree_has_one_root() -> None:
    for name in ("PayloadError", "LocaleError", "TemplateError", "ConfigError"):
        assert issubclass(getattr(tactful, name), tactful.Error)
    assert issubclass(tactful.ConfigError, ValueError)


def test_notice_is_frozen() -> None:
    notice = tactful.parse(B1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        notice.kind = Kind.OTHER  # type: ignore[misc]


@pytest.mark.parametrize("as_type", [dict, str, bytes])
def test_parse_accepts_mapping_str_and_bytes(as_type: type) -> None:
    payload = {dict: B1, str: json.dumps(B1), bytes: json.dumps(B1).encode()}[as_type]
    notice = tactful.parse(payload)
    assert notice.kind is Kind.INSUFFICIENT_BALANCE
    assert notice.code == "INSUFFICIENT_BALANCE"
    assert notice.message == "Your balance is too low."


def test_parse_jina_shape_reads_status_and_amount() -> None:
    notice = tactful.parse(B2)
    assert notice.kind is Kind.INSUFFICIENT_BALANCE
    assert notice.http_status == 402
    assert notice.code == "InsufficientBalanceError"
    assert notice.shortfall == Money(Decimal("5"), "credits")


def test_parse_problem_details_reads_balance_and_cost() -> None:
    notice = tactful.parse(B3)
    assert notice.kind is Kind.INSUFFICIENT_BALANCE
    assert notice.http_status == 403
    assert notice.balance == Money(Decimal("30"))
    assert notice.cost == Money(Decimal("50"))
    assert notice.shortfall == Money(Decimal("20"))
    assert isinstance(notice.balance.amount, Decimal)


def test_parse_accepts_a_list_holding_the_error() -> None:
    assert tactful.parse([B1]).kind is Kind.INSUFFICIENT_BALANCE


def test_module_render_returns_markup_for_html_and_str_for_text() -> None:
    html = tactful.render(B1)
    text = tactful.render(B1, format="text")
    assert isinstance(html, Markup)
    assert type(text) is str


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str | None]] = []
        self.root: dict[str, str | None] | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.root is None:
            self.root = {"tag": tag, **dict(attrs)}
        if tag == "a":
            self.links.append(dict(attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    parser.close()
    return parser


# Title, mirror start, label start and call to action, per locale, for B3 (no currency).
EXPECTED = {
    "en": (
        "Your balance is too low",
        "The cost of this request is 50, and your balance is 30.",
        "Nothing was charged",
        "Add credit",
    ),
    "de": (
        "Ihr Guthaben reicht nicht aus",
        "Diese Anfrage kostet 50, Ihr Guthaben beträgt 30.",
        "Es wurde nichts berechnet",
        "Guthaben aufladen",
    ),
    "fr": (
        "Solde insuffisant",
        "Cette requête coûte 50 et votre solde est de 30.",
        "Rien n’a été facturé",
        "Ajouter du crédit",
    ),
}


@pytest.mark.parametrize("locale", sorted(EXPECTED))
@pytest.mark.parametrize("payload", [B1, B2, B3], ids=["B1", "B2", "B3"])
def test_html_has_one_root_one_call_to_action_and_the_copy(payload: object, locale: str) -> None:
    title, _, label, action = EXPECTED[locale]
    html = tactful.render(payload, locale=locale, recharge_url=RECHARGE)
    parsed = parse_html(html)
    assert parsed.root is not None
    assert parsed.root["tag"] == "section"
    assert "tactful" in (parsed.root["class"] or "").split()
    assert parsed.root["lang"] == locale
    assert parsed.root["dir"] == "ltr"
    assert [link["href"] for link in parsed.links] == [RECHARGE]
    assert parsed.links[0]["class"] == "tactful__button"
    text = "".join(parsed.text)
    for part in (title, label, action):
        assert part in text
    assert "<script" not in html


@pytest.mark.parametrize("locale", sorted(EXPECTED))
def test_text_mirrors_the_real_numbers(locale: str) -> None:
    title, mirror, label, action = EXPECTED[locale]
    text = tactful.render(B3, format="text", locale=locale, recharge_url=RECHARGE)
    flat = " ".join(text.split())
    assert text.splitlines()[0] == title
    assert mirror in flat
    assert label in flat
    assert action in flat and RECHARGE in text


def test_text_is_wrapped_at_72_columns_and_keeps_the_full_url() -> None:
    long_url = RECHARGE + "/" + "x" * 90
    text = tactful.render(B3, format="text", recharge_url=long_url)
    assert long_url in text.splitlines()
    assert all(len(line) <= 72 for line in text.splitlines() if long_url not in line)


def test_recharge_url_is_filled_with_a_rounded_top_up() -> None:
    payload = {
        "title": "Insufficient credit",
        "detail": "Your balance is $0.12, but that costs $4.50.",
    }
    renderer = tactful.Renderer(
        recharge_url="https://billing.example.com/pay?amount={amount}&currency={currency}"
        "&back={return_to}"
    )
    html = renderer.render(payload, return_to="https://app.example.com/chat?id=7")
    link = parse_html(html).links[0]
    assert link["href"] == (
        "https://billing.example.com/pay?amount=5&currency=USD"
        "&back=https%3A%2F%2Fapp.example.com%2Fchat%3Fid%3D7"
    )
    assert "Top up $5" in "".join(parse_html(html).text)


def test_pricing_link_is_secondary_and_only_when_configured(renderer: tactful.Renderer) -> None:
    assert len(parse_html(renderer.render(B1)).links) == 1
    with_pricing = tactful.Renderer(
        recharge_url=RECHARGE, pricing_url="https://billing.example.com/pricing"
    )
    links = parse_html(with_pricing.render(B1)).links
    assert [link["class"] for link in links] == ["tactful__button", "tactful__secondary"]


def test_rate_limit_gets_wait_copy_and_no_recharge_action() -> None:
    payload = "429 Rate limit reached. Please try again in 50.5s"
    html = tactful.render(payload, recharge_url=RECHARGE)
    assert parse_html(html).links == []
    text = tactful.render(payload, format="text", recharge_url=RECHARGE)
    assert "Wait 51 seconds and try again." in text
    assert RECHARGE not in text


def flat(text: str) -> str:
    return " ".join(text.split())


def test_label_can_be_switched_off(renderer: tactful.Renderer) -> None:
    quiet = tactful.Renderer(recharge_url=RECHARGE, show_label=False)
    assert "Nothing was charged" in flat(renderer.render(B1, format="text"))
    assert "Nothing was charged" not in flat(quiet.render(B1, format="text"))


def test_why_is_off_by_default_and_can_be_switched_on(renderer: tactful.Renderer) -> None:
    assert "predictable" not in renderer.render(B1, format="text")
    chatty = tactful.Renderer(recharge_url=RECHARGE, show_why=True)
    assert "Limits like this keep spending predictable" in flat(chatty.render(B1, format="text"))


def test_provider_message_is_shown_as_escaped_detail() -> None:
    payload = {"error": {"code": "INSUFFICIENT_BALANCE", "message": "<b>Pay</b> & go"}}
    html = tactful.render(payload)
    assert "&lt;b&gt;Pay&lt;/b&gt; &amp; go" in html
    assert "<details" in html and "<summary>Details</summary>" in html


def test_notice_can_be_rendered_directly() -> None:
    notice = Notice(kind=Kind.QUOTA_EXHAUSTED, limit=Money(Decimal("10000"), "characters"))
    text = flat(tactful.render(notice, format="text", recharge_url=RECHARGE))
    assert "You reached your usage limit" in text
    assert "You have reached your usage limit (10,000 characters)." in text
    assert "Raise your limit: " + RECHARGE in text


def test_stylesheet_is_shipped() -> None:
    css = tactful.stylesheet()
    assert ".tactful__button" in css and "focus-visible" in css


def test_replace_keeps_every_other_setting_and_checks_the_changed_ones() -> None:
    hosts = (host for host in ["billing.example.com", "pay.example.com"])  # read once
    renderer = tactful.Renderer(
        recharge_url="https://billing.example.com/top-up",
        allowed_hosts=hosts,
        show_details=False,
        default_locale="de",
    )
    page = renderer.replace(heading_level=1)
    assert (page.heading_level, renderer.heading_level) == (1, 2)
    allowed = frozenset({"billing.example.com", "pay.example.com"})
    assert page.allowed_hosts == renderer.allowed_hosts == allowed
    body = b'{"error":{"code":"INSUFFICIENT_BALANCE"}}'
    assert "<h1" in page.render(body) and "<h2" in renderer.render(body)
    assert page.render(body, format="text") == renderer.render(body, format="text")
    with pytest.raises(tactful.ConfigError):
        renderer.replace(currency="dollars")
    with pytest.raises(tactful.ConfigError):
        renderer.replace(strict=True, recharge_url="http://billing.example.com/top-up")
    with pytest.raises(TypeError):
        renderer.replace(colour=True)


# ---- settings as objects -------------------------------------------------------------------

_TOP_UP = "https://billing.example.com/top-up?amount={amount}"
_FLAT: dict[str, object] = {
    "recharge_url": _TOP_UP,
    "pricing_url": "https://billing.example.com/pricing",
    "allowed_hosts": ["Billing.Example.com"],
    "problem_type": "https://billing.example.com/problems/{kind}",
    "default_locale": "de",
    "locale_fallbacks": {"ca": ["es"]},
    "currency": "EUR",
    "default_top_up": "10",
    "show_why": True,
    "show_ids": False,
    "unreadable_kind": Kind.OTHER,
    "heading_level": 3,
    "text_width": 60,
    "color": False,
    "hyperlinks": False,
    "bidi_isolates": False,
    "digits": "latin",
}
_GROUPED = {
    "links": tactful.LinkSettings(
        recharge_url=_TOP_UP,
        pricing_url="https://billing.example.com/pricing",
        allowed_hosts=("billing.example.com",),
        problem_type="https://billing.example.com/problems/{kind}",
    ),
    "locales": tactful.LocaleSettings(default_locale="de", locale_fallbacks={"ca": ("es",)}),
    "content": tactful.ContentSettings(
        currency="EUR",
        default_top_up=Decimal("10"),
        show_why=True,
        show_ids=False,
        unreadable_kind=Kind.OTHER,
        digits="latin",
    ),
    "output": tactful.OutputSettings(
        heading_level=3, text_width=60, color=False, hyperlinks=False, bidi_isolates=False
    ),
}


def test_flat_and_grouped_settings_give_equal_renderers() -> None:
    flat = tactful.Renderer(**_FLAT)  # type: ignore[arg-type]
    grouped = tactful.Renderer(**_GROUPED)  # type: ignore[arg-type]
    assert flat == grouped and hash(flat) == hash(grouped)
    assert flat.links == _GROUPED["links"] and grouped.output.text_width == 60
    assert flat.render(B3, format="problem") == grouped.render(B3, format="problem")
    assert flat != tactful.Renderer() and flat != grouped.replace(strict=True)
    # Mixed: some groups, and flat settings of the other groups.
    mixed = tactful.Renderer(links=_GROUPED["links"], heading_level=3)  # type: ignore[arg-type]
    link_settings = {name: _FLAT[name] for name in _LINK_SETTINGS}
    assert mixed == tactful.Renderer(**link_settings, heading_level=3)  # type: ignore[arg-type]


_LINK_SETTINGS = ("recharge_url", "pricing_url", "allowed_hosts", "problem_type")


@pytest.mark.parametrize("group", ["links", "locales", "content", "output"])
def test_a_setting_given_both_ways_is_refused(group: str) -> None:
    one = next(f.name for f in dataclasses.fields(_GROUPED[group]))
    with pytest.raises(tactful.ConfigError, match=f"{one} given both"):
        tactful.Renderer(**{group: _GROUPED[group], one: _FLAT.get(one)})  # type: ignore[arg-type]
    with pytest.raises(tactful.ConfigError, match=f"{one} given both"):
        tactful.Renderer().replace(**{group: _GROUPED[group], one: _FLAT.get(one)})


def test_settings_mistakes_are_refused_loudly() -> None:
    with pytest.raises(TypeError, match="no_such_setting"):
        tactful.Renderer(no_such_setting=1)  # type: ignore[call-arg]
    with pytest.raises(tactful.ConfigError, match="links= must be a LinkSettings"):
        tactful.Renderer(links={"recharge_url": _TOP_UP})  # type: ignore[arg-type]
    with pytest.raises(tactful.ConfigError, match="heading_level"):
        tactful.Renderer(output=tactful.OutputSettings(heading_level=7))


def test_replace_takes_single_settings_and_groups() -> None:
    renderer = tactful.Renderer(**_GROUPED)  # type: ignore[arg-type]
    wider = renderer.replace(text_width=80)
    assert wider.output == dataclasses.replace(_GROUPED["output"], text_width=80)
    assert wider.links == renderer.links and renderer.text_width == 60
    plain = renderer.replace(content=tactful.ContentSettings())
    assert plain.content == tactful.ContentSettings() and plain.locales == renderer.locales
    assert renderer.replace() == renderer


def test_renderer_settings_are_read_only() -> None:
    renderer = tactful.Renderer(recharge_url=_TOP_UP)
    for name in ("heading_level", "strict", "allowed_hosts", "formats", "links", "_options"):
        with pytest.raises(AttributeError):
            setattr(renderer, name, None)
    with pytest.raises(AttributeError):
        del renderer.strict
    with pytest.raises(dataclasses.FrozenInstanceError):
        renderer.links.recharge_url = None  # type: ignore[misc]


def test_every_setting_is_in_the_renderer_docstring() -> None:
    from tactful._render.settings import FlatSettings

    doc = tactful.Renderer.__doc__ or ""
    names = [*FlatSettings.__annotations__, "recognizers", "strict", "on_error"]
    missing = [
        name
        for name in [*names, "links=", "locales=", "content=", "output="]
        if f"``{name}" not in doc
    ]
    assert not missing


def test_module_render_takes_settings_groups_too() -> None:
    links = tactful.LinkSettings(recharge_url=RECHARGE)
    assert RECHARGE in tactful.render(B3, format="text", links=links)
    assert tactful.render(B3, format="text", links=links) == tactful.render(
        B3, format="text", recharge_url=RECHARGE
    )
    with pytest.raises(tactful.ConfigError, match="given both"):
        tactful.render(B3, links=links, recharge_url=RECHARGE)


@pytest.mark.parametrize(
    ("setting", "why"),
    [
        ({"allowed_hosts": "billing.example.com"}, "allowed_hosts must be a list"),
        ({"template_dirs": "templates"}, "template_dirs must be a list"),
        ({"locale_fallbacks": {"ca": "es"}}, "must be a list"),
        ({"locale_fallbacks": ["ca"]}, "must map a language"),
        ({"heading_level": 2.5}, "heading_level"),
        ({"heading_level": "2"}, "heading_level"),
        ({"heading_level": True}, "heading_level"),
        ({"text_width": 0}, "text_width"),
        ({"text_width": "wide"}, "text_width"),
        ({"default_top_up": "abc"}, "default_top_up"),
        ({"default_top_up": "NaN"}, "default_top_up"),
        ({"default_top_up": "-5"}, "default_top_up"),
        ({"default_top_up": "1e30"}, "default_top_up"),
        ({"unreadable_kind": "nope"}, "unreadable_kind"),
    ],
)
def test_a_setting_of_the_wrong_kind_is_a_config_error(setting: dict[str, Any], why: str) -> None:
    # Given flat or grouped, a mistake is refused where it is made, never coerced into nonsense
    # (a host name read as its letters) or left to fail every render.
    with pytest.raises(tactful.ConfigError, match=why):
        tactful.Renderer(**setting)
