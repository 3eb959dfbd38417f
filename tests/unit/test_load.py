"""Parsing one file: whatever a writer types comes back as problems with file and line, never a traceback."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from sitegen import load
from sitegen.config import SiteConfig, load_config
from sitegen.load import ParsedFile, parse_file
from sitegen.markup import Markup
from sitegen.read import SourceFile
from tests.conftest import SITE_TOML, entry, make_site

DEEP_LIST = "".join("    " * level + "- x\n" for level in range(400))


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> SiteConfig:
    toml = SITE_TOML.replace('languages = ["en"]', 'languages = ["en", "ru"]')
    return load_config(make_site(tmp_path_factory.mktemp("site"), {}, toml=toml))[0]


def parse(config: SiteConfig, rel: str, text: str, markup: Markup | None = None) -> ParsedFile:
    return parse_file(SourceFile(rel, text), config, markup or Markup())


def lines(parsed: ParsedFile) -> list[str]:
    return [str(problem) for problem in parsed.problems]


def test_bodies_that_crashed_or_hung_the_converter_are_problems_found_at_once(config: SiteConfig) -> None:
    start = time.perf_counter()
    bodies = {
        "lists": DEEP_LIST,
        "stars": "*" * 2000 + "x" + "*" * 2000,
        "mixed": "*_" * 1000 + "x" + "_*" * 1000,
        "brackets": "[" * 50_000 + "x" + "](" * 50_000,
    }
    found = {
        name: lines(parse(config, f"content/entries/2021-{name}.md", entry(body=body))) for name, body in bodies.items()
    }
    assert time.perf_counter() - start < 5  # the brackets alone took minutes in Python-Markdown
    emphasis = r"more than 50 (close each * and _ you open; write \* or \_ for a literal one)"
    assert found == {
        "lists": [
            "content/entries/2021-lists.md:59: body: lists or quotes nested 400 levels deep, more than 50 (flatten them)"
        ],
        "stars": [f"content/entries/2021-stars.md:9: body: emphasis (* or _) nested 2000 levels deep, {emphasis}"],
        "mixed": [f"content/entries/2021-mixed.md:9: body: emphasis (* or _) nested 2000 levels deep, {emphasis}"],
        "brackets": [
            "content/entries/2021-brackets.md:9: body: brackets ([ ] ( ) < >) in this paragraph are left open or nested"
            r" too deeply to convert (close each bracket you open, write \[ or \< for a literal one, or split the paragraph)"
        ],
    }


def test_a_recursion_the_scan_lets_through_is_a_problem_and_the_converter_still_works(
    config: SiteConfig, monkeypatch: Any
) -> None:
    monkeypatch.setattr(load, "check_body", lambda *args: [])
    markup = Markup()
    deep = parse(config, "content/entries/2021-a.md", entry(body=DEEP_LIST), markup)
    assert lines(deep) == [
        "content/entries/2021-a.md:9: body: is nested too deeply to convert (flatten nested lists, quotes and emphasis)"
    ]
    after = parse(config, "content/entries/2021-b.md", entry(body="Some *text*."), markup)
    assert after.problems == () and after.rendered.html == "<p>Some <em>text</em>.</p>"


def test_a_slug_in_the_front_matter_excuses_the_file_name_and_a_translation_is_not_asked_twice(
    config: SiteConfig,
) -> None:
    assert parse(config, "content/entries/2021-My Entry.md", entry(slug="my-entry")).problems == ()
    assert parse(config, "content/entries/2021-My Entry.ru.md", "---\ntitle: Запись\n---\nТекст.\n").problems == ()
    assert lines(parse(config, "content/entries/2021-My Entry.md", entry())) == [
        "content/entries/2021-My Entry.md: slug: 'My Entry' from the file name is not a plain name"
        " (rename it to 2021-my-entry.md, or set slug: my-entry)"
    ]


def test_a_file_name_with_nothing_after_its_date_is_told_what_to_do(config: SiteConfig) -> None:
    assert lines(parse(config, "content/entries/2021-.md", entry())) == [
        "content/entries/2021-.md: slug: the file name gives no name after its date"
        " (rename it (use lowercase letters, digits and hyphens), or set slug:)"
    ]


def test_every_problem_of_a_half_written_file_set_is_reported(tmp_path: Path) -> None:
    root = make_site(
        tmp_path,
        {
            "content/entries/2021-a.md": "---",
            "content/entries/2021-b.md": entry(categories="[court]"),
            "content/entries/2021-c.md": "---\ntitle: C\n",
        },
    )
    config = load_config(root)[0]
    found = [
        line
        for rel in ("a", "b", "c")
        for line in lines(
            parse(config, f"content/entries/2021-{rel}.md", (root / f"content/entries/2021-{rel}.md").read_text())
        )
    ]
    assert found == [
        "content/entries/2021-a.md:1: front matter has no closing '---' (end the fields with a line '---' before the body)",
        "content/entries/2021-b.md:4: categories[1]: unknown category 'court' (did you mean 'courts'?)",
        "content/entries/2021-c.md:1: front matter has no closing '---' (end the fields with a line '---' before the body)",
    ]
