"""`python build.py serve` in a subprocess, and raw HTTP requests to it, for the dev server's tests."""

from __future__ import annotations

import http.client
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import NamedTuple

from tests.conftest import PROJECT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`python build.py serve` on a site copy, with its output collected line by line."""

    def __init__(self, root: Path, port: int, *extra: str, base: str = "/reform/") -> None:
        self.root, self.port = root, port
        self.url = f"http://127.0.0.1:{port}{base}"
        self.out: list[str] = []
        self.err: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, str(PROJECT / "build.py"), "serve", "--root", str(root), "--port", str(port), *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=PROJECT,
        )
        for stream, lines in ((self.process.stdout, self.out), (self.process.stderr, self.err)):
            threading.Thread(target=lambda s=stream, ls=lines: ls.extend(iter(s.readline, "")), daemon=True).start()

    def wait_for(self, pattern: str, timeout: float = 120) -> str:
        """The first stdout line matching `pattern`, waiting for it."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            found = next((line for line in list(self.out) if re.search(pattern, line)), None)
            if found:
                return found
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"no line matching {pattern!r}; stdout: {self.out}, stderr: {self.err}")

    def stop(self) -> int:
        """Ctrl-C, as a writer would stop it."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=20)
        finally:
            self.process.kill()


class Response(NamedTuple):
    status: int
    location: str
    body: bytes
    content_type: str


def get(port: int, raw_path: str, headers: dict[str, str | None] | None = None) -> Response:
    """A request with the path exactly as given (no client tidies up `..` or `//`); a None header is left out."""
    given = headers or {}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", raw_path, skip_host="Host" in given, skip_accept_encoding=True)
        for name, value in given.items():
            if value is not None:
                connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        location, content_type = response.getheader("Location") or "", response.getheader("Content-Type") or ""
        return Response(response.status, location, response.read(), content_type)
    finally:
        connection.close()
