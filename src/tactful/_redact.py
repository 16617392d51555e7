"""The redaction policy: what tactful hides wherever payload or exception text is shown.

A provider's error, or an HTTP client's, can carry a secret: the request URL with the API key
in its query string, a signed URL, an ``Authorization`` header echoed back, the key itself
("Incorrect API key provided: sk-..."). A :class:`Redaction` replaces each with a placeholder
before a notice reaches any output. The default policy hides the classes below; an application
gives its own with ``Renderer(redaction=Redaction(...))`` or ``tactful.parse(redaction=...)``.

>>> policy = Redaction()
>>> policy.redact("Client error for url 'https://x.example/v1?alt=sse&key=AIzaSyA-1234567890abcdefghijklmnopqrstu'")
"Client error for url 'https://x.example/v1?alt=sse&key=[redacted]'"
>>> policy.redact("Incorrect API key provided: sk-proj-abcdefghijklmnop1234. Authorization: Bearer abc.def.ghi")
'Incorrect API key provided: [redacted]. Authorization: Bearer [redacted]'
>>> policy.redact("https://s3.example/o?X-Amz-Credential=AKIA%2F1&X-Amz-Signature=9f8e&size=2")
'https://s3.example/o?X-Amz-Credential=[redacted]&X-Amz-Signature=[redacted]&size=2'
>>> policy.redact("Quota exceeded; retry in 20s.")
'Quota exceeded; retry in 20s.'
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ._errors import ConfigError

if TYPE_CHECKING:
    from ._model import Notice

PROVIDER_KEY_PATTERNS: tuple[str, ...] = (
    r"sk-[A-Za-z0-9_\-]{16,}",  # OpenAI (sk-, sk-proj-), Anthropic (sk-ant-), OpenRouter, DeepSeek
    r"(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}",  # Stripe
    r"AIza[0-9A-Za-z_\-]{30,}",  # Google
    r"xai-[A-Za-z0-9]{20,}",  # xAI
    r"gsk_[A-Za-z0-9]{20,}",  # Groq
    r"r8_[A-Za-z0-9]{20,}",  # Replicate
    r"hf_[A-Za-z0-9]{20,}",  # Hugging Face
    r"(?:ghp|gho|ghu|ghs|github_pat)_[A-Za-z0-9_]{20,}",  # GitHub
    r"(?:AKIA|ASIA)[0-9A-Z]{16}",  # AWS access key ids
    r"eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}",  # JSON web tokens
)
"""Strings shaped like a provider's key, hidden wherever they stand."""

SECRET_PARAM_WORDS: frozenset[str] = frozenset(
    {"key", "apikey", "token", "secret", "signature", "sig", "password", "passwd"}
    | {"credential", "credentials", "auth", "authorization", "session"}
)
"""A query parameter whose name holds one of these words (split at ``_``, ``-`` and ``.``, or
whole) has its value hidden: ``key``, ``api_key``, ``access_token``, ``X-Amz-Signature``."""

SECRET_HEADERS: frozenset[str] = frozenset(
    {"authorization", "proxy-authorization", "x-api-key", "api-key", "x-goog-api-key"}
    | {"cookie", "set-cookie", "x-auth-token", "ocp-apim-subscription-key"}
)
"""Header names whose value is hidden where a text quotes them (``"x-api-key": "..."``)."""

_PARAM = re.compile(r"(?<=[?&;])([A-Za-z0-9_.\-]{1,64})=([^&#\s\"'<>\\]+)")
# A credential after its scheme: eight or more token characters with a digit or a symbol among
# them, so that prose ("Basic accounts", "Token limits") is left alone.
_SCHEME_VALUE = re.compile(
    r"\b(Bearer|Basic|Token)(\s+)(?=[A-Za-z\-]*[0-9._~+/=])([A-Za-z0-9._~+/=\-]{8,})",
    re.IGNORECASE,
)
_PARAM_SPLIT = re.compile(r"[_.\-]")


