"""build.py finds its packages before importing any: its list matches pyproject.toml's dependencies."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
import shutil
import subprocess
import tomllib
import venv
from pathlib import Path

from tests.conftest import PROJECT


def _build_module() -> object:
    spec = importlib.util.spec_from_file_location("build_cli", PROJECT / "build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_required_modules_are_those_of_the_declared_dependencies() -> None:
    declared = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    pinned = {_normal(re.split(r"[=<>!~ ]", line)[0]) for line in declared}
    modules = {
        module
        for module, dists in importlib.metadata.packages_distributions().items()
        if not module.startswith("_") and any(_normal(d) in pinned for d in dists)
    }
    assert set(_build_module().REQUIRED) == modules  # type: ignore[attr-defined]


def test_a_broken_venv_gets_a_one_line_message_not_a_traceback(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / ".venv" / "bin").mkdir(parents=True)
    shutil.copy(PROJECT / "build.py", project / "build.py")
    (project / ".venv" / "bin" / "python").write_text("not a program\n", encoding="utf-8")
    bare = tmp_path / "bare"
    venv.create(bare, with_pip=False, symlinks=True)
    result = subprocess.run(
        [str(bare / "bin" / "python3"), "build.py", "check"], cwd=project, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert result.stderr == (
        f"build.py: cannot run {project / '.venv/bin/python'} (Permission denied); "
        "run `make serve` once to set it up again\n"
    )
