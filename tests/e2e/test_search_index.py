"""The search index of the bundled site: one per language, its entries and pages only, the same bytes every build."""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import PROJECT, run_cli

PREFIXES = {"en": "", "ru": "ru/", "kk": "kk/"}
BASE = "/kz-reform/"
VOID = {"br", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join("".join(c if isinstance(c, str) else c.text for c in self.children).split())

    def all(self, tag: str, cls: str | None = None) -> list[Element]:
        found = [self] if self.tag == tag and (cls is None or cls in self.attrs.get("class", "").split()) else []
        for child in self.children:
            if isinstance(child, Element):
                found += child.all(tag, cls)
        return found


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack = [Element("#document", {})]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        while len(self.stack) > 1 and self.stack.pop().tag != tag:
            pass

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(path: Path) -> Element:
    builder = _Builder()
    builder.feed(path.read_text(encoding="utf-8"))
    return builder.stack[0]


def records(out: Path, lang: str) -> dict[str, dict]:
    """The language's indexed pages by URL, decoded as pagefind.js decodes them."""
    found = {}
    for path in (out / "pagefind/fragment").glob(f"{lang}_*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        record = json.loads(raw[len(b"pagefind_dcd") :])
        found[record["url"]] = record
    return found


def index_digests(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((out / "pagefind").rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("lang", PREFIXES)
def test_each_language_indexes_exactly_its_entries_and_static_pages(bundled_build: Path, lang: str) -> None:
    prefix = PREFIXES[lang]
    entries = {f"/{prefix}entries/{p.name}/" for p in (bundled_build / prefix / "entries").iterdir()}
    pages = {f"/{prefix}{p.name.split('.')[0]}/" for p in (PROJECT / "content/pages").glob("*.md")}
    assert len(entries) > 10 and pages
    assert set(records(bundled_build, lang)) == entries | pages  # no timeline, lists, corrections or search page
    languages = json.loads((bundled_build / "pagefind/pagefind-entry.json").read_bytes())["languages"]
    assert languages[lang]["page_count"] == len(entries | pages)
    assert (bundled_build / f"pagefind/pagefind.{languages[lang]['hash']}.pf_meta").is_file()


@pytest.mark.parametrize("lang", PREFIXES)
def test_an_entry_is_indexed_with_what_its_page_shows_and_without_the_chrome(bundled_build: Path, lang: str) -> None:
    prefix = PREFIXES[lang]
    slug = sorted(p.name for p in (bundled_build / "entries").iterdir())[0]
    html = parse(bundled_build / prefix / "entries" / slug / "index.html")
    record = records(bundled_build, lang)[f"/{prefix}entries/{slug}/"]
    article = html.all("article", "entry")[0]
    labels = article.all("a", "label")

    assert record["meta"]["title"] == article.all("h1")[0].text
    shown_date = article.all("p", "entry-date")[0].all("time")[0].text
    assert " ".join(record["meta"]["date"].split()) == shown_date  # spaces as the parser collapses them
    assert [name for name, _ in json.loads(record["meta"]["labels"])] == [label.text for label in labels]
    assert sorted(record["filters"]["category"]) == sorted(a.attrs["href"].split("/")[-2] for a in labels)
    (description,) = [m.attrs["content"] for m in html.all("meta") if m.attrs.get("name") == "description"]
    assert record["meta"]["summary"] == description

    content = record["content"]
    cites = [cite.text for cite in article.all("cite")]
    assert article.all("h1")[0].text in content
    assert cites and all(cite in content for cite in cites)  # source titles are searchable
    chrome = [*html.all("footer", "site-footer")[0].all("a"), *html.all("nav", "pager")[0].all("a")]
    for element in [*chrome, *article.all("span", "source-url")]:
        assert element.text not in content, element.text
    heading = article.all("section", "sources")[0].all("h2")[0].text
    assert not content[: content.index(cites[0])].rstrip(" .").endswith(heading)  # the "Sources" heading is not


def test_two_builds_write_the_same_index_and_a_rebuild_rewrites_none_of_it(bundled_build: Path, tmp_path: Path) -> None:
    out = tmp_path / "again"
    for _ in range(2):
        result = run_cli("build", "--out", out, "--base-url", "http://127.0.0.1/kz-reform/")
        assert result.returncode == 0, result.stderr
    assert index_digests(out) == index_digests(bundled_build)
    assert ": 0 files written," in result.stdout  # the second build found every file unchanged


@pytest.mark.parametrize("lang", PREFIXES)
def test_the_header_leads_to_the_search_page_of_its_language(bundled_build: Path, lang: str) -> None:
    prefix = PREFIXES[lang]
    timeline = parse(bundled_build / prefix / "index.html")
    (link,) = timeline.all("a", "site-search-link")
    assert link.attrs["href"] == f"{BASE}{prefix}search/"
    search_page = parse(bundled_build / prefix / "search/index.html")
    assert search_page.all("html")[0].attrs["lang"] == lang
    (box,) = [e for e in search_page.all("div") if e.attrs.get("data-search") == "page"]
    assert box.attrs["data-bundle"] == f"{BASE}pagefind/"
    assert (bundled_build / "pagefind/pagefind.js").is_file()
    for attribute in ("data-ui", "data-css"):
        assert (bundled_build / box.attrs[attribute].removeprefix(BASE)).is_file()
