"""The command line: a thin layer over the library, which never imports it.

tactful render [FILE|-] [--format FORMAT] [--locale TAG] [--recharge-url URL]
tactful email [FILE|-] --to ADDRESS [--output FILE.eml] [--locale TAG] [--recharge-url URL]
tactful inspect [FILE|-]
tactful preview --out DIR [--locale TAG ...] [--payload FILE ...]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from . import __version__
from ._channels import BUILTIN_FORMATS
from ._channels.problem import link_json, money_json
from ._errors import ConfigError, Error
from ._model import AMOUNT_FIELDS, Money, Notice
from ._render import Renderer
from ._render.settings import MAX_TEXT_WIDTH, MIN_TEXT_WIDTH

MAX_INPUT_BYTES = 1024 * 1024


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line on stderr, status 2, the same for every command: scripts can show it as is.
        self.exit(2, f"tactful: error: {message}\n")


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
        default=None,
        choices=sorted(BUILTIN_FORMATS),
        help="output format (default: terminal when standard output is a terminal, else text)",
    )
    render.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour in the terminal format (default: auto, which follows NO_COLOR, "
        "FORCE_COLOR, TERM=dumb and whether standard output is a terminal)",
    )
    render.add_argument(
        "--no-links",
        action="store_true",
        help="no clickable OSC 8 link in the terminal format (the URL is shown either way)",
    )
    render.add_argument(
        "--no-isolates",
        action="store_true",
        help="no U+2068/U+2069 around the values of a right-to-left message in text, for "
        "terminals that show them as boxes",
    )
    render.add_argument(
        "--problem-type",
        metavar="URI",
        help='the "type" of the problem format: an https URL, which may hold {kind}',
    )
    _add_message_options(render)

    mail = commands.add_parser(
        "email",
        help="render a payload as a complete email message",
        description="Render an error payload as an email (Subject, plain text and HTML parts) "
        "and print it, or write it to an .eml file to open in a mail client.",
    )
    _add_input(mail)
    mail.add_argument("--to", required=True, metavar="ADDRESS", help="the To address")
    mail.add_argument(
        "--from",
        dest="sender",
        default="billing@example.com",
        metavar="ADDRESS",
        help="the From address (default: billing@example.com)",
    )
    mail.add_argument(
        "--output", "-o", metavar="FILE", help="write the message to FILE (an .eml) instead"
    )
    _add_message_options(mail)

    inspect = commands.add_parser(
        "inspect",
        help="show what tactful understood from a payload, as JSON",
        description="Print the parsed notice (kind, provider, status, code, amounts, links).",
    )
    _add_input(inspect)
    inspect.add_argument(
        "--status",
        type=_http_status,
        metavar="CODE",
        help="the HTTP status the payload came with, if known",
    )

    preview = commands.add_parser(
        "preview",
        help="write a static HTML gallery of every format in every locale",
        description="Write DIR/index.html: every format for example payloads, in every locale, "
        "side by side, for designers and translators to review.",
    )
    preview.add_argument("--out", required=True, metavar="DIR", help="the directory to write")
    preview.add_argument(
        "--locale",
        "-l",
        action="append",
        metavar="TAG",
        help="only this locale (repeatable; default: every shipped locale)",
    )
    preview.add_argument(
        "--payload",
        action="append",
        default=[],
        metavar="FILE",
        help="preview this payload file instead of the built-in examples (repeatable)",
    )
    return parser


def _add_message_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--locale",
        "-l",
        metavar="TAG",
        help="language, as a BCP 47 or POSIX tag such as de, pt-BR or zh_Hant",
    )
    parser.add_argument(
        "--accept-language", metavar="HEADER", help="an Accept-Language header to negotiate from"
    )
    parser.add_argument(
        "--recharge-url",
        metavar="URL",
        help="the top-up page (https); may hold {amount}, {currency}, {return_to}",
    )
    parser.add_argument("--pricing-url", metavar="URL", help="an optional pricing page (https)")
    parser.add_argument("--return-to", metavar="URL", help="fills {return_to} in the recharge URL")
    parser.add_argument(
        "--status",
        type=_http_status,
        metavar="CODE",
        help="the HTTP status the payload came with, if known",
    )
    parser.add_argument(
        "--width",
        type=_width,
        default=72,
        metavar="COLUMNS",
        help="wrap text at this width, or the terminal's if narrower (default: 72)",
    )
    parser.add_argument(
        "--no-label",
        action="store_true",
        help="leave out the sentence about what was kept and charged",
    )
    parser.add_argument(
        "--why", action="store_true", help="add the sentence about why limits exist"
    )
    parser.add_argument(
        "--no-details", action="store_true", help="leave out the provider's own message and codes"
    )
    parser.add_argument(
        "--template-dir",
        action="append",
        default=[],
        metavar="DIR",
        help="a directory of templates that override the built-in ones",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="fail with an error instead of rendering the safe fallback message, for an "
        "unreadable payload, or for a locale without a catalog",
    )


def _http_status(text: str) -> int:
    if not text.isdigit() or not 100 <= int(text) <= 599:
        raise argparse.ArgumentTypeError(f"not an HTTP status (100 to 599): {text!r}")
    return int(text)


def _width(text: str) -> int:
    low, high = MIN_TEXT_WIDTH, MAX_TEXT_WIDTH
    if not text.isdigit() or not low <= int(text) <= high:
        raise argparse.ArgumentTypeError(f"not a width from {low} to {high} columns: {text!r}")
    return int(text)


def _add_input(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "file",
        nargs="?",
        default="-",
        metavar="FILE",
        help="the payload file, or - for standard input (default: -)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; the exit status: 0, 1 for a failure, 2 for a usage mistake, 130
    for an interrupt. Every failure is one line on standard error, never a traceback."""
    report = _OneLineReport()
    logger = logging.getLogger("tactful")
    logger.addHandler(report)
    logger.propagate = False  # the lines below, not a traceback through the root logger
    try:
        return _run(argv)
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        return 130
    except BrokenPipeError:  # the reader went away (| head): nothing left to say to it
        # As the Python docs advise: no second error when the interpreter flushes at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    finally:
        logger.removeHandler(report)
        logger.propagate = True


