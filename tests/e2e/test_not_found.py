"""The one 404.html GitHub Pages serves for every missing address holds every language, each part marked."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.conftest import PROJECT
from tests.html_tree import Node, parse

PREFIXES = {"en": "", "ru": "ru/", "kk": "kk/"}


def translate(lang: str, message: str) -> str:
    if lang == "en":
        return message
    with (PROJECT / "templates/i18n" / f"{lang}.po").open("rb") as handle:
        return read_po(handle, locale=lang)[message].string


def parts(doc: Node, lang: str) -> list[Node]:
    return [node for node in doc.iter() if node.attrs.get("data-lang") == lang]


@pytest.mark.parametrize("lang", PREFIXES)
def test_each_language_greets_in_its_own_words_with_links_to_its_timeline_and_search(
    bundled_build: Path, lang: str
) -> None:
    doc = parse(bundled_build / "404.html")
    mine = parts(doc, lang)
    assert [node.tag for node in mine] == ["a", "a", "span", "div", "p"]  # skip link, title, heading, text, footer
    assert all(node.attrs["lang"] == lang for node in mine)
    skip, title, heading, block, _ = mine
    assert skip.text == translate(lang, "Skip to content") and skip.attrs["href"] == "#main"
    assert title.attrs["href"] == f"/kz-reform/{PREFIXES[lang]}"
    assert heading.text == translate(lang, "Page not found")
    assert heading.attrs["data-title"] == f"{heading.text} · {title.text}"
    assert block.find("p").text == translate(lang, "This address does not exist (any more).")
    links = [(a.text, a.attrs["href"]) for a in block.find_all("a")]
    assert links == [
        (translate(lang, "Go to the timeline"), f"/kz-reform/{PREFIXES[lang]}"),
        (translate(lang, "Search"), f"/kz-reform/{PREFIXES[lang]}search/"),
    ]


def test_the_page_names_its_language_chooser_and_the_base_path_it_reads_addresses_under(bundled_build: Path) -> None:
    doc = parse(bundled_build / "404.html")
    scripts = [node for node in doc.find_all("script") if "src" in node.attrs]
    assert len(scripts) == 1 and scripts[0].attrs["src"].startswith("/kz-reform/assets/not-found.")
    assert scripts[0].attrs["data-base"] == "/kz-reform/"
    assert [(a.attrs["lang"], a.attrs["href"]) for a in doc.find("div", "language-switcher").find_all("a")] == [
        (lang, f"/kz-reform/{prefix}") for lang, prefix in PREFIXES.items()
    ]
