"""A persistent build cache: parsed files by content digest, kept between builds.

Stored in `.cache/` beside the output folder. The cache is an optimisation
only: a corrupt, stale or foreign file is ignored (never a wrong page), and
`--no-cache` skips it. Its key covers the generator's and its dependencies'
versions and the parts of site.toml that parsing depends on.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import pickle
import tempfile
from collections.abc import Mapping
from pathlib import Path

from . import __version__
from .config import SiteConfig
from .load import ParsedFile

MAGIC = b"sitegen-cache-1\n"
DEPENDENCIES = ("markdown", "python-frontmatter", "pyyaml", "babel", "jinja2")
FILE_NAME = "parsed.pickle"

ParsedCache = dict[tuple[str, str], ParsedFile]


def cache_dir(out: Path) -> Path:
    """`.cache/` beside the output folder, so that deleting output/ keeps it."""
    return out.parent / ".cache" / "sitegen"


def cache_key(config: SiteConfig) -> bytes:
    """What a parsed file depends on besides its own text."""
    versions = [f"sitegen={__version__}", *(f"{name}={_version(name)}" for name in DEPENDENCIES)]
    parse_inputs = [",".join(config.languages), ",".join(c.slug for c in config.categories)]
    return hashlib.sha256("\n".join([*versions, *parse_inputs]).encode()).hexdigest().encode()


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "missing"


def read_cache(folder: Path, config: SiteConfig) -> ParsedCache:
    """The cached parsed files, or nothing when the cache is absent, corrupt, stale or foreign."""
    try:
        data = (folder / FILE_NAME).read_bytes()
    except OSError:
        return {}
    header = MAGIC + cache_key(config) + b"\n"
    if not data.startswith(header) or len(data) < len(header) + 64:
        return {}
    digest, payload = data[len(header) : len(header) + 64], data[len(header) + 64 :]
    if hashlib.sha256(payload).hexdigest().encode() != digest:
        return {}
    try:
        entries = pickle.loads(payload)
    except Exception:  # a damaged pickle can raise almost anything; the cache is only an optimisation
        return {}
    if not isinstance(entries, dict) or not all(isinstance(v, ParsedFile) for v in entries.values()):
        return {}
    return entries


def write_cache(folder: Path, config: SiteConfig, parsed: Mapping[tuple[str, str], ParsedFile]) -> None:
    """Replace the cache atomically; only files without problems are kept."""
    payload = pickle.dumps({k: v for k, v in parsed.items() if not v.problems}, protocol=pickle.HIGHEST_PROTOCOL)
    data = MAGIC + cache_key(config) + b"\n" + hashlib.sha256(payload).hexdigest().encode() + payload
    folder.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
    os.replace(temp, folder / FILE_NAME)
