"""Jinja environments per language, and a page's bytes from its PageJob (see plan.py).

Every URL a page prints comes from urls.py, through the templates' one helper
`url(kind, ...)`, so that a base sub-path is never forgotten;
`reads_site_entries` tells the planner which templates list every entry.
"""

from __future__ import annotations

import json
import os
import sys
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, TemplateError, nodes, select_autoescape
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from .citations import cite_labels
from .config import SiteConfig
from .content import Entry, LanguageSite
from .csp import page_globals
from .digest import digest
from .errors import Problem, SiteError
from .i18n import format_partial, format_period, language_name, og_locale
from .lookalikes import MARK, fold_attribute
from .share import correction_url, edit_url, share_links
from .typography import unbroken_numbers
from .urls import Route, Urls

if TYPE_CHECKING:
    from .plan import PageJob


def json_ld(entry: Entry, site: LanguageSite, lang: str, urls: Urls) -> dict[str, Any]:
    """schema.org Event data for an entry page, with its sources as citations."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": entry.title,
        "description": entry.summary,
        "startDate": entry.date.iso,
        "url": urls.absolute(urls.route("entry", lang, slug=entry.slug)),
        "inLanguage": entry.lang,
        "eventStatus": "https://schema.org/EventScheduled",
        "isPartOf": {"@type": "WebSite", "name": site.title, "url": urls.absolute(urls.route("timeline", lang))},
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


class SiteFragments:
    """Parts many pages of a language share (navigation, search box, footer), each rendered once.

    `fragment(name, site, **values)` renders the template `name` seeing only
    the site, the language, the globals and `values`, so those are the whole
    key: `values` must be few and hashable (a page's section, not its key).
    The fragments are kept while the site is the same object (a LanguageSite
    is frozen); a new one, from the next build, starts afresh.
    """

    def __init__(self, env: Environment, lang: str) -> None:
        self.env = env
        self.lang = lang
        self.site: LanguageSite | None = None
        self.made: dict[tuple[Any, ...], Markup] = {}

    def __call__(self, name: str, site: LanguageSite, **values: Any) -> Markup:
        if site is not self.site:
            self.site, self.made = site, {}
        key = (name, *sorted(values.items()))
        made = self.made.get(key)
        if made is None:
            made = self.made[key] = Markup(self.env.get_template(name).render(site=site, lang=self.lang, **values))
        return made


AUTOESCAPED = ("html", "xml", "svg")
OPTIONS: dict[str, Any] = {
    "extensions": ["jinja2.ext.i18n"],
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
}


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept in the build cache, so that a build compiles only templates whose source changed.

    Jinja checks each kept file against its template's source; the folder is
    named after what else the compiled code depends on (Jinja, Python, the
    environment's options). A damaged file is compiled afresh; a folder that
    cannot be written costs only the compiling.
    """

    def __init__(self, folder: FsPath) -> None:
        what = repr((jinja2.__version__, sys.version, AUTOESCAPED, sorted(OPTIONS.items())))
        super().__init__(str(folder / f"templates-{digest(what.encode())[:16]}"))

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except OSError:  # the folder is a file, say
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


def make_environment(
    template_dirs: Sequence[FsPath], lang: str, translations: Any, urls: Urls, compiled: FsPath | None = None
) -> Environment:
    """One environment per language: gettext and date filters are per language; `compiled`: see CompiledTemplates."""
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(d)) for d in template_dirs]),
        autoescape=select_autoescape(list(AUTOESCAPED), default_for_string=True),
        undefined=StrictUndefined,
        bytecode_cache=CompiledTemplates(compiled) if compiled else None,
        **OPTIONS,
    )
    env.install_gettext_translations(translations, newstyle=True)
    env.filters["period"] = lambda entry: format_period(entry.date, entry.end_date, lang)
    env.filters["date"] = lambda date: format_partial(date, lang)
    env.filters["tojson_sorted"] = lambda value: htmlsafe_json_dumps(value, dumps=_sorted_json)
    env.filters["cite_labels"] = cite_labels
    env.filters["unbroken_numbers"] = unbroken_numbers

    def url(kind: str, lang: str = lang, **params: object) -> str:
        """The templates' one way to a URL: `url('entry', slug=entry.slug)`, `url('asset', name='site.js')`."""
        return urls.url(urls.route(kind, lang, **params))

    env.globals.update(
        url=url,
        language_name=language_name,
        og_locale=og_locale(lang),
        event_json_ld=lambda entry, site: json_ld(entry, site, lang, urls),
        search_folds=fold_attribute(lang),  # lookalike letters the search box folds, with the index's MARK
        search_fold_mark=MARK,
        once=EntryFragments(),
        share_links=share_links,
        correction_url=correction_url,
        edit_url=edit_url,
    )
    env.globals["fragment"] = SiteFragments(env, lang)
    return env


