"""The files machines read: Atom feeds, sitemap.xml, robots.txt, JSON-LD, social meta, entries.json, timeline.json."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest

from tests.conftest import entry, make_site, run_cli

A = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML_LINK = "{http://www.w3.org/1999/xhtml}link"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
BUNDLED_BASE = "http://127.0.0.1/kz-reform/"
FIXTURE_BASE = "https://example.org/reform/"

TWO_LANGUAGES = """\
[site]
title = "Test reform"
description = "A fixture site."
base_url = "https://example.org/reform/"
languages = ["en", "ru"]

[site.ru]
title = "Тестовая реформа"
description = "Сайт для тестов."

[categories.courts]
title = "Courts"
description = "Courts and judges."

[categories.courts.ru]
title = "Суды"

[categories.rights]
title = "Rights"
"""

CORRECTED = "\n  - date: 2024-03-15\n    note: The law's number was wrong."


def fixture_files(corrections: str | None = None) -> dict[str, str]:
    return {
        "content/entries/2021-07-01-courts-open.md": entry("Courts open", "2021-07-01", corrections=corrections),
        "content/entries/2021-07-01-courts-open.ru.md": "---\ntitle: Суды открыты\n---\nТекст.\n",
        "content/entries/2019-year-only.md": entry("A year-only event", "2019", "[rights]"),
        "content/entries/2022-06-month-event.md": entry("A month & <more>", "2022-06", "[courts, rights]"),
        "content/entries/2020-03-period.md": entry(
            "A period", "2020-03", end_date="2020-06", body="[Next](../courts-open/)"
        ),
        "content/pages/about.md": "---\ntitle: About\n---\nAbout us.\n",
    }


def build(root: Path, out: Path) -> Path:
    result = run_cli("build", "--root", root, "--out", out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A two-language fixture site: a translated entry, fallbacks, every date precision."""
    tmp = tmp_path_factory.mktemp("feeds")
    return build(make_site(tmp, fixture_files(), toml=TWO_LANGUAGES), tmp / "out")


@pytest.fixture(params=["fixture", "bundled"])
def built(request: pytest.FixtureRequest) -> tuple[Path, str]:
    """Each output with its base URL: the fixture site and the project's own."""
    if request.param == "fixture":
        return request.getfixturevalue("fixture_build"), FIXTURE_BASE
    return request.getfixturevalue("bundled_build"), BUNDLED_BASE


def file_for(out: Path, base: str, url: str) -> Path:
    """The output file an absolute URL of the site is served from (pretty URLs end in index.html)."""
    assert url.startswith(base), f"{url} is not under {base}"
    rel = url[len(base) :]
    return out / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)


def url_for(out: Path, base: str, path: Path) -> str:
    rel = path.relative_to(out).as_posix()
    return base + (rel.removesuffix("index.html") if rel == "index.html" or rel.endswith("/index.html") else rel)


def rfc3339(text: str | None) -> dt.datetime:
    assert text and RFC3339.match(text), f"{text!r} is not an RFC 3339 date-time"
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def is_absolute(iri: str | None) -> bool:
    parts = urlsplit(iri or "")
    return bool(parts.scheme and parts.netloc)


