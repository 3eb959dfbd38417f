"""Read content/ from disk: every Markdown file's text, and a problem for whatever cannot be read.

Nothing is skipped in silence: a folder that cannot be listed, a link that
leads outside the site, loops or nowhere, a file saved as `.MD` or
`.markdown` or any other file not ending in `.md` each come back as a
SourceFile holding a problem, which the parser reports like any other.
Hidden files (editors' locks and swap files) and editors' backups (`x.md~`,
`#x.md#`) are not the site's and are passed over.
"""

from __future__ import annotations

import errno
import os
import shlex
import time
from collections.abc import Set
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG

from .digest import FileSignature, digest
from .errors import Problem
from .names import ENTRIES_DIR, PAGES_DIR, plain_stem

MAX_BYTES = 1 << 20  # a content file past 1 MB is a mistake or an attack, and Markdown would take minutes
NEAR_MISSES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd", ".md.txt", ".markdown.txt")
IMAGES = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg")
SETTLED_NS = 2_000_000_000  # a file older than this when read is not rewritten within its timestamp's granularity


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A content file's text as read from disk; `digest` keys every cache."""

    path: str
    text: str | None
    problem: Problem | None = None
    digest: str = field(init=False)

    def __post_init__(self) -> None:
        data = (self.text or "") + (f"\0{self.problem}" if self.problem else "")
        object.__setattr__(self, "digest", digest(data.encode()))


def read_sources(
    root: Path, known: dict[str, tuple[FileSignature | None, SourceFile]] | None = None, changed: Set[str] | None = None
) -> list[SourceFile]:
    """Every Markdown file under content/entries and content/pages, and every listing problem, sorted by path.

    `known` (updated in place) lets a long-running process skip files whose
    inode, size and time are unchanged since it read them. As git does with
    "racily clean" files, a file modified less than two seconds before it was
    read is read again next time: file times are coarser than a quick edit.
    `changed`, the files a watcher saw change since the last call with the same
    `known` (relative paths), spares listing and checking all the others, as
    long as they are plain edits of Markdown files and nothing had a problem.
    """
    added: set[str] = set()
    notes: dict[str, SourceFile] = {}
    if changed is not None and known and _plain_edits(root, known, changed):
        added = {rel for rel in changed if _is_markdown(rel)} - known.keys()
        names = sorted([*known, *added], key=_path_order) if added else list(known)
    else:
        names, notes, changed = *list_content(root), None
    files = []
    for rel in names:
        seen = known.get(rel) if known is not None else None
        if seen is not None and seen[0] is not None and changed is not None and rel not in changed:
            files.append(seen[1])
            continue
        key: FileSignature | None = None
        source = notes.get(rel)
        if source is None:
            try:
                stat = os.stat(os.path.join(root, rel))
            except FileNotFoundError:
                continue  # removed since it was listed or named
            except OSError as error:
                source = SourceFile(rel, None, _unreadable(rel, error))
            else:
                if not S_ISREG(stat.st_mode):
                    continue  # a watcher's name for what is no longer a file; a listing reports it
                key = FileSignature.of(stat)
                if seen is not None and seen[0] == key:
                    files.append(seen[1])
                    continue
                source = read_source(root, rel)
                if time.time_ns() - stat.st_mtime_ns <= SETTLED_NS:
                    key = None  # a file too recent to trust its time is read again next time
        files.append(source)
        if known is not None:
            known[rel] = (key, source)
    if known is not None and (changed is None or added or len(known) != len(files)):  # kept in path order
        kept = {f.path: known[f.path] for f in files if f.path in known}
        known.clear()
        known.update(kept)
    return files


def _plain_edits(root: Path, known: dict[str, tuple[FileSignature | None, SourceFile]], changed: Set[str]) -> bool:
    """Whether the watcher's names alone tell what changed: only regular `.md` files edited, added or
    removed, and no problem left from before (a folder made readable again is seen only by a listing)."""
    if any(source.problem for _, source in known.values()):
        return False
    for rel in changed:
        if not rel.startswith("content/"):
            continue
        if not _is_markdown(rel):
            return False
        try:
            mode = os.lstat(os.path.join(root, rel)).st_mode
        except FileNotFoundError:
            continue
        except OSError:
            return False
        if not S_ISREG(mode):
            return False
    return True


def _is_markdown(rel: str) -> bool:
    """A file `list_content` would list: `.md` below content/entries, or directly in content/pages."""
    folder, _, name = rel.rpartition("/")
    return (
        name.endswith(".md")
        and not name.startswith(".")
        and (folder in (PAGES_DIR, ENTRIES_DIR) or folder.startswith(f"{ENTRIES_DIR}/"))
    )


def list_content(root: Path) -> tuple[list[str], dict[str, SourceFile]]:
    """`.md` files below content/entries (any depth) and content/pages (top level) as sorted relative
    paths, with a SourceFile holding the problem for each path that cannot be read as one."""
    walk = _Walk(root)
    for folder, recursive in ((ENTRIES_DIR, True), (PAGES_DIR, False)):
        walk.top(folder, recursive)
    while walk.links:  # after every folder reached without one: a link to those is a second way in
        walk.link(*walk.links.pop(0))
    return sorted(walk.found, key=_path_order), walk.notes


