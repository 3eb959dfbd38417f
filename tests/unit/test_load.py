"""Parsing one file: whatever a writer types comes back as problems with file and line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.config import SiteConfig, load_config
from sitegen.load import ParsedFile, parse_file
from sitegen.markup import Markup
from sitegen.sources import SourceFile
from tests.conftest import SITE_TOML, entry, make_site


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> SiteConfig:
    toml = SITE_TOML.replace('languages = ["en"]', 'languages = ["en", "ru"]')
    return load_config(make_site(tmp_path_factory.mktemp("site"), {}, toml=toml))[0]


def parse(config: SiteConfig, rel: str, text: str, markup: Markup | None = None) -> ParsedFile:
    return parse_file(SourceFile(rel, text), config, markup or Markup())


def lines(parsed: ParsedFile) -> list[str]:
    return [str(problem) for problem in parsed.problems]


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
