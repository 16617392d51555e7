"""Cheap tests that say when a regular expression cannot match, so that it need not run.

Recognition applies some 150 patterns (phrases, amounts, provider names) to a payload's prose,
and a payload gives most of them no chance: "card ... declined" needs the word "card". Each
pattern's literal text was read from its parse tree ahead of time, by ``tools/gate_table.py``
(the parse tree comes from the ``re`` module's private parser, which tactful never imports at
run time): every match contains one of a few literal strings (its *needles*), and often a whole
word ("card", where the pattern says ``\\bcard\\b``). The readings are data, in
``_gate_table``. One look at the prose (the set of its words, and a substring test for the
needles that are not whole words) says which patterns can match; the others are skipped, and a
pattern is compiled only when it first has to run. A pattern the table does not hold, or whose
needles could not be worked out, always runs, so this changes how fast recognition is, never
what it finds.

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

import heapq
import re
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

Key = tuple[int, str]
"""A pattern's flags and source."""
_MIN_START = 3
"""A pattern is tried only where its literal start stands, when that is at least this long."""
_SHORT_TEXT = 128
"""Texts shorter than this are searched by each pattern itself: finding the few places to try
costs about as much as trying them all."""
_LONG_TEXT = 512
"""Texts longer than this have their needles looked for among their distinct words."""
_MAX_TRIES = 16
"""Places tried one by one before the rest of the text is left to the pattern's own search,
and one more for every 64 characters of the text: trying a place costs about as much as the
pattern's own search spends on 64 characters."""

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

    __slots__ = ("_regex", "bounded", "flags", "index", "source", "starts")

    def __init__(self, index: int, source: str, flags: int) -> None:
        self.index = index
        self.source = source
        self.flags = flags
        self._regex: re.Pattern[str] | None = None
        self.starts: tuple[str, ...] | None = None
        """Folded texts every match starts with (set when the set is first scanned), so that
        the pattern is tried only where one of them stands."""
        self.bounded: tuple[bool, ...] = ()
        """For each start, whether the pattern wants a word boundary before it."""

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
            if starts is not None and min(len(s.lstrip(_BOUND)) for s in starts) >= _MIN_START:
                gate.starts = tuple(s.lstrip(_BOUND) for s in starts)
                gate.bounded = tuple(s.startswith(_BOUND) for s in starts)
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
        # A long text is first looked at through its distinct words, a far shorter haystack
        # (see _Phrase). A needle holding a whole word is found through that word, as the
        # word needles are; the others are each looked at.
        phrases = [
            _phrase(rest or word, word, ids)
            for word, needles in self.by_word.items()
            for rest, ids in needles
        ]
        phrases += [_phrase(text, None, frozenset(ids)) for text, ids in texts]
        anchored: dict[str, list[_Phrase]] = {}
        others: list[_Phrase] = []
        for phrase in phrases:
            if phrase[1]:
                anchor = max(phrase[1], key=lambda word: (len(word), word))
                anchored.setdefault(anchor, []).append(phrase)
            else:
                others.append(phrase)
        self.long_by_word = {word: tuple(found) for word, found in anchored.items()}
        self.long_words = frozenset(anchored)
        self.ascii_others = tuple(phrase for phrase in others if phrase[0].isascii())
        self.all_others = tuple(others)
        # The pieces of those, each looked for once however many needles share it.
        self.ascii_pieces = frozenset(p for phrase in self.ascii_others for p in phrase[2])
        self.all_pieces = frozenset(p for phrase in others for p in phrase[2])


_Phrase = tuple[str, frozenset[str], frozenset[str], bool, frozenset[int]]
"""A needle as a long text is looked at for it: its text; the words it holds whole, which
are whole words of any text holding it; its other word pieces (at its ends: perhaps parts of
longer words), which are inside some word of such a text; whether those pieces are the whole
needle, so that finding them is finding it; and the gates it lets through."""


def _phrase(text: str, word: str | None, ids: frozenset[int]) -> _Phrase:
    whole = {word} if word else set()
    pieces: list[str] = []
    for run in _WORD.finditer(text):
        if run.start() > 0 and run.end() < len(text):
            whole.add(run.group())
        elif run.group() != word:
            pieces.append(run.group())
    alone = not whole and pieces == [text]
    return text, frozenset(whole), frozenset(pieces), alone, ids


def _found_in_long(phrase: _Phrase, words: set[str], blob: str, folded: str) -> bool:
    """Whether ``phrase`` is in a long text: its whole words among the text's ``words``,
    its pieces inside them (``blob``), and only then the whole needle in the text."""
    text, whole, pieces, alone, _ = phrase
    if not whole <= words or not all(piece in blob for piece in pieces):
        return False
    return alone or text in folded


