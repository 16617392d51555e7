"""Hostile input on every channel, fed and checked as tests/fixtures/CORPUS.md says.

Every entry of hostile_inputs.jsonl is fed in each way its ``where`` names, rendered through
every channel, and checked by the universal oracles (U1-U9) and those of its category. The
checks are mechanisms (tests/oracles.py), never a match on an entry.
"""

from __future__ import annotations

import base64
import email.policy
import json
import os
import shutil
import signal
import sys
import tracemalloc
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import pytest

import tactful
from tactful._channels import BUILTIN_FORMATS as _CHANNELS
from tactful._resources import LOCALES_DIR, TEMPLATES_DIR

from .. import oracles
from ..conftest import B1, B2, B3, HOSTILE_INPUTS, RECHARGE, with_member

CANARY = "CANARY-9d2f6c"
SENTINEL = "SENTINEL-7c1f"
_BASES = {"B1": B1, "B2": B2, "B3": B3}
_FIELDS = {  # (base, path) of each human-readable member
    "B1.error.message": ("B1", ("error", "message")),
    "B2.message": ("B2", ("message",)),
    "B2.readableMessage": ("B2", ("readableMessage",)),
    "B2.name": ("B2", ("name",)),
    "B3.title": ("B3", ("title",)),
    "B3.detail": ("B3", ("detail",)),
}
_AMOUNT_FIELDS = {
    "B3.balance": ("B3", ("balance",)),
    "B1.error.balance": ("B1", ("error", "balance")),
    "B2.balance": ("B2", ("balance",)),
}


# ---- feeding --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    entry: dict[str, Any]
    how: str
    body: str | bytes | None = None
    base: str = "B1"
    recharge_url: str | None = None
    payload_link: str | None = None
    locale: str | None = None
    accept_language: str | None = None
    template: str | None = None

    @property
    def text(self) -> str:
        raw = self.entry.get("input")
        return raw if isinstance(raw, str) else ""


