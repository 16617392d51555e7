"""Counted words: waits and runways as a whole count of one unit, said by each catalog's own
sentence per unit, and amounts of every unit with each language's plural forms, including
its own forms for 0 and for decimals."""

from __future__ import annotations

import datetime
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

import tactful
from tactful import Kind, Money, Notice
from tactful._locale import Catalog, load_catalog, supported_locales
from tactful._present import Options, present
from tactful._present.copy import COPY, LATER, OTHER_UNIT_COPY, RUNWAY_COPY, UNIT_COPY, WAIT_COPY
from tactful._present.durations import RUNWAY_UNITS, WAIT_UNITS, counted
from tactful._present.money import format_count, format_money
from tactful._resources import LOCALES_DIR

from ..conftest import load_tool

LOCALES = sorted(supported_locales(LOCALES_DIR))
SIZES = {**dict(WAIT_UNITS), **dict(RUNWAY_UNITS)}


@pytest.mark.parametrize(
    ("seconds", "said"),
    [
        (1, ("second", 1)),
        (59, ("second", 59)),
        (60, ("minute", 1)),
        (61, ("second", 61)),  # not "2 minutes": the largest unit that reads whole
        (119, ("second", 119)),
        (120, ("minute", 2)),
        (121, ("minute", 3)),  # rounded up: never shorter than asked
        (3600, ("hour", 1)),
        (3601, ("minute", 61)),
        (5400, ("minute", 90)),
        (7200, ("hour", 2)),
        (86400, ("day", 1)),
        (90000, ("hour", 25)),
        (172800, ("day", 2)),
        (7 * 86400, ("day", 7)),
    ],
)
def test_a_wait_is_counted_in_the_largest_unit_that_reads_whole(
    seconds: int, said: tuple[str, int]
) -> None:
    assert counted(datetime.timedelta(seconds=seconds), WAIT_UNITS, up=True) == said


def test_a_wait_is_never_said_shorter_than_asked_nor_a_whole_unit_longer() -> None:
    for seconds in range(1, 7 * 86400 + 1, 37):
        unit, count = counted(datetime.timedelta(seconds=seconds), WAIT_UNITS, up=True)
        said = count * SIZES[unit].total_seconds()
        assert seconds <= said < seconds + SIZES[unit].total_seconds(), (seconds, unit, count)
        assert count >= 2 or said == seconds or unit == "second", (seconds, unit, count)


def test_a_runway_is_the_nearest_count_of_its_unit() -> None:
    for minutes in range(1, 366 * 24 * 60, 53):
        duration = datetime.timedelta(minutes=minutes)
        unit, count = counted(duration, RUNWAY_UNITS, up=False)
        assert abs(count * SIZES[unit] - duration) <= SIZES[unit] / 2, (minutes, unit, count)
        assert count >= 2 or count * SIZES[unit] == duration, (minutes, unit, count)
    assert counted(datetime.timedelta(days=21, hours=13), RUNWAY_UNITS, up=False) == ("week", 3)
    assert counted(datetime.timedelta(days=366), RUNWAY_UNITS, up=False) == ("month", 12)


# Every count each unit can be said with (a wait is at most a week, a runway at most a year).
WAIT_COUNTS = {
    "second": (1, 2, 3, 5, 11, 21, 22, 101),
    "minute": (1, 2, 3, 5, 11, 21, 22, 101),
    "hour": (1, 2, 3, 5, 11, 21, 22),
    "day": (1, 2, 3, 5, 7),
}
RUNWAY_COUNTS = {
    "minute": (1, 2, 3, 5, 11, 21, 22, 101),
    "hour": (1, 2, 3, 5, 11, 21, 22),
    "day": (1, 2, 3, 5, 11, 13),
    "week": (1, 2, 3, 5, 8),
    "month": (1, 2, 3, 5, 11, 12),
}


def _wait(locale_id: str, seconds: int) -> str:
    notice = Notice(kind=Kind.RATE_LIMIT, retry_after=seconds)
    wait = present(notice, load_catalog(LOCALES_DIR, locale_id), Options()).wait
    assert wait is not None
    return str(wait)


def _runway(locale_id: str, duration: datetime.timedelta) -> str:
    renderer = tactful.Renderer()
    doc = renderer.render_low_balance(
        Money(Decimal("3"), "USD"), runs_out_in=duration, format="problem", locale=locale_id
    )
    return str(json.loads(doc)["detail"])


