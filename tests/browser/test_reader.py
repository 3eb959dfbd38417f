"""The reader's side in real Chromium: filters, year jumps, no-JS reading, axe, print, screenshots."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from tests.conftest import PROJECT, SITE_TOML, entry, make_site, run_axe, run_cli

pytestmark = pytest.mark.browser

SCREENSHOTS = PROJECT / "test-artifacts/screenshots"
PREFIX = "/kz-reform/"
CARDS = "[data-timeline] .card"


@pytest.fixture
def base(static_server: Callable[[Path, str], str], bundled_build: Path) -> str:
    return static_server(bundled_build, PREFIX)


@pytest.fixture(scope="module")
def sample(bundled_build: Path) -> dict[str, str]:
    """An entry and a category of the bundled site, read from the build so content can change."""
    entry_slug = sorted(p.name for p in (bundled_build / "entries").iterdir())[0]
    category = sorted(p.name for p in (bundled_build / "categories").iterdir() if p.is_dir())[0]
    return {"entry": entry_slug, "category": category}


PAGE_TYPES = {
    "timeline": "",
    "entry": "entries/{entry}/",
    "category": "categories/{category}/",
    "categories": "categories/",
    "about": "about/",
    "corrections": "corrections/",
    "404": "no-such-page/",
    "ru timeline": "ru/",
    "ru entry": "ru/entries/{entry}/",
    "kk category": "kk/categories/{category}/",
    "kk about": "kk/about/",
}


def watch(page: Page) -> list[str]:
    """Console errors, page errors and failed requests of a page opened in a custom context.

    A request cut short because the reader left the page (net::ERR_ABORTED, say a favicon) is no failure."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on(
        "requestfailed",
        lambda r: problems.append(f"request failed: {r.url} {r.failure}") if r.failure != "net::ERR_ABORTED" else None,
    )
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    return problems


def visible_cards(page: Page) -> list[list[str]]:
    """The categories of each card a reader can see."""
    return page.eval_on_selector_all(
        CARDS, "cards => cards.filter(c => c.checkVisibility()).map(c => c.dataset.categories.split(' '))"
    )


def all_cards(page: Page) -> list[list[str]]:
    return page.eval_on_selector_all(CARDS, "cards => cards.map(c => c.dataset.categories.split(' '))")


def chip_order(page: Page) -> list[str]:
    return page.eval_on_selector_all("[data-filters] .chip", "chips => chips.map(c => c.dataset.category)")


def pressed(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        "[data-filters] .chip[aria-pressed=true]", "chips => chips.map(c => c.dataset.category)"
    )


def two_categories(page: Page) -> tuple[str, str]:
    """Two categories that each hold some, not all, events, in chip order."""
    cards = all_cards(page)
    partial = [slug for slug in chip_order(page) if 0 < sum(slug in c for c in cards) < len(cards)]
    assert len(partial) >= 2, partial
    return partial[0], partial[1]


def chip(page: Page, slug: str) -> Locator:
    return page.locator(f"[data-filters] .chip[data-category='{slug}']")


def expect_filtered(page: Page, chosen: set[str]) -> None:
    cards = all_cards(page)
    wanted = [c for c in cards if not chosen or chosen & set(c)]
    assert visible_cards(page) == wanted
    assert set(pressed(page)) == chosen
    status = page.locator("[data-status]")
    if chosen:
        expect(status).to_have_text(f"Showing {len(wanted)} of {len(cards)} events.")


def test_chips_filter_the_timeline_in_place_and_put_the_choice_in_the_address(page: Page, base: str) -> None:
    page.goto(base)
    first, second = two_categories(page)
    expect(chip(page, first)).to_have_attribute("aria-pressed", "false")
    assert chip(page, first).evaluate("c => c.tagName") == "BUTTON"

    chip(page, second).click()
    expect(page).to_have_url(f"{base}?category={second}")
    expect_filtered(page, {second})

    chip(page, first).focus()
    page.keyboard.press("Space")
    expect(page).to_have_url(f"{base}?category={first},{second}")
    expect_filtered(page, {first, second})

    chip(page, second).click()
    expect(page).to_have_url(f"{base}?category={first}")
    expect_filtered(page, {first})

    page.get_by_role("button", name="Show all").click()
    expect(page).to_have_url(base)
    expect_filtered(page, set())
    expect(page.locator("[data-status]")).to_have_text("Showing all events.")
    expect(page.get_by_role("button", name="Show all")).to_be_hidden()
    assert page.evaluate("document.activeElement.dataset.category") == chip_order(page)[0]
    assert page.problems == []  # type: ignore[attr-defined]


