"""The direct template call renders what ``Template.render`` renders.

``tactful._render.environment.render_template`` skips ``Template.render``'s copies of the context
(see its docstring). Here every render of the built-in templates, for every format, corpus
payloads and four locales, and an application's own templates using Jinja's globals, blocks,
macros and includes, is made both ways and compared; and a failing template raises exactly
what ``Template.render`` raises.
"""

from __future__ import annotations

import importlib
import traceback
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
import pytest

import tactful
from tactful._render.environment import environment, render_template

from ..conftest import PROVIDER_PAYLOADS

produce = importlib.import_module("tactful._render.produce")

LOCALES = ("en", "de", "ar", "ja")
FORMATS = ("html", "text", "terminal", "markdown", "problem")


@pytest.fixture
def compared(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """Every template the renderer renders, made both ways: (template name, same?).

    "Same" also requires that the direct call did not fall back on ``Template.render`` (which
    it does only to raise a failure as that raises it)."""
    seen: list[tuple[str, bool]] = []
    reference = jinja2.Template.render
    fell_back: list[str] = []

    def counted(template: jinja2.Template, *args: Any, **kwargs: Any) -> str:
        fell_back.append(str(template.name))
        return reference(template, *args, **kwargs)

    def both(template: jinja2.Template, context: dict[str, Any]) -> str:
        before = len(fell_back)
        direct = render_template(template, dict(context))
        direct_only = len(fell_back) == before
        seen.append((str(template.name), direct_only and direct == reference(template, context)))
        return direct

    monkeypatch.setattr(jinja2.Template, "render", counted)
    monkeypatch.setattr(produce, "render_template", both)
    return seen


def test_every_built_in_template_renders_as_template_render_renders_it(
    compared: list[tuple[str, bool]],
) -> None:
    renderer = tactful.Renderer(recharge_url="https://billing.example.com/top-up")
    for entry in PROVIDER_PAYLOADS[::7]:
        for locale in LOCALES:
            for format in FORMATS:
                renderer.render(entry["body"], format=format, locale=locale)
            renderer.render_email(entry["body"], locale=locale)
    for locale in LOCALES:
        balance = tactful.Money(Decimal("3.50"), "USD")
        renderer.render_low_balance(
            balance, threshold=tactful.Money(Decimal(5), "USD"), locale=locale
        )
    assert {name for name, _ in compared} == {
        "notice.html",
        "notice.txt",
        "notice.md",
        "email.html",
        "email.txt",
    }
    assert [name for name, same in compared if not same] == []


APP_TEMPLATE = """{% extends "tactful/notice.html" %}
{% import "parts.html" as parts %}
{% block heading %}{{ parts.shout("Out of credit") }}{% endblock %}
{% block details %}
{% set ns = namespace(n=0) %}{% for i in range(3) %}{% set ns.n = ns.n + i %}{% endfor %}
{{ cycler("a", "b").next() }}{{ joiner(",")() }}{{ ns.n }}{{ dict(x=1)["x"] }}
{% include "small.html" %}{{ self.heading() }}{{ super() }}
{{ _("Top up") }}{% trans %}Hello{% endtrans %}
{% endblock %}
"""


def test_an_applications_templates_render_as_template_render_renders_them(
    tmp_path: Path, compared: list[tuple[str, bool]]
) -> None:
    (tmp_path / "notice.html").write_text(APP_TEMPLATE, encoding="utf-8")
    (tmp_path / "parts.html").write_text(
        "{% macro shout(t) %}<b>{{ t }}</b>{% endmacro %}", encoding="utf-8"
    )
    (tmp_path / "small.html").write_text("<i>{{ heading_level }}</i>", encoding="utf-8")
    for sandboxed in (False, True):
        renderer = tactful.Renderer(template_dirs=[tmp_path], sandboxed=sandboxed)
        for locale in LOCALES:
            body = renderer.render(PROVIDER_PAYLOADS[0]["body"], format="html", locale=locale)
            assert "<b>Out of credit</b>" in body  # the app's template, not the fallback
    assert compared and [name for name, same in compared if not same] == []


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("{{ 1 // zero }}", ZeroDivisionError),
        ("{{ missing.member }}", jinja2.UndefinedError),
        ("{{ ''.__class__.__mro__ }}", jinja2.exceptions.SecurityError),
    ],
)
def test_a_failing_template_raises_what_template_render_raises(
    source: str, error: type[Exception]
) -> None:
    loader = jinja2.DictLoader({"broken.html": "line one\n" + source})
    env = environment((), sandboxed=True)
    env.loader = jinja2.ChoiceLoader([loader, env.loader]) if env.loader else loader
    template = env.get_template("broken.html")
    context: dict[str, Any] = {"zero": 0}
    with pytest.raises(error) as direct:
        render_template(template, dict(context))
    with pytest.raises(error) as reference:
        template.render(context)
    assert str(direct.value) == str(reference.value)
    # The traceback names the template's own line, as Template.render's does.
    for raised in (direct, reference):
        frames = [frame[:2] for frame in traceback.extract_tb(raised.value.__traceback__)]
        assert ("<template>", 2) in frames
