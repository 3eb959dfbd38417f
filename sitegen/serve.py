"""The dev server: preview the site with live reload while writing it.

The site is built into `<root>/.cache/serve`, not `output/`: the preview shows
drafts, and `output/` is what gets published. A watcher thread (watch.py)
waits for saves, rebuilds through the same SiteBuilder as `build` (only what
changed is re-rendered and rewritten), and only once the files are written
tells livereload's connected tabs to reload; a stylesheet alone is swapped in
place. A failed build never stops the server: HTML requests get a page listing
every problem as `check` prints it, which reloads once a save fixes them. What
no open page loads (feeds, JSON files, the search index) follows moments later
from a thread of its own, so that a big site's save still shows at once.
"""

from __future__ import annotations

import asyncio
import errno
import html
import logging
import mimetypes
import re
import signal
import socket
import sys
import threading
import time
import traceback
import webbrowser
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from livereload import Server
from livereload.handlers import LiveReloadHandler
from tornado import web
from tornado.ioloop import IOLoop

from .config import CONFIG_FILE, load_config
from .errors import Problem, SiteError
from .pipeline import PROJECT_DIR, BuildOptions, BuildResult, SiteBuilder, asset_dirs, template_dirs
from .search import index_site
from .watch import Watcher

SERVE_DIR = Path(".cache") / "serve"
HASHED = re.compile(r"^(assets/.+)\.[0-9a-f]{10}(\.[A-Za-z0-9]+)$")  # write.hashed_name's pattern
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
}


@dataclass(frozen=True, slots=True)
class Status:
    """What the server shows: the site under `base_path`, or the problems of the last build."""

    base_path: str
    problems: tuple[Problem, ...] = ()
    built: bool = False  # False until the first build has finished


@dataclass(frozen=True, slots=True)
class Rebuild:
    """One rebuild's terminal line, its problems, and what open tabs should reload (None: nothing)."""

    line: str
    reload: str | None
    problems: tuple[Problem, ...] = ()
    rendered: int = 0  # pages rendered afresh
    written: int = 0  # files written or removed


