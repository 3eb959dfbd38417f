"""Pagefind's bundle files made canonical: the lists it writes in hash-map order, sorted.

Pagefind writes some lists (filter values, filter and sort names, languages)
in an order that changes from run to run. `canonical` sorts them and renames
the files whose names are hashes of their content, so that the same pages
always give the same bytes. The index files are gzip of a signature and CBOR,
read and written here with the little CBOR they use.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from typing import Any

SIGNATURE = b"pagefind_dcd"


def canonical(bundle: dict[str, bytes]) -> dict[str, bytes]:
    """Sort what Pagefind leaves in hash-map order: filter values, filter and sort names, languages.

    Each language's metadata file names its filter files by content hash, and
    pagefind-entry.json names the metadata file the same way; renamed files get
    names of the same shape, from the hash of their sorted bytes.
    """
    bundle = dict(bundle)
    entry = json.loads(bundle.pop("pagefind-entry.json"))
    for language in entry["languages"].values():
        version, pages, chunks, filters, sorts, fields = _unpack(bundle.pop(f"pagefind.{language['hash']}.pf_meta"))
        renamed = []
        for name, old in sorted(filters):
            name_again, values = _unpack(bundle.pop(f"filter/{old}.pf_filter"))
            data = _pack([name_again, sorted(values)])
            new = _rename(old, data)
            bundle[f"filter/{new}.pf_filter"] = data
            renamed.append([name, new])
        data = _pack([version, pages, chunks, renamed, sorted(sorts), fields])
        language["hash"] = _rename(language["hash"], data)
        bundle[f"pagefind.{language['hash']}.pf_meta"] = data
    bundle["pagefind-entry.json"] = entry_json(entry)
    return bundle


def entry_json(entry: dict[str, Any]) -> bytes:
    return json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _rename(old: str, data: bytes) -> str:
    """`en_1a2b3c4` -> `en_` + as many hex digits of the new content's hash."""
    prefix, _, digits = old.rpartition("_")
    return f"{prefix}_{hashlib.sha256(data).hexdigest()[: len(digits)]}"


def _unpack(data: bytes) -> Any:
    """A Pagefind index file: gzip of a signature and CBOR (integers, text and lists only)."""
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise ValueError("no Pagefind signature")
    value, end = _cbor_item(raw, len(SIGNATURE))
    if end != len(raw) or _cbor(value) != raw[len(SIGNATURE) :]:
        raise ValueError("unexpected CBOR in an index file")
    return value


def _pack(value: Any) -> bytes:
    return gzip.compress(SIGNATURE + _cbor(value), compresslevel=9, mtime=0)


def _cbor_item(data: bytes, at: int) -> tuple[Any, int]:
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        size = info
    elif info <= 27:
        width = 1 << (info - 24)
        size, at = int.from_bytes(data[at : at + width], "big"), at + width
    else:
        raise ValueError(f"CBOR length code {info}")
    if major == 0:
        return size, at
    if major == 3:
        return data[at : at + size].decode(), at + size
    if major == 4:
        items = []
        for _ in range(size):
            item, at = _cbor_item(data, at)
            items.append(item)
        return items, at
    raise ValueError(f"CBOR major type {major}")


def _cbor(value: Any) -> bytes:
    """Definite-length, shortest-form CBOR, as Pagefind's encoder writes it."""
    if isinstance(value, int):
        return _cbor_head(0, value)
    if isinstance(value, str):
        data = value.encode()
        return _cbor_head(3, len(data)) + data
    return _cbor_head(4, len(value)) + b"".join(_cbor(item) for item in value)


def _cbor_head(major: int, size: int) -> bytes:
    if size < 24:
        return bytes([major << 5 | size])
    for info, width in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if size < 1 << (8 * width):
            return bytes([major << 5 | info]) + size.to_bytes(width, "big")
    raise ValueError(f"CBOR size {size}")
