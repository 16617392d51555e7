"""The shortcuts of recognition, checked against the long way round.

Recognition skips the patterns a payload gives no chance (tactful._recognize.gates: by the
needles and literal starts every match holds), and ships what it reads out of its patterns as a
table.
None of that may change what recognition finds: for every pattern and every text here, the
gated search finds exactly the matches of the plain regular expression.
"""

from __future__ import annotations

import base64
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tactful import _recognize
from tactful._decode import decode
from tactful._generated.gate_table import READINGS
from tactful._recognize import evidence, prose
from tactful._recognize import gates as _prefilter
from tactful._recognize.gates import fold

from ..conftest import load_jsonl, load_tool

GATES = _recognize.PROSE_GATES.gates
gate_table = load_tool("gate_table")


def read_set(*patterns: tuple[str, int]) -> tuple[_prefilter.GateSet, list[_prefilter.Gate]]:
    """A GateSet of ``patterns``, read now by the table's generator (not the shipped table)."""
    probe = [_prefilter.Gate(i, source, flags) for i, (source, flags) in enumerate(patterns)]
    gates = _prefilter.GateSet(gate_table.readings(probe))
    return gates, [gates.add(source, flags) for source, flags in patterns]


def corpus_prose() -> Iterator[str]:
    """The prose of every corpus payload, as recognition builds it."""
    for name in ("provider_payloads.jsonl", "extra_payloads.jsonl"):
        for entry in load_jsonl(name):
            yield prose_of(entry["body"])
    for entry in load_jsonl("hostile_inputs.jsonl"):
        value: Any = entry.get("input")
        if "input_b64" in entry:
            value = base64.b64decode(entry["input_b64"])
        if isinstance(value, (str, bytes)):
            yield prose_of(value)


def prose_of(body: Any) -> str:
    decoded = decode(body)
    return prose.joined_prose(evidence.gather(decoded).texts)


def spans(matches: Iterator[re.Match[str]]) -> list[tuple[tuple[int, int], dict[str, Any]]]:
    return [(m.span(), m.groupdict()) for m in matches]


def assert_gated_like_plain(text: str) -> None:
    scan = _recognize.PROSE_GATES.scan(text)
    for gate in GATES:
        plain = list(gate.regex.finditer(text))
        assert spans(scan.finditer(gate)) == spans(iter(plain)), gate.source
        first = scan.search(gate)
        expected = plain[0] if plain else None
        assert (first.span() if first else None) == (expected.span() if expected else None)


def test_the_shipped_table_is_what_the_patterns_give() -> None:
    # After changing a pattern: python3 tools/gate_table.py
    shipped = gate_table.TABLE.read_text(encoding="utf-8")
    assert shipped == gate_table.table(GATES), "stale: run python3 tools/gate_table.py"
    assert {gate.key for gate in GATES} == set(READINGS)


def test_a_pattern_the_table_does_not_hold_always_runs() -> None:
    gates = _prefilter.GateSet()  # the shipped table
    unread = gates.add(r"\bwallet (?:is|was) empty", re.IGNORECASE)
    for text in ("Your WALLET is empty.", "nothing here"):
        scan = gates.scan(text)
        assert scan.possible(unread)
        assert spans(scan.finditer(unread)) == spans(unread.regex.finditer(text))


def test_every_pattern_can_run() -> None:
    # A reading with no needle at all would shut its pattern out of every text.
    for gate in GATES:
        found, starts = READINGS[gate.key]
        assert found is None or found, gate.source
        assert starts is None or (starts and all(starts)), gate.source


@pytest.mark.parametrize("text", list(corpus_prose()), ids=lambda t: t[:30])
def test_gated_search_finds_what_the_pattern_finds_in_the_corpora(text: str) -> None:
    assert_gated_like_plain(text)


def _words() -> list[str]:
    # Pieces of the patterns' own literal text, so that generated texts come close to (and
    # often hit) what the patterns look for; and characters that case-fold unusually.
    found: set[str] = set()
    for found_needles, starts in READINGS.values():
        for text, word in found_needles or ():
            found.update({text, *(text.split())})
            if word:
                found.add(word)
        found.update(starts or ())
    return sorted(found)


