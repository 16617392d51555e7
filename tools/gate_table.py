#!/usr/bin/env python3
"""Write ``src/tactful/_generated/gate_table.py``: what the recognizer's prefilter knows of each pattern.

    python3 tools/gate_table.py        # after adding or changing a recognizer pattern

Each pattern is read from its parse tree, which only the ``re`` module's parser gives
(``re._parser``, ``sre_parse`` before Python 3.11): a private module, so tactful never imports
it at run time. This reads it here, once, and tactful ships the readings as data; a test
compares the shipped table with a fresh reading byte for byte.

A reading is the pattern's *needles* (literal texts one of which every match contains, each with
its rarest whole word where there is one) and its literal *starts* (texts every match begins
with). Reading is conservative: a regex feature the reader does not know gives no needles, and
the pattern then always runs.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from tactful import _recognize  # noqa: E402
from tactful._recognize.gates import _BOUND, _WORD, _WORD_CHAR, Gate, Key, Reading, fold  # noqa: E402

TABLE = ROOT / "src" / "tactful" / "_generated" / "gate_table.py"
_MAX_ALTERNATIVES = 16
"""Needles per pattern at most: more would cost more to look for than the pattern saves."""
_START_CHARS = 8
"""Literal starts are cut to this many characters: enough to find the few places to try."""
# The one group whose members differ in being word characters (a combining mark among
# letters): a literal of it says nothing about where words start and end.
_MIXED_WORDNESS = frozenset("ι")
_EVERYDAY_WORDS = frozenset({"your", "have", "been", "that", "this", "with", "from", "will"})


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

    # CC 16: one case per kind of parse-tree item that can be a few literal texts.
    def options(self, op: Any, av: Any) -> list[str] | None:
        """The texts one item can match, when that is a few literal texts; else None."""
        if op == self.literal:
            ch = self.char(av)
            return [ch] if ch is not None else None
        if op in self.zero_width:
            return [self.mark(op, av) or ""]
        if op == self.branch:
            return self._branch_texts(av[1])
        if op == self.in_ and all(kind == self.literal for kind, _ in av):
            chars = [self.char(code) for _, code in av]
            return None if any(c is None for c in chars) else list(dict.fromkeys(map(str, chars)))
        if op in self.repeats and av[0] == 0 and av[1] == 1:
            texts = self.texts(av[2])
            return None if texts is None else list(dict.fromkeys(["", *texts]))
        return None

    def _branch_texts(self, branches: Iterable[Any]) -> list[str] | None:
        """Every text any of ``branches`` can match, when each can match only a few."""
        found: dict[str, None] = {}
        for branch in branches:
            texts = self.texts(branch)
            if texts is None:
                return None
            found.update(dict.fromkeys(texts))
        return list(found)

    def prefixes(self, items: list[tuple[Any, Any]]) -> list[str] | None:
        """Literal texts one of which every match of the sequence starts with, or None."""
        return self._affixes(items, at_end=False)

    def suffixes(self, items: list[tuple[Any, Any]]) -> list[str] | None:
        """Literal texts one of which every match of the sequence ends with, or None."""
        return self._affixes(items, at_end=True)

    # CC 16: read from either end in one pass; the run of literals and the item that ends it
    # decide together whether every match starts (or ends) with a literal.
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
            return self._item_affixes(op, av, at_end=at_end)
        return chunk if all(_unmarked(text) for text in chunk) else None

    def _item_affixes(self, op: Any, av: Any, *, at_end: bool) -> list[str] | None:
        """The affixes of one item that is not a few literal texts: those of each branch, or
        of what a repeat repeats at least once; None for anything else."""
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

    def sequence(
        self, items: list[tuple[Any, Any]], before: str = "", after: str = ""
    ) -> frozenset[str] | None:
        """Marked texts one of which every match of the sequence contains, or None.

        ``before`` and ``after`` are the boundary marks the enclosing sequence asserts right
        before and right after this one.
        """
        flat = list(self.flat(items))
        found = _Candidates(before)
        for position, (op, av) in enumerate(flat):
            texts = self.options(op, av)
            if texts is not None and len(texts) <= _MAX_ALTERNATIVES:
                found.extend(texts)
            else:
                self._item(found, op, av, self._mark_after(flat, position, after))
        found.chunk = {text + after for text in found.chunk}
        found.close()
        usable = [c for c in found.candidates if len(c) <= 2 * _MAX_ALTERNATIVES]
        return max(usable, key=self.selectivity) if usable else None

    def _mark_after(self, flat: list[tuple[Any, Any]], position: int, after: str) -> str:
        """The boundary mark right after the item at ``position``: what its needles may assume
        about its end."""
        if position + 1 == len(flat):
            return after
        following = flat[position + 1]
        return (self.mark(*following) or "") if following[0] in self.zero_width else ""

    # CC 18: a branch and a repeat are read differently, and each needs both its own
    # candidates and the marks at its two ends; one place keeps the rule for each whole.
    def _item(self, found: _Candidates, op: Any, av: Any, bounded_after: str) -> None:
        """Read an item that is not a few literal texts: it ends the literal run before it, and
        a branch or a repeat gives candidates of its own."""
        bounded_before = _BOUND if all(t.endswith(_BOUND) for t in found.chunk) else ""
        repeated = op in self.repeats and av[0] >= 1
        if repeated:
            # The first copy starts right after the literals before it.
            starts = self.prefixes(list(av[2]))
            if starts is not None and len(found.chunk) * len(starts) <= _MAX_ALTERNATIVES:
                found.chunk = {text + start for text in found.chunk for start in starts}
        found.close()
        if op == self.branch:
            read = [self.sequence(list(branch), bounded_before, bounded_after) for branch in av[1]]
            if all(read):
                found.candidates.append(frozenset().union(*(f for f in read if f)))
        elif repeated:
            # A repeated item may stand next to another copy of itself: no marks.
            inner = self.sequence(list(av[2]))
            if inner:
                found.candidates.append(inner)
            # The last copy ends right before the literals after it.
            ends = self.suffixes(list(av[2]))
            if ends is not None and len(ends) <= _MAX_ALTERNATIVES:
                found.chunk = set(ends)

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


class _Candidates:
    """The needle candidates of one sequence as it is read: each run of literal texts (the
    ``chunk`` being read) becomes a candidate when an item that is not literal ends it."""

    __slots__ = ("candidates", "chunk")

    def __init__(self, before: str) -> None:
        self.candidates: list[frozenset[str]] = []
        self.chunk = {before}

    def close(self) -> None:
        """End the run: a candidate if every text in it holds some literal text."""
        if all(_unmarked(text) for text in self.chunk):
            self.candidates.append(frozenset(self.chunk))
        self.chunk = {""}

    def extend(self, texts: list[str]) -> None:
        """Add one item's texts to the run (starting a new run when it would grow too many)."""
        if len(self.chunk) * len(texts) > _MAX_ALTERNATIVES:
            self.close()
        self.chunk = {text + choice for text in self.chunk for choice in texts}


