"""TimelineJS's HTML text as clean Markdown, with its links and what could not be kept.

markdownify does the conversion. Before it runs, Beautiful Soup takes out what an entry
cannot hold (scripts, styles, embeds, event handlers, links that are no web address) and
records each removal, so that the import can say what it dropped and where.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, Tag
from markdownify import MarkdownConverter

from .fields import INVALID
from .schema import Url

# Tags an entry cannot express; an embed's own address is kept as a link.
DROPPED = ("script", "style", "noscript", "template", "iframe", "frame", "object", "embed", "applet", "audio",
           "video", "source", "track", "canvas", "svg", "math", "form", "input", "button", "select", "textarea",
           "link", "meta", "base")  # fmt: skip
EMBEDS = ("iframe", "frame", "object", "embed", "audio", "video", "source")


@dataclass(frozen=True, slots=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True, slots=True)
class Converted:
    markdown: str
    links: tuple[Link, ...]  # http(s) links, in order, once each
    dropped: tuple[str, ...]  # what was taken out, in the writer's words
    images: tuple[str, ...]  # image addresses kept as links


def web_address(text: str) -> str | None:
    """`text` as an http(s) address our sources accept (percent-encoded where needed), or None.

    Unbalanced parentheses are encoded too: Markdown would end the link at the first `)`.
    """
    value = Url().parse(text.strip(), (), lambda *_: None) if text.strip() else INVALID
    if value is INVALID:
        return None
    return value if value.count("(") == value.count(")") else value.replace("(", "%28").replace(")", "%29")


def host(url: str) -> str:
    return urlsplit(url).hostname or url


class _Converter(MarkdownConverter):
    """markdownify for Python-Markdown: escapes what it would read as markup, images become links."""

    def escape(self, text: str, parent_tags: set[str]) -> str:
        if not text or "_noformat" in parent_tags:
            return text or ""
        text = re.sub(r"([\\`*_\[\]])", r"\\\1", text)
        text = re.sub(r"&(?=#?\w+;)", "&amp;", text)
        text = re.sub(r"<(?=[A-Za-z/!?])", "&lt;", text)
        # Only a text's start can begin a line (markdownify joins lines), where these would start a block.
        text = re.sub(r"^(\s*)([-+]+|#{1,6}|>)(?=\s|$)", r"\1\\\2", text)
        return re.sub(r"^(\s*\d{1,9})([.)])(?=\s|$)", r"\1\\\2", text)

    def convert_img(self, el: Tag, text: str, parent_tags: set[str]) -> str:
        src = str(el.get("src") or "")
        label = self.escape(str(el.get("alt") or "").strip(), parent_tags) or "image"
        return f"[{label}]({src})" if src else ""


def _soup(html: str) -> BeautifulSoup:
    with warnings.catch_warnings():  # a caption that is only an address is text here, not a page to fetch
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        return BeautifulSoup(html, "html.parser")


def to_markdown(html: str, place: str) -> Converted:
    """Convert one HTML fragment (`place` says where it was, for the report); plain text keeps its paragraphs."""
    if "<" not in html and "\n\n" in html:
        html = "".join(f"<p>{part}</p>" for part in re.split(r"\n\s*\n", html))
    soup = _soup(html)
    dropped: list[str] = []
    for tag in soup.find_all(DROPPED):
        if tag.decomposed:
            continue
        address = web_address(str(tag.get("src") or tag.get("data") or "")) if tag.name in EMBEDS else None
        if address:
            paragraph, link = soup.new_tag("p"), soup.new_tag("a", href=address)
            link.string = host(address)
            paragraph.append(link)
            tag.replace_with(paragraph)
            dropped.append(f"<{tag.name}> in {place} (an entry cannot embed; its address {address} is kept as a link)")
        else:
            dropped.append(f"<{tag.name}> in {place} (not allowed in entries)")
            tag.decompose()
    for tag in soup.find_all(True):
        for name in [n for n in tag.attrs if n.lower().startswith("on")]:
            dropped.append(f"{name} attribute in {place} (scripts are not allowed in entries)")
            del tag[name]
    links: dict[str, Link] = {}
    for tag in soup.find_all("a"):
        href = str(tag.get("href") or "").strip()
        address = web_address(href) if href else None
        if address:
            tag["href"] = address
            words = " ".join(tag.get_text().split())
            title = words if words and words.rstrip("/") != href.rstrip("/") else host(address)
            links.setdefault(address, Link(title, address))
        else:
            if href:
                dropped.append(f"the link to {href!r} in {place} (not a full http(s) address; its text is kept)")
            tag.unwrap()
    images = []
    for tag in soup.find_all("img"):
        address = web_address(str(tag.get("src") or ""))
        if address:
            tag["src"] = address
            images.append(address)
        else:
            dropped.append(f"the image {str(tag.get('src') or '')!r} in {place} (not a full http(s) address)")
            tag.decompose()
    markdown = _Converter(heading_style="ATX", bullets="-", newline_style="spaces").convert_soup(soup)
    return Converted(markdown.strip(), tuple(links.values()), tuple(dropped), tuple(images))


def plain(html: str) -> str:
    """The text of an HTML fragment, whitespace collapsed: headlines and captions in titles and notes."""
    return " ".join(_soup(html).get_text().split())
