from __future__ import annotations

from pathlib import Path

import frontmatter

from sitegen.scaffold import make_slug
from tests.conftest import SITE_TOML, entry, make_site, run_cli


def test_cyrillic_titles_become_ascii_slugs_including_kazakh_letters() -> None:
    assert make_slug("Конституционный Суд начал работу") == "konstitutsionnyi-sud-nachal-rabotu"
    assert make_slug("Әкімшілік сот ісін жүргізу") == "akimshilik-sot-isin-zhurgizu"
    assert make_slug("ғ қ ң ө ұ ү һ і") == "g-q-n-o-u-u-h-i"


def test_new_writes_complete_front_matter_that_checks_clean(tmp_path: Path) -> None:
    root = make_site(tmp_path, {})
    result = run_cli(
        "new", "Courts open", "--date", "2021-07-01", "--category", "courts", "--category", "rights", "--root", root
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "content/entries/2021-07-01-courts-open.md"
    post = frontmatter.load(root / "content/entries/2021-07-01-courts-open.md")
    assert post["title"] == "Courts open"
    assert post["categories"] == ["courts", "rights"]
    assert run_cli("check", "--root", root).returncode == 0


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
    assert "ru: 1/1 entries translated (100%)" in check.stdout
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
