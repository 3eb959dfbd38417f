"""`check` reads everything and writes nothing: not the output, not the build cache, not anywhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import copy_project_site, run_cli


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file and folder under `root`: its bytes (b"" for a folder) and its modification time."""
    return {
        path.relative_to(root).as_posix(): (b"" if path.is_dir() else path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(root.rglob("*"))
    }


@pytest.mark.slow  # builds the bundled site and its search index
def test_check_writes_nothing_in_a_fresh_site_nor_beside_a_built_one(tmp_path: Path) -> None:
    site = copy_project_site(tmp_path / "site")
    before = snapshot(tmp_path)
    result = run_cli("check", "--root", site)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: ")
    assert snapshot(tmp_path) == before, "check wrote into a site that had never been built"

    built = run_cli("build", "--root", site)
    assert built.returncode == 0, built.stderr
    assert any((site / ".cache" / "sitegen").glob("search-*.pickle")), "the build keeps its search index parts"
    before = snapshot(tmp_path)
    result = run_cli("check", "--root", site)
    assert result.returncode == 0, result.stderr
    assert snapshot(tmp_path) == before, "check changed the output folder or the build cache"
