"""The real clients and SDKs, each pointed at a stand-in server on 127.0.0.1 that answers with
the corpus's real payloads: what ``tactful.parse`` reads from a client's exception must be
what it reads from the raw body (kind, provider, amounts), and a client's own text (its
``str()``, the URL it called with the key in it, a reason phrase) is never the message.

No other network: the stand-in is on loopback, and an audit hook fails a test that connects or
looks up a name anywhere else (litellm is kept on its bundled price map).
"""

from __future__ import annotations

import asyncio
import importlib.metadata
import importlib.util
import json
import sys
from collections.abc import Iterator
from typing import Any

import pytest

import tactful

from ..conftest import load_jsonl, require
from . import calls
from .standin import LoopbackOnly, StandIn

ENTRIES = [
    entry
    for name in ("provider_payloads.jsonl", "extra_payloads.jsonl")
    for entry in load_jsonl(name)
    if entry["http_status"] and entry["http_status"] >= 400  # a server answers with a status
]
CLIENT_TEXT = ("127.0.0.1", calls.KEY, "Client error", "HTTP Error", "for url", "Error code:")


@pytest.fixture(scope="module")
def stand_in() -> Iterator[StandIn]:
    server = StandIn()
    yield server
    server.close()


def _needs(client: str) -> None:
    package = calls.PACKAGE[client]
    if package == "litellm" and _below("jinja2", (3, 1, 6)):
        # The floors run pins jinja2 3.1.2, which litellm does not install beside.
        pytest.skip("litellm needs jinja2>=3.1.6; this run has the floor, so no litellm")
    try:
        found = importlib.util.find_spec(package) is not None
    except ModuleNotFoundError:
        found = False
    require(found, f"the {package} package", 'pip install -e ".[test]"')


def _below(package: str, version: tuple[int, ...]) -> bool:
    found = importlib.metadata.version(package).split(".")
    return tuple(int(part) for part in found[: len(version)] if part.isdigit()) < version


def _answers(stand_in: StandIn) -> Iterator[tuple[dict[str, Any], dict[str, str]]]:
    """Sets the stand-in to each entry's answer in turn; yields the entry and its headers."""
    for number, entry in enumerate(ENTRIES):
        headers = {"Content-Type": entry["content_type"], "x-request-id": f"req-stand-{number}"}
        if entry["http_status"] == 429:
            headers["Retry-After"] = "7"
        stand_in.answer(entry["http_status"], entry["body"], headers)
        yield entry, headers


def _facts(notice: tactful.Notice) -> tuple[Any, ...]:
    amounts = (notice.balance, notice.cost, notice.shortfall, notice.limit, notice.used)
    return (notice.kind, notice.provider, *amounts)


def _client_text_in(notice: tactful.Notice, raw: tactful.Notice | None = None) -> list[str]:
    """The client's own words in what ``notice`` shows, beyond those the raw body's shows (some
    corpus bodies are client log lines themselves)."""

    def shown(of: tactful.Notice | None) -> str:
        return " ".join(filter(None, (of.message, of.code, of.request_id))) if of else ""

    return [text for text in CLIENT_TEXT if text in shown(notice) and text not in shown(raw)]


@pytest.mark.parametrize("client", sorted(calls.CARRY_THE_BODY))
def test_a_clients_exception_reads_like_the_raw_body(client: str, stand_in: StandIn) -> None:
    _needs(client)
    differences, crashed = [], []
    # Watched from the import on: litellm would fetch its price map when imported.
    with LoopbackOnly.instance().watching() as elsewhere:
        call = calls.CARRY_THE_BODY[client](stand_in.url)
        for entry, headers in _answers(stand_in):
            error = call()
            if calls.crashed(client, error):
                crashed.append(entry["id"])
                continue
            read = tactful.parse(error)
            raw = tactful.parse(entry["body"], http_status=entry["http_status"], headers=headers)
            if _facts(read) != _facts(raw) or _client_text_in(read, raw):
                differences.append((entry["id"], _facts(read), _facts(raw), read.message))
    assert not elsewhere, elsewhere
    assert not differences, f"{len(differences)} of {len(ENTRIES)}: {differences[:3]}"
    # stripe's own code fails (AttributeError) on a body whose "error" member is not a record.
    assert len(crashed) <= (2 if client == "stripe" else 0), crashed


@pytest.mark.parametrize("client", sorted(calls.WITHOUT_THE_BODY))
def test_a_clients_exception_without_a_body_gives_the_status_and_no_words(
    client: str, stand_in: StandIn
) -> None:
    _needs(client)
    with LoopbackOnly.instance().watching() as elsewhere:
        call = calls.WITHOUT_THE_BODY[client](stand_in.url)
        for entry, headers in _answers(stand_in):
            read = tactful.parse(call())
            bare = tactful.parse(b"", http_status=entry["http_status"], headers=headers)
            assert (read.message, read.code) == (None, None), entry["id"]
            assert (read.kind, read.http_status) == (bare.kind, bare.http_status), entry["id"]
            assert read.retry_after == bare.retry_after, entry["id"]
    assert not elsewhere, elsewhere


def test_the_aiohttp_recipe_reads_like_the_raw_body(stand_in: StandIn) -> None:
    _needs("aiohttp")
    with LoopbackOnly.instance().watching() as elsewhere:
        for entry, headers in _answers(stand_in):
            body, status, given = calls.aiohttp_recipe(stand_in.url)
            read = tactful.parse(body, http_status=status, headers=given)
            raw = tactful.parse(entry["body"], http_status=entry["http_status"], headers=headers)
            assert _facts(read) == _facts(raw), entry["id"]
            assert (read.request_id, read.retry_after) == (raw.request_id, raw.retry_after)
    assert not elsewhere, elsewhere


