"""Templates and catalogs live at the top level, ship inside the wheel, and work both ways."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

import tactful
from tactful import _resources

from ..conftest import ROOT


def test_source_checkout_uses_top_level_folders() -> None:
    # The suite runs on an editable install: data must come from the repository's own folders,
    # so a designer's or translator's edit shows up without reinstalling.
    assert not (Path(tactful.__file__).parent / "_data").exists()
    assert _resources.TEMPLATES_DIR == ROOT / "templates"
    assert _resources.LOCALES_DIR == ROOT / "locales"
    assert (_resources.TEMPLATES_DIR / "notice.html").is_file()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
        timeout=300,
    )
    (built,) = out.glob("tactful-*.whl")
    return built


def test_wheel_carries_templates_catalogs_and_py_typed(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "tactful/py.typed" in names
    assert "tactful/_data/templates/notice.html" in names
    assert "tactful/_data/templates/tactful.css" in names
    assert "tactful/_data/locales/de/LC_MESSAGES/tactful.po" in names
    assert not any(name.startswith(("templates/", "locales/")) for name in names)


def test_installed_wheel_renders_from_outside_the_repository(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    python = env_dir / ("Scripts" if sys.platform == "win32" else "bin") / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True, timeout=600
    )
    work = tmp_path / "elsewhere"
    work.mkdir()
    (work / "payload.json").write_text(
        '{"error":{"code":"INSUFFICIENT_BALANCE"}}', encoding="utf-8"
    )
    script = (
        "import tactful, tactful._resources as r; "
        "print(r.TEMPLATES_DIR); "
        "print(tactful.render(open('payload.json','rb').read(), format='text', locale='de'))"
    )
    done = subprocess.run(
        [str(python), "-c", script], cwd=work, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    templates_dir, rendered = done.stdout.split("\n", 1)
    assert str(env_dir) in templates_dir and str(ROOT) not in templates_dir
    assert rendered.startswith("Ihr Guthaben reicht nicht aus")
    cli = subprocess.run(
        [str(python), "-m", "tactful", "render", "payload.json", "--locale", "fr"],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert cli.stdout.startswith("Solde insuffisant"), cli.stderr
