"""Memos for the parts of a render that a recurring error repeats.

A provider that refuses work for want of credit sends the same body again and again, with a new
request id each time. tactful therefore remembers what it worked out from a body and what it
made of it, keyed by everything that work reads *except* the request id, and puts the new
request id in afterwards. Each memo is a ``functools.lru_cache``: bounded, thread-safe, and
exact because its key holds everything the cached work reads (each memo's docstring says
what, and why that is all):

- :func:`tactful._recognize.recognize`: the Notice read from a decoded payload, keyed by a
  :class:`Shape` (below).
- :func:`tactful._present.present`: the Presentation of a Notice, keyed by the Notice without
  its request id and message, the catalog, the options and the links; its details apart, keyed
  by the provider, code, status and message they show (a message that changes from call to
  call costs only its details).

The test suite runs with :data:`CHECK` on: every hit is computed again without the memo and
compared, so a key that misses something the work reads fails the tests instead of showing one
user another user's message.

>>> one = shape_of({"error": {"code": "NO_CREDIT", "request_id": "req_1"}})
>>> two = shape_of({"error": {"code": "NO_CREDIT", "request_id": "req_2"}})
>>> one == two, one.ids, two.ids
(True, ('req_1',), ('req_2',))
>>> shape_of({"error": {"code": "NO_CREDIT", "request_id": "req_1", "n": 1}}) == one
False
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from ._rules.fields import REQUEST_ID_KEYS

CHECK = False
"""When true (the test suite sets it), every memo hit is recomputed without the memo and
compared; a difference is recorded in :data:`MISMATCHES` and raises AssertionError. Off in
production: it doubles the work."""
MISMATCHES: list[str] = []
"""Each difference CHECK found. A render recovers from the AssertionError as from any failure
(it shows the safe built-in message), so the test suite asserts after every test that this
list is empty."""

MAX_SHAPE_CHARS = 64 * 1024
"""Payloads whose texts (string values, member names, and the text and prose around a body)
hold more characters than this are not memoized: the memo would hold a copy of each, and a
body that large is rarely sent twice."""
MAX_SHAPE_NODES = 4096
"""Nor are payloads with more members and items than this."""
SMALL_SHAPE_CHARS = 2048
SMALL_SHAPE_NODES = 256
"""A shape within both of these is small. The recognition memo keeps 256 small shapes and 8
large ones: at the very worst (every entry at its caps, every character four bytes, about 70
bytes a node) some 7 MB and 4 MB; the seed payloads of the benchmark take about 2 KB each."""

_REQUEST_ID_KEYS = REQUEST_ID_KEYS
_T = TypeVar("_T")


class _TooBig(Exception):
    """The payload is over the memo's caps."""


class Key:
    """A memo key: ``value`` is compared and hashed; ``payload`` is what the work needs on a
    miss, carried along but never compared (the memo clears it once the work is done, so that
    the cache holds keys, not payloads)."""

    __slots__ = ("_hash", "payload", "value")

    def __init__(self, value: Any, payload: Any) -> None:
        self.value = value
        self.payload = payload
        self._hash = hash(value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Key) and self._hash == other._hash and self.value == other.value

    def __hash__(self) -> int:
        return self._hash


class Shape(Key):
    """What recognition reads of a decoded payload, with its request ids set apart.

    ``image`` is the decoded data as nested tuples, in document order, with every string held
    by a request-id member (``request_id``, ``trace_id``... at any depth; in a list under such
    a member too) replaced by a mask. The mask keeps one fact about the id, whether it starts
    with ``req_``, because recognition reads that one (Anthropic's envelope is Anthropic's only
    with its own ids); recognition reads nothing else of a request-id member, as such strings
    are identifiers, not words. ``ids`` are the masked strings, in document order: the order in
    which recognition takes the first as the notice's request id. Numbers keep their type and
    spelling (``1``, ``True``, ``1.0`` and ``Decimal("1.0")`` are different keys).

    ``extra`` is the rest of what recognition reads: the status, the salvaged text and the
    prose around a body, whether the client named a request id, and the headers that say when
    to retry. Two shapes are equal when ``image`` and ``extra`` are; ``ids`` and ``payload``
    (the decoded payload itself, held only until the miss that needs it) are not compared.
    """

    __slots__ = ("ids", "small")

    def __init__(
        self,
        image: Any,
        ids: tuple[str, ...],
        extra: tuple[Any, ...],
        payload: Any,
        small: bool = True,
    ) -> None:
        super().__init__((image, extra), payload)
        self.ids = ids
        self.small = small
        """Within SMALL_SHAPE_CHARS and SMALL_SHAPE_NODES."""


