"""Rendered outputs kept between builds, keyed by a fingerprint of what they are made from.

`cached(fn, *args)` runs a pure producer (a page render, a feed) only when the
fingerprint of its arguments is new. The fingerprint hashes the build-wide
version (templates and catalogues, config, asset names, options) and the
arguments' values, with three stand-ins that keep it cheap and exact:
- an Entry counts as the digests of its source files (the original and its
  language's translation): it is a pure function of them and the config;
- a page's `site` counts as its frame (titles, pages, categories) without the
  entries, so one entry's edit does not touch every page. A page whose
  template reads `site.entries` has the input ALL in its PageJob, which
  adds every entry of its language (see render.reads_site_entries);
- a LanguageSite passed to a producer directly (a feed) counts as the fields
  the producer read of it on its last run (see RenderMemo).
Anything else counts by value. Fingerprints are made of values only, never of
ids or addresses, so the ledger on disk (store.Ledger) keeps them under the same keys.

Within one process a call made again with the very same argument objects
(plan.plan_site hands back unchanged jobs) under the same version is known
without hashing: a big site's one-entry rebuild then hashes only what changed.
"""

from __future__ import annotations

import dataclasses
import json
import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from .content import Content, Entry, LanguageSite
from .digest import digest, hasher
from .plan import ALL, PageJob
from .render import Renderer

SHORT = 16  # longer tuples and lists are usually shared (a language's entries): hashed once, by identity


def files_digest(folders: Iterable[Path]) -> bytes:
    """Names and bytes of every file under the folders (templates, catalogues)."""
    files = hasher(b"files")
    for folder in folders:
        files.update(f"\0{folder}\0".encode())
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    files.update(f"{path.relative_to(folder).as_posix()}\0{digest(path.read_bytes())}".encode())
    return files.digest()


class Fingerprints:
    """Fingerprints for one render; values shared by many outputs (entries, year groups) are hashed once."""

    def __init__(self, content: Content, source_digests: Mapping[str, str], *version: Any) -> None:
        self.source_digests = source_digests
        self.default_language = content.languages[0].lang if content.languages else ""
        self.sites = {site.lang: site for site in content.languages}
        self.tokens: dict[int, str] = {}  # id(value) -> token; `alive` keeps those ids from being reused
        self.alive: list[Any] = []
        self.frames: dict[str, str] = {}
        self.version = ""
        self.version = self.of(*version).hex()

    def entry_token(self, entry: Entry) -> str | None:
        """An entry as the digests of the files it is made from: the original and its own translation.

        None when one of them was not read (the entry then counts by value).
        """
        own = [entry.path]
        if entry.lang != self.default_language:  # `key.<lang>.md`: its original is `key.md`
            own.append(entry.path.removesuffix(f".{entry.lang}.md") + ".md")
        digests = self.source_digests
        if not all(path in digests for path in own):
            return None
        return "\0".join(["#entry", entry.slug, entry.lang, *(f"{path}\0{digests[path]}" for path in own)])

    def of(self, *values: Any) -> bytes:
        """The fingerprint of whatever is made from `values` under this render's version."""
        parts = [self.version]
        for value in values:
            self._walk(value, parts)
        return hasher("\0".join(parts).encode()).digest()

    def _walk(self, value: Any, parts: list[str]) -> None:
        """Append `value` as text to `parts`: plain values inline, anything else as its token (hashed once)."""
        kind = type(value)
        if kind is str or kind is int or kind is bool or kind is float or value is None:
            parts.append(repr(value))
        elif (kind is tuple or kind is list) and len(value) <= SHORT:
            parts.append("(")
            for item in value:
                self._walk(item, parts)
            parts.append(")")
        else:
            token = self.tokens.get(id(value))
            if token is None:
                token = self.tokens[id(value)] = self._token(value)
                self.alive.append(value)
            parts.append(token)

    def _token(self, value: Any) -> str:
        if isinstance(value, Entry) and (token := self.entry_token(value)) is not None:
            return token
        if isinstance(value, Renderer):
            return "#renderer"  # made from the version's templates, config and asset names
        if callable(value) and hasattr(value, "__qualname__"):
            return f"#{value.__module__}.{value.__qualname__}"
        parts = [type(value).__name__]
        if isinstance(value, bytes):
            parts.append(digest(value))
        elif isinstance(value, PageJob):
            for part in (value.output, value.template, value.lang, value.key, value.translatable):
                self._walk(part, parts)
            for name, item in sorted(value.context.items()):
                parts.append(name)
                if isinstance(item, LanguageSite):
                    parts.append(self._frame(item))
                else:
                    self._walk(item, parts)
            for name in value.inputs:
                self._walk(self.sites[value.lang].entries if name == ALL else name, parts)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for item in dataclasses.fields(value):
                parts.append(item.name)
                self._walk(getattr(value, item.name), parts)
        elif isinstance(value, list | tuple):
            try:  # plain data, such as the sitemap's (language, path) pairs: one call to JSON's fast encoder
                parts.append(json.dumps(value, check_circular=False))
            except TypeError:  # objects inside (entries, year groups)
                for item in value:
                    self._walk(item, parts)
        elif isinstance(value, Mapping):
            try:  # plain data, such as an entry page's JSON-LD
                parts.append(json.dumps(value, sort_keys=True, check_circular=False))
            except TypeError:  # objects inside, or keys of different kinds
                for key in sorted(value, key=repr):
                    self._walk(key, parts)
                    self._walk(value[key], parts)
        else:
            parts.append(repr(value))
        return f"#{digest(chr(0).join(parts).encode())}"

    def _frame(self, site: LanguageSite) -> str:
        """A language site without its entries: what every page of the language shows."""
        frame = self.frames.get(site.lang)
        if frame is None:
            parts: list[str] = []
            for value in (site.lang, site.title, site.description, site.pages, site.categories):
                self._walk(value, parts)
            frame = self.frames[site.lang] = f"#frame{digest(chr(0).join(parts).encode())}"
        return frame


