"""The checks of tests/fixtures/CORPUS.md (sections 3 and 4), written as functions.

Each returns a list of problems (empty means the output is fine), so a failing test says what is
wrong rather than only that something is.
"""

from __future__ import annotations

import email
import email.policy
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from html.parser import HTMLParser
from urllib.parse import urlsplit

ALLOWED_HOSTS = frozenset({"billing.example.com"})
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "poster",
        "background",
        "srcset",
        "data",
        "xlink:href",
        "srcdoc",
        "cite",
        "longdesc",
        "usemap",
        "manifest",
        "ping",
    }
)
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_ZERO_WIDTH = set("\u200b\u200c\u200d\u2060\ufeff\u180e\u00ad")


# ---- HTML ----------------------------------------------------------------------------------


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: Counter[str] = Counter()
        self.pairs: set[tuple[str, str]] = set()
        self.urls: list[tuple[str, str]] = []
        self.comments = 0
        self.attribute_names: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements[tag] += 1
        for name, value in attrs:
            self.pairs.add((tag, name))
            self.attribute_names.append(name)
            if name in URL_ATTRIBUTES and value is not None:
                self.urls.append((name, value))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data: str) -> None:
        self.comments += 1

    def handle_decl(self, decl: str) -> None:
        self.comments += 1


def parse_tree(html: str) -> _Tree:
    tree = _Tree()
    tree.feed(html)
    tree.close()
    return tree


def _html5lib_elements(html: str, scripting: bool) -> Counter[str]:
    import html5lib  # a test dependency

    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False)
    fragment = parser.parseFragment(html, scripting=scripting)
    return Counter(
        el.tag
        for el in fragment.iter()
        if isinstance(el.tag, str) and el.tag != "DOCUMENT_FRAGMENT"
    )


# The figures of a mirror sentence are set apart in <b class="tactful__figure">: one per amount
# the payload gave, so their number follows the payload's numbers, not its text. They hold
# only escaped text (and a <bdi> in right-to-left pages); unwrapped before comparing.
_FIGURE = re.compile(r'<b class="tactful__figure">((?:(?!</?b[ >]).)*?)</b>', re.DOTALL)


def without_figures(html: str) -> str:
    """``html`` with each figure's wrapper removed (its text kept)."""
    return _FIGURE.sub(r"\1", html)


def html_problems(
    rendered: str, baseline: str, allowed_hosts: Iterable[str] = ALLOWED_HOSTS
) -> list[str]:
    rendered, baseline = without_figures(rendered), without_figures(baseline)
    out: list[str] = []
    got, base = parse_tree(rendered), parse_tree(baseline)
    if got.elements != base.elements:
        out.append(
            f"elements differ: {dict(got.elements - base.elements)} / {dict(base.elements - got.elements)}"
        )
    extra_pairs = got.pairs - base.pairs
    if extra_pairs:
        out.append(f"new (element, attribute) pairs: {sorted(extra_pairs)}")
    out += [
        f"event handler attribute {n}" for n in got.attribute_names if n.lower().startswith("on")
    ]
    out += [
        f"bad URL in {name}: {value!r}"
        for name, value in got.urls
        if not url_ok(value, allowed_hosts=allowed_hosts)
    ]
    if got.comments > base.comments:
        out.append("new comment or declaration")
    for scripting in (False, True):
        if _html5lib_elements(rendered, scripting) != _html5lib_elements(baseline, scripting):
            out.append(f"html5lib (scripting={scripting}) sees other elements")
    if _mxss_elements(rendered) != _mxss_elements(baseline):
        out.append("elements change after a serialize/re-parse round trip (mXSS)")
    for needle in ("<script", "<!--"):
        if rendered.lower().count(needle) > baseline.lower().count(needle):
            out.append(f"raw {needle} added")
    return out