def _unmarked(text: str) -> str:
    return text.replace(_BOUND, "")


def readings(gates: Sequence[Gate], among: Sequence[Gate] | None = None) -> dict[Key, Reading]:
    """Read the patterns of ``gates``. ``among`` is the whole set, whose words decide which
    words are common."""
    common = Counter(w for gate in (among or gates) for w in set(_WORD.findall(fold(gate.source))))
    out: dict[Key, Reading] = {}
    for gate in gates:
        found, starts = _read(gate.source, gate.flags, common)
        pairs = tuple((n.text, n.word) for n in found) if found is not None else None
        out[gate.key] = (pairs, starts)
    return out


def table(gates: Sequence[Gate]) -> str:
    """The source of ``_generated.gate_table``: the readings of ``gates``, as data."""
    lines = [
        '"""What tactful._recognize.gates knows of each pattern the recognizer applies to prose.',
        "",
        "Generated by ``python3 tools/gate_table.py``; data only. A pattern that is not here",
        "always runs, and tests/equivalence/test_gates.py says so.",
        '"""',
        "",
        "READINGS: dict[tuple[int, str], tuple[tuple[tuple[str, str | None], ...] | None, "
        "tuple[str, ...] | None]] = {",
    ]
    for key, reading in readings(gates).items():
        lines.append(f"    {key!r}: {reading!r},")
    lines.append("}")
    return "\n".join(lines) + "\n"


def write() -> Path:
    """Write ``_generated/gate_table.py`` for the recognizer's patterns; run after changing one."""
    TABLE.write_text(table(_recognize.PROSE_GATES.gates), encoding="utf-8")
    return TABLE


if __name__ == "__main__":
    print(f"wrote {write()}")
