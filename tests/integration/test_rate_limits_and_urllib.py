"""The integrations' opt-in for rate limits (429 with Retry-After and the wait copy, instead of
the framework's 500), and a urllib error whose body tactful read staying readable for the
application's own handler."""

from __future__ import annotations

import urllib.error
import urllib.request

import flask
import pytest
from fastapi import FastAPI
from openai import APIStatusError
from starlette.testclient import TestClient

import tactful
from tactful.contrib import flask as tactful_flask
from tactful.contrib import starlette as tactful_starlette

from ..clients.errors import openai_error
from ..clients.standin import StandIn

RECHARGE = "https://billing.example.com/recharge"
RATE_LIMIT = {"error": {"message": "Rate limit reached for requests", "type": "requests"}}
FETCH = {"Sec-Fetch-Mode": "cors", "Accept": "text/html"}


def test_flask_answers_rate_limits_when_asked() -> None:
    for opted, status in ((True, 429), (False, 500)):
        app = flask.Flask(__name__)
        tactful_flask.Tactful(app, recharge_url=RECHARGE, rate_limits=opted)

        @app.get("/rate")
        def rate() -> str:
            raise openai_error(429, RATE_LIMIT, {"Retry-After": "20"})

        response = app.test_client().get("/rate", headers=FETCH)
        assert response.status_code == status
        if opted:
            assert response.headers["Retry-After"] == "20"
            assert "tactful--rate_limit" in response.get_data(as_text=True)
            assert RECHARGE not in response.get_data(as_text=True)  # waiting fixes it


def test_starlette_answers_rate_limits_when_asked() -> None:
    app = FastAPI()
    ext = tactful_starlette.Tactful(recharge_url=RECHARGE, rate_limits=True)
    app.add_exception_handler(APIStatusError, ext.exception_handler)  # type: ignore[arg-type]

    @app.get("/rate")
    async def rate() -> None:
        raise openai_error(429, RATE_LIMIT, {"Retry-After": "20"})

    response = TestClient(app).get("/rate", headers={"Accept": "application/json"})
    assert response.status_code == 429 and response.headers["retry-after"] == "20"
    assert response.json()["status"] == 429


@pytest.mark.parametrize("bad", ["yes", 1, None])
def test_a_rate_limits_flag_that_is_not_a_bool_is_a_config_error(bad: object) -> None:
    with pytest.raises(tactful.ConfigError):
        tactful_flask.Tactful(recharge_url=RECHARGE, rate_limits=bad)  # type: ignore[arg-type]
    with pytest.raises(tactful.ConfigError):
        tactful_starlette.Tactful(recharge_url=RECHARGE, rate_limits=bad)  # type: ignore[arg-type]


def test_a_urllib_error_reaches_the_apps_own_handler_with_its_body() -> None:
    stand_in = StandIn()
    body = b'{"error": {"message": "No such model", "code": "model_not_found"}}'
    stand_in.answer(404, body.decode(), {"Content-Type": "application/json"})
    app = flask.Flask(__name__)
    app.register_error_handler(Exception, lambda exc: (b"app read: " + exc.read(), 502))
    tactful_flask.Tactful(app, recharge_url=RECHARGE)

    @app.get("/generate")
    def generate() -> str:
        urllib.request.urlopen(stand_in.url + "/v1/models/x", timeout=10)
        return "unreachable"

    try:
        response = app.test_client().get("/generate")
    finally:
        stand_in.close()
    assert response.status_code == 502  # not a money problem: the app's handler answered
    assert response.get_data() == b"app read: " + body  # after tactful read it too