@dataclass(frozen=True, slots=True)
class _SiteArgument:
    """A LanguageSite argument in a call's first fingerprint: what the producer reads of it is added later."""

    lang: str


class _Reading:
    """Stands in for a LanguageSite while a producer runs, noting which of its fields it reads."""

    __slots__ = ("read", "site")

    def __init__(self, site: LanguageSite) -> None:
        self.site = site
        self.read: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        self.read.add(name)
        return getattr(self.site, name)


@dataclass(frozen=True, slots=True)
class RenderStats:
    """What one render did: which outputs it produced afresh, and the fingerprint of every output."""

    made: tuple[str, ...]  # outputs whose producer ran; the others were kept in memory or on disk
    fingerprints: Mapping[str, str]  # output file -> fingerprint of what it is made from


class OutputFolder(Protocol):
    """What the output folder already holds (ledger.Ledger): files by fingerprint, and the fields calls read."""

    reads: Mapping[bytes, tuple[tuple[int, str], ...]]

    def kept(self, rel: str, fingerprint: str) -> Any: ...


Stow = Callable[[str, Any], Any]  # (output, fresh result) -> what stands for it until the write (write.Staged)


class RenderMemo:
    """Results of pure producers by fingerprint, kept from one render to the next.

    A producer given a whole LanguageSite (a feed) depends only on the fields it
    reads: a category's feed does not read every entry, so one entry's edit
    leaves the other categories' feeds alone. The fields read last time go into
    the fingerprint; a producer that takes the same path reads the same fields.
    """

    def __init__(self) -> None:
        self.results: dict[bytes, Any] = {}
        self.reads: dict[bytes, tuple[tuple[int, str], ...]] = {}  # call -> (argument, field) it read
        self.used: set[bytes] = set()
        self.by_identity: dict[tuple[int, ...], tuple[tuple[Any, ...], bytes, bytes]] = {}  # ids -> (args, call, key)
        self.identity_used: set[tuple[int, ...]] = set()
        self.identity_version = ""  # the version `by_identity` was made under

    def begin(self, prints: Fingerprints, folder: OutputFolder | None = None, stow: Stow | None = None) -> Render:
        """Start a render under `prints`; `folder` finds unchanged files on disk, `stow` takes fresh ones."""
        if prints.version != self.identity_version:
            self.by_identity, self.identity_used = {}, set()
            self.identity_version = prints.version
        if folder is not None:
            self.reads = {**folder.reads, **self.reads}
        return Render(self, prints, folder, stow)

    def end(self, render: Render, *, prune: bool = True) -> RenderStats:
        """Forget what the renders since the last prune did not use: a deleted entry's page, an old template's."""
        if prune:
            self.results = {key: value for key, value in self.results.items() if key in self.used}
            self.reads = {call: reads for call, reads in self.reads.items() if call in self.used}
            self.used = set()
            self.by_identity = {ids: known for ids, known in self.by_identity.items() if ids in self.identity_used}
            self.identity_used = set()
        return RenderStats(tuple(render.made), {output: key.hex() for output, key in render.outputs.items()})


