"""The previewed site: rebuilt on each save, written to the preview folder, its status kept.

The site is built into `<root>/.cache/serve`, not `output/`: the preview shows
drafts, and `output/` is what gets published. A rebuild goes through the same
SiteBuilder as `build` (only what changed is re-rendered and rewritten) and
writes what a browser tab loads; what no open page loads (feeds, JSON files,
the search index) follows moments later from a thread of its own, so that a
big site's save still shows at once. A failed build keeps the last good files
and records its problems for the server to show.
"""

from __future__ import annotations

import gc
import re
import sys
import threading
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .changes import BUILT_IN, classify, needs_listing, restyles
from .config import CONFIG_FILE, load_config
from .environment import BUILTIN
from .errors import Problem, SiteError
from .folders import asset_dirs, template_dirs
from .pipeline import BuildOptions, BuildResult, SiteBuilder
from .search import indexed_pages
from .write import Output, collect_assets, hashed_name

SERVE_DIR = Path(".cache") / "serve"
RELOAD_GRACE = 0.3  # seconds after a rebuild left to the tabs' reload before the feeds and search index are made
HASHED = re.compile(r"^(assets/.+)\.[0-9a-f]{10}(\.[A-Za-z0-9]+)$")  # write.hashed_name's pattern


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
    made: tuple[str, ...] = ()  # the files made afresh, rendered pages among them


