"""Which pages to make, and from what: every page of the site as a PageJob.

`plan_site` is pure: it turns loaded content into PageJobs, each naming its
output path, template, context and the inputs it depends on (for the dev
server's incremental rebuilds). Given the previous plan, it hands back the
previous job wherever the new one would be made of equal values, so that the
render memo knows an unchanged page by identity instead of hashing it again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter
from typing import Any

from .chart import make_chart
from .config import SiteConfig
from .content import Content, Entry, LanguageSite
from .eras import site_eras
from .urls import Route, Urls

ALL = "*"  # an input meaning "every entry of the language": its template reads `site.entries`


@dataclass(frozen=True, slots=True)
class PageJob:
    output: str  # file path inside the output folder
    template: str
    lang: str
    key: str  # the page's path below its language root; same in every language
    kind: str  # its route's kind (see urls.py)
    context: dict[str, Any]
    inputs: tuple[str, ...] = ()  # entry slugs it shows, or ALL
    translatable: bool = True  # False: exists in one language only (404.html)


@dataclass(frozen=True, slots=True)
class YearGroup:
    year: int
    entries: tuple[Entry, ...]


def group_by_year(entries: Sequence[Entry]) -> tuple[YearGroup, ...]:
    return tuple(YearGroup(year, tuple(items)) for year, items in groupby(entries, key=attrgetter("date.year")))


@dataclass(frozen=True, slots=True)
class YearLink:
    """A year in a year page's navigation: the year alone, so that editing another year's entry leaves the page be."""

    year: int


def year_links(groups: Sequence[YearGroup]) -> tuple[YearLink, ...]:
    return tuple(YearLink(group.year) for group in groups)


def same_value(a: Any, b: Any) -> bool:
    """Equal and rendered alike: of one type, and dicts in the same order (templates loop over them)."""
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    if type(a) is dict:
        return len(a) == len(b) and all(
            ka == kb and same_value(va, vb) for (ka, va), (kb, vb) in zip(a.items(), b.items(), strict=True)
        )
    return bool(a == b)


@dataclass(frozen=True, slots=True)
class Plan:
    """A render's jobs by output, and the language sites they were planned from: the next plan reuses them."""

    jobs: Mapping[str, PageJob] = field(default_factory=dict)
    sites: Mapping[str, LanguageSite] = field(default_factory=dict)


def touched_indices(old: Sequence[Entry], new: Sequence[Entry]) -> set[int] | None:
    """Positions whose entry or a neighbour is not the very object it was; None when the list changed length."""
    if len(old) != len(new):
        return None
    return {
        near
        for index, (a, b) in enumerate(zip(old, new, strict=True))
        if a is not b
        for near in (index - 1, index, index + 1)
    }


class Reuse:
    """The previous plan's jobs, handed back when a new job would be made of equal values.

    A page's `site` counts as its frame (see memo.py), and as its entries too
    when the job's inputs are ALL; every other context value counts whole.
    """

    def __init__(self, previous: Mapping[str, PageJob], site: LanguageSite, common: dict[str, Any]) -> None:
        self.previous = previous
        self.site = site
        self.common = common
        self.frames: dict[tuple[int, bool], bool] = {}  # (id of an older job's common values, ALL) -> same

    def job(self, output: str, template: str, inputs: tuple[str, ...], context: dict[str, Any]) -> PageJob | None:
        old = self.previous.get(output)
        if old is None or old.template != template or old.inputs != inputs:
            return None
        if len(old.context) != len(self.common) + len(context) or not self.same_common(old, ALL in inputs):
            return None
        for name, value in context.items():
            if name not in old.context or not same_value(old.context[name], value):
                return None
        return old

    def same_common(self, old: PageJob, every_entry: bool) -> bool:
        """Whether an older job's site frame, config and categories (and entries, for ALL) equal the new ones."""
        site = old.context.get("site")
        memo_key = (id(site), every_entry)
        same = self.frames.get(memo_key)
        if same is None:
            new = self.site
            same = isinstance(site, LanguageSite) and (
                (site.lang, site.title, site.description, site.pages, site.categories)
                == (new.lang, new.title, new.description, new.pages, new.categories)
                and (not every_entry or site.entries == new.entries)
                and all(
                    name in old.context and same_value(old.context[name], v)
                    for name, v in self.common.items()
                    if name != "site"
                )
            )
            self.frames[memo_key] = same
        return same


ReadsEveryEntry = Callable[[str], bool]  # template name -> whether it reads `site.entries`


def plan_site(
    content: Content,
    config: SiteConfig,
    urls: Urls,
    reads_every_entry: ReadsEveryEntry,
    previous: Plan | None = None,
) -> list[PageJob]:
    """Every HTML page of every language, in a stable order; `previous` jobs kept where equal."""
    jobs: list[PageJob] = []
    for site in content.languages:
        jobs.extend(plan_language(site, config, urls, reads_every_entry, previous or Plan()))
    return jobs


