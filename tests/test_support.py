"""A test whose system tool is missing skips with the install step, and fails under CI=true."""

from __future__ import annotations

import pytest

from .conftest import require


def test_a_missing_tool_skips_with_its_install_step(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="tmux is missing: apt-get install tmux"):
        require(False, "tmux", "apt-get install tmux")


@pytest.mark.parametrize("value", ["true", "1", "TRUE"])
def test_a_missing_tool_fails_in_ci(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match=r"tmux is missing in CI.*\.ci/run"):
        require(False, "tmux", "apt-get install tmux")


def test_a_present_tool_runs_its_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    require(True, "tmux", "apt-get install tmux")  # neither skips nor fails
