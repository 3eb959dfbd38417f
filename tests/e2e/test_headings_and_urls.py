"""Headings in Russian and Kazakh keep readable ids, and source addresses copied with quotes, spaces or
brackets become valid links: every page still passes the Nu checker and the offline link check."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import entry, make_site, run_cli
from tests.e2e.test_nu_validator import nu_errors
from tests.html_tree import parse

TOML = """\
[site]
title = "Reform"
description = "A fixture site."
base_url = "https://example.org/reform/"
languages = ["en", "ru", "kk"]

[categories.courts]
title = "Courts"
ru = { title = "Суды" }
kk = { title = "Соттар" }
"""

SOURCES = """
  - title: Quotes in the query
    url: 'https://example.com/x?a=1&b="2"'
  - title: Spaces and brackets
    url: https://example.com/a b/<c>?q=[1]&r={x}|y
  - title: A Cyrillic path
    url: https://ru.wikipedia.org/wiki/Конституционный суд Казахстана
    archived_url: https://web.archive.org/web/2024/https://example.com/"quoted"
  - title: Escapes written already
    url: https://example.com/%D0%B0%20b?x=100%&y=%zz#part#two
  - title: An international host
    url: https://президент.рф/новости?id=1"""

# As written above, then as the pages link them: only what a URL may not hold is percent-encoded.
EXPECTED = [
    "https://example.com/x?a=1&b=%222%22",
    "https://example.com/a%20b/%3Cc%3E?q=%5B1%5D&r=%7Bx%7D%7Cy",
    "https://ru.wikipedia.org/wiki/Конституционный%20суд%20Казахстана",
    "https://web.archive.org/web/2024/https://example.com/%22quoted%22",
    "https://example.com/%D0%B0%20b?x=100%25&y=%25zz#part%23two",
    "https://президент.рф/новости?id=1",
]

BODY_EN = "Intro.\n\n## Судебная реформа\n\nText.\n\n## Reform of the courts\n\nMore.\n"
BODY_RU = "Введение.\n\n## Судебная реформа\n\nТекст.\n"
BODY_KK = "Кіріспе.\n\n## Сот реформасы: 2022 ж.\n\nМәтін.\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp_path = tmp_path_factory.mktemp("headings")
    root = make_site(
        tmp_path,
        {
            "content/entries/2021-07-01-reform.md": entry("Judicial reform", body=BODY_EN, sources=SOURCES),
            "content/entries/2021-07-01-reform.ru.md": "---\ntitle: Судебная реформа\n---\n" + BODY_RU,
            "content/entries/2021-07-01-reform.kk.md": "---\ntitle: Сот реформасы\n---\n" + BODY_KK,
        },
        toml=TOML,
    )
    out = tmp_path / "out"
    result = run_cli("build", "--root", root, "--out", out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.parametrize(
    ("page", "ids"),
    [
        ("entries/reform/index.html", ["судебная-реформа", "reform-of-the-courts"]),
        ("ru/entries/reform/index.html", ["судебная-реформа"]),
        ("kk/entries/reform/index.html", ["сот-реформасы-2022-ж"]),
    ],
)
def test_headings_in_every_language_get_readable_ids_and_permalinks(built: Path, page: str, ids: list[str]) -> None:
    headings = [h for h in parse(built / page).find_all("h2") if h.find_all("a", "headerlink")]
    assert [h.attrs["id"] for h in headings] == ids
    assert [h.find("a", "headerlink").attrs["href"] for h in headings] == [f"#{i}" for i in ids]


def test_source_addresses_are_links_a_browser_and_the_nu_checker_accept(built: Path) -> None:
    tree = parse(built / "entries/reform/index.html")
    links = [a.attrs["href"] for a in tree.find("section", "sources").find_all("a")]
    assert links == EXPECTED
    data = json.loads((built / "entries.json").read_text(encoding="utf-8"))
    (item,) = data["entries"]
    assert [s["url"] for s in item["sources"]] == [EXPECTED[0], EXPECTED[1], EXPECTED[2], EXPECTED[4], EXPECTED[5]]


def test_the_link_check_finds_every_fragment_and_address_well_formed(built: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sitegen.linkcheck", str(built), "--base-url", "https://example.org/reform/"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow  # a JVM checks every page
def test_every_page_passes_the_nu_html_checker(built: Path, tmp_path: Path) -> None:
    errors = nu_errors(sorted(built.rglob("*.html")), built, tmp_path)
    assert not errors, errors
