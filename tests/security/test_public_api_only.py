"""tactful uses its dependencies, and the standard library, through their public API only.

A release may change a private module or attribute without notice (a Babel release did), so
no module of ``src/tactful`` may import one or read one. Checked on the source: every import
of a module path with a part starting with ``_`` outside tactful, every ``importlib`` call
naming one, and every ``x._name`` read on a name bound by importing another package.
Maintainers' tools (``tools/``) may read private parts to generate data; the package may not.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOURCES = sorted((Path(__file__).parents[2] / "src" / "tactful").rglob("*.py"))


def _private(dotted: str) -> bool:
    parts = dotted.split(".")
    return parts[0] != "tactful" and any(
        p.startswith("_") and not p.startswith("__") for p in parts
    )


def private_uses(source: str) -> list[str]:
    """What ``source`` reads of other packages' private parts, as readable lines."""
    tree = ast.parse(source)
    foreign: set[str] = set()  # names bound by importing another package
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _private(alias.name):
                    found.append(f"line {node.lineno}: import {alias.name}")
                if not alias.name.startswith("tactful"):
                    foreign.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if _private(node.module):
                found.append(f"line {node.lineno}: from {node.module} import ...")
            if not node.module.startswith("tactful"):
                for alias in node.names:
                    if alias.name.startswith("_") and not alias.name.startswith("__"):
                        found.append(f"line {node.lineno}: from {node.module} import {alias.name}")
                    foreign.add(alias.asname or alias.name)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and _private(node.args[0].value)
        ):
            found.append(f"line {node.lineno}: import_module({node.args[0].value!r})")
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
        ):
            base = node.value
            while isinstance(base, (ast.Attribute, ast.Call, ast.Subscript)):
                base = base.func if isinstance(base, ast.Call) else base.value
            if isinstance(base, ast.Name) and base.id in foreign:
                found.append(f"line {node.lineno}: {ast.unparse(node)}")
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(p.parents[2])))
def test_no_private_part_of_another_package_is_read(path: Path) -> None:
    assert private_uses(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source",
    [
        "import re._parser",
        "from re import _parser",
        "from babel.core import _x",
        "import importlib\nimportlib.import_module('re._parser')",
        "from babel import Locale\nLocale.parse('de')._data",
        "import babel\nbabel.core.Locale('de')._data",
    ],
)
def test_the_check_finds_each_kind_of_private_read(source: str) -> None:
    assert private_uses(source)


def test_the_check_lets_public_and_own_parts_through() -> None:
    source = "from babel import Locale\nfrom . import _model\nx = _model.Notice\nLocale.parse('de')"
    assert private_uses(source) == []