class Render:
    """One render's use of the memo: `cached(fn, *args)` runs fn only for unseen arguments."""

    def __init__(self, memo: RenderMemo, prints: Fingerprints, folder: OutputFolder | None, stow: Stow | None) -> None:
        self.memo = memo
        self.prints = prints
        self.folder = folder
        self.stow = stow
        self.outputs: dict[str, bytes] = {}  # output file -> fingerprint of its result
        self.made: list[str] = []  # output files whose producer ran

    def _fingerprint(self, call: bytes, args: tuple[Any, ...], reads: tuple[tuple[int, str], ...]) -> bytes:
        return self.prints.of(
            call.hex(),
            *(f"{index}.{name}" for index, name in reads),
            *(getattr(args[index], name) for index, name in reads),
        )

    def _run(self, fn: Callable[..., Any], args: tuple[Any, ...], output: str | None) -> tuple[bytes, bytes, Any]:
        """(call, key, result): from the results kept, from disk, or by running fn."""
        memo = self.memo
        call = self.prints.of(fn, *(_SiteArgument(a.lang) if isinstance(a, LanguageSite) else a for a in args))
        reads = memo.reads.get(call)
        key = self._fingerprint(call, args, reads) if reads is not None else None
        if key is not None and key in memo.results:
            return call, key, memo.results[key]
        if key is not None and output is not None and self.folder is not None:
            kept = self.folder.kept(output, key.hex())
            if kept is not None:
                return call, key, kept
        tracked = [_Reading(a) if isinstance(a, LanguageSite) else a for a in args]
        result = fn(*tracked)
        reads = tuple(sorted((i, name) for i, a in enumerate(tracked) if isinstance(a, _Reading) for name in a.read))
        memo.reads[call] = reads
        key = self._fingerprint(call, args, reads)
        if output is not None:
            self.made.append(output)
            if self.stow is not None:  # kept in the stage, which is gone after the write: not kept here
                return call, key, self.stow(output, result)
        memo.results[key] = result
        return call, key, result

    def cached(self, fn: Callable[..., Any], *args: Any, output: str | None = None) -> Any:
        """`output`: the file the result goes to; when the output folder holds it already, fn does not run."""
        memo = self.memo
        objects = (fn, *args)
        ids = tuple(map(id, objects))
        known = memo.by_identity.get(ids)
        if known is not None and known[2] in memo.results and all(map(operator.is_, known[0], objects)):
            _, call, key = known
            result = memo.results[key]
        else:
            call, key, result = self._run(fn, args, output)
            memo.by_identity[ids] = (objects, call, key)
        memo.identity_used.add(ids)
        memo.used.add(call)
        memo.used.add(key)
        if output is not None:
            self.outputs[output] = key
        return result
