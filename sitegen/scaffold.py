"""`new`: a fresh draft entry with complete front matter for a writer to fill, and the texts it must lose."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .config import SiteConfig
from .content import PartialDate
from .errors import Problem, SiteError, did_you_mean
from .fields import Path as FieldPath
from .fields import field_label
from .front_matter import FrontMatter
from .names import ENTRIES_DIR, SLUG_HINT, default_slug, is_slug, make_slug, split_name
from .read import read_sources
from .schema import DateField

# What `new` writes for the writer to replace, declared once: the check refuses to publish any of it.
SUMMARY = "One sentence that says what happened."
SOURCE_TITLE = "Title of the law, decision or article"
PUBLISHER = "Who published it"
SOURCE_URL = "https://example.org/replace-with-the-real-address"
BODY = "Write one to three short paragraphs in your own words, with the figures the sources give."
TRANSLATED_SUMMARY = "One sentence in this language."
TRANSLATED_BODY = "The body, translated."
MEDIA_CREDIT = "Who made it: the photographer, agency or channel"  # `import` writes these two where a timeline has none
MEDIA_ALT = "What the picture shows, for readers who cannot see it"
PLACEHOLDERS = frozenset(
    {SUMMARY, SOURCE_TITLE, PUBLISHER, SOURCE_URL, BODY, TRANSLATED_SUMMARY, TRANSLATED_BODY, MEDIA_CREDIT, MEDIA_ALT}
)


def entry_text(title: str, date: PartialDate, categories: list[str]) -> str:
    """A draft, as Hugo's archetypes make one: nothing is published until the writer removes `draft: true`."""
    return f"""---
title: {_quote(title)}
date: {date.iso}
# end_date: {date.iso}        # for a period: its last date (YYYY, YYYY-MM or YYYY-MM-DD)
categories: [{", ".join(categories)}]
summary: {SUMMARY}
sources:
  - title: {_quote(SOURCE_TITLE)}
    publisher: {PUBLISHER}
    date:                     # when it was published, if it says: YYYY, YYYY-MM or YYYY-MM-DD
    url: {SOURCE_URL}
#   archived_url: https://web.archive.org/...
# weight: 1                   # orders entries of the same date: lower first
draft: true                   # keeps it off the site while you work: delete this line when it is ready
---
{BODY}
"""


def translation_text(title: str) -> str:
    return f"""---
title: {_quote(title)}
summary: {TRANSLATED_SUMMARY}
---
{TRANSLATED_BODY}
"""


def placeholder_problems(rel: str, front: FrontMatter, lang: str | None, default_language: str) -> list[Problem]:
    """At each field or body line that still holds text `new` wrote for the writer to replace: an error in an
    entry that is not a draft; a warning in a translation, which its language's pages leave out until then."""
    if lang is None:
        hint, warning = "write the real one, or put back draft: true until the entry is ready", False
    else:
        hint, warning = f"translate it; until then the {lang} pages show the {default_language} text", True
    found = [
        (front.lines.get(at), field_label(at), text) for at, text in _texts(front.data, ()) if text in PLACEHOLDERS
    ]
    for number, line in enumerate(front.body.split("\n")):
        if line.strip() in PLACEHOLDERS:
            found.append((front.body_line + number, "body", line.strip()))
    return [Problem(rel, line, label, f"'{text}' is a placeholder", hint, warning) for line, label, text in found]


def _texts(value: Any, at: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*at, index))
    elif isinstance(value, str):
        yield at, value.strip()


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def language_problems(lang: str, config: SiteConfig) -> list[Problem]:
    """`--lang` must name one of the site's languages, for `new` and `import` alike."""
    if lang in config.languages:
        return []
    known = "site.languages: " + ", ".join(config.languages)
    return [Problem("--lang", None, None, f"'{lang}' is not one of the site's languages", known)]


def new_entry(
    root: Path,
    config: SiteConfig,
    title: str,
    date_text: str | None,
    categories: list[str],
    lang: str | None,
    slug: str | None,
) -> Path:
    """Write a new entry (or a translation of an existing one); never overwrite."""
    lang = lang or config.default_language
    problems: list[Problem] = []
    problems.extend(language_problems(lang, config))
    if slug and not is_slug(slug):
        example = make_slug(slug) or "courts-open"
        problems.append(Problem("--slug", None, None, f"'{slug}' is not a plain name", f"{SLUG_HINT}, e.g. {example}"))
    slug = slug or make_slug(title)
    if not slug:
        problems.append(
            Problem(
                "title",
                None,
                None,
                "gives no letters for a file name",
                "pass --slug with a name in lowercase Latin letters",
            )
        )
    if problems:
        raise SiteError(problems)
    if lang != config.default_language:
        return _new_translation(root, config, title, lang, slug)
    date = DateField().parse(
        date_text or "", ("--date",), lambda at, m, h: problems.append(Problem("--date", None, None, m, h))
    )
    known = [c.slug for c in config.categories]
    if not categories:
        problems.append(Problem("--category", None, None, "give at least one category", "known: " + ", ".join(known)))
    for category in categories:
        if category not in known:
            problems.append(
                Problem(
                    "--category",
                    None,
                    None,
                    f"unknown category '{category}'",
                    did_you_mean(category, known) or "known: " + ", ".join(known),
                )
            )
    if problems:
        raise SiteError(problems)
    path = root / ENTRIES_DIR / f"{date.iso}-{slug}.md"
    return _create(root, path, entry_text(title, date, categories))


def _new_translation(root: Path, config: SiteConfig, title: str, lang: str, slug: str) -> Path:
    for source in read_sources(root):
        kind, file_lang, key = split_name(source.path)
        if source.text is not None and kind == "entry" and file_lang is None and default_slug(key) == slug:
            return _create(root, root / f"{key}.{lang}.md", translation_text(title))
    raise SiteError(
        [
            Problem(
                "--slug",
                None,
                None,
                f"no {config.default_language} entry has the slug '{slug}'",
                "write the original first, or pass --slug with the original's slug",
            )
        ]
    )


def _create(root: Path, path: Path, text: str) -> Path:
    """Write `text` to a new file in content/; a link on the way that leads elsewhere is refused."""
    content = os.path.realpath(root / "content")
    if os.path.commonpath([os.path.realpath(path), content]) != content:
        raise SiteError(
            [
                Problem(
                    path.relative_to(root).as_posix(),
                    None,
                    None,
                    "would be written outside content/",
                    "nothing was written; check the folder links in content/",
                )
            ]
        )
    if path.exists():
        rel = path.relative_to(root).as_posix()
        raise SiteError(
            [
                Problem(
                    rel, None, None, "already exists; nothing was written", "edit it, or choose another title or --slug"
                )
            ]
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:
        handle.write(text)
    return path
