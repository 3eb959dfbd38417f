"""The only stage that writes: sync rendered files into --out, touching only what changed.

Everything is rendered first, in memory or in a staging folder beside the
output (journal.Stage), so a failed build never reaches the output folder.
Files whose bytes are unchanged are left alone (their times too); files this
tool wrote before and no longer produces are removed; anything else in the
folder is never touched. The changes land together or not at all (journal.py).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from . import journal
from .digest import digest
from .errors import Problem, SiteError
from .journal import Change, Stage, WriteFailed, apply, deferred_interrupts

MANIFEST = ".sitegen-files"


@dataclass(frozen=True, slots=True)
class OnDisk:
    """A page the output folder already holds exactly as this build would render it (see store.Ledger)."""

    path: str  # text, not a Path: tens of thousands are made per build
    digest: str  # of its bytes
    lang: str
    indexed: bool  # it asks to be in the search index
    order: str  # its search sort date, which places it in its part of the index

    def read(self) -> bytes:
        with open(self.path, "rb") as stream:
            return stream.read()


@dataclass(frozen=True, slots=True)
class Staged(OnDisk):
    """A fresh file waiting in the staging folder (journal.Stage) until the write moves it into place."""


Output = bytes | OnDisk


@dataclass(frozen=True, slots=True)
class WriteStats:
    written: int
    unchanged: int
    deleted: int


def safe_join(out: Path, rel: str) -> Path:
    """`out / rel`, refusing any path that would land outside `out`."""
    pure = PurePosixPath(rel)
    if pure.is_absolute() or ".." in pure.parts or not rel or "\\" in rel:
        raise SiteError(
            [
                Problem(
                    rel, None, None, "would be written outside the output folder", "this is a bug in a template or slug"
                )
            ]
        )
    return out.joinpath(*pure.parts)


def ready_output(root: Path, out: Path, cache: Path, *, recover: bool) -> None:
    """Check --out; with `recover`, put back what a write killed halfway left there (journal.recover)."""
    check_output_folder(root, out, cache)
    if recover:
        with disk_errors(out, cache, "holds files of an interrupted build"), deferred_interrupts():
            journal.recover(out)


@contextlib.contextmanager
def disk_errors(out: Path, cache: Path, outcome: str) -> Iterator[None]:
    """An OSError in the block (a full disk, a file without rights) becomes one line saying what became of `out`."""
    try:
        yield
    except OSError as error:
        in_cache = bool(error.filename) and Path(os.path.abspath(error.filename)).is_relative_to(os.path.abspath(cache))
        raise SiteError([disk_problem(error.filename or out, error, out, outcome, cache=in_cache)]) from None


def check_output_folder(root: Path, out: Path, cache: Path) -> None:
    """Refuse an --out that is not a folder, holds the site's sources, or holds or lies in the build cache."""
    root, out, cache = root.resolve(), out.resolve(), cache.resolve()
    blocker = next((path for path in (out, *out.parents) if path.exists() and not path.is_dir()), None)
    if blocker is not None:
        kind = "a file" if blocker.is_file() else "a device or other special file"
        wrong = f"{shown(blocker)} is {kind}, not a folder"
    elif (
        out == root
        or root.is_relative_to(out)
        or out.is_relative_to(root / "content")
        or out.is_relative_to(root / "templates")
        or out.is_relative_to(root / "assets")
    ):
        wrong = f"{shown(out)} holds the site's sources and cannot be the output folder"
    elif out.is_relative_to(cache) or cache.is_relative_to(out):
        wrong = f"{shown(out)} would mix the site with the build cache in {shown(cache)}/"
    else:
        return
    raise SiteError([Problem("--out", None, None, wrong, "choose a separate folder, e.g. output/")])


def collect_assets(dirs: Sequence[Path]) -> dict[str, bytes]:
    """Asset files by relative path, stylesheets compacted; the first folder that has a file wins (site over built-in)."""
    found: dict[str, bytes] = {}
    for folder in dirs:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder).as_posix()
            if path.is_file() and rel not in found and not path.name.startswith("."):
                found[rel] = compact_css(path.read_bytes()) if rel.endswith(".css") else path.read_bytes()
    return found


_CSS_STRING_OR_COMMENT = re.compile(rb"""("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|/\*.*?\*/""", re.S)


