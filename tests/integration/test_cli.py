"""The command line, run as users run it: as a process, with files and standard input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import B3, RECHARGE, ROOT

EXAMPLES = ROOT / "examples" / "payloads"


def run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "tactful", *args], input=stdin, capture_output=True, timeout=60
    )


@pytest.mark.parametrize(
    ("locale", "title"),
    [
        ("en", "Your balance is too low"),
        ("de", "Ihr Guthaben reicht nicht aus"),
        ("fr", "Solde insuffisant"),
    ],
)
def test_render_file_in_each_core_locale(locale: str, title: str) -> None:
    done = run(
        "render",
        str(EXAMPLES / "problem-details.json"),
        "--locale",
        locale,
        "--recharge-url",
        RECHARGE,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode()
    assert out.splitlines()[0] == title
    assert RECHARGE in out


def test_render_reads_stdin_and_writes_html() -> None:
    done = run(
        "render", "-", "--format", "html", "--recharge-url", RECHARGE, stdin=json.dumps(B3).encode()
    )
    assert done.returncode == 0
    assert done.stdout.decode().startswith('<section class="tactful tactful--insufficient_balance"')


def test_usage_errors_are_one_line_with_status_2() -> None:
    done = run("render", "--format", "pdf")
    assert done.returncode == 2
    assert len(done.stderr.decode().strip().splitlines()) == 1
    bad_url = run("render", "-", "--recharge-url", "javascript:alert(1)", "--strict", stdin=b"{}")
    assert bad_url.returncode == 2
    assert len(bad_url.stderr.decode().strip().splitlines()) == 1


def test_missing_file_is_one_line_error() -> None:
    done = run("render", "/no/such/file.json")
    assert done.returncode == 1
    assert done.stderr.decode().count("\n") == 1


def test_help_documents_every_option() -> None:
    out = run("render", "--help").stdout.decode()
    for option in (
        "--format",
        "--locale",
        "--recharge-url",
        "--accept-language",
        "--pricing-url",
        "--width",
        "--no-label",
        "--why",
        "--no-details",
        "--template-dir",
        "--strict",
    ):
        assert option in out
    assert "inspect" in run("--help").stdout.decode()


def test_inspect_prints_what_was_understood() -> None:
    done = run("inspect", str(EXAMPLES / "openrouter-402.txt"))
    data = json.loads(done.stdout)
    assert data["kind"] == "insufficient_balance"
    assert data["provider"] == "OpenRouter"
    assert data["http_status"] == 402
    assert data["balance"] == {"amount": "4000", "unit": "tokens"}
    assert data["cost"] == {"amount": "4096", "unit": "tokens"}
    assert data["links"] == [{"rel": "payment", "href": "https://openrouter.ai/settings/credits"}]


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "tactful"
    if not script.exists():  # pyenv shims and some venv layouts put scripts elsewhere
        script = Path(
            subprocess.run(["which", "tactful"], capture_output=True, text=True).stdout.strip()
        )
    done = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert done.stdout.startswith("tactful ")
