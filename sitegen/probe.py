"""Ask a web address whether it still answers: HEAD (GET when HEAD is refused), redirects followed
by hand so that a move to another site shows, retries with backoff, and one paced start per host.

Only the standard library: urllib honours the usual proxy variables, verifies TLS certificates and
needs no extra dependency for what is a handful of requests a week.
"""

from __future__ import annotations

import functools
import http.client
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import quote, urljoin, urlsplit

from . import __version__

FINE, DEAD, MOVED = "fine", "dead", "moved"
REDIRECTS = (301, 302, 303, 307, 308)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Settings:
    """How politely and patiently to ask; tests shorten the times."""

    user_agent: str
    timeout: float = 10.0  # seconds for each connection, and for each answer
    delay: float = 1.0  # seconds between two requests to one host; retries wait delay, then twice that
    retries: int = 2  # more attempts after a timeout, a refused connection, a 5xx or a 429
    redirects: int = 5
    per_host: int = 2  # requests to one host at a time
    workers: int = 8  # requests at a time in all


@dataclass(frozen=True, slots=True)
class Answer:
    """What an address answered, in a writer's words; `lasting` answers are worth remembering."""

    verdict: str  # FINE, DEAD or MOVED
    message: str  # "200 OK", "404 Not Found", "moved to another site: https://...", "host not found"
    lasting: bool = True  # False for a timeout, a refused connection or a 5xx: asked again next time


class ProbeError(Exception):
    """A request that got no HTTP answer; the message is one line for the writer."""

    def __init__(self, message: str, retry: bool = True) -> None:
        super().__init__(message)
        self.retry = retry


def user_agent(title: str, base_url: str | None) -> str:
    """`sitegen-sources/<version> (Site title; +https://site/)`: names who asks, as robots etiquette wants;
    ASCII only (HTTP headers are Latin-1) and without parentheses, which would end the comment."""
    name = " ".join("".join(c for c in title if " " <= c <= "~" and c not in "()").split())
    about = "; ".join(part for part in (name, f"+{base_url}" if base_url else "") if part)
    return f"sitegen-sources/{__version__}" + (f" ({about})" if about else "")


def request_url(url: str) -> str:
    """The ASCII form HTTP needs: an international host in punycode, other letters percent-encoded."""
    netloc = urlsplit(url).netloc
    if not netloc.isascii():
        userinfo, at, hostport = netloc.rpartition("@")
        host, colon, port = hostport.partition(":")
        url = url.replace(netloc, f"{userinfo}{at}{host.encode('idna').decode('ascii')}{colon}{port}", 1)
    return "".join(c if c.isascii() else quote(c) for c in url)


class Pacer:
    """Spaces the starts of requests to each host by `delay` seconds, across threads."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}

    def wait(self, url: str) -> None:
        host = host_key(url)
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + self.delay
        if start > now:
            time.sleep(start - now)


def host_key(url: str) -> str:
    """The host and port requests are paced by."""
    return urlsplit(url).netloc.rpartition("@")[2].lower()


def same_site(first: str, second: str) -> bool:
    """Whether two addresses are on one site: the same host name, `www.` or not, any scheme or port."""
    hosts = [(urlsplit(u).hostname or "").removeprefix("www.") for u in (first, second)]
    return hosts[0] == hosts[1]


class _KeepStatus(urllib.request.HTTPErrorProcessor):
    """Hands back every answer as it is: redirects are followed by `check`, errors are answers."""

    def http_response(self, request: urllib.request.Request, response: http.client.HTTPResponse):  # type: ignore[override]
        return response

    https_response = http_response


@functools.cache
def tls_context() -> ssl.SSLContext:
    """One verifying context for every request: loading the system's certificates costs ~20 ms each time."""
    return ssl.create_default_context()


def opener() -> urllib.request.OpenerDirector:
    """An opener that follows no redirect itself and raises no HTTPError; proxies from the environment."""
    return urllib.request.build_opener(_KeepStatus, urllib.request.HTTPSHandler(context=tls_context()))


def check(url: str, settings: Settings, pacer: Pacer, browser: urllib.request.OpenerDirector) -> Answer:
    """Follow `url` to its final answer, at most `settings.redirects` redirects away."""
    current = url
    for _ in range(settings.redirects + 1):
        try:
            status, reason, location = _ask(current, settings, pacer, browser)
        except ProbeError as error:
            return Answer(DEAD, str(error) + _at(url, current), lasting=False)
        if status in REDIRECTS and location:
            target = urljoin(current, location.strip())
            if urlsplit(target).scheme not in ("http", "https"):
                return Answer(DEAD, f"redirects to {target}, which is not a web address")
            current = target
            continue
        if 200 <= status < 300:
            if not same_site(url, current):
                return Answer(MOVED, f"moved to another site: {current}")
            return Answer(FINE, f"{status} {reason}")
        return Answer(DEAD, f"{status} {reason}".strip() + _at(url, current), lasting=status < 500 and status != 429)
    return Answer(DEAD, f"more than {settings.redirects} redirects, last to {current}")


