"""One call per real client or SDK, pointed at a stand-in server: ``CLIENTS[name](url)``
builds the client once and gives a call that returns the exception the client raised for the
stand-in's error answer (the call failing to raise is a failure).

Every client is built with retries off, so one answer is one exception. Each SDK is imported
only when its call runs, so a missing one skips (or, in CI, fails) only its own tests.
"""

from __future__ import annotations

import asyncio
import os
import urllib.request
from collections.abc import Callable
from typing import Any

# litellm fetches a price map from the network on first import unless told to read its copy.
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

KEY = "sk-standin-0123456789abcdefghijkl"
CHAT = [{"role": "user", "content": "hi"}]
Call = Callable[[], BaseException]


class DidNotRaise(AssertionError):
    pass


def crashed(client: str, error: BaseException) -> bool:
    """Whether ``client`` failed in its own code instead of raising its HTTP error (stripe
    does, on a body whose ``error`` member is not a record)."""
    if client == "stripe":
        import stripe

        return not isinstance(error, stripe.StripeError)
    return False


def _raising(call: Callable[[], Any]) -> Call:
    return lambda: _raised(call)


def _raised(call: Callable[[], Any]) -> BaseException:
    try:
        call()
    except Exception as exc:
        return exc
    raise DidNotRaise("the client did not raise for an error answer")


def openai_sdk(url: str) -> Call:
    import openai

    client = openai.OpenAI(base_url=url + "/v1", api_key=KEY, max_retries=0, timeout=10)
    return _raising(lambda: client.chat.completions.create(model="m", messages=CHAT))


def anthropic_sdk(url: str) -> Call:
    import anthropic

    client = anthropic.Anthropic(base_url=url, api_key=KEY, max_retries=0, timeout=10)
    return _raising(lambda: client.messages.create(model="m", max_tokens=5, messages=CHAT))


def groq_sdk(url: str) -> Call:
    import groq

    client = groq.Groq(base_url=url, api_key=KEY, max_retries=0, timeout=10)
    return _raising(lambda: client.chat.completions.create(model="m", messages=CHAT))


def mistral_sdk(url: str) -> Call:
    from mistralai.client import Mistral

    client = Mistral(api_key=KEY, server_url=url, timeout_ms=10_000)
    return _raising(lambda: client.chat.complete(model="m", messages=CHAT))


def cohere_sdk(url: str) -> Call:
    import cohere

    client = cohere.ClientV2(api_key=KEY, base_url=url, timeout=10)
    # Fern's clients retry 429 and 5xx answers twice, with back-off, unless told not to.
    once = {"max_retries": 0}
    return _raising(lambda: client.chat(model="m", messages=CHAT, request_options=once))


def elevenlabs_sdk(url: str) -> Call:
    from elevenlabs.client import ElevenLabs

    client = ElevenLabs(api_key=KEY, base_url=url, timeout=10)
    return _raising(lambda: client.voices.get_all(request_options={"max_retries": 0}))


def google_genai_sdk(url: str) -> Call:
    from google import genai
    from google.genai import types

    options = types.HttpOptions(
        base_url=url, timeout=10_000, retry_options=types.HttpRetryOptions(attempts=1)
    )
    client = genai.Client(api_key=KEY, http_options=options)
    return _raising(lambda: client.models.generate_content(model="gemini-x", contents="hi"))


def replicate_sdk(url: str) -> Call:
    import replicate

    client = replicate.Client(api_token=KEY, base_url=url, timeout=10)
    # A POST: replicate retries GETs on 429 and 5xx, up to ten times with back-off.
    return _raising(lambda: client.predictions.create(version="0" * 64, input={}))


def stripe_sdk(url: str) -> Call:
    import stripe

    client = stripe.StripeClient(KEY, base_addresses={"api": url}, max_network_retries=0)
    return _raising(lambda: client.v1.customers.list())


def litellm_anthropic(url: str) -> Call:
    """litellm on its own HTTP path (its Anthropic handler)."""
    import litellm

    litellm.suppress_debug_info = True  # else it prints help links on every error
    return _raising(
        lambda: litellm.completion(
            model="anthropic/claude-x", api_base=url, api_key=KEY, messages=CHAT, max_retries=0
        )
    )


def litellm_openai(url: str) -> Call:
    """litellm through the openai SDK (its OpenAI-compatible handler)."""
    import litellm

    litellm.suppress_debug_info = True
    return _raising(
        lambda: litellm.completion(
            model="openai/gpt-x", api_base=url + "/v1", api_key=KEY, messages=CHAT, max_retries=0
        )
    )


def httpx_client(url: str) -> Call:
    import httpx

    client = httpx.Client(timeout=10)
    return _raising(lambda: client.get(url + "/v1?key=" + KEY).raise_for_status())


def requests_client(url: str) -> Call:
    import requests

    session = requests.Session()
    return _raising(lambda: session.get(url + "/v1?key=" + KEY, timeout=10).raise_for_status())


def urllib_client(url: str) -> Call:
    return _raising(lambda: urllib.request.urlopen(url + "/v1?key=" + KEY, timeout=10))


def httpx_stream(url: str) -> Call:
    """httpx raising for a streamed response before its body was read."""
    import httpx

    client = httpx.Client(timeout=10)

    def call() -> None:
        with client.stream("GET", url + "/v1?key=" + KEY) as response:
            response.raise_for_status()

    return _raising(call)


def aiohttp_client(url: str) -> Call:
    import aiohttp

    async def call() -> None:
        async with (
            aiohttp.ClientSession() as session,
            session.get(url + "/v1?key=" + KEY) as response,
        ):
            response.raise_for_status()

    return _raising(lambda: asyncio.run(call()))


CARRY_THE_BODY: dict[str, Callable[[str], Call]] = {
    "openai": openai_sdk,
    "anthropic": anthropic_sdk,
    "groq": groq_sdk,
    "mistralai": mistral_sdk,
    "cohere": cohere_sdk,
    "elevenlabs": elevenlabs_sdk,
    "google-genai": google_genai_sdk,
    "stripe": stripe_sdk,
    "litellm (anthropic)": litellm_anthropic,
    "litellm (openai)": litellm_openai,
    "httpx": httpx_client,
    "requests": requests_client,
    "urllib": urllib_client,
}
"""Clients whose exception holds the whole body: each must read exactly like the raw body."""

WITHOUT_THE_BODY: dict[str, Callable[[str], Call]] = {
    "aiohttp": aiohttp_client,
    "httpx (stream, unread)": httpx_stream,
}
"""Clients whose exception holds no body, by design: read by their status and headers alone,
never by their own text."""


def aiohttp_recipe(url: str) -> tuple[bytes, int, Any]:
    """The README's recipe for aiohttp: read the body, then hand it over with its status and
    headers. Returns what the recipe hands to tactful."""
    import aiohttp

    async def call() -> tuple[bytes, int, Any]:
        async with (
            aiohttp.ClientSession() as session,
            session.post(url + "/v1/chat", json={"q": 1}) as response,
        ):
            return await response.read(), response.status, response.headers

    return asyncio.run(call())


PACKAGE = {
    "openai": "openai",
    "anthropic": "anthropic",
    "groq": "groq",
    "mistralai": "mistralai",
    "cohere": "cohere",
    "elevenlabs": "elevenlabs",
    "google-genai": "google.genai",
    "stripe": "stripe",
    "litellm (anthropic)": "litellm",
    "litellm (openai)": "litellm",
    "httpx": "httpx",
    "requests": "requests",
    "urllib": "urllib",
    "aiohttp": "aiohttp",
    "httpx (stream, unread)": "httpx",
    "replicate": "replicate",
}
