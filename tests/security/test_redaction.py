"""Secrets never reach any output: keys planted in URLs, messages, codes and headers are found
in no channel (html, text, terminal, markdown, problem, the email's subject and bodies, the
response headers, ``tactful inspect``), and the policy is the application's to change."""

from __future__ import annotations

import contextlib
import io
import json
from email import policy as email_policy
from typing import Any

import pytest

import tactful
from tactful import ConfigError, Redaction
from tactful._cli import main

SECRETS = {
    "openai": "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8t",
    "anthropic": "sk-ant-api03-Zy1xWv4uTs7rQp0oNm3l",
    "google": "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY",
    "xai": "xai-Q2w3E4r5T6y7U8i9O0pA1sD2f",
    "groq": "gsk_8hJ2kL4mN6pQ8rS0tU2vW4xY6z",
    "replicate": "r8_Jk3Lm5Np7Qr9St1Uv3Wx5Yz7Ab",
    "bearer": "tok3n.Val-ue_0987654321",
    "query": "Q9u3ry-S3cr3t-Va1ue",
    "signature": "9f8e7d6c5b4a39281706f5e4d3c2b1a0",
}
PLANTED = (
    f"Request to https://api.example.com/v1/generate?alt=sse&key={SECRETS['query']} failed. "
    f"Incorrect API key provided: {SECRETS['openai']}. Also tried {SECRETS['anthropic']}, "
    f"{SECRETS['google']}, {SECRETS['xai']}, {SECRETS['groq']} and {SECRETS['replicate']}. "
    f"Headers sent: Authorization: Bearer {SECRETS['bearer']}; "
    f"signed https://bucket.s3.example.com/o?X-Amz-Signature={SECRETS['signature']}&x=1"
)
BODY = json.dumps(
    {
        "error": {
            "code": "insufficient_quota",
            "message": PLANTED,
            "type": f"token={SECRETS['query']}",
            "recharge_url": f"https://billing.example.com/top-up?access_token={SECRETS['query']}",
        }
    }
)
HEADERS = {"x-request-id": f"req-{SECRETS['openai']}", "retry-after": "3"}
FORMATS = ("html", "text", "terminal", "markdown", "problem")


def _leaks(output: str) -> list[str]:
    return [name for name, secret in SECRETS.items() if secret in output]


@pytest.fixture
def renderer() -> tactful.Renderer:
    return tactful.Renderer(
        recharge_url="https://billing.example.com/top-up", allowed_hosts=["billing.example.com"]
    )


def test_the_planted_message_is_really_shown_so_the_test_can_fail() -> None:
    notice = tactful.parse(BODY, http_status=429, redaction=Redaction(key_patterns=()))
    assert SECRETS["openai"] in (notice.message or "")


@pytest.mark.parametrize("format", FORMATS)
def test_no_secret_in_any_format_nor_its_headers(renderer: tactful.Renderer, format: str) -> None:
    result = renderer.render_result(BODY, format=format, http_status=429, headers=HEADERS)
    assert result.notice is not None and result.notice.message  # the message is shown...
    # problem+json carries no provider words; markdown escapes the brackets
    assert format == "problem" or "redacted" in result.body
    assert _leaks(result.body) == []  # ...without its secrets
    assert _leaks(json.dumps(result.headers())) == []
    assert result.notice.recharge_url is None  # a link holding a secret is dropped


def test_no_secret_in_the_email(renderer: tactful.Renderer) -> None:
    message = renderer.render_email(BODY, http_status=429, headers=HEADERS)
    whole = message.as_bytes(policy=email_policy.SMTP).decode("utf-8", "replace")
    parts = [part.get_content() for part in message.walk() if not part.is_multipart()]
    assert _leaks(whole) == [] and _leaks(str(message["Subject"])) == []
    assert all(_leaks(part) == [] for part in parts)


def test_no_secret_in_a_notice_given_to_render(renderer: tactful.Renderer) -> None:
    raw = tactful.parse(BODY, redaction=Redaction(key_patterns=(), param_words=frozenset()))
    assert _leaks(raw.message or "")  # read without a policy...
    for format in FORMATS:
        assert _leaks(renderer.render(raw, format=format)) == []  # ...shown with one


def test_no_secret_in_tactful_inspect(tmp_path: Any) -> None:
    path = tmp_path / "body.json"
    path.write_text(BODY, encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["inspect", str(path)]) == 0
    assert _leaks(out.getvalue()) == [] and "[redacted]" in out.getvalue()


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("GET https://x.example/v1?api_key=abc123def456 -> 402", "abc123def456"),
        ("https://x.example/v1?apikey=abc123def456&model=m", "abc123def456"),
        ("https://x.example/?access_token=ya29.a0AfH6SMB", "ya29.a0AfH6SMB"),
        ("https://cdn.example/f?Expires=1&Signature=AbCdEf012345&Key-Pair-Id=K2", "AbCdEf012345"),
        ("https://blob.example/c?sv=2020&sig=AbCdEf012345%3D", "AbCdEf012345%3D"),
        ('{"x-api-key": "abcdef0123456789"}', "abcdef0123456789"),
        ("proxy-authorization: Basic dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA=="),
        ("stripe said sk_live_51HxYzAbCdEf0123 is invalid", "sk_live_51HxYzAbCdEf0123"),
    ],
)
def test_the_class_of_secret_is_hidden_not_one_example(text: str, hidden: str) -> None:
    shown = Redaction().redact(text)
    assert hidden not in shown and "[redacted]" in shown


@pytest.mark.parametrize(
    "text",
    [
        "Basic accounts cannot use this model. Token limits reset at midnight.",
        "You exceeded your current quota, please check your plan and billing details.",
        "https://platform.openai.com/account/billing?tab=credits&page=2",
        "Insufficient balance: 0.50 USD; see https://x.example/keys for your API keys.",
    ],
)
def test_ordinary_words_and_links_are_left_alone(text: str) -> None:
    assert Redaction().redact(text) == text


def test_the_policy_is_the_applications() -> None:
    own = Redaction(key_patterns=(r"acme_[0-9a-f]{12}",), placeholder="***")
    renderer = tactful.Renderer(redaction=own)
    shown = renderer.render('{"error": "key acme_0123456789ab has no credit"}', format="text")
    assert "acme_0123456789ab" not in shown and "***" in shown
    assert renderer.replace(text_width=60).redaction == own
    nothing = Redaction(key_patterns=(), param_words=frozenset(), headers=frozenset())
    assert nothing.redact(PLANTED) == PLANTED


@pytest.mark.parametrize(
    "bad",
    [
        lambda: tactful.Renderer(redaction="strict"),  # type: ignore[arg-type]
        lambda: tactful.Renderer().replace(redaction=None),
        lambda: Redaction(key_patterns=("(",)),
        lambda: Redaction(key_patterns="sk-.*"),  # type: ignore[arg-type]
        lambda: Redaction(param_words=frozenset({""})),
        lambda: Redaction(placeholder="\x1b[31m"),
        lambda: tactful.parse("x", redaction=object()),  # type: ignore[arg-type]
    ],
)
def test_a_bad_policy_is_a_config_error(bad: Any) -> None:
    with pytest.raises(ConfigError):
        bad()
