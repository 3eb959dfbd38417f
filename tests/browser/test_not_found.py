"""A missing address gets 404.html, as GitHub Pages serves it, in the language of the address it asked for."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

pytestmark = pytest.mark.browser

PREFIX = "/kz-reform/"
GREETING = {"en": "Page not found", "ru": "Страница не найдена", "kk": "Бет табылмады"}
TIMELINE = {"en": "Go to the timeline", "ru": "Перейти к хронологии", "kk": "Хронологияға өту"}
SEARCH = {"en": "Search", "ru": "Поиск", "kk": "Іздеу"}
PREFIXES = {"en": "", "ru": "ru/", "kk": "kk/"}


@pytest.fixture
def base(static_server: Callable[[Path, str], str], bundled_build: Path) -> str:
    return static_server(bundled_build, PREFIX)


def own_404(page: Page) -> list[str]:
    """What a missing page costs: its own 404, which Chromium also logs."""
    return [
        f"HTTP 404: {page.url}",
        "console error: Failed to load resource: the server responded with a status of 404 (Not Found)",
    ]


@pytest.mark.parametrize(
    ("path", "lang"),
    [("ru/no-such-page/", "ru"), ("kk/entries/gone/", "kk"), ("russian/x", "en"), ("no/such/page", "en")],
)
def test_a_missing_address_is_answered_in_its_language(page: Page, base: str, path: str, lang: str) -> None:
    response = page.goto(base + path)
    assert response is not None and response.status == 404
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.lang") == lang
    expect(page.locator("h1")).to_have_text(GREETING[lang])
    assert page.title().startswith(GREETING[lang] + " · ")
    kept = page.eval_on_selector_all("[data-lang]", "parts => parts.map(p => [p.dataset.lang, p.lang])")
    assert len(kept) == 5 and set(map(tuple, kept)) == {(lang, lang)}  # skip link, title, heading, text, footer
    for other in GREETING.keys() - {lang}:
        expect(page.locator("body")).not_to_contain_text(GREETING[other])
    expect(page.locator(f".language-switcher a[lang={lang}]")).to_have_attribute("aria-current", "true")
    main = page.locator("main")
    expect(main.get_by_role("link", name=TIMELINE[lang], exact=True)).to_have_attribute("href", PREFIX + PREFIXES[lang])
    expect(main.get_by_role("link", name=SEARCH[lang], exact=True)).to_have_attribute(
        "href", f"{PREFIX}{PREFIXES[lang]}search/"
    )
    assert sorted(page.problems) == sorted(own_404(page))  # type: ignore[attr-defined]

    main.get_by_role("link", name=TIMELINE[lang], exact=True).click()
    expect(page).to_have_url(base + PREFIXES[lang])
    assert page.evaluate("document.documentElement.lang") == lang


def test_without_javascript_every_language_is_shown_each_marked_with_its_own(
    contexts: Callable[..., BrowserContext], base: str
) -> None:
    page = contexts(java_script_enabled=False).new_page()
    response = page.goto(base + "ru/no-such-page/")
    assert response is not None and response.status == 404
    for lang, greeting in GREETING.items():
        heading = page.locator(f"h1 [lang={lang}]")
        expect(heading).to_be_visible()
        expect(heading).to_have_text(greeting)
        block = page.locator(f"main div[lang={lang}]")
        expect(block.get_by_role("link", name=TIMELINE[lang], exact=True)).to_have_attribute(
            "href", PREFIX + PREFIXES[lang]
        )
        expect(block.get_by_role("link", name=SEARCH[lang], exact=True)).to_be_visible()
    expect(page.locator("h1 [lang]")).to_have_count(len(GREETING))
