"""Body HTML through an allow-list, so that nothing a body holds runs in a reader's browser.

Markdown passes raw HTML through. nh3 (ammonia) keeps only the tags and
attributes below, exactly those Python-Markdown and our extensions make plus
harmless inline ones, and links with safe schemes. What it took out is found
by comparing the tags and attributes before and after, so that `check` can
tell the writer what went and on which line.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from xml.etree import ElementTree

import nh3
from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .errors import Problem

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# What Python-Markdown and the tables, footnotes, toc, fenced_code and sane_lists extensions make, and ours.
MARKDOWN_TAGS = {"p", "br", "hr", "blockquote", "pre", "code", "ul", "ol", "li", "a", "img", "em", "strong", "div"}
MARKDOWN_TAGS |= HEADINGS | {"table", "thead", "tbody", "tr", "th", "td", "sup"}
# Harmless tags a writer may add by hand; CONTRIBUTING.md lists them.
EXTRA_TAGS = {"abbr", "b", "i", "u", "cite", "q", "dfn", "sub", "mark", "small", "kbd", "samp", "var", "s", "del"}
EXTRA_TAGS |= {"ins", "time", "span", "bdi", "figure", "figcaption", "dl", "dt", "dd", "details", "summary"}
EXTRA_TAGS |= {"caption", "tfoot"}
TAGS = MARKDOWN_TAGS | EXTRA_TAGS
# Removed with their content: text inside them is code, not prose.
CLEAN_CONTENT_TAGS = {"script", "style", "svg", "math", "template", "object", "iframe", "noscript", "noembed"}
CLEAN_CONTENT_TAGS |= {"noframes"}
ATTRIBUTES = {
    "*": {"lang"},
    **{tag: {"id"} for tag in HEADINGS | {"li", "sup"}},
    "a": {"href", "title", "class", "id"},  # id: a citation marker's, which its source links back to
    "img": {"src", "alt", "title", "width", "height", "loading"},
    "ol": {"start", "reversed"},
    "th": {"class", "colspan", "rowspan", "scope"},
    "td": {"class", "colspan", "rowspan"},
    "code": {"class"},
    "div": {"class"},
    "abbr": {"title"},
    "dfn": {"title"},
    "time": {"datetime"},
    "details": {"open"},
    "span": {"class"},
}
ALIGN = {"align-left", "align-center", "align-right"}
CLASSES = {
    "a": {"headerlink", "footnote-ref", "footnote-backref", "cite"},  # cite: see citations.py
    "div": {"footnote", "toc"},
    "th": ALIGN,
    "td": ALIGN,
    "span": {"nowrap"},  # see typography.py
}
CODE_CLASS = re.compile(r"language-[\w.+#-]+")  # fenced_code's ```python
URL_SCHEMES = {"http", "https", "mailto"}
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^[/\\]{2}")  # another host: a scheme, or //host

SCRIPTS = "scripts are not allowed in entries or pages: they would run in readers' browsers"
STYLES = "styles are not allowed in entries or pages: the site's stylesheet sets the look"
EMBEDS = "embedded pages and objects are not allowed in entries or pages: link to them instead"
TAG_HINTS = {"script": SCRIPTS, "noscript": SCRIPTS, "style": STYLES, "link": STYLES}
TAG_HINTS |= dict.fromkeys(("iframe", "frame", "frameset", "object", "embed", "applet", "portal"), EMBEDS)
OTHER_TAGS = "only the HTML Markdown makes and a few harmless tags are allowed: CONTRIBUTING.md lists them"
LINKS = "links must start with https://, http://, mailto: or be relative"
IMAGES = "other hosts are blocked: save the picture beside the entry and give its name, ![what it shows](photo.jpg)"
CLASS_HINT = "classes are set by the site, not in entries or pages"
SHOWN = 60  # characters of a removed value shown in a warning


@dataclass(frozen=True, slots=True)
class Removal:
    """One tag or attribute the sanitiser took out of a body."""

    tag: str
    attribute: str | None = None
    value: str = ""

    def describe(self) -> tuple[str, str]:
        """The warning's message and hint, in a writer's words."""
        if self.attribute is None:
            return f"<{self.tag}> was removed", TAG_HINTS.get(self.tag, OTHER_TAGS)
        shown = self.value if len(self.value) <= SHOWN else self.value[: SHOWN - 1] + "…"
        if self.tag == "a" and self.attribute == "href":
            return f"link '{shown}' was removed", LINKS
        if self.tag == "img" and self.attribute == "src":
            return f"image '{shown}' was removed", IMAGES
        if self.attribute == "class":
            return f"class '{shown}' on <{self.tag}> was removed", CLASS_HINT
        message = f"attribute {self.attribute} on <{self.tag}> was removed"
        if self.attribute.startswith("on"):
            return message, SCRIPTS
        if self.attribute == "style":
            return message, STYLES
        allowed = sorted(ATTRIBUTES.get(self.tag, set()) | ATTRIBUTES["*"])
        return message, f"allowed on <{self.tag}>: {', '.join(allowed)}"

    def patterns(self) -> list[re.Pattern[str]]:
        """What to look for in the Markdown source to find its line, most precise first."""
        if self.attribute is None:
            return [re.compile(rf"<{re.escape(self.tag)}(?=[\s/>])", re.I)]
        name = rf"(?<![\w-]){re.escape(self.attribute)}"
        found = [re.compile(rf"{name}\s*=\s*[\"']?{re.escape(self.value)}", re.I)] if self.value else []
        if self.value and self.attribute in ("href", "src"):  # a Markdown link or image: [text](value)
            found.append(re.compile(re.escape(self.value)))
        return [*found, re.compile(rf"{name}(?=\s*=|[\s/>])", re.I)]


class _Tags(HTMLParser):
    """The start tags of a fragment with their attributes, in order; none from inside removed content."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str]]]] = []
        self.inside: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.inside:
            self.tags.append((tag, [(name, value or "") for name, value in attrs]))
        if tag in CLEAN_CONTENT_TAGS:
            self.inside.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.inside:
            self.tags.append((tag, [(name, value or "") for name, value in attrs]))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.inside:
            del self.inside[self.inside.index(tag) :]


