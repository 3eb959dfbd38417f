"""A writer's path through `new`, `check` and `build`: drafts, placeholders and translations that copy their
original, as the built pages show them."""

from __future__ import annotations

import json
from pathlib import Path

import frontmatter

from tests.conftest import entry, make_site, run_cli
from tests.e2e.test_build import read
from tests.e2e.test_languages import TOML
from tests.html_tree import parse

NEW = "content/entries/2021-07-01-courts-open.md"
PLACEHOLDER_HINT = "write the real one, or put back draft: true until the entry is ready"


def test_new_writes_a_draft_that_is_published_only_once_its_placeholders_are_replaced(tmp_path: Path) -> None:
    root = make_site(tmp_path, {"content/entries/2019-a.md": entry("Earlier", "2019")})
    out = tmp_path / "out"
    result = run_cli("new", "Courts open", "--date", "2021-07-01", "--category", "courts", "--root", root)
    assert (result.returncode, result.stdout) == (0, f"{NEW}\n"), result.stderr
    post = frontmatter.load(root / NEW)
    assert post["draft"] is True
    assert post["sources"][0]["date"] is None, "the source's date is the writer's to give, not the event's"

    # A draft: checked clean, left out of the build.
    check = run_cli("check", "--root", root)
    assert (check.returncode, check.stderr) == (0, ""), check.stderr
    assert run_cli("build", "--root", root, "--out", out).returncode == 0
    assert read(out, "index.html").card_titles == ["Earlier"]
    assert not (out / "entries/courts-open").exists()

    # Not a draft any more, still holding `new`'s texts: an error at each, in check and build alike.
    text = (root / NEW).read_text(encoding="utf-8")
    draft_line = next(line for line in text.splitlines(keepends=True) if line.startswith("draft:"))
    (root / NEW).write_text(text.replace(draft_line, ""), encoding="utf-8")
    expected = [
        f"{NEW}:6: summary: 'One sentence that says what happened.' is a placeholder ({PLACEHOLDER_HINT})",
        f"{NEW}:8: sources[1].title: 'Title of the law, decision or article' is a placeholder ({PLACEHOLDER_HINT})",
        f"{NEW}:9: sources[1].publisher: 'Who published it' is a placeholder ({PLACEHOLDER_HINT})",
        f"{NEW}:11: sources[1].url: 'https://example.org/replace-with-the-real-address' is a placeholder"
        f" ({PLACEHOLDER_HINT})",
        f"{NEW}:15: body: 'Write one to three short paragraphs in your own words, with the figures the sources"
        f" give.' is a placeholder ({PLACEHOLDER_HINT})",
        "5 errors.",
    ]
    for command in ("check", "build"):
        result = (
            run_cli(command, "--root", root, "--out", out) if command == "build" else run_cli(command, "--root", root)
        )
        assert (result.returncode, result.stderr.splitlines()) == (1, expected), command
    assert not (out / "entries/courts-open").exists(), "a failed build leaves the site as it was"

    # Filled in: published.
    filled = (
        (root / NEW)
        .read_text(encoding="utf-8")
        .replace("One sentence that says what happened.", "Twenty-one administrative courts opened.")
        .replace("Title of the law, decision or article", "Administrative Procedural Code")
        .replace("Who published it", "Adilet")
        .replace("https://example.org/replace-with-the-real-address", "https://adilet.zan.kz/eng/docs/K2000000350")
        .replace("Write one to three short paragraphs in your own words, with the figures the sources give.", "Text.")
    )
    (root / NEW).write_text(filled, encoding="utf-8")
    build = run_cli("build", "--root", root, "--out", out)
    assert (build.returncode, build.stderr) == (0, "")
    assert read(out, "index.html").card_titles == ["Earlier", "Courts open"]
    sources = parse(out / "entries/courts-open/index.html").find("section", "sources")
    assert [a.attrs["href"] for a in sources.find_all("a")] == ["https://adilet.zan.kz/eng/docs/K2000000350"]
    assert sources.find_all("time") == [], "no date was given for the source, so none is shown"


def test_a_translation_stub_is_not_counted_and_its_language_shows_the_original_until_translated(
    tmp_path: Path,
) -> None:
    root = make_site(tmp_path, {"content/entries/2021-07-01-courts-open.md": entry("Courts open")}, toml=TOML)
    result = run_cli("new", "Суды открылись", "--lang", "ru", "--slug", "courts-open", "--root", root)
    assert result.returncode == 0, result.stderr
    stub = "content/entries/2021-07-01-courts-open.ru.md"
    hint = "translate it; until then the ru pages show the en text"
    check = run_cli("check", "--root", root)
    assert (check.returncode, check.stderr.splitlines()) == (
        0,
        [
            f"{stub}:3: warning: summary: 'One sentence in this language.' is a placeholder ({hint})",
            f"{stub}:5: warning: body: 'The body, translated.' is a placeholder ({hint})",
        ],
    )
    assert "  ru: 0/1 entries translated (0%)" in check.stdout
    out = tmp_path / "out"
    assert run_cli("build", "--root", root, "--out", out).returncode == 0
    page = (out / "ru/entries/courts-open/index.html").read_text(encoding="utf-8")
    assert "The body, translated." not in page and "badge-untranslated" in page
    assert parse(out / "ru/entries/courts-open/index.html").find("article").attrs["lang"] == "en"

    # A copy of the original, not yet translated, is not counted either.
    (root / stub).write_text(entry("Courts open"), encoding="utf-8")
    check = run_cli("check", "--root", root)
    assert check.stderr.splitlines() == [
        f"{stub}:2: warning: title: is the same as in content/entries/2021-07-01-courts-open.md ({hint})",
        f"{stub}: warning: body: is the same as in content/entries/2021-07-01-courts-open.md ({hint})",
    ]
    assert "  ru: 0/1 entries translated (0%)" in check.stdout

    (root / stub).write_text("---\ntitle: Суды открылись\nsummary: Суды открылись.\n---\nТекст.\n", encoding="utf-8")
    check = run_cli("check", "--root", root)
    assert (check.returncode, check.stderr) == (0, "")
    assert "  ru: 1/1 entries translated (100%)" in check.stdout


