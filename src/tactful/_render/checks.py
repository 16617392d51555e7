"""What every settings record shares: the on/off check (the Renderer's, the site's, the
integrations'), and the way a frozen record normalizes a field."""

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


def set_field(record: object, name: str, value: object) -> None:
    """Set a field of a frozen dataclass in its ``__post_init__``: the documented way for one
    to normalize a value it was given."""
    object.__setattr__(record, name, value)