def html_vocabulary_problems(rendered: str, samples: list[str]) -> list[str]:
    """Like html_problems, for output with no same-shape baseline: only the templates' own
    elements and attributes, each URL allowed, no comment and no script."""
    got = parse_tree(rendered)
    known = [parse_tree(sample) for sample in samples]
    elements = set().union(*(k.elements for k in known))
    pairs = set().union(*(k.pairs for k in known))
    out = [f"element {e} not produced by the templates" for e in got.elements if e not in elements]
    out += [f"pair {p} not produced by the templates" for p in got.pairs - pairs]
    out += [
        f"event handler attribute {n}" for n in got.attribute_names if n.lower().startswith("on")
    ]
    out += [f"bad URL {v!r}" for _, v in got.urls if not url_ok(v)]
    if got.comments > max(k.comments for k in known):
        out.append("comment or declaration beyond the templates' own")
    if rendered.lower().count("<script") > max(
        sample.lower().count("<script") for sample in samples
    ):
        out.append("script")
    return out


def _mxss_elements(html: str) -> Counter[str]:
    import html5lib
    from html5lib import serializer, treewalkers

    parser = html5lib.HTMLParser(tree=html5lib.getTreeBuilder("etree"), namespaceHTMLElements=False)
    fragment = parser.parseFragment(html, scripting=True)
    walker = treewalkers.getTreeWalker("etree")
    again = serializer.HTMLSerializer().render(walker(fragment))
    return _html5lib_elements(again, scripting=True)