def test_replicates_error_is_read_from_the_problem_fields_it_keeps(stand_in: StandIn) -> None:
    """replicate keeps the problem's type, title and detail, not the body: its own problem
    bodies read like the raw body, and no other reads the client's text."""
    _needs("replicate")
    own = 0
    with LoopbackOnly.instance().watching() as elsewhere:
        call = calls.replicate_sdk(stand_in.url)
        for entry, _ in _answers(stand_in):
            read = tactful.parse(call())
            raw = tactful.parse(entry["body"], http_status=entry["http_status"])
            assert not _client_text_in(read, raw), entry["id"]
            if entry["provider"] == "Replicate" and entry["content_type"] == "application/json":
                own += 1
                assert _facts(read) == _facts(raw), entry["id"]
    assert own and not elsewhere, (own, elsewhere)


def test_a_urllib_error_stays_readable_for_the_application(stand_in: StandIn) -> None:
    stand_in.answer(402, '{"error": {"message": "Insufficient credits"}}', {})
    error = calls.urllib_client(stand_in.url)()
    assert tactful.parse(error).message == "Insufficient credits"
    assert tactful.parse(error).message == "Insufficient credits"  # read twice, same
    assert error.read() == b'{"error": {"message": "Insufficient credits"}}'  # type: ignore[attr-defined]


def test_the_url_with_the_key_never_reaches_any_output(stand_in: StandIn) -> None:
    """An empty 402 from a gateway: each client's text names the URL with the key in it."""
    stand_in.answer(402, "", {"Content-Type": "text/plain"})
    renderer = tactful.Renderer(recharge_url="https://billing.example.com/top-up")
    for client in ("httpx", "requests", "urllib", "aiohttp", "httpx (stream, unread)"):
        _needs(client)
        make = calls.CARRY_THE_BODY.get(client) or calls.WITHOUT_THE_BODY[client]
        error = make(stand_in.url)()
        notice = tactful.parse(error)
        assert (notice.kind, notice.message) == (tactful.Kind.INSUFFICIENT_BALANCE, None)
        for format in ("html", "text", "terminal", "markdown", "problem"):
            shown = renderer.render(error, format=format)
            assert calls.KEY not in shown and "127.0.0.1" not in shown, (client, format)
        email = renderer.render_email(error).as_string()
        assert calls.KEY not in email and "127.0.0.1" not in email, client


def test_the_loopback_watch_sees_a_connection_elsewhere() -> None:
    """The watch can fail: the events a lookup and a connection raise are seen (raised here
    by hand, so that nothing leaves the machine)."""
    watch = LoopbackOnly.instance()
    with watch.watching() as elsewhere:
        sys.audit("socket.getaddrinfo", "raw.githubusercontent.com", 443, 0, 0, 0)
        sys.audit("socket.connect", None, ("93.184.215.14", 443))
        sys.audit("socket.connect", None, ("127.0.0.1", 8080))
        sys.audit("socket.connect", None, "/run/some.sock")
    assert len(elsewhere) == 2, elsewhere


def test_response_objects_are_read_whole_or_refused_under_strict(stand_in: StandIn) -> None:
    import aiohttp
    import httpx
    import requests

    body = '{"error": {"message": "Insufficient credits", "code": 402}}'
    stand_in.answer(402, body, {"Content-Type": "application/json", "x-request-id": "req-r"})
    raw = tactful.parse(body, http_status=402, headers={"x-request-id": "req-r"})
    for response in (httpx.get(stand_in.url, timeout=10), requests.get(stand_in.url, timeout=10)):
        read = tactful.parse(response)
        assert (read.kind, read.message, read.request_id) == (raw.kind, raw.message, "req-r")

    async def unread() -> aiohttp.ClientResponse:
        async with aiohttp.ClientSession() as session:
            return await session.get(stand_in.url)

    for response in (
        asyncio.run(unread()),
        httpx.Client().send(httpx.Request("GET", stand_in.url), stream=True),
    ):
        loose = tactful.Renderer().parse(response)
        assert (loose.http_status, loose.message) == (402, None)
        with pytest.raises(tactful.PayloadError, match="body is not read"):
            tactful.Renderer(strict=True).render(response)


@pytest.mark.parametrize(
    ("client", "read_from"),
    [
        (
            "openai",
            {
                "body": "response.content/text",
                "http_status": "status_code",
                "headers": "response.headers",
            },
        ),
        ("urllib", {"body": "read()", "http_status": "status", "headers": "headers"}),
        ("stripe", {"body": "http_body", "http_status": "http_status", "headers": "headers"}),
    ],
)
def test_inspect_says_where_each_field_of_a_clients_error_came_from(
    stand_in: StandIn, client: str, read_from: dict[str, str]
) -> None:
    _needs(client)
    body = {"error": {"code": "insufficient_balance", "message": "Your balance is $0.12."}}
    stand_in.answer(402, json.dumps(body), {"Content-Type": "application/json", "Retry-After": "3"})
    error = calls.CARRY_THE_BODY[client](stand_in.url)()
    found = tactful.Renderer().inspect(error)
    assert found["read_from"] == read_from
    assert (found["kind"], found["http_status"], found["retry_after"]) == (
        "insufficient_balance",
        402,
        3,
    )
    assert found["balance"] == {"amount": "0.12", "currency": "USD"}
