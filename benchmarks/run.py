#!/usr/bin/env python3
"""tactful's benchmark suite: every figure measured side by side in one run, so noise cancels.

    python3 benchmarks/run.py            # the tables benchmarks/README.md quotes
    python3 benchmarks/run.py --quick    # fewer rounds, for a smoke check
    python3 benchmarks/run.py --no-warm  # only first render, cold start, memory, Accept-Language

What it measures (benchmarks/README.md has the budgets and the latest figures):
- the floor: json.loads of the payload + one Babel format_currency + a bare Jinja2 render of the
  same built-in template with a precomputed context (for email, of both its templates, and the
  standard library writing them out as one message: set_content, add_alternative, as_bytes);
- tactful's full path, bytes in and finished output out (parse, classify, negotiate, translate,
  format, render), for html, text and email, in en, de, ar and ja, for the seed payloads and a
  large messy provider payload, in two modes: "recurring", the same body with a fresh request id
  in every call (what a provider sends while an account stays empty: tactful's memos apply),
  and "novel", where a sentence with a fresh number is added too (a body no memo has seen);
- the first render in a new locale (catalog load), in a fresh process per locale, for a message
  without amounts (the catalog only) and one with amounts (Babel also loads the locale's CLDR
  data then);
- the CLI cold start, `tactful render FILE` as a whole process, against
  `python -c "import jinja2, babel.numbers"`, both run as installed code is run: with compiled
  bytecode kept (the checkout's own PYTHONDONTWRITEBYTECODE would recompile tactful in every
  run, while the libraries load theirs from site-packages);
- memory: resident size after import, and after every shipped locale has rendered once, above a
  bare interpreter; and, for comparison, Babel alone holding those locales' whole CLDR data
  (which tactful reads through Babel's public API, whatever the Babel release);
- Accept-Language negotiation of a hostile 64 KiB header.
With --stages it also times tactful's stages one by one for each payload, next to the parts of
the floor: reading the payload (decode, then recognize), rendering a parsed notice in each
format, and the standard library writing out an email whose parts are already rendered. Those
parts show where the time goes, and what no change to tactful's own code can remove.
Timing is per call, median of repeated rounds; ratios compare medians measured in this run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAYLOADS = ROOT / "examples" / "payloads"


def seed_payloads() -> dict[str, bytes]:
    seeds = {
        "B1": {"error": {"code": "INSUFFICIENT_BALANCE", "message": "Your balance is too low."}},
        "B2": {
            "code": 402,
            "name": "InsufficientBalanceError",
            "status": 40203,
            "message": "Insufficient balance",
            "readableMessage": "You need 5.00 more credits.",
        },
        "B3": json.loads((PAYLOADS / "problem-details.json").read_text()),
    }
    out = {name: json.dumps(body).encode() for name, body in seeds.items()}
    out["messy"] = messy_payload()
    return out


def messy_payload() -> bytes:
    """A large, realistic provider body: an SDK envelope around a JSON string, many details."""
    inner = {
        "error": {
            "code": 429,
            "message": "You exceeded your current quota, please check your plan and billing "
            "details. For more information on this error, head to: "
            "https://ai.google.dev/gemini-api/docs/rate-limits.",
            "status": "RESOURCE_EXHAUSTED",
            "details": [
                {
                    "@type": "type.googleapis.com/google.rpc.QuotaFailure",
                    "violations": [
                        {
                            "quotaMetric": f"generativelanguage.googleapis.com/metric_{i}",
                            "quotaId": f"GenerateRequestsPerDayPerProject-{i}",
                            "quotaDimensions": {"location": "global", "model": f"m-{i}"},
                        }
                        for i in range(40)
                    ],
                },
                {
                    "@type": "type.googleapis.com/google.rpc.Help",
                    "links": [{"description": "Learn more", "url": "https://ai.google.dev/x"}],
                },
            ],
        }
    }
    envelope = {
        "error": {
            "message": json.dumps(inner, indent=2),
            "code": 429,
            "status": "Too Many Requests",
        },
        "trace": ["frame"] * 200,
    }
    return json.dumps(envelope).encode()


def vary(body: bytes, n: int) -> bytes:
    # A different request id in every round: a real app never renders the same bytes twice.
    data = json.loads(body)
    if isinstance(data, dict):
        data["request_id"] = f"req_{n:08d}"
    return json.dumps(data).encode()


def novel(body: bytes, n: int) -> bytes:
    """``vary``, and the provider's message ends in a fresh number too: a body, and so a notice,
    no memo has seen (as from a provider that puts a time or a counter in its words)."""
    data = json.loads(vary(body, n))
    _add_to_message(data, f" (attempt {n})")
    return json.dumps(data).encode()


_MESSAGE_KEYS = ("message", "detail", "readableMessage")


def _add_to_message(data: dict[str, object], words: str) -> bool:
    """Append ``words`` to the first message member, inside JSON held in a string too."""
    for key, value in data.items():
        if isinstance(value, dict) and _add_to_message(value, words):
            return True
        if key in _MESSAGE_KEYS and isinstance(value, str):
            try:
                inner = json.loads(value)
            except ValueError:
                data[key] = value + words
                return True
            if isinstance(inner, dict) and _add_to_message(inner, words):
                data[key] = json.dumps(inner, indent=2)
                return True
    return False


# The budgets (issue 14), as worst ratio to the floor per mode and format, over the short
# payloads (B1, B2, B3): "recurring" is the same provider error with a fresh request id;
# "novel" a body never seen before. The messy 20 KB payload is reported apart, in every
# format, with a budget of its own for a novel body.
BUDGETS = {
    ("recurring", "html"): 1.5,
    ("recurring", "text"): 2.0,
    ("recurring", "email"): 1.5,
    ("recurring", "messy"): None,
    ("novel", "html"): 2.5,
    ("novel", "text"): 3.5,
    ("novel", "email"): None,
    ("novel", "messy"): 8.0,
}


def per_call(func: Callable[[int], object], *, rounds: int, number: int) -> float:
    """Median seconds per call over ``rounds`` rounds of ``number`` calls."""
    for i in range(number):
        func(i)  # warm-up
    samples = []
    for r in range(rounds):
        start = time.perf_counter()
        for i in range(number):
            func(r * number + i)
        samples.append((time.perf_counter() - start) / number)
    return statistics.median(samples)


def paired(
    floor: Callable[[int], object], full: Callable[[int], object], *, rounds: int, number: int
) -> tuple[float, float, float]:
    """Median CPU seconds per call of ``floor`` and of ``full``, and the median of their ratio
    per round. The two alternate within each round, and CPU time (not wall time) is counted,
    so that another process taking the machine for a while moves both sides alike."""
    for i in range(number):  # warm-up
        floor(i)
        full(i)
    floors, fulls, ratios = [], [], []
    for r in range(rounds):
        base = (r + 1) * number
        start = time.thread_time()
        for i in range(number):
            floor(base + i)
        middle = time.thread_time()
        for i in range(number):
            full(base + i)
        end = time.thread_time()
        floors.append((middle - start) / number)
        fulls.append((end - middle) / number)
        ratios.append((end - middle) / (middle - start))
    return statistics.median(floors), statistics.median(fulls), statistics.median(ratios)


def floor_function(
    body: bytes, fmt: str, locale: str, change: Callable[[bytes, int], bytes] = vary
) -> Callable[[int], object]:
    import jinja2
    from babel.numbers import format_currency

    import tactful
    from tactful._locale import load_catalog
    from tactful._present import present
    from tactful._render.environment import template_gettext as _template_gettext
    from tactful._resources import LOCALES_DIR, TEMPLATES_DIR

    renderer = tactful.Renderer(recharge_url="https://billing.example.com/top-up")
    notice = renderer.parse(body)
    catalog = load_catalog(LOCALES_DIR, renderer.negotiate(locale=locale).locale_id)
    context = present(notice, catalog, renderer._checked.options).context()
    context["heading_level"] = 2
    context.update(_template_gettext(catalog))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=jinja2.select_autoescape(("html",)),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_null_translations(newstyle=True)
    # The built-in templates of the format: an email is made of two, its text and its HTML part.
    names = {"html": ["notice.html"], "text": ["notice.txt"], "email": ["email.txt", "email.html"]}
    templates = [env.get_template(name) for name in names[fmt]]
    amount = Decimal("4.50")

    def floor(n: int) -> object:
        json.loads(change(body, n))
        format_currency(amount, "USD", locale=locale)
        return [template.render(context) for template in templates]

    if fmt != "email":
        return floor

    from email.message import EmailMessage

    def email_floor(n: int) -> object:
        # An email's floor includes the standard library writing the same message out.
        text, html = floor(n)
        message = EmailMessage()
        message["Subject"] = context["title"]
        message.set_content(text)
        message.add_alternative(html, subtype="html")
        return message.as_bytes()

    return email_floor


def full_function(
    body: bytes, fmt: str, locale: str, change: Callable[[bytes, int], bytes] = vary
) -> Callable[[int], object]:
    import tactful

    renderer = tactful.Renderer(recharge_url="https://billing.example.com/top-up?amount={amount}")
    if fmt == "email":
        return lambda n: renderer.render_email(change(body, n), locale=locale).as_bytes()
    return lambda n: renderer.render(change(body, n), format=fmt, locale=locale)


def visit(value: object) -> None:
    if type(value) is dict:
        for item in value.values():
            visit(item)
    elif type(value) is list:
        for item in value:
            visit(item)


def stage_table(payloads: dict[str, bytes], *, rounds: int, number: int) -> None:
    """Each stage of tactful's path timed on its own, next to the floor's parts (locale en)."""
    from babel.numbers import format_currency

    import tactful
    from tactful._decode import decode
    from tactful._recognize import recognize

    renderer = tactful.Renderer(recharge_url="https://billing.example.com/top-up?amount={amount}")
    amount = Decimal("4.50")
    print("stages, µs per call (locale en): the floor's parts, then tactful's")
    for row, (name, body) in enumerate(payloads.items()):
        bodies = [vary(body, n) for n in range(number)]
        decoded = [decode(b) for b in bodies]
        notice = renderer.parse(bodies[0])
        message = renderer.render_email(notice, locale="en")
        parts = {
            # Every row of the main table also pays for vary(): json.loads + json.dumps.
            "vary": lambda n, body=body: vary(body, n),
            "loads": lambda n, bodies=bodies: json.loads(bodies[n % number]),
            "currency": lambda n: format_currency(amount, "USD", locale="en"),
            "decode": lambda n, bodies=bodies: decode(bodies[n % number]),
            # The least any Python code that reads the payload costs: visit every member, do
            # nothing with it.
            "walk": lambda n, decoded=decoded: visit(decoded[n % number].data),
            "recognize": lambda n, decoded=decoded: recognize(decoded[n % number]),
            "html": lambda n, notice=notice: renderer.render(notice, format="html", locale="en"),
            "text": lambda n, notice=notice: renderer.render(notice, format="text", locale="en"),
            "email": lambda n, notice=notice: renderer.render_email(notice, locale="en"),
            # The email package writing out a message whose two parts are already rendered.
            "mime": lambda n, message=message: message.as_bytes(),
        }
        if row == 0:
            print(f"{'payload':<8}" + "".join(f"{column:>10}" for column in parts))
        timed = [per_call(f, rounds=rounds, number=number) for f in parts.values()]
        print(f"{name:<8}" + "".join(f"{seconds * 1e6:>10.1f}" for seconds in timed))
    print(
        "(html/text/email: a parsed notice rendered, email without writing it out; mime: the"
        " standard library's as_bytes() of a finished message; walk: a Python function that"
        " visits every member of the decoded payload and does nothing else)\n"
    )


def installed_env() -> dict[str, str]:
    """The environment of a process that runs installed code: compiled bytecode is kept (in a
    temporary directory, not in the checkout), as pip keeps it for an installed package.
    Without this, PYTHONDONTWRITEBYTECODE would make every run compile tactful's sources
    again while the libraries it is compared with load their cached bytecode."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="tactful-bench-pycache-")
    return env


