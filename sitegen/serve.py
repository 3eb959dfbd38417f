"""The dev server: preview the site with live reload while writing it.

Built on livereload: its server injects the reload script into every HTML
page and holds the tabs' websockets. A watcher thread (watch.py) waits for
saves, has the DevSite (devsite.py) rebuild, and only once the files are
written tells the connected tabs to reload; a stylesheet alone is swapped in
place. A failed build never stops the server: HTML requests get a page listing
every problem as `check` prints it, which reloads once a save fixes them.
Nothing outside the preview folder is served, and only to the preview's own
address and pages (see Gate).
"""

from __future__ import annotations

import asyncio
import errno
import html
import ipaddress
import logging
import mimetypes
import os
import signal
import socket
import sys
import threading
import time
import webbrowser
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote, unquote

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from livereload.server import LiveScriptInjector
from livereload.watcher import Watcher as LivereloadWatcher
from tornado import web
from tornado.httputil import split_host_and_port
from tornado.ioloop import IOLoop

from .devsite import HASHED, DevSite, Rebuild, Status, inside
from .errors import Problem
from .urls import INDEX, SHARED_ROUTES
from .watch import Watcher

TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
}


def notice_page(title: str, message: str, problems: Sequence[Problem] = ()) -> bytes:
    """A page of its own for the build's problems or progress; livereload's script is added when served."""
    items = "".join(f"<li><code>{html.escape(str(p))}</code></li>\n" for p in problems)
    listing = f'<ol class="problems">\n{items}</ol>\n' if problems else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>