_MASK = "\x00request id"


def shape_of(data: Any, extra: tuple[Any, ...] = (), payload: Any = None) -> Shape | None:
    """The :class:`Shape` of decoded ``data``; None when the payload is over the caps or holds
    a value of a type the decoder does not produce (then it is simply not memoized)."""
    imager = _Imager()
    imager.chars -= sum(len(part) for part in extra if type(part) is str)
    try:
        image = imager.image(data, False)
    except _TooBig:
        return None
    chars, nodes = MAX_SHAPE_CHARS - imager.chars, MAX_SHAPE_NODES - imager.nodes
    small = chars <= SMALL_SHAPE_CHARS and nodes <= SMALL_SHAPE_NODES
    return Shape(image, tuple(imager.ids), extra, payload, small)


class _Imager:
    """Makes a shape's image. Mirrors the walk in tactful._recognize.evidence: a member's name
    decides for its value, and a list passes its member's name on to its items. Strings, most
    of any payload, are taken in the loops over their containers."""

    __slots__ = ("chars", "ids", "nodes")

    def __init__(self) -> None:
        self.chars = MAX_SHAPE_CHARS
        self.nodes = MAX_SHAPE_NODES
        self.ids: list[str] = []

    def image(self, value: Any, is_id: bool) -> Any:
        if type(value) is dict:
            return self.mapping(value)
        if type(value) is list:
            return self.sequence(value, is_id)
        if type(value) is str:
            self.chars -= len(value)
            self.spend(0)
            return self.masked(value) if is_id else value
        if value is None or type(value) in _SCALARS:
            return (type(value).__name__, repr(value))
        raise _TooBig  # not what the decoder makes: not memoized

    def mapping(self, data: dict[Any, Any]) -> Any:
        out = []
        for key, item in data.items():
            name = key if type(key) is str else str(key)
            self.chars -= len(name)
            is_id = name.lower() in _REQUEST_ID_KEYS
            if type(item) is str:
                self.chars -= len(item)
                out.append((name, self.masked(item) if is_id else item))
            else:
                out.append((name, self.image(item, is_id)))
        self.spend(len(data))
        return ("{", tuple(out))

    def sequence(self, data: list[Any], is_id: bool) -> Any:
        out = []
        for item in data:
            if type(item) is str and not is_id:
                self.chars -= len(item)
                out.append(item)
            else:
                out.append(self.image(item, is_id))
        self.spend(len(data))
        return ("[", tuple(out))

    def masked(self, value: str) -> tuple[str, bool]:
        self.ids.append(value)
        return (_MASK, value.startswith("req_"))

    def spend(self, nodes: int) -> None:
        """Counts a container's items, and stops when the caps are passed (checked once per
        container: the decoder's own caps bound any one container)."""
        self.nodes -= nodes + 1
        if self.nodes < 0 or self.chars < 0:
            raise _TooBig


_SCALARS = frozenset({int, float, bool, Decimal})


def exact(value: Any) -> Any:
    """``value`` as a key part that tells apart what ``==`` takes as equal but code shows
    differently: ``1`` and ``True``, ``Decimal("1")`` and ``Decimal("1.0")``."""
    if isinstance(value, Decimal):
        return (Decimal, str(value))
    return (type(value), value)


def checked(hit: _T, recompute: Callable[[], _T], what: str) -> _T:
    """``hit``, after comparing it with ``recompute()`` when :data:`CHECK` is on."""
    if CHECK:
        fresh = recompute()
        if fresh != hit:
            MISMATCHES.append(f"the {what} memo returned {hit!r}, not {fresh!r}")
            raise AssertionError(MISMATCHES[-1])
    return hit
