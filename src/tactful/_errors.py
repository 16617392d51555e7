"""The one exception tree tactful raises.

In the default mode nothing here escapes :func:`tactful.render`: failures are logged and a safe
built-in message is rendered instead. ``strict=True`` raises these so that development and tests
see problems early.

    Error
    ├── PayloadError      the payload could not be read at all
    ├── LocaleError       a locale tag or Accept-Language value is invalid or unsupported
    ├── TemplateError     a template is missing, invalid, or failed while rendering
    └── ConfigError       a Renderer setting is invalid (also a ValueError)
"""

from __future__ import annotations


class Error(Exception):
    """Base class of every exception tactful raises on purpose."""


class PayloadError(Error):
    """The payload could not be decoded into anything tactful can read."""


class LocaleError(Error):
    """A locale tag is malformed or not supported, or a catalog failed to load."""


class TemplateError(Error):
    """A template is missing, invalid, or raised while rendering."""


class ConfigError(Error, ValueError):
    """A :class:`~tactful.Renderer` setting is invalid; raised at construction, in every mode."""


# Shown as ``tactful.ConfigError`` in tracebacks, logs and reprs: the public name an
# application catches, never the private module that defines it.
for _public in (Error, PayloadError, LocaleError, TemplateError, ConfigError):
    _public.__module__ = "tactful"
del _public