class _OneLineReport(logging.Handler):
    """What the library logs (a render it recovered from), as one line without a traceback."""

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().removeprefix("tactful: ").splitlines()
        sys.stderr.write(f"tactful: warning: {message[0] if message else ''}\n")


def _run(argv: Sequence[str] | None) -> int:
    parser = _build_parser()
    args = parser.parse_args(argv)
    if args.command == "preview":
        return _preview(args)
    where = "standard input" if args.file == "-" else args.file
    try:
        payload = _read(args.file)
    except OSError as exc:
        return _fail(f"cannot read {where}: {exc.strerror or exc}")
    if not payload.strip():  # a failed download, not an error to explain to anyone
        return _fail(f"{where} is empty: there is no payload to {args.command}")
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
            **_terminal_settings(args),
        )
        _check_locale(renderer, args)
        if args.command == "email":
            return _email(renderer, payload, args)
        output = renderer.render(
            payload,
            format=args.format or ("terminal" if sys.stdout.isatty() else "text"),
            locale=args.locale,
            accept_language=args.accept_language,
            return_to=args.return_to,
            http_status=args.status,
        )
    except ConfigError as exc:
        parser.error(str(exc))
    except Error as exc:
        return _fail(str(exc))
    sys.stdout.write(output if output.endswith("\n") else output + "\n")
    return 0


def _fail(message: str) -> int:
    print(f"tactful: error: {message}", file=sys.stderr)
    return 1