body {{ font: 1rem/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1a1a1a; }}
h1 {{ font-size: 1.5rem; color: #a4001f; }}
.problems li {{ margin: 0.5rem 0; }}
code {{ white-space: pre-wrap; word-break: break-word; }}
</style>
</head>
<body>
<main>
<h1>{html.escape(title)}</h1>
<p>{html.escape(message)}</p>
{listing}</main>
</body>
</html>
""".encode()


class Gate:
    """Who may use the preview: requests naming it by an address of its own, websockets from its own pages.

    A page elsewhere can point a name of its own at 127.0.0.1 (DNS rebinding) and
    read the preview, drafts included, as if it were its own; the browser still
    sends that name as the Host. So the preview answers only to `localhost`, an IP
    address (which cannot be rebound: a browser asking one connects to it; a phone
    reaches `--host 0.0.0.0` by one) or the --host name, with its port.
    """

    def __init__(self, host: str, port: int) -> None:
        shown = f"[{host}]" if ":" in host else host
        self.port = port
        self.names = {"localhost", shown.lower()}
        self.origin = f"http://{shown}:{port}"

    def host_ok(self, host: str | None) -> bool:
        """A Host header (`name:port`) naming the preview."""
        if not host:
            return False
        name, port = split_host_and_port(host.lower())
        return (80 if port is None else port) == self.port and (name in self.names or _ip_address(name))

    def origin_ok(self, origin: str | None) -> bool:
        """An Origin header of a page the preview served."""
        scheme, _, host = (origin or "").partition("://")
        return scheme.lower() == "http" and "/" not in host and self.host_ok(host)


def _ip_address(name: str) -> bool:
    """`127.0.0.1`, `[::1]`: an IPv6 address only in brackets, as in a Host header."""
    inner = name[1:-1] if name.startswith("[") and name.endswith("]") else name
    try:
        address = ipaddress.ip_address(inner)
    except ValueError:
        return False
    return address.version == 4 or inner != name


class Guarded(web.RequestHandler):
    """Refuses, with a 403 and one line, any request the Gate does not let through."""

    def prepare(self) -> None:
        refusal = self.refusal()
        if refusal:
            self.set_status(403)
            self.set_header("Content-Type", TYPES[".txt"])
            self.finish(f"{refusal}\n")

    def refusal(self) -> str | None:
        gate: Gate = self.settings["gate"]
        if gate.host_ok(self.request.headers.get("Host")):
            return None
        return (
            f"Forbidden: the preview answers only to localhost, an IP address or its --host name, "
            f"with port {gate.port}: open {gate.origin}/"
        )


class ReloadSocket(Guarded, LiveReloadHandler):
    """livereload's websocket, for the preview's own pages: any other could otherwise learn of every save.

    livereload accepts every Origin, and tornado one that is missing; both are refused here.
    """

    def refusal(self) -> str | None:
        wrong_host = super().refusal()
        if wrong_host or self.check_origin(self.request.headers.get("Origin")):
            return wrong_host
        return "Forbidden: only the preview's own pages may connect to its live reload."

    def check_origin(self, origin: str | None) -> bool:
        gate: Gate = self.settings["gate"]
        return gate.origin_ok(origin)


class ReloadScript(Guarded, LiveReloadJSHandler):
    """livereload.js, which the injected tag loads."""


class SiteHandler(Guarded):
    """The preview folder under the base path; nothing outside it, the problems page while broken."""

    def initialize(self, site: DevSite) -> None:
        self.site = site

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")

    def compute_etag(self) -> None:
        return None

    def head(self) -> None:
        self.get()

    def get(self) -> None:
        status = self.site.status
        out = self.site.out
        path = unquote(self.request.path)
        base = status.base_path
        if path == "/favicon.ico" and base != "/":
            return self._favicon()
        if not path.startswith(base):
            if path in ("/", base.rstrip("/")):
                return self._redirect(base)
            return self._missing(status)
        asked = path[len(base) :]
        rel = self.site.current_asset(asked)
        target = inside(out, rel)
        if target is not None and target.is_dir():
            if rel and not rel.endswith("/"):
                return self._redirect(f"{base}{rel}/")
            target = target / INDEX
        if target is None or not target.is_file():
            return self._missing(status)
        if target.suffix == ".html" and (status.problems or not status.built):
            return self._notice(status)
        if rel == asked and HASHED.match(rel) and target.suffix != ".css":
            # its name changes with its bytes, so a reload need not ask again; not a stylesheet, which
            # is swapped in place under its old name until the pages that name the new one are ready
            self.set_header("Cache-Control", "max-age=31536000, immutable")
        self._send(200, target.read_bytes(), _content_type(target))

    def _redirect(self, folder: str) -> None:
        """To `folder` on this server: `//host/` or `/\\host/` would be another server's address."""
        parts = [part for part in folder.replace("\\", "/").split("/") if part]
        self.redirect("/" + "".join(f"{quote(part)}/" for part in parts))

    def _missing(self, status: Status) -> None:
        if status.problems or not status.built:
            return self._notice(status)
        page = self.site.out / SHARED_ROUTES["not_found"]
        if page.is_file():
            return self._send(404, page.read_bytes(), TYPES[".html"])
        self._send(404, b"Not found\n", TYPES[".txt"])

    def _notice(self, status: Status) -> None:
        if status.problems:
            count = sum(not p.warning for p in status.problems) or len(status.problems)
            title = f"The site has {count} problem{'s' * (count != 1)}"
            body = notice_page(title, "Fix them and save: this page reloads by itself.", status.problems)
            return self._send(500, body, TYPES[".html"])
        self._send(503, notice_page("Building the site…", "This page reloads when the build is done."), TYPES[".html"])

    def _favicon(self) -> None:
        icon = self.site.out / "assets" / "favicon.svg"
        if icon.is_file():
            return self._send(200, icon.read_bytes(), TYPES[".svg"])
        self.set_status(204)

    def _send(self, code: int, body: bytes, content_type: str) -> None:
        self.set_status(code)
        self.set_header("Content-Type", content_type)
        self.write(body)


def _content_type(path: Path) -> str:
    return TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def application(site: DevSite, gate: Gate) -> web.Application:
    """livereload's websocket, script and script injection, with our own file handler behind the Gate.

    Not livereload's own application: its /forcereload lets any page reload every tab, and its
    inline script tag would be refused by a page's Content-Security-Policy; ours loads the script.
    """
    LiveReloadHandler.watcher = LivereloadWatcher()  # unused, but its reload_waiters logs its filepath
    LiveReloadHandler.live_css = True

    class Injector(LiveScriptInjector):
        script = f'<script src="/livereload.js?port={gate.port}" async></script>'.encode()

    handlers = [
        (r"/livereload", ReloadSocket),
        (r"/livereload\.js", ReloadScript),
        (r"/.*", SiteHandler, {"site": site}),
    ]
    return web.Application(handlers, transforms=[Injector], gate=gate)


def reload_tabs(loop: IOLoop, path: str) -> None:
    """Tell every connected tab to reload `path` (a stylesheet is swapped in place); thread-safe."""
    loop.add_callback(LiveReloadHandler.reload_waiters, path)


def serve(
    root: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    base_url: str | None = None,
    drafts: bool = True,
    open_browser: bool = False,
) -> int:
    """Run until Ctrl-C; 1 when the port cannot be used."""
    for name in ("livereload", "tornado.access"):  # their log lines are not for writers; ours say it all
        logging.getLogger(name).addHandler(logging.NullHandler())
        logging.getLogger(name).propagate = False
    site = DevSite(root, base_url=base_url, drafts=drafts, freeze_memory=True)

    def interrupted(signum: int, frame: object) -> None:
        site.stopping.set()  # first, so that the threads stay quiet while the process ends
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, interrupted)
    try:
        return asyncio.run(_run(site, host, port, open_browser))
    except KeyboardInterrupt:
        print("Stopped.", flush=True)
        return 0
    finally:
        site.stopping.set()
        signal.signal(signal.SIGINT, previous)


async def _run(site: DevSite, host: str, port: int, open_browser: bool) -> int:
    gate = Gate(host, port)
    try:
        application(site, gate).listen(port, address=host)
    except OSError as error:
        print(port_problem(error, host, port), file=sys.stderr, flush=True)
        return 1
    loop = IOLoop.current()
    site.on_reload(lambda path: reload_tabs(loop, path))
    worker = threading.Thread(
        target=_watch_and_rebuild,
        args=(site, gate.origin, open_browser),
        name="rebuild",
        daemon=True,
    )
    worker.start()
    await asyncio.Event().wait()  # until Ctrl-C cancels it
    return 0


def _watch_and_rebuild(site: DevSite, origin: str, open_browser: bool) -> None:
    watcher = Watcher(site.watched())
    print(f"Building {site.root} into {site.out} …", flush=True)
    _report(site.rebuild(), site.stopping)
    url = f"{origin}{site.status.base_path}"
    print(f"Serving {url} (drafts {'shown' if site.builder.options.drafts else 'hidden'}; Ctrl-C stops)", flush=True)
    site.notify("*")  # tabs opened while the first build ran
    if open_browser:
        webbrowser.open(url)
    while not site.stopping.is_set():
        changed = watcher.changes(timeout=0.5)
        if changed and not site.stopping.is_set():
            outcome = site.rebuild(changed)
            if _report(outcome, site.stopping) and outcome.reload:
                site.notify(outcome.reload)
    watcher.close()


def _report(outcome: Rebuild, stop: threading.Event) -> bool:
    """Print the rebuild's line (and problems); False once the server is stopping."""
    if stop.is_set():
        return False
    for problem in outcome.problems:
        print(problem, file=sys.stderr, flush=True)
    print(f"{time.strftime('%H:%M:%S')} {outcome.line}", flush=True)
    return True


MAKE_SERVE = "SITEGEN_MAKE_SERVE"  # set by `make serve`, whose port and host are make's PORT and HOST


def port_problem(error: OSError, host: str, port: int) -> str:
    """What to do when the server cannot listen, in the words of the command that started it."""
    choose, check = (
        ("make serve PORT=", "HOST and PORT") if os.environ.get(MAKE_SERVE) else ("--port ", "--host and --port")
    )
    if error.errno == errno.EADDRINUSE:
        free = _free_port(host, port)
        other = f", e.g. {choose}{free}" if free else f" ({choose}<number>)"
        return f"Port {port} is already in use on {host}: stop the program using it, or choose another port{other}."
    if error.errno == errno.EACCES:
        return f"Port {port} needs special rights on this system: choose a port above 1023, e.g. {choose}8000."
    return f"Cannot listen on {host} port {port}: {error.strerror or error}. Check {check}."


def _free_port(host: str, port: int) -> int | None:
    for candidate in range(port + 1, min(port + 50, 65536)):
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            try:
                probe.bind((host, candidate))
            except OSError:
                continue
            return candidate
    return None
