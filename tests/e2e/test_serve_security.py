"""The dev server trusts no other page: real HTTP and websocket clients against `build.py serve`.

A page on another site can make the reader's browser send any request to the
preview; it must not be able to redirect the reader elsewhere through it, read it
under a name of its own (DNS rebinding), listen to or trigger its live reload.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import threading
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import WebSocketClientConnection, websocket_connect

from tests.conftest import entry, make_site
from tests.devserver import Server, free_port, get

pytestmark = pytest.mark.slow

FILES = {
    "content/entries/2020-03-01-first.md": entry("First event", "2020-03-01"),
    "content/entries/2021-05-02-second.md": entry("Second event", "2021-05-02"),
}
REFUSED_HOST = (
    "Forbidden: the preview answers only to localhost, an IP address or its --host name, "
    "with port {port}: open http://127.0.0.1:{port}/\n"
)
REFUSED_ORIGIN = "Forbidden: only the preview's own pages may connect to its live reload.\n"


def start(root: Path, base: str) -> Server:
    """The server on `root` under `base`, with a folder named like another host in its preview."""
    server = Server(root, free_port(), "--base-url", f"https://example.org{base}", base=base)
    server.wait_for(r"^Serving http://")
    planted = root / ".cache" / "serve" / "evil.example"
    planted.mkdir()
    (planted / "index.html").write_text("<!DOCTYPE html><title>planted</title>")
    return server


@pytest.fixture(scope="module", params=["/", "/kz-reform/"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start(make_site(tmp_path_factory.mktemp("serve"), FILES), request.param)
    yield running
    assert running.stop() == 0, running.err
    assert not any("Traceback" in line for line in running.err), "".join(running.err)


def run_apart(check: Callable[[], Awaitable[None]]) -> None:
    """Run `check` in an event loop of its own thread: a browser test earlier in the run may hold this one's."""
    failure: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(check())  # type: ignore[arg-type]
        except BaseException as error:
            failure.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


def base_of(server: Server) -> str:
    return urlsplit(server.url).path


# Paths that a browser, or a server joining them carelessly, could read as another host's address.
TRICKS = [
    "//entries",
    "//evil.example",
    "//evil.example/",
    "///evil.example",
    "/\\evil.example",
    "/\\\\evil.example/",
    "/%2F%2Fevil.example",
    "/%2F/evil.example",
    "/%5Cevil.example",
    "/%5C%5Cevil.example",
    "/%2F%5Cevil.example",
    "/%09/evil.example",
]


def test_no_request_redirects_off_the_server(server: Server) -> None:
    base = base_of(server)
    origin = f"http://127.0.0.1:{server.port}"
    for trick in TRICKS:
        for path in {trick, base.rstrip("/") + trick}:
            status, location, _, _ = get(server.port, path)
            if status in (301, 302, 307, 308):
                assert location.startswith("/") and not location.startswith("//"), (path, location)
                assert (
                    "\\" not in location
                    and urlsplit(urljoin(origin + path, location)).netloc == urlsplit(origin).netloc
                ), (path, location)
            else:
                assert status in (200, 404), (path, status)


def test_folders_redirect_to_their_single_slash_path(server: Server) -> None:
    base = base_of(server)
    expected = {
        "/": (302, base) if base != "/" else (200, ""),
        base.rstrip("/"): (302, base) if base != "/" else (200, ""),
        f"{base}entries": (302, f"{base}entries/"),
        f"{base}/entries": (302, f"{base}entries/"),
        f"{base}/evil.example": (302, f"{base}evil.example/"),
        f"{base}%2F%2Fevil.example": (302, f"{base}evil.example/"),
        f"{base}\\evil.example": (404, ""),
    }
    assert {path: get(server.port, path)[:2] for path in expected} == expected


@pytest.mark.parametrize(
    "host",
    [
        "evil.example:{port}",
        "evil.example",
        "localhost.evil.example:{port}",
        "127.0.0.1.evil.example:{port}",
        "localhost:{other}",
        "127.0.0.1:{other}",
        "127.0.0.1",
        "[::1]",
        "::1:{port}",
        "",
    ],
)
def test_a_request_under_another_name_or_port_is_refused(server: Server, host: str) -> None:
    """A DNS-rebinding page sends its own name as Host: it gets one line, not the preview."""
    header = host.format(port=server.port, other=server.port + 1)
    for path in (base_of(server), "/livereload.js", "/favicon.ico"):
        response = get(server.port, path, {"Host": header})
        assert response.status == 403, (header, path)
        assert response.content_type == "text/plain; charset=utf-8"
        assert response.body.decode() == REFUSED_HOST.format(port=server.port), (header, path)


def test_a_request_without_host_is_refused_before_it_reaches_the_preview(server: Server) -> None:
    assert get(server.port, base_of(server), {"Host": None}) == (400, "", b"", "")  # by tornado: HTTP/1.1 needs one