def html_pages(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.html") if p.relative_to(out).as_posix() != "404.html")


def feeds(out: Path) -> list[Path]:
    return sorted(out.rglob("feed.xml"))


def languages(out: Path) -> dict[str, str]:
    """Language code -> its root prefix, read from each entries.json."""
    found = {}
    for path in sorted(out.rglob("entries.json")):
        found[json.loads(path.read_text(encoding="utf-8"))["language"]] = path.parent.relative_to(out).as_posix()
    return found


def test_every_language_and_category_has_a_feed(built: tuple[Path, str]) -> None:
    out, _ = built
    roots = [out / rel for rel in languages(out).values()]
    assert len(roots) >= 2
    expected = set()
    for root in roots:
        expected.add(root / "feed.xml")
        expected.update(folder / "feed.xml" for folder in (root / "categories").iterdir() if folder.is_dir())
    assert set(feeds(out)) == expected


def test_atom_feeds_follow_rfc_4287(built: tuple[Path, str]) -> None:
    out, base = built
    for path in feeds(out):
        where = path.relative_to(out).as_posix()
        feed = ET.parse(path).getroot()
        assert feed.tag == f"{A}feed", where
        for name in ("id", "title", "updated"):
            assert len(feed.findall(f"{A}{name}")) == 1, f"{where}: one atom:{name}"
        assert is_absolute(feed.findtext(f"{A}id")), where
        feed_updated = rfc3339(feed.findtext(f"{A}updated"))
        links = {link.get("rel"): link.get("href") for link in feed.findall(f"{A}link")}
        assert links["self"] == url_for(out, base, path), where
        assert file_for(out, base, links["alternate"]).is_file(), f"{where}: alternate {links['alternate']}"
        feed_author = feed.findtext(f"{A}author/{A}name")
        ids = [feed.findtext(f"{A}id")]
        for item in feed.findall(f"{A}entry"):
            entry_id = item.findtext(f"{A}id")
            ids.append(entry_id)
            assert is_absolute(entry_id), where
            assert item.findtext(f"{A}title"), where
            updated = rfc3339(item.findtext(f"{A}updated"))
            assert rfc3339(item.findtext(f"{A}published")) <= updated <= feed_updated, f"{where}: {entry_id}"
            alternate = item.find(f"{A}link[@rel='alternate']")
            assert alternate is not None and file_for(out, base, alternate.get("href")).is_file(), entry_id
            assert feed_author or item.findtext(f"{A}author/{A}name"), f"{where}: {entry_id} has no author"
            assert item.find(f"{A}content[@type='html']") is not None or item.findtext(f"{A}summary"), entry_id
        assert len(ids) == len(set(ids)), f"{where}: ids are not unique"


def test_feedparser_reads_every_feed_without_complaint(built: tuple[Path, str]) -> None:
    out, _ = built
    for path in feeds(out):
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, f"{path.relative_to(out)}: {parsed.get('bozo_exception')}"
        assert parsed.version == "atom10"
        assert parsed.feed.title and parsed.feed.author
        assert len(parsed.entries) == len(ET.parse(path).getroot().findall(f"{A}entry"))
        for item in parsed.entries:
            assert item.title and item.link and item.updated_parsed and item.published_parsed


def test_site_feed_holds_every_entry_of_its_language_in_that_language(fixture_build: Path) -> None:
    for lang, prefix in languages(fixture_build).items():
        root = fixture_build / prefix
        data = json.loads((root / "entries.json").read_text(encoding="utf-8"))
        feed = feedparser.parse((root / "feed.xml").read_bytes())
        assert feed.feed.language == lang
        assert {e.link for e in feed.entries} == {item["url"] for item in data["entries"]}
        titles = {e.link: e.title for e in feed.entries}
        for item in data["entries"]:
            assert titles[item["url"]] == item["title"]
    ru = feedparser.parse((fixture_build / "ru/feed.xml").read_bytes())
    languages_shown = {e.title: e.title_detail.language for e in ru.entries}
    assert languages_shown["Суды открыты"] == "ru"
    assert languages_shown["A period"] == "en", "a fallback entry is marked as English"


def test_feed_content_links_resolve_against_the_entry_page(fixture_build: Path) -> None:
    feed = feedparser.parse((fixture_build / "feed.xml").read_bytes())
    period = next(e for e in feed.entries if e.title == "A period")
    assert 'href="https://example.org/reform/entries/courts-open/"' in period.content[0].value


def test_category_feed_holds_exactly_its_members(fixture_build: Path) -> None:
    courts = feedparser.parse((fixture_build / "categories/courts/feed.xml").read_bytes())
    assert sorted(e.title for e in courts.entries) == ["A month & <more>", "A period", "Courts open"]
    assert courts.feed.link == FIXTURE_BASE + "categories/courts/"
    labels = {t.label for e in courts.entries for t in e.tags}
    assert labels == {"Courts", "Rights"}


def test_sitemap_lists_every_page_and_only_existing_ones(built: tuple[Path, str]) -> None:
    out, base = built
    root = ET.parse(out / "sitemap.xml").getroot()
    assert root.tag == f"{SM}urlset"
    locs = [url.findtext(f"{SM}loc") for url in root.findall(f"{SM}url")]
    assert len(locs) == len(set(locs)), "a page is listed twice"
    assert {file_for(out, base, loc) for loc in locs} == set(html_pages(out))
    langs = languages(out)
    for url in root.findall(f"{SM}url"):
        loc = url.findtext(f"{SM}loc")
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall(XHTML_LINK)}
        assert set(alternates) == {*langs, "x-default"}, loc
        assert loc in alternates.values(), f"{loc} does not list itself"
        for href in alternates.values():
            assert href in locs, f"{loc}: alternate {href} is not a listed page"
        for lang, prefix in langs.items():
            assert alternates[lang].startswith(base + (f"{prefix}/" if prefix != "." else "")), loc


