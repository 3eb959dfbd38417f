"""The story in real Chromium: the era filter, citation marks by keyboard and axe, numbers kept on a line, lookalike search."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.conftest import PROJECT, run_axe
from tests.html_tree import parse

pytestmark = pytest.mark.browser

PREFIX = "/kz-reform/"
REFERENDUM = "entries/constitutional-referendum/"
RESULT = ".search-result"
ERAS = tomllib.loads((PROJECT / "site.toml").read_text(encoding="utf-8"))["eras"]

# The tops of the lines a span's characters are laid out on, measured a character at a time.
LINE_TOPS = """span => {
  const text = span.firstChild;
  const tops = new Set();
  for (let i = 0; i < text.length; i++) {
    const range = document.createRange();
    range.setStart(text, i);
    range.setEnd(text, i + 1);
    for (const rect of range.getClientRects()) if (rect.width > 0) tops.add(Math.round(rect.top));
  }
  return [...tops];
}"""


@pytest.fixture
def base(static_server: Callable[[Path, str], str], bundled_build: Path) -> str:
    return static_server(bundled_build, PREFIX)


def bounds(value: object) -> tuple[dt.date, dt.date]:
    """The first and last day of a bundled era's start or end, a year or a day as site.toml writes it."""
    parts = [int(part) for part in str(value).split("-")]
    assert len(parts) in (1, 3), "the bundled eras start and end on a year or a day"
    return (dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)) if len(parts) == 1 else (dt.date(*parts),) * 2


def within(date: str, era: dict) -> bool:
    """Whether an entry of this ISO date (a year, month or day) falls in the era: its first day does."""
    first = dt.date(*([int(part) for part in date.split("-")] + [1, 1])[:3])
    return bounds(era["start"])[0] <= first <= bounds(era["end"])[1]


def era_view(page: Page) -> tuple[list[str], list[str], list[str]]:
    """The pressed eras, the cards a reader sees and the era headings shown, once the script has run."""
    page.wait_for_function("() => document.querySelector('[data-eras] button.chip')")
    seen = "nodes => nodes.filter(n => n.checkVisibility()).map(n => n.id)"
    return (
        page.eval_on_selector_all("[data-eras] .chip[aria-pressed=true]", "nodes => nodes.map(n => n.dataset.era)"),
        page.eval_on_selector_all("[data-timeline] .card", seen),
        page.eval_on_selector_all("[data-timeline] .era-start", seen),
    )


def test_an_era_chosen_from_the_keyboard_shows_its_events_alone_and_survives_an_entry_and_a_language(
    page: Page, base: str, bundled_build: Path
) -> None:
    era = ERAS[1]
    key = str(era["start"])
    dates = {e["slug"]: e["date"]["iso"] for e in json.loads((bundled_build / "entries.json").read_bytes())["entries"]}
    page.goto(base)
    every = page.eval_on_selector_all("[data-timeline] .card", "cards => cards.map(c => c.id)")
    wanted = [slug for slug in every if within(dates[slug], era)]
    assert 0 < len(wanted) < len(every)
    button = page.locator(f"[data-eras] button[data-era='{key}']")
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(button).to_have_accessible_name(re.compile(rf"^{re.escape(era['title'])} "))
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.era") == key:
            break
    else:
        pytest.fail("Tab never reached the era")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base}?era={key}")
    expect(page.locator("[data-status]")).to_have_text(f"Showing {len(wanted)} of {len(every)} events.")
    view = era_view(page)
    assert view == ([key], wanted, [f"era-{key}"])
    counts = page.eval_on_selector_all("[data-chart] [data-count]", "counts => counts.map(c => Number(c.textContent))")
    assert sum(counts) == len(wanted)  # the chart follows

    page.locator(f"#{wanted[-1]} .card-title a").click()
    expect(page).to_have_url(f"{base}entries/{wanted[-1]}/?era={key}")
    page.get_by_role("link", name="Back to the timeline").click()
    expect(page).to_have_url(f"{base}?era={key}#{wanted[-1]}")
    assert era_view(page) == view
    page.locator(".language-switcher a[hreflang=kk]").click()
    expect(page).to_have_url(f"{base}kk/?era={key}")
    assert era_view(page) == view

    first = page.locator("[data-filters] button.chip").first  # a category as well: the events of both
    first.click()
    category = first.get_attribute("data-category")
    expect(page).to_have_url(f"{base}kk/?category={category}&era={key}")
    both = [slug for slug in wanted if category in page.locator(f"#{slug}").get_attribute("data-categories").split()]
    assert era_view(page)[1] == both
    page.locator(f"[data-eras] button[data-era='{key}']").click()  # the era again: no era
    expect(page).to_have_url(f"{base}kk/?category={category}")
    assert era_view(page)[0] == [] and len(era_view(page)[1]) > len(both)
    assert page.problems == []  # type: ignore[attr-defined]


