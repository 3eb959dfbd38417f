"""Full-text search: Pagefind turns the rendered pages into a static search bundle.

Pages opt in with `data-pagefind-body` (entry and static pages do; the timeline,
lists and the search page itself do not). Pagefind splits the index by each
page's `<html lang>`, so one bundle at `pagefind/` serves every language and the
browser picks its own. The bundle comes back as files, written like any other.

The pages go to Pagefind's indexing service (`pagefind --service`, the program
its Python and Node wrappers drive) in memory and in path order, so that page
numbers never depend on how a file system lists a folder. The Python wrapper
itself waits 0.1 s per reply and hangs on replies over 2 MiB, hence this small
client. Pagefind also writes some lists in hash-map order, which changes from
run to run; `_canonical` sorts them, so the same pages always give the same bytes.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import subprocess
import threading
from io import BufferedReader
from typing import Any

import pagefind_bin

from .errors import Problem, SiteError

BUNDLE = "pagefind/"
MARKER = b"data-pagefind-body"
# Pagefind's ready-made interfaces: the site draws its own results with pagefind.js.
UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")
TIMEOUT = 300  # seconds
SIGNATURE = b"pagefind_dcd"


def indexed_pages(files: dict[str, bytes]) -> list[tuple[str, bytes]]:
    """The rendered pages that ask to be indexed, in path order."""
    return sorted((path, data) for path, data in files.items() if path.endswith(".html") and MARKER in data)


def pages_digest(pages: list[tuple[str, bytes]]) -> str:
    """What the index is made from: an unchanged digest means an unchanged index."""
    hasher = hashlib.blake2b(digest_size=16)
    for path, data in pages:
        hasher.update(path.encode() + b"\0" + hashlib.blake2b(data, digest_size=16).digest())
    return hasher.hexdigest()


def index_site(files: dict[str, bytes]) -> dict[str, bytes]:
    """The search bundle for the rendered pages that ask to be indexed; {} when none does."""
    return index_pages(indexed_pages(files))


def index_pages(pages: list[tuple[str, bytes]]) -> dict[str, bytes]:
    if not pages:
        return {}
    bundle = _run_service(pages)
    try:
        canonical = _canonical({rel: data for rel, data in bundle.items() if not rel.startswith(UNUSED)})
    except (KeyError, ValueError, OSError) as error:
        raise _problem(f"Pagefind wrote a bundle this version cannot read ({error})") from None
    return {f"{BUNDLE}{rel}": data for rel, data in sorted(canonical.items())}


def _run_service(pages: list[tuple[str, bytes]]) -> dict[str, bytes]:
    """Add each page, then ask for the bundle's files; the service exits when its input ends."""
    requests: list[dict[str, Any]] = [
        {"type": "NewIndex", "config": None},
        *(
            {"type": "AddFile", "index_id": 0, "file_path": path, "url": None, "file_contents": data.decode()}
            for path, data in pages
        ),
        {"type": "GetFiles", "index_id": 0},
    ]
    message = b"".join(
        base64.b64encode(json.dumps({"message_id": number, "payload": request}).encode()) + b","
        for number, request in enumerate(requests)
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    try:
        with subprocess.Popen(
            [str(pagefind_bin.get_executable()), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        ) as service:
            timer = threading.Timer(TIMEOUT, service.kill)
            timer.start()
            try:
                service.stdin.write(message)
                service.stdin.flush()
                replies = _read_replies(service.stdout, len(requests))
            finally:
                timer.cancel()
                service.stdin.close()
    except OSError as error:
        raise _problem(f"Pagefind could not run: {error}") from None
    for reply in replies:
        if reply.get("type") == "Error":
            raise _problem(f"Pagefind said: {reply.get('message')}")
    return {file["path"]: base64.b64decode(file["content"]) for file in replies[-1]["files"]}


def _read_replies(stream: BufferedReader, count: int) -> list[dict[str, Any]]:
    """Replies are base64 JSON, each followed by a comma; an error may come without its number."""
    replies: dict[int, dict[str, Any]] = {}
    pending = bytearray()
    while len(replies) < count:
        chunk = stream.read1(1 << 20)
        if not chunk:
            raise _problem("Pagefind stopped before it had finished")
        start = len(pending)
        pending += chunk
        while (comma := pending.find(b",", start)) >= 0:
            reply = json.loads(base64.b64decode(pending[:comma]))
            del pending[: comma + 1]
            start = 0
            if reply.get("message_id") is None:
                raise _problem(f"Pagefind said: {reply['payload'].get('message')}")
            replies[reply["message_id"]] = reply["payload"]
    return [replies[number] for number in range(count)]


def _problem(message: str) -> SiteError:
    return SiteError(
        [
            Problem(
                BUNDLE,
                None,
                None,
                f"the search index could not be built: {message}",
                "reinstall the pinned pagefind-bin: pip install -r requirements.txt",
            )
        ]
    )


def _canonical(bundle: dict[str, bytes]) -> dict[str, bytes]:
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
    bundle["pagefind-entry.json"] = json.dumps(
        entry, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    ).encode()
    return bundle


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
