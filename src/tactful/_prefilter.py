"""Cheap tests that say when a regular expression cannot match, so that it need not run.

Recognition applies some 150 patterns (phrases, amounts, provider names) to a payload's prose,
and a payload gives most of them no chance: "card ... declined" needs the word "card". Each
pattern's literal text is read from its parse tree once: every match contains one of a few
literal strings (its *needles*), and often a whole word ("card", where the pattern says
``\\bcard\\b``). One look at the prose (the set of its words, and a substring test for the
needles that are not whole words) says which patterns can match; the others are skipped, and a
pattern is compiled only when it first has to run. A pattern whose needles cannot be worked out
always runs, so this changes how fast recognition is, never what it finds.

Case folding follows the ``re`` module's IGNORECASE rules (the simple lower case of each
character, plus the pairs ``re`` treats as equal, such as "s" and the long "ſ"), so a needle is
found in the folded text whenever a case-insensitive match exists.

>>> rules = GateSet()
>>> card = rules.add(r"\\bcard\\b[^.]{0,40}\\b(?:was |is )?(?:declined|refused)", re.IGNORECASE)
>>> rules.scan("Your CARD was DECLINED.").search(card) is not None
True
>>> rules.scan("Insufficient balance").search(card) is None
True
>>> fold("ſTOP İ") == "stop i"
True
"""

from __future__ import annotations

import heapq
import importlib
import re
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Key = tuple[int, str]
"""A pattern's flags and source."""
_MAX_ALTERNATIVES = 16
"""Needles per pattern at most: more would cost more to look for than the pattern saves."""
_MIN_START = 3
"""A pattern is tried only where its literal start stands, when that is at least this long."""
_SHORT_TEXT = 128
"""Texts shorter than this are searched by each pattern itself: finding the few places to try
costs about as much as trying them all."""
_LONG_TEXT = 512
"""Texts longer than this have their needles looked for among their distinct words."""
_START_CHARS = 8
"""Literal starts are cut to this many characters: enough to find the few places to try."""
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
# The one group whose members differ in being word characters (a combining mark among
# letters): a literal of it says nothing about where words start and end.
_MIXED_WORDNESS = frozenset("ι")
_WORD = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")
_ASCII_NON_WORD = {code: " " for code in range(128) if not _WORD_CHAR.match(chr(code))}
_EVERYDAY_WORDS = frozenset({"your", "have", "been", "that", "this", "with", "from", "will"})
_BOUND = "\x00"
"""Marks, inside a needle being read, a place where the pattern asserts a word boundary."""


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


@dataclass(frozen=True)
class Needle:
    """A literal every match of one alternative contains: ``text`` as a substring of the
    folded text, and ``word``, when known, as one of its whole words."""

    text: str
    word: str | None = None


def needles(pattern: str, flags: int = 0) -> tuple[Needle, ...] | None:
    """Needles of which every match of ``pattern`` contains one; None if the pattern gives no
    such set (or cannot be read: then it simply always runs).

    >>> [(n.text, n.word) for n in needles(r"\\b(?:try|retry) again in \\d+s|(\\d+)\\s*秒后") or ()]
    [('retry again in ', 'retry'), ('try again in ', 'again'), ('秒后', None)]
    >>> needles(r"\\d+") is None
    True
    """
    return _read(pattern, flags)[0]