def reads_site_entries(env: Environment, name: str, seen: set[str] | None = None) -> bool:
    """Whether a template, or one it extends, includes, imports or renders as a fragment, reads `site.entries`.

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
    for node in tree.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport, nodes.Call)):
        if isinstance(node, nodes.Call):  # fragment("partials/x.html", ...): see SiteFragments
            if not (isinstance(node.node, nodes.Name) and node.node.name == "fragment"):
                continue
            named = node.args[0] if node.args else None
        else:
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
        self,
        template_dirs: Sequence[FsPath],
        config: SiteConfig,
        urls: Urls,
        translations: Callable[[str], Any],
        compiled: FsPath | None = None,  # the build cache's folder, where compiled templates are kept
    ) -> None:
        self.urls = urls
        self.config = config
        self.envs = {
            lang: make_environment(template_dirs, lang, translations(lang), urls, compiled) for lang in config.languages
        }
        gettext_in = {lang: env.globals["gettext"] for lang, env in self.envs.items()}  # 404.html speaks each
        for env in self.envs.values():
            env.globals.update(page_globals(config.categories))  # the policy allows the colours' inline style
            env.globals["gettext_in"] = gettext_in
        self.every_entry: dict[str, bool] = {}
        self.ready: dict[str, tuple[PageJob, bytes]] = {}  # pages rendered ahead in other processes, by output

    def take(self, pages: dict[str, tuple[PageJob, bytes]]) -> None:
        """Pages rendered ahead (parallel.render_pages): `render_job` hands each out once, for that very job."""
        self.ready = pages

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
        here = Route(job.kind, job.lang, job.key)
        others = [here.in_language(lang) for lang in languages]
        alternates = [(other.lang, self.urls.url(other), self.urls.absolute(other)) for other in others]
        html = template.render(
            **job.context,
            lang=job.lang,
            page_kind=job.kind,
            here=self.urls.url(here),
            alternates=alternates,
            canonical=self.urls.absolute(here),
        )
        return html.encode("utf-8")


def render_job(renderer: Renderer, job: PageJob) -> bytes:
    """Render one page; a template mistake becomes a Problem naming file and line."""
    ready = renderer.ready.pop(job.output, None)
    if ready is not None and ready[0] is job:
        return ready[1]
    try:
        return renderer.render(job)
    except jinja2.TemplateSyntaxError as error:
        raise SiteError(
            [Problem(template_path(error.filename, error.name), error.lineno, None, f"template error: {error.message}")]
        ) from None
    except (jinja2.TemplateError, ArithmeticError, LookupError, TypeError, ValueError, AttributeError) as error:
        line, name = _template_frame(error)
        raise SiteError(
            [
                Problem(
                    name or f"templates/{job.template}",
                    line,
                    None,
                    f"template error while rendering {job.output}: {error}",
                )
            ]
        ) from None


def template_path(filename: str | None, name: str | None) -> str:
    """`templates/x.html`, relative to the site (or project) that holds the template."""
    if filename:
        path = FsPath(filename).resolve()
        folder = next((p for p in path.parents if p.name == "templates"), None)
        return path.relative_to(folder.parent).as_posix() if folder else path.as_posix()
    return f"templates/{name}"


def _template_frame(error: BaseException) -> tuple[int | None, str | None]:
    """The innermost template frame of a runtime error's traceback."""
    tb = error.__traceback__
    found: tuple[int | None, str | None] = (None, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".html") or filename.endswith(".xml"):
            found = (tb.tb_lineno, template_path(filename, None))
        tb = tb.tb_next
    return found
