"""Shared fixtures: the corpora (copied from ../shared with their sources) and base payloads."""

from __future__ import annotations

import copy
import importlib.metadata
import importlib.util
import json
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import tactful
from tactful import _memo

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent
RUNTIME_DEPENDENCIES = ("jinja2", "babel", "markupsafe")


E2E_DIR = Path(__file__).parent / "e2e"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The tiers are directories: everything under tests/e2e drives an outside program (Chromium,
    # tmux, an SMTP server, pip, the README's commands) and is left out of the inner loop
    # (pytest -m "not e2e"); CI runs it all.
    for item in items:
        if E2E_DIR in item.path.parents:
            item.add_marker(pytest.mark.e2e)


def pytest_report_header() -> str:
    """The runtime dependencies this run resolved, at the top of every run (CI runs twice:
    today's releases, and the oldest pyproject.toml allows)."""
    found = ", ".join(f"{n} {importlib.metadata.version(n)}" for n in RUNTIME_DEPENDENCIES)
    return f"tactful runs on: {found}"


@pytest.fixture(autouse=True, scope="session")
def _memos_checked() -> Any:
    """Every memo hit in the suite is recomputed without the memo and compared (_memo.CHECK)."""
    _memo.CHECK = True
    yield
    _memo.CHECK = False


@pytest.fixture(autouse=True)
def _no_memo_mismatch() -> Any:
    """A mismatch fails the test that caused it, even where a render recovered from it."""
    _memo.MISMATCHES.clear()
    yield
    found, _memo.MISMATCHES[:] = list(_memo.MISMATCHES), []
    assert not found, found[0]


def require(available: bool, what: str, install: str) -> None:
    """Skip a test whose system tool is missing, saying how to install it; under ``CI=true``
    (``.ci/run`` installs every tool) fail instead, so that CI never passes by skipping."""
    if available:
        return
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{what} is missing in CI: {install} (.ci/run installs it)", pytrace=False)
    pytest.skip(f"{what} is missing: {install}")


# The three shapes the toolkit must accept (tests/fixtures/CORPUS.md, section 1).
B1 = {"error": {"code": "INSUFFICIENT_BALANCE", "message": "Your balance is too low."}}
B2 = {
    "code": 402,
    "name": "InsufficientBalanceError",
    "status": 40203,
    "message": "Insufficient balance",
    "readableMessage": "You need 5.00 more credits.",
}
B3 = {
    "type": "https://example.com/probs/out-of-credit",
    "title": "You do not have enough credit.",
    "status": 403,
    "detail": "Your current balance is 30, but that costs 50.",
    "instance": "/account/12345/msgs/abc",
    "balance": 30,
    "accounts": ["/account/12345", "/account/67890"],
}
RECHARGE = "https://billing.example.com/recharge"


def with_member(base: dict[str, Any], path: tuple[str, ...], value: Any) -> str:
    """``base`` as JSON, with the member at ``path`` set to ``value`` (``base`` is left as is)."""
    data = copy.deepcopy(base)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return json.dumps(data)


def load_jsonl(name: str) -> list[dict[str, Any]]:
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def load_tool(name: str) -> ModuleType:
    """A maintainer's script from tools/ (generators the tests compare with what ships)."""
    module = sys.modules.get(f"tools.{name}")
    if module is None:
        spec = importlib.util.spec_from_file_location(
            f"tools.{name}", ROOT / "tools" / f"{name}.py"
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    return module


PROVIDER_PAYLOADS = load_jsonl("provider_payloads.jsonl")
HOSTILE_INPUTS = load_jsonl("hostile_inputs.jsonl")


@pytest.fixture
def renderer() -> tactful.Renderer:
    return tactful.Renderer(recharge_url=RECHARGE, allowed_hosts={"billing.example.com"})
