"""A runnable Flask app that meets an out-of-credit provider, with tactful in two lines.

    python3 -m pip install -e ".[flask]"
    python3 examples/upstream.py &          # the stand-in provider, http://127.0.0.1:8901
    python3 examples/flask_app.py           # then open http://127.0.0.1:8000

The view calls the provider with ``urllib`` and lets its ``HTTPError`` escape; the extension
turns an out-of-credit answer into a 402 notice in the browser's language (the app's own page
around it, or the fragment the page's script inserts; problem+json for
``curl -H 'Accept: application/json'``, plain text for ``-H 'Accept: text/plain'``).
"""

from __future__ import annotations

import json
import os
import urllib.parse
import urllib.request
from pathlib import Path

from flask import Flask, render_template, request

from tactful.contrib.flask import Tactful

HERE = Path(__file__).resolve().parent
UPSTREAM_URL = os.environ.get("UPSTREAM_URL", "http://127.0.0.1:8901")
RECHARGE_URL = "https://billing.example.com/top-up?amount={amount}&currency={currency}"
PRICING_URL = "https://billing.example.com/pricing"
# The accounts the page offers: the stand-in's out-of-credit ones, and one with credit.
ACCOUNTS = {
    "openrouter": "OpenRouter: more tokens requested than the balance affords",
    "openai": "OpenAI: quota used up (sent as 429)",
    "anthropic": "Anthropic: credit balance too low (sent as 400)",
    "jina": "Jina AI: InsufficientBalanceError",
    "problem": "RFC 9457 problem details with a balance in USD",
    "ok": "An account with credit",
}


class _Label:
    def __init__(self, label: str) -> None:
        self.label = label


def create_app(upstream_url: str = UPSTREAM_URL) -> Flask:
    app = Flask(__name__, template_folder=str(HERE / "templates"))
    # The integration: every out-of-credit error a view lets escape becomes a notice; a browser
    # without script gets it inside the app's own base.html, in its content block.
    Tactful(
        app,
        recharge_url=RECHARGE_URL,
        pricing_url=PRICING_URL,
        product_name="Draft assistant",
        base_template="base.html",
    )

    accounts = {name: _Label(label) for name, label in ACCOUNTS.items()}

    @app.get("/")
    def index() -> str:
        return render_template("index.html", framework="Flask", accounts=accounts)

    @app.post("/generate")
    def generate() -> str:
        account = request.form.get("account", "ok")
        query = urllib.parse.urlencode({"account": account})
        # An out-of-credit answer raises urllib.error.HTTPError here, and tactful answers it.
        url = f"{upstream_url}/v1/generate?{query}"  # http://127.0.0.1 by configuration
        with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310
            draft = json.load(answer)["text"]
        if request.headers.get("Sec-Fetch-Mode", "navigate") != "navigate":
            return render_template("draft.html", draft=draft)
        return render_template(
            "index.html", framework="Flask", accounts=accounts, selected=account, draft=draft
        )

    return app


if __name__ == "__main__":
    create_app().run(host="127.0.0.1", port=int(os.environ.get("PORT", "8000")))
