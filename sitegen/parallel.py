"""Parsing on several cores for cold builds: Markdown is most of a cold build's cost.

Worker processes are forked after the config is loaded, each with its own
Markdown converter; `parse_file` is pure, so results are the same as in one
process, in the same order.
"""

from __future__ import annotations

import multiprocessing
import os

from .config import SiteConfig
from .load import ParsedFile, parse_file
from .markup import Markup
from .read import SourceFile

MIN_FILES = 200  # below this, starting processes costs more than it saves

_worker: tuple[SiteConfig, Markup] | None = None


def worker_count(jobs: int) -> int:
    """`--jobs 0` means one process per core."""
    return jobs if jobs > 0 else (os.cpu_count() or 1)


def _start(config: SiteConfig) -> None:
    global _worker
    _worker = (config, Markup())


def _parse(source: SourceFile) -> ParsedFile:
    assert _worker is not None
    return parse_file(source, *_worker)


def parse_files(sources: list[SourceFile], config: SiteConfig, markup: Markup, jobs: int) -> list[ParsedFile]:
    """Parse in `jobs` processes when there are enough files to gain from it."""
    workers = min(worker_count(jobs), len(sources) // MIN_FILES or 1)
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [parse_file(source, config, markup) for source in sources]
    with multiprocessing.get_context("fork").Pool(workers, initializer=_start, initargs=(config,)) as pool:
        return pool.map(_parse, sources, chunksize=max(1, len(sources) // (workers * 8)))
