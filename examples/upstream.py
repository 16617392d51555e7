"""A stand-in paid API on 127.0.0.1 that is out of credit, as real providers say it.

    python3 examples/upstream.py            # http://127.0.0.1:8901/v1/generate?account=jina

``GET /v1/generate?account=NAME`` answers as the named provider does when an account has run
dry, with that provider's status code, content type and body (the bodies are the real ones in
``examples/payloads/``). ``account=ok`` succeeds. The example apps call it; so do the tests.
Standard library only.
"""

from __future__ import annotations

import argparse
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

PAYLOADS = Path(__file__).resolve().parent / "payloads"
DEFAULT_PORT = 8901


@dataclass(frozen=True)
class Answer:
    """One way an upstream answers: what a person would pick in the example app's form."""

    label: str
    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


def _file(name: str) -> bytes:
    return (PAYLOADS / name).read_bytes()


def _status_line_body(name: str) -> tuple[int, str]:
    """A ``<status> <message>`` file (as SDKs print errors) split back into status and text."""
    status, _, message = _file(name).decode("utf-8").strip().partition(" ")
    return int(status), message


def answers() -> dict[str, Answer]:
    """Every account the stand-in knows, by name, with how its provider answers."""
    openrouter_status, openrouter_message = _status_line_body("openrouter-402.txt")
    groq_status, groq_message = _status_line_body("groq-rate-limit.txt")
    return {
        "openrouter": Answer(
            "OpenRouter: more tokens requested than the balance affords",
            openrouter_status,
            "application/json",
            # OpenRouter's wire format: the message the SDK printed, in its error envelope.
            json.dumps({"error": {"message": openrouter_message, "code": 402}}).encode(),
        ),
        "openai": Answer(
            "OpenAI: quota used up (sent as 429)",
            429,
            "application/json",
            _file("openai-insufficient-quota.json"),
        ),
        "anthropic": Answer(
            "Anthropic: credit balance too low (sent as 400)",
            400,
            "application/json",
            _file("anthropic-credit-balance.json"),
            (("request-id", "req_011CZD3mDb69Z9r51roH2oy4"),),
        ),
        "jina": Answer(
            "Jina AI: InsufficientBalanceError",
            402,
            "application/json",
            _file("jina-402.json"),
        ),
        "problem": Answer(
            "RFC 9457 problem details with a balance in USD",
            402,
            "application/problem+json",
            _file("problem-details.json"),
        ),
        "groq": Answer(
            "Groq: daily token rate limit (not a money problem)",
            groq_status,
            "application/json",
            json.dumps(
                {
                    "error": {
                        "message": groq_message,
                        "type": "tokens",
                        "code": "rate_limit_exceeded",
                    }
                }
            ).encode(),
            (("retry-after", "578"),),
        ),
        "ok": Answer(
            "An account with credit",
            200,
            "application/json",
            json.dumps({"text": "Here is your draft: three short paragraphs."}).encode(),
        ),
    }


class _Handler(BaseHTTPRequestHandler):
    server_version = "stand-in-upstream/1"
    known: ClassVar[dict[str, Answer]] = {}

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        account = parse_qs(url.query).get("account", ["ok"])[0]
        answer = self.known.get(account)
        if url.path != "/v1/generate" or answer is None:
            self._send(404, "application/json", b'{"error":{"message":"not found"}}', ())
            return
        self._send(answer.status, answer.content_type, answer.body, answer.headers)

    def _send(
        self, status: int, content_type: str, body: bytes, headers: tuple[tuple[str, str], ...]
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # quiet, as tests want
        pass


def make_server(port: int = 0) -> ThreadingHTTPServer:
    """The stand-in, bound to 127.0.0.1 (``port=0``: any free port), not yet serving."""
    handler = type("Handler", (_Handler,), {"known": answers()})
    return ThreadingHTTPServer(("127.0.0.1", port), handler)


@contextmanager
def running(port: int = 0) -> Iterator[str]:
    """Serve in a background thread for the ``with`` block; yields the base URL."""
    server = make_server(port)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    port = parser.parse_args().port
    server = make_server(port)
    print(f"stand-in upstream on http://127.0.0.1:{port}/v1/generate?account=NAME")
    print("accounts:", ", ".join(answers()))
    with suppress(KeyboardInterrupt):
        server.serve_forever()


if __name__ == "__main__":
    main()