def _says_count(catalog: Catalog, entry: tuple[str, str, str], count: int, said: str) -> bool:
    """Whether ``said`` shows ``count`` in the locale's digits, or in words where the form of
    a count of one or two has no number (Arabic "دقيقة واحدة", "يومين", as CLDR's units say)."""
    if format_count(count, catalog) in said:
        return True
    context, singular, plural = entry
    form = catalog.ngettext(singular, plural, count, context)
    return "%(count)s" not in form and catalog.locale.plural_form(count) in ("one", "two")


@pytest.mark.parametrize("locale_id", LOCALES)
def test_every_wait_says_its_count_in_the_locales_own_sentence(locale_id: str) -> None:
    catalog = load_catalog(LOCALES_DIR, locale_id)
    for unit, counts in WAIT_COUNTS.items():
        for count in counts:
            seconds = int(count * SIZES[unit].total_seconds())
            assert counted(datetime.timedelta(seconds=seconds), WAIT_UNITS, up=True) == (
                unit,
                count,
            )
            said, english = _wait(locale_id, seconds), _wait("en", seconds)
            assert _says_count(catalog, WAIT_COPY[unit], count, said), (unit, count, said)
            assert "%(" not in said and "count" not in said, said
            assert (said == english) is (locale_id == "en"), (unit, count, said)


@pytest.mark.parametrize("locale_id", LOCALES)
def test_every_runway_says_its_count_in_the_locales_own_sentence(locale_id: str) -> None:
    catalog = load_catalog(LOCALES_DIR, locale_id)
    for unit, counts in RUNWAY_COUNTS.items():
        for count in counts:
            duration = count * SIZES[unit]
            said, english = _runway(locale_id, duration), _runway("en", duration)
            assert _says_count(catalog, RUNWAY_COPY[unit], count, said), (unit, count, said)
            assert "%(" not in said and "count" not in said, said
            context, singular, plural = RUNWAY_COPY[unit]
            sentence = catalog.ngettext(singular, plural, count, context)
            assert (sentence in (singular, plural)) is (locale_id == "en"), (unit, count, said)
            assert said != english or locale_id == "en"


AMOUNTS = ("0", "1", "1.5", "2", "5", "21", "0.5", "22", "101", "1000000")


def _expected_form(catalog: Catalog, unit: str, amount: Decimal) -> str:
    """The form a catalog gives: its own for 0 or decimals where it has one, else the form of
    the number's CLDR category."""
    singular, plural = UNIT_COPY.get(unit, OTHER_UNIT_COPY)
    case = "zero" if amount == 0 else "decimals" if amount % 1 else None
    own = catalog.gettext(singular, case) if case else singular
    if case and own != singular:
        return own
    return catalog.ngettext(singular, plural, amount)


@pytest.mark.parametrize("locale_id", LOCALES)
def test_every_unit_amount_takes_the_locales_form_for_its_number(locale_id: str) -> None:
    catalog = load_catalog(LOCALES_DIR, locale_id)
    for unit in (*UNIT_COPY, "widgets"):
        for text in AMOUNTS:
            amount = Decimal(text)
            said = format_money(Money(amount, unit), catalog)
            number = format_count(int(amount), catalog) if not amount % 1 else None
            form = _expected_form(catalog, unit, amount)
            assert "%(" not in said and form.count("%(count)s") == 1, (unit, text, form)
            before, after = form.split("%(count)s")
            assert said.startswith(before) and said.endswith(after), (unit, text, said, form)
            if number is not None:
                assert said == before + number + after


@pytest.mark.parametrize(
    ("locale_id", "amount", "unit", "ending"),
    [
        # Brazilian Portuguese counts 0 in the plural (CLDR: "one").
        ("pt_BR", "0", "credits", "créditos"),
        ("pt_BR", "0", "requests", "solicitações"),
        ("pt_BR", "1", "credits", "crédito"),
        ("pt_PT", "0", "credits", "créditos"),  # CLDR pt_PT already says "other"
        # Slovenian takes the genitive singular after decimals (CLDR: "few").
        ("sl", "1.5", "credits", "kredita"),
        ("sl", "1.5", "points", "točke"),
        ("sl", "3", "credits", "krediti"),
        # Serbian and Croatian too (CLDR: "other").
        ("sr", "0.5", "widgets", "јединице"),
        ("sr", "1.5", "characters", "знака"),
        ("hr", "1.5", "characters", "znaka"),
    ],
)
def test_zero_and_decimals_take_the_form_the_language_uses(
    locale_id: str, amount: str, unit: str, ending: str
) -> None:
    said = format_money(Money(Decimal(amount), unit), load_catalog(LOCALES_DIR, locale_id))
    assert said.endswith(ending), said