def test_a_key_moment_is_in_reach_of_the_keyboard_on_a_phone_and_its_page_says_what_it_is(
    contexts: Callable[..., BrowserContext], base: str
) -> None:
    page = contexts(viewport={"width": 375, "height": 800}).new_page()
    page.goto(f"{base}ru/")
    first = page.locator(".key-moments a").first
    expect(first).to_be_in_viewport()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.key-moments')"):
            break
    else:
        pytest.fail("Tab never reached the key moments")
    expect(first).to_be_focused()
    href = first.get_attribute("href") or ""
    page.keyboard.press("Enter")
    expect(page).to_have_url(base.removesuffix(PREFIX) + href)
    expect(page.locator(".entry-header .key-label")).to_have_text("Ключевой момент")


def test_a_number_and_its_suffix_stay_on_one_line_in_a_narrow_box(page: Page, base: str) -> None:
    page.goto(f"{base}kk/{REFERENDUM}")
    body = page.locator(".entry-body")
    body.evaluate("element => { element.style.width = '4.5em'; element.style.maxWidth = '4.5em'; }")
    spans = page.locator(".entry-body .nowrap")
    assert "6 163 863-і" in spans.all_inner_texts()
    for span in spans.all():
        assert len(span.evaluate(LINE_TOPS)) == 1, span.inner_text()
    # The same text without the class breaks in that box: the measure can tell.
    plain = spans.nth(spans.all_inner_texts().index("6 163 863-і")).element_handle()
    plain.evaluate("span => span.classList.remove('nowrap')")
    assert len(plain.evaluate(LINE_TOPS)) > 1


def test_a_marker_and_its_way_back_work_from_the_keyboard(page: Page, base: str) -> None:
    page.goto(f"{base}{REFERENDUM}")
    marker = page.locator(".entry-body a.cite").first
    expect(marker).to_have_accessible_name("source 1")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('cite')"):
            break
    else:
        pytest.fail("Tab never reached a citation mark")
    expect(marker).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#source-1$"))
    source = page.locator("#source-1")
    expect(source).to_be_in_viewport()
    back = source.locator("a.cite-back")
    expect(back).to_have_accessible_name("Back to the text")
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('cite-back')"):
            break
    else:
        pytest.fail("Tab never reached the way back from the source")
    expect(back).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#cite-1-1$"))
    expect(marker).to_be_in_viewport()
    assert page.problems == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["", "kk/"])
def test_axe_finds_no_violations_on_an_entry_with_markers(
    contexts: Callable[..., BrowserContext], base: str, lang: str
) -> None:
    page = contexts().new_page()
    page.goto(f"{base}{lang}{REFERENDUM}#source-2")
    expect(page.locator(".entry-body a.cite").first).to_be_visible()
    result = run_axe(page)
    assert result["violations"] == []
    assert result["passes"] > 20


def kazakh_pages_with(bundled_build: Path, word: str) -> set[str]:
    """Kazakh pages whose indexed text has a word starting with `word`, read from the build."""
    found = set()
    for path in (bundled_build / "kk").rglob("index.html"):
        page = parse(path)
        text = " ".join(n.text for n in page.iter() if "data-pagefind-body" in n.attrs).lower()
        if re.search(rf"(?<!\w){word}", text):
            found.add(f"{PREFIX}{path.parent.relative_to(bundled_build).as_posix()}/")
    return found


def results(page: Page, query: str) -> list[str]:
    page.locator("#search-q").fill(query)
    status = page.locator("[data-search-status]")
    expect(status).to_have_text(re.compile(r"^Табылған нәтижелер: \d+$"))
    while page.locator(".search-more").is_visible():
        shown = page.locator(RESULT).count()
        page.locator(".search-more").click()
        expect(page.locator(RESULT)).not_to_have_count(shown)
    total = int(status.inner_text().rsplit(" ", 1)[1])
    expect(page.locator(RESULT)).to_have_count(total)
    return [link.get_attribute("href") or "" for link in page.locator(f"{RESULT} h2 a").all()]


def test_a_query_typed_with_russian_lookalike_letters_finds_the_kazakh_words(
    page: Page, base: str, bundled_build: Path
) -> None:
    wanted = kazakh_pages_with(bundled_build, "әкімшілік")
    assert len(wanted) >= 5
    page.goto(f"{base}kk/search/")
    found = results(page, "акимшилик")
    assert sorted(found) == sorted(wanted)
    first = page.locator(f"{RESULT} .search-result-excerpt").first
    marked = first.locator("mark").all_inner_texts()
    assert marked and all(m.lower().lstrip("«").startswith("әкімшілік") for m in marked), marked
    assert "ъъ" not in first.inner_text()  # the page's own words, not the folded ones
    assert page.problems == []  # type: ignore[attr-defined]


def test_a_query_typed_with_the_right_letters_finds_and_ranks_as_pagefind_alone_does(page: Page, base: str) -> None:
    page.goto(f"{base}kk/search/")
    shown = results(page, "әкімшілік")
    alone = page.evaluate(
        """async bundle => {
            const pagefind = await import(bundle + "pagefind.js");
            const search = await pagefind.search("әкімшілік");
            return Promise.all(search.results.map(async r => (await r.data()).url));
        }""",
        f"{PREFIX}pagefind/",
    )
    assert shown == alone
    for result in page.locator(RESULT).all():
        marked = result.locator(".search-result-excerpt mark").all_inner_texts()
        assert marked and all("әкімшілік" in m.lower() for m in marked), marked