class DevSite:
    """The previewed site: rebuilds on demand, writes the preview folder, keeps the status.

    A rebuild writes what a browser tab loads (pages, assets) and returns, so the
    tabs reload at once; the feeds, JSON files and search index follow from
    `later`, a thread of its own, moments after.
    """

    def __init__(self, root: Path, *, base_url: str | None = None, drafts: bool = True) -> None:
        self.root = root
        self.out = root / SERVE_DIR
        self.builder = SiteBuilder(BuildOptions(root=root, out=self.out, base_url=base_url, drafts=drafts))
        self.status = Status(_first_base_path(root, base_url))
        self.assets = [folder.resolve() for folder in asset_dirs(root)]
        self.extras: dict[str, bytes] = {}  # feeds and JSON files last made, kept until new ones are
        self.bundle: dict[str, bytes] = {}  # the search index last made, likewise
        self.lock = threading.Lock()  # one user of the builder and the folder at a time
        self.generation = 0  # successful rebuilds so far: later work for an older one is dropped
        self.warnings: tuple[Problem, ...] = ()  # printed once, not on every rebuild
        self.stopping = threading.Event()
        self.notify: Callable[[str], None] = lambda path: None  # reload open tabs; set by `serve`
        self.later = Later(self)

    def watched(self) -> list[Path]:
        """content/, site.toml, and the site's and the built-in templates and assets."""
        return [self.root / "content", self.root / CONFIG_FILE, *template_dirs(self.root), *asset_dirs(self.root)]

    def rebuild(self, changed: Sequence[Path] = ()) -> Rebuild:
        """Build what `changed` affects, write it, and say what the browser should reload."""
        start = time.perf_counter()
        what = self._describe(changed)
        was_broken = bool(self.status.problems) or not self.status.built
        try:
            with self.lock:
                result = self.builder.build(write=False, feeds=False, search=False)
                stats = self.builder.write({**self.bundle, **self.extras, **result.files})
                self.generation += 1
                generation, rendered = self.generation, self.builder.memo.fresh["render_job"]
        except SiteError as error:
            return self.failed(what, error.problems, start)
        except OSError as error:  # a full disk, a folder without rights
            where = _shown(Path(error.filename), self.root) if error.filename else _shown(self.out, self.root)
            return self.failed(what, (Problem(where, None, None, error.strerror or str(error)),), start)
        except Exception as error:  # a bug in the generator: the server stays up, the traceback helps report it
            traceback.print_exc()
            problem = Problem("sitegen", None, None, f"internal error: {error!r}", "the traceback is in the terminal")
            return self.failed(what, (problem,), start)
        assert result.config is not None
        self.status = Status(result.config.base_path, (), True)
        self.later.request(generation, result)
        written = stats.written + stats.deleted
        line = (
            f"{what}: {rendered} of {result.pages} pages rendered, {stats.written} files written, "
            f"{stats.deleted} removed ({_elapsed(start)})"
        )
        if not written and not was_broken:
            reload = None
        elif changed and not was_broken and all(self._stylesheet(path) for path in changed):
            reload = f"{self.status.base_path}assets/{changed[0].name}"
        else:
            reload = "*"
        news = result.warnings if result.warnings != self.warnings else ()
        self.warnings = result.warnings
        return Rebuild(line, reload, news, rendered, written)

    def failed(self, what: str, problems: Sequence[Problem], start: float) -> Rebuild:
        """Show `problems` instead of the site until a rebuild succeeds."""
        problems = sorted(problems, key=lambda p: p.warning)  # errors first, each group in its order
        self.status = Status(self.status.base_path, tuple(problems), self.status.built)
        count = sum(not p.warning for p in problems) or len(problems)
        line = f"{what}: {count} problem{'s' * (count != 1)}, shown in the browser ({_elapsed(start)})"
        return Rebuild(line, "*", tuple(problems))

    def _stylesheet(self, path: Path) -> bool:
        resolved = path.resolve()
        return resolved.suffix == ".css" and any(resolved.is_relative_to(folder) for folder in self.assets)

    def _describe(self, changed: Sequence[Path]) -> str:
        if not changed:
            return "first build"
        if len(changed) > 1:
            return f"{_shown(changed[0], self.root)} and {len(changed) - 1} more changed"
        return f"{_shown(changed[0], self.root)} {'changed' if changed[0].exists() else 'removed'}"


class Later:
    """After each rebuild, on its own thread: the feeds and JSON files, then the search index.

    No open page loads them, so they need not hold up its reload. Work for a
    rebuild that a newer one has replaced is dropped.
    """

    def __init__(self, site: DevSite) -> None:
        self.site = site
        self.pending: tuple[int, BuildResult] | None = None
        self.busy = False
        self.indexed: dict[str, bytes] = {}  # the pages the current search index was made from
        self.changed = threading.Condition()
        threading.Thread(target=self._run, name="feeds and search index", daemon=True).start()

    def request(self, generation: int, result: BuildResult) -> None:
        with self.changed:
            self.pending = (generation, result)
            self.changed.notify_all()

    def wait(self, timeout: float) -> bool:
        """Until the preview holds everything a full build would (tests compare the two)."""
        with self.changed:
            return self.changed.wait_for(lambda: self.pending is None and not self.busy, timeout)

    def _run(self) -> None:
        while True:
            with self.changed:
                self.changed.wait_for(lambda: self.pending is not None)
                assert self.pending is not None
                (generation, result), self.pending = self.pending, None
                self.busy = True
            try:
                files = self._feeds(generation, result)
                if files is not None:
                    self._search(generation, files)
            except Exception:  # a bug: the pages are served all the same
                if not self.site.stopping.is_set():
                    traceback.print_exc()
            finally:
                with self.changed:
                    self.busy = False
                    self.changed.notify_all()

    def _feeds(self, generation: int, result: BuildResult) -> dict[str, bytes] | None:
        """Every file but the search index, written; None when a newer rebuild replaced this one."""
        site = self.site
        assert result.config is not None and result.content is not None
        with site.lock:
            if generation != site.generation:
                return None
            try:  # the pages come from the memo: only the feeds and JSON files are made now
                files, _ = site.builder.render(result.config, result.content, search=False)
            except SiteError as error:  # e.g. a page whose path a feed needs
                outcome = site.failed("feeds", error.problems, time.perf_counter())
                if not site.stopping.is_set():
                    for problem in outcome.problems:
                        print(problem, file=sys.stderr, flush=True)
                    site.notify("*")
                return None
            site.builder.write({**site.bundle, **files})
            site.extras = {path: data for path, data in files.items() if path not in result.files}
        return files

    def _search(self, generation: int, files: dict[str, bytes]) -> None:
        pages = {path: data for path, data in files.items() if path.endswith(".html")}
        if pages == self.indexed:
            return
        try:
            bundle = index_site(files)
        except SiteError as error:
            if not self.site.stopping.is_set():  # stopping the server ends the indexer mid-run
                for problem in error.problems:
                    print(problem, file=sys.stderr, flush=True)
            return
        with self.site.lock:
            if generation != self.site.generation:
                return
            self.site.bundle = bundle
            self.indexed = pages
            self.site.builder.write({**files, **bundle})