@dataclass(frozen=True)
class Redaction:
    """What is hidden wherever payload or exception text is shown (every format, the email's
    subject and bodies, response headers, ``tactful inspect``).

    - ``key_patterns``: regular expressions of secrets by their shape (default
      :data:`PROVIDER_KEY_PATTERNS`: ``sk-...``, ``AIza...``, ``gsk_...``, JSON web tokens...).
    - ``param_words``: a URL query parameter whose name holds one of these words has its
      value hidden (default :data:`SECRET_PARAM_WORDS`).
    - ``headers``: header names whose quoted value is hidden (default :data:`SECRET_HEADERS`);
      the value after ``Bearer``, ``Basic`` or ``Token`` is hidden whatever precedes it.
    - ``placeholder``: what stands in place of each secret.

    ``Redaction(key_patterns=(), param_words=frozenset(), headers=frozenset())`` hides nothing;
    a pattern that does not compile, or a placeholder that is not plain text, raises
    :class:`tactful.ConfigError`.

    >>> Redaction(key_patterns=(r"acme_[0-9a-f]{8}",)).redact("key acme_0123abcd refused")
    'key [redacted] refused'
    >>> Redaction(key_patterns=("(",))
    Traceback (most recent call last):
    ...
    tactful.ConfigError: Redaction: key pattern '(' does not compile: missing ), unterminated subpattern at position 0
    """

    key_patterns: tuple[str, ...] = PROVIDER_KEY_PATTERNS
    param_words: frozenset[str] = SECRET_PARAM_WORDS
    headers: frozenset[str] = SECRET_HEADERS
    placeholder: str = "[redacted]"
    _keys: re.Pattern[str] | None = field(init=False, repr=False, compare=False, default=None)
    _headers: re.Pattern[str] | None = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        patterns = _strings(self.key_patterns, "key_patterns")
        words = _strings(self.param_words, "param_words")
        headers = _strings(self.headers, "headers")
        if not isinstance(self.placeholder, str) or not self.placeholder.isprintable():
            raise ConfigError("Redaction: placeholder must be printable text")
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ConfigError(
                    f"Redaction: key pattern {pattern!r} does not compile: {exc}"
                ) from None
        # Frozen, so set once here; normalized so that equal policies compare equal.
        object.__setattr__(self, "key_patterns", tuple(patterns))
        object.__setattr__(self, "param_words", frozenset(w.lower() for w in words))
        object.__setattr__(self, "headers", frozenset(h.lower() for h in headers))
        if patterns:
            keys = "|".join(f"(?:{p})" for p in patterns)
            object.__setattr__(self, "_keys", re.compile(rf"(?<![A-Za-z0-9])(?:{keys})"))
        if headers:
            names = "|".join(re.escape(h) for h in sorted(self.headers, key=len, reverse=True))
            quoted = rf"(?<![\w-])((?:{names})[\"']?\s*[:=]\s*[\"']?)([^\"'\s,;}}]+)"
            object.__setattr__(self, "_headers", re.compile(quoted, re.IGNORECASE))

    def redact(self, text: str) -> str:
        """``text`` with every secret this policy knows replaced by the placeholder."""
        if len(text) > _MAX_REMEMBERED:
            return self._redact_now(text)
        return _remembered(self, text)

    def _redact_now(self, text: str) -> str:
        if self._headers is not None:
            text = self._headers.sub(self._keep_name, text)
        if self.headers:
            text = _SCHEME_VALUE.sub(lambda m: m.group(1) + m.group(2) + self.placeholder, text)
        if self.param_words and "=" in text:
            text = _PARAM.sub(self._param, text)
        if self._keys is not None:
            text = self._keys.sub(self.placeholder, text)
        return text

    def notice(self, notice: Notice) -> Notice:
        """``notice`` with its texts redacted. A top-up link that held a secret is dropped:
        redacted, it would no longer work, and shown whole it would give the secret away."""
        changes: dict[str, str | None] = {}
        for name in ("message", "code", "request_id"):
            value = getattr(notice, name)
            if value:
                hidden = self.redact(value)
                if hidden != value:
                    changes[name] = hidden
        if notice.recharge_url and self.redact(notice.recharge_url) != notice.recharge_url:
            changes["recharge_url"] = None
        return replace(notice, **changes) if changes else notice  # type: ignore[arg-type]

    def _keep_name(self, match: re.Match[str]) -> str:
        value = match.group(2)
        if value.lower() in ("bearer", "basic", "token"):  # the scheme: its value follows
            return match.group(0)
        return match.group(1) + self.placeholder

    def _param(self, match: re.Match[str]) -> str:
        name = match.group(1).lower()
        if name in self.param_words or not self.param_words.isdisjoint(_PARAM_SPLIT.split(name)):
            return f"{match.group(1)}={self.placeholder}"
        return match.group(0)


_MAX_REMEMBERED = 1024


# A recurring error repeats its message and code in every call: each is redacted once. The key
# is the policy (frozen; equal policies compare and hash equal) and the text, all that
# redaction reads; 2048 texts of at most 1,024 characters hold a few megabytes at worst.
@functools.lru_cache(maxsize=2048)
def _remembered(policy: Redaction, text: str) -> str:
    return policy._redact_now(text)


def _strings(values: object, name: str) -> list[str]:
    if isinstance(values, str) or not isinstance(values, (tuple, list, set, frozenset)):
        raise ConfigError(f"Redaction: {name} must be a collection of strings, not {values!r}")
    if not all(isinstance(value, str) and value for value in values):
        raise ConfigError(f"Redaction: every one of {name} must be a non-empty string")
    return list(values)


DEFAULT_REDACTION = Redaction()
"""The policy every Renderer and :func:`tactful.parse` use unless given another."""


def checked_redaction(value: object) -> Redaction:
    """``value`` if it is a :class:`Redaction`; a :class:`ConfigError` otherwise."""
    if not isinstance(value, Redaction):
        raise ConfigError(f"redaction must be a tactful.Redaction, not {type(value).__name__}")
    return value