def test_loading_a_filtered_address_restores_the_filter_and_hides_empty_years(page: Page, base: str) -> None:
    page.goto(base)
    first, second = two_categories(page)
    page.goto(f"{base}?category={second},{first},not-a-category")
    expect_filtered(page, {first, second})
    expect(page.get_by_role("button", name="Show all")).to_be_visible()
    shown_years = page.eval_on_selector_all(
        ".year", "years => years.filter(y => y.checkVisibility()).map(y => y.id.slice(1))"
    )
    linked_years = page.eval_on_selector_all(
        "[data-chart] a[href]", "links => links.map(a => a.closest('[data-year]').dataset.year)"
    )
    assert shown_years == linked_years
    assert len(shown_years) < page.locator(".year").count()


def test_back_and_forward_step_through_filter_choices(page: Page, base: str) -> None:
    page.goto(base)
    first, second = two_categories(page)
    chip(page, first).click()
    chip(page, second).click()
    page.go_back()
    expect(page).to_have_url(f"{base}?category={first}")
    expect_filtered(page, {first})
    page.go_back()
    expect(page).to_have_url(base)
    expect_filtered(page, set())
    page.go_forward()
    expect_filtered(page, {first})


def test_a_choice_without_events_says_so(tmp_path: Path, static_server: Callable[[Path, str], str], page: Page) -> None:
    root = make_site(
        tmp_path,
        {"content/entries/2021-a.md": entry("One", "2021"), "content/entries/2022-b.md": entry("Two", "2022")},
        toml=SITE_TOML + '\n[categories.empty]\ntitle = "Nothing yet"\n',
    )
    out = tmp_path / "out"
    assert run_cli("build", "--root", root, "--out", out, "--base-url", "http://127.0.0.1/reform/").returncode == 0
    base = static_server(out, "/reform/")
    page.goto(f"{base}?category=empty")
    expect(page.locator("[data-empty]")).to_be_visible()
    expect(page.locator("[data-status]")).to_have_text("Showing 0 of 2 events.")
    assert visible_cards(page) == []
    page.get_by_role("button", name="Show all").click()
    expect(page.locator("[data-empty]")).to_be_hidden()
    assert len(visible_cards(page)) == 2


def test_a_bar_of_the_chart_scrolls_its_year_into_view(page: Page, base: str) -> None:
    page.goto(base)
    years = page.eval_on_selector_all("[data-chart] a[href]", "links => links.map(a => a.hash.slice(2))")
    year = years[len(years) // 2]
    page.locator(f"[data-chart] [data-year='{year}'] a").click()
    expect(page).to_have_url(f"{base}#y{year}")
    page.wait_for_function(f"() => Math.abs(document.getElementById('y{year}').getBoundingClientRect().top) < 40")
    assert page.evaluate("scrollY") > 0


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_each_page_type_loads_without_console_errors_or_failed_requests(
    page: Page, base: str, sample: dict[str, str], kind: str
) -> None:
    response = page.goto(base + PAGE_TYPES[kind].format(**sample), wait_until="networkidle")
    assert response is not None
    assert response.status == (404 if kind == "404" else 200)
    expected = []
    if kind == "404":  # the page's own status, which Chromium also logs
        expected = [
            f"HTTP 404: {response.url}",
            "console error: Failed to load resource: the server responded with a status of 404 (Not Found)",
        ]
    assert sorted(page.problems) == sorted(expected)  # type: ignore[attr-defined]
    expect(page.locator("h1")).to_be_visible()


AXE_CASES = [
    *((lang, kind, "light") for lang in ("", "kk/") for kind in ("timeline", "entry", "category", "about")),
    *(("", kind, "dark") for kind in ("timeline", "entry", "category")),
]


@pytest.mark.parametrize(("lang", "kind", "scheme"), AXE_CASES)
def test_axe_finds_no_violations(
    contexts: Callable[..., BrowserContext], base: str, sample: dict[str, str], lang: str, kind: str, scheme: str
) -> None:
    page = contexts(color_scheme=scheme).new_page()
    address = base + lang + PAGE_TYPES[kind].format(**sample)
    if kind == "timeline":
        address += f"?category={sample['category']}"  # the chips as pressed and unpressed toggle buttons
    page.goto(address)
    result = run_axe(page)
    assert result["violations"] == []
    assert result["passes"] > 20  # axe really looked at the page (colour contrast, landmarks, names, ...)


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_without_javascript_every_page_type_is_readable(
    contexts: Callable[..., BrowserContext], base: str, sample: dict[str, str], kind: str
) -> None:
    page = contexts(java_script_enabled=False).new_page()
    page.goto(base + PAGE_TYPES[kind].format(**sample))
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("nav a").first).to_be_visible()
    assert len(page.locator("main").inner_text()) > 60


