"""The problem+json channel: an RFC 9457 problem details document, for API clients."""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from babel.numbers import get_currency_precision

from .._model import Money
from .base import TEXT_UNSAFE_OR_INVISIBLE, FinishContext, Format, SafeMessage


def money_json(money: Money) -> dict[str, str] | None:
    """An amount as JSON data: the exact decimal as a string (never a float), and its unit.

    >>> money_json(Money(Decimal("4.5"), "USD")), money_json(Money(Decimal("1E+3"), "tokens"))
    ({'amount': '4.50', 'currency': 'USD'}, {'amount': '1000', 'unit': 'tokens'})
    """
    amount = money.amount
    if not amount.is_finite() or amount.adjusted() >= 30:
        return None
    if amount.is_zero():
        amount = amount.copy_abs()  # no "-0"
    if money.is_currency:
        # At least the currency's minor units, as people write it ("4.50", not "4.5").
        places = get_currency_precision(str(money.unit))
        if amount.as_tuple().exponent > -places:  # type: ignore[operator]
            amount = amount.quantize(Decimal(1).scaleb(-places))
    out = {"amount": format(amount, "f")}
    if money.is_currency:
        out["currency"] = str(money.unit)
    elif money.unit:
        out["unit"] = money.unit
    return out


def link_json(rel: str, href: str, title: str | None = None) -> dict[str, str]:
    """A link as JSON data: its relation (``payment``, ``help``), its address, its label.

    >>> link_json("payment", "https://billing.example.com/top-up")
    {'rel': 'payment', 'href': 'https://billing.example.com/top-up'}
    """
    link = {"rel": rel, "href": href}
    if title is not None:
        link["title"] = title
    return link


def finish_problem(_rendered: str, job: FinishContext) -> str:
    """An RFC 9457 problem details document, from the same words as every other channel.

    ``title`` and ``detail`` are localized; ``status`` is advisory; amounts are extension
    members (``balance``, ``cost``...: exact decimals with their currency); ``links`` holds the
    call to action (``rel`` ``payment``) and the pricing page (``rel`` ``help``).
    """
    p = job.presentation
    doc: dict[str, Any] = {}
    if job.problem_type:
        doc["type"] = job.problem_type.replace("{kind}", p.kind)
    doc["title"] = p.title
    if job.status is not None:
        doc["status"] = job.status
    doc["detail"] = p.gap.join(str(part) for part in (p.mirror, p.label, p.why, p.wait) if part)
    doc["kind"] = p.kind
    for name, money in job.amounts.items():
        value = money_json(money)
        if value is not None:
            doc[name] = value
    links = []
    if p.action is not None:
        links.append(link_json("payment", p.action.url, str(p.action.label)))
    if p.secondary is not None:
        links.append(link_json("help", p.secondary.url, str(p.secondary.label)))
    if links:
        doc["links"] = links
    return json_text(doc)


def _json_clean(value: Any) -> Any:
    if isinstance(value, str):
        return TEXT_UNSAFE_OR_INVISIBLE.sub("", value)
    if isinstance(value, dict):
        return {key: _json_clean(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_clean(item) for item in value]
    return value


_JSON_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def json_text(doc: Mapping[str, Any]) -> str:
    r"""JSON that is also safe inside an HTML ``<script>`` and a JavaScript string.

    >>> print(json_text({"title": "</script>"}), end="")
    {
      "title": "\u003c/script\u003e"
    }
    """
    text = json.dumps(_json_clean(dict(doc)), ensure_ascii=False, indent=2)
    for raw, escaped in _JSON_ESCAPES:
        text = text.replace(raw, escaped)
    return text + "\n"


def fallback(message: SafeMessage) -> str:
    """The safe built-in message as a problem details document."""
    doc: dict[str, Any] = {
        "title": message.title,
        "status": message.status,
        "detail": message.mirror,
    }
    if message.url:
        doc["links"] = [link_json("payment", message.url, message.action_label)]
    return json_text(doc)


PROBLEM = Format(None, "application/problem+json", finish_problem, fallback)