class GateSet:
    """Patterns looked at together: one :meth:`scan` of a text says which of them can match.

    ``readings`` says what is known of each pattern (by default the shipped table,
    ``_gate_table``, loaded at the first scan). The index over them is built the first time a
    text is scanned, under a lock; after that the set is read-only and safe to share.
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
        if plain:
            # Its words are what is left between the other characters, blanked (quicker
            # than the regular expression, which asks of each character whether it is a letter).
            words = set(folded.translate(_ASCII_NON_WORD).split())
        elif "\u0345" in text:  # a combining mark that folds to a letter: read words unfolded
            words = {fold(word) for word in _WORD.findall(text)}
        else:
            words = set(_WORD.findall(folded))
        enabled = set(index.always)
        if len(folded) > _LONG_TEXT and "\u0345" not in text:
            blob = "\x00".join(words)
            for word in index.long_words.intersection(words):
                for phrase in index.long_by_word[word]:
                    if _found_in_long(phrase, words, blob, folded):
                        enabled.update(phrase[-1])
            pieces = index.ascii_pieces if plain else index.all_pieces
            found = {piece for piece in pieces if piece in blob}
            for needle, _, needed, alone, ids in index.ascii_others if plain else index.all_others:
                if needed <= found and (alone or needle in folded):
                    enabled.update(ids)
            return Scan(text, folded, frozenset(enabled))
        for word in index.words.intersection(words):
            for needle, ids in index.by_word[word]:
                if needle in folded:
                    enabled.update(ids)
        for needle, ids in index.ascii_texts if plain else index.all_texts:
            if needle in folded:
                enabled.update(ids)
        # Every match of a gate with literal starts begins with one of them: a gate whose
        # needles are there but none of whose starts is cannot match either. (In a long
        # text the search itself looks for the starts first.)
        gates = self._gates
        possible = frozenset(
            i for i in enabled if (starts := gates[i].starts) is None or _any_in(starts, folded)
        )
        return Scan(text, folded, possible)


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
        return self._search(gate, 0) if gate.index in self.enabled else None

    def finditer(self, gate: Gate) -> Iterator[re.Match[str]]:
        """``gate.regex.finditer(text)``, skipped when it cannot match."""
        if gate.index not in self.enabled:
            return
        if gate.starts is None or len(self.text) < _SHORT_TEXT:
            yield from gate.regex.finditer(self.text)
            return
        position = 0
        while (found := self._search(gate, position)) is not None:
            yield found
            position = found.end()  # never empty: every match starts with a literal text

    def _search(self, gate: Gate, position: int) -> re.Match[str] | None:
        """The leftmost match at or after ``position``, as ``gate.regex.search`` finds it.

        Every match starts with one of the gate's literal starts, so the pattern is tried
        where one of them stands, and nowhere else: the regex engine cannot skip ahead over
        case-insensitive letters itself, and tries the whole pattern at every character.
        """
        regex = gate.regex
        starts = gate.starts
        if starts is None or len(self.text) < _SHORT_TEXT:
            return regex.search(self.text, position)
        folded, text = self.folded, self.text
        # Word boundaries read in the folded text are the text's own, unless a combining
        # mark folded to a letter.
        bounded = gate.bounded if "\u0345" not in text else ()
        # The next place of each start, nearest first: every occurrence is found once, by
        # str.find, when the search reaches it.
        ahead = [
            (at, i) for i, start in enumerate(starts) if (at := folded.find(start, position)) >= 0
        ]
        heapq.heapify(ahead)
        tries = _MAX_TRIES + len(text) // 64
        looks = 4 * tries
        while ahead and tries and looks:
            at = ahead[0][0]
            here = []
            while ahead and ahead[0][0] == at:
                here.append(heapq.heappop(ahead)[1])
            looks -= 1
            # Not tried: a place inside a word, where every start standing there wants a word
            # boundary before it.
            if not (
                bounded
                and at > 0
                and _WORD_CHAR.match(folded, at - 1) is not None
                and all(bounded[i] for i in here)
            ):
                tries -= 1
                match = regex.match(text, at)
                if match is not None:
                    return match
            for i in here:
                further = folded.find(starts[i], at + 1)
                if further >= 0:
                    heapq.heappush(ahead, (further, i))
        if not ahead:
            return None
        return regex.search(text, ahead[0][0])  # too many places: the pattern's own search