class _Walk:
    """One listing of content/: links are followed only within the site, and each folder is read once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.real_root = os.path.realpath(root)
        self.found: list[str] = []
        self.notes: dict[str, SourceFile] = {}
        self.read: dict[str, str] = {}  # real path of each folder listed -> its relative path
        self.links: list[tuple[str, bool]] = []

    def note(self, rel: str, message: str, hint: str, *, warning: bool = False) -> None:
        self.add(Problem(rel, None, None, message, hint, warning))

    def add(self, problem: Problem) -> None:
        self.notes[problem.path] = SourceFile(problem.path, None, problem)
        self.found.append(problem.path)

    def top(self, rel: str, recursive: bool) -> None:
        """content/entries or content/pages: absent is fine (a site may have no pages)."""
        path = os.path.join(self.root, rel)
        try:
            os.stat(path)
        except (FileNotFoundError, NotADirectoryError):
            if os.path.lexists(path):
                self.link(rel, recursive)
            return
        except OSError as error:
            self.add(_unreadable(rel, error))
            return
        if os.path.realpath(path) == os.path.join(self.real_root, rel):
            self.folder(rel, recursive)
        else:
            self.link(rel, recursive)

    def folder(self, rel: str, recursive: bool) -> None:
        path = os.path.join(self.root, rel)
        real = os.path.realpath(path)
        if real in self.read:
            self.note(rel, f"is {self.read[real]} again, reached through a link", "remove the link that leads here")
            return
        self.read[real] = rel
        try:
            with os.scandir(path) as listing:
                children = sorted(listing, key=lambda child: child.name)
        except OSError as error:
            self.add(_unreadable(rel, error))
            return
        for child in children:
            name = child.name
            if name.startswith("."):
                continue
            inner = f"{rel}/{name}"
            if child.is_symlink():
                self.links.append((inner, recursive))
            elif child.is_dir(follow_symlinks=False):
                if recursive:
                    self.folder(inner, recursive)
            else:
                self.file(inner, child.is_file(follow_symlinks=False))

    def file(self, rel: str, regular: bool) -> None:
        name = rel.rpartition("/")[2]
        if name.endswith(".md"):
            if regular:
                self.found.append(rel)
            else:
                self.note(rel, "is not a regular file", "replace it with a Markdown text file")
            return
        if name.endswith("~") or name[:1] == name[-1:] == "#":
            return  # an editor's backup or autosave copy, like the hidden lock and swap files
        if name.lower().endswith(IMAGES) and rel.startswith(f"{ENTRIES_DIR}/"):
            return  # a picture beside its entry, read when an entry names it (media_files.py)
        trimmed = name.rstrip(" .")
        near = next((suffix for suffix in NEAR_MISSES if trimmed.lower().endswith(suffix)), None)
        better = plain_stem(trimmed[: -len(near)] if near else trimmed.partition(".")[0] or trimmed)
        if near is None and trimmed.lower().endswith(IMAGES):
            hint = "keep pictures beside their entry (content/entries/<name>/) or in content/media/"
        elif near is None:
            named = f"named {better}.md" if better else "ending in .md"
            hint = f"if it is an entry or page, save it as plain text {named}; else move it out of {rel.rpartition('/')[0]}/"
        else:
            hint = f"rename it to {better}.md" if better else "rename it to end in .md"
        self.note(rel, "is not read: only files ending in .md are", hint, warning=True)

    def link(self, rel: str, recursive: bool) -> None:
        """A symbolic link: what it leads to is read when that is inside the site and not read already."""
        path = os.path.join(self.root, rel)
        try:
            real = os.path.realpath(path, strict=True)
        except FileNotFoundError:
            self.note(
                rel,
                f"is a link to {os.readlink(path)}, which does not exist",
                "remove the link, or restore what it points to",
                warning=True,
            )
            return
        except OSError as error:
            loop = error.errno == errno.ELOOP
            self.note(
                rel,
                "is a link that leads back to itself" if loop else f"cannot be read: {error.strerror}",
                "remove the link",
            )
            return
        inside = os.path.realpath(os.path.dirname(path))
        if os.path.commonpath([real, self.real_root]) != self.real_root:
            self.note(rel, f"points outside the site, to {real}", "copy what it points to into content/ instead")
        elif not os.path.isdir(real):
            self.file(rel, os.path.isfile(real))
        elif os.path.commonpath([real, inside]) == real:
            shown = Path(os.path.relpath(real, self.real_root)).as_posix()
            self.note(rel, f"is a link to {shown}, a folder that holds it: a loop", "remove the link")
        elif real in self.read:
            self.note(rel, f"is a link to {self.read[real]}, which is read already", "remove the link")
        elif recursive or rel in (ENTRIES_DIR, PAGES_DIR):
            self.folder(rel, recursive)


def _unreadable(rel: str, error: OSError) -> Problem:
    hint = f"check its permissions, e.g. chmod u+rwX {shlex.quote(rel)}"
    return Problem(rel, None, None, f"cannot be read: {error.strerror}", hint)


def _path_order(rel: str) -> list[str]:
    return rel.split("/")


def read_source(root: Path, rel: str) -> SourceFile:
    try:
        with open(root / rel, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        return SourceFile(rel, None, _unreadable(rel, error))
    if len(data) > MAX_BYTES:
        shown = f"{max(size, len(data)) / (1 << 20):.1f} MB"
        return SourceFile(
            rel, None, Problem(rel, None, None, f"is {shown}, more than 1 MB", "split it into several entries or pages")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return SourceFile(rel, None, Problem(rel, line, None, "is not UTF-8 text", "save the file as UTF-8"))
    return SourceFile(rel, text.replace("\r\n", "\n").replace("\r", "\n"))
