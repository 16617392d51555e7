"""The integrations fit the host: a whole page inside the app's base template (Flask, Starlette,
Django) or tactful's page with the app's name and a way back; htmx answered with 200; plain
text and Markdown for clients that ask for them."""

from __future__ import annotations

from typing import Any

import flask
import pytest
from fastapi import FastAPI
from fastapi.templating import Jinja2Templates
from jinja2 import DictLoader
from starlette.testclient import TestClient

import tactful
from tactful.contrib import OutOfCredit
from tactful.contrib import flask as tactful_flask
from tactful.contrib import starlette as tactful_starlette
from tactful.contrib._web import preferred_format

from ..conftest import B1
from .test_integrations import NAVIGATE, RECHARGE, _django

BASE = (
    "<!doctype html><html lang='en'><head><title>{% block title %}Acme{% endblock %}</title>"
    "</head><body><header class='app-header'><a href='/'>Acme</a></header>"
    "<main>{% block content %}{% endblock %}</main></body></html>"
)
HTMX = {"HX-Request": "true", "HX-Current-URL": "http://testserver/", "Accept": "*/*"}


def _flask(**settings: Any) -> flask.Flask:
    app = flask.Flask(__name__)
    app.jinja_loader = DictLoader({"base.html": BASE})
    tactful_flask.Tactful(app, **({"recharge_url": RECHARGE} | settings))

    @app.get("/generate")
    def generate() -> str:
        raise OutOfCredit(B1, http_status=402, return_to=flask.request.args.get("back"))

    return app


def _starlette(templates: bool = False, **settings: Any) -> FastAPI:
    app = FastAPI()
    ext = tactful_starlette.Tactful(app, **({"recharge_url": RECHARGE} | settings))
    if templates:
        jinja = Jinja2Templates(directory=".")
        jinja.env.loader = DictLoader({"base.html": BASE})
        ext.install_templates(jinja, base_template="base.html")

    @app.get("/generate")
    async def generate(back: str | None = None) -> None:
        raise OutOfCredit(B1, http_status=402, return_to=back)

    return app


def _get(framework: str, path: str, headers: dict[str, str], **settings: Any) -> Any:
    if framework == "flask":
        return _flask(**settings).test_client().get(path, headers=headers)
    templates = settings.pop("base_template", None) is not None
    return TestClient(_starlette(templates, **settings)).get(path, headers=headers)


def _text(response: Any) -> str:
    return response.get_data(as_text=True) if hasattr(response, "get_data") else response.text


@pytest.mark.parametrize("framework", ["flask", "starlette"])
def test_a_whole_page_inside_the_apps_base_template(framework: str) -> None:
    response = _get(framework, "/generate", NAVIGATE, base_template="base.html")
    html = _text(response)
    assert response.status_code == 402
    assert "<header class='app-header'>" in html  # the app's chrome around the notice
    assert "<title>Error: Your balance is too low</title>" in html
    assert '<h1 class="tactful__title">' in html  # the notice is the page's content
    assert '<p class="tactful-back" lang="en" dir="ltr"><a href="/">Go back</a></p>' in html


@pytest.mark.parametrize("framework", ["flask", "starlette"])
def test_tactfuls_page_names_the_app_and_leads_back(framework: str) -> None:
    settings = {"product_name": "Acme", "return_to": "/dashboard"}
    html = _text(_get(framework, "/generate?back=/projects/7", NAVIGATE, **settings))
    assert '<p class="tactful-page__product">Acme</p>' in html
    assert '<a href="/projects/7">Back to Acme</a>' in html
    # A way back that is not a path on the site nor https to an allowed host is not taken.
    for hostile in ("//evil.example/", "javascript:alert(1)", "https://evil.example/"):
        page = _text(_get(framework, f"/generate?back={hostile}", NAVIGATE, **settings))
        assert '<a href="/dashboard">Back to Acme</a>' in page and "evil" not in page
    german = _get(framework, "/generate", {**NAVIGATE, "Accept-Language": "de"}, **settings)
    assert '<a href="/dashboard">Zurück zu Acme</a>' in _text(german)


@pytest.mark.parametrize("framework", ["flask", "starlette"])
def test_htmx_gets_200_with_the_real_status_beside_it(framework: str) -> None:
    response = _get(framework, "/generate", HTMX)
    assert response.status_code == 200
    assert response.headers["X-Tactful-Status"] == "402"
    assert _text(response).startswith('<section class="tactful tactful--insufficient_balance"')
    # A boosted link swaps in a whole page's body: it gets the page, with 200 all the same.
    boosted = _get(framework, "/generate", {**HTMX, "HX-Boosted": "true", **NAVIGATE})
    assert boosted.status_code == 200 and "<!doctype html>" in _text(boosted)
    assert _get(framework, "/generate", NAVIGATE).status_code == 402


@pytest.mark.parametrize("framework", ["flask", "starlette"])
@pytest.mark.parametrize(
    ("accept", "media_type", "start"),
    [
        ("text/plain", "text/plain", "Your balance is too low\n\n"),
        ("text/markdown", "text/markdown", "**Your balance is too low**\n\n"),
        ("text/markdown;q=0.5, text/plain", "text/plain", "Your balance is too low\n\n"),
    ],
)
def test_plain_text_and_markdown_for_clients_that_ask(
    framework: str, accept: str, media_type: str, start: str
) -> None:
    response = _get(framework, "/generate", {"Accept": accept})
    assert response.status_code == 402
    assert response.headers["Content-Type"].split(";")[0] == media_type
    assert _text(response).startswith(start)


def test_negotiation_prefers_html_on_ties_and_json_over_text() -> None:
    assert preferred_format("text/html,application/xhtml+xml,*/*;q=0.8") == "html"
    assert preferred_format("text/*") == "html"
    assert preferred_format("application/json, text/plain, */*") == "problem"
    assert preferred_format("text/plain;q=0.9, text/markdown") == "markdown"
    assert preferred_format("text/plain;q=0") == "html"


def test_django_base_template_htmx_and_text() -> None:
    _django()
    from django.test import Client, override_settings

    from . import test_integrations

    test_integrations.urlpatterns[:] = test_integrations._django_views()
    templates = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [("django.template.loaders.locmem.Loader", {"base.html": BASE})],
                "builtins": [],
            },
        }
    ]
    client = Client(raise_request_exception=False)
    with override_settings(TEMPLATES=templates, TACTFUL_BASE_TEMPLATE="base.html"):
        page = client.get("/helper", headers={**NAVIGATE, "Accept-Language": "nl"})
        html = page.content.decode()
        assert page.status_code == 402 and "<header class='app-header'>" in html
        assert '<h1 class="tactful__title">' in html and 'lang="nl"' in html
        assert '<p class="tactful-back" lang="nl" dir="ltr"><a href="/">' in html
    htmx = client.get("/helper", headers=HTMX)
    assert htmx.status_code == 200 and htmx["X-Tactful-Status"] == "402"
    text = client.get("/helper", headers={"Accept": "text/plain"})
    assert text["Content-Type"].startswith("text/plain")


def test_content_block_must_be_a_block_name() -> None:
    with pytest.raises(tactful.ConfigError, match="content_block"):
        tactful_flask.Tactful(flask.Flask(__name__), content_block="x %}{{ 7*7 }}")