_PIECES = st.sampled_from(_words())
_CASED = _PIECES.flatmap(
    lambda w: st.sampled_from([w, w.upper(), w.title(), w.replace("s", "ſ"), w.replace("i", "İ")])
)
_GLUE = st.sampled_from([" ", "", ". ", "\n", " $4.50 ", " 4096 ", "_", "-", "：", "'", ' "'])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_CASED, _GLUE), max_size=12))
def test_gated_search_finds_what_the_pattern_finds_in_any_text(
    parts: list[tuple[str, str]],
) -> None:
    assert_gated_like_plain("".join(word + glue for word, glue in parts))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_CASED, _GLUE), min_size=1, max_size=12), st.integers(0, 3))
def test_gated_search_finds_what_the_pattern_finds_in_long_texts(
    parts: list[tuple[str, str]], where: int
) -> None:
    # Long prose, where a needle stands far from the start of the text.
    text = "".join(word + glue for word, glue in parts)
    filler = "lorem ipsum dolor sit amet " * 24
    placed = [filler + text, text + filler, filler + text + filler, ((text + " ") * 600)[:3000]][
        where
    ]
    assert len(placed) > 512
    assert_gated_like_plain(placed)


def test_case_folding_is_the_re_modules() -> None:
    # Every character that IGNORECASE matches to a letter of a pattern folds to that letter's
    # fold, and folding keeps the length (so positions in the folded text are positions in
    # the text).
    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert len(fold(everything)) == len(everything)
    letters = {ch for gate in GATES for ch in gate.source if ch.isalpha()}
    for letter in sorted(letters):
        for twin in re.findall(re.escape(letter), everything, re.IGNORECASE):
            assert fold(twin) == fold(letter), (letter, twin)


def test_a_pattern_without_literal_text_always_runs() -> None:
    gates, (digits, either) = read_set((r"\d{3}", 0), (r"(?P<a>x)?(?(a)y|z)", 0))
    assert gate_table.needles(r"\d{3}") is None
    for text in ("error 402", "xy", "z", "nothing"):
        scan = gates.scan(text)
        assert scan.possible(digits)
        for gate in (digits, either):
            assert spans(scan.finditer(gate)) == spans(gate.regex.finditer(text))


def test_whole_words_and_substrings_gate_alike() -> None:
    gates, (card, throttled) = read_set((r"\bcard\b", re.IGNORECASE), (r"\bthrottl", re.IGNORECASE))
    assert gates.scan("Your CARD was declined").search(card) is not None
    assert not gates.scan("postcard declined").possible(card)  # a whole word, or nothing
    assert gates.scan("Request THROTTLED").search(throttled) is not None
    assert not gates.scan("Request limited").possible(throttled)


def test_gates_are_read_once_and_then_shared() -> None:
    gates, _ = read_set((r"\bquota\b", re.IGNORECASE))
    gates.scan("quota")
    with pytest.raises(RuntimeError):
        gates.add(r"\bbalance\b")


def _wide_or_narrow(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def test_the_width_blocks_of_text_wrapping_are_unicodes() -> None:
    # Text wrapping measures characters in these blocks without asking unicodedata.
    from tactful._channels import wrap as _channels

    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    wide = re.findall(f"[{_channels._WIDE_BLOCKS}]", everything)
    narrow = re.findall(f"[{_channels._NARROW_BLOCKS}]", everything)
    assert wide and all(_wide_or_narrow(ch) == 2 for ch in wide)
    assert narrow and all(_wide_or_narrow(ch) == 1 for ch in narrow)


_CODE_PIECES = st.sampled_from(
    [
        *("INSUFFICIENT", "_", "BALANCE", "Card", "Error", "Exception", "Throttling", " ", "x"),
        *("RESOURCE_EXHAUSTED", "CardError", "Rate_Limit", "QUOTA_EXCEEDED", "_ERR", ".", "1", "é"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_CODE_PIECES, max_size=14))
def test_codes_in_prose_are_read_word_by_word_as_the_pattern_reads_them(
    pieces: list[str],
) -> None:
    text = "".join(pieces)
    expected: list[str] = []
    for match in prose.PROSE_CODE.regex.finditer(text):
        name = match.group(0)
        if prose.normalized(name) in prose.CODE_KIND and name not in expected:
            expected.append(name)
    assert prose.prose_codes(_recognize.PROSE_GATES.scan(text)) == expected[:16]
