"""`import`: a TimelineJS timeline as entry files, new categories and eras in site.toml, and a report.

Everything is planned first (and checked: site.toml as it would become must load), then
written, so that `--dry-run` prints the same report and a mistake writes nothing. Files are
created, never overwritten; site.toml only gains lines.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import yaml

from .categories import DEFAULT_PALETTE
from .config import CONFIG_FILE, SiteConfig, parse_config, toml_lines
from .content import PartialDate
from .errors import Problem, SiteError
from .htmltext import plain
from .i18n import format_period
from .importentry import Event, Skip, convert, entry_text, partial_date, quote, unfinished
from .importmedia import Fetcher, place
from .names import ENTRIES_DIR, default_slug, split_name
from .read import read_sources
from .scaffold import language_problems, make_slug
from .timelinejs import Slide, Timeline

IMPORTED = "Imported"  # the category of events that have no group


@dataclass(frozen=True, slots=True)
class NewCategory:
    slug: str
    title: str
    color: str


@dataclass(frozen=True, slots=True)
class NewEra:
    where: str  # the era's slide: 'era 2', 'row 3'
    title: str
    start: PartialDate
    end: PartialDate
    description: str


@dataclass
class Plan:
    """What the import will do; `report` prints it, `apply` does it."""

    timeline: Timeline
    lang: str
    config_text: str | None  # site.toml as it will be (line ends and all); None: unchanged
    bom: bool = False  # site.toml starts with a byte-order mark, which it keeps
    languages: tuple[str, ...] = ()
    files: list[tuple[str, str, Event]] = field(default_factory=list)  # (relative path, text, event)
    drafts: list[str] = field(default_factory=list)
    unfinished: list[str] = field(default_factory=list)  # drafts whose media item holds a placeholder
    pictures: list[tuple[str, bytes]] = field(default_factory=list)  # (relative path, downloaded bytes)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (where, why)
    categories: list[NewCategory] = field(default_factory=list)
    eras: list[NewEra] = field(default_factory=list)
    eras_skipped: list[str] = field(default_factory=list)  # 'era 2: why', for the report
    site_text: list[str] = field(default_factory=list)  # what became of the title slide


def plan_import(
    root: Path, timeline: Timeline, lang: str | None, downloader: Fetcher | None = None, dry_run: bool = False
) -> Plan:
    """Decide every file and line to write, downloading pictures when given a `downloader` (not on a dry run);
    SiteError when site.toml is, or would be, invalid."""
    original, bom = _read_config(root / CONFIG_FILE)
    text, site_text = _with_site_title(original, timeline.title, lang)
    config = _config(text)
    lang = lang or config.default_language
    wrong_language = language_problems(lang, config)
    if wrong_language:
        raise SiteError(wrong_language)
    plan = Plan(timeline, lang, None, bom, config.languages, site_text=site_text)
    taken = _taken_names(root)
    for slide in timeline.events:
        try:
            event = convert(slide, lang)
        except Skip as why:
            plan.skipped.append((slide.where, f"“{plain(slide.headline)}”: {why}" if slide.headline else str(why)))
            continue
        categories = _categories(slide, config, plan)
        slug = _free_slug(make_slug(event.title) or make_slug(event.unique_id) or "event", taken, event)
        item, picture, data = place(event, downloader, dry_run)
        rel = f"{ENTRIES_DIR}/{event.date.iso}-{slug}" + ("/index.md" if picture else ".md")
        taken.update({slug, rel})
        plan.files.append((rel, entry_text(event, categories, item), event))
        if data:
            plan.pictures.append((f"{rel.rpartition('/')[0]}/{picture}", data))
        if not event.sources:
            plan.drafts.append(rel)
        if unfinished(item):
            plan.unfinished.append(rel)
    _plan_eras(timeline.eras, config, plan)
    if plan.categories or plan.eras or text != original:
        end = "\r\n" if text and "\r\n" in text else "\n"
        addition = "".join(
            f"{end}[categories.{c.slug}]{end}title = {quote(c.title)}{end}color = {quote(c.color)}{end}"
            for c in plan.categories
        ) + "".join(_era_table(era, end) for era in plan.eras)
        plan.config_text = (text or "") + (end if text and not text.endswith("\n") else "") + addition
        _config(plan.config_text)  # what will be written loads
    return plan


def _read_config(path: Path) -> tuple[str | None, bool]:
    """site.toml's text exactly as it is (None when there is none yet), and whether it has a BOM."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, False
    except OSError as error:
        raise SiteError([Problem(CONFIG_FILE, None, None, f"cannot be read: {error.strerror}")]) from None
    try:
        return data.decode("utf-8-sig"), data.startswith(b"\xef\xbb\xbf")
    except UnicodeDecodeError:
        raise SiteError([Problem(CONFIG_FILE, None, None, "is not UTF-8 text", "save it as UTF-8")]) from None


