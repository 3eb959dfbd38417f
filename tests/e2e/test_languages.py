"""Three languages: URLs, switcher, hreflang, fallbacks, dates, translation checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import entry, make_site, run_cli
from tests.e2e.test_build import Page

TOML = """\
[site]
title = "Reform"
description = "A fixture."
base_url = "https://site.test/r/"
languages = ["en", "ru", "kk"]

[site.ru]
title = "Реформа"

[site.kk]
title = "Реформа (kk)"

[categories.courts]
title = "Courts"

[categories.courts.ru]
title = "Суды"

[categories.courts.kk]
title = "Соттар"
"""

FILES = {
    "content/entries/2021-07-01-day.md": entry("A day", "2021-07-01"),
    "content/entries/2021-07-01-day.ru.md": "---\ntitle: День\n---\nТекст.\n",
    "content/entries/2021-07-01-day.kk.md": "---\ntitle: Күн\n---\nМәтін.\n",
    "content/entries/2021-07-month.md": entry("A month", "2021-07"),
    "content/entries/2021-07-month.ru.md": "---\ntitle: Месяц\n---\nТекст.\n",
    "content/entries/2021-07-month.kk.md": "---\ntitle: Ай\n---\nМәтін.\n",
    "content/entries/2019-year.md": entry("A year", "2019"),
    "content/entries/2019-year.ru.md": "---\ntitle: Год\n---\nТекст.\n",
    "content/entries/2020-03-period.md": entry("A period", "2020-03", end_date="2020-06"),
    "content/pages/about.md": "---\ntitle: About\n---\nAbout.\n",
    "content/pages/about.ru.md": "---\ntitle: О проекте\n---\nО нас.\n",
}

EXPECTED_DATES = {
    "en": {"day": "July 1, 2021", "month": "July 2021", "year": "2019", "period": "March – June 2020"},
    "ru": {"day": "1 июля 2021 г.", "month": "июль 2021 г.", "year": "2019", "period": "март – июнь 2020 г."},
    "kk": {"day": "2021 ж. 1 шілде", "month": "2021 ж. шілде", "year": "2019", "period": "2020 ж. наурыз – маусым"},
}
PREFIX = {"en": "", "ru": "ru/", "kk": "kk/"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("langs")
    root = make_site(tmp, FILES, toml=TOML)
    result = run_cli("build", "--root", root, "--out", tmp / "out")
    assert result.returncode == 0, result.stderr
    return tmp / "out"


def pages_of(out: Path, lang: str) -> set[str]:
    base = out / PREFIX[lang] if PREFIX[lang] else out
    found = {p.relative_to(base).as_posix() for p in base.rglob("index.html")}
    return {p for p in found if p.split("/")[0] not in ("ru", "kk")}


def test_every_page_exists_in_every_language(built: Path) -> None:
    english = pages_of(built, "en")
    assert {"index.html", "entries/day/index.html", "categories/courts/index.html", "about/index.html"} <= english
    assert pages_of(built, "ru") == english
    assert pages_of(built, "kk") == english


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_html_lang_switcher_and_hreflang_resolve(built: Path, lang: str) -> None:
    for rel in sorted(pages_of(built, lang)):
        path = built / PREFIX[lang] / rel
        html = path.read_text()
        page = Page(html)
        assert page.html_lang == lang
        for other in ("en", "ru", "kk"):
            target = f"/r/{PREFIX[other]}{rel.removesuffix('index.html')}"
            assert target in page.links, f"{path}: no switcher link to {target}"
            assert f'hreflang="{other}" href="https://site.test{target}"' in html
            assert (built / PREFIX[other] / rel).is_file()
        assert f'hreflang="x-default" href="https://site.test/r/{rel.removesuffix("index.html")}"' in html


@pytest.mark.parametrize(("lang", "locale"), [("en", "en_US"), ("ru", "ru_RU"), ("kk", "kk_KZ")])
def test_open_graph_names_each_languages_locale_with_its_territory(built: Path, lang: str, locale: str) -> None:
    """Open Graph reads og:locale as language_TERRITORY; a bare `kk` is not one."""
    for rel in sorted(pages_of(built, lang)):
        assert Page((built / PREFIX[lang] / rel).read_text()).properties["og:locale"] == locale, rel


def test_untranslated_entry_is_marked_and_carries_its_own_lang(built: Path) -> None:
    timeline = (built / "kk/index.html").read_text()
    card = timeline[timeline.index('id="year"') : timeline.index("</li>", timeline.index('id="year"'))]
    assert 'lang="en"' in card
    assert "A year" in card
    assert "badge-untranslated" in card
    russian = (built / "ru/index.html").read_text()
    ru_card = russian[russian.index('id="year"') : russian.index("</li>", russian.index('id="year"'))]
    assert "Год" in ru_card and "badge-untranslated" not in ru_card
    entry_page = (built / "kk/entries/year/index.html").read_text()
    assert '<article class="wrap entry cat-courts" lang="en"' in entry_page


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_dates_follow_cldr_for_each_precision(built: Path, lang: str) -> None:
    expected = EXPECTED_DATES[lang]
    for slug, precision, iso in (
        ("day", "day", "2021-07-01"),
        ("month", "month", "2021-07"),
        ("year", "year", "2019"),
        ("period", "period", "2020-03"),
    ):
        times = Page((built / PREFIX[lang] / f"entries/{slug}/index.html").read_text()).times
        assert (iso, expected[precision]) in times, times


def test_translation_that_changes_the_date_fails_clearly(tmp_path: Path) -> None:
    files = {**FILES, "content/entries/2019-year.ru.md": "---\ntitle: Год\ndate: 2020\n---\nТекст.\n"}
    root = make_site(tmp_path, files, toml=TOML)
    result = run_cli("check", "--root", root)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "content/entries/2019-year.ru.md:3: date: 2020 differs from the original in content/entries/2019-year.md "
        "(a translation shares its original's date: remove it here, or make it the same)"
    )


def test_translation_without_original_and_unknown_language_are_errors(tmp_path: Path) -> None:
    files = {
        **FILES,
        "content/entries/2018-orphan.ru.md": "---\ntitle: Сирота\n---\n",
        "content/entries/2019-year.de.md": "---\ntitle: Jahr\n---\n",
    }
    root = make_site(tmp_path, files, toml=TOML)
    lines = run_cli("check", "--root", root).stderr.splitlines()
    assert (
        "content/entries/2018-orphan.ru.md: is a translation without an original (create content/entries/2018-orphan.md in the default language, or rename this file)"
        in lines
    )
    assert (
        "content/entries/2019-year.de.md: '.de.md' names a language the site does not have (site.languages adds: ru, kk)"
        in lines
    )


def test_check_prints_coverage_and_catalogue_gaps(tmp_path: Path) -> None:
    root = make_site(
        tmp_path,
        {
            **FILES,
            "templates/i18n/kk.po": 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Sources"\nmsgstr "Дереккөздер"\n',
        },
        toml=TOML,
    )
    result = run_cli("check", "--root", root)
    assert result.returncode == 0, result.stderr
    assert "  ru: 3/4 entries translated (75%)" in result.stdout
    assert "  kk: 2/4 entries translated (50%)" in result.stdout
    assert (
        "templates/i18n/kk.po: warning: msgid: 'Timeline' has no kk translation (add it to the catalogue; English is shown meanwhile)"
        in result.stderr
    )
    assert "'Sources' has no kk translation" not in result.stderr


def test_missing_category_translation_is_a_warning_with_the_line(tmp_path: Path) -> None:
    toml = TOML.replace('[categories.courts.kk]\ntitle = "Соттар"\n', "")
    root = make_site(tmp_path, FILES, toml=toml)
    result = run_cli("check", "--root", root)
    assert result.returncode == 0
    assert (
        "site.toml:13: warning: categories.courts: has no kk translation (add [categories.courts.kk] with a title; the en title is used meanwhile)"
        in result.stderr
    )


def test_regional_language_code_uses_its_region_forms(tmp_path: Path) -> None:
    toml = (
        TOML.split("[site.ru]")[0].replace('languages = ["en", "ru", "kk"]', 'languages = ["en-GB"]')
        + '[categories.courts]\ntitle = "Courts"\n'
    )
    root = make_site(tmp_path, {"content/entries/2021-07-01-day.md": entry("A day", "2021-07-01")}, toml=toml)
    assert run_cli("build", "--root", root, "--out", tmp_path / "out").returncode == 0
    page = Page((tmp_path / "out/entries/day/index.html").read_text())
    assert page.html_lang == "en-GB"
    assert ("2021-07-01", "1 July 2021") in page.times


def test_feeds_and_json_exist_per_language(built: Path) -> None:
    for lang in ("en", "ru", "kk"):
        for name in ("feed.xml", "timeline.json", "entries.json"):
            assert (built / PREFIX[lang] / name).is_file()
    sitemap = (built / "sitemap.xml").read_text()
    assert 'hreflang="kk" href="https://site.test/r/kk/entries/day/"' in sitemap
