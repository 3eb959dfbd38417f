"""A phone's first screen shows the story: the first event within 800 px, the tools folded into one
disclosure; wide screens show the tools beside the timeline. With JavaScript and without, in every language."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.conftest import run_axe

pytestmark = pytest.mark.browser

PREFIX = "/kz-reform/"
PHONE = {"width": 375, "height": 800}
WIDE = {"width": 1280, "height": 800}
FIRST_CARD = "[data-timeline] .card"


@pytest.fixture
def base(static_server: Callable[[Path, str], str], bundled_build: Path) -> str:
    return static_server(bundled_build, PREFIX)


def lines(page: Page, selector: str) -> float:
    """How many lines of text an element shows."""
    return page.locator(selector).evaluate(
        "e => e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight)"
    )


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("lang", ["", "ru/", "kk/"], ids=["en", "ru", "kk"])
def test_the_first_event_starts_on_a_phones_first_screen(
    contexts: Callable[..., BrowserContext], base: str, lang: str, js: bool
) -> None:
    page = contexts(viewport=PHONE, java_script_enabled=js).new_page()
    page.goto(base + lang)
    top = page.locator(FIRST_CARD).first.evaluate("c => c.getBoundingClientRect().top")
    print(f"\n{lang or 'en/'} {'js' if js else 'no-js'}: first card at {top:.0f} px")
    assert 0 < top < PHONE["height"]
    assert lines(page, ".intro .lead") <= 2.05
    tools = page.locator("[data-tools]")
    assert tools.evaluate("d => d.open") is False
    expect(page.locator("[data-chart]")).to_be_hidden()
    expect(page.locator("[data-filters]")).to_be_hidden()


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_the_filter_disclosure_on_a_phone_holds_every_year_and_category(
    contexts: Callable[..., BrowserContext], base: str, js: bool
) -> None:
    page = contexts(viewport=PHONE, java_script_enabled=js).new_page()
    page.goto(base)
    page.locator("[data-tools] > summary").click()
    bars = page.locator("[data-chart] [data-year]")
    expect(bars.first).to_be_visible()
    years = page.locator("[data-chart] a[href]")
    assert years.count() == page.locator("[data-timeline] .year").count()
    chips = page.locator("[data-filters] .chip")
    assert chips.count() > 1
    for index in range(chips.count()):
        expect(chips.nth(index)).to_be_visible()
    heights = page.eval_on_selector_all(
        "[data-chart] .chart-year", "labels => labels.map(l => parseFloat(getComputedStyle(l).fontSize))"
    )
    assert min(heights) >= 12, heights  # readable year labels
    assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"]


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
def test_wide_screens_show_the_chart_and_chips_beside_the_timeline_without_a_toggle(
    contexts: Callable[..., BrowserContext], base: str, js: bool
) -> None:
    page = contexts(viewport=WIDE, java_script_enabled=js).new_page()
    page.goto(base)
    expect(page.locator("[data-tools] > summary")).to_be_hidden()
    chart = page.locator("[data-chart]")
    expect(chart).to_be_visible()
    expect(page.locator("[data-filters] .chip").first).to_be_visible()
    card = page.locator(FIRST_CARD).first.bounding_box()
    box = chart.bounding_box()
    assert card is not None and box is not None and box["x"] + box["width"] <= card["x"]  # beside, not above
    labels = page.eval_on_selector_all(
        "[data-chart] .chart-year", "labels => labels.map(l => l.getBoundingClientRect().height)"
    )
    assert min(labels) >= 12, labels


def test_on_a_phone_a_year_chosen_in_the_disclosure_folds_it_and_shows_that_year(
    contexts: Callable[..., BrowserContext], base: str
) -> None:
    page = contexts(viewport=PHONE, reduced_motion="reduce").new_page()
    page.goto(base)
    page.locator("[data-tools] > summary").click()
    link = page.locator("[data-chart] a[href]").last
    year = link.evaluate("a => a.hash")
    link.click()
    expect(page.locator("[data-chart]")).to_be_hidden()
    expect(page).to_have_url(f"{base}{year}")
    page.wait_for_function(f"() => Math.abs(document.querySelector('{year}').getBoundingClientRect().top) < 40")


AXE_PAGES = {
    "timeline": "",
    "timeline, filtered": "?category=courts-and-judges",
    "timeline, by era": "?category=courts-and-judges&era=2020-06-29",
    "ru timeline": "ru/",
    "entry": "entries/{entry}/",
    "kk 404": "kk/no-such-page/",
}


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["375", "1280"])
@pytest.mark.parametrize("kind", AXE_PAGES)
def test_axe_finds_no_violations_at_phone_and_desktop_widths(
    contexts: Callable[..., BrowserContext], base: str, bundled_build: Path, kind: str, viewport: dict, js: bool
) -> None:
    entry = sorted(p.name for p in (bundled_build / "entries").iterdir())[0]
    page = contexts(viewport=viewport).new_page()
    if not js:  # the site's scripts never run; axe itself still can (it needs timers a disabled page lacks)
        page.route(re.compile(r"/assets/[^/]+\.js$"), lambda route: route.abort())
    page.goto(base + AXE_PAGES[kind].format(entry=entry))
    if kind.startswith("timeline") and viewport is PHONE:
        page.locator("[data-tools] > summary").click()  # the chart and the chips, as a reader opens them
    assert page.locator("button.chip").count() == (page.locator(".chip").count() if js and "timeline" in kind else 0)
    pressed = {"timeline, filtered": 1, "timeline, by era": 2}.get(kind, 0) if js else 0  # chips the address names
    assert page.locator(".chip[aria-pressed=true]").count() == pressed
    result = run_axe(page)
    assert result["violations"] == []
    assert result["passes"] > 20
