"""`[@n]` markers: links to the entry's sources and back, lines for check, and the problems check reports."""

from __future__ import annotations

import pytest

from sitegen.citations import cite_labels
from sitegen.config import SiteConfig, load_config
from sitegen.load import assemble, parse_file
from sitegen.markup import Markup
from sitegen.read import SourceFile
from tests.conftest import SITE_TOML, make_site
from tests.html_tree import Node, parse_html

THREE_SOURCES = """\
sources:
  - title: One
    url: https://example.org/1
  - title: Two
    url: https://example.org/2
  - title: Three
    publisher: A gazette
"""


def entry_text(body: str, sources: str = THREE_SOURCES) -> str:
    return f"---\ntitle: A\ndate: 2021-07-01\ncategories: [courts]\n{sources}---\n{body}\n"


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> SiteConfig:
    toml = SITE_TOML.replace('languages = ["en"]', 'languages = ["en", "kk"]')
    return load_config(make_site(tmp_path_factory.mktemp("site"), {}, toml=toml))[0]


def markers(html: str) -> list[Node]:
    return parse_html(html).find_all("a", "cite")


def test_a_marker_is_a_link_per_source_numbered_as_the_list_and_each_has_an_id_to_come_back_to() -> None:
    rendered = Markup().render("A claim.[@2] Two more [@1, 3].\n\nAgain.[@2]")
    links = [(a.text, a.attrs["href"], a.attrs["id"]) for a in markers(rendered.html)]
    assert links == [
        ("[2]", "#source-2", "cite-2-1"),
        ("[1]", "#source-1", "cite-1-1"),
        ("[3]", "#source-3", "cite-3-1"),
        ("[2]", "#source-2", "cite-2-2"),
    ]
    assert all(a.attrs["class"] == "cite" for a in markers(rendered.html))
    assert rendered.removed == ()  # the sanitiser keeps what the extension makes
    assert rendered.cited == (2, 1, 3, 2)


def test_the_default_summary_leaves_the_markers_out() -> None:
    assert Markup().render("Turnout was 68.05%.[@2] Most voted yes [@1].").first_paragraph == (
        "Turnout was 68.05%. Most voted yes."
    )


def test_code_and_other_brackets_are_not_markers() -> None:
    rendered = Markup().render("`[@2]` and [@x] and [@] and [2] and [text](https://example.org/).\n\n    [@3]\n")
    assert markers(rendered.html) == []
    assert rendered.citations == ()
    assert "[@2]" in rendered.html and "[@x]" in rendered.html


def test_each_marker_knows_its_line_in_the_file() -> None:
    body = "First.[@1]\n\n```\n[@2] in a fence\n```\n\nThen [@2] and,\non the next line, [@1,3].\n"
    rendered = Markup().render(body, first_line=9)
    assert [(c.text, c.numbers, c.line) for c in rendered.citations] == [
        ("[@1]", (1,), 9),
        ("[@2]", (2,), 15),
        ("[@1,3]", (1, 3), 16),
    ]


def test_labels_for_screen_readers_are_added_in_the_pages_language() -> None:
    html = Markup().render("Claim.[@2]").html
    labelled = parse_html(cite_labels(html, "дереккөз {number}")).find("a", "cite")
    assert labelled.attrs["aria-label"] == "дереккөз 2"
    assert labelled.text == "[2]"
    assert parse_html(cite_labels(html, 'say "{number}"')).find("a", "cite").attrs["aria-label"] == 'say "2"'


def check(config: SiteConfig, files: dict[str, str]) -> list[str]:
    markup = Markup()
    parsed = [parse_file(SourceFile(rel, text), config, markup) for rel, text in files.items()]
    return [str(p) for p in assemble(parsed, config, drafts=False)[1]]


def test_a_marker_citing_a_source_the_entry_does_not_list_is_an_error_at_its_line(config: SiteConfig) -> None:
    problems = check(config, {"content/entries/a.md": entry_text("One.[@1] Two.[@2] Three.[@3]\n\nFive.[@1,5]")})
    assert problems == [
        "content/entries/a.md:15: body: [@1,5] cites source 5, but the entry lists 3 sources"
        " (sources are numbered from 1, in the order listed under sources:)"
    ]


def test_a_translation_is_checked_against_the_originals_sources(config: SiteConfig) -> None:
    files = {
        "content/entries/a.md": entry_text("One.[@1] Two.[@2] Three.[@3]"),
        "content/entries/a.kk.md": "---\ntitle: Б\n---\nБір.[@1] Екі.[@2]\n\nҮш.[@3] Төрт.[@4]\n",
    }
    assert check(config, files) == [
        "content/entries/a.kk.md:6: body: [@4] cites source 4, but the entry lists 3 sources"
        " (sources are numbered from 1, in the order listed under sources:)"
    ]


def test_a_source_a_body_with_markers_never_cites_is_a_warning(config: SiteConfig) -> None:
    files = {
        "content/entries/a.md": entry_text("One.[@1] Three.[@3]"),
        "content/entries/a.kk.md": "---\ntitle: Б\n---\nБір.[@1] Екі.[@2] Үш.[@3]\n",
        "content/entries/b.md": entry_text("No markers, so no warning."),
        "content/entries/c.md": entry_text("Every one.[@1,2,3]"),
        "content/entries/c.kk.md": "---\ntitle: В\n---\nБіреуі ғана.[@2]\n",
    }
    assert check(config, files) == [
        "content/entries/a.md:8: warning: sources[2]: is never cited in the body, which cites the other sources"
        " with [@n] markers (add [@2] after the sentence it backs, or remove the source if none does)",
        "content/entries/c.kk.md:4: warning: body: never cites source 1, though it cites the others with [@n]"
        " markers (add [@1] after the sentence it backs)",
        "content/entries/c.kk.md:4: warning: body: never cites source 3, though it cites the others with [@n]"
        " markers (add [@3] after the sentence it backs)",
    ]


def test_a_marker_on_a_static_page_is_an_error(config: SiteConfig) -> None:
    assert check(config, {"content/pages/about.md": "---\ntitle: About\n---\nWe count.[@1]\n"}) == [
        "content/pages/about.md:4: body: [@1] cites source 1, but pages have no sources"
        " (link to the document itself, or tell the story in an entry with sources)"
    ]
