"""A file saved half-written shows in the preview as a problem naming it, and the page comes back once fixed."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.conftest import entry, make_site
from tests.devserver import Server, free_port, get

pytestmark = pytest.mark.slow

FIRST = "content/entries/2020-03-01-first.md"


def wait_for_status(server: Server, status: int, timeout: float = 30) -> bytes:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        response = get(server.port, "/reform/entries/first/")
        if response.status == status:
            return response.body
        time.sleep(0.1)
    raise AssertionError(f"the entry page never answered {status}; stderr: {server.err}")


@pytest.mark.parametrize(
    ("half_written", "problem"),
    [
        ("---\n", f"{FIRST}:1: front matter has no closing &#x27;---&#x27;"),
        ("---\ntitle: First\ndate: 2020-03-01\n", f"{FIRST}:1: front matter has no closing &#x27;---&#x27;"),
        ("---\na: &a [x]\nb: *a\n---\n", f"{FIRST}:3: YAML aliases (*a) are not allowed in front matter"),
    ],
)
def test_a_half_written_save_is_named_in_the_preview_and_the_page_recovers(
    tmp_path: Path, half_written: str, problem: str
) -> None:
    root = make_site(tmp_path, {FIRST: entry("First event", "2020-03-01")})
    server = Server(root, free_port(), "--base-url", "https://example.org/reform/")
    try:
        server.wait_for(r"^Serving http://")
        assert b"First event" in wait_for_status(server, 200)

        (root / FIRST).write_text(half_written, encoding="utf-8")
        body = wait_for_status(server, 500).decode()
        assert problem in body, body
        assert "internal error" not in body.lower()

        (root / FIRST).write_text(entry("First event, finished", "2020-03-01"), encoding="utf-8")
        assert b"First event, finished" in wait_for_status(server, 200)
    finally:
        assert server.stop() == 0
    assert not any("Traceback" in line for line in server.err), "".join(server.err)
