"""File names and slugs: one rule for URL names, whether written as `slug:` or taken from a file name."""

from __future__ import annotations

import re

from slugify import slugify

from .content import PartialDate
from .errors import Problem
from .schema import SLUG_RE

CONTENT_DIR = "content"
ENTRIES_DIR = f"{CONTENT_DIR}/entries"
PAGES_DIR = f"{CONTENT_DIR}/pages"
DATE_PREFIX = re.compile(r"^\d{4}(?:-\d{2}){0,2}-")
LANG_SUFFIX = re.compile(r"\.([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)$")
SLUG_HINT = "use lowercase letters, digits and hyphens"

# Kazakh letters that text-unidecode drops or maps poorly, spelled as in Kazakh Latin transliteration.
KAZAKH_LETTERS = [
    ("ә", "a"), ("ғ", "g"), ("қ", "q"), ("ң", "n"), ("ө", "o"), ("ұ", "u"), ("ү", "u"), ("һ", "h"), ("і", "i"),
    ("Ә", "A"), ("Ғ", "G"), ("Қ", "Q"), ("Ң", "N"), ("Ө", "O"), ("Ұ", "U"), ("Ү", "U"), ("Һ", "H"), ("І", "I"),
]  # fmt: skip


def make_slug(title: str, max_length: int = 60) -> str:
    """An ASCII slug for any title, Cyrillic (Kazakh included) transliterated; 0: no length limit."""
    return slugify(title, replacements=KAZAKH_LETTERS, max_length=max_length, word_boundary=True)


def is_slug(text: str) -> bool:
    return bool(SLUG_RE.match(text))


def name_of(key: str) -> str:
    """The name that gives an entry its slug: the file's, or its folder's for `<name>/index.md`."""
    folder, _, name = key.rpartition("/")
    return folder.rpartition("/")[2] if name == "index" and folder not in (ENTRIES_DIR, "") else name


def default_slug(key: str) -> str:
    """The slug a file name gives: its name (see name_of) without `.md` and a leading date."""
    return DATE_PREFIX.sub("", name_of(key))


def plain_stem(stem: str) -> str | None:
    """A file name (without `.md`) that keeps `stem`'s date and language but follows the slug rule."""
    lang = LANG_SUFFIX.search(stem)
    base = stem[: lang.start()] if lang else stem
    date = DATE_PREFIX.match(base)
    prefix = date.group(0) if date else ""
    rest = base[len(prefix) :]
    slug = rest if is_slug(rest) else make_slug(rest, max_length=0)
    return f"{prefix}{slug}{lang.group(0).lower() if lang else ''}" if slug else None


def split_name(rel: str) -> tuple[str, str | None, str]:
    """`content/entries/x.ru.md` -> (kind, lang, key); lang None means the default."""
    kind = "page" if rel.startswith(PAGES_DIR + "/") else "entry"
    stem = rel[: -len(".md")]
    match = LANG_SUFFIX.search(stem)
    if match:
        return kind, match.group(1), stem[: match.start()]
    return kind, None, stem


def file_name_problems(rel: str, key: str) -> list[Problem]:
    """A file whose name gives its URL must give a plain one: a space, '#' or capital would break links."""
    slug = default_slug(key)
    if is_slug(slug):
        return []
    message = (
        f"'{slug}' from the file name is not a plain name" if slug else "the file name gives no name after its date"
    )
    better = plain_stem(name_of(key))
    suggested = default_slug(better) if better else ""
    if better and suggested:
        hint = f"rename it to {better}.md, or set slug: {suggested}"
    else:
        hint = f"rename it ({SLUG_HINT}), or set slug:"
    return [Problem(rel, None, "slug", message, hint)]


def file_date_problem(rel: str, key: str, date: PartialDate, line: int | None) -> Problem | None:
    """A file named for one date whose `date` says another, compared at the coarser of the two precisions."""
    prefix = DATE_PREFIX.match(name_of(key))
    if not prefix:
        return None
    named = prefix.group(0)[:-1]
    size = min(len(named), len(date.iso))
    if named[:size] == date.iso[:size]:
        return None
    message = f"the file name says {named} but date is {date.iso}"
    return Problem(rel, line, "date", message, "rename the file or fix the date", warning=True)
