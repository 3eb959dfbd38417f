"""The files the last build left in the output folder, so that the next build produces only what changed.

For each page, feed and data file it keeps the fingerprint of what the file
was made from (memo.py), the digest of its bytes, and the file's signature
(digest.FileSignature) once written; and, for producers that read a
language's fields, which fields they read. A file whose fingerprint is the
same again and which still has that size and time is already right on disk:
it is neither produced nor written (an OnDisk). A new fingerprint, a file
changed or removed by hand, or a ledger made for another folder or by
another version means the file is produced as usual. The ledger lives in the
build cache and is saved only after a successful write.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from .cache import ledger_key, read_blob, write_blob
from .changes import Inputs
from .digest import FileSignature, digest
from .errors import Problem
from .memo import RenderStats
from .search import output_facts
from .write import MANIFEST, OnDisk, Output, Staged, safe_join

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
