"""The files the last build left in the output folder, so that the next build produces only what changed.

For each page, feed and data file it keeps the fingerprint of what the file
was made from (memo.py), the digest of its bytes, and the size and
modification time the file had once written; and, for producers that read a
language's fields, which fields they read. A file whose fingerprint is the
same again and which still has that size and time is already right on disk:
it is neither produced nor written (an OnDisk). A new fingerprint, a file
changed or removed by hand, or a ledger made for another folder or by
another version means the file is produced as usual. The ledger lives in the
build cache and is saved only after a successful write.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cache import ledger_key, read_blob, write_blob
from .memo import RenderMemo
from .search import asks_to_be_indexed, page_digest, page_language
from .write import OnDisk, Output, safe_join

LEDGER = "ledger.pickle"


@dataclass(frozen=True, slots=True)
class Record:
    fingerprint: str
    digest: str
    size: int
    mtime_ns: int
    lang: str
    indexed: bool  # a page that asks to be in the search index


class Ledger:
    def __init__(self, out: Path, records: dict[str, Record], reads: dict[bytes, Any]) -> None:
        self.out = out
        self.records = records
        self.reads = reads  # RenderMemo.reads as the last build left them
        self.changed = False  # differs from what the cache holds

    @classmethod
    def read(cls, folder: Path, out: Path) -> Ledger:
        stored = read_blob(folder / LEDGER, ledger_key(out))
        if (
            isinstance(stored, tuple)
            and len(stored) == 2
            and isinstance(stored[0], dict)
            and isinstance(stored[1], dict)
            and all(isinstance(r, Record) for r in stored[0].values())
        ):
            return cls(out, *stored)
        return cls(out, {}, {})

    def lend(self, memo: RenderMemo) -> None:
        """Let `memo` find unchanged files on disk instead of producing them."""
        memo.reads = {**self.reads, **memo.reads}
        memo.on_disk = self.kept

    def save(self, folder: Path) -> None:
        if self.changed:
            write_blob(folder / LEDGER, ledger_key(self.out), (self.records, self.reads))
            self.changed = False

    def kept(self, rel: str, fingerprint: str) -> OnDisk | None:
        """The file, when it is what producing `fingerprint` would write."""
        record = self.records.get(rel)
        if record is None or record.fingerprint != fingerprint:
            return None
        path = safe_join(self.out, rel)
        try:
            stat = path.stat()
        except OSError:
            return None
        if stat.st_size != record.size or stat.st_mtime_ns != record.mtime_ns:
            return None
        return OnDisk(path, record.digest, record.lang, record.indexed)

    def update(self, files: Mapping[str, Output], memo: RenderMemo) -> None:
        """After a write: note every file produced this time, forget those no longer built."""
        records: dict[str, Record] = {}
        for rel, fingerprint in memo.outputs.items():
            data = files[rel]
            if isinstance(data, OnDisk):
                records[rel] = self.records[rel]
                continue
            stat = safe_join(self.out, rel).stat()
            records[rel] = Record(
                fingerprint,
                page_digest(data),
                stat.st_size,
                stat.st_mtime_ns,
                page_language(data),
                asks_to_be_indexed(rel, data),
            )
        if records != self.records or memo.reads != self.reads:
            self.records, self.reads = records, dict(memo.reads)
            self.changed = True
