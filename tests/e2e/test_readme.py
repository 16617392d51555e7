"""The README's examples are real: its code runs, its outputs are what the CLI prints."""

from __future__ import annotations

import doctest
import re
import shlex
import subprocess
import sys

import pytest

from ..conftest import ROOT

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
    # Both make their own virtual environment: PEP 668 systems refuse a bare pip install.
    assert run_command.startswith(
        "python3 -m venv .venv && .venv/bin/python -m pip install . && .venv/bin/tactful render examples/"
    )
    assert test_command == (
        "python3 -m venv --clear .venv && . .venv/bin/activate"
        ' && python -m pip install -e ".[test,test-litellm]" && python -m pytest'
    )
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci


def _floors() -> dict[str, str]:
    """The runtime dependencies' floors in pyproject.toml (read without tomllib: Python 3.10)."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    block = re.search(r"^dependencies = \[(.*?)^\]", text, re.DOTALL | re.MULTILINE)
    assert block is not None
    found = re.findall(r'"([A-Za-z0-9_.-]+)>=([0-9.]+)"', block.group(1))
    return {name.lower(): floor for name, floor in found}


def test_the_minimum_versions_ci_installs_are_the_floors_pyproject_allows() -> None:
    lines = (ROOT / "minimum-versions.txt").read_text(encoding="utf-8").splitlines()
    pinned = dict(line.lower().split("==") for line in lines if line and not line.startswith("#"))
    assert pinned == _floors()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "-c minimum-versions.txt" in ci
