"""Search in real Chromium on the bundled site: three languages, keyboard, filters, weight, axe, no JavaScript."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.conftest import copy_project_site, run_axe, run_cli

pytestmark = pytest.mark.browser

PREFIX = "/kz-reform/"
ENTRY = "first-ombudsman-law"  # the 2021 law on the Commissioner for Human Rights, in all three languages
COUNT = {"": "Results found: ", "ru/": "Найдено результатов: ", "kk/": "Табылған нәтижелер: "}
FILTERED = "Results found in the chosen categories: "
NOTHING = {
    "": "No results for “{q}”.",
    "ru/": "По запросу «{q}» ничего не найдено.",
    "kk/": "«{q}» сұрауы бойынша ештеңе табылмады.",
}
RESULT = ".search-result"


@pytest.fixture
def base(static_server: Callable[[Path, str], str], bundled_build: Path) -> str:
    assert (bundled_build / "entries" / ENTRY).is_dir(), f"the bundled site has no entry {ENTRY}"
    return static_server(bundled_build, PREFIX)


def search_page(page: Page, base: str, prefix: str, query: str) -> None:
    page.goto(f"{base}{prefix}search/")
    page.locator("#search-q").click()
    page.keyboard.type(query)


@pytest.mark.parametrize(
    ("prefix", "word"),
    [("", "ombudsman"), ("ru/", "омбудсмен"), ("kk/", "уәкіл")],
    ids=["English", "Russian", "Kazakh with ә and і"],
)
def test_a_word_finds_the_entry_with_its_date_in_the_readers_language(
    page: Page, base: str, prefix: str, word: str
) -> None:
    search_page(page, base, prefix, word)
    expect(page.locator("[data-search-status]")).to_have_text(re.compile(rf"^{COUNT[prefix]}\d+$"))
    result = page.locator(RESULT).filter(has=page.locator(f'a[href="{PREFIX}{prefix}entries/{ENTRY}/"]'))
    expect(result).to_have_count(1)
    link = result.locator("a")
    date, title = result.locator(".search-result-date").inner_text(), link.inner_text()
    labels = result.locator(".label").all_inner_texts()
    marked = result.locator(".search-result-excerpt mark").all_inner_texts()
    assert marked and all(m.casefold().startswith(word[:5].casefold()) for m in marked), marked

    link.click()
    page.wait_for_url(f"{base}{prefix}entries/{ENTRY}/")
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator(".entry-date time").first).to_have_text(date)
    assert page.locator(".entry-header .label").all_inner_texts() == labels
    assert page.problems == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("prefix", ["", "ru/", "kk/"])
def test_a_word_found_nowhere_says_so_in_the_readers_language(page: Page, base: str, prefix: str) -> None:
    search_page(page, base, prefix, "zzqxjvkw")
    expect(page.locator("[data-search-status]")).to_have_text(NOTHING[prefix].format(q="zzqxjvkw"))
    expect(page.locator(RESULT)).to_have_count(0)


def test_keyboard_only_from_the_header_box_to_an_entry(page: Page, base: str) -> None:
    page.goto(base)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "site-search-q":
            break
    else:
        pytest.fail("Tab never reached the header's search box")
    page.keyboard.type("ombudsman")
    expect(page.locator(f".site-search {RESULT}").first).to_be_visible()
    expect(page.locator(".site-search [role=status]")).to_have_text(re.compile(rf"^{COUNT['']}\d+$"))

    page.keyboard.press("Tab")
    first = page.locator(f".site-search {RESULT} a").first
    expect(first).to_be_focused()
    page.keyboard.press("ArrowDown")
    second = page.locator(f".site-search {RESULT} a").nth(1)
    expect(second).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(first).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#site-search-q")).to_be_focused()
    expect(page.locator(f".site-search {RESULT}")).to_have_count(0)

    page.keyboard.press("ArrowDown")  # closed: the arrow searches again and goes to the first result
    expect(first).to_be_focused()
    href, title = first.get_attribute("href"), first.inner_text()
    page.keyboard.press("Enter")
    page.wait_for_url(f"http://{urlsplit(base).netloc}{href}")
    expect(page.locator("h1")).to_have_text(title)
    assert page.problems == []  # type: ignore[attr-defined]


def test_enter_in_the_header_box_opens_the_search_page_with_the_words(page: Page, base: str) -> None:
    page.goto(base + "kk/")
    page.locator("#site-search-q").fill("уәкіл")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/kz-reform/kk/search/\?q="))
    expect(page.locator("#search-q")).to_have_value("уәкіл")
    expect(page.locator(f'{RESULT} a[href$="/entries/{ENTRY}/"]')).to_have_count(1)


def test_categories_narrow_the_results_on_the_search_page_and_from_the_timeline(page: Page, base: str) -> None:
    search_page(page, base, "", "court")
    status = page.locator("[data-search-status]")
    expect(status).to_have_text(re.compile(rf"^{COUNT['']}\d+$"))
    everything = int(status.inner_text().rsplit(" ", 1)[1])
    chip = page.locator(".search-categories .chip").first
    name, slug = chip.inner_text(), chip.get_attribute("data-category")
    chip.click()
    expect(chip).to_have_attribute("aria-pressed", "true")
    expect(status).to_have_text(re.compile(rf"^{FILTERED}\d+$"))
    narrowed = int(status.inner_text().rsplit(" ", 1)[1])
    assert 0 < narrowed < everything
    assert f"category={slug}" in page.url  # the choice can be shared and reloaded
    page.reload()
    expect(page.locator(f'.search-categories .chip[data-category="{slug}"]')).to_have_attribute("aria-pressed", "true")
    expect(status).to_have_text(f"{FILTERED}{narrowed}")
    for result in page.locator(RESULT).all():
        assert name in result.locator(".label").all_inner_texts()

    page.goto(f"{base}?category={slug}")  # the timeline with the same chip pressed
    page.locator("#site-search-q").fill("court")
    expect(page.locator(".site-search [role=status]")).to_have_text(f"{FILTERED}{narrowed}")
    for result in page.locator(f".site-search {RESULT}").all():
        assert name in result.locator(".label").all_inner_texts()
    assert f"category={slug}" in (page.locator(".search-all").get_attribute("href") or "")


def test_search_code_and_index_load_only_when_the_box_is_focused(page: Page, base: str, bundled_build: Path) -> None:
    asked: list[str] = []
    page.on("request", lambda r: asked.append(urlsplit(r.url).path))
    page.goto(base)
    page.wait_for_load_state("networkidle")
    loader = [p for p in asked if re.search(r"/assets/search\.[0-9a-f]+\.js$", p)]
    assert len(loader) == 1
    assert (bundled_build / loader[0].removeprefix(PREFIX)).stat().st_size < 1024  # a few hundred bytes
    lazy = [
        p for p in asked if "/pagefind/" in p or re.search(r"/assets/search(-ui\.[0-9a-f]+\.js|\.[0-9a-f]+\.css)$", p)
    ]
    assert lazy == []

    before = len(asked)
    with page.expect_response(re.compile(r"/pagefind/pagefind\.[a-z]+_[0-9a-f]+\.pf_meta")):
        page.locator("#site-search-q").focus()
    page.keyboard.type("ombudsman")
    expect(page.locator(f".site-search {RESULT}").first).to_be_visible()
    page.wait_for_load_state("networkidle")
    fetched = sorted(set(asked[before:]))
    assert any("/pagefind/index/" in p for p in fetched) and any("/pagefind/fragment/" in p for p in fetched)
    first_search = sum((bundled_build / p.removeprefix(PREFIX)).stat().st_size for p in fetched)
    assert first_search < 400_000, fetched


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("where", ["search page", "header panel"])
def test_axe_finds_no_violations_with_results_showing(
    contexts: Callable[..., BrowserContext], base: str, where: str, scheme: str
) -> None:
    page = contexts(color_scheme=scheme).new_page()
    if where == "search page":
        page.goto(f"{base}ru/search/?q=суд&category=e-justice")
        expect(page.locator(RESULT).first).to_be_visible()
    else:
        page.goto(base + "kk/")
        page.locator("#site-search-q").fill("сот")
        expect(page.locator(f".site-search {RESULT}").first).to_be_visible()
    result = run_axe(page)
    assert result["violations"] == []
    assert result["passes"] > 20


def test_without_javascript_the_header_links_to_a_search_page_that_points_elsewhere(
    contexts: Callable[..., BrowserContext], base: str
) -> None:
    page = contexts(java_script_enabled=False).new_page()
    failures: list[str] = []
    page.on("response", lambda r: failures.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(base + "ru/")
    expect(page.locator("#site-search-q")).to_be_hidden()
    link = page.locator(".site-search-link")
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url(f"{base}ru/search/")
    expect(page.locator("h1")).to_have_text("Поиск")
    expect(page.locator("[data-search-fallback]")).to_contain_text("JavaScript")
    expect(page.locator("#search-q")).to_be_hidden()
    targets = [a.get_attribute("href") or "" for a in page.locator("[data-search-fallback] a").all()]
    assert f"{PREFIX}ru/categories/" in targets and len(targets) > 5  # the categories and every year
    for href in targets:
        page.goto(f"http://{urlsplit(base).netloc}{href}")
        fragment = urlsplit(href).fragment
        if fragment:
            expect(page.locator(f"#{fragment}")).to_have_count(1)
    assert failures == []


@pytest.fixture(scope="module")
def parted_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled site again, with its search index cut into parts of eight pages per language."""
    site = copy_project_site(tmp_path_factory.mktemp("parted") / "site")
    with (site / "site.toml").open("a", encoding="utf-8") as toml:
        toml.write("\n[search]\npart_size = 8\n")
    out = site / "output"
    result = run_cli("build", "--root", site, "--out", out, "--base-url", "http://127.0.0.1/kz-reform/")
    assert result.returncode == 0, result.stderr
    return out