def test_a_catalogs_own_zero_and_decimal_forms_are_used_only_for_those_numbers() -> None:
    forms = ("%(count)s crédito", "%(count)s créditos")
    catalog = Catalog(
        "pt_BR",
        {
            (None, "%(count)s credit"): forms,
            ("zero", "%(count)s credit"): "%(count)s créditos (zero)",
            ("decimals", "%(count)s credit"): "%(count)s créditos (decimals)",
        },
    )
    say = lambda n: catalog.ngettext("%(count)s credit", "%(count)s credits", n)  # noqa: E731
    assert say(0) == say(Decimal("0")) == "%(count)s créditos (zero)"
    assert say(Decimal("1.5")) == say(Decimal("0.25")) == "%(count)s créditos (decimals)"
    assert say(1) == say(Decimal("1")) == "%(count)s crédito"
    assert say(2) == "%(count)s créditos"
    # Only plural messages without a context of their own take them.
    assert catalog.ngettext("%(count)s credit", "x", 0, "wait") == "%(count)s credit"


def test_the_catalog_check_refuses_a_zero_form_for_a_message_without_plurals(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalogs = load_tool("catalogs")
    shutil.copytree(LOCALES_DIR, tmp_path / "locales")
    path = tmp_path / "locales" / "pt_BR" / "LC_MESSAGES" / "tactful.po"
    good = '\nmsgctxt "zero"\nmsgid "%(count)s credit"\nmsgstr "%(count)s créditos"\n'
    bad = '\nmsgctxt "decimals"\nmsgid "Add credit"\nmsgstr "Adicionar crédito"\n'
    monkeypatch.setattr(catalogs, "LOCALES", tmp_path / "locales")
    monkeypatch.setattr(catalogs, "POT", tmp_path / "locales" / "tactful.pot")
    path.write_text(path.read_text("utf-8") + good, "utf-8")
    assert not [p for p in catalogs.problems("pt_BR") if "form for" in p]
    path.write_text(path.read_text("utf-8") + bad, "utf-8")
    assert [p for p in catalogs.problems("pt_BR") if "form for" in p] == [
        "a 'decimals' form for 'Add credit', which is no plural message without a context"
    ]
    catalogs.update()  # the translator's own forms survive an update from the template
    assert good.strip() in path.read_text("utf-8")


def test_a_low_balance_at_zero_makes_no_promise_that_requests_go_through() -> None:
    renderer = tactful.Renderer()
    for amount, says in (("0", False), ("-1", False), ("0.01", True)):
        text = renderer.render_low_balance(Money(Decimal(amount), "USD"), format="text")
        assert ("still go through" in text) is says, text


SENTENCE_AMOUNTS = ("0", "1", "1.5", "2", "5", "21", "22", "101", "1000000")


@pytest.mark.parametrize("locale_id", LOCALES)
def test_every_amount_sentence_shows_every_amount_it_names(locale_id: str) -> None:
    # Each mirror (in the app and in an email), with every amount it names, in every unit and
    # at every count above: the sentence is the catalog's own, and each amount appears in it
    # as format_money writes it, whatever case and form the translator built around it.
    catalog = load_catalog(LOCALES_DIR, locale_id)
    for later in (False, True):
        for kind in Kind:
            for needs in {row.needs for row in COPY[kind].mirrors if row.needs}:
                source = COPY[kind].mirror(needs)
                source = LATER.get(source, source) if later else source
                assert (catalog.gettext(source) == source) is (locale_id == "en"), source
                for unit in (*UNIT_COPY, "USD", "widgets"):
                    for text in SENTENCE_AMOUNTS:
                        if "shortfall" in needs and text == "0":
                            continue  # a shortfall of nothing is not said (test_present)
                        amount = Money(Decimal(text), unit)
                        notice = Notice(kind, **dict.fromkeys(needs, amount))
                        mirror = str(present(notice, catalog, Options(later=later)).mirror)
                        shown = format_money(amount, catalog)
                        assert shown in mirror, (kind, needs, unit, text, mirror)
                        assert "%(" not in mirror and "{" not in mirror, mirror
