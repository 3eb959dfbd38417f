"""`pip install` of a clone into a fresh virtual environment: the `sitegen` command, run from another folder,
builds the bundled site byte for byte as `python build.py build` does, from the engine's own copy of the
templates and assets; and a site made by `sitegen init` builds with no templates of its own.

pip may ask PyPI for the build backend; the packages come from requirements.lock (its runtime part), checked
by hash, mostly out of pip's cache."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import PROJECT
from tests.html_tree import parse
from tests.locked import runtime_lock

pytestmark = pytest.mark.slow


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run(*command: str | Path, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONDONTWRITEBYTECODE")}
    result = subprocess.run(
        [str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"{command}: {result.stdout}{result.stderr}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the clone, the fresh venv's bin folder with `sitegen` installed from it)."""
    if shutil.which("git") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("git is missing under CI=true")
        pytest.skip("the install test needs git")
    base = tmp_path_factory.mktemp("install")
    clone = base / "clone"
    subprocess.run(["git", "clone", "--quiet", str(PROJECT), str(clone)], check=True, timeout=120)
    start = time.monotonic()
    run(sys.executable, "-m", "venv", base / "venv", cwd=base)
    pip = [base / "venv" / "bin" / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    (base / "runtime.lock").write_text(runtime_lock(), encoding="utf-8")
    run(*pip, "--require-hashes", "-r", base / "runtime.lock", cwd=base)
    run(*pip, "--no-deps", f"git+file://{clone}", cwd=base)
    print(f"fresh venv, lock and engine installed in {time.monotonic() - start:.0f} s")
    return clone, base / "venv" / "bin"


def test_the_installed_command_builds_the_bundled_site_as_build_py_does(
    installed: tuple[Path, Path], tmp_path: Path
) -> None:
    clone, bin_folder = installed
    run(sys.executable, clone / "build.py", "build", "--out", tmp_path / "by-build-py", cwd=clone)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run(bin_folder / "sitegen", "build", "--root", clone, "--out", tmp_path / "by-sitegen", cwd=elsewhere)
    assert result.stdout.startswith("Built ")
    built, expected = files(tmp_path / "by-sitegen"), files(tmp_path / "by-build-py")
    assert len(expected) > 100 and built.keys() == expected.keys()
    assert [path for path in built if built[path] != expected[path]] == []
    assert list(elsewhere.iterdir()) == []


def test_the_engine_carries_its_templates_and_assets(installed: tuple[Path, Path]) -> None:
    clone, bin_folder = installed
    code = "import sitegen.environment as e; print(e.BUILTIN)"
    builtin = Path(run(bin_folder / "python", "-c", code, cwd=bin_folder).stdout.strip())
    assert builtin.name == "_defaults" and not builtin.is_relative_to(clone)
    for folder in ("templates", "assets"):
        assert files(builtin / folder) == files(clone / folder)


def test_an_initialised_site_builds_with_the_built_in_templates(installed: tuple[Path, Path], tmp_path: Path) -> None:
    _, bin_folder = installed
    sitegen = bin_folder / "sitegen"
    result = run(
        sitegen, "init", "newsroom", "--lang", "en", "--lang", "ru", "--category", "courts:Courts", cwd=tmp_path
    )
    assert "site.toml\n" in result.stdout
    site = tmp_path / "newsroom"
    assert not (site / "templates").exists() and not (site / "assets").exists()
    run(sitegen, "build", "--root", site, cwd=tmp_path)
    home = parse(site / "output" / "index.html")
    assert "The timeline starts" in home.text
    assert (site / "output" / "ru" / "index.html").is_file()
    assert (site / "output" / "assets").is_dir()