def plan_language(
    site: LanguageSite,
    config: SiteConfig,
    urls: Urls,
    reads_every_entry: ReadsEveryEntry,
    previous: Plan,
) -> Iterable[PageJob]:
    lang = site.lang
    categories = {c.slug: c for c in site.categories}
    common = {"site": site, "config": config, "categories": categories}
    reuse = Reuse(previous.jobs, site, common)

    def route(kind: str, **params: object) -> Route:
        return urls.route(kind, lang, **params)

    def job(at: Route, template: str, inputs: tuple[str, ...], **context: Any) -> PageJob:
        output = urls.output(at)
        if reads_every_entry(template):
            inputs = (*inputs, ALL)
        kept = reuse.job(output, template, inputs, context)
        return kept or PageJob(output, template, lang, at.key, at.kind, {**common, **context}, inputs)

    years = group_by_year(site.entries)
    split = len(site.entries) > config.page_size
    eras, starts = site_eras(config.eras, site.entries, lang)
    yield job(
        route("timeline"),
        "timeline.html",
        (),
        years=years,
        split_by_year=split,
        chart=make_chart(site),
        eras=eras,
        era_starts=starts,
    )
    if split:
        links = year_links(years)
        for group in years:
            slugs = tuple(e.slug for e in group.entries)
            year_starts = {slug: starts[slug] for slug in slugs if slug in starts}
            yield job(
                route("year", year=group.year), "year.html", slugs, group=group, years=links, era_starts=year_starts
            )
    before = previous.sites.get(lang)
    touched = touched_indices(before.entries, site.entries) if before else None
    every_entry = reads_every_entry("entry.html")
    for index, entry in enumerate(site.entries):
        if touched is not None and index not in touched:  # its entry and neighbours are as they were
            kept = previous.jobs.get(urls.output(route("entry", slug=entry.slug)))
            if kept and (ALL in kept.inputs) == every_entry and reuse.same_common(kept, every_entry):
                yield kept
                continue
        previous_entry = site.entries[index - 1] if index > 0 else None
        following = site.entries[index + 1] if index + 1 < len(site.entries) else None
        neighbours = tuple(e.slug for e in (previous_entry, entry, following) if e)
        yield job(
            route("entry", slug=entry.slug),
            "entry.html",
            neighbours,
            entry=entry,
            previous=previous_entry,
            next=following,
            year_split=split,
        )
    members: dict[str, list[Entry]] = {slug: [] for slug in categories}
    for entry in site.entries:  # one pass, not one per category
        for slug in set(entry.categories) & members.keys():
            members[slug].append(entry)
    yield job(route("categories"), "categories.html", (), counts={slug: len(items) for slug, items in members.items()})
    for slug, category in categories.items():
        items = tuple(members[slug])
        category_years = group_by_year(items)
        split_category = len(items) > config.page_size
        inputs = tuple(e.slug for e in items) or (f"category:{slug}",)
        yield job(
            route("category", slug=slug),
            "category.html",
            inputs,
            category=category,
            years=category_years,
            split_by_year=split_category,
            count=len(items),
        )
        if split_category:
            links = year_links(category_years)
            for group in category_years:
                yield job(
                    route("category_year", slug=slug, year=group.year),
                    "category_year.html",
                    tuple(e.slug for e in group.entries),
                    category=category,
                    group=group,
                    years=links,
                )
    corrected = sorted(
        ((c, e) for e in site.entries for c in e.corrections),
        key=lambda pair: (pair[0].date.sort_key, pair[1].slug),
        reverse=True,
    )
    yield job(route("corrections"), "corrections.html", tuple(e.slug for _, e in corrected), corrections=corrected)
    yield job(route("search"), "search.html", (), years=year_links(years), split_by_year=split)
    for page in site.pages:
        yield job(route("page", slug=page.slug), "page.html", (f"page:{page.slug}",), page=page)


@dataclass(frozen=True, slots=True)
class SiteLanguage:
    """A language's name for the site, for the one 404 page that greets every language."""

    lang: str
    title: str
    description: str


def not_found_job(content: Content, config: SiteConfig, urls: Urls, reads_every_entry: ReadsEveryEntry) -> PageJob:
    """404.html, in every language: GitHub Pages serves this one file for any missing address."""
    site = content.languages[0]
    languages = tuple(SiteLanguage(s.lang, s.title, s.description) for s in content.languages)
    context = {
        "site": site,
        "config": config,
        "categories": {c.slug: c for c in site.categories},
        "languages": languages,
    }
    inputs = (ALL,) if reads_every_entry("404.html") else ()
    at = urls.route("not_found", None)
    return PageJob(urls.output(at), "404.html", site.lang, at.key, at.kind, context, inputs, translatable=False)
