"""Stage 4, presenting: the copy table every message's words come from."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from babel.messages.pofile import read_po

import tactful
from tactful import Kind, Money, Notice
from tactful._locale import load_catalog
from tactful._present.copy import COPY, OTHER_UNIT_COPY, UNIT_COPY, KindCopy
from tactful._resources import LOCALES_DIR

from ..conftest import RECHARGE

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
    assert said == "The cost of this request is %(cost)s, and your balance is %(balance)s."
    assert row.mirror({"shortfall", "balance"}) == (
        "This request needs more than your balance: the difference is %(shortfall)s."
    )
    assert "%(limit)s" not in COPY[Kind.QUOTA_EXHAUSTED].mirror({"used"})


def _msgids() -> set[str]:
    with (LOCALES_DIR / "tactful.pot").open("rb") as handle:
        return {m.id for m in read_po(handle) if isinstance(m.id, str)}


def _sentences(row: KindCopy) -> list[str]:
    texts = [row.title, *(mirror.text for mirror in row.mirrors)]
    return texts + [t for t in (row.why, row.label, row.action, row.top_up_action) if t is not None]


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


# ---- each sentence true for its kind --------------------------------------------------------

_DOCS_COPY = (LOCALES_DIR.parent / "docs" / "copy.md").read_text(encoding="utf-8")
# "| `kind` | "relief clause" | why |", or "| `kind` | none | why |"
_RELIEF_ROW = re.compile(r'^\| `(\w+)` \| (?:"([^"]+)"|none) \|', re.MULTILINE)


def test_the_relief_clause_of_each_kind_is_the_one_docs_copy_states() -> None:
    stated = {Kind(kind): label or None for kind, label in _RELIEF_ROW.findall(_DOCS_COPY)}
    assert set(stated) == set(Kind), "docs/copy.md states the relief clause of every kind"
    assert {kind: COPY[kind].label for kind in Kind} == stated


def test_an_unknown_failure_promises_nothing() -> None:
    # An invalid key or a server error: it may have run, or been billed.
    body = {"error": {"code": "invalid_api_key", "message": "Incorrect API key provided."}}
    text = tactful.Renderer().render(body, format="text", http_status=401)
    assert tactful.parse(body, http_status=401).kind is Kind.OTHER
    assert "charged" not in text and "kept" not in text and "pick up" not in text
    assert "The service did not complete this request." in text


@pytest.mark.parametrize("payload", [b"", b"   \n", b"\x00\x01\x02", "\ufeff"])
def test_a_payload_with_nothing_readable_says_so_and_nothing_more(payload: bytes | str) -> None:
    renderer = tactful.Renderer(recharge_url=RECHARGE)
    result = renderer.render_result(payload, format="text")
    assert result.notice is not None and result.notice.kind is Kind.OTHER
    assert tactful.parse(payload).kind is Kind.OTHER  # one answer: parse, render, inspect
    assert result.body == "This request could not run\n\nWe could not read the service's answer.\n"
    assert result.action_url is None
    de = renderer.render(payload, format="text", locale="de")
    assert "Wir konnten die Antwort des Dienstes nicht lesen." in de
    with pytest.raises(tactful.PayloadError):
        renderer.replace(strict=True).render(payload)


def test_an_application_may_still_read_unreadable_input_as_out_of_credit() -> None:
    renderer = tactful.Renderer(recharge_url=RECHARGE, unreadable_kind=Kind.INSUFFICIENT_BALANCE)
    text = renderer.render(b"", format="text")
    assert text.startswith("Your balance is too low") and RECHARGE in text


# Claims a message makes; each may be made by one of its sentences at most.
_CLAIMS = {
    "nothing paid": re.compile(r"\bcharged\b|\bno payment\b|\bpayment was made\b"),
    "work kept": re.compile(r"\bkept\b"),
    "pick up": re.compile(r"\bpick up\b"),
}


@pytest.mark.parametrize("kind", list(Kind))
def test_no_sentence_repeats_another_in_the_same_message(kind: Kind) -> None:
    row = COPY[kind]
    for mirror in row.mirrors:
        sentences = [s for s in (mirror.text, row.label, row.why) if s]
        for claim, pattern in _CLAIMS.items():
            saying = [s for s in sentences if pattern.search(s)]
            assert len(saying) <= 1, (claim, saying)


def test_the_why_is_said_only_where_a_limit_stopped_the_request() -> None:
    limited = {Kind.INSUFFICIENT_BALANCE, Kind.QUOTA_EXHAUSTED, Kind.RATE_LIMIT}
    assert {kind for kind, row in COPY.items() if row.why is not None} == limited
    renderer = tactful.Renderer(show_why=True)
    for notice in (Notice(Kind.OTHER, http_status=500, message="boom"), Notice(Kind.OTHER)):
        assert "Limits like this" not in renderer.render(notice, format="text")
    said = renderer.render(Notice(Kind.QUOTA_EXHAUSTED), format="text")
    assert "Limits like this keep spending predictable" in said


def test_a_shortfall_of_nothing_is_not_said() -> None:
    for amount in ("0", "-1"):
        notice = Notice(Kind.INSUFFICIENT_BALANCE, shortfall=Money(Decimal(amount), "USD"))
        text = tactful.render(notice, format="text")
        assert "difference" not in text and "$0.00" not in text, text
    said = tactful.render(
        Notice(Kind.INSUFFICIENT_BALANCE, shortfall=Money(Decimal("0.5"), "USD")), format="text"
    )
    assert "the difference is $0.50" in said
