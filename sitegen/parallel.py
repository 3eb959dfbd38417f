"""Parsing and rendering on several cores for cold builds: Markdown and Jinja are most of their cost.

Worker processes are forked after the config is loaded (for parsing) or the
pages are planned (for rendering), each with its own Markdown converter or a
copy of the Renderer; `parse_file` and `render_job` are pure, so results are
the same as in one process, in the same order.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from typing import TypeVar

from .config import SiteConfig
from .errors import SiteError
from .load import ParsedFile, parse_file
from .markup import Markup
from .plan import PageJob
from .read import SourceFile
from .render import Renderer, render_job

MIN_FILES = 200  # below this, starting processes costs more than it saves
MIN_PAGES = 300  # the same for rendering, per process

T = TypeVar("T")
R = TypeVar("R")
_worker: tuple[SiteConfig, Markup] | None = None
_pages: tuple[Renderer, Sequence[PageJob]] | None = None  # what forked renderers inherit


def worker_count(jobs: int) -> int:
    """`--jobs 0` means one process per core."""
    return jobs if jobs > 0 else (os.cpu_count() or 1)


def _forking() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _quiet() -> None:
    """A worker leaves signals to the build: Ctrl-C reaches the parent, which ends the pool with SIGTERM, and
    the build's own SIGTERM handler (journal.raise_terminated) would print a traceback per worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def map_forked(fn: Callable[[T], R], items: Sequence[T], jobs: int) -> list[R]:
    """`fn` over `items` in up to `jobs` forked processes, one item at a time (each is a large piece of
    work, such as an image); in this process when one would do."""
    workers = min(worker_count(jobs), len(items))
    if workers <= 1 or not _forking():
        return [fn(item) for item in items]
    with multiprocessing.get_context("fork").Pool(workers, initializer=_quiet) as pool:
        return pool.map(fn, items, chunksize=1)


def _start(config: SiteConfig) -> None:
    global _worker
    _quiet()
    _worker = (config, Markup())


def _parse(source: SourceFile) -> ParsedFile:
    assert _worker is not None
    return parse_file(source, *_worker)


def parse_files(sources: list[SourceFile], config: SiteConfig, markup: Markup, jobs: int) -> list[ParsedFile]:
    """Parse in `jobs` processes when there are enough files to gain from it."""
    workers = min(worker_count(jobs), len(sources) // MIN_FILES or 1)
    if workers <= 1 or not _forking():
        return [parse_file(source, config, markup) for source in sources]
    with multiprocessing.get_context("fork").Pool(workers, initializer=_start, initargs=(config,)) as pool:
        return pool.map(_parse, sources, chunksize=max(1, len(sources) // (workers * 8)))


def _render(span: range) -> list[bytes | None]:
    """A span of the planned pages; None for a page whose template fails (rendered again to report it)."""
    assert _pages is not None
    renderer, jobs = _pages
    made: list[bytes | None] = []
    for index in span:
        try:
            made.append(render_job(renderer, jobs[index]))
        except SiteError:
            made.append(None)
    return made


def render_pages(renderer: Renderer, jobs: Sequence[PageJob], count: int) -> dict[str, tuple[PageJob, bytes]]:
    """Each page's job and bytes by output file, rendered in `count` processes; empty when too few to gain.

    The jobs reach the workers by inheritance, not by pickling: a page's
    context holds its language's whole site.
    """
    global _pages
    workers = min(worker_count(count), len(jobs) // MIN_PAGES or 1)
    if workers <= 1 or not _forking():
        return {}
    step = max(1, len(jobs) // (workers * 8))
    spans = [range(start, min(start + step, len(jobs))) for start in range(0, len(jobs), step)]
    _pages = (renderer, jobs)
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=_quiet) as pool:
            made = [data for part in pool.map(_render, spans, chunksize=1) for data in part]
    finally:
        _pages = None
    return {job.output: (job, data) for job, data in zip(jobs, made, strict=True) if data is not None}
