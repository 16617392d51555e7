"""``{% tactful_notice payload %}`` and ``{% tactful_stylesheet %}`` for Django templates."""

from __future__ import annotations

from typing import Any

from django import template
from markupsafe import Markup

from ..._web import stylesheet
from .. import notice

register = template.Library()


@register.simple_tag(takes_context=True)
def tactful_notice(context: Any, payload: Any, **options: Any) -> Markup:
    """The notice for ``payload`` in the request's language (``http_status=``, ``recharge_url=``)."""
    return notice(context.get("request"), payload, **options)


@register.simple_tag(name="tactful_stylesheet")
def tactful_stylesheet() -> Markup:
    """The shipped CSS, for a ``<style>`` element."""
    return stylesheet()
