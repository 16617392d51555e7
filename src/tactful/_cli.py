"""The command line: a thin layer over the library, which never imports it.

tactful render [FILE|-] [--format html|text] [--locale TAG] [--recharge-url URL]
tactful inspect [FILE|-]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from . import __version__
from ._errors import ConfigError, Error
from ._model import Money, Notice
from ._render import _CHANNELS, Renderer

MAX_INPUT_BYTES = 1024 * 1024


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line on stderr, status 2: scripts can show it as it is.
        self.exit(2, f"{self.prog}: error: {message}\n")


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="tactful",
        description="Turn a paid API's out-of-credit error into a clear, localized message.",
    )
    parser.add_argument("--version", action="version", version=f"tactful {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    render = commands.add_parser(
        "render",
        help="render a payload as a message",
        description="Render an error payload (JSON, Python repr, or text) as a message.",
    )
    _add_input(render)
    render.add_argument(
        "--format",
        "-f",
        default="text",
        choices=sorted(_CHANNELS),
        help="output format (default: text)",
    )
    render.add_argument(
        "--locale",
        "-l",
        metavar="TAG",
        help="language, as a BCP 47 or POSIX tag such as de, pt-BR or zh_Hant",
    )
    render.add_argument(
        "--accept-language", metavar="HEADER", help="an Accept-Language header to negotiate from"
    )
    render.add_argument(
        "--recharge-url",
        metavar="URL",
        help="the top-up page (https); may hold {amount}, {currency}, {return_to}",
    )
    render.add_argument("--pricing-url", metavar="URL", help="an optional pricing page (https)")
    render.add_argument("--return-to", metavar="URL", help="fills {return_to} in the recharge URL")
    render.add_argument(
        "--status", type=int, metavar="CODE", help="the HTTP status the payload came with, if known"
    )
    render.add_argument(
        "--width",
        type=int,
        default=72,
        metavar="COLUMNS",
        help="wrap text at this width (default: 72)",
    )
    render.add_argument(
        "--no-label",
        action="store_true",
        help="leave out the sentence about what was kept and charged",
    )
    render.add_argument(
        "--why", action="store_true", help="add the sentence about why limits exist"
    )
    render.add_argument(
        "--no-details", action="store_true", help="leave out the provider's own message and codes"
    )
    render.add_argument(
        "--template-dir",
        action="append",
        default=[],
        metavar="DIR",
        help="a directory of templates that override the built-in ones",
    )
    render.add_argument(
        "--strict",
        action="store_true",
        help="fail with an error instead of rendering the safe fallback message",
    )

    inspect = commands.add_parser(
        "inspect",
        help="show what tactful understood from a payload, as JSON",
        description="Print the parsed notice (kind, provider, status, code, amounts, links).",
    )
    _add_input(inspect)
    inspect.add_argument(
        "--status", type=int, metavar="CODE", help="the HTTP status the payload came with, if known"
    )
    return parser


def _add_input(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        nargs="?",
        default="-",
        metavar="FILE",
        help="the payload file, or - for standard input (default: -)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = _build_parser()
    args = parser.parse_args(argv)
    try:
        payload = _read(args.file)
    except OSError as exc:
        print(f"tactful: error: cannot read {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    if args.command == "inspect":
        notice = Renderer().parse(payload, http_status=args.status)
        print(json.dumps(notice_as_json(notice), indent=2, ensure_ascii=False))
        return 0
    try:
        renderer = Renderer(
            recharge_url=args.recharge_url,
            pricing_url=args.pricing_url,
            template_dirs=args.template_dir,
            show_label=not args.no_label,
            show_why=args.why,
            show_details=not args.no_details,
            text_width=args.width,
            strict=args.strict,
        )
        output = renderer.render(
            payload,
            format=args.format,
            locale=args.locale,
            accept_language=args.accept_language,
            return_to=args.return_to,
            http_status=args.status,
        )
    except ConfigError as exc:
        parser.error(str(exc))
    except Error as exc:
        print(f"tactful: error: {exc}", file=sys.stderr)
        return 1
    sys.stdout.write(output if output.endswith("\n") else output + "\n")
    return 0


def _read(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read(MAX_INPUT_BYTES)
    with open(name, "rb") as handle:
        return handle.read(MAX_INPUT_BYTES)


def notice_as_json(notice: Notice) -> dict[str, Any]:
    """The parts of a Notice a developer wants to see, JSON-ready (amounts as strings)."""

    def money(value: Money | None) -> dict[str, str | None] | None:
        return None if value is None else {"amount": str(value.amount), "unit": value.unit}

    return {
        "kind": notice.kind.value,
        "provider": notice.provider,
        "http_status": notice.http_status,
        "code": notice.code,
        "message": notice.message,
        "balance": money(notice.balance),
        "cost": money(notice.cost),
        "shortfall": money(notice.shortfall),
        "limit": money(notice.limit),
        "used": money(notice.used),
        "retry_after": notice.retry_after,
        "recharge_url": notice.recharge_url,
        "request_id": notice.request_id,
    }
