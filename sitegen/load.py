"""Read content/ into Entries and Pages: every field of every file checked.

Reading (I/O) and parsing (pure, memoised per file text) are separate so the
dev server and the build cache can skip files that did not change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from operator import itemgetter
from typing import Any

from .citations import citation_problems
from .config import SiteConfig
from .content import Content, Correction, Entry, LanguageSite, Page, Source
from .errors import Problem
from .fields import INVALID, Field, Path, Schema, check_fields, field_label
from .front_matter import read_front_matter
from .limits import check_body
from .markup import Markup, Rendered
from .media import MEDIA_FIELD, MediaRef, body_images, field_refs, language_media
from .names import default_slug, file_date_problem, file_name_problems, split_name
from .read import SourceFile
from .sanitise import removal_warnings
from .scaffold import placeholder_problems
from .schema import Bool, DateField, Integer, ListOf, Slug, Table, Text, Url
from .suggest import category_guess, language_problem
from .translations import ENTRY_OWN, PAGE_OWN, check_translation, language_sources, translation_schema, unfinished

DRAFT_HINT = "add one before you publish"

SOURCE_SCHEMA = Schema(
    Field("title", Text(), required=True, doc="the document's or article's title"),
    Field("url", Url(), doc="absolute http(s) address; leave out when there is none"),
    Field("publisher", Text(), doc="who published it; required when there is no url"),
    Field("date", DateField(), doc="YYYY, YYYY-MM or YYYY-MM-DD"),
    Field("archived_url", Url(), doc="a copy in an archive, e.g. web.archive.org"),
)

CORRECTION_SCHEMA = Schema(
    Field("date", DateField(), required=True, doc="the day of the correction, YYYY-MM-DD"),
    Field("note", Text(), required=True, doc="what was corrected"),
)

ENTRY_SCHEMA = Schema(
    Field("title", Text(), required=True, doc="Headline of the event."),
    Field("date", DateField(), required=True, doc="YYYY, YYYY-MM or YYYY-MM-DD, as precise as the sources allow."),
    Field("end_date", DateField(), doc="For periods: the last date, same forms, not before date."),
    Field(
        "categories",
        ListOf(Text(), "a list of category slugs", min_items=1),  # not Slug(): a title gets a did-you-mean
        required=True,
        doc="One or more slugs from site.toml.",
    ),
    Field(
        "sources",
        ListOf(Table(SOURCE_SCHEMA, "a source with title, url, publisher, date"), "a list of sources", min_items=1),
        required=True,
        doc="One or more sources: title, url or publisher, date, archived_url; a draft may have none yet.",
    ),
    Field("summary", Text(), doc="One sentence; default: the body's first paragraph."),
    Field("slug", Slug(), doc="The URL name; default: the file name without .md and its leading date."),
    Field(
        "draft", Bool(), default=False, doc="true keeps the entry out of the build unless --drafts; `new` writes it."
    ),
    Field(
        "weight", Integer(), default=0, doc="Orders entries of the same date: lower first (default 0), then by title."
    ),
    Field("key", Bool(), default=False, doc="true marks a turning point: emphasised, and listed under Key moments."),
    Field(
        "corrections",
        ListOf(Table(CORRECTION_SCHEMA, "a correction with date and note"), "a list of corrections"),
        default=(),
        doc="Dated notes of corrections: [{date, note}].",
    ),
    MEDIA_FIELD,
)

TRANSLATION_SCHEMA = translation_schema(ENTRY_SCHEMA, ENTRY_OWN)

# Entry and Page are made from an original and its translation, so load.py fills them in by hand; these
# checks make a field added to a schema and not to its class (or the other way) fail on import.
check_fields(Source, SOURCE_SCHEMA)
check_fields(Correction, CORRECTION_SCHEMA)
check_fields(Entry, ENTRY_SCHEMA, computed=("lang", "body_html", "path", "headings", "translated", "cited"))

PAGE_SCHEMA = Schema(
    Field("title", Text(), required=True, doc="The page's title."),
    Field("slug", Slug(), doc="The URL name; default: the file name without .md."),
)

PAGE_TRANSLATION_SCHEMA = translation_schema(PAGE_SCHEMA, PAGE_OWN)
check_fields(Page, PAGE_SCHEMA, computed=("lang", "body_html", "path", "headings", "translated"))


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """One file checked on its own: its typed fields, lines and rendered body."""

    path: str
    kind: str  # "entry" or "page"
    key: str  # path without language suffix and .md: pairs originals with translations
    lang: str | None  # None: the default language
    fields: dict[str, Any]
    lines: dict[Path, int]
    rendered: Rendered
    problems: tuple[Problem, ...] = ()
    placeholders: bool = False  # still holds text `new` wrote: a translation like this is not yet translated
    media: tuple[MediaRef, ...] = ()  # the image files it names, for media_files.py to read

    def line(self, *at: str | int) -> int | None:
        return self.lines.get(tuple(at)) or self.lines.get(tuple(at[:1]))


def parse_inputs(config: SiteConfig) -> tuple[str, ...]:
    """What `parse_file` reads from site.toml: languages, and categories with their titles for did-you-means."""
    categories = (f"{c.slug}={c.title}|{'|'.join(t.title for t in c.translations.values())}" for c in config.categories)
    return (",".join(config.languages), *categories)


def parse_file(source: SourceFile, config: SiteConfig, markup: Markup) -> ParsedFile:
    """Check one file on its own; problems that need other files come later."""
    rel = source.path
    kind, lang, key = split_name(rel)
    empty = ParsedFile(rel, kind, key, lang, {}, {}, Rendered("", "", ()), ())
    if source.problem:
        return _with(empty, [source.problem])
    if lang is not None and lang not in config.languages[1:]:
        return _with(empty, [language_problem(rel, lang, key, config.languages[1:])])
    front, problems = read_front_matter(rel, source.text or "")
    if front is None:
        return _with(empty, problems)
    lines = front.lines

    def report(at: Path, message: str, hint: str | None) -> None:
        line = next((lines[at[:n]] for n in range(len(at), 0, -1) if at[:n] in lines), 1)  # a key left out: its item
        problems.append(Problem(rel, line, field_label(at), message, hint))

    if kind == "entry":
        schema = ENTRY_SCHEMA if lang is None else TRANSLATION_SCHEMA
    else:
        schema = PAGE_SCHEMA if lang is None else PAGE_TRANSLATION_SCHEMA
    data, draft = front.data, kind == "entry" and lang is None and _is_draft(front.data)
    if draft and not data.get("sources"):  # a draft is unfinished: it may have no sources yet
        data = {name: value for name, value in data.items() if name != "sources"}
        problems.append(Problem(rel, lines.get(("draft",)), None, "a draft without sources", DRAFT_HINT, True))
    fields = schema.parse(data, (), report, optional=frozenset({"sources"}) if draft else frozenset())
    if kind == "entry" and lang is None:
        _check_entry(fields, config, report)
        date = fields.get("date")
        dated = file_date_problem(rel, key, date, lines.get(("date",))) if date not in (None, INVALID) else None
        problems.extend([dated] if dated else [])
    placeholders = []
    if kind == "entry" and not draft:
        placeholders = placeholder_problems(rel, front, lang, config.default_language)
        problems.extend(placeholders)
    problems.extend(file_name_problems(rel, key) if lang is None and fields.get("slug") is None else ())
    limits = check_body(rel, front.body, front.body_line)
    problems.extend(limits)
    rendered = empty.rendered if limits else _render(markup, rel, front.body, front.body_line, problems)
    problems.extend(removal_warnings(rel, front.body, front.body_line - 1, rendered.removed))
    refs = field_refs(rel, fields.get("media"), lines.get, report)
    body, images, image_problems = body_images(rel, front.body, front.body_line, rendered.html)
    problems.extend(image_problems)
    rendered = replace(rendered, html=body) if images else rendered
    return ParsedFile(
        rel, kind, key, lang, fields, lines, rendered, tuple(problems), bool(placeholders), (*refs, *images)
    )


def _is_draft(data: Any) -> bool:
    return isinstance(data, dict) and Bool.WORDS.get(str(data.get("draft")).strip().lower()) is True


def _render(markup: Markup, rel: str, body: str, body_line: int, problems: list[Problem]) -> Rendered:
    """The body as HTML; nesting the scan in limits.py let through still gives a problem, not a traceback."""
    try:
        return markup.render(body, body_line)
    except RecursionError:
        hint = "flatten nested lists, quotes and emphasis"
        problems.append(Problem(rel, body_line + 1, "body", "is nested too deeply to convert", hint))
        return Rendered("", "", ())


def _with(parsed: ParsedFile, problems: list[Problem]) -> ParsedFile:
    return ParsedFile(parsed.path, parsed.kind, parsed.key, parsed.lang, {}, {}, parsed.rendered, tuple(problems))


def _check_entry(fields: dict[str, Any], config: SiteConfig, report: Any) -> None:
    """Checks across fields of one entry."""
    date, end = fields.get("date"), fields.get("end_date")
    if date not in (None, INVALID) and end not in (None, INVALID) and end.last_day() < date.first_day():
        report(("end_date",), f"{end.iso} is before date {date.iso}", "end_date must not be before date")
    known = [c.slug for c in config.categories]
    categories = fields.get("categories")
    if categories not in (None, INVALID):
        for i, slug in enumerate(categories):
            if slug not in known:
                guess = category_guess(slug, config.categories)
                hint = f"did you mean '{guess}'?" if guess else f"defined in site.toml: {', '.join(known)}"
                report(("categories", i), f"unknown category '{slug}'", hint)
    sources = fields.get("sources")
    if sources not in (None, INVALID):
        for i, source in enumerate(sources):
            if not source.get("url") and not source.get("publisher"):
                report(
                    ("sources", i),
                    "a source without url must name its publisher",
                    "add publisher: (e.g. the gazette or newspaper) or url:",
                )


@dataclass
class _Group:
    original: ParsedFile | None = None
    translations: dict[str, ParsedFile] = field(default_factory=dict)


EntryMemo = dict[tuple[int, int, str], tuple[ParsedFile, ParsedFile | None, SiteConfig, Entry, tuple[Any, ...]]]


def assemble(
    parsed: Iterable[ParsedFile], config: SiteConfig, *, drafts: bool, memo: EntryMemo | None = None
) -> tuple[Content, list[Problem]]:
    """Checks across files, translations paired, languages built; pure.

    `memo` (updated in place) keeps each Entry while its files and the config
    are the same objects: a long-running process re-parses only changed files.
    """
    problems: list[Problem] = []
    groups: dict[tuple[str, str], _Group] = {}
    originals = set()  # with problems or not: a translation of one with problems is no orphan
    for item in parsed:
        problems.extend(item.problems)
        originals.update([(item.kind, item.key)] if item.lang is None else [])
        if not item.fields or any(not p.warning for p in item.problems):  # one with warnings only is still built
            continue
        group = groups.get((item.kind, item.key))
        if group is None:
            group = groups[(item.kind, item.key)] = _Group()
        if item.lang is None:
            group.original = item
        else:
            group.translations[item.lang] = item
    entries: list[tuple[ParsedFile, dict[str, ParsedFile]]] = []
    pages: list[tuple[ParsedFile, dict[str, ParsedFile]]] = []
    for (kind, key), group in sorted(groups.items()):
        if group.original is None:
            for translation in group.translations.values() if (kind, key) not in originals else ():
                problems.append(
                    Problem(
                        translation.path,
                        None,
                        None,
                        "is a translation without an original",
                        f"create {key}.md in the default language, or rename this file",
                    )
                )
            continue
        (entries if kind == "entry" else pages).append((group.original, group.translations))
    _check_unique_slugs(entries, "entry", problems)
    _check_unique_slugs(pages, "page", problems)
    problems.extend(citation_problems([*entries, *pages]))
    _check_translations(entries, pages, config, memo or {}, problems)
    if any(not p.warning for p in problems):
        return Content(()), problems
    if not drafts:
        entries = [(o, t) for o, t in entries if not o.fields["draft"]]
    made: EntryMemo = {}
    languages = tuple(_language_site(lang, entries, pages, config, memo or {}, made) for lang in config.languages)
    if memo is not None:
        memo.clear()
        memo.update(made)
    coverage = {site.lang: (sum(e.translated for e in site.entries), len(site.entries)) for site in languages}
    return Content(languages, coverage), problems


def _check_unique_slugs(
    items: list[tuple[ParsedFile, dict[str, ParsedFile]]], what: str, problems: list[Problem]
) -> None:
    by_slug: dict[str, list[ParsedFile]] = {}
    for original, _ in items:
        by_slug.setdefault(_slug(original), []).append(original)
    for slug, files in by_slug.items():
        if len(files) > 1:
            for file in files:
                others = ", ".join(f.path for f in files if f is not file)
                problems.append(
                    Problem(
                        file.path,
                        file.line("slug"),
                        "slug",
                        f"'{slug}' is used by another {what} too: {others}",
                        "give one of them a different file name or slug:",
                    )
                )


def _slug(original: ParsedFile) -> str:
    return original.fields.get("slug") or default_slug(original.key)


def _check_translations(
    entries: list[tuple[ParsedFile, dict[str, ParsedFile]]],
    pages: list[tuple[ParsedFile, dict[str, ParsedFile]]],
    config: SiteConfig,
    kept: EntryMemo,
    problems: list[Problem],
) -> None:
    """Each translation against its original; one not yet translated is dropped, its language shows the original."""
    for original, translations in [*entries, *pages]:
        for lang, translation in list(translations.items()):
            last = kept.get((id(original), id(translation), lang))
            if last is None or last[0] is not original or last[1] is not translation:  # else checked last time
                problems.extend(
                    check_translation(original, translation, ENTRY_OWN if original.kind == "entry" else PAGE_OWN)
                )
            if original.kind == "entry":
                same = unfinished(original, translation, lang, config.default_language)
                problems.extend(same)
                if same or translation.placeholders:
                    del translations[lang]


def _language_site(
    lang: str,
    entries: list[tuple[ParsedFile, dict[str, ParsedFile]]],
    pages: list[tuple[ParsedFile, dict[str, ParsedFile]]],
    config: SiteConfig,
    memo: EntryMemo,
    made: EntryMemo,
) -> LanguageSite:
    built = []
    for original, translations in entries:
        translation = translations.get(lang)
        key = (id(original), id(translation), lang)
        kept = memo.get(key)
        if kept and kept[0] is original and kept[1] is translation and kept[2] is config:
            made[key] = kept
        else:
            entry = _entry(original, translation, lang, config)
            made[key] = (original, translation, config, entry, entry.sort_key)
        built.append(made[key])
    built.sort(key=itemgetter(4))  # sort keys kept with the entries: a title's casefold costs
    if config.order == "descending":
        built.reverse()
    texts = config.translations.get(lang)
    return LanguageSite(
        lang=lang,
        title=(texts.title if texts and texts.title else config.title),
        description=(texts.description if texts and texts.description else config.description),
        entries=tuple(item[3] for item in built),
        pages=tuple(sorted((_page(o, t.get(lang), lang, config) for o, t in pages), key=lambda p: p.slug)),
        categories=tuple(c.in_language(lang, lang == config.default_language) for c in config.categories),
    )


def _entry(original: ParsedFile, translation: ParsedFile | None, lang: str, config: SiteConfig) -> Entry:
    own = original.fields
    text = translation.fields if translation else {}
    rendered = translation.rendered if translation else original.rendered
    notes = text.get("corrections") or ()
    corrections = tuple(
        Correction(c["date"], notes[i]["note"] if i < len(notes) else c["note"])
        for i, c in enumerate(own["corrections"] or ())
    )
    return Entry(
        slug=_slug(original),
        lang=translation.lang if translation and translation.lang else config.default_language,
        title=text.get("title") or own["title"],
        date=own["date"],
        end_date=own.get("end_date"),
        categories=tuple(own["categories"]),
        sources=language_sources(own["sources"] or (), text.get("sources") or ()),
        summary=text.get("summary") or (own.get("summary") if not translation else None) or rendered.first_paragraph,
        body_html=rendered.html,
        cited=rendered.cited,
        path=(translation or original).path,
        draft=bool(own["draft"]),
        key=bool(own["key"]),
        weight=own["weight"],
        corrections=corrections,
        headings=rendered.headings,
        translated=translation is not None or lang == config.default_language,
        media=language_media(original.path, own["media"] or (), text.get("media") or ()),
    )


def _page(original: ParsedFile, translation: ParsedFile | None, lang: str, config: SiteConfig) -> Page:
    source = translation or original
    return Page(
        slug=_slug(original),
        lang=source.lang or config.default_language,
        title=source.fields["title"],
        body_html=source.rendered.html,
        path=source.path,
        headings=source.rendered.headings,
        translated=translation is not None or lang == config.default_language,
    )