@pytest.mark.parametrize("host", ["localhost:{port}", "LOCALHOST:{port}", "127.0.0.1:{port}", "[::1]:{port}"])
def test_the_preview_answers_to_its_own_addresses(server: Server, host: str) -> None:
    base = base_of(server)
    response = get(server.port, base, {"Host": host.format(port=server.port)})
    assert response.status == 200 and b"First event" in response.body
    assert b'<script src="/livereload.js?port=' in response.body, "the live-reload script, loaded from the server"


async def open_socket(port: int, origin: str | None, host: str | None = None) -> WebSocketClientConnection:
    headers = {name: value for name, value in (("Origin", origin), ("Host", host)) if value is not None}
    request = HTTPRequest(f"ws://127.0.0.1:{port}/livereload", headers=headers, request_timeout=10)
    return await websocket_connect(request)


async def refusal(port: int, origin: str | None, host: str | None = None) -> tuple[int, str]:
    """The status and body the handshake was refused with."""
    with pytest.raises(HTTPClientError) as refused:
        connection = await open_socket(port, origin, host)
        connection.close()
    assert refused.value.response is not None
    return refused.value.code, (refused.value.response.body or b"").decode()


async def listen(port: int, origin: str) -> WebSocketClientConnection:
    """A socket that did livereload's handshake as livereload.js does, and so gets reload messages."""
    connection = await open_socket(port, origin)
    await connection.write_message(json.dumps({"command": "hello", "protocols": []}))
    greeting = json.loads(await asyncio.wait_for(connection.read_message(), 10))  # type: ignore[arg-type]
    assert greeting["command"] == "hello"
    await connection.write_message(json.dumps({"command": "info", "url": f"{origin}/", "plugins": {}}))
    return connection


async def next_message(connection: WebSocketClientConnection, timeout: float) -> dict[str, object] | None:
    try:
        message = await asyncio.wait_for(connection.read_message(), timeout)
    except TimeoutError:
        return None
    return json.loads(message)  # type: ignore[arg-type]


def test_the_live_reload_socket_takes_only_the_previews_own_pages(server: Server) -> None:
    port = server.port

    async def check() -> None:
        for origin in (
            "http://evil.example",
            f"http://evil.example:{port}",
            f"http://localhost:{port + 1}",
            f"https://127.0.0.1:{port}",
            "null",
            None,
        ):
            assert await refusal(port, origin) == (403, REFUSED_ORIGIN), origin
        own = f"http://127.0.0.1:{port}"
        assert await refusal(port, own, f"evil.example:{port}") == (403, REFUSED_HOST.format(port=port))
        for origin in (own, f"http://localhost:{port}", f"http://[::1]:{port}"):
            (await listen(port, origin)).close()

    run_apart(check)


def test_a_save_reaches_a_connected_page_and_no_other_site_can_reload_it(server: Server) -> None:
    port = server.port

    async def check() -> None:
        connection = await listen(port, f"http://localhost:{port}")
        for headers in ({}, {"Origin": "http://evil.example", "Referer": "http://evil.example/"}):
            response = get(port, "/forcereload?path=*", headers)
            assert response.status == 404 and response.body != b"ok"
        assert await next_message(connection, 1.5) is None, "a reload without a save"

        path = server.root / "content/entries/2021-05-02-second.md"
        path.write_text(path.read_text(encoding="utf-8").replace("Second event", "Second, retitled"))
        message = await next_message(connection, 20)
        assert message is not None and message["command"] == "reload" and message["path"] == "*"
        connection.close()

    run_apart(check)


def test_two_symlink_loops_in_the_entries_are_named_not_hung_on(tmp_path: Path) -> None:
    root = make_site(tmp_path, FILES)
    entries = root / "content" / "entries"
    (entries / "sub").mkdir()
    os.symlink(".", entries / "loop")
    os.symlink("..", entries / "sub" / "up")
    running = Server(root, free_port(), "--base-url", "https://example.org/")
    try:
        running.wait_for(r"^Serving http://", timeout=30)
        response = get(running.port, "/")  # the loops are the writer's to remove: named, not hung on
        assert response.status == 500
        assert b"content/entries/loop" in response.body and b"content/entries/sub/up" in response.body
        status = Path(f"/proc/{running.process.pid}/status").read_text()
        peak_kb = int(re.search(r"VmHWM:\s+(\d+) kB", status)[1])  # type: ignore[index]
        assert peak_kb < 400_000, f"the server peaked at {peak_kb // 1024} MB"

        (entries / "loop").unlink()
        (entries / "sub" / "up").unlink()
        (entries / "2020-03-01-first.md").write_text(entry("First, retitled", "2020-03-01"))
        running.wait_for(r"content/entries/2020-03-01-first\.md changed: ", timeout=30)
        response = get(running.port, "/")
        assert response.status == 200 and b"First, retitled" in response.body
    finally:
        assert running.stop() == 0
    assert not any("Traceback" in line for line in running.err), "".join(running.err)
