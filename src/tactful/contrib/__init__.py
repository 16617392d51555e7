"""Drop-in integrations for web frameworks, each importing its framework only when used.

- :mod:`tactful.contrib.flask`: ``Tactful(app, recharge_url=...)``, a Flask extension.
- :mod:`tactful.contrib.fastapi` (and :mod:`tactful.contrib.starlette`): the same for ASGI apps.
- :mod:`tactful.contrib.django`: a template tag, a view helper and a middleware.

Every integration answers an out-of-credit error raised in a view with a 402 response: an HTML
page (or the bare snippet for ``fetch``/htmx requests) or RFC 9457 problem+json, whichever the
request's ``Accept`` header prefers, in the language of the request. What counts as such an error:

- :class:`OutOfCredit`, raised by the application with whatever the upstream sent;
- an upstream HTTP error (``urllib``, ``httpx``, ``requests``...) or a provider SDK's exception,
  found by duck typing on the exception or its ``__cause__`` chain, whose payload tactful reads
  as a money problem (balance, quota, billing, payment). Anything else is left to the framework.

>>> from tactful.contrib import OutOfCredit
>>> error = OutOfCredit(b'{"error":{"code":"INSUFFICIENT_BALANCE"}}', http_status=402)
>>> error.http_status
402
"""

from __future__ import annotations

from ._web import OutOfCredit

__all__ = ["OutOfCredit"]
