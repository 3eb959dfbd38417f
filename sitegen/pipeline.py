"""The build, top to bottom: config -> read -> (nothing changed? done) -> parse + check -> render -> write.

`check` is `build` without the writing. The dev server calls the same stages
through `SiteBuilder`, which keeps three parts between rebuilds: the content
as last loaded (loader.py), the outputs' memo and compiled templates
(outputs.py), and the store on disk (store.py). What a change remakes is
told in changes.py.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Set
from dataclasses import dataclass, field
from pathlib import Path

from .changes import Inputs, read_inputs
from .config import SiteConfig
from .content import Content
from .errors import Problem
from .folders import Timings, input_folders, template_dirs
from .i18n import catalogue_path, missing_messages, read_catalogue
from .journal import Stage, deferred_interrupts
from .loader import Loader, Reading
from .outputs import Made, Outputs
from .render import template_path
from .store import Ledger, MadeFrom, Store, cache_dir, cache_warning
from .write import Output, WriteStats, disk_errors, ready_output, write_site


@dataclass(frozen=True, slots=True)
class BuildOptions:
    root: Path
    out: Path
    base_url: str | None = None
    drafts: bool = False
    cache: bool = True  # keep parsed files in .cache/ beside out between runs
    jobs: int = 1  # processes for parsing a cold build, Pagefind runs at once; 0: one per core


@dataclass(frozen=True, slots=True)
class BuildResult:
    files: dict[str, Output]  # empty when nothing had to be made
    stats: WriteStats | None
    warnings: tuple[Problem, ...]
    pages: int
    timings: dict[str, float] = field(default_factory=dict)
    rendered: int = 0  # pages rendered afresh; the others were unchanged in memory or on disk
    made: tuple[str, ...] = ()  # the files produced afresh, rendered pages among them
    config: SiteConfig | None = None
    content: Content | None = None


def build(options: BuildOptions) -> BuildResult:
    """Build the site into options.out; raise SiteError and write nothing on any problem."""
    return SiteBuilder(options).build()


def check(root: Path) -> tuple[BuildResult, Content, SiteConfig, list[Problem]]:
    """Everything `build` checks, templates rendered too; nothing written (the search index would store parts)."""
    builder = SiteBuilder(BuildOptions(root=root, out=root / "output", drafts=True), writes_cache=False)
    config, content, warnings = builder.load(keep_media=False)
    made = builder.render(config, content, search=False)
    result = BuildResult(made.files, None, tuple(warnings), len(made.jobs))
    return result, content, config, [*warnings, *catalogue_gaps(root, config)]


class SiteBuilder:
    """Loads, renders and writes one site; its parts keep what the next build can reuse.

    A second `build` re-parses only changed files, re-renders only outputs whose
    inputs changed and writes only changed bytes: the dev server's incremental
    rebuild is this same code path. A new process gets the same from the store.
    """

    def __init__(self, options: BuildOptions, *, writes_cache: bool = True) -> None:
        """`writes_cache` False: the store is read, never added to (`check` writes nothing)."""
        self.options = options
        blocked = cache_warning(cache_dir(options.out)) if options.cache else None
        self.cache_warnings = (blocked,) if blocked else ()  # a .cache that is a file: build without, and say so
        self.store = Store(options.out) if options.cache and not blocked else None
        self.loader = Loader(options.root, options.base_url, drafts=options.drafts, jobs=options.jobs, store=self.store)
        compiled = self.store.folder if self.store is not None and writes_cache else None
        self.outputs = Outputs(
            options.root, drafts=options.drafts, jobs=options.jobs, store=self.store, compiled=compiled
        )
        self.ledger: Ledger | None = None  # files already in options.out, for a build that writes there
        self.written: dict[str, Output] | None = None  # what the last write left in options.out
        self.recovered = False  # what a killed write left in options.out was put back (journal.recover)
        self.timings = Timings()

    def build(
        self, *, write: bool = True, feeds: bool = True, search: bool = True, changed: Set[str] | None = None
    ) -> BuildResult:
        """Load, render and (unless `write` is False) write the site; `changed` as for `load`.

        A writing build stages each fresh file beside the output folder as soon
        as it is made, so memory holds no site's worth of pages, and moves the
        files into place only once everything has succeeded.
        """
        self.timings = timings = Timings()
        if write:
            self._recover()
            if self.store is not None and self.ledger is None and self.written is None:
                self.ledger = timings.timed("cache", self.store.ledger)
        reading = self._read(changed)
        inputs = timings.timed("read", lambda: self._inputs(reading)) if write and self.ledger else None
        if inputs is not None and self.ledger is not None and self.written is None:
            ledger = self.ledger
            same = timings.timed("check", lambda: ledger.unchanged(inputs))
            if same is not None:  # no input changed and the output folder is as written: nothing to make
                stats = WriteStats(0, len(ledger.records), 0)
                return BuildResult({}, stats, same.warnings, same.pages, dict(timings.stages))
        content, warnings = self.loader.assemble(reading, timings)
        config = reading.config
        if write:
            made, stats = self._render_and_write(reading, content, inputs, tuple(warnings), feeds=feeds, search=search)
        else:
            made = timings.timed("render", lambda: self.render(config, content, feeds=feeds, search=search))
            stats = None
        return BuildResult(
            made.files,
            stats,
            tuple(warnings),
            len(made.jobs),
            dict(timings.stages),
            made.rendered,
            made.stats.made,
            config,
            content,
        )

    def load(
        self, changed: Set[str] | None = None, *, keep_media: bool = True
    ) -> tuple[SiteConfig, Content, list[Problem]]:
        """`changed`: the only files (relative to the root) that may differ from the last load; None: any.
        `keep_media` False reads processed images from the store but adds none (`check` writes nothing)."""
        reading = self._read(changed)
        content, problems = self.loader.assemble(reading, self.timings, keep_media=keep_media)
        return reading.config, content, problems

    def render(
        self,
        config: SiteConfig,
        content: Content,
        *,
        pages: bool = True,
        feeds: bool = True,
        search: bool = True,
        stage: Stage | None = None,
    ) -> Made:
        """Every output file, or some (outputs.Outputs.render); with a `stage`, unchanged files come from disk."""
        folder = self.ledger if stage is not None else None
        return self.outputs.render(
            config,
            content,
            self.loader.digests,
            self.loader.pictures,
            self.timings,
            pages=pages,
            feeds=feeds,
            search=search,
            folder=folder,
            stage=stage,
        )

    def write(self, files: dict[str, Output], stage: Stage | None = None) -> WriteStats:
        self._recover()
        known = self.written if self.options.out.is_dir() else None  # a removed folder is written in full
        self.written = None  # unknown until this write completes
        stats = self.timings.timed("write", lambda: write_site(self.options.out, files, known, stage))
        self.written = files
        return stats

    def _read(self, changed: Set[str] | None) -> Reading:
        reading = self.loader.read(self.timings, changed)
        return dataclasses.replace(reading, warnings=(*self.cache_warnings, *reading.warnings))

    def _inputs(self, reading: Reading) -> Inputs:
        """Everything this build reads, by digest (changes.py)."""
        options = (self.options.base_url or "", str(self.options.drafts))
        return read_inputs(self.options.root, reading.sources, input_folders(self.options.root), options)

    def _render_and_write(
        self,
        reading: Reading,
        content: Content,
        inputs: Inputs | None,
        warnings: tuple[Problem, ...],
        *,
        feeds: bool,
        search: bool,
    ) -> tuple[Made, WriteStats]:
        """Render into a stage, then write and note the output in the ledger.

        Ctrl-C stops the render at once; the write and the ledger finish first (journal.deferred_interrupts).
        """
        out, timings = self.options.out, self.timings
        folder = cache_dir(out)
        stage = Stage(out)
        try:
            with disk_errors(out, folder, "was left as it was"):  # a full disk while staging or saving the cache
                made = timings.timed(
                    "render", lambda: self.render(reading.config, content, feeds=feeds, search=search, stage=stage)
                )
                files = self.ledger.settle(made.files) if self.ledger is not None else made.files
                timings.timed("cache", self.loader.save)
            with deferred_interrupts():
                stats = self.write(files, stage)
                if self.ledger is not None and inputs is not None:
                    ledger, reads = self.ledger, self.outputs.memo.reads
                    made_from = MadeFrom(inputs, len(made.jobs), warnings)
                    with disk_errors(out, folder, "was written all the same"):
                        timings.timed(
                            "cache", lambda: (ledger.update(files, made.stats, reads, made_from), ledger.save(folder))
                        )
        finally:
            stage.close()
        return dataclasses.replace(made, files=files), stats

    def _recover(self) -> None:
        """Check the output folder; once per builder, first put back what a killed write left there."""
        ready_output(self.options.root, self.options.out, cache_dir(self.options.out), recover=not self.recovered)
        self.recovered = True


def template_messages(root: Path) -> set[str]:
    """Every interface string the templates ask to translate."""
    from jinja2.ext import babel_extract

    messages: set[str] = set()
    for folder in template_dirs(root):
        for path in sorted(folder.rglob("*.html")):
            with path.open("rb") as handle:
                for _, _, message, _ in babel_extract(
                    handle,
                    ("gettext", "ngettext", "_"),
                    [],
                    {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"},
                ):
                    if isinstance(message, str):
                        messages.add(message)
                    elif isinstance(message, tuple):
                        messages.update(m for m in message if m)
    return messages


def catalogue_gaps(root: Path, config: SiteConfig) -> list[Problem]:
    """Warnings for interface strings a language's catalogue does not translate."""
    messages = template_messages(root)
    problems = []
    for lang in config.languages:
        if lang.split("-")[0] == "en":
            continue
        path = catalogue_path(template_dirs(root), lang)
        shown = template_path(str(path), None) if path else f"templates/i18n/{lang}.po"
        catalogue = read_catalogue(path, lang) if path else None
        for message in missing_messages(catalogue, messages):
            problems.append(
                Problem(
                    shown,
                    None,
                    "msgid",
                    f"'{message}' has no {lang} translation",
                    "add it to the catalogue; English is shown meanwhile",
                    True,
                )
            )
    return problems
