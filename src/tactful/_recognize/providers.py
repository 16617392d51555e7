"""Which provider sent a payload, read from the provider records of ``_rules.providers``.

The records are read generically and order-free: whatever order they are written in, the same
payload names the same provider. Where several records could name it, one explicit rule says
which: the most specific link host, the earliest (then longest) name in a text, the first code
in the payload.

>>> index = ProviderIndex([Provider("B", hosts=("b.com",)), Provider("A", hosts=("a.b.com",))], {})
>>> [index.of_link(url) for url in ("https://x.a.b.com/p", "https://b.com", "https://c.com")]
['A', 'B', None]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .._model import Kind
from .._rules.providers import PROVIDERS, Provider
from .gates import Gate, Scan
from .prose import PROSE


class ProviderIndex:
    """Provider records compiled for look-ups; ``word_gates`` holds each record's name pattern
    (registered with the prose gates) by provider name."""

    def __init__(self, records: Iterable[Provider], word_gates: Mapping[str, Gate]) -> None:
        records = sorted(records, key=lambda record: record.name)
        self._hosts: dict[str, dict[str, str]] = {}
        """Host -> {path prefix: provider}: a link's host and each parent domain look here."""
        self._codes: dict[str, str] = {}
        self._envelopes: dict[str, tuple[str, str]] = {}
        for record in records:
            for entry in record.hosts:
                host, _, path = entry.partition("/")
                _add_once(self._hosts.setdefault(host, {}), "/" + path, record.name, entry)
            for code in record.codes:
                _add_once(self._codes, code, record.name, code)
            for kind in record.envelope_types:
                _add_once(
                    self._envelopes, kind, (record.envelope_request_id_prefix, record.name), kind
                )
        self.generic = frozenset(record.name for record in records if record.generic)
        """Names that a more specific one, named elsewhere in the payload, replaces."""
        words = [(word_gates[record.name], record.name) for record in records if record.words]
        self.word_gates = {gate.index: (gate, name) for gate, name in words}
        """Gate index -> (the gate of a provider's name pattern, the provider)."""
        self._code_prefixes = tuple(
            (prefix, record.name) for record in records for prefix in record.code_prefixes
        )
        self._numeric = {record.name: dict(record.numeric_codes) for record in records}

    def of_link(self, url: str) -> str | None:
        """The provider of the most specific host entry that matches ``url``: the longest
        host (a parent domain is less specific), then the longest path prefix."""
        rest = url.split("://", 1)[-1]
        authority, _, path = rest.partition("/")
        host = authority.split("@")[-1].split(":")[0].lower()
        path = "/" + path
        labels = host.split(".")
        for start in range(len(labels)):
            prefixes = self._hosts.get(".".join(labels[start:]))
            if prefixes:
                matching = [prefix for prefix in prefixes if _under(path, prefix)]
                if matching:
                    return prefixes[max(matching, key=len)]
        return None

    def named_in(self, value: str) -> str | None:
        """The provider a text names (a member such as ``"provider_name"``)."""
        return _first_named(
            (gate.regex.search(value), name) for gate, name in self.word_gates.values()
        )

    def named_in_prose(self, prose: Scan) -> str | None:
        """The provider the payload's prose names, looking only at the names it can hold."""
        return _first_named(
            (prose.search(self.word_gates[index][0]), self.word_gates[index][1])
            for index in prose.enabled.intersection(self.word_gates)
        )

    def of_codes(self, codes: Iterable[str]) -> str | None:
        """The provider of the first of ``codes`` (normalized tokens) that only it sends."""
        return next((self._codes[code] for code in codes if code in self._codes), None)

    def of_code_prefix(self, raw_codes: Sequence[tuple[str, str]]) -> str | None:
        """The provider of the first code value, as written, that starts as only its do."""
        for _, value in raw_codes:
            for prefix, name in self._code_prefixes:
                if value.startswith(prefix):
                    return name
        return None

    def of_envelope(self, data: Mapping[str, Any]) -> str | None:
        """The provider whose envelope ``{"type": "error", "error": {"type": ...}}`` this is,
        with its own error type and its own request id if there is one."""
        inner = data.get("error")
        if data.get("type") != "error" or not isinstance(inner, Mapping):
            return None
        kind, request_id = inner.get("type"), data.get("request_id")
        if not isinstance(kind, str) or kind not in self._envelopes:
            return None
        prefix, name = self._envelopes[kind]
        if request_id is None or (isinstance(request_id, str) and request_id.startswith(prefix)):
            return name
        return None

    def numeric_codes(self, provider: str | None) -> Mapping[str, Kind]:
        """The business codes that mean a kind once ``provider`` is known."""
        return self._numeric.get(provider or "", {})


def _add_once(table: dict[str, Any], key: str, value: Any, entry: str) -> None:
    # Two records holding one entry would make the answer depend on their order.
    if key in table and table[key] != value:
        raise ValueError(f"two provider records hold {entry!r}")
    table[key] = value


def _first_named(found: Iterable[tuple[re.Match[str] | None, str]]) -> str | None:
    """The name whose match starts first, then is longest, then comes first by name."""
    ranked = [
        (match.start(), -len(match.group(0)), name) for match, name in found if match is not None
    ]
    return min(ranked)[2] if ranked else None


# Registered by name, so that the order the records are written in changes nothing.
WORD_GATES = {
    record.name: PROSE.add(record.words)
    for record in sorted(PROVIDERS, key=lambda record: record.name)
    if record.words
}
INDEX = ProviderIndex(PROVIDERS, WORD_GATES)
"""The shipped records, compiled. Read as ``providers.INDEX`` where used, so that a test can
put an index of the same records in another order in its place."""


def _under(path: str, prefix: str) -> bool:
    """Whether ``path`` (with its query) is ``prefix`` or below it: "/maps" holds "/maps/x" and
    "/maps?x", not "/mapsx"."""
    return path.startswith(prefix) and (
        prefix.endswith("/") or len(path) == len(prefix) or path[len(prefix)] in "/?#"
    )
