"""`init`: a new site from the command line builds at once with the built-in templates; bad input gets one
line per mistake, and nothing is written."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.html_tree import parse


def test_a_new_site_has_the_languages_and_category_asked_for_and_builds(tmp_path: Path) -> None:
    site = tmp_path / "newsroom"
    result = run_cli("init", site, "--lang", "en", "--lang", "kk", "--category", 'courts:Courts "and" judges')
    assert result.returncode == 0, result.stderr
    written = sorted(result.stdout.splitlines()[:-1])
    assert written == sorted(
        [
            "site.toml",
            next(p.relative_to(site).as_posix() for p in (site / "content/entries").glob("*-the-timeline-starts.md")),
            ".github/workflows/pages.yml",
            "requirements.txt",
            ".gitignore",
        ]
    )
    config = tomllib.loads((site / "site.toml").read_text(encoding="utf-8"))
    assert config["site"]["languages"] == ["en", "kk"]
    assert config["categories"] == {"courts": {"title": 'Courts "and" judges'}}
    assert "/output/" in (site / ".gitignore").read_text(encoding="utf-8").split()

    built = run_cli("build", "--root", site)
    assert built.returncode == 0, built.stderr
    home = parse(site / "output" / "index.html")
    links = [a.attrs.get("href", "") for a in home.find_all("a")]
    assert any(href.endswith("entries/the-timeline-starts/") for href in links), links
    entry = parse(site / "output" / "entries" / "the-timeline-starts" / "index.html")
    assert "The timeline starts" in entry.find("h1").text
    assert 'Courts "and" judges' in entry.text
    assert (site / "output" / "kk" / "entries" / "the-timeline-starts" / "index.html").is_file()
    assert run_cli("check", "--root", site).returncode == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lang", "xx-nowhere", "--category", "a"], "--lang: 'xx-nowhere' is not a language Babel knows"),
        (["--lang", "en", "--lang", "en", "--category", "a"], "--lang: 'en' is given twice (name each language once)"),
        ([], '--category: give a first category (e.g. --category courts:"Courts")'),
        (["--category", "Courts:Courts"], "--category: 'Courts' is not a plain name"),
        (["--category", "a", "--category", "a:A"], "--category: 'a' is given twice (name each category once)"),
    ],
    ids=["unknown-language", "language-twice", "no-category", "category-not-a-slug", "category-twice"],
)
def test_bad_options_get_one_line_each_and_write_nothing(tmp_path: Path, args: list[str], message: str) -> None:
    result = run_cli("init", tmp_path / "site", *args)
    assert result.returncode == 1
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1, result.stderr
    assert result.stdout == "" and not (tmp_path / "site").exists()


def test_a_folder_with_anything_in_it_is_refused_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = run_cli("init", tmp_path / "site", "--category", "courts")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"{tmp_path / 'site'}: is not empty; nothing was written "
        "(give the name of a new or empty folder: init never overwrites)\n"
    )
    assert [p.name for p in (tmp_path / "site").iterdir()] == ["notes.txt"]
    (tmp_path / "file").write_text("", encoding="utf-8")
    result = run_cli("init", tmp_path / "file", "--category", "courts")
    assert result.returncode == 1 and result.stderr.startswith(f"{tmp_path / 'file'}: is a file;")
