"""The search bundle made from rendered pages: only marked pages, per language, the same bytes every run."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from sitegen import search
from sitegen.errors import SiteError
from sitegen.search import index_site

CATEGORIES = ["courts", "rights", "e-justice", "prosecutors", "ombudsman", "statistics", "codes"]


def page(
    lang: str, title: str, body: str, *, categories: tuple[str, ...] = (), date: str = "", sort: str = ""
) -> bytes:
    """A page as the templates render it: chrome outside the marked regions, filters in hidden spans."""
    filters = "".join(f'<span hidden data-pagefind-filter="category:{slug}"></span>' for slug in categories)
    meta = f' data-pagefind-meta="date:{date}"' if date else ""
    order = f' data-pagefind-sort="date:{sort}"' if sort else ""
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><title>{title}</title></head><body>'
        f"<nav>Navigation chrome</nav><article{order}><p{meta}>{date}</p><h1 data-pagefind-body>{title}</h1>{filters}"
        f"<div data-pagefind-body><p>{body}</p></div></article><footer>Footer chrome</footer></body></html>"
    ).encode()


def fragments(bundle: dict[str, bytes], folder: str = "pagefind/") -> dict[str, dict]:
    """Each indexed page's record (URL, text, meta, filters) in one index folder, as pagefind.js reads it."""
    records = {}
    for path, data in bundle.items():
        if path.startswith(f"{folder}fragment/"):
            raw = gzip.decompress(data)
            assert raw.startswith(b"pagefind_dcd")
            record = json.loads(raw[len(b"pagefind_dcd") :])
            records[record["url"]] = record
    return records


@pytest.fixture(scope="module")
def site_files() -> dict[str, bytes]:
    files = {
        "index.html": b'<!DOCTYPE html><html lang="en"><body><h1>Timeline</h1><p>zebra</p></body></html>',
        "assets/site.js": b"console.log('not a page')",
        "about/index.html": page("en", "About", "Who writes the timeline."),
        "ru/entries/courts-open/index.html": page("ru", "Суды открылись", "Омбудсмен доволен.", categories=("courts",)),
    }
    for number, slug in enumerate(CATEGORIES):
        files[f"entries/e{number}/index.html"] = page(
            "en", f"Event {number}", f"Ombudsman text {number}.", categories=(slug, CATEGORIES[0]), date="July 1, 2021"
        )
    return files


@pytest.fixture(scope="module")
def bundle(site_files: dict[str, bytes]) -> dict[str, bytes]:
    return index_site(site_files)


def test_only_pages_marked_for_search_are_indexed_one_index_per_language(bundle: dict[str, bytes]) -> None:
    records = fragments(bundle)
    assert set(records) == {"/about/", "/ru/entries/courts-open/"} | {f"/entries/e{n}/" for n in range(7)}
    entry = json.loads(bundle["pagefind/pagefind-entry.json"])
    assert {lang: info["page_count"] for lang, info in entry["languages"].items()} == {"en": 8, "ru": 1}
    assert all(path.startswith("pagefind/") for path in bundle)
    assert "pagefind/pagefind.js" in bundle
    assert not [path for path in bundle if "pagefind-ui" in path or "component-ui" in path]


def test_records_keep_the_text_meta_and_filters_but_not_the_chrome(bundle: dict[str, bytes]) -> None:
    record = fragments(bundle)["/entries/e2/"]
    assert record["meta"]["title"] == "Event 2"
    assert record["meta"]["date"] == "July 1, 2021"
    assert sorted(record["filters"]["category"]) == ["courts", "e-justice"]
    assert "Ombudsman text 2." in record["content"]
    assert "chrome" not in record["content"]


def test_the_same_pages_give_the_same_bytes_whatever_their_order(
    site_files: dict[str, bytes], bundle: dict[str, bytes]
) -> None:
    """Pagefind writes filter values in hash-map order, new each run: with seven values a repeat by chance is rare."""
    again = index_site(dict(reversed(site_files.items())))
    assert again == bundle


def test_no_marked_page_means_no_bundle() -> None:
    assert index_site({"index.html": b'<html lang="en"><body><h1>Timeline</h1></body></html>'}) == {}


