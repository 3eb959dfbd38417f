"""What the engine brings with it: its built-in templates and assets, and the versions that shape its output.

Installed, `pip` puts the project's top-level `templates/` and `assets/` into the package as `_defaults/`
(pyproject.toml, `force-include`); run from a clone, they are the clone's own. A site's own files
override them one by one.
"""

from __future__ import annotations

import functools
import importlib.metadata
from pathlib import Path

from . import __version__

_PACKAGE = Path(__file__).resolve().parent
BUILTIN = _PACKAGE / "_defaults" if (_PACKAGE / "_defaults").is_dir() else _PACKAGE.parent
# Every installed distribution whose version can change a built byte, transitive ones included
# (tests/unit/test_environment.py holds the rest of the runtime lock to the ones that cannot).
OUTPUT_PACKAGES = (
    "babel",
    "beautifulsoup4",
    "jinja2",
    "markdown",
    "markdownify",
    "markupsafe",
    "nh3",
    "pagefind-bin",
    "pillow",
    "python-frontmatter",
    "python-slugify",
    "pyyaml",
    "soupsieve",
    "text-unidecode",
)


@functools.cache  # asked for every key of the store; looking a version up costs about half a millisecond
def versions() -> tuple[str, ...]:
    """`name=version` for the engine and each package in OUTPUT_PACKAGES: a change of any starts the cache cold."""
    return (f"sitegen={__version__}", *(f"{name}={_version(name)}" for name in OUTPUT_PACKAGES))


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "missing"
