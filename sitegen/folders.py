"""Where a site's templates and assets live (its own first, then the generator's); how long each stage took."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .changes import BUILT_IN
from .environment import BUILTIN


def template_dirs(root: Path) -> list[Path]:
    """The site's own templates first, then the built-in ones, file by file."""
    return _dedupe([root / "templates", BUILTIN / "templates"])


def asset_dirs(root: Path) -> list[Path]:
    return _dedupe([root / "assets", BUILTIN / "assets"])


def input_folders(root: Path) -> list[tuple[Path, str]]:
    """Template and asset folders with their key prefix in changes.Inputs: `templates/`, `built-in:assets/`."""
    folders = []
    for folder in [*template_dirs(root), *asset_dirs(root)]:
        resolved, base = folder.resolve(), root.resolve()
        if resolved.is_relative_to(base):
            folders.append((folder, f"{resolved.relative_to(base).as_posix()}/"))
        else:
            folders.append((folder, f"{BUILT_IN}{resolved.relative_to(BUILTIN).as_posix()}/"))
    return folders


def _dedupe(paths: Iterable[Path]) -> list[Path]:
    seen: list[Path] = []
    for path in paths:
        if path.resolve() not in [p.resolve() for p in seen]:
            seen.append(path)
    return seen


class Timings:
    """Seconds per stage of one build, and counts (cache hits), for `--timings`."""

    def __init__(self) -> None:
        self.stages: dict[str, float] = {}

    def timed(self, stage: str, work: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        try:
            return work()
        finally:
            self.stages[stage] = self.stages.get(stage, 0.0) + time.perf_counter() - start

    def count(self, name: str, value: int) -> None:
        self.stages[name] = float(value)
