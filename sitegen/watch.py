"""Which watched files changed: woken by inotify on Linux, by polling elsewhere.

Either way the answer comes from comparing each file's FileSignature with what
was seen before, so an editor's save-by-rename, a burst of writes or a removed
folder all come out as one list of changed paths. Hidden files and editor
backups are not the site's and are ignored. A symlinked folder is neither
scanned nor watched: the site's loader does not look inside one either, a
link back up (`ln -s . loop`) would make the walk endless, and a link may
point outside the site.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
import stat
import struct
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from .digest import FileSignature

QUIET = 0.02  # seconds without events before a burst of writes counts as done
LONGEST_BURST = 0.3
SLOWEST_POLL = 0.1  # polling: at least this often, and at most 10% of the time spent scanning

# inotify(7)
IN_MODIFY, IN_ATTRIB, IN_CLOSE_WRITE = 0x2, 0x4, 0x8
IN_MOVED_FROM, IN_MOVED_TO, IN_CREATE, IN_DELETE = 0x40, 0x80, 0x100, 0x200
IN_DELETE_SELF, IN_MOVE_SELF, IN_Q_OVERFLOW, IN_IGNORED = 0x400, 0x800, 0x4000, 0x8000
IN_ONLYDIR, IN_DONT_FOLLOW = 0x1000000, 0x2000000
WATCH_MASK = (
    IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_DELETE_SELF
) | IN_MOVE_SELF
EVENT = struct.Struct("iIII")


def wanted(path: Path) -> bool:
    """The site's own files, not `.#x.md`, `x.md~` or `.x.md.swp`."""
    name = path.name
    return not name.startswith(".") and not name.endswith(("~", ".swp", ".swx", ".tmp"))


def scan(path: Path) -> dict[Path, FileSignature]:
    """Signatures of the wanted files at or under `path` (nothing when it does not exist or is a symlinked folder)."""
    found: dict[Path, FileSignature] = {}
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode) and path.is_symlink():
            return found
    except OSError:
        return found
    if not stat.S_ISDIR(info.st_mode):
        if wanted(path):
            found[path] = FileSignature.of(info)
        return found
    folders = [path]
    while folders:
        try:
            children = list(os.scandir(folders.pop()))
        except OSError:
            continue
        for child in children:
            if not wanted(Path(child.name)):
                continue
            try:
                if child.is_dir(follow_symlinks=False):
                    folders.append(Path(child.path))
                elif child.is_file(follow_symlinks=True):  # a symlinked file is read by the loader: watch it
                    found[Path(child.path)] = FileSignature.of(child.stat())
            except OSError:
                continue
    return found


