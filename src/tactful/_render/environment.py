"""The Jinja2 environment of a Renderer, and the gettext callables a render hands its template.

User template directories come first and the built-in templates after, so a user template can
shadow a built-in one, or extend it as ``tactful/<name>`` and override only some blocks.
Translations are chosen per call and handed to the template in its context: nothing global is
installed or mutated.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, cast

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from .._locale import SOURCE_LOCALE, Catalog, load_catalog
from .._resources import LOCALES_DIR, TEMPLATES_DIR


@functools.lru_cache(maxsize=256)
def template_gettext(catalog: Catalog) -> Mapping[str, Callable[..., str]]:
    """Newstyle gettext callables for one catalog, as Jinja's i18n extension calls them.

    Made once per catalog (they read nothing else; catalogs are immutable), and handed to each
    render's own context, so that the locale stays an argument of the call: installing them in
    the environment (``install_gettext_callables``) would make it the environment's."""

    def translated(eval_ctx: jinja2.nodes.EvalContext, text: str, variables: dict[str, Any]) -> str:
        if eval_ctx.autoescape:
            text = Markup(text)  # noqa: S704 - catalog text is trusted; variables get escaped
        return text % variables

    @jinja2.pass_eval_context
    def gettext(eval_ctx: jinja2.nodes.EvalContext, message: str, **variables: Any) -> str:
        return translated(eval_ctx, catalog.gettext(message), variables)

    @jinja2.pass_eval_context
    def ngettext(
        eval_ctx: jinja2.nodes.EvalContext, singular: str, plural: str, num: int, **variables: Any
    ) -> str:
        variables.setdefault("num", num)
        return translated(eval_ctx, catalog.ngettext(singular, plural, num), variables)

    @jinja2.pass_eval_context
    def pgettext(
        eval_ctx: jinja2.nodes.EvalContext, context: str, message: str, **variables: Any
    ) -> str:
        return translated(eval_ctx, catalog.gettext(message, context), variables)

    @jinja2.pass_eval_context
    def npgettext(
        eval_ctx: jinja2.nodes.EvalContext,
        context: str,
        singular: str,
        plural: str,
        num: int,
        **variables: Any,
    ) -> str:
        variables.setdefault("num", num)
        return translated(eval_ctx, catalog.ngettext(singular, plural, num, context), variables)

    return MappingProxyType(
        {"gettext": gettext, "ngettext": ngettext, "pgettext": pgettext, "npgettext": npgettext}
    )


def render_template(template: jinja2.Template, context: dict[str, Any]) -> str:
    """``template.render(context)``, without its per-call copies of the context and globals.

    ``Template.render`` copies the context, then copies it again under the template's globals,
    a :class:`collections.ChainMap` read key by key in Python; on a recurring error that is
    about a quarter of the template's cost. Here the globals are merged once per template and
    the context handed over as is (``new_context(shared=True)``), then the compiled render
    function runs: both are Jinja's documented low-level API. A failure is rendered again through
    ``Template.render``, so the error raised is the one it raises, with the template's lines in
    its traceback. ``tests/equivalence/test_fast_paths.py`` compares the two on every built-in
    and a user template.
    """
    variables = {**_merged_globals(template), **context}
    try:
        return "".join(template.root_render_func(template.new_context(variables, shared=True)))
    except Exception:
        # Again through the reference: it raises the same error, its traceback rewritten to
        # point at the template's lines, which is what a template's author needs to see.
        return template.render(context)


@functools.lru_cache(maxsize=64)
def _merged_globals(template: jinja2.Template) -> Mapping[str, Any]:
    """The template's globals as one mapping, keyed by the template itself: a template's
    globals are fixed once it is loaded (``auto_reload`` is off, and tactful never changes an
    environment's globals after making it), and the cache holds at most 64 templates."""
    return MappingProxyType(dict(template.globals))


@functools.lru_cache(maxsize=2)
def shared_environment(sandboxed: bool) -> jinja2.Environment:
    return environment((), sandboxed=sandboxed)


def environment(template_dirs: tuple[Path, ...], *, sandboxed: bool) -> jinja2.Environment:
    builtin = jinja2.FileSystemLoader(str(TEMPLATES_DIR))
    loaders: list[jinja2.BaseLoader] = []
    if template_dirs:
        loaders.append(jinja2.FileSystemLoader([str(d) for d in template_dirs]))
    loaders += [jinja2.PrefixLoader({"tactful": builtin}), builtin]
    environment_class = ImmutableSandboxedEnvironment if sandboxed else jinja2.Environment
    env = environment_class(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=jinja2.select_autoescape(
            ("html", "htm", "xml"), default_for_string=True, default=False
        ),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    # English identity callables as globals, for templates rendered outside a tactful call;
    # each render passes the negotiated locale's callables in its context, which take precedence.
    english = template_gettext(load_catalog(LOCALES_DIR, SOURCE_LOCALE))
    cast(Any, env).install_gettext_callables(
        english["gettext"],
        english["ngettext"],
        newstyle=True,
        pgettext=english["pgettext"],
        npgettext=english["npgettext"],
    )
    return env
