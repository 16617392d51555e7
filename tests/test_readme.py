"""The README's examples are real: its code runs, its outputs are what the CLI prints."""

from __future__ import annotations

import doctest
import re
import shlex
import subprocess
import sys

import pytest

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
_FENCE = re.compile(r"```(\w*)\n(.*?)```", re.DOTALL)
_OUTPUT = re.compile(r"<!-- readme-output: (.+?) -->\n```\w*\n(.*?)```", re.DOTALL)


def test_python_examples_run() -> None:
    blocks = [body for lang, body in _FENCE.findall(README) if lang == "pycon"]
    assert blocks
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for index, block in enumerate(blocks):
        test = parser.get_doctest(block, {}, f"README[{index}]", "README.md", 0)
        runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


@pytest.mark.parametrize(("command", "expected"), _OUTPUT.findall(README), ids=lambda v: v[:40])
def test_shown_output_is_what_the_cli_prints(command: str, expected: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tactful", *shlex.split(command)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == expected


def test_readme_names_the_two_commands_and_ci_runs_the_test_command() -> None:
    consoles = [body.strip() for lang, body in _FENCE.findall(README) if lang == "console"]
    run_command, test_command = consoles[0], consoles[1]
    assert run_command.startswith("python3 -m pip install . && python3 -m tactful render examples/")
    assert test_command == 'python3 -m pip install -e ".[test]" && python3 -m pytest'
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci
