"""probe.check against real sockets on 127.0.0.1: every network failure is one line, never a traceback."""

from __future__ import annotations

import http.server
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sitegen import __version__, probe
from sitegen.probe import DEAD, FINE, Answer, Pacer, Settings

CERT = Path(__file__).resolve().parent.parent / "certs" / "self-signed.pem"  # CN and IP 127.0.0.1, until 2126
SETTINGS = Settings("sitegen-sources/test", timeout=0.3, delay=0.0)

Route = Callable[[http.server.BaseHTTPRequestHandler], tuple[int, dict[str, str]]]


def serve(routes: dict[str, Route], tls: bool = False) -> Iterator[str]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_HEAD(self) -> None:
            status, headers = routes.get(self.path, lambda h: (404, {}))(self)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_HEAD

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    if tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(CERT)
        httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield f"{'https' if tls else 'http'}://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def site() -> Iterator[str]:
    yield from serve(
        {
            "/ok": lambda h: (200, {}),
            "/loop": lambda h: (302, {"Location": "/loop"}),
            "/file": lambda h: (301, {"Location": "file:///etc/passwd"}),
            "/busy": lambda h: (503, {}),
        }
    )


@pytest.fixture
def tls_site() -> Iterator[str]:
    yield from serve({"/": lambda h: (200, {})}, tls=True)


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


def check(url: str, settings: Settings = SETTINGS) -> Answer:
    return probe.check(url, settings, Pacer(settings.delay), probe.opener())


def test_a_fine_address(site: str) -> None:
    assert check(f"{site}/ok") == Answer(FINE, "200 OK")


def test_a_redirect_loop_stops_after_the_limit(site: str) -> None:
    assert check(f"{site}/loop") == Answer(DEAD, f"more than 5 redirects, last to {site}/loop")


def test_a_redirect_off_the_web_is_not_followed(site: str) -> None:
    assert check(f"{site}/file") == Answer(DEAD, "redirects to file:///etc/passwd, which is not a web address")


def test_a_5xx_that_lasts_is_dead_but_not_remembered(site: str) -> None:
    assert check(f"{site}/busy") == Answer(DEAD, "503 Service Unavailable", lasting=False)


def test_another_host_is_a_move_but_www_is_the_same_site() -> None:
    assert probe.same_site("https://example.org/a", "http://www.example.org:8080/b")
    assert not probe.same_site("http://127.0.0.1:80/a", "http://localhost:80/a")


def test_connection_refused() -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    assert check(f"http://127.0.0.1:{port}/") == Answer(DEAD, "connection refused", lasting=False)


def test_host_not_found(monkeypatch: pytest.MonkeyPatch) -> None:
    """The resolver is replaced, so that no DNS query leaves the machine."""
    asked: list[str] = []

    def fail(host: str, *args: object, **kwargs: object) -> list[object]:
        asked.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", fail)
    assert check("https://no-such-host.invalid/page") == Answer(DEAD, "host not found", lasting=False)
    assert asked == ["no-such-host.invalid"] * 3, "tried three times"


def test_an_untrusted_certificate_is_one_line(tls_site: str) -> None:
    assert check(f"{tls_site}/") == Answer(DEAD, "TLS certificate not accepted: self-signed certificate", lasting=False)


def test_tls_to_a_server_that_speaks_plain_http(site: str) -> None:
    answer = check(site.replace("http://", "https://") + "/ok")
    assert answer.verdict == DEAD and answer.message.startswith("TLS error: ")
    assert "\n" not in answer.message


def test_an_answer_that_is_not_http() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def garble() -> None:
        for _ in range(3):
            connection, _ = listener.accept()
            connection.recv(1024)
            connection.sendall(b"SSH-2.0-OpenSSH_9.6\r\n")
            connection.close()

    threading.Thread(target=garble, daemon=True).start()
    try:
        answer = check(f"http://127.0.0.1:{listener.getsockname()[1]}/")
    finally:
        listener.close()
    assert answer == Answer(DEAD, "the server's answer is not HTTP", lasting=False)


def test_the_user_agent_names_the_site_in_ascii() -> None:
    assert probe.user_agent("Судебная реформа (KZ)", "https://owner.github.io/kz/") == (
        f"sitegen-sources/{__version__} (KZ; +https://owner.github.io/kz/)"
    )
    assert probe.user_agent("Reform", None) == f"sitegen-sources/{__version__} (Reform)"


def test_an_international_address_is_sent_in_ascii() -> None:
    assert probe.request_url("http://президент.рф/wiki/Жоғарғы_Сот?q=%20") == (
        "http://xn--d1abbgf6aiiy.xn--p1ai/wiki/%D0%96%D0%BE%D2%93%D0%B0%D1%80%D2%93%D1%8B_%D0%A1%D0%BE%D1%82?q=%20"
    )


def test_the_pacer_spaces_requests_to_one_host_only() -> None:
    pacer = Pacer(0.3)
    started = time.monotonic()
    for _ in range(3):
        pacer.wait("http://a.example/1")
    assert time.monotonic() - started >= 0.6
    started = time.monotonic()
    pacer.wait("http://b.example/1")
    assert time.monotonic() - started < 0.3
