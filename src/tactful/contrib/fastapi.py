"""FastAPI: the Starlette integration, which FastAPI apps use as they are.

>>> from fastapi import FastAPI
>>> from fastapi.testclient import TestClient
>>> from tactful.contrib import OutOfCredit
>>> from tactful.contrib.fastapi import Tactful
>>> app = FastAPI()
>>> tactful = Tactful(app, recharge_url="https://billing.example.com/top-up")
>>> @app.get("/generate")
... async def generate():
...     raise OutOfCredit(b'{"error":{"code":"INSUFFICIENT_BALANCE"}}', http_status=402)
>>> response = TestClient(app).get("/generate", headers={"Accept": "application/json"})
>>> response.status_code
402

See :mod:`tactful.contrib.starlette` for what is handled and how the reply is chosen.
"""

from __future__ import annotations

from .starlette import OutOfCredit, Tactful, TactfulMiddleware

__all__ = ["OutOfCredit", "Tactful", "TactfulMiddleware"]
