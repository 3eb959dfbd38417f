"""The content as last loaded, kept between builds: files by signature, parsed files by digest, entries.

A second load reads only files whose FileSignature changed (or those a
watcher names), parses only texts whose digest is new (the rest come from
memory or the store on disk) and assembles entries again only where their
files changed (load.assemble).
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import SiteConfig, load_config
from .content import Content
from .digest import FileSignature
from .errors import Problem, SiteError
from .folders import Timings
from .load import EntryMemo, ParsedFile, assemble, parse_inputs
from .markup import Markup
from .media_files import Pictures, prepare_pictures
from .parallel import parse_files
from .read import SourceFile, read_sources
from .store import ParsedStore, Store


@dataclass(frozen=True, slots=True)
class Reading:
    """site.toml and the content files as read: all a build needs to know whether anything changed."""

    config: SiteConfig
    warnings: tuple[Problem, ...]
    sources: tuple[SourceFile, ...]


class Loader:
    def __init__(self, root: Path, base_url: str | None, *, drafts: bool, jobs: int, store: Store | None) -> None:
        self.root = root
        self.base_url = base_url
        self.drafts = drafts
        self.jobs = jobs
        self.store = store
        self.markup = Markup()
        self.config: SiteConfig | None = None  # as last loaded: the same object while equal
        self.files: dict[str, tuple[FileSignature | None, SourceFile]] = {}  # content files read, by signature
        self.parsed: dict[tuple[str, str], ParsedFile] = {}  # (path, digest) -> parsed
        self.parsed_for: tuple[Any, ...] = ()  # the site.toml parts parsing depends on
        self.saved: ParsedStore | None = None  # where parsed files are kept, for the site.toml they depend on
        self.stale = False  # parsed files differ from what the store holds
        self.entries: EntryMemo = {}  # entries assembled from the parsed files, while those are unchanged
        self.digests: dict[str, str] = {}  # content file -> digest of its text, as last read
        self.pictures = Pictures()  # the images the content names, as last processed

    def read(self, timings: Timings, changed: Set[str] | None = None) -> Reading:
        """`changed`: the only files (relative to the root) that may differ from the last read; None: any."""
        config, warnings = timings.timed("config", lambda: load_config(self.root, self.base_url))
        if config == self.config:
            config = self.config  # the same object: entries kept by identity (see load.assemble) stay kept
        self.config = config
        if parse_inputs(config) != self.parsed_for:  # languages or categories changed: every file parses anew
            self.parsed, self.parsed_for = {}, parse_inputs(config)
        sources = timings.timed("read", lambda: read_sources(self.root, self.files, changed))
        self.digests = {source.path: source.digest for source in sources}
        return Reading(config, tuple(warnings), tuple(sources))

    def assemble(self, reading: Reading, timings: Timings, *, keep_media: bool = True) -> tuple[Content, list[Problem]]:
        """Parse what is new, then check across files, then process the images the content names (or take
        them from the store; `keep_media` False adds none to it: `check` writes nothing); SiteError when any
        problem is an error."""
        config = reading.config
        parsed = timings.timed("parse", lambda: self._parse(reading.sources, config, timings))
        content, problems = timings.timed(
            "assemble", lambda: assemble(parsed, config, drafts=self.drafts, memo=self.entries)
        )
        refs = [ref for item in parsed for ref in item.media]
        folder = self.store.folder if self.store is not None else None
        self.pictures, media_problems = timings.timed(
            "media", lambda: prepare_pictures(self.root, refs, folder, self.jobs, keep=keep_media)
        )
        problems = [*reading.warnings, *problems, *media_problems]
        if any(not p.warning for p in problems):
            raise SiteError(problems)
        return content, problems

    def _parse(self, sources: tuple[SourceFile, ...], config: SiteConfig, timings: Timings) -> list[ParsedFile]:
        if not self.parsed and self.store is not None:
            self.saved = self.store.parsed(config)
            self.parsed = timings.timed("cache", self.saved.read)
        known = self.parsed
        keys = [(source.path, source.digest) for source in sources]
        missing = [source for source, key in zip(sources, keys, strict=True) if key not in known]
        parsed = parse_files(missing, config, self.markup, self.jobs)
        new = {(source.path, source.digest): item for source, item in zip(missing, parsed, strict=True)}
        hits = len(keys) - len(missing)
        self.parsed = {key: known[key] if key in known else new[key] for key in keys}
        self.stale = bool(missing) or len(known) != hits  # files parsed or dropped since the store was read
        timings.count("cache hits", hits)
        return list(self.parsed.values())

    def save(self) -> None:
        """Keep the parsed files in the store, when they differ from what it holds."""
        if self.saved is not None and self.stale:
            self.saved.write(self.parsed)
            self.stale = False
