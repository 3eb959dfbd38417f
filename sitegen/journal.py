"""The write as one transaction: every change is listed before the first lands, and undone if the write fails.

A build stages its fresh files in a folder beside the output folder
(`.sitegen-stage-*`, on the same file system, so that a file lands by a
rename). Before the first change reaches the output folder, the stage gets a
journal naming every change: each file put or removed. A file that is
replaced or removed is first hard-linked into the stage, so that its bytes
and times are kept until the write is done. Once every change has landed the
journal goes, then the stage.

A write that fails (a full disk, a file or folder without rights) puts every
file back before it reports. Ctrl-C and SIGTERM wait until the write has
finished (`deferred_interrupts`). A process killed outright (`kill -9`)
leaves its stage and journal: the next write into that output folder first
puts the old files back (`recover`), and removes every stage that no running
build holds. Files are not flushed to the disk (no fsync): this guards against
a stopped process, not a power cut.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

STAGE_PREFIX = ".sitegen-stage-"
JOURNAL = "journal.json"
OWNER = "out"  # the output folder a stage is for
BACKUPS = "old"
LANDING = ".sitegen-landing"  # suffix of a file being copied in when the stage is on another file system
PAUSE = "SITEGEN_TEST_PAUSE_WRITE"


@dataclass(frozen=True, slots=True)
class Change:
    """Put `source` (a staged file) at `rel` in the output folder; None removes the file at `rel`."""

    rel: str
    source: str | None


class Stage:
    """A folder beside the output where a build's fresh files, its journal and the files it replaces wait.

    It is made at first use and locked (flock) while the build lives, so that
    another build's clean-up (`recover`) leaves it alone; `close` removes it
    unless it holds a journal that still has to be undone.
    """

    def __init__(self, out: Path) -> None:
        self.out = Path(os.path.abspath(out))
        self.folder: Path | None = None
        self.lock: int | None = None  # the folder, open and locked
        self.count = 0

    def open(self) -> Path:
        while self.folder is None:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            folder = Path(tempfile.mkdtemp(dir=self.out.parent, prefix=STAGE_PREFIX))
            lock = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            fcntl.flock(lock, fcntl.LOCK_EX)
            if os.fstat(lock).st_nlink == 0:  # another build's clean-up removed it before the lock was ours
                os.close(lock)
                continue
            self.folder, self.lock = folder, lock
            (folder / OWNER).write_text(os.path.realpath(self.out), encoding="utf-8")
        return self.folder

    def put(self, data: bytes) -> str:
        """Stage `data` as a file of its own; its path."""
        self.count += 1
        path = self.open() / str(self.count)
        with open(path, "wb") as stream:
            stream.write(data)
        return str(path)

    def close(self) -> None:
        if self.folder is not None and not (self.folder / JOURNAL).exists():
            shutil.rmtree(self.folder, ignore_errors=True)
        if self.lock is not None:
            os.close(self.lock)
        self.folder, self.lock = None, None


class WriteFailed(Exception):
    """A change could not be made; `restored`: every file was put back as it was."""

    def __init__(self, path: Path, error: OSError, restored: bool) -> None:
        super().__init__(f"{path}: {error.strerror or error}")
        self.path = path
        self.error = error
        self.restored = restored


def apply(stage: Stage, changes: Sequence[Change]) -> None:
    """Make every change in order, or none: on any error every file is put back before WriteFailed is raised."""
    out = stage.out
    plan = [(change.rel, change.source is not None, _holds_file(out / change.rel)) for change in changes]
    try:
        folder = stage.open()
        _save_journal(folder, {"out": str(out), "made": not out.exists(), "changes": plan})
    except OSError as error:  # nothing has changed yet
        raise WriteFailed(Path(error.filename or out.parent), error, True) from None
    pause = os.environ.get(PAUSE)
    landed = 0
    target = out
    try:
        if pause == "0":
            _pause()
        out.mkdir(parents=True, exist_ok=True)
        for index, (change, (_, _, had)) in enumerate(zip(changes, plan, strict=True)):
            target = out / change.rel
            if had:
                _keep(target, folder / BACKUPS / str(index))
            if change.source is None:
                target.unlink()
                _remove_empty_parents(target.parent, out)
            else:
                _land(change.source, target)
            landed += 1
            if pause == str(landed):
                _pause()
    except OSError as error:  # the change that failed left its file as it was: its copy must not come back
        _remove(folder / BACKUPS / str(landed))
        raise WriteFailed(target, error, _undo_quietly(folder, out)) from None
    except BaseException:
        _undo_quietly(folder, out)
        raise
    (folder / JOURNAL).unlink()


def recover(out: Path) -> None:
    """Put back what a killed write into `out` left half done, and remove every stage no running build holds.

    A stage that holds another output folder's journal is left for that folder's next build.
    """
    out = Path(os.path.abspath(out))
    try:
        folders = sorted(out.parent.glob(f"{STAGE_PREFIX}*"))
    except OSError:  # no parent folder yet, or one that cannot be read: no stage either
        return
    for folder in folders:
        if folder.is_dir() and not folder.is_symlink():
            _recover_stage(folder, out)


def _recover_stage(folder: Path, out: Path) -> None:
    try:
        lock = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return  # a running build's
        if (folder / JOURNAL).exists():
            if _read_text(folder / OWNER) != os.path.realpath(out):  # another output folder's
                return
            _undo(folder, out)
        shutil.rmtree(folder, ignore_errors=True)
    finally:
        os.close(lock)


def _undo(folder: Path, out: Path) -> None:
    """Put every file the journal names back as it was; raise the first error once all were tried."""
    journal = json.loads((folder / JOURNAL).read_text(encoding="utf-8"))
    failures: list[OSError] = []
    for index in reversed(range(len(journal["changes"]))):
        rel, put, had = journal["changes"][index]
        target = out.joinpath(*(part for part in rel.split("/") if part not in ("", ".", "..")))
        backup = folder / BACKUPS / str(index)
        try:
            _remove(target.with_name(target.name + LANDING))
            if had and os.path.lexists(backup) and not _same_file(backup, target):
                _land(str(backup), target, keep_mode=True)
            elif put and not had and os.path.lexists(target):
                target.unlink()
                _remove_empty_parents(target.parent, out)
        except OSError as error:
            failures.append(error)
    if journal["made"]:
        with contextlib.suppress(OSError):
            out.rmdir()  # only when empty: the folder was made by the write
    if failures:
        raise failures[0]
    (folder / JOURNAL).unlink()


def _undo_quietly(folder: Path, out: Path) -> bool:
    """Undo; whether everything was put back (if not, the journal stays for the next build)."""
    with deferred_interrupts():
        try:
            _undo(folder, out)
        except OSError:
            return False
    return True


def _save_journal(folder: Path, journal: dict[str, object]) -> None:
    temporary = folder / f"{JOURNAL}.tmp"
    temporary.write_text(json.dumps(journal), encoding="utf-8")
    os.replace(temporary, folder / JOURNAL)


def _keep(target: Path, backup: Path) -> None:
    """The file about to be replaced or removed, kept in the stage: a hard link, or a copy with its times."""
    backup.parent.mkdir(exist_ok=True)
    try:
        os.link(target, backup, follow_symlinks=False)
    except OSError:  # another file system, or one without hard links
        temporary = backup.with_name(backup.name + LANDING)
        shutil.copy2(target, temporary, follow_symlinks=False)
        os.replace(temporary, backup)


def _land(source: str, target: Path, *, keep_mode: bool = False) -> None:
    """A rename within one file system; across two, a copy under a name the undo knows, then a rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if not keep_mode:
        os.chmod(source, 0o644)
    try:
        os.replace(source, target)
    except OSError as error:
        if error.errno != errno.EXDEV:
            raise
        temporary = target.with_name(target.name + LANDING)
        try:
            shutil.copy2(source, temporary, follow_symlinks=False)
            os.replace(temporary, target)
        except BaseException:
            _remove(temporary)
            raise


def _holds_file(path: Path) -> bool:
    """A file or link is there to keep (a folder in the way makes its change fail, or is gone by then)."""
    try:
        return not stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samestat(os.lstat(a), os.lstat(b))
    except OSError:
        return False


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _remove_empty_parents(folder: Path, out: Path) -> None:
    while folder != out and folder.is_relative_to(out):
        try:
            folder.rmdir()
        except OSError:  # not empty, or gone
            return
        folder = folder.parent


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeError):
        return None


def _pause() -> None:
    """Tests only (SITEGEN_TEST_PAUSE_WRITE=N): stop the process once N changes have landed (0: just before
    the first), so that a test can kill or interrupt it at that very point of the write, then SIGCONT it."""
    os.kill(os.getpid(), signal.SIGSTOP)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that the same clean-up and message follow."""


def raise_terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated


@contextlib.contextmanager
def deferred_interrupts() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block has finished, then act as usual; in the main thread only,
    the one Python delivers signals to."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    handlers = {number: handler for number, handler in handlers.items() if handler is not None}  # None: not Python's
    for number in handlers:
        signal.signal(number, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
        if caught:
            signal.raise_signal(caught[0])
