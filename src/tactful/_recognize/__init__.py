"""Stage 2: decide what happened, and with which numbers, from decoded data.

Recognition is table-driven and additive (the tables are in ``_rules``): provider codes,
phrases in English, Chinese and other languages providers answer in, statuses and hosts each
add evidence for a :class:`Kind`, with a weight; the strongest evidence wins. The HTTP status
alone never decides, because providers send out-of-credit as 400, 402, 403, 429 and even 500,
and some send 402 for limits that have nothing to do with money. Applications can put their
own recognizers ahead of the built-in ones.

The stage, module by module: ``evidence`` gathers what the decoded payload holds; ``prose``
joins its texts; ``classify`` decides the kind; ``amounts`` (with ``money``) reads the
figures and the wait; ``identify`` reads the provider (from the records, through
``providers``), request id, code, message and link to pay; ``gates`` is the prefilter that
skips the patterns a payload gives no chance. This module holds the entry points and the memo.

>>> recognize(decode('{"error":{"code":"INSUFFICIENT_BALANCE","message":"Top up."}}')).kind
<Kind.INSUFFICIENT_BALANCE: 'insufficient_balance'>
>>> n = recognize(decode("402 You requested up to 4096 tokens, but can only afford 4000."))
>>> n.kind.value, n.cost, n.balance, n.shortfall
('insufficient_balance', Money(amount=Decimal('4096'), unit='tokens'), \
Money(amount=Decimal('4000'), unit='tokens'), Money(amount=Decimal('96'), unit='tokens'))
>>> recognize(decode("429 Quota exceeded for requests per minute. Try again in 20s.")).kind
<Kind.RATE_LIMIT: 'rate_limit'>
>>> recognize(decode("用户额度不足, 剩余额度: ＄-0.50")).balance
Money(amount=Decimal('-0.5'), unit='USD')
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, NamedTuple

from .. import _memo
from .._decode import Decoded, decode
from .._model import Kind, Notice
from .amounts import read_amounts, retry_after
from .classify import classify
from .evidence import Evidence, gather
from .identify import (
    best_code,
    best_message,
    first_request_id,
    prose_request_id,
    provider_of,
    recharge_link,
    request_id_of,
)
from .money import difference
from .prose import PROSE, joined_prose, normalized, prose_codes

Recognizer = Callable[[Any, "int | None"], "Kind | Notice | None"]
"""An application's own recognizer: ``(decoded_data, http_status) -> Kind | Notice | None``.

Recognizers run before the built-in ones, in order. Return ``None`` to pass, a :class:`Kind`
to decide the kind (tactful still reads the numbers and links), or a whole :class:`Notice` to
take over. A recognizer that raises is logged and skipped.
"""

PROSE_GATES = PROSE
"""Every pattern recognition applies to prose (tools/gate_table.py reads them)."""
_LOG = logging.getLogger("tactful")


def parse(
    payload: Any,
    *,
    http_status: int | None = None,
    recognizers: Sequence[Recognizer] = (),
) -> Notice:
    """Read ``payload`` into a :class:`Notice`. Never raises for any payload."""
    return recognize(decode(payload, http_status=http_status), recognizers)


def recognize(decoded: Decoded, recognizers: Sequence[Recognizer] = ()) -> Notice:
    """Classify decoded data and extract its numbers and links; apps' recognizers go first.

    Without recognizers of the application's, what is read from a payload is remembered (see
    :mod:`tactful._memo`): the same body with another request id is read once.
    """
    if recognizers:
        return _recognize_with(decoded, recognizers)
    shape = _memo.shape_of(decoded.data, _shape_extra(decoded), decoded)
    if shape is None:
        evidence = gather(decoded)
        status = _status(decoded, evidence)
        return _build(decoded, evidence, status, request_id_of(decoded, evidence), decoded.data)
    found = (_remembered if shape.small else _remembered_large)(shape)
    shape.payload = None  # the memo keeps the key: not the payload it was made from
    notice = replace(
        found.notice,
        request_id=first_request_id(shape.ids, decoded, lambda: found.prose_request_id),
        raw=decoded.data,
    )
    return _memo.checked(notice, lambda: _recognize_with(decoded, ()), "recognition")


def _recognize_with(decoded: Decoded, recognizers: Sequence[Recognizer]) -> Notice:
    evidence = gather(decoded)
    status = _status(decoded, evidence)
    decided: Kind | None = None
    for recognizer in recognizers:
        try:
            verdict = recognizer(decoded.data, status)
        except Exception:  # an application's recognizer must not break the error path
            _LOG.warning("tactful: recognizer %r raised; skipped", recognizer, exc_info=True)
            continue
        if isinstance(verdict, Notice):
            return verdict
        if isinstance(verdict, Kind):
            decided = verdict
            break
    notice = _build(decoded, evidence, status, request_id_of(decoded, evidence), decoded.data)
    return replace(notice, kind=decided) if decided is not None else notice


class _Remembered(NamedTuple):
    """What the recognition memo holds for a payload shape: the notice without its request id
    and payload, and the request id its prose names (used when no member or header has one)."""

    notice: Notice
    prose_request_id: str | None


def _read_shape(shape: _memo.Shape) -> _Remembered:
    # Called on a miss only, with the payload the shape was made from.
    decoded: Decoded = shape.payload
    evidence = gather(decoded)
    # Neither the request id nor the payload: the memo fills both in on every call.
    notice = _build(decoded, evidence, _status(decoded, evidence), None, None)
    return _Remembered(notice, prose_request_id(evidence))


# Many small shapes, few large ones (see _memo.SMALL_SHAPE_CHARS).
_remembered = functools.lru_cache(maxsize=256)(_read_shape)
_remembered_large = functools.lru_cache(maxsize=8)(_read_shape)


_HEADERS_READ = ("retry-after", "retry-after-ms", "date")
"""The headers recognition reads besides request ids (those are read anew on every call)."""


def _shape_extra(decoded: Decoded) -> tuple[Any, ...]:
    """What recognition reads of ``decoded`` besides its data: see _memo.Shape."""
    return (
        decoded.http_status,
        decoded.text if decoded.salvaged else None,
        decoded.prose,
        bool(decoded.request_id),
        tuple(decoded.headers.get(name) for name in _HEADERS_READ),
    )


def _status(decoded: Decoded, ev: Evidence) -> int | None:
    return decoded.http_status or (ev.statuses[0] if ev.statuses else None)


def _build(
    decoded: Decoded, ev: Evidence, status: int | None, request_id: str | None, raw: Any
) -> Notice:
    prose = PROSE.scan(joined_prose(ev.texts))
    ev.prose_code_names = prose_codes(prose)
    ev.prose_codes = [normalized(name) for name in ev.prose_code_names]
    provider = provider_of(ev, prose)
    kind = classify(ev, prose, status, provider)
    amounts = read_amounts(ev, prose)
    balance, cost = amounts.get("balance"), amounts.get("cost")
    shortfall = amounts.get("shortfall") or difference(cost, balance)
    code = best_code(ev)
    return Notice(
        kind=kind,
        provider=provider,
        http_status=status,
        code=code,
        message=best_message(ev),
        balance=balance,
        cost=cost,
        shortfall=shortfall,
        limit=amounts.get("limit"),
        used=amounts.get("used"),
        retry_after=retry_after(decoded, ev, prose),
        recharge_url=recharge_link(ev, code),
        request_id=request_id,
        raw=raw,
    )