def prefixes(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    """Folded literal texts one of which every match of ``pattern`` starts with (cut to
    :data:`_START_CHARS` characters, and marked with a leading ``\\x00`` where the pattern
    wants a word boundary before them); None if the pattern gives no such set.

    >>> prefixes(r"\\b(?:credit |account )?balance (?:is )?too low", re.IGNORECASE)
    ('\\x00account ', '\\x00balance ', '\\x00credit b')
    """
    return _read(pattern, flags)[1]


def _read(
    pattern: str, flags: int, common: Mapping[str, int] | None = None
) -> tuple[tuple[Needle, ...] | None, tuple[str, ...] | None]:
    try:
        parser = _parser()
        tree = parser.parse(pattern, flags)
        reader = _Reader(parser, common or {})
        found = reader.sequence(list(tree))
        starts = reader.prefixes(list(tree))
    except Exception:  # a regex feature this reader does not know: no gate, always run
        return None, None
    # Under re.ASCII a word boundary is where ASCII words end: the whole-word test, which
    # reads Unicode words, would not hold.
    words = not ((flags | tree.state.flags) & re.ASCII or re.search(r"\(\?[a-zA-Z-]*a", pattern))
    found_needles = None
    if found is not None:
        made = {_needle(text, common or {}) if words else Needle(_unmarked(text)) for text in found}
        found_needles = tuple(sorted(_simplest(made), key=lambda n: (n.text, n.word or "")))
    found_prefixes = None
    if starts is not None:
        # One of a pair where one starts with the other is never needed: where the longer
        # stands, the shorter does.
        texts = sorted({_start(text) for text in starts})
        found_prefixes = tuple(
            t for t in texts if not any(t.startswith(o) for o in texts if o != t)
        )
    return found_needles, found_prefixes


def _start(marked: str) -> str:
    """A literal start as the table keeps it: cut short, and with a leading mark where the
    pattern asserts a word boundary before its first (word) character."""
    text = _unmarked(marked)
    bounded = marked.startswith(_BOUND) and _WORD_CHAR.match(text[:1] or " ") is not None
    return (_BOUND if bounded else "") + text[:_START_CHARS]


def _simplest(found: set[Needle]) -> list[Needle]:
    """The needles without those that imply another: where "has been declined" stands,
    "declined" does, so looking for "declined" alone lets the same texts through.

    A needle with a word lets a text through when the word is one of its words and the
    needle's text is in it. The most general come first (substrings before the texts that
    hold them, words last), and a needle is kept only if it implies none kept before it:
    every needle left out implies one kept, so the set lets through exactly what it did.
    """

    def implies(one: Needle, other: Needle) -> bool:
        if other.word is not None and one.word != other.word:
            return False
        return other.text in one.text

    kept: list[Needle] = []
    for needle in sorted(found, key=lambda n: (n.word is not None, len(n.text), n.text)):
        if not any(implies(needle, other) for other in kept):
            kept.append(needle)
    return kept


def _parser() -> Any:
    try:
        return importlib.import_module("re._parser")  # Python 3.11+
    except ImportError:  # pragma: no cover - Python 3.10
        return importlib.import_module("sre_parse")


def _needle(marked: str, common: Mapping[str, int]) -> Needle:
    """The needle for a literal text with word-boundary marks: its rarest whole word, if any.

    ``common`` counts the patterns each word appears in: a word of many patterns ("balance")
    lets many through, one of few ("afford") few.
    """
    best: str | None = None
    run_start: int | None = None
    for index, ch in enumerate(marked + "\x01"):
        is_word = ch not in (_BOUND, "\x01") and _WORD_CHAR.match(ch) is not None
        if is_word:
            if run_start is None:
                run_start = index
            continue
        if run_start is not None:
            bounded_left = run_start > 0
            bounded_right = ch != "\x01"
            run = marked[run_start:index]
            if bounded_left and bounded_right and _useful(run):
                rank = (common.get(run, 0), -len(run))
                if best is None or rank < (common.get(best, 0), -len(best)):
                    best = run
            run_start = None
    return Needle(marked.replace(_BOUND, ""), best)


def _useful(word: str) -> bool:
    # Short and everyday words are in nearly every text: the whole literal, looked for as a
    # substring, tells more.
    return len(word) >= 4 and word not in _EVERYDAY_WORDS


class _Reader:
    """Reads the needles out of a parse tree of the re module (``re._parser``)."""

    def __init__(self, op: Any, common: Mapping[str, int]) -> None:
        self.common = common
        self.literal = op.LITERAL
        self.at = op.AT
        self.bounds = {
            op.AT_BOUNDARY,
            op.AT_BEGINNING,
            op.AT_BEGINNING_LINE,
            op.AT_BEGINNING_STRING,
            op.AT_END,
            op.AT_END_LINE,
            op.AT_END_STRING,
        }
        self.zero_width = {op.AT, op.ASSERT, op.ASSERT_NOT}
        self.groups = {op.SUBPATTERN, getattr(op, "ATOMIC_GROUP", op.SUBPATTERN)}
        self.repeats = {
            op.MAX_REPEAT,
            op.MIN_REPEAT,
            getattr(op, "POSSESSIVE_REPEAT", op.MAX_REPEAT),
        }
        self.branch = op.BRANCH
        self.in_ = op.IN

    def flat(self, items: Iterable[tuple[Any, Any]]) -> Iterator[tuple[Any, Any]]:
        """The items of a sequence, with groups and exact single repeats opened up."""
        for op, av in items:
            if op in self.groups:
                yield from self.flat(av[-1] if isinstance(av, tuple) else av)
            elif op in self.repeats and av[0] == av[1] == 1:
                yield from self.flat(av[2])
            else:
                yield op, av

    def char(self, code: int) -> str | None:
        """A literal character, folded; None if it says nothing safe about words."""
        ch = fold(chr(code))
        return None if ch in _MIXED_WORDNESS or ch in (_BOUND, "\x01") else ch

    def mark(self, op: Any, av: Any) -> str | None:
        """The text a zero-width item adds to a needle: a boundary mark, or nothing."""
        if op in self.zero_width:
            return _BOUND if op == self.at and av in self.bounds else ""
        return None

    def texts(self, items: Iterable[tuple[Any, Any]]) -> list[str] | None:
        """Every text a sequence can match, when that is a few literal texts (with marks)."""
        out = [""]
        for op, av in self.flat(items):
            options = self.options(op, av)
            if options is None or len(out) * len(options) > _MAX_ALTERNATIVES:
                return None
            out = [text + option for text in out for option in options]
        return out

    def options(self, op: Any, av: Any) -> list[str] | None:
        """The texts one item can match, when that is a few literal texts; else None."""
        if op == self.literal:
            ch = self.char(av)
            return [ch] if ch is not None else None
        if op in self.zero_width:
            return [self.mark(op, av) or ""]
        if op == self.branch:
            found: dict[str, None] = {}
            for branch in av[1]:
                texts = self.texts(branch)
                if texts is None:
                    return None
                found.update(dict.fromkeys(texts))
            return list(found)
        if op == self.in_ and all(kind == self.literal for kind, _ in av):
            chars = [self.char(code) for _, code in av]
            return None if any(c is None for c in chars) else list(dict.fromkeys(map(str, chars)))
        if op in self.repeats and av[0] == 0 and av[1] == 1:
            texts = self.texts(av[2])
            return None if texts is None else list(dict.fromkeys(["", *texts]))
        return None

    def prefixes(self, items: list[tuple[Any, Any]]) -> list[str] | None:
        """Literal texts one of which every match of the sequence starts with, or None."""
        return self._affixes(items, at_end=False)

    def suffixes(self, items: list[tuple[Any, Any]]) -> list[str] | None:
        """Literal texts one of which every match of the sequence ends with, or None."""
        return self._affixes(items, at_end=True)

    def _affixes(self, items: list[tuple[Any, Any]], *, at_end: bool) -> list[str] | None:
        """The texts of :meth:`prefixes`, or read from the end, of :meth:`suffixes`."""
        chunk = [""]
        flat = list(self.flat(items))
        for op, av in reversed(flat) if at_end else flat:
            options = self.options(op, av)
            if options is not None and len(chunk) * len(options) <= _MAX_ALTERNATIVES:
                if at_end:
                    chunk = [option + text for text in chunk for option in options]
                else:
                    chunk = [text + option for text in chunk for option in options]
                continue
            if all(_unmarked(text) for text in chunk):
                return chunk
            if any(_unmarked(text) for text in chunk):
                return None  # some matches start (or end) with a literal, others with this item
            if op == self.branch:
                found: list[str] = []
                for branch in av[1]:
                    texts = self._affixes(list(branch), at_end=at_end)
                    if texts is None:
                        return None
                    found += texts
                return found
            if op in self.repeats and av[0] >= 1:
                return self._affixes(list(av[2]), at_end=at_end)
            return None
        return chunk if all(_unmarked(text) for text in chunk) else None

    def sequence(
        self, items: list[tuple[Any, Any]], before: str = "", after: str = ""
    ) -> frozenset[str] | None:
        """Marked texts one of which every match of the sequence contains, or None.

        ``before`` and ``after`` are the boundary marks the enclosing sequence asserts right
        before and right after this one.
        """
        candidates: list[frozenset[str]] = []
        flat = list(self.flat(items))
        chunk = {before}

        def close() -> None:
            nonlocal chunk
            if all(_unmarked(text) for text in chunk):
                candidates.append(frozenset(chunk))
            chunk = {""}

        for position, (op, av) in enumerate(flat):
            texts = self.options(op, av)
            if texts is not None and len(texts) <= _MAX_ALTERNATIVES:
                if len(chunk) * len(texts) > _MAX_ALTERNATIVES:
                    close()
                chunk = {text + choice for text in chunk for choice in texts}
                continue
            # What the item's own needles may assume about its two ends.
            bounded_before = _BOUND if all(t.endswith(_BOUND) for t in chunk) else ""
            following = flat[position + 1] if position + 1 < len(flat) else None
            bounded_after = (
                after
                if following is None
                else (self.mark(*following) or "")
                if following[0] in self.zero_width
                else ""
            )
            repeated = op in self.repeats and av[0] >= 1
            if repeated:
                # The first copy starts right after the literals before it.
                starts = self.prefixes(list(av[2]))
                if starts is not None and len(chunk) * len(starts) <= _MAX_ALTERNATIVES:
                    chunk = {text + start for text in chunk for start in starts}
            close()
            if op == self.branch:
                found = [
                    self.sequence(list(branch), bounded_before, bounded_after) for branch in av[1]
                ]
                if all(found):
                    candidates.append(frozenset().union(*(f for f in found if f)))
            elif repeated:
                # A repeated item may stand next to another copy of itself: no marks.
                inner = self.sequence(list(av[2]))
                if inner:
                    candidates.append(inner)
                # The last copy ends right before the literals after it.
                ends = self.suffixes(list(av[2]))
                if ends is not None and len(ends) <= _MAX_ALTERNATIVES:
                    chunk = set(ends)
        chunk = {text + after for text in chunk}
        close()
        usable = [c for c in candidates if len(c) <= 2 * _MAX_ALTERNATIVES]
        return max(usable, key=self.selectivity) if usable else None

    def selectivity(self, candidate: frozenset[str]) -> tuple[int, int]:
        """How few texts a candidate lets through: higher is fewer."""
        # The longer the shortest needle, the rarer; a whole word is rarer than the same
        # letters anywhere and cheaper to look for, and a word of few patterns is rarer still.
        found = [_needle(text, self.common) for text in candidate]
        scores = [
            len(n.word) + 3 - min(self.common.get(n.word, 0), 3) if n.word else len(n.text)
            for n in found
        ]
        return min(scores), -len(found)


def _unmarked(text: str) -> str:
    return text.replace(_BOUND, "")


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


def readings(gates: Sequence[Gate], among: Sequence[Gate] | None = None) -> dict[Key, Reading]:
    """Read the patterns of ``gates``: tens of milliseconds for a hundred patterns, which is
    why tactful ships them read (``_gate_table``). ``among`` is the whole set, whose words
    decide which words are common."""
    common = Counter(w for gate in (among or gates) for w in set(_WORD.findall(fold(gate.source))))
    out: dict[Key, Reading] = {}
    for gate in gates:
        found, starts = _read(gate.source, gate.flags, common)
        pairs = tuple((n.text, n.word) for n in found) if found is not None else None
        out[gate.key] = (pairs, starts)
    return out


def _stored() -> Mapping[Key, Reading]:
    try:
        from ._gate_table import READINGS
    except ImportError:  # pragma: no cover - a checkout without the generated table
        return {}
    return READINGS


class _Index:
    """Which gates each word, and each other needle, lets through."""

    def __init__(self, gates: list[Gate]) -> None:
        always: set[int] = set()
        by_word: dict[str, dict[str, set[int]]] = {}
        by_text: dict[str, set[int]] = {}
        self.of_gate: list[tuple[str, ...] | None] = []
        stored = _stored()
        missing = [gate for gate in gates if gate.key not in stored]
        read = {**stored, **readings(missing, gates)} if missing else stored
        for gate in gates:
            found, starts = read[gate.key]
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

    The needles are read the first time a text is scanned (a few milliseconds, once per
    process), under a lock; after that the set is read-only and safe to share.
    """

    def __init__(self) -> None:
        self._gates: list[Gate] = []
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
                    index = self._index = _Index(self._gates)
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


def table(gates: Sequence[Gate]) -> str:
    """The source of ``_gate_table``: the readings of ``gates``, as data."""
    lines = [
        '"""What tactful._prefilter reads out of each pattern the recognizer applies to prose.',
        "",
        'Generated by ``python3 -c "from tactful._prefilter import write_table; write_table()"``;',
        "data only. A pattern that is not here is read when it is first needed, and",
        "tests/test_prefilter.py says so.",
        '"""',
        "",
        "READINGS: dict[tuple[int, str], tuple[tuple[tuple[str, str | None], ...] | None, "
        "tuple[str, ...] | None]] = {",
    ]
    for key, reading in readings(gates).items():
        lines.append(f"    {key!r}: {reading!r},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def write_table() -> Path:
    """Write ``_gate_table.py`` for the recognizer's patterns; run after changing one:
    ``python3 -c "from tactful._prefilter import write_table; write_table()"``."""
    from . import _recognize

    target = Path(__file__).with_name("_gate_table.py")
    target.write_text(table(_recognize.PROSE_GATES.gates), encoding="utf-8")
    return target
