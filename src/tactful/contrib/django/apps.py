"""The Django app, so that ``{% load tactful %}`` finds the template tags."""

from __future__ import annotations

from django.apps import AppConfig


class TactfulConfig(AppConfig):
    name = "tactful.contrib.django"
    label = "tactful"
    verbose_name = "tactful"

    def ready(self) -> None:
        """Check ``settings.TACTFUL`` at start-up: a mistake is a :class:`tactful.ConfigError`
        when Django starts, not a notice that silently lacks its button later."""
        from . import get_renderer

        get_renderer()