def _at(url: str, current: str) -> str:
    return f" at {current}, where it redirects" if current != url else ""


def _ask(
    url: str, settings: Settings, pacer: Pacer, browser: urllib.request.OpenerDirector
) -> tuple[int, str, str | None]:
    """One address's status, reason and Location, asked again while it is a 5xx or a 429."""

    def once() -> tuple[int, str, str | None]:
        answer = _request("HEAD", url, settings, pacer, browser)
        if answer[0] == 501 or (400 <= answer[0] < 500 and answer[0] != 429):  # HEAD refused or mishandled
            return _request("GET", url, settings, pacer, browser)
        return answer

    return _retrying(once, settings, lambda answer: answer[0] >= 500 or answer[0] == 429)


def _retrying(once: Callable[[], T], settings: Settings, again: Callable[[T], bool]) -> T:
    """`once()`, tried again after `delay`, then twice that, while it fails in a way that may pass."""
    attempt = 0
    while True:
        try:
            result = once()
        except ProbeError as error:
            if not error.retry or attempt == settings.retries:
                raise
        else:
            if not again(result) or attempt == settings.retries:
                return result
        time.sleep(settings.delay * 2**attempt)
        attempt += 1


def _request(
    method: str, url: str, settings: Settings, pacer: Pacer, browser: urllib.request.OpenerDirector
) -> tuple[int, str, str | None]:
    """Status, reason and Location of one request; the body is never read."""
    pacer.wait(url)
    try:
        request = urllib.request.Request(
            request_url(url), method=method, headers={"User-Agent": settings.user_agent, "Accept": "*/*"}
        )
        with browser.open(request, timeout=settings.timeout) as response:
            return response.status, response.reason, response.headers.get("Location")
    except (OSError, http.client.HTTPException, ValueError) as error:
        raise _failure(error, settings) from None


def fetch(url: str, settings: Settings, pacer: Pacer, accept: str = "application/json", limit: int = 0) -> bytes:
    """The body of a 2xx answer (an API's JSON, a picture), redirects followed, retried like `check`; ProbeError
    otherwise, and for a body over `limit` bytes when one is given."""
    headers = {"User-Agent": settings.user_agent, "Accept": accept}

    def once() -> bytes:
        pacer.wait(url)
        try:
            request = urllib.request.Request(request_url(url), headers=headers)
            browser = urllib.request.build_opener(urllib.request.HTTPSHandler(context=tls_context()))
            with browser.open(request, timeout=settings.timeout) as response:
                body = response.read(limit + 1) if limit else response.read()
        except urllib.error.HTTPError as error:
            raise ProbeError(f"{error.code} {error.reason}", retry=error.code >= 500 or error.code == 429) from None
        except (OSError, http.client.HTTPException, ValueError) as error:
            raise _failure(error, settings) from None
        if limit and len(body) > limit:
            size = f"{limit >> 20} MB" if limit >= 1 << 20 else f"{limit} bytes"
            raise ProbeError(f"is over {size}", retry=False)
        return body

    return _retrying(once, settings, lambda body: False)


def _failure(error: BaseException, settings: Settings) -> ProbeError:
    """A network error as one line a writer understands."""
    if isinstance(error, urllib.error.URLError):  # urllib wraps what went wrong on connecting
        error = error.reason if isinstance(error.reason, BaseException) else OSError(str(error.reason))
    if isinstance(error, socket.gaierror):
        return ProbeError("host not found")
    if isinstance(error, ssl.SSLCertVerificationError):
        return ProbeError(f"TLS certificate not accepted: {error.verify_message}", retry=False)
    if isinstance(error, ssl.SSLError):
        return ProbeError(f"TLS error: {error.reason or error}", retry=False)
    if isinstance(error, TimeoutError):
        return ProbeError(f"no answer within {settings.timeout:g} s")
    if isinstance(error, ConnectionRefusedError):
        return ProbeError("connection refused")
    if isinstance(error, ConnectionError):  # reset, or http.client.RemoteDisconnected
        return ProbeError("the connection was closed without an answer")
    if isinstance(error, http.client.HTTPException):
        return ProbeError("the server's answer is not HTTP")
    if isinstance(error, ValueError):
        return ProbeError(f"cannot be requested: {error}", retry=False)
    return ProbeError(f"cannot connect: {getattr(error, 'strerror', None) or error}")
