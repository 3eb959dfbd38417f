"""The one hash and the one file signature every cache uses.

A content file's digest, a rendered file's digest, a job's fingerprint, a
search part's digest, an asset's hashed name and a cache file's key and
checksum are all `digest` (BLAKE2b, 16 bytes: fast in CPython, and no site
comes near a collision). Whether a file may have changed without reading it
is always told by its `FileSignature`: the watcher, the reader of content/
and the ledger of the output folder compare the same three numbers.
"""

from __future__ import annotations

import hashlib
import os
from typing import NamedTuple

SIZE = 16  # bytes of every digest


def digest(data: bytes) -> str:
    """The hex digest of `data`."""
    return hashlib.blake2b(data, digest_size=SIZE).hexdigest()


def hasher(data: bytes = b"") -> hashlib.blake2b:
    """The same hash, fed in pieces: for values made of many parts (a folder of templates, a search part)."""
    return hashlib.blake2b(data, digest_size=SIZE)


class FileSignature(NamedTuple):
    """What a stat tells of a file's bytes: a file with the same three numbers is taken as unchanged.

    The inode catches an editor's save-by-rename that keeps the size and time.
    """

    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, stat: os.stat_result) -> FileSignature:
        return cls(stat.st_ino, stat.st_size, stat.st_mtime_ns)
