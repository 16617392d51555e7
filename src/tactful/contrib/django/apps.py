"""The Django app, so that ``{% load tactful %}`` finds the template tags."""

from __future__ import annotations

from django.apps import AppConfig


class TactfulConfig(AppConfig):
    name = "tactful.contrib.django"
    label = "tactful"
    verbose_name = "tactful"
