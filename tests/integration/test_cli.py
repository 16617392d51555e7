"""The command line, run as users run it: as a process, with files and standard input."""

from __future__ import annotations

import json
import os
import signal
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


# ---- every user error: one line, the right status, never a traceback -----------------------

PAYLOAD = str(EXAMPLES / "problem-details.json")


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["--recharge-url", "http://billing.example.com/top-up"],
            "tactful: error: recharge_url must be an https URL, not http: "
            "'http://billing.example.com/top-up'",
        ),
        (
            ["--recharge-url", "billing.example.com/top-up"],
            "tactful: error: recharge_url must be an https URL, not one without a scheme: "
            "'billing.example.com/top-up'",
        ),
        (
            ["--recharge-url", "https://billing.example.com/?amount={amont}"],
            "tactful: error: recharge_url has an unknown placeholder {amont} "
            "(it may hold {amount}, {currency}, {return_to})",
        ),
        (
            ["--pricing-url", "http://billing.example.com/pricing"],
            "tactful: error: pricing_url must be an https URL, not http: "
            "'http://billing.example.com/pricing'",
        ),
        (
            ["--problem-type", "http://api.example.com/{kind}"],
            "tactful: error: problem_type must be an https URL, not http: "
            "'http://api.example.com/{kind}'",
        ),
        (
            ["--template-dir", "/no/such/dir"],
            "tactful: error: template directory '/no/such/dir' does not exist",
        ),
        (
            ["--width", "0"],
            "tactful: error: argument --width: not a width from 20 to 1000 columns: '0'",
        ),
        (
            ["--width", "-5"],
            "tactful: error: argument --width: not a width from 20 to 1000 columns: '-5'",
        ),
        (
            ["--status", "999"],
            "tactful: error: argument --status: not an HTTP status (100 to 599): '999'",
        ),
        (
            ["--locale", "xx", "--strict"],
            "tactful: error: no catalog for locale 'xx'; choose from ar, bg, bn, cs, da, de, el, "
            "en, es, es-419, et, fa, fi, fil, fr, he, hi, hr, hu, id, it, ja, ko, lt, lv, ms, nb, "
            "nl, pl, pt-BR, pt-PT, ro, ru, sk, sl, sr, sv, th, tr, uk, ur, vi, zh-Hans, zh-Hant",
        ),
    ],
)
def test_a_usage_mistake_is_one_line_and_status_2(args: list[str], line: str) -> None:
    done = run("render", PAYLOAD, *args)
    assert (done.returncode, done.stderr.decode(), done.stdout) == (2, line + "\n", b"")


def test_an_unknown_locale_warns_and_renders_in_the_default() -> None:
    done = run("render", PAYLOAD, "--locale", "xx")
    assert done.returncode == 0
    err = done.stderr.decode()
    assert err.startswith("tactful: warning: no catalog for locale 'xx'; choose from ar, ")
    assert err.endswith(" (rendering in en)\n") and err.count("\n") == 1
    assert done.stdout.decode().startswith("Your balance is too low")


@pytest.mark.parametrize("command", ["render", "inspect", "email"])
def test_empty_input_is_an_error_not_an_empty_wallet(command: str) -> None:
    extra = ["--to", "ana@example.com"] if command == "email" else []
    done = run(command, "-", *extra, stdin=b"")
    line = f"tactful: error: standard input is empty: there is no payload to {command}\n"
    assert (done.returncode, done.stderr.decode(), done.stdout) == (1, line, b"")


def test_unreadable_input_has_one_answer_and_fails_when_strict() -> None:
    undecodable = run("render", "-", stdin=b"\xff\xfe\xfa")
    assert "We could not read the service's answer." in undecodable.stdout.decode()
    noise = b"\x00\x01\x02\x03"
    inspected = json.loads(run("inspect", "-", stdin=noise).stdout)
    assert inspected["kind"] == "other"
    rendered = run("render", "-", stdin=noise)
    assert rendered.returncode == 0
    assert rendered.stdout.decode() == (
        "This request could not run\n\nWe could not read the service's answer.\n"
    )
    strict = run("render", "-", "--strict", stdin=noise)
    assert (strict.returncode, strict.stderr.decode()) == (
        1,
        "tactful: error: the payload holds nothing tactful can read\n",
    )


@pytest.mark.parametrize(
    ("option", "value"), [("--to", "not an address"), ("--from", "a@b.example\nBcc: x@y")]
)
def test_an_unusable_address_is_a_usage_mistake(option: str, value: str) -> None:
    args = ["email", PAYLOAD, "--to", "ana@example.com", option, value]
    done = run(*args)
    assert (done.returncode, done.stderr.decode()) == (
        2,
        f"tactful: error: {option} is not a mail address: {value!r}\n",
    )


def test_an_unwritable_output_is_one_line(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "notice.eml"
    done = run("email", PAYLOAD, "--to", "ana@example.com", "-o", str(target))
    assert (done.returncode, done.stderr.decode()) == (
        1,
        f"tactful: error: cannot write {target}: No such file or directory\n",
    )


def test_ctrl_c_exits_130_without_a_traceback() -> None:
    # Interrupted while it waits on a terminal: once its hint is out, it is reading.
    leader, follower = os.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "tactful", "render", "-"],
            stdin=follower,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert process.stderr is not None
        hint = process.stderr.readline()
        assert hint.startswith(b"tactful: reading the payload from standard input")
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
    finally:
        os.close(leader)
        os.close(follower)
    assert process.returncode == 130
    assert "Traceback" not in err.decode()


def test_a_terminal_on_stdin_gets_a_hint_instead_of_silence() -> None:
    # A real pseudo-terminal as standard input, as when someone types `tactful render`.
    leader, follower = os.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "tactful", "render"],
            stdin=follower,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        os.write(leader, b'{"error":{"code":"INSUFFICIENT_BALANCE"}}\n\x04')
        out, err = process.communicate(timeout=60)
    finally:
        os.close(leader)
        os.close(follower)
    assert err.decode() == (
        "tactful: reading the payload from standard input; end it with Ctrl-D "
        "(Ctrl-Z, Enter on Windows), or give a FILE\n"
    )
    assert out.decode().startswith("Your balance is too low")


def test_a_render_that_recovered_says_so_in_one_line(tmp_path: Path) -> None:
    # A template that fails: the safe built-in message, and one warning line, no traceback.
    (tmp_path / "notice.txt").write_text("{{ 1 // 0 }}", encoding="utf-8")
    done = run("render", PAYLOAD, "--format", "text", "--template-dir", str(tmp_path))
    assert done.returncode == 0
    assert done.stdout.decode().startswith("Your balance is too low")
    err = done.stderr.decode()
    assert err.startswith("tactful: warning: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
