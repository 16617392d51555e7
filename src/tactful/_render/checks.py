"""The one check every on/off setting shares: the Renderer's, the site's, the integrations'."""

from __future__ import annotations

from .._errors import ConfigError


def checked_flag(value: object, name: str) -> bool:
    """``value`` if it is a bool; a :class:`tactful.ConfigError` otherwise (``"false"`` is not
    false).

    >>> checked_flag(True, "rate_limits")
    True
    >>> checked_flag("false", "rate_limits")
    Traceback (most recent call last):
    ...
    tactful.ConfigError: rate_limits must be True or False, not 'false'
    """
    if not isinstance(value, bool):
        raise ConfigError(f"{name} must be True or False, not {value!r}")
    return value
