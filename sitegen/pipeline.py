"""The build, top to bottom: config -> load + validate -> render -> write.

`check` is `build` without the writing. The dev server calls the same stages
through `SiteBuilder`, keeping the parsed files and rendered pages between
rebuilds.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cache import ParsedStore, SearchStore, cache_dir, cache_warning
from .config import SiteConfig, load_config
from .content import Content
from .errors import Problem, SiteError
from .feeds import atom_feed, entries_json, robots, sitemap, timeline_json
from .i18n import catalogue_path, missing_messages, read_catalogue, translations_for
from .journal import Stage, deferred_interrupts
from .ledger import Ledger
from .load import EntryMemo, ParsedFile, assemble, parse_inputs
from .markup import Markup
from .memo import Fingerprints, RenderMemo, files_digest
from .parallel import parse_files, render_pages
from .plan import PageJob, Plan, not_found_job, plan_site
from .read import SourceFile, StatKey, read_sources
from .render import Renderer, Urls, render_job, template_path
from .search import SearchIndex, indexed_pages, output_facts
from .write import Output, Staged, WriteStats, collect_assets, disk_errors, hashed_name, ready_output, write_site

PROJECT_DIR = Path(__file__).resolve().parent.parent
HASHED_ASSETS = (".css", ".js")


@dataclass(frozen=True, slots=True)
class BuildOptions:
    root: Path
    out: Path
    base_url: str | None = None
    drafts: bool = False
    cache: bool = True  # keep parsed files in .cache/ beside out between runs
    jobs: int = 1  # processes parsing and rendering a cold build, Pagefind runs at once; 0: one per core


@dataclass(frozen=True, slots=True)
class BuildResult:
    files: dict[str, Output]
    stats: WriteStats | None
    warnings: tuple[Problem, ...]
    pages: int
    timings: dict[str, float] = field(default_factory=dict)
    rendered: int = 0  # pages rendered afresh; the others were unchanged in memory or on disk
    config: SiteConfig | None = None
    content: Content | None = None


def template_dirs(root: Path) -> list[Path]:
    """The site's own templates first, then the built-in ones, file by file."""
    return _dedupe([root / "templates", PROJECT_DIR / "templates"])


def asset_dirs(root: Path) -> list[Path]:
    return _dedupe([root / "assets", PROJECT_DIR / "assets"])


def _dedupe(paths: Iterable[Path]) -> list[Path]:
    seen: list[Path] = []
    for path in paths:
        if path.resolve() not in [p.resolve() for p in seen]:
            seen.append(path)
    return seen


