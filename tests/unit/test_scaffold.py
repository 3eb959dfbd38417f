from __future__ import annotations

from pathlib import Path

import frontmatter
import pytest

from sitegen.scaffold import make_slug
from tests.conftest import SITE_TOML, entry, make_site, run_cli


def test_cyrillic_titles_become_ascii_slugs_including_kazakh_letters() -> None:
    assert make_slug("Конституционный Суд начал работу") == "konstitutsionnyi-sud-nachal-rabotu"
    assert make_slug("Әкімшілік сот ісін жүргізу") == "akimshilik-sot-isin-zhurgizu"
    assert make_slug("ғ қ ң ө ұ ү һ і") == "g-q-n-o-u-u-h-i"


def test_new_writes_a_draft_with_complete_front_matter_that_checks_clean(tmp_path: Path) -> None:
    root = make_site(tmp_path, {})
    result = run_cli(
        "new", "Courts open", "--date", "2021-07-01", "--category", "courts", "--category", "rights", "--root", root
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "content/entries/2021-07-01-courts-open.md"
    post = frontmatter.load(root / "content/entries/2021-07-01-courts-open.md")
    assert post["title"] == "Courts open"
    assert post["categories"] == ["courts", "rights"]
    assert post["draft"] is True
    check = run_cli("check", "--root", root)
    assert (check.returncode, check.stderr) == (0, "")


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"content/entries/2021-x.md": "mine\n"})
    result = run_cli("new", "X", "--date", "2021", "--category", "courts", "--root", root)
    assert result.returncode == 1
    assert result.stderr.startswith("content/entries/2021-x.md: already exists; nothing was written")
    assert (root / "content/entries/2021-x.md").read_text() == "mine\n"


def test_new_reports_bad_date_and_category_together(tmp_path: Path) -> None:
    root = make_site(tmp_path, {})
    result = run_cli("new", "X", "--date", "2021-02-30", "--category", "court", "--root", root)
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [
        "--date: 2021-02-30 is not a real day (check the day of the month)",
        "--category: unknown category 'court' (did you mean 'courts'?)",
    ]


def test_new_translation_attaches_to_the_original_by_slug(tmp_path: Path) -> None:
    toml = SITE_TOML.replace('languages = ["en"]', 'languages = ["en", "ru", "kk"]')
    root = make_site(tmp_path, {"content/entries/2021-07-01-courts-open.md": entry("Courts open")}, toml=toml)
    result = run_cli("new", "Открылись суды", "--lang", "ru", "--slug", "courts-open", "--root", root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "content/entries/2021-07-01-courts-open.ru.md"
    check = run_cli("check", "--root", root)
    assert check.returncode == 0, check.stderr
    assert "ru: 0/1 entries translated (0%)" in check.stdout, "a stub is not a translation yet"
    orphan = run_cli("new", "Сот ашылды", "--lang", "kk", "--root", root)
    assert orphan.returncode == 1
    assert "no en entry has the slug 'sot-ashyldy'" in orphan.stderr


def test_usage_errors_exit_2_and_help_explains_each_command() -> None:
    assert run_cli("build", "--no-such-flag").returncode == 2
    assert run_cli("new").returncode == 2
    for command in ("build", "check", "new", "serve"):
        result = run_cli(command, "--help")
        assert result.returncode == 0
        assert "--root" in result.stdout


def files_under(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*") if path.is_file()}


@pytest.mark.parametrize(
    ("option", "value", "error"),
    [
        (
            "--slug",
            "../../../../tmp/x",
            "--slug: '../../../../tmp/x' is not a plain name (use lowercase letters, digits and hyphens, e.g. tmp-x)",
        ),
        (
            "--slug",
            "My Slug",
            "--slug: 'My Slug' is not a plain name (use lowercase letters, digits and hyphens, e.g. my-slug)",
        ),
        ("--lang", "../x", "--lang: '../x' is not one of the site's languages (site.languages: en)"),
    ],
)
def test_new_refuses_a_slug_or_language_that_is_not_a_plain_name_and_writes_nothing(
    tmp_path: Path, option: str, value: str, error: str
) -> None:
    root = make_site(tmp_path, {})
    before = files_under(tmp_path)
    result = run_cli("new", "X", "--date", "2021", "--category", "courts", option, value, "--root", root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [error, "1 error."]
    assert files_under(tmp_path) == before


def test_new_never_writes_through_a_link_that_leads_out_of_content(tmp_path: Path) -> None:
    root = make_site(tmp_path, {})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "content").mkdir()
    (root / "content/entries").symlink_to(elsewhere, target_is_directory=True)
    result = run_cli("new", "X", "--date", "2021", "--category", "courts", "--root", root)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "content/entries/2021-x.md: would be written outside content/ (nothing was written; check the folder links in content/)"
    )
    assert list(elsewhere.iterdir()) == []
