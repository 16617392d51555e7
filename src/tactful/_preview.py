"""The preview gallery: every format, for a set of example payloads, in every locale, side by side.

Designers and translators review the whole product in static pages, one per locale (an index
links them; a page holds a few iframes, not hundreds, so it opens at once): the HTML snippet
as a browser shows it, terminal output as a terminal shows it (bold, colour, links), plain
text, Markdown and problem+json exactly as produced (never re-wrapped: each line as the
channel broke it, scrolled sideways when wider than its column), and the email as a mail
client shows it, loaded when scrolled to. The formats are read from the renderer's registry
when the pages are built, so a new format appears without touching this module. Payload text
is escaped like everywhere else.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as out:
...     index = write_gallery(out, locales=["de"], payloads=SAMPLES[:1])
...     html = (index.parent / "de.html").read_text(encoding="utf-8")
...     listed = index.read_text(encoding="utf-8")
>>> 'lang="de"' in html and "Ihr Guthaben reicht nicht aus" in html, 'href="de.html"' in listed
(True, True)
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from ._render import Renderer
from ._resources import TEMPLATES_DIR

RECHARGE_URL = "https://billing.example.com/top-up?amount={amount}&currency={currency}"
PRICING_URL = "https://billing.example.com/pricing"


@dataclass(frozen=True)
class Sample:
    """One example payload: what it is, the status it came with, and the body as sent."""

    key: str
    title: str
    http_status: int | None
    body: str


# Real provider bodies (the same as examples/payloads/, verbatim from public bug reports).
SAMPLES: tuple[Sample, ...] = (
    Sample(
        "problem-details",
        "RFC 9457 problem details with a balance in USD",
        402,
        '{"type":"https://example.com/probs/out-of-credit","title":"You do not have enough '
        'credit.","status":402,"detail":"Your current balance is $0.12, but that costs $4.50.",'
        '"instance":"/account/12345/msgs/abc","balance":"0.12","currency":"USD"}',
    ),
    Sample(
        "openrouter-402",
        "OpenRouter: more tokens requested than the balance affords",
        402,
        "402 This request requires more credits, or fewer max_tokens. You requested up to 4096 "
        "tokens, but can only afford 4000. To increase, visit https://openrouter.ai/settings/"
        "credits and upgrade to a paid account",
    ),
    Sample(
        "openai-insufficient-quota",
        "OpenAI: quota used up (sent with HTTP 429, not a rate limit)",
        429,
        '{"error":{"message":"You exceeded your current quota, please check your plan and '
        'billing details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}',
    ),
    Sample(
        "anthropic-credit-balance",
        "Anthropic: credit balance too low (sent with HTTP 400)",
        400,
        '{"type":"error","error":{"type":"invalid_request_error","message":"Your credit balance '
        "is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or "
        'purchase credits."},"request_id":"req_011CZD3mDb69Z9r51roH2oy4"}',
    ),
    Sample(
        "jina-402",
        "Jina AI: InsufficientBalanceError",
        402,
        '{"data":null,"code":402,"name":"InsufficientBalanceError","status":40203,"message":'
        '"Account balance not enough to run this query, please recharge.","readableMessage":'
        '"InsufficientBalanceError: Account balance not enough to run this query, please '
        'recharge."}',
    ),
    Sample(
        "groq-rate-limit",
        "Groq: a daily token rate limit (wait-and-retry copy, no recharge button)",
        429,
        "429 Rate limit reached for model `llama-3.3-70b-versatile` in organization "
        "`org_01kjh7p9n8f1qs6nz2bz77vy6b` service tier `on_demand` on tokens per day (TPD): "
        "Limit 100000, Used 97050, Requested 3619. Please try again in 9m38.016s.",
    ),
)


def sample_from_file(path: str | Path) -> Sample:
    """A payload file as a sample; a leading ``<status> `` line gives its HTTP status."""
    file = Path(path)
    body = file.read_bytes()[: 1024 * 1024].decode("utf-8", "replace")
    match = re.match(r"\s*([1-5]\d\d)\s", body)
    return Sample(file.stem, file.name, int(match.group(1)) if match else None, body)


def write_gallery(
    out_dir: str | Path,
    *,
    renderer: Renderer | None = None,
    locales: Iterable[str] | None = None,
    payloads: Sequence[Sample] = SAMPLES,
) -> Path:
    """Write one page per locale (``<tag>.html``) and ``index.html``, which links them, into
    ``out_dir`` (made if needed); return the index's path.

    ``renderer`` defaults to one with example recharge and pricing links, colour and hyperlinks
    on for the terminal format, and notice headings at level 4 to fit the page's outline.
    """
    if renderer is None:
        renderer = Renderer(
            recharge_url=RECHARGE_URL,
            pricing_url=PRICING_URL,
            heading_level=4,
            color=True,
            hyperlinks=True,
        )
    requested = locales or renderer.supported_locales
    found = {renderer.negotiate(locale=tag).locale_id for tag in requested}
    chosen = sorted(found, key=lambda locale_id: (locale_id != "en", locale_id))
    formats = list(renderer.formats)
    has_email = callable(getattr(renderer, "render_email", None))
    columns = [*formats, *(["email"] if has_email else [])]
    nav = Markup("").join(
        Markup('<li><a href="#{}">{}</a></li>').format(sample.key, sample.title)
        for sample in payloads
    )
    target = Path(out_dir)
    target.mkdir(parents=True, exist_ok=True)
    tags = [locale.replace("_", "-") for locale in chosen]
    css = _css()
    for locale, tag in zip(chosen, tags, strict=True):
        sections = [
            _section(renderer, sample, [locale], formats, has_email, columns) for sample in payloads
        ]
        page = _PAGE.format(
            css=css,
            gallery_css=_GALLERY_CSS,
            title=Markup("tactful preview: {}").format(tag),
            intro=_LOCALE_INTRO.format(formats=", ".join(columns), tag=tag),
            nav=Markup("<ul>{}</ul>").format(nav),
            sections=Markup("\n").join(sections),
        )
        (target / f"{tag}.html").write_text(str(page), encoding="utf-8")
    links = Markup("").join(
        Markup('<li><a href="{}.html" hreflang="{}">{}</a></li>').format(tag, tag, tag)
        for tag in tags
    )
    index = _PAGE.format(
        css=Markup(""),
        gallery_css=_GALLERY_CSS,
        title="tactful preview",
        intro=_INDEX_INTRO.format(formats=", ".join(columns), count=len(tags)),
        nav=Markup('<ul class="locales">{}</ul>').format(links),
        sections=Markup(""),
    )
    path = target / "index.html"
    path.write_text(str(index), encoding="utf-8")
    return path


def _css() -> Markup:
    return Markup((TEMPLATES_DIR / "tactful.css").read_text(encoding="utf-8"))  # noqa: S704


def _section(
    renderer: Renderer,
    sample: Sample,
    locales: Sequence[str],
    formats: Sequence[str],
    has_email: bool,
    columns: Sequence[str],
) -> Markup:
    head = Markup("").join(
        Markup('<div class="cell head" role="columnheader">{}<small>{}</small></div>').format(
            name,
            renderer.formats[name].media_type if name in renderer.formats else "message/rfc822",
        )
        for name in columns
    )
    rows = []
    for locale in locales:
        tag = locale.replace("_", "-")
        cells = [_cell(renderer, sample, locale, name) for name in formats]
        if has_email:
            cells.append(_email_cell(renderer, sample, locale))
        rows.append(
            Markup(
                '<div class="row" role="row"><div class="cell locale" role="rowheader">'
                '<h3 id="{}-{}">{}</h3></div>{}</div>'
            ).format(sample.key, tag, tag, Markup("").join(cells))
        )
    return Markup(
        '<section class="payload" aria-labelledby="{key}">\n<h2 id="{key}">{title}</h2>\n'
        "<details><summary>The payload{status}</summary><pre>{body}</pre></details>\n"
        '<div class="grid" role="table" style="--columns: {count}">'
        '<div class="row" role="row"><div class="cell head" role="columnheader">locale</div>'
        "{head}</div>\n{rows}</div>\n</section>"
    ).format(
        key=sample.key,
        title=sample.title,
        status=f" (HTTP {sample.http_status})" if sample.http_status else "",
        body=sample.body,
        count=len(columns),
        head=head,
        rows=Markup("\n").join(rows),
    )


def _cell(renderer: Renderer, sample: Sample, locale: str, name: str) -> Markup:
    result = renderer.render_result(
        sample.body, format=name, locale=locale, http_status=sample.http_status
    )
    body = str(result.body)
    lang = result.locale.tag
    if result.media_type == "text/html":
        # The renderer's own escaped snippet, shown as a page would show it.
        content = Markup(body)  # noqa: S704
        kind = "html"
    elif "json" in result.media_type:
        content = escape(_pretty_json(body))
        kind = "code"
        content = Markup("<pre>{}</pre>").format(content)
    elif "\x1b" in body:
        content = Markup('<pre class="terminal">{}</pre>').format(ansi_to_html(body))
        kind = "terminal"
    else:
        # Mail clients and Markdown viewers set plain text's direction from its first letters.
        content = Markup('<pre dir="auto">{}</pre>').format(body)
        kind = "code"
    # Text is shown as the channel broke it: never re-wrapped, scrolled sideways if wider.
    return Markup('<div class="cell {}" role="cell" lang="{}" data-format="{}">{}</div>').format(
        kind, lang, name, content
    )


def _email_cell(renderer: Renderer, sample: Sample, locale: str) -> Markup:
    message: Any = renderer.render_email(sample.body, locale=locale, http_status=sample.http_status)
    subject = str(message.get("Subject", ""))
    html_part = message.get_body(("html",))
    text_part = message.get_body(("plain",))
    html = html_part.get_content() if html_part is not None else ""
    text = text_part.get_content() if text_part is not None else ""
    return Markup(
        '<div class="cell email" role="cell" data-format="email">'
        '<p class="subject"><b>Subject:</b> <span lang="{lang}">{subject}</span></p>'
        '<iframe title="Email: {subject}" sandbox="" loading="lazy" srcdoc="{html}"></iframe>'
        "<details><summary>Plain-text part</summary><pre>{text}</pre></details></div>"
    ).format(
        lang=str(message.get("Content-Language", "")),
        subject=subject,
        html=html,
        text=text,
    )


def _pretty_json(body: str) -> str:
    try:
        return json.dumps(json.loads(body), indent=2, ensure_ascii=False)
    except ValueError:
        return body


# ---- terminal output as a terminal shows it -------------------------------------------------

# Any CSI sequence (SGR when it ends in "m"), any OSC (a hyperlink when it is OSC 8), any other
# escape: the converter keeps styles and https links and drops everything else.
_ANSI = re.compile(
    r"\x1b\[([0-?]*)[ -/]*([@-~])"
    r"|\x1b\](?:8;[^;\x07\x1b]*;([^\x07\x1b]*)|[^\x07\x1b]*)(?:\x1b\\|\x07)?"
    r"|\x1b[@-_]?"
)
_COLOURS = ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")


def ansi_to_html(text: str) -> Markup:
    """SGR styling and OSC 8 links as HTML; any other escape sequence is dropped.

    >>> str(ansi_to_html("\\x1b[1;33mTitle\\x1b[0m and \\x1b]8;;https://a.example/\\x1b\\\\link\\x1b]8;;\\x1b\\\\"))
    '<span class="b fg-yellow">Title</span> and <a href="https://a.example/">link</a>'
    """
    out: list[Markup] = []
    styles: set[str] = set()
    link_open = False
    position = 0

    def emit(chunk: str) -> None:
        if not chunk:
            return
        if styles:
            out.append(Markup('<span class="{}">{}</span>').format(" ".join(sorted(styles)), chunk))
        else:
            out.append(escape(chunk))

    for match in _ANSI.finditer(text):
        emit(text[position : match.start()])
        position = match.end()
        codes, final, url = match.group(1), match.group(2), match.group(3)
        if final == "m":
            _apply_sgr(codes, styles)
        elif url is not None:
            if link_open:
                out.append(Markup("</a>"))
                link_open = False
            if url.startswith("https://"):
                out.append(Markup('<a href="{}">').format(url))
                link_open = True
    emit(text[position:])
    if link_open:
        out.append(Markup("</a>"))
    return Markup("").join(out)


def _apply_sgr(codes: str, styles: set[str]) -> None:
    for code in (int(c) if c.isdigit() else 0 for c in (codes or "0").split(";")[:16]):
        if code == 0:
            styles.clear()
        elif code in (1, 2, 3, 4):
            styles.add({1: "b", 2: "dim", 3: "i", 4: "u"}[code])
        elif code in (22, 23, 24):
            styles.difference_update({22: {"b", "dim"}, 23: {"i"}, 24: {"u"}}[code])
        elif 30 <= code <= 37 or 90 <= code <= 97:
            styles.difference_update({s for s in styles if s.startswith("fg-")})
            styles.add("fg-" + _COLOURS[code % 10])
        elif code == 39:
            styles.difference_update({s for s in styles if s.startswith("fg-")})


_GALLERY_CSS = Markup("""
:root { color-scheme: light; }
body { margin: 0; padding: 1rem 1.5rem 3rem; font: 0.9375rem/1.5 system-ui, sans-serif;
       background: #f6f7f9; color: #1f2328; }
h1 { margin: 0 0 0.25rem; }
.payload { margin: 2.5rem 0 0; }
.payload > details pre { max-width: 80rem; }
.grid { overflow-x: auto; border: 1px solid #c9cfd6; border-radius: 0.5rem; background: #fff; }
.row { display: grid; grid-template-columns: 6rem repeat(var(--columns), minmax(24rem, 1fr));
       border-top: 1px solid #e3e6ea; }
.row:first-child { border-top: 0; position: sticky; top: 0; background: #eef1f4; z-index: 1; }
.cell { padding: 0.75rem; min-width: 0; border-inline-start: 1px solid #e3e6ea; }
.cell.head { font-weight: 600; }
.cell.head small { display: block; font-weight: 400; color: #4a5159; }
.cell.locale { border-inline-start: 0; }
.cell.locale h3 { margin: 0; font-size: 1rem; position: sticky; top: 3.5rem; }
/* Exactly as produced: each line as the channel broke it, scrolled sideways when wider. */
.cell pre { margin: 0; white-space: pre; overflow-x: auto; tab-size: 8;
            font: 0.8125rem/1.45 ui-monospace, "DejaVu Sans Mono", monospace; }
.cell.locale { position: sticky; inset-inline-start: 0; z-index: 1; background: #fff; }
.locales { columns: 8rem; }
.cell .tactful { margin: 0; }
.terminal { padding: 0.75rem; border-radius: 0.375rem; background: #1e1e1e; color: #e6e6e6; }
.terminal a { color: inherit; }
.terminal .b { font-weight: 700; } .terminal .dim { opacity: 0.75; }
.terminal .i { font-style: italic; } .terminal .u { text-decoration: underline; }
.terminal .fg-yellow { color: #f5d76e; } .terminal .fg-cyan { color: #6fd3e0; }
.terminal .fg-red { color: #ff8080; } .terminal .fg-green { color: #8ee08e; }
.terminal .fg-blue { color: #8fb8ff; } .terminal .fg-magenta { color: #e79ef5; }
.email iframe { width: 100%; height: 26rem; border: 1px solid #c9cfd6; border-radius: 0.375rem;
                background: #fff; }
.email .subject { margin: 0 0 0.5rem; }
""")

_LOCALE_INTRO = Markup("""<p>Every format ({formats}) for each example payload in {tag}, side by side; scroll
sideways for the other formats. Text and terminal output are shown exactly as produced.
<a href="index.html">Every locale</a>.</p>""")
_INDEX_INTRO = Markup("""<p>Every format ({formats}) for each example payload, one page per locale
({count} locales).</p>""")

_PAGE = Markup("""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{gallery_css}</style>
<style>{css}</style>
</head>
<body>
<header>
<h1>{title}</h1>
{intro}
<nav aria-label="Contents">{nav}</nav>
</header>
<main>
{sections}
</main>
</body>
</html>
""")
