"""Claims tied to sources: `[@2]` in a body links to the entry's second source, and the source links back.

A Python-Markdown inline extension turns each marker into a link per number,
`<a class="cite" href="#source-2" id="cite-2-1">[2]</a>` (the first marker
citing source 2), inside a `<sup>` so that summaries leave it out. The sources
list links back to every id; templates add the label screen readers announce
("source 2") in the page's language. `check` reports a marker that cites a
source the entry does not list, and, in a body that uses markers, a source it
never cites.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.etree.ElementTree import Element, SubElement

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString
from markupsafe import escape

from .errors import Problem
from .sanitise import outside_code

if TYPE_CHECKING:
    from .load import ParsedFile

MARKER = r"\[@(\d+(?:[ \t]*,[ \t]*\d+)*)\]"  # [@2], [@1,3], [@1, 3]
CITE_LINK = re.compile(r'<a class="cite" href="#source-(\d+)"')
NUMBERED = "sources are numbered from 1, in the order listed under sources:"


@dataclass(frozen=True, slots=True)
class Citation:
    """One marker as written, the source numbers it cites, and its line in the file."""

    text: str
    numbers: tuple[int, ...]
    line: int


class _Markers(InlineProcessor):
    def __init__(self, extension: CitationMarkers) -> None:
        super().__init__(MARKER)
        self.extension = extension

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Element, int, int]:
        numbers = tuple(int(n) for n in re.findall(r"\d+", m.group(1)))
        self.extension.found.append((m.group(0), numbers))
        sup = Element("sup")
        for number in numbers:
            self.extension.counts[number] += 1
            link = SubElement(sup, "a", {"class": "cite", "href": f"#source-{number}"})
            link.set("id", f"cite-{number}-{self.extension.counts[number]}")
            link.text = AtomicString(f"[{number}]")
        return sup, m.start(0), m.end(0)


class CitationMarkers(Extension):
    """`[@n]` markers as links to the sources list; what it found is kept for `citations`."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, tuple[int, ...]]] = []
        self.counts: Counter[int] = Counter()

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        md.inlinePatterns.register(_Markers(self), "citation_markers", 171)  # before links read [..] as one

    def reset(self) -> None:
        self.found = []
        self.counts = Counter()

    def citations(self, body: str, first_line: int) -> tuple[Citation, ...]:
        """The markers of the last conversion, each at its line: the n-th `[@2]` found is the n-th written."""
        searchable = outside_code(body)
        made = []
        start = 0
        for text, numbers in self.found:
            position = searchable.find(text, start)
            if position < 0:  # converted out of order (a footnote's text): the first one written
                position = max(searchable.find(text), 0)
            start = position + len(text)
            made.append(Citation(text, numbers, first_line + searchable.count("\n", 0, position)))
        return tuple(made)


def cite_labels(html: str, label: str) -> str:
    """The body with each marker link labelled for screen readers: `label` is e.g. 'source {number}'."""
    template = str(label)
    return CITE_LINK.sub(
        lambda m: f'{m.group(0)} aria-label="{escape(template.replace("{number}", m.group(1)))}"', html
    )


def citation_problems(files: Iterable[tuple[ParsedFile, Mapping[str, ParsedFile]]]) -> list[Problem]:
    """Markers citing a source the entry does not list, or any on a page (errors); sources a body with
    markers never cites (warnings). `files`: each original with its translations by language."""
    problems: list[Problem] = []
    for original, translations in files:
        count = len(original.fields.get("sources") or ())
        for parsed in (original, *(translations[lang] for lang in sorted(translations))):
            problems.extend(_file_problems(original, parsed, count))
    return problems


def _file_problems(original: ParsedFile, parsed: ParsedFile, count: int) -> list[Problem]:
    markers = parsed.rendered.citations
    problems = []
    for marker in markers:
        for number in dict.fromkeys(marker.numbers):
            if original.kind == "page":
                message = f"{marker.text} cites source {number}, but pages have no sources"
                hint = "link to the document itself, or tell the story in an entry with sources"
                problems.append(Problem(parsed.path, marker.line, "body", message, hint))
            elif not 1 <= number <= count:
                listed = f"{count} source{'' if count == 1 else 's'}"
                message = f"{marker.text} cites source {number}, but the entry lists {listed}"
                problems.append(Problem(parsed.path, marker.line, "body", message, NUMBERED))
    cited = {number for marker in markers for number in marker.numbers}
    for number in range(1, count + 1) if markers else ():
        if number in cited:
            continue
        hint = f"add [@{number}] after the sentence it backs"
        if parsed is original:
            message = "is never cited in the body, which cites the other sources with [@n] markers"
            line = original.line("sources", number - 1)
            hint = f"{hint}, or remove the source if none does"
            problems.append(Problem(parsed.path, line, f"sources[{number}]", message, hint, warning=True))
        else:
            message = f"never cites source {number}, though it cites the others with [@n] markers"
            problems.append(Problem(parsed.path, markers[0].line, "body", message, hint, warning=True))
    return problems