def _first_base_path(root: Path, base_url: str | None) -> str:
    """Where the site will live, known before the first build when site.toml is readable."""
    try:
        config, _ = load_config(root, base_url)
    except SiteError:
        path = urlsplit(base_url).path if base_url else ""
        return path if path.endswith("/") else f"{path}/"
    return config.base_path


def _shown(path: Path, root: Path) -> str:
    """A path as writers know it: relative to the site, or to the project for built-in files."""
    resolved = path.resolve()
    for base, suffix in ((root.resolve(), ""), (PROJECT_DIR, " (built-in)")):
        if resolved.is_relative_to(base):
            return resolved.relative_to(base).as_posix() + suffix
    return str(path)


def _elapsed(start: float) -> str:
    seconds = time.perf_counter() - start
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


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
                return self.redirect(base)
            return self._missing(status)
        rel = path[len(base) :]
        target = _inside(out, rel)
        if target is not None and target.is_dir():
            if rel and not rel.endswith("/"):
                return self.redirect(self.request.path + "/")
            target = target / "index.html"
        if target is not None and not target.is_file():
            target = _current_asset(out, rel)
        if target is None:
            return self._missing(status)
        if target.suffix == ".html" and (status.problems or not status.built):
            return self._notice(status)
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
        self.set_status(code)
        self.set_header("Content-Type", content_type)
        self.write(body)


def _inside(out: Path, rel: str) -> Path | None:
    """`out / rel`, or None for `..`, hidden names or anything resolving outside `out`."""
    parts = [part for part in rel.split("/") if part]
    if any(part.startswith(".") or "\\" in part or "\0" in part for part in parts):
        return None
    target = out.joinpath(*parts)
    if not target.resolve().is_relative_to(out.resolve()):
        return None
    return target


def _current_asset(out: Path, rel: str) -> Path | None:
    """A page opened before a CSS or JS edit asks for the old hashed name: give it the current file."""
    match = HASHED.match(rel)
    if not match or _inside(out, rel) is None:
        return None
    stem, ext = match.groups()
    for candidate in sorted((out / stem).parent.glob(f"{Path(stem).name}.*{ext}")):
        if HASHED.match(candidate.relative_to(out).as_posix()) and candidate.is_file():
            return candidate
    return None


def _content_type(path: Path) -> str:
    return TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


class LiveServer(Server):
    """livereload's server (script injection, websocket, livereload.js) with our own file handler."""

    def __init__(self, site: DevSite) -> None:
        super().__init__()
        self.site = site

    def get_web_handlers(self, script: bytes) -> list[tuple[str, type, dict[str, DevSite]]]:
        return [(r"/.*", SiteHandler, {"site": self.site})]


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
    site = DevSite(root, base_url=base_url, drafts=drafts)

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
