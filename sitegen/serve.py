"""The dev server: preview the site with live reload while writing it.

Built on livereload: its server injects the reload script into every HTML
page and holds the tabs' websockets. A watcher thread (watch.py) waits for
saves, has the DevSite (devsite.py) rebuild, and only once the files are
written tells the connected tabs to reload; a stylesheet alone is swapped in
place. A failed build never stops the server: HTML requests get a page listing
every problem as `check` prints it, which reloads once a save fixes them.
Nothing outside the preview folder is served.
"""

from __future__ import annotations

import asyncio
import errno
import html
import logging
import mimetypes
import signal
import socket
import sys
import threading
import time
import webbrowser
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote

from livereload import Server
from livereload.handlers import LiveReloadHandler
from tornado import web
from tornado.ioloop import IOLoop

from .csp import allow_inline_script
from .devsite import HASHED, DevSite, Rebuild, Status, inside
from .errors import Problem
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


class SiteHandler(web.RequestHandler):
    """The preview folder under the base path; nothing outside it, the problems page while broken."""

    def initialize(self, site: DevSite, script: bytes = b"") -> None:
        """`script`: livereload's inline loader, which each page's policy must allow in the preview."""
        self.site = site
        self.script = script

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
                return self.redirect(base)
            return self._missing(status)
        asked = path[len(base) :]
        rel = self.site.current_asset(asked)
        target = inside(out, rel)
        if target is not None and target.is_dir():
            if rel and not rel.endswith("/"):
                return self.redirect(self.request.path + "/")
            target = target / "index.html"
        if target is None or not target.is_file():
            return self._missing(status)
        if target.suffix == ".html" and (status.problems or not status.built):
            return self._notice(status)
        if rel == asked and HASHED.match(rel) and target.suffix != ".css":
            # its name changes with its bytes, so a reload need not ask again; not a stylesheet, which
            # is swapped in place under its old name until the pages that name the new one are ready
            self.set_header("Cache-Control", "max-age=31536000, immutable")
        self._send(200, target.read_bytes(), _content_type(target))

    def _missing(self, status: Status) -> None:
        if status.problems or not status.built:
            return self._notice(status)
        page = self.site.out / "404.html"
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
        if content_type == TYPES[".html"]:
            body = allow_inline_script(body, self.script)
        self.set_status(code)
        self.set_header("Content-Type", content_type)
        self.write(body)


def _content_type(path: Path) -> str:
    return TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


class LiveServer(Server):
    """livereload's server (script injection, websocket, livereload.js) with our own file handler."""

    def __init__(self, site: DevSite) -> None:
        super().__init__()
        self.site = site

    def get_web_handlers(self, script: bytes) -> list[tuple[str, type, dict[str, object]]]:
        return [(r"/.*", SiteHandler, {"site": self.site, "script": script})]


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
    server = LiveServer(site)
    try:
        server.application(port, host, live_css=True)
    except OSError as error:
        print(port_problem(error, host, port), file=sys.stderr, flush=True)
        return 1
    loop = IOLoop.current()
    site.notify = lambda path: reload_tabs(loop, path)
    shown_host = f"[{host}]" if ":" in host else host
    worker = threading.Thread(
        target=_watch_and_rebuild,
        args=(site, f"http://{shown_host}:{port}", open_browser),
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


def port_problem(error: OSError, host: str, port: int) -> str:
    """What to do when the server cannot listen, naming the port and --port."""
    if error.errno == errno.EADDRINUSE:
        free = _free_port(host, port)
        other = f", e.g. --port {free}" if free else " with --port"
        return f"Port {port} is already in use on {host}: stop the program using it, or choose another port{other}."
    if error.errno == errno.EACCES:
        return f"Port {port} needs special rights on this system: choose a port above 1023 with --port."
    return f"Cannot listen on {host} port {port}: {error.strerror or error}. Check --host and --port."


def _free_port(host: str, port: int) -> int | None:
    for candidate in range(port + 1, min(port + 50, 65536)):
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            try:
                probe.bind((host, candidate))
            except OSError:
                continue
            return candidate
    return None