def _config(text: str | None) -> SiteConfig:
    if text is None:
        raise SiteError(
            [Problem(CONFIG_FILE, None, None, "not found", "create it with a [site] title and description first")]
        )
    try:
        config, problems = parse_config(tomllib.loads(text), toml_lines(text))
    except tomllib.TOMLDecodeError as error:
        raise SiteError([Problem(CONFIG_FILE, None, None, f"invalid TOML: {error}")]) from None
    if config is None:
        raise SiteError(problems)
    return config


def _with_site_title(text: str | None, title: Slide | None, lang: str | None) -> tuple[str | None, list[str]]:
    """site.toml with the title slide's headline and text as the site's title and description where it has none."""
    if title is None:
        return text, []
    headline, description = plain(title.headline), plain(title.text)
    if not headline:
        return text, []
    try:
        data = tomllib.loads(text or "")
    except tomllib.TOMLDecodeError:
        return text, []  # the config check reports it
    site = data.get("site") if isinstance(data.get("site"), dict) else {}
    wanted = {"title": headline, "description": description or headline}
    missing = {key: value for key, value in wanted.items() if not site.get(key)}
    suggestion = [f"{key} = {quote(value)}" for key, value in wanted.items() if site.get(key) != value]
    if not missing:
        return text, [
            "site.toml keeps its own; the title slide suggests, for [site]:",
            *suggestion,
        ] if suggestion else []
    lines = [f"{key} = {quote(value)}\n" for key, value in missing.items()]
    notes = [f"site.{key} set from the title slide: {quote(value)}" for key, value in missing.items()]
    if not description and "description" in missing:
        notes.append("the title slide has no text, so site.description repeats the title: write one or two sentences")
    if text is None or "site" not in data:
        languages = f'languages = ["{lang}"]\n' if lang and text is None else ""
        header = "[site]\n" + "".join(lines) + languages
        return (header if text is None else header + "\n" + text), notes
    position = _after_header(text, "site")
    if position is None:
        return text, ["site.toml's [site] is written in a form this command does not edit; add to it:", *suggestion]
    return text[:position] + "".join(lines) + text[position:], notes


def _after_header(text: str, table: str) -> int | None:
    """The offset just after the `[table]` header line, or None when there is no such line."""
    offset = 0
    for line in text.splitlines(keepends=True):
        offset += len(line)
        if line.split("#", 1)[0].strip() == f"[{table}]":
            return offset if line.endswith("\n") else None
    return None


def _taken_names(root: Path) -> set[str]:
    """The slugs of the site's entries and the paths of its entry files: an imported entry takes neither."""
    taken = set()
    for source in read_sources(root):
        kind, lang, key = split_name(source.path)
        taken.add(source.path)
        if kind != "entry" or lang is not None:
            continue
        try:
            explicit = frontmatter.loads(source.text or "").metadata.get("slug")
        except (yaml.YAMLError, ValueError):  # a broken file keeps its file-name slug; check reports it
            explicit = None
        taken.add(str(explicit) if explicit else default_slug(key))
    return taken


