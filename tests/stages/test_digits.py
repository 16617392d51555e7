"""Native digits: where CLDR's default numbering system for a locale is not Latin (fa, bn),
numbers, amounts, counts and durations are written in the locale's own digits, configurable
per Renderer; no message mixes two digit sets."""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
from decimal import Decimal

import babel
import pytest
from babel import Locale

import tactful
from tactful._locale import supported_locales
from tactful._present.digits import NEWER_CLDR_DEFAULTS, ZERO, native, numbering_system
from tactful._resources import LOCALES_DIR

from ..conftest import RECHARGE

LOCALES = sorted(supported_locales(LOCALES_DIR))
AMOUNTS = ("0", "1", "1.5", "2", "5", "21", "22", "101", "1000000")
DIGIT = re.compile(r"\d")


@pytest.mark.parametrize("system", sorted(ZERO))
def test_each_numbering_system_has_its_ten_digits_in_order(system: str) -> None:
    zero = ZERO[system]
    digits = [chr(zero + n) for n in range(10)]
    assert [unicodedata.decimal(d) for d in digits] == list(range(10)), system
    # One script per system: the ten share the name's script word ("ARABIC-INDIC", "BENGALI").
    assert len({unicodedata.name(d).rsplit(" DIGIT ", 1)[0] for d in digits}) == 1
    assert native("0123456789", system) == "".join(digits)


def test_the_locales_with_their_own_digits_are_those_cldr_gives_them() -> None:
    native_locales = {
        locale for locale in LOCALES if numbering_system(Locale.parse(locale)) != "latn"
    }
    assert native_locales == {"fa", "bn"}
    for locale in LOCALES:
        system = str(Locale.parse(locale).default_numbering_system)
        system = NEWER_CLDR_DEFAULTS.get(locale, system)
        assert numbering_system(Locale.parse(locale)) == (system if system in ZERO else "latn")


def test_the_newer_cldr_defaults_are_what_the_newer_cldr_says() -> None:
    # CLDR 45 came with Babel 2.15; with an older Babel the table is what keeps ar Latin.
    if tuple(int(part) for part in babel.__version__.split(".")[:2]) < (2, 15):
        pytest.skip(f"Babel {babel.__version__} has the older CLDR the table corrects")
    for locale, system in NEWER_CLDR_DEFAULTS.items():
        assert str(Locale.parse(locale).default_numbering_system) == system


def _payload(amount: str, unit: str) -> str:
    error: dict[str, object] = {"code": "insufficient_balance", "balance": amount}
    if unit == "USD":
        error["currency"] = "USD"
    else:
        error["unit"] = unit
    return json.dumps({"error": error})


def digit_sets(text: str) -> set[str]:
    """The numbering systems of the digits in ``text`` ("latn" for 0-9)."""
    found = set()
    for ch in DIGIT.findall(text):
        found.add("latn" if ch.isascii() else unicodedata.name(ch).rsplit(" DIGIT ", 1)[0])
    return found


def _message(text: str) -> str:
    # The message without its details (codes, statuses and ids are identifiers, copied as the
    # provider sent them) and without its links (a URL's digits are its own).
    body = text.split("\n\n  ", 1)[0]
    return re.sub(r"https://\S+", "", body)


@pytest.mark.parametrize("locale", LOCALES)
def test_no_message_mixes_digit_sets(locale: str) -> None:
    renderer = tactful.Renderer(recharge_url=RECHARGE + "?amount={amount}")
    expected = "latn" if locale not in ("fa", "bn") else None
    for amount in AMOUNTS:
        for unit in ("USD", "credits", "tokens"):
            text = _message(renderer.render(_payload(amount, unit), format="text", locale=locale))
            sets = digit_sets(text)
            assert len(sets) == 1, (locale, amount, unit, text)
            if expected:
                assert sets == {expected}, (locale, amount, unit)
            else:
                assert "latn" not in sets, (locale, amount, unit, text)
    wait = renderer.render(
        json.dumps({"error": {"type": "rate_limit_error"}}),
        format="text",
        locale=locale,
        http_status=429,
    )
    assert len(digit_sets(_message(wait))) <= 1


@pytest.mark.parametrize(("locale", "zero"), [("fa", "۰"), ("bn", "০")])
def test_durations_and_counts_follow_the_native_digits(locale: str, zero: str) -> None:
    renderer = tactful.Renderer(recharge_url=RECHARGE)
    low = renderer.render_low_balance(
        tactful.Money(Decimal("10"), "credits"),
        threshold=tactful.Money(Decimal("100"), "credits"),
        runs_out_in=datetime.timedelta(days=30),
        format="text",
        locale=locale,
    )
    assert zero in low and not re.search("[0-9]", _message(low)), low
    notice = tactful.Notice(tactful.Kind.RATE_LIMIT, retry_after=20)
    wait = renderer.render(notice, format="text", locale=locale)
    assert not re.search("[0-9]", _message(wait)) and re.search(r"\d", _message(wait))


def test_latin_digits_can_be_chosen_and_the_setting_is_checked() -> None:
    payload = _payload("4096.5", "tokens")
    native_text = tactful.Renderer().render(payload, format="text", locale="fa")
    latin_text = tactful.Renderer(digits="latin").render(payload, format="text", locale="fa")
    assert "۴٬۰۹۶٫۵" in native_text
    assert "4,096.5" in latin_text and digit_sets(_message(latin_text)) == {"latn"}
    html = tactful.Renderer(digits="latin").render(payload, locale="bn")
    assert "৪" not in html
    with pytest.raises(tactful.ConfigError, match="digits"):
        tactful.Renderer(digits="arabic")
    with pytest.raises(tactful.ConfigError, match="digits"):
        tactful.ContentSettings(digits=None)  # type: ignore[arg-type]
