"""Numbers that must not break across lines: `6 163 863-і` is one word to a reader.

Browsers may wrap at the spaces writers put between digit groups (as Russian
and Kazakh write thousands) and after the hyphen of a suffix (`77,18%-ы`,
`12-орын`, `231-V`). Such a number goes into `<span class="nowrap">`, which
the stylesheet keeps on one line; its characters stay as written, so search
and copying see the same text.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString
from markupsafe import Markup, escape

GROUPED = r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?%?(?:-[^\W\d_]+)?"  # 6 163 863, 6 163 863-і
SUFFIXED = r"\d+(?:[.,]\d+)*%?-[^\W\d_]+"  # 77,18%-ы, 12-орын, 231-V
NUMBER = rf"(?<![\w.,])(?:{GROUPED}|{SUFFIXED})(?![\w%])"
NUMBER_RE = re.compile(NUMBER)


class _Numbers(InlineProcessor):
    def __init__(self) -> None:
        super().__init__(NUMBER)

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Element, int, int]:
        span = Element("span", {"class": "nowrap"})
        span.text = AtomicString(m.group(0))
        return span, m.start(0), m.end(0)


class UnbrokenNumbers(Extension):
    """Numbers with spaced digit groups or a hyphenated suffix kept whole, in bodies."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.inlinePatterns.register(_Numbers(), "unbroken_numbers", 1)  # last: what the others leave is text


def unbroken_numbers(text: str) -> Markup:
    """Plain text (a summary) as HTML with the same numbers kept whole."""
    parts = []
    end = 0
    for match in NUMBER_RE.finditer(text):
        parts.append(escape(text[end : match.start()]))
        parts.append(Markup('<span class="nowrap">{}</span>').format(match.group(0)))
        end = match.end()
    parts.append(escape(text[end:]))
    return Markup("").join(parts)