def _free_slug(slug: str, taken: set[str], event: Event) -> str:
    """`slug`, or `slug-2`, `slug-3`... when another entry or file has it."""
    candidate, number = slug, 1
    stem = f"{ENTRIES_DIR}/{event.date.iso}-"
    while candidate in taken or {f"{stem}{candidate}.md", f"{stem}{candidate}/index.md"} & taken:
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


def _categories(slide: Slide, config: SiteConfig, plan: Plan) -> list[str]:
    """The slide's categories: its own slugs when this site has them all, else its group as a category."""
    known = {c.slug for c in config.categories} | {c.slug for c in plan.categories}
    if slide.categories and all(slug in known for slug in slide.categories):
        return list(slide.categories)
    name = plain(slide.group) or IMPORTED
    for category in config.categories:
        titles = [category.title, *(t.title for t in category.translations.values())]
        if any(_fold(name) == _fold(title) for title in titles):
            return [category.slug]
    for category in plan.categories:
        if _fold(name) == _fold(category.title):
            return [category.slug]
    slug, number = make_slug(name) or "group", 1
    base = slug
    while slug in known:
        number += 1
        slug = f"{base}-{number}"
    used = {c.color.lower() for c in config.categories} | {c.color for c in plan.categories}
    free = [color for color in DEFAULT_PALETTE if color not in used]
    color = free[0] if free else DEFAULT_PALETTE[(len(config.categories) + len(plan.categories)) % len(DEFAULT_PALETTE)]
    plan.categories.append(NewCategory(slug, name, color))
    return [slug]


def _plan_eras(slides: tuple[Slide, ...], config: SiteConfig, plan: Plan) -> None:
    """The timeline's eras that site.toml can take and has not got: same title or same span is the same era."""
    for slide in slides:
        name = plain(slide.headline)
        try:
            if not name:
                raise Skip("has no headline, and an era needs a title")
            if slide.problem:
                raise Skip(slide.problem)
            if slide.start is None or slide.end is None:
                raise Skip(f"has no {'start' if slide.start is None else 'end'} date, and an era needs both")
            start = partial_date(slide.start, "the start date")
            end = _as_written(partial_date(slide.end, "the end date"), slide.end_precision)
        except Skip as why:
            plan.eras_skipped.append(f"{slide.where}: {name or '(no headline)'}: {why}")
            continue
        if end.last_day() < start.first_day():
            plan.eras_skipped.append(f"{slide.where}: {name}: ends ({end.iso}) before it starts ({start.iso})")
            continue
        span = (start.first_day(), end.last_day())
        same = [
            (era.title, era.start, era.end)
            for era in (*config.eras, *plan.eras)
            if _fold(era.title) == _fold(name) or (era.start.first_day(), era.end.last_day()) == span
        ]
        if same:
            title, first, last = same[0]
            plan.eras_skipped.append(
                f"{slide.where}: {name}: site.toml has it already, as {quote(title)} ({first.iso} to {last.iso})"
            )
            continue
        plan.eras.append(NewEra(slide.where, name, start, end, plain(slide.text)))


def _as_written(end: PartialDate, precision: str) -> PartialDate:
    """An era's end at the precision our own timeline.json says it was written with (it draws it to its last day)."""
    if precision == "year" and (end.month, end.day) == (12, 31):
        return PartialDate(end.year)
    if precision == "month" and end.day is not None and end.last_day() == PartialDate(end.year, end.month).last_day():
        return PartialDate(end.year, end.month)
    return end


def _era_table(era: NewEra, end: str) -> str:
    """An `[[eras]]` table as a writer would type it: a year bare, a month quoted, a day a TOML date."""

    def value(date: PartialDate) -> str:
        return date.iso if date.precision != "month" else quote(date.iso)

    lines = ["[[eras]]", f"title = {quote(era.title)}", f"start = {value(era.start)}", f"end = {value(era.end)}"]
    if era.description:
        lines.append(f"description = {quote(era.description)}")
    return end + end.join(lines) + end


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def apply(root: Path, plan: Plan) -> list[str]:
    """Write site.toml's new lines, then each file (never over an existing one); the files not written, and why."""
    problems = []
    if plan.config_text is not None:
        (root / CONFIG_FILE).write_bytes(b"\xef\xbb\xbf" * plan.bom + plan.config_text.encode("utf-8"))
    for rel, text, _ in plan.files:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with path.open("x", encoding="utf-8") as handle:
                handle.write(text)
        except FileExistsError:
            problems.append(f"{rel}: already exists; nothing was written")
    for rel, data in plan.pictures:
        try:
            with (root / rel).open("xb") as handle:
                handle.write(data)
        except FileExistsError:
            problems.append(f"{rel}: already exists; the downloaded picture was not written")
    return problems


