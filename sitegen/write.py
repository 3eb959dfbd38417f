"""The only stage that writes: sync rendered files into --out, touching only what changed.

Everything is rendered first, in memory or in a staging folder beside the
output (see Stage), so a failed build never reaches the output folder. Files
whose bytes are unchanged are left alone (their times too); files this tool
wrote before and no longer produces are removed; anything else in the folder
is never touched.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import Problem, SiteError

MANIFEST = ".sitegen-files"


@dataclass(frozen=True, slots=True)
class OnDisk:
    """A page the output folder already holds exactly as this build would render it (see ledger.py)."""

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
    """A fresh file waiting in the staging folder (see Stage) until the write moves it into place."""


Output = bytes | OnDisk


class Stage:
    """A folder beside the output where a build's fresh files wait, so that they need not fill memory.

    Nothing reaches the output folder before the whole build has succeeded; the
    write then moves each file into place (a rename, not a copy). The folder is
    removed afterwards, whatever happened.
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        self.folder: Path | None = None
        self.count = 0

    def put(self, data: bytes, digest: str, lang: str, indexed: bool, order: str) -> Staged:
        if self.folder is None:
            self.out.parent.mkdir(parents=True, exist_ok=True)
            self.folder = Path(tempfile.mkdtemp(dir=self.out.parent, prefix=".sitegen-stage-"))
        self.count += 1
        path = self.folder / str(self.count)
        path.write_bytes(data)
        return Staged(str(path), digest, lang, indexed, order)

    def close(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


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


def check_output_folder(root: Path, out: Path) -> None:
    """Refuse an --out that holds the site's own sources."""
    root, out = root.resolve(), out.resolve()
    if (
        out == root
        or root.is_relative_to(out)
        or out.is_relative_to(root / "content")
        or out.is_relative_to(root / "templates")
        or out.is_relative_to(root / "assets")
    ):
        raise SiteError(
            [
                Problem(
                    "--out",
                    None,
                    None,
                    f"{out} holds the site's sources and cannot be the output folder",
                    "choose a separate folder, e.g. output/",
                )
            ]
        )


def collect_assets(dirs: Sequence[Path]) -> dict[str, bytes]:
    """Asset files by relative path; the first folder that has a file wins (site over built-in)."""
    found: dict[str, bytes] = {}
    for folder in dirs:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder).as_posix()
            if path.is_file() and rel not in found and not path.name.startswith("."):
                found[rel] = path.read_bytes()
    return found


def hashed_name(rel: str, data: bytes) -> str:
    """`style.css` -> `style.3f2a9c1b.css`: a new name whenever the bytes change."""
    digest = hashlib.sha256(data).hexdigest()[:10]
    stem, dot, ext = rel.rpartition(".")
    return f"{stem}.{digest}.{ext}" if dot else f"{rel}.{digest}"


def write_site(out: Path, files: Mapping[str, Output], known: Mapping[str, Output] | None = None) -> WriteStats:
    """Make `out` hold exactly `files` (plus anything we never wrote).

    `known` is what a previous call wrote into `out` in this process: files equal
    to it are neither checked again nor read back, which keeps a dev server's
    rebuild of a big site fast. An OnDisk file is already there.
    """
    fresh = dict(
        sorted(
            (rel, data)
            for rel, data in files.items()
            if isinstance(data, bytes | Staged) and (known is None or known.get(rel) != data)
        )
    )
    targets = {rel: safe_join(out, rel) for rel in fresh}
    out.mkdir(parents=True, exist_ok=True)
    same_files = known is not None and known.keys() == files.keys()  # the manifest lists them already
    previous = set() if same_files else _read_manifest(out)
    written, unchanged = 0, len(files) - len(fresh)
    for rel, data in fresh.items():
        path = targets[rel]
        if _same(path, data):
            unchanged += 1
        elif isinstance(data, Staged):
            _move(data.path, path)
            written += 1
        else:
            _atomic_write(path, data)
            written += 1
    deleted = 0
    for rel in sorted(previous - set(files), reverse=True):
        path = safe_join(out, rel)
        if path.is_file():
            path.unlink()
            deleted += 1
            _remove_empty_parents(path.parent, out)
    if not same_files:
        manifest = ("\n".join(sorted(files)) + "\n").encode()
        if _read_bytes(out / MANIFEST) != manifest:
            _atomic_write(out / MANIFEST, manifest)
    return WriteStats(written, unchanged, deleted)


def _same(path: Path, data: bytes | Staged) -> bool:
    """Whether `path` holds `data` already: sizes first, so that bytes are read only to confirm."""
    size = os.path.getsize(data.path) if isinstance(data, Staged) else len(data)
    if not path.is_file() or path.stat().st_size != size:
        return False
    return path.read_bytes() == (data.read() if isinstance(data, Staged) else data)


def _move(staged: str, path: Path) -> None:
    """A rename within one file system; a copy across two."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(staged, 0o644)
    try:
        os.replace(staged, path)
    except OSError as error:
        if error.errno != errno.EXDEV:
            raise
        _atomic_write(path, Path(staged).read_bytes())


def _read_manifest(out: Path) -> set[str]:
    data = _read_bytes(out / MANIFEST)
    return set(data.decode("utf-8", "replace").split()) if data else set()


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _remove_empty_parents(folder: Path, out: Path) -> None:
    while folder != out and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
