"""A runnable FastAPI app that meets an out-of-credit provider, with tactful in two lines.

    python3 -m pip install -e ".[fastapi]"
    python3 examples/upstream.py &          # the stand-in provider, http://127.0.0.1:8901
    python3 examples/fastapi_app.py         # then open http://127.0.0.1:8001

The view calls the provider with ``httpx`` and lets ``raise_for_status()``'s error escape; the
integration turns an out-of-credit answer into a 402 notice in the browser's language (a page,
or the fragment the page's script inserts; problem+json for ``Accept: application/json``).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from tactful.contrib.fastapi import Tactful

HERE = Path(__file__).resolve().parent
UPSTREAM_URL = os.environ.get("UPSTREAM_URL", "http://127.0.0.1:8901")
RECHARGE_URL = "https://billing.example.com/top-up?amount={amount}&currency={currency}"
PRICING_URL = "https://billing.example.com/pricing"
ACCOUNTS = {
    "openrouter": "OpenRouter: more tokens requested than the balance affords",
    "openai": "OpenAI: quota used up (sent as 429)",
    "anthropic": "Anthropic: credit balance too low (sent as 400)",
    "jina": "Jina AI: InsufficientBalanceError",
    "problem": "RFC 9457 problem details with a balance in USD",
    "ok": "An account with credit",
}


def create_app(upstream_url: str = UPSTREAM_URL) -> FastAPI:
    app = FastAPI(title="Draft assistant")
    # The integration: every out-of-credit error a view lets escape becomes a notice.
    tactful = Tactful(
        app, recharge_url=RECHARGE_URL, pricing_url=PRICING_URL, product_name="Draft assistant"
    )
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    # tactful_notice() and tactful_stylesheet(); a browser without script gets the notice
    # inside the app's own base.html, in its content block.
    tactful.install_templates(templates, base_template="base.html")
    accounts = {name: {"label": label} for name, label in ACCOUNTS.items()}

    @app.get("/", response_class=HTMLResponse)
    async def index(request: Request) -> HTMLResponse:
        context = {"framework": "FastAPI", "accounts": accounts}
        return templates.TemplateResponse(request, "index.html", context)

    @app.post("/generate", response_class=HTMLResponse)
    async def generate(request: Request) -> HTMLResponse:
        form = parse_qs((await request.body()).decode("utf-8", "replace"))
        account = form.get("account", ["ok"])[0]
        async with httpx.AsyncClient(base_url=upstream_url, timeout=10) as client:
            answer = await client.get("/v1/generate", params={"account": account})
            # An out-of-credit answer raises httpx.HTTPStatusError here; tactful answers it.
            answer.raise_for_status()
        draft = answer.json()["text"]
        if request.headers.get("sec-fetch-mode", "navigate") != "navigate":
            return templates.TemplateResponse(request, "draft.html", {"draft": draft})
        context = {
            "framework": "FastAPI",
            "accounts": accounts,
            "selected": account,
            "draft": draft,
        }
        return templates.TemplateResponse(request, "index.html", context)

    return app


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(create_app(), host="127.0.0.1", port=int(os.environ.get("PORT", "8001")))
