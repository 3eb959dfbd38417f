"""Each bad-input fixture site gives exactly its expected problem lines, and no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import entry, make_site, run_cli

SITES = sorted(p for p in (Path(__file__).parent.parent / "sites").glob("bad-*") if p.is_dir())


@pytest.mark.parametrize("site", SITES, ids=[p.name for p in SITES])
def test_check_reports_each_problem_with_file_line_and_field(site: Path) -> None:
    expected = (site / "expected.txt").read_text(encoding="utf-8").splitlines()
    result = run_cli("check", "--root", site)
    lines = result.stderr.splitlines()
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert lines[:-1] == expected
    assert lines[-1] == f"{len(expected)} error{'s' if len(expected) != 1 else ''}."


@pytest.mark.parametrize("site", SITES[:3], ids=[p.name for p in SITES[:3]])
def test_build_reports_the_same_problems_as_check(site: Path, tmp_path: Path) -> None:
    expected = (site / "expected.txt").read_text(encoding="utf-8").splitlines()
    result = run_cli("build", "--root", site, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert result.stderr.splitlines()[:-1] == expected
    assert not (tmp_path / "out").exists()


CRASHED_BEFORE = [
    "bad-front-matter-unclosed",
    "bad-yaml-aliases",
    "bad-yaml-control-character",
]


@pytest.mark.parametrize("name", CRASHED_BEFORE)
def test_build_reports_what_once_crashed_or_hung_it_and_writes_nothing(name: str, tmp_path: Path) -> None:
    site = Path(__file__).parent.parent / "sites" / name
    expected = (site / "expected.txt").read_text(encoding="utf-8").splitlines()
    result = run_cli("build", "--root", site, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[:-1] == expected
    assert not (tmp_path / "out").exists()


def test_a_file_name_that_would_break_its_url_fails_the_build(tmp_path: Path) -> None:
    root = make_site(
        tmp_path, {'content/entries/a#b?c%20d"<x>.md': entry(), "content/entries/2021-fine.md": entry("B")}
    )
    result = run_cli("build", "--root", root, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/entries/a#b?c%20d\"<x>.md: slug: 'a#b?c%20d\"<x>' from the file name is not a plain name"
        " (rename it to a-b-c-20d-x.md, or set slug: a-b-c-20d-x)",
        "1 error.",
    ]