def _check_locale(renderer: Renderer, args: argparse.Namespace) -> None:
    """A ``--locale`` without a catalog: a warning, or with ``--strict`` a usage error."""
    if not args.locale or not renderer.negotiate(locale=args.locale).is_fallback:
        return
    message = f"no catalog for locale {args.locale!r}; choose from {_locales(renderer)}"
    if args.strict:
        raise ConfigError(message)
    default = renderer.default_locale
    print(f"tactful: warning: {message} (rendering in {default})", file=sys.stderr)


def _locales(renderer: Renderer) -> str:
    return ", ".join(sorted(tag.replace("_", "-") for tag in renderer.supported_locales))


def _terminal_settings(args: argparse.Namespace) -> dict[str, Any]:
    if args.command != "render":
        return {}
    color = {"auto": None, "always": True, "never": False}[args.color]
    return {
        "color": color,
        "hyperlinks": False if args.no_links else None,
        "bidi_isolates": not args.no_isolates,
        "problem_type": args.problem_type,
    }


def _email(renderer: Renderer, payload: bytes, args: argparse.Namespace) -> int:
    import email.policy  # some 9 ms of start-up, for the one command that needs it

    to, sender = _address("--to", args.to), _address("--from", args.sender)
    msg = renderer.render_email(
        payload,
        locale=args.locale,
        accept_language=args.accept_language,
        return_to=args.return_to,
        http_status=args.status,
    )
    msg["From"], msg["To"] = sender, to
    if not args.output:
        sys.stdout.write(msg.as_string())
        return 0
    try:
        with open(args.output, "wb") as handle:
            handle.write(msg.as_bytes(policy=email.policy.SMTP))
    except OSError as exc:
        return _fail(f"cannot write {args.output}: {exc.strerror or exc}")
    return 0


def _address(option: str, value: str) -> str:
    """``value`` if it is one mail address ("ana@example.com" or "Ana <ana@example.com>")."""
    from email.headerregistry import Address
    from email.utils import parseaddr

    spec = parseaddr(value)[1]
    try:
        # Address raises on what is left after one address; line breaks never reach a header.
        usable = (
            "@" in spec and not any(c in value for c in "\r\n") and bool(Address(addr_spec=spec))
        )
    except Exception:  # the email package raises several types for a malformed address
        usable = False
    if not usable:
        raise ConfigError(f"{option} is not a mail address: {value!r}")
    return value


def _preview(args: argparse.Namespace) -> int:
    from . import _preview as gallery  # the gallery's page template only when asked for

    try:
        samples = [gallery.sample_from_file(name) for name in args.payload] or gallery.SAMPLES
        path = gallery.write_gallery(args.out, locales=args.locale, payloads=samples)
    except OSError as exc:
        print(f"tactful: error: {exc}", file=sys.stderr)
        return 1
    print(path)
    return 0


def _read(name: str) -> bytes:
    if name == "-":
        if sys.stdin.isatty():  # a person at a terminal, who may not know a payload is awaited
            print(
                "tactful: reading the payload from standard input; end it with Ctrl-D "
                "(Ctrl-Z, Enter on Windows), or give a FILE",
                file=sys.stderr,
            )
        return sys.stdin.buffer.read(MAX_INPUT_BYTES)
    with open(name, "rb") as handle:
        return handle.read(MAX_INPUT_BYTES)


def notice_as_json(notice: Notice) -> dict[str, Any]:
    """The parts of a Notice a developer wants to see, JSON-ready: amounts and links in the
    shape problem+json gives them (``{"amount", "currency"}``; ``{"rel", "href"}``)."""

    def money(value: Money | None) -> dict[str, str] | None:
        return None if value is None else money_json(value)

    links = [link_json("payment", notice.recharge_url)] if notice.recharge_url else []
    return {
        "kind": notice.kind.value,
        "provider": notice.provider,
        "http_status": notice.http_status,
        "code": notice.code,
        "message": notice.message,
        **{name: money(getattr(notice, name)) for name in AMOUNT_FIELDS},
        "retry_after": notice.retry_after,
        "links": links,
        "request_id": notice.request_id,
    }
