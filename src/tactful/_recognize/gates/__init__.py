"""Cheap tests that say when a regular expression cannot match, so that it need not run.

Recognition applies some 150 patterns (phrases, amounts, provider names) to a payload's prose,
and a payload gives most of them no chance: "card ... declined" needs the word "card". Each
pattern's literal text was read from its parse tree ahead of time, by ``tools/gate_table.py``
(the parse tree comes from the ``re`` module's private parser, which tactful never imports at
run time): every match contains one of a few literal strings (its *needles*), and often a whole
word ("card", where the pattern says ``\\bcard\\b``), and often a literal start. The
readings are data, in ``_generated.gate_table``. One look at the prose (the set of its words,
and a substring test for the needles that are not whole words, then for the starts) says which
patterns can match; the others are skipped, and a pattern is compiled only when it first has to
run. A pattern the table does not hold, or whose needles could not be worked out, always runs,
so this changes how fast recognition is, never what it finds.

Case folding follows the ``re`` module's IGNORECASE rules (the simple lower case of each
character, plus the pairs ``re`` treats as equal, such as "s" and the long "ſ"), so a needle is
found in the folded text whenever a case-insensitive match exists.

>>> rules = GateSet()
>>> card = rules.add(r"\\bcard (?:has|had) insufficient funds", re.IGNORECASE)  # in the table
>>> unread = rules.add(r"\\bwallet is empty", re.IGNORECASE)  # not in it: always runs
>>> rules.scan("Your CARD has INSUFFICIENT funds.").search(card) is not None
True
>>> scan = rules.scan("Insufficient balance")
>>> scan.possible(card), scan.possible(unread)
(False, True)
>>> fold("ſTOP İ") == "stop i"
True
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

Key = tuple[int, str]
"""A pattern's flags and source."""
_MIN_START = 3
"""Literal starts shorter than this say too little to rule a pattern out: they are not used."""

# Characters the re module treats as equal under IGNORECASE beyond their simple lower case
# (CPython's re._casefix): each group is folded to its first member.
_EQUAL_UNDER_IGNORECASE = (
    "iı",
    "sſ",
    "µμ",
    "ι\u0345ι",
    "ΐΐ",
    "ΰΰ",
    "βϐ",
    "εϵ",
    "θϑ",
    "κϰ",
    "πϖ",
    "ρϱ",
    "σς",
    "φϕ",
    "вᲀ",
    "дᲁ",
    "оᲂ",
    "сᲃ",
    "тᲄᲅ",
    "ъᲆ",
    "ѣᲇ",
    "ᲈꙋ",
    "ṡẛ",
    "ﬅﬆ",
)
_AFTER_LOWER = {ord(ch): group[0] for group in _EQUAL_UNDER_IGNORECASE for ch in group[1:]}
_SPECIAL = re.compile("[" + "".join(ch for group in _EQUAL_UNDER_IGNORECASE for ch in group) + "]")
_WORD = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")
_ASCII_NON_WORD = {code: " " for code in range(128) if not _WORD_CHAR.match(chr(code))}
_BOUND = "\x00"
"""Marks, at the front of a literal start in the table, that the pattern asserts a word
boundary before it."""


def fold(text: str) -> str:
    """``text`` case-folded as the ``re`` module compares characters under IGNORECASE.

    One character in, one character out, so a needle found in the folded text stands where a
    match in the original does, and word characters stay word characters (but for one
    combining Greek mark, which :meth:`GateSet.scan` reads apart).
    """
    if text.isascii():
        return text.lower()
    # "İ" lowers to two characters ("i" and a combining dot); re compares its simple lower
    # case, "i". Final sigma, the one context-dependent lower case, is in a group above.
    text = text.replace("İ", "i").lower()
    return text.translate(_AFTER_LOWER) if _SPECIAL.search(text) else text


class Gate:
    """One pattern of a :class:`GateSet`, compiled when it first runs.

    Thread-safe: compiling twice in a race gives two equal patterns, and either is kept.
    """

    __slots__ = ("_regex", "flags", "index", "source", "starts")

    def __init__(self, index: int, source: str, flags: int) -> None:
        self.index = index
        self.source = source
        self.flags = flags
        self._regex: re.Pattern[str] | None = None
        self.starts: tuple[str, ...] | None = None
        """Folded texts every match starts with (set when the set is first scanned): a text
        holding none of them cannot match."""

    @property
    def key(self) -> Key:
        """What the pattern is: its flags and its source."""
        return int(self.flags), self.source

    @property
    def regex(self) -> re.Pattern[str]:
        """The compiled pattern."""
        regex = self._regex
        if regex is None:
            regex = self._regex = re.compile(self.source, self.flags)
        return regex


Reading = tuple[tuple[tuple[str, "str | None"], ...] | None, tuple[str, ...] | None]
"""What is read out of one pattern: its needles as ``(text, word)`` pairs (None: it always
runs), and its literal starts (None: none)."""


_ALWAYS_RUNS: Reading = (None, None)
"""The reading of a pattern the table does not hold: no needles, so it runs on every text."""


def _stored() -> Mapping[Key, Reading]:
    from ..._generated.gate_table import READINGS

    return READINGS