ORIGINAL = """\
---
title: Administrative courts open
date: 2021-07-01
categories: [courts]
summary: Twenty-one administrative courts opened.
draft: false
sources:
  - title: Administrative Procedural Code
    publisher: Adilet
    date: 2020-06-29
    url: https://adilet.zan.kz/eng/docs/K2000000350
    archived_url: https://web.archive.org/web/2021/https://adilet.zan.kz/eng/docs/K2000000350
  - title: A news report
    url: https://example.org/report
corrections:
  - date: 2021-08-01
    note: The number of courts was 20; it is 21.
---
Text.
"""
# The whole original copied, then translated: equal shared fields, a Russian title and address for the code.
RUSSIAN = """\
---
title: Открылись административные суды
date: 2021-07-01
categories: [courts]
summary: Открылся 21 административный суд.
draft: false
slug: courts-open
sources:
  - title: Административный процедурно-процессуальный кодекс
    publisher: Әділет
    date: 2020-06-29
    url: https://adilet.zan.kz/rus/docs/K2000000350
  - title: A news report
    url: https://example.org/report
corrections:
  - date: 2021-08-01
    note: Число судов было указано как 20; их 21.
---
Текст.
"""


def test_a_translation_may_copy_its_original_and_cite_its_own_languages_version(tmp_path: Path) -> None:
    root = make_site(
        tmp_path,
        {
            "content/entries/2021-07-01-courts-open.md": ORIGINAL,
            "content/entries/2021-07-01-courts-open.ru.md": RUSSIAN,
            "content/entries/2021-07-01-courts-open.kk.md": "---\ntitle: Әкімшілік соттар ашылды\n---\nМәтін.\n",
        },
        toml=TOML,
    )
    check = run_cli("check", "--root", root)
    assert (check.returncode, check.stderr) == (0, "")
    assert "  ru: 1/1 entries translated (100%)" in check.stdout
    out = tmp_path / "out"
    assert run_cli("build", "--root", root, "--out", out).returncode == 0
    english = ("https://adilet.zan.kz/eng/docs/K2000000350", "https://example.org/report")
    for prefix, expected, archived in (
        ("", english, ["https://web.archive.org/web/2021/https://adilet.zan.kz/eng/docs/K2000000350"]),
        ("ru/", ("https://adilet.zan.kz/rus/docs/K2000000350", "https://example.org/report"), []),
        ("kk/", english, ["https://web.archive.org/web/2021/https://adilet.zan.kz/eng/docs/K2000000350"]),
    ):
        sources = parse(out / prefix / "entries/courts-open/index.html").find("section", "sources")
        links = [a.attrs["href"] for a in sources.find_all("a") if "archived" not in a.classes]
        assert tuple(links) == expected, prefix
        assert [a.attrs["href"] for a in sources.find_all("a", "archived")] == archived, prefix
        data = json.loads((out / prefix / "entries.json").read_text(encoding="utf-8"))
        assert tuple(s["url"] for s in data["entries"][0]["sources"]) == expected, prefix


def test_a_draft_may_lack_sources_check_says_so_and_drafts_still_render(tmp_path: Path) -> None:
    draft = "---\ntitle: Judges elected\ndate: 2021-08\ncategories: [courts]\ndraft: true\n---\nNotes so far.\n"
    root = make_site(
        tmp_path, {"content/entries/2019-a.md": entry("Earlier", "2019"), "content/entries/2021-08-b.md": draft}
    )
    check = run_cli("check", "--root", root)
    assert (check.returncode, check.stderr.splitlines()) == (
        0,
        ["content/entries/2021-08-b.md:5: warning: a draft without sources (add one before you publish)"],
    )
    result = run_cli("build", "--root", root, "--out", tmp_path / "drafts", "--drafts")
    assert result.returncode == 0, result.stderr
    page = parse(tmp_path / "drafts/entries/b/index.html")
    assert page.find("h1").text == "Judges elected"
    assert page.find_all("section", "sources") == []
    undrafted = draft.replace("draft: true\n", "")
    (root / "content/entries/2021-08-b.md").write_text(undrafted, encoding="utf-8")
    check = run_cli("check", "--root", root)
    assert check.returncode == 1
    assert check.stderr.splitlines()[0].startswith(
        "content/entries/2021-08-b.md:1: sources: is missing, and it is required"
    )
