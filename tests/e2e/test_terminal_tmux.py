"""The terminal format in a real terminal: the CLI runs inside tmux, and the screen is read back.

tmux is a real terminal emulator: it obeys escape sequences, wraps lines that are too long, and
counts East Asian wide characters as two columns. What it shows is what a person would see.
Under ``CI=true`` a missing tmux fails these tests; elsewhere they are skipped with a reason.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from ..conftest import ROOT, require

EXAMPLE = ROOT / "examples" / "payloads" / "problem-details.json"
TOP_UP = "https://billing.example.com/top-up?amount={amount}&currency={currency}"
PAYMENT = "https://billing.example.com/top-up?amount=5&currency=USD"
DONE = "__TACTFUL_DONE__"


@dataclass
class Screen:
    rows: list[str]  # the screen as it is, one row per terminal line
    joined: list[str]  # rows the terminal wrapped, joined again (tmux capture-pane -J)
    styled: str  # the rows with their attributes, as SGR sequences (capture-pane -e)
    title: str  # the pane title, which an escape sequence could change

    def message(self, rows: list[str]) -> list[str]:
        return rows[: rows.index(DONE)]


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Callable[..., Screen]]:
    tmux = shutil.which("tmux")
    require(tmux is not None, "tmux", "apt-get install tmux")
    assert tmux is not None
    socket = tmp_path / "tmux.sock"
    base = [tmux, "-f", os.devnull, "-S", str(socket)]
    count = 0

    def run(args: list[str], *, width: int = 40, env: dict[str, str] | None = None) -> Screen:
        nonlocal count
        count += 1
        session = f"t{count}"
        exports = "".join(f"export {k}={shlex.quote(v)}\n" for k, v in (env or {}).items())
        command = shlex.join([sys.executable, "-m", "tactful", *args])
        script = tmp_path / f"{session}.sh"
        script.write_text(
            "unset NO_COLOR FORCE_COLOR FORCE_HYPERLINK COLUMNS LINES\n"
            f"{exports}cd {shlex.quote(str(ROOT))}\n{command}\n"
            f"printf '%s\\n' {DONE}\nsleep 600\n",
            encoding="utf-8",
        )
        subprocess.run(
            [
                *base,
                "new-session",
                "-d",
                "-x",
                str(width),
                "-y",
                "60",
                "-s",
                session,
                f"sh {script}",
            ],
            check=True,
            timeout=30,
        )

        def capture(*flags: str) -> str:
            return subprocess.run(
                [*base, "capture-pane", "-p", *flags, "-t", session],
                capture_output=True,
                text=True,
                check=True,
                timeout=30,
            ).stdout

        deadline = time.monotonic() + 60
        while DONE not in capture().splitlines():
            assert time.monotonic() < deadline, capture()
            time.sleep(0.1)
        title = subprocess.run(
            [*base, "display-message", "-p", "-t", session, "#{pane_title}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        screen = Screen(capture().splitlines(), capture("-J").splitlines(), capture("-e"), title)
        subprocess.run([*base, "kill-session", "-t", session], check=True)
        return screen

    yield run
    subprocess.run([*base, "kill-server"], capture_output=True, check=False)


def plain(*args: str, width: int) -> list[str]:
    """What the CLI prints as plain text at ``width``: what the screen must show."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tactful",
            "render",
            *args,
            "--format",
            "text",
            "--width",
            str(width),
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "NO_COLOR": "1"},
    )
    return done.stdout.splitlines()


def message_args(locale: str) -> list[str]:
    return ["render", str(EXAMPLE), "--recharge-url", TOP_UP, "--locale", locale]


@pytest.mark.parametrize("locale", ["ja", "de", "zh-Hant", "ko", "th"])
def test_the_screen_shows_the_message_wrapped_to_the_terminal(
    terminal: Callable[..., Screen], locale: str
) -> None:
    screen = terminal(message_args(locale), width=40)
    # Joined again, the screen holds exactly the words of the plain message at 40 columns:
    # the terminal width was found, and colour and links added no visible character.
    assert screen.message(screen.joined) == plain(*message_args(locale)[1:], width=40)
    # Only URLs, which are never broken, can be longer than the screen: every other line fit
    # (wide characters counted as two columns), so the terminal itself wrapped nothing else.
    rows, joined = screen.message(screen.rows), screen.message(screen.joined)
    wrapped_by_terminal = [line for line in joined if line not in rows]
    assert PAYMENT in wrapped_by_terminal
    for line in wrapped_by_terminal:
        assert any(word.startswith("https://") and len(word) > 36 for word in line.split()), line
    assert "8;;" not in "\n".join(rows)  # the hyperlink's sequence was obeyed, not printed


def test_a_terminal_gets_colour_by_default(terminal: Callable[..., Screen]) -> None:
    screen = terminal(message_args("en"), width=80)
    assert screen.message(screen.rows)[0] == "Your balance is too low"
    styled = screen.styled.split(DONE)[0]
    assert "\x1b[1m" in styled and "\x1b[33m" in styled  # the title: bold and coloured
    assert "\x1b[4m" in styled or "\x1b[0;4m" in styled  # the link: underlined


@pytest.mark.parametrize(
    "env",
    [{"NO_COLOR": "1"}, {"TERM": "dumb"}],
    ids=["NO_COLOR", "TERM=dumb"],
)
def test_no_colour_when_the_environment_says_so(
    terminal: Callable[..., Screen], env: dict[str, str]
) -> None:
    screen = terminal(message_args("en"), width=80, env=env)
    assert screen.message(screen.rows)[0] == "Your balance is too low"
    assert "\x1b[" not in screen.styled.split(DONE)[0]


def test_payload_escape_sequences_cannot_reach_the_terminal(
    terminal: Callable[..., Screen], tmp_path: Path
) -> None:
    attack = (
        "\x1b]0;pwned\x07\x1b]2;pwned\x1b\\"  # set the window title
        "\x1b[2J\x1b[H"  # clear the screen, cursor home
        "\x1b[8m hidden \x1b[0m\x9b31m\x1b[1A\rOVERWRITE\x08\x08"  # hide, C1 CSI, move, CR
        "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"  # a link of its own
    )
    body = tmp_path / "hostile.json"
    body.write_text(json.dumps({"error": {"code": "insufficient_quota", "message": attack}}))
    screen = terminal(["render", str(body), "--recharge-url", TOP_UP], width=80)
    rows = screen.message(screen.rows)
    assert rows[0] == "You reached your usage limit"  # not cleared, not overwritten
    assert screen.title != "pwned"
    assert any("OVERWRITE" in row for row in rows)  # shown as text, where it belongs
    assert "evil.example" in "\n".join(rows)  # visible text, never a hidden link target
    styled = screen.styled.split(DONE)[0]
    assert "\x1b[8m" not in styled and "\x1b[31m" not in styled


def test_links_can_be_turned_off(terminal: Callable[..., Screen]) -> None:
    screen = terminal([*message_args("en"), "--no-links", "--color", "always"], width=100)
    rows = screen.message(screen.rows)
    assert any(row.endswith(PAYMENT) for row in rows)  # the URL is still there to copy