def test_a_missing_indexer_is_a_problem_not_a_traceback(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(search.pagefind_bin, "get_executable", lambda: tmp_path / "no-pagefind")
    with pytest.raises(SiteError) as raised:
        index_site({"about/index.html": page("en", "About", "Text.")})
    (problem,) = raised.value.problems
    assert str(problem).startswith("pagefind/: the search index could not be built: Pagefind could not run:")
    assert problem.hint and "pagefind-bin" in problem.hint


class Store:
    """The build cache's part store, in memory."""

    def __init__(self) -> None:
        self.stored: dict[tuple[str, str], dict[str, bytes]] = {}

    def read(self, name: str, digest: str) -> dict[str, bytes] | None:
        return self.stored.get((name, digest))

    def write(self, name: str, digest: str, part: dict[str, bytes]) -> None:
        self.stored[(name, digest)] = part


def test_an_edit_indexes_only_its_language_again_and_the_parts_make_the_whole(site_files: dict[str, bytes]) -> None:
    """One Pagefind run per language, kept per language; their union equals one run over every page."""
    store = Store()
    index = search.SearchIndex(store, jobs=2)
    first = index.bundle(search.indexed_pages(site_files))
    assert index.made == [("en", 0), ("ru", 0)]
    one_run = search.index_pages(search.indexed_pages(site_files))  # over both languages
    assert first == {**one_run, search.PARTS: b"{}"}
    edited = {**site_files, "ru/entries/courts-open/index.html": page("ru", "Суды открылись", "Новый текст.")}
    second = index.bundle(search.indexed_pages(edited))
    assert index.made == [("ru", 0)]
    assert second == {**search.index_pages(search.indexed_pages(edited)), search.PARTS: b"{}"}
    assert "Новый текст." in fragments(second)["/ru/entries/courts-open/"]["content"]
    fresh = search.SearchIndex(store)  # another process: the stored parts serve
    assert fresh.bundle(search.indexed_pages(edited)) == second and fresh.made == []


def test_a_large_language_is_indexed_in_date_ordered_parts_and_an_edit_remakes_one() -> None:
    """Seven dated pages in parts of three: the first part in the main bundle, two more in folders of their own."""
    dates = ["2019-05", "2001", "2015-02-03", "2010", "2022-12-31", "2005-06-07", "2012"]
    files = {f"entries/e{n}/index.html": page("en", f"Event {n}", f"Text {n}.", sort=d) for n, d in enumerate(dates)}
    files["ru/entries/e0/index.html"] = page("ru", "Событие", "Текст.", sort="2019-05")
    index = search.SearchIndex(Store())
    bundle = index.bundle(search.indexed_pages(files), part_size=3)
    assert sorted(index.made) == [("en", 0), ("en", 1), ("en", 2), ("ru", 0)]
    assert json.loads(bundle[search.PARTS]) == {"en": ["parts/en/1/", "parts/en/2/"]}
    by_date = [f"/entries/e{n}/" for n in sorted(range(len(dates)), key=lambda n: dates[n])]
    assert sorted(fragments(bundle)) == sorted([*by_date[:3], "/ru/entries/e0/"])
    assert sorted(fragments(bundle, "pagefind/parts/en/1/")) == sorted(by_date[3:6])
    assert sorted(fragments(bundle, "pagefind/parts/en/2/")) == by_date[6:]
    entry = json.loads(bundle["pagefind/parts/en/1/pagefind-entry.json"])
    assert list(entry["languages"]) == ["en"] and entry["languages"]["en"]["page_count"] == 3
    part_files = [path for path in bundle if path.startswith("pagefind/parts/")]
    assert not [path for path in part_files if path.endswith(".js") or "/wasm." in path]  # the main engine serves
    assert "pagefind/pagefind.js" in bundle

    files["entries/e6/index.html"] = page("en", "Event 6", "New text.", sort="2012")  # in the middle part
    again = index.bundle(search.indexed_pages(files), part_size=3)
    assert index.made == [("en", 1)]
    assert "New text." in fragments(again, "pagefind/parts/en/1/")["/entries/e6/"]["content"]
