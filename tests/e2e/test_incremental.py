"""The dev server's incremental rebuilds write the same bytes as a fresh full build, edit after edit."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.devsite import DevSite
from sitegen.environment import BUILTIN
from sitegen.pipeline import BuildOptions, build
from tests.conftest import entry, make_site, run_cli

TOML = """\
[site]
title = "Test reform"
description = "A fixture site."
base_url = "https://example.org/reform/"
languages = ["en", "ru"]

[site.ru]
title = "Тестовая реформа"

[timeline]
page_size = 3

[categories.courts]
title = "Courts"
description = "Courts and judges."

[categories.rights]
title = "Rights"
"""

FILES = {
    "content/entries/2020-03-01-first.md": entry("First event", "2020-03-01", body="The first body."),
    "content/entries/2020-03-01-first.ru.md": "---\ntitle: Первое событие\n---\nПервый текст.\n",
    "content/entries/2021-05-02-second.md": entry("Second event", "2021-05-02", "[courts, rights]"),
    "content/entries/2021-06-third.md": entry("Third event", "2021-06", "[rights]"),
    "content/pages/about.md": "---\ntitle: About\n---\nWho we are.\n",
}


def edit(root: Path, rel: str, old: str, new: str) -> list[Path]:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return [path]


def write(root: Path, rel: str, text: str) -> list[Path]:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return [path]


def delete(root: Path, rel: str) -> list[Path]:
    (root / rel).unlink()
    return [root / rel]


def rename(root: Path, old: str, new: str) -> list[Path]:
    (root / old).rename(root / new)
    return [root / old, root / new]


STEPS: list[tuple[str, Callable[[Path], list[Path]]]] = [
    ("retitle, which reorders", lambda r: edit(r, "content/entries/2021-05-02-second.md", "Second", "A second")),
    ("body only", lambda r: edit(r, "content/entries/2020-03-01-first.md", "The first body.", "A new body.")),
    ("add, past page_size", lambda r: write(r, "content/entries/2019-fourth.md", entry("Fourth", "2019"))),
    (
        "add a translation",
        lambda r: write(r, "content/entries/2021-06-third.ru.md", "---\ntitle: Третье\n---\nТекст.\n"),
    ),
    ("remove a translation", lambda r: delete(r, "content/entries/2020-03-01-first.ru.md")),
    (
        "rename: new slug",
        lambda r: [
            *rename(r, "content/entries/2021-06-third.md", "content/entries/2021-06-renamed.md"),
            *rename(r, "content/entries/2021-06-third.ru.md", "content/entries/2021-06-renamed.ru.md"),
        ],
    ),
    ("change categories", lambda r: edit(r, "content/entries/2019-fourth.md", "[courts]", "[rights]")),
    ("draft", lambda r: edit(r, "content/entries/2019-fourth.md", "title: Fourth", "draft: true\ntitle: Fourth")),
    ("delete, below page_size", lambda r: delete(r, "content/entries/2020-03-01-first.md")),
    ("edit a page", lambda r: edit(r, "content/pages/about.md", "Who we are.", "Who we are, now.")),
    ("site.toml", lambda r: edit(r, "site.toml", 'title = "Rights"', 'title = "Human rights"')),
    ("site.toml page_size", lambda r: edit(r, "site.toml", "page_size = 3", "page_size = 2")),
    (
        "site template",
        lambda r: write(
            r,
            "templates/partials/footer.html",
            (BUILTIN / "templates/partials/footer.html").read_text(encoding="utf-8") + "<!-- site footer -->\n",
        ),
    ),
    (
        "site stylesheet",
        lambda r: write(r, "assets/style.css", (BUILTIN / "assets/style.css").read_text(encoding="utf-8") + "body{}\n"),
    ),
    ("remove the template", lambda r: delete(r, "templates/partials/footer.html")),
]


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_same(served: Path, full: Path) -> None:
    mine, fresh = tree(served), tree(full)
    assert sorted(mine) == sorted(fresh), "the preview and a full build hold different files"
    differ = [rel for rel in fresh if mine[rel] != fresh[rel]]
    assert not differ, f"bytes differ from a full build: {differ[:10]}"


@pytest.fixture
def site(tmp_path: Path) -> DevSite:
    root = make_site(tmp_path, FILES, toml=TOML)
    site = DevSite(root, drafts=True)
    site.rebuild()
    assert site.status.built and not site.status.problems, site.status.problems
    return site


def settled(site: DevSite) -> None:
    assert site.later.wait(timeout=120), "the feeds and the search index did not catch up"


@pytest.mark.slow  # a full build beside each of the session's steps
def test_every_step_of_an_editing_session_equals_a_full_build(site: DevSite, tmp_path: Path) -> None:
    for number, (name, step) in enumerate(STEPS):
        site.rebuild(step(site.root))
        assert not site.status.problems, f"{name}: {site.status.problems}"
        settled(site)
        full = tmp_path / f"full-{number}"
        build(BuildOptions(root=site.root, out=full, drafts=True))
        assert_same(site.out, full)
    cli = tmp_path / "cli"
    result = run_cli("build", "--root", site.root, "--out", cli, "--drafts")
    assert result.returncode == 0, result.stderr
    assert_same(site.out, cli)


def test_an_entry_edit_renders_only_the_pages_that_show_it(site: DevSite) -> None:
    settled(site)
    before = {p: p.stat().st_mtime_ns for p in site.out.rglob("*.html")}
    far = site.out / "entries" / "third" / "index.html"
    outcome = site.rebuild(edit(site.root, "content/entries/2020-03-01-first.md", "The first body.", "Changed."))
    settled(site)
    total = len(list(site.out.rglob("index.html")))
    # its page in two languages, its neighbours, timelines, categories, corrections, years, 404
    assert 0 < outcome.rendered < total, outcome.line
    assert far.stat().st_mtime_ns == before[far], "an entry two places away was rewritten"
    changed = sorted(str(p.relative_to(site.out)) for p, t in before.items() if p.stat().st_mtime_ns != t)
    assert "entries/first/index.html" in changed
    assert "ru/entries/first/index.html" not in changed, "the Russian page shows its own translation"


def test_a_template_change_renders_every_page(site: DevSite) -> None:
    footer = (BUILTIN / "templates/partials/footer.html").read_text(encoding="utf-8")
    outcome = site.rebuild(write(site.root, "templates/partials/footer.html", footer + "<!-- changed -->\n"))
    rendered, total = map(int, re.search(r"(\d+) of (\d+) pages rendered", outcome.line).groups())  # type: ignore[union-attr]
    assert rendered == total == outcome.rendered == len(list(site.out.rglob("*.html"))), outcome.line


def test_a_broken_entry_is_reported_and_the_fix_recovers(site: DevSite, tmp_path: Path) -> None:
    rel = "content/entries/2021-05-02-second.md"
    broken = site.rebuild(edit(site.root, rel, "date: 2021-05-02", "date: 2021-02-30"))
    assert [str(p) for p in broken.problems if not p.warning] == [
        f"{rel}:3: date: 2021-02-30 is not a real day (check the day of the month)"
    ]
    assert site.status.problems == broken.problems
    assert (site.out / "entries" / "second" / "index.html").is_file(), "the last good preview stays in place"
    fixed = site.rebuild(edit(site.root, rel, "date: 2021-02-30", "date: 2021-05"))
    assert not fixed.problems and not site.status.problems
    assert fixed.reload == "*"
    settled(site)
    build(BuildOptions(root=site.root, out=tmp_path / "full", drafts=True))
    assert_same(site.out, tmp_path / "full")


def test_a_stylesheet_edit_restyles_open_tabs_before_the_pages_are_rebuilt(site: DevSite) -> None:
    settled(site)
    old = site.hashed["assets/style.css"]
    told: list[tuple[str, str, bytes, str]] = []

    def notify(path: str) -> None:
        new = site.hashed["assets/style.css"]
        told.append((path, new, (site.out / new).read_bytes(), (site.out / "index.html").read_text("utf-8")))

    site.on_reload(notify)
    style = (BUILTIN / "assets/style.css").read_text(encoding="utf-8")
    outcome = site.rebuild(write(site.root, "assets/style.css", style + "main{}\n"))
    [(path, new, stylesheet, timeline)] = told
    assert path.endswith(".css"), "livereload swaps stylesheets for a .css path instead of reloading"
    assert new != old and stylesheet.endswith(b"main{}\n")
    assert old.rsplit("/", 1)[1] in timeline, "the tabs were told before the pages, which name the new hash"
    assert site.current_asset(old) == new, "a tab asking for the old name gets the new stylesheet"
    assert outcome.reload is None, "no page reload after the pages are rebuilt"
    assert new.rsplit("/", 1)[1] in (site.out / "index.html").read_text("utf-8")

    assert site.rebuild(edit(site.root, "content/pages/about.md", "Who", "Whom")).reload == "*"
    nothing = site.rebuild(edit(site.root, "content/pages/about.md", "Whom", "Whom"))
    assert nothing.reload is None and nothing.written == 0


def test_the_preview_has_its_own_folder_and_survives_its_removal(site: DevSite, tmp_path: Path) -> None:
    assert site.out == site.root / ".cache" / "serve"
    assert not (site.root / "output").exists(), "the published output folder is left alone"
    settled(site)
    shutil.rmtree(site.out)  # `make clean` while the server runs
    site.rebuild(edit(site.root, "content/pages/about.md", "Who", "Whom"))
    settled(site)
    build(BuildOptions(root=site.root, out=tmp_path / "full", drafts=True))
    assert_same(site.out, tmp_path / "full")


def test_a_translation_edit_renders_only_pages_of_its_language(site: DevSite) -> None:
    settled(site)
    outcome = site.rebuild(edit(site.root, "content/entries/2020-03-01-first.ru.md", "Первый текст.", "Новый текст."))
    pages = [path for path in outcome.made if path.endswith(".html")]
    assert "ru/entries/first/index.html" in pages, outcome.line
    assert [path for path in pages if not path.startswith("ru/")] == [], pages  # English pages show no Russian
    assert outcome.rendered == len(pages), outcome.line


def test_a_site_template_listing_every_entry_follows_each_edit(site: DevSite, tmp_path: Path) -> None:
    write(
        site.root, "templates/partials/all_titles.html", "{% for e in site.entries %}<i>{{ e.title }}</i>{% endfor %}"
    )
    not_found = (BUILTIN / "templates/404.html").read_text(encoding="utf-8")
    changed = write(
        site.root,
        "templates/404.html",
        not_found.replace("{% block main %}", '{% block main %}{% include "partials/all_titles.html" %}'),
    )
    site.rebuild(changed)
    site.rebuild(edit(site.root, "content/entries/2021-06-third.md", "Third event", "Third event, retitled"))
    assert "<i>Third event, retitled</i>" in (site.out / "404.html").read_text(encoding="utf-8")
    settled(site)
    full = tmp_path / "full"
    build(BuildOptions(root=site.root, out=full, drafts=True))
    assert_same(site.out, full)