def compact_css(data: bytes) -> bytes:
    """A stylesheet without comments, indentation and blank lines: a reader loads the rules, not their notes.

    Strings are kept whole, so `content: "/*"` stays; every rule keeps its line.
    """
    text = _CSS_STRING_OR_COMMENT.sub(lambda m: m.group(1) or b"", data)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return b"\n".join(lines) + b"\n" * (bool(lines) and text.endswith((b"\n", b"\r")))


def hashed_name(rel: str, data: bytes) -> str:
    """`style.css` -> `style.3f2a9c1b.css`: a new name whenever the bytes change."""
    short = digest(data)[:10]
    stem, dot, ext = rel.rpartition(".")
    return f"{stem}.{short}.{ext}" if dot else f"{rel}.{short}"


def write_site(
    out: Path, files: Mapping[str, Output], known: Mapping[str, Output] | None = None, stage: Stage | None = None
) -> WriteStats:
    """Make `out` hold exactly `files` (plus anything we never wrote), all at once or not at all.

    `known` is what a previous call wrote into `out` in this process: files equal
    to it are neither checked again nor read back, which keeps a dev server's
    rebuild of a big site fast. An OnDisk file is already there. The changes
    land as one transaction (journal.py), through `stage` or a stage of its own.
    """
    fresh = dict(
        sorted(
            (rel, data)
            for rel, data in files.items()
            if isinstance(data, bytes | Staged) and (known is None or known.get(rel) != data)
        )
    )
    targets = {rel: safe_join(out, rel) for rel in fresh}
    same_files = known is not None and known.keys() == files.keys()  # the manifest lists them already
    previous = set() if same_files else _read_manifest(out)
    removed = [rel for rel in sorted(previous - set(files), reverse=True) if safe_join(out, rel).is_file()]
    put = {rel: data for rel, data in fresh.items() if not _same(targets[rel], data)}
    if not same_files:
        manifest = ("\n".join(sorted(files)) + "\n").encode()
        if _read_bytes(out / MANIFEST) != manifest:
            put[MANIFEST] = manifest
    written = len(put) - (MANIFEST in put)
    stats = WriteStats(written, len(files) - written, len(removed))
    if not put and not removed:
        return stats
    own = stage is None
    stage = stage or Stage(out)
    try:
        changes = [Change(rel, None) for rel in removed]
        changes += [
            Change(rel, data.path if isinstance(data, Staged) else stage.put(data)) for rel, data in put.items()
        ]
        apply(stage, changes)
    except WriteFailed as failure:
        outcome = "was left as it was" if failure.restored else "could not be put back yet: the next build does it"
        raise SiteError([disk_problem(failure.path, failure.error, out, outcome)]) from None
    except OSError as error:  # while staging a file: nothing has changed
        raise SiteError([disk_problem(error.filename or out, error, out, "was left as it was")]) from None
    finally:
        if own:
            stage.close()
    return stats


def disk_problem(path: Path | str, error: OSError, out: Path, outcome: str, *, cache: bool = False) -> Problem:
    """A file-system error as one line: the file, the system's words, what became of `out`, what to do."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        hint = "free some space, then build again"
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        hint = "check the permissions of the file and its folder, then build again"
    else:
        hint = "build again; if it happens again, check the disk"
    if cache:
        hint += ", or build with --no-cache"
    return Problem(shown(Path(path)), None, None, f"{error.strerror or error}; {shown(out)}/ {outcome}", hint)


def shown(path: Path) -> str:
    """A path as the person at the terminal typed it: relative to the working folder when inside it."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except (ValueError, OSError):  # outside it, or no working folder any more
        return str(absolute)


def _same(path: Path, data: bytes | Staged) -> bool:
    """Whether `path` holds `data` already: sizes first, so that bytes are read only to confirm."""
    size = os.path.getsize(data.path) if isinstance(data, Staged) else len(data)
    if not path.is_file() or path.stat().st_size != size:
        return False
    return path.read_bytes() == (data.read() if isinstance(data, Staged) else data)


def _read_manifest(out: Path) -> set[str]:
    data = _read_bytes(out / MANIFEST)
    return set(data.decode("utf-8", "replace").split()) if data else set()


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