def invisible_problems(text: str, allow_bidi: bool = False) -> list[str]:
    out: list[str] = []
    for index, ch in enumerate(text):
        code = ord(ch)
        if 0xE0000 <= code <= 0xE007F:
            out.append(f"tag character U+{code:04X} at {index}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append(f"lone surrogate at {index}")
        elif ch in _BIDI and not allow_bidi:
            out.append(f"bidi control U+{code:04X} at {index}")
    if re.search("[\ufe00-\ufe0f\U000e0100-\U000e01ef]{2,}", text):
        out.append("run of variation selectors")
    return out


def isolate_problems(text: str) -> list[str]:
    """The bidi controls of a right-to-left message in plain text that are not tactful's own:
    anything but FSI/PDI pairs, balanced and unnested on each line, none ending a line."""
    out: list[str] = []
    for number, line in enumerate(text.split("\n")):
        depth = 0
        for ch in line:
            depth += (ch == "\u2068") - (ch == "\u2069")
            if depth not in (0, 1):
                out.append(f"line {number}: nested or unopened isolate")
                break
        if depth:
            out.append(f"line {number}: isolate left open")
        if line.rstrip().endswith("\u2068") or line.lstrip().startswith("\u2069"):
            out.append(f"line {number}: a line breaks right after an FSI")
    out += invisible_problems(text.replace("\u2068", "").replace("\u2069", ""))
    return out


# ---- terminal -----------------------------------------------------------------------------

_SGR = re.compile(r"\x1b\[[0-9;]*m")


def terminal_problems(text: str, baseline: str | None = None, allow_sgr: bool = False) -> list[str]:
    out: list[str] = []
    body = text
    if allow_sgr:
        if baseline is not None and len(_SGR.findall(text)) != len(_SGR.findall(baseline)):
            out.append("payload changed the number of SGR sequences")
        body = _SGR.sub("", text)
    combining = 0
    for index, ch in enumerate(body):
        code = ord(ch)
        if ch in "\n\t":
            combining = 0
            continue
        if code < 0x20 or code == 0x7F:
            out.append(f"C0 control U+{code:04X} at {index}")
        elif 0x80 <= code <= 0x9F:
            out.append(f"C1 control U+{code:04X} at {index}")
        elif ch in _BIDI:
            out.append(f"bidi control U+{code:04X} at {index}")
        elif ch in "\u2028\u2029":
            out.append(f"line/paragraph separator at {index}")
        elif 0xE0000 <= code <= 0xE007F:
            out.append(f"tag character at {index}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append(f"lone surrogate at {index}")
        if unicodedata.combining(ch) or 0xFE00 <= code <= 0xFE0F:
            combining += 1
            if combining == 9:
                out.append(f"more than 8 combining marks at {index}")
        else:
            combining = 0
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        out.append("not encodable as UTF-8")
    return out


# ---- URLs ---------------------------------------------------------------------------------


def url_ok(
    value: str,
    allowed_schemes: tuple[str, ...] = ("https",),
    allowed_hosts: Iterable[str] = ALLOWED_HOSTS,
) -> bool:
    if re.search("[\x00-\x1f\x7f-\x9f]", value) or any(
        ch in _BIDI or ch in _ZERO_WIDTH for ch in value
    ):
        return False
    if any(0xE0000 <= ord(ch) <= 0xE007F for ch in value):
        return False
    normalized = re.sub("[\t\n\r]", "", value).strip("\x00\x20")
    scheme, sep, rest = normalized.partition(":")
    if not sep or not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", scheme):
        return False
    if scheme.lower() not in allowed_schemes:
        return False
    rest = rest.replace("\\", "/")
    if not rest.startswith("//"):
        return False
    netloc = rest[2:].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    if "@" in netloc:
        return False
    # The host as a browser reads it: "\\" is "/" in an http(s) URL, so in
    # "https://attacker.example\\@billing.example.com/" the host is attacker.example.
    host = (urlsplit(f"{scheme}:{rest}").hostname or "").rstrip(".")
    return host.isascii() and host in set(allowed_hosts)


# ---- SSTI, numbers ------------------------------------------------------------------------

_SSTI_MARKERS = (
    "1787569",
    "7777777",
    "<class '",
    "<function ",
    "<built-in ",
    "<bound method",
    "<module ",
    "<Config",
    "TemplateReference",
    "{'__name__'",
    "uid=",
    "jinja2.",
)
_SSTI_LITERALS = ("{{", "{%", "{#", "${", "<%", "#{", "%(", "{0", "{:", "[/", "[link", "$HOME")


def ssti_problems(out: str, baseline: str, canaries: Iterable[str] = ()) -> list[str]:
    problems = [f"{m!r} appeared" for m in _SSTI_MARKERS if out.count(m) > baseline.count(m)]
    problems += [f"canary {c!r} leaked" for c in canaries if c in out]
    return problems


def ssti_literal_problems(payload: str, plain_out: str) -> list[str]:
    return [f"{d!r} consumed" for d in _SSTI_LITERALS if plain_out.count(d) < payload.count(d)]


_NUMERIC = (
    r"(?i)(?<![a-z])s?nan(?![a-z])",
    r"(?i)(?<![a-z])inf(inity)?(?![a-z])",
    r"\d[eE][+-]?\d",
    r"\d{31,}",
    r"-\s*[$€£]?\s*0(?:[.,]0+)?(?![\d.,])",
    r"--\d",
    r"\${2,}",
)


def numeric_problems(out: str, baseline: str) -> list[str]:
    return [
        f"{p} matches more than in the baseline"
        for p in _NUMERIC
        if len(re.findall(p, out)) > len(re.findall(p, baseline))
    ]


# ---- email --------------------------------------------------------------------------------

_HEADER_BREAKS = set("\r\n\x00\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def email_problems(msg_bytes: bytes, baseline_bytes: bytes) -> list[str]:
    out: list[str] = []
    msg = email.message_from_bytes(msg_bytes, policy=email.policy.default)
    base = email.message_from_bytes(baseline_bytes, policy=email.policy.default)
    if {k.lower() for k in msg} != {k.lower() for k in base}:
        out.append(f"header set differs: {sorted(set(msg.keys()) ^ set(base.keys()))}")
    if len(msg.get_all("Subject") or []) != 1:
        out.append("not exactly one Subject")
    subject = str(msg["Subject"])
    if any(ch in _HEADER_BREAKS or ch in _BIDI for ch in subject):
        out.append(f"Subject has a line break, NUL or bidi control: {subject!r}")
    if [p.get_content_type() for p in msg.walk()] != [p.get_content_type() for p in base.walk()]:
        out.append("MIME tree differs")
    if re.search(rb"(?<!\r)\n|\r(?!\n)", msg_bytes):
        out.append("bare CR or LF")
    if b"\x00" in msg_bytes:
        out.append("NUL in message")
    if any(len(line) > 998 for line in msg_bytes.split(b"\r\n")):
        out.append("line over 998 octets")
    return out


# ---- files --------------------------------------------------------------------------------


def fs_problems(events: list[tuple[str, str]], roots: Iterable[str]) -> list[str]:
    resolved = [os.path.realpath(r) for r in roots]
    out = []
    for event, target in events:
        real = os.path.realpath(target)
        if not any(real == r or real.startswith(r.rstrip(os.sep) + os.sep) for r in resolved):
            out.append(f"{event} outside the roots: {target}")
    return out
