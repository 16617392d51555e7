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
    """The kind the evidence speaks for most strongly; ``kinds.PRIORITY`` breaks ties."""
    scores = dict.fromkeys(_KINDS, 0)
    local_codes = providers.INDEX.numeric_codes(provider)
    for code in (*ev.codes, *ev.prose_codes):
        kind = CODE_KIND.get(code) or local_codes.get(code)
        if kind is not None:
            _add(scores, kind, kind_rules.HINT)
    for code in ev.reason_codes:  # the specific cause behind a label such as "Rate limited"
        kind = CODE_KIND.get(code) or local_codes.get(code)
        if kind is not None:
            _add(scores, kind, kind_rules.STRONG)
    _score_phrases(prose, scores)
    if ev.short_window and scores[Kind.QUOTA_EXHAUSTED]:
        _add(scores, Kind.RATE_LIMIT, scores[Kind.QUOTA_EXHAUSTED])
        scores[Kind.QUOTA_EXHAUSTED] = 0
    if scores[Kind.PAYMENT_DECLINED] and not kind_rules.CARD_HOLDER_CODES.isdisjoint(ev.codes):
        scores[Kind.INSUFFICIENT_BALANCE] = 0
    for known, leaning in kind_rules.STATUS_KINDS.items():
        if known == status or known in ev.statuses:
            _add(scores, leaning, kind_rules.WEAK)
    best = max(scores.values())
    if best == 0:
        return Kind.OTHER
    return next(kind for kind in kind_rules.PRIORITY if scores[kind] == best)


def _add(scores: dict[Kind, int], kind: Kind, weight: int) -> None:
    # Each kind keeps its strongest evidence, so the order evidence is added in does not matter.
    scores[kind] = max(scores[kind], weight)


def _score_phrases(prose: Scan, scores: dict[Kind, int]) -> None:
    """Add the evidence of the phrases in ``prose`` to ``scores``."""
    sentences = _Sentences(prose.text)
    for index in prose.enabled.intersection(_PHRASE_BY_GATE):
        kind, weight, pattern = _PHRASE_BY_GATE[index]
        for match in prose.finditer(pattern):
            if kind is Kind.BILLING_DISABLED and _LIMIT_UPSELL.search(sentences.of(match)):
                continue  # "add a payment method to increase your rate limit": advice
            if (
                kind is Kind.QUOTA_EXHAUSTED
                and prose.possible(_RATE_WINDOW)
                and _RATE_WINDOW.regex.search(sentences.of(match))
            ):
                # "Quota exceeded for ... requests per minute": a quota per minute is a rate.
                _add(scores, Kind.RATE_LIMIT, weight)
                continue
            _add(scores, kind, weight)
            break


class _Sentences:
    """The sentences (or lines) of a text, its breaks found once, and only for the few matches
    that need them."""

    __slots__ = ("_breaks", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._breaks: list[int] | None = None

    def of(self, match: re.Match[str]) -> str:
        """The sentence ``match`` stands in."""
        if self._breaks is None:
            self._breaks = [m.end() for m in _SENTENCE_BREAK.finditer(self._text)]
        breaks, text = self._breaks, self._text
        index = bisect.bisect_right(breaks, match.start())
        start = breaks[index - 1] if index else 0
        end = breaks[index] if index < len(breaks) else len(text)
        return text[start : max(end, match.end())]