def every_result(page: Page, address: str) -> tuple[str, list[str]]:
    """The search page's status and every result's link, pressing "Show more" until all are shown."""
    page.goto(address)
    status = page.locator("[data-search-status]")
    expect(status).to_have_text(re.compile(r"\d+$"))
    total = int(status.inner_text().rsplit(" ", 1)[1])
    more = page.locator(".search-more")
    while (shown := page.locator(RESULT).count()) < total:
        more.click()
        expect(page.locator(RESULT)).to_have_count(min(shown + 10, total))
    return status.inner_text(), page.locator(f"{RESULT} a").evaluate_all("links => links.map(a => a.href)")


@pytest.mark.parametrize(
    ("address", "in_order"),
    [
        ("search/?category=courts-and-judges", True),  # no words: by date, across parts
        ("search/?q=court", False),  # by relevance: each part ranks its own pages
        ("ru/search/?q=суд", False),
        ("kk/search/?category=e-justice,constitutional-review", True),
    ],
)
def test_an_index_in_parts_finds_what_one_index_finds(
    page: Page,
    static_server: Callable[[Path, str], str],
    bundled_build: Path,
    parted_build: Path,
    address: str,
    in_order: bool,
) -> None:
    parts = sorted(p.relative_to(parted_build).as_posix() for p in (parted_build / "pagefind/parts").glob("*/*"))
    assert len(parts) >= 12, parts  # about forty pages in each of three languages
    whole_status, whole = every_result(page, static_server(bundled_build, PREFIX) + address)
    asked: list[str] = []
    page.on("request", lambda r: asked.append(urlsplit(r.url).path))
    parted_base = static_server(parted_build, PREFIX)
    parted_status, parted = every_result(page, parted_base + address)
    assert parted_status == whole_status and len(whole) > 8
    strip = lambda links: [link.split(PREFIX, 1)[1] for link in links]  # noqa: E731
    assert (strip(parted) if in_order else sorted(strip(parted))) == (
        strip(whole) if in_order else sorted(strip(whole))
    )
    assert any("/pagefind/parts/" in path for path in asked)
    assert page.problems == []  # type: ignore[attr-defined]
