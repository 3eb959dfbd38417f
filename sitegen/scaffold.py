"""`new`: a fresh entry file with complete front matter for a writer to fill."""

from __future__ import annotations

import os
from pathlib import Path

from .config import SiteConfig
from .content import PartialDate
from .errors import Problem, SiteError, did_you_mean
from .names import ENTRIES_DIR, SLUG_HINT, default_slug, is_slug, make_slug, split_name
from .read import read_sources
from .schema import DateField


def entry_text(title: str, date: PartialDate, categories: list[str]) -> str:
    return f"""---
title: {_quote(title)}
date: {date.iso}
# end_date: {date.iso}        # for a period: its last date (YYYY, YYYY-MM or YYYY-MM-DD)
categories: [{", ".join(categories)}]
summary: One sentence that says what happened.
sources:
  - title: "Title of the law, decision or article"
    publisher: Who published it
    date: {date.iso}
    url: https://example.org/replace-with-the-real-address
#   archived_url: https://web.archive.org/...
# draft: true                 # keep it out of the published site while you work
---
Write one to three short paragraphs in your own words, with the figures the sources give.
"""


def translation_text(title: str) -> str:
    return f"""---
title: {_quote(title)}
summary: One sentence in this language.
---
The body, translated.
"""


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


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
    if lang not in config.languages:
        problems.append(
            Problem(
                "--lang",
                None,
                None,
                f"'{lang}' is not one of the site's languages",
                "site.languages: " + ", ".join(config.languages),
            )
        )
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
