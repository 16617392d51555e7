"""The web integrations, through each framework's own test client: what a view's out-of-credit
error becomes (status, format, language, page or fragment), and what it leaves alone."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
from collections.abc import Iterator
from typing import Any

import flask
import httpx
import pytest
from fastapi import FastAPI
from fastapi.templating import Jinja2Templates
from openai import APIStatusError  # the real SDK's error, made by the SDK (openai_error)
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.testclient import TestClient

import tactful
from tactful.contrib import OutOfCredit
from tactful.contrib import flask as tactful_flask
from tactful.contrib import starlette as tactful_starlette

from ..clients.errors import openai_error
from ..conftest import B1, B2, B3
from ..e2e.browser._support import load_example

RECHARGE = "https://billing.example.com/top-up?amount={amount}&currency={currency}"
OUT_OF_CREDIT = ("openrouter", "openai", "anthropic", "jina", "problem")
NAVIGATE = {"Sec-Fetch-Mode": "navigate", "Accept": "text/html,*/*;q=0.8"}
FETCH = {"Sec-Fetch-Mode": "cors", "Accept": "*/*"}
GERMAN_TITLE = "Ihr Guthaben reicht nicht aus"


@pytest.fixture(scope="module")
def upstream_url() -> Iterator[str]:
    with load_example("upstream").running() as url:
        yield url


QUOTA_BODY = {
    "error": {
        "message": "You exceeded your current quota, please check your plan and billing details.",
        "type": "insufficient_quota",
        "param": None,
        "code": "insufficient_quota",
    }
}


def test_importing_tactful_and_contrib_imports_no_framework() -> None:
    frameworks = {"flask", "fastapi", "starlette", "django", "httpx", "uvicorn", "playwright"}
    code = (
        "import sys, tactful, tactful.contrib; "
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {frameworks!r}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


# ---- Flask ----------------------------------------------------------------------------------


def _flask_app(**settings: Any) -> tuple[flask.Flask, tactful_flask.Tactful]:
    app = flask.Flask(__name__)
    ext = tactful_flask.Tactful(app, **({"recharge_url": RECHARGE} | settings))
    return app, ext


@pytest.mark.parametrize("account", OUT_OF_CREDIT)
def test_flask_example_answers_each_out_of_credit_upstream_with_a_402_page(
    upstream_url: str, account: str
) -> None:
    app = load_example("flask_app").create_app(upstream_url)
    response = app.test_client().post(
        "/generate", data={"account": account}, headers={**NAVIGATE, "Accept-Language": "de"}
    )
    assert response.status_code == 402
    assert response.headers["Content-Language"] == "de"
    assert response.headers["Cache-Control"] == "no-store"
    assert set(response.headers["Vary"].replace(" ", "").split(",")) >= {
        "Accept",
        "Accept-Language",
    }
    page = response.get_data(as_text=True)
    assert page.startswith("<!doctype html>")
    # The app's own page (its base.html, in its language) around the notice (in the reader's).
    assert '<p class="app-name"><a href="/">Draft assistant</a></p>' in page
    assert '<section class="tactful tactful--' in page and 'lang="de" dir="ltr"' in page
    # The notice is the page's content: its heading is the page's h1 and its title.
    assert '<h1 class="tactful__title">' in page
    assert "<title>Fehler: " in page
    assert 'class="tactful__button" href="https://billing.example.com/top-up' in page


def test_flask_example_gives_script_the_bare_fragment_in_its_language(upstream_url: str) -> None:
    app = load_example("flask_app").create_app(upstream_url)
    client = app.test_client()
    response = client.post(
        "/generate", data={"account": "jina"}, headers={**FETCH, "Accept-Language": "ar"}
    )
    assert response.status_code == 402
    body = response.get_data(as_text=True)
    assert body.startswith('<section class="tactful tactful--insufficient_balance" lang="ar"')
    assert 'dir="rtl"' in body
    assert "<html" not in body and "<style" not in body
    htmx = client.post("/generate", data={"account": "jina"}, headers={"HX-Request": "true"})
    assert htmx.get_data(as_text=True).startswith("<section")


def test_flask_example_leaves_a_rate_limit_and_success_alone(upstream_url: str) -> None:
    app = load_example("flask_app").create_app(upstream_url)
    client = app.test_client()
    ok = client.post("/generate", data={"account": "ok"}, headers=NAVIGATE)
    assert ok.status_code == 200 and "Here is your draft" in ok.get_data(as_text=True)
    # A daily token rate limit is not a money problem: Flask's own error handling gets it.
    app.testing = True  # propagate, so the original exception is what we see
    with pytest.raises(urllib.error.HTTPError) as raised:
        client.post("/generate", data={"account": "groq"})
    assert raised.value.code == 429


def test_flask_problem_json_for_clients_that_prefer_json() -> None:
    app, _ = _flask_app()

    @app.get("/generate")
    def generate() -> str:
        raise OutOfCredit(json.dumps(B3), http_status=403)

    response = app.test_client().get(
        "/generate", headers={"Accept": "application/json", "Accept-Language": "fr"}
    )
    assert response.status_code == 402
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert response.headers["Content-Language"] == "fr"
    problem = response.get_json(force=True)
    assert problem["status"] == 402
    assert problem["title"]


def test_flask_recognizes_sdk_errors_and_their_causes() -> None:
    app, _ = _flask_app()

    @app.get("/sdk")
    def sdk() -> str:
        raise openai_error(429, QUOTA_BODY)

    @app.get("/wrapped")
    def wrapped() -> str:
        try:
            raise openai_error(429, QUOTA_BODY)
        except APIStatusError as exc:
            raise RuntimeError("the draft could not be written") from exc

    @app.get("/httpx")
    def from_httpx() -> str:
        request = httpx.Request("POST", "http://127.0.0.1/v1/generate")
        response = httpx.Response(402, json=B2, request=request)
        response.raise_for_status()
        return "unreachable"

    client = app.test_client()
    for path, kind in (
        ("/sdk", "quota_exhausted"),
        ("/wrapped", "quota_exhausted"),
        ("/httpx", "insufficient_balance"),
    ):
        response = client.get(path, headers=FETCH)
        assert response.status_code == 402, path
        assert f"tactful--{kind}" in response.get_data(as_text=True), path


def test_flask_other_errors_keep_their_own_handling() -> None:
    app, _ = _flask_app()

    @app.get("/bug")
    def bug() -> str:
        raise ValueError("Insufficient balance")  # not an upstream answer, whatever it says

    @app.get("/rate")
    def rate() -> str:
        raise openai_error(429, {"error": {"message": "Rate limit reached", "type": "tokens"}})

    client = app.test_client()
    assert client.get("/bug").status_code == 500
    assert client.get("/rate").status_code == 500
    assert client.get("/missing").status_code == 404


def test_flask_keeps_an_exception_handler_the_app_had() -> None:
    app = flask.Flask(__name__)
    app.register_error_handler(Exception, lambda exc: (f"app handler: {exc}", 500))
    tactful_flask.Tactful(app, recharge_url=RECHARGE)

    @app.get("/bug")
    def bug() -> str:
        raise ValueError("boom")

    @app.get("/credit")
    def credit() -> str:
        raise OutOfCredit(B1)

    client = app.test_client()
    assert client.get("/bug").get_data(as_text=True) == "app handler: boom"
    assert client.get("/credit").status_code == 402


def test_flask_locale_comes_from_the_app_selector_then_accept_language() -> None:
    chosen: dict[str, str | None] = {"locale": None}
    app, _ = _flask_app(locale_selector=lambda: chosen["locale"])

    @app.get("/generate")
    def generate() -> str:
        raise OutOfCredit(B1)

    client = app.test_client()
    headers = {**FETCH, "Accept-Language": "de"}
    assert 'lang="de"' in client.get("/generate", headers=headers).get_data(as_text=True)
    chosen["locale"] = "fr"
    response = client.get("/generate", headers=headers)
    assert 'lang="fr"' in response.get_data(as_text=True)
    assert response.headers["Content-Language"] == "fr"


def test_flask_works_alongside_flask_babel() -> None:
    from flask_babel import Babel

    app, _ = _flask_app()
    Babel(app, locale_selector=lambda: "ja")

    @app.get("/generate")
    def generate() -> str:
        raise OutOfCredit(B1)

    response = app.test_client().get("/generate", headers={**FETCH, "Accept-Language": "de"})
    assert response.headers["Content-Language"] == "ja"
    assert 'lang="ja"' in response.get_data(as_text=True)


def test_flask_templates_place_the_notice_themselves() -> None:
    app, ext = _flask_app()
    page = "<style>{{ tactful_stylesheet() }}</style>\n{{ tactful_notice(error, http_status=402) }}"
    with app.test_request_context("/", headers={"Accept-Language": "fr-CH, fr;q=0.9"}):
        html = flask.render_template_string(page, error=B2)
    assert '<section class="tactful tactful--insufficient_balance" lang="fr"' in html
    assert 'content: "!"' in html  # the stylesheet is not escaped
    assert html.count("<section") == 1
    # Outside a request (a background job rendering a page), the default locale is used.
    with app.app_context():
        assert 'lang="en"' in flask.render_template_string(page, error=B2)
    assert ext.renderer.default_locale == "en"


def test_flask_page_template_and_view_helper() -> None:
    app = flask.Flask(__name__)
    app.jinja_loader = __import__("jinja2").DictLoader(
        {"credit.html": "<main class='app'>{{ notice }}</main><p>{{ rendered.locale.tag }}</p>"}
    )
    ext = tactful_flask.Tactful(app, recharge_url=RECHARGE, page_template="credit.html")

    @app.get("/helper")
    def helper() -> Any:
        return ext.response(B2, http_status=402)

    response = app.test_client().get("/helper", headers={**NAVIGATE, "Accept-Language": "de"})
    body = response.get_data(as_text=True)
    assert response.status_code == 402
    assert body.startswith("<main class='app'><section class=\"tactful")
    assert body.endswith("<p>de</p>")


def test_flask_escapes_what_the_upstream_said() -> None:
    app, _ = _flask_app()

    @app.get("/generate")
    def generate() -> str:
        payload = {"error": {"code": "INSUFFICIENT_BALANCE", "message": "<script>x()</script>"}}
        raise OutOfCredit(payload, http_status=402)

    body = app.test_client().get("/generate", headers=NAVIGATE).get_data(as_text=True)
    assert "<script>" not in body
    assert "&lt;script&gt;x()&lt;/script&gt;" in body


def test_explicit_rate_limit_gets_429_with_retry_after() -> None:
    app, _ = _flask_app()

    @app.get("/generate")
    def generate() -> str:
        raise OutOfCredit("429 Rate limit reached. Please try again in 20s.")

    response = app.test_client().get("/generate", headers=FETCH)
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "20"
    assert "tactful__button" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "settings",
    [
        {"recharge_url": "http://billing.example.com/top-up"},
        {"recharge_url": "https://billing.example.com/top-up?amount={amont}"},
        {"pricing_url": "billing.example.com/pricing"},
        {"problem_type": "https://user:pw@api.example.com/{kind}"},
        {"template_dirs": ["/no/such/templates"]},
    ],
)
def test_integrations_refuse_a_configuration_mistake_at_app_start(settings: Any) -> None:
    # Never a running app whose every notice lacks its button: the app does not start.
    with pytest.raises(tactful.ConfigError):
        tactful_flask.Tactful(flask.Flask(__name__), **settings)
    with pytest.raises(tactful.ConfigError):
        tactful_starlette.Tactful(FastAPI(), **settings)


def test_renderer_or_settings_not_both() -> None:
    with pytest.raises(tactful.ConfigError):
        tactful_flask.Tactful(renderer=tactful.Renderer(), recharge_url=RECHARGE)
    with pytest.raises(tactful.ConfigError):
        tactful_starlette.Tactful(renderer=tactful.Renderer(), recharge_url=RECHARGE)


# ---- FastAPI / Starlette --------------------------------------------------------------------


@pytest.mark.parametrize("account", OUT_OF_CREDIT)
def test_fastapi_example_answers_each_out_of_credit_upstream_with_a_402(
    upstream_url: str, account: str
) -> None:
    client = TestClient(load_example("fastapi_app").create_app(upstream_url))
    page = client.post(
        "/generate", data={"account": account}, headers={**NAVIGATE, "Accept-Language": "fr"}
    )
    assert page.status_code == 402
    assert page.headers["content-language"] == "fr"
    # The app's own page around the notice, which is in the reader's language.
    assert '<p class="app-name"><a href="/">Draft assistant</a></p>' in page.text
    assert 'lang="fr" dir="ltr"' in page.text
    fragment = client.post(
        "/generate", data={"account": account}, headers={**FETCH, "Accept-Language": "he"}
    )
    assert fragment.status_code == 402
    assert fragment.text.startswith('<section class="tactful')
    assert 'lang="he" dir="rtl"' in fragment.text


def test_fastapi_example_leaves_rate_limits_and_success_alone(upstream_url: str) -> None:
    client = TestClient(load_example("fastapi_app").create_app(upstream_url))
    ok = client.post("/generate", data={"account": "ok"}, headers=FETCH)
    assert ok.status_code == 200 and "Here is your draft" in ok.text
    with pytest.raises(httpx.HTTPStatusError) as raised:
        client.post("/generate", data={"account": "groq"})
    assert raised.value.response.status_code == 429


def _fastapi(**settings: Any) -> tuple[FastAPI, tactful_starlette.Tactful]:
    app = FastAPI()
    return app, tactful_starlette.Tactful(app, **({"recharge_url": RECHARGE} | settings))


def test_fastapi_problem_json_for_clients_that_prefer_json() -> None:
    app, _ = _fastapi()

    @app.get("/generate")
    async def generate() -> None:
        raise openai_error(402, B2)

    response = TestClient(app).get(
        "/generate",
        headers={"Accept": "application/problem+json, text/html;q=0.5", "Accept-Language": "de"},
    )
    assert response.status_code == 402
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["content-language"] == "de"
    assert response.json()["status"] == 402


def test_fastapi_errors_after_the_response_started_or_unrelated_pass_through() -> None:
    app, _ = _fastapi()

    @app.get("/bug")
    async def bug() -> None:
        raise ValueError("Insufficient balance")

    with pytest.raises(ValueError, match="Insufficient balance"):
        TestClient(app).get("/bug")
    assert TestClient(app, raise_server_exceptions=False).get("/bug").status_code == 500


def test_starlette_exception_handler_and_locale_selector() -> None:
    app = FastAPI()
    ext = tactful_starlette.Tactful(
        recharge_url=RECHARGE, locale_selector=lambda request: request.query_params.get("lang")
    )
    app.add_exception_handler(APIStatusError, ext.exception_handler)  # type: ignore[arg-type]

    @app.get("/generate")
    async def generate() -> None:
        raise openai_error(429, QUOTA_BODY)

    client = TestClient(app)
    by_header = client.get("/generate", headers={**FETCH, "Accept-Language": "pl"})
    assert by_header.status_code == 402 and 'lang="pl"' in by_header.text
    chosen = client.get("/generate?lang=ko", headers={**FETCH, "Accept-Language": "pl"})
    assert 'lang="ko"' in chosen.text
    assert chosen.headers["content-language"] == "ko"


def test_starlette_templates_and_view_helper() -> None:
    app, ext = _fastapi()
    templates = Jinja2Templates(env=__import__("jinja2").Environment(autoescape=True))
    ext.install_templates(templates)
    page = templates.env.from_string(
        "<style>{{ tactful_stylesheet() }}</style>{{ tactful_notice(error, http_status=402) }}"
    )

    @app.get("/page", response_class=HTMLResponse)
    async def show(request: Request) -> HTMLResponse:
        return HTMLResponse(page.render(request=request, error=B2))

    @app.get("/helper")
    async def helper(request: Request) -> Any:
        return ext.response(request, B1)

    client = TestClient(app)
    html = client.get("/page", headers={"Accept-Language": "es"}).text
    assert 'lang="es"' in html and 'content: "!"' in html
    helper_response = client.get("/helper", headers={**NAVIGATE, "Accept-Language": "it"})
    assert helper_response.status_code == 402
    assert '<html lang="it"' in helper_response.text


# ---- Django ---------------------------------------------------------------------------------


def _django() -> Any:
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(
            DEBUG=False,
            SECRET_KEY="tests-only",
            ALLOWED_HOSTS=["testserver"],
            ROOT_URLCONF=__name__,
            INSTALLED_APPS=["tactful.contrib.django"],
            MIDDLEWARE=["tactful.contrib.django.TactfulMiddleware"],
            TEMPLATES=[
                {"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}
            ],
            TACTFUL={"recharge_url": RECHARGE, "allowed_hosts": ["billing.example.com"]},
        )
        django.setup()
    return django


def _django_views() -> list[Any]:
    from django.http import HttpResponse
    from django.urls import path

    from tactful.contrib.django import tactful_response

    def sdk(request: Any) -> HttpResponse:
        raise openai_error(429, QUOTA_BODY)

    def bug(request: Any) -> HttpResponse:
        raise ValueError("Insufficient balance")

    def helper(request: Any) -> HttpResponse:
        return tactful_response(request, B2, http_status=402)

    return [path("sdk", sdk), path("bug", bug), path("helper", helper)]


urlpatterns: list[Any] = []


def test_django_middleware_view_helper_and_template_tag() -> None:
    _django()
    urlpatterns[:] = _django_views()
    from django.template import Context, Template
    from django.test import Client, RequestFactory

    client = Client(raise_request_exception=False)
    sdk = client.get("/sdk", headers={**FETCH, "Accept-Language": "sv"})
    assert sdk.status_code == 402
    assert sdk["Content-Language"] == "sv"
    assert sdk.content.decode().startswith('<section class="tactful tactful--quota_exhausted"')
    assert client.get("/bug").status_code == 500
    helper = client.get("/helper", headers={**NAVIGATE, "Accept-Language": "nl"})
    assert helper.status_code == 402 and '<html lang="nl"' in helper.content.decode()

    from django.apps import apps as django_apps
    from django.http import HttpResponse
    from django.test import override_settings

    from tactful.contrib.django import TactfulMiddleware
    from tactful.contrib.django.apps import TactfulConfig

    # A mistake in settings.TACTFUL stops the app where Django loads it, not at a first error.
    with override_settings(TACTFUL={"recharge_url": "https://billing.example.com/?a={amont}"}):
        with pytest.raises(tactful.ConfigError, match="amont"):
            TactfulMiddleware(lambda request: HttpResponse())
        with pytest.raises(tactful.ConfigError, match="amont"):
            django_apps.get_app_config("tactful").ready()
    assert isinstance(django_apps.get_app_config("tactful"), TactfulConfig)

    request = RequestFactory().get("/", headers={"Accept-Language": "fi"})
    html = Template(
        "{% load tactful %}<style>{% tactful_stylesheet %}</style>{% tactful_notice error %}"
    ).render(Context({"request": request, "error": B1}))
    assert 'lang="fi"' in html and 'content: "!"' in html
    assert html.count("<section") == 1
