"""Parsing and rendering in two processes give the same bytes, and the same errors, as one."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from sitegen.parallel import MIN_FILES, MIN_PAGES
from tests.conftest import entry, make_site, run_cli


@pytest.mark.slow  # builds a site big enough for two processes, twice
def test_two_processes_build_byte_identical_output(tmp_path: Path) -> None:
    count = 2 * max(MIN_FILES, MIN_PAGES) + 10  # enough files and pages for two workers
    files = {
        f"content/entries/{2000 + i % 20}-e{i}.md": entry(f"Event {i}", str(2000 + i % 20), body=f"Text {i}.")
        for i in range(count)
    }
    root = make_site(tmp_path, files)
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}/out"
        result = run_cli("build", "--root", root, "--out", out, "--jobs", jobs, "--no-cache")
        assert result.returncode == 0, result.stderr
        outputs.append(
            {
                p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).digest()
                for p in out.rglob("*")
                if p.is_file()
            }
        )
    assert len(outputs[0]) > count
    assert outputs[0] == outputs[1]

    (root / "templates").mkdir(exist_ok=True)
    (root / "templates/entry.html").write_text(
        '{% extends "base.html" %}\n{% block main %}{{ entry.nothing }}{% endblock %}\n'
    )
    result = run_cli("build", "--root", root, "--out", tmp_path / "broken/out", "--jobs", "2", "--no-cache")
    assert result.returncode != 0
    assert "templates/entry.html:2: template error while rendering" in result.stderr
    assert "Traceback" not in result.stderr
