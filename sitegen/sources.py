"""Read content/ from disk: every Markdown file's text, or why it cannot be read.

Reading (I/O) is apart from parsing (pure, memoised per file text) so the dev
server and the build cache can skip files that did not change.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Set
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG

from .errors import Problem
from .names import ENTRIES_DIR, PAGES_DIR


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A content file's text as read from disk; `digest` keys every cache."""

    path: str
    text: str | None
    problem: Problem | None = None
    digest: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "digest", hashlib.sha256((self.text or "").encode()).hexdigest())


StatKey = tuple[int, int, int]  # inode, size, modification time in ns
SETTLED_NS = 2_000_000_000  # a file older than this when read is not rewritten within its timestamp's granularity


def read_sources(
    root: Path, known: dict[str, tuple[StatKey | None, SourceFile]] | None = None, changed: Set[str] | None = None
) -> list[SourceFile]:
    """Every Markdown file under content/entries and content/pages, sorted by path.

    `known` (updated in place) lets a long-running process skip files whose
    inode, size and time are unchanged since it read them. As git does with
    "racily clean" files, a file modified less than two seconds before it was
    read is read again next time: file times are coarser than a quick edit.
    `changed`, the files a watcher saw change since the last call with the same
    `known` (relative paths), spares listing and checking all the others.
    """
    added: set[str] = set()
    if changed is not None and known:
        added = {rel for rel in changed if _is_markdown(rel)} - known.keys()
        names = sorted([*known, *added], key=_path_order) if added else list(known)
    else:
        names, changed = _markdown_files(root), None
    files = []
    for rel in names:
        seen = known.get(rel) if known is not None else None
        if seen is not None and seen[0] is not None and changed is not None and rel not in changed:
            files.append(seen[1])
            continue
        try:
            stat = os.stat(os.path.join(root, rel))
        except OSError:
            continue
        if not S_ISREG(stat.st_mode):
            continue
        key = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
        if seen is not None and seen[0] == key:
            files.append(seen[1])
            continue
        source = read_source(root, rel)
        files.append(source)
        if known is not None:  # a file too recent to trust its time is read again next time
            known[rel] = (key if time.time_ns() - stat.st_mtime_ns > SETTLED_NS else None, source)
    if known is not None and (changed is None or added or len(known) != len(files)):  # kept in path order
        kept = {f.path: known[f.path] for f in files if f.path in known}
        known.clear()
        known.update(kept)
    return files


def _is_markdown(rel: str) -> bool:
    """A file `_markdown_files` would list: `.md` below content/entries, or directly in content/pages."""
    folder, _, name = rel.rpartition("/")
    return name.endswith(".md") and (folder in (PAGES_DIR, ENTRIES_DIR) or folder.startswith(f"{ENTRIES_DIR}/"))


def _markdown_files(root: Path) -> list[str]:
    """`.md` files below content/entries (any depth) and content/pages (top level), as sorted relative paths."""
    found = []
    for folder, recursive in ((ENTRIES_DIR, True), (PAGES_DIR, False)):
        for directory, _, names in os.walk(root / folder):
            inner = Path(directory).relative_to(root).as_posix()
            found.extend(f"{inner}/{name}" for name in names if name.endswith(".md"))
            if not recursive:
                break
    return sorted(found, key=_path_order)


def _path_order(rel: str) -> list[str]:
    return rel.split("/")


def read_source(root: Path, rel: str) -> SourceFile:
    try:
        data = (root / rel).read_bytes()
    except OSError as error:
        return SourceFile(rel, None, Problem(rel, None, None, f"cannot be read: {error.strerror}"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return SourceFile(rel, None, Problem(rel, line, None, "is not UTF-8 text", "save the file as UTF-8"))
    return SourceFile(rel, text.replace("\r\n", "\n").replace("\r", "\n"))
