"""The dev server's Gate: which Host and Origin headers name the preview itself."""

from __future__ import annotations

import pytest

from sitegen.serve import Gate


@pytest.mark.parametrize(
    ("bound", "host", "answered"),
    [
        (("127.0.0.1", 8000), "127.0.0.1:8000", True),
        (("127.0.0.1", 8000), "localhost:8000", True),
        (("127.0.0.1", 8000), "[::1]:8000", True),
        (("0.0.0.0", 8000), "192.168.1.20:8000", True),  # a phone on the same network
        (("0.0.0.0", 8000), "[fe80::1]:8000", True),
        (("laptop.local", 8000), "Laptop.Local:8000", True),  # the --host name, in any case
        (("::1", 8000), "[::1]:8000", True),
        (("127.0.0.1", 80), "localhost", True),  # a browser leaves out port 80
        (("127.0.0.1", 8000), "localhost", False),
        (("127.0.0.1", 8000), "127.0.0.1:8001", False),
        (("127.0.0.1", 8000), "evil.example:8000", False),
        (("127.0.0.1", 8000), "localhost.evil.example:8000", False),
        (("127.0.0.1", 8000), "laptop.local:8000", False),
        (("127.0.0.1", 8000), "::1:8000", False),  # an IPv6 address without brackets is no Host
        (("127.0.0.1", 8000), "127.1:8000", False),
        (("127.0.0.1", 8000), ":8000", False),
        (("127.0.0.1", 8000), "", False),
        (("127.0.0.1", 8000), None, False),
    ],
)
def test_host(bound: tuple[str, int], host: str | None, answered: bool) -> None:
    assert Gate(*bound).host_ok(host) is answered


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        ("http://127.0.0.1:8000", True),
        ("http://localhost:8000", True),
        ("HTTP://LOCALHOST:8000", True),
        ("https://127.0.0.1:8000", False),  # the preview is plain HTTP: not a page of its own
        ("http://127.0.0.1:8000/path", False),
        ("http://evil.example", False),
        ("http://localhost:3000", False),
        ("null", False),
        ("", False),
        (None, False),
    ],
)
def test_origin(origin: str | None, allowed: bool) -> None:
    assert Gate("127.0.0.1", 8000).origin_ok(origin) is allowed


def test_the_refusal_names_the_address_to_open() -> None:
    assert Gate("::1", 8000).origin == "http://[::1]:8000"
    assert Gate("0.0.0.0", 8080).origin == "http://0.0.0.0:8080"