def subprocess_seconds(argv: list[str], runs: int, env: dict[str, str], cwd: Path = ROOT) -> float:
    subprocess.run(argv, cwd=cwd, check=True, capture_output=True, env=env)  # caches bytecode
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, cwd=cwd, check=True, capture_output=True, env=env)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


_RSS_SCRIPT = """
import resource, sys
def rss():
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1]) * 1024
base = rss()
if sys.argv[1] == 'babel':
    # Babel alone, with the CLDR data of every shipped locale loaded (what tactful needs of it).
    import babel.numbers
    from babel import Locale
    for loc in sys.argv[2:]:
        locale = Locale.parse(loc)
        locale.plural_form, locale.currency_formats, locale.currency_symbols
elif sys.argv[1] != 'bare':
    import tactful
    after_import = rss()
    if sys.argv[1] == 'all':
        from tactful._locale import supported_locales
        from tactful._resources import LOCALES_DIR
        r = tactful.Renderer(recharge_url='https://billing.example.com/x')
        # Amounts, so that each locale's CLDR number data is loaded too.
        BODY = b'{"title":"Out of credit","detail":"Your balance is $0.12, but that costs $4.50."}'
        for loc in sorted(supported_locales(LOCALES_DIR)):
            for fmt in ('html', 'text'):
                r.render(BODY, format=fmt, locale=loc)
print(rss())
"""