def report(plan: Plan, shown: str, dry_run: bool) -> str:
    """The import report: what was read, written, left as a draft, skipped, referenced and dropped."""
    timeline, will = plan.timeline, ("would be " if dry_run else "")
    lines = [
        f"Read {shown} ({timeline.kind}): {len(timeline.events)} event{'s' * (len(timeline.events) != 1)}"
        f"{', a title slide' if timeline.title else ''}, {len(timeline.eras)} era{'s' * (len(timeline.eras) != 1)}."
    ]
    lines.append(f"Entries {will}written: {len(plan.files)}")
    lines += [f"  {rel}  ({event.where})" for rel, _, event in plan.files]
    if plan.drafts:
        lines.append(
            f"Drafts needing a source ({len(plan.drafts)}): the timeline gave no link to cite, so each is "
            "draft: true without sources; `check` and `build` report `sources: is missing` for each "
            "until you add one:"
        )
        lines += [f"  {rel}" for rel in plan.drafts]
    if plan.unfinished:
        lines.append(
            f"Drafts needing media details ({len(plan.unfinished)}): the timeline gave no credit or alt text, so a "
            "placeholder stands in; write the real one, then remove draft: true (`check` refuses the placeholder):"
        )
        lines += [f"  {rel}" for rel in plan.unfinished]
    sections = [
        ("Skipped", [f"{where}: {why}" for where, why in plan.skipped]),
        ("Media", [f"{e.where}: {m}" for _, _, e in plan.files for m in e.media]),
        ("Dropped", [f"{e.where}: {d}" for _, _, e in plan.files for d in e.dropped] + _title_dropped(timeline)),
        (
            "Categories added to site.toml",
            [f"[categories.{c.slug}] {quote(c.title)} {c.color}" for c in plan.categories],
        ),
        ("Site title", plan.site_text),
        (
            "Eras added to site.toml",
            [f"{e.where}: {e.title}, {format_period(e.start, e.end, plan.lang)}" for e in plan.eras],
        ),
        ("Eras not added", plan.eras_skipped),
        ("Translations", _translations_wanted(plan)),
    ]
    for heading, items in sections:
        if items:
            lines.append(f"{heading}:")
            lines += [f"  {item}" for item in items]
    if any("referenced as a link" in m for _, _, e in plan.files for m in e.media):
        lines.append(
            "Media referenced as links stay where they are: a link in the entry's body, not an embedded or "
            "downloaded file; `import --fetch-media` downloads images beside their entries."
        )
    if dry_run:
        lines.append("Dry run: nothing was written.")
    return "\n".join(lines)


def _title_dropped(timeline: Timeline) -> list[str]:
    """What the title slide had that a site's title and description cannot hold, and what was not read."""
    title, dropped = timeline.title, list(timeline.notes)
    if title and title.media and title.media.url:
        dropped.append(f"{title.where}: the title slide's media {title.media.url.strip()}")
    if title and title.background:
        dropped.append(f"{title.where}: the title slide's background ({title.background})")
    return dropped


def _translations_wanted(plan: Plan) -> list[str]:
    """What the site's other languages need for the categories and eras the import added."""
    others = ", ".join(plan.languages[1:])
    if not others:
        return []
    return [
        *([f"the new categories need a title in {others}: add [categories.<slug>.<lang>]"] if plan.categories else []),
        *([f"the new eras need a title in {others}: add [eras.<lang>] after each [[eras]]"] if plan.eras else []),
    ]
