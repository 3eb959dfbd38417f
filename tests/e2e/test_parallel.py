"""Parsing in two processes gives the same bytes as one."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from sitegen.parallel import MIN_FILES
from tests.conftest import entry, make_site, run_cli


@pytest.mark.slow  # builds a site big enough for two processes, twice
def test_two_processes_build_byte_identical_output(tmp_path: Path) -> None:
    count = 2 * MIN_FILES + 10  # enough files for two workers
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
