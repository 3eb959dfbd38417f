"""A persistent build cache in `.cache/` beside the output folder, kept between builds.

It holds parsed files (by content digest), each part of the search
index (by the digest of the pages it indexes) and the ledger of the pages in
the output folder (see ledger.py). The cache is an optimisation only: a
corrupt, stale or foreign file is ignored (never a wrong page), and
`--no-cache` skips it. Each file's key covers the generator's and its
dependencies' versions and whatever else its values depend on.
"""

from __future__ import annotations

import copyreg
import dataclasses
import importlib.metadata
import io
import os
import pickle
import re
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from . import __version__
from .config import SiteConfig
from .content import Correction, Heading, PartialDate, Source
from .digest import digest
from .errors import Problem
from .load import ParsedFile, parse_inputs
from .markup import Rendered
from .write import shown

MAGIC = b"sitegen-cache-2\n"
CHECKSUM = 32  # hex digits of the payload's digest
DEPENDENCIES = ("markdown", "nh3", "python-frontmatter", "pyyaml", "babel", "jinja2", "pagefind-bin")
SHARDS = "0123456789abcdef"  # of the parsed files, by content digest

ParsedCache = dict[tuple[str, str], ParsedFile]


def cache_dir(out: Path) -> Path:
    """`.cache/sitegen` beside the output folder, so that deleting output/ keeps it; an output folder
    inside `.cache/` already (the dev server's preview) keeps its cache in that same `.cache/`."""
    parent = out.parent
    return (parent if parent.name == ".cache" else parent / ".cache") / "sitegen"


def _versions() -> list[str]:
    return [f"sitegen={__version__}", *(f"{name}={_version(name)}" for name in DEPENDENCIES)]


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "missing"


def _key(*parts: str) -> bytes:
    return digest("\n".join([*_versions(), *parts]).encode()).encode()


def parse_key(config: SiteConfig) -> bytes:
    """What a parsed file depends on besides its own text: versions, and what it reads from site.toml."""
    return _key(*parse_inputs(config))


def read_blob(path: Path, key: bytes) -> Any:
    """The value stored under `key`, or None when absent, corrupt, stale or foreign."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header = MAGIC + key + b"\n"
    if not data.startswith(header) or len(data) < len(header) + CHECKSUM:
        return None
    checksum, payload = data[len(header) : len(header) + CHECKSUM], data[len(header) + CHECKSUM :]
    if digest(payload).encode() != checksum:
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # a damaged pickle can raise almost anything; the cache is only an optimisation
        return None


# The frozen dataclasses a parsed file holds. Pickle restores a slots dataclass through a
# __setstate__ that lists its fields each time; for tens of thousands of values that is seconds.
QUICK = (ParsedFile, Rendered, PartialDate, Heading, Source, Correction)
_FIELDS = {kind: tuple(f.name for f in dataclasses.fields(kind)) for kind in QUICK}


def _restore(kind: type, values: tuple[Any, ...]) -> Any:
    value = object.__new__(kind)
    for name, item in zip(_FIELDS[kind], values, strict=True):
        object.__setattr__(value, name, item)
    return value


def _reduce(value: Any) -> tuple[Any, ...]:
    return _restore, (type(value), tuple(getattr(value, name) for name in _FIELDS[type(value)]))


def _dumps(value: Any) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, **dict.fromkeys(QUICK, _reduce)}
    pickler.dump(value)
    return buffer.getvalue()


def write_blob(path: Path, key: bytes, value: Any) -> None:
    """Replace the file atomically; a folder in its place is damage like any other, and goes."""
    payload = _dumps(value)
    data = MAGIC + key + b"\n" + digest(payload).encode() + payload
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def cache_warning(folder: Path) -> Problem | None:
    """`.cache` or `.cache/sitegen` there but not a folder: this build goes without the cache, and says so."""
    for path in (folder.parent, folder):
        if os.path.lexists(path) and not path.is_dir():
            return Problem(
                shown(path),
                None,
                None,
                "is not a folder, so this build runs without the build cache",
                "remove it, and the next build keeps a cache again",
                warning=True,
            )
    return None


class ParsedStore:
    """Parsed files by (path, content digest), in 16 files by the digest's first hex digit.

    An edit changes one file's digest: the write rewrites the shard that held
    the old digest and the one that takes the new, not every parsed file.
    """

    def __init__(self, folder: Path, config: SiteConfig) -> None:
        self.folder = folder
        self.key = parse_key(config)
        self.stored: dict[str, set[tuple[str, str]]] = {}  # shard -> its keys, as on disk

    def _path(self, shard: str) -> Path:
        return self.folder / f"parsed-{shard}.pickle"

    def read(self) -> ParsedCache:
        entries: ParsedCache = {}
        for shard in SHARDS:
            part = read_blob(self._path(shard), self.key)
            if isinstance(part, dict) and all(isinstance(v, ParsedFile) for v in part.values()):
                entries.update(part)
                self.stored[shard] = set(part)
        return entries

    def write(self, parsed: Mapping[tuple[str, str], ParsedFile]) -> None:
        """Only files without errors are kept (warnings are kept with them); only shards whose keys changed are written."""
        shards: dict[str, ParsedCache] = {shard: {} for shard in SHARDS}
        for key, value in parsed.items():
            if all(p.warning for p in value.problems):
                shards[key[1][:1] if key[1][:1] in SHARDS else SHARDS[0]][key] = value
        for shard, part in shards.items():
            if part.keys() != self.stored.get(shard, set()):
                write_blob(self._path(shard), self.key, part)
                self.stored[shard] = set(part)


class SearchStore:
    """Each part of the search index, kept under the digest of the pages it was made from."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, name: str) -> Path:
        return self.folder / f"search-{re.sub(r'[^a-z0-9.-]', '_', name)}.pickle"

    def read(self, name: str, digest: str) -> dict[str, bytes] | None:
        part = read_blob(self._path(name), _key(name, digest))
        return part if isinstance(part, dict) else None

    def write(self, name: str, digest: str, part: dict[str, bytes]) -> None:
        write_blob(self._path(name), _key(name, digest), part)


def ledger_key(out: Path) -> bytes:
    """A ledger describes one output folder."""
    return _key("ledger", str(out.resolve()))
