"""Jinja environments per language, and the plan of every page to render.

`plan_site` is pure: it turns loaded content into PageJobs, each naming its
output path, template, context and the inputs it depends on (for the dev
server's incremental rebuilds). Given the previous plan, it hands back the
previous job wherever the new one would be made of equal values, so that the
render memo knows an unchanged page by identity instead of hashing it again.
`Renderer.render` turns a job into bytes.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter
from pathlib import Path as FsPath
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, TemplateError, nodes, select_autoescape
from jinja2.utils import htmlsafe_json_dumps

from .chart import make_chart
from .config import SiteConfig
from .content import Content, Entry, LanguageSite
from .i18n import format_partial, format_period, language_name

ALL = "*"  # an input meaning "every entry of the language": its template reads `site.entries`


@dataclass(frozen=True, slots=True)
class Urls:
    """Every URL the site prints, so that a base sub-path is never forgotten."""

    base_url: str
    base_path: str
    languages: tuple[str, ...]
    assets: dict[str, str] = field(default_factory=dict)  # logical name -> hashed name

    def prefix(self, lang: str) -> str:
        return "" if lang == self.languages[0] else f"{lang}/"

    def path(self, lang: str, key: str = "") -> str:
        return f"{self.base_path}{self.prefix(lang)}{key}"

    def absolute(self, lang: str, key: str = "") -> str:
        return f"{self.base_url}{self.prefix(lang)}{key}"

    def asset(self, name: str) -> str:
        return f"{self.base_path}assets/{self.assets.get(name, name)}"

    def output_file(self, lang: str, key: str) -> str:
        """The file a page key is written to: pretty URLs end in index.html."""
        path = f"{self.prefix(lang)}{key}"
        return f"{path}index.html" if path == "" or path.endswith("/") else path


@dataclass(frozen=True, slots=True)
class PageJob:
    output: str  # file path inside the output folder
    template: str
    lang: str
    key: str  # the page's path below its language root; same in every language
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


def json_ld(entry: Entry, site: LanguageSite, lang: str, urls: Urls) -> dict[str, Any]:
    """schema.org Event data for an entry page, with its sources as citations."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": entry.title,
        "description": entry.summary,
        "startDate": entry.date.iso,
        "url": urls.absolute(lang, f"entries/{entry.slug}/"),
        "inLanguage": entry.lang,
        "eventStatus": "https://schema.org/EventScheduled",
        "isPartOf": {"@type": "WebSite", "name": site.title, "url": urls.absolute(lang)},
        "citation": [
            {
                k: v
                for k, v in {"@type": "CreativeWork", "name": s.title, "url": s.url, "publisher": s.publisher}.items()
                if v
            }
            for s in entry.sources
        ],
    }
    if entry.end_date:
        data["endDate"] = entry.end_date.iso
    return data


def _sorted_json(value: Any, **options: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, **options)


class EntryFragments:
    """What a macro makes of an entry, kept while that Entry lives: a card is the same on every list page.

    One per language environment, where the macro's other arguments (the
    categories, the language) are the same for every call; a new Renderer (new
    templates, catalogues or config) starts afresh. An edited entry is a new
    Entry, so its card is made again, and the old one goes with the old Entry.
    """

    def __init__(self) -> None:
        self.made: dict[tuple[str, int], Any] = {}

    def __call__(self, macro: Any, entry: Entry, *args: Any) -> Any:
        key = (macro.name, id(entry))
        made = self.made.get(key)
        if made is None:
            made = self.made[key] = macro(entry, *args)
            weakref.finalize(entry, self.made.pop, key, None)
        return made


