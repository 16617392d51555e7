"""Swappable templates: user directories first, extending built-ins, translations per render."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

import tactful

from ..conftest import B1, RECHARGE


def test_user_template_extends_builtin_and_overrides_one_block(tmp_path: Path) -> None:
    (tmp_path / "notice.html").write_text(
        '{% extends "tactful/notice.html" %}'
        '{% block details %}<footer class="app-help">{{ _("See pricing") }}</footer>{% endblock %}',
        encoding="utf-8",
    )
    renderer = tactful.Renderer(template_dirs=[tmp_path], recharge_url=RECHARGE)
    html = renderer.render(B1)
    assert '<footer class="app-help">See pricing</footer>' in html
    assert "tactful__button" in html  # the blocks it did not override are the built-in ones
    assert "<details" not in html
    # The i18n extension translates template strings with the locale of this call only.
    assert '<footer class="app-help">Preise ansehen</footer>' in renderer.render(B1, locale="de")
    assert '<footer class="app-help">Voir les tarifs</footer>' in renderer.render(B1, locale="fr")
    assert '<footer class="app-help">See pricing</footer>' in renderer.render(B1)


def test_user_template_shadows_builtin(tmp_path: Path) -> None:
    (tmp_path / "notice.txt").write_text("{{ title }} / {{ action.url }}\n", encoding="utf-8")
    renderer = tactful.Renderer(template_dirs=[tmp_path], recharge_url=RECHARGE)
    assert renderer.render(B1, format="text") == f"Your balance is too low / {RECHARGE}\n"


def test_trans_block_uses_per_call_locale(tmp_path: Path) -> None:
    (tmp_path / "notice.txt").write_text("{% trans %}Details{% endtrans %}\n", encoding="utf-8")
    renderer = tactful.Renderer(template_dirs=[tmp_path])
    assert renderer.render(B1, format="text", locale="fr") == "Détails\n"
    assert renderer.render(B1, format="text", locale="en") == "Details\n"


def test_template_name_argument_picks_a_user_template(tmp_path: Path) -> None:
    (tmp_path / "compact.txt").write_text("{{ title }}\n", encoding="utf-8")
    renderer = tactful.Renderer(template_dirs=[tmp_path])
    assert renderer.render(B1, format="text", template="compact.txt") == "Your balance is too low\n"


@pytest.mark.parametrize(
    "name", ["../../etc/passwd", "a\x00b.txt", "C:/Windows/win.ini", "x/../../y"]
)
def test_unsafe_template_names_fall_back_to_the_default(
    name: str, caplog: pytest.LogCaptureFixture
) -> None:
    renderer = tactful.Renderer(recharge_url=RECHARGE)
    with caplog.at_level(logging.ERROR, logger="tactful"):
        out = renderer.render(B1, format="text", template=name)
    assert out == renderer.render(B1, format="text")
    with pytest.raises(tactful.TemplateError):
        tactful.Renderer(strict=True).render(B1, template=name)


def test_failing_user_template_falls_back_logs_and_reports(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "notice.html").write_text("{{ title ", encoding="utf-8")  # a syntax error
    (tmp_path / "notice.txt").write_text("{{ no_such_name }}", encoding="utf-8")  # StrictUndefined
    seen: list[BaseException] = []
    renderer = tactful.Renderer(
        template_dirs=[tmp_path], recharge_url=RECHARGE, on_error=seen.append
    )
    with caplog.at_level(logging.ERROR, logger="tactful"):
        html = renderer.render(B1, locale="de")
        text = renderer.render(B1, format="text", locale="de")
    assert 'class="tactful tactful--fallback"' in html and f'href="{RECHARGE}"' in html
    assert "Ihr Guthaben reicht nicht aus" in html  # the requested language, still
    assert text.startswith("Ihr Guthaben reicht nicht aus\n") and RECHARGE in text
    assert len(seen) == 2 and all(isinstance(e, tactful.TemplateError) for e in seen)
    assert any(r.name == "tactful" for r in caplog.records)


def test_strict_mode_raises_documented_errors(tmp_path: Path) -> None:
    (tmp_path / "notice.html").write_text("{{ title ", encoding="utf-8")
    strict = tactful.Renderer(template_dirs=[tmp_path], strict=True)
    with pytest.raises(tactful.TemplateError):
        strict.render(B1)
    with pytest.raises(tactful.ConfigError):
        tactful.Renderer(recharge_url="javascript:alert(1)", strict=True)


def test_failing_on_error_callback_does_not_fail_the_render(tmp_path: Path) -> None:
    (tmp_path / "notice.html").write_text("{% block %}", encoding="utf-8")

    def explode(_: BaseException) -> None:
        raise RuntimeError("callback bug")

    out = tactful.Renderer(template_dirs=[tmp_path], on_error=explode).render(B1)
    assert "tactful--fallback" in out


def test_unknown_format_falls_back_to_a_message() -> None:
    out = tactful.Renderer(recharge_url=RECHARGE).render(B1, format="pdf")
    assert "Your balance is too low" in out and RECHARGE in out


def test_sandboxed_environment_refuses_unsafe_attribute_access(tmp_path: Path) -> None:
    (tmp_path / "notice.txt").write_text("{{ title.__class__.__mro__ }}", encoding="utf-8")
    seen: list[BaseException] = []
    out = tactful.Renderer(template_dirs=[tmp_path], sandboxed=True, on_error=seen.append).render(
        B1, format="text"
    )
    assert "<class" not in out and seen
