"""Markdown bodies to HTML, with the plain-text summary and headings pages need."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown

from .content import Heading

EXTENSIONS = ["tables", "footnotes", "toc", "fenced_code", "sane_lists"]
EXTENSION_CONFIGS = {
    "toc": {"permalink": "#", "permalink_title": "Link to this section", "toc_depth": "2-4"},
    "footnotes": {"BACKLINK_TITLE": "Back to reference %d"},
}
FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)


@dataclass(frozen=True, slots=True)
class Rendered:
    html: str
    first_paragraph: str  # plain text, the default summary
    headings: tuple[Heading, ...]


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment with whitespace collapsed (footnote marks dropped)."""
    fragment = re.sub(r"<sup[^>]*>.*?</sup>", "", fragment, flags=re.S)
    parser = _TextOnly()
    parser.feed(fragment)
    parser.close()
    return " ".join("".join(parser.parts).split())


class Markup:
    """One reusable converter: building a Markdown instance costs more than a page."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")

    def render(self, text: str) -> Rendered:
        self._md.reset()
        try:
            body = self._md.convert(text)
        except RecursionError:  # a conversion cut short leaves the converter half-changed: start afresh
            self.__init__()
            raise
        first = FIRST_PARAGRAPH.search(body)
        headings = tuple(_flatten(getattr(self._md, "toc_tokens", [])))
        return Rendered(body, plain_text(first.group(1)) if first else "", headings)


def _flatten(tokens: list[dict]) -> list[Heading]:
    out: list[Heading] = []
    for token in tokens:
        out.append(Heading(token["level"], token["id"], html.unescape(token["name"])))
        out.extend(_flatten(token.get("children", [])))
    return out
