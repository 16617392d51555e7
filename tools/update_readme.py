#!/usr/bin/env python3
"""Regenerate the README's shown outputs from the CLI (tests/e2e/test_readme.py checks them).

Each block follows a marker ``<!-- readme-output: ARGS -->`` and holds what
``python -m tactful ARGS`` prints, byte for byte.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_OUTPUT = re.compile(r"(<!-- readme-output: (.+?) -->\n```\w*\n)(.*?)(```)", re.DOTALL)


def regenerate(match: re.Match[str]) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "tactful", *shlex.split(match.group(2))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return match.group(1) + done.stdout + match.group(4)


def main() -> int:
    readme = ROOT / "README.md"
    readme.write_text(_OUTPUT.sub(regenerate, readme.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
