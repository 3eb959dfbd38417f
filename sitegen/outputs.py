"""Every output file made from loaded content: pages, feeds, data files, assets, the search index.

Each page, feed and data file is a job run through the memo (memo.py): its
fingerprint covers its inputs, so an unchanged one comes back from memory or
from the output folder (store.Ledger) instead of being made again. The
compiled templates, the last plan and the search parts are kept between
renders for the same reason.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import SiteConfig
from .content import Content
from .errors import Problem, SiteError
from .feeds import atom_feed, entries_json, robots, sitemap, timeline_json
from .folders import Timings, asset_dirs, template_dirs
from .i18n import catalogue_path, read_catalogue, translations_for
from .journal import Stage
from .media_files import Pictures, media_globals
from .memo import Fingerprints, OutputFolder, RenderMemo, RenderStats, files_digest
from .parallel import render_pages
from .plan import PageJob, Plan, not_found_job, plan_site
from .render import Renderer, render_job
from .search import SearchIndex, indexed_pages, output_facts
from .store import Store
from .urls import Urls
from .write import Output, Staged, collect_assets, hashed_name

HASHED_ASSETS = (".css", ".js")


@dataclass(frozen=True, slots=True)
class Made:
    """One render's files, the pages it planned, and what it made afresh."""

    files: dict[str, Output]
    jobs: list[PageJob]
    stats: RenderStats

    @property
    def rendered(self) -> int:
        """Pages rendered afresh; the others were unchanged in memory or on disk."""
        return len({job.output for job in self.jobs}.intersection(self.stats.made))


class Outputs:
    def __init__(self, root: Path, *, drafts: bool, jobs: int, store: Store | None, compiled: Path | None) -> None:
        """`compiled`: where compiled templates are kept between builds (None: nowhere)."""
        self.root = root
        self.drafts = drafts
        self.memo = RenderMemo()
        self.plan = Plan()  # the last render's jobs: unchanged ones are handed back
        self.jobs = jobs
        self.compiled = compiled
        self.renderer: tuple[str, Renderer] | None = None  # (version, renderer): compiled templates
        self.search = SearchIndex(store.search() if store else None, jobs or os.cpu_count() or 1)

    def render(
        self,
        config: SiteConfig,
        content: Content,
        digests: Mapping[str, str],
        pictures: Pictures,
        timings: Timings,
        *,
        pages: bool = True,
        feeds: bool = True,
        search: bool = True,
        folder: OutputFolder | None = None,
        stage: Stage | None = None,
    ) -> Made:
        """Every output file, or some: the dev server renders the pages (and what they load or list), shows
        them, then makes the feeds and JSON files, then the search index, which no open page loads.
        `digests`: each content file's, as read; `pictures`: the processed images the content names;
        `folder` holds unchanged files; fresh ones wait in `stage`.
        """
        assets = collect_assets(asset_dirs(self.root))
        names = {rel: hashed_name(rel, data) if rel.endswith(HASHED_ASSETS) else rel for rel, data in assets.items()}
        urls = Urls(config.base_url, config.base_path, config.languages, names)
        version = (files_digest(template_dirs(self.root)), config, urls, self.drafts, pictures.digest)
        prints = Fingerprints(content, digests, *version)
        renderer = self._renderer(prints.version, config, urls, pictures)
        stow = (lambda output, result: _stow(stage, output, result)) if stage is not None else None
        render = self.memo.begin(prints, folder, stow)
        cached = render.cached
        jobs: list[PageJob] = []
        if pages:  # a render of the feeds alone (the dev server's, after the reload) has no page to plan
            every_entry = renderer.reads_every_entry
            jobs = [
                *plan_site(content, config, urls, every_entry, self.plan),
                not_found_job(content, config, urls, every_entry),
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
                renderer.take(render_pages(renderer, jobs, self.jobs))
            for job in jobs:
                produce(job.output, job, render_job, renderer, job)
            if urls.base_url:  # a sitemap lists full addresses only
                pages_listed = [(j.kind, j.lang, j.key) for j in jobs if j.translatable]
                produce(urls.output(urls.route("sitemap", None)), "sitemap", sitemap, pages_listed, urls)
            add(urls.output(urls.route("robots", None)), robots(urls), "robots")
            if config.cname:
                add(urls.output(urls.route("cname", None)), f"{config.cname}\n".encode(), "site.toml cname")
            for rel, data in assets.items():
                add(urls.output(urls.route("asset", None, name=rel)), data, f"assets/{rel}")
            for variant in pictures.files():
                add(urls.output(urls.route("image", None, name=variant.name)), variant.data, variant.name)
        if feeds:
            for site in content.languages:
                lang, size = site.lang, config.feed_size
                feed, page = urls.route("feed", lang), urls.route("timeline", lang)
                produce(urls.output(feed), "feed", atom_feed, site, site.entries, urls, feed, page, site.title, size)
                for category in site.categories:
                    members = [e for e in site.entries if category.slug in e.categories]
                    feed = urls.route("category_feed", lang, slug=category.slug)
                    page = urls.route("category", lang, slug=category.slug)
                    title = f"{category.title} · {site.title}"
                    produce(urls.output(feed), "feed", atom_feed, site, members, urls, feed, page, title, size)
                timeline, data = urls.route("timeline_json", lang), urls.route("entries_json", lang)
                produce(urls.output(timeline), "timeline.json", timeline_json, site, urls, config.eras)
                produce(urls.output(data), "entries.json", entries_json, site, urls)
        stats = self.memo.end(render, prune=feeds)  # the dev server renders the pages first: kept till then
        if search:
            part_size = config.search_part_size
            bundle = timings.timed("search", lambda: self.search.bundle(indexed_pages(files), part_size))
            for path, data in bundle.items():
                add(path, data, "the search index")
        return Made(files, jobs, stats)

    def _renderer(self, version: str, config: SiteConfig, urls: Urls, pictures: Pictures) -> Renderer:
        """The same Renderer while templates, catalogues, config, assets and images are unchanged: compiling
        costs."""
        if self.renderer is None or self.renderer[0] != version:
            catalogues = {lang: _catalogue(self.root, lang) for lang in config.languages}
            renderer = Renderer(
                template_dirs(self.root), config, urls, lambda lang: translations_for(catalogues[lang]), self.compiled
            )
            for env in renderer.envs.values():
                env.globals.update(media_globals(pictures, env.globals["url"]))
            self.renderer = (version, renderer)
        return self.renderer[1]


def _stow(stage: Stage, output: str, result: Any) -> Any:
    """A fresh file's bytes, staged: kept on disk, not in memory, until the write."""
    return Staged(stage.put(result), *output_facts(output, result)) if isinstance(result, bytes) else result


def _owner(job: PageJob) -> str:
    item = job.context.get("entry") or job.context.get("page")
    return getattr(item, "path", None) or f"the {job.template} page"


def _catalogue(root: Path, lang: str) -> Any:
    path = catalogue_path(template_dirs(root), lang)
    return read_catalogue(path, lang) if path else None
