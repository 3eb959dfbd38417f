"""The build's one store on disk: `.cache/sitegen/` beside the output folder, kept between builds.

Its parts share one file format (a versions key and a checksum, see
`read_blob`) and one hash (digest.py):
- parsed files, by (path, content digest), in 16 shards (`ParsedStore`);
- each part of the search index, by the digest of the pages it indexes (`SearchStore`);
- the ledger of the output folder (`Ledger`): each file's fingerprint, digest
  and signature, and the inputs the folder was made from (changes.Inputs).
The memo in memory (memo.py) uses the same fingerprints as keys. The store is
an optimisation only: a corrupt, stale or foreign file is ignored (never a
wrong page), and `--no-cache` skips it. Each file's key covers the
generator's and its dependencies' versions and whatever else its values
depend on.
"""

from __future__ import annotations

import copyreg
import dataclasses
import io
import os
import pickle
import re
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from .changes import Inputs
from .config import SiteConfig
from .content import Correction, Heading, PartialDate, Source
from .digest import FileSignature, digest
from .environment import versions
from .errors import Problem
from .load import ParsedFile, parse_inputs
from .markup import Rendered
from .memo import RenderStats
from .search import output_facts
from .write import MANIFEST, OnDisk, Output, Staged, safe_join, shown

MAGIC = b"sitegen-cache-2\n"
CHECKSUM = 32  # hex digits of the payload's digest
SHARDS = "0123456789abcdef"  # of the parsed files, by content digest

ParsedCache = dict[tuple[str, str], ParsedFile]


def cache_dir(out: Path) -> Path:
    """`.cache/sitegen` beside the output folder, so that deleting output/ keeps it; an output folder
    inside `.cache/` already (the dev server's preview) keeps its cache in that same `.cache/`."""
    parent = out.parent
    return (parent if parent.name == ".cache" else parent / ".cache") / "sitegen"


def _key(*parts: str) -> bytes:
    return digest("\n".join([*versions(), *parts]).encode()).encode()


def store_key(*parts: str) -> bytes:
    """The key of a value that depends on `parts` and the versions (an image's variants)."""
    return _key(*parts)


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


