"""Fast paths of decoding and gathering give what their general ways give.

Decoding copies dicts and lists by a quick way (``_copy_container``, beside ``copy`` in
tactful._decode.copy) that copies their plain strings in line, and gathering walks a decoded
tree noting strings in line (tactful._recognize.evidence._walk) instead of through ``_note``;
each is checked here against its reference.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tactful._decode import copy as copying
from tactful._decode.decoded import MAX_ITEMS, MAX_NODES, Budget
from tactful._recognize import evidence

_LEAVES = st.one_of(
    st.text(alphabet=st.sampled_from(list('ab{}[]" :1\n\u3000\u00a0é')), max_size=12),
    st.integers(-5, 5),
    st.none(),
    st.booleans(),
)
_TREES = st.recursive(
    _LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=6),
        st.dictionaries(st.sampled_from(["code", "message", "a", "b", "urls", "x" * 130]), inner),
    ),
    max_leaves=60,
)


def _general(value: Any) -> Any:
    """The same data in types that take copy's general way: a Mapping and tuples."""
    if isinstance(value, dict):
        return MappingProxyType({key: _general(item) for key, item in value.items()})
    if isinstance(value, list):
        return tuple(_general(item) for item in value)
    return value


@settings(max_examples=400, deadline=None)
@given(_TREES, st.integers(0, 30), st.integers(0, 300))
def test_dicts_and_lists_are_copied_as_any_mapping_and_sequence(
    tree: Any, depth: int, spent: int
) -> None:
    fast, general = Budget(), Budget()
    fast.nodes = general.nodes = MAX_NODES - spent  # near the cap, and past it
    assert copying.copy(tree, depth, fast) == copying.copy(_general(tree), depth, general)
    assert fast.nodes == general.nodes


def test_the_white_space_of_plain_strings_is_what_str_isspace_says() -> None:
    spaces = "".join(ch for ch in map(chr, range(0x110000)) if ch.isspace())
    assert spaces == copying.WHITE_SPACE


@given(st.lists(st.tuples(st.sampled_from("abc"), st.integers()), max_size=300))
def test_objects_keep_the_first_of_duplicate_keys(pairs: list[tuple[str, int]]) -> None:
    expected: dict[str, int] = {}
    for key, value in pairs[:MAX_ITEMS]:
        expected.setdefault(key, value)
    got = copying.first_wins(pairs)
    assert list(got.items()) == list(expected.items())


def _noted_leaf_by_leaf(ev: Any, data: Any, key: str, depth: int) -> None:
    """evidence._walk without its shortcuts: every leaf through _note."""
    if isinstance(data, dict):
        for child_key, value in data.items():
            if isinstance(value, dict):
                evidence._note(ev, str(child_key), value, depth + 1)
            if isinstance(value, (dict, list)):
                _noted_leaf_by_leaf(ev, value, str(child_key), depth + 1)
            else:
                evidence._note(ev, str(child_key), value, depth + 1)
    elif isinstance(data, list):
        for value in data:
            if isinstance(value, (dict, list)):
                _noted_leaf_by_leaf(ev, value, key, depth + 1)
            else:
                evidence._note(ev, key, value, depth + 1)
    else:
        evidence._note(ev, key, data, depth)


@settings(max_examples=300, deadline=None)
@given(_TREES)
def test_the_walk_notes_what_noting_every_leaf_notes(tree: Any) -> None:
    fast, general = evidence.Evidence(), evidence.Evidence()
    evidence._walk(fast, tree, "", 0)
    _noted_leaf_by_leaf(general, tree, "", 0)
    assert fast == general