class DevSite:
    """The previewed site: rebuilds on demand, writes the preview folder, keeps the status.

    A rebuild writes what a browser tab loads (pages, assets) and returns, so the
    tabs reload at once; the feeds, JSON files and search index follow from
    `later`, a thread of its own, moments after.
    """

    def __init__(
        self, root: Path, *, base_url: str | None = None, drafts: bool = True, freeze_memory: bool = False
    ) -> None:
        """`freeze_memory`: the process is the server's own; see `_collect_and_freeze`."""
        self.root = root
        self.freeze_memory = freeze_memory
        self.out = root / SERVE_DIR
        self.builder = SiteBuilder(BuildOptions(root=root, out=self.out, base_url=base_url, drafts=drafts))
        self.status = Status(_first_base_path(root, base_url))
        self.extras: dict[str, Output] = {}  # feeds and JSON files last made, kept until new ones are
        self.hashed: dict[str, str] = {}  # "assets/style.css" -> its current hashed path in the preview
        self.bundle: dict[str, bytes] = {}  # the search index last made, likewise
        self.lock = threading.Lock()  # one user of the builder and the folder at a time
        self.generation = 0  # successful rebuilds so far: later work for an older one is dropped
        self.warnings: tuple[Problem, ...] = ()  # printed once, not on every rebuild
        self.stopping = threading.Event()
        self.notify: Callable[[str], None] = lambda path: None  # reload open tabs: see `on_reload`
        self.later = Later(self)

    def on_reload(self, notify: Callable[[str], None]) -> None:
        """How to reload open tabs (a path, or "*" for all), once the server listens."""
        self.notify = notify

    def current_asset(self, rel: str) -> str:
        """The current hashed path for an asset's older hashed path: a tab opened before an edit asks for it."""
        match = HASHED.match(rel)
        return self.hashed.get(f"{match[1]}{match[2]}", rel) if match else rel

    def watched(self) -> list[Path]:
        """content/, site.toml, and the site's and the built-in templates and assets."""
        return [self.root / "content", self.root / CONFIG_FILE, *template_dirs(self.root), *asset_dirs(self.root)]

    def rebuild(self, changed: Sequence[Path] = ()) -> Rebuild:
        """Build what `changed` affects, write it, and say what the browser should reload."""
        start = time.perf_counter()
        what = self._describe(changed)
        was_broken = bool(self.status.problems) or not self.status.built
        kinds = [classify(self._key(path)) for path in changed]
        restyle = not was_broken and restyles(kinds)
        try:
            with self.lock:
                if restyle:  # every page names the stylesheet's new hash, so their rebuild may take long
                    self._restyle_first(changed[0])
                named = None if needs_listing(kinds) else self._relative(changed)
                result = self.builder.build(write=False, feeds=False, search=False, changed=named)
                stats = self.builder.write({**self.bundle, **self.extras, **result.files})
                self.generation += 1
                generation = self.generation
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
        self.hashed = _hashed(result.files)
        self.later.request(generation, result)
        written = stats.written + stats.deleted
        line = (
            f"{what}: {result.rendered} of {result.pages} pages rendered, {stats.written} files written, "
            f"{stats.deleted} removed ({_elapsed(start)})"
        )
        reload = None if restyle or (not written and not was_broken) else "*"
        news = result.warnings if result.warnings != self.warnings else ()
        self.warnings = result.warnings
        return Rebuild(line, reload, news, result.rendered, written, result.made)

    def failed(self, what: str, problems: Sequence[Problem], start: float) -> Rebuild:
        """Show `problems` instead of the site until a rebuild succeeds."""
        problems = sorted(problems, key=lambda p: p.warning)  # errors first, each group in its order
        self.status = Status(self.status.base_path, tuple(problems), self.status.built)
        count = sum(not p.warning for p in problems) or len(problems)
        line = f"{what}: {count} problem{'s' * (count != 1)}, shown in the browser ({_elapsed(start)})"
        return Rebuild(line, "*", tuple(problems))

    def _restyle_first(self, changed: Path) -> None:
        """Write the new stylesheets and restyle open tabs in place, before the pages are rebuilt.

        A tab asks for the stylesheet under the hashed name it has, and gets the current one.
        """
        for rel, data in collect_assets(asset_dirs(self.root)).items():
            if rel.endswith(".css"):
                name = f"assets/{hashed_name(rel, data)}"
                target = inside(self.out, name)
                if target is not None and not target.is_file():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    temporary = target.with_name(f".tmp-{target.name}")
                    temporary.write_bytes(data)
                    temporary.replace(target)
                self.hashed[f"assets/{rel}"] = name
        self.notify(f"{self.status.base_path}assets/{changed.name}")  # a .css path: livereload swaps stylesheets

    def _key(self, path: Path) -> str:
        """A watched path as changes.classify names it: relative to the site, or BUILT_IN and the generator's."""
        resolved = path.resolve()
        for base, prefix in ((self.root.resolve(), ""), (BUILTIN, BUILT_IN)):
            if resolved.is_relative_to(base):
                return prefix + resolved.relative_to(base).as_posix()
        return str(path)

    def _relative(self, changed: Sequence[Path]) -> set[str] | None:
        """The watcher's paths below the site, relative to it: the builder checks only those content files."""
        if not changed:
            return None
        root = self.root.resolve()
        paths = (path.resolve() for path in changed)
        return {path.relative_to(root).as_posix() for path in paths if path.is_relative_to(root)}

    def _describe(self, changed: Sequence[Path]) -> str:
        if not changed:
            return "first build"
        if len(changed) > 1:
            return f"{_shown(changed[0], self.root)} and {len(changed) - 1} more changed"
        return f"{_shown(changed[0], self.root)} {'changed' if changed[0].exists() else 'removed'}"


