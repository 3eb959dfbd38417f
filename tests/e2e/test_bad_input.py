"""Each bad-input fixture site gives exactly its expected problem lines, and no traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import entry, make_site, run_cli

SITES = sorted(p for p in (Path(__file__).parent.parent / "sites").glob("bad-*") if p.is_dir())


def count(errors: int, warnings: int) -> str:
    """build.py's last line when there are errors."""
    more = f", {warnings} warning{'s' * (warnings != 1)}" if warnings else ""
    return f"{errors} error{'s' * (errors != 1)}{more}."


@pytest.mark.parametrize("site", SITES, ids=[p.name for p in SITES])
def test_check_reports_each_problem_with_file_line_and_field(site: Path) -> None:
    """expected.txt holds every line, warnings too; a site with warnings only checks OK and says how many."""
    expected = (site / "expected.txt").read_text(encoding="utf-8").splitlines()
    warnings = sum(": warning: " in line for line in expected)
    errors = len(expected) - warnings
    result = run_cli("check", "--root", site)
    assert "Traceback" not in result.stderr
    if errors:
        assert (result.returncode, result.stderr.splitlines()) == (1, [*expected, count(errors, warnings)])
    else:
        assert (result.returncode, result.stderr.splitlines()) == (0, expected)
        assert f", {warnings} warning{'s' * (warnings != 1)}." in result.stdout


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
    "bad-body-beyond-limits",
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


def test_files_that_are_not_read_are_named_in_warnings_and_the_rest_still_builds(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"content/entries/2021-a.md": entry("A"), "content/entries/2021-b.MD": entry("B")})
    (root / "content/entries/2021-c.md").symlink_to("2021-c-moved.md")
    warnings = [
        "content/entries/2021-b.MD: warning: is not read: only files ending in .md are (rename it to 2021-b.md)",
        "content/entries/2021-c.md: warning: is a link to 2021-c-moved.md, which does not exist"
        " (remove the link, or restore what it points to)",
    ]
    check = run_cli("check", "--root", root)
    assert (check.returncode, check.stderr.splitlines()) == (0, warnings)
    assert "OK: 1 entries, " in check.stdout and ", 2 warnings." in check.stdout
    build = run_cli("build", "--root", root, "--out", tmp_path / "out")
    assert (build.returncode, build.stderr.splitlines()) == (0, warnings)
    assert (tmp_path / "out/entries/a/index.html").is_file()


def test_a_link_to_a_file_outside_the_site_fails_the_build_and_its_text_is_not_published(tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text(entry("Private notes"), encoding="utf-8")
    root = make_site(tmp_path, {"content/entries/2021-a.md": entry("A")})
    (root / "content/entries/2021-b.md").symlink_to(secret)
    result = run_cli("build", "--root", root, "--out", tmp_path / "out")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"content/entries/2021-b.md: points outside the site, to {os.path.realpath(secret)}"
        " (copy what it points to into content/ instead)",
        "1 error.",
    ]
    assert not (tmp_path / "out").exists()
