#!/usr/bin/env python3
"""The command line in a clone: finds the pinned packages (in `.venv` if need be), then runs `sitegen.cli`,
the same commands as the installed `sitegen` with this project as the default --root."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The runtime dependencies in pyproject.toml, by import name: looked for before sitegen imports any of them.
REQUIRED = (
    "babel",
    "bs4",
    "frontmatter",
    "jinja2",
    "livereload",
    "markdown",
    "markdownify",
    "markupsafe",
    "nh3",
    "pagefind_bin",
    "PIL",
    "slugify",
    "tornado",
    "yaml",
)
VENV = HERE / ".venv"


def run_in_project_venv(argv: list[str]) -> str | None:
    """Go on in `.venv` (made by `make serve`) when this Python lacks the packages, so that `python3 build.py`
    works as the guides write it; a one-line message when neither has them."""
    missing = [name for name in REQUIRED if importlib.util.find_spec(name) is None]
    if not missing:
        return None
    python = VENV / "bin" / "python"
    if python.is_file() and Path(sys.prefix).resolve() != VENV.resolve():
        try:
            os.execv(python, [str(python), str(HERE / "build.py"), *argv])
        except OSError as error:
            return f"build.py: cannot run {python} ({error.strerror}); run `make serve` once to set it up again"
    return (
        f"build.py: the packages it needs ({', '.join(missing)}) are not installed for {sys.executable}; "
        "run `make serve` once first to install them into .venv"
    )


def main(argv: list[str]) -> int:
    problem = run_in_project_venv(argv)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    if argv[:1] == ["check"] or (argv[:1] == ["import"] and "--dry-run" in argv):
        sys.dont_write_bytecode = True  # these write nothing, not even Python's caches
    from sitegen.cli import Launcher
    from sitegen.cli import main as run

    return run(argv, Launcher("python3 build.py", HERE))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