def _first_wins(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        out.setdefault(key, value)
    return out


def _benign_body(body: str) -> str:
    # The same body without members no payload shape defines: the baseline for payload bodies.
    # tactful documents that the first of duplicate keys wins; the baseline reads it that way.
    try:
        data = json.loads(body, object_pairs_hook=_first_wins)
    except ValueError:
        return json.dumps(B1)
    if not isinstance(data, dict):
        return json.dumps(B1)
    known = set(B1) | set(B2) | set(B3) | {"error"}
    return json.dumps({k: v for k, v in data.items() if k in known})


def cases() -> Iterator[Case]:
    for entry in HOSTILE_INPUTS:
        where, value = entry["where"], entry.get("input")
        if where == "payload_body":
            if "input_b64" in entry:
                yield Case(entry, "bytes", base64.b64decode(entry["input_b64"]))
            else:
                yield Case(entry, "str", value)
                yield Case(entry, "bytes", value.encode("utf-8", "surrogatepass"))
        elif where == "payload_field" and entry["category"] == "numeric":
            for name, (base, path) in _AMOUNT_FIELDS.items():
                yield Case(entry, name, with_member(_BASES[base], path, value), base=base)
        elif where == "payload_field":
            for name, (base, path) in _FIELDS.items():
                yield Case(entry, name, with_member(_BASES[base], path, value), base=base)
        elif where == "recharge_url":
            yield Case(entry, "configured", json.dumps(B2), base="B2", recharge_url=value)
            yield Case(
                entry,
                "payload",
                with_member(B2, ("recharge_url",), value),
                base="B2",
                payload_link=value,
            )
        elif where == "locale":
            yield Case(entry, "locale", json.dumps(B1), locale=value)
        elif where == "accept_language":
            yield Case(entry, "accept_language", json.dumps(B1), accept_language=value)
        elif where == "template_name":
            yield Case(entry, "template", json.dumps(B1), template=value)


CASES = list(cases())


# ---- the sandbox of the harness: copied templates and catalogs, canaries, spies -------------


@pytest.fixture(scope="module")
def roots(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(TEMPLATES_DIR, root / "templates")
    shutil.copytree(LOCALES_DIR, root / "locales")
    (root / "secret.txt").write_text(SENTINEL)
    (root / "evil.dat").write_text(SENTINEL)
    return {"templates": root / "templates", "locales": root / "locales"}


COLOUR_RENDERERS: weakref.WeakValueDictionary[int, tactful.Renderer] = weakref.WeakValueDictionary()
_KEEP: list[tactful.Renderer] = []


def make_renderer(roots: dict[str, Path], recharge_url: str | None = RECHARGE) -> tactful.Renderer:
    """The plain-mode Renderer, and beside it the same settings in colour mode.

    Colour is explicit, never detected from whatever terminal runs the tests; in colour mode
    links are off, as detection leaves them outside a terminal known to support OSC 8.
    """
    settings: dict[str, Any] = {
        "template_dirs": [roots["templates"]],
        "locale_dir": roots["locales"],
        "recharge_url": recharge_url,
        "allowed_hosts": {"billing.example.com"},
    }
    renderer = tactful.Renderer(**settings, color=False)
    colour = tactful.Renderer(**settings, color=True, hyperlinks=False)
    _KEEP[:] = [*_KEEP[-3:], renderer, colour]  # the last two pairs stay alive
    COLOUR_RENDERERS[id(renderer)] = colour
    return renderer


_audit: list[tuple[str, str]] | None = None
_WATCHED = {
    "open",
    "os.listdir",
    "os.scandir",
    "os.system",
    "subprocess.Popen",
    "os.exec",
    "os.posix_spawn",
    "os.spawn",
    "os.startfile",
}


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if _audit is not None and event in _WATCHED:
        target = args[0] if args else ""
        if isinstance(target, bytes):
            target = target.decode("utf-8", "replace")
        if isinstance(target, (str, os.PathLike)):
            _audit.append((event, os.fspath(target)))
        else:
            _audit.append((event, "<fd>"))


sys.addaudithook(_hook)


@contextmanager
def audit_capture() -> Iterator[list[tuple[str, str]]]:
    global _audit
    events: list[tuple[str, str]] = []
    _audit = events
    try:
        yield events
    finally:
        _audit = None


@pytest.fixture(scope="module")
def compiled_sources() -> Iterator[list[str]]:
    """Every template source compiled while the harness runs (the template spy)."""
    sources: list[str] = []
    env_from_string = jinja2.Environment.from_string
    env_compile = jinja2.Environment.compile
    template_new = jinja2.Template.__new__

    def spy_from_string(self: jinja2.Environment, source: Any, *a: Any, **k: Any) -> Any:
        sources.append(str(source))
        return env_from_string(self, source, *a, **k)

    def spy_compile(self: jinja2.Environment, source: Any, *a: Any, **k: Any) -> Any:
        sources.append(str(source))
        return env_compile(self, source, *a, **k)

    def spy_new(cls: type, source: Any, *a: Any, **k: Any) -> Any:
        sources.append(str(source))
        return template_new(cls, source, *a, **k)

    mp = pytest.MonkeyPatch()
    mp.setattr(jinja2.Environment, "from_string", spy_from_string)
    mp.setattr(jinja2.Environment, "compile", spy_compile)
    mp.setattr(jinja2.Template, "__new__", staticmethod(spy_new))
    yield sources
    mp.undo()


class _Timeout(Exception):
    pass


def _alarm(_signum: int, _frame: Any) -> None:
    raise _Timeout


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# ---- channels -------------------------------------------------------------------------------


def channel_outputs(renderer: tactful.Renderer, case: Case, body: Any) -> dict[str, str]:
    """Every channel tactful has, as the harness section 2 lists them.

    (a) the HTML snippet; (b) terminal text in plain and in colour mode; (c, d) the email's
    plain-text and HTML bodies; (e) its Subject and the whole message as sent
    (``email.policy.SMTP``); and every other format of the registry.
    """
    kwargs: dict[str, Any] = {"locale": case.locale, "accept_language": case.accept_language}
    outputs = {
        name: renderer.render(body, format=name, template=case.template, **kwargs)
        for name in sorted(_CHANNELS)
    }
    outputs["html"] = str(outputs["html"])
    colour = COLOUR_RENDERERS[id(renderer)]
    outputs["terminal_color"] = colour.render(body, format="terminal", **kwargs)
    message = renderer.render_email(body, **kwargs)
    outputs["email_subject"] = str(message["Subject"])
    outputs["email_text"] = message.get_body(("plain",)).get_content()
    outputs["email_html"] = message.get_body(("html",)).get_content()
    outputs["email_bytes"] = message.as_bytes(policy=email.policy.SMTP).decode("utf-8")
    return outputs


_TEXT_CHANNELS = ("text", "terminal", "email_text")
_HTML_CHANNELS = ("html", "email_html")


def render_checked(renderer: tactful.Renderer, case: Case, body: Any) -> dict[str, str]:
    """Render under the U1-U3 limits: no exception, 2 s, 64 MiB."""
    tracemalloc.start()
    try:
        with time_limit(2.0):
            outputs = channel_outputs(renderer, case, body)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak <= 64 * 1024 * 1024, f"U3: peak {peak} bytes"
    for name, out in outputs.items():
        assert isinstance(out, str) and out.strip(), f"U1: {name} is empty"
    return outputs


# ---- the test -------------------------------------------------------------------------------


def _case_id(case: Case) -> str:
    return f"{case.entry['id']}-{case.how}"


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_hostile_input(
    case: Case, roots: dict[str, Path], compiled_sources: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TACTFUL_TEST_SECRET", CANARY)
    # A configured link that cannot be used is a ConfigError where it is given; the
    # application then runs without one, so that is the Renderer the payload meets.
    refused = case.recharge_url is not None and not oracles.url_ok(case.recharge_url)
    if refused:
        with pytest.raises(tactful.ConfigError, match="recharge_url"):
            make_renderer(roots, recharge_url=case.recharge_url)
    renderer = make_renderer(roots, recharge_url=None if refused else case.recharge_url or RECHARGE)
    baseline_renderer = make_renderer(roots, recharge_url=None if refused else RECHARGE)
    entry, category = case.entry, case.entry["category"]
    if entry["where"] == "payload_body":
        raw = (
            case.body
            if isinstance(case.body, str)
            else (case.body or b"").decode("utf-8", "replace")
        )
        baseline_body = _benign_body(raw)
    else:
        baseline_body = json.dumps(_BASES[case.base])
    baselines = channel_outputs(
        baseline_renderer, Case(entry, "baseline"), baseline_body
    )  # warm-up too

    compiled_before = len(compiled_sources)
    with audit_capture() as events:
        outputs = render_checked(renderer, case, case.body)
    again = channel_outputs(renderer, case, case.body)

    # U6: nothing payload-derived was compiled, nothing was executed.
    needle = case.text[:12] if len(case.text) > 12 else case.text
    if len(needle.strip()) >= 4:
        leaked = [s for s in compiled_sources[compiled_before:] if needle in s]
        assert not leaked, "U6: payload compiled as a template"
    assert not [e for e in events if e[0] != "open" and e[0] not in ("os.listdir", "os.scandir")], (
        "U6"
    )
    # U7: files opened only under the roots (templates, catalogs, the Python installation).
    allowed = [
        str(roots["templates"]),
        str(roots["locales"]),
        sys.prefix,
        sys.base_prefix,
        str(Path(tactful.__file__).parent),
        *sys.path[1:],
    ]
    assert oracles.fs_problems([e for e in events if e[1] != "<fd>"], allowed) == [], "U7"
    for name, out in outputs.items():
        # U8 determinism, U5 encoding, canaries and sentinels.
        assert out == again[name], f"U8: {name} differs between two renders"
        out.encode("utf-8")
        assert SENTINEL not in out and CANARY not in out, f"U7: {name} leaked a secret"
        base = baselines[name]
        assert oracles.ssti_problems(out, base, canaries=[CANARY]) == [], name
        assert oracles.numeric_problems(out, base) == [], (name, out)
        assert out.count("49") <= base.count("49") or "49" in case.text, f"{name}: 49 appeared"
    for name in _HTML_CHANNELS:
        html, base = outputs[name], baselines[name]
        assert len(html.encode()) <= 64 * 1024, "U4"
        if entry["where"] == "payload_body" and category != "xss":
            # A body of no known shape (whitespace, garbage, a nested array) has no same-shape
            # baseline: it may only use what the templates themselves produce.
            assert (
                oracles.html_vocabulary_problems(html, vocabulary(baseline_renderer, name)) == []
            ), html
        else:
            assert oracles.html_problems(html, base) == [], (name, html)
            # uni-014: normalization after escaping would turn payload text into markup.
            plain, plain_base = oracles.without_figures(html), oracles.without_figures(base)
            assert plain.count("<") == plain_base.count("<")
            assert plain.count(">") == plain_base.count(">")
        assert oracles.invisible_problems(html) == [], name
    for name in _TEXT_CHANNELS:
        text, base = outputs[name], baselines[name]
        assert len(text.encode()) <= 16 * 1024, "U4"
        assert len(text.splitlines()) <= len(base.splitlines()) + 5, "size-003: lines"
        assert oracles.terminal_problems(text) == [], (name, text)
    colour = outputs["terminal_color"]
    same_shape = entry["where"] != "payload_body" or category == "xss"
    colour_base = baselines["terminal_color"] if same_shape else None
    assert oracles.terminal_problems(colour, colour_base, allow_sgr=True) == []
    subject = outputs["email_subject"]
    assert 0 < len(subject) <= 255 and oracles.terminal_problems(subject) == [], subject
    assert len(outputs["email_bytes"]) <= 256 * 1024, "U4: whole email"
    email_bytes = outputs["email_bytes"].encode()
    assert oracles.email_problems(email_bytes, baselines["email_bytes"].encode()) == []
    assert oracles.terminal_problems(outputs["markdown"]) == []
    problem = json.loads(outputs["problem"])
    assert isinstance(problem["title"], str) and oracles.terminal_problems(problem["detail"]) == []
    _category_checks(category, case, outputs, baselines)


_VOCABULARY: dict[tuple[int, str], list[str]] = {}


def vocabulary(renderer: tactful.Renderer, channel: str) -> list[str]:
    """The HTML a channel's templates produce for benign payloads of every kind and shape."""
    key = (id(renderer), channel)
    if key not in _VOCABULARY:
        samples = [
            B1,
            B2,
            B3,
            "429 Rate limit reached. Try again in 5s",
            {"message": "Server busy"},
            b"",
            '{"error":{"code":"card_declined","message":"Your card was declined."}}',
        ]
        if channel == "email_html":
            pages = [renderer.render_email(s).get_body(("html",)).get_content() for s in samples]
        else:
            pages = [str(renderer.render(s)) for s in samples]
        _VOCABULARY.clear()
        _VOCABULARY[key] = pages
    return _VOCABULARY[key]


def _category_checks(
    category: str, case: Case, outputs: dict[str, str], baselines: dict[str, str]
) -> None:
    text, html = outputs["text"], outputs["html"]
    if category == "ssti" and case.how not in ("str", "bytes"):
        assert oracles.ssti_literal_problems(case.text, _plain(text)) == []
    if category == "url_scheme":
        hrefs = [v for _, v in oracles.parse_tree(html).urls]
        assert all(oracles.url_ok(h) for h in hrefs)
        # The configured link is used when the given one fails; a payload link never wins.
        if case.how == "payload":
            assert hrefs == [RECHARGE]  # the configured link always wins over the payload's
        elif not oracles.url_ok(case.entry["input"]):
            assert hrefs == []  # refused, and there is no other configured link
    if category == "locale":
        lang = oracles.parse_tree(html)
        assert html.startswith("<section") and 'lang="' in html
        tag = html.split('lang="', 1)[1].split('"', 1)[0]
        import re

        assert re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", tag), tag
        assert lang.elements == oracles.parse_tree(baselines["html"]).elements
        if case.entry["id"] in ("loc-013",) or case.accept_language == "*":
            assert tag == "en"
    if category in ("path_traversal",) and case.template is not None:
        assert oracles.parse_tree(html).elements == oracles.parse_tree(baselines["html"]).elements
    if category == "json_parse":
        for name, out in outputs.items():
            assert "alert(1)" not in out and "\x00" not in out
            assert name == "terminal_color" or "\x1b" not in out  # SGR there is checked above
            assert os.getcwd() not in out
            both = ("Your balance is too low." in out) + (
                "Your account was closed; call +1-555-0100" in out
            )
            assert both <= 1
    if category == "numeric":
        for out in outputs.values():
            for forbidden in (
                "1,250",
                "1250",
                "1.250",
                "$1.00",
                "9007199254740992",
                "9,007,199,254,740,992",
                "True",
                "true",
                "{'amount",
                "[50]",
            ):
                if forbidden not in case.text:
                    assert forbidden not in out, forbidden
            assert len(out) <= len(baselines_for(out, outputs, baselines)) + 200


def baselines_for(out: str, outputs: dict[str, str], baselines: dict[str, str]) -> str:
    name = next(k for k, v in outputs.items() if v is out)
    return baselines[name]


def _plain(text: str) -> str:
    return " ".join(text.split())


def test_accept_language_is_cut_before_it_is_parsed() -> None:
    # loc-016: a 64 KiB header costs what its first MAX_ACCEPT_LANGUAGE characters cost. A
    # preference past the cut is never seen, however strong; one inside it is.
    from tactful._locale import MAX_ACCEPT_LANGUAGE, MAX_RANGES, accept_language

    assert accept_language("en;q=0.5, " + " " * (MAX_ACCEPT_LANGUAGE - 30) + ", de") == ["de", "en"]
    assert accept_language("en;q=0.5, " + " " * MAX_ACCEPT_LANGUAGE + ", de") == ["en"]
    assert "de" not in accept_language("en;q=0.5," * MAX_RANGES * 4 + "de")  # and so is the count
    hostile = next(e for e in HOSTILE_INPUTS if e["id"] == "loc-016")["input"]
    assert tactful.Renderer().negotiate(accept_language=hostile).tag == "en"


def test_provider_text_is_capped_before_any_pattern_sees_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # size-007: the cost of recognition must not grow with the input beyond a fixed cap, so
    # no regex can be made super-linear by a long run of punctuation.
    import re as re_module

    from tactful import _recognize
    from tactful._recognize import amounts, classify, evidence, identify, prose
    from tactful._recognize import gates as _prefilter

    seen: list[int] = []

    class Spy:
        def __init__(self, pattern: re_module.Pattern[str]) -> None:
            self.pattern = pattern

        def search(self, text: str, *args: Any) -> Any:
            seen.append(len(text))
            return self.pattern.search(text, *args)

        def finditer(self, text: str, *args: Any) -> Any:
            seen.append(len(text))
            return self.pattern.finditer(text, *args)

        def findall(self, text: str, *args: Any) -> Any:
            seen.append(len(text))
            return self.pattern.findall(text, *args)

        def __getattr__(self, name: str) -> Any:
            return getattr(self.pattern, name)

    for module in (_recognize, _prefilter, amounts, classify, evidence, identify, prose):
        for name, value in list(vars(module).items()):
            if isinstance(value, re_module.Pattern):
                monkeypatch.setattr(module, name, Spy(value))
    # The patterns applied to prose are compiled when first needed, and held by their gates.
    for gate in _recognize.PROSE_GATES.gates:
        monkeypatch.setattr(gate, "_regex", Spy(gate.regex))
    tactful.parse(with_member(B1, ("error", "message"), "(" * 200_000))
    assert seen and max(seen) <= 64 * 1024
