"""Every page a build writes lives at the address its route gives, in every language and under a sub-path;
a template that names no route gets one line naming its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import entry, make_site, run_cli
from tests.html_tree import parse

BASE = "https://example.org/reform/"
TOML = f"""\
[site]
title = "Reform"
description = "A fixture site."
base_url = "{BASE}"
languages = ["en", "ru", "kk"]

[categories.courts]
title = "Courts"

[timeline]
page_size = 1
"""
FILES = {
    "content/entries/2020-03-01-first.md": entry("First", "2020-03-01"),
    "content/entries/2021-07-01-second.md": entry("Second", "2021-07-01"),
    "content/pages/about.md": "---\ntitle: About\n---\nText.\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_site(tmp_path_factory.mktemp("routes"), FILES, toml=TOML)
    out = root / "out"
    result = run_cli("build", "--root", root, "--out", out)
    assert result.returncode == 0, result.stderr
    return out


def canonical(page: Path) -> str:
    return next(n.attrs["href"] for n in parse(page).find_all("link") if n.attrs.get("rel") == "canonical")


def test_every_page_is_written_where_its_canonical_address_serves_it(built: Path) -> None:
    pages = {p.relative_to(built).as_posix() for p in built.rglob("index.html")} - {"pagefind/index.html"}
    for lang in ("", "ru/", "kk/"):  # each kind of page, in each language
        for folder in (
            "",
            "years/2021/",
            "entries/second/",
            "categories/",
            "categories/courts/",
            "categories/courts/years/2020/",
            "corrections/",
            "search/",
            "about/",
        ):
            assert f"{lang}{folder}index.html" in pages
    for rel in sorted(pages):
        assert canonical(built / rel) == BASE + rel.removesuffix("index.html"), rel


def test_links_to_each_kind_of_page_carry_the_sub_path_and_the_language(built: Path) -> None:
    links = {n.attrs["href"] for n in parse(built / "ru/entries/second/index.html").find_all("a") if "href" in n.attrs}
    assert {
        "/reform/ru/",
        "/reform/ru/categories/",
        "/reform/ru/categories/courts/",
        "/reform/ru/about/",
        "/reform/ru/search/",
        "/reform/ru/entries/first/",
        "/reform/ru/years/2021/#second",
        "/reform/ru/feed.xml",
        "/reform/ru/entries.json",
        "/reform/ru/timeline.json",
        "/reform/entries/second/",
    } <= links


def test_a_template_asking_for_an_unknown_route_names_its_line(tmp_path: Path) -> None:
    template = '{% extends "base.html" %}\n{% block main %}\n{{ url("pages", slug=page.slug) }}\n{% endblock %}\n'
    root = make_site(
        tmp_path,
        {
            "content/entries/2021-07-01-a.md": entry("A"),
            "content/pages/about.md": "---\ntitle: About\n---\nText.\n",
            "templates/page.html": template,
        },
    )
    result = run_cli("check", "--root", root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(
        "templates/page.html:3: template error while rendering about/index.html: no route named 'pages'"
    )