def test_robots_txt_points_at_the_sitemap(built: tuple[Path, str]) -> None:
    out, base = built
    lines = (out / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    sitemaps = [line.split(":", 1)[1].strip() for line in lines if line.lower().startswith("sitemap:")]
    assert sitemaps == [base + "sitemap.xml"]
    assert file_for(out, base, sitemaps[0]).is_file()


class Head(HTMLParser):
    """A page's canonical link, meta tags by name or property, and JSON-LD blocks."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.canonical: list[str] = []
        self.meta: dict[str, str] = {}
        self.json_ld: list[str] = []
        self.lang = ""
        self._in_ld = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang", "")
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical.append(a.get("href", ""))
        elif tag == "meta" and ("property" in a or "name" in a):
            self.meta[a.get("property") or a["name"]] = a.get("content", "")
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._in_ld = True
            self.json_ld.append("")

    def handle_data(self, data: str) -> None:
        if self._in_ld:
            self.json_ld[-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_ld = False


def test_every_page_has_its_canonical_url_and_social_cards(built: tuple[Path, str]) -> None:
    out, base = built
    for path in html_pages(out):
        head = Head(path.read_text(encoding="utf-8"))
        own = url_for(out, base, path)
        assert head.canonical == [own], path.relative_to(out)
        assert head.meta.get("og:url") == own, path.relative_to(out)
        for name in ("og:title", "og:description", "og:type", "og:site_name", "twitter:card", "twitter:title"):
            assert head.meta.get(name, "").strip(), f"{path.relative_to(out)}: {name} is missing"


def test_every_entry_page_has_json_ld_that_parses(built: tuple[Path, str]) -> None:
    out, base = built
    pages = sorted(out.rglob("entries/*/index.html"))
    assert len(pages) >= 8
    for path in pages:
        head = Head(path.read_text(encoding="utf-8"))
        assert len(head.json_ld) == 1, path.relative_to(out)
        data = json.loads(head.json_ld[0])
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "Event"
        assert data["url"] == url_for(out, base, path)
        assert data["name"] and head.meta["og:title"].startswith(data["name"])
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", data["startDate"])
        assert all(c["@type"] == "CreativeWork" and c["name"] for c in data["citation"])


def test_entries_json_has_every_entry_with_its_data(built: tuple[Path, str]) -> None:
    out, base = built
    date_shape = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
    for lang, prefix in languages(out).items():
        root = out / prefix
        data = json.loads((root / "entries.json").read_text(encoding="utf-8"))
        assert data["language"] == lang and data["title"] and data["description"]
        for key in ("url", "feed", "timeline"):
            assert file_for(out, base, data[key]).is_file(), key
        slugs = {c["slug"] for c in data["categories"]}
        for category in data["categories"]:
            assert category["title"] and file_for(out, base, category["url"]).is_file()
            assert file_for(out, base, category["feed"]).is_file()
        pages = {p.parent.name for p in (root / "entries").glob("*/index.html")}
        assert {e["slug"] for e in data["entries"]} == pages
        for item in data["entries"]:
            assert file_for(out, base, item["url"]).is_file()
            assert item["title"] and item["summary"] and item["display_date"] and isinstance(item["translated"], bool)
            assert set(item["categories"]) <= slugs and item["categories"]
            for date in (item["date"], item["end_date"], item["updated"]):
                if date is not None:
                    assert date_shape.fullmatch(date["iso"])
                    assert date["precision"] == ("year", "month", "day")[date["iso"].count("-")]
            assert item["sources"] and all(s["title"] and (s["url"] or s["publisher"]) for s in item["sources"])
            assert all(set(c) == {"date", "note"} for c in item["corrections"])


def test_entries_json_keeps_precision_and_marks_fallbacks(fixture_build: Path) -> None:
    en = {e["slug"]: e for e in json.loads((fixture_build / "entries.json").read_text())["entries"]}
    assert en["year-only"]["date"] == {"iso": "2019", "precision": "year"}
    assert en["month-event"]["date"] == {"iso": "2022-06", "precision": "month"}
    assert en["courts-open"]["date"] == {"iso": "2021-07-01", "precision": "day"}
    assert en["period"]["end_date"] == {"iso": "2020-06", "precision": "month"}
    assert " ".join(en["period"]["display_date"].split()) == "March – June 2020"
    assert en["month-event"]["categories"] == ["courts", "rights"]
    assert en["courts-open"]["sources"] == [
        {"title": "A source", "url": "https://example.org/doc", "publisher": None, "date": None, "archived_url": None}
    ]
    ru = {e["slug"]: e for e in json.loads((fixture_build / "ru/entries.json").read_text())["entries"]}
    assert ru["courts-open"]["lang"] == "ru" and ru["courts-open"]["translated"] is True
    assert ru["period"]["lang"] == "en" and ru["period"]["translated"] is False
    assert ru["period"]["url"] == FIXTURE_BASE + "ru/entries/period/"


def test_timeline_json_is_in_timelinejs_format(built: tuple[Path, str]) -> None:
    out, _ = built
    for prefix in languages(out).values():
        root = out / prefix
        data = json.loads((root / "timeline.json").read_text(encoding="utf-8"))
        entries = {e["slug"]: e for e in json.loads((root / "entries.json").read_text(encoding="utf-8"))["entries"]}
        assert data["title"]["text"]["headline"]
        assert [e["unique_id"] for e in data["events"]] == list(entries)
        for event in data["events"]:
            item = entries[event["unique_id"]]
            assert event["text"]["headline"] and event["text"]["text"]
            assert event["display_date"] == item["display_date"]
            for name, date in (("start_date", item["date"]), ("end_date", item["end_date"])):
                if date is None:
                    assert name not in event
                    continue
                parts = [int(p) for p in date["iso"].split("-")]
                assert event[name] == dict(zip(("year", "month", "day"), parts, strict=False)), item["slug"]


def test_timeline_json_dates_carry_only_the_entrys_precision(fixture_build: Path) -> None:
    events = {e["unique_id"]: e for e in json.loads((fixture_build / "timeline.json").read_text())["events"]}
    assert events["year-only"]["start_date"] == {"year": 2019}
    assert events["month-event"]["start_date"] == {"year": 2022, "month": 6}
    assert events["courts-open"]["start_date"] == {"year": 2021, "month": 7, "day": 1}
    assert events["period"]["end_date"] == {"year": 2020, "month": 6}
    assert events["month-event"]["text"]["headline"] == "A month &amp; &lt;more&gt;"
    assert events["month-event"]["group"] == "Courts"
    assert events["month-event"]["categories"] == ["courts", "rights"]  # all of them, for `import` to read back


def test_a_correction_moves_updated_in_feeds_and_json(tmp_path: Path) -> None:
    def read(out: Path) -> tuple[str, str, str, dict[str, object]]:
        feed = ET.parse(out / "feed.xml").getroot()
        item = next(e for e in feed.findall(f"{A}entry") if e.findtext(f"{A}title") == "Courts open")
        data = next(e for e in json.loads((out / "entries.json").read_text())["entries"] if e["slug"] == "courts-open")
        return feed.findtext(f"{A}updated"), item.findtext(f"{A}updated"), item.findtext(f"{A}published"), data

    root = make_site(tmp_path, fixture_files(), toml=TWO_LANGUAGES)
    before = read(build(root, tmp_path / "before"))
    (root / "content/entries/2021-07-01-courts-open.md").write_text(
        entry("Courts open", "2021-07-01", corrections=CORRECTED)
    )
    after = read(build(root, tmp_path / "after"))
    assert before[1] == before[2] == "2021-07-01T12:00:00Z"
    assert before[0] == "2022-06-30T12:00:00Z", "the feed is as new as its newest entry"
    assert after[1] == after[0] == "2024-03-15T12:00:00Z"
    assert after[2] == before[2], "a correction does not change when the entry was published"
    assert before[3]["updated"] == {"iso": "2021-07-01", "precision": "day"}
    assert after[3]["updated"] == {"iso": "2024-03-15", "precision": "day"}
    assert after[3]["corrections"] == [
        {"date": {"iso": "2024-03-15", "precision": "day"}, "note": "The law's number was wrong."}
    ]
    ru_feed = feedparser.parse((tmp_path / "after/ru/feed.xml").read_bytes())
    assert ru_feed.entries[0].title == "Суды открыты", "the corrected entry moves to the top of every language's feed"
    assert ru_feed.entries[0].updated == "2024-03-15T12:00:00Z"
