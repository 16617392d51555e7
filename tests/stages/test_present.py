"""Stage 4, presenting: the copy table every message's words come from."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from tactful import Kind
from tactful._locale import load_catalog
from tactful._present.copy import COPY, OTHER_UNIT_COPY, UNIT_COPY, KindCopy
from tactful._resources import LOCALES_DIR

_PLACEHOLDERS = re.compile(r"%\((\w+)\)s")


def test_every_kind_has_a_row_of_copy() -> None:
    assert set(COPY) == set(Kind)


@pytest.mark.parametrize("kind", list(Kind))
def test_a_kind_always_has_something_to_say(kind: Kind) -> None:
    row = COPY[kind]
    assert row.mirrors[-1].needs == (), "the last mirror must need no amount"
    assert row.mirror(set()) == row.mirrors[-1].text


@pytest.mark.parametrize("kind", list(Kind))
def test_each_mirror_shows_exactly_the_amounts_it_needs(kind: Kind) -> None:
    for mirror in COPY[kind].mirrors:
        assert set(_PLACEHOLDERS.findall(mirror.text)) == set(mirror.needs), mirror.text


@pytest.mark.parametrize("kind", list(Kind))
def test_a_call_to_action_exactly_where_paying_is_the_way_forward(kind: Kind) -> None:
    row = COPY[kind]
    assert (row.action is not None) == kind.is_money
    if row.top_up_action is not None:
        assert _PLACEHOLDERS.findall(row.top_up_action) == ["amount"]


def test_the_most_specific_mirror_whose_amounts_are_known_is_said() -> None:
    row = COPY[Kind.INSUFFICIENT_BALANCE]
    said = row.mirror({"cost", "balance", "shortfall"})
    assert said == "This request needs %(cost)s and your balance is %(balance)s."
    assert row.mirror({"shortfall", "balance"}) == (
        "This request needs %(shortfall)s more than your balance has."
    )
    assert "%(limit)s" not in COPY[Kind.QUOTA_EXHAUSTED].mirror({"used"})


def _msgids() -> set[str]:
    with (LOCALES_DIR / "tactful.pot").open("rb") as handle:
        return {m.id for m in read_po(handle) if isinstance(m.id, str)}


def _sentences(row: KindCopy) -> list[str]:
    texts = [row.title, row.why, *(mirror.text for mirror in row.mirrors)]
    return texts + [t for t in (row.label, row.action, row.top_up_action) if t is not None]


@pytest.mark.parametrize("kind", list(Kind))
def test_every_sentence_of_a_row_is_in_the_catalog_template(kind: Kind) -> None:
    missing = [text for text in _sentences(COPY[kind]) if text not in _msgids()]
    assert missing == []


def test_a_row_is_translated_through_the_catalog() -> None:
    catalog = load_catalog(LOCALES_DIR, "de")
    source = COPY[Kind.INSUFFICIENT_BALANCE]
    german = source.translated(catalog.gettext)
    assert _sentences(german) == [catalog.gettext(text) for text in _sentences(source)]
    assert german.title != source.title
    assert [m.needs for m in german.mirrors] == [m.needs for m in source.mirrors]


@pytest.mark.parametrize("forms", [*UNIT_COPY.values(), OTHER_UNIT_COPY])
def test_every_unit_is_written_with_its_count(forms: tuple[str, str]) -> None:
    assert [_PLACEHOLDERS.findall(form) for form in forms] == [["count"], ["count"]]
    with (LOCALES_DIR / "tactful.pot").open("rb") as handle:
        plurals = {m.id for m in read_po(handle) if isinstance(m.id, tuple)}
    assert forms in plurals