def make_environment(template_dirs: Sequence[FsPath], lang: str, translations: Any, urls: Urls) -> Environment:
    """One environment per language: gettext and date filters are per language."""
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(d)) for d in template_dirs]),
        autoescape=select_autoescape(["html", "xml", "svg"], default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.install_gettext_translations(translations, newstyle=True)
    env.filters["period"] = lambda entry: format_period(entry.date, entry.end_date, lang)
    env.filters["date"] = lambda date: format_partial(date, lang)
    env.filters["tojson_sorted"] = lambda value: htmlsafe_json_dumps(value, dumps=_sorted_json)
    env.globals.update(
        url=lambda key="": urls.path(lang, key),
        url_in=urls.path,
        absolute=lambda key="": urls.absolute(lang, key),
        asset=urls.asset,
        language_name=language_name,
        base_path=urls.base_path,
        event_json_ld=lambda entry, site: json_ld(entry, site, lang, urls),
        once=EntryFragments(),
    )
    return env


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

    def job(key: str, template: str, inputs: tuple[str, ...], **context: Any) -> PageJob:
        output = urls.output_file(lang, key)
        if reads_every_entry(template):
            inputs = (*inputs, ALL)
        kept = reuse.job(output, template, inputs, context)
        return kept or PageJob(output, template, lang, key, {**common, **context}, inputs)

    years = group_by_year(site.entries)
    split = len(site.entries) > config.page_size
    yield job("", "timeline.html", (), years=years, split_by_year=split, chart=make_chart(site))
    if split:
        links = year_links(years)
        for group in years:
            yield job(
                f"years/{group.year}/", "year.html", tuple(e.slug for e in group.entries), group=group, years=links
            )
    before = previous.sites.get(lang)
    touched = touched_indices(before.entries, site.entries) if before else None
    every_entry = reads_every_entry("entry.html")
    for index, entry in enumerate(site.entries):
        if touched is not None and index not in touched:  # its entry and neighbours are as they were
            kept = previous.jobs.get(urls.output_file(lang, f"entries/{entry.slug}/"))
            if kept and (ALL in kept.inputs) == every_entry and reuse.same_common(kept, every_entry):
                yield kept
                continue
        previous_entry = site.entries[index - 1] if index > 0 else None
        following = site.entries[index + 1] if index + 1 < len(site.entries) else None
        neighbours = tuple(e.slug for e in (previous_entry, entry, following) if e)
        yield job(
            f"entries/{entry.slug}/",
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
    yield job("categories/", "categories.html", (), counts={slug: len(items) for slug, items in members.items()})
    for slug, category in categories.items():
        items = tuple(members[slug])
        category_years = group_by_year(items)
        split_category = len(items) > config.page_size
        inputs = tuple(e.slug for e in items) or (f"category:{slug}",)
        yield job(
            f"categories/{slug}/",
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
                    f"categories/{slug}/years/{group.year}/",
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
    yield job("corrections/", "corrections.html", tuple(e.slug for _, e in corrected), corrections=corrected)
    yield job("search/", "search.html", (), years=year_links(years), split_by_year=split)
    for page in site.pages:
        yield job(f"{page.slug}/", "page.html", (f"page:{page.slug}",), page=page)


def not_found_job(content: Content, config: SiteConfig, reads_every_entry: ReadsEveryEntry) -> PageJob:
    site = content.languages[0]
    context = {"site": site, "config": config, "categories": {c.slug: c for c in site.categories}}
    inputs = (ALL,) if reads_every_entry("404.html") else ()
    return PageJob("404.html", "404.html", site.lang, "404.html", context, inputs, translatable=False)


def reads_site_entries(env: Environment, name: str, seen: set[str] | None = None) -> bool:
    """Whether a template, or one it extends, includes or imports, reads `site.entries`.

    Such a page shows every entry, so any entry's edit changes it. A template
    that cannot be read, or names another one only known while rendering,
    counts as reading them: the render reports its errors.
    """
    seen = set() if seen is None else seen
    if name in seen:
        return False
    seen.add(name)
    try:
        tree = env.parse(env.loader.get_source(env, name)[0]) if env.loader else None
    except (TemplateError, OSError):
        return True
    if tree is None:
        return True
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        field = node.attr if isinstance(node, nodes.Getattr) else getattr(node.arg, "value", None)
        if field == "entries" and isinstance(node.node, nodes.Name) and node.node.name == "site":
            return True
    for node in tree.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)):
        named = node.template
        items = named.items if isinstance(named, nodes.List | nodes.Tuple) else [named]
        if not all(isinstance(item, nodes.Const) and isinstance(item.value, str) for item in items):
            return True
        if any(reads_site_entries(env, item.value, seen) for item in items):
            return True
    return False


class Renderer:
    """Renders PageJobs with one environment per language."""

    def __init__(
        self, template_dirs: Sequence[FsPath], config: SiteConfig, urls: Urls, translations: Callable[[str], Any]
    ) -> None:
        self.urls = urls
        self.config = config
        self.envs = {lang: make_environment(template_dirs, lang, translations(lang), urls) for lang in config.languages}
        self.every_entry: dict[str, bool] = {}

    def reads_every_entry(self, template: str) -> bool:
        """Whether the template reads `site.entries` (see reads_site_entries), found once per template."""
        known = self.every_entry.get(template)
        if known is None:
            env = self.envs[self.config.languages[0]]
            known = self.every_entry[template] = reads_site_entries(env, template)
        return known

    def render(self, job: PageJob) -> bytes:
        template = self.envs[job.lang].get_template(job.template)
        languages = self.config.languages if job.translatable else ()
        alternates = [(lang, self.urls.path(lang, job.key), self.urls.absolute(lang, job.key)) for lang in languages]
        html = template.render(
            **job.context,
            lang=job.lang,
            key=job.key,
            alternates=alternates,
            canonical=self.urls.absolute(job.lang, job.key),
        )
        return html.encode("utf-8")
