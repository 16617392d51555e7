"""What stands between the caller and a provider's body: a wrapper's prefix on the provider's
words, and the standard library's ``HTTPError``, whose body is a stream read once.

>>> unwrapped("litellm.PaymentRequiredError: AnthropicException - Your credit balance is too low")
'Your credit balance is too low'
>>> unwrapped("openai.RateLimitError: Error code: 429 - {'error': {}}")
"Error code: 429 - {'error': {}}"
>>> unwrapped("Insufficient balance")
'Insufficient balance'
"""

from __future__ import annotations

import io
import re
import urllib.error

from .decoded import MAX_JSON_CHARS

# One or more exception names a wrapper prints before what it wraps ("litellm.BadRequestError:
# AnthropicException - ..."): a dotted name ending in Error or Exception, then ":" or " - ".
_WRAPPER_PREFIX = re.compile(r"\A\s*(?:[A-Za-z_][\w.]{0,80}(?:Error|Exception)(?::\s*|\s+-\s+))+")


def unwrapped(text: str) -> str:
    """``text`` without the exception names a wrapper put before the words it wraps."""
    match = _WRAPPER_PREFIX.match(text[:1024])
    return text[match.end() :] if match else text


def read_http_error(error: urllib.error.HTTPError) -> bytes | None:
    """The body of ``error`` (up to the decoder's cap), leaving it readable again from the
    start for the application, which may read it after tactful has."""
    try:
        head = error.read(MAX_JSON_CHARS)
    except Exception:  # already closed, or a broken connection: the status still speaks
        return None
    if not isinstance(head, bytes):
        return None
    try:
        # Re-made with a stream that gives the same bytes again, then the rest unread. The
        # file wrapper keeps each method of the old stream it was asked for in the instance:
        # those go, so that the new stream answers.
        for name in _DELEGATED:
            vars(error).pop(name, None)
        urllib.error.HTTPError.__init__(
            error,
            error.geturl(),
            error.code,
            error.msg,
            error.hdrs,
            io.BufferedReader(_Replay(head, error.fp)),
        )
    except Exception:  # an HTTPError of someone else's making: the body is read all the same
        return head
    return head


_DELEGATED = ("read", "read1", "readline", "readlines", "readinto", "close", "fileno", "seek")


class _Replay(io.RawIOBase):
    """The bytes already read, then whatever the original stream still holds."""

    def __init__(self, head: bytes, rest: object) -> None:
        super().__init__()
        self._head = io.BytesIO(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        count = self._head.readinto(buffer)
        if count or self._rest is None:
            return count
        read = getattr(self._rest, "read", None)
        try:
            more = read(len(buffer)) if callable(read) else b""
        except (OSError, ValueError):  # closed once its body was read whole: nothing more
            more = b""
        if not isinstance(more, bytes) or not more:
            self._rest = None
            return 0
        buffer[: len(more)] = more
        return len(more)

    def close(self) -> None:
        close = getattr(self._rest, "close", None)
        if callable(close):
            close()
        super().close()
