"""TimelineJS's HTML as Markdown: what a reader sees survives, what an entry cannot hold is dropped and named."""

from __future__ import annotations

import pytest

from sitegen.htmltext import Link, plain, to_markdown
from sitegen.markup import Markup


def test_links_emphasis_lists_and_quotes_become_markdown() -> None:
    converted = to_markdown(
        '<p>Take <a href="https://en.wikipedia.org/wiki/Ada_Lovelace">Ada</a>, <strong>first</strong> and <em>famous</em>.</p>'
        "<ul><li>one</li><li>two</li></ul><ol><li>first</li></ol>"
        "<blockquote>There is no demand for women engineers. <cite>Edith Clarke</cite></blockquote>",
        "the text",
    )
    assert converted.markdown == (
        "Take [Ada](https://en.wikipedia.org/wiki/Ada_Lovelace), **first** and *famous*.\n\n"
        "- one\n- two\n\n1. first\n\n> There is no demand for women engineers. Edith Clarke"
    )
    assert converted.links == (Link("Ada", "https://en.wikipedia.org/wiki/Ada_Lovelace"),)
    assert converted.dropped == ()


def test_what_an_entry_cannot_hold_is_dropped_and_named() -> None:
    converted = to_markdown(
        '<p onclick="steal()">Text<script>steal()</script><style>p{}</style></p>'
        '<iframe src="https://www.youtube.com/embed/x"></iframe><object data="movie.swf"></object>'
        '<embed src="https://example.org/a.swf"><a href="javascript:steal()">Click</a> <a href="/local">here</a>',
        "the text",
    )
    assert converted.dropped == (
        "<script> in the text (not allowed in entries)",
        "<style> in the text (not allowed in entries)",
        "<iframe> in the text (an entry cannot embed; its address https://www.youtube.com/embed/x is kept as a link)",
        "<object> in the text (not allowed in entries)",
        "<embed> in the text (an entry cannot embed; its address https://example.org/a.swf is kept as a link)",
        "onclick attribute in the text (scripts are not allowed in entries)",
        "the link to 'javascript:steal()' in the text (not a full http(s) address; its text is kept)",
        "the link to '/local' in the text (not a full http(s) address; its text is kept)",
    )
    assert "steal" not in converted.markdown and "p{}" not in converted.markdown
    assert converted.markdown == (
        "Text\n\n[www.youtube.com](https://www.youtube.com/embed/x)\n\n[example.org](https://example.org/a.swf)\n\n"
        "Click here"
    )


def test_a_link_whose_text_is_its_address_is_titled_by_its_host_and_an_image_becomes_a_link() -> None:
    converted = to_markdown(
        '<p><a href="https://example.org/doc">https://example.org/doc</a> <img src="https://example.org/a.jpg" alt="A map"></p>',
        "the text",
    )
    assert converted.links == (Link("example.org", "https://example.org/doc"),)
    assert converted.images == ("https://example.org/a.jpg",)
    assert converted.markdown == "<https://example.org/doc> [A map](https://example.org/a.jpg)"


@pytest.mark.parametrize(
    "html",
    [
        "<p>a *star*, snake_case and [brackets](here) with `ticks` and a \\ backslash</p>",
        "<p>AT&amp;T, &amp;amp; and &lt;b&gt;not bold&lt;/b&gt;</p>",
        "<p>1. not a list</p><p># not a heading</p><p>- not an item</p><p>+ nor this</p><p>&gt; not a quote</p>",
        "<p>1815. A year that starts a paragraph</p>",
    ],
)
def test_text_that_looks_like_markup_reads_the_same_once_built(html: str) -> None:
    rendered = Markup().render(to_markdown(html, "the text").markdown).html
    assert "<ol>" not in rendered and "<h1>" not in rendered and "<ul>" not in rendered
    assert "<blockquote>" not in rendered and "<b>" not in rendered and "<em>" not in rendered
    assert [plain(p) for p in rendered.split("</p>") if plain(p)] == [plain(p) for p in html.split("</p>") if plain(p)]


def test_plain_text_with_blank_lines_keeps_its_paragraphs() -> None:
    assert to_markdown("Signed in Maastricht.\n\nIt founds the Union.", "the text").markdown == (
        "Signed in Maastricht.\n\nIt founds the Union."
    )


def test_plain_joins_inline_markup_without_spaces() -> None:
    assert plain("<b>Bo</b>ld &amp; <i>brave</i>") == "Bold & brave"


def test_an_address_with_parentheses_stays_one_link() -> None:
    converted = to_markdown(
        '<p><a href="https://en.wikipedia.org/wiki/Mercury_(planet)">Mercury</a> <a href="https://e.org/x_(y">odd</a></p>',
        "the text",
    )
    html = Markup().render(converted.markdown).html
    assert html == (
        '<p><a href="https://en.wikipedia.org/wiki/Mercury_(planet)">Mercury</a> <a href="https://e.org/x_%28y">odd</a></p>'
    )
    assert [link.url for link in converted.links] == [
        "https://en.wikipedia.org/wiki/Mercury_(planet)",
        "https://e.org/x_%28y",
    ]
