"""`init`: a new, empty site that builds at once with the built-in templates, so that another newsroom can
start its own timeline without deleting this one's content."""

from __future__ import annotations

import datetime
import importlib.metadata
import json
import tomllib
from pathlib import Path
from typing import Any

from . import __version__
from .config import CONFIG_FILE, Language, parse_config, toml_lines
from .errors import Problem, SiteError
from .fields import INVALID
from .names import ENTRIES_DIR
from .schema import Slug
from .write import shown

WORKFLOW = Path(__file__).resolve().parent / "site-pages.yml"
GITIGNORE = "/output/\n/.cache/\n/.sitegen-stage-*/\n"
FIRST_SLUG = "the-timeline-starts"


def init_site(folder: Path, languages: list[str], categories: list[str]) -> list[Path]:
    """Write the new site's files into `folder` (new or empty) and return their paths; refuse anything else."""
    problems = _folder_problems(folder)
    codes = _languages(languages, problems)
    tables = _categories(categories, problems)
    if problems:
        raise SiteError(problems)
    toml = site_toml(folder.name, codes, tables)
    _, found = parse_config(tomllib.loads(toml), toml_lines(toml))
    if any(not problem.warning for problem in found):  # the schema has the last word on what init writes
        raise SiteError(found)
    today = datetime.date.today().isoformat()
    files = {
        CONFIG_FILE: toml,
        f"{ENTRIES_DIR}/{today}-{FIRST_SLUG}.md": first_entry(today, tables[0][0]),
        ".github/workflows/pages.yml": WORKFLOW.read_text(encoding="utf-8"),
        "requirements.txt": requirements(),
        ".gitignore": GITIGNORE,
    }
    written = []
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
        written.append(path)
    return written


def _folder_problems(folder: Path) -> list[Problem]:
    hint = "give the name of a new or empty folder: init never overwrites"
    if folder.exists() and not folder.is_dir():
        return [Problem(shown(folder), None, None, "is a file; nothing was written", hint)]
    if folder.is_dir() and any(folder.iterdir()):
        return [Problem(shown(folder), None, None, "is not empty; nothing was written", hint)]
    return []


def _languages(languages: list[str], problems: list[Problem]) -> list[str]:
    codes: list[str] = []
    for code in languages:
        if Language().parse(code, ("--lang",), _reporter("--lang", problems)) is INVALID:
            continue
        if code in codes:
            problems.append(Problem("--lang", None, None, f"'{code}' is given twice", "name each language once"))
        codes.append(code)
    return codes


def _categories(categories: list[str], problems: list[Problem]) -> list[tuple[str, str]]:
    """(slug, title) from each `slug:Title`; a bare slug is its own title, capitalised."""
    if not categories:
        problems.append(Problem("--category", None, None, "give a first category", 'e.g. --category courts:"Courts"'))
    tables: list[tuple[str, str]] = []
    for given in categories:
        slug, _, title = given.partition(":")
        if Slug().parse(slug, ("--category",), _reporter("--category", problems)) is INVALID:
            continue
        if slug in [known for known, _ in tables]:
            problems.append(Problem("--category", None, None, f"'{slug}' is given twice", "name each category once"))
        tables.append((slug, title.strip() or slug.replace("-", " ").capitalize()))
    return tables


def _reporter(option: str, problems: list[Problem]) -> Any:
    return lambda at, message, hint, warning=False: problems.append(Problem(option, None, None, message, hint))


def site_toml(name: str, languages: list[str], categories: list[tuple[str, str]]) -> str:
    title = name.replace("-", " ").replace("_", " ").strip().capitalize() or "A timeline"
    lines = [
        '# Site settings. Every key is documented in the sitegen README ("site.toml reference").',
        "",
        "[site]",
        f"title = {_string(title)}",
        f"description = {_string('A sourced timeline of ' + title.lower() + '.')}",
        '# base_url = "https://owner.github.io/repo/"  # the Pages workflow passes it with --base-url',
        f"languages = [{', '.join(map(_string, languages))}]",
    ]
    for slug, category in categories:
        lines += ["", f"[categories.{slug}]", f"title = {_string(category)}"]
    return "\n".join(lines) + "\n"


def _string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, and TOML also refuses a raw DEL."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def first_entry(date: str, category: str) -> str:
    return f"""---
title: The timeline starts
date: {date}
categories: [{category}]
summary: The first entry, to be replaced by the first event of this timeline.
sources:
  - title: How to write an entry
    publisher: The editors
---
Each entry is one event, told in a few sentences, with the sources that show it happened. Add the first real
one with `sitegen new "Its headline" --date YYYY-MM-DD --category {category}`, then delete this file.
"""


def requirements() -> str:
    """What the site's workflow installs: this engine, from the address and commit it was installed from."""
    where = _installed_from()
    line = where or f"sitegen=={__version__}"
    note = (
        ""
        if where
        else "# Replace with the address sitegen was installed from, e.g. sitegen @ git+https://github.com/OWNER/REPO@COMMIT\n"
    )
    return f"# The engine that builds this site, installed by .github/workflows/pages.yml.\n{note}{line}\n"


def _installed_from() -> str | None:
    """`sitegen @ git+URL@COMMIT` when pip installed this engine from a public git address (PEP 610), else None."""
    try:
        text = importlib.metadata.distribution("sitegen").read_text("direct_url.json")
    except importlib.metadata.PackageNotFoundError:
        return None
    info = json.loads(text) if text else {}
    vcs = info.get("vcs_info", {})
    if vcs.get("vcs") != "git" or str(info.get("url", "")).startswith("file:"):
        return None
    return f"sitegen @ git+{info['url']}@{vcs['commit_id']}"
