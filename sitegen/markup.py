"""Markdown bodies to HTML, with the plain-text summary and headings pages need."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown
from markdown.extensions.toc import slugify_unicode

from .citations import Citation, CitationMarkers
from .content import Heading
from .sanitise import AlignByClass, Removal, sanitise
from .typography import UnbrokenNumbers

EXTENSIONS = ["tables", "footnotes", "toc", "fenced_code", "sane_lists"]
EXTENSION_CONFIGS = {
    # Heading ids keep their letters in every language: ASCII-only ids made `## Судебная реформа` `_1`.
    "toc": {
        "permalink": "#",
        "permalink_title": "Link to this section",
        "toc_depth": "2-4",
        "slugify": slugify_unicode,
    },
    "footnotes": {"BACKLINK_TITLE": "Back to reference %d"},
}
FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)


@dataclass(frozen=True, slots=True)
class Rendered:
    html: str
    first_paragraph: str  # plain text, the default summary
    headings: tuple[Heading, ...]
    removed: tuple[Removal, ...] = ()  # what the sanitiser took out, for check to report
    citations: tuple[Citation, ...] = ()  # the [@n] markers, for check and the sources' links back

    @property
    def cited(self) -> tuple[int, ...]:
        """The source numbers cited, in the order the markers appear."""
        return tuple(number for citation in self.citations for number in citation.numbers)


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment with whitespace collapsed (footnote and citation marks dropped)."""
    fragment = re.sub(r"\s*<sup[^>]*>.*?</sup>", "", fragment, flags=re.S)  # "claim [@2]." reads "claim."
    parser = _TextOnly()
    parser.feed(fragment)
    parser.close()
    return " ".join("".join(parser.parts).split())


class Markup:
    """One reusable converter: building a Markdown instance costs more than a page."""

    def __init__(self) -> None:
        self._citations = CitationMarkers()
        self._md = markdown.Markdown(
            extensions=[*EXTENSIONS, AlignByClass(), self._citations, UnbrokenNumbers()],
            extension_configs=EXTENSION_CONFIGS,
            output_format="html",
        )

    def render(self, text: str, first_line: int = 1) -> Rendered:
        """`first_line`: the file's line the body starts on, for the lines check gives."""
        self._md.reset()
        try:
            converted = self._md.convert(text)
        except RecursionError:  # a conversion cut short leaves the converter half-changed: start afresh
            self.__init__()
            raise
        body, removed = sanitise(converted)
        first = FIRST_PARAGRAPH.search(body)
        headings = tuple(_flatten(getattr(self._md, "toc_tokens", [])))
        citations = self._citations.citations(text, first_line)
        return Rendered(body, plain_text(first.group(1)) if first else "", headings, removed, citations)


def _flatten(tokens: list[dict]) -> list[Heading]:
    out: list[Heading] = []
    for token in tokens:
        out.append(Heading(token["level"], token["id"], html.unescape(token["name"])))
        out.extend(_flatten(token.get("children", [])))
    return out