class _Index:
    """Which gates each word, and each other needle, lets through."""

    def __init__(self, gates: list[Gate], stored: Mapping[Key, Reading]) -> None:
        always: set[int] = set()
        by_word: dict[str, dict[str, set[int]]] = {}
        by_text: dict[str, set[int]] = {}
        self.of_gate: list[tuple[str, ...] | None] = []
        for gate in gates:
            # Patterns are read ahead of time (tools/gate_table.py), with the re module's
            # parser, which is private: a pattern missing from the table is not read here, it
            # simply always runs (correct, only slower; a test keeps the table complete).
            found, starts = stored.get(gate.key, _ALWAYS_RUNS)
            gate.starts = _usable_starts(starts)
            self.of_gate.append(tuple(text for text, _ in found) if found is not None else None)
            if found is None:
                always.add(gate.index)
                continue
            for text, word in found:
                if word:
                    # The word alone says nothing more than the text: "" is in every text.
                    rest = "" if text == word else text
                    by_word.setdefault(word, {}).setdefault(rest, set()).add(gate.index)
                else:
                    by_text.setdefault(text, set()).add(gate.index)
        self.always = frozenset(always)
        # For each word: the needle texts holding it, and the gates each lets through.
        self.by_word = {
            word: tuple((text, frozenset(ids)) for text, ids in sorted(needles.items()))
            for word, needles in by_word.items()
        }
        self.words = frozenset(by_word)
        texts = sorted(by_text.items())
        # An ASCII text holds no needle that is not ASCII: those are not looked for in it.
        self.ascii_texts = tuple((t, frozenset(ids)) for t, ids in texts if t.isascii())
        self.all_texts = tuple((t, frozenset(ids)) for t, ids in texts)


def _usable_starts(starts: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """The literal starts of a reading, unmarked, if every one is long enough to say something."""
    if starts is None:
        return None
    unmarked = tuple(start.lstrip(_BOUND) for start in starts)
    return unmarked if min(map(len, unmarked)) >= _MIN_START else None


class GateSet:
    """Patterns looked at together: one :meth:`scan` of a text says which of them can match.

    ``readings`` says what is known of each pattern (by default the shipped table,
    ``_generated.gate_table``, loaded at the first scan). The index over them is built the first
    time a text is scanned, under a lock; after that the set is read-only and safe to share.
    """

    def __init__(self, readings: Mapping[Key, Reading] | None = None) -> None:
        self._gates: list[Gate] = []
        self._readings = readings
        self._index: _Index | None = None
        self._lock = threading.Lock()

    def add(self, source: str, flags: int = 0) -> Gate:
        """Register a pattern (at import time, before the first scan)."""
        if self._index is not None:
            raise RuntimeError("gates are added before the first scan")
        gate = Gate(len(self._gates), source, flags)
        self._gates.append(gate)
        return gate

    @property
    def gates(self) -> tuple[Gate, ...]:
        """The patterns of the set, in the order they were added."""
        return tuple(self._gates)

    def _ready(self) -> _Index:
        index = self._index
        if index is None:
            with self._lock:
                index = self._index
                if index is None:
                    index = self._index = _Index(self._gates, self._readings or _stored())
        return index

    def possible_in(self, gate: Gate, text: str) -> bool:
        """Whether ``gate`` can match ``text``: for one short text, without a whole scan."""
        found = self._ready().of_gate[gate.index]
        if found is None:
            return True
        folded = fold(text)
        return any(needle in folded for needle in found)

    def scan(self, text: str) -> Scan:
        """Look at ``text`` once, for every gate of the set."""
        index = self._ready()
        folded = fold(text)
        plain = folded.isascii()
        enabled = set(index.always)
        for word in index.words.intersection(_words_of(text, folded, plain)):
            for needle, ids in index.by_word[word]:
                if needle in folded:
                    enabled.update(ids)
        for needle, ids in index.ascii_texts if plain else index.all_texts:
            if needle in folded:
                enabled.update(ids)
        # Every match of a gate with literal starts begins with one of them: a gate whose
        # needles are there but none of whose starts is cannot match either.
        gates = self._gates
        possible = frozenset(
            i for i in enabled if (starts := gates[i].starts) is None or _any_in(starts, folded)
        )
        return Scan(text, folded, possible)


def _words_of(text: str, folded: str, plain: bool) -> set[str]:
    """The folded words of ``text``."""
    if plain:
        # Its words are what is left between the other characters, blanked (quicker than
        # the regular expression, which asks of each character whether it is a letter).
        return set(folded.translate(_ASCII_NON_WORD).split())
    if "\u0345" in text:  # a combining mark that folds to a letter: read words unfolded
        return {fold(word) for word in _WORD.findall(text)}
    return set(_WORD.findall(folded))


def _any_in(needles: tuple[str, ...], text: str) -> bool:
    return any(needle in text for needle in needles)


@dataclass(frozen=True)
class Scan:
    """A text, and which gates of a :class:`GateSet` can match it."""

    text: str
    folded: str
    enabled: frozenset[int]

    def possible(self, gate: Gate) -> bool:
        """Whether ``gate`` can match the text."""
        return gate.index in self.enabled

    def search(self, gate: Gate) -> re.Match[str] | None:
        """``gate.regex.search(text)``, skipped when it cannot match."""
        return gate.regex.search(self.text) if gate.index in self.enabled else None

    def finditer(self, gate: Gate) -> Iterator[re.Match[str]]:
        """``gate.regex.finditer(text)``, skipped when it cannot match."""
        if gate.index in self.enabled:
            yield from gate.regex.finditer(self.text)