def _tags(fragment: str) -> list[tuple[str, list[tuple[str, str]]]]:
    parser = _Tags()
    parser.feed(fragment)
    parser.close()
    return parser.tags


def _filter(tag: str, attribute: str, value: str) -> str | None:
    """Classes only as the extensions set them; images only from this site."""
    if attribute == "class":
        allowed = CODE_CLASS.fullmatch(value) if tag == "code" else value in CLASSES.get(tag, ())
        return value if allowed else None
    if tag == "img" and attribute == "src" and SCHEME.match(value.strip()):
        return None
    return value


CLEANER = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags=CLEAN_CONTENT_TAGS,
    attributes=ATTRIBUTES,
    attribute_filter=_filter,
    url_schemes=URL_SCHEMES,
    link_rel=None,  # no rel added: bodies link where writers chose; noopener is the browsers' default
)


def sanitise(fragment: str) -> tuple[str, tuple[Removal, ...]]:
    """The fragment with only allowed HTML, and what was removed, in the order it appeared."""
    clean = CLEANER.clean(fragment)
    if clean == fragment:
        return fragment, ()
    after = _tags(clean)
    kept = Counter(tag for tag, _ in after)
    kept_attributes = Counter((tag, name, value) for tag, attrs in after for name, value in attrs)
    removed: list[Removal] = []
    for tag, attrs in _tags(fragment):
        if not kept[tag]:
            removed.append(Removal(tag))
            continue
        kept[tag] -= 1
        for name, value in attrs:
            if kept_attributes[(tag, name, value)]:
                kept_attributes[(tag, name, value)] -= 1
            else:
                removed.append(Removal(tag, name, value))
    return clean, tuple(removed)


def removal_warnings(path: str, body: str, lines_before: int, removed: Iterable[Removal]) -> list[Problem]:
    """A warning per removal, at the line of the body (`lines_before` lines into the file) it came from."""
    searchable = outside_code(body)
    searched_from: dict[str, int] = {}  # by pattern: the n-th removal of a kind is its n-th occurrence
    warnings = []
    for removal in removed:
        line = lines_before + 1  # the body's first line when the source does not show it
        for pattern in removal.patterns():
            found = pattern.search(searchable, searched_from.get(pattern.pattern, 0))
            if found:
                searched_from[pattern.pattern] = found.end()
                line += searchable.count("\n", 0, found.start())
                break
        message, hint = removal.describe()
        warnings.append(Problem(path, line, "body", message, hint, warning=True))
    return warnings


FENCED = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\1[`~]*[ \t]*$|\Z)", re.M | re.S)
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", re.S)


def outside_code(body: str) -> str:
    """The body with code blocks and spans blanked (lines kept): HTML written there is shown, not removed."""

    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    return CODE_SPAN.sub(blank, FENCED.sub(blank, body))


class _AlignByClass(Treeprocessor):
    def run(self, root: ElementTree.Element) -> None:
        for cell in root.iter():
            style = cell.attrib.pop("style", None) if cell.tag in ("th", "td") else None
            if style:
                cell.set("class", "align-" + style.removeprefix("text-align: ").rstrip(";"))


class AlignByClass(Extension):
    """Table cells aligned by class: the tables extension's style attribute is blocked by the pages' policy."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_AlignByClass(md), "align_by_class", 0)