class _INotify:
    """The kernel's file events; only used to know when and where to look."""

    def __init__(self) -> None:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        self._add_watch = libc.inotify_add_watch
        self.fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        if self.fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1 failed")
        self.folders: dict[int, Path] = {}

    def watch(self, folder: Path) -> None:
        # a folder swapped for a symlink meanwhile is refused (ENOTDIR) rather than followed out of the site
        number = self._add_watch(self.fd, os.fsencode(folder), WATCH_MASK | IN_ONLYDIR | IN_DONT_FOLLOW)
        if number < 0:
            error = ctypes.get_errno()
            if error in (2, 20):  # ENOENT, ENOTDIR: gone already, the rescan notices
                return
            raise OSError(error, f"cannot watch {folder}")
        self.folders[number] = folder

    def read(self, timeout: float | None) -> list[Path] | None:
        """Paths named by the events within `timeout`; None when the kernel dropped some."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return []
        try:
            data = os.read(self.fd, 1 << 16)
        except BlockingIOError:
            return []
        paths: list[Path] = []
        offset = 0
        while offset + EVENT.size <= len(data):
            number, mask, _, length = EVENT.unpack_from(data, offset)
            name = data[offset + EVENT.size : offset + EVENT.size + length].rstrip(b"\0")
            offset += EVENT.size + length
            if mask & IN_Q_OVERFLOW:
                return None
            folder = self.folders.pop(number, None) if mask & IN_IGNORED else self.folders.get(number)
            if folder is not None:
                paths.append(folder / os.fsdecode(name) if name else folder)
        return paths

    def close(self) -> None:
        os.close(self.fd)


class Watcher:
    """Files and folders to watch; `changes()` blocks until some of them changed."""

    def __init__(self, targets: Sequence[Path], *, poll: bool = False) -> None:
        self.targets = [target.resolve() for target in targets]
        self.known: dict[Path, FileSignature] = {}
        for target in self.targets:
            self.known.update(scan(target))
        self.inotify: _INotify | None = None
        if not poll and sys.platform.startswith("linux"):
            try:
                self.inotify = _INotify()
                for folder in self._folders(self.targets):
                    self.inotify.watch(folder)
                for parent in {target.parent for target in self.targets}:
                    self.inotify.watch(parent)  # to see a watched folder or site.toml appear or go
            except (OSError, AttributeError):
                self.inotify = None
        self.poll_interval = SLOWEST_POLL

    def changes(self, timeout: float) -> list[Path]:
        """Changed files (added, edited or removed), once a burst of writes is over; [] after `timeout`."""
        if self.inotify is None:
            return self._poll(timeout)
        first = self.inotify.read(timeout)
        if first == []:
            return []
        touched: list[Path] | None = first
        deadline = time.monotonic() + LONGEST_BURST
        while time.monotonic() < deadline:
            more = self.inotify.read(QUIET)
            if more == []:
                break
            touched = None if more is None or touched is None else [*touched, *more]
        return self._recheck(self.targets if touched is None else touched)

    def _poll(self, timeout: float) -> list[Path]:
        end = time.monotonic() + timeout
        while True:
            start = time.monotonic()
            changed = self._recheck(self.targets)
            self.poll_interval = max(SLOWEST_POLL, 10 * (time.monotonic() - start))
            deadline = time.monotonic() + LONGEST_BURST
            while changed and time.monotonic() < deadline:  # a save caught half-written: wait for the rest
                time.sleep(QUIET)
                more = self._recheck(self.targets)
                if not more:
                    break
                changed = sorted({*changed, *more})
            if changed or time.monotonic() + self.poll_interval > end:
                return changed
            time.sleep(self.poll_interval)

    def _recheck(self, paths: Iterable[Path]) -> list[Path]:
        """Compare what is on disk now at `paths` with what was known; remember the new state."""
        changed: set[Path] = set()
        for path in sorted(set(paths)):
            if not any(path == t or path.is_relative_to(t) for t in self.targets):
                continue
            if path in self.known or path.is_file():
                before = {path: self.known[path]} if path in self.known else {}
            else:
                inside = f"{path}{os.sep}"
                before = {p: s for p, s in self.known.items() if str(p).startswith(inside)}
            now = scan(path)
            changed.update(p for p in before.keys() | now.keys() if before.get(p) != now.get(p))
            for gone in before.keys() - now.keys():
                del self.known[gone]
            self.known.update(now)
            if self.inotify is not None and path.is_dir():
                for folder in self._folders([path]):
                    self.inotify.watch(folder)
        return sorted(changed)

    def _folders(self, paths: Iterable[Path]) -> Iterable[Path]:
        """The folders at or under `paths`, symlinked ones left out (os.walk does not enter them)."""
        for path in paths:
            if path.is_dir() and not path.is_symlink():
                yield path
                for folder, subfolders, _ in os.walk(path):
                    subfolders[:] = [
                        name
                        for name in subfolders
                        if wanted(Path(name)) and not os.path.islink(os.path.join(folder, name))
                    ]
                    for name in subfolders:
                        yield Path(folder) / name

    def close(self) -> None:
        if self.inotify is not None:
            self.inotify.close()
