"""Full-text search: Pagefind turns the rendered pages into a static search bundle.

Pages opt in with `data-pagefind-body` (entry and static pages do; the timeline,
lists and the search page itself do not). Pagefind splits the index by each
page's `<html lang>`, so one bundle at `pagefind/` serves every language and the
browser picks its own. The bundle comes back as files, written like any other.

The pages go to Pagefind's indexing service (`pagefind --service`, the program
its Python and Node wrappers drive) through a pipe and in path order, so that
page numbers never depend on how a file system lists a folder. The Python wrapper
itself waits 0.1 s per reply and hangs on replies over 2 MiB, hence this small
client. Pagefind also writes some lists in hash-map order, which changes from
run to run; `pagefind_files.canonical` sorts them, so the same pages always give
the same bytes. Kazakh pages are sent with their words folded as well, so that
a query typed on a Russian keyboard finds them (see lookalikes.py).
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import subprocess
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from io import BufferedReader
from typing import IO, Any, Protocol

import pagefind_bin

from .config import SEARCH_PART_SIZE
from .digest import digest, hasher
from .errors import Problem, SiteError
from .lookalikes import with_folded_words
from .pagefind_files import canonical, entry_json
from .urls import SHARED_ROUTES
from .write import OnDisk, Output

BUNDLE = SHARED_ROUTES["search_bundle"]
MARKER = b"data-pagefind-body"
# Pagefind's ready-made interfaces: the site draws its own results with pagefind.js.
UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")
TIMEOUT = 300  # seconds
ENTRY = f"{BUNDLE}pagefind-entry.json"
HTML_LANG = re.compile(rb"<html[^>]*?\slang=\"([^\"]*)\"")
SORT_DATE = re.compile(rb'data-pagefind-sort="date:([^"]*)"')
PARTS = f"{BUNDLE}parts.json"  # per language, the folders of its further parts, in date order


@dataclass(frozen=True, slots=True)
class IndexedPage:
    """A page to index: its bytes are read only if its part of the index has to be made again."""

    path: str
    lang: str  # its `<html lang>`: the bundle is made one language at a time
    digest: str  # of its bytes
    read: Callable[[], bytes]
    order: str  # its sort date: a language's parts follow one another in time


def page_language(data: bytes) -> str:
    found = HTML_LANG.search(data, 0, 2048)
    return found[1].decode("ascii", "replace").lower() if found else "unknown"


def page_order(data: bytes) -> str:
    found = SORT_DATE.search(data)
    return found[1].decode("ascii", "replace") if found else ""


def asks_to_be_indexed(path: str, data: bytes) -> bool:
    return path.endswith(".html") and MARKER in data


def output_facts(path: str, data: bytes) -> tuple[str, str, bool, str]:
    """What the build keeps of an output file besides its bytes: digest, page language, indexed, sort date."""
    lang = page_language(data) if path.endswith(".html") else ""
    indexed = asks_to_be_indexed(path, data)
    return digest(data), lang, indexed, page_order(data) if indexed else ""


def indexed_pages(files: Mapping[str, Output]) -> list[IndexedPage]:
    """The pages that ask to be indexed, in path order: rendered ones, and those already on disk."""
    pages = []
    for path, data in sorted(files.items()):
        if isinstance(data, OnDisk):
            if data.indexed:
                pages.append(IndexedPage(path, data.lang, data.digest, data.read, data.order))
        elif asks_to_be_indexed(path, data):
            read = lambda data=data: data  # noqa: E731
            pages.append(IndexedPage(path, page_language(data), digest(data), read, page_order(data)))
    return pages


Part = tuple[str, int]  # (language, number): number 0 is the language's part of the main bundle


def split_parts(pages: Sequence[IndexedPage], size: int) -> dict[Part, list[IndexedPage]]:
    """Each language's pages in date order, cut into parts of at most `size` pages.

    An edit changes the one part that holds its page; an entry added, removed
    or moved in time changes the parts from its date on.
    """
    by_lang: dict[str, list[IndexedPage]] = {}
    for page in pages:
        by_lang.setdefault(page.lang, []).append(page)
    parts: dict[Part, list[IndexedPage]] = {}
    for lang, members in sorted(by_lang.items()):
        members.sort(key=lambda p: (p.order, p.path))
        for number, start in enumerate(range(0, len(members), size)):
            parts[lang, number] = members[start : start + size]
    return parts


def part_digest(pages: Sequence[IndexedPage]) -> str:
    """What a part is made from: an unchanged digest means an unchanged part."""
    part = hasher()
    for page in sorted(pages, key=lambda p: p.path):
        part.update(f"{page.path}\0{page.digest}\0".encode())
    return part.hexdigest()


class SearchIndex:
    """The search bundle, made one part at a time and kept per part between builds.

    Pagefind costs about two milliseconds and, at scale, about 0.1 MB of memory
    per page, and it cannot add to an index. So each language is indexed in parts
    of `part_size` pages in date order: an edit of one page means indexing its
    part again, and nothing else. Pagefind writes each language's files
    independently, so the main bundle is the union of the languages' first
    parts and a merged pagefind-entry.json, byte for byte what one run over
    those pages gives. Further parts sit in `parts/<lang>/<n>/`, listed in
    parts.json, and the search page merges them (Pagefind's mergeIndex) in
    order. `store` keeps parts between processes (the build cache); `jobs`
    runs that many indexers at once.
    """

    def __init__(self, store: PartStore | None = None, jobs: int = 1) -> None:
        self.store = store
        self.jobs = max(1, jobs)
        self.parts: dict[Part, tuple[str, dict[str, bytes]]] = {}  # part -> (digest, its files)
        self.made: list[Part] = []  # parts indexed afresh by the last call

    def bundle(self, pages: Sequence[IndexedPage], part_size: int = SEARCH_PART_SIZE) -> dict[str, bytes]:
        members = split_parts(pages, part_size)
        digests = {part: part_digest(group) for part, group in members.items()}
        parts: dict[Part, dict[str, bytes]] = {}
        missing = []
        for part, made_of in digests.items():
            kept = self.parts.get(part)
            name = _part_name(part)
            found = kept[1] if kept and kept[0] == made_of else self.store.read(name, made_of) if self.store else None
            if found is None:
                missing.append(part)
            else:
                parts[part] = found
        with ThreadPoolExecutor(self.jobs) as pool:
            for part, files in zip(missing, pool.map(lambda part: index_pages(members[part]), missing), strict=True):
                parts[part] = files
                if self.store:
                    self.store.write(_part_name(part), digests[part], files)
        self.parts = {part: (digests[part], files) for part, files in parts.items()}
        self.made = missing
        return merge(parts) if parts else {}


class PartStore(Protocol):
    def read(self, name: str, digest: str) -> dict[str, bytes] | None: ...
    def write(self, name: str, digest: str, part: dict[str, bytes]) -> None: ...


def _part_name(part: Part) -> str:
    return f"{part[0]}.{part[1]}"


def merge(parts: Mapping[Part, dict[str, bytes]]) -> dict[str, bytes]:
    """One bundle: the languages' first parts merged, further parts in folders of their own, and parts.json."""
    files = merge_languages([files for (_, number), files in sorted(parts.items()) if number == 0])
    more: dict[str, list[str]] = {}
    for (lang, number), part in sorted(parts.items()):
        if number:
            (key,) = json.loads(part[ENTRY])["languages"]  # the language as Pagefind names it
            folder = f"parts/{re.sub(r'[^a-z0-9-]', '_', lang)}/{number}/"
            more.setdefault(key, []).append(folder)
            for path, data in part.items():
                rel = path.removeprefix(BUNDLE)
                if not rel.endswith(".js") and not rel.startswith("wasm."):  # the main bundle's engine serves
                    files[f"{BUNDLE}{folder}{rel}"] = data
    files[PARTS] = entry_json(more)
    return dict(sorted(files.items()))


def merge_languages(parts: Sequence[dict[str, bytes]]) -> dict[str, bytes]:
    """One bundle from one part per language: their files, and one entry file naming every language."""
    files: dict[str, bytes] = {}
    languages: dict[str, Any] = {}
    entry: dict[str, Any] = {}
    for part in parts:
        entry = json.loads(part[ENTRY])
        if languages.keys() & entry["languages"].keys():
            raise _problem("two parts of the index hold the same language; give every page one <html lang>")
        languages.update(entry["languages"])
        for path, data in part.items():
            if path != ENTRY and files.setdefault(path, data) != data:
                raise _problem(f"two parts of the index differ in {path}")
    files[ENTRY] = entry_json({**entry, "languages": languages})
    return files


def index_site(files: Mapping[str, bytes]) -> dict[str, bytes]:
    """The search bundle for the rendered pages that ask to be indexed; {} when none does."""
    return SearchIndex().bundle(indexed_pages(files))


def index_pages(pages: Sequence[IndexedPage]) -> dict[str, bytes]:
    """One Pagefind run over `pages`, its output made canonical."""
    if not pages:
        return {}
    bundle = _run_service(pages)
    try:
        files = canonical({rel: data for rel, data in bundle.items() if not rel.startswith(UNUSED)})
    except (KeyError, ValueError, OSError) as error:
        raise _problem(f"Pagefind wrote a bundle this version cannot read ({error})") from None
    return {f"{BUNDLE}{rel}": data for rel, data in sorted(files.items())}


def _requests(pages: Sequence[IndexedPage]) -> Iterator[dict[str, Any]]:
    yield {"type": "NewIndex", "config": None}
    for page in sorted(pages, key=lambda p: p.path):
        yield {
            "type": "AddFile",
            "index_id": 0,
            "file_path": page.path,
            "url": None,
            "file_contents": with_folded_words(page.lang, page.read().decode()),
        }
    yield {"type": "GetFiles", "index_id": 0}


def _run_service(pages: Sequence[IndexedPage]) -> dict[str, bytes]:
    """Add each page, then ask for the bundle's files; the service exits when its input ends.

    Requests are written from a thread of their own while the replies are read,
    one page at a time, so neither side waits on a full pipe and no page is held
    in memory longer than it takes to send it.
    """
    count = len(pages) + 2
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    failure: list[BaseException] = []

    def send(stream: IO[bytes]) -> None:
        try:
            for number, request in enumerate(_requests(pages)):
                stream.write(base64.b64encode(json.dumps({"message_id": number, "payload": request}).encode()) + b",")
            stream.flush()
        except BaseException as error:  # a page that cannot be read, or a service that has died
            failure.append(error)
            with contextlib.suppress(OSError):
                stream.close()  # the service ends at the end of its input

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
            writer = threading.Thread(target=send, args=(service.stdin,), daemon=True)
            writer.start()
            try:
                replies = _read_replies(service.stdout, count)
            except SiteError:
                if failure and not isinstance(failure[0], OSError):
                    raise failure[0] from None  # the writer's own error says more than the service's exit
                raise
            finally:
                timer.cancel()
                if writer.is_alive():
                    service.kill()
                writer.join()
                with contextlib.suppress(OSError):
                    service.stdin.close()  # only now: the service ends at the end of its input
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
