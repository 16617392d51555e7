"""Which :class:`Kind` the evidence speaks for: each kind keeps its strongest evidence, the
strongest kind wins, and ``kinds.PRIORITY`` breaks ties."""

from __future__ import annotations

import bisect
import re

from .._model import Kind
from .._rules import kinds as kind_rules
from .._rules import phrases as phrase_rules
from . import providers
from .evidence import Evidence
from .gates import Scan
from .prose import CODE_KIND, PROSE

_KINDS = tuple(Kind)  # iterating the enum itself costs a microsecond each time
_PHRASES = tuple(
    (kind, weight, PROSE.add(pattern, re.IGNORECASE))
    for kind, entries in phrase_rules.PHRASES.items()
    for weight, pattern in entries
)
_PHRASE_BY_GATE = {gate.index: (kind, weight, gate) for kind, weight, gate in _PHRASES}
_RATE_WINDOW = PROSE.add(phrase_rules.RATE_WINDOW, re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"(?<=[.!?。！？])\s+|\n")
_LIMIT_UPSELL = re.compile(phrase_rules.LIMIT_UPSELL, re.IGNORECASE)


def classify(ev: Evidence, prose: Scan, status: int | None, provider: str | None) -> Kind:
    scores = dict.fromkeys(_KINDS, 0)

    def add(kind: Kind, weight: int) -> None:
        scores[kind] = max(scores[kind], weight)

    local_codes = providers.INDEX.numeric_codes(provider)
    for code in (*ev.codes, *ev.prose_codes):
        kind = CODE_KIND.get(code) or local_codes.get(code)
        if kind is not None:
            add(kind, kind_rules.HINT)
    breaks: list[int] | None = None

    def sentence(match: re.Match[str]) -> str:
        nonlocal breaks
        if breaks is None:  # found once, and only for the few matches that need them
            breaks = [m.end() for m in _SENTENCE_BREAK.finditer(prose.text)]
        return _sentence(prose.text, breaks, match)

    # Each kind keeps its strongest evidence, so the order the phrases run in does not matter.
    for index in prose.enabled.intersection(_PHRASE_BY_GATE):
        kind, weight, pattern = _PHRASE_BY_GATE[index]
        for match in prose.finditer(pattern):
            if kind is Kind.BILLING_DISABLED and _LIMIT_UPSELL.search(sentence(match)):
                continue  # "add a payment method to increase your rate limit": advice
            if (
                kind is Kind.QUOTA_EXHAUSTED
                and prose.possible(_RATE_WINDOW)
                and _RATE_WINDOW.regex.search(sentence(match))
            ):
                # "Quota exceeded for ... requests per minute": a quota per minute is a rate.
                add(Kind.RATE_LIMIT, weight)
                continue
            add(kind, weight)
            break
    if ev.short_window and scores[Kind.QUOTA_EXHAUSTED]:
        add(Kind.RATE_LIMIT, scores[Kind.QUOTA_EXHAUSTED])
        scores[Kind.QUOTA_EXHAUSTED] = 0
    if scores[Kind.PAYMENT_DECLINED] and not kind_rules.CARD_HOLDER_CODES.isdisjoint(ev.codes):
        scores[Kind.INSUFFICIENT_BALANCE] = 0
    for known, leaning in kind_rules.STATUS_KINDS.items():
        if known == status or known in ev.statuses:
            add(leaning, kind_rules.WEAK)
    best = max(scores.values())
    if best == 0:
        return Kind.OTHER
    return next(kind for kind in kind_rules.PRIORITY if scores[kind] == best)


def _sentence(prose: str, breaks: list[int], match: re.Match[str]) -> str:
    """The sentence (or line) a match stands in."""
    index = bisect.bisect_right(breaks, match.start())
    start = breaks[index - 1] if index else 0
    end = breaks[index] if index < len(breaks) else len(prose)
    return prose[start : max(end, match.end())]