def rss_bytes(mode: str, *locales: str) -> int:
    out = subprocess.run(
        [sys.executable, "-c", _RSS_SCRIPT, mode, *locales],
        capture_output=True,
        text=True,
        check=True,
        cwd=tempfile.gettempdir(),
    )
    return int(out.stdout.strip())


_FIRST_RENDER = """
import sys, time, tactful
r = tactful.Renderer(recharge_url='https://billing.example.com/top-up?amount={amount}')
body = sys.argv[2].encode()
r.render(body, locale='en')  # warm: everything but the new locale is loaded
start = time.perf_counter()
r.render(body, locale=sys.argv[1])
print(time.perf_counter() - start)
"""


def first_render_seconds(locale: str, body: bytes, env: dict[str, str]) -> float:
    out = subprocess.run(
        [sys.executable, "-c", _FIRST_RENDER, locale, body.decode()],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return float(out.stdout.strip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    parser.add_argument("--stages", action="store_true", help="also time each stage alone")
    parser.add_argument(
        "--no-warm", action="store_true", help="skip the warm renders (the longest part)"
    )
    args = parser.parse_args()
    rounds, number, runs = (5, 50, 5) if args.quick else (11, 200, 15)

    from importlib.metadata import version

    import tactful

    payloads = seed_payloads()
    print(
        f"tactful {tactful.__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} cores;"
        f" Jinja2 {version('jinja2')}, Babel {version('babel')},"
        f" MarkupSafe {version('markupsafe')}; median of {rounds} rounds x {number} calls\n"
    )
    if not args.no_warm:
        warm_table(payloads, rounds=rounds, number=number, stages=args.stages)
    cold_figures(payloads, rounds=rounds, number=number, runs=runs)
    return 0


def warm_table(payloads: dict[str, bytes], *, rounds: int, number: int, stages: bool) -> None:
    if stages:
        stage_table(payloads, rounds=rounds, number=number)
    formats = ["html", "text", "email"]
    locales = ["en", "de", "ar", "ja"]
    worst: dict[tuple[str, str], float] = {}
    for mode, change in (("recurring", vary), ("novel", novel)):
        print(
            f"{'warm full render, ' + mode:<32}{'floor CPU µs':>10}{'tactful µs':>12}{'ratio':>8}"
        )
        for fmt in formats:
            for locale in locales:
                for name, body in payloads.items():
                    floor, full, ratio = paired(
                        floor_function(body, fmt, locale, change),
                        full_function(body, fmt, locale, change),
                        rounds=rounds,
                        number=number,
                    )
                    budget = (mode, "messy" if name == "messy" else fmt)
                    worst[budget] = max(worst.get(budget, 0.0), ratio)
                    row = f"{fmt} {locale} {name}"
                    print(f"{row:<32}{floor * 1e6:>10.1f}{full * 1e6:>12.1f}{ratio:>8.2f}")
        print()
    print("worst ratio to the floor, against the budget:")
    for (mode, what), ratio in sorted(worst.items()):
        budget = BUDGETS.get((mode, what))
        verdict = "no budget" if budget is None else ("met" if ratio <= budget else "NOT MET")
        limit = f"{budget:.1f}" if budget is not None else "-"
        print(f"  {mode:<10} {what:<6} {ratio:>6.2f}  budget {limit:>4}  {verdict}")
    print()


def cold_figures(payloads: dict[str, bytes], *, rounds: int, number: int, runs: int) -> None:
    from tactful._channels import BUILTIN_FORMATS as _CHANNELS
    from tactful._locale import accept_language, negotiate, supported_locales
    from tactful._resources import LOCALES_DIR

    env = installed_env()
    new_locales = ("de", "ar", "ja", "zh-Hant", "ru")
    print("first render in a new locale (budget 15 ms), median of 3 fresh processes each:")
    for label, body in (
        ("B1 (catalog only)", payloads["B1"]),
        ("B3 (with amounts)", payloads["B3"]),
    ):
        firsts = {
            loc: statistics.median(first_render_seconds(loc, body, env) for _ in range(3))
            for loc in new_locales
        }
        print(
            f"  {label:<19}"
            + ", ".join(f"{k} {v * 1e3:.2f} ms" for k, v in firsts.items())
            + f"; worst {max(firsts.values()) * 1e3:.2f} ms"
        )

    bare = subprocess_seconds([sys.executable, "-c", "import jinja2, babel.numbers"], runs, env)
    with tempfile.NamedTemporaryFile("wb", suffix=".json", delete=False) as handle:
        handle.write(payloads["B3"])
    cli = subprocess_seconds([sys.executable, "-m", "tactful", "render", handle.name], runs, env)
    os.unlink(handle.name)
    print(
        f"CLI cold start: {cli * 1e3:.0f} ms vs bare import {bare * 1e3:.0f} ms,"
        f" ratio {cli / bare:.2f} (target 2.0)"
    )

    base, after_import, after_all = rss_bytes("bare"), rss_bytes("import"), rss_bytes("all")
    babel_data = rss_bytes("babel", *sorted(supported_locales(LOCALES_DIR)))
    print(
        f"memory above a bare interpreter: after import {(after_import - base) / 2**20:.1f} MB,"
        f" after all {len(supported_locales(LOCALES_DIR))} locales rendered"
        f" {(after_all - base) / 2**20:.1f} MB (budget 60 MB); for comparison, Babel alone"
        f" holding those locales' whole CLDR data: {(babel_data - base) / 2**20:.1f} MB"
    )

    header = ",".join(f"en-US;q=0.{i % 1000:03d}" for i in range(6000))[: 64 * 1024]
    supported = supported_locales(LOCALES_DIR)

    def hostile(n: int) -> object:
        negotiate(accept_language(header + str(n)), supported, default="en")
        return None

    seconds = per_call(hostile, rounds=rounds, number=max(10, number // 10))
    print(f"Accept-Language, hostile 64 KiB header: {seconds * 1e3:.3f} ms (target < 1 ms)")
    print(f"formats: {', '.join(sorted(_CHANNELS))}")


if __name__ == "__main__":
    raise SystemExit(main())
