"""Parsing one file: whatever a writer types comes back as problems with file and line, never a traceback."""

from __future__ import annotations

from pathlib import Path

from sitegen.config import SiteConfig, load_config
from sitegen.load import ParsedFile, parse_file
from sitegen.markup import Markup
from sitegen.sources import SourceFile
from tests.conftest import entry, make_site


def parse(config: SiteConfig, rel: str, text: str, markup: Markup | None = None) -> ParsedFile:
    return parse_file(SourceFile(rel, text), config, markup or Markup())


def lines(parsed: ParsedFile) -> list[str]:
    return [str(problem) for problem in parsed.problems]


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