class SiteBuilder:
    """Loads, renders and writes one site; keeps parsed files and rendered outputs between calls.

    A second `build` re-parses only changed files, re-renders only outputs whose
    inputs changed (see memo.py) and writes only changed bytes: the dev server's
    incremental rebuild is this same code path. A new process gets the same from
    the build cache: parsed files, the ledger of the output folder (ledger.py)
    and each language's part of the search index.
    """

    def __init__(self, options: BuildOptions) -> None:
        self.options = options
        self.markup = Markup()
        self.parsed: dict[tuple[str, str], ParsedFile] = {}  # (path, digest) -> parsed
        self.parsed_for: tuple[Any, ...] = ()  # the site.toml parts parsing depends on
        self.config: SiteConfig | None = None  # as last loaded
        self.memo = RenderMemo()
        self.digests: dict[str, str] = {}  # content file -> digest of its text, as last read
        self.sources: dict[str, tuple[StatKey | None, SourceFile]] = {}  # content files read, by their stat
        self.entries: EntryMemo = {}  # entries assembled from the parsed files, while those are unchanged
        self.renderer: tuple[str, Renderer] | None = None  # (version, renderer): compiled templates
        self.plan = Plan()  # the last render's jobs: unchanged ones are handed back
        self.written: dict[str, Output] | None = None  # what the last write left in options.out
        self.ledger: Ledger | None = None  # files already in options.out, for a build that writes there
        self.timings: dict[str, float] = {}
        self.cache_stale = False  # parsed files differ from what .cache/ holds
        self.store: ParsedStore | None = None  # where they are kept, for the site.toml they were parsed under
        blocked = cache_warning(cache_dir(options.out)) if options.cache else None
        self.cache_warnings = (blocked,) if blocked else ()
        self.cache = options.cache and not blocked  # a .cache that is a file: build without, and say so
        self.recovered = False  # what a killed write left in options.out was put back (journal.recover)
        self.search = SearchIndex(
            SearchStore(cache_dir(options.out)) if self.cache else None, options.jobs or os.cpu_count() or 1
        )

    def _timed(self, stage: str, work: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        try:
            return work()
        finally:
            self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - start

    def load(self, changed: Set[str] | None = None) -> tuple[SiteConfig, Content, list[Problem]]:
        """`changed`: the only files (relative to the root) that may differ from the last load; None: any."""
        root = self.options.root
        config, config_warnings = self._timed("config", lambda: load_config(root, self.options.base_url))
        if config == self.config:
            config = self.config  # the same object: entries kept by identity (see load.assemble) stay kept
        self.config = config
        inputs = parse_inputs(config)
        if inputs != self.parsed_for:
            self.forget()
            self.parsed_for = inputs
        sources = self._timed("read", lambda: read_sources(root, self.sources, changed))
        self.digests = {source.path: source.digest for source in sources}
        parsed = self._timed("parse", lambda: self.parse_all(sources, config))
        content, problems = self._timed(
            "assemble", lambda: assemble(parsed, config, drafts=self.options.drafts, memo=self.entries)
        )
        problems = [*self.cache_warnings, *config_warnings, *problems]
        if any(not p.warning for p in problems):
            raise SiteError(problems)
        return config, content, problems

    def parse_all(self, sources: list[SourceFile], config: SiteConfig) -> list[ParsedFile]:
        if not self.parsed and self.cache:
            self.store = ParsedStore(cache_dir(self.options.out), config)
            self.parsed = self._timed("cache", self.store.read)
        known = self.parsed
        keys = [(source.path, source.digest) for source in sources]
        missing = [source for source, key in zip(sources, keys, strict=True) if key not in known]
        parsed = parse_files(missing, config, self.markup, self.options.jobs)
        new = {(source.path, source.digest): item for source, item in zip(missing, parsed, strict=True)}
        hits = len(keys) - len(missing)
        self.parsed = {key: known[key] if key in known else new[key] for key in keys}
        self.cache_stale = bool(missing) or len(known) != hits  # files parsed or dropped since the cache was read
        self.timings["cache hits"] = float(hits)
        return list(self.parsed.values())

    def forget(self) -> None:
        """Drop parsed files: needed when site.toml (categories, languages) changed."""
        self.parsed = {}

    def render(
        self, config: SiteConfig, content: Content, *, pages: bool = True, feeds: bool = True, search: bool = True
    ) -> tuple[dict[str, Output], int]:
        """Every output file, or some, and the number of pages planned (0 without `pages`): the dev server
        renders the pages (and what they load or list), shows them, then makes the feeds and JSON files,
        then the search index, which no open page loads.
        """
        root = self.options.root
        assets = collect_assets(asset_dirs(root))
        names = {rel: hashed_name(rel, data) if rel.endswith(HASHED_ASSETS) else rel for rel, data in assets.items()}
        urls = Urls(config.base_url, config.base_path, config.languages, names)
        version = (files_digest(template_dirs(root)), config, urls, self.options.drafts)
        prints = Fingerprints(content, self.digests, *version)
        renderer = self._renderer(prints.version, config, urls)
        cached = self.memo.begin(prints)
        jobs: list[PageJob] = []
        if pages:  # a render of the feeds alone (the dev server's, after the reload) has no page to plan
            every_entry = renderer.reads_every_entry
            jobs = [
                *plan_site(content, config, urls, every_entry, self.plan),
                not_found_job(content, config, every_entry),
            ]
            self.plan = Plan({job.output: job for job in jobs}, {site.lang: site for site in content.languages})
        files: dict[str, Output] = {}
        owners: dict[str, str | PageJob] = {}  # a page's owner is named only when two outputs collide

        def add(path: str, data: Output, owner: str | PageJob) -> None:
            if path in files:
                first, second = (_owner(o) if isinstance(o, PageJob) else o for o in (owners[path], owner))
                raise SiteError(
                    [
                        Problem(
                            second,
                            None,
                            None,
                            f"would write {path}, which {first} writes too",
                            "rename the page's file or give it another slug",
                        )
                    ]
                )
            files[path] = data
            owners[path] = owner

        def produce(path: str, owner: str | PageJob, fn: Callable[..., Any], *args: Any) -> None:
            add(path, cached(fn, *args, output=path), owner)

        if pages:  # and what they load or list
            if not self.memo.reads:  # nothing known from before, so every page renders: on every core asked for
                renderer.take(render_pages(renderer, jobs, self.options.jobs))
            for job in jobs:
                produce(job.output, job, render_job, renderer, job)
            if urls.base_url:  # a sitemap lists full addresses only
                produce("sitemap.xml", "sitemap", sitemap, [(j.lang, j.key) for j in jobs if j.translatable], urls)
            add("robots.txt", robots(urls), "robots")
            if config.cname:
                add("CNAME", f"{config.cname}\n".encode(), "site.toml cname")
            for rel, data in assets.items():
                add(f"assets/{names[rel]}", data, f"assets/{rel}")
        if feeds:
            for site in content.languages:
                prefix = urls.prefix(site.lang)
                size = config.feed_size
                produce(
                    f"{prefix}feed.xml", "feed", atom_feed, site, site.entries, urls, "feed.xml", site.title, "", size
                )
                for category in site.categories:
                    members = [e for e in site.entries if category.slug in e.categories]
                    key = f"categories/{category.slug}/"
                    title = f"{category.title} · {site.title}"
                    feed = f"{key}feed.xml"
                    produce(f"{prefix}{feed}", "feed", atom_feed, site, members, urls, feed, title, key, size)
                produce(f"{prefix}timeline.json", "timeline.json", timeline_json, site, urls, config.eras)
                produce(f"{prefix}entries.json", "entries.json", entries_json, site, urls)
        self.memo.end(prune=feeds)  # the dev server renders the pages first: their results stay till then
        if search:
            part_size = config.search_part_size
            bundle = self._timed("search", lambda: self.search.bundle(indexed_pages(files), part_size))
            for path, data in bundle.items():
                add(path, data, "the search index")
        return files, len(jobs)

    def _renderer(self, version: str, config: SiteConfig, urls: Urls) -> Renderer:
        """The same Renderer while templates, catalogues, config and assets are unchanged: compiling costs."""
        if self.renderer is None or self.renderer[0] != version:
            root = self.options.root
            catalogues = {lang: _catalogue(root, lang) for lang in config.languages}
            compiled = cache_dir(self.options.out) if self.cache else None
            renderer = Renderer(
                template_dirs(root), config, urls, lambda lang: translations_for(catalogues[lang]), compiled
            )
            self.renderer = (version, renderer)
        return self.renderer[1]

    def build(
        self, *, write: bool = True, feeds: bool = True, search: bool = True, changed: Set[str] | None = None
    ) -> BuildResult:
        """Load, render and (unless `write` is False) write the site; `changed` as for `load`.

        A writing build stages each fresh file beside the output folder as soon
        as it is made, so memory holds no site's worth of pages, and moves the
        files into place only once everything has succeeded.
        """
        self.timings = {}
        if write:
            self._recover()
        config, content, warnings = self.load(changed)
        if write:
            files, pages, stats = self._render_and_write(config, content, feeds=feeds, search=search)
        else:
            files, pages = self._timed("render", lambda: self.render(config, content, feeds=feeds, search=search))
            stats = None
        rendered = self.memo.fresh["render_job"]
        return BuildResult(files, stats, tuple(warnings), pages, dict(self.timings), rendered, config, content)

    def _render_and_write(
        self, config: SiteConfig, content: Content, *, feeds: bool, search: bool
    ) -> tuple[dict[str, Output], int, WriteStats]:
        """Render into a stage, then write and note the output in the ledger.

        Ctrl-C stops the render at once; the write and the ledger finish first (journal.deferred_interrupts).
        """
        out = self.options.out
        folder = cache_dir(out)
        if self.cache and self.ledger is None and self.written is None:
            self.ledger = self._timed("cache", lambda: Ledger.read(folder, out))
            self.ledger.lend(self.memo)
        stage = Stage(out)
        self.memo.stow = lambda output, result: _stow(stage, output, result)
        try:
            with disk_errors(out, folder, "was left as it was"):  # a full disk while staging or saving the cache
                files, pages = self._timed("render", lambda: self.render(config, content, feeds=feeds, search=search))
                if self.ledger is not None:
                    files = self.ledger.settle(files)
                if self.store is not None and self.cache_stale:
                    store = self.store
                    self._timed("cache", lambda: store.write(self.parsed))
                    self.cache_stale = False
            with deferred_interrupts():
                stats = self.write(files, stage)
                if self.ledger is not None:
                    ledger = self.ledger
                    with disk_errors(out, folder, "was written all the same"):
                        self._timed("cache", lambda: (ledger.update(files, self.memo), ledger.save(folder)))
        finally:
            stage.close()
            self.memo.stow = lambda output, result: result
            self.memo.results = {}  # staged results are gone from where they were staged
        return files, pages, stats

    def write(self, files: dict[str, Output], stage: Stage | None = None) -> WriteStats:
        self._recover()
        known = self.written if self.options.out.is_dir() else None  # a removed folder is written in full
        self.written = None  # unknown until this write completes
        stats = self._timed("write", lambda: write_site(self.options.out, files, known, stage))
        self.written = files
        return stats

    def _recover(self) -> None:
        """Check the output folder; once per builder, first put back what a killed write left there."""
        ready_output(self.options.root, self.options.out, cache_dir(self.options.out), recover=not self.recovered)
        self.recovered = True


def _stow(stage: Stage, output: str, result: Any) -> Any:
    """A fresh file's bytes, staged: kept on disk, not in memory, until the write."""
    return Staged(stage.put(result), *output_facts(output, result)) if isinstance(result, bytes) else result


def _owner(job: PageJob) -> str:
    item = job.context.get("entry") or job.context.get("page")
    return getattr(item, "path", None) or f"the {job.template} page"


def _catalogue(root: Path, lang: str) -> Any:
    path = catalogue_path(template_dirs(root), lang)
    return read_catalogue(path, lang) if path else None


def build(options: BuildOptions) -> BuildResult:
    """Build the site into options.out; raise SiteError and write nothing on any problem."""
    return SiteBuilder(options).build()


def check(root: Path) -> tuple[BuildResult, Content, SiteConfig, list[Problem]]:
    """Everything `build` checks, templates rendered too; nothing written (the search index would store parts)."""
    builder = SiteBuilder(BuildOptions(root=root, out=root / "output", drafts=True))
    config, content, warnings = builder.load()
    files, pages = builder.render(config, content, search=False)
    return BuildResult(files, None, tuple(warnings), pages), content, config, [*warnings, *catalogue_gaps(root, config)]


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
