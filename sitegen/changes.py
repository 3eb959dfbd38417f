"""What a change to an input remakes: the one table the dev server and a warm build both read.

Every output is a job with declared inputs (memo.py fingerprints them), so a
change never needs special handling to be correct: whatever its inputs'
digests no longer match is made again, and nothing else. This table says,
for each kind of change, where that lands, so that a reader can follow a
save to the pages it remakes; the code reads it for the decisions taken
before any fingerprint is computed:

- `listing`: content/ is listed again (else only the changed files are read, read.py);
- `restyle`: the dev server sends the new stylesheet to open tabs first;
- a warm build whose inputs show no change at all makes nothing (`Inputs`).

A new input kind (images, social cards) adds a row here and a key prefix in
`Inputs`; its outputs join the memo as jobs, without a cache of their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from .config import CONFIG_FILE
from .digest import digest
from .names import CONTENT_DIR, ENTRIES_DIR, PAGES_DIR, split_name
from .read import SourceFile

BUILT_IN = "built-in:"  # key prefix of the generator's own templates and assets
UNREADABLE = "unreadable"  # the digest of a folder that could not be read through


class Change(Enum):
    ENTRY = "entry"
    TRANSLATION = "translation"
    PAGE = "page"
    TEMPLATE = "template"
    CATALOGUE = "catalogue"
    STYLESHEET = "stylesheet"
    ASSET = "asset"
    CONFIG = "site.toml"
    MEDIA = "picture"
    OTHER = "another input"


@dataclass(frozen=True, slots=True)
class Scope:
    """What one kind of change invalidates."""

    parsed: str  # content files parsed again
    remade: str  # outputs made again (their fingerprints changed)
    listing: bool = False  # content/ is listed again, not just the changed file read
    restyle: bool = False  # the dev server restyles open tabs before rebuilding the pages


TABLE: Mapping[Change, Scope] = {
    Change.ENTRY: Scope(
        "that file",
        "its page and its neighbours', the year, category and corrections pages that list it, the timeline, "
        "pages whose template reads site.entries, its categories' feeds, timeline.json, entries.json, "
        "the search parts holding those pages",
    ),
    Change.TRANSLATION: Scope("that file", "as for an entry, in the translation's language only"),
    Change.PAGE: Scope("that file", "every page of its language (the header links the pages)"),
    Change.TEMPLATE: Scope(
        "none", "every page that uses templates: the compiled templates are part of each fingerprint"
    ),
    Change.CATALOGUE: Scope("none", "every page: the catalogues are part of each fingerprint"),
    Change.STYLESHEET: Scope("none", "the stylesheet, and every page (they name its hashed file)", restyle=True),
    Change.ASSET: Scope("none", "the asset; every page too when it is a script (they name its hashed file)"),
    Change.CONFIG: Scope("every file when the languages or categories changed, else none", "every output"),
    Change.MEDIA: Scope(
        "none; the images the content names are read again and only new ones processed (media_files.py)",
        "that image's files, and every page: the images' digest is part of each fingerprint",
    ),
    Change.OTHER: Scope("every file", "every output whose inputs changed", listing=True),
}


def classify(key: str) -> Change:
    """The kind of change to one input, by its path relative to the site (or BUILT_IN and the generator's)."""
    path = key.removeprefix(BUILT_IN)
    if path == CONFIG_FILE:
        return Change.CONFIG
    if path.startswith("templates/i18n/") and path.endswith(".po"):
        return Change.CATALOGUE
    if path.startswith("templates/"):
        return Change.TEMPLATE
    if path.startswith("assets/"):
        return Change.STYLESHEET if path.endswith(".css") else Change.ASSET
    if path.startswith((f"{ENTRIES_DIR}/", f"{PAGES_DIR}/")) and path.endswith(".md"):
        kind, lang, _ = split_name(path)
        if kind == "page":
            return Change.PAGE
        return Change.ENTRY if lang is None else Change.TRANSLATION
    if path.startswith(f"{CONTENT_DIR}/") and not path.endswith(".md"):
        return Change.MEDIA
    return Change.OTHER


def needs_listing(changes: Iterable[Change]) -> bool:
    return any(TABLE[change].listing for change in changes)


def restyles(changes: Iterable[Change]) -> bool:
    """Whether every change is one the dev server shows by restyling open tabs first."""
    kinds = list(changes)
    return bool(kinds) and all(TABLE[change].restyle for change in kinds)


@dataclass(frozen=True, slots=True)
class Inputs:
    """The digest of every input a build reads, by path; equal Inputs make equal outputs."""

    files: Mapping[str, str]
    options: tuple[str, ...]  # the build options that change output (base URL, drafts)

    def changes(self, now: Inputs) -> dict[str, Change]:
        """Each input added, removed or edited since `self`, with its kind (CONFIG for other options)."""
        found = {
            key: classify(key)
            for key in self.files.keys() | now.files.keys()
            if self.files.get(key) != now.files.get(key)
        }
        if self.options != now.options:
            found["options"] = Change.CONFIG
        return found


def folder_digests(folders: Iterable[tuple[Path, str]], skip: str | None = None) -> dict[str, str]:
    """Every file under each (folder, key prefix), by its prefixed path; none whose name ends with `skip`."""
    found: dict[str, str] = {}
    for folder, prefix in folders:
        try:
            for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
                if path.is_file() and not (skip and path.name.endswith(skip)):
                    found[f"{prefix}{path.relative_to(folder).as_posix()}"] = digest(path.read_bytes())
        except OSError:  # the stage that reads the folder names the problem; here it is only not unchanged
            found[prefix] = UNREADABLE
    return found


def read_inputs(
    root: Path, sources: Iterable[SourceFile], folders: Iterable[tuple[Path, str]], options: tuple[str, ...]
) -> Inputs:
    """The Inputs of a build of `root`: site.toml, the content files as read, the pictures and other files
    beside them, the template and asset folders."""
    try:
        config = digest((root / CONFIG_FILE).read_bytes())
    except OSError:
        config = ""
    files = {CONFIG_FILE: config, **{source.path: source.digest for source in sources}}
    files.update(folder_digests([(root / CONTENT_DIR, f"{CONTENT_DIR}/")], skip=".md"))
    files.update(folder_digests(folders))
    return Inputs(files, options)