def test_without_javascript_every_chip_is_a_link_to_its_category_page(
    contexts: Callable[..., BrowserContext], base: str
) -> None:
    page = contexts(java_script_enabled=False).new_page()
    problems = watch(page)
    page.goto(base)
    chips = page.locator("[data-filters] a.chip")
    names = chips.all_inner_texts()
    assert len(names) == len(chip_order(page)) > 1
    assert len(visible_cards(page)) == len(all_cards(page))
    for index, name in enumerate(names):
        chips.nth(index).click()
        expect(page).to_have_url(re.compile(re.escape(base) + r"categories/[a-z0-9-]+/$"))
        expect(page.locator("h1")).to_have_text(name)
        page.go_back()
    assert problems == []


def test_skip_link_is_first_visible_on_focus_and_moves_to_the_main_content(page: Page, base: str) -> None:
    page.goto(base)
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0 and box["height"] > 10
    assert skip.evaluate("s => getComputedStyle(s).outlineStyle") != "none"
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_smooth_scrolling_only_for_readers_who_allow_motion(contexts: Callable[..., BrowserContext], base: str) -> None:
    behaviour = {}
    for motion in ("reduce", "no-preference"):
        page = contexts(reduced_motion=motion).new_page()
        page.goto(base)
        behaviour[motion] = page.evaluate("getComputedStyle(document.documentElement).scrollBehavior")
    assert behaviour == {"reduce": "auto", "no-preference": "smooth"}


def test_an_entry_prints_its_sources_with_their_addresses_and_no_navigation(
    page: Page, base: str, sample: dict[str, str]
) -> None:
    page.goto(f"{base}entries/{sample['entry']}/")
    addresses = page.locator(".sources .source-url")
    assert addresses.count() > 0
    expect(addresses.first).to_be_hidden()
    page.emulate_media(media="print")
    for index in range(addresses.count()):
        expect(addresses.nth(index)).to_be_visible()
        href = addresses.nth(index).evaluate("s => s.closest('li').querySelector('cite a').getAttribute('href')")
        assert addresses.nth(index).inner_text() == href
    for chrome in (".site-header", ".site-footer", ".pager", ".skip-link"):
        expect(page.locator(chrome)).to_be_hidden()
    expect(page.locator(".sources h2")).to_be_visible()


@pytest.mark.parametrize("width", [320, 375, 1280])
def test_pages_reflow_without_sideways_scrolling(
    contexts: Callable[..., BrowserContext], base: str, sample: dict[str, str], width: int
) -> None:
    page = contexts(viewport={"width": width, "height": 800}).new_page()
    wide = {}
    for kind in ("timeline", "entry", "category", "categories", "about", "ru timeline", "kk category"):
        page.goto(base + PAGE_TYPES[kind].format(**sample))
        wide[kind] = page.evaluate("document.documentElement.scrollWidth")
    assert wide == dict.fromkeys(wide, width)


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("kind", ["timeline", "entry"])
def test_screenshots(
    contexts: Callable[..., BrowserContext], base: str, sample: dict[str, str], kind: str, width: int
) -> None:
    """First screen and full page at phone and desktop widths, for people to look at."""
    page = contexts(
        viewport={"width": width, "height": 812 if width < 600 else 800}, reduced_motion="reduce"
    ).new_page()
    problems = watch(page)
    page.goto(base + PAGE_TYPES[kind].format(**sample))
    page.evaluate("document.fonts.ready")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    first = SCREENSHOTS / f"{kind}-{width}.png"
    full = SCREENSHOTS / f"{kind}-{width}-full.png"
    page.screenshot(path=first)
    page.screenshot(path=full, full_page=True)
    assert first.stat().st_size > 5_000 and full.stat().st_size > first.stat().st_size
    assert problems == []


def chosen_view(page: Page) -> tuple[list[str], list[list[str]]]:
    """The pressed chips and the categories of the cards shown, once the filter has been applied."""
    page.wait_for_function("() => document.querySelector('[data-filters] button.chip')")
    return pressed(page), visible_cards(page)


