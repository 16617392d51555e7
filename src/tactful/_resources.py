"""Where the package finds its templates and catalogs: the one place that knows.

In a wheel they sit inside the package (``tactful/_data/``); in a source checkout or an
editable install they sit at the top of the repository, where designers and translators
edit them. Nothing else in tactful computes these paths.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    packaged = _PACKAGE / "_data" / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent.parent / name


TEMPLATES_DIR = _data_dir("templates")
LOCALES_DIR = _data_dir("locales")
