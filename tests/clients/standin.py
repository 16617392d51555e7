"""A stand-in for a provider's API on 127.0.0.1: it answers every request with the status,
body and headers it was last told to, so that real clients and SDKs meet real payloads.

Bounded: a daemon thread per request, a five-second socket timeout, and nothing listens
beyond loopback. ``LoopbackOnly`` records every connection and name lookup the process makes
to anywhere else, from an audit hook (the SDKs' own telemetry or price-map fetches included).
"""

from __future__ import annotations

import ipaddress
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class StandIn:
    """An HTTP server on 127.0.0.1 that gives the answer set by :meth:`answer`."""

    def __init__(self) -> None:
        self.status = 402
        self.body = b""
        self.headers: dict[str, str] = {}
        self.paths: list[str] = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            timeout = 5

            def _answer(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                if length:
                    self.rfile.read(min(length, 1 << 20))
                stand_in.paths.append(self.path)
                self.send_response_only(stand_in.status)
                if not any(name.lower() == "date" for name in stand_in.headers):
                    self.send_header("Date", self.date_time_string())
                for name, value in stand_in.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(stand_in.body)))
                self.end_headers()
                self.wfile.write(stand_in.body)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _answer

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def answer(self, status: int, body: str, headers: Mapping[str, str]) -> None:
        self.status, self.body, self.headers = status, body.encode("utf-8"), dict(headers)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class LoopbackOnly:
    """Records every socket connection and name lookup to a place other than this machine,
    while :meth:`watching`. An audit hook cannot be removed, so one is installed per process
    and does nothing outside ``watching``."""

    _installed: LoopbackOnly | None = None

    def __init__(self) -> None:
        self.active = False
        self.elsewhere: list[str] = []

    @classmethod
    def instance(cls) -> LoopbackOnly:
        if cls._installed is None:
            cls._installed = cls()
            sys.addaudithook(cls._installed._hook)
        return cls._installed

    @contextmanager
    def watching(self) -> Iterator[list[str]]:
        self.elsewhere.clear()
        self.active = True
        try:
            yield self.elsewhere
        finally:
            self.active = False

    def _hook(self, event: str, args: tuple[Any, ...]) -> None:
        if not self.active:
            return
        if event == "socket.connect":
            address = args[1]
            if not isinstance(address, tuple):  # a Unix socket: a path on this machine
                return
            host = address[0]
        elif event == "socket.getaddrinfo":
            host = args[0]
        else:
            return
        if not _loopback(host):
            self.elsewhere.append(f"{event}: {host!r}")


def _loopback(host: Any) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str) or host == "localhost":
        return host == "localhost"
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False