class Store:
    """The build cache of one output folder: one folder, one format, one versions key for every part."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.folder = cache_dir(out)

    def parsed(self, config: SiteConfig) -> ParsedStore:
        return ParsedStore(self.folder, config)

    def search(self) -> SearchStore:
        return SearchStore(self.folder)

    def ledger(self) -> Ledger:
        return Ledger.read(self.folder, self.out)


LEDGER = "ledger.pickle"


class Record(NamedTuple):
    """A plain tuple, so that tens of thousands of them load fast."""

    fingerprint: str  # "" for a file no producer made (an asset, the search index)
    digest: str
    signature: FileSignature  # of the file as written
    lang: str
    indexed: bool  # a page that asks to be in the search index
    order: str  # its search sort date


@dataclass(frozen=True, slots=True)
class MadeFrom:
    """What the files on record were made from, and what that build reported: a build of the same
    inputs into an intact folder has nothing to make and says the same."""

    inputs: Inputs
    pages: int
    warnings: tuple[Problem, ...]


class Ledger:
    """The files the last build left in the output folder, so that the next build produces only what changed.

    For each page, feed and data file it keeps the fingerprint of what the file
    was made from (memo.py), the digest of its bytes, and the file's signature
    (digest.FileSignature) once written; and, for producers that read a
    language's fields, which fields they read. A file whose fingerprint is the
    same again and which still has that signature is already right on disk:
    it is neither produced nor written (an OnDisk). A new fingerprint, a file
    changed or removed by hand, or a ledger made for another folder or by
    another version means the file is produced as usual. The ledger lives in the
    build cache and is saved only after a successful write.
    """

    def __init__(
        self, out: Path, records: dict[str, Record], reads: dict[bytes, Any], made_from: MadeFrom | None = None
    ) -> None:
        self.out = out
        self.records = records
        self.made_from = made_from
        self.reads = reads  # RenderMemo.reads as the last build left them: which fields each call read
        self.changed = False  # differs from what the cache holds

    @classmethod
    def read(cls, folder: Path, out: Path) -> Ledger:
        stored = read_blob(folder / LEDGER, ledger_key(out))
        if (
            isinstance(stored, tuple)
            and len(stored) == 3
            and isinstance(stored[0], dict)
            and isinstance(stored[1], dict)
            and isinstance(stored[2], MadeFrom | None)
            and all(isinstance(r, Record) for r in stored[0].values())
        ):
            return cls(out, *stored)
        return cls(out, {}, {})

    def save(self, folder: Path) -> None:
        if self.changed:
            write_blob(folder / LEDGER, ledger_key(self.out), (self.records, self.reads, self.made_from))
            self.changed = False

    def unchanged(self, inputs: Inputs) -> MadeFrom | None:
        """What the last build reported, when `inputs` are what it was made from and every file is as written."""
        made_from = self.made_from
        if made_from is None or made_from.inputs.changes(inputs):
            return None
        try:
            manifest = (self.out / MANIFEST).read_bytes()
        except OSError:
            return None
        if manifest != ("\n".join(sorted(self.records)) + "\n").encode():
            return None
        return made_from if all(self._as_written(rel, record) for rel, record in self.records.items()) else None

    def kept(self, rel: str, fingerprint: str) -> OnDisk | None:
        """The file, when it is what producing `fingerprint` would write."""
        record = self.records.get(rel)
        if record is None or record.fingerprint != fingerprint or not self._as_written(rel, record):
            return None
        return self._on_disk(rel, record)

    def settle(self, files: Mapping[str, Output]) -> dict[str, Output]:
        """`files` with those already on disk byte for byte as OnDisk: the write neither reads nor rewrites them."""
        settled: dict[str, Output] = {}
        for rel, data in files.items():
            record = self.records.get(rel)
            if (
                isinstance(data, bytes)
                and record is not None
                and record.signature.size == len(data)
                and record.digest == digest(data)
                and self._as_written(rel, record)
            ):
                settled[rel] = self._on_disk(rel, record)
            else:
                settled[rel] = data
        return settled

    def _on_disk(self, rel: str, record: Record) -> OnDisk:
        return OnDisk(os.path.join(self.out, rel), record.digest, record.lang, record.indexed, record.order)

    def _as_written(self, rel: str, record: Record) -> bool:
        """Its file still has the size and time it had once written (paths here were checked then)."""
        try:
            return FileSignature.of(os.stat(os.path.join(self.out, rel))) == record.signature
        except OSError:
            return False

    def update(
        self, files: Mapping[str, Output], made: RenderStats, reads: Mapping[bytes, Any], made_from: MadeFrom
    ) -> None:
        """After a write: note every file written this time, forget those no longer built."""
        records: dict[str, Record] = {}
        for rel, data in files.items():
            fingerprint = made.fingerprints.get(rel, "")
            old = self.records.get(rel)
            if isinstance(data, Staged):  # moved into place by the write
                signature = FileSignature.of(os.stat(safe_join(self.out, rel)))
                records[rel] = Record(fingerprint, data.digest, signature, data.lang, data.indexed, data.order)
                continue
            if isinstance(data, OnDisk) and old is not None:
                records[rel] = old._replace(fingerprint=fingerprint)
                continue
            facts = output_facts(rel, data if isinstance(data, bytes) else data.read())
            signature = FileSignature.of(os.stat(safe_join(self.out, rel)))
            records[rel] = Record(fingerprint, facts[0], signature, *facts[1:])
        if records != self.records or reads != self.reads or made_from != self.made_from:
            self.records, self.reads, self.made_from = records, dict(reads), made_from
            self.changed = True