class Later:
    """After each rebuild, on its own thread: the feeds and JSON files, then the search index.

    No open page loads them, so they need not hold up its reload: the work
    starts RELOAD_GRACE after the rebuild, so that the server answers the
    reloading tabs first. Work for a rebuild that a newer one has replaced is
    dropped.
    """

    def __init__(self, site: DevSite) -> None:
        self.site = site
        self.pending: tuple[int, BuildResult] | None = None
        self.requested = 0.0  # time.monotonic() of the last request
        self.busy = False
        self.changed = threading.Condition()
        threading.Thread(target=self._run, name="feeds and search index", daemon=True).start()

    def request(self, generation: int, result: BuildResult) -> None:
        with self.changed:
            self.pending = (generation, result)
            self.requested = time.monotonic()
            self.changed.notify_all()

    def wait(self, timeout: float) -> bool:
        """Until the preview holds everything a full build would (tests compare the two)."""
        with self.changed:
            return self.changed.wait_for(lambda: self.pending is None and not self.busy, timeout)

    def _run(self) -> None:
        while True:
            with self.changed:
                self.changed.wait_for(lambda: self.pending is not None)
                while (left := self.requested + RELOAD_GRACE - time.monotonic()) > 0:
                    self.changed.wait(left)  # a newer rebuild meanwhile restarts the wait
                assert self.pending is not None
                (generation, result), self.pending = self.pending, None
                self.busy = True
            try:
                files = self._feeds(generation, result)
                if files is not None:
                    assert result.config is not None
                    self._search(generation, files, result.config.search_part_size)
                if self.site.freeze_memory and self.pending is None:
                    _collect_and_freeze()
            except Exception:  # a bug: the pages are served all the same
                if not self.site.stopping.is_set():
                    traceback.print_exc()
            finally:
                with self.changed:
                    self.busy = False
                    self.changed.notify_all()

    def _feeds(self, generation: int, result: BuildResult) -> dict[str, Output] | None:
        """Every file but the search index, written; None when a newer rebuild replaced this one."""
        site = self.site
        assert result.config is not None and result.content is not None
        with site.lock:
            if generation != site.generation:
                return None
            try:
                made = site.builder.render(result.config, result.content, pages=False, search=False).files
            except SiteError as error:  # e.g. two categories whose feeds would share a path
                outcome = site.failed("feeds", error.problems, time.perf_counter())
                if not site.stopping.is_set():
                    for problem in outcome.problems:
                        print(problem, file=sys.stderr, flush=True)
                    site.notify("*")
                return None
            site.extras = made
            files = {**result.files, **made}  # the pages as shown, whatever changed on disk since
            site.builder.write({**site.bundle, **files})
        return files

    def _search(self, generation: int, files: dict[str, Output], part_size: int) -> None:
        """Only the parts of the index whose pages changed are made again (see search.SearchIndex)."""
        try:
            bundle = self.site.builder.outputs.search.bundle(indexed_pages(files), part_size)
        except SiteError as error:
            if not self.site.stopping.is_set():  # stopping the server ends the indexer mid-run
                for problem in error.problems:
                    print(problem, file=sys.stderr, flush=True)
            return
        with self.site.lock:
            if generation != self.site.generation:
                return
            if bundle != self.site.bundle:
                self.site.bundle = bundle
                self.site.builder.write({**files, **bundle})


def _collect_and_freeze() -> None:
    """Collect garbage once the server is idle, then move what lives out of the collector's sight.

    A big site's preview holds millions of objects; a full collection falling
    in the middle of a rebuild would cost it half a second. Frozen objects
    are still freed when no longer referenced; cycles among them wait for the
    next idle moment, which unfreezes and collects again.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


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
    for base, suffix in ((root.resolve(), ""), (BUILTIN, " (built-in)")):
        if resolved.is_relative_to(base):
            return resolved.relative_to(base).as_posix() + suffix
    return str(path)


def _elapsed(start: float) -> str:
    seconds = time.perf_counter() - start
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def inside(out: Path, rel: str) -> Path | None:
    """`out / rel`, or None for `..`, hidden names or anything resolving outside `out`."""
    parts = [part for part in rel.split("/") if part]
    if any(part.startswith(".") or "\\" in part or "\0" in part for part in parts):
        return None
    target = out.joinpath(*parts)
    if not target.resolve().is_relative_to(out.resolve()):
        return None
    return target


def _hashed(files: Mapping[str, Output]) -> dict[str, str]:
    """Hashed asset paths by the asset's own path: "assets/style.css" -> "assets/style.3f2a9c1b7e.css"."""
    return {f"{match[1]}{match[2]}": path for path in files if (match := HASHED.match(path))}
