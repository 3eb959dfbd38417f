"""The search index of the bundled site: one per language, its entries and pages only, the same bytes every build."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest

from tests.conftest import PROJECT, run_cli
from tests.html_tree import parse

PREFIXES = {"en": "", "ru": "ru/", "kk": "kk/"}
BASE = "/kz-reform/"


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
    article = html.find_all("article", "entry")[0]
    labels = article.find_all("a", "label")

    assert record["meta"]["title"] == article.find_all("h1")[0].text
    shown_date = article.find_all("p", "entry-date")[0].find_all("time")[0].text
    assert " ".join(record["meta"]["date"].split()) == shown_date  # spaces as the parser collapses them
    assert [name for name, _ in json.loads(record["meta"]["labels"])] == [label.text for label in labels]
    assert sorted(record["filters"]["category"]) == sorted(a.attrs["href"].split("/")[-2] for a in labels)
    (description,) = [m.attrs["content"] for m in html.find_all("meta") if m.attrs.get("name") == "description"]
    assert record["meta"]["summary"] == description

    content = record["content"]
    cites = [cite.text for cite in article.find_all("cite")]
    assert article.find_all("h1")[0].text in content
    assert cites and all(cite in content for cite in cites)  # source titles are searchable
    chrome = [*html.find_all("footer", "site-footer")[0].find_all("a"), *html.find_all("nav", "pager")[0].find_all("a")]
    for element in [*chrome, *article.find_all("span", "source-url")]:
        assert element.text not in content, element.text
    heading = article.find_all("section", "sources")[0].find_all("h2")[0].text
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
    (link,) = timeline.find_all("a", "site-search-link")
    assert link.attrs["href"] == f"{BASE}{prefix}search/"
    search_page = parse(bundled_build / prefix / "search/index.html")
    assert search_page.find_all("html")[0].attrs["lang"] == lang
    (box,) = [e for e in search_page.find_all("div") if e.attrs.get("data-search") == "page"]
    assert box.attrs["data-bundle"] == f"{BASE}pagefind/"
    assert (bundled_build / "pagefind/pagefind.js").is_file()
    for attribute in ("data-ui", "data-css"):
        assert (bundled_build / box.attrs[attribute].removeprefix(BASE)).is_file()
