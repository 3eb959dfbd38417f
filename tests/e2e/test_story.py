"""The story in the built site: key moments, eras (pages and timeline.json) and citations both ways."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml

from tests.conftest import PROJECT, SITE_TOML, entry, make_site, run_cli
from tests.html_tree import Node, parse

LANGUAGES = {"en": "", "ru": "ru/", "kk": "kk/"}
BASE = "/kz-reform/"
KEY_MOMENT = {"en": "Key moment", "ru": "Ключевой момент", "kk": "Шешуші сәт"}
KEY_MOMENTS = {"en": "Key moments", "ru": "Ключевые моменты", "kk": "Шешуші сәттер"}
SOURCE = {"en": "source {}", "ru": "источник {}", "kk": "дереккөз {}"}
ERAS = tomllib.loads((PROJECT / "site.toml").read_text(encoding="utf-8"))["eras"]
CITING = ["constitutional-referendum", "administrative-courts-open", "doing-business-discontinued"]


@functools.cache  # the checks below ask for each card: reading every file once is enough
def key_slugs() -> frozenset[str]:
    """The bundled entries marked `key: true`, read from their files."""
    slugs = set()
    for path in (PROJECT / "content/entries").glob("*.md"):
        if path.name.count(".") == 1 and yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1]).get("key"):
            slugs.add(re.sub(r"^\d{4}(-\d{2}){0,2}-", "", path.stem))
    return frozenset(slugs)


def timeline_entries(build: Path, prefix: str) -> list[dict]:
    return json.loads((build / prefix / "entries.json").read_text(encoding="utf-8"))["entries"]


def era_title(era: dict, lang: str) -> str:
    return era[lang]["title"] if lang in era else era["title"]


def era_description(era: dict, lang: str) -> str:
    return era[lang]["description"] if lang in era else era["description"]


def test_the_bundled_site_marks_the_turning_points_the_fact_sheet_supports() -> None:
    assert key_slugs() == {
        "hundred-concrete-steps",
        "administrative-courts-open",
        "constitutional-referendum",
        "constitutional-court-begins-work",
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_timeline_opens_with_its_key_moments_linking_to_them(bundled_build: Path, lang: str) -> None:
    prefix = LANGUAGES[lang]
    strip = parse(bundled_build / prefix / "index.html").find("section", "key-moments")
    assert strip.find("h2").text == KEY_MOMENTS[lang]
    in_order = [e["slug"] for e in timeline_entries(bundled_build, prefix) if e["slug"] in key_slugs()]
    links = strip.find_all("a")
    assert [a.attrs["href"] for a in links] == [f"{BASE}{prefix}entries/{slug}/" for slug in in_order]
    titles = {e["slug"]: e["title"] for e in timeline_entries(bundled_build, prefix)}
    assert [a.find("span", "key-moment-title").text for a in links] == [titles[slug] for slug in in_order]
    for slug in in_order:
        assert (bundled_build / prefix / "entries" / slug / "index.html").is_file()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_key_moments_are_labelled_on_the_timeline_and_category_pages(bundled_build: Path, lang: str) -> None:
    prefix = LANGUAGES[lang]
    pages = [
        bundled_build / prefix / "index.html",
        bundled_build / prefix / "categories/constitutional-reform/index.html",
    ]
    for page in pages:
        cards = parse(page).find_all("li", "card")
        assert cards
        for card in cards:
            key = card.attrs["id"] in key_slugs()
            assert ("card-key" in card.classes) == key, card.attrs["id"]
            labels = card.find_all("p", "key-label")
            assert [label.text for label in labels] == ([KEY_MOMENT[lang]] if key else []), card.attrs["id"]
    referendum = parse(pages[1]).find_all("li", "card-key")
    assert [card.attrs["id"] for card in referendum] == ["constitutional-referendum"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_key_moments_own_page_says_it_is_one(bundled_build: Path, lang: str) -> None:
    entries = sorted(p.name for p in (bundled_build / "entries").iterdir())
    assert key_slugs() < set(entries)
    for slug in entries:
        header = parse(bundled_build / LANGUAGES[lang] / "entries" / slug / "index.html").find("header", "entry-header")
        labels = [label.text for label in header.find_all("p", "key-label")]
        assert labels == ([KEY_MOMENT[lang]] if slug in key_slugs() else []), slug


def days(value: object) -> tuple[dt.date, dt.date]:
    """The first and last day of a partial date as site.toml or entries.json write it."""
    year, month, day = ([int(part) for part in str(value).split("-")] + [0, 0])[:3]
    if day:
        return dt.date(year, month, day), dt.date(year, month, day)
    if month:
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return dt.date(year, month, 1), following - dt.timedelta(days=1)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def era_of(date: str, era: dict) -> bool:
    return days(era["start"])[0] <= days(date)[0] <= days(era["end"])[1]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_era_has_its_heading_before_its_first_entry_and_a_link_beside_the_categories(
    bundled_build: Path, lang: str
) -> None:
    prefix = LANGUAGES[lang]
    page = parse(bundled_build / prefix / "index.html")
    entries = timeline_entries(bundled_build, prefix)
    items = [li for ol in page.find_all("ol", "cards") for li in ol.children if isinstance(li, Node)]
    headers = [(index, li) for index, li in enumerate(items) if "era-start" in li.classes]
    assert len(headers) == len(ERAS) == 3
    for era, (index, header) in zip(ERAS, headers, strict=True):
        first = next(e for e in entries if era_of(e["date"]["iso"], era))
        assert items[index + 1].attrs["id"] == first["slug"]
        assert header.find("h3").text == era_title(era, lang)
        assert header.attrs["id"] == f"era-{era['start']}"
    assert headers[0][1].find("p", "era-period").text.replace(" ", "") == "2015–2016"  # en has thin spaces
    nav = page.find("nav", "era-nav")
    links = nav.find_all("a")
    assert [a.find("span", "era-name").text for a in links] == [era_title(era, lang) for era in ERAS]
    assert [a.find("span", "era-period").text for a in links] == [h.find("p", "era-period").text for _, h in headers]
    assert [a.attrs["href"] for a in links] == [f"#{h.attrs['id']}" for _, h in headers]
    # What the filter compares an entry's first day with (timeline.js), and names in the address.
    spans = [(a.attrs["data-era"], a.attrs["data-from"], a.attrs["data-to"]) for a in links]
    assert spans == [
        (str(era["start"]), days(era["start"])[0].isoformat(), days(era["end"])[1].isoformat()) for era in ERAS
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_timeline_json_holds_the_eras_for_timelinejs(bundled_build: Path, lang: str) -> None:
    data = json.loads((bundled_build / LANGUAGES[lang] / "timeline.json").read_text(encoding="utf-8"))
    assert all("<" not in era_description(era, lang) and "&" not in era_description(era, lang) for era in ERAS)
    assert data["eras"] == [
        {
            "start_date": {"year": 2015},
            "end_date": {"year": 2016, "month": 12, "day": 31},
            "end_precision": "year",
            "text": {"headline": era_title(ERAS[0], lang), "text": f"<p>{era_description(ERAS[0], lang)}</p>"},
        },
        {
            "start_date": {"year": 2020, "month": 6, "day": 29},
            "end_date": {"year": 2021, "month": 7, "day": 1},
            "end_precision": "day",
            "text": {"headline": era_title(ERAS[1], lang), "text": f"<p>{era_description(ERAS[1], lang)}</p>"},
        },
        {
            "start_date": {"year": 2022, "month": 3, "day": 16},
            "end_date": {"year": 2023, "month": 1, "day": 1},
            "end_precision": "day",
            "text": {"headline": era_title(ERAS[2], lang), "text": f"<p>{era_description(ERAS[2], lang)}</p>"},
        },
    ]


@pytest.mark.parametrize("slug", CITING)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_markers_link_to_their_sources_and_each_source_links_back(bundled_build: Path, lang: str, slug: str) -> None:
    page = parse(bundled_build / LANGUAGES[lang] / "entries" / slug / "index.html")
    body = page.find("div", "entry-body")
    sources = page.find("section", "sources").find("ol")
    items = [li for li in sources.children if isinstance(li, Node)]
    assert [li.attrs["id"] for li in items] == [f"source-{n}" for n in range(1, len(items) + 1)]
    marks = body.find_all("a", "cite")
    assert marks
    for mark in marks:
        number = int(mark.attrs["href"].removeprefix("#source-"))
        assert 1 <= number <= len(items)
        assert mark.text == f"[{number}]"
        assert mark.attrs["aria-label"] == SOURCE[lang].format(number)
        backs = [a.attrs["href"] for a in items[number - 1].find_all("a", "cite-back")]
        assert f"#{mark.attrs['id']}" in backs
    backs = [a.attrs["href"] for li in items for a in li.find_all("a", "cite-back")]
    assert sorted(backs) == sorted(f"#{mark.attrs['id']}" for mark in marks)
    assert {int(m.attrs["href"].removeprefix("#source-")) for m in marks} == set(range(1, len(items) + 1))


def test_a_number_and_its_suffix_are_kept_whole_in_a_kazakh_body(bundled_build: Path) -> None:
    body = parse(bundled_build / "kk/entries/constitutional-referendum/index.html").find("div", "entry-body")
    assert "6 163 863-і" in [span.text for span in body.find_all("span", "nowrap")]


def test_era_links_lead_to_the_year_page_holding_the_heading_when_the_timeline_splits(tmp_path: Path) -> None:
    toml = SITE_TOML.replace("[categories.courts]", "[timeline]\npage_size = 1\n\n[categories.courts]")
    toml += '\n[[eras]]\ntitle = "Reform"\nstart = "2021-06"\nend = 2022\n'
    root = make_site(
        tmp_path,
        {
            "content/entries/2020-before.md": entry("Before", "2020-05-01"),
            "content/entries/2021-first.md": entry("First", "2021-07-01", key="true"),
            "content/entries/2022-second.md": entry("Second", "2022-01-01"),
        },
        toml=toml,
    )
    result = run_cli("build", "--root", root, "--out", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    timeline = parse(tmp_path / "out/index.html")
    assert [a.attrs["href"] for a in timeline.find("nav", "era-nav").find_all("a")] == [
        "/reform/years/2021/#era-2021-06"
    ]
    assert [a.attrs["href"] for a in timeline.find("section", "key-moments").find_all("a")] == [
        "/reform/entries/first/"
    ]
    year = parse(tmp_path / "out/years/2021/index.html")
    assert [li.attrs["id"] for li in year.find_all("li") if "era-start" in li.classes or "card" in li.classes] == [
        "era-2021-06",
        "first",
    ]
    assert parse(tmp_path / "out/years/2022/index.html").find_all("li", "era-start") == []