def test_a_filtered_view_survives_an_entry_and_the_way_back_and_a_change_of_language(page: Page, base: str) -> None:
    page.goto(base)
    first, _ = two_categories(page)
    chip(page, first).click()
    view = chosen_view(page)
    card = page.locator(f"{CARDS}:not([hidden])").nth(1)
    slug = card.get_attribute("id")
    card.locator(".card-title a").click()
    expect(page).to_have_url(f"{base}entries/{slug}/?category={first}")
    page.get_by_role("link", name="Back to the timeline").click()
    expect(page).to_have_url(f"{base}?category={first}#{slug}")
    assert chosen_view(page) == view
    expect(page.locator(f"#{slug}")).to_be_in_viewport()

    page.locator(".language-switcher a[hreflang=ru]").click()  # the timeline in another language
    expect(page).to_have_url(f"{base}ru/?category={first}")
    assert chosen_view(page) == view

    page.locator(f"#{slug} .card-title a").click()  # an entry, then its other language, then back
    expect(page).to_have_url(f"{base}ru/entries/{slug}/?category={first}")
    page.locator(".language-switcher a[hreflang=kk]").click()
    expect(page).to_have_url(f"{base}kk/entries/{slug}/?category={first}")
    page.locator(".pager-back a").click()
    expect(page).to_have_url(f"{base}kk/?category={first}#{slug}")
    assert chosen_view(page) == view

    page.locator(".clear-filters").click()  # no filter: the links lead to the plain pages again
    assert page.locator(f"#{slug} .card-title a").get_attribute("href") == f"{PREFIX}kk/entries/{slug}/"
    assert page.locator(".language-switcher a[hreflang=en]").get_attribute("href") == PREFIX
    assert page.problems == []  # type: ignore[attr-defined]


def bars(page: Page) -> dict[int, tuple[int, str | None, float]]:
    """Each bar of the chart: its count, where it links and its drawn length (0-100)."""
    return {
        int(year): (count, href, length)
        for year, count, href, length in page.eval_on_selector_all(
            "[data-chart] [data-year]",
            """bars => bars.map(b => [
                b.dataset.year,
                Number(b.querySelector('[data-count]').textContent),
                b.querySelector('.chart-bar').getAttribute('href'),
                Array.from(b.querySelectorAll('rect')).reduce((sum, r) => sum + Number(r.getAttribute('width')), 0),
            ])""",
        )
    }


def cards_per_year(page: Page) -> dict[int, int]:
    return {
        int(year): count
        for year, count in page.eval_on_selector_all(
            "[data-timeline] .year",
            "years => years.map(y => [y.id.slice(1), y.querySelectorAll('.card:not([hidden])').length])",
        )
    }


def test_the_chart_has_a_bar_for_every_year_and_recounts_them_for_the_chosen_categories(
    tmp_path: Path, static_server: Callable[[Path, str], str], page: Page
) -> None:
    files = {
        "content/entries/2019-a.md": entry("A", "2019"),
        "content/entries/2019-b.md": entry("B", "2019", categories="[rights]"),
        "content/entries/2021-c.md": entry("C", "2021", categories="[courts, rights]"),
        "content/entries/2022-d.md": entry("D", "2022"),
    }
    root = make_site(tmp_path, files)
    out = tmp_path / "out"
    assert run_cli("build", "--root", root, "--out", out, "--base-url", "http://127.0.0.1/reform/").returncode == 0
    base = static_server(out, "/reform/")
    page.goto(base)
    assert bars(page) == {
        2019: (2, "#y2019", 100),
        2020: (0, None, 0),
        2021: (1, "#y2021", 50),
        2022: (1, "#y2022", 50),
    }

    chip(page, "rights").click()  # the bars keep the whole chart's scale: 2 events a year fill one
    assert bars(page) == {2019: (1, "#y2019", 50), 2020: (0, None, 0), 2021: (1, "#y2021", 50), 2022: (0, None, 0)}
    shown = cards_per_year(page)
    assert {year: count for year, (count, _, _) in bars(page).items()} == {
        y: shown.get(y, 0) for y in range(2019, 2023)
    }
    colours = page.eval_on_selector_all("[data-year='2021'] rect", "rects => rects.map(r => r.getAttribute('class'))")
    assert colours == ["cat-courts"]  # an event counts under its first category, as its card is coloured

    page.locator("[data-chart] [data-year='2021'] a").click()
    expect(page).to_have_url(f"{base}?category=rights#y2021")
    page.go_back()
    page.go_back()
    expect(page).to_have_url(base)
    assert bars(page)[2019] == (2, "#y2019", 100)
    assert page.problems == []  # type: ignore[attr-defined]
